package io.tilegate.admin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.tilegate.images.ImageSize;
import io.tilegate.system.FreePort;
import io.tilegate.system.HeadlessChromium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin console in a real browser, headless Chromium, with the demo identity provider
 * standing in for Okta: what an admin does in their first hour. The screenshots in
 * {@code docs/screenshots} come from these tests ({@code target/screenshots}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("demo")
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:browser-${random.uuid};DB_CLOSE_DELAY=-1",
		"tilegate.idp-metadata-dir=target/no-idp-metadata",
		"tilegate.admin-password=" + AdminConsoleBrowserTests.PASSWORD })
class AdminConsoleBrowserTests {

	// The demo IdP posts to the base URL, so the port must be known before the server starts.
	static final int PORT = FreePort.any();

	static final String PASSWORD = "browser-Admin-Pa55word";

	private static final String BASE = "http://localhost:" + PORT;

	private static final String GRACE = "grace.hopper@example.com";

	private static final String KATHERINE = "katherine.johnson@example.com";

	private static final String ADA = "ada.lovelace@example.com";

	private static final String MARGARET = "margaret.hamilton@example.com";

	@RegisterExtension
	static final HeadlessChromium chromium = new HeadlessChromium();

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry properties) {
		properties.add("server.port", () -> PORT);
		properties.add("tilegate.base-url", () -> BASE);
	}

	@Test
	void anAdminConnectsTheIdpWatchesASignInAndDeprovisionsTheUser() throws Exception {
		WebDriver admin = signedInAdmin();
		HeadlessChromium.screenshot(admin, "overview");

		// The demo profile connected its IdP at start-up; the admin connects it again by hand,
		// from the metadata file the IdP offers, as they would with Okta's.
		admin.get(BASE + "/admin/connections/demo/delete");
		// The deletion's redirect lands before the next page is asked for: a busy machine once let it land after.
		HeadlessChromium.clickToNextPage(admin, By.id("confirm-delete"));
		assertThat(admin.findElement(By.id("notice")).getText()).contains("Connection demo deleted");
		admin.get(BASE + "/admin/connections/new");
		admin.findElement(By.id("id")).sendKeys("demo");
		new Select(admin.findElement(By.id("preset"))).selectByValue("okta");
		admin.findElement(By.id("metadataFile")).sendKeys(demoIdpMetadata().toString());
		HeadlessChromium.screenshot(admin, "new-connection");
		admin.findElement(By.id("create-connection")).click();
		assertThat(admin.findElement(By.id("acs-url")).getText()).isEqualTo(BASE + "/login/saml2/sso/demo");
		assertThat(admin.findElement(By.id("sp-entity-id")).getText())
			.isEqualTo(BASE + "/saml2/service-provider-metadata/demo");
		HeadlessChromium.screenshot(admin, "connection");

		WebDriver grace = chromium.newBrowser();
		signInThroughDemoIdp(grace, GRACE);
		assertThat(grace.findElement(By.tagName("h1")).getText()).isEqualTo("Grace Hopper");

		admin.get(BASE + "/admin/users?q=grace");
		assertThat(admin.findElement(By.id("users")).getText()).contains("Grace Hopper").contains(GRACE);
		HeadlessChromium.screenshot(admin, "users");
		HeadlessChromium.clickToNextPage(admin, By.linkText("Grace Hopper"));
		assertThat(admin.findElement(By.tagName("h1")).getText()).contains("Grace Hopper");
		HeadlessChromium.screenshot(admin, "user");

		admin.get(BASE + "/admin/events?type=LOGIN_SUCCEEDED");
		assertThat(admin.findElement(By.id("events")).getText()).contains(GRACE).contains("demo");
		HeadlessChromium.screenshot(admin, "events");

		// Her sign-in replayed through the mapping, as an admin checks a mapping change before users see it.
		admin.get(BASE + "/admin/connections/demo/test-mapping");
		new Select(admin.findElement(By.id("recent-login"))).selectByIndex(0);
		admin.findElement(By.id("preview-recent")).click();
		assertThat(admin.findElement(By.id("mapping-outcome")).getText()).contains(GRACE);
		assertThat(admin.findElement(By.id("field-title")).getText()).contains("Principal Engineer");
		HeadlessChromium.screenshot(admin, "test-mapping");

		admin.get(BASE + "/admin/users?q=grace");
		HeadlessChromium.clickToNextPage(admin, By.linkText("Grace Hopper"));
		HeadlessChromium.clickToNextPage(admin, By.id("deactivate"));
		assertThat(admin.findElement(By.id("notice")).getText()).contains("Deactivated");

		// Her open session has ended: her next request is told so, and signing in again is refused.
		grace.get(BASE + "/");
		assertThat(grace.getCurrentUrl()).endsWith("/login?ended");
		assertThat(grace.getPageSource()).contains("Your session ended");
		signInThroughDemoIdp(grace, GRACE);
		assertThat(grace.findElement(By.tagName("h1")).getText()).isEqualTo("Your sign-in was refused");
		assertThat(grace.findElement(By.className("refusal")).getText()).contains("deactivated");
		HeadlessChromium.screenshot(grace, "sign-in-refused");
	}

	@Test
	void aScimTokenIsShownOnceAndNeverAgain() {
		WebDriver admin = signedInAdmin();
		admin.get(BASE + "/admin/connections/demo");

		admin.findElement(By.id("token-label")).sendKeys("Okta provisioning");
		admin.findElement(By.id("create-scim-token")).click();
		String token = admin.findElement(By.id("scim-token")).getText();
		assertThat(token).startsWith("tgscim_");
		HeadlessChromium.screenshot(admin, "scim-token");

		// The token list is near the end of a long page: it being there means the page is whole.
		admin.get(BASE + "/admin/connections/demo");
		assertThat(admin.findElement(By.id("scim-tokens")).getText()).contains("Okta provisioning");
		assertThat(admin.getPageSource()).doesNotContain(token);
		admin.navigate().refresh();
		assertThat(admin.findElement(By.id("scim-tokens")).getText()).contains("Okta provisioning");
		assertThat(admin.getPageSource()).doesNotContain(token);
	}

	@Test
	void aNewHiresPersonaPutsTheRecentHireIntoOnboarding() {
		WebDriver admin = signedInAdmin();
		admin.get(BASE + "/admin/spaces/new");
		admin.findElement(By.id("space-name")).sendKeys("Onboarding");
		admin.findElement(By.id("space-description")).sendKeys("Everything for your first weeks");
		HeadlessChromium.clickToNextPage(admin, By.id("save-space"));
		assertThat(admin.findElement(By.id("notice")).getText()).contains("Saved space 'Onboarding'");
		String space = admin.getCurrentUrl().substring(admin.getCurrentUrl().lastIndexOf('/') + 1);

		admin.get(BASE + "/admin/personas/new");
		admin.findElement(By.id("persona-name")).sendKeys("New hires");
		admin.findElement(By.id("persona-description")).sendKeys("People in their first 90 days");
		admin.findElement(By.id("space-" + space)).click();
		new Select(admin.findElement(By.id("condition-0-kind"))).selectByValue("hireDate");
		new Select(admin.findElement(By.id("condition-0-hire"))).selectByValue("withinDays");
		admin.findElement(By.id("condition-0-days")).sendKeys("90");
		admin.findElement(By.id("preview-persona")).click();
		assertThat(admin.findElement(By.id("persona-preview")).getText()).contains("would match");
		HeadlessChromium.screenshot(admin, "persona-edit");
		HeadlessChromium.clickToNextPage(admin, By.id("save-persona"));
		assertThat(admin.findElement(By.id("notice")).getText()).contains("Saved persona 'New hires'");

		new WebDriverWait(admin, Duration.ofSeconds(60)).until((browser) -> {
			browser.navigate().refresh();
			return "done".equals(browser.findElement(By.id("recompute-state")).getDomAttribute("data-state"));
		});
		assertThat(admin.findElement(By.id("personas")).getText()).contains("New hires").contains("Onboarding");
		HeadlessChromium.screenshot(admin, "personas");

		WebDriver katherine = chromium.newBrowser();
		signInThroughDemoIdp(katherine, KATHERINE);
		admin.get(BASE + "/admin/spaces/" + space);
		assertThat(admin.findElement(By.id("space-members")).getText()).contains(KATHERINE).contains("New hires");
		HeadlessChromium.screenshot(admin, "space");

		// The spaces section of the users' home page comes with the home page's own change (issue 5).
		assertThat(katherine.findElement(By.id("spaces")).getText()).contains("Onboarding");
	}

	@Test
	void thePersonaFormShowsEachRowsKindAndPreviewsWithoutLeavingThePage() {
		WebDriver admin = signedInAdmin();
		admin.get(BASE + "/admin/personas/new");
		String form = admin.getCurrentUrl();
		admin.findElement(By.id("persona-name")).sendKeys("Nobody in Atlantis");
		assertThat(admin.findElements(By.cssSelector("[data-condition]"))).hasSize(1);
		assertThat(admin.findElement(By.id("condition-0-group")).isDisplayed()).isFalse();
		assertThat(admin.findElement(By.name("apply")).isDisplayed()).as("applied as the kind changes").isFalse();

		new Select(admin.findElement(By.id("condition-0-kind"))).selectByValue("field");
		assertThat(admin.findElement(By.id("condition-0-field")).isDisplayed()).isTrue();
		assertThat(admin.findElement(By.id("condition-0-days")).isDisplayed()).isFalse();
		new Select(admin.findElement(By.id("condition-0-field"))).selectByVisibleText("Department");
		admin.findElement(By.id("condition-0-value")).sendKeys("Atlantis");
		admin.findElement(By.id("add-condition")).click();
		admin.findElement(By.id("add-condition")).click();
		new Select(admin.findElement(By.id("condition-1-kind"))).selectByValue("hireDate");
		new Select(admin.findElement(By.id("condition-2-kind"))).selectByValue("active");
		admin.findElement(By.cssSelector("#condition-1 [data-remove-condition]")).click();
		assertThat(admin.findElements(By.cssSelector("[data-condition]"))).hasSize(2);
		assertThat(new Select(admin.findElement(By.id("condition-1-kind"))).getFirstSelectedOption().getDomAttribute("value"))
			.as("the rows are numbered again").isEqualTo("active");
		assertThat(admin.findElement(By.id("condition-1")).getText()).contains("Condition 2");

		admin.findElement(By.id("preview-persona")).click();
		assertThat(admin.findElement(By.id("persona-preview")).getText()).contains("0 users would match")
			.contains("department is 'Atlantis'");
		assertThat(admin.getCurrentUrl()).as("the preview came without leaving the page").isEqualTo(form);
		HeadlessChromium.screenshot(admin, "persona-form");
		// Enter in a field saves, as in the console's other forms.
		admin.findElement(By.id("persona-name")).sendKeys(Keys.ENTER);
		assertThat(admin.findElement(By.id("notice")).getText()).contains("Saved persona 'Nobody in Atlantis'")
			.contains("all of (department is 'Atlantis'; is active)");

		// Without reloading: the list's script follows the re-evaluation until it is done.
		new WebDriverWait(admin, Duration.ofSeconds(60)).until((browser) -> "done"
			.equals(browser.findElement(By.id("recompute-progress")).getDomAttribute("data-state")));
	}

	@Test
	void aUserUploadsTheirPhotoAndItShowsOnTheirHomePageAndInTheUsersList() throws IOException {
		WebDriver margaret = chromium.newBrowser();
		signInThroughDemoIdp(margaret, MARGARET);
		WebDriver ada = chromium.newBrowser();
		signInThroughDemoIdp(ada, ADA);
		assertThat(ada.findElement(By.cssSelector(".who .avatar-large")).getText()).isEqualTo("AL");
		assertThat(ada.findElements(By.cssSelector(".who .avatar-large img"))).isEmpty();

		Path photo = Files.createTempDirectory("tilegate-browser").resolve("ada.jpg");
		Files.write(photo, Portraits.jpeg(900, 1200, .58f));
		ada.findElement(By.id("photo-file")).sendKeys(photo.toString());
		ada.findElement(By.id("upload-photo")).click();

		assertThat(ada.findElement(By.id("notice")).getText()).isNotBlank();
		WebElement large = ada.findElement(By.cssSelector(".who .avatar-large img"));
		assertThat(large.getDomAttribute("alt")).isEqualTo("Photo of Ada Lovelace");
		assertThat(loadedWidth(ada, large)).isEqualTo(ImageSize.LARGE.pixels());
		HeadlessChromium.screenshot(ada, "home");

		WebDriver admin = signedInAdmin();
		admin.get(BASE + "/admin/users");
		WebElement adaRow = admin.findElement(By.xpath("//table[@id='users']//tr[.//a[text()='Ada Lovelace']]"));
		WebElement small = adaRow.findElement(By.cssSelector(".avatar-small img"));
		assertThat(loadedWidth(admin, small)).isEqualTo(ImageSize.SMALL.pixels());
		WebElement margaretRow = admin
			.findElement(By.xpath("//table[@id='users']//tr[.//a[text()='Margaret Hamilton']]"));
		assertThat(margaretRow.findElement(By.cssSelector(".avatar-small")).getText()).isEqualTo("MH");
		assertThat(margaretRow.findElements(By.cssSelector(".avatar-small img"))).isEmpty();
		HeadlessChromium.screenshot(admin, "users-photos");

		adaRow.findElement(By.linkText("Ada Lovelace")).click();
		assertThat(loadedWidth(admin, admin.findElement(By.cssSelector(".profile-head .avatar-large img"))))
			.isEqualTo(ImageSize.LARGE.pixels());
		assertThat(admin.findElement(By.id("photo-origin")).getText()).startsWith("Uploaded by the user");
		HeadlessChromium.screenshot(admin, "user-photo");
	}

	/** The image's width as decoded by the browser, once it has loaded: 0 for one that failed. */
	private static long loadedWidth(WebDriver browser, WebElement image) {
		JavascriptExecutor script = (JavascriptExecutor) browser;
		new WebDriverWait(browser, Duration.ofSeconds(10))
			.until((b) -> Boolean.TRUE.equals(script.executeScript("return arguments[0].complete", image)));
		return (Long) script.executeScript("return arguments[0].naturalWidth", image);
	}

	private static WebDriver signedInAdmin() {
		WebDriver admin = chromium.newBrowser();
		admin.get(BASE + "/admin");
		assertThat(admin.getCurrentUrl()).endsWith("/admin/sign-in");
		admin.findElement(By.id("password")).sendKeys(PASSWORD);
		HeadlessChromium.clickToNextPage(admin, By.id("sign-in"));
		assertThat(admin.findElement(By.tagName("h1")).getText()).isEqualTo("Overview");
		return admin;
	}

	private static void signInThroughDemoIdp(WebDriver browser, String userName) {
		HeadlessChromium.signInThroughDemoIdp(browser, BASE, userName);
	}

	private static Path demoIdpMetadata() throws IOException, InterruptedException {
		return demoIdpMetadata(BASE);
	}

	/** The demo IdP's metadata saved as the file an admin downloads from an IdP. */
	static Path demoIdpMetadata(String base) throws IOException, InterruptedException {
		HttpResponse<String> metadata = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(base + "/demo-idp/metadata")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(metadata.statusCode()).isEqualTo(200);
		Path file = Files.createTempDirectory("tilegate-browser").resolve("demo-idp-metadata.xml");
		Files.writeString(file, metadata.body());
		return file;
	}

}
