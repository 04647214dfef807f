package io.tilegate.outbound;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import io.tilegate.outbound.OutboundFetchException.Failure;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * A GET of a URL someone else wrote, within {@link OutboundRules}: only {@code https} (unless
 * allowed), only public addresses (unless allowed), checked on the addresses the connection
 * goes to; redirects followed by hand, each target checked the same way; no proxy, no cookies,
 * no retries, no compression (the bytes counted are the bytes on the wire); connect, read and
 * total timeouts; reading stops at the size cap. Thread-safe; one per purpose, closed with its
 * owner.
 */
public final class OutboundFetch implements AutoCloseable {

	// One daemon thread for every fetch's deadline: cancelling a request closes its socket,
	// which ends a read that a slow drip of bytes would keep alive past any read timeout.
	private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

	private final FetchPurpose purpose;

	private final OutboundRules rules;

	private final CloseableHttpClient http;

	/** With the JVM's TLS trust and the system's DNS. */
	public OutboundFetch(FetchPurpose purpose, OutboundRules rules) {
		this(purpose, rules, defaultTls());
	}

	/** With the TLS trust of a test's own HTTPS server. */
	public OutboundFetch(FetchPurpose purpose, OutboundRules rules, SSLContext tls) {
		this(purpose, rules, tls, HostLookup.SYSTEM, InternalAddresses::isInternal);
	}

	/**
	 * @param lookup the DNS; a test's own names
	 * @param internal which addresses are refused unless the rules allow private addresses
	 */
	OutboundFetch(FetchPurpose purpose, OutboundRules rules, SSLContext tls, HostLookup lookup,
			Predicate<InetAddress> internal) {
		this.purpose = purpose;
		this.rules = rules;
		Predicate<InetAddress> refused = rules.allowPrivateAddresses() ? (address) -> false : internal;
		Timeout connect = Timeout.of(rules.connectTimeout());
		Timeout read = Timeout.of(rules.readTimeout());
		this.http = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDnsResolver(new CheckedAddressResolver(lookup, refused))
				.setTlsSocketStrategy(new CheckedTlsStrategy(tls, refused))
				.setDefaultConnectionConfig(ConnectionConfig.custom()
					.setConnectTimeout(connect)
					.setSocketTimeout(read)
					.setTimeToLive(Timeout.ofMinutes(1))
					.build())
				.setMaxConnTotal(32)
				.setMaxConnPerRoute(4)
				.build())
			// Whatever the JVM's proxy settings say: a proxy would resolve and connect unchecked.
			.setRoutePlanner(new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE))
			.setDefaultRequestConfig(RequestConfig.custom()
				.setConnectionRequestTimeout(connect)
				.setResponseTimeout(read)
				.setRedirectsEnabled(false)
				.setAuthenticationEnabled(false)
				.setProtocolUpgradeEnabled(false)
				.build())
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.disableAuthCaching()
			.disableContentCompression()
			.setUserAgent("Tilegate")
			.build();
	}

	private static SSLContext defaultTls() {
		try {
			return SSLContext.getDefault();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("No TLS available for outbound fetches", ex);
		}
	}

	private static ScheduledThreadPoolExecutor deadlines() {
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "tilegate-outbound-deadlines");
			thread.setDaemon(true);
			return thread;
		});
		executor.setRemoveOnCancelPolicy(true);
		return executor;
	}

	public OutboundRules rules() {
		return this.rules;
	}

	/**
	 * Fetches the URL.
	 * @throws OutboundFetchException saying why nothing came back, in words the admin who gave
	 * the URL can act on, and whether trying again later may help
	 */
	public FetchedBody fetch(String url) {
		URI first = checked(url);
		AtomicReference<HttpGet> current = new AtomicReference<>();
		AtomicBoolean timedOut = new AtomicBoolean();
		ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
			timedOut.set(true);
			HttpGet request = current.get();
			if (request != null) {
				request.cancel();
			}
		}, this.rules.totalTimeout().toMillis(), TimeUnit.MILLISECONDS);
		try {
			URI uri = first;
			for (int redirects = 0;; redirects++) {
				Answer answer = exchange(first, uri, current, timedOut);
				if (answer.body() != null) {
					return answer.body();
				}
				if (this.rules.maxRedirects() == 0) {
					throw refused("The " + this.purpose.url() + " " + shown(uri) + " answered with a redirect ("
							+ answer.status() + ") to " + shown(answer.location()) + "; Tilegate does not follow "
							+ "redirects. If you trust that address, give it as the " + this.purpose.url() + ".");
				}
				if (redirects >= this.rules.maxRedirects()) {
					throw refused("The " + this.purpose.url() + " " + shown(first) + " redirected more than "
							+ this.rules.maxRedirects() + " times (the last time to " + shown(answer.location())
							+ "); give the final URL instead.");
				}
				uri = checkedRedirect(first, uri, answer.location());
			}
		}
		finally {
			deadline.cancel(false);
		}
	}

	/**
	 * Posts a body to the URL and reads the status the server answers with: a webhook's
	 * delivery, where what the server answers is the receiver's business, not content to read.
	 * A redirect is an answer like any other and is never followed: the body must not go to a
	 * second host that the first one names.
	 * @param headers sent as given; a signature, say
	 * @return the status code; the body of the answer is dropped unread
	 * @throws OutboundFetchException when the URL is refused or nothing answered in time
	 */
	public int post(String url, Map<String, String> headers, byte[] body, String contentType) {
		URI uri = checked(url);
		HttpPost request = new HttpPost(uri);
		headers.forEach(request::setHeader);
		request.setEntity(new ByteArrayEntity(body, ContentType.parse(contentType)));
		AtomicBoolean timedOut = new AtomicBoolean();
		ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
			timedOut.set(true);
			request.cancel();
		}, this.rules.totalTimeout().toMillis(), TimeUnit.MILLISECONDS);
		try {
			return this.http.execute(request, (response) -> response.getCode());
		}
		catch (IOException ex) {
			if (timedOut.get()) {
				throw timedOut(uri);
			}
			throw failed(uri, uri, ex);
		}
		finally {
			deadline.cancel(false);
		}
	}

	private Answer exchange(URI first, URI uri, AtomicReference<HttpGet> current, AtomicBoolean timedOut) {
		HttpGet request = new HttpGet(uri);
		request.setHeader("Accept", this.purpose.accept());
		current.set(request);
		if (timedOut.get()) {
			throw timedOut(first);
		}
		boolean completed = false;
		ClassicHttpResponse response = null;
		try {
			response = this.http.executeOpen(null, request, null);
			Answer answer = answer(uri, response);
			completed = answer.body() != null;
			return answer;
		}
		catch (IOException ex) {
			if (timedOut.get()) {
				throw timedOut(first);
			}
			throw failed(first, uri, ex);
		}
		finally {
			// Closing an unread body would read it to its end to keep the connection; cancelling
			// drops the connection instead, so nothing past what was read is ever read.
			if (!completed) {
				request.cancel();
			}
			closeQuietly(response);
		}
	}

	private static void closeQuietly(ClassicHttpResponse response) {
		if (response == null) {
			return;
		}
		try {
			response.close();
		}
		catch (IOException ex) {
			// A cancelled connection is closed already.
		}
	}

	private Answer answer(URI uri, ClassicHttpResponse response) throws IOException {
		int status = response.getCode();
		if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
			Header location = response.getFirstHeader("Location");
			if (location == null || location.getValue().isBlank()) {
				throw new OutboundFetchException(Failure.ANSWERED, false, "The " + this.purpose.url() + " " + shown(uri)
						+ " answered with a redirect (" + status + ") without saying where to.");
			}
			return new Answer(status, location.getValue().trim(), null);
		}
		if (status != 200) {
			// Waiting may help a busy or broken server (5xx), a timeout (408) or a rate limit (429).
			boolean retryable = status >= 500 || status == 408 || status == 429;
			throw new OutboundFetchException(Failure.ANSWERED, retryable, "The " + this.purpose.url() + " " + shown(uri)
					+ " answered " + status + " instead of the " + this.purpose.content() + ".");
		}
		HttpEntity entity = response.getEntity();
		if (entity == null) {
			throw new OutboundFetchException(Failure.ANSWERED, false,
					"The " + this.purpose.url() + " " + shown(uri) + " answered with no " + this.purpose.content() + ".");
		}
		if (entity.getContentLength() > this.rules.maxBytes()) {
			throw tooLarge(uri);
		}
		return new Answer(status, null, new FetchedBody(uri, read(uri, entity), entity.getContentType()));
	}

	private byte[] read(URI uri, HttpEntity entity) throws IOException {
		long max = this.rules.maxBytes();
		long declared = entity.getContentLength();
		ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.min((declared > 0) ? declared : 8192, max));
		byte[] buffer = new byte[8192];
		// Not closed on the way out: closing a body stream reads it to its end. The caller drops
		// the connection instead; at the end of the body, closing hands the connection back.
		InputStream in = entity.getContent();
		for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
			if (body.size() + (long) read > max) {
				throw tooLarge(uri);
			}
			body.write(buffer, 0, read);
		}
		in.close();
		return body.toByteArray();
	}

	// ---- checking URLs

	private URI checked(String url) {
		if (url == null || url.isBlank()) {
			throw refused("The " + this.purpose.url() + " is empty.");
		}
		URI uri;
		try {
			uri = new URI(url.trim());
		}
		catch (URISyntaxException ex) {
			throw refused("The " + this.purpose.url() + " is not a URL: " + ex.getReason() + ".");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("https") && !(scheme.equals("http") && this.rules.allowHttp())) {
			throw refused("The " + this.purpose.url() + " must start with https:// (it was " + shown(url)
					+ "); what is fetched without TLS could be swapped on the way. Copy the HTTPS "
					+ this.purpose.url() + " from the IdP, or " + this.purpose.instead() + ".");
		}
		if (uri.getHost() == null || uri.getRawUserInfo() != null) {
			throw refused("The " + this.purpose.url() + " " + shown(url) + " has no host name, or has a user name in it; "
					+ "give the IdP's plain https://host/path " + this.purpose.url() + ".");
		}
		return uri;
	}

	private URI checkedRedirect(URI first, URI from, String location) {
		URI target;
		try {
			target = from.resolve(new URI(location));
		}
		catch (URISyntaxException | IllegalArgumentException ex) {
			throw refused("The " + this.purpose.url() + " " + shown(first) + " redirected to " + shown(location)
					+ ", which is not a URL.");
		}
		String scheme = (target.getScheme() != null) ? target.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("https") && !(scheme.equals("http") && this.rules.allowHttp())) {
			throw refused("The " + this.purpose.url() + " " + shown(first) + " redirected to " + shown(target)
					+ ", which does not start with https://; what is fetched without TLS could be swapped on the way.");
		}
		if (target.getHost() == null || target.getRawUserInfo() != null) {
			throw refused("The " + this.purpose.url() + " " + shown(first) + " redirected to " + shown(target)
					+ ", which has no host name or has a user name in it.");
		}
		return target;
	}

	// ---- what went wrong

	private OutboundFetchException refused(String message) {
		return new OutboundFetchException(Failure.REFUSED, false, message);
	}

	private OutboundFetchException tooLarge(URI uri) {
		return new OutboundFetchException(Failure.TOO_LARGE, false, "The " + this.purpose.content() + " at " + shown(uri)
				+ " is larger than " + this.rules.maxBytes() + " bytes; " + this.purpose.sizeAdvice());
	}

	private OutboundFetchException timedOut(URI first) {
		return new OutboundFetchException(Failure.UNREACHABLE, true, "The " + this.purpose.url() + " " + shown(first)
				+ " did not answer within " + span(this.rules.totalTimeout()) + ".");
	}

	private OutboundFetchException failed(URI first, URI uri, IOException ex) {
		String host = uri.getHost();
		String which = uri.equals(first) ? "The " + this.purpose.url() + "'s host " + host
				: "The " + this.purpose.url() + " " + shown(first) + " redirected to " + shown(uri) + ", whose host " + host;
		RefusedAddressException refusedAddress = cause(ex, RefusedAddressException.class);
		if (refusedAddress != null) {
			return refused(which + " resolves to " + refusedAddress.address().getHostAddress() + ", a private, loopback "
					+ "or link-local address; Tilegate fetches only from public addresses. "
					+ capitalized(this.purpose.instead()) + ", or " + this.purpose.privateAddresses() + ".");
		}
		if (cause(ex, UnknownHostException.class) != null) {
			return new OutboundFetchException(Failure.UNREACHABLE, true, which + " could not be resolved.");
		}
		if (cause(ex, SSLException.class) != null) {
			return new OutboundFetchException(Failure.UNREACHABLE, true, "The TLS connection to " + host + " failed: "
					+ cause(ex, SSLException.class).getMessage()
					+ ". Its certificate must be valid and trusted by Tilegate's Java runtime.");
		}
		if (cause(ex, ConnectException.class) != null || cause(ex, NoRouteToHostException.class) != null
				|| cause(ex, ConnectTimeoutException.class) != null) {
			return new OutboundFetchException(Failure.UNREACHABLE, true, "Tilegate could not connect to " + host
					+ " port " + ((uri.getPort() != -1) ? uri.getPort() : DefaultSchemePortResolver.INSTANCE
						.resolve(uri.getScheme(), null))
					+ " to fetch the " + this.purpose.content() + "; check the URL and that this server may reach it.");
		}
		if (cause(ex, SocketTimeoutException.class) != null) {
			return new OutboundFetchException(Failure.UNREACHABLE, true, "The " + this.purpose.url() + " " + shown(first)
					+ " stopped answering for " + span(this.rules.readTimeout()) + ".");
		}
		return new OutboundFetchException(Failure.UNREACHABLE, true, "The " + this.purpose.content()
				+ " could not be fetched from " + shown(uri) + ": "
				+ ((ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName()));
	}

	/**
	 * A URL as messages show it: without user info, query or fragment, which in a signed or
	 * private URL may be a credential, and messages end up in the event log.
	 */
	static String shown(Object url) {
		String text = String.valueOf(url).strip();
		try {
			URI uri = new URI(text);
			String query = (uri.getRawQuery() != null) ? "?…" : "";
			if (uri.getRawAuthority() == null) {
				return (uri.isOpaque()) ? uri.getScheme() + ":…" : uri.getRawPath() + query;
			}
			String authority = uri.getRawAuthority();
			return uri.getScheme() + "://" + authority.substring(authority.lastIndexOf('@') + 1)
					+ ((uri.getRawPath() != null) ? uri.getRawPath() : "") + query;
		}
		catch (URISyntaxException ex) {
			return "(not a URL)";
		}
	}

	private static <T extends Throwable> T cause(Throwable ex, Class<T> type) {
		for (Throwable inner = ex; inner != null; inner = inner.getCause()) {
			if (type.isInstance(inner)) {
				return type.cast(inner);
			}
		}
		return null;
	}

	private static String span(Duration duration) {
		if (duration.toMillis() % 1000 != 0) {
			return duration.toMillis() + " ms";
		}
		return (duration.toSeconds() == 1) ? "1 second" : duration.toSeconds() + " seconds";
	}

	private static String capitalized(String text) {
		return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

	@Override
	public void close() {
		try {
			this.http.close();
		}
		catch (IOException ex) {
			// Closing drops pooled connections; there is nothing left to save.
		}
	}

	/** A redirect (status and location) or the body. */
	private record Answer(int status, String location, FetchedBody body) {
	}

}
