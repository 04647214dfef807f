package io.tilegate.directory;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.connections.Connections;
import io.tilegate.events.EventType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.orm.jpa.TestEntityManager;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The directory against a real database; each test runs in a transaction that is rolled back. */
@DirectorySlice
abstract class DirectoryTests {

	private static final Provenance BY = new Provenance("test", "okta-test");

	@Autowired
	private Directory directory;

	@Autowired
	private GroupMemberships groupMemberships;

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
	}

	@Test
	void customFieldsAreDefinedOnceAndRelabelled() {
		this.customFields.defineCustomField("costCenter", "Cost centre", "admin");
		this.customFields.defineCustomField("badge_no", "", "admin");
		this.customFields.defineCustomField("costCenter", "Cost center", "admin");

		assertThat(this.customFields.customFields()).containsExactly(new CustomFieldView("costCenter", "Cost center"),
				new CustomFieldView("badge_no", "badge_no"));
		assertThat(events(EventType.CUSTOM_FIELD_DEFINED, null)).hasSize(3);
	}

	@Test
	void customFieldNamesAreIdentifiers() {
		for (String name : List.of("", "1st", "cost-center", "cost center", "custom.x", "a".repeat(65))) {
			assertThatIllegalArgumentException().isThrownBy(() -> this.customFields.defineCustomField(name, "x", "admin"));
		}
		assertThat(this.customFields.defineCustomField("a".repeat(64), "x", "admin").getName()).hasSize(64);
	}

	@Test
	void userNamesAreUniqueWhateverTheirCase() {
		UserSummary jane = this.directory.createUser("Jane.Doe", BY);

		assertThat(this.directory.findByUserName("JANE.DOE")).contains(jane);
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> this.directory.createUser("jane.doe", BY));
	}

	@Test
	void profileShowsEverythingAboutAUser() {
		UserSummary boss = this.directory.createUser("boss", BY);
		this.directory.updateProfile(boss.id(), new ProfileEdit().set(ProfileField.FIRST_NAME, "Grace")
			.set(ProfileField.LAST_NAME, "Hopper"), BY);
		this.customFields.defineCustomField("costCenter", "Cost center", "admin");
		this.customFields.defineCustomField("badge", "Badge", "admin");
		UserSummary jane = this.directory.createUser("jane", BY);
		ProfileUpdate update = this.directory.updateProfile(jane.id(),
				new ProfileEdit().set(ProfileField.FIRST_NAME, " Jane ")
					.set(ProfileField.EMAIL, "Jane@Example.com")
					.set(ProfileField.TITLE, "Engineer")
					.set(ProfileField.MANAGER, "BOSS")
					.hireDate(LocalDate.of(2024, 3, 1))
					.custom("badge", "B-7")
					.custom("costCenter", "CC-42"),
				BY);
		this.groupMemberships.replaceGroups(jane.id(), "okta-test", List.of("Engineering", "all staff"), BY);

		assertThat(update.warnings()).isEmpty();
		UserProfile profile = this.directory.profile(jane.id()).orElseThrow();
		assertThat(profile.userName()).isEqualTo("jane");
		assertThat(profile.firstName()).isEqualTo("Jane");
		assertThat(profile.displayName()).isEqualTo("Jane");
		assertThat(profile.email()).isEqualTo("Jane@Example.com");
		assertThat(profile.hireDate()).isEqualTo(LocalDate.of(2024, 3, 1));
		assertThat(profile.manager()).isEqualTo(new UserProfile.Manager(boss.id(), "Grace Hopper", "boss"));
		assertThat(profile.pendingManager()).isNull();
		assertThat(profile.groups()).containsExactly(new UserProfile.Group("all staff", "okta-test"),
				new UserProfile.Group("Engineering", "okta-test"));
		assertThat(profile.customValues()).containsExactly(new UserProfile.CustomValue("costCenter", "Cost center", "CC-42"),
				new UserProfile.CustomValue("badge", "Badge", "B-7"));
		assertThat(profile.active()).isTrue();
		assertThat(this.directory.findByEmail("jane@EXAMPLE.com")).extracting(UserSummary::id).containsExactly(jane.id());
	}

	@Test
	void aManagerNamedBeforeTheyExistIsResolvedWhenCreated() {
		UserSummary jane = this.directory.createUser("jane", BY);
		this.directory.updateProfile(jane.id(), new ProfileEdit().set(ProfileField.MANAGER, "Boss"), BY);
		assertThat(this.directory.profile(jane.id()).orElseThrow().pendingManager()).isEqualTo("Boss");

		UserSummary boss = this.directory.createUser("boss", BY);

		UserProfile profile = this.directory.profile(jane.id()).orElseThrow();
		assertThat(profile.manager().id()).isEqualTo(boss.id());
		assertThat(profile.pendingManager()).isNull();
		assertThat(events(EventType.MANAGER_RESOLVED, jane.id())).hasSize(1);
	}

	@Test
	void aManagerNamedByEmailIsResolvedWhenSomeoneTakesThatEmail() {
		UserSummary jane = this.directory.createUser("jane", BY);
		this.directory.updateProfile(jane.id(), new ProfileEdit().set(ProfileField.MANAGER, "boss@example.com"), BY);
		UserSummary boss = this.directory.createUser("grace", BY);
		assertThat(this.directory.profile(jane.id()).orElseThrow().manager()).isNull();

		this.directory.updateProfile(boss.id(), new ProfileEdit().set(ProfileField.EMAIL, "Boss@Example.com"), BY);

		assertThat(this.directory.profile(jane.id()).orElseThrow().manager().userName()).isEqualTo("grace");
	}

	@Test
	void nobodyIsTheirOwnManager() {
		UserSummary jane = this.directory.createUser("jane", BY);

		ProfileUpdate update = this.directory.updateProfile(jane.id(), new ProfileEdit().set(ProfileField.MANAGER, "JANE"),
				BY);

		assertThat(update.changes()).isEmpty();
		assertThat(update.warnings()).singleElement().asString().contains("themselves");
		UserProfile profile = this.directory.profile(jane.id()).orElseThrow();
		assertThat(profile.manager()).isNull();
		assertThat(profile.pendingManager()).isNull();
	}

	@Test
	void aValueTooLongToKeepIsSkippedWithAWarning() {
		UserSummary jane = this.directory.createUser("jane", BY);

		ProfileUpdate update = this.directory.updateProfile(jane.id(),
				new ProfileEdit().set(ProfileField.PHONE, "1".repeat(65)).set(ProfileField.TITLE, "Engineer"), BY);

		assertThat(update.changes()).containsExactly(new ProfileChange("title", null, "Engineer"));
		assertThat(update.warnings()).singleElement().asString().contains("phone", "64");
	}

	@Test
	void replacingGroupsOfOneConnectionKeepsEveryOtherGroup() {
		UserSummary jane = this.directory.createUser("jane", BY);
		this.groupMemberships.replaceGroups(jane.id(), "other-test", List.of("Sales"), BY);
		UUID localGroup = UUID.randomUUID();
		this.entities.flush();
		this.jdbc.update("insert into user_group (id, connection_id, display_name, name_key, created_at) "
				+ "values (?, null, 'Local', 'local', current_timestamp)", localGroup);
		this.jdbc.update("insert into group_membership (group_id, user_id) values (?, ?)", localGroup, jane.id());
		this.entities.clear();
		this.groupMemberships.replaceGroups(jane.id(), "okta-test", List.of("A", "B"), BY);

		ProfileUpdate update = this.groupMemberships.replaceGroups(jane.id(), "okta-test", List.of("b", "C", " ", "c"),
				BY);

		assertThat(update.changes()).containsExactly(new ProfileChange("groups", List.of("A", "B"), List.of("B", "C")));
		assertThat(this.directory.profile(jane.id()).orElseThrow().groups()).containsExactly(
				new UserProfile.Group("Local", null), new UserProfile.Group("B", "okta-test"),
				new UserProfile.Group("C", "okta-test"), new UserProfile.Group("Sales", "other-test"));
		assertThat(this.groupMemberships.replaceGroups(jane.id(), "okta-test", List.of("C", "B"), BY).changes())
			.isEmpty();
	}

	private List<RecordedEvents.RecordedEvent> events(EventType type, UUID userId) {
		return RecordedEvents.of(this.jdbc, type, userId);
	}

	@Test
	void deactivatingAndReactivating() {
		UserSummary jane = this.directory.createUser("jane", BY);

		assertThat(this.directory.deactivate(jane.id(), "admin")).isTrue();
		assertThat(this.directory.deactivate(jane.id(), "admin")).isFalse();
		assertThat(this.directory.isActive(jane.id())).isFalse();
		assertThat(this.directory.reactivate(jane.id(), "admin")).isTrue();
		assertThat(this.directory.isActive(jane.id())).isTrue();
		assertThat(this.directory.isActive(UUID.randomUUID())).isFalse();
	}

}
