package io.tilegate.saml;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.saml2.provider.service.metadata.Saml2MetadataResponse;
import org.springframework.security.saml2.provider.service.metadata.Saml2MetadataResponseResolver;
import org.springframework.stereotype.Component;

/**
 * Who read each connection's SP metadata, and when. An IdP that reads it from the URL (ADFS,
 * Keycloak, Shibboleth, authentik) shows up here after it picked up a new certificate; one whose
 * admin uploaded a file (Okta, Entra, OneLogin) never does, so an empty list says to check in the
 * IdP, not that it lacks the certificate.
 */
@Component
public class SpMetadataFetches {

	private static final Logger logger = LoggerFactory.getLogger(SpMetadataFetches.class);

	private static final int MAX_ADDRESS = 64;

	private static final int MAX_USER_AGENT = 255;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	SpMetadataFetches(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** One reader's last fetch of a connection's SP metadata. */
	public record MetadataFetch(String remoteAddress, String userAgent, Instant firstFetchAt, Instant lastFetchAt) {
	}

	/** The readers of the connection's metadata since {@code since}, the latest first. */
	public List<MetadataFetch> since(String connectionId, Instant since) {
		return this.jdbc.query("""
				select remote_address, user_agent, first_fetch_at, last_fetch_at from sp_metadata_fetch
				where connection_id = ? and last_fetch_at >= ? order by last_fetch_at desc""",
				(rs, n) -> new MetadataFetch(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
						rs.getTimestamp(4).toInstant()),
				connectionId, Timestamp.from(since));
	}

	/** Spring's metadata answer, each one served recorded against its connection. */
	Saml2MetadataResponseResolver recording(Saml2MetadataResponseResolver metadata) {
		return (request) -> {
			Saml2MetadataResponse response = metadata.resolve(request);
			if (response != null) {
				record(request);
			}
			return response;
		};
	}

	private void record(HttpServletRequest request) {
		String path = request.getRequestURI();
		String connectionId = path.substring(path.lastIndexOf('/') + 1);
		String address = clip(request.getRemoteAddr(), MAX_ADDRESS);
		String userAgent = clip(request.getHeader("User-Agent"), MAX_USER_AGENT);
		Timestamp now = Timestamp.from(Instant.now(this.clock));
		try {
			int updated = this.jdbc.update("""
					update sp_metadata_fetch set last_fetch_at = ?
					where connection_id = ? and remote_address = ? and user_agent = ?""", now, connectionId, address,
					userAgent);
			if (updated == 0) {
				this.jdbc.update("""
						insert into sp_metadata_fetch (connection_id, remote_address, user_agent, first_fetch_at,
						last_fetch_at) values (?, ?, ?, ?, ?)""", connectionId, address, userAgent, now, now);
			}
		}
		catch (DuplicateKeyException ex) {
			// The same reader fetched twice at once through two nodes: one of them recorded it.
		}
		catch (DataAccessException ex) {
			// The metadata was served all the same; only the connection page's list misses this fetch.
			logger.warn("Could not record a fetch of connection {}'s SP metadata: {}", connectionId, ex.getMessage());
		}
	}

	private static String clip(String value, int max) {
		if (value == null || value.isBlank()) {
			return "-";
		}
		return (value.length() <= max) ? value : value.substring(0, max);
	}

}
