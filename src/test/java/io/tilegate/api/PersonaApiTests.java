package io.tilegate.api;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.directory.CustomFields;
import io.tilegate.directory.Directory;
import io.tilegate.directory.GroupMemberships;
import io.tilegate.directory.ProfileEdit;
import io.tilegate.directory.ProfileField;
import io.tilegate.directory.Provenance;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.personas.DailyRecompute;
import io.tilegate.personas.PersonaMembership;
import io.tilegate.personas.PersonaRecomputes;
import io.tilegate.personas.Personas;
import io.tilegate.personas.Spaces;
import io.tilegate.system.JsonHttpResponse;
import io.tilegate.system.MovableClock;
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
 * Personas and spaces through the admin API over real HTTP, with the directory changed the way
 * logins and SCIM change it and {@link PersonaMembership#recomputeUser} called as those
 * triggers will call it. The clock is a {@link MovableClock}: date cohorts are tested by moving
 * it, never by waiting. Run on H2 and on PostgreSQL.
 */
@Import(PersonaApiTests.Clocks.class)
@TestPropertySource(properties = "tilegate.personas.recompute-chunk=7")
abstract class PersonaApiTests extends AdminApiIntegrationTest {

	private static final Provenance TEST = new Provenance("test", null);

	@TestConfiguration
	static class Clocks {

		@Bean
		@Primary
		MovableClock movableClock() {
			return new MovableClock();
		}

	}

	@Autowired
	Directory directory;

	@Autowired
	GroupMemberships groupMemberships;

	@Autowired
	CustomFields customFields;

	@Autowired
	PersonaMembership membership;

	@Autowired
	PersonaRecomputes recomputes;

	@Autowired
	DailyRecompute daily;

	@Autowired
	Personas personas;

	@Autowired
	Spaces spaces;

	@Autowired
	MovableClock clock;

	@Autowired
	PlatformTransactionManager transactions;

	@Test
	void aPersonaOnAGroupFillsItsSpaceAndEveryMemberSaysWhy() {
		String tag = tag();
		UUID ada = person(tag + "-ada");
		UUID bob = person(tag + "-bob");
		UUID eve = person(tag + "-eve");
		this.groupMemberships.replaceGroups(ada, CONNECTION, List.of("eng-berlin-" + tag), TEST);
		this.groupMemberships.replaceGroups(bob, CONNECTION, List.of("ENG-BERLIN-" + tag, "sales"), TEST);
		this.groupMemberships.replaceGroups(eve, CONNECTION, List.of("eng-munich-" + tag), TEST);

		String space = created(this.admin.post("/api/v1/spaces",
				"{\"name\":\"Berlin Engineering " + tag + "\",\"description\":\"Office news\"}")).path("space")
			.path("id")
			.asText();
		JsonNode saved = created(this.admin.post("/api/v1/personas", "{\"name\":\"Berlin engineers " + tag
				+ "\",\"rule\":{\"type\":\"group\",\"group\":\"eng-berlin-" + tag + "\",\"connection\":\"okta\"},"
				+ "\"spaces\":[\"" + space + "\"]}"));
		String persona = saved.path("persona").path("id").asText();
		assertThat(saved.path("persona").path("ruleText").asText())
			.isEqualTo("member of group 'eng-berlin-" + tag + "' from okta");
		assertThat(saved.path("recompute").path("state").asText()).isIn("queued", "running", "done");
		awaitRecompute();

		assertThat(userNames(ok(this.admin.get("/api/v1/personas/" + persona + "/members")))).containsExactly(
				tag + "-ada", tag + "-bob");
		JsonNode members = ok(this.admin.get("/api/v1/spaces/" + space + "/members"));
		assertThat(userNames(members)).containsExactly(tag + "-ada", tag + "-bob");
		assertThat(members.path("members").get(0).path("personas").get(0).path("name").asText())
			.isEqualTo("Berlin engineers " + tag);
		assertThat(members.path("members").get(0).path("handAdded").asBoolean()).isFalse();
		JsonNode spaceView = ok(this.admin.get("/api/v1/spaces/" + space));
		assertThat(spaceView.path("members").asLong()).isEqualTo(2);
		assertThat(spaceView.path("personas").get(0).path("id").asText()).isEqualTo(persona);
		assertThat(eventsFor(EventType.PERSONA_JOINED, ada)).singleElement()
			.satisfies((event) -> assertThat(event.getSummary()).contains("joined persona 'Berlin engineers " + tag
					+ "'", "member of group 'eng-berlin-" + tag + "' from okta", "persona 'Berlin engineers " + tag
					+ "' created by admin"));
		assertThat(eventsFor(EventType.SPACE_JOINED, bob)).singleElement()
			.satisfies((event) -> assertThat(event.getSummary()).contains("joined space 'Berlin Engineering " + tag
					+ "' through persona 'Berlin engineers " + tag + "'"));
		assertThat(eventsFor(EventType.PERSONA_JOINED, eve)).isEmpty();
		assertThat(this.spaces.spacesOf(ada)).singleElement()
			.satisfies((s) -> assertThat(s.personas()).extracting(Personas.Named::name)
				.containsExactly("Berlin engineers " + tag));
	}

	@Test
	void aBadRuleOrBodyIsRefusedWithItsPathAndNothingIsSaved() {
		String tag = tag();
		int personasBefore = ok(this.admin.get("/api/v1/personas")).size();
		int savedEvents = eventsOf(EventType.PERSONA_SAVED).size();

		JsonHttpResponse badTest = this.admin.post("/api/v1/personas", "{\"name\":\"Sales " + tag + "\",\"rule\":"
				+ "{\"type\":\"anyOf\",\"rules\":[{\"type\":\"active\"},{\"type\":\"field\",\"field\":\"department\","
				+ "\"test\":\"begins\",\"value\":\"Sales\"}]}}");
		assertThat(badTest.status()).isEqualTo(400);
		assertThat(badTest.json().path("error").asText()).contains("rule.rules[1].test", "'begins'", "startsWith",
				"Nothing was saved");

		JsonHttpResponse notJson = this.admin.post("/api/v1/personas", "{\"name\":\"x\",\"rule\":");
		assertThat(notJson.status()).isEqualTo(400);
		assertThat(notJson.json().path("error").asText()).contains("could not be read as JSON");

		JsonHttpResponse typo = this.admin.post("/api/v1/personas",
				"{\"name\":\"x " + tag + "\",\"rul\":{\"type\":\"active\"}}");
		assertThat(typo.status()).isEqualTo(400);
		assertThat(typo.json().path("error").asText()).contains("no field \"rul\"");

		JsonHttpResponse noSpace = this.admin.post("/api/v1/personas", "{\"name\":\"x " + tag
				+ "\",\"rule\":{\"type\":\"active\"},\"spaces\":[\"" + UUID.randomUUID() + "\"]}");
		assertThat(noSpace.status()).isEqualTo(400);
		assertThat(noSpace.json().path("error").asText()).contains("There is no space with id");

		JsonHttpResponse noCustom = this.admin.post("/api/v1/personas/preview",
				"{\"rule\":{\"type\":\"field\",\"field\":\"custom.shoe" + tag + "\",\"test\":\"present\"}}");
		assertThat(noCustom.status()).isEqualTo(400);
		assertThat(noCustom.json().path("error").asText()).contains("rule.field", "no custom field");

		assertThat(ok(this.admin.get("/api/v1/personas")).size()).isEqualTo(personasBefore);
		assertThat(eventsOf(EventType.PERSONA_SAVED)).hasSize(savedEvents);

		created(this.admin.post("/api/v1/personas", "{\"name\":\"Twice " + tag + "\",\"rule\":{\"type\":\"active\"}}"));
		JsonHttpResponse twice = this.admin.post("/api/v1/personas",
				"{\"name\":\"TWICE " + tag + "\",\"rule\":{\"type\":\"active\"}}");
		assertThat(twice.status()).isEqualTo(409);
		assertThat(this.admin.get("/api/v1/personas/" + UUID.randomUUID()).status()).isEqualTo(404);
		assertThat(this.admin.get("/api/v1/personas/not-an-id").status()).isEqualTo(404);
		assertThat(this.anonymous.get("/api/v1/personas").status()).isEqualTo(401);
	}

	@Test
	void previewCountsAndShowsTheFirstMatchesWithoutSavingAnything() {
		String tag = tag();
		this.customFields.defineCustomField("site", "Site", "test");
		for (String name : List.of("carol", "alice", "bob", "dave")) {
			UUID id = person(tag + "-" + name);
			this.directory.updateProfile(id, new ProfileEdit().custom("site", name.equals("dave") ? "Munich"
					: "Berlin-" + tag), TEST);
		}
		int personas = ok(this.admin.get("/api/v1/personas")).size();

		JsonNode preview = ok(this.admin.post("/api/v1/personas/preview?size=2",
				"{\"rule\":{\"type\":\"field\",\"field\":\"custom.site\",\"test\":\"equals\",\"value\":\"berlin-"
						+ tag.toUpperCase() + "\"}}"));

		assertThat(preview.path("count").asLong()).isEqualTo(3);
		assertThat(userNames(preview.path("sample"))).containsExactly(tag + "-alice", tag + "-bob");
		assertThat(preview.path("ruleText").asText()).isEqualTo("Site is 'berlin-" + tag.toUpperCase() + "'");
		JsonNode bare = ok(this.admin.post("/api/v1/personas/preview",
				"{\"type\":\"field\",\"field\":\"custom.site\",\"test\":\"startsWith\",\"value\":\"berlin-" + tag + "\"}"));
		assertThat(bare.path("count").asLong()).isEqualTo(3);
		assertThat(ok(this.admin.get("/api/v1/personas")).size()).isEqualTo(personas);
	}

	@Test
	void recomputeUserJoinsAndLeavesInTheCallersTransactionWithAnEventEach() {
		String tag = tag();
		UUID ada = person(tag + "-ada");
		JsonNode persona = created(this.admin.post("/api/v1/personas", "{\"name\":\"Sales " + tag
				+ "\",\"rule\":{\"type\":\"field\",\"field\":\"department\",\"test\":\"equals\",\"value\":\"Sales "
				+ tag + "\"}}")).path("persona");
		awaitRecompute();
		TransactionTemplate transaction = new TransactionTemplate(this.transactions);

		transaction.executeWithoutResult((status) -> {
			this.directory.updateProfile(ada, new ProfileEdit().set(ProfileField.DEPARTMENT, "sales " + tag), TEST);
			PersonaMembership.Change change = this.membership.recomputeUser(ada, "SAML login through okta");
			assertThat(change.joinedPersonas()).containsExactly("Sales " + tag);
			status.setRollbackOnly();
		});
		assertThat(this.personas.personasOf(ada)).as("rolled back with the change").isEmpty();
		assertThat(eventsFor(EventType.PERSONA_JOINED, ada)).isEmpty();

		transaction.executeWithoutResult((status) -> {
			this.directory.updateProfile(ada, new ProfileEdit().set(ProfileField.DEPARTMENT, "sales " + tag), TEST);
			this.membership.recomputeUser(ada, "SAML login through okta");
		});
		assertThat(this.personas.personasOf(ada)).extracting(Personas.Named::name).containsExactly("Sales " + tag);
		assertThat(eventsFor(EventType.PERSONA_JOINED, ada)).singleElement()
			.satisfies((event) -> assertThat(event.getSummary()).contains("department is 'Sales " + tag + "'",
					"after: SAML login through okta"));
		assertThat(this.membership.recomputeUser(ada, "again").isEmpty()).as("nothing changed, nothing written")
			.isTrue();

		transaction.executeWithoutResult((status) -> {
			this.directory.updateProfile(ada, new ProfileEdit().set(ProfileField.DEPARTMENT, "Marketing"), TEST);
			this.membership.recomputeUser(ada, "SCIM PATCH from okta");
		});
		assertThat(this.personas.personasOf(ada)).isEmpty();
		assertThat(eventsFor(EventType.PERSONA_LEFT, ada)).singleElement()
			.satisfies((event) -> assertThat(event.getSummary()).contains("left persona 'Sales " + tag + "'",
					"no longer department is 'Sales " + tag + "'", "after: SCIM PATCH from okta"));
		assertThat(ok(this.admin.get("/api/v1/personas/" + persona.path("id").asText())).path("members").asLong())
			.isZero();
	}

	@Test
	void deactivatedUsersLeaveEveryPersonaAndSpaceAndComeBackOnReactivation() {
		String tag = tag();
		UUID ada = person(tag + "-ada");
		this.groupMemberships.replaceGroups(ada, CONNECTION, List.of("staff-" + tag), TEST);
		String onboarding = created(this.admin.post("/api/v1/spaces", "{\"name\":\"Staff " + tag + "\"}"))
			.path("space").path("id").asText();
		String handSpace = created(this.admin.post("/api/v1/spaces", "{\"name\":\"Hand " + tag + "\"}"))
			.path("space").path("id").asText();
		created(this.admin.post("/api/v1/personas", "{\"name\":\"Staff " + tag + "\",\"rule\":{\"type\":\"group\","
				+ "\"group\":\"staff-" + tag + "\"},\"spaces\":[\"" + onboarding + "\"]}"));
		awaitRecompute();
		assertThat(this.admin.post("/api/v1/spaces/" + handSpace + "/members/" + ada, null).status()).isEqualTo(201);
		assertThat(this.spaces.spacesOf(ada)).hasSize(2);

		this.directory.deactivate(ada, "test");
		this.membership.recomputeUser(ada, "deactivated by test");

		assertThat(this.personas.personasOf(ada)).isEmpty();
		assertThat(this.spaces.spacesOf(ada)).isEmpty();
		assertThat(eventsFor(EventType.SPACE_LEFT, ada)).hasSize(2)
			.allSatisfy((event) -> assertThat(event.getSummary()).contains("the user is deactivated"));
		assertThat(eventsFor(EventType.PERSONA_LEFT, ada)).singleElement()
			.satisfies((event) -> assertThat(event.getSummary()).contains("the user is deactivated"));

		this.directory.reactivate(ada, "test");
		this.membership.recomputeUser(ada, "reactivated by test");

		assertThat(this.spaces.spacesOf(ada)).extracting(Spaces.UserSpace::name)
			.containsExactlyInAnyOrder("Staff " + tag, "Hand " + tag);
		assertThat(this.personas.personasOf(ada)).hasSize(1);
	}

	@Test
	void handAddedMembersAreMarkedAndTakenBackByHand() {
		String tag = tag();
		UUID ada = person(tag + "-ada");
		UUID bob = person(tag + "-bob");
		this.groupMemberships.replaceGroups(bob, CONNECTION, List.of("leads-" + tag), TEST);
		String space = created(this.admin.post("/api/v1/spaces", "{\"name\":\"Leads " + tag + "\"}")).path("space")
			.path("id")
			.asText();
		String persona = created(this.admin.post("/api/v1/personas",
				"{\"name\":\"Leads " + tag + "\",\"rule\":{\"type\":\"group\",\"group\":\"leads-" + tag + "\"}}"))
			.path("persona").path("id").asText();
		awaitRecompute();
		JsonNode mapped = ok(this.admin.send("PUT", "/api/v1/spaces/" + space,
				"{\"name\":\"Leads " + tag + "\",\"personas\":[\"" + persona + "\"]}"));
		assertThat(mapped.path("recompute").isObject()).isTrue();
		awaitRecompute();

		assertThat(this.admin.post("/api/v1/spaces/" + space + "/members/" + ada, null).status()).isEqualTo(201);
		assertThat(this.admin.post("/api/v1/spaces/" + space + "/members/" + bob, null).status()).isEqualTo(201);
		assertThat(this.admin.post("/api/v1/spaces/" + space + "/members/" + ada, null).status()).isEqualTo(200);
		JsonNode members = ok(this.admin.get("/api/v1/spaces/" + space + "/members")).path("members");
		assertThat(find(members, ada.toString()).path("handAdded").asBoolean()).isTrue();
		assertThat(find(members, ada.toString()).path("personas")).isEmpty();
		assertThat(find(members, bob.toString()).path("handAdded").asBoolean()).isTrue();
		assertThat(find(members, bob.toString()).path("personas").get(0).path("name").asText())
			.isEqualTo("Leads " + tag);
		assertThat(eventsFor(EventType.SPACE_JOINED, ada)).singleElement()
			.satisfies((event) -> assertThat(event.getSummary()).contains("added by hand"));

		JsonHttpResponse bobBack = this.admin.delete("/api/v1/spaces/" + space + "/members/" + bob);
		assertThat(bobBack.json().path("message").asText()).contains("still a member", "through a persona");
		JsonHttpResponse adaBack = this.admin.delete("/api/v1/spaces/" + space + "/members/" + ada);
		assertThat(adaBack.json().path("message").asText()).contains("no longer a member");
		assertThat(this.admin.delete("/api/v1/spaces/" + space + "/members/" + ada).status()).isEqualTo(404);
		assertThat(userNames(ok(this.admin.get("/api/v1/spaces/" + space + "/members")))).containsExactly(tag + "-bob");
		assertThat(eventsFor(EventType.SPACE_LEFT, ada)).hasSize(1);
		assertThat(eventsFor(EventType.SPACE_LEFT, bob)).isEmpty();
	}

	@Test
	void theDailyPassHoldsItsJobLockUntilItIsOverAndThenForTenMinutes() {
		assertThat(this.daily.recomputeOncePerCluster()).isTrue();

		PersonaRecomputes.Status pass = this.recomputes.status();
		assertThat(pass.reason()).contains("daily re-evaluation of date rules");
		assertThat(pass.state()).isEqualTo("done");
		assertThat(this.daily.recomputeOncePerCluster()).as("as on another node whose scheduler fired late").isFalse();
		assertThat(this.recomputes.status().id()).isEqualTo(pass.id());
	}

	@Test
	void theNewHireCohortIsLeftOnDay91WithoutALogin() throws Exception {
		String tag = tag();
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		UUID fresh = person(tag + "-fresh");
		UUID older = person(tag + "-older");
		this.directory.updateProfile(fresh, new ProfileEdit().hireDate(today).set(ProfileField.TITLE, tag), TEST);
		this.directory.updateProfile(older, new ProfileEdit().hireDate(today.minusDays(30)).set(ProfileField.TITLE, tag),
				TEST);
		String space = created(this.admin.post("/api/v1/spaces", "{\"name\":\"Onboarding " + tag + "\"}"))
			.path("space").path("id").asText();
		created(this.admin.post("/api/v1/personas", "{\"name\":\"New hires " + tag + "\",\"rule\":{\"type\":\"allOf\","
				+ "\"rules\":[{\"type\":\"hireDate\",\"withinDays\":90},{\"type\":\"field\",\"field\":\"title\","
				+ "\"test\":\"equals\",\"value\":\"" + tag + "\"}]},\"spaces\":[\"" + space + "\"]}"));
		awaitRecompute();
		assertThat(userNames(ok(this.admin.get("/api/v1/spaces/" + space + "/members"))))
			.containsExactly(tag + "-fresh", tag + "-older");

		this.clock.advance(Duration.ofDays(60));
		dailyRecompute();
		assertThat(userNames(ok(this.admin.get("/api/v1/spaces/" + space + "/members"))))
			.containsExactly(tag + "-fresh");

		this.clock.advance(Duration.ofDays(29));
		dailyRecompute();
		assertThat(userNames(ok(this.admin.get("/api/v1/spaces/" + space + "/members")))).as("day 90")
			.containsExactly(tag + "-fresh");

		this.clock.advance(Duration.ofDays(1));
		dailyRecompute();
		assertThat(userNames(ok(this.admin.get("/api/v1/spaces/" + space + "/members")))).as("day 91").isEmpty();
		assertThat(eventsFor(EventType.PERSONA_LEFT, fresh)).singleElement()
			.satisfies((event) -> assertThat(event.getSummary()).contains("no longer",
					"hired within the last 90 days", "recompute asked for by admin"));
		assertThat(eventsFor(EventType.SPACE_LEFT, fresh)).hasSize(1);
	}

	@Test
	void reportsToDirectlyOrThroughTheChainSurvivesACycle() {
		String tag = tag();
		UUID boss = person(tag + "-boss");
		UUID lead = person(tag + "-lead");
		UUID dev = person(tag + "-dev");
		UUID loopA = person(tag + "-loop-a");
		UUID loopB = person(tag + "-loop-b");
		manager(lead, tag + "-boss");
		manager(dev, tag + "-lead");
		manager(loopA, tag + "-loop-b");
		manager(loopB, tag + "-loop-a");
		manager(boss, tag + "-loop-a");

		JsonNode direct = ok(this.admin.post("/api/v1/personas/preview",
				"{\"rule\":{\"type\":\"manager\",\"user\":\"" + tag + "-boss\"}}"));
		JsonNode chain = ok(this.admin.post("/api/v1/personas/preview",
				"{\"rule\":{\"type\":\"manager\",\"user\":\"" + boss + "\",\"chain\":true}}"));
		JsonNode loop = ok(this.admin.post("/api/v1/personas/preview",
				"{\"rule\":{\"type\":\"manager\",\"user\":\"" + tag + "-loop-a\",\"chain\":true}}"));

		assertThat(userNames(direct.path("sample"))).containsExactly(tag + "-lead");
		assertThat(userNames(chain.path("sample"))).containsExactly(tag + "-dev", tag + "-lead");
		assertThat(userNames(loop.path("sample"))).containsExactly(tag + "-boss", tag + "-dev", tag + "-lead",
				tag + "-loop-b");
		assertThat(chain.path("rule").path("userName").asText()).isEqualTo(tag + "-boss");

		created(this.admin.post("/api/v1/personas", "{\"name\":\"Under " + tag + "\",\"rule\":{\"type\":\"manager\","
				+ "\"user\":\"" + tag + "-loop-a\",\"chain\":true}}"));
		awaitRecompute();
		assertThat(this.membership.recomputeUser(loopA, "test").isEmpty()).isTrue();
		assertThat(this.membership.recomputeUser(dev, "test").isEmpty()).as("one user's chain, read by SQL").isTrue();
		assertThat(this.membership.recomputeUser(boss, "test").isEmpty()).isTrue();
		assertThat(this.personas.personasOf(dev)).extracting(Personas.Named::name).containsExactly("Under " + tag);
	}

	@Test
	void aDirectoryWideRecomputeAndConcurrentLoginsLeaveEveryoneConsistent() throws Exception {
		String tag = tag();
		List<UUID> users = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			UUID id = person(tag + "-" + i);
			this.groupMemberships.replaceGroups(id, CONNECTION, List.of((i % 2 == 0) ? "even-" + tag : "odd-" + tag),
					TEST);
			users.add(id);
		}
		String space = created(this.admin.post("/api/v1/spaces", "{\"name\":\"Even " + tag + "\"}")).path("space")
			.path("id")
			.asText();
		String persona = created(this.admin.post("/api/v1/personas", "{\"name\":\"Even " + tag + "\",\"rule\":"
				+ "{\"type\":\"group\",\"group\":\"even-" + tag + "\"},\"spaces\":[\"" + space + "\"]}"))
			.path("persona").path("id").asText();
		awaitRecompute();

		ExecutorService logins = Executors.newFixedThreadPool(3);
		try {
			JsonHttpResponse changed = this.admin.send("PUT", "/api/v1/personas/" + persona, "{\"name\":\"Even " + tag
					+ "\",\"rule\":{\"type\":\"group\",\"group\":\"odd-" + tag + "\"},\"spaces\":[\"" + space + "\"]}");
			assertThat(changed.status()).isEqualTo(200);
			List<Future<?>> done = new ArrayList<>();
			for (int i = 0; i < users.size(); i += 3) {
				UUID user = users.get(i);
				int n = i;
				done.add(logins.submit(() -> new TransactionTemplate(this.transactions).executeWithoutResult((s) -> {
					this.groupMemberships.replaceGroups(user, CONNECTION,
							List.of((n % 2 == 0) ? "odd-" + tag : "even-" + tag), TEST);
					this.membership.recomputeUser(user, "SAML login through okta");
				})));
			}
			for (Future<?> login : done) {
				login.get();
			}
		}
		finally {
			logins.shutdown();
		}
		awaitRecompute();

		Set<String> expected = new HashSet<>();
		for (int i = 0; i < users.size(); i++) {
			boolean odd = (i % 3 == 0) ? (i % 2 == 0) : (i % 2 == 1);
			if (odd) {
				expected.add(tag + "-" + i);
			}
		}
		JsonNode members = ok(this.admin.get("/api/v1/spaces/" + space + "/members?size=200"));
		assertThat(new HashSet<>(userNames(members))).isEqualTo(expected);
		assertThat(new HashSet<>(userNames(ok(this.admin.get("/api/v1/personas/" + persona + "/members?size=200")))))
			.isEqualTo(expected);
		for (UUID user : users) {
			assertThat(this.membership.recomputeUser(user, "check").isEmpty()).as("stored as the rule says").isTrue();
		}
		JsonNode status = ok(this.admin.get("/api/v1/personas/recompute"));
		assertThat(status.path("state").asText()).isEqualTo("done");
		assertThat(status.path("done").asLong()).isEqualTo(status.path("total").asLong());
	}

	@Test
	void deletingAPersonaOrASpaceTakesItsMembersOutWithEvents() {
		String tag = tag();
		UUID ada = person(tag + "-ada");
		this.groupMemberships.replaceGroups(ada, CONNECTION, List.of("doomed-" + tag), TEST);
		String space = created(this.admin.post("/api/v1/spaces", "{\"name\":\"Doomed " + tag + "\"}")).path("space")
			.path("id")
			.asText();
		String persona = created(this.admin.post("/api/v1/personas", "{\"name\":\"Doomed " + tag + "\",\"rule\":"
				+ "{\"type\":\"group\",\"group\":\"doomed-" + tag + "\"},\"spaces\":[\"" + space + "\"]}"))
			.path("persona").path("id").asText();
		awaitRecompute();
		assertThat(this.spaces.spacesOf(ada)).hasSize(1);

		assertThat(this.admin.delete("/api/v1/personas/" + persona).status()).isEqualTo(204);
		awaitRecompute();

		assertThat(this.personas.personasOf(ada)).isEmpty();
		assertThat(this.spaces.spacesOf(ada)).isEmpty();
		assertThat(eventsFor(EventType.PERSONA_LEFT, ada)).singleElement()
			.satisfies((event) -> assertThat(event.getSummary()).contains("the persona was deleted by admin"));
		assertThat(eventsFor(EventType.SPACE_LEFT, ada)).hasSize(1);

		this.admin.post("/api/v1/spaces/" + space + "/members/" + ada, null);
		assertThat(this.admin.delete("/api/v1/spaces/" + space).status()).isEqualTo(204);
		assertThat(this.spaces.spacesOf(ada)).isEmpty();
		assertThat(eventsFor(EventType.SPACE_LEFT, ada)).hasSize(2);
		assertThat(this.admin.get("/api/v1/spaces/" + space).status()).isEqualTo(404);
	}

	private void manager(UUID user, String managerUserName) {
		this.directory.updateProfile(user, new ProfileEdit().set(ProfileField.MANAGER, managerUserName), TEST);
	}

	private void dailyRecompute() throws Exception {
		assertThat(this.admin.post("/api/v1/personas/recompute", null).status()).isEqualTo(202);
		awaitRecompute();
	}

	private void awaitRecompute() {
		try {
			this.recomputes.awaitIdle(Duration.ofSeconds(60));
		}
		catch (java.util.concurrent.TimeoutException ex) {
			throw new AssertionError("The recompute did not finish", ex);
		}
		PersonaRecomputes.Status status = this.recomputes.status();
		assertThat(status.state()).as(String.valueOf(status.error())).isEqualTo("done");
	}

	private List<Event> eventsFor(EventType type, UUID user) {
		return this.events.search(type, user, null, 1000);
	}

	private UUID person(String userName) {
		return this.directory.createUser(userName, TEST).id();
	}

	private static List<String> userNames(JsonNode page) {
		JsonNode list = page.has("members") ? page.path("members") : page;
		List<String> names = new ArrayList<>();
		list.forEach((member) -> names.add(member.path("userName").asText()));
		return names;
	}

	private static JsonNode ok(JsonHttpResponse response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private static JsonNode created(JsonHttpResponse response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json();
	}

	private static String tag() {
		return "p" + UUID.randomUUID().toString().substring(0, 8);
	}

}
