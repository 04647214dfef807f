package io.tilegate.admin;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every admin page's layout shows: who is signed in. */
@ControllerAdvice(basePackageClasses = AdminPageModel.class)
class AdminPageModel {

	@ModelAttribute("signedInAdmin")
	String signedInAdmin(Authentication authentication) {
		return (authentication != null) ? authentication.getName() : null;
	}

}
