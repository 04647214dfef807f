package io.tilegate.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

import io.tilegate.access.AdminSessions;
import io.tilegate.alerts.Alerts;
import io.tilegate.connections.Connections;
import io.tilegate.directory.DirectoryReports;
import io.tilegate.events.Event;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import io.tilegate.expiry.ExpiryWarnings;
import io.tilegate.images.Avatars;
import io.tilegate.webhooks.WebhookDeliveries;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's front door: its sign-in page, and where {@code /admin} leads. */
@Controller
class AdminConsoleController {

	private final Connections connections;

	private final EventLog events;

	private final Clock clock;

	private final DirectoryReports reports;

	private final Avatars avatars;

	private final ExpiryWarnings expiryWarnings;

	private final Alerts alerts;

	private final WebhookDeliveries webhooks;

	AdminConsoleController(Connections connections, EventLog events, Clock clock, DirectoryReports reports,
			Avatars avatars, ExpiryWarnings expiryWarnings, Alerts alerts, WebhookDeliveries webhooks) {
		this.alerts = alerts;
		this.expiryWarnings = expiryWarnings;
		this.webhooks = webhooks;
		this.connections = connections;
		this.events = events;
		this.clock = clock;
		this.reports = reports;
		this.avatars = avatars;
	}

	@GetMapping(AdminWebSecurity.SIGN_IN)
	String signIn(Authentication authentication, Model model) {
		if (AdminSessions.isAdmin(authentication)) {
			return "redirect:/admin";
		}
		model.addAttribute("connections", this.connections.list());
		return "admin/sign-in";
	}

	/**
	 * The first page after sign-in: the alerts raised, what is connected, what expires soon, and the
	 * sign-ins refused lately, which is what an admin opening the console is usually looking for.
	 */
	@GetMapping("/admin")
	String overview(Model model) {
		Instant since = this.clock.instant().minus(Duration.ofDays(1));
		List<Event> refusals = this.events.search(EventType.LOGIN_REFUSED, null, since, 10);
		List<Event> signIns = this.events.search(EventType.LOGIN_SUCCEEDED, null, since, 10);
		model.addAttribute("connections", this.connections.list());
		model.addAttribute("refusals", refusals);
		model.addAttribute("signIns", signIns);
		model.addAttribute("expiryWarnings", this.expiryWarnings.all());
		model.addAttribute("alerts", this.alerts.raised());
		model.addAttribute("failingWebhooks", this.webhooks.failingEndpoints());
		Map<UUID, String> names = this.reports.displayNames(UserPages.TENANT, Stream.concat(refusals.stream(), signIns.stream())
			.map(Event::getUserId)
			.filter(Objects::nonNull)
			.toList());
		model.addAttribute("avatars", this.avatars.of(names.entrySet(), Map.Entry::getKey, Map.Entry::getValue));
		return "admin/overview";
	}

}
