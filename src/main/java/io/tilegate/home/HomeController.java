package io.tilegate.home;

import io.tilegate.access.AdminSessions;
import io.tilegate.directory.Directory;
import io.tilegate.directory.SignedInUser;
import io.tilegate.directory.UserProfile;
import io.tilegate.personas.Spaces;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.server.ResponseStatusException;

/**
 * The signed-in user's own page: who the directory thinks they are, and the spaces they are in
 * with why (which personas, or added by hand).
 */
@Controller
class HomeController {

	private final Directory directory;

	private final Spaces spaces;

	HomeController(Directory directory, Spaces spaces) {
		this.directory = directory;
		this.spaces = spaces;
	}

	@GetMapping("/")
	String home(@AuthenticationPrincipal SignedInUser user, Authentication authentication, Model model) {
		if (user == null) {
			// The break-glass admin is nobody in the directory: their home is the console.
			return AdminSessions.isAdmin(authentication) ? "redirect:/admin" : "redirect:/login";
		}
		// A session can outlive its user (deleted by an admin or by SCIM); sending them to the
		// login page would only bring them back here.
		UserProfile profile = this.directory.profile(user.userId())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN, "This user no longer exists"));
		model.addAttribute("profile", profile);
		model.addAttribute("spaces", this.spaces.spacesOf(user.userId()));
		model.addAttribute("admin", AdminSessions.isAdmin(authentication));
		return "home/home";
	}

}
