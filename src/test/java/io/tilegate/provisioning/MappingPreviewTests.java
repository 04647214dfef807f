package io.tilegate.provisioning;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.connections.Connections;
import io.tilegate.directory.CustomFields;
import io.tilegate.directory.Directory;
import io.tilegate.directory.DirectorySlice;
import io.tilegate.directory.DirectoryTables;
import io.tilegate.directory.IdentityLinks;
import io.tilegate.directory.ProfileEdit;
import io.tilegate.directory.ProfileField;
import io.tilegate.directory.Provenance;
import io.tilegate.directory.UserProfile;
import io.tilegate.directory.UserSummary;
import io.tilegate.personas.PersonaSlice;
import io.tilegate.provisioning.SignInPreview.Asserted;
import io.tilegate.provisioning.SignInPreview.FieldRow;
import io.tilegate.provisioning.SignInPreview.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mapping preview against a real database: it tells what the sign-in then does, by the
 * same rules, and leaves every table as it was.
 */
@DirectorySlice
@Import({ JitProvisioner.class, MappingPreview.class, PersonaSlice.class })
@Transactional(propagation = Propagation.NOT_SUPPORTED)
abstract class MappingPreviewTests {

	private static final String OKTA = "okta-test";

	private static final Provenance ADMIN = new Provenance("admin", null);

	private static final List<String> TABLES = List.of("app_user", "identity_link", "user_group", "group_membership",
			"user_custom_value", "custom_field", "event_log", "persona_member", "space_member");

	@Autowired
	private MappingPreview preview;

	@Autowired
	private JitProvisioner jit;

	@Autowired
	private Directory directory;

	@Autowired
	private IdentityLinks identityLinks;

	@Autowired
	private CustomFields customFields;

	@Autowired
	private Connections connections;

	@Autowired
	private JdbcTemplate jdbc;

	@BeforeEach
	void emptyDirectory() throws Exception {
		DirectoryTables.clear(this.jdbc);
		String metadata = new ClassPathResource("metadata/static-idp.xml").getContentAsString(StandardCharsets.UTF_8);
		this.connections.save(OKTA, new ConnectionSettings(metadata, "okta", null, false, true, false,
				List.of("Admins")), ConnectionOrigin.API, "test");
	}

	@Test
	void aNewUserIsPreviewedAndNotCreated() {
		SignInPreview preview = previewed(okta("jane", "firstName", "Jane", "title", "Engineer", "groups", "A|Admins"));

		assertThat(preview.outcome()).isEqualTo(Outcome.NEW_USER);
		assertThat(preview.userName()).isEqualTo("jane");
		assertThat(field(preview, "title")).satisfies((row) -> {
			assertThat(row.current()).isNull();
			assertThat(row.after()).isEqualTo("Engineer");
			assertThat(row.changes()).isTrue();
		});
		assertThat(preview.groups().added()).containsExactlyInAnyOrder("A", "Admins");
		assertThat(preview.admin()).isTrue();
		assertThat(this.directory.findByUserName("jane")).isEmpty();
	}

	@Test
	void whatThePreviewShowsIsWhatTheSignInDoes() {
		this.customFields.defineCustomField("office", "Office", "admin");
		UUID grace = this.jit.provision(okta("grace", "email", "grace@example.com")).userId();
		UUID jane = this.jit.provision(okta("jane", "title", "Engineer", "department", "R&D", "hireDate",
				"2020-01-15", "custom.office", "Berlin", "groups", "A|B")).userId();
		AssertedIdentity next = okta("jane", "title", "Lead", "department", "", "hireDate", "soon", "manager",
				"Grace@Example.com", "custom.office", "Paris", "phone", "x".repeat(65), "groups", "B|C", "nickname",
				"JJ");

		SignInPreview preview = previewed(next);

		assertThat(preview.outcome()).isEqualTo(Outcome.EXISTING_USER);
		assertThat(preview.userId()).isEqualTo(jane);
		assertThat(preview.matchedBy()).isEqualTo("identity link");
		assertThat(field(preview, "department").asserted()).isEqualTo(Asserted.SENT_EMPTY);
		assertThat(field(preview, "company").asserted()).isEqualTo(Asserted.NOT_SENT);
		assertThat(field(preview, "manager").after()).isEqualTo("grace");
		assertThat(field(preview, "custom.office").current()).isEqualTo("Berlin");
		assertThat(preview.warnings()).hasSize(2)
			.anySatisfy((warning) -> assertThat(warning).contains("'soon'"))
			.anySatisfy((warning) -> assertThat(warning).contains("phone"));
		assertThat(preview.groups().added()).containsExactly("C");
		assertThat(preview.groups().removed()).containsExactly("A");
		assertThat(preview.unmappedAttributes()).containsExactly("nickname");
		assertThat(preview.admin()).isFalse();

		ProvisionedLogin login = this.jit.provision(next);
		UserProfile after = this.directory.profile(jane).orElseThrow();
		assertThat(login.warnings()).isEqualTo(preview.warnings());
		assertThat(after.title()).isEqualTo(field(preview, "title").after()).isEqualTo("Lead");
		assertThat(after.department()).isEqualTo(field(preview, "department").after()).isNull();
		assertThat(after.hireDate()).hasToString(field(preview, "hireDate").after()).hasToString("2020-01-15");
		assertThat(after.phone()).isEqualTo(field(preview, "phone").after()).isNull();
		assertThat(after.manager().id()).isEqualTo(grace);
		assertThat(after.customValues()).extracting(UserProfile.CustomValue::value)
			.containsExactly(field(preview, "custom.office").after());
		assertThat(after.groups()).extracting(UserProfile.Group::name)
			.containsExactlyInAnyOrderElementsOf(preview.groups().after());
	}

	@Test
	void aPreviewJoinsNoPersonaThatTheSignInJoins() {
		UUID persona = UUID.randomUUID();
		this.jdbc.update("insert into persona (id, tenant_id, name, name_key, rule_json, version, created_at, "
				+ "updated_at) values (?, 'default', 'Everyone', 'everyone', '{\"type\":\"active\"}', 0, "
				+ "current_timestamp, current_timestamp)", persona);
		try {
			UUID jane = this.jit.provision(okta("jane", "title", "Engineer")).userId();
			this.jdbc.update("delete from persona_member");

			previewed(okta("jane", "title", "Lead"));
			previewed(okta("joan", "title", "Lead"));

			this.jit.provision(okta("jane", "title", "Lead"));
			assertThat(this.jdbc.queryForList("select user_id from persona_member where persona_id = ?", UUID.class,
					persona))
				.containsExactly(jane);
		}
		finally {
			this.jdbc.update("delete from persona where id = ?", persona);
		}
	}

	@Test
	void aUserFoundByEmailIsShownButNotLinked() {
		UserSummary existing = this.directory.createUser("jdoe", ADMIN);
		this.directory.updateProfile(existing.id(), new ProfileEdit().set(ProfileField.EMAIL, "jane@example.com"),
				ADMIN);
		SignInPreview refused = previewed(okta("00u1abcd", "email", "Jane@Example.com"));
		assertThat(refused.outcome()).as("example.com is not verified yet").isEqualTo(Outcome.LINK_REFUSED);
		assertThat(refused.warnings()).singleElement().asString().contains("does not list example.com");
		this.connections.save(OKTA,
				new ConnectionSettings(null, null, null, null, null, null, null, null, null, List.of("example.com")),
				ConnectionOrigin.API, "test");

		SignInPreview preview = previewed(okta("00u1abcd", "email", "Jane@Example.com"));

		assertThat(preview.outcome()).isEqualTo(Outcome.EXISTING_USER);
		assertThat(preview.userId()).isEqualTo(existing.id());
		assertThat(preview.matchedBy()).isEqualTo("email");
		assertThat(this.identityLinks.findByIdentityLink(OKTA, "00u1abcd")).isEmpty();
	}

	@Test
	void aScimManagedUsersProfileIsShownAsLeftToScim() {
		UUID id = this.jit.provision(okta("jane", "title", "Engineer", "groups", "A")).userId();
		this.jdbc.update("update app_user set scim_managed = true where id = ?", id);

		SignInPreview preview = previewed(okta("jane", "title", "Boss", "groups", "B"));

		assertThat(preview.profileMapped()).isFalse();
		assertThat(field(preview, "title").after()).isEqualTo("Engineer");
		assertThat(field(preview, "title").changes()).isFalse();
		assertThat(preview.groups().added()).containsExactly("B");
	}

	@Test
	void groupsPushedBySCIMAreShownAsLeftAlone() {
		this.jit.provision(okta("jane", "groups", "A|Pushed"));
		this.jdbc.update("update user_group set scim_managed = true where display_name in ('Pushed', 'Other')");
		this.jdbc.update("insert into user_group (id, connection_id, display_name, name_key, scim_managed, created_at, "
				+ "updated_at, version) values (?, ?, 'Other', 'other', true, current_timestamp, current_timestamp, 0)",
				UUID.randomUUID(), OKTA);

		SignInPreview preview = previewed(okta("jane", "groups", "A|Other"));

		assertThat(preview.groups().removed()).isEmpty();
		assertThat(preview.groups().added()).isEmpty();
		assertThat(preview.groups().leftToScim()).containsExactlyInAnyOrder("Pushed", "Other");
		assertThat(preview.groups().changes()).isFalse();
	}

	@Test
	void aDeactivatedUserWouldBeRefused() {
		UUID id = this.jit.provision(okta("jane", "title", "Engineer")).userId();
		this.directory.deactivate(id, "admin");

		SignInPreview preview = previewed(okta("jane", "title", "Boss"));

		assertThat(preview.outcome()).isEqualTo(Outcome.DEACTIVATED);
		assertThat(preview.userId()).isEqualTo(id);
		assertThat(preview.fields()).isEmpty();
	}

	/** Previews, and checks that nothing at all was written. */
	private SignInPreview previewed(AssertedIdentity identity) {
		Map<String, Object> before = state();
		SignInPreview preview = this.preview.preview(identity);
		assertThat(state()).as("tables after the preview").isEqualTo(before);
		return preview;
	}

	private Map<String, Object> state() {
		Map<String, Object> state = new LinkedHashMap<>();
		TABLES.forEach((table) -> state.put(table,
				this.jdbc.queryForObject("select count(*) from " + table, Long.class)));
		state.put("users", this.jdbc.queryForList("select id, version, title, updated_at from app_user order by id"));
		state.put("links", this.jdbc.queryForList("select name_id, attributes_digest, last_login_at from identity_link "
				+ "order by name_id"));
		return state;
	}

	private static FieldRow field(SignInPreview preview, String field) {
		return preview.fields().stream().filter((row) -> row.field().equals(field)).findFirst().orElseThrow();
	}

	/** Attribute name, then its values separated by {@code |}. */
	private static AssertedIdentity okta(String nameId, String... attributes) {
		Map<String, List<String>> map = new LinkedHashMap<>();
		for (int i = 0; i < attributes.length; i += 2) {
			map.put(attributes[i], attributes[i + 1].isEmpty() ? List.of() : Arrays.asList(attributes[i + 1].split("\\|")));
		}
		return new AssertedIdentity(OKTA, nameId, map);
	}

}
