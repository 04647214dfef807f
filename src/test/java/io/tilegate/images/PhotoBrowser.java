package io.tilegate.images;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser as far as profile images need one: it keeps its cookies, reads pages (remembering
 * their CSRF token) and images (as bytes), and sends the photo forms as a browser's file input
 * does, with the CSRF token in the form's hidden field. Redirects are not followed.
 */
public final class PhotoBrowser {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private final String base;

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	private String csrf;

	public PhotoBrowser(int port) {
		this.base = "http://localhost:" + port;
	}

	/** Signs in with a SAML response posted to the connection's ACS; fails the test if refused. */
	public PhotoBrowser signInWithSaml(String connectionId, String base64Response) {
		HttpResponse<String> acs = send(HttpRequest.newBuilder(uri("/login/saml2/sso/" + connectionId))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("SAMLResponse=" + URLEncoder.encode(base64Response,
					StandardCharsets.UTF_8))), HttpResponse.BodyHandlers.ofString());
		if (acs.statusCode() != 302) {
			throw new AssertionError("SAML sign-in refused: " + acs.statusCode() + " " + acs.body());
		}
		return this;
	}

	/** Signs in to the console as the break-glass admin. */
	public PhotoBrowser signInAsAdmin(String password) {
		page("/admin/sign-in");
		HttpResponse<String> signedIn = post("/admin/sign-in", "username=admin&password="
				+ URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + csrfToken());
		if (signedIn.statusCode() != 302 || !signedIn.headers().firstValue("Location").orElse("").endsWith("/admin")) {
			throw new AssertionError("Admin sign-in failed: " + signedIn.statusCode());
		}
		this.csrf = null;
		return this;
	}

	/** A page, as text; its CSRF token is kept for the next form. */
	public HttpResponse<String> page(String path) {
		HttpResponse<String> page = send(HttpRequest.newBuilder(uri(path))
			.header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
			.GET(), HttpResponse.BodyHandlers.ofString());
		Matcher token = CSRF.matcher(page.body());
		if (token.find()) {
			this.csrf = token.group(1);
		}
		return page;
	}

	/** Sends this token from now on, as a page of another site would guess one. */
	public PhotoBrowser forgeCsrfToken(String token) {
		this.csrf = token;
		return this;
	}

	/** A page after the redirect that a form answered with. */
	public HttpResponse<String> follow(HttpResponse<?> redirect) {
		return page(redirect.headers().firstValue("Location").orElseThrow());
	}

	public HttpResponse<byte[]> image(String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Accept", "image/*,*/*;q=0.8").GET();
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request, HttpResponse.BodyHandlers.ofByteArray());
	}

	/**
	 * A photo form: the file in part {@code file}, the CSRF token of the last page in the
	 * hidden field {@code _csrf} before it, where the page's form puts it.
	 */
	public HttpResponse<String> upload(String path, String fileName, byte[] content) {
		String boundary = "----tilegate" + UUID.randomUUID();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + token()
				+ "\r\n").getBytes(StandardCharsets.UTF_8));
		body.writeBytes(fileForm(boundary, fileName, content));
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * A multipart body with one part, {@code file}, as a browser's file input sends it; its
	 * declared type is whatever the file's name suggests to a browser, which Tilegate ignores.
	 */
	public static byte[] fileForm(String boundary, String fileName, byte[] content) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
				+ "\"\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
		body.writeBytes(content);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return body.toByteArray();
	}

	/** A form without fields but its CSRF token, as the remove buttons send. */
	public HttpResponse<String> submit(String path) {
		return post(path, "_csrf=" + csrfToken());
	}

	private HttpResponse<String> post(String path, String form) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)), HttpResponse.BodyHandlers.ofString());
	}

	private String csrfToken() {
		return URLEncoder.encode(token(), StandardCharsets.UTF_8);
	}

	private String token() {
		if (this.csrf == null) {
			throw new IllegalStateException("Read a page with a form first: the CSRF token comes from it");
		}
		return this.csrf;
	}

	private URI uri(String path) {
		return URI.create(path.startsWith("http") ? path : this.base + path);
	}

	private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
		try {
			return this.http.send(request.timeout(Duration.ofSeconds(30)).build(), body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
