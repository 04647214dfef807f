package io.tilegate.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
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
 * Every page a person meets, the admin console's, the employee side's, the sign-in and error
 * pages and the demo identity provider's, on a laptop's 1280 pixels and a phone's 390: none
 * may scroll sideways, and axe-core may find no serious or critical accessibility violation on
 * any. Each page's screenshot lands in {@code target/screenshots} as {@code PAGE-WIDTH.png};
 * docs/screenshots holds copies for the README.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("demo")
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:pages-fit-${random.uuid};DB_CLOSE_DELAY=-1",
		"tilegate.idp-metadata-dir=target/no-idp-metadata", "tilegate.admin-password=" + PagesFitBrowserTests.PASSWORD })
class PagesFitBrowserTests {

	// The demo IdP posts to the base URL, so the port must be known before the server starts.
	static final int PORT = FreePort.any();

	static final String PASSWORD = "pages-Admin-Pa55word";

	private static final String BASE = "http://localhost:" + PORT;

	@RegisterExtension
	static final HeadlessChromium chromium = new HeadlessChromium();

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry properties) {
		properties.add("server.port", () -> PORT);
		properties.add("tilegate.base-url", () -> BASE);
	}

	@Test
	void everyPageFitsALaptopAndAPhoneWithoutSeriousAccessibilityViolations() {
		WebDriver visitor = chromium.newBrowser();
		Map<String, String> visitorPages = new LinkedHashMap<>();
		visitorPages.put("sign-in", BASE + "/login");
		visitorPages.put("admin-sign-in", BASE + "/admin/sign-in");
		visitorPages.put("sign-in-refused", BASE + "/login/refused");
		visitor.get(BASE + "/login");
		visitor.findElement(By.linkText("Sign in with demo")).click();
		new WebDriverWait(visitor, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/demo-idp"));
		visitorPages.put("demo-idp-sign-in", visitor.getCurrentUrl());

		for (String user : List.of("ada.lovelace", "margaret.hamilton", "katherine.johnson")) {
			signInThroughDemoIdp(chromium.newBrowser(), user + "@example.com");
		}
		WebDriver grace = chromium.newBrowser();
		signInThroughDemoIdp(grace, "grace.hopper@example.com");
		Map<String, String> employeePages = new LinkedHashMap<>();
		employeePages.put("home", BASE + "/");
		employeePages.put("people", BASE + "/people?q=sales");
		grace.get(BASE + "/people?q=Katherine");
		grace.findElement(By.linkText("Katherine Johnson")).click();
		employeePages.put("person", grace.getCurrentUrl());
		grace.findElement(By.id("org-chart")).click();
		employeePages.put("org-chart", grace.getCurrentUrl());
		employeePages.put("not-found", BASE + "/no-such-page");
		// Grace signed in at the demo IdP too, so it shows her its dashboard.
		employeePages.put("demo-idp", BASE + "/demo-idp");

		WebDriver admin = signedInAdmin();
		admin.get(BASE + "/admin/spaces/new");
		admin.findElement(By.id("space-name")).sendKeys("Onboarding");
		admin.findElement(By.id("space-description")).sendKeys("Everything for your first weeks");
		HeadlessChromium.clickToNextPage(admin, By.id("save-space"));
		assertThat(admin.findElement(By.id("notice")).getText()).contains("Saved space 'Onboarding'");
		Map<String, String> consolePages = new LinkedHashMap<>();
		consolePages.put("space", admin.getCurrentUrl());
		consolePages.put("overview", BASE + "/admin");
		consolePages.put("connections", BASE + "/admin/connections");
		consolePages.put("connection", BASE + "/admin/connections/demo");
		consolePages.put("new-connection", BASE + "/admin/connections/new");
		consolePages.put("connection-mapping", BASE + "/admin/connections/demo?section=mapping");
		// Since the epoch: every sign-in so far arrives, with its mapped and unmapped attributes.
		consolePages.put("test-connection", BASE + "/admin/connections/demo/test?since=0");
		consolePages.put("test-mapping", BASE + "/admin/connections/demo/test-mapping");
		consolePages.put("users", BASE + "/admin/users");
		admin.get(BASE + "/admin/users?q=grace");
		admin.findElement(By.linkText("Grace Hopper")).click();
		consolePages.put("user", admin.getCurrentUrl());
		consolePages.put("personas", BASE + "/admin/personas");
		consolePages.put("persona-edit", BASE + "/admin/personas/new");
		consolePages.put("spaces", BASE + "/admin/spaces");
		consolePages.put("events", BASE + "/admin/events");
		admin.get(BASE + "/admin/events?type=LOGIN_SUCCEEDED");
		admin.findElement(By.cssSelector("#events tbody a")).click();
		consolePages.put("event", admin.getCurrentUrl());
		consolePages.put("api-keys", BASE + "/admin/api-keys");
		consolePages.put("connection-sp-keys", BASE + "/admin/connections/demo?section=sp-keys");
		consolePages.put("webhooks", BASE + "/admin/webhooks");
		admin.get(BASE + "/admin/webhooks");
		admin.findElement(By.id("webhook-url")).sendKeys("https://hooks.example.com/tilegate/directory-changes");
		admin.findElement(By.id("webhook-description")).sendKeys("The intranet's search index");
		admin.findElement(By.id("create-webhook")).click();
		admin.findElement(By.id("webhook-secret"));
		admin.findElement(By.id("done")).click();
		consolePages.put("webhook", admin.getCurrentUrl());

		List<String> failures = new ArrayList<>();
		for (int width : PageFit.WIDTHS) {
			visitorPages.forEach((page, url) -> failures.addAll(PageFit.check(visitor, url, page, width)));
			employeePages.forEach((page, url) -> failures.addAll(PageFit.check(grace, url, page, width)));
			consolePages.forEach((page, url) -> failures.addAll(PageFit.check(admin, url, page, width)));
			// The mapping's tables show only once a sign-in is replayed through it, which is a POST.
			admin.get(BASE + "/admin/connections/demo/test-mapping");
			new Select(admin.findElement(By.id("recent-login"))).selectByIndex(0);
			admin.findElement(By.id("preview-recent")).click();
			admin.findElement(By.id("mapped-fields"));
			failures.addAll(PageFit.check(admin, null, "test-mapping-preview", width));
		}
		assertThat(failures).as("pages that scroll sideways or have serious accessibility violations").isEmpty();
	}

	private static WebDriver signedInAdmin() {
		WebDriver admin = chromium.newBrowser();
		admin.get(BASE + "/admin/sign-in");
		admin.findElement(By.id("password")).sendKeys(PASSWORD);
		admin.findElement(By.id("sign-in")).click();
		new WebDriverWait(admin, Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe(BASE + "/admin"));
		return admin;
	}

	private static void signInThroughDemoIdp(WebDriver browser, String userName) {
		HeadlessChromium.signInThroughDemoIdp(browser, BASE, userName);
	}

}
