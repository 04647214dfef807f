package io.tilegate.alerts;

import java.time.Duration;
import java.util.Map;

/**
 * A condition that holds now.
 *
 * @param key the same while the same trouble lasts, and never the same for two troubles: the
 * kind and what it is about, e.g. {@code scim-silent:okta}; at most 200 characters
 * @param connectionId the connection it is about, or {@code null}
 * @param stage how far it has gone, when it goes in steps (an expiry's {@code 30d}, {@code 7d},
 * {@code 1d}, {@code expired}); a new stage is raised and mailed again. {@code null} otherwise
 * @param title a few words for the mail's subject
 * @param summary what holds, why it matters and what to do, for an admin at 2 a.m.
 * @param detail the facts, as JSON in the event's detail
 * @param raiseAfter how long it must hold before it is raised; zero to raise it at once
 */
public record AlertFinding(String key, String connectionId, String stage, String title, String summary,
		Map<String, Object> detail, Duration raiseAfter) {

	public AlertFinding {
		if (key.length() > 200) {
			throw new IllegalArgumentException("An alert's key is at most 200 characters: " + key);
		}
		title = clip(title, 200);
		summary = clip(summary, 2000);
		detail = (detail != null) ? Map.copyOf(detail) : Map.of();
		raiseAfter = (raiseAfter != null) ? raiseAfter : Duration.ZERO;
	}

	private static String clip(String text, int max) {
		return (text.length() <= max) ? text : text.substring(0, max - 1) + "…";
	}

	/** A finding raised as soon as it is found. */
	public static AlertFinding now(String key, String connectionId, String title, String summary,
			Map<String, Object> detail) {
		return new AlertFinding(key, connectionId, null, title, summary, detail, Duration.ZERO);
	}

}
