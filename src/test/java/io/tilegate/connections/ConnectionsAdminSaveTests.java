package io.tilegate.connections;

import io.tilegate.demo.SamlIdentityProvider;
import io.tilegate.directory.DirectorySlice;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What an admin's save adds to {@link Connections#save}: one connection per IdP entity ID, and a
 * create that never overwrites.
 */
@DirectorySlice
class ConnectionsAdminSaveTests {

	private static final SamlIdentityProvider idp = SamlIdentityProvider.create("https://shared.idp.test/metadata",
			"https://shared.idp.test/sso", "https://shared.idp.test/slo");

	@Autowired
	Connections connections;

	@Autowired
	EventLog events;

	@Test
	void anEntityIdUsedByAnotherConnectionIsRefusedAndNothingIsWritten() {
		this.connections.saveAsAdmin("first", ConnectionSettings.metadataOnly(idp.metadataXml(false)), null,
				ConnectionOrigin.API, "admin");
		int saved = this.events.search(EventType.CONNECTION_SAVED, null, null, 100).size();

		assertThatExceptionOfType(InvalidConnectionException.class)
			.isThrownBy(() -> this.connections.saveAsAdmin("second",
					ConnectionSettings.metadataOnly(idp.metadataXml(false)), null, ConnectionOrigin.API, "admin"))
			.withMessageContaining("The IdP entity ID https://shared.idp.test/metadata is already used by connection "
					+ "'first'");
		assertThat(this.connections.find("second")).isEmpty();
		assertThat(this.events.search(EventType.CONNECTION_SAVED, null, null, 100)).hasSize(saved);
		// Saving the connection that owns the entity ID again is not a clash with itself.
		assertThat(this.connections.saveAsAdmin("first", ConnectionSettings.metadataOnly(idp.metadataXml(true)), null,
				ConnectionOrigin.API, "admin").getEntityId()).isEqualTo(idp.entityId());
	}

	@Test
	void createRefusesAnExistingId() {
		SamlIdentityProvider other = SamlIdentityProvider.create("https://other.idp.test/metadata",
				"https://other.idp.test/sso", "https://other.idp.test/slo");
		this.connections.createAsAdmin("taken", ConnectionSettings.metadataOnly(other.metadataXml(false)), null,
				ConnectionOrigin.API, "admin");

		assertThatExceptionOfType(ConnectionExistsException.class)
			.isThrownBy(() -> this.connections.createAsAdmin("taken",
					new ConnectionSettings(other.metadataXml(false), "entra", null, null, null, null), null,
					ConnectionOrigin.API, "admin"));
		assertThat(this.connections.find("taken").orElseThrow().getPreset()).isEqualTo("okta");
	}

}
