package io.tilegate.benchmark;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * How many operations took how long in all, each one's latency, and the CPU time the whole JVM
 * (server and in-process clients alike) spent on them: on a shared, noisy machine the CPU per
 * operation moves far less than the rate does.
 *
 * @param cpuNanos the process's CPU time over the operations, or -1 when not measured
 */
record Measurement(int count, long elapsedNanos, long[] latencies, long cpuNanos) {

	Measurement(int count, long elapsedNanos, long[] latencies) {
		this(count, elapsedNanos, latencies, -1);
	}

	/** The CPU time this JVM has used so far, in nanoseconds. */
	static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	double cpuMillisPerOperation() {
		return this.cpuNanos / 1e6 / this.count;
	}

	double rate() {
		return this.count / (this.elapsedNanos / 1e9);
	}

	double percentileMillis(double fraction) {
		long[] sorted = this.latencies.clone();
		Arrays.sort(sorted);
		return sorted[Math.min(sorted.length - 1, (int) (sorted.length * fraction))] / 1e6;
	}

	String describe(String what, String unit) {
		String cpu = (this.cpuNanos < 0) ? "" : String.format(", CPU %.2f ms each", cpuMillisPerOperation());
		return String.format("  %s: %d %s in %.1f s = %.0f %s/s, latency p50 %.1f ms, p99 %.1f ms%s", what,
				this.count, unit, this.elapsedNanos / 1e9, rate(), unit, percentileMillis(0.5), percentileMillis(0.99),
				cpu);
	}

	/** Two measurements of the same operations, taken one after the other, as one. */
	static Measurement combined(Measurement first, Measurement second) {
		long[] latencies = Arrays.copyOf(first.latencies, first.latencies.length + second.latencies.length);
		System.arraycopy(second.latencies, 0, latencies, first.latencies.length, second.latencies.length);
		long cpu = (first.cpuNanos < 0 || second.cpuNanos < 0) ? -1 : first.cpuNanos + second.cpuNanos;
		return new Measurement(first.count + second.count, first.elapsedNanos + second.elapsedNanos, latencies, cpu);
	}

	static Measurement median(List<Measurement> measurements) {
		return measurements.stream()
			.sorted(Comparator.comparingDouble(Measurement::rate))
			.toList()
			.get(measurements.size() / 2);
	}

}
