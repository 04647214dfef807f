package io.tilegate.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through its own chromedriver: never a browser or driver
 * downloaded at test time (this machine reaches no download site). Without Chromium the
 * browser tests are skipped, saying how to install it; on CI ({@code CI} set), where
 * {@code .ci/run} installs it, its absence fails them instead, so they cannot silently stop
 * running.
 * <p>
 * Each test is skipped on its own, before its instance (and so its Spring context) is made:
 * Surefire counts a test aborted by an assumption as skipped, but a whole class aborted in
 * {@code beforeAll} as neither run nor skipped, so the build's summary would not show that
 * the browser tests did not run.
 */
public final class HeadlessChromium
		implements BeforeAllCallback, TestInstancePreConstructCallback, AfterAllCallback {

	public static final String INSTALL = "Browser tests skipped: Chromium is not installed. Install it with "
			+ "'sudo apt-get install chromium chromium-driver' (Debian/Ubuntu), or point -Dtilegate.chromium and "
			+ "-Dtilegate.chromedriver at a Chromium and its matching chromedriver.";

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private final Path chromium = Path.of(System.getProperty("tilegate.chromium", "/usr/bin/chromium"));

	private final Path chromedriver = Path.of(System.getProperty("tilegate.chromedriver", "/usr/bin/chromedriver"));

	private final List<WebDriver> drivers = new ArrayList<>();

	private final List<Path> profiles = new ArrayList<>();

	@Override
	public void beforeAll(ExtensionContext context) {
		if (installed()) {
			return;
		}
		if (System.getenv("CI") != null) {
			throw new IllegalStateException("Chromium is missing on CI, where .ci/run installs it: " + INSTALL);
		}
		System.err.println("[tilegate] " + INSTALL);
	}

	@Override
	public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
		Assumptions.assumeTrue(installed(), INSTALL);
	}

	private boolean installed() {
		return Files.isExecutable(this.chromium) && Files.isExecutable(this.chromedriver);
	}

	/** A new browser with its own profile (cookies, session), as a second person's would be. */
	public WebDriver newBrowser() {
		Path profile;
		try {
			profile = Files.createTempDirectory("tilegate-chromium");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(this.chromium.toFile());
		// Without the background-networking switches Chromium keeps calling Google's hosts,
		// which this sandbox refuses; --no-sandbox because tests may run as root.
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--window-size=1280,900", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(this.chromedriver.toFile())
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
		this.drivers.add(driver);
		this.profiles.add(profile);
		return driver;
	}

	/**
	 * Saves the whole page, not only what the window shows, as {@code target/screenshots/NAME.png};
	 * docs/screenshots holds copies for the README.
	 */
	public static Path screenshot(WebDriver driver, String name) {
		Dimension window = driver.manage().window().getSize();
		try {
			Files.createDirectories(SCREENSHOTS);
			Path file = SCREENSHOTS.resolve(name + ".png");
			long height = (Long) ((JavascriptExecutor) driver)
				.executeScript("return Math.ceil(document.documentElement.scrollHeight)");
			driver.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.min(Math.max(height, 600), 4000)));
			Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			driver.manage().window().setSize(window);
		}
	}

	/**
	 * Signs in SP-initiated through the demo identity provider, as a user who opens the intranet
	 * at {@code base} and is asked to sign in.
	 */
	/**
	 * Clicks what opens another page (a link, a form's button) and returns once that page has
	 * replaced this one: read at once, an id both pages have may still be the old page's.
	 */
	public static void clickToNextPage(WebDriver browser, By target) {
		WebElement leaving = browser.findElement(By.tagName("html"));
		browser.findElement(target).click();
		new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(leaving));
	}

	public static void signInThroughDemoIdp(WebDriver browser, String base, String userName) {
		browser.get(base + "/");
		browser.findElement(By.linkText("Sign in with demo")).click();
		browser.findElement(By.cssSelector("button[name='userName'][value='" + userName + "']")).click();
		// The demo IdP's page posts the response to Tilegate by script, as real IdPs do.
		new WebDriverWait(browser, Duration.ofSeconds(10))
			.until(ExpectedConditions.not(ExpectedConditions.urlContains("/demo-idp")));
	}

	@Override
	public void afterAll(ExtensionContext context) {
		this.drivers.forEach(WebDriver::quit);
		this.drivers.clear();
		for (Path profile : this.profiles) {
			try (var files = Files.walk(profile)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
			catch (IOException ex) {
				// A leftover temporary profile is harmless.
			}
		}
	}

}
