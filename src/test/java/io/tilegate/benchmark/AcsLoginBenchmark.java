package io.tilegate.benchmark;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.sql.DataSource;

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
import stocksp.StockServiceProvider;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Logins per second through the real ACS over HTTP, against two floors measured in the same
 * run: a stock Spring Security service provider ({@link StockServiceProvider}: Spring's
 * defaults on the same stack, no JIT, no database) given the same responses over the same
 * clients, and what no SP can skip, OpenSAML parsing plus signature verification of the same
 * responses in a tight loop in the same JVM. A third floor, {@link ReturningSignInWrites}, is
 * what a returning sign-in must store across nodes (the stock SP stores nothing) by plain JDBC,
 * so that "stock SP + those writes" shows what Tilegate's own code adds. Each is reported by rate and by CPU time per login
 * (the rates of a shared machine drift; the CPU time per operation far less). Run with
 * {@code ./mvnw -Pbenchmark test -Dtest=AcsLoginBenchmark}, {@code -Dbench.mode=short} for a
 * one-minute run; the figures are printed and written to {@code target/benchmark/acs-login.txt}.
 * Nothing is asserted: wall-clock numbers depend on the machine.
 */
@Tag("benchmark")
class AcsLoginBenchmark {

	private static final int USERS = BenchmarkMode.size("bench.users", 3000, 300);

	private static final int CLIENTS = Integer.getInteger("bench.clients", 8);

	private static final int THREADS = Runtime.getRuntime().availableProcessors();

	private static final int ROUNDS = 3;

	private final SignedResponses signed = new SignedResponses();

	@Test
	void acsLoginsAgainstStockServiceProviderAndRawParseAndVerify() throws Exception {
		List<String> report = new ArrayList<>();
		report.add(String.format("ACS login benchmark, %s: %d users, %d HTTP clients, %d cores, Java %s",
				BenchmarkMode.describe(), USERS, CLIENTS, THREADS, System.getProperty("java.version")));
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(TilegateApplication.class).run(
				"--server.port=0", "--spring.datasource.url=jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1",
				"--tilegate.base-url=" + SignedResponses.BASE, "--tilegate.idp-metadata-dir=target/no-idp-metadata",
				"--spring.main.banner-mode=off", "--logging.level.root=warn",
				"--server.tomcat.max-keep-alive-requests=-1");
				ConfigurableApplicationContext stockApp = StockServiceProvider.start(SignedResponses.CONNECTION,
						this.signed.idp().metadataXml(false), "--spring.main.banner-mode=off",
						"--logging.level.root=warn", "--server.tomcat.max-keep-alive-requests=-1")) {
			this.signed.register(app);
			KeepAliveClients acs = new KeepAliveClients(localhost(app), CLIENTS);
			StockSignIns stock = new StockSignIns(localhost(stockApp), this.signed, CLIENTS);
			stock.proveEachResponseIsVerified();

			// Warm-up: the JIT compiler, connection pools and caches, on users not measured.
			// The same rounds as measured: first logins, unchanged returns, changed returns.
			for (int variant : new int[] { 0, 0, 1, 1, 1 }) {
				List<String> warm = this.signed.responses("warm", USERS / 2, variant);
				post(acs, warm);
				stock.post("warm", USERS / 2, variant);
				rawParseAndVerify(warm, THREADS);
			}

			// Users are created once; the other figures are the median of three rounds, each
			// beside its own stock SP and raw measurements, because a shared 2-core machine drifts.
			Measurement firstLogins = post(acs, this.signed.responses("user", USERS, 0));
			List<Measurement> returning = new ArrayList<>();
			List<Measurement> changed = new ArrayList<>();
			List<Measurement> stockRounds = new ArrayList<>();
			List<Measurement> loops = new ArrayList<>();
			List<Measurement> parallel = new ArrayList<>();
			List<Measurement> writes = new ArrayList<>();
			ReturningSignInWrites returningWrites = new ReturningSignInWrites(app.getBean(DataSource.class));
			returningWrites.run("warm", USERS / 2, CLIENTS);
			for (int round = 1; round <= ROUNDS; round++) {
				List<String> same = this.signed.responses("user", USERS, round - 1);
				returning.add(post(acs, same));
				changed.add(post(acs, this.signed.responses("user", USERS, round)));
				stockRounds.add(stock.post("user", USERS, round - 1));
				loops.add(rawParseAndVerify(same, 1));
				parallel.add(rawParseAndVerify(same, THREADS));
				writes.add(returningWrites.run("round" + round, USERS, CLIENTS));
			}
			Measurement writesFloor = Measurement.median(writes);
			Measurement returningLogins = Measurement.median(returning);
			Measurement changedLogins = Measurement.median(changed);
			Measurement stockLogins = Measurement.median(stockRounds);
			Measurement loopRaw = Measurement.median(loops);
			double loop = loopRaw.rate();
			double allCores = Measurement.median(parallel).rate();

			report.add(firstLogins.describe("first logins (user created, groups joined)", "logins"));
			report.add(returningLogins.describe("returning users, same attributes", "logins"));
			report.add(changedLogins.describe("returning users, title and a group changed", "logins"));
			report.add(stockLogins.describe(
					"stock Spring Security SP, same responses (saml2Login defaults, HTTP session, no JIT, no database)",
					"logins"));
			report.add(String.format("  what a returning sign-in must store, by plain JDBC from %d threads (%s): %.0f/s, CPU %.2f ms each; "
					+ "stock SP + these: %.2f ms", CLIENTS, ReturningSignInWrites.WHAT, writesFloor.rate(),
					writesFloor.cpuMillisPerOperation(),
					stockLogins.cpuMillisPerOperation() + writesFloor.cpuMillisPerOperation()));
			report.add(String.format("  raw OpenSAML parse + verify of the same responses (both signatures): "
					+ "one tight loop %.0f/s (CPU %.2f ms each), %d loops in parallel %.0f/s", loop,
					loopRaw.cpuMillisPerOperation(), THREADS, allCores));
			report.add(String.format(
					"  CPU per login / stock SP's (server and clients in one JVM): first logins %.2f (target <= 2), "
							+ "returning %.2f (target <= 1.2), returning with changes %.2f",
					firstLogins.cpuMillisPerOperation() / stockLogins.cpuMillisPerOperation(),
					returningLogins.cpuMillisPerOperation() / stockLogins.cpuMillisPerOperation(),
					changedLogins.cpuMillisPerOperation() / stockLogins.cpuMillisPerOperation()));
			double stockAndWrites = stockLogins.cpuMillisPerOperation() + writesFloor.cpuMillisPerOperation();
			report.add(String.format(
					"  CPU per login / (stock SP's + the writes'): first logins %.2f, returning %.2f, returning with changes %.2f",
					firstLogins.cpuMillisPerOperation() / stockAndWrites,
					returningLogins.cpuMillisPerOperation() / stockAndWrites,
					changedLogins.cpuMillisPerOperation() / stockAndWrites));
			report.add(String.format(
					"  CPU per login / CPU per raw parse + verify: first logins %.1f, returning %.1f, "
							+ "returning with changes %.1f, stock SP %.1f",
					firstLogins.cpuMillisPerOperation() / loopRaw.cpuMillisPerOperation(),
					returningLogins.cpuMillisPerOperation() / loopRaw.cpuMillisPerOperation(),
					changedLogins.cpuMillisPerOperation() / loopRaw.cpuMillisPerOperation(),
					stockLogins.cpuMillisPerOperation() / loopRaw.cpuMillisPerOperation()));
			// The 25% target is judged against every core's raw rate: the server has every core too.
			for (double raw : new double[] { loop, allCores }) {
				report.add(String.format(
						"  end-to-end / raw (%s): first logins %.0f%%%s, returning %.0f%%, returning with changes %.0f%%, "
								+ "stock SP %.0f%%",
						raw == loop ? "one loop" : THREADS + " loops", 100 * firstLogins.rate() / raw,
						raw == allCores ? " (target >= 25%)" : "", 100 * returningLogins.rate() / raw,
						100 * changedLogins.rate() / raw, 100 * stockLogins.rate() / raw));
			}
			report.add(String.format("  rounds: returning %s logins/s; stock SP %s logins/s; one loop %s/s; %d loops %s/s",
					rates(returning), rates(stockRounds), rates(loops), THREADS, rates(parallel)));
		}
		report.forEach(System.out::println);
		Path out = Path.of("target", "benchmark", "acs-login.txt");
		Files.createDirectories(out.getParent());
		Files.write(out, report);
	}

	private static URI localhost(ConfigurableApplicationContext app) {
		return URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port"));
	}

	private static List<String> rates(List<Measurement> rounds) {
		return rounds.stream().map((r) -> String.format("%.0f", r.rate())).toList();
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
		return Measurement.inParallel(responses.size(), threads, (i) -> {
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
		});
	}

}
