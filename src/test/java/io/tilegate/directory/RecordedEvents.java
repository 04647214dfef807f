package io.tilegate.directory;

import java.util.List;
import java.util.UUID;

import io.tilegate.events.EventType;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the event log with plain SQL: {@code EventLog.search} binds its optional parameters
 * untyped, which PostgreSQL refuses ("could not determine data type of parameter").
 */
public final class RecordedEvents {

	private RecordedEvents() {
	}

	/** Oldest first. */
	public static List<RecordedEvent> of(JdbcTemplate jdbc, EventType type, UUID userId) {
		return jdbc.query(
				"select type, user_id, user_name, connection_id, actor, summary, detail from event_log "
						+ "where type = ? and (user_id = ? or ? = 0) order by id",
				(row, i) -> new RecordedEvent(EventType.valueOf(row.getString("type")),
						row.getObject("user_id", UUID.class), row.getString("user_name"), row.getString("connection_id"),
						row.getString("actor"), row.getString("summary"), row.getString("detail")),
				type.name(), userId, userId == null ? 0 : 1);
	}

	public record RecordedEvent(EventType type, UUID userId, String userName, String connectionId, String actor,
			String summary, String detail) {
	}

}
