package io.tilegate.connections;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import io.tilegate.config.TilegateProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Fetches an IdP's metadata from the URL an admin gives. The URL is typed into an admin form,
 * so it is treated as an attempt to reach inside the network until shown otherwise: HTTPS only,
 * no private, loopback or link-local destination (unless
 * {@code tilegate.metadata.allow-private-urls}), no redirects, a size cap and timeouts.
 */
@Component
public class IdpMetadataFetcher {

	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	static final Duration TOTAL_TIMEOUT = Duration.ofSeconds(10);

	private final boolean allowPrivateUrls;

	private final long maxSize;

	private final HttpClient http;

	@Autowired
	IdpMetadataFetcher(TilegateProperties properties) {
		this(properties.metadata(), defaultTls());
	}

	/** With the TLS trust of a test's own HTTPS server. */
	IdpMetadataFetcher(TilegateProperties.Metadata settings, SSLContext tls) {
		this.allowPrivateUrls = settings.allowPrivateUrls();
		this.maxSize = settings.maxSize().toBytes();
		this.http = HttpClient.newBuilder()
			.sslContext(tls)
			.followRedirects(HttpClient.Redirect.NEVER)
			.proxy(HttpClient.Builder.NO_PROXY)
			.connectTimeout(CONNECT_TIMEOUT)
			.build();
	}

	private static SSLContext defaultTls() {
		try {
			return SSLContext.getDefault();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("No TLS available to fetch IdP metadata", ex);
		}
	}

	/**
	 * Fetches and checks the metadata.
	 * @throws InvalidConnectionException saying why it was refused, in words an admin can act on
	 */
	public IdpMetadata fetch(String url) {
		URI uri = checkedUri(url);
		byte[] body = get(uri);
		IdpMetadata metadata = IdpMetadata.parse(new String(body, StandardCharsets.UTF_8));
		// The JVM caches a lookup for 30 s, so the client connected to the addresses checked
		// above; checking again after the fetch catches a cache expiry in between.
		checkAddresses(uri.getHost());
		return metadata;
	}

	private URI checkedUri(String url) {
		if (url == null || url.isBlank()) {
			throw new InvalidConnectionException("The metadata URL is empty.");
		}
		URI uri;
		try {
			uri = new URI(url.trim());
		}
		catch (URISyntaxException ex) {
			throw new InvalidConnectionException("The metadata URL is not a URL: " + ex.getMessage());
		}
		if (!"https".equalsIgnoreCase(uri.getScheme())) {
			throw new InvalidConnectionException("The metadata URL must start with https:// (it was " + url
					+ "); metadata fetched without TLS could be swapped on the way. Copy the HTTPS metadata URL "
					+ "from the IdP, or upload the metadata file instead.");
		}
		if (uri.getHost() == null || uri.getRawUserInfo() != null) {
			throw new InvalidConnectionException("The metadata URL " + url + " has no host name, or has a user name "
					+ "in it; give the IdP's plain https://host/path metadata URL.");
		}
		checkAddresses(uri.getHost());
		return uri;
	}

	private void checkAddresses(String host) {
		if (this.allowPrivateUrls) {
			return;
		}
		InetAddress[] addresses;
		try {
			addresses = InetAddress.getAllByName(host);
		}
		catch (UnknownHostException ex) {
			throw new InvalidConnectionException("The metadata URL's host " + host + " could not be resolved.");
		}
		for (InetAddress address : addresses) {
			if (isInternal(address)) {
				throw new InvalidConnectionException("The metadata URL's host " + host + " resolves to "
						+ address.getHostAddress() + ", a private, loopback or link-local address; Tilegate fetches "
						+ "metadata only from public addresses. Upload the metadata file instead, or set "
						+ "tilegate.metadata.allow-private-urls=true if the IdP runs inside your network.");
			}
		}
	}

	/** Whether an address is anything but a public unicast address. */
	static boolean isInternal(InetAddress address) {
		if (address instanceof Inet6Address) {
			byte[] bytes = address.getAddress();
			if (isIpv4Mapped(bytes) || isIpv4Compatible(bytes)) {
				try {
					return isInternal(InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)));
				}
				catch (UnknownHostException ex) {
					return true;
				}
			}
			// fc00::/7, unique local (RFC 4193)
			if ((bytes[0] & 0xfe) == 0xfc) {
				return true;
			}
		}
		if (address instanceof Inet4Address) {
			byte[] bytes = address.getAddress();
			int first = bytes[0] & 0xff;
			int second = bytes[1] & 0xff;
			// 0.0.0.0/8 "this network", 100.64.0.0/10 carrier-grade NAT (RFC 6598), 240.0.0.0/4 reserved
			if (first == 0 || (first == 100 && (second & 0xc0) == 64) || first >= 240) {
				return true;
			}
		}
		return address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress();
	}

	private static boolean isIpv4Mapped(byte[] bytes) {
		for (int i = 0; i < 10; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
	}

	private static boolean isIpv4Compatible(byte[] bytes) {
		for (int i = 0; i < 12; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		// ::1 and :: are IPv6's own loopback and any-local, checked as such.
		return (bytes[12] | bytes[13]) != 0;
	}

	private byte[] get(URI uri) {
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(TOTAL_TIMEOUT)
			.header("Accept", "application/samlmetadata+xml, application/xml, text/xml")
			.GET()
			.build();
		CompletableFuture<HttpResponse<byte[]>> call = this.http.sendAsync(request,
				(info) -> (info.statusCode() == 200) ? new CappedBody(this.maxSize)
						: HttpResponse.BodySubscribers.replacing(null));
		HttpResponse<byte[]> response;
		try {
			response = call.get(TOTAL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			call.cancel(true);
			throw timedOut(uri);
		}
		catch (InterruptedException ex) {
			call.cancel(true);
			Thread.currentThread().interrupt();
			throw new InvalidConnectionException("Fetching the metadata from " + uri + " was interrupted.");
		}
		catch (ExecutionException ex) {
			throw failed(uri, ex.getCause());
		}
		int status = response.statusCode();
		if (status >= 300 && status < 400) {
			String location = response.headers().firstValue("Location").orElse("(no Location header)");
			throw new InvalidConnectionException("The metadata URL " + uri + " answered with a redirect (" + status
					+ ") to " + location + "; Tilegate does not follow redirects. If you trust that address, give it "
					+ "as the metadata URL.");
		}
		if (status != 200) {
			throw new InvalidConnectionException(
					"The metadata URL " + uri + " answered " + status + " instead of the metadata.");
		}
		return response.body();
	}

	private InvalidConnectionException failed(URI uri, Throwable cause) {
		for (Throwable inner = cause; inner != null; inner = inner.getCause()) {
			if (inner instanceof MetadataTooLarge) {
				cause = inner;
				break;
			}
		}
		if (cause instanceof MetadataTooLarge) {
			return new InvalidConnectionException("The metadata at " + uri + " is larger than " + this.maxSize
					+ " bytes; IdP metadata is a few kilobytes. Check the URL, or upload the metadata file.");
		}
		if (cause instanceof HttpTimeoutException) {
			return timedOut(uri);
		}
		if (cause instanceof SSLException) {
			return new InvalidConnectionException("The TLS connection to " + uri.getHost() + " failed: "
					+ cause.getMessage() + ". Its certificate must be valid and trusted by Tilegate's Java runtime.");
		}
		if (cause instanceof java.net.ConnectException) {
			return new InvalidConnectionException("Tilegate could not connect to " + uri.getHost() + " port "
					+ ((uri.getPort() != -1) ? uri.getPort() : 443) + " to fetch the metadata; check the URL and that "
					+ "this server may reach the IdP.");
		}
		return new InvalidConnectionException("The metadata could not be fetched from " + uri + ": "
				+ ((cause != null && cause.getMessage() != null) ? cause.getMessage()
						: String.valueOf(cause).replace("java.net.", "")));
	}

	private InvalidConnectionException timedOut(URI uri) {
		return new InvalidConnectionException("The metadata URL " + uri + " did not answer within "
				+ TOTAL_TIMEOUT.toSeconds() + " seconds.");
	}

	private static final class MetadataTooLarge extends IOException {

		MetadataTooLarge() {
			super("metadata too large");
		}

	}

	/** Reads the body as it streams in and stops at the cap, never holding more. */
	private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

		private final CompletableFuture<byte[]> result = new CompletableFuture<>();

		private final ByteArrayOutputStream body = new ByteArrayOutputStream();

		private final long max;

		private Flow.Subscription subscription;

		CappedBody(long max) {
			this.max = max;
		}

		@Override
		public CompletionStage<byte[]> getBody() {
			return this.result;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(List<ByteBuffer> buffers) {
			if (this.result.isDone()) {
				return;
			}
			for (ByteBuffer buffer : buffers) {
				if (this.body.size() + (long) buffer.remaining() > this.max) {
					this.subscription.cancel();
					this.result.completeExceptionally(new MetadataTooLarge());
					return;
				}
				byte[] bytes = new byte[buffer.remaining()];
				buffer.get(bytes);
				this.body.write(bytes, 0, bytes.length);
			}
		}

		@Override
		public void onError(Throwable error) {
			this.result.completeExceptionally(error);
		}

		@Override
		public void onComplete() {
			this.result.complete(this.body.toByteArray());
		}

	}

}
