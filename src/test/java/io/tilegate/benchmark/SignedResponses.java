package io.tilegate.benchmark;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.connections.Connections;
import io.tilegate.demo.SamlIdentityProvider;

import org.springframework.context.ApplicationContext;

/**
 * The benchmarks' identity provider and what it signs: one response per user for the
 * connection {@value #CONNECTION} of a Tilegate whose base URL is {@link #BASE} (or of another
 * service provider using Spring's default ACS and entity ID templates), each with its
 * own assertion ID, built before timing starts. User {@code i} of a prefix is
 * {@code <prefix><i>@example.com}, named {@code First<i> Last<i>}; the variant changes their
 * title and one of their groups.
 */
final class SignedResponses {

	static final String BASE = "https://intranet.example.com";

	static final String CONNECTION = "bench";

	static final String ACS_PATH = "/login/saml2/sso/" + CONNECTION;

	private final SamlIdentityProvider idp = SamlIdentityProvider.create("https://idp.bench.test/metadata",
			"https://idp.bench.test/sso", "https://idp.bench.test/slo");

	SamlIdentityProvider idp() {
		return this.idp;
	}

	/** Adds the connection to a Tilegate started with {@code --tilegate.base-url=}{@link #BASE}. */
	void register(ApplicationContext app) {
		app.getBean(Connections.class)
			.save(CONNECTION, ConnectionSettings.metadataOnly(this.idp.metadataXml(false)), ConnectionOrigin.API,
					"bench");
	}

	/**
	 * Base64 SAMLResponse values, one per user, in the users' order. Built on every core: two
	 * RSA signatures each add up to seconds for a few thousand users, and no timing runs meanwhile.
	 */
	List<String> responses(String prefix, int count, int variant) {
		return responses(BASE, prefix, count, variant);
	}

	/**
	 * The same responses addressed to the service provider at {@code spBaseUrl}, whose ACS and
	 * entity ID follow Spring Security's default templates for the registration
	 * {@value #CONNECTION}, as Tilegate's do.
	 */
	List<String> responses(String spBaseUrl, String prefix, int count, int variant) {
		return IntStream.range(0, count).parallel().mapToObj((i) -> response(spBaseUrl, prefix, i, variant)).toList();
	}

	private String response(String spBaseUrl, String prefix, int i, int variant) {
		String user = prefix + i + "@example.com";
		return this.idp.response(spBaseUrl + ACS_PATH, spBaseUrl + "/saml2/service-provider-metadata/" + CONNECTION)
			.nameId(user)
			.attribute("firstName", "First" + i)
			.attribute("lastName", "Last" + i)
			.attribute("email", user)
			.attribute("department", "Department " + i % 20)
			.attribute("title", "Engineer " + variant)
			.attribute("hireDate", "2024-0" + (1 + i % 9) + "-15")
			.attribute("groups", "All Staff", "Team " + (i + variant) % 50)
			.build()
			.base64();
	}

	/** The POST to the ACS that carries each response, as the browser sends it. */
	static List<KeepAliveClients.Request> acsPosts(List<String> responses) {
		return responses.stream()
			.map((response) -> KeepAliveClients.Request.form(ACS_PATH,
					"SAMLResponse=" + URLEncoder.encode(response, StandardCharsets.UTF_8)))
			.toList();
	}

	/**
	 * Why this answer from the ACS is not a sign-in sent on to the home page, or {@code null}
	 * when it is one.
	 */
	static String signInProblem(KeepAliveConnection.Answer answer) {
		String head = answer.head();
		return (head.startsWith("HTTP/1.1 302") && head.contains("\r\nLocation: /\r\n")) ? null
				: head.lines().findFirst().orElse("no status line");
	}

}
