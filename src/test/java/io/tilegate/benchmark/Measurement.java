package io.tilegate.benchmark;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** How many operations took how long in all, and each one's latency. */
record Measurement(int count, long elapsedNanos, long[] latencies) {

	double rate() {
		return this.count / (this.elapsedNanos / 1e9);
	}

	double percentileMillis(double fraction) {
		long[] sorted = this.latencies.clone();
		Arrays.sort(sorted);
		return sorted[Math.min(sorted.length - 1, (int) (sorted.length * fraction))] / 1e6;
	}

	String describe(String what, String unit) {
		return String.format("  %s: %d %s in %.1f s = %.0f %s/s, latency p50 %.1f ms, p99 %.1f ms", what, this.count,
				unit, this.elapsedNanos / 1e9, rate(), unit, percentileMillis(0.5), percentileMillis(0.99));
	}

	static Measurement median(List<Measurement> measurements) {
		return measurements.stream()
			.sorted(Comparator.comparingDouble(Measurement::rate))
			.toList()
			.get(measurements.size() / 2);
	}

}
