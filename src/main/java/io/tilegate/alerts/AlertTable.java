package io.tilegate.alerts;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code alert} table. Every change is one conditional update that names the state it
 * leaves: when two nodes evaluate at once, one of them changes the row and the other changes
 * nothing, and only the one that changed it records the event or sends the mail.
 */
@Component
class AlertTable {

	private static final String COLUMNS = "condition_key, kind, connection_id, stage, title, summary, seen_since, raised_at, "
			+ "cleared_at, mail_due, mailed_on";

	private final JdbcTemplate jdbc;

	AlertTable(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Every row of the kind, open or cleared. */
	List<Row> ofKind(String kind) {
		return this.jdbc.query("select " + COLUMNS + " from alert where kind = ?", AlertTable::row, kind);
	}

	/** The raised alerts, the oldest first. */
	List<Row> raised() {
		return this.jdbc.query("select " + COLUMNS
				+ " from alert where cleared_at is null and raised_at is not null order by raised_at, condition_key",
				AlertTable::row);
	}

	/** The raised alerts not mailed since they were raised or changed stage. */
	List<Row> mailDue() {
		return this.jdbc.query("select " + COLUMNS
				+ " from alert where cleared_at is null and raised_at is not null and mail_due = true order by raised_at",
				AlertTable::row);
	}

	/**
	 * A condition seen for the first time; raised at once when {@code raised}.
	 * @throws org.springframework.dao.DuplicateKeyException when another node inserted it first
	 */
	void insert(AlertFinding finding, String kind, Instant now, boolean raised) {
		this.jdbc.update("insert into alert (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, null, ?, null)",
				finding.key(), kind, finding.connectionId(), finding.stage(), finding.title(), finding.summary(), Timestamp.from(now),
				raised ? Timestamp.from(now) : null, raised);
	}

	/** A cleared condition seen again, pending or raised at once. */
	boolean reopen(AlertFinding finding, Instant now, boolean raised) {
		return this.jdbc.update("""
				update alert set connection_id = ?, stage = ?, title = ?, summary = ?, seen_since = ?, raised_at = ?,
				cleared_at = null, mail_due = ? where condition_key = ? and cleared_at is not null""",
				finding.connectionId(), finding.stage(), finding.title(), finding.summary(), Timestamp.from(now),
				raised ? Timestamp.from(now) : null, raised, finding.key()) == 1;
	}

	/** A pending condition that has held long enough. */
	boolean raise(AlertFinding finding, Instant now) {
		return this.jdbc.update("""
				update alert set stage = ?, title = ?, summary = ?, raised_at = ?, mail_due = true
				where condition_key = ? and cleared_at is null and raised_at is null""", finding.stage(), finding.title(),
				finding.summary(), Timestamp.from(now), finding.key()) == 1;
	}

	/** A raised condition gone a stage further: mailed again, even on a day it was mailed. */
	boolean restage(AlertFinding finding, String from) {
		return this.jdbc.update("""
				update alert set stage = ?, title = ?, summary = ?, mail_due = true, mailed_on = null
				where condition_key = ? and cleared_at is null and raised_at is not null and coalesce(stage, '') = ?""",
				finding.stage(), finding.title(), finding.summary(), finding.key(), (from != null) ? from : "") == 1;
	}

	boolean clear(String key, Instant now) {
		return this.jdbc.update("update alert set cleared_at = ?, mail_due = false where condition_key = ? "
				+ "and cleared_at is null", Timestamp.from(now), key) == 1;
	}

	/**
	 * Takes the alert's mail for {@code day}: {@code true} for the one node that may send it now;
	 * {@code false} when another took it, or the condition was mailed on that day already (its
	 * mail is then no longer due).
	 */
	boolean claimMail(String key, LocalDate day) {
		Date today = Date.valueOf(day);
		if (this.jdbc.update("""
				update alert set mail_due = false, mailed_on = ? where condition_key = ? and mail_due = true
				and cleared_at is null and (mailed_on is null or mailed_on <> ?)""", today, key, today) == 1) {
			return true;
		}
		this.jdbc.update("update alert set mail_due = false where condition_key = ? and mailed_on = ?", key, today);
		return false;
	}

	/** Gives back a claimed mail that could not be sent, for the next check to send. */
	void mailFailed(String key, LocalDate day, LocalDate before) {
		this.jdbc.update("update alert set mail_due = true, mailed_on = ? where condition_key = ? and mailed_on = ?",
				(before != null) ? Date.valueOf(before) : null, key, Date.valueOf(day));
	}

	private static Row row(ResultSet rs, int n) throws SQLException {
		Date mailedOn = rs.getDate(11);
		return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
				rs.getString(6), instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8)), instant(rs.getTimestamp(9)),
				rs.getBoolean(10),
				(mailedOn != null) ? mailedOn.toLocalDate() : null);
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	record Row(String key, String kind, String connectionId, String stage, String title, String summary, Instant seenSince,
			Instant raisedAt, Instant clearedAt, boolean mailDue, LocalDate mailedOn) {

		boolean open() {
			return this.clearedAt == null;
		}

		boolean raised() {
			return open() && this.raisedAt != null;
		}

		Alert alert() {
			return new Alert(this.key, this.kind, this.connectionId, this.stage, this.summary, this.raisedAt,
					this.mailedOn);
		}

	}

}
