package io.tilegate.connections;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.tilegate.demo.SamlIdentityProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Fetching IdP metadata from a URL against a real local HTTPS server: what is refused before
 * any connection, what is refused in the answer, and what is accepted.
 */
class IdpMetadataFetcherTests {

	private static final SamlIdentityProvider idp = SamlIdentityProvider.create("https://idp.fetch.test/metadata",
			"https://idp.fetch.test/sso", "https://idp.fetch.test/slo");

	private static MetadataServer server;

	@BeforeAll
	static void start() {
		server = MetadataServer.start();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@BeforeEach
	void serveMetadata() {
		server.serve(idp.metadataXml(false));
	}

	@Test
	void fetchesMetadataOverHttps() {
		IdpMetadata metadata = server.fetcher(true).fetch(server.url("/app/sso/saml/metadata"));

		assertThat(metadata.entityId()).isEqualTo("https://idp.fetch.test/metadata");
		assertThat(metadata.signingCertificates()).singleElement()
			.satisfies((certificate) -> assertThat(certificate.subject()).contains("idp.fetch.test"));
	}

	@Test
	void plainHttpIsRefusedWithoutConnecting() {
		int before = server.requests();

		assertThatExceptionOfType(InvalidConnectionException.class)
			.isThrownBy(() -> server.fetcher(true).fetch("http://localhost:" + server.port() + "/metadata"))
			.withMessageContaining("must start with https://");
		assertThat(server.requests()).isEqualTo(before);
	}

	@Test
	void loopbackHostIsRefusedWithoutConnectingUnlessAllowed() {
		int before = server.requests();

		assertThatExceptionOfType(InvalidConnectionException.class)
			.isThrownBy(() -> server.fetcher(false).fetch(server.url("/metadata")))
			.withMessageContaining("resolves to 127.0.0.1")
			.withMessageContaining("tilegate.metadata.allow-private-urls=true");
		assertThat(server.requests()).isEqualTo(before);
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://169.254.169.254/latest/meta-data/", "https://10.0.0.8/metadata",
			"https://[::ffff:127.0.0.1]:8443/metadata", "https://[fd00:ec2::254]/metadata", "https://[::1]/metadata",
			"https://0.0.0.0/metadata" })
	void internalAddressLiteralsAreRefused(String url) {
		assertThatExceptionOfType(InvalidConnectionException.class).isThrownBy(() -> server.fetcher(false).fetch(url))
			.withMessageContaining("a private, loopback or link-local address");
	}

	@Test
	void redirectIsRefusedAndNamed() {
		server.answer(302, Map.of("Location", "https://169.254.169.254/latest/meta-data/"), new byte[0], false);

		assertThatExceptionOfType(InvalidConnectionException.class)
			.isThrownBy(() -> server.fetcher(true).fetch(server.url("/metadata")))
			.withMessageContaining("redirect (302) to https://169.254.169.254/latest/meta-data/")
			.withMessageContaining("does not follow redirects");
	}

	@Test
	void errorStatusIsRefused() {
		server.answer(404, Map.of(), "not here".getBytes(StandardCharsets.UTF_8), false);

		assertThatExceptionOfType(InvalidConnectionException.class)
			.isThrownBy(() -> server.fetcher(true).fetch(server.url("/metadata")))
			.withMessageContaining("answered 404");
	}

	@Test
	void oversizedMetadataIsRefused() {
		server.answer(200, Map.of("Content-Type", "application/xml"), padded(2 * 1024 * 1024), false);

		assertThatExceptionOfType(InvalidConnectionException.class)
			.isThrownBy(() -> server.fetcher(true).fetch(server.url("/metadata")))
			.withMessageContaining("larger than 1048576 bytes");
	}

	@Test
	void oversizedChunkedMetadataWithoutLengthIsRefused() {
		server.answer(200, Map.of("Content-Type", "application/xml"), padded(3 * 1024 * 1024), true);

		assertThatExceptionOfType(InvalidConnectionException.class)
			.isThrownBy(() -> server.fetcher(true).fetch(server.url("/metadata")))
			.withMessageContaining("larger than 1048576 bytes");
	}

	@Test
	void doctypeIsRefused() {
		String xml = idp.metadataXml(false);
		String withDoctype = xml.replaceFirst("<md:EntityDescriptor",
				"<!DOCTYPE md:EntityDescriptor [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><md:EntityDescriptor");
		assertThat(withDoctype).contains("<!DOCTYPE");
		server.serve(withDoctype);

		assertThatExceptionOfType(InvalidConnectionException.class)
			.isThrownBy(() -> server.fetcher(true).fetch(server.url("/metadata")))
			.withMessageContaining("DOCTYPE");
	}

	@Test
	void htmlIsNotMetadata() {
		server.answer(200, Map.of("Content-Type", "text/html"),
				"<html><body>Sign in to Okta</body></html>".getBytes(StandardCharsets.UTF_8), false);

		assertThatExceptionOfType(InvalidConnectionException.class)
			.isThrownBy(() -> server.fetcher(true).fetch(server.url("/metadata")))
			.withMessageContaining("not SAML IdP metadata");
	}

	private static byte[] padded(int size) {
		String xml = idp.metadataXml(false);
		StringBuilder body = new StringBuilder(size + xml.length());
		body.append(xml, 0, xml.indexOf('>') + 1);
		while (body.length() < size) {
			body.append("<!-- padding padding padding padding padding padding padding padding -->\n");
		}
		return body.toString().getBytes(StandardCharsets.UTF_8);
	}

}
