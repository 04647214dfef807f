package io.tilegate.alerts;

import java.time.Duration;

/** Lengths of time as an admin reads them in a sentence: "10 minutes", "24 hours", "3 days". */
final class Spans {

	private Spans() {
	}

	static String describe(Duration span) {
		long minutes = span.toMinutes();
		if (minutes < 1) {
			return plural(span.toSeconds(), "second");
		}
		if (minutes < 120 && minutes % 60 != 0) {
			return plural(minutes, "minute");
		}
		long hours = span.toHours();
		if (hours < 48 || hours % 24 != 0) {
			return plural(hours, "hour");
		}
		return plural(span.toDays(), "day");
	}

	private static String plural(long count, String unit) {
		return count + " " + unit + ((count == 1) ? "" : "s");
	}

}
