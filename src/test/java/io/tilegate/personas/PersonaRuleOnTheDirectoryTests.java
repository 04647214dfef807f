package io.tilegate.personas;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.directory.CustomFields;
import io.tilegate.directory.Directory;
import io.tilegate.directory.ProfileEdit;
import io.tilegate.directory.ProfileField;
import io.tilegate.directory.Provenance;
import io.tilegate.system.MovableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Rules against what the directory really stores, through the preview an admin runs before
 * saving: values in whatever case an IdP sent them, custom fields, hire dates on the server's
 * clock, managers named the way admins name them.
 */
@PersonaServicesSlice
class PersonaRuleOnTheDirectoryTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Provenance HR = new Provenance("hr-import", null);

	@Autowired
	private Directory directory;

	@Autowired
	private CustomFields customFields;

	@Autowired
	private Personas personas;

	@Autowired
	private MovableClock clock;

	@Autowired
	private JdbcTemplate jdbc;

	@BeforeEach
	void emptyDirectory() {
		PersonaTables.clear(this.jdbc);
	}

	@Test
	void valuesMatchWhateverCaseTheIdpSentThemIn() {
		person("ada", new ProfileEdit().set(ProfileField.DEPARTMENT, "Sales EMEA"));
		person("bob", new ProfileEdit().set(ProfileField.DEPARTMENT, "SALES emea"));
		person("cy", new ProfileEdit().set(ProfileField.DEPARTMENT, "Presales").set(ProfileField.TITLE, "Sales"));

		assertThat(matching(field("department", "equals", "sales Emea"))).containsExactly("ada", "bob");
		assertThat(matching(field("department", "contains", "SALES"))).containsExactly("ada", "bob", "cy");
		assertThat(matching(field("department", "startsWith", "sales"))).containsExactly("ada", "bob");
		assertThat(matching("{\"type\":\"field\",\"field\":\"department\",\"test\":\"oneOf\","
				+ "\"values\":[\"PRESALES\",\"Marketing\"]}")).containsExactly("cy");
	}

	@Test
	void aCustomFieldCanBeTestedOnceItIsDefined() {
		String costCenter = field("custom.costCenter", "equals", "cc-100");
		assertThatExceptionOfType(InvalidPersonaRuleException.class).isThrownBy(() -> matching(costCenter))
			.withMessageContaining("there is no custom field 'costCenter'; define it first");

		// The only custom-field calls of this class: defining one and setting it on ada.
		this.customFields.defineCustomField("costCenter", "Cost center", "admin");
		person("ada", new ProfileEdit().custom("costCenter", "CC-100"));
		person("bob", new ProfileEdit().set(ProfileField.DEPARTMENT, "Sales"));

		assertThat(matching(costCenter)).containsExactly("ada");
		assertThat(matching("{\"type\":\"field\",\"field\":\"custom.costCenter\",\"test\":\"empty\"}"))
			.containsExactly("bob");
	}

	@Test
	void hiredWithinTheLastNinetyDaysCountsBackFromTodayOnTheServersClock() {
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		person("day-1", new ProfileEdit().hireDate(today));
		person("day-90", new ProfileEdit().hireDate(today.minusDays(89)));
		person("day-91", new ProfileEdit().hireDate(today.minusDays(90)));
		person("starts-tomorrow", new ProfileEdit().hireDate(today.plusDays(1)));
		person("no-hire-date", new ProfileEdit().set(ProfileField.DEPARTMENT, "Sales"));

		assertThat(matching("{\"type\":\"hireDate\",\"withinDays\":90}")).containsExactly("day-1", "day-90");
		assertThat(matching("{\"type\":\"hireDate\",\"before\":\"" + today.minusDays(89) + "\"}"))
			.containsExactly("day-91");
		assertThat(matching("{\"type\":\"hireDate\",\"after\":\"" + today + "\"}")).containsExactly("starts-tomorrow");
		assertThat(matching(field("hireDate", "equals", today.minusDays(90).toString()))).as("as text, yyyy-MM-dd")
			.containsExactly("day-91");
	}

	@Test
	void aManagerIsNamedByUserNameInAnyCaseAndStoredById() {
		UUID boss = person("grace", new ProfileEdit().set(ProfileField.DEPARTMENT, "Board"));
		person("lead", new ProfileEdit().set(ProfileField.MANAGER, "grace"));
		person("dev", new ProfileEdit().set(ProfileField.MANAGER, "lead"));

		Personas.Preview direct = preview("{\"type\":\"manager\",\"user\":\"GRACE\"}");
		Personas.Preview chain = preview("{\"type\":\"manager\",\"user\":\"" + boss + "\",\"chain\":true}");

		assertThat(names(direct)).containsExactly("lead");
		assertThat(direct.rule().path("user").asText()).isEqualTo(boss.toString());
		assertThat(direct.ruleText()).isEqualTo("reports directly to grace");
		assertThat(names(chain)).containsExactly("dev", "lead");
		assertThatExceptionOfType(InvalidPersonaRuleException.class)
			.isThrownBy(() -> matching("{\"type\":\"manager\",\"user\":\"ghost\"}"))
			.satisfies((ex) -> assertThat(ex.path()).isEqualTo("rule.user"))
			.withMessageContaining("there is no user 'ghost'");
	}

	@Test
	void deactivatedPeopleAreLeftOutOfAPreviewWhateverTheRuleSays() {
		person("ada", new ProfileEdit().set(ProfileField.DEPARTMENT, "Sales"));
		UUID bob = person("bob", new ProfileEdit().set(ProfileField.DEPARTMENT, "Sales"));
		this.directory.deactivate(bob, "admin");

		assertThat(matching(field("department", "equals", "Sales"))).containsExactly("ada");
		assertThat(preview("{\"type\":\"not\",\"rule\":{\"type\":\"active\"}}").count()).isZero();
	}

	private UUID person(String userName, ProfileEdit edit) {
		UUID id = this.directory.createUser(userName, HR).id();
		this.directory.updateProfile(id, edit, HR);
		return id;
	}

	private List<String> matching(String rule) {
		Personas.Preview preview = preview(rule);
		assertThat(preview.count()).isEqualTo(preview.sample().size());
		return names(preview);
	}

	private Personas.Preview preview(String rule) {
		try {
			JsonNode json = JSON.readTree(rule);
			return this.personas.preview(json, 20);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<String> names(Personas.Preview preview) {
		return preview.sample().stream().map(Personas.Person::userName).toList();
	}

	private static String field(String field, String test, String value) {
		return "{\"type\":\"field\",\"field\":\"" + field + "\",\"test\":\"" + test + "\",\"value\":\"" + value + "\"}";
	}

}
