package io.tilegate.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser on the admin console, as far as a test over HTTP needs one: it keeps its cookies,
 * remembers the CSRF token of the last page it read and sends it with every form, the way the
 * pages' own forms do, and follows redirects only when told to.
 */
public final class ConsoleBrowser {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private final String base;

	private final HttpClient http;

	private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

	private String csrf;

	public ConsoleBrowser(int port) {
		this.base = "http://localhost:" + port;
		this.http = HttpClient.newBuilder()
			.cookieHandler(this.cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
	}

	/** Signs in with the break-glass admin's form; fails the test when that does not work. */
	public ConsoleBrowser signIn(String password) {
		HttpResponse<String> response = signInWith("admin", password);
		if (response.statusCode() != 302 || !location(response).endsWith("/admin")) {
			throw new AssertionError("Admin sign-in failed: " + response.statusCode() + " " + location(response));
		}
		// Signing in gives the session a new CSRF token; the sign-in page's is spent.
		this.csrf = null;
		return this;
	}

	/** Submits the sign-in form as typed, and answers what the server said. */
	public HttpResponse<String> signInWith(String userName, String password) {
		get("/admin/sign-in");
		return submit("/admin/sign-in", Map.of("username", userName, "password", password));
	}

	/** Posts a SAML response to a connection's ACS, as an IdP's auto-submitting form does. */
	public HttpResponse<String> postSamlResponse(String connectionId, String base64Response) {
		return send(HttpRequest.newBuilder(uri("/login/saml2/sso/" + connectionId))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(encode(Map.of("SAMLResponse", base64Response)))));
	}

	public HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	/** Follows redirects until a page that is not one. */
	public HttpResponse<String> follow(HttpResponse<String> response) {
		HttpResponse<String> current = response;
		for (int hops = 0; hops < 10 && current.statusCode() / 100 == 3; hops++) {
			current = get(current.uri().resolve(location(current)).toString());
		}
		return current;
	}

	/** Posts a form with the CSRF token of the last page read, fetching one page first if needed. */
	public HttpResponse<String> submit(String path, Map<String, String> fields) {
		Map<String, String> form = new LinkedHashMap<>(fields);
		form.putIfAbsent("_csrf", csrfToken());
		return submitAsIs(path, form);
	}

	/** Posts exactly these fields: no CSRF token unless the caller put one in. */
	public HttpResponse<String> submitAsIs(String path, Map<String, String> form) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(encode(form))));
	}

	/** Any request, with the session's cookies and the given headers and form body. */
	public HttpResponse<String> send(String method, String path, Map<String, String> headers, Map<String, String> form) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.method(method, form.isEmpty() ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString(encode(form)));
		if (!form.isEmpty()) {
			request.header("Content-Type", "application/x-www-form-urlencoded");
		}
		headers.forEach(request::header);
		return send(request);
	}

	/**
	 * Posts a multipart form with one file, as a browser's file input sends it, the CSRF token
	 * in the form's hidden field.
	 */
	public HttpResponse<String> upload(String path, Map<String, String> fields, String fileField, String fileName,
			byte[] content) {
		Map<String, String> form = new LinkedHashMap<>(fields);
		form.putIfAbsent("_csrf", csrfToken());
		return uploadAsIs(path, form, fileField, fileName, content);
	}

	/** Posts a multipart form with exactly these fields and one file: no CSRF token unless given. */
	public HttpResponse<String> uploadAsIs(String path, Map<String, String> form, String fileField, String fileName,
			byte[] content) {
		String boundary = "----tilegate" + UUID.randomUUID();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		form.forEach((name, value) -> write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
				+ "\"\r\n\r\n" + value + "\r\n"));
		write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\""
				+ fileName + "\"\r\nContent-Type: text/xml\r\n\r\n");
		body.writeBytes(content);
		write(body, "\r\n--" + boundary + "--\r\n");
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
	}

	public String csrfToken() {
		if (this.csrf == null) {
			get("/admin/sign-in");
		}
		if (this.csrf == null) {
			get("/admin");
		}
		return this.csrf;
	}

	/**
	 * The id of the session the cookie names (Spring Session writes it base64-encoded), as
	 * {@code SPRING_SESSION.SESSION_ID} holds it; {@code null} before the server made a session.
	 */
	public String sessionId() {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals("SESSION"))
			.map((cookie) -> new String(Base64.getDecoder().decode(cookie.getValue()), StandardCharsets.US_ASCII))
			.findFirst()
			.orElse(null);
	}

	public static String location(HttpResponse<?> response) {
		return response.headers().firstValue("Location").orElse("");
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			// A browser asks for HTML; without it, error pages would answer in JSON.
			request.setHeader("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
			HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			Matcher token = CSRF.matcher(response.body());
			if (token.find()) {
				this.csrf = token.group(1);
			}
			return response;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private URI uri(String pathOrUrl) {
		return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : this.base + pathOrUrl);
	}

	private static void write(ByteArrayOutputStream body, String text) {
		body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
	}

	private static String encode(Map<String, String> form) {
		return form.entrySet()
			.stream()
			.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

}
