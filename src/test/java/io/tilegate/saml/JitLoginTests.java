package io.tilegate.saml;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.tilegate.directory.Directory;
import io.tilegate.events.EventType;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Just-in-time provisioning as the IdP drives it: through the ACS endpoint. The full matrix
 * of mapping rules is proven on the provisioning service itself (JitProvisionerTests); here
 * are the cases a browser sees.
 */
class JitLoginTests extends SamlIntegrationTest {

	@Autowired
	Directory directory;

	@Test
	void firstLoginCreatesTheUserAndTheNextUpdatesTheProfile() {
		String user = uniqueUser();
		this.browser.postResponse(CONNECTION,
				response(user).attribute("department", "Research").attribute("title", "Analyst").build().base64(), null);
		String firstHome = this.browser.get("/").body();
		assertThat(firstHome).contains("Research").contains("Analyst");

		Browser later = new Browser(this.port);
		later.postResponse(CONNECTION,
				response(user).attribute("department", "Engines").attribute("title", "").build().base64(), null);
		String home = later.get("/").body();

		assertThat(home).contains("Engines").doesNotContain("Research").doesNotContain("Analyst");
		assertThat(eventsOf(EventType.USER_UPDATED)).anyMatch(
				(e) -> user.equals(e.getUserName()) && e.getDetail().contains("Research") && e.getDetail().contains("Engines"));
	}

	@Test
	void deactivatedUserIsRefusedAndStaysDeactivated() {
		String user = uniqueUser();
		this.browser.postResponse(CONNECTION, response(user).build().base64(), null);
		var id = this.directory.findByUserName(user).orElseThrow().id();
		this.directory.deactivate(id, "test");

		HttpResponse<String> again = new Browser(this.port).postResponse(CONNECTION, response(user).build().base64(), null);

		assertRefused(again, "your account is deactivated", "deactivated");
		assertThat(this.directory.isActive(id)).isFalse();
	}

	@Test
	void unparseableHireDateIsAWarningNotARefusal() {
		String user = uniqueUser();

		HttpResponse<String> acs = this.browser.postResponse(CONNECTION,
				response(user).attribute("hireDate", "next tuesday").build().base64(), null);

		assertThat(acs.statusCode()).isEqualTo(302);
		assertThat(eventsOf(EventType.LOGIN_SUCCEEDED))
			.anyMatch((e) -> user.equals(e.getUserName()) && e.getSummary().contains("next tuesday"));
	}

	@Test
	void tenParallelFirstLoginsOfOnePersonMakeOneUser() throws Exception {
		String user = uniqueUser();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(10);
		List<Future<Integer>> results = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			String response = response(user).attribute("groups", "Parallel", "Group " + i % 3).build().base64();
			results.add(pool.submit(() -> {
				start.await();
				return new Browser(this.port).postResponse(CONNECTION, response, null).statusCode();
			}));
		}
		start.countDown();
		for (Future<Integer> result : results) {
			assertThat(result.get()).isEqualTo(302);
		}
		pool.shutdown();

		assertThat(this.directory.findByUserName(user)).isPresent();
		assertThat(eventsOf(EventType.USER_CREATED)).filteredOn((e) -> user.equals(e.getUserName())).hasSize(1);
	}

}
