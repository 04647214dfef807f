package io.tilegate.home;

import java.util.Optional;

import io.tilegate.access.AdminSessions;
import io.tilegate.directory.Directory;
import io.tilegate.directory.SignedInUser;
import io.tilegate.directory.UserProfile;
import io.tilegate.images.Avatar;
import io.tilegate.images.Avatars;
import io.tilegate.images.ProfileImage;
import io.tilegate.images.ProfileImages;
import io.tilegate.personas.Spaces;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.server.ResponseStatusException;

/**
 * The signed-in user's own page: who the directory thinks they are, their photo with the forms
 * to upload their own or remove it, and the spaces they are in with why (which personas, or
 * added by hand).
 */
@Controller
class HomeController {

	private final Directory directory;

	private final Spaces spaces;

	private final ProfileImages images;

	private final Avatars avatars;

	HomeController(Directory directory, Spaces spaces, ProfileImages images, Avatars avatars) {
		this.directory = directory;
		this.spaces = spaces;
		this.images = images;
		this.avatars = avatars;
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
		Optional<ProfileImage> image = this.images.current(profile.id());
		model.addAttribute("profile", profile);
		model.addAttribute("image", image.orElse(null));
		model.addAttribute("avatar", Avatar.of(profile.id(), profile.displayName(), image.isPresent()));
		if (profile.manager() != null) {
			model.addAttribute("managerAvatar",
					this.avatars.of(profile.manager().id(), profile.manager().displayName()));
		}
		model.addAttribute("spaces", this.spaces.spacesOf(user.userId()));
		model.addAttribute("admin", AdminSessions.isAdmin(authentication));
		return "home/home";
	}

}
