package io.tilegate.webhooks;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tilegate.alerts.Alert;
import io.tilegate.alerts.Alerts;
import io.tilegate.api.AdminApiIntegrationTest;
import io.tilegate.demo.SamlIdentityProvider;
import io.tilegate.directory.CustomFields;
import io.tilegate.directory.Directory;
import io.tilegate.directory.GroupMemberships;
import io.tilegate.directory.IdentityLinks;
import io.tilegate.directory.LinkMethod;
import io.tilegate.directory.ProfileEdit;
import io.tilegate.directory.ProfileField;
import io.tilegate.directory.Provenance;
import io.tilegate.directory.UserEntries;
import io.tilegate.directory.UserEntryEdit;
import io.tilegate.events.EventType;
import io.tilegate.scim.ScimHttp;
import io.tilegate.system.JsonHttpResponse;
import io.tilegate.system.MovableClock;
import io.tilegate.webhooks.WebhookReceiver.Received;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhooks end to end: changes made through the real SCIM and admin APIs reach a real HTTP
 * receiver in this test, which checks every signature with the Standard Webhooks algorithm.
 * The application's clock stands still until a test moves it, so retries are tested without
 * waiting for them. Run on H2 and on PostgreSQL.
 */
@Import(WebhookDeliveryTests.Clocks.class)
@TestPropertySource(properties = { "tilegate.webhooks.allow-private-urls=true",
		"tilegate.webhooks.encryption-key=" + WebhookDeliveryTests.KEY, "tilegate.webhooks.first-retry=10s",
		"db-scheduler.polling-interval=100ms" })
abstract class WebhookDeliveryTests extends AdminApiIntegrationTest {

	static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

	private static final Provenance TEST = new Provenance("test", null);

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	static WebhookReceiver receiver;

	@TestConfiguration
	static class Clocks {

		@Bean
		@Primary
		MovableClock movableClock() {
			return new MovableClock();
		}

	}

	@Autowired
	MovableClock clock;

	@Autowired
	WebhookDeliveryQueue queue;

	@Autowired
	Directory directory;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	Alerts alerts;

	@Autowired
	WebhookRetention retention;

	@Autowired
	WebhookDeliveries deliveries;

	@Autowired
	CustomFields customFields;

	@Autowired
	IdentityLinks identityLinks;

	@Autowired
	GroupMemberships groupMemberships;

	@Autowired
	UserEntries entries;

	@BeforeAll
	static void startReceiver() {
		receiver = new WebhookReceiver();
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@AfterEach
	void removeEndpoints() {
		this.jdbc.update("delete from webhook_endpoint");
		this.jdbc.update("delete from webhook_delivery");
		receiver.reset();
	}

	@Test
	void everyMappedEventIsDeliveredOnceAndAUsersInTheOrderTheyHappened() {
		String secret = createEndpoint("[\"*\"]").path("secret").asText();
		receiver.expectSignaturesOf(List.of(secret));
		String tag = UUID.randomUUID().toString().substring(0, 8);
		String space = this.admin.post("/api/v1/spaces", "{\"name\":\"Everyone " + tag + "\"}").json().path("space")
			.path("id").asText();
		assertThat(this.admin.post("/api/v1/personas", "{\"name\":\"Active " + tag
				+ "\",\"rule\":{\"type\":\"active\"},\"spaces\":[\"" + space + "\"]}").status()).isEqualTo(201);
		ScimHttp scim = scim(newScimToken());

		JsonHttpResponse created = scim.post("/Users", """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada-%s@example.com",
				 "name":{"givenName":"Ada","familyName":"Lovelace"},"active":true}""".formatted(tag));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String userId = created.json().path("id").asText();
		assertThat(scim.patch("/Users/" + userId, """
				{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				 "Operations":[{"op":"replace","path":"title","value":"Analyst"}]}""").status()).isEqualTo(200);
		assertThat(this.admin.post("/api/v1/users/" + userId + "/deactivate", null).status()).isEqualTo(200);
		assertThat(this.admin.post("/api/v1/users/" + userId + "/reactivate", null).status()).isEqualTo(200);
		JsonHttpResponse group = scim.post("/Groups", """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Engineers %s",
				 "members":[{"value":"%s"}]}""".formatted(tag, userId));
		assertThat(group.status()).as(group.body()).isEqualTo(201);
		String groupId = group.json().path("id").asText();
		assertThat(scim.patch("/Groups/" + groupId, """
				{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				 "Operations":[{"op":"remove","path":"members[value eq \\"%s\\"]"}]}""".formatted(userId)).status())
			.isIn(200, 204);
		assertThat(scim.patch("/Groups/" + groupId, """
				{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				 "Operations":[{"op":"replace","path":"displayName","value":"Builders %s"}]}""".formatted(tag)).status())
			.isIn(200, 204);
		assertThat(scim.delete("/Groups/" + groupId).status()).isEqualTo(204);
		SamlIdentityProvider other = SamlIdentityProvider.create("https://idp.other.test/" + tag,
				"https://idp.other.test/sso", "https://idp.other.test/slo");
		assertThat(this.admin.header("Content-Type", "application/xml")
			.send("POST", "/api/v1/connections?id=other-" + tag, other.metadataXml(false))
			.status()).isEqualTo(201);
		assertThat(scim.delete("/Users/" + userId).status()).isEqualTo(204);

		List<String> expected = List.of("user.created", "user.updated", "user.deactivated", "user.reactivated",
				"user.deleted", "group.created", "group.members_added", "group.members_removed", "group.renamed",
				"group.deleted", "persona.joined", "persona.left", "space.joined", "space.left", "connection.changed");
		List<Received> all = awaitReceived((list) -> expected.stream()
			.allMatch((type) -> list.stream().anyMatch((r) -> r.type().equals(type))) && list.stream()
				.anyMatch((r) -> r.type().equals("user.deleted")));
		pause(Duration.ofMillis(500));
		all = receiver.received();
		assertThat(all).allSatisfy((r) -> assertThat(r.verified()).as(r.body()).isTrue());
		// Once each: no webhook-id arrives twice.
		assertThat(all.stream().map(Received::id).distinct().count()).isEqualTo(all.size());
		// The user's own events in the order they happened, the memberships among them.
		List<String> users = all.stream().map(Received::type).filter((type) -> type.startsWith("user.")).toList();
		assertThat(users).containsExactly("user.created", "user.updated", "user.deactivated", "user.reactivated",
				"user.deleted");
		List<String> ofAda = all.stream()
			.filter((r) -> r.json().path("data").path("user").path("id").asText().equals(userId))
			.map(Received::type)
			.toList();
		assertThat(ofAda.indexOf("user.created")).isLessThan(ofAda.indexOf("persona.left"));
		assertThat(ofAda.indexOf("persona.left")).isLessThan(ofAda.lastIndexOf("persona.joined"));
		assertThat(ofAda.indexOf("user.deleted")).isEqualTo(ofAda.size() - 1);

		JsonNode updated = only(all, "user.updated").json();
		assertThat(updated.path("data").path("changes").toString()).contains("title").contains("Analyst");
		assertThat(updated.path("data").path("user").path("userName").asText()).isEqualTo("ada-" + tag + "@example.com");
		assertThat(updated.path("timestamp").asText()).isEqualTo(this.clock.instant().toString());
		assertThat(updated.path("id").asText()).isEqualTo(only(all, "user.updated").id());
		assertThat(only(all, "group.renamed").json().path("data").path("to").path("displayName").asText())
			.isEqualTo("Builders " + tag);
		assertThat(only(all, "user.deleted").json().path("data").path("user").path("id").asText()).isEqualTo(userId);
	}

	@Test
	void aReceiverAnswering500TwiceGetsTheEventOnTheThirdTryAfterGrowingWaits() {
		String secret = createEndpoint("[\"user.created\"]").path("secret").asText();
		receiver.expectSignaturesOf(List.of(secret));
		receiver.answer(500, 500);

		createUserThroughScim("grace");
		awaitReceived((list) -> list.size() == 1);
		this.clock.advance(Duration.ofSeconds(9));
		this.queue.sweep();
		pause(Duration.ofMillis(500));
		assertThat(receiver.received()).as("not before its retry is due").hasSize(1);
		this.clock.advance(Duration.ofSeconds(1));
		this.queue.sweep();
		awaitReceived((list) -> list.size() == 2);
		this.clock.advance(Duration.ofSeconds(20));
		this.queue.sweep();
		List<Received> tries = awaitReceived((list) -> list.size() == 3);

		assertThat(tries).extracting(Received::status).containsExactly(500, 500, 200);
		assertThat(tries).extracting(Received::id).containsOnly(tries.get(0).id());
		assertThat(tries).allSatisfy((r) -> assertThat(r.verified()).isTrue());
		long firstWait = tries.get(1).timestamp() - tries.get(0).timestamp();
		long secondWait = tries.get(2).timestamp() - tries.get(1).timestamp();
		assertThat(firstWait).isEqualTo(10);
		assertThat(secondWait).isGreaterThan(firstWait);
		assertThat(this.jdbc.queryForObject("select status from webhook_delivery", String.class)).isEqualTo("DELIVERED");
		assertThat(this.jdbc.queryForObject("select attempts from webhook_delivery", Integer.class)).isEqualTo(3);
	}

	@Test
	void aDeliveryStillFailingThreeDaysAfterItsFirstTryIsGivenUpAndTheEventLogSaysSoAtOnce() {
		String secret = createEndpoint("[\"user.created\"]").path("secret").asText();
		receiver.expectSignaturesOf(List.of(secret));
		receiver.answer(500, 500, 500);

		createUserThroughScim("gone");
		awaitReceived((list) -> list.size() == 1);
		awaitAttempts(1);
		this.clock.advance(Duration.ofDays(3).minusSeconds(1));
		this.queue.sweep();
		awaitReceived((list) -> list.size() == 2);
		awaitAttempts(2);
		assertThat(this.jdbc.queryForObject("select status from webhook_delivery", String.class))
			.as("tried again before the three days are up").isEqualTo("PENDING");
		this.clock.advance(Duration.ofDays(1));
		this.queue.sweep();
		awaitStatus("FAILED", 1);

		// Read the moment the delivery shows failed: the two are written in one transaction.
		List<String> gaveUp = this.jdbc.queryForList(
				"select summary from event_log where type = 'ADMIN_ACTION' and summary like 'Webhook msg_%'",
				String.class);
		assertThat(gaveUp).singleElement()
			.satisfies((summary) -> assertThat(summary).contains("failed: tried 3 times since")
				.contains("The endpoint answered 500")
				.endsWith("Replay it from the endpoint's page once the receiver works."));
		this.clock.advance(Duration.ofDays(1));
		this.queue.sweep();
		pause(Duration.ofMillis(500));
		assertThat(receiver.received()).as("not tried again once given up").hasSize(3);
	}

	@Test
	void aRolledBackChangeSendsNothing() {
		receiver.expectSignaturesOf(
				List.of(createEndpoint("[\"user.created\", \"user.deactivated\"]").path("secret").asText()));
		String userId = createUserThroughScim("kept");
		awaitReceived((list) -> list.size() == 1);

		new TransactionTemplate(this.transactions).executeWithoutResult((status) -> {
			assertThat(this.directory.deactivate(UUID.fromString(userId), "test")).isTrue();
			// The change recorded its event, as a committed one would.
			assertThat(this.events.search(EventType.USER_DEACTIVATED, UUID.fromString(userId), null, 10))
				.hasSize(1);
			status.setRollbackOnly();
		});
		assertThat(this.admin.post("/api/v1/users/" + userId + "/deactivate", null).status()).isEqualTo(200);

		List<Received> all = awaitReceived((list) -> list.size() == 2);
		pause(Duration.ofMillis(500));
		assertThat(receiver.received()).extracting(Received::type).containsExactly("user.created", "user.deactivated");
		assertThat(all.get(1).json().path("data").path("user").path("active").asBoolean(true)).isFalse();
		assertThat(this.jdbc.queryForList("select event_type from webhook_delivery order by id", String.class))
			.containsExactly("user.created", "user.deactivated");
	}

	@Test
	void duringARotationEachDeliveryCarriesBothSignatures() {
		JsonNode created = createEndpoint("[\"user.created\"]");
		String endpoint = created.path("id").asText();
		String first = created.path("secret").asText();
		JsonHttpResponse rotated = this.admin.post("/api/v1/webhooks/" + endpoint + "/secrets", null);
		assertThat(rotated.status()).isEqualTo(201);
		String second = rotated.json().path("secret").asText();
		assertThat(second).startsWith("whsec_").isNotEqualTo(first);
		receiver.expectSignaturesOf(List.of(first, second));

		createUserThroughScim("rotating-a");
		createUserThroughScim("rotating-b");
		List<Received> during = awaitReceived((list) -> list.size() == 2);
		assertThat(during).allSatisfy((r) -> {
			assertThat(r.signatures()).isEqualTo(2);
			assertThat(r.verified()).isTrue();
		});

		String firstId = created.path("secretId").asText();
		assertThat(this.admin.delete("/api/v1/webhooks/" + endpoint + "/secrets/" + firstId).status()).isEqualTo(204);
		receiver.expectSignaturesOf(List.of(second));
		createUserThroughScim("rotated");
		Received after = awaitReceived((list) -> list.size() == 3).get(2);
		assertThat(after.signatures()).isEqualTo(1);
		assertThat(after.verified()).isTrue();
		assertThat(WebhookReceiver.verified(List.of(first), after.id(), Long.toString(after.timestamp()),
				after.signature(), after.body().getBytes(java.nio.charset.StandardCharsets.UTF_8))).isFalse();
	}

	@Test
	void anEndpointFailingForADayIsAlertedAndTheAlertClearsOnceItTakesItsDeliveries() {
		JsonNode endpoint = createEndpoint("[\"user.created\"]");
		receiver.expectSignaturesOf(List.of(endpoint.path("secret").asText()));
		String condition = FailingEndpointCondition.KIND + ":" + endpoint.path("id").asText();
		receiver.answer(500, 500, 500);
		createUserThroughScim("failing");
		awaitReceived((list) -> list.size() == 1);
		awaitStatus("PENDING", 1);
		this.alerts.evaluate();
		assertThat(openAlerts()).doesNotContain(condition);

		this.clock.advance(Duration.ofHours(23));
		this.queue.sweep();
		awaitReceived((list) -> list.size() == 2);
		awaitAttempts(2);
		this.alerts.evaluate();
		assertThat(openAlerts()).as("failing for 23 hours").doesNotContain(condition);

		this.clock.advance(Duration.ofHours(1));
		this.queue.sweep();
		awaitReceived((list) -> list.size() == 3);
		awaitAttempts(3);
		this.alerts.evaluate();
		assertThat(openAlerts()).as("failing for a day").contains(condition);
		assertThat(this.alerts.raised()).filteredOn((alert) -> alert.key().equals(condition))
			.singleElement()
			.satisfies((alert) -> assertThat(alert.summary()).contains(receiver.url()));

		this.clock.advance(Duration.ofMinutes(1));
		this.queue.sweep();
		List<Received> tries = awaitReceived((list) -> list.size() == 4);
		assertThat(tries).extracting(Received::status).containsExactly(500, 500, 500, 200);
		awaitStatus("DELIVERED", 1);
		this.alerts.evaluate();
		assertThat(openAlerts()).as("delivered again").doesNotContain(condition);
		assertThat(this.events.search(EventType.ALERT_CLEARED, null, null, 100))
			.anySatisfy((event) -> assertThat(event.getDetail()).contains(condition));
	}

	@Test
	void anEndpointThatGaveUpADeliveryInTheLastDayIsFailingOneThatGaveUpEarlierOrDeliveredIsNot() {
		String recent = pausedEndpoint();
		String earlier = pausedEndpoint();
		String delivered = pausedEndpoint();
		Instant now = Instant.now(this.clock);
		finishedDelivery(recent, "FAILED", now.minus(Duration.ofHours(1)));
		finishedDelivery(earlier, "FAILED", now.minus(Duration.ofHours(25)));
		finishedDelivery(delivered, "DELIVERED", now.minus(Duration.ofHours(1)));

		assertThat(this.deliveries.failingForADay()).containsExactly(UUID.fromString(recent));
	}

	private String pausedEndpoint() {
		String id = createEndpoint("[\"user.created\"]").path("id").asText();
		assertThat(this.admin.post("/api/v1/webhooks/" + id + "/pause", null).status()).isEqualTo(200);
		return id;
	}

	private void finishedDelivery(String endpointId, String status, Instant lastTry) {
		Timestamp first = Timestamp.from(lastTry.minus(Duration.ofDays(3)));
		this.jdbc.update("""
				insert into webhook_delivery (endpoint_id, message_id, ordering_key, event_type, occurred_at, payload, status,
				  attempts, created_at, next_attempt_at, first_attempt_at, last_attempt_at)
				values (?, 'msg_gave_up', '-', 'user.created', ?, '{}', ?, 9, ?, ?, ?, ?)""", UUID.fromString(endpointId),
				first, status, first, Timestamp.from(lastTry), first, Timestamp.from(lastTry));
	}

	@Test
	void finishedDeliveriesAreRemovedAfterTheRetentionWhilePendingOnesStay() {
		JsonNode live = createEndpoint("[\"user.created\", \"user.deactivated\"]");
		receiver.expectSignaturesOf(List.of(live.path("secret").asText()));
		String paused = createEndpoint("[\"user.deactivated\"]").path("id").asText();
		assertThat(this.admin.post("/api/v1/webhooks/" + paused + "/pause", null).status()).isEqualTo(200);
		String userId = createUserThroughScim("retained");
		assertThat(this.admin.post("/api/v1/users/" + userId + "/deactivate", null).status()).isEqualTo(200);
		awaitReceived((list) -> list.size() == 2);
		awaitStatus("DELIVERED", 2);

		this.clock.advance(Duration.ofDays(30).minusMinutes(1));
		assertThat(this.retention.purge()).isEqualTo(new WebhookRetention.Purged(0, 0));

		this.clock.advance(Duration.ofMinutes(2));
		assertThat(this.retention.purge()).as("both deliveries to the live endpoint")
			.isEqualTo(new WebhookRetention.Purged(2, 0));
		assertThat(this.jdbc.queryForList("select status || ' ' || event_type from webhook_delivery", String.class))
			.as("the paused endpoint's delivery, a month old, still owed, with its message")
			.containsExactly("PENDING user.deactivated");
		assertThat(this.retention.purge()).isEqualTo(new WebhookRetention.Purged(0, 0));
		assertThat(this.events.search(EventType.ADMIN_ACTION, null, null, 100))
			.anySatisfy((event) -> assertThat(event.getSummary()).startsWith("Webhook retention removed 2"));

		assertThat(this.retention.purgeOncePerCluster()).isTrue();
		assertThat(this.retention.purgeOncePerCluster()).as("another node, the same minute").isFalse();
	}

	@Test
	void deletingAnEndpointDropsItsDeliveriesAndTheRetentionRemovesOneWrittenWhileItWasDeleted() {
		String deleted = pausedEndpoint();
		String kept = pausedEndpoint();
		createUserThroughScim("orphaned");
		awaitRows("select count(*) from webhook_delivery", 2);
		String message = this.jdbc.queryForObject("select min(message_id) from webhook_delivery", String.class);

		assertThat(this.admin.delete("/api/v1/webhooks/" + deleted).status()).isEqualTo(204);
		assertThat(this.jdbc.queryForList("select endpoint_id from webhook_delivery", UUID.class))
			.containsExactly(UUID.fromString(kept));

		// What a change that read the endpoint just before it was deleted commits just after.
		this.jdbc.update("""
				insert into webhook_delivery (endpoint_id, message_id, ordering_key, event_type, occurred_at, payload, status,
				  attempts, created_at, next_attempt_at) values (?, ?, '-', 'user.created', ?, '{}', 'PENDING', 0, ?, ?)""",
				UUID.fromString(deleted), message, Timestamp.from(Instant.now(this.clock)),
				Timestamp.from(Instant.now(this.clock)), Timestamp.from(Instant.now(this.clock)));
		assertThat(this.retention.purge()).as("the deleted endpoint's delivery; the other one's, still owed, stays")
			.isEqualTo(new WebhookRetention.Purged(0, 1));
		assertThat(this.jdbc.queryForList("select endpoint_id from webhook_delivery", UUID.class))
			.containsExactly(UUID.fromString(kept));
		assertThat(this.jdbc.queryForList("select message_id from webhook_delivery", String.class)).containsExactly(message);
		assertThat(this.events.search(EventType.ADMIN_ACTION, null, null, 100))
			.anySatisfy((event) -> assertThat(event.getSummary()).contains(", and 1 undelivered delivery of deleted endpoints"));
	}

	@Test
	void aUsersEventCarriesTheUserExactlyAsTheAdminApiShowsThem() {
		receiver.expectSignaturesOf(List.of(createEndpoint("[\"user.updated\"]").path("secret").asText()));
		String tag = UUID.randomUUID().toString().substring(0, 8);
		String costCenter = "c" + tag;
		String badge = "b" + tag;
		this.customFields.defineCustomField(badge, "Badge", "test");
		this.customFields.defineCustomField(costCenter, "Cost center", "test");
		UUID boss = person(tag + "-boss", "Barbara", "Liskov");
		ScimHttp scim = scim(newScimToken());
		JsonHttpResponse created = scim.post("/Users", """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s-ada",
				 "name":{"givenName":"Ada","familyName":"Lovelace"},"active":true}""".formatted(tag));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		UUID ada = UUID.fromString(created.json().path("id").asText());
		this.directory.updateProfile(ada, new ProfileEdit().set(ProfileField.MANAGER, tag + "-boss")
			.set(ProfileField.COMPANY, "Engines Ltd")
			.hireDate(LocalDate.of(2020, 3, 1))
			.custom(costCenter, "CC-42")
			.custom(badge, "B-7"), TEST);
		// Created in the opposite order of their names, so that an order by creation would show.
		for (String report : List.of("zed", "mia", "abe")) {
			UUID id = person(tag + "-" + report, null, report);
			this.directory.updateProfile(id, new ProfileEdit().set(ProfileField.MANAGER, tag + "-ada"), TEST);
		}
		this.identityLinks.link(ada, CONNECTION, "ada@idp", LinkMethod.USER_NAME);
		this.identityLinks.recordSignIn(CONNECTION, "ada@idp");
		this.groupMemberships.replaceGroups(ada, CONNECTION, List.of("Weavers " + tag, "Engineers " + tag), TEST);
		String space = this.admin.post("/api/v1/spaces", "{\"name\":\"Engine room " + tag + "\"}").json()
			.path("space").path("id").asText();
		for (String persona : List.of("Makers", "Builders")) {
			assertThat(this.admin.post("/api/v1/personas", """
					{"name":"%s %s","rule":{"type":"group","group":"Engineers %s"},"spaces":["%s"]}"""
				.formatted(persona, tag, tag, space)).status()).isEqualTo(201);
		}
		// The personas' members are found in the background: the change below must come after.
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		while (engineRoom(this.admin.get("/api/v1/users/" + ada).json(), tag).path("personas").size() < 2) {
			assertThat(System.nanoTime()).as("Ada joins both personas and their space").isLessThan(deadline);
			pause(Duration.ofMillis(50));
		}
		assertThat(scim.patch("/Users/" + ada, """
				{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				 "Operations":[{"op":"replace","path":"title","value":"Analyst"}]}""").status()).isEqualTo(200);

		List<Received> all = awaitReceived((list) -> list.stream()
			.anyMatch((r) -> r.json().path("data").path("changes").toString().contains("Analyst")));
		JsonNode sent = all.stream()
			.filter((r) -> r.json().path("data").path("changes").toString().contains("Analyst"))
			.findFirst()
			.orElseThrow()
			.json()
			.path("data")
			.path("user");
		JsonHttpResponse shown = this.admin.get("/api/v1/users/" + ada);
		assertThat(shown.status()).isEqualTo(200);
		// Each list in the order the admin API has always given: names, then the fields' creation.
		assertThat(sent.path("directReports").findValuesAsText("userName")).containsExactly(tag + "-abe",
				tag + "-mia", tag + "-zed");
		assertThat(sent.path("customFields").findValuesAsText("name")).containsExactly(badge, costCenter);
		assertThat(sent.path("groups").findValuesAsText("name")).containsExactly("Engineers " + tag, "Weavers " + tag);
		assertThat(sent.path("identityLinks")).hasSize(1);
		// Other tests' personas may hold Ada too: the database is shared.
		assertThat(sent.path("personas").findValuesAsText("name")).contains("Builders " + tag, "Makers " + tag);
		assertThat(engineRoom(sent, tag).path("personas").findValuesAsText("name")).containsExactly("Builders " + tag,
				"Makers " + tag);
		assertThat(sent.path("manager").path("id").asText()).isEqualTo(boss.toString());
		assertThat(sent).isEqualTo(shown.json());
	}

	@Test
	void aCreatedUsersEventCarriesThemAsTheAdminApiShowsThemWhoeverTheyReportToOrAwait() {
		receiver.expectSignaturesOf(List.of(createEndpoint("[\"user.created\"]").path("secret").asText()));
		String tag = UUID.randomUUID().toString().substring(0, 8);
		UUID boss = person(tag + "-boss", "Barbara", "Liskov");
		ScimHttp scim = scim(newScimToken());
		JsonHttpResponse ada = scim.post("/Users", """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
				  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
				  "urn:ietf:params:scim:schemas:extension:tilegate:2.0:User"],
				 "userName":"%1$s-ada","externalId":"00u%1$s","displayName":"Countess Ada",
				 "name":{"givenName":"Ada","familyName":"Lovelace"},"title":"Analyst","active":true,
				 "emails":[{"primary":true,"value":"ada-%1$s@example.com","type":"work"}],
				 "phoneNumbers":[{"value":"+44 20 7946 0000","type":"work"}],
				 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Engines",
				  "organization":"Engines Ltd","employeeNumber":"E-%1$s","manager":{"value":"%2$s"}},
				 "urn:ietf:params:scim:schemas:extension:tilegate:2.0:User":{"hireDate":"2020-03-01"}}"""
			.formatted(tag, boss));
		assertThat(ada.status()).as(ada.body()).isEqualTo(201);
		// One waits for a manager who does not exist yet; her creation gives her that report.
		JsonHttpResponse report = scim.post("/Users", """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
				  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"userName":"%1$s-zed","active":true,
				 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":"%1$s-lead"}}}"""
			.formatted(tag));
		assertThat(report.status()).as(report.body()).isEqualTo(201);
		JsonHttpResponse lead = scim.post("/Users", """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s-lead","active":false}"""
			.formatted(tag));
		assertThat(lead.status()).as(lead.body()).isEqualTo(201);

		List<Received> all = awaitCreated(ada.json().path("id").asText(), report.json().path("id").asText(),
				lead.json().path("id").asText());
		JsonNode sentAda = createdUser(all, ada.json().path("id").asText());
		assertThat(sentAda.path("manager").path("id").asText()).isEqualTo(boss.toString());
		assertThat(sentAda.path("hireDate").asText()).isEqualTo("2020-03-01");
		assertThat(sentAda.path("displayName").asText()).isEqualTo("Countess Ada");
		assertShownAlike(sentAda);
		JsonNode sentLead = createdUser(all, lead.json().path("id").asText());
		assertThat(sentLead.path("directReports").findValuesAsText("userName")).containsExactly(tag + "-zed");
		assertThat(sentLead.path("status").asText()).isEqualTo("deactivated");
		assertShownAlike(sentLead);
		// Sent as she was created, waiting; her manager came later, in a change of its own.
		JsonNode sentReport = createdUser(all, report.json().path("id").asText());
		assertThat(sentReport.path("pendingManager").asText()).isEqualTo(tag + "-lead");
		assertThat(sentReport.path("manager").isNull()).isTrue();
	}

	@Test
	void aUserCreatedThenChangedInOneTransactionIsSentAsTheTransactionLeftThem() {
		receiver.expectSignaturesOf(List.of(createEndpoint("[\"user.created\"]").path("secret").asText()));
		String tag = UUID.randomUUID().toString().substring(0, 8);
		Provenance scimOkta = new Provenance("test", CONNECTION);
		List<UUID> created = new TransactionTemplate(this.transactions).execute((status) -> {
			UUID edited = this.entries.createEntry(WebhookPayloads.TENANT, new UserEntryEdit(tag + "-edited"), scimOkta).entry().id();
			this.directory.updateProfile(edited, new ProfileEdit().set(ProfileField.TITLE, "Engineer"), TEST);
			UUID lead = this.entries.createEntry(WebhookPayloads.TENANT, new UserEntryEdit(tag + "-lead"), scimOkta).entry().id();
			UUID report = this.entries
				.createEntry(WebhookPayloads.TENANT, new UserEntryEdit(tag + "-report").set(ProfileField.MANAGER, tag + "-lead"), scimOkta)
				.entry()
				.id();
			return List.of(edited, lead, report);
		});

		List<Received> all = awaitCreated(created.stream().map(UUID::toString).toArray(String[]::new));
		JsonNode edited = createdUser(all, created.get(0).toString());
		assertThat(edited.path("title").asText()).isEqualTo("Engineer");
		assertShownAlike(edited);
		JsonNode lead = createdUser(all, created.get(1).toString());
		assertThat(lead.path("directReports").findValuesAsText("userName")).containsExactly(tag + "-report");
		assertShownAlike(lead);
		assertShownAlike(createdUser(all, created.get(2).toString()));
	}

	@Test
	void theSecretIsShownOnceAndStoredSealed() {
		JsonNode created = createEndpoint("[\"user.created\", \"group.created\"]");
		String secret = created.path("secret").asText();
		assertThat(secret).startsWith("whsec_");
		assertThat(java.util.Base64.getDecoder().decode(secret.substring(6))).hasSizeGreaterThanOrEqualTo(24);

		List<String> stored = this.jdbc.queryForList("select sealed from webhook_secret", String.class);
		assertThat(stored).singleElement()
			.satisfies((sealed) -> assertThat(sealed).doesNotContain(secret.substring(6)).startsWith("v1:"));
		JsonHttpResponse listed = this.admin.get("/api/v1/webhooks/" + created.path("id").asText());
		assertThat(listed.body()).doesNotContain(secret.substring(6));
		assertThat(listed.json().path("events").toString()).isEqualTo("[\"user.created\",\"group.created\"]");
		assertNotInTheEventLog(secret);
	}

	@Test
	void anUnknownEventTypeOrAPlainHttpUrlIsRefusedWithWhatToDo() {
		JsonHttpResponse unknown = this.admin.post("/api/v1/webhooks",
				"{\"url\":\"" + receiver.url() + "\",\"events\":[\"user.exploded\"]}");
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.json().path("error").asText()).contains("user.exploded").contains("user.created");
		assertThat(this.jdbc.queryForObject("select count(*) from webhook_endpoint", Integer.class)).isZero();
	}

	// ---- helpers

	private static JsonNode engineRoom(JsonNode user, String tag) {
		for (JsonNode space : user.path("spaces")) {
			if (space.path("name").asText().equals("Engine room " + tag)) {
				return space;
			}
		}
		return MissingNode.getInstance();
	}

	private static List<Received> awaitCreated(String... userIds) {
		return awaitReceived((list) -> List.of(userIds).stream().allMatch((id) -> list.stream()
			.anyMatch((r) -> r.type().equals("user.created") && r.json().path("data").path("user").path("id").asText()
				.equals(id))));
	}

	private static JsonNode createdUser(List<Received> all, String userId) {
		return all.stream()
			.filter((r) -> r.type().equals("user.created"))
			.map((r) -> r.json().path("data").path("user"))
			.filter((user) -> user.path("id").asText().equals(userId))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no user.created for " + userId));
	}

	/**
	 * The user as sent is the user as {@code GET /api/v1/users/{id}} shows them, but for their
	 * personas and spaces: other tests' personas may take in a new user after the commit.
	 */
	private void assertShownAlike(JsonNode sent) {
		JsonHttpResponse shown = this.admin.get("/api/v1/users/" + sent.path("id").asText());
		assertThat(shown.status()).isEqualTo(200);
		JsonNode expected = ((ObjectNode) shown.json().deepCopy()).without(List.of("personas", "spaces"));
		JsonNode actual = ((ObjectNode) sent.deepCopy()).without(List.of("personas", "spaces"));
		assertThat(actual).isEqualTo(expected);
	}

	private UUID person(String userName, String firstName, String lastName) {
		UUID id = this.directory.createUser(userName, TEST).id();
		this.directory.updateProfile(id,
				new ProfileEdit().set(ProfileField.FIRST_NAME, firstName).set(ProfileField.LAST_NAME, lastName), TEST);
		return id;
	}

	private List<String> openAlerts() {
		return this.alerts.raised().stream().map(Alert::key).toList();
	}

	private void awaitStatus(String status, int count) {
		awaitRows("select count(*) from webhook_delivery where status = '" + status + "'", count);
	}

	private void awaitAttempts(int attempts) {
		awaitRows("select count(*) from webhook_delivery where attempts = " + attempts, 1);
	}

	/** The sender writes a try's outcome after the receiver answered: wait for it. */
	private void awaitRows(String count, int expected) {
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		while (this.jdbc.queryForObject(count, Integer.class) != expected) {
			assertThat(System.nanoTime()).as(count).isLessThan(deadline);
			pause(Duration.ofMillis(20));
		}
	}

	private JsonNode createEndpoint(String events) {
		JsonHttpResponse created = this.admin.post("/api/v1/webhooks",
				"{\"url\":\"" + receiver.url() + "\",\"events\":" + events + ",\"description\":\"test receiver\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json();
	}

	private String newScimToken() {
		JsonHttpResponse token = this.admin.post("/api/v1/connections/" + CONNECTION + "/scim-tokens",
				"{\"label\":\"webhooks " + UUID.randomUUID() + "\"}");
		if (token.status() == 409) {
			this.jdbc.update("delete from scim_token");
			token = this.admin.post("/api/v1/connections/" + CONNECTION + "/scim-tokens", "{\"label\":\"webhooks\"}");
		}
		assertThat(token.status()).as(token.body()).isEqualTo(201);
		return token.json().path("token").asText();
	}

	private String createUserThroughScim(String name) {
		JsonHttpResponse created = scim(newScimToken()).post("/Users", """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s-%s","active":true}"""
			.formatted(name, UUID.randomUUID().toString().substring(0, 6)));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().path("id").asText();
	}

	private static Received only(List<Received> all, String type) {
		List<Received> matching = all.stream().filter((r) -> r.type().equals(type)).toList();
		assertThat(matching).as(type).hasSize(1);
		return matching.get(0);
	}

	private static List<Received> awaitReceived(Predicate<List<Received>> condition) {
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		while (System.nanoTime() < deadline) {
			List<Received> now = receiver.received();
			if (condition.test(now)) {
				return now;
			}
			pause(Duration.ofMillis(50));
		}
		throw new AssertionError("The receiver did not get what was expected; it got " + receiver.received().stream()
			.map(Received::type).toList());
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
