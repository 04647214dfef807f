package io.tilegate.directory;

import io.tilegate.admin.AdminSessions;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.server.ResponseStatusException;

/** The signed-in user's own page: who the directory thinks they are. */
@Controller
class HomeController {

	private final Directory directory;

	HomeController(Directory directory) {
		this.directory = directory;
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
		model.addAttribute("admin", AdminSessions.isAdmin(authentication));
		return "directory/home";
	}

}
