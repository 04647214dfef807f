package io.tilegate.personas;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.admin.AdminConsoleIntegrationTest;
import io.tilegate.directory.Directory;
import io.tilegate.directory.ProfileEdit;
import io.tilegate.directory.ProfileField;
import io.tilegate.directory.Provenance;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An admin's deactivation and reactivation on the console's pages reach personas through the
 * directory's {@code UserChanged}, over real HTTP.
 */
class UserChangedThroughTheConsoleTests extends AdminConsoleIntegrationTest {

	private static final Provenance TEST = new Provenance("test", null);

	@Autowired
	private Directory directory;

	@Autowired
	private Personas personas;

	@Test
	void deactivatingOnThePageLeavesEveryPersonaAndReactivatingComesBack() throws Exception {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		this.personas.savePersona(null, new Personas.PersonaEdit("Console " + tag, null,
				new ObjectMapper().readTree("{\"type\":\"field\",\"field\":\"department\",\"test\":\"equals\","
						+ "\"value\":\"Dept " + tag + "\"}"),
				List.of()), "test");
		UUID una = this.directory.createUser(tag + "-una", TEST).id();
		this.directory.updateProfile(una, new ProfileEdit().set(ProfileField.DEPARTMENT, "Dept " + tag), TEST);
		assertThat(OwnPersonas.of(this.personas, una, tag)).containsExactly("Console " + tag);
		this.admin.get("/admin/users/" + una);

		HttpResponse<String> deactivated = this.admin.submit("/admin/users/" + una + "/deactivate", Map.of());

		assertThat(deactivated.statusCode()).isEqualTo(302);
		assertThat(OwnPersonas.of(this.personas, una, tag)).isEmpty();
		assertThat(OwnPersonas.events(this.events, EventType.PERSONA_LEFT, una, tag)).singleElement()
			.satisfies((summary) -> assertThat(summary).endsWith("the user is deactivated; after: deactivated by admin"));

		HttpResponse<String> reactivated = this.admin.submit("/admin/users/" + una + "/reactivate", Map.of());

		assertThat(reactivated.statusCode()).isEqualTo(302);
		assertThat(OwnPersonas.of(this.personas, una, tag)).containsExactly("Console " + tag);
		assertThat(OwnPersonas.events(this.events, EventType.PERSONA_JOINED, una, tag)).hasSize(2)
			.anySatisfy((summary) -> assertThat(summary).endsWith("; after: reactivated by admin"));
	}

}
