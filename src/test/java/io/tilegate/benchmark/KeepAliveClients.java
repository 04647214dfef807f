package io.tilegate.benchmark;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A load of prepared requests sent from several {@link KeepAliveConnection}s at once, each
 * connection taking the next request not yet sent, so the server is never idle for want of a
 * client. Every request's latency is kept, and the CPU time this JVM spent over the whole run,
 * and the part of it the clients' own threads used.
 */
final class KeepAliveClients {

	private static final Map<String, String> FORM = Map.of("Content-Type", "application/x-www-form-urlencoded");

	private final URI server;

	private final int clients;

	KeepAliveClients(URI server, int clients) {
		this.server = server;
		this.clients = clients;
	}

	/**
	 * Sends every request once and checks every answer.
	 * @param what the requests, plural, for the message when some fail
	 * @throws IllegalStateException naming the first failure, when any answer fails its check
	 */
	Measurement run(List<Request> requests, String what, Check check) throws Exception {
		long[] latencies = new long[requests.size()];
		AtomicInteger next = new AtomicInteger();
		AtomicInteger failures = new AtomicInteger();
		AtomicReference<String> firstFailure = new AtomicReference<>();
		ExecutorService pool = Executors.newFixedThreadPool(this.clients);
		AtomicLong clientCpu = new AtomicLong();
		long cpuStart = Measurement.processCpuNanos();
		long start = System.nanoTime();
		List<Future<?>> running = new ArrayList<>();
		for (int c = 0; c < this.clients; c++) {
			running.add(pool.submit(() -> {
				long clientStart = Measurement.threadCpuNanos();
				try (KeepAliveConnection connection = new KeepAliveConnection(this.server)) {
					for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
						Request request = requests.get(i);
						long sent = System.nanoTime();
						KeepAliveConnection.Answer answer = connection.send(request.method(), request.path(),
								request.headers(), request.body());
						latencies[i] = System.nanoTime() - sent;
						String problem = check.problem(i, answer);
						if (problem != null) {
							failures.incrementAndGet();
							firstFailure.compareAndSet(null, request.method() + " " + request.path() + ": " + problem);
						}
					}
				}
				finally {
					clientCpu.addAndGet(Measurement.threadCpuNanos() - clientStart);
				}
				return null;
			}));
		}
		for (Future<?> future : running) {
			future.get();
		}
		long elapsed = System.nanoTime() - start;
		long cpu = Measurement.processCpuNanos() - cpuStart;
		pool.shutdown();
		if (failures.get() > 0) {
			throw new IllegalStateException(failures.get() + " of " + requests.size() + " " + what
					+ " did not succeed; the first: " + firstFailure.get());
		}
		return new Measurement(requests.size(), elapsed, latencies, cpu, clientCpu.get());
	}

	/** One request, its path already encoded. */
	record Request(String method, String path, Map<String, String> headers, byte[] body) {

		static Request get(String path, Map<String, String> headers) {
			return new Request("GET", path, headers, null);
		}

		static Request form(String path, String urlEncodedForm) {
			return new Request("POST", path, FORM, urlEncodedForm.getBytes(StandardCharsets.US_ASCII));
		}

	}

	/** What was wrong with the answer to request {@code index}, or {@code null} when nothing was. */
	@FunctionalInterface
	interface Check {

		String problem(int index, KeepAliveConnection.Answer answer);

	}

}
