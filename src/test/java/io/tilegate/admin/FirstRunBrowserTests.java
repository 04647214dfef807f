package io.tilegate.admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tilegate.system.FreePort;
import io.tilegate.system.HeadlessChromium;
import io.tilegate.system.PageFit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first run in a real browser, on a fresh database: the break-glass admin finds the way
 * in, follows the set-up path with the demo IdP's metadata, and watches "Test this connection"
 * show a sign-in made in a new tab of the admin's own browser (which stays signed in to the
 * console), then the IdP's first SCIM call, without reloading.
 * The demo profile serves the IdP; the connection it registers at start is removed first, so
 * the console starts as a fresh install's does.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("demo")
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:first-run-${random.uuid};DB_CLOSE_DELAY=-1",
		"tilegate.idp-metadata-dir=target/no-idp-metadata",
		"tilegate.admin-password=" + FirstRunBrowserTests.PASSWORD })
class FirstRunBrowserTests {

	// The demo IdP posts to the base URL, so the port must be known before the server starts.
	static final int PORT = FreePort.any();

	static final String PASSWORD = "first-run-Admin-Pa55word";

	private static final String BASE = "http://localhost:" + PORT;

	private static final String GRACE = "grace.hopper@example.com";

	private static final Duration POLLED = Duration.ofSeconds(20);

	@RegisterExtension
	static final HeadlessChromium chromium = new HeadlessChromium();

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry properties) {
		properties.add("server.port", () -> PORT);
		properties.add("tilegate.base-url", () -> BASE);
	}

	@Test
	void theAdminSetsUpTheFirstConnectionAndWatchesTheTestSignInAndScimCallArrive() throws Exception {
		WebDriver admin = chromium.newBrowser();
		admin.get(BASE + "/admin/sign-in");
		admin.findElement(By.id("password")).sendKeys(PASSWORD);
		WebElement signIn = admin.findElement(By.id("sign-in"));
		signIn.click();
		new WebDriverWait(admin, Duration.ofSeconds(10)).until(ExpectedConditions.stalenessOf(signIn));
		admin.get(BASE + "/admin/connections/demo/delete");
		HeadlessChromium.clickToNextPage(admin, By.id("confirm-delete"));
		assertThat(admin.findElement(By.id("notice")).getText()).contains("Connection demo deleted");
		WebElement signOut = admin.findElement(By.id("sign-out"));
		signOut.click();
		// A click returns before the page it posts is answered: going on at once could still be signed in.
		new WebDriverWait(admin, Duration.ofSeconds(10)).until(ExpectedConditions.stalenessOf(signOut));

		// A fresh install: the home page leads the admin to the console.
		admin.get(BASE + "/");
		assertThat(admin.findElement(By.id("not-set-up")).getText()).contains("Sign-in is not set up yet");
		List<String> unfit = new ArrayList<>();
		fits(admin, "first-run-home", unfit);
		admin.findElement(By.id("admin-way-in")).click();
		admin.findElement(By.id("password")).sendKeys(PASSWORD);
		admin.findElement(By.id("sign-in")).click();
		assertThat(admin.findElement(By.id("set-up-path")).getText()).contains("Test this connection");
		fits(admin, "first-run-overview", unfit);

		admin.findElement(By.id("start-set-up")).click();
		admin.findElement(By.id("id")).sendKeys("demo");
		new Select(admin.findElement(By.id("preset"))).selectByValue("okta");
		admin.findElement(By.id("metadataFile")).sendKeys(AdminConsoleBrowserTests.demoIdpMetadata(BASE).toString());
		admin.findElement(By.id("create-connection")).click();
		assertThat(admin.findElement(By.id("acs-url")).getText()).isEqualTo(BASE + "/login/saml2/sso/demo");
		assertThat(admin.findElement(By.id("set-up-steps")).getText()).contains("Paste Tilegate's URLs into the IdP");
		assertThat(admin.findElement(By.id("paste-guide")).getText()).contains("Audience URI (SP Entity ID)");

		// What is typed in one part of the page survives saving another.
		admin.findElement(By.id("display-name")).sendKeys("Demo IdP");
		admin.findElement(By.id("admin-groups")).sendKeys("tilegate-admins");
		HeadlessChromium.clickToNextPage(admin, By.id("save-admin-groups"));
		assertThat(admin.findElement(By.id("notice")).getText()).contains("Admin groups saved");
		assertThat(admin.findElement(By.id("display-name")).getDomProperty("value")).isEqualTo("Demo IdP");
		fits(admin, "first-run-connection", unfit);
		assertThat(unfit).as("first-run pages that scroll sideways or have serious accessibility violations").isEmpty();

		admin.findElement(By.id("test-connection")).click();
		assertThat(admin.findElement(By.id("nothing-yet")).getText()).contains("Nothing yet");
		assertThat(admin.findElement(By.id("test-sign-in")).getDomAttribute("target")).isEqualTo("_blank");
		assertThat(admin.findElement(By.id("test-sign-in")).getDomProperty("href"))
			.isEqualTo(BASE + "/saml2/authenticate/demo?returnTo=/admin/connections/demo/test");

		// In a new tab of the admin's own browser: the sign-in is made in full and shown, and
		// the browser stays the admin's.
		String console = admin.getWindowHandle();
		admin.findElement(By.id("test-sign-in")).click();
		new WebDriverWait(admin, Duration.ofSeconds(10)).until(ExpectedConditions.numberOfWindowsToBe(2));
		String tab = admin.getWindowHandles().stream().filter((handle) -> !handle.equals(console)).findFirst().orElseThrow();
		admin.switchTo().window(tab);
		admin.findElement(By.cssSelector("button[name='userName'][value='" + GRACE + "']")).click();
		new WebDriverWait(admin, Duration.ofSeconds(10))
			.until(ExpectedConditions.urlContains(BASE + "/admin/connections/demo/test"));
		assertThat(admin.findElement(By.id("sign-out")).isDisplayed()).as("still in the console").isTrue();
		admin.close();
		admin.switchTo().window(console);

		new WebDriverWait(admin, POLLED).until(ExpectedConditions.textToBePresentInElementLocated(By.id("arrivals"), GRACE));
		assertThat(admin.findElement(By.id("arrivals")).getText()).contains("Signed in").contains("Grace");
		assertThat(admin.findElement(By.cssSelector("#arrivals tr[data-field='email']")).getText()).contains(GRACE);
		HeadlessChromium.screenshot(admin, "test-connection");

		admin.findElement(By.id("token-label")).sendKeys("Demo provisioning");
		admin.findElement(By.id("create-test-token")).click();
		String token = admin.findElement(By.id("scim-token")).getText();
		admin.findElement(By.id("watch-scim-calls")).click();
		admin.findElement(By.id("nothing-yet"));
		HttpResponse<String> scim = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(BASE + "/scim/v2/Users?count=1"))
				.header("Authorization", "Bearer " + token)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(scim.statusCode()).isEqualTo(200);
		new WebDriverWait(admin, POLLED).until(ExpectedConditions.textToBePresentInElementLocated(By.id("arrivals"),
				"SCIM GET /scim/v2/Users?count=1 answered 200"));
		assertThat(admin.findElements(By.id("nothing-yet"))).isEmpty();
	}

	/** Checks the page the admin is on at both widths, and leaves the browser at 1280 pixels on it. */
	private static void fits(WebDriver browser, String page, List<String> unfit) {
		for (int width : List.of(390, 1280)) {
			unfit.addAll(PageFit.check(browser, null, page, width));
		}
	}

}
