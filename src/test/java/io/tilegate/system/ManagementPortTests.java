package io.tilegate.system;

import io.tilegate.api.AdminHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code MANAGEMENT_SERVER_PORT} the operations endpoints move to a port of their own,
 * which the proxy does not publish, and leave the application's port. The rules stay: health
 * open, the rest for admins only; a port of its own is no reason to trust whoever reaches it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0",
				"spring.datasource.url=jdbc:h2:mem:management-${random.uuid};DB_CLOSE_DELAY=-1",
				"tilegate.idp-metadata-dir=target/no-idp-metadata",
				"tilegate.admin-password=" + ManagementPortTests.ADMIN_PASSWORD })
@AutoConfigureObservability(tracing = false)
class ManagementPortTests {

	static final String ADMIN_PASSWORD = "test-Management-Pa55word";

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void healthIsOpenOnTheManagementPort() {
		JsonHttpResponse readiness = new AdminHttp(this.managementPort).get("/actuator/health/readiness");

		assertThat(readiness.status()).isEqualTo(200);
		assertThat(readiness.body()).isEqualTo("{\"status\":\"UP\"}");
	}

	@Test
	void theScrapeOnTheManagementPortStillNeedsAnAdmin() {
		AdminHttp management = new AdminHttp(this.managementPort);

		JsonHttpResponse anonymous = management.get("/actuator/prometheus");
		JsonHttpResponse asAdmin = management.basic("admin", ADMIN_PASSWORD).get("/actuator/prometheus");

		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.body()).doesNotContain("# TYPE");
		assertThat(asAdmin.status()).isEqualTo(200);
		assertThat(asAdmin.body()).contains("# TYPE");
	}

	@Test
	void theApplicationsPortNoLongerServesThem() {
		AdminHttp application = new AdminHttp(this.port).basic("admin", ADMIN_PASSWORD);

		assertThat(application.get("/actuator/health").status()).isNotEqualTo(200);
		assertThat(application.get("/actuator/prometheus").body()).doesNotContain("# TYPE");
	}

}
