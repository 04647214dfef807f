package io.tilegate.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * How many operations took how long in all, each one's latency, and the CPU time the whole JVM
 * (server and in-process clients alike) spent on them: on a shared, noisy machine the CPU per
 * operation moves far less than the rate does.
 *
 * @param cpuNanos the process's CPU time over the operations, or -1 when not measured
 * @param clientCpuNanos the part of it the in-process clients' own threads used, or -1 when
 * not measured: the rest is the server's (its request threads, the JIT compiler, the
 * collector)
 * @param compilerCpuNanos the part of it the JIT compiler threads used, or -1 when not measured:
 * a fresh JVM compiles the code each phase reaches for minutes, and the phases pay for it in the
 * order they run, where a node that has run for an hour pays nothing
 */
record Measurement(int count, long elapsedNanos, long[] latencies, long cpuNanos, long clientCpuNanos,
		long compilerCpuNanos) {

	/** Linux reports thread times in clock ticks of 1/100 s ({@code USER_HZ}). */
	private static final long NANOS_PER_TICK = 10_000_000L;

	Measurement(int count, long elapsedNanos, long[] latencies, long cpuNanos, long clientCpuNanos) {
		this(count, elapsedNanos, latencies, cpuNanos, clientCpuNanos, -1);
	}

	Measurement(int count, long elapsedNanos, long[] latencies) {
		this(count, elapsedNanos, latencies, -1);
	}

	Measurement(int count, long elapsedNanos, long[] latencies, long cpuNanos) {
		this(count, elapsedNanos, latencies, cpuNanos, -1);
	}

	/** One operation of a measured run, given its index. */
	@FunctionalInterface
	interface Operation {

		void run(int index) throws Exception;

	}

	/**
	 * Runs operations 0 to count - 1 on as many threads, each taking the next index until none
	 * is left, with each one's latency and the process's CPU time over them all.
	 */
	static Measurement inParallel(int count, int threads, Operation operation) throws Exception {
		AtomicInteger next = new AtomicInteger();
		long[] latencies = new long[count];
		ExecutorService workers = Executors.newFixedThreadPool(threads);
		try {
			long cpuStart = processCpuNanos();
			long start = System.nanoTime();
			List<Future<?>> running = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				running.add(workers.submit(() -> {
					for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
						long began = System.nanoTime();
						operation.run(i);
						latencies[i] = System.nanoTime() - began;
					}
					return null;
				}));
			}
			for (Future<?> future : running) {
				future.get();
			}
			return new Measurement(count, System.nanoTime() - start, latencies, processCpuNanos() - cpuStart);
		}
		finally {
			workers.shutdown();
		}
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

	/**
	 * The server's CPU time per operation without the JIT compilers' either: what its request
	 * threads, the collector and the rest spent, or -1 when not measured.
	 */
	double serverCpuMillisPerOperationCompiledAside() {
		return (this.compilerCpuNanos < 0 || serverCpuMillisPerOperation() < 0) ? -1
				: serverCpuMillisPerOperation() - this.compilerCpuNanos / 1e6 / this.count;
	}

	/**
	 * The CPU time this JVM's JIT compiler threads have used so far, in nanoseconds, from
	 * {@code /proc} (HotSpot names them "C1 CompilerThread…" and "C2 CompilerThread…"), or -1
	 * where there is no {@code /proc}. A compiler thread that has ended takes its time with it:
	 * HotSpot stops the extra ones when the queue is short, so the figure can fall short, never
	 * over.
	 */
	static long compilerThreadsCpuNanos() {
		Path tasks = Path.of("/proc/self/task");
		if (!Files.isDirectory(tasks)) {
			return -1;
		}
		long ticks = 0;
		try (Stream<Path> threads = Files.list(tasks)) {
			for (Path thread : (Iterable<Path>) threads::iterator) {
				String stat;
				try {
					stat = Files.readString(thread.resolve("stat"));
				}
				catch (IOException ex) {
					continue; // the thread ended while the folder was listed
				}
				int nameEnd = stat.lastIndexOf(')');
				if (!stat.substring(stat.indexOf('(') + 1, nameEnd).contains("CompilerThre")) {
					continue;
				}
				// After the name: state, then utime and stime as the 12th and 13th fields.
				String[] fields = stat.substring(nameEnd + 2).split(" ");
				ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return ticks * NANOS_PER_TICK;
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
			cpu += String.format(" (%.2f ms without the clients' threads", serverCpuMillisPerOperation());
			cpu += (this.compilerCpuNanos < 0) ? ")"
					: String.format(", of which the JIT compilers %.2f ms)", this.compilerCpuNanos / 1e6 / this.count);
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
		long compilerCpu = (first.compilerCpuNanos < 0 || second.compilerCpuNanos < 0) ? -1
				: first.compilerCpuNanos + second.compilerCpuNanos;
		return new Measurement(first.count + second.count, first.elapsedNanos + second.elapsedNanos, latencies, cpu,
				clientCpu, compilerCpu);
	}

	static Measurement median(List<Measurement> measurements) {
		return measurements.stream()
			.sorted(Comparator.comparingDouble(Measurement::rate))
			.toList()
			.get(measurements.size() / 2);
	}

}
