package io.tilegate.saml;

import io.tilegate.connections.Connections;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;

/** The sign-in page (one button per connection) and the refused-sign-in page. */
@Controller
class SignInController {

	private final Connections connections;

	SignInController(Connections connections) {
		this.connections = connections;
	}

	@GetMapping("/login")
	String signIn(Model model) {
		model.addAttribute("connections", this.connections.list());
		return "saml/sign-in";
	}

	@RequestMapping(path = LoginRefusals.PAGE, method = { RequestMethod.GET, RequestMethod.POST })
	String refused(HttpServletRequest request, HttpServletResponse response, Model model) {
		Object status = request.getAttribute(LoginRefusals.STATUS_ATTRIBUTE);
		response.setStatus((status instanceof Integer code) ? code : HttpServletResponse.SC_FORBIDDEN);
		Object message = request.getAttribute(LoginRefusals.MESSAGE_ATTRIBUTE);
		model.addAttribute("message", (message != null) ? message : "the sign-in could not be completed");
		model.addAttribute("reference", request.getAttribute(LoginRefusals.REFERENCE_ATTRIBUTE));
		model.addAttribute("signOut", Boolean.TRUE.equals(request.getAttribute(LoginRefusals.SIGN_OUT_ATTRIBUTE)));
		return "saml/refused";
	}

}
