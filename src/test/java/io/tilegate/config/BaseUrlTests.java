package io.tilegate.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code TILEGATE_BASE_URL} as Spring binds it at start-up. */
class BaseUrlTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(Bound.class);

	@Test
	void aPortLeftOutAfterTheColonStopsTheStartSayingWhatIsWrong() {
		this.context.withPropertyValues("tilegate.base-url=http://127.0.0.1:").run((started) -> {
			assertThat(started).hasFailed();
			assertThat(started.getStartupFailure()).rootCause()
				.hasMessageContaining("tilegate.base-url (TILEGATE_BASE_URL)")
				.hasMessageContaining("it is http://127.0.0.1:, whose colon after the host is followed by no port number");
		});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			localhost:8080                 | which does not start with http:// or https://
			ftp://intranet.example.com     | which does not start with http:// or https://
			http://:8080                   | which names no host a browser can reach
			https://intranet_eu.example.com | whose host name has an underscore
			https://intranet.example.com:70000 | whose port is above 65535
			https://admin@intranet.example.com | which holds a user name
			https://intranet.example.com/?sso  | which has a ? or # part
			""")
	void otherUrlsNoBrowserCouldUseStopTheStart(String url, String reason) {
		this.context.withPropertyValues("tilegate.base-url=" + url).run((started) -> {
			assertThat(started).hasFailed();
			assertThat(started.getStartupFailure()).rootCause().hasMessageContaining(reason);
		});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			http://127.0.0.1:8080/      | http://127.0.0.1:8080
			https://intranet.example.com | https://intranet.example.com
			https://example.com/tilegate | https://example.com/tilegate
			""")
	void aUrlABrowserCanFollowIsKeptWithoutItsTrailingSlash(String url, String base) {
		this.context.withPropertyValues("tilegate.base-url=" + url)
			.run((started) -> assertThat(started.getBean(TilegateProperties.class).base()).isEqualTo(base));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(TilegateProperties.class)
	static class Bound {

	}

}
