package io.tilegate.benchmark;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import stocksp.StockServiceProvider;

/**
 * Sign-ins at a {@link StockServiceProvider}, with the benchmarks' IdP and clients, each
 * answer checked for what Spring's defaults do with a response they accept: a redirect to the
 * SP's home page and a new HTTP session.
 */
final class StockSignIns {

	private final URI server;

	private final SignedResponses signed;

	private final KeepAliveClients clients;

	StockSignIns(URI server, SignedResponses signed, int clients) {
		this.server = server;
		this.signed = signed;
		this.clients = new KeepAliveClients(server, clients);
	}

	/**
	 * Signs in {@code count} users as {@link SignedResponses#responses(String, int, int)} names
	 * them, the responses addressed to this SP.
	 */
	Measurement post(String prefix, int count, int variant) throws Exception {
		return this.clients.run(SignedResponses.acsPosts(this.signed.responses(base(), prefix, count, variant)),
				"stock SP logins", (i, answer) -> signInProblem(answer));
	}

	/**
	 * The floor is a floor only if the stock SP checks what it is sent: an accepted response
	 * gives a session the SP lets through, and a response edited after signing is refused.
	 * @throws IllegalStateException when either is not so
	 */
	void proveEachResponseIsVerified() throws IOException {
		String good = this.signed.responses(base(), "proof", 1, 0).get(0);
		String xml = new String(Base64.getDecoder().decode(good), StandardCharsets.UTF_8);
		String edited = Base64.getEncoder()
			.encodeToString(xml.replace(">First0<", ">Mallory0<").getBytes(StandardCharsets.UTF_8));
		if (edited.equals(good)) {
			throw new IllegalStateException("The proof's response has no firstName First0 to edit");
		}
		try (KeepAliveConnection connection = new KeepAliveConnection(this.server)) {
			KeepAliveConnection.Answer signIn = send(connection, good);
			String problem = signInProblem(signIn);
			if (problem != null) {
				throw new IllegalStateException("The stock SP refused a good response: " + problem);
			}
			String session = signIn.head()
				.lines()
				.filter((line) -> line.startsWith("Set-Cookie: JSESSIONID="))
				.map((line) -> line.substring("Set-Cookie: ".length()).split(";")[0])
				.findFirst()
				.orElseThrow();
			// Nothing serves "/" in the stock SP: a signed-in session gets a 404, anyone else
			// is sent to sign in.
			KeepAliveConnection.Answer home = connection.send("GET", "/", Map.of("Cookie", session), null);
			if (home.status() != 404) {
				throw new IllegalStateException("The stock SP's session after a sign-in is not signed in: GET / answered "
						+ home.head().lines().findFirst().orElse(""));
			}
			KeepAliveConnection.Answer refusal = send(connection, edited);
			if (!refusal.head().startsWith("HTTP/1.1 302") || !refusal.head().contains("\r\nLocation: " + base()
					+ "/login?error\r\n")) {
				throw new IllegalStateException("The stock SP did not refuse a response edited after signing: "
						+ refusal.head().lines().findFirst().orElse(""));
			}
		}
	}

	private KeepAliveConnection.Answer send(KeepAliveConnection connection, String response) throws IOException {
		KeepAliveClients.Request post = SignedResponses.acsPosts(List.of(response)).get(0);
		return connection.send(post.method(), post.path(), post.headers(), post.body());
	}

	/** Why this answer is not a sign-in sent on to the SP's home page with a new session, or null. */
	private String signInProblem(KeepAliveConnection.Answer answer) {
		String head = answer.head();
		return (head.startsWith("HTTP/1.1 302") && head.contains("\r\nLocation: " + base() + "/\r\n")
				&& head.contains("\r\nSet-Cookie: JSESSIONID=")) ? null : head.lines().findFirst().orElse("no status line");
	}

	private String base() {
		return "http://localhost:" + this.server.getPort();
	}

}
