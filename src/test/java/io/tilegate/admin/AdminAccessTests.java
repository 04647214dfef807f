package io.tilegate.admin;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.tilegate.events.EventType;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who gets into the console and the admin API, checked against every endpoint the application
 * maps under {@code /admin} and {@code /api/v1}, read from Spring MVC itself: a page added
 * later is covered without anyone remembering to list it here.
 */
class AdminAccessTests extends AdminConsoleIntegrationTest {

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mappings;

	@Test
	void aSignedInUserWhoIsNotAnAdminGets403OnEveryAdminPageAndApiCall() {
		ConsoleBrowser user = samlUser("engineering");
		String csrf = user.csrfToken();
		List<String> notRefused = new ArrayList<>();

		for (Endpoint endpoint : adminEndpoints()) {
			// With a valid CSRF token, so that the refusal comes from the role check and nothing else.
			HttpResponse<String> response = user.send(endpoint.method(), endpoint.path(), Map.of("X-CSRF-TOKEN", csrf),
					endpoint.isRead() ? Map.of() : Map.of("_csrf", csrf));
			if (response.statusCode() != 403) {
				notRefused.add(endpoint + " -> " + response.statusCode());
			}
		}

		assertThat(notRefused).isEmpty();
	}

	@Test
	void theEndpointListIsTheRealOne() {
		assertThat(adminEndpoints()).extracting(Endpoint::toString)
			.contains("GET /admin", "GET /api/v1/users", "POST /api/v1/connections",
					"DELETE /api/v1/users/" + PLACEHOLDER_ID);
	}

	@Test
	void signedOutVisitorsAreSentToSignInOrRefusedWith401() {
		ConsoleBrowser visitor = new ConsoleBrowser(this.port);
		List<String> wrong = new ArrayList<>();

		for (Endpoint endpoint : adminEndpoints()) {
			HttpResponse<String> response = visitor.send(endpoint.method(), endpoint.path(), Map.of(), Map.of());
			boolean api = endpoint.path().startsWith("/api/");
			boolean refused = api ? response.statusCode() == 401
					: (endpoint.isRead() ? ConsoleBrowser.location(response).equals("/admin/sign-in")
							: response.statusCode() == 403);
			if (!refused) {
				wrong.add(endpoint + " -> " + response.statusCode() + " " + ConsoleBrowser.location(response));
			}
		}

		assertThat(wrong).isEmpty();
	}

	@Test
	void everyConsoleFormNeedsItsCsrfToken() {
		String before = this.jdbc.queryForObject("select count(*) from event_log where type <> 'ADMIN_SIGNED_IN'",
				String.class);
		List<String> accepted = new ArrayList<>();

		for (Endpoint endpoint : adminEndpoints()) {
			if (endpoint.isRead()) {
				continue;
			}
			HttpResponse<String> response = this.admin.send(endpoint.method(), endpoint.path(), Map.of(), Map.of());
			if (response.statusCode() != 403) {
				accepted.add(endpoint + " -> " + response.statusCode());
			}
		}

		assertThat(accepted).isEmpty();
		assertThat(this.jdbc.queryForObject("select count(*) from event_log where type <> 'ADMIN_SIGNED_IN'",
				String.class)).isEqualTo(before);
	}

	@Test
	void theApiAnswersAnAdminsConsoleSessionAndChecksItsCsrfToken() {
		int refusalsBefore = eventsOf(EventType.ADMIN_SIGN_IN_REFUSED).size();
		HttpResponse<String> users = this.admin.send("GET", "/api/v1/users", Map.of(), Map.of());
		assertThat(users.statusCode()).isEqualTo(200);

		HttpResponse<String> forged = this.admin.send("POST", "/api/v1/api-keys",
				Map.of("Content-Type", "application/json"), Map.of());
		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(forged.body()).contains("X-CSRF-TOKEN");

		HttpResponse<String> created = this.admin.send("POST", "/api/v1/api-keys",
				Map.of("X-CSRF-TOKEN", this.admin.csrfToken(), "Content-Type", "application/json"), Map.of());
		assertThat(created.statusCode()).as(created.body()).isIn(201, 400);
		assertThat(eventsOf(EventType.ADMIN_SIGN_IN_REFUSED)).hasSize(refusalsBefore);
	}

	@Test
	void aSamlAdminReachesTheConsoleAndTheApi() {
		ConsoleBrowser samlAdmin = samlUser(ADMIN_GROUP);

		assertThat(samlAdmin.get("/admin").statusCode()).isEqualTo(200);
		assertThat(samlAdmin.send("GET", "/api/v1/connections", Map.of(), Map.of()).statusCode()).isEqualTo(200);
	}

	private static final String PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000001";

	/** Every mapped method and path under /admin and /api/v1, path variables filled in. */
	private Set<Endpoint> adminEndpoints() {
		Set<Endpoint> endpoints = new TreeSet<>();
		for (RequestMappingInfo info : this.mappings.getHandlerMethods().keySet()) {
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			for (String pattern : info.getPatternValues()) {
				if (!(pattern.equals("/admin") || pattern.startsWith("/admin/") || pattern.startsWith("/api/v1/"))
						|| pattern.equals(AdminWebSecurity.SIGN_IN)) {
					continue;
				}
				String path = pattern.replaceAll("\\{[^}]*[iI]d}", PLACEHOLDER_ID)
					.replaceAll("\\{[^}]+}", "x" + UUID.randomUUID().toString().substring(0, 6));
				if (methods.isEmpty()) {
					endpoints.add(new Endpoint("GET", path));
					endpoints.add(new Endpoint("POST", path));
				}
				methods.forEach((method) -> endpoints.add(new Endpoint(method.name(), path)));
			}
		}
		return endpoints;
	}

	record Endpoint(String method, String path) implements Comparable<Endpoint> {

		boolean isRead() {
			return this.method.equals("GET") || this.method.equals("HEAD");
		}

		@Override
		public int compareTo(Endpoint other) {
			return toString().compareTo(other.toString());
		}

		@Override
		public String toString() {
			return this.method + " " + this.path;
		}

	}

}
