package io.tilegate.demo;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tilegate.saml.Browser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a person clicks at the demo IdP, for tests that need a real signed SAML sign-in: the
 * tile, and the auto-submitting form the IdP answers with, which a test may also post twice.
 */
public final class DemoSignIns {

	private DemoSignIns() {
	}

	/** Signs the person in through the demo IdP's tile; the ACS's answer. */
	public static HttpResponse<String> throughTile(Browser browser, String userName) {
		return submit(browser, launch(browser, userName));
	}

	/** Clicks the tile as the person; the IdP's page with the form that posts the response to Tilegate. */
	public static String launch(Browser browser, String userName) {
		HttpResponse<String> dashboard = browser.get("/demo-idp");
		assertThat(dashboard.body()).contains("Demo identity provider");
		Map<String, String> form = new LinkedHashMap<>();
		form.put("_csrf", hiddenFields(dashboard.body()).get("_csrf"));
		form.put("userName", userName);
		return browser.postForm("/demo-idp/launch", form).body();
	}

	/** Posts the IdP page's auto-submitting SAML form, as the browser's script would. */
	public static HttpResponse<String> submit(Browser browser, String html) {
		Matcher action = Pattern.compile("<form id=\"saml-post\" method=\"post\" action=\"([^\"]+)\"").matcher(html);
		assertThat(action.find()).as("an auto-submitting SAML form").isTrue();
		return browser.postForm(action.group(1), hiddenFields(html));
	}

	public static Map<String, String> hiddenFields(String html) {
		Map<String, String> fields = new LinkedHashMap<>();
		Matcher matcher = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"").matcher(html);
		while (matcher.find()) {
			fields.putIfAbsent(matcher.group(1), matcher.group(2).replace("&amp;", "&").replace("&#39;", "'"));
		}
		return fields;
	}

}
