package io.tilegate.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param dailyCheck the cron expression, in UTC, of the daily check that warns of IdP signing
 * certificates and SCIM tokens near expiry and retires SP key pairs past their grace period;
 * {@code -} turns it off
 */
@ConfigurationProperties("tilegate.expiry")
public record ExpiryCheckProperties(@DefaultValue(ExpiryCheckProperties.DEFAULT_DAILY_CHECK) String dailyCheck) {

	static final String DEFAULT_DAILY_CHECK = "0 13 6 * * *";

	public ExpiryCheckProperties {
		if (dailyCheck == null || dailyCheck.isBlank()) {
			dailyCheck = DEFAULT_DAILY_CHECK;
		}
	}

}
