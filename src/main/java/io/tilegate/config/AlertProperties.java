package io.tilegate.config;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The alerts that reach an admin (see docs/alerts.md).
 *
 * @param interval how often one node of the cluster evaluates the conditions and mails what was
 * raised; {@code 0} turns the evaluation off
 * @param metadataFailingFor how long a connection's metadata URL must keep failing to refresh
 * before it is an alert
 * @param scimSilence how long a connection with an active SCIM token may receive no SCIM call
 * before it is an alert
 * @param refusedSignIns how many refused sign-ins through one connection within
 * {@code refusedSignInsWindow} are an alert
 * @param refusedSignInsWindow the window {@code refusedSignIns} are counted in
 * @param mailTo the admins' addresses every alert is mailed to; none, and no alert is mailed
 * @param mailFrom the sender of the mails; {@code tilegate@} and the base URL's host when absent
 */
@ConfigurationProperties("tilegate.alerts")
public record AlertProperties(@DefaultValue("1m") Duration interval, @DefaultValue("24h") Duration metadataFailingFor,
		@DefaultValue("24h") Duration scimSilence, @DefaultValue("20") int refusedSignIns,
		@DefaultValue("10m") Duration refusedSignInsWindow, @DefaultValue List<String> mailTo, String mailFrom) {

	public AlertProperties {
		interval = (interval != null) ? interval : Duration.ofMinutes(1);
		metadataFailingFor = (metadataFailingFor != null) ? metadataFailingFor : Duration.ofHours(24);
		scimSilence = (scimSilence != null) ? scimSilence : Duration.ofHours(24);
		refusedSignInsWindow = (refusedSignInsWindow != null) ? refusedSignInsWindow : Duration.ofMinutes(10);
		mailTo = (mailTo != null) ? mailTo.stream().map(String::strip).filter((to) -> !to.isEmpty()).toList() : List.of();
		if (interval.isNegative()) {
			throw new IllegalArgumentException("tilegate.alerts.interval must not be negative, e.g. 1m; it is " + interval);
		}
		if (refusedSignIns < 1) {
			throw new IllegalArgumentException("tilegate.alerts.refused-sign-ins must be at least 1, e.g. 20; it is "
					+ refusedSignIns);
		}
		if (refusedSignInsWindow.compareTo(Duration.ZERO) <= 0 || scimSilence.compareTo(Duration.ZERO) <= 0
				|| metadataFailingFor.isNegative()) {
			throw new IllegalArgumentException("tilegate.alerts.refused-sign-ins-window and scim-silence must be "
					+ "positive and metadata-failing-for not negative, e.g. 10m, 24h and 24h");
		}
	}

}
