package io.tilegate.admin;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.directory.CustomFields;
import io.tilegate.directory.Directory;
import io.tilegate.directory.ProfileEdit;
import io.tilegate.directory.ProfileField;
import io.tilegate.directory.Provenance;
import io.tilegate.personas.PersonaRecomputes;
import io.tilegate.personas.Personas.PersonaDetails;
import io.tilegate.personas.Personas;
import io.tilegate.personas.RunningRecompute;
import io.tilegate.personas.Spaces;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static io.tilegate.admin.ConsoleBrowser.location;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The persona pages driven over HTTP: the condition rows become the rule the API would store,
 * a preview saves nothing, a bad row is explained on the form with nothing saved, and delete
 * goes through a confirmation page.
 */
class PersonaPagesTests extends AdminConsoleIntegrationTest {

	private static final Provenance TEST = new Provenance("test", null);

	private static final ObjectMapper JSON = new ObjectMapper();

	@Autowired
	private Personas personas;

	@Autowired
	private Spaces spaces;

	@Autowired
	private PersonaRecomputes recomputes;

	@Autowired
	private Directory directory;

	@Autowired
	private CustomFields customFields;

	@Autowired
	private PlatformTransactionManager transactions;

	@Test
	void eachKindOfConditionBecomesTheRuleTheApiStores() throws Exception {
		String tag = UserPagesTests.tag();
		UUID space = this.spaces.saveSpace(null, new Spaces.SpaceEdit("Space " + tag, "", List.of()), "test")
			.orElseThrow()
			.id();
		String boss = "boss-" + tag + "@example.com";
		UUID bossId = this.directory.createUser(boss, TEST).id();
		Map<String, String> form = form("Everything " + tag, "All kinds", "any");
		form.put("spaces", space.toString());
		row(form, 0, Map.of("kind", "group", "group", "eng-berlin", "connection", CONNECTION));
		row(form, 1, Map.of("kind", "field", "field", "department", "test", "oneOf", "value", "Sales, Marketing ,"));
		row(form, 2, Map.of("kind", "hireDate", "hire", "withinDays", "days", "90"));
		row(form, 3, Map.of("kind", "manager", "manager", boss, "chain", "true"));
		row(form, 4, Map.of("kind", "active", "not", "true"));
		row(form, 5, Map.of("kind", "hireDate", "hire", "before", "date", "2024-01-31", "days", "ignored"));
		row(form, 6, Map.of("kind", "field", "field", "title", "test", "present", "value", "ignored"));
		row(form, 7, Map.of("kind", "", "group", "left out: no kind"));
		this.admin.get("/admin/personas/new");

		HttpResponse<String> saved = this.admin.submit("/admin/personas", form);

		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
		assertThat(location(saved)).isEqualTo("/admin/personas");
		PersonaDetails persona = named("Everything " + tag);
		assertThat(persona.description()).isEqualTo("All kinds");
		assertThat(persona.spaces()).extracting(Personas.Named::id).containsExactly(space);
		assertThat(persona.rule()).isEqualTo(JSON.readTree("""
				{"type":"anyOf","rules":[
				 {"type":"group","group":"eng-berlin","connection":"okta"},
				 {"type":"field","field":"department","test":"oneOf","values":["Sales","Marketing"]},
				 {"type":"hireDate","withinDays":90},
				 {"type":"manager","user":"%s","userName":"%s","chain":true},
				 {"type":"not","rule":{"type":"active"}},
				 {"type":"hireDate","before":"2024-01-31"},
				 {"type":"field","field":"title","test":"present"}]}
				""".formatted(bossId, boss)));
		HttpResponse<String> list = this.admin.follow(saved);
		assertThat(list.body()).contains("Saved persona &#39;Everything " + tag)
			.contains("id=\"personas\"")
			.contains("id=\"recompute-state\"")
			.contains("Space " + tag);

		HttpResponse<String> edit = this.admin.get("/admin/personas/" + persona.id());
		assertThat(edit.body()).contains("value=\"Everything " + tag + "\"")
			.contains("id=\"condition-3-manager\" value=\"" + boss + "\"")
			.contains("id=\"condition-1-value\" value=\"Sales, Marketing\"")
			.contains("id=\"condition-2-days\" value=\"90\"")
			.contains("id=\"space-" + space + "\" value=\"" + space + "\" checked=\"checked\"")
			.contains("id=\"condition-6-kind\"")
			.as("an existing persona shows its own rows, no empty ones")
			.doesNotContain("id=\"condition-7-kind\"");
		assertThat(shownInputs(edit.body(), 0)).containsExactly("group");
		assertThat(shownInputs(edit.body(), 1)).containsExactly("field");
		assertThat(shownInputs(edit.body(), 2)).containsExactly("hireDate");
		assertThat(shownInputs(edit.body(), 3)).containsExactly("manager");
		assertThat(shownInputs(edit.body(), 4)).isEmpty();
	}

	@Test
	void aNewPersonaStartsWithOneRowThatShowsTheInputsOfItsKindOnceChosen() {
		HttpResponse<String> blank = this.admin.get("/admin/personas/new");

		assertThat(blank.body()).contains("id=\"condition-0-kind\"").doesNotContain("id=\"condition-1-kind\"");
		assertThat(shownInputs(blank.body(), 0)).isEmpty();
		assertThat(blank.body()).as("without script, a button applies the chosen kind")
			.contains("name=\"apply\"");

		Map<String, String> form = form("Kinds", "", "all");
		row(form, 0, Map.of("kind", "hireDate"));
		form.put("apply", "1");
		HttpResponse<String> applied = this.admin.submit("/admin/personas", form);

		assertThat(applied.statusCode()).isEqualTo(200);
		assertThat(shownInputs(applied.body(), 0)).containsExactly("hireDate");
		assertThat(applied.body()).contains("id=\"condition-0-days\"").doesNotContain("id=\"condition-1-kind\"");
	}

	@Test
	void anEditKeepsTheIdAndAOneConditionRuleStandsAlone() throws Exception {
		String tag = UserPagesTests.tag();
		Map<String, String> form = form("Sales " + tag, "", "all");
		row(form, 0, Map.of("kind", "field", "field", "department", "test", "equals", "value", "Sales"));
		this.admin.get("/admin/personas/new");
		assertThat(this.admin.submit("/admin/personas", form).statusCode()).isEqualTo(302);
		PersonaDetails created = named("Sales " + tag);
		assertThat(created.rule()).isEqualTo(
				JSON.readTree("{\"type\":\"field\",\"field\":\"department\",\"test\":\"equals\",\"value\":\"Sales\"}"));

		Map<String, String> changed = form("Sales " + tag, "now starts with", "all");
		row(changed, 0, Map.of("kind", "field", "field", "department", "test", "startsWith", "value", "Sal",
				"not", "true"));
		HttpResponse<String> saved = this.admin.submit("/admin/personas/" + created.id(), changed);

		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
		PersonaDetails after = this.personas.persona(created.id()).orElseThrow();
		assertThat(after.description()).isEqualTo("now starts with");
		assertThat(after.rule()).isEqualTo(JSON.readTree("{\"type\":\"not\",\"rule\":{\"type\":\"field\","
				+ "\"field\":\"department\",\"test\":\"startsWith\",\"value\":\"Sal\"}}"));
		assertThat(this.admin.get("/admin/personas/" + created.id()).body())
			.contains("id=\"condition-0-not\" checked=\"checked\"");
	}

	@Test
	void aPreviewShowsWhoWouldMatchAndSavesNothing() throws Exception {
		String tag = UserPagesTests.tag();
		for (String name : List.of("b", "a", "c")) {
			UUID id = this.directory.createUser(tag + "-" + name + "@example.com", TEST).id();
			this.directory.updateProfile(id, new ProfileEdit().set(ProfileField.DEPARTMENT, "dept " + tag), TEST);
		}
		int before = this.personas.listPersonas().size();
		Map<String, String> form = form("Preview " + tag, "", "all");
		row(form, 0, Map.of("kind", "field", "field", "department", "test", "equals", "value", "dept " + tag));
		form.put("preview", "1");
		this.admin.get("/admin/personas/new");

		HttpResponse<String> preview = this.admin.submit("/admin/personas", form);

		assertThat(preview.statusCode()).isEqualTo(200);
		assertThat(preview.body()).contains("id=\"persona-preview\"")
			.contains("3 users would match")
			.containsSubsequence(tag + "-a@example.com", tag + "-b@example.com", tag + "-c@example.com")
			.contains("value=\"Preview " + tag + "\"")
			.contains("value=\"dept " + tag + "\"");
		assertThat(this.personas.listPersonas()).hasSize(before);
	}

	@Test
	void addingAConditionRendersOneMoreRowAndKeepsTheInput() {
		Map<String, String> form = groupRows(5);
		form.put("add", "1");
		this.admin.get("/admin/personas/new");

		HttpResponse<String> more = this.admin.submit("/admin/personas", form);

		assertThat(more.statusCode()).isEqualTo(200);
		assertThat(more.body()).contains("id=\"condition-5-kind\"").contains("value=\"g4\"")
			.doesNotContain("id=\"condition-6-kind\"");
	}

	@Test
	void removingARowWithoutScriptKeepsTheOthersNumberedFromOne() {
		Map<String, String> form = groupRows(3);
		form.put("remove", "1");
		this.admin.get("/admin/personas/new");

		HttpResponse<String> fewer = this.admin.submit("/admin/personas", form);

		assertThat(fewer.statusCode()).isEqualTo(200);
		assertThat(fewer.body()).contains("id=\"condition-0-group\" value=\"g0\"")
			.contains("id=\"condition-1-group\" value=\"g2\"")
			.doesNotContain("value=\"g1\"")
			.doesNotContain("id=\"condition-2-kind\"");
	}

	@Test
	void thePreviewBesideTheRuleCountsUsersInWords() {
		String tag = UserPagesTests.tag();
		for (String name : List.of("a", "b", "c")) {
			UUID id = this.directory.createUser(tag + "-" + name + "@example.com", TEST).id();
			this.directory.updateProfile(id, new ProfileEdit().set(ProfileField.DEPARTMENT,
					name.equals("c") ? "one " + tag : "two " + tag), TEST);
		}
		this.admin.get("/admin/personas/new");

		assertThat(previewOf("none " + tag).body()).contains("0 users would match");
		assertThat(previewOf("one " + tag).body()).contains("1 user would match").contains(tag + "-c@example.com");
		assertThat(previewOf("two " + tag).body()).contains("2 users would match")
			.contains(tag + "-a@example.com")
			.doesNotContain("<html");
		Map<String, String> bad = form("", "", "all");
		row(bad, 0, Map.of("kind", "group"));
		HttpResponse<String> refused = this.admin.submit("/admin/personas/preview", bad);
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("id=\"preview-problem\"").contains("the group&#39;s name is missing");
		assertThat(this.admin.get("/admin/personas/new").body()).as("the answer's place is right under the rule")
			.containsSubsequence("id=\"add-condition\"", "id=\"preview-persona\"",
					"formaction=\"/admin/personas#persona-preview\"", "id=\"persona-preview-answer\" aria-live=\"polite\"",
					"id=\"save-persona\"");
	}

	@Test
	void fieldsAreOfferedByTheirNames() {
		String name = "officeLocation" + UserPagesTests.tag();
		this.customFields.defineCustomField(name, "Office location", "test");

		HttpResponse<String> page = this.admin.get("/admin/personas/new");

		assertThat(page.body()).contains("<option value=\"custom." + name + "\">Office location</option>")
			.contains("<option value=\"department\">Department</option>")
			.contains("<option value=\"title\">Job title</option>")
			.doesNotContain(">custom." + name + "<");
	}

	@Test
	void theReEvaluationsProgressIsServedForTheListToFollow() throws Exception {
		// With no persona there is nothing to lock, and a re-evaluation would not wait below.
		this.personas.savePersona(null, new Personas.PersonaEdit("Active " + UserPagesTests.tag(), "",
				JSON.readTree("{\"type\":\"active\"}"), List.of()), "test");
		this.directory.createUser(uniqueUser(), TEST);
		this.recomputes.awaitIdle(Duration.ofSeconds(60));
		UUID[] job = new UUID[1];
		String[] during = new String[1];

		// The re-evaluation waits on the users' row locks, so that it is certainly running when asked.
		new TransactionTemplate(this.transactions).executeWithoutResult((status) -> {
			this.jdbc.query("select id from app_user for update", (rs) -> {
			});
			job[0] = this.recomputes.start("progress test", "admin").id();
			RunningRecompute.await(this.recomputes, job[0]);
			during[0] = this.admin.get("/admin/personas/recompute").body();
		});
		this.recomputes.awaitIdle(Duration.ofSeconds(60));
		HttpResponse<String> after = this.admin.get("/admin/personas/recompute");

		long total = this.recomputes.status().total();
		assertThat(during[0]).contains("id=\"recompute-progress\" data-state=\"running\"")
			.contains("data-state=\"running\" data-done=\"0\" data-total=\"" + total + "\"")
			.contains("This updates by itself")
			.doesNotContain("Reload the page")
			.doesNotContain("<html");
		assertThat(after.statusCode()).isEqualTo(200);
		assertThat(after.body()).contains("data-state=\"done\" data-done=\"" + total + "\" data-total=\"" + total + "\"")
			.contains("Re-evaluated " + total + " of " + total + " users");
		assertThat(this.admin.get("/admin/personas").body()).as("the list as loaded, for a browser without script")
			.contains("data-source=\"/admin/personas/recompute\"");
		assertThat(new ConsoleBrowser(this.port).get("/admin/personas/recompute").statusCode()).as("anonymous")
			.isEqualTo(302);
		assertThat(samlUser("staff").get("/admin/personas/recompute").statusCode()).isEqualTo(403);
	}

	@Test
	void aBadRowIsExplainedOnTheFormAndNothingIsSaved() {
		String tag = UserPagesTests.tag();
		int before = this.personas.listPersonas().size();
		this.admin.get("/admin/personas/new");

		Map<String, String> days = form("Bad " + tag, "", "all");
		row(days, 0, Map.of("kind", "group", "group", "sales"));
		row(days, 1, Map.of("kind", "hireDate", "hire", "withinDays", "days", "soon"));
		HttpResponse<String> badDays = this.admin.submit("/admin/personas", days);
		Map<String, String> manager = form("Bad " + tag, "", "all");
		row(manager, 0, Map.of("kind", "manager", "manager", "nobody-" + tag + "@example.com"));
		HttpResponse<String> noManager = this.admin.submit("/admin/personas", manager);
		Map<String, String> field = form("Bad " + tag, "", "all");
		row(field, 0, Map.of("kind", "field", "field", "custom.nope" + tag, "test", "equals", "value", "x"));
		HttpResponse<String> noField = this.admin.submit("/admin/personas", field);
		HttpResponse<String> nothing = this.admin.submit("/admin/personas", form("Bad " + tag, "", "all"));

		assertThat(badDays.statusCode()).isEqualTo(400);
		assertThat(badDays.body()).contains("id=\"problem\"")
			.contains("Condition 2: within how many days: a whole number such as 90, not &#39;soon&#39;")
			.contains("value=\"soon\"").contains("value=\"sales\"").contains("value=\"Bad " + tag + "\"");
		assertThat(noManager.statusCode()).isEqualTo(400);
		assertThat(noManager.body()).contains("there is no user &#39;nobody-" + tag);
		assertThat(noField.statusCode()).isEqualTo(400);
		assertThat(noField.body()).contains("there is no custom field");
		assertThat(nothing.statusCode()).isEqualTo(400);
		assertThat(nothing.body()).contains("The rule has no condition");
		assertThat(this.personas.listPersonas()).hasSize(before);
	}

	@Test
	void aRuleDeeperThanTheFormIsShownReadOnly() throws Exception {
		String tag = UserPagesTests.tag();
		JsonNode deep = JSON.readTree("""
				{"type":"allOf","rules":[{"type":"anyOf","rules":[{"type":"group","group":"a"},
				{"type":"group","group":"b"}]},{"type":"active"}]}""");
		PersonaDetails persona = this.personas
			.savePersona(null, new Personas.PersonaEdit("Deep " + tag, "", deep, List.of()), "test")
			.orElseThrow();

		HttpResponse<String> page = this.admin.get("/admin/personas/" + persona.id());

		assertThat(page.body()).contains("id=\"deep-rule\"").contains("id=\"persona-rule-json\"")
			.contains("PUT /api/v1/personas/" + persona.id())
			.doesNotContain("id=\"save-persona\"");
	}

	@Test
	void aPersonaIsDeletedThroughItsConfirmationPage() throws Exception {
		String tag = UserPagesTests.tag();
		PersonaDetails persona = this.personas.savePersona(null, new Personas.PersonaEdit("Gone " + tag, "",
				JSON.readTree("{\"type\":\"active\"}"), List.of()), "test").orElseThrow();

		HttpResponse<String> confirm = this.admin.get("/admin/personas/" + persona.id() + "/delete");
		assertThat(confirm.body()).contains("Delete persona").contains("Gone " + tag).contains("id=\"confirm-delete\"");
		assertThat(this.personas.persona(persona.id())).as("asking is not deleting").isPresent();

		HttpResponse<String> deleted = this.admin.submit("/admin/personas/" + persona.id() + "/delete", Map.of());

		assertThat(deleted.statusCode()).isEqualTo(302);
		assertThat(this.admin.follow(deleted).body()).contains("Deleted persona &#39;Gone " + tag);
		assertThat(this.personas.persona(persona.id())).isEmpty();
	}

	@Test
	void reEvaluatingEveryoneShowsItsProgressOnTheList() throws Exception {
		this.admin.get("/admin/personas");

		HttpResponse<String> started = this.admin.submit("/admin/personas/recompute", Map.of());

		assertThat(started.statusCode()).isEqualTo(302);
		assertThat(this.admin.follow(started).body()).contains("Re-evaluating everyone").contains("id=\"recompute-state\"");
		this.recomputes.awaitIdle(Duration.ofSeconds(60));
		assertThat(this.admin.get("/admin/personas").body()).contains("data-state=\"done\"").contains("Re-evaluated ");
	}

	@Test
	void nonAdminsAndPostsWithoutCsrfAreRefused() {
		int before = this.personas.listPersonas().size();
		ConsoleBrowser user = samlUser("staff");
		assertThat(user.get("/admin/personas").statusCode()).isEqualTo(403);
		assertThat(user.get("/admin/spaces").statusCode()).isEqualTo(403);
		Map<String, String> form = form("No csrf", "", "all");
		row(form, 0, Map.of("kind", "active"));
		this.admin.get("/admin/personas/new");

		HttpResponse<String> refused = this.admin.submitAsIs("/admin/personas", form);

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(this.personas.listPersonas()).hasSize(before);
	}

	private HttpResponse<String> previewOf(String department) {
		Map<String, String> form = form("", "", "all");
		row(form, 0, Map.of("kind", "field", "field", "department", "test", "equals", "value", department));
		return this.admin.submit("/admin/personas/preview", form);
	}

	/** The kinds whose inputs row {@code index} shows and sends: fieldsets neither hidden nor disabled. */
	private static List<String> shownInputs(String page, int index) {
		int start = page.indexOf("id=\"condition-" + index + "\"");
		assertThat(start).as("row " + index).isNotNegative();
		int end = page.indexOf("class=\"condition\"", start);
		String row = page.substring(start, (end < 0) ? page.length() : end);
		Matcher fieldset = Pattern.compile("<fieldset class=\"condition-inputs\" data-kind=\"(\\w+)\"([^>]*)>").matcher(row);
		List<String> shown = new ArrayList<>();
		while (fieldset.find()) {
			if (!fieldset.group(2).contains("hidden") && !fieldset.group(2).contains("disabled")) {
				shown.add(fieldset.group(1));
			}
		}
		return shown;
	}

	private PersonaDetails named(String name) {
		return this.personas.listPersonas().stream().filter((p) -> p.name().equals(name)).findFirst().orElseThrow();
	}

	private static Map<String, String> form(String name, String description, String match) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("name", name);
		form.put("description", description);
		form.put("match", match);
		return form;
	}

	/** A form of {@code rows} group conditions, for groups g0, g1, … */
	private static Map<String, String> groupRows(int rows) {
		Map<String, String> form = form("Rows", "", "all");
		for (int i = 0; i < rows; i++) {
			row(form, i, Map.of("kind", "group", "group", "g" + i));
		}
		return form;
	}

	private static void row(Map<String, String> form, int index, Map<String, String> fields) {
		fields.forEach((name, value) -> form.put("conditions[" + index + "]." + name, value));
	}

}
