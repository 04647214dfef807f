package io.tilegate.admin;

import java.net.http.HttpResponse;

import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;
import org.springframework.test.context.TestPropertySource;

import static io.tilegate.admin.ConsoleBrowser.location;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's sign-in form while the sign-in count that all nodes share cannot be read: the
 * table is taken away for real, in a context and database of their own, closed afterwards.
 */
@DirtiesContext(classMode = ClassMode.AFTER_CLASS)
@TestPropertySource(properties = "tilegate.test.own-context=sign-in-limit-outage")
@ExtendWith(OutputCaptureExtension.class)
class AdminSignInLimitOutageTests extends AdminConsoleIntegrationTest {

	@Test
	void whileTheCountCannotBeReadTheRightPasswordIsRefusedWithAPageThatSaysWhy(CapturedOutput output) {
		this.jdbc.execute("alter table rate_limit_bucket rename to rate_limit_bucket_away");
		try {
			ConsoleBrowser browser = new ConsoleBrowser(this.port);

			HttpResponse<String> refused = browser.signInWith("admin", ADMIN_PASSWORD);

			assertThat(location(refused)).isEqualTo("/admin/sign-in?unavailable");
			assertThat(browser.follow(refused).body()).contains("Sign-in is paused");
			assertThat(browser.get("/admin").statusCode()).isEqualTo(302);
			assertThat(output).contains("ERROR").contains("refused without checking the password");
			assertThat(this.admin.get("/admin").statusCode()).as("an admin already signed in").isEqualTo(200);
		}
		finally {
			this.jdbc.execute("alter table rate_limit_bucket_away rename to rate_limit_bucket");
		}

		assertThat(eventsOf(EventType.ADMIN_SIGN_IN_REFUSED)).map(Event::getSummary)
			.anyMatch((summary) -> summary.contains("Admin console sign-in refused for 'admin': the count of refused "
					+ "sign-ins that all nodes share could not be read"));
		assertThat(location(new ConsoleBrowser(this.port).signInWith("admin", ADMIN_PASSWORD))).isEqualTo("/admin");
	}

}
