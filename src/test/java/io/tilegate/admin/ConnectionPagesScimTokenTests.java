package io.tilegate.admin;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.events.EventType;
import io.tilegate.scim.ScimHttp;
import io.tilegate.scim.ScimToken;
import io.tilegate.scim.ScimTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.util.HtmlUtils;

import static io.tilegate.admin.ConsoleBrowser.location;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection's SCIM tokens on its page: created and shown once, listed without the secret,
 * revoked after a confirmation, after which the IdP's bearer calls are refused.
 */
class ConnectionPagesScimTokenTests extends AdminConsoleIntegrationTest {

	private static final Pattern SHOWN_TOKEN = Pattern.compile("<code id=\"scim-token\" class=\"secret\">([^<]+)</code>");

	@Autowired
	private ScimTokens tokens;

	/** A connection of this test's own: a connection has at most two active tokens. */
	private String connection;

	@BeforeEach
	void connectionOfItsOwn() {
		this.connection = ConnectionPagesTests.uniqueId();
		this.connections.save(this.connection, new ConnectionSettings(ConnectionPagesTests.newIdp().metadataXml(false),
				"okta", null, true, true, null), ConnectionOrigin.API, "test");
	}

	@Test
	void withoutTokensThePageSaysWhatOneIsFor() {
		String page = this.admin.get(page()).body();

		assertThat(page).contains("id=\"scim-tokens\"").contains("id=\"no-scim-tokens\"").contains("No SCIM token yet");
	}

	@Test
	void aCreatedTokenIsShownOnceAndNeverAgain() {
		this.admin.get(page());

		HttpResponse<String> created = this.admin.submit(page() + "/scim-tokens",
				Map.of("label", "Okta provisioning", "validityDays", "30"));

		assertThat(created.statusCode()).isEqualTo(200);
		assertThat(created.headers().allValues("Cache-Control")).anyMatch((value) -> value.contains("no-store"));
		assertThat(created.body()).contains("Copy it now: it is shown only this once")
			.contains("data-copy=\"#scim-token\"")
			.contains(BASE + "/scim/v2");
		String secret = shownToken(created);
		assertThat(secret).startsWith(ScimTokens.PREFIX);
		ScimToken token = this.tokens.list(this.connection).get(0);
		assertThat(token.getLabel()).isEqualTo("Okta provisioning");
		assertThat(token.getExpiresAt()).isBetween(Instant.now().plus(Duration.ofDays(29)),
				Instant.now().plus(Duration.ofDays(31)));
		assertThat(new ScimHttp(this.port, secret).get("/Users").status()).isEqualTo(200);

		String again = HtmlUtils.htmlUnescape(this.admin.get(page()).body());

		assertThat(again).doesNotContain(secret)
			.doesNotContain("id=\"scim-token\"")
			.contains("id=\"scim-token-list\"")
			.contains(token.getHint())
			.contains("Okta provisioning")
			.contains("active");
		Integer leaked = this.jdbc.queryForObject(
				"select count(*) from event_log where summary like ? or detail like ?", Integer.class, "%" + secret + "%",
				"%" + secret + "%");
		assertThat(leaked).isZero();
		assertThat(eventsOf(EventType.SCIM_TOKEN_CREATED)).anySatisfy((event) -> {
			assertThat(event.getConnectionId()).isEqualTo(this.connection);
			assertThat(event.getActor()).isEqualTo("admin");
		});
	}

	@Test
	void aThirdActiveTokenIsRefusedOnThePageWithTheLabelKept() {
		this.admin.get(page());
		this.admin.submit(page() + "/scim-tokens", Map.of("label", "first", "validityDays", "365"));
		this.admin.get(page());
		this.admin.submit(page() + "/scim-tokens", Map.of("label", "second", "validityDays", "365"));
		this.admin.get(page());

		HttpResponse<String> refused = this.admin.submit(page() + "/scim-tokens",
				Map.of("label", "third", "validityDays", "365"));

		assertThat(refused.statusCode()).isEqualTo(422);
		assertThat(HtmlUtils.htmlUnescape(refused.body())).contains("id=\"problem\"")
			.contains("has 2 active SCIM tokens already; revoke the one the IdP no longer uses first")
			.contains("value=\"third\"")
			.doesNotContain("id=\"scim-token\"");
		assertThat(this.tokens.list(this.connection)).hasSize(2);
	}

	@Test
	void aValidityThatIsNotANumberOrTooLongCreatesNoToken() {
		this.admin.get(page());

		HttpResponse<String> notANumber = this.admin.submit(page() + "/scim-tokens",
				Map.of("label", "x", "validityDays", "a year"));
		this.admin.get(page());
		HttpResponse<String> tooLong = this.admin.submit(page() + "/scim-tokens",
				Map.of("label", "x", "validityDays", "1000"));

		assertThat(notANumber.statusCode()).isEqualTo(422);
		assertThat(HtmlUtils.htmlUnescape(notANumber.body())).contains("The validity is a number of days");
		assertThat(tooLong.statusCode()).isEqualTo(422);
		assertThat(tooLong.body()).contains("A token is valid for at most two years");
		assertThat(this.tokens.list(this.connection)).isEmpty();
	}

	@Test
	void revokingAfterTheConfirmationMakesTheIdpsCallsRefused() {
		this.admin.get(page());
		String secret = shownToken(this.admin.submit(page() + "/scim-tokens", Map.of("label", "Entra provisioning")));
		ScimToken token = this.tokens.list(this.connection).get(0);
		String revokePath = page() + "/scim-tokens/" + token.getId() + "/revoke";
		assertThat(this.admin.get(page()).body()).contains("href=\"" + revokePath + "\"")
			.contains("id=\"revoke-" + token.getId() + "\"");

		HttpResponse<String> confirm = this.admin.get(revokePath);

		assertThat(confirm.statusCode()).isEqualTo(200);
		assertThat(HtmlUtils.htmlUnescape(confirm.body())).contains("Revoke SCIM token 'Entra provisioning'?")
			.contains("id=\"confirm-revoke\"");
		assertThat(new ScimHttp(this.port, secret).get("/Users").status()).isEqualTo(200);

		HttpResponse<String> revoked = this.admin.submit(revokePath, Map.of());

		assertThat(location(revoked)).isEqualTo(page() + "#scim-tokens");
		assertThat(HtmlUtils.htmlUnescape(this.admin.follow(revoked).body()))
			.contains("SCIM token 'Entra provisioning' revoked")
			.contains("revoked");
		assertThat(new ScimHttp(this.port, secret).get("/Users").status()).isEqualTo(401);
		assertThat(eventsOf(EventType.SCIM_TOKEN_REVOKED)).anyMatch((event) -> this.connection.equals(event.getConnectionId())
				&& "admin".equals(event.getActor()));
	}

	@Test
	void aRevokeWithoutTheCsrfTokenIsRefusedAndTheTokenKeepsWorking() {
		this.admin.get(page());
		String secret = shownToken(this.admin.submit(page() + "/scim-tokens", Map.of("label", "kept")));
		ScimToken token = this.tokens.list(this.connection).get(0);

		HttpResponse<String> forged = this.admin.submitAsIs(page() + "/scim-tokens/" + token.getId() + "/revoke",
				Map.of());

		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(new ScimHttp(this.port, secret).get("/Users").status()).isEqualTo(200);
	}

	@Test
	void deletingTheConnectionStopsItsTokens() {
		this.admin.get(page());
		String secret = shownToken(this.admin.submit(page() + "/scim-tokens", Map.of("label", "doomed")));
		assertThat(this.admin.get(page() + "/delete").body()).contains("It has 1 active SCIM token(s)");

		this.admin.submit(page() + "/delete", Map.of());

		assertThat(new ScimHttp(this.port, secret).get("/Users").status()).isEqualTo(401);
		assertThat(this.tokens.list(this.connection)).allMatch((token) -> List.of("active", "revoked", "expired")
			.contains(token.statusAt(Instant.now())));
	}

	private String page() {
		return "/admin/connections/" + this.connection;
	}

	private static String shownToken(HttpResponse<String> created) {
		Matcher token = SHOWN_TOKEN.matcher(created.body());
		assertThat(token.find()).as(created.body()).isTrue();
		return HtmlUtils.htmlUnescape(token.group(1));
	}

}
