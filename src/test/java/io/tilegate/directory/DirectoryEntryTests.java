package io.tilegate.directory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.connections.Connections;
import io.tilegate.directory.UserSearch.Attribute;
import io.tilegate.directory.UserSearch.Operator;
import io.tilegate.events.EventType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.orm.jpa.TestEntityManager;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The directory's provisioning API (what SCIM writes and reads through) against a real
 * database; each test runs in a transaction that is rolled back.
 */
@DirectorySlice
abstract class DirectoryEntryTests {

	private static final Provenance BY = new Provenance("scim:okta-test:token", "okta-test");

	private static final String TENANT = "default";

	@Autowired
	private Directory directory;

	@Autowired
	private UserEntries userEntries;

	@Autowired
	private GroupMemberships groupMemberships;

	@Autowired
	private IdentityLinks identityLinks;

	@Autowired
	private CustomFields customFields;

	@Autowired
	private Connections connections;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private TestEntityManager entities;

	@BeforeEach
	void connections() throws Exception {
		String xml = new ClassPathResource("metadata/static-idp.xml").getContentAsString(StandardCharsets.UTF_8);
		this.connections.save("okta-test", ConnectionSettings.metadataOnly(xml), ConnectionOrigin.API, "test");
		this.connections.save("other-test", ConnectionSettings.metadataOnly(xml), ConnectionOrigin.API, "test");
		this.customFields.defineCustomField("costCenter", "Cost center", "admin");
	}

	@Test
	void createEntryKeepsEveryFieldAndSaysWhatItSet() {
		UserEntryUpdate created = this.userEntries.createEntry(TENANT, new UserEntryEdit("Ada")
			.externalId("ext-ada")
			.set(ProfileField.FIRST_NAME, " Ada ")
			.set(ProfileField.EMAIL, "Ada@Example.com")
			.set(ProfileField.PHOTO, "https://img.example.com/ada.png")
			.set(ProfileField.COMPANY, "Engines")
			.employeeNumber("E-1")
			.hireDate(LocalDate.of(1833, 6, 5))
			.custom("costCenter", "CC-1")
			.active(false), BY);

		UserEntry entry = created.entry();
		assertThat(entry.firstName()).isEqualTo("Ada");
		assertThat(entry.active()).isFalse();
		assertThat(entry.version()).isZero();
		assertThat(entry.customValues()).containsEntry("costCenter", "CC-1");
		assertThat(created.changes()).extracting(ProfileChange::field)
			.containsExactlyInAnyOrder("firstName", "email", "photo", "company", "externalId", "employeeNumber",
					"hireDate", "custom.costCenter", "active");
		this.entities.flush();
		this.entities.clear();
		UserEntry read = this.userEntries.entry(TENANT, entry.id(), null).orElseThrow();
		assertThat(read).isEqualTo(entry);
		assertThat(this.directory.findByEmail("ada@example.COM")).extracting(UserSummary::scimManaged).containsExactly(true);
		assertThat(RecordedEvents.of(this.jdbc, EventType.USER_CREATED, entry.id())).singleElement()
			.satisfies((event) -> assertThat(event.detail()).contains("\"field\":\"email\"", "Ada@Example.com"));
	}

	@Test
	void theAttributesBesideTheProfileAreKeptSearchableAndChangeTheVersion() {
		String json = "{\"nickName\":\"Ada\",\"emails\":[{\"value\":\"a@example.com\",\"type\":\"home\"}]}";
		UserEntry user = this.userEntries.createEntry(TENANT, new UserEntryEdit("lovelace")
			.displayName(" Ada, Countess of Lovelace ")
			.officeAddress("12 St James's Square, London")
			.costCenter("CC-7")
			.division("Engines")
			.scimAttributes(json), BY).entry();
		this.entities.flush();
		this.entities.clear();

		UserEntry read = this.userEntries.entry(TENANT, user.id(), null).orElseThrow();
		assertThat(read).isEqualTo(user);
		assertThat(read.displayName()).isEqualTo("Ada, Countess of Lovelace");
		assertThat(read.officeAddress()).isEqualTo("12 St James's Square, London");
		assertThat(read.costCenter()).isEqualTo("CC-7");
		assertThat(read.division()).isEqualTo("Engines");
		assertThat(read.scimAttributes()).isEqualTo(json);
		assertThat(this.userEntries.searchUsers(TENANT,
				UserSearch.compare(Attribute.DISPLAY_NAME, Operator.CO, "COUNTESS"), UserOrder.oldestFirst(), 0, 10, null).users())
			.extracting(UserEntry::id)
			.containsExactly(user.id());

		UserEntryUpdate renamed = this.userEntries.replaceEntry(TENANT, user.id(), 0, new UserEntryEdit("lovelace")
			.displayName("Ada King")
			.officeAddress("12 St James's Square, London")
			.costCenter("CC-7")
			.division("Engines")
			.scimAttributes(json), BY).orElseThrow();
		assertThat(renamed.changes()).containsExactly(
				new ProfileChange("displayName", "Ada, Countess of Lovelace", "Ada King"));
		this.entities.flush();
		assertThat(this.userEntries.entry(TENANT, user.id(), null).orElseThrow().version()).isOne();
		assertThatExceptionOfType(ProfileRejectedException.class).isThrownBy(() -> this.userEntries.replaceEntry(TENANT,
				user.id(), 1, new UserEntryEdit("lovelace").scimAttributes("\"" + "x".repeat(200_000) + "\""), BY));
	}

	@Test
	void replaceEntryWritesOnlyWhatDiffersAndNothingForAnIdenticalEdit() {
		UserEntry user = this.userEntries.createEntry(TENANT, new UserEntryEdit("grace")
			.set(ProfileField.FIRST_NAME, "Grace")
			.set(ProfileField.TITLE, "Admiral")
			.custom("costCenter", "CC-1"), BY).entry();
		this.entities.flush();

		UserEntryUpdate same = this.userEntries.replaceEntry(TENANT, user.id(), 0, new UserEntryEdit("grace")
			.set(ProfileField.FIRST_NAME, "Grace")
			.set(ProfileField.TITLE, "Admiral")
			.custom("costCenter", "CC-1"), BY).orElseThrow();
		assertThat(same.changes()).isEmpty();
		assertThat(same.entry().version()).isZero();

		UserEntryUpdate changed = this.userEntries.replaceEntry(TENANT, user.id(), 0,
				new UserEntryEdit("Grace").set(ProfileField.FIRST_NAME, "Grace").active(false), BY).orElseThrow();
		assertThat(changed.changes()).containsExactlyInAnyOrder(new ProfileChange("userName", "grace", "Grace"),
				new ProfileChange("title", "Admiral", null), new ProfileChange("custom.costCenter", "CC-1", null),
				new ProfileChange("active", "true", "false"));
		assertThat(changed.entry().version()).isOne();
		assertThat(changed.entry().customValues()).isEmpty();
		assertThat(RecordedEvents.of(this.jdbc, EventType.USER_UPDATED, user.id())).singleElement()
			.satisfies((event) -> assertThat(event.summary()).contains("userName, title, custom.costCenter"));
		assertThat(RecordedEvents.of(this.jdbc, EventType.USER_DEACTIVATED, user.id())).hasSize(1);
		assertThat(this.userEntries.replaceEntry("elsewhere", user.id(), 1, new UserEntryEdit("x"), BY)).isEmpty();
	}

	@Test
	void replaceEntryRefusesAStaleVersionATakenNameAndWhatCannotBeKept() {
		this.userEntries.createEntry(TENANT, new UserEntryEdit("taken"), BY);
		UserEntry user = this.userEntries.createEntry(TENANT, new UserEntryEdit("mine").externalId("mine-ext"), BY).entry();

		assertThatExceptionOfType(OptimisticLockingFailureException.class)
			.isThrownBy(() -> this.userEntries.replaceEntry(TENANT, user.id(), 7, new UserEntryEdit("mine"), BY));
		assertThatExceptionOfType(UserNameTakenException.class)
			.isThrownBy(() -> this.userEntries.replaceEntry(TENANT, user.id(), 0, new UserEntryEdit("TAKEN"), BY))
			.satisfies((ex) -> assertThat(ex.userName()).isEqualTo("TAKEN"));
		assertThatExceptionOfType(ProfileRejectedException.class)
			.isThrownBy(() -> this.userEntries.replaceEntry(TENANT, user.id(), 0,
					new UserEntryEdit("mine").set(ProfileField.PHONE, "1".repeat(65)), BY))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("phone"));
		assertThatExceptionOfType(ProfileRejectedException.class)
			.isThrownBy(() -> this.userEntries.replaceEntry(TENANT, user.id(), 0,
					new UserEntryEdit("mine").custom("undefined", "x"), BY))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("custom.undefined"));
		for (String self : List.of(user.id().toString(), "mine-ext", "MINE")) {
			assertThatExceptionOfType(ProfileRejectedException.class)
				.isThrownBy(() -> this.userEntries.replaceEntry(TENANT, user.id(), 0,
						new UserEntryEdit("mine").externalId("mine-ext").set(ProfileField.MANAGER, self), BY))
				.satisfies((ex) -> assertThat(ex.getMessage()).contains("themselves"));
		}
	}

	@Test
	void aManagerIsFoundByIdThenExternalIdThenUserNameAndOneNotKnownYetWhenTheyAppear() {
		UserEntry byId = this.userEntries.createEntry(TENANT, new UserEntryEdit("boss1"), BY).entry();
		UserEntry byExternalId = this.userEntries.createEntry(TENANT, new UserEntryEdit("boss2").externalId("00uBoss2"), BY)
			.entry();

		assertThat(managerOf(new UserEntryEdit("r1").set(ProfileField.MANAGER, byId.id().toString()))).isEqualTo(byId.id());
		assertThat(managerOf(new UserEntryEdit("r2").set(ProfileField.MANAGER, "00uBoss2"))).isEqualTo(byExternalId.id());
		assertThat(managerOf(new UserEntryEdit("r3").set(ProfileField.MANAGER, "BOSS1"))).isEqualTo(byId.id());

		UserEntry waiting = this.userEntries.createEntry(TENANT,
				new UserEntryEdit("r4").set(ProfileField.MANAGER, "00uLater"), BY).entry();
		assertThat(waiting.manager()).isNull();
		assertThat(waiting.pendingManager()).isEqualTo("00uLater");
		UserEntry later = this.userEntries.createEntry(TENANT, new UserEntryEdit("boss3").externalId("00uLater"), BY)
			.entry();
		this.entities.flush();
		UserEntry resolved = this.userEntries.entry(TENANT, waiting.id(), null).orElseThrow();
		assertThat(resolved.manager()).isEqualTo(new UserEntry.Manager(later.id(), "boss3"));
		assertThat(resolved.pendingManager()).isNull();
		assertThat(RecordedEvents.of(this.jdbc, EventType.MANAGER_RESOLVED, waiting.id())).hasSize(1);
	}

	@Test
	void searchUsersComparesEachAttributeInTheDatabase() {
		UserEntry ada = this.userEntries.createEntry(TENANT, new UserEntryEdit("Ada_%")
			.externalId("Ext-1")
			.set(ProfileField.FIRST_NAME, "Ada")
			.set(ProfileField.EMAIL, "Ada@Example.com")
			.set(ProfileField.DEPARTMENT, "Research")
			.employeeNumber("E-1"), BY).entry();
		UserEntry bob = this.userEntries.createEntry(TENANT,
				new UserEntryEdit("bob").set(ProfileField.TITLE, "Clerk").active(false), BY).entry();
		this.userEntries.createEntry("elsewhere", new UserEntryEdit("ada-elsewhere").set(ProfileField.FIRST_NAME, "Ada"), BY);
		this.entities.flush();

		assertThat(search(UserSearch.everyone())).containsExactly(ada.id(), bob.id());
		assertThat(search(UserSearch.nobody())).isEmpty();
		assertThat(search(UserSearch.compare(Attribute.USER_NAME, Operator.EQ, "ADA_%"))).containsExactly(ada.id());
		assertThat(search(UserSearch.compare(Attribute.USER_NAME, Operator.SW, "a"))).containsExactly(ada.id());
		assertThat(search(UserSearch.compare(Attribute.USER_NAME, Operator.CO, "_%"))).containsExactly(ada.id());
		assertThat(search(UserSearch.compare(Attribute.USER_NAME, Operator.CO, "%"))).containsExactly(ada.id());
		assertThat(search(UserSearch.compare(Attribute.USER_NAME, Operator.EW, "OB"))).containsExactly(bob.id());
		assertThat(search(UserSearch.compare(Attribute.USER_NAME, Operator.NE, "bob"))).containsExactly(ada.id());
		assertThat(search(UserSearch.compare(Attribute.EXTERNAL_ID, Operator.EQ, "Ext-1"))).containsExactly(ada.id());
		assertThat(search(UserSearch.compare(Attribute.EXTERNAL_ID, Operator.EQ, "ext-1"))).isEmpty();
		assertThat(search(UserSearch.compare(Attribute.ID, Operator.EQ, bob.id()))).containsExactly(bob.id());
		assertThat(search(UserSearch.compare(Attribute.EMAIL, Operator.EQ, "ada@EXAMPLE.com"))).containsExactly(ada.id());
		assertThat(search(UserSearch.compare(Attribute.FIRST_NAME, Operator.EQ, "ADA"))).containsExactly(ada.id());
		assertThat(search(UserSearch.compare(Attribute.DEPARTMENT, Operator.EQ, "research"))).containsExactly(ada.id());
		assertThat(search(UserSearch.compare(Attribute.EMPLOYEE_NUMBER, Operator.EQ, "e-1"))).containsExactly(ada.id());
		assertThat(search(UserSearch.compare(Attribute.TITLE, Operator.NE, "Clerk"))).containsExactly(ada.id());
		assertThat(search(UserSearch.not(UserSearch.compare(Attribute.TITLE, Operator.EQ, "clerk"))))
			.containsExactly(ada.id());
		assertThat(search(UserSearch.present(Attribute.TITLE))).containsExactly(bob.id());
		assertThat(search(UserSearch.compare(Attribute.ACTIVE, Operator.EQ, false))).containsExactly(bob.id());
		assertThat(search(UserSearch.compare(Attribute.LAST_MODIFIED, Operator.GE, ada.updatedAt())))
			.containsExactly(ada.id(), bob.id());
		assertThat(search(UserSearch.compare(Attribute.CREATED, Operator.GT, ada.createdAt()))).containsExactly(bob.id());
		assertThat(search(UserSearch.compare(Attribute.LAST_MODIFIED, Operator.LT, Instant.parse("2000-01-01T00:00:00Z"))))
			.isEmpty();
		assertThat(search(UserSearch.any(List.of(UserSearch.compare(Attribute.USER_NAME, Operator.EQ, "bob"),
				UserSearch.all(List.of(UserSearch.present(Attribute.EMAIL),
						UserSearch.compare(Attribute.FIRST_NAME, Operator.SW, "A")))))))
			.containsExactly(ada.id(), bob.id());
	}

	@Test
	void searchUsersPagesInCreationOrderWithTheTotal() {
		for (int i = 0; i < 5; i++) {
			this.userEntries.createEntry(TENANT, new UserEntryEdit("paged" + i), BY);
		}
		this.entities.flush();

		UserOrder oldestFirst = UserOrder.oldestFirst();
		UserPage second = this.userEntries.searchUsers(TENANT, UserSearch.everyone(), oldestFirst, 2, 2, null);
		UserPage countOnly = this.userEntries.searchUsers(TENANT, UserSearch.everyone(), oldestFirst, 0, 0, null);
		UserPage beyond = this.userEntries.searchUsers(TENANT, UserSearch.everyone(), oldestFirst, 10, 2, null);

		assertThat(second.total()).isEqualTo(5);
		assertThat(second.users()).extracting(UserEntry::userName).containsExactly("paged2", "paged3");
		assertThat(countOnly.total()).isEqualTo(5);
		assertThat(countOnly.users()).isEmpty();
		assertThat(beyond.total()).isEqualTo(5);
		assertThat(beyond.users()).isEmpty();
	}

	@Test
	void entriesCarryTheirGroupsOfOneConnection() {
		UserEntry user = this.userEntries.createEntry(TENANT, new UserEntryEdit("grouped"), BY).entry();
		this.groupMemberships.replaceGroups(user.id(), "okta-test", List.of("B team", "A team"), BY);
		this.groupMemberships.replaceGroups(user.id(), "other-test", List.of("Hidden"), BY);
		this.entities.flush();

		assertThat(this.userEntries.entry(TENANT, user.id(), "okta-test").orElseThrow().groups())
			.extracting(UserEntry.Group::displayName)
			.containsExactly("A team", "B team");
		assertThat(this.userEntries.entry(TENANT, user.id(), null).orElseThrow().groups()).isEmpty();
		assertThat(this.userEntries.entry("elsewhere", user.id(), "okta-test")).isEmpty();
	}

	@Test
	void deleteUserTakesTheirLinksMembershipsAndValuesAndLeavesTheirReportsWithoutManager() {
		UserEntry boss = this.userEntries.createEntry(TENANT, new UserEntryEdit("boss").custom("costCenter", "CC"), BY)
			.entry();
		this.groupMemberships.replaceGroups(boss.id(), "okta-test", List.of("Bosses"), BY);
		this.identityLinks.link(boss.id(), "okta-test", "boss", LinkMethod.USER_NAME);
		UserEntry report = this.userEntries.createEntry(TENANT,
				new UserEntryEdit("report").set(ProfileField.MANAGER, boss.id().toString()), BY).entry();
		this.entities.flush();
		this.entities.clear();

		assertThat(this.userEntries.deleteUser("elsewhere", boss.id(), BY)).isEmpty();
		assertThat(this.userEntries.deleteUser(TENANT, boss.id(), BY)).get().extracting(UserSummary::userName).isEqualTo("boss");

		assertThat(this.userEntries.entry(TENANT, boss.id(), null)).isEmpty();
		assertThat(this.userEntries.entry(TENANT, report.id(), null).orElseThrow().manager()).isNull();
		for (String table : List.of("group_membership", "user_custom_value", "identity_link")) {
			assertThat(this.jdbc.queryForObject("select count(*) from " + table + " where user_id = ?", Integer.class,
					boss.id())).as(table).isZero();
		}
		assertThat(RecordedEvents.of(this.jdbc, EventType.USER_DELETED, boss.id())).singleElement()
			.satisfies((event) -> assertThat(event.actor()).isEqualTo(BY.actor()));
	}

	private UUID managerOf(UserEntryEdit edit) {
		UserEntry.Manager manager = this.userEntries.createEntry(TENANT, edit, BY).entry().manager();
		return (manager != null) ? manager.id() : null;
	}

	private List<UUID> search(UserSearch search) {
		return this.userEntries.searchUsers(TENANT, search, UserOrder.oldestFirst(), 0, 100, null)
			.users()
			.stream()
			.map(UserEntry::id)
			.toList();
	}

}
