package io.tilegate.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything under {@code tilegate.*}.
 *
 * @param baseUrl the public base URL; the only source of entity IDs and endpoint URLs, so a
 * forged Host header changes nothing
 * @param idpMetadataDir every {@code NAME.xml} here becomes connection {@code NAME} at start-up
 * @param adminPassword the break-glass admin's password; generated and logged once when absent
 * @param saml limits and keys of SAML sign-in
 * @param scim limits of the SCIM endpoint and its tokens
 * @param events how long the event log keeps what it recorded
 * @param metadata how IdP metadata is fetched from a URL
 * @param admin the admin console's sessions
 * @param personas when and in what steps personas are re-evaluated
 * @param images how profile photos named by the IdP are fetched in the background
 */
@ConfigurationProperties("tilegate")
public record TilegateProperties(URI baseUrl, @DefaultValue("idp-metadata") Path idpMetadataDir, String adminPassword,
		@DefaultValue Saml saml, @DefaultValue Scim scim, @DefaultValue Events events, @DefaultValue Metadata metadata,
		@DefaultValue Admin admin, @DefaultValue Personas personas, @DefaultValue Images images) {

	public TilegateProperties {
		events = (events != null) ? events : new Events(Events.DEFAULT_RETENTION);
		admin = (admin != null) ? admin : new Admin(Admin.DEFAULT_SESSION_TIMEOUT, Admin.DEFAULT_IDP_AUTHENTICATION_MAX_AGE);
		personas = (personas != null) ? personas : new Personas(null, 0, 0);
		images = (images != null) ? images : Images.DEFAULTS;
		String url = baseUrl == null ? "http://localhost:8080" : baseUrl.toString();
		while (url.endsWith("/")) {
			url = url.substring(0, url.length() - 1);
		}
		baseUrl = URI.create(url);
		String wrong = whatIsWrong(baseUrl);
		if (wrong != null) {
			throw new IllegalArgumentException("tilegate.base-url (TILEGATE_BASE_URL) must be the URL people type to "
					+ "reach Tilegate, e.g. https://intranet.example.com or http://localhost:8080; it is " + baseUrl
					+ ", " + wrong);
		}
	}

	/**
	 * Every entity ID, ACS and SCIM URL is this URL with a path appended, and IdPs keep them:
	 * one that a browser cannot follow is refused at start, not discovered at the first sign-in.
	 */
	private static String whatIsWrong(URI baseUrl) {
		String scheme = baseUrl.getScheme();
		if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
			return "which does not start with http:// or https://";
		}
		String authority = baseUrl.getRawAuthority();
		if (authority != null && baseUrl.getHost() == null && authority.contains("_")) {
			// Browsers tolerate it, but java.net.URI reads no host from such a URL, and the SP
			// certificate's name, the API's same-site check and the alert mails' sender need one.
			return "whose host name has an underscore: use a DNS name of letters, digits, hyphens and dots "
					+ "(a CNAME to the same address will do)";
		}
		if (authority == null || baseUrl.getHost() == null) {
			return "which names no host a browser can reach";
		}
		if (authority.endsWith(":")) {
			return "whose colon after the host is followed by no port number";
		}
		if (baseUrl.getPort() > 65535) {
			return "whose port is above 65535";
		}
		if (baseUrl.getRawUserInfo() != null) {
			return "which holds a user name, which would be sent to every IdP";
		}
		if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
			return "which has a ? or # part, which the paths appended to it would land in";
		}
		return null;
	}

	/** The base URL without a trailing slash, ready to have a path appended. */
	public String base() {
		return this.baseUrl.toString();
	}

	/**
	 * @param clockSkew tolerated difference between the IdP's clock and ours
	 * @param maxAssertionAge an assertion or response issued longer ago than this is refused,
	 * whatever its NotOnOrAfter says
	 * @param maxResponseSize the largest SAMLResponse/SAMLRequest body accepted
	 * @param maxXmlDepth the deepest element nesting accepted in a SAML message
	 * @param authnRequestTtl how long an SP-initiated request waits for its response
	 * @param signingKey PEM private key of the SP; generated and kept in the database when absent
	 * @param signingCertificate PEM certificate matching {@code signingKey}
	 */
	public record Saml(@DefaultValue("2m") Duration clockSkew, @DefaultValue("5m") Duration maxAssertionAge,
			@DefaultValue("256KB") DataSize maxResponseSize, @DefaultValue("64") int maxXmlDepth,
			@DefaultValue("10m") Duration authnRequestTtl, String signingKey, String signingCertificate) {
	}

	/**
	 * @param maxBodySize the largest request body accepted (413 above it)
	 * @param maxResults the largest page a list returns, whatever {@code count} asks for
	 * @param defaultResults the page size when {@code count} is absent
	 * @param maxFilterLength the longest filter expression accepted
	 * @param maxFilterTerms the most comparisons one filter may combine
	 * @param requestsPerSecond the sustained rate one token may call at before getting 429
	 * @param burst how many calls above that rate a token may make at once
	 * @param tokenValidity how long a new token is valid when the admin does not say
	 * @param maxPatchMembers the most members one group PATCH may name, all its operations
	 * together; ten times the 100 that AWS IAM Identity Center takes, which Okta, Entra and
	 * OneLogin all push groups to
	 * @param bulkMaxOperations the most operations one {@code /Bulk} request may hold (413 above it)
	 * @param bulkMaxPayloadSize the largest {@code /Bulk} body accepted, in place of
	 * {@code maxBodySize}: room for {@code bulkMaxOperations} user creates of 4 KB each, more
	 * than a user with every attribute takes
	 */
	public record Scim(@DefaultValue("1MB") DataSize maxBodySize, @DefaultValue("200") int maxResults,
			@DefaultValue("100") int defaultResults, @DefaultValue("2048") int maxFilterLength,
			@DefaultValue("16") int maxFilterTerms, @DefaultValue("200") int requestsPerSecond,
			@DefaultValue("400") int burst, @DefaultValue("365d") Duration tokenValidity,
			@DefaultValue("1000") int maxPatchMembers, @DefaultValue("1000") int bulkMaxOperations,
			@DefaultValue("4MB") DataSize bulkMaxPayloadSize) {

		public Scim {
			if (maxPatchMembers < 1) {
				throw new IllegalArgumentException("tilegate.scim.max-patch-members must be at least 1, e.g. 1000; it is "
						+ maxPatchMembers);
			}
			if (bulkMaxOperations < 1) {
				throw new IllegalArgumentException("tilegate.scim.bulk-max-operations must be at least 1, e.g. 1000; it "
						+ "is " + bulkMaxOperations);
			}
		}
	}

	/**
	 * @param retention events older than this are removed by the daily purge
	 */
	public record Events(@DefaultValue("90d") Duration retention) {

		static final Duration DEFAULT_RETENTION = Duration.ofDays(90);

		public Events {
			if (retention == null) {
				retention = DEFAULT_RETENTION;
			}
			if (retention.isNegative() || retention.isZero()) {
				throw new IllegalArgumentException("tilegate.events.retention must be positive, e.g. 90d; it is "
						+ retention);
			}
		}
	}

	/**
	 * @param allowPrivateUrls whether a metadata URL may resolve to a private, loopback or
	 * link-local address; off, so an admin form cannot be used to reach internal services
	 * @param refreshInterval how often metadata fetched from a URL is fetched again
	 * @param maxSize the largest metadata document fetched
	 */
	public record Metadata(@DefaultValue("false") boolean allowPrivateUrls, @DefaultValue("24h") Duration refreshInterval,
			@DefaultValue("1MB") DataSize maxSize) {
	}

	/**
	 * @param sessionTimeout how long an admin's session lasts without a request; a user's
	 * session keeps {@code server.servlet.session.timeout}
	 * @param idpAuthenticationMaxAge an admin who came in through an IdP and opens the console
	 * when the IdP last authenticated them ({@code AuthnInstant}) longer ago than this is sent
	 * back to the IdP to sign in afresh ({@code ForceAuthn}): an IdP session of its own can sign
	 * people in for days without asking for a password
	 */
	public record Admin(@DefaultValue("30m") Duration sessionTimeout,
			@DefaultValue("12h") Duration idpAuthenticationMaxAge) {

		static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofMinutes(30);

		static final Duration DEFAULT_IDP_AUTHENTICATION_MAX_AGE = Duration.ofHours(12);

		public Admin {
			if (sessionTimeout == null) {
				sessionTimeout = DEFAULT_SESSION_TIMEOUT;
			}
			if (idpAuthenticationMaxAge == null) {
				idpAuthenticationMaxAge = DEFAULT_IDP_AUTHENTICATION_MAX_AGE;
			}
			if (idpAuthenticationMaxAge.toSeconds() < 60) {
				throw new IllegalArgumentException("tilegate.admin.idp-authentication-max-age must be at least a minute, "
						+ "e.g. 12h; it is " + idpAuthenticationMaxAge);
			}
			if (sessionTimeout.toSeconds() < 60) {
				throw new IllegalArgumentException("tilegate.admin.session-timeout must be at least a minute, e.g. 30m; it is "
						+ sessionTimeout);
			}
		}
	}

	/**
	 * @param dailyRecompute the cron expression, in UTC, of the daily re-evaluation that moves
	 * people in and out of date-based personas ("hired in the last 90 days") without a sign-in
	 * @param recomputeChunk how many users a directory-wide re-evaluation takes per
	 * transaction
	 * @param recomputeWorkers how many parts of the directory a directory-wide re-evaluation
	 * works on at once, each through a database connection of its own
	 */
	public record Personas(@DefaultValue(Personas.DEFAULT_DAILY_RECOMPUTE) String dailyRecompute,
			@DefaultValue("1000") int recomputeChunk, @DefaultValue("2") int recomputeWorkers) {

		static final String DEFAULT_DAILY_RECOMPUTE = "0 47 3 * * *";

		public Personas {
			if (dailyRecompute == null || dailyRecompute.isBlank()) {
				dailyRecompute = DEFAULT_DAILY_RECOMPUTE;
			}
			if (recomputeChunk <= 0) {
				recomputeChunk = 1000;
			}
			if (recomputeWorkers <= 0) {
				recomputeWorkers = 2;
			}
		}
	}

	/**
	 * The background fetch of the profile photos IdPs name by URL (SAML {@code photo}, SCIM
	 * {@code photos}); what it refuses is in docs/profile-images.md.
	 * @param allowPrivateUrls for test set-ups only: photo URLs may then be plain {@code http}
	 * and reach private, loopback and link-local addresses; off, so that whoever writes a
	 * user's photo URL in the IdP cannot make Tilegate reach inside the network
	 * @param connectTimeout how long connecting (TCP and TLS) to the image's server may take
	 * @param readTimeout how long that server may stay silent while answering
	 * @param totalTimeout how long one try may take in all, redirects included
	 * @param maxRedirects how many redirects are followed, each target checked like the URL
	 * @param fetchTries how many times a fetch is tried before the problem is shown and recorded
	 * (the first try included); a refused URL or image is not tried again
	 * @param retryBackoff the wait before the second try; each further try waits twice as long
	 */
	public record Images(@DefaultValue("false") boolean allowPrivateUrls, @DefaultValue("5s") Duration connectTimeout,
			@DefaultValue("15s") Duration readTimeout, @DefaultValue("30s") Duration totalTimeout,
			@DefaultValue("3") int maxRedirects, @DefaultValue("5") int fetchTries,
			@DefaultValue("1m") Duration retryBackoff) {

		static final Images DEFAULTS = new Images(false, Duration.ofSeconds(5), Duration.ofSeconds(15),
				Duration.ofSeconds(30), 3, 5, Duration.ofMinutes(1));

		public Images {
			if (fetchTries < 1 || fetchTries > 20) {
				throw new IllegalArgumentException("tilegate.images.fetch-tries must be between 1 and 20, e.g. 5; it is "
						+ fetchTries);
			}
			if (maxRedirects < 0 || maxRedirects > 10) {
				throw new IllegalArgumentException("tilegate.images.max-redirects must be between 0 and 10, e.g. 3; it is "
						+ maxRedirects);
			}
			for (Duration duration : new Duration[] { connectTimeout, readTimeout, totalTimeout, retryBackoff }) {
				if (duration == null || duration.isNegative() || duration.isZero()) {
					throw new IllegalArgumentException("tilegate.images' timeouts and retry-backoff must be positive, "
							+ "e.g. 15s; one is " + duration);
				}
			}
		}
	}

}
