package io.tilegate.admin;

import java.io.IOException;

import io.tilegate.directory.Directory;
import io.tilegate.directory.UserSummary;
import io.tilegate.images.ImageOrigin;
import io.tilegate.images.ProfileImages;
import io.tilegate.images.RefusedImageException;
import io.tilegate.images.ServedImage;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * An admin's upload of a user's photo on the user's page, kept and shown instead of the IdP's
 * until removed, and its removal. Each answers with the user's page and a {@code notice} or a
 * {@code problem}.
 */
@Controller
class UserImagePages {

	private final ProfileImages images;

	private final Directory directory;

	UserImagePages(ProfileImages images, Directory directory) {
		this.images = images;
		this.directory = directory;
	}

	@PostMapping("/admin/users/{id}/image")
	String upload(@PathVariable String id, @RequestParam(name = "file", required = false) MultipartFile file,
			Authentication authentication, RedirectAttributes redirect) throws IOException {
		UserSummary user = requireUser(id);
		if (file == null || file.isEmpty()) {
			redirect.addFlashAttribute("problem", "Choose a photo to upload: a JPEG, PNG or GIF of at most 5 MB.");
			return userPage(user);
		}
		try {
			if (file.getSize() > ProfileImages.MAX_BYTES) {
				// Tomcat read it whole for the form's token (MultipartForms); refused unread.
				throw this.images.refuseTooLarge(user.id(), file.getSize(), ImageOrigin.ADMIN, authentication.getName());
			}
			this.images.upload(user.id(), file.getBytes(), ImageOrigin.ADMIN, authentication.getName());
		}
		catch (RefusedImageException ex) {
			redirect.addFlashAttribute("problem", ex.getMessage() + " The photo was not changed.");
			return userPage(user);
		}
		catch (IllegalArgumentException ex) {
			throw notFound();
		}
		redirect.addFlashAttribute("notice", "Photo uploaded for " + user.userName() + ". It is shown instead of the "
				+ "one from the IdP until it is removed.");
		return userPage(user);
	}

	@PostMapping("/admin/users/{id}/image/remove")
	String remove(@PathVariable String id, Authentication authentication, RedirectAttributes redirect) {
		UserSummary user = requireUser(id);
		boolean removed;
		try {
			removed = this.images.removeUpload(user.id(), authentication.getName());
		}
		catch (IllegalArgumentException ex) {
			throw notFound();
		}
		redirect.addFlashAttribute("notice", removed
				? "Uploaded photo of " + user.userName() + " removed. The photo from the IdP, if it sends one, is "
						+ "shown again; otherwise their initials are."
				: user.userName() + " has no uploaded photo to remove; nothing changed.");
		return userPage(user);
	}

	private UserSummary requireUser(String id) {
		return ServedImage.userId(id).flatMap(this.directory::user).orElseThrow(UserImagePages::notFound);
	}

	private static ResponseStatusException notFound() {
		return new ResponseStatusException(HttpStatus.NOT_FOUND);
	}

	private static String userPage(UserSummary user) {
		return "redirect:/admin/users/" + user.id();
	}

}
