package io.tilegate.saml;

import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.saml.ConnectionRegistrations.ResolvedConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection changed at run time is used from the next request on, on every node; within
 * one request, the ACS guard and Spring's filters see the same version of it.
 */
class ConnectionRegistrationsTests extends SamlIntegrationTest {

	@Autowired
	ConnectionRegistrations registrations;

	@AfterEach
	void endRequest() {
		RequestContextHolder.resetRequestAttributes();
	}

	@Test
	void aRequestKeepsTheVersionItFirstReadAndTheNextRequestSeesTheChange() {
		inNewRequest();
		ResolvedConnection first = this.registrations.resolve(CONNECTION).orElseThrow();
		assertThat(first.allowIdpInitiated()).isTrue();

		// As another node's admin would, while this request is under way.
		this.connections.save(CONNECTION, new ConnectionSettings(idp.metadataXml(false), "okta", null, false, true, null),
				ConnectionOrigin.API, "test");

		assertThat(this.registrations.resolve(CONNECTION)).containsSame(first);
		inNewRequest();
		ResolvedConnection next = this.registrations.resolve(CONNECTION).orElseThrow();
		assertThat(next.version()).isGreaterThan(first.version());
		assertThat(next.allowIdpInitiated()).isFalse();
	}

	@Test
	void withoutARequestEveryCallReadsTheCurrentVersion() {
		ResolvedConnection first = this.registrations.resolve(CONNECTION).orElseThrow();

		this.connections.save(CONNECTION, new ConnectionSettings(idp.metadataXml(false), "okta", null, false, true, null),
				ConnectionOrigin.API, "test");

		assertThat(this.registrations.resolve(CONNECTION).orElseThrow().version()).isGreaterThan(first.version());
	}

	private static void inNewRequest() {
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
	}

}
