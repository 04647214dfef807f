package io.tilegate.scim;

import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paths as clients write them: resource names in any case, with or without a trailing slash,
 * and a SCIM error body for whatever has no endpoint or no such method.
 */
class ScimPathTests extends ScimIntegrationTest {

	@Test
	void resourceNamesMatchInAnyCaseWithOrWithoutATrailingSlash() {
		for (String path : new String[] { "/users", "/Users/", "/USERS", "/groups", "/Groups/",
				"/serviceproviderconfig", "/ServiceProviderConfig/", "/resourcetypes", "/schemas/" }) {
			JsonHttpResponse response = this.scim.get(path);
			assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(200);
			assertThat(response.header("Content-Type")).as(path).startsWith("application/scim+json");
		}
	}

	@Test
	void aPathWithNoEndpointIsAScimNotFound() {
		JsonHttpResponse response = this.scim.get("/Nothing");

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.header("Content-Type")).startsWith("application/scim+json");
		assertThat(response.json().path("schemas").get(0).asText())
			.isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
		assertThat(response.json().path("status").asText()).isEqualTo("404");
		assertThat(response.json().path("detail").asText()).contains("/Nothing");
	}

	@Test
	void aMethodAResourceDoesNotTakeIsAScimMethodNotAllowed() {
		JsonHttpResponse response = this.scim.delete("/ServiceProviderConfig");

		assertThat(response.status()).isEqualTo(405);
		assertThat(response.header("Content-Type")).startsWith("application/scim+json");
		assertThat(response.json().path("status").asText()).isEqualTo("405");
		assertThat(response.json().path("detail").asText()).contains("DELETE");
	}

}
