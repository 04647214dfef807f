package io.tilegate.provisioning;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.connections.Connections;
import io.tilegate.directory.CustomFields;
import io.tilegate.directory.Directory;
import io.tilegate.directory.DirectorySlice;
import io.tilegate.directory.DirectoryTables;
import io.tilegate.directory.ProfileEdit;
import io.tilegate.directory.ProfileField;
import io.tilegate.directory.Provenance;
import io.tilegate.directory.RecordedEvents.RecordedEvent;
import io.tilegate.directory.RecordedEvents;
import io.tilegate.directory.UserProfile;
import io.tilegate.directory.UserSummary;
import io.tilegate.events.EventType;
import io.tilegate.personas.PersonaSlice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The JIT matrix against a real database. Provisioning commits its own transactions, so the
 * tests run outside one and start from empty tables.
 */
@DirectorySlice
@Import({ JitProvisioner.class, PersonaSlice.class })
@Transactional(propagation = Propagation.NOT_SUPPORTED)
abstract class JitProvisionerTests {

	private static final String OKTA = "okta-test";

	private static final String OTHER = "other-test";

	private static final Provenance ADMIN = new Provenance("admin", null);

	@Autowired
	private JitProvisioner jit;

	@Autowired
	private Directory directory;

	@Autowired
	private CustomFields customFields;

	@Autowired
	private Connections connections;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ObjectMapper json;

	private String metadata;

	@BeforeEach
	void emptyDirectoryWithTwoConnections() throws Exception {
		DirectoryTables.clear(this.jdbc);
		this.metadata = new ClassPathResource("metadata/static-idp.xml").getContentAsString(StandardCharsets.UTF_8);
		this.connections.save(OKTA, ConnectionSettings.metadataOnly(this.metadata), ConnectionOrigin.API, "test");
		this.connections.save(OTHER, ConnectionSettings.metadataOnly(this.metadata), ConnectionOrigin.API, "test");
	}

	// ---- identity

	@Test
	void aFirstLoginCreatesTheUserWithEverythingAsserted() {
		ProvisionedLogin login = this.jit.provision(okta("jane.doe", "firstName", "Jane", "lastName", "Doe", "email",
				"jane@example.com", "phone", "+1 555 0100", "company", "Example", "department", "Engineering", "title",
				"Engineer", "hireDate", "2024-03-01", "photo", "https://img.example.com/jane.png", "groups",
				"Engineering|All Staff"));

		assertThat(login.created()).isTrue();
		assertThat(login.linked()).isFalse();
		assertThat(login.userName()).isEqualTo("jane.doe");
		assertThat(login.warnings()).isEmpty();
		UserProfile profile = profile(login.userId());
		assertThat(profile.displayName()).isEqualTo("Jane Doe");
		assertThat(profile.email()).isEqualTo("jane@example.com");
		assertThat(profile.phone()).isEqualTo("+1 555 0100");
		assertThat(profile.company()).isEqualTo("Example");
		assertThat(profile.department()).isEqualTo("Engineering");
		assertThat(profile.title()).isEqualTo("Engineer");
		assertThat(profile.hireDate()).isEqualTo(LocalDate.of(2024, 3, 1));
		assertThat(profile.photoUrl()).isEqualTo("https://img.example.com/jane.png");
		assertThat(profile.groups()).extracting(UserProfile.Group::name).containsExactly("All Staff", "Engineering");
		assertThat(this.jdbc.queryForObject(
				"select count(*) from identity_link where connection_id = ? and name_id = ? and user_id = ? "
						+ "and last_login_at is not null",
				Integer.class, OKTA, "jane.doe", login.userId()))
			.isEqualTo(1);

		RecordedEvent created = single(EventType.USER_CREATED, login.userId());
		assertThat(created.connectionId()).isEqualTo(OKTA);
		assertThat(created.actor()).isEqualTo("saml:" + OKTA);
		assertThat(created.userName()).isEqualTo("jane.doe");
		assertThat(change(created, "email").get("old").isNull()).isTrue();
		assertThat(change(created, "email").get("new").asText()).isEqualTo("jane@example.com");
		assertThat(change(created, "groups").get("new")).hasSize(2);
		assertThat(events(EventType.GROUP_CREATED, null)).hasSize(2);
		assertThat(events(EventType.USER_UPDATED, login.userId())).isEmpty();
	}

	@Test
	void aReturningUsersChangesAreRecordedOldToNew() {
		UUID id = this.jit.provision(okta("jane", "title", "Engineer", "department", "R&D", "groups", "A")).userId();

		ProvisionedLogin again = this.jit.provision(okta("jane", "title", "Lead Engineer", "department", "R&D",
				"groups", "A|B"));

		assertThat(again.userId()).isEqualTo(id);
		assertThat(again.created()).isFalse();
		assertThat(again.linked()).isFalse();
		RecordedEvent updated = single(EventType.USER_UPDATED, id);
		assertThat(updated.summary()).contains("title", "groups");
		JsonNode title = change(updated, "title");
		assertThat(title.get("old").asText()).isEqualTo("Engineer");
		assertThat(title.get("new").asText()).isEqualTo("Lead Engineer");
		JsonNode groups = change(updated, "groups");
		assertThat(groups.get("old")).extracting(JsonNode::asText).containsExactly("A");
		assertThat(groups.get("new")).extracting(JsonNode::asText).containsExactly("A", "B");
		assertThat(changes(updated)).hasSize(2);

		this.jit.provision(okta("jane", "title", "Lead Engineer", "department", "R&D", "groups", "b|a"));
		assertThat(events(EventType.USER_UPDATED, id)).as("a login that changes nothing records nothing").hasSize(1);
	}

	// ---- repeated sign-ins: an identical one skips the mapping, but never a change made since

	@Test
	void anIdenticalSignInChangesNothingAndRecordsNoUpdate() {
		AssertedIdentity jane = okta("jane", "title", "Engineer", "groups", "A|B");
		UUID id = this.jit.provision(jane).userId();
		Object firstLogin = lastLogin("jane");

		ProvisionedLogin again = this.jit.provision(jane);

		assertThat(again.userId()).isEqualTo(id);
		assertThat(again.created()).isFalse();
		assertThat(events(EventType.USER_UPDATED, id)).isEmpty();
		assertThat(lastLogin("jane")).isNotNull().isNotEqualTo(firstLogin);
	}

	@Test
	void anIdenticalSignInStillRestoresWhatSomeoneElseChangedSince() {
		AssertedIdentity jane = okta("jane", "department", "R&D", "groups", "A");
		UUID id = this.jit.provision(jane).userId();
		this.directory.updateProfile(id, new ProfileEdit().set(ProfileField.DEPARTMENT, "Sales"), ADMIN);

		this.jit.provision(jane);

		assertThat(profile(id).department()).isEqualTo("R&D");
		assertThat(change(single(EventType.USER_UPDATED, id), "department").get("old").asText()).isEqualTo("Sales");
	}

	@Test
	void anIdenticalSignInMapsACustomFieldDefinedSince() {
		AssertedIdentity jane = okta("jane", "custom.office", "Berlin");
		UUID id = this.jit.provision(jane).userId();
		assertThat(profile(id).customValues()).isEmpty();

		this.customFields.defineCustomField("office", "Office", "admin");
		this.jit.provision(jane);

		assertThat(profile(id).customValues()).extracting(UserProfile.CustomValue::value).containsExactly("Berlin");
	}

	@Test
	void anIdenticalSignInFollowsAMappingChangedSince() {
		AssertedIdentity jane = okta("jane", "title", "Engineer", "jobTitle", "Staff Engineer");
		UUID id = this.jit.provision(jane).userId();

		this.connections.save(OKTA, new ConnectionSettings(null, null, Map.of("title", "jobTitle"), null, null, null),
				ConnectionOrigin.API, "test");
		this.jit.provision(jane);

		assertThat(profile(id).title()).isEqualTo("Staff Engineer");
	}

	@Test
	void aDeactivatedUserIsRefusedEvenWithAnIdenticalSignIn() {
		AssertedIdentity jane = okta("jane", "title", "Engineer");
		UUID id = this.jit.provision(jane).userId();
		this.directory.deactivate(id, "admin");

		assertThatThrownBy(() -> this.jit.provision(jane)).isInstanceOf(UserDeactivatedException.class);
	}

	@Test
	void aSignInWithAWarningIsMappedEveryTimeSoTheWarningShowsEveryTime() {
		AssertedIdentity jane = okta("jane", "hireDate", "someday");
		this.jit.provision(jane);

		assertThat(this.jit.provision(jane).warnings()).singleElement().asString().contains("someday");
	}

	private Object lastLogin(String nameId) {
		return this.jdbc.queryForObject("select last_login_at from identity_link where connection_id = ? and name_id = ?",
				Object.class, OKTA, nameId);
	}

	@Test
	void anExistingUserIsLinkedByUserNameWhateverItsCase() {
		UserSummary existing = this.directory.createUser("Jane.Doe", ADMIN);

		ProvisionedLogin login = this.jit.provision(okta("jane.doe", "firstName", "Jane"));

		assertThat(login.userId()).isEqualTo(existing.id());
		assertThat(login.userName()).isEqualTo("Jane.Doe");
		assertThat(login.linked()).isTrue();
		assertThat(login.created()).isFalse();
		assertThat(single(EventType.USER_LINKED, existing.id()).detail()).contains("user name");
		assertThat(profile(existing.id()).firstName()).isEqualTo("Jane");
		assertThatExceptionOfType(LinkRefusedException.class).as("another NameID spelling is a second NameID")
			.isThrownBy(() -> this.jit.provision(okta("JANE.DOE")))
			.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(LinkRefusedException.Kind.SECOND_NAME_ID));
		assertThat(this.jit.provision(okta("jane.doe")).linked()).isFalse();
		assertThat(count("app_user")).isEqualTo(1);
	}

	@Test
	void anExistingUserIsLinkedByEmailInAVerifiedDomainOnly() {
		UserSummary existing = this.directory.createUser("jdoe", ADMIN);
		this.directory.updateProfile(existing.id(), new ProfileEdit().set(ProfileField.EMAIL, "Jane@Example.com"),
				ADMIN);
		assertThatExceptionOfType(LinkRefusedException.class)
			.isThrownBy(() -> this.jit.provision(okta("00u1abcd", "email", "jane@example.COM")))
			.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(LinkRefusedException.Kind.EMAIL_DOMAIN_NOT_VERIFIED));
		assertThat(count("identity_link")).isZero();
		this.connections.save(OKTA,
				new ConnectionSettings(null, null, null, null, null, null, null, null, null, List.of("example.com")),
				ConnectionOrigin.API, "test");

		ProvisionedLogin login = this.jit.provision(okta("00u1abcd", "email", "jane@example.COM"));

		assertThat(login.userId()).isEqualTo(existing.id());
		assertThat(login.linked()).isTrue();
		assertThat(single(EventType.USER_LINKED, existing.id()).detail()).contains("email");
		assertThat(this.jit.provision(okta("00u1abcd")).userId()).isEqualTo(existing.id());
		assertThat(count("app_user")).isEqualTo(1);
	}

	@Test
	void noLinkByEmailWhenTheConnectionSaysNo() {
		this.connections.save(OKTA, new ConnectionSettings(null, null, null, null, false, null), ConnectionOrigin.API,
				"test");
		UserSummary existing = this.directory.createUser("jdoe", ADMIN);
		this.directory.updateProfile(existing.id(), new ProfileEdit().set(ProfileField.EMAIL, "jane@example.com"), ADMIN);

		ProvisionedLogin login = this.jit.provision(okta("00u1abcd", "email", "jane@example.com"));

		assertThat(login.created()).isTrue();
		assertThat(login.userId()).isNotEqualTo(existing.id());
	}

	@Test
	void noLinkByAnEmailSeveralUsersShare() {
		for (String name : List.of("jdoe", "jane")) {
			UserSummary user = this.directory.createUser(name, ADMIN);
			this.directory.updateProfile(user.id(), new ProfileEdit().set(ProfileField.EMAIL, "jane@example.com"), ADMIN);
		}

		ProvisionedLogin login = this.jit.provision(okta("00u1abcd", "email", "jane@example.com"));

		assertThat(login.created()).isTrue();
		assertThat(count("app_user")).isEqualTo(3);
	}

	// ---- deactivated users

	@Test
	void aDeactivatedUserIsRefusedAndLeftAsTheyWere() {
		UUID id = this.jit.provision(okta("jane", "title", "Engineer", "groups", "A")).userId();
		this.directory.deactivate(id, "admin");
		int eventsBefore = count("event_log");

		assertThatExceptionOfType(UserDeactivatedException.class)
			.isThrownBy(() -> this.jit.provision(okta("jane", "title", "Boss", "groups", "B")))
			.satisfies((ex) -> {
				assertThat(ex.getUserId()).isEqualTo(id);
				assertThat(ex.getUserName()).isEqualTo("jane");
			});

		UserProfile profile = profile(id);
		assertThat(profile.active()).isFalse();
		assertThat(profile.title()).isEqualTo("Engineer");
		assertThat(profile.groups()).extracting(UserProfile.Group::name).containsExactly("A");
		assertThat(count("event_log")).isEqualTo(eventsBefore);
	}

	@Test
	void aDeactivatedUserIsNotLinkedEither() {
		UserSummary existing = this.directory.createUser("jane", ADMIN);
		this.directory.deactivate(existing.id(), "admin");

		assertThatExceptionOfType(UserDeactivatedException.class).isThrownBy(() -> this.jit.provision(okta("JANE")));

		assertThat(count("identity_link")).isZero();
		assertThat(count("app_user")).isEqualTo(1);
	}

	// ---- managers

	@Test
	void aManagerWhoSignsInLaterIsResolvedThen() {
		UUID jane = this.jit.provision(okta("jane", "manager", "Grace")).userId();
		UUID bob = this.jit.provision(okta("bob", "manager", "grace@example.com")).userId();
		assertThat(profile(jane).manager()).isNull();
		assertThat(profile(jane).pendingManager()).isEqualTo("Grace");

		UUID grace = this.jit.provision(okta("grace", "email", "Grace@Example.com", "firstName", "Grace")).userId();

		assertThat(profile(jane).manager()).isEqualTo(new UserProfile.Manager(grace, "Grace", "grace"));
		assertThat(profile(jane).pendingManager()).isNull();
		assertThat(profile(bob).manager().id()).isEqualTo(grace);
		RecordedEvent resolved = single(EventType.MANAGER_RESOLVED, jane);
		assertThat(resolved.actor()).isEqualTo("saml:" + OKTA);
		assertThat(resolved.summary()).contains("grace");
		assertThat(single(EventType.MANAGER_RESOLVED, bob)).isNotNull();

		this.jit.provision(okta("jane", "manager", "Grace"));
		assertThat(events(EventType.USER_UPDATED, jane)).as("the resolved manager is the one asserted").isEmpty();
	}

	@Test
	void aKnownManagerIsFoundByUserNameOrEmailIgnoringCase() {
		UUID grace = this.jit.provision(okta("grace", "email", "grace@example.com")).userId();

		UUID jane = this.jit.provision(okta("jane", "manager", "GRACE")).userId();
		UUID bob = this.jit.provision(okta("bob", "manager", "Grace@Example.com")).userId();

		assertThat(profile(jane).manager().id()).isEqualTo(grace);
		assertThat(profile(bob).manager().id()).isEqualTo(grace);
		ProvisionedLogin self = this.jit.provision(okta("grace", "manager", "grace@example.com"));
		assertThat(self.warnings()).singleElement().asString().contains("themselves");
		assertThat(profile(grace).manager()).isNull();
	}

	// ---- groups

	@Test
	void groupsOfThisConnectionAreReplacedAndOthersKept() {
		UUID id = this.jit.provision(okta("jane", "groups", "A|B")).userId();
		this.jit.provision(identity(OTHER, "jane", "groups", "X"));
		UUID local = UUID.randomUUID();
		this.jdbc.update("insert into user_group (id, connection_id, display_name, name_key, created_at) "
				+ "values (?, null, 'Local', 'local', current_timestamp)", local);
		this.jdbc.update("insert into group_membership (group_id, user_id) values (?, ?)", local, id);

		this.jit.provision(okta("jane", "groups", "B|C"));

		assertThat(profile(id).groups()).containsExactly(new UserProfile.Group("Local", null),
				new UserProfile.Group("B", OKTA), new UserProfile.Group("C", OKTA), new UserProfile.Group("X", OTHER));
		assertThat(this.jdbc.queryForObject("select count(*) from user_group where connection_id = ?", Integer.class,
				OKTA))
			.as("a group left empty stays defined")
			.isEqualTo(3);
	}

	@Test
	void theSameGroupNameInTwoConnectionsIsTwoGroups() {
		UUID id = this.jit.provision(okta("jane", "groups", "Staff")).userId();
		this.jit.provision(identity(OTHER, "jane", "groups", "staff"));

		assertThat(profile(id).groups()).containsExactly(new UserProfile.Group("Staff", OKTA),
				new UserProfile.Group("staff", OTHER));
	}

	// ---- absent and empty attributes

	@Test
	void anAbsentAttributeKeepsTheValueAndAnEmptyOneClearsIt() {
		UUID id = this.jit.provision(okta("jane", "phone", "+1 555 0100", "department", "R&D", "title", "Engineer",
				"hireDate", "2024-03-01", "manager", "grace", "groups", "A|B"))
			.userId();

		this.jit.provision(identity(OKTA, "jane", Map.of("department", List.of(), "title", List.of("  ", ""), "hireDate",
				List.of(""), "manager", List.of(), "groups", List.of(""))));

		UserProfile profile = profile(id);
		assertThat(profile.phone()).isEqualTo("+1 555 0100");
		assertThat(profile.department()).isNull();
		assertThat(profile.title()).isNull();
		assertThat(profile.hireDate()).isNull();
		assertThat(profile.pendingManager()).isNull();
		assertThat(profile.groups()).isEmpty();
		RecordedEvent updated = single(EventType.USER_UPDATED, id);
		assertThat(changes(updated)).extracting((change) -> change.get("field").asText())
			.containsExactlyInAnyOrder("department", "title", "hireDate", "manager", "groups");
		assertThat(change(updated, "department").get("new").isNull()).isTrue();
	}

	@Test
	void noGroupsAttributeLeavesGroupsAlone() {
		UUID id = this.jit.provision(okta("jane", "groups", "A")).userId();

		this.jit.provision(okta("jane", "title", "Engineer"));

		assertThat(profile(id).groups()).extracting(UserProfile.Group::name).containsExactly("A");
	}

	// ---- hire dates

	@ParameterizedTest
	@ValueSource(strings = { "2024-03-01", "03/01/2024", "3/1/2024", "2024-03-01T00:00:00Z", "2024-03-01T23:30:00-08:00",
			"2024-03-01T00:30:00+02:00", "2024-03-01T09:15:00", "2024-03-01T09:15:00.123Z" })
	void hireDatesInEveryAcceptedFormat(String value) {
		ProvisionedLogin login = this.jit.provision(okta("jane", "hireDate", value));

		assertThat(login.warnings()).isEmpty();
		assertThat(profile(login.userId()).hireDate()).isEqualTo(LocalDate.of(2024, 3, 1));
	}

	@Test
	void anUnreadableHireDateIsReportedAndTheLoginGoesAhead() {
		UUID id = this.jit.provision(okta("jane", "hireDate", "2024-03-01")).userId();

		ProvisionedLogin login = this.jit.provision(okta("jane", "hireDate", "31/12/2024", "title", "Engineer"));

		assertThat(login.userId()).isEqualTo(id);
		assertThat(login.warnings()).singleElement().asString().contains("31/12/2024", "yyyy-MM-dd");
		assertThat(profile(id).hireDate()).isEqualTo(LocalDate.of(2024, 3, 1));
		assertThat(profile(id).title()).isEqualTo("Engineer");
		RecordedEvent updated = single(EventType.USER_UPDATED, id);
		assertThat(changes(updated)).hasSize(1);
		assertThat(detail(updated).get("warnings").get(0).asText()).contains("31/12/2024");
	}

	@Test
	void anUnreadableHireDateOnAFirstLoginStillCreatesTheUser() {
		ProvisionedLogin login = this.jit.provision(okta("jane", "hireDate", "next Monday"));

		assertThat(login.created()).isTrue();
		assertThat(login.warnings()).hasSize(1);
		assertThat(profile(login.userId()).hireDate()).isNull();
		assertThat(detail(single(EventType.USER_CREATED, login.userId())).get("warnings")).hasSize(1);
	}

	// ---- custom fields

	@Test
	void customFieldsAreSetChangedAndCleared() {
		this.customFields.defineCustomField("costCenter", "Cost center", "admin");
		this.customFields.defineCustomField("badge", "Badge", "admin");
		UUID id = this.jit.provision(okta("jane", "custom.costCenter", "CC-42", "custom.badge", "B-7", "custom.unknown",
				"ignored"))
			.userId();
		assertThat(profile(id).customValues()).containsExactly(
				new UserProfile.CustomValue("costCenter", "Cost center", "CC-42"),
				new UserProfile.CustomValue("badge", "Badge", "B-7"));

		this.jit.provision(identity(OKTA, "jane", Map.of("custom.costCenter", List.of("CC-7"), "custom.badge", List.of())));

		assertThat(profile(id).customValues()).containsExactly(
				new UserProfile.CustomValue("costCenter", "Cost center", "CC-7"));
		assertThat(count("user_custom_value")).isEqualTo(1);
		JsonNode badge = change(single(EventType.USER_UPDATED, id), "custom.badge");
		assertThat(badge.get("old").asText()).isEqualTo("B-7");
		assertThat(badge.get("new").isNull()).isTrue();
	}

	// ---- SCIM-managed users

	@Test
	void aScimManagedUsersProfileIsLeftToScimButGroupsAreSynced() {
		UUID id = this.jit.provision(okta("jane", "title", "Engineer", "groups", "A")).userId();
		this.jdbc.update("update app_user set scim_managed = true where id = ?", id);

		this.jit.provision(okta("jane", "title", "Boss", "groups", "B"));

		assertThat(profile(id).title()).isEqualTo("Engineer");
		assertThat(profile(id).groups()).extracting(UserProfile.Group::name).containsExactly("B");
		assertThat(changes(single(EventType.USER_UPDATED, id))).extracting((change) -> change.get("field").asText())
			.containsExactly("groups");
	}

	@Test
	void aConnectionMayUpdateScimManagedUsers() {
		this.connections.save(OKTA, new ConnectionSettings(null, null, null, null, null, true), ConnectionOrigin.API,
				"test");
		UUID id = this.jit.provision(okta("jane", "title", "Engineer")).userId();
		this.jdbc.update("update app_user set scim_managed = true where id = ?", id);

		this.jit.provision(okta("jane", "title", "Boss"));

		assertThat(profile(id).title()).isEqualTo("Boss");
	}

	// ---- attribute mapping

	@Test
	void attributesAreReadThroughTheConnectionsMapping() {
		this.connections.save(OKTA, new ConnectionSettings(null, "onelogin", Map.of("title", "jobTitle"), null, null,
				null), ConnectionOrigin.API, "test");

		UUID id = this.jit.provision(okta("jane", "User.FirstName", "Jane", "jobTitle", "Engineer", "memberOf", "A",
				"firstName", "ignored"))
			.userId();

		assertThat(profile(id).firstName()).isEqualTo("Jane");
		assertThat(profile(id).title()).isEqualTo("Engineer");
		assertThat(profile(id).groups()).extracting(UserProfile.Group::name).containsExactly("A");
	}

	// ---- concurrency

	@Test
	void tenParallelFirstLoginsMakeOneUserAndOneLink() throws Exception {
		int logins = 10;
		CountDownLatch ready = new CountDownLatch(logins);
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(logins);
		try {
			List<Future<ProvisionedLogin>> results = new ArrayList<>();
			for (int i = 0; i < logins; i++) {
				results.add(pool.submit(() -> {
					ready.countDown();
					go.await();
					return this.jit.provision(okta("Jane.Doe", "email", "jane@example.com", "firstName", "Jane",
							"groups", "Engineering|All Staff"));
				}));
			}
			ready.await();
			go.countDown();
			List<ProvisionedLogin> done = new ArrayList<>();
			for (Future<ProvisionedLogin> result : results) {
				done.add(result.get(120, TimeUnit.SECONDS));
			}

			assertThat(done).extracting(ProvisionedLogin::userId).containsOnly(done.get(0).userId());
			assertThat(done).filteredOn(ProvisionedLogin::created).hasSize(1);
			assertThat(count("app_user")).isEqualTo(1);
			assertThat(count("identity_link")).isEqualTo(1);
			assertThat(count("user_group")).isEqualTo(2);
			assertThat(count("group_membership")).isEqualTo(2);
			assertThat(events(EventType.USER_CREATED, null)).hasSize(1);
			assertThat(events(EventType.GROUP_CREATED, null)).hasSize(2);
			assertThat(events(EventType.USER_UPDATED, null)).isEmpty();
		}
		finally {
			pool.shutdownNow();
		}
	}

	// ---- helpers

	private static AssertedIdentity okta(String nameId, String... attributes) {
		return identity(OKTA, nameId, attributes);
	}

	/** Attribute name, then its values separated by {@code |}. */
	private static AssertedIdentity identity(String connectionId, String nameId, String... attributes) {
		Map<String, List<String>> map = new LinkedHashMap<>();
		for (int i = 0; i < attributes.length; i += 2) {
			map.put(attributes[i], Arrays.asList(attributes[i + 1].split("\\|")));
		}
		return identity(connectionId, nameId, map);
	}

	private static AssertedIdentity identity(String connectionId, String nameId, Map<String, List<String>> attributes) {
		return new AssertedIdentity(connectionId, nameId, attributes);
	}

	private UserProfile profile(UUID id) {
		return this.directory.profile(id).orElseThrow();
	}

	private int count(String table) {
		return this.jdbc.queryForObject("select count(*) from " + table, Integer.class);
	}

	private List<RecordedEvent> events(EventType type, UUID userId) {
		return RecordedEvents.of(this.jdbc, type, userId);
	}

	private RecordedEvent single(EventType type, UUID userId) {
		List<RecordedEvent> events = events(type, userId);
		assertThat(events).as(type + " events").hasSize(1);
		return events.get(0);
	}

	private JsonNode detail(RecordedEvent event) {
		try {
			return this.json.readTree(event.detail());
		}
		catch (Exception ex) {
			throw new AssertionError("Event detail is not JSON: " + event.detail(), ex);
		}
	}

	private List<JsonNode> changes(RecordedEvent event) {
		List<JsonNode> changes = new ArrayList<>();
		detail(event).path("changes").forEach(changes::add);
		return changes;
	}

	private JsonNode change(RecordedEvent event, String field) {
		return changes(event).stream()
			.filter((change) -> field.equals(change.get("field").asText()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No change of " + field + " in " + event.detail()));
	}

}
