package io.tilegate.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.tilegate.access.AdminApiKey;
import io.tilegate.access.AdminApiKeys;
import io.tilegate.access.IssuedAdminApiKey;
import io.tilegate.config.TilegateProperties;
import io.tilegate.directory.SignedInUser;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Admin API keys: the keys scripts call {@code /api/v1} with. A new key is shown in the
 * answer to the form that created it and never again: it is not redirected to (a URL or a
 * flash attribute would keep it), not logged, and the page is not cached.
 */
@Controller
class ApiKeyPages {

	static final int DEFAULT_VALIDITY_DAYS = 365;

	static final int MAX_VALIDITY_DAYS = 731;

	private final AdminApiKeys keys;

	private final Clock clock;

	private final String base;

	ApiKeyPages(AdminApiKeys keys, Clock clock, TilegateProperties properties) {
		this.keys = keys;
		this.clock = clock;
		this.base = properties.base();
	}

	@GetMapping("/admin/api-keys")
	String list(Model model) {
		return listPage(model, "", Integer.toString(DEFAULT_VALIDITY_DAYS));
	}

	@PostMapping("/admin/api-keys")
	String create(@RequestParam(defaultValue = "") String label, @RequestParam(defaultValue = "") String validityDays,
			Authentication authentication, Model model, HttpServletResponse response) {
		Integer days = days(validityDays);
		if (days == null) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("problem", "The validity is a number of days from 1 to " + MAX_VALIDITY_DAYS + " (two years); '"
					+ validityDays + "' is not.");
			return listPage(model, label, validityDays);
		}
		IssuedAdminApiKey issued;
		try {
			issued = this.keys.issue(label, now().plus(Duration.ofDays(days)), authentication.getName(),
					(authentication.getPrincipal() instanceof SignedInUser user) ? user.userId() : null);
		}
		catch (IllegalArgumentException ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("problem", ex.getMessage());
			return listPage(model, label, validityDays);
		}
		response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
		response.setHeader(HttpHeaders.PRAGMA, "no-cache");
		model.addAttribute("key", ApiKeyPagesRow.of(issued.key(), now()));
		model.addAttribute("secret", issued.secret());
		model.addAttribute("base", this.base);
		return "admin/api-keys/created";
	}

	@GetMapping("/admin/api-keys/{id}/revoke")
	String confirmRevoke(@PathVariable String id, Model model) {
		model.addAttribute("key", ApiKeyPagesRow.of(key(id), now()));
		return "admin/api-keys/revoke";
	}

	@PostMapping("/admin/api-keys/{id}/revoke")
	String revoke(@PathVariable String id, Authentication authentication, RedirectAttributes redirect) {
		AdminApiKey key = key(id);
		if (key.isRevoked()) {
			redirect.addFlashAttribute("notice", "API key '" + key.getLabel() + "' was already revoked; nothing changed.");
			return "redirect:/admin/api-keys";
		}
		try {
			this.keys.revoke(key.getId(), authentication.getName());
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		redirect.addFlashAttribute("notice", "Revoked API key '" + key.getLabel() + "' (" + key.getHint()
				+ "). Scripts using it now get 401 Unauthorized.");
		return "redirect:/admin/api-keys";
	}

	private String listPage(Model model, String label, String validityDays) {
		Instant now = now();
		model.addAttribute("keys", this.keys.list().stream().map((key) -> ApiKeyPagesRow.of(key, now)).toList());
		model.addAttribute("label", label);
		model.addAttribute("validityDays", validityDays);
		model.addAttribute("maxValidityDays", MAX_VALIDITY_DAYS);
		model.addAttribute("base", this.base);
		return "admin/api-keys/list";
	}

	private AdminApiKey key(String id) {
		UUID uuid;
		try {
			uuid = UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		return this.keys.list()
			.stream()
			.filter((key) -> key.getId().equals(uuid))
			.findFirst()
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	private static Integer days(String value) {
		try {
			int days = Integer.parseInt(value.strip());
			return (days >= 1 && days <= MAX_VALIDITY_DAYS) ? days : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private Instant now() {
		return Instant.now(this.clock);
	}

}
