package io.tilegate.connections;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.tilegate.directory.DirectorySlice;
import io.tilegate.events.Event;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upgrade to verified email domains on a database of the version before it: the
 * migration fills each connection that linked by email with the domains of the users it had
 * signed in, and the start-up after it announces each such connection once, however many
 * nodes start. The context migrates to V14 only (the last before V16 on this branch); the
 * test then runs the rest. Subclasses pick the database.
 */
@DirectorySlice
@TestPropertySource(properties = { "spring.flyway.target=14", "spring.jpa.hibernate.ddl-auto=none" })
@Transactional(propagation = Propagation.NOT_SUPPORTED)
abstract class EmailDomainUpgradeTests {

	@Autowired
	private DataSource dataSource;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private EventLog events;

	@Autowired
	private PlatformTransactionManager transactions;

	@Test
	void theUpgradeFillsEachConnectionsDomainsFromItsUsersAndSaysSoOnce() {
		connection("acme", true);
		connection("linkless", true);
		connection("no-email-links", false);
		signedIn("acme", "ada", "Ada@Acme.com");
		signedIn("acme", "bob", "bob@acme.com");
		signedIn("acme", "eve", "eve@eu.acme.com");
		signedIn("acme", "noemail", null);
		signedIn("acme", "broken", "not-an-address");
		signedIn("no-email-links", "carl", "carl@other.org");

		Flyway.configure().dataSource(this.dataSource).locations("classpath:db/migration").target("16").load().migrate();

		assertThat(domains("acme")).containsExactly("acme.com", "eu.acme.com");
		assertThat(domains("linkless")).as("no user signed in through it").isEmpty();
		assertThat(domains("no-email-links")).as("it linked nobody by email before").isEmpty();

		EmailDomainUpgrade node = new EmailDomainUpgrade(this.jdbc, this.events, Clock.systemUTC(), this.transactions);
		EmailDomainUpgrade otherNode = new EmailDomainUpgrade(this.jdbc, this.events, Clock.systemUTC(),
				this.transactions);
		assertThat(node.announce()).containsExactly("acme");
		assertThat(otherNode.announce()).as("announced already").isEmpty();
		assertThat(node.announce()).isEmpty();

		List<Event> filled = this.events.search(EventType.CONNECTION_EMAIL_DOMAINS_FILLED, null, null, 10);
		assertThat(filled).singleElement().satisfies((event) -> {
			assertThat(event.getConnectionId()).isEqualTo("acme");
			assertThat(event.getSummary()).contains("acme.com, eu.acme.com")
				.contains("Check on the connection's page that its IdP owns each of them");
		});
	}

	private void connection(String id, boolean linkByEmail) {
		Timestamp now = Timestamp.from(Instant.now());
		this.jdbc.update("""
				insert into idp_connection (id, entity_id, metadata_xml, preset, attribute_overrides, allow_idp_initiated,
				  link_by_email, saml_updates_scim_managed, origin, version, created_at, updated_at)
				values (?, ?, '<md/>', 'okta', '{}', true, ?, false, 'API', 0, ?, ?)""", id,
				"https://" + id + ".test/metadata", linkByEmail, now, now);
	}

	private void signedIn(String connectionId, String userName, String email) {
		UUID id = UUID.randomUUID();
		Timestamp now = Timestamp.from(Instant.now());
		this.jdbc.update("""
				insert into app_user (id, user_name, user_name_key, email, email_key, active, scim_managed, created_at,
				  updated_at, version)
				values (?, ?, ?, ?, ?, true, false, ?, ?, 0)""", id, userName, userName, email,
				(email != null) ? email.toLowerCase() : null, now, now);
		this.jdbc.update(
				"insert into identity_link (connection_id, name_id, user_id, created_at) values (?, ?, ?, ?)",
				connectionId, userName, id, now);
	}

	private List<String> domains(String connectionId) {
		return this.jdbc.queryForList(
				"select domain from connection_email_domain where connection_id = ? order by domain", String.class,
				connectionId);
	}

}
