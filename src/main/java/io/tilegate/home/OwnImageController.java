package io.tilegate.home;

import java.io.IOException;

import io.tilegate.directory.Directory;
import io.tilegate.directory.SignedInUser;
import io.tilegate.directory.UserSummary;
import io.tilegate.images.ImageOrigin;
import io.tilegate.images.ProfileImages;
import io.tilegate.images.RefusedImageException;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The signed-in user's own photo, from their home page: upload one, which is shown instead of
 * the IdP's until they remove it, and remove it. Each answers with the home page and a
 * sentence ({@code notice} or {@code problem}).
 */
@Controller
class OwnImageController {

	static final String UPLOAD = "/me/image";

	static final String REMOVE = "/me/image/remove";

	private static final String HOME = "redirect:/";

	private final ProfileImages images;

	private final Directory directory;

	OwnImageController(ProfileImages images, Directory directory) {
		this.images = images;
		this.directory = directory;
	}

	@PostMapping(UPLOAD)
	String upload(@AuthenticationPrincipal SignedInUser signedIn,
			@RequestParam(name = "file", required = false) MultipartFile file, RedirectAttributes redirect)
			throws IOException {
		UserSummary user = requireUser(signedIn);
		if (file == null || file.isEmpty()) {
			redirect.addFlashAttribute("problem", "Choose a photo to upload: a JPEG, PNG or GIF of at most 5 MB.");
			return HOME;
		}
		try {
			if (file.getSize() > ProfileImages.MAX_BYTES) {
				// Tomcat read it whole for the form's token (MultipartForms); refused unread.
				throw this.images.refuseTooLarge(user.id(), file.getSize(), ImageOrigin.USER, user.userName());
			}
			this.images.upload(user.id(), file.getBytes(), ImageOrigin.USER, user.userName());
		}
		catch (RefusedImageException ex) {
			redirect.addFlashAttribute("problem", ex.getMessage() + " Your photo was not changed.");
			return HOME;
		}
		redirect.addFlashAttribute("notice", "Your photo was uploaded. It is shown instead of the one from your "
				+ "identity provider until you remove it.");
		return HOME;
	}

	@PostMapping(REMOVE)
	String remove(@AuthenticationPrincipal SignedInUser signedIn, RedirectAttributes redirect) {
		UserSummary user = requireUser(signedIn);
		boolean removed = this.images.removeUpload(user.id(), user.userName());
		redirect.addFlashAttribute("notice", removed
				? "Your uploaded photo was removed. The photo from your identity provider, if it sends one, is shown "
						+ "again; otherwise your initials are."
				: "You have no uploaded photo to remove; nothing changed.");
		return HOME;
	}

	// The break-glass admin is nobody in the directory, and a session can outlive its user.
	private UserSummary requireUser(SignedInUser signedIn) {
		if (signedIn == null) {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Only people in the directory have a photo");
		}
		return this.directory.user(signedIn.userId())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN, "This user no longer exists"));
	}

}
