package io.tilegate.benchmark;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.tilegate.TilegateApplication;
import net.shibboleth.utilities.java.support.xml.ParserPool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.support.SignatureValidator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Logins per second through the real ACS over HTTP, against the cost of what no SP can skip:
 * OpenSAML parsing plus signature verification of the same responses, in a tight loop in the
 * same JVM, by rate and by CPU time per login (the rates of a shared machine drift; the CPU time
 * per operation far less). Run with {@code ./mvnw -Pbenchmark test}; the figures are printed and written to
 * {@code target/benchmark/acs-login.txt}. Nothing is asserted: wall-clock numbers depend on the
 * machine.
 */
@Tag("benchmark")
class AcsLoginBenchmark {

	private static final int USERS = Integer.getInteger("bench.users", 3000);

	private static final int CLIENTS = Integer.getInteger("bench.clients", 8);

	private static final int THREADS = Runtime.getRuntime().availableProcessors();

	private static final int ROUNDS = 3;

	private final SignedResponses signed = new SignedResponses();

	@Test
	void acsLoginsAgainstRawParseAndVerify() throws Exception {
		List<String> report = new ArrayList<>();
		report.add(String.format("ACS login benchmark: %d users, %d HTTP clients, %d cores, Java %s", USERS, CLIENTS,
				THREADS, System.getProperty("java.version")));
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(TilegateApplication.class).run(
				"--server.port=0", "--spring.datasource.url=jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1",
				"--tilegate.base-url=" + SignedResponses.BASE, "--tilegate.idp-metadata-dir=target/no-idp-metadata",
				"--spring.main.banner-mode=off", "--logging.level.root=warn",
				"--server.tomcat.max-keep-alive-requests=-1")) {
			this.signed.register(app);
			KeepAliveClients acs = new KeepAliveClients(
					URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port")), CLIENTS);

			// Warm-up: the JIT compiler, connection pools and caches, on users not measured.
			// The same rounds as measured: first logins, unchanged returns, changed returns.
			for (int variant : new int[] { 0, 0, 1, 1, 1 }) {
				post(acs, this.signed.responses("warm", USERS / 2, variant));
				rawParseAndVerify(this.signed.responses("warm", USERS / 2, variant), THREADS);
			}

			// Users are created once; the other figures are the median of three rounds, each
			// beside its own raw measurement, because a shared 2-core machine drifts.
			Measurement firstLogins = post(acs, this.signed.responses("user", USERS, 0));
			List<Measurement> returning = new ArrayList<>();
			List<Measurement> changed = new ArrayList<>();
			List<Measurement> loops = new ArrayList<>();
			List<Measurement> parallel = new ArrayList<>();
			for (int round = 1; round <= ROUNDS; round++) {
				List<String> same = this.signed.responses("user", USERS, round - 1);
				returning.add(post(acs, same));
				changed.add(post(acs, this.signed.responses("user", USERS, round)));
				loops.add(rawParseAndVerify(same, 1));
				parallel.add(rawParseAndVerify(same, THREADS));
			}
			Measurement returningLogins = Measurement.median(returning);
			Measurement changedLogins = Measurement.median(changed);
			Measurement loopRaw = Measurement.median(loops);
			double loop = loopRaw.rate();
			double allCores = Measurement.median(parallel).rate();

			report.add(firstLogins.describe("first logins (user created, groups joined)", "logins"));
			report.add(returningLogins.describe("returning users, same attributes", "logins"));
			report.add(changedLogins.describe("returning users, title and a group changed", "logins"));
			report.add(String.format("  raw OpenSAML parse + verify of the same responses (both signatures): "
					+ "one tight loop %.0f/s (CPU %.2f ms each), %d loops in parallel %.0f/s", loop,
					loopRaw.cpuMillisPerOperation(), THREADS, allCores));
			report.add(String.format(
					"  CPU per login / CPU per raw parse + verify (server and clients in one JVM): first logins %.1f, "
							+ "returning %.1f, returning with changes %.1f",
					firstLogins.cpuMillisPerOperation() / loopRaw.cpuMillisPerOperation(),
					returningLogins.cpuMillisPerOperation() / loopRaw.cpuMillisPerOperation(),
					changedLogins.cpuMillisPerOperation() / loopRaw.cpuMillisPerOperation()));
			for (double raw : new double[] { loop, allCores }) {
				report.add(String.format(
						"  end-to-end / raw (%s): first logins %.0f%%, returning %.0f%%, returning with changes %.0f%%",
						raw == loop ? "one loop" : THREADS + " loops", 100 * firstLogins.rate() / raw,
						100 * returningLogins.rate() / raw, 100 * changedLogins.rate() / raw));
			}
			report.add(String.format("  rounds: returning %s logins/s; one loop %s/s; %d loops %s/s",
					returning.stream().map((r) -> String.format("%.0f", r.rate())).toList(),
					loops.stream().map((r) -> String.format("%.0f", r.rate())).toList(), THREADS,
					parallel.stream().map((r) -> String.format("%.0f", r.rate())).toList()));
		}
		report.forEach(System.out::println);
		Path out = Path.of("target", "benchmark", "acs-login.txt");
		Files.createDirectories(out.getParent());
		Files.write(out, report);
	}

	/** Posts every response to the ACS from {@link #CLIENTS} keep-alive connections. */
	private Measurement post(KeepAliveClients clients, List<String> responses) throws Exception {
		return clients.run(SignedResponses.acsPosts(responses), "logins",
				(i, answer) -> SignedResponses.signInProblem(answer));
	}

	/** OpenSAML's share of a login: decode, parse, unmarshal, check both signatures' profile and value. */
	private Measurement rawParseAndVerify(List<String> responses, int threads) throws Exception {
		ParserPool parsers = XMLObjectProviderRegistrySupport.getParserPool();
		BasicX509Credential credential = this.signed.idp().signingKey().verificationCredential();
		SAMLSignatureProfileValidator profile = new SAMLSignatureProfileValidator();
		AtomicInteger next = new AtomicInteger();
		ExecutorService workers = Executors.newFixedThreadPool(threads);
		long cpuStart = Measurement.processCpuNanos();
		long start = System.nanoTime();
		List<Future<?>> running = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			running.add(workers.submit(() -> {
				for (int i = next.getAndIncrement(); i < responses.size(); i = next.getAndIncrement()) {
					byte[] xml = Base64.getDecoder().decode(responses.get(i));
					Document document = parsers.parse(new ByteArrayInputStream(xml));
					Element root = document.getDocumentElement();
					Response response = (Response) XMLObjectProviderRegistrySupport.getUnmarshallerFactory()
						.getUnmarshaller(root)
						.unmarshall(root);
					profile.validate(response.getSignature());
					SignatureValidator.validate(response.getSignature(), credential);
					Assertion assertion = response.getAssertions().get(0);
					profile.validate(assertion.getSignature());
					SignatureValidator.validate(assertion.getSignature(), credential);
				}
				return null;
			}));
		}
		for (Future<?> future : running) {
			future.get();
		}
		long elapsed = System.nanoTime() - start;
		long cpu = Measurement.processCpuNanos() - cpuStart;
		workers.shutdown();
		return new Measurement(responses.size(), elapsed, new long[] { elapsed }, cpu);
	}

}
