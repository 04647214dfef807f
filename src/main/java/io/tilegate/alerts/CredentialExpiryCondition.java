package io.tilegate.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tilegate.expiry.ExpiryWarning;
import io.tilegate.expiry.ExpiryWarnings;

import org.springframework.stereotype.Component;

/**
 * An IdP signing certificate or SCIM token within 30, 7 or 1 days of its end, or past it, as
 * the console's expiry warnings see it: each is one alert, raised again at each narrower stage.
 */
@Component
class CredentialExpiryCondition implements AlertCondition {

	static final String KIND = "credential-expiring";

	private final ExpiryWarnings warnings;

	CredentialExpiryCondition(ExpiryWarnings warnings) {
		this.warnings = warnings;
	}

	@Override
	public String kind() {
		return KIND;
	}

	@Override
	public List<AlertFinding> findAt(Instant now) {
		return this.warnings.all().stream().map(CredentialExpiryCondition::finding).toList();
	}

	private static AlertFinding finding(ExpiryWarning warning) {
		String what = switch (warning.kind()) {
			case IDP_CERTIFICATE -> "IdP signing certificate";
			case SCIM_TOKEN -> "SCIM token";
		};
		String when = warning.expired() ? "has expired"
				: "expires within " + warning.threshold() + ((warning.threshold() == 1) ? " day" : " days");
		return new AlertFinding(KIND + ":" + warning.subject(), warning.connectionId(),
				warning.expired() ? "expired" : warning.threshold() + "d",
				"Connection " + warning.connectionId() + ": " + what + " " + when, warning.sentence(),
				Map.of("credential", warning.kind().name(), "subject", warning.subject(), "expiresAt",
						warning.expiresAt().toString()),
				null);
	}

}
