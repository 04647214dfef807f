package io.tilegate.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tilegate.config.AlertProperties;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;

import org.springframework.stereotype.Component;

/**
 * More than a few refused sign-ins through one connection in a short time: a certificate the
 * IdP replaced, a changed entity ID or a clock gone wrong refuses everyone at once, and so does
 * someone replaying or forging responses. Counted from the event log; it clears once the rate
 * drops below the threshold again.
 */
@Component
class RefusedSignInCondition implements AlertCondition {

	static final String KIND = "sign-ins-refused";

	private final EventLog events;

	private final AlertProperties properties;

	RefusedSignInCondition(EventLog events, AlertProperties properties) {
		this.events = events;
		this.properties = properties;
	}

	@Override
	public String kind() {
		return KIND;
	}

	@Override
	public List<AlertFinding> findAt(Instant now) {
		String window = Spans.describe(this.properties.refusedSignInsWindow());
		return this.events.countByConnection(EventType.LOGIN_REFUSED, now.minus(this.properties.refusedSignInsWindow()))
			.entrySet()
			.stream()
			.filter((count) -> count.getValue() >= this.properties.refusedSignIns())
			.map((count) -> AlertFinding.now(KIND + ":" + count.getKey(), count.getKey(),
					"Connection " + count.getKey() + ": " + count.getValue() + " sign-ins refused in " + window,
					"Connection " + count.getKey() + ": " + count.getValue() + " sign-ins refused in the last " + window
							+ " (the alert is set at " + this.properties.refusedSignIns() + "). The event log says "
							+ "why each was refused: a signing certificate or entity ID the IdP changed, or a clock "
							+ "gone wrong, refuses everyone; many refusals of one kind from one address may be "
							+ "someone replaying or forging responses.",
					Map.of("refused", count.getValue(), "window", this.properties.refusedSignInsWindow().toString(),
							"threshold", this.properties.refusedSignIns())))
			.toList();
	}

}
