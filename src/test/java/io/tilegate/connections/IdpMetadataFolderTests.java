package io.tilegate.connections;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.tilegate.config.TilegateProperties;
import io.tilegate.directory.DirectorySlice;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** The metadata folder at start-up: good files load, broken ones are skipped with a reason. */
@DirectorySlice
class IdpMetadataFolderTests {

	@Autowired
	Connections connections;

	@Autowired
	EventLog events;

	@TempDir
	Path folder;

	@Test
	void everyFileBecomesAConnectionAndABrokenOneIsSkippedWithItsReason() throws Exception {
		String metadata = new ClassPathResource("metadata/static-idp.xml").getContentAsString(StandardCharsets.UTF_8);
		Files.writeString(this.folder.resolve("okta.xml"), metadata);
		Files.writeString(this.folder.resolve("entra.xml"), metadata);
		Files.writeString(this.folder.resolve("entra.properties"),
				"preset=entra\nallow-idp-initiated=false\nlink-by-email=false\nattribute.title=jobTitle\n"
						+ "admin-groups=Tilegate Admins, IT-Ops\n");
		Files.writeString(this.folder.resolve("broken.xml"), "<html>not metadata</html>");
		Files.writeString(this.folder.resolve("typo.xml"), metadata);
		Files.writeString(this.folder.resolve("typo.properties"), "presett=okta\n");

		var loaded = folder().load();

		assertThat(loaded).containsExactlyInAnyOrder("okta", "entra");
		Connection okta = this.connections.find("okta").orElseThrow();
		assertThat(okta.getEntityId()).isEqualTo("https://static-idp.example.com/metadata");
		assertThat(okta.getOrigin()).isEqualTo(ConnectionOrigin.FOLDER);
		assertThat(okta.isAllowIdpInitiated()).isTrue();
		Connection entra = this.connections.find("entra").orElseThrow();
		assertThat(entra.getPreset()).isEqualTo("entra");
		assertThat(entra.isAllowIdpInitiated()).isFalse();
		assertThat(entra.isLinkByEmail()).isFalse();
		assertThat(entra.getAdminGroups()).containsExactly("Tilegate Admins", "IT-Ops");
		assertThat(okta.getAdminGroups()).isEmpty();
		assertThat(this.connections.mapping(entra).attributeFor("title")).isEqualTo("jobTitle");
		assertThat(this.connections.mapping(entra).attributeFor("email"))
			.isEqualTo("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress");
		assertThat(this.connections.find("broken")).isEmpty();
		assertThat(this.connections.find("typo")).isEmpty();
		assertThat(this.events.search(EventType.CONNECTION_REJECTED, null, null, 10))
			.extracting((event) -> event.getSummary())
			.anySatisfy((summary) -> assertThat(summary).contains("broken.xml").contains("not SAML IdP metadata"))
			.anySatisfy((summary) -> assertThat(summary).contains("typo.xml").contains("unknown option 'presett'"));
	}

	@Test
	void thePropertiesMayNameTheConnectionForTheSignInButtons() throws Exception {
		String metadata = new ClassPathResource("metadata/static-idp.xml").getContentAsString(StandardCharsets.UTF_8);
		Files.writeString(this.folder.resolve("okta.xml"), metadata);
		Files.writeString(this.folder.resolve("okta.properties"), "display-name=Acme Okta – staff\n",
				StandardCharsets.UTF_8);
		Files.writeString(this.folder.resolve("entra.xml"), metadata);

		folder().load();

		assertThat(this.connections.find("okta").orElseThrow().getDisplayName()).isEqualTo("Acme Okta – staff");
		assertThat(this.connections.find("entra").orElseThrow().getDisplayName()).isEqualTo("entra");
	}

	@Test
	void reloadingAnUnchangedFileChangesNothing() throws Exception {
		String metadata = new ClassPathResource("metadata/static-idp.xml").getContentAsString(StandardCharsets.UTF_8);
		Files.writeString(this.folder.resolve("okta.xml"), metadata);
		folder().load();
		long version = this.connections.find("okta").orElseThrow().getVersion();
		int saved = this.events.search(EventType.CONNECTION_SAVED, null, null, 100).size();

		folder().load();

		assertThat(this.connections.find("okta").orElseThrow().getVersion()).isEqualTo(version);
		assertThat(this.events.search(EventType.CONNECTION_SAVED, null, null, 100)).hasSize(saved);
	}

	@Test
	void aMissingFolderIsNotAnError() {
		assertThat(new IdpMetadataFolder(this.connections, this.events, properties(this.folder.resolve("absent")))
			.load()).isEmpty();
	}

	private IdpMetadataFolder folder() {
		return new IdpMetadataFolder(this.connections, this.events, properties(this.folder));
	}

	private static TilegateProperties properties(Path folder) {
		return new TilegateProperties(URI.create("https://intranet.example.com"), folder, null,
				new TilegateProperties.Saml(Duration.ofMinutes(2), Duration.ofMinutes(5), DataSize.ofKilobytes(256), 64,
						Duration.ofMinutes(10), null, null), null, null, null, null, null, null);
	}

}
