package io.tilegate.connections;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
			"169.254.169.254", "0.0.0.0", "100.64.0.1", "224.0.0.251", "255.255.255.255", "::1", "::", "fe80::1",
			"fc00::1", "fd12:3456::1", "fec0::1", "ff02::1", "::ffff:10.0.0.1", "::ffff:169.254.169.254" })
	void internalAddresses(String address) throws Exception {
		assertThat(IdpMetadataFetcher.isInternal(InetAddress.getByName(address))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "8.8.8.8", "93.184.216.34", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111",
			"2001:db8::1" })
	void publicAddresses(String address) throws Exception {
		assertThat(IdpMetadataFetcher.isInternal(InetAddress.getByName(address))).isFalse();
	}

	@Test
	void ipv4MappedAndCompatibleIpv6FormsAreCheckedAsTheirIpv4Address() throws Exception {
		// InetAddress.getByName turns ::ffff:a.b.c.d into an Inet4Address; a resolver may not.
		byte[] mapped = new byte[16];
		mapped[10] = (byte) 0xff;
		mapped[11] = (byte) 0xff;
		mapped[12] = 127;
		mapped[15] = 1;
		assertThat(IdpMetadataFetcher.isInternal(Inet6Address.getByAddress(null, mapped, -1))).isTrue();
		byte[] compatible = new byte[16];
		compatible[12] = 10;
		compatible[15] = 1;
		assertThat(IdpMetadataFetcher.isInternal(Inet6Address.getByAddress(null, compatible, -1))).isTrue();
		byte[] mappedPublic = Arrays.copyOf(mapped, 16);
		mappedPublic[12] = 8;
		mappedPublic[13] = 8;
		mappedPublic[14] = 8;
		mappedPublic[15] = 8;
		assertThat(IdpMetadataFetcher.isInternal(Inet6Address.getByAddress(null, mappedPublic, -1))).isFalse();
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
