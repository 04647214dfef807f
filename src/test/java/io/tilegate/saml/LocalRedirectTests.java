package io.tilegate.saml;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The open redirect through RelayState or {@code returnTo}: after sign-in a user goes to a path
 * on this host, never to a site an attacker named.
 */
class LocalRedirectTests {

	@ParameterizedTest
	@ValueSource(strings = { "https://evil.example/phish", "//evil.example/phish", "/\\evil.example",
			"\\\\evil.example", "javascript:alert(1)", "evil.example/x", "/ok\r\nSet-Cookie: a=b", "/tab\tthere",
			"/del\u007fthere", "http:/evil.example", "" })
	void anotherSiteOrAHeaderSplitIsNoPlaceToGo(String target) {
		assertThat(LocalRedirect.safePath(target)).isNull();
	}

	@Test
	void aHugeRelayStateIsRefused() {
		assertThat(LocalRedirect.safePath("/" + "a".repeat(2000))).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/", "/spaces/1", "/spaces/1?tab=members&x=%2F%2Fevil", "/a/b#c" })
	void aPathOnThisHostIsFollowed(String target) {
		assertThat(LocalRedirect.safePath(target)).isEqualTo(target);
	}

	@Test
	void aSavedRequestKeepsOnlyItsPathAndQuery() {
		assertThat(LocalRedirect.pathOf("https://intranet.example.com/spaces/1?tab=x")).isEqualTo("/spaces/1?tab=x");
		assertThat(LocalRedirect.pathOf("https://intranet.example.com//evil.example")).isNull();
		assertThat(LocalRedirect.pathOf(null)).isNull();
	}

}
