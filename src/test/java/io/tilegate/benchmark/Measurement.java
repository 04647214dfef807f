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
 * @param clientCpuNanos the part of it the in-process clients' own threads used, or -1 when
 * not measured: the rest is the server's (its request threads, the JIT compiler, the
 * collector)
 */
record Measurement(int count, long elapsedNanos, long[] latencies, long cpuNanos, long clientCpuNanos) {

	Measurement(int count, long elapsedNanos, long[] latencies) {
		this(count, elapsedNanos, latencies, -1);
	}

	Measurement(int count, long elapsedNanos, long[] latencies, long cpuNanos) {
		this(count, elapsedNanos, latencies, cpuNanos, -1);
	}

	/** The CPU time the calling thread has used so far, in nanoseconds. */
	static long threadCpuNanos() {
		return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
	}

	/** The process's CPU time per operation without the clients' threads, or -1 when not measured. */
	double serverCpuMillisPerOperation() {
		return (this.cpuNanos < 0 || this.clientCpuNanos < 0) ? -1
				: (this.cpuNanos - this.clientCpuNanos) / 1e6 / this.count;
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
		if (this.clientCpuNanos >= 0) {
			cpu += String.format(" (%.2f ms without the clients' threads)", serverCpuMillisPerOperation());
		}
		return String.format("  %s: %d %s in %.1f s = %.0f %s/s, latency p50 %.1f ms, p99 %.1f ms%s", what,
				this.count, unit, this.elapsedNanos / 1e9, rate(), unit, percentileMillis(0.5), percentileMillis(0.99),
				cpu);
	}

	/** Two measurements of the same operations, taken one after the other, as one. */
	static Measurement combined(Measurement first, Measurement second) {
		long[] latencies = Arrays.copyOf(first.latencies, first.latencies.length + second.latencies.length);
		System.arraycopy(second.latencies, 0, latencies, first.latencies.length, second.latencies.length);
		long cpu = (first.cpuNanos < 0 || second.cpuNanos < 0) ? -1 : first.cpuNanos + second.cpuNanos;
		long clientCpu = (first.clientCpuNanos < 0 || second.clientCpuNanos < 0) ? -1
				: first.clientCpuNanos + second.clientCpuNanos;
		return new Measurement(first.count + second.count, first.elapsedNanos + second.elapsedNanos, latencies, cpu,
				clientCpu);
	}

	static Measurement median(List<Measurement> measurements) {
		return measurements.stream()
			.sorted(Comparator.comparingDouble(Measurement::rate))
			.toList()
			.get(measurements.size() / 2);
	}

}
