package io.tilegate.benchmark;

/**
 * How long a benchmark runs. The full mode ({@code -Dbench.mode=full}, the default) gives the
 * figures a closing note quotes; the short one ({@code -Dbench.mode=short}) runs a benchmark
 * in about a minute, enough to see a change's direction on an everyday build. An explicit size
 * such as {@code -Dbench.users=} wins over either.
 */
final class BenchmarkMode {

	private static final boolean SHORT = "short".equals(System.getProperty("bench.mode", "full"));

	private BenchmarkMode() {
	}

	static boolean isShort() {
		return SHORT;
	}

	/** The size a benchmark runs at: the named property if set, else the mode's size. */
	static int size(String property, int full, int shortSize) {
		return Integer.getInteger(property, SHORT ? shortSize : full);
	}

	static String describe() {
		return SHORT ? "short mode (-Dbench.mode=short)" : "full mode";
	}

}
