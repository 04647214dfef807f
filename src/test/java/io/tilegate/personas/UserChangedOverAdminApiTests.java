package io.tilegate.personas;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.api.AdminApiIntegrationTest;
import io.tilegate.directory.Directory;
import io.tilegate.directory.ProfileEdit;
import io.tilegate.directory.ProfileField;
import io.tilegate.directory.Provenance;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An admin's changes through the API reach personas through the directory's
 * {@code UserChanged}, over real HTTP.
 */
class UserChangedOverAdminApiTests extends AdminApiIntegrationTest {

	private static final Provenance TEST = new Provenance("test", null);

	@Autowired
	private Directory directory;

	@Autowired
	private Personas personas;

	@Test
	void deletingAManagerTakesTheirReportsOutOfTheirTeamInTheSameCall() throws Exception {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		UUID boss = this.directory.createUser(tag + "-boss", TEST).id();
		UUID dev = this.directory.createUser(tag + "-dev", TEST).id();
		this.personas.savePersona(null, new Personas.PersonaEdit("Team " + tag, null,
				new ObjectMapper().readTree("{\"type\":\"manager\",\"user\":\"" + boss + "\"}"), List.of()), "test");
		this.directory.updateProfile(dev, new ProfileEdit().set(ProfileField.MANAGER, tag + "-boss"), TEST);
		assertThat(OwnPersonas.of(this.personas, dev, tag)).containsExactly("Team " + tag);

		JsonHttpResponse deleted = this.admin.delete("/api/v1/users/" + boss);

		assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
		assertThat(OwnPersonas.of(this.personas, dev, tag)).isEmpty();
		assertThat(OwnPersonas.events(this.events, EventType.PERSONA_LEFT, dev, tag)).singleElement()
			.satisfies((summary) -> assertThat(summary)
				.endsWith("; after: manager " + tag + "-boss deleted by admin"));
	}

	@Test
	void deactivateAndReactivateRecomputeOnceEachWithTheAdminsName() throws Exception {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		this.personas.savePersona(null, new Personas.PersonaEdit("Active " + tag, null,
				new ObjectMapper().readTree("{\"type\":\"field\",\"field\":\"department\",\"test\":\"equals\","
						+ "\"value\":\"Dept " + tag + "\"}"), List.of()), "test");
		UUID ida = this.directory.createUser(tag + "-ida", TEST).id();
		this.directory.updateProfile(ida, new ProfileEdit().set(ProfileField.DEPARTMENT, "Dept " + tag), TEST);
		assertThat(OwnPersonas.of(this.personas, ida, tag)).containsExactly("Active " + tag);

		assertThat(this.admin.post("/api/v1/users/" + ida + "/deactivate", null).status()).isEqualTo(200);
		assertThat(OwnPersonas.of(this.personas, ida, tag)).isEmpty();
		assertThat(this.admin.post("/api/v1/users/" + ida + "/reactivate", null).status()).isEqualTo(200);

		assertThat(OwnPersonas.of(this.personas, ida, tag)).containsExactly("Active " + tag);
		assertThat(OwnPersonas.events(this.events, EventType.PERSONA_LEFT, ida, tag)).singleElement()
			.satisfies((summary) -> assertThat(summary).endsWith("; after: deactivated by admin"));
		assertThat(OwnPersonas.events(this.events, EventType.PERSONA_JOINED, ida, tag)).hasSize(2)
			.anySatisfy((summary) -> assertThat(summary).endsWith("; after: reactivated by admin"));
	}

}
