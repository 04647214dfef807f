package io.tilegate.scim;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

import static org.assertj.core.api.Assertions.assertThat;

/** What each /Users call reports for its SCIM_REQUEST event: the user, the changed fields, the outcome. */
@Import(ScimUserCallRecordTests.Recorder.class)
class ScimUserCallRecordTests extends ScimIntegrationTest {

	static final List<Recorded> calls = new CopyOnWriteArrayList<>();

	@Test
	void eachCallSaysWhatItDidToWhom() {
		String userName = "recorded-" + UUID.randomUUID().toString().substring(0, 8);

		String id = this.scim.post("/Users", """
				{"userName": "%s", "name": {"givenName": "Ada"}, "title": "Analyst", "password": "secret-pw"}"""
			.formatted(userName)).json().path("id").asText();
		Recorded created = last();
		this.scim.put("/Users/" + id, "{\"userName\": \"%s\", \"name\": {\"givenName\": \"Ada\"}, \"title\": \"Analyst\"}"
			.formatted(userName));
		Recorded unchanged = last();
		this.scim.put("/Users/" + id, "{\"userName\": \"%s\", \"name\": {\"givenName\": \"Grace\"}}".formatted(userName));
		Recorded updated = last();
		this.scim.patch("/Users/" + id, ScimUserLifecycleTests.DEACTIVATE);
		Recorded deactivated = last();
		this.scim.patch("/Users/" + id, ScimUserLifecycleTests.DEACTIVATE.replace("false", "true"));
		Recorded reactivated = last();
		this.scim.get("/Users/" + id);
		Recorded read = last();
		this.scim.delete("/Users/" + id);
		Recorded deleted = last();

		assertThat(created).isEqualTo(new Recorded("User", id, userName, List.of("firstName", "title"), "created"));
		assertThat(unchanged).isEqualTo(new Recorded("User", id, userName, List.of(), "no change"));
		assertThat(updated).isEqualTo(new Recorded("User", id, userName, List.of("firstName", "title"), "updated"));
		assertThat(deactivated).isEqualTo(new Recorded("User", id, userName, List.of("active"), "deactivated"));
		assertThat(reactivated).isEqualTo(new Recorded("User", id, userName, List.of("active"), "reactivated"));
		assertThat(read).isEqualTo(new Recorded("User", id, userName, List.of(), null));
		assertThat(deleted).isEqualTo(new Recorded("User", id, userName, List.of(), "deleted"));
	}

	private static Recorded last() {
		return calls.get(calls.size() - 1);
	}

	record Recorded(String resourceType, String resourceId, String userName, List<String> changed, String outcome) {
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Recorder {

		@Bean
		FilterRegistrationBean<Filter> scimCallRecorder() {
			FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(Recorder::recordAfter);
			registration.addUrlPatterns("/scim/v2/*");
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return registration;
		}

		private static void recordAfter(ServletRequest request, ServletResponse response, FilterChain chain)
				throws IOException, ServletException {
			chain.doFilter(request, response);
			ScimCall call = ScimCall.of((HttpServletRequest) request);
			calls.add(new Recorded(call.resourceType(), call.resourceId(), call.userName(), call.changedFields(),
					call.outcome()));
		}

	}

}
