package io.tilegate.saml;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.demo.SamlResponseBuilder;
import io.tilegate.directory.Directory;
import io.tilegate.directory.UserProfile;
import io.tilegate.directory.UserSummary;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One person signing in from many tabs or devices at once, each assertion carrying other
 * attribute values (the IdP's profile changing under them): every sign-in is accepted, there
 * is one user, and what is stored is what the last sign-in to commit asserted, whole.
 */
abstract class ContendedSignInTests extends SamlIntegrationTest {

	private static final int SIGN_INS = 50;

	@Autowired
	private Directory directory;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ObjectMapper json;

	@Test
	void fiftyParallelSignInsWithDifferentAttributesAreAllAcceptedAndTheLastWins() throws Exception {
		String user = uniqueUser();
		assertThat(this.browser.postResponse(CONNECTION, signIn(user, -1).build().base64(), null).statusCode())
			.isEqualTo(302);
		UserSummary existing = this.directory.findByUserName(user).orElseThrow();

		List<String> responses = new ArrayList<>();
		for (int i = 0; i < SIGN_INS; i++) {
			responses.add(signIn(user, i).build().base64());
		}
		ExecutorService devices = Executors.newFixedThreadPool(SIGN_INS);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<HttpResponse<String>>> answers = new ArrayList<>();
			for (String response : responses) {
				answers.add(devices.submit(() -> {
					start.await();
					return new Browser(this.port).postResponse(CONNECTION, response, null);
				}));
			}
			start.countDown();
			for (Future<HttpResponse<String>> answer : answers) {
				HttpResponse<String> acs = answer.get(2, TimeUnit.MINUTES);
				assertThat(acs.statusCode()).as(acs.body()).isEqualTo(302);
				assertThat(acs.headers().firstValue("Location")).hasValue("/");
			}
		}
		finally {
			devices.shutdownNow();
		}

		assertThat(this.jdbc.queryForObject("select count(*) from app_user where user_name_key = ?", Integer.class,
				user.toLowerCase())).isEqualTo(1);
		assertThat(eventsOf(EventType.LOGIN_REFUSED)).noneMatch((event) -> user.equals(event.getUserName()));
		// Each sign-in asserted a title nobody had before it, so each one is an update.
		List<Event> updates = this.events.search(EventType.USER_UPDATED, existing.id(), null, 1000);
		assertThat(updates).hasSize(SIGN_INS);

		UserProfile stored = this.directory.profile(existing.id()).orElseThrow();
		int last = indexOfTitle(newValue(updates.get(0), "title"));
		assertThat(stored.title()).isEqualTo("Title " + last);
		assertThat(stored.department()).isEqualTo("Department " + last);
		assertThat(stored.phone()).isEqualTo("+1 555 01" + String.format("%02d", last));
		assertThat(stored.groups()).extracting(UserProfile.Group::name)
			.containsExactlyInAnyOrder("Everyone", "Team " + last);
	}

	private static SamlResponseBuilder signIn(String user, int i) {
		return response(user).attribute("title", "Title " + i)
			.attribute("department", "Department " + i)
			.attribute("phone", "+1 555 01" + String.format("%02d", i))
			.attribute("groups", "Everyone", "Team " + i);
	}

	private String newValue(Event update, String field) throws Exception {
		for (JsonNode change : this.json.readTree(update.getDetail()).path("changes")) {
			if (field.equals(change.path("field").asText())) {
				return change.path("new").asText();
			}
		}
		throw new AssertionError("No change of " + field + " in " + update.getDetail());
	}

	private static int indexOfTitle(String title) {
		assertThat(title).startsWith("Title ");
		return Integer.parseInt(title.substring("Title ".length()));
	}

}
