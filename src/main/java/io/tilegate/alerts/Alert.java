package io.tilegate.alerts;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A raised alert as the alert table holds it.
 *
 * @param mailedOn the UTC day it was last mailed, or {@code null}
 */
public record Alert(String key, String kind, String connectionId, String stage, String summary, Instant raisedAt,
		LocalDate mailedOn) {

}
