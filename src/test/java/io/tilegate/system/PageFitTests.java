package io.tilegate.system;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebDriver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check every browser test relies on for layout and accessibility finds what it is for:
 * a page that scrolls sideways on a phone, and a serious accessibility violation, while a
 * plain page passes. No application is needed, only the browser and small pages of its own.
 */
class PageFitTests {

	@RegisterExtension
	static final HeadlessChromium chromium = new HeadlessChromium();

	private static final String HEAD = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
			+ "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Fit</title></head>";

	@Test
	void passesAPlainPageFailsOneTooWideForAPhoneAndOneWithASeriousViolation() {
		WebDriver browser = chromium.newBrowser();
		String plain = page("<main><h1>Welcome</h1><p>Nothing here reaches past the edge.</p></main>");
		String wide = page("<main><h1>Welcome</h1><div id=\"banner\" style=\"width: 900px\">Too wide</div></main>");
		String unnamedButton = page("<main><h1>Welcome</h1><button id=\"go\"></button></main>");

		assertThat(PageFit.check(browser, plain, "fit-plain", 390)).isEmpty();
		assertThat(PageFit.check(browser, wide, "fit-wide", 390)).singleElement()
			.asString()
			.contains("fit-wide-390", "scrolls sideways", "div#banner");
		assertThat(PageFit.check(browser, wide, "fit-wide", 1280)).isEmpty();
		List<String> violations = PageFit.check(browser, unnamedButton, "fit-button", 1280);
		assertThat(violations).singleElement().asString().contains("fit-button-1280", "critical button-name", "#go");
	}

	private static String page(String body) {
		return "data:text/html;charset=utf-8,"
				+ URLEncoder.encode(HEAD + "<body>" + body + "</body></html>", StandardCharsets.UTF_8).replace("+", "%20");
	}

}
