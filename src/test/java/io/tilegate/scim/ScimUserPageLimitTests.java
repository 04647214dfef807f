package io.tilegate.scim;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code count} never goes past the configured most a page holds. */
@TestPropertySource(properties = { "tilegate.scim.max-results=5", "tilegate.scim.default-results=3" })
class ScimUserPageLimitTests extends ScimIntegrationTest {

	@Test
	void countIsCappedAtTheConfiguredMaximumAndDefaultsToTheConfiguredDefault() {
		String department = "capped-" + UUID.randomUUID().toString().substring(0, 8);
		for (int i = 0; i < 8; i++) {
			JsonHttpResponse created = this.scim.post("/Users", """
					{"userName": "%s-%d", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":
					  {"department": "%s"}}""".formatted(department, i, department));
			assertThat(created.status()).isEqualTo(201);
		}
		String filter = "filter=" + ScimHttp.q(
				"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"" + department + "\"");

		JsonNode asked = this.scim.get("/Users?count=100&" + filter).json();
		JsonNode unasked = this.scim.get("/Users?" + filter).json();
		JsonNode all = this.scim.get("/Users?count=1000").json();

		assertThat(asked.path("totalResults").asInt()).isEqualTo(8);
		assertThat(asked.path("itemsPerPage").asInt()).isEqualTo(5);
		assertThat(asked.path("Resources")).hasSize(5);
		assertThat(unasked.path("itemsPerPage").asInt()).isEqualTo(3);
		assertThat(all.path("Resources")).hasSize(5);
	}

}
