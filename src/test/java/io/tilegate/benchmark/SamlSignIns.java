package io.tilegate.benchmark;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Signed SAML responses posted to the ACS over HTTP, as browsers of many people at once post them. */
final class SamlSignIns {

	private static final Map<String, String> FORM = Map.of("Content-Type", "application/x-www-form-urlencoded");

	private SamlSignIns() {
	}

	/**
	 * Posts every response from {@code clients} keep-alive connections; each must be a
	 * successful sign-in (a redirect home).
	 * @return the sign-ins' latencies and the process's CPU time over them
	 */
	static Measurement post(URI acs, List<String> responses, int clients) throws Exception {
		List<byte[]> bodies = responses.stream()
			.map((response) -> ("SAMLResponse=" + URLEncoder.encode(response, StandardCharsets.UTF_8))
				.getBytes(StandardCharsets.US_ASCII))
			.toList();
		long[] latencies = new long[responses.size()];
		AtomicInteger next = new AtomicInteger();
		AtomicInteger failures = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(clients);
		long cpuStart = Measurement.processCpuNanos();
		long start = System.nanoTime();
		List<Future<?>> running = new ArrayList<>();
		for (int c = 0; c < clients; c++) {
			running.add(threads.submit(() -> {
				try (KeepAliveConnection connection = new KeepAliveConnection(acs)) {
					for (int i = next.getAndIncrement(); i < responses.size(); i = next.getAndIncrement()) {
						long sent = System.nanoTime();
						String head = connection.send("POST", acs.getRawPath(), FORM, bodies.get(i)).head();
						latencies[i] = System.nanoTime() - sent;
						if (!head.startsWith("HTTP/1.1 302") || !head.contains("\r\nLocation: /\r\n")) {
							failures.incrementAndGet();
						}
					}
				}
				return null;
			}));
		}
		for (Future<?> future : running) {
			future.get();
		}
		long elapsed = System.nanoTime() - start;
		long cpu = Measurement.processCpuNanos() - cpuStart;
		threads.shutdown();
		if (failures.get() > 0) {
			throw new IllegalStateException(failures.get() + " of " + responses.size() + " sign-ins did not succeed");
		}
		return new Measurement(responses.size(), elapsed, latencies, cpu);
	}

}
