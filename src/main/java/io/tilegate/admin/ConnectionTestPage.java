package io.tilegate.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.tilegate.connections.Connection;
import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.connections.Connections;
import io.tilegate.connections.InvalidConnectionException;
import io.tilegate.directory.CustomFields;
import io.tilegate.events.Event;
import io.tilegate.events.EventCriteria;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import io.tilegate.provisioning.MappingPreview;
import io.tilegate.provisioning.SignInPreview;
import io.tilegate.provisioning.SignInPreview.FieldRow;
import io.tilegate.saml.SamlResponseInspection;
import io.tilegate.saml.SamlResponseInspector;
import io.tilegate.saml.UnreadableSamlResponseException;

import org.springframework.dao.DataAccessException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A connection's "Test this connection" page, the last step of setting one up: the admin signs
 * in through the connection elsewhere and watches here what arrives since the page was opened,
 * each sign-in with what its attributes filled, the attributes nothing reads (each one click
 * from a custom field), the refusals with their reason, and then the IdP's SCIM calls. The
 * page reads the event log, so what it shows is what really happened, not a simulation.
 */
@Controller
@RequestMapping("/admin/connections/{id}/test")
class ConnectionTestPage {

	static final int MAX_ARRIVALS = 20;

	private static final List<EventType> ARRIVALS = List.of(EventType.LOGIN_SUCCEEDED, EventType.LOGIN_REFUSED,
			EventType.SCIM_REQUEST);

	private final ConnectionPageModel pages;

	private final Connections connections;

	private final EventLog events;

	private final SamlResponseInspector inspector;

	private final MappingPreview preview;

	private final CustomFields customFields;

	private final Clock clock;

	ConnectionTestPage(ConnectionPageModel pages, Connections connections, EventLog events,
			SamlResponseInspector inspector, MappingPreview preview, CustomFields customFields, Clock clock) {
		this.pages = pages;
		this.connections = connections;
		this.events = events;
		this.inspector = inspector;
		this.preview = preview;
		this.customFields = customFields;
		this.clock = clock;
	}

	/**
	 * Without {@code since} the test starts now: the redirect puts the start in the address, so
	 * a reload (the page's answer without script) shows the same test, not an empty new one.
	 */
	@GetMapping
	String show(@PathVariable String id, @RequestParam(required = false) Long since, Model model) {
		Connection connection = this.pages.require(id);
		if (since == null) {
			return ConnectionPageModel.redirectTo(id) + "/test?since=" + this.clock.millis();
		}
		model.addAttribute("connection", connection);
		model.addAttribute("since", since);
		model.addAttribute("scimBaseUrl", this.pages.scimBaseUrl());
		model.addAttribute("signInUrl", this.pages.signInUrl(id));
		model.addAttribute("activeTokens", this.pages.activeTokens(id));
		model.addAttribute("arrivals", arrivals(id, since));
		return "admin/connections/test-connection";
	}

	/** What the page's script asks for every few seconds: the arrivals alone. */
	@GetMapping("/arrivals")
	String arrivals(@PathVariable String id, @RequestParam long since, Model model) {
		model.addAttribute("connection", this.pages.require(id));
		model.addAttribute("since", since);
		model.addAttribute("arrivals", arrivals(id, since));
		return "admin/connections/test-connection :: arrivals";
	}

	/**
	 * An attribute the sign-in carried and nothing read becomes a custom field read from it:
	 * the field is defined (or kept, if it is already), and mapped on this connection to the
	 * attribute as the IdP names it.
	 */
	@PostMapping("/custom-field")
	String addCustomField(@PathVariable String id, @RequestParam String attribute, @RequestParam long since,
			Authentication authentication, RedirectAttributes redirect) {
		Connection connection = this.pages.require(id);
		String back = ConnectionPageModel.redirectTo(id) + "/test?since=" + since;
		String name = fieldName(attribute);
		if (name == null) {
			redirect.addFlashAttribute("problem", "'" + attribute + "' has no letters to name a field after. Define "
					+ "the field on the connection page and map it by hand. Nothing was saved.");
			return back;
		}
		String field = ConnectionPageModel.customKey(name);
		try {
			this.customFields.defineCustomField(name, label(name), authentication.getName());
			Map<String, String> overrides = new LinkedHashMap<>(this.connections.mapping(connection).overrides());
			overrides.put(field, attribute);
			this.connections.saveAsAdmin(id, new ConnectionSettings(null, null, overrides, null, null, null, null),
					null, ConnectionOrigin.API, authentication.getName());
		}
		catch (IllegalArgumentException | InvalidConnectionException ex) {
			redirect.addFlashAttribute("problem", ConnectionPageModel.sentence(ex.getMessage()) + " Nothing was saved.");
			return back;
		}
		redirect.addFlashAttribute("notice", "Custom field " + name + " (\"" + label(name) + "\") defined and read from "
				+ "the attribute " + attribute + " on this connection. It is filled at each user's next sign-in.");
		return back;
	}

	private List<Arrival> arrivals(String id, long since) {
		List<Event> found = this.events.latest(
				new EventCriteria(null, null, null, id, Instant.ofEpochMilli(since)), ARRIVALS, MAX_ARRIVALS);
		return found.stream().map((event) -> arrival(id, event)).toList();
	}

	private Arrival arrival(String id, Event event) {
		if (event.getType() != EventType.LOGIN_SUCCEEDED) {
			return new Arrival(event, List.of(), List.of(), null);
		}
		try {
			SamlResponseInspection inspection = this.inspector.recordedSignIn(id, event.getReference());
			SignInPreview mapped = this.preview.preview(inspection.identity(id));
			Map<String, List<String>> attributes = inspection.assertion().attributes();
			List<UnmappedAttribute> unmapped = new ArrayList<>();
			for (String name : mapped.unmappedAttributes()) {
				unmapped.add(new UnmappedAttribute(name, attributes.getOrDefault(name, List.of())));
			}
			List<FieldRow> filled = mapped.fields()
				.stream()
				.filter((row) -> row.asserted() != SignInPreview.Asserted.NOT_SENT)
				.toList();
			return new Arrival(event, filled, unmapped, null);
		}
		catch (UnreadableSamlResponseException | IllegalArgumentException ex) {
			return new Arrival(event, List.of(), List.of(), ex.getMessage());
		}
		catch (DataAccessException ex) {
			return new Arrival(event, List.of(), List.of(),
					"The mapping of this sign-in could not be worked out at this moment; it shows at the next update.");
		}
	}

	/**
	 * The field an attribute becomes: its last part, as IdPs namespace them
	 * ({@code custom.officeLocation}, {@code User.CostCenter}, Entra's claim URLs), in the
	 * letters, digits and underscores a field name allows, starting lower-case.
	 * @return {@code null} when nothing of it is usable
	 */
	static String fieldName(String attribute) {
		String last = attribute.strip();
		int cut = Math.max(Math.max(last.lastIndexOf('/'), last.lastIndexOf(':')), last.lastIndexOf('.'));
		if (cut >= 0 && cut < last.length() - 1) {
			last = last.substring(cut + 1);
		}
		String name = last.replaceAll("[^A-Za-z0-9_]", "").replaceFirst("^[^A-Za-z]+", "");
		if (name.isEmpty()) {
			return null;
		}
		name = Character.toLowerCase(name.charAt(0)) + name.substring(1);
		return (name.length() > 64) ? name.substring(0, 64) : name;
	}

	/** {@code officeLocation} reads "Office location". */
	static String label(String name) {
		String spaced = name.replace('_', ' ').replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT).strip();
		return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
	}

	/**
	 * One event since the test began.
	 * @param mapped the profile fields the sign-in's attributes filled (sign-ins only)
	 * @param unmapped the attributes it carried that no field reads (sign-ins only)
	 * @param problem why the mapping of a sign-in cannot be shown, or {@code null}
	 */
	record Arrival(Event event, List<FieldRow> mapped, List<UnmappedAttribute> unmapped, String problem) {

		public String kind() {
			return switch (this.event.getType()) {
				case LOGIN_SUCCEEDED -> "sign-in";
				case LOGIN_REFUSED -> "refused";
				default -> "scim";
			};
		}

	}

	record UnmappedAttribute(String name, List<String> values) {
	}

}
