package io.tilegate.connections;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import io.tilegate.config.TilegateProperties;
import io.tilegate.outbound.FetchPurpose;
import io.tilegate.outbound.FetchedBody;
import io.tilegate.outbound.OutboundFetch;
import io.tilegate.outbound.OutboundFetchException;
import io.tilegate.outbound.OutboundRules;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Fetches an IdP's metadata from the URL an admin gives. The URL is typed into an admin form,
 * so it goes through the outbound guard ({@link OutboundFetch}): HTTPS only, no private,
 * loopback or link-local destination (unless {@code tilegate.metadata.allow-private-urls}),
 * checked on the addresses connected to, no redirects, a size cap and timeouts.
 */
@Component
public class IdpMetadataFetcher implements AutoCloseable {

	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	static final Duration TOTAL_TIMEOUT = Duration.ofSeconds(10);

	private static final FetchPurpose PURPOSE = new FetchPurpose("metadata URL", "metadata",
			"application/samlmetadata+xml, application/xml, text/xml", "upload the metadata file instead",
			"set tilegate.metadata.allow-private-urls=true if the IdP runs inside your network",
			"IdP metadata is a few kilobytes. Check the URL, or upload the metadata file.");

	private final OutboundFetch fetch;

	@Autowired
	IdpMetadataFetcher(TilegateProperties properties) {
		this.fetch = new OutboundFetch(PURPOSE, rules(properties.metadata()));
	}

	/** With the TLS trust of a test's own HTTPS server. */
	IdpMetadataFetcher(TilegateProperties.Metadata settings, SSLContext tls) {
		this.fetch = new OutboundFetch(PURPOSE, rules(settings), tls);
	}

	// An admin gives the URL the metadata is at: a redirect is named to them rather than followed.
	private static OutboundRules rules(TilegateProperties.Metadata settings) {
		return new OutboundRules(false, settings.allowPrivateUrls(), settings.maxSize().toBytes(), CONNECT_TIMEOUT,
				TOTAL_TIMEOUT, TOTAL_TIMEOUT, 0);
	}

	/**
	 * Fetches and checks the metadata.
	 * @throws InvalidConnectionException saying why it was refused, in words an admin can act on
	 */
	public IdpMetadata fetch(String url) {
		FetchedBody body;
		try {
			body = this.fetch.fetch(url);
		}
		catch (OutboundFetchException ex) {
			throw new InvalidConnectionException(ex.getMessage());
		}
		return IdpMetadata.parse(new String(body.bytes(), StandardCharsets.UTF_8));
	}

	@Override
	public void close() {
		this.fetch.close();
	}

}
