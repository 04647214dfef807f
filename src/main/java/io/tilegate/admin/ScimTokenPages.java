package io.tilegate.admin;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import io.tilegate.admin.ConnectionPageModel.PageInput;
import io.tilegate.connections.Connection;
import io.tilegate.scim.IssuedScimToken;
import io.tilegate.scim.ScimToken;
import io.tilegate.scim.ScimTokens;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
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
 * A connection's SCIM tokens in the console: a new one is shown once, in the answer to the form
 * that made it; revoking asks first, on a page of its own.
 */
@Controller
@RequestMapping("/admin/connections")
class ScimTokenPages {

	private final ScimTokens tokens;

	private final ConnectionPageModel pages;

	private final Clock clock;

	ScimTokenPages(ScimTokens tokens, ConnectionPageModel pages, Clock clock) {
		this.tokens = tokens;
		this.pages = pages;
		this.clock = clock;
	}

	@PostMapping("/{id}/scim-tokens")
	String createScimToken(@PathVariable String id, @RequestParam(defaultValue = "") String label,
			@RequestParam(defaultValue = "" + ConnectionPageModel.DEFAULT_TOKEN_DAYS) String validityDays, Authentication authentication,
			Model model, HttpServletResponse response) {
		Connection connection = this.pages.require(id);
		PageInput input = this.pages.input(connection).withToken(label, validityDays);
		int days;
		try {
			days = Integer.parseInt(validityDays.strip());
		}
		catch (NumberFormatException ex) {
			return this.pages.problemPage(model, response, connection, input,
					"The validity is a number of days, e.g. 365; '" + validityDays + "' is not.");
		}
		if (days < 1) {
			return this.pages.problemPage(model, response, connection, input, "A token is valid for at least one day.");
		}
		IssuedScimToken issued;
		try {
			issued = this.tokens.issue(id, label, this.clock.instant().plus(Duration.ofDays(days)),
					authentication.getName());
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			return this.pages.problemPage(model, response, connection, input, ConnectionPageModel.sentence(ex.getMessage()) + " No token was created.");
		}
		// Shown in this answer only: no redirect that a reload or the back button could repeat.
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		model.addAttribute("connection", connection);
		model.addAttribute("token", issued.token());
		model.addAttribute("secret", issued.secret());
		model.addAttribute("scimBaseUrl", this.pages.scimBaseUrl());
		return "admin/connections/scim-token";
	}

	@GetMapping("/{id}/scim-tokens/{tokenId}/revoke")
	String confirmRevoke(@PathVariable String id, @PathVariable UUID tokenId, Model model) {
		model.addAttribute("connection", this.pages.require(id));
		model.addAttribute("token", this.pages.requireToken(id, tokenId));
		return "admin/connections/revoke-token";
	}

	@PostMapping("/{id}/scim-tokens/{tokenId}/revoke")
	String revoke(@PathVariable String id, @PathVariable UUID tokenId, Authentication authentication,
			RedirectAttributes redirect) {
		this.pages.require(id);
		ScimToken token = this.pages.requireToken(id, tokenId);
		boolean revoked = this.tokens.revoke(id, tokenId, authentication.getName());
		redirect.addFlashAttribute("notice", revoked ? "SCIM token '" + token.getLabel() + "' revoked: the IdP can no "
				+ "longer provision with it." : "SCIM token '" + token.getLabel() + "' was revoked already.");
		return ConnectionPageModel.redirectTo(id) + "#scim-tokens";
	}

}
