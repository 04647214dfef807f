package io.tilegate.admin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tilegate.access.AdminApiKeys;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static io.tilegate.admin.ConsoleBrowser.location;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API keys pages driven over HTTP: a key is shown once, works against the admin API with
 * {@code Bearer}, and stops working once revoked through the confirmation page.
 */
class ApiKeyPagesTests extends AdminConsoleIntegrationTest {

	private static final Pattern SECRET = Pattern.compile("id=\"api-key\">(tgadmin_[^<]+)<");

	@Autowired
	private AdminApiKeys keys;

	@Test
	void aNewKeyIsShownOnceWorksAgainstTheApiAndStopsWhenRevoked() throws Exception {
		String label = "nightly export " + UserPagesTests.tag();
		this.admin.get("/admin/api-keys");

		HttpResponse<String> created = this.admin.submit("/admin/api-keys",
				Map.of("label", label, "validityDays", "30"));

		assertThat(created.statusCode()).as("shown in the answer itself, never redirected").isEqualTo(200);
		assertThat(created.headers().firstValue("Cache-Control")).hasValueSatisfying(
				(cache) -> assertThat(cache).contains("no-store"));
		assertThat(created.body()).contains("shown only this once").contains("data-copy=\"#api-key\"");
		Matcher secret = SECRET.matcher(created.body());
		assertThat(secret.find()).as(created.body()).isTrue();
		String key = secret.group(1);
		UUID id = this.keys.list().stream().filter((k) -> k.getLabel().equals(label)).findFirst().orElseThrow().getId();

		HttpResponse<String> list = this.admin.get("/admin/api-keys");
		assertThat(list.body()).doesNotContain(key).contains(label)
			.contains("tgadmin_…" + key.substring(key.length() - 4))
			.contains("href=\"/admin/api-keys/" + id + "/revoke\"");
		assertThat(this.jdbc.queryForObject("select count(*) from event_log where summary like ? or detail like ?",
				Integer.class, "%" + key + "%", "%" + key + "%")).as("the event log never holds the secret").isZero();
		assertThat(api(key)).isEqualTo(200);

		HttpResponse<String> confirm = this.admin.get("/admin/api-keys/" + id + "/revoke");
		assertThat(confirm.body()).contains("Revoke API key").contains(label).contains("id=\"confirm-revoke\"");
		assertThat(api(key)).as("asking is not revoking").isEqualTo(200);
		HttpResponse<String> revoked = this.admin.submit("/admin/api-keys/" + id + "/revoke", Map.of());

		assertThat(revoked.statusCode()).isEqualTo(302);
		assertThat(location(revoked)).isEqualTo("/admin/api-keys");
		assertThat(this.admin.follow(revoked).body()).contains("Revoked API key")
			.contains("badge bad\">revoked<");
		assertThat(api(key)).isEqualTo(401);
	}

	@Test
	void aBadValidityIsExplainedOnTheFormAndNothingIsCreated() {
		String label = "bad validity " + UserPagesTests.tag();
		int before = this.keys.list().size();
		this.admin.get("/admin/api-keys");

		HttpResponse<String> refused = this.admin.submit("/admin/api-keys", Map.of("label", label, "validityDays", "0"));
		HttpResponse<String> tooLong = this.admin.submit("/admin/api-keys",
				Map.of("label", label, "validityDays", "1000"));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("id=\"problem\"").contains("The validity is a number of days from 1 to 731")
			.contains("value=\"" + label + "\"").doesNotContain("id=\"api-key\"");
		assertThat(tooLong.statusCode()).isEqualTo(400);
		assertThat(this.keys.list()).hasSize(before);
	}

	@Test
	void aLabelTheKeysRefuseIsExplainedOnTheForm() {
		int before = this.keys.list().size();
		this.admin.get("/admin/api-keys");

		HttpResponse<String> refused = this.admin.submit("/admin/api-keys",
				Map.of("label", "x".repeat(101), "validityDays", "30"));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("A label has at most 100 characters.");
		assertThat(this.keys.list()).hasSize(before);
	}

	@Test
	void aPostWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
		int before = this.keys.list().size();
		UUID id = this.keys.issue("csrf " + UserPagesTests.tag(), null, "test", null).key().getId();

		HttpResponse<String> create = this.admin.submitAsIs("/admin/api-keys",
				Map.of("label", "forged", "validityDays", "30"));
		HttpResponse<String> revoke = this.admin.submitAsIs("/admin/api-keys/" + id + "/revoke", Map.of());

		assertThat(create.statusCode()).isEqualTo(403);
		assertThat(revoke.statusCode()).isEqualTo(403);
		assertThat(this.keys.list()).hasSize(before + 1)
			.filteredOn((key) -> key.getId().equals(id))
			.singleElement()
			.satisfies((key) -> assertThat(key.isRevoked()).isFalse());
	}

	@Test
	void anUnknownKeyIsAPageNotFound() {
		assertThat(this.admin.get("/admin/api-keys/" + UUID.randomUUID() + "/revoke").statusCode()).isEqualTo(404);
		assertThat(this.admin.get("/admin/api-keys/not-a-key/revoke").statusCode()).isEqualTo(404);
	}

	@Test
	void aUserWhoIsNotAnAdminCannotSeeOrCreateKeys() {
		ConsoleBrowser user = samlUser("engineering");
		int before = this.keys.list().size();

		assertThat(user.get("/admin/api-keys").statusCode()).isEqualTo(403);
		assertThat(user.submit("/admin/api-keys", Map.of("label", "mine", "validityDays", "30")).statusCode())
			.isEqualTo(403);
		assertThat(this.keys.list()).hasSize(before);
	}

	private int api(String key) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/users"))
			.header("Authorization", "Bearer " + key)
			.header("Accept", "application/json")
			.GET()
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
	}

}
