package io.tilegate.webhooks;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The upgrade that moves each webhook message into its deliveries, on a database of the
 * version before it with deliveries still owed and already made: every delivery keeps its
 * message's type, time and exact bytes, so what the sender owes goes out as it would have.
 * The context migrates to V25; the test runs V26. Subclasses pick the database.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@TestPropertySource(properties = { "spring.flyway.target=25",
		"spring.datasource.url=jdbc:h2:mem:webhook-upgrade-${random.uuid}" })
@Transactional(propagation = Propagation.NOT_SUPPORTED)
abstract class WebhookDeliveryUpgradeTests {

	private static final String PAYLOAD = "{\"id\":\"msg_A\",\"type\":\"user.created\",\"data\":{\"user\":{\"name\":\"Zoë\"}}}";

	@Autowired
	private DataSource dataSource;

	@Autowired
	private JdbcTemplate jdbc;

	@Test
	void everyDeliveryKeepsItsMessageAndOneWhoseMessageWasGoneIsDropped() {
		Instant occurred = Instant.parse("2026-11-30T08:15:00Z");
		UUID search = endpoint();
		UUID mail = endpoint();
		message("msg_A", "user.created", occurred, PAYLOAD);
		message("msg_B", "user.deactivated", occurred.plusSeconds(60), "{\"id\":\"msg_B\"}");
		delivery(search, "msg_A", "DELIVERED");
		delivery(mail, "msg_A", "PENDING");
		delivery(mail, "msg_B", "PENDING");
		delivery(mail, "msg_gone", "PENDING");

		Flyway.configure().dataSource(this.dataSource).locations("classpath:db/migration").target("26").load().migrate();

		assertThat(this.jdbc.queryForList("""
				select endpoint_id || ' ' || message_id || ' ' || status || ' ' || event_type || ' ' || payload
				from webhook_delivery order by id""", String.class)).containsExactly(
						search + " msg_A DELIVERED user.created " + PAYLOAD,
						mail + " msg_A PENDING user.created " + PAYLOAD,
						mail + " msg_B PENDING user.deactivated {\"id\":\"msg_B\"}");
		assertThat(this.jdbc.queryForList("select occurred_at from webhook_delivery order by id", Timestamp.class))
			.extracting(Timestamp::toInstant)
			.containsExactly(occurred, occurred, occurred.plusSeconds(60));
		assertThat(this.jdbc.queryForObject(
				"select count(*) from information_schema.tables where lower(table_name) = 'webhook_message'",
				Integer.class))
			.isZero();
		assertThatExceptionOfType(DataIntegrityViolationException.class).as("a delivery must carry its message")
			.isThrownBy(() -> delivery(mail, "msg_C", "PENDING"));
	}

	private UUID endpoint() {
		UUID id = UUID.randomUUID();
		Timestamp now = Timestamp.from(Instant.now());
		this.jdbc.update("""
				insert into webhook_endpoint (id, url, event_types, paused, created_at, created_by, updated_at)
				values (?, 'https://hooks.example.com/', '*', false, ?, 'admin', ?)""", id, now, now);
		return id;
	}

	private void message(String id, String type, Instant occurredAt, String payload) {
		this.jdbc.update("insert into webhook_message (id, event_type, occurred_at, payload) values (?, ?, ?, ?)", id,
				type, Timestamp.from(occurredAt), payload);
	}

	private void delivery(UUID endpoint, String messageId, String status) {
		Timestamp now = Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MILLIS));
		this.jdbc.update("""
				insert into webhook_delivery (endpoint_id, message_id, ordering_key, status, attempts, created_at,
				  next_attempt_at) values (?, ?, '-', ?, 0, ?, ?)""", endpoint, messageId, status, now, now);
	}

}
