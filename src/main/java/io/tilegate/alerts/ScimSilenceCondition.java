package io.tilegate.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.tilegate.config.AlertProperties;
import io.tilegate.connections.Connection;
import io.tilegate.connections.Connections;
import io.tilegate.scim.ScimToken;
import io.tilegate.scim.ScimTokens;

import org.springframework.stereotype.Component;

/**
 * A connection with an active SCIM token that has received no SCIM call for
 * {@code scim-silence}: the IdP's provisioning has stopped, failed, or lost the URL, and
 * leavers keep their access until someone notices. A token is given that long from its
 * creation, so a new connection is not an alert before its IdP had a chance to push.
 */
@Component
class ScimSilenceCondition implements AlertCondition {

	static final String KIND = "scim-silent";

	private final Connections connections;

	private final ScimTokens tokens;

	private final AlertProperties properties;

	ScimSilenceCondition(Connections connections, ScimTokens tokens, AlertProperties properties) {
		this.connections = connections;
		this.tokens = tokens;
		this.properties = properties;
	}

	@Override
	public String kind() {
		return KIND;
	}

	@Override
	public List<AlertFinding> findAt(Instant now) {
		List<AlertFinding> findings = new ArrayList<>();
		for (Connection connection : this.connections.list()) {
			List<ScimToken> all = this.tokens.list(connection.getId());
			Instant firstActive = all.stream()
				.filter((token) -> !token.isRevoked() && !token.isExpiredAt(now))
				.map(ScimToken::getCreatedAt)
				.min(Comparator.naturalOrder())
				.orElse(null);
			if (firstActive == null) {
				continue;
			}
			Instant lastCall = all.stream()
				.map(ScimToken::getLastUsedAt)
				.filter(Objects::nonNull)
				.max(Comparator.naturalOrder())
				.orElse(null);
			Instant quietSince = (lastCall != null && lastCall.isAfter(firstActive)) ? lastCall : firstActive;
			if (!now.isBefore(quietSince.plus(this.properties.scimSilence()))) {
				findings.add(finding(connection.getId(), lastCall, firstActive));
			}
		}
		return findings;
	}

	private AlertFinding finding(String connectionId, Instant lastCall, Instant firstActive) {
		String silence = Spans.describe(this.properties.scimSilence());
		Map<String, Object> detail = (lastCall != null) ? Map.of("lastScimCallAt", lastCall.toString())
				: Map.of("tokenCreatedAt", firstActive.toString());
		return AlertFinding.now(KIND + ":" + connectionId, connectionId,
				"Connection " + connectionId + ": no SCIM call for " + silence,
				"Connection " + connectionId + ": no SCIM call for " + silence + " or more ("
						+ ((lastCall != null) ? "the last at " + lastCall
								: "none since its SCIM token was created at " + firstActive)
						+ "). Changes made in the IdP, leavers included, are not reaching Tilegate. Check the "
						+ "provisioning status and errors of the Tilegate app in the IdP, and that it has this "
						+ "connection's SCIM URL and a token that is not revoked; revoke the token if the connection "
						+ "no longer provisions.",
				detail);
	}

}
