package io.tilegate.admin;

import io.tilegate.saml.SpCredentials;
import io.tilegate.saml.SpKey;
import io.tilegate.saml.SpKeyRolloverException;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The SP key rollover's two buttons on a connection's page. The pairs are the same for every
 * connection: the page of any of them changes them for all, and says so.
 */
@Controller
class SpKeyPages {

	private final SpCredentials credentials;

	private final ConnectionPageModel pages;

	SpKeyPages(SpCredentials credentials, ConnectionPageModel pages) {
		this.credentials = credentials;
		this.pages = pages;
	}

	@PostMapping("/admin/connections/{id}/sp-keys/next")
	String createNext(@PathVariable String id, Authentication authentication, RedirectAttributes redirect) {
		this.pages.require(id);
		try {
			SpKey next = this.credentials.createNext(authentication.getName());
			redirect.addFlashAttribute("notice", "Next SP key pair created (certificate " + next.sha256Fingerprint()
					+ "). Every connection's SP metadata now lists it beside the current one. Give it to each IdP, "
					+ "then promote it.");
		}
		catch (SpKeyRolloverException ex) {
			redirect.addFlashAttribute("problem", ex.getMessage());
		}
		return this.pages.redirectBack(id);
	}

	@PostMapping("/admin/connections/{id}/sp-keys/promote")
	String promoteNext(@PathVariable String id, Authentication authentication, RedirectAttributes redirect) {
		this.pages.require(id);
		try {
			SpKey promoted = this.credentials.promoteNext(authentication.getName());
			redirect.addFlashAttribute("notice", "SP key pair " + promoted.sha256Fingerprint() + " now signs for "
					+ "every connection. The replaced pair stays in the metadata and decrypts until its grace period "
					+ "ends.");
		}
		catch (SpKeyRolloverException ex) {
			redirect.addFlashAttribute("problem", ex.getMessage());
		}
		return this.pages.redirectBack(id);
	}

}
