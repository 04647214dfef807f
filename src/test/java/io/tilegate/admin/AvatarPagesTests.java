package io.tilegate.admin;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tilegate.demo.SamlResponseBuilder;
import io.tilegate.directory.Directory;
import io.tilegate.directory.ProfileEdit;
import io.tilegate.directory.ProfileField;
import io.tilegate.directory.Provenance;
import io.tilegate.events.EventType;
import io.tilegate.images.Avatar;
import io.tilegate.images.ImageOrigin;
import io.tilegate.images.ImageSize;
import io.tilegate.images.ProfileImages;
import io.tilegate.personas.Spaces;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Avatars wherever the console names a person, over HTTP with photos made by the test: the
 * photo Tilegate serves when the person has one, else their initials; and on a user's page,
 * where the photo came from, a fetch that failed, and the forms to upload and remove one.
 */
class AvatarPagesTests extends AdminConsoleIntegrationTest {

	private static final Provenance TEST = new Provenance("test", null);

	private static final Pattern SMALL_AVATAR = Pattern.compile("<span class=\"avatar avatar-small tone-\\d+\"");

	@Autowired
	private Directory directory;

	@Autowired
	private ProfileImages images;

	@Autowired
	private Spaces spaces;

	@Test
	void theUsersListShowsEachPersonsPhotoOrInitials() {
		String tag = UserPagesTests.tag();
		UUID ada = person("ada-" + tag + "@example.com", "Ada", "Lovelace");
		UUID grace = person("grace-" + tag + "@example.com", "Grace", "Hopper");
		UUID nameless = this.directory.createUser("jean-luc.picard@" + tag + ".example.com", TEST).id();
		this.images.upload(ada, Portraits.png(300, 200, .6f), ImageOrigin.ADMIN, "test");

		String page = this.admin.get("/admin/users?q=" + tag).body();

		assertThat(UserPagesTests.row(page, ada.toString()))
			.contains("<span class=\"avatar avatar-small tone-" + tone(ada) + "\" data-avatar-of=\"" + ada + "\">")
			.contains("<img src=\"" + ProfileImages.url(ada, ImageSize.SMALL) + "\" alt=\"\" width=\"28\" height=\"28\"")
			.contains(">Ada Lovelace</a>");
		assertThat(UserPagesTests.row(page, grace.toString()))
			.contains("<span class=\"avatar avatar-small tone-" + tone(grace) + "\" data-avatar-of=\"" + grace + "\">")
			.contains(">GH</span>")
			.doesNotContain("<img");
		assertThat(UserPagesTests.row(page, nameless.toString())).as("initials of a user name with no name")
			.contains(">JP</span>");
		assertThat(page).contains("href=\"/css/avatars.css\"");
		HttpResponse<String> served = this.admin.get(ProfileImages.url(ada, ImageSize.SMALL));
		assertThat(served.statusCode()).isEqualTo(200);
		assertThat(served.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("image/"));
	}

	@Test
	void aPageOfFiftyUsersLooksUpTheirPhotosInOneQuery() {
		String tag = UserPagesTests.tag();
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < UserPages.PAGE_SIZE; i++) {
			ids.add(person(String.format("fifty-%s-%02d@example.com", tag, i), "Person", "Number" + i));
		}
		for (int i = 0; i < 3; i++) {
			this.images.upload(ids.get(i * 20), Portraits.png(64, 64, i / 3f), ImageOrigin.ADMIN, "test");
		}
		// H2 counts each statement's executions while this is on; switching it on starts afresh.
		this.jdbc.execute("SET QUERY_STATISTICS FALSE");
		this.jdbc.execute("SET QUERY_STATISTICS TRUE");
		String page;
		Integer imageQueries;
		try {
			page = this.admin.get("/admin/users?q=fifty-" + tag).body();
			imageQueries = this.jdbc.queryForObject("""
					select coalesce(sum(execution_count), 0) from information_schema.query_statistics
					where lower(sql_statement) like '%profile_image%'
					  and lower(sql_statement) not like '%query_statistics%'""", Integer.class);
		}
		finally {
			this.jdbc.execute("SET QUERY_STATISTICS FALSE");
		}

		assertThat(UserPagesTests.userIds(page)).hasSize(UserPages.PAGE_SIZE);
		assertThat(count(SMALL_AVATAR, page)).isEqualTo(UserPages.PAGE_SIZE);
		assertThat(page.split("<img src=\"/images/users/", -1)).hasSize(4);
		assertThat(imageQueries).isEqualTo(1);
	}

	@Test
	void theUserPageShowsTheirInitialsAndTheFormToUploadAPhotoWhenTheyHaveNone() {
		UUID ada = person("nophoto-" + UserPagesTests.tag() + "@example.com", "Ada", "Lovelace");

		String page = this.admin.get("/admin/users/" + ada).body();

		assertThat(page).contains("<span class=\"avatar avatar-large tone-" + tone(ada) + "\" data-avatar-of=\"" + ada
				+ "\"><span aria-hidden=\"true\" dir=\"auto\" class=\"avatar-initials\">AL</span></span>")
			.contains("No photo: the console shows their initials.")
			.contains("The IdP sends none")
			.doesNotContain("id=\"remove-photo\"")
			.doesNotContain("id=\"photo-problem\"");
		String form = element(page, "<form", "id=\"upload-photo-form\"", "</form>");
		assertThat(form).contains("method=\"post\"")
			.contains("enctype=\"multipart/form-data\"")
			.contains("action=\"/admin/users/" + ada + "/image\"")
			.doesNotContain("_csrf=")
			.contains("name=\"_csrf\"")
			.contains("<label for=\"photo-file\">Upload a photo</label>")
			.contains("type=\"file\" id=\"photo-file\" name=\"file\"")
			.contains("accept=\"image/jpeg,image/png,image/gif\"")
			.contains("aria-describedby=\"photo-file-help\"");
	}

	@Test
	void theUserPageSaysWhereThePhotoCameFrom() {
		IdpPhotoUser user = withIdpPhoto("origin", Portraits.jpeg(640, 480, .1f));
		UUID id = user.id();

		String fromIdp = this.admin.get("/admin/users/" + id).body();
		assertThat(fromIdp).contains("<img src=\"" + ProfileImages.url(id, ImageSize.LARGE)
				+ "\" alt=\"Photo of Ada Lovelace\" width=\"96\" height=\"96\"");
		assertThat(text(element(fromIdp, "<p", "id=\"photo-origin\"", "</p>")))
			.startsWith("From " + user.photoUrl() + ", sent by the IdP through SAML; fetched ")
			.containsPattern("fetched \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}\\. An upload here takes its place until removed\\.");
		assertThat(fromIdp).doesNotContain("id=\"remove-photo\"")
			.doesNotContain("src=\"https://img.example.com");

		this.images.upload(id, Portraits.png(200, 200, .3f), ImageOrigin.USER, user.userName());
		String byUser = this.admin.get("/admin/users/" + id).body();
		assertThat(text(element(byUser, "<p", "id=\"photo-origin\"", "</p>"))).startsWith("Uploaded by the user on ")
			.endsWith(". It stays until removed, whatever the IdP sends.");
		assertThat(text(element(byUser, "<p", "id=\"idp-photo\"", "</p>")))
			.isEqualTo("The IdP sends a photo: " + user.photoUrl() + " (shown again when the upload is removed).");
		assertThat(byUser).contains("id=\"remove-photo\"");

		this.images.upload(id, Portraits.png(200, 200, .5f), ImageOrigin.ADMIN, "admin");
		assertThat(text(element(this.admin.get("/admin/users/" + id).body(), "<p", "id=\"photo-origin\"", "</p>")))
			.startsWith("Uploaded by an admin on ");
	}

	@Test
	void anAdminUploadsAPhotoOnTheUserPageAndRemovesIt() {
		IdpPhotoUser user = withIdpPhoto("uploaded", Portraits.png(300, 300, .9f));
		UUID id = user.id();
		String idpImage = this.images.current(id).orElseThrow().contentHash();
		this.admin.get("/admin/users/" + id);

		HttpResponse<String> refused = this.admin.upload("/admin/users/" + id + "/image", Map.of(), "file",
				"photo.png", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"
					.getBytes(StandardCharsets.UTF_8));
		assertThat(refused.statusCode()).isEqualTo(302);
		String afterRefusal = this.admin.follow(refused).body();
		assertThat(element(afterRefusal, "<p", "id=\"problem\"", "</p>")).contains("The photo was not changed.");
		assertThat(text(element(afterRefusal, "<p", "id=\"photo-origin\"", "</p>"))).contains("sent by the IdP through SAML");
		assertThat(this.images.current(id).orElseThrow().contentHash()).isEqualTo(idpImage);

		HttpResponse<String> uploaded = this.admin.upload("/admin/users/" + id + "/image", Map.of(), "file",
				"photo.jpg", Portraits.jpeg(700, 500, .4f));
		assertThat(uploaded.statusCode()).isEqualTo(302);
		String afterUpload = this.admin.follow(uploaded).body();
		assertThat(afterUpload).contains("id=\"notice\"")
			.contains("<img src=\"" + ProfileImages.url(id, ImageSize.LARGE) + "\" alt=\"Photo of Ada Lovelace\"");
		assertThat(text(element(afterUpload, "<p", "id=\"photo-origin\"", "</p>"))).startsWith("Uploaded by an admin on ");
		assertThat(text(element(afterUpload, "<p", "id=\"idp-photo\"", "</p>")))
			.isEqualTo("The IdP sends a photo: " + user.photoUrl() + " (shown again when the upload is removed).");
		assertThat(this.images.current(id).orElseThrow().origin()).isEqualTo(ImageOrigin.ADMIN);
		HttpResponse<String> served = this.admin.get(ProfileImages.url(id, ImageSize.LARGE));
		assertThat(served.statusCode()).isEqualTo(200);
		assertThat(served.headers().firstValue("Content-Type")).contains("image/jpeg");

		HttpResponse<String> removed = this.admin.submit("/admin/users/" + id + "/image/remove", Map.of());
		assertThat(removed.statusCode()).isEqualTo(302);
		String afterRemoval = this.admin.follow(removed).body();
		assertThat(afterRemoval).contains("id=\"notice\"").doesNotContain("id=\"remove-photo\"");
		assertThat(text(element(afterRemoval, "<p", "id=\"photo-origin\"", "</p>")))
			.startsWith("From " + user.photoUrl());
		assertThat(this.images.current(id).orElseThrow().contentHash()).isEqualTo(idpImage);
	}

	@Test
	void aFetchThatFailedIsShownWithItsReasonAndTime() {
		String tag = UserPagesTests.tag();
		String userName = "unfetched-" + tag + "@example.com";
		String url = "https://img.example.com/" + tag + "/gone.png";
		UUID id = signedInWithPhoto(userName, url + "?signature=s3cr3t");

		this.images.recordFetchProblem(id, url + "?signature=s3cr3t", "the server answered 404 Not Found");

		String page = this.admin.get("/admin/users/" + id).body();
		assertThat(text(element(page, "<div", "id=\"photo-problem\"", "</div>")))
			.matches("The IdP's photo could not be used\\. the server answered 404 Not Found "
					+ Pattern.quote(url) + ", given up \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}");
		assertThat(page).contains("role=\"alert\" id=\"photo-problem\"")
			.contains(">AL</span>")
			.as("a signed URL's query is a credential").doesNotContain("s3cr3t")
			.doesNotContain("(Tilegate fetches it in the background)");
	}

	@Test
	void theEventsOverviewAndAnEventShowTheUsersAvatarFromTheirNameToday() {
		String tag = UserPagesTests.tag();
		String userName = "signin-" + tag + "@example.com";
		signIn(response(userName));
		UUID id = this.directory.findByUserName(userName).orElseThrow().id();
		this.images.upload(id, Portraits.png(120, 120, .8f), ImageOrigin.ADMIN, "test");
		String reference = this.events.search(EventType.LOGIN_SUCCEEDED, id, null, 1)
			.get(0)
			.getReference();

		String list = this.admin.get("/admin/events?user=" + id).body();
		String event = this.admin.get("/admin/events/" + reference).body();
		String overview = this.admin.get("/admin").body();

		String small = "data-avatar-of=\"" + id + "\"><span aria-hidden=\"true\" dir=\"auto\" class=\"avatar-initials\">AL</span><img src=\""
				+ ProfileImages.url(id, ImageSize.SMALL) + "\" alt=\"\"";
		assertThat(list).as("initials of the name today, not of the user name the event recorded").contains(small);
		assertThat(event).contains(small);
		assertThat(overview).contains(small);
	}

	@Test
	void spaceMembersAndAPersonaPreviewShowAvatars() throws Exception {
		String tag = UserPagesTests.tag();
		UUID member = person("member-" + tag + "@example.com", "Katherine", "Johnson");
		this.directory.updateProfile(member, new ProfileEdit().set(ProfileField.DEPARTMENT, "Flight " + tag), TEST);
		UUID space = this.spaces.saveSpace(null, new Spaces.SpaceEdit("Avatars " + tag, "", List.of()), "test")
			.orElseThrow()
			.id();
		this.spaces.addToSpace(space, member, "test");

		String spacePage = this.admin.get("/admin/spaces/" + space).body();
		this.admin.get("/admin/personas/new");
		String preview = this.admin.submit("/admin/personas", Map.of("name", "Preview " + tag, "description", "",
				"match", "all", "conditions[0].kind", "field", "conditions[0].field", "department",
				"conditions[0].test", "equals", "conditions[0].value", "Flight " + tag, "preview", "1"))
			.body();

		String initials = "data-avatar-of=\"" + member + "\"><span aria-hidden=\"true\" dir=\"auto\" class=\"avatar-initials\">KJ</span></span>";
		assertThat(spacePage).contains(initials);
		assertThat(preview).contains("1 user would match").contains(initials);
	}

	@Test
	void thePhotoUrlAnIdpSendsIsNeverPutInAPage() {
		String tag = UserPagesTests.tag();
		String userName = "hotlink-" + tag + "@example.com";
		ConsoleBrowser user = signIn(response(userName).attribute("photo", "https://img.example.com/" + tag + ".png"));
		UUID id = this.directory.findByUserName(userName).orElseThrow().id();
		ConsoleBrowser other = signIn(response("script-" + tag + "@example.com").attribute("photo", "javascript:alert(1)"));

		for (String page : List.of(this.admin.get("/admin/users/" + id).body(),
				this.admin.get("/admin/users?q=" + tag).body(), user.get("/").body(), other.get("/").body(),
				this.admin.get("/admin/users/" + this.directory.findByUserName("script-" + tag + "@example.com")
					.orElseThrow()
					.id()).body())) {
			assertThat(page).doesNotContain("src=\"https://img.example.com")
				.doesNotContain("href=\"https://img.example.com")
				.doesNotContain("src=\"javascript:")
				.doesNotContain("href=\"javascript:");
		}
	}

	record IdpPhotoUser(UUID id, String userName, String photoUrl) {
	}

	/** A user who signed in through SAML with a photo URL, and whose IdP image is this one. */
	private IdpPhotoUser withIdpPhoto(String prefix, byte[] image) {
		String tag = UserPagesTests.tag();
		String userName = prefix + "-" + tag + "@example.com";
		String photoUrl = "https://img.example.com/" + tag + ".png";
		UUID id = signedInWithPhoto(userName, photoUrl);
		this.images.storeFromIdp(id, photoUrl, image);
		return new IdpPhotoUser(id, userName, photoUrl);
	}

	/** The id of a user who signed in through SAML with this photo URL. */
	private UUID signedInWithPhoto(String userName, String photoUrl) {
		signIn(response(userName).attribute("photo", photoUrl));
		return this.directory.findByUserName(userName).orElseThrow().id();
	}

	/** Signs in through SAML in a new browser, which keeps the session. */
	private ConsoleBrowser signIn(SamlResponseBuilder response) {
		ConsoleBrowser browser = new ConsoleBrowser(this.port);
		HttpResponse<String> acs = browser.postSamlResponse(CONNECTION, response.build().base64());
		assertThat(acs.statusCode()).as(acs.body()).isEqualTo(302);
		return browser;
	}

	/** The element that carries this marker, from its start tag to the end tag given. */
	static String element(String html, String startTag, String marker, String endTag) {
		int at = html.indexOf(marker);
		assertThat(at).as(marker).isNotNegative();
		int start = html.lastIndexOf(startTag, at);
		return html.substring(start, html.indexOf(endTag, at) + endTag.length());
	}

	/** What a reader sees of some HTML: its text, with white space as one space. */
	static String text(String html) {
		return html.replaceAll("<[^>]+>", "").replace("&#39;", "'").replace("&amp;", "&").replaceAll("\\s+", " ").strip();
	}

	private static int count(Pattern pattern, String text) {
		Matcher matcher = pattern.matcher(text);
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

	private UUID person(String userName, String firstName, String lastName) {
		UUID id = this.directory.createUser(userName, TEST).id();
		this.directory.updateProfile(id, new ProfileEdit().set(ProfileField.FIRST_NAME, firstName)
			.set(ProfileField.LAST_NAME, lastName), TEST);
		return id;
	}

	private static int tone(UUID userId) {
		return Avatar.of(userId, "", false).tone();
	}

}
