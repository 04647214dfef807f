package io.tilegate.admin;

import java.util.List;

import io.tilegate.connections.Connection;
import io.tilegate.connections.Connections;
import io.tilegate.events.Event;
import io.tilegate.events.EventCriteria;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import io.tilegate.provisioning.MappingPreview;
import io.tilegate.provisioning.SignInPreview;
import io.tilegate.saml.SamlResponseInspection;
import io.tilegate.saml.SamlResponseInspector;
import io.tilegate.saml.UnreadableSamlResponseException;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * A connection's "Test mapping" page: what a sign-in with a given assertion would do to the
 * directory, without signing anyone in and without writing anything, so an admin can fix an
 * attribute override before people sign in with it.
 */
@Controller
@RequestMapping("/admin/connections/{id}/test-mapping")
class MappingTestPage {

	static final int RECENT_SIGN_INS = 20;

	private static final String VIEW = "admin/connections/test-mapping";

	private final Connections connections;

	private final EventLog events;

	private final SamlResponseInspector inspector;

	private final MappingPreview preview;

	MappingTestPage(Connections connections, EventLog events, SamlResponseInspector inspector,
			MappingPreview preview) {
		this.connections = connections;
		this.events = events;
		this.inspector = inspector;
		this.preview = preview;
	}

	@GetMapping
	String show(@PathVariable String id, Model model) {
		page(id, model, "", "");
		return VIEW;
	}

	/** A pasted response wins over a picked sign-in: it is what the admin just did. */
	@PostMapping
	String preview(@PathVariable String id, @RequestParam(required = false) String samlResponse,
			@RequestParam(required = false) String login, Model model, HttpServletResponse response) {
		String pasted = (samlResponse != null) ? samlResponse : "";
		String picked = (login != null) ? login.strip() : "";
		page(id, model, pasted, picked);
		try {
			SamlResponseInspection inspection = (!pasted.isBlank() || picked.isEmpty())
					? this.inspector.inspect(id, pasted) : this.inspector.recordedSignIn(id, picked);
			SignInPreview result = this.preview.preview(inspection.identity(id));
			model.addAttribute("inspection", inspection);
			model.addAttribute("preview", result);
		}
		catch (UnreadableSamlResponseException | IllegalArgumentException ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("problem", ex.getMessage());
		}
		catch (DataAccessException ex) {
			response.setStatus(HttpStatus.CONFLICT.value());
			model.addAttribute("problem", "A sign-in of this person is being saved at this very moment, so the "
					+ "preview could not be worked out. Try again in a moment.");
		}
		return VIEW;
	}

	private void page(String id, Model model, String samlResponse, String login) {
		Connection connection = this.connections.find(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No connection '" + id + "'"));
		List<Event> recent = this.events
			.search(new EventCriteria(EventType.LOGIN_SUCCEEDED, null, null, id, null), 0, RECENT_SIGN_INS)
			.getContent();
		model.addAttribute("connection", connection);
		model.addAttribute("recentLogins", recent);
		model.addAttribute("samlResponse", samlResponse);
		model.addAttribute("login", login);
	}

}
