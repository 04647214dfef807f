package io.tilegate.system;

import java.util.ArrayList;
import java.util.List;

import com.deque.html.axecore.args.AxeRunOptions;
import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Whether a page fits a laptop's 1280 pixels and a phone's 390: it must not scroll sideways,
 * and axe-core may find no serious or critical accessibility violation on it. Each check
 * leaves the page's screenshot in {@code target/screenshots} as {@code PAGE-WIDTH.png}.
 */
public final class PageFit {

	public static final List<Integer> WIDTHS = List.of(1280, 390);

	/** The innermost elements reaching past the window's right edge, so a failure says what to fix. */
	private static final String WIDEST = """
			const past = [...document.querySelectorAll('body, body *')]
				.filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1);
			return past.filter((e) => !past.some((inner) => inner !== e && e.contains(inner)))
				.slice(0, 4)
				.map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''))
				.join(', ');
			""";

	/**
	 * Tables wider than the card or column they sit in, which a page that does not scroll
	 * sideways can still have (spilling over the card's edge); a table in a frame of its own
	 * that scrolls is let be.
	 */
	private static final String SPILLING_TABLES = """
			return [...document.querySelectorAll('table')]
				.filter((t) => !['auto', 'scroll'].includes(getComputedStyle(t.parentElement).overflowX))
				.map((t) => [t, t.getBoundingClientRect().right - t.parentElement.getBoundingClientRect().right])
				.filter(([t, past]) => past > 1)
				.map(([t, past]) => 'table' + (t.id ? '#' + t.id : '') + ' by ' + Math.round(past) + ' px')
				.join(', ');
			""";

	private static final List<String> FAILING_IMPACTS = List.of("serious", "critical");

	private PageFit() {
	}

	/**
	 * The page at this width ({@code url} null: the one the browser is on): what is wrong with it, each as a line naming the page, empty when
	 * nothing is. The screenshot is taken either way, so a failure can be looked at.
	 */
	public static List<String> check(WebDriver browser, String url, String page, int width) {
		browser.manage().window().setSize(new Dimension(width, 900));
		if (url != null) {
			browser.get(url);
		}
		String name = page + "-" + width;
		List<String> failures = new ArrayList<>();
		long scrollWidth = script(browser, "return document.documentElement.scrollWidth");
		long windowWidth = script(browser, "return window.innerWidth");
		if (scrollWidth > windowWidth) {
			// A page just resized or refreshed by its own script may not have laid itself out again
			// yet; one that is really too wide still is a moment later.
			sleep(500);
			scrollWidth = script(browser, "return document.documentElement.scrollWidth");
			windowWidth = script(browser, "return window.innerWidth");
		}
		if (scrollWidth > windowWidth) {
			failures.add(name + ": the page is " + scrollWidth + " px wide in a " + windowWidth
					+ " px window and scrolls sideways (" + browser.getCurrentUrl() + "), past its right edge: "
					+ ((JavascriptExecutor) browser).executeScript(WIDEST));
		}
		Object spilling = ((JavascriptExecutor) browser).executeScript(SPILLING_TABLES);
		if (spilling != null && !spilling.toString().isEmpty()) {
			failures.add(name + ": tables wider than their column (" + browser.getCurrentUrl() + "): " + spilling);
		}
		for (Rule violation : new AxeBuilder().withOptions(violationsOnly()).analyze(browser).getViolations()) {
			if (FAILING_IMPACTS.contains(violation.getImpact())) {
				failures.add(name + ": " + violation.getImpact() + " " + violation.getId() + " (" + violation.getHelp()
						+ ") at " + violation.getNodes().stream().map(CheckedNode::getTarget).toList());
			}
		}
		HeadlessChromium.screenshot(browser, name);
		return failures;
	}

	/**
	 * Left to itself, axe-core returns every check a page passed, and every element each one
	 * looked at, and the driver carries all of it back as JSON; only the violations are read.
	 */
	private static AxeRunOptions violationsOnly() {
		AxeRunOptions options = new AxeRunOptions();
		options.setResultTypes(List.of("violations"));
		return options;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static long script(WebDriver browser, String script) {
		return ((Number) ((JavascriptExecutor) browser).executeScript(script)).longValue();
	}

}
