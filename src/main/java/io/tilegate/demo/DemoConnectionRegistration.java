package io.tilegate.demo;

import java.util.List;

import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.connections.Connections;
import io.tilegate.directory.CustomFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Registers the demo identity provider as connection {@code demo} at every start. The key is
 * new at every start, so the stored metadata must be replaced each time or every demo sign-in
 * would fail its signature check. Runs after the metadata folder (order 0) so that a
 * {@code demo.xml} there cannot leave a stale certificate behind.
 */
@Component
@Profile("demo")
@Order(10)
class DemoConnectionRegistration implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(DemoConnectionRegistration.class);

	private final Connections connections;

	private final DemoIdentityProvider idp;

	private final CustomFields customFields;

	DemoConnectionRegistration(Connections connections, DemoIdentityProvider idp, CustomFields customFields) {
		this.connections = connections;
		this.idp = idp;
		this.customFields = customFields;
	}

	@Override
	public void run(ApplicationArguments args) {
		// okta preset, IdP-initiated sign-in allowed (the dashboard tile), link by email on, and
		// Ada (in the admin group) an admin of the console
		this.connections.save(DemoIdentityProvider.CONNECTION_ID,
				new ConnectionSettings(this.idp.metadataXml(), "okta", null, true, true, null,
						List.of(DemoIdentityProvider.ADMIN_GROUP)),
				ConnectionOrigin.DEMO, "demo");
		// The demo users carry these as custom.officeLocation and custom.tshirtSize.
		this.customFields.defineCustomField("officeLocation", "Office location", "demo");
		this.customFields.defineCustomField("tshirtSize", "T-shirt size", "demo");
		logger.info("Demo identity provider registered as connection '{}'; try it at {}",
				DemoIdentityProvider.CONNECTION_ID, this.idp.entityId().replace("/metadata", ""));
	}

}
