package io.tilegate.system;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;

/**
 * How every page writes a moment or a day, as {@code #times} in the templates: one shape,
 * {@code 2026-12-03 14:05}, in one zone, which the page's footer names once instead of every
 * cell repeating it. ISO order sorts as text and reads the same in every country an
 * intranet's admins sit in.
 */
public final class PageTimes {

	/** The zone of every time on the pages: the one the event log and the CSV export speak. */
	public static final ZoneOffset ZONE = ZoneOffset.UTC;

	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZONE);

	private static final DateTimeFormatter EXACT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
		.withZone(ZONE);

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZONE);

	/** A moment to the minute, which is what a person compares; {@code null} stays empty. */
	public String at(Instant moment) {
		return format(MINUTE, moment);
	}

	/**
	 * A moment to the millisecond, for the one page where an admin lines an event up with the
	 * IdP's own log.
	 */
	public String exact(Instant moment) {
		return format(EXACT, moment);
	}

	/** The day of a moment, such as an expiry, or a day such as a hire date. */
	public String day(TemporalAccessor momentOrDay) {
		return format(DAY, momentOrDay);
	}

	/** The zone's name as a footer says it. */
	public String zone() {
		return ZONE.equals(ZoneOffset.UTC) ? "UTC" : ZONE.getId();
	}

	/** The machine-readable moment, for a {@code <time datetime>} attribute. */
	public String iso(Instant moment) {
		return (moment != null) ? moment.toString() : "";
	}

	private static String format(DateTimeFormatter formatter, TemporalAccessor value) {
		if (value == null) {
			return "";
		}
		return (value instanceof LocalDate day) ? DAY.format(day.atStartOfDay(ZONE)) : formatter.format(value);
	}

}
