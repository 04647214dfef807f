package io.tilegate.people;

import java.util.List;

import io.tilegate.system.FreePort;
import io.tilegate.system.HeadlessChromium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The people directory in a real browser, headless Chromium, with the demo identity
 * provider's people (Ada manages Grace and Margaret, Margaret manages Katherine): the search,
 * a person's page and the org chart, each at a laptop's 1280 pixels and a phone's 390, where
 * the page must not scroll sideways. The screenshots land in {@code target/screenshots}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("demo")
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:people-browser-${random.uuid};DB_CLOSE_DELAY=-1",
		"tilegate.idp-metadata-dir=target/no-idp-metadata" })
class PeopleBrowserTests {

	// The demo IdP posts to the base URL, so the port must be known before the server starts.
	static final int PORT = FreePort.any();

	private static final String BASE = "http://localhost:" + PORT;

	private static final List<Integer> WIDTHS = List.of(1280, 390);

	@RegisterExtension
	static final HeadlessChromium chromium = new HeadlessChromium();

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry properties) {
		properties.add("server.port", () -> PORT);
		properties.add("tilegate.base-url", () -> BASE);
	}

	@Test
	void theDirectoryAPersonAndTheOrgChartFitALaptopAndAPhone() {
		for (String user : List.of("ada.lovelace", "margaret.hamilton", "katherine.johnson")) {
			signInThroughDemoIdp(chromium.newBrowser(), user + "@example.com");
		}
		WebDriver grace = chromium.newBrowser();
		signInThroughDemoIdp(grace, "grace.hopper@example.com");

		grace.findElement(By.id("people-directory")).click();
		grace.findElement(By.id("q")).sendKeys("sales");
		// The directory page lists people before the search too: read the list of the page the search opened.
		HeadlessChromium.clickToNextPage(grace, By.id("search"));
		assertThat(grace.findElement(By.id("people")).getText()).contains("Margaret Hamilton")
			.contains("Katherine Johnson")
			.contains("Boston")
			.doesNotContain("Grace Hopper");
		String search = grace.getCurrentUrl();
		grace.findElement(By.linkText("Katherine Johnson")).click();
		assertThat(grace.findElement(By.id("manager")).getText()).contains("Margaret Hamilton");
		String person = grace.getCurrentUrl();
		grace.findElement(By.id("org-chart")).click();
		assertThat(grace.findElement(By.className("org-chain")).getText().split("\n"))
			.containsSubsequence("Ada Lovelace", "Margaret Hamilton", "Katherine Johnson");
		String chart = grace.getCurrentUrl();
		grace.findElement(By.linkText("Ada Lovelace")).click();
		assertThat(grace.findElement(By.id("reports")).getText()).contains("Grace Hopper").contains("Margaret Hamilton")
			.contains("1 direct report");
		String top = grace.getCurrentUrl();

		for (int width : WIDTHS) {
			grace.manage().window().setSize(new Dimension(width, 900));
			assertThat(script(grace, "return window.innerWidth")).as("the window's width").isEqualTo(width);
			fits(grace, search, "people-search-" + width);
			fits(grace, person, "people-person-" + width);
			fits(grace, chart, "people-org-chart-" + width);
			fits(grace, top, "people-org-chart-top-" + width);
		}
	}

	private static void fits(WebDriver browser, String url, String screenshot) {
		browser.get(url);
		assertThat(script(browser, "return document.documentElement.scrollWidth")).as(screenshot + ": sideways scroll")
			.isLessThanOrEqualTo(script(browser, "return window.innerWidth"));
		HeadlessChromium.screenshot(browser, screenshot);
	}

	private static long script(WebDriver browser, String script) {
		return ((Number) ((JavascriptExecutor) browser).executeScript(script)).longValue();
	}

	private static void signInThroughDemoIdp(WebDriver browser, String userName) {
		HeadlessChromium.signInThroughDemoIdp(browser, BASE, userName);
	}

}
