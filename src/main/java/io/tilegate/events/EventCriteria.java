package io.tilegate.events;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Which events to read; each criterion is optional ({@code null}) and all given must match.
 *
 * @param userId events about this user
 * @param userName events about a user of this name, whatever its case: a deleted user's
 * events keep their name after the id means nothing any more. With {@code userId}, an event
 * matching either is read.
 * @param since events at or after this instant
 */
public record EventCriteria(EventType type, UUID userId, String userName, String connectionId, Instant since) {

	public static EventCriteria all() {
		return new EventCriteria(null, null, null, null, null);
	}

	/**
	 * Events about a user named as people type it: a user id, or a user name. A name reads the
	 * events that carry it and those of the user who has it now, as a user's events from
	 * before a rename carry the old name but the same id.
	 * @param userIdOfName the id of the user who has a user name now, if any
	 */
	public static EventCriteria about(EventType type, String user, Function<String, Optional<UUID>> userIdOfName,
			String connectionId, Instant since) {
		if (user == null) {
			return new EventCriteria(type, null, null, connectionId, since);
		}
		try {
			return new EventCriteria(type, UUID.fromString(user), null, connectionId, since);
		}
		catch (IllegalArgumentException notAnId) {
			return new EventCriteria(type, userIdOfName.apply(user).orElse(null), user, connectionId, since);
		}
	}

	/**
	 * When a search starts, as people and scripts write it: an instant, a date and time
	 * without an offset (a browser's date-time picker sends that), read as UTC, or a date,
	 * from midnight UTC.
	 * @return empty when the text is none of these
	 */
	public static Optional<Instant> parseSince(String text) {
		try {
			return Optional.of(Instant.parse(text));
		}
		catch (DateTimeParseException notAnInstant) {
			try {
				return Optional.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
			}
			catch (DateTimeParseException notALocalTime) {
				try {
					return Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
				}
				catch (DateTimeParseException notADate) {
					return Optional.empty();
				}
			}
		}
	}

	/** An event type named in any case; empty when there is none of that name. */
	public static Optional<EventType> parseType(String text) {
		try {
			return Optional.of(EventType.valueOf(text.toUpperCase(Locale.ROOT)));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
