package io.tilegate.demo;

import java.util.List;

import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The demo identity provider's pages and SAML endpoints: an app dashboard for IdP-initiated
 * sign-in and logout, and the SSO and SLO endpoints Tilegate's connection {@code demo} uses.
 */
@Controller
@Profile("demo")
@RequestMapping("/demo-idp")
class DemoIdentityProviderController {

	private static final Logger logger = LoggerFactory.getLogger(DemoIdentityProviderController.class);

	// SAML metadata §4.1.1: the registered media type for metadata documents.
	private static final MediaType SAML_METADATA = MediaType.parseMediaType("application/samlmetadata+xml");

	private final DemoIdentityProvider idp;

	private final DemoUsers users;

	DemoIdentityProviderController(DemoIdentityProvider idp, DemoUsers users) {
		this.idp = idp;
		this.users = users;
	}

	@GetMapping
	String dashboard(Model model) {
		model.addAttribute("users", this.users.all());
		model.addAttribute("spInitiatedStartUrl", this.idp.spInitiatedStartUrl());
		model.addAttribute("entityId", this.idp.entityId());
		return "demo/dashboard";
	}

	@GetMapping("/metadata")
	ResponseEntity<String> metadata() {
		return ResponseEntity.ok().contentType(SAML_METADATA).body(this.idp.metadataXml());
	}

	/**
	 * Submits the HTTP-POST binding form. A file, not an inline script, so that a
	 * Content-Security-Policy of {@code script-src 'self'} still lets the form go.
	 */
	@GetMapping(path = "/auto-post.js", produces = "text/javascript")
	@ResponseBody
	String autoPostScript() {
		return "document.getElementById('saml-post').submit();\n";
	}

	/** IdP-initiated sign-in: an unsolicited response, no InResponseTo (SAML profiles §4.1.5). */
	@PostMapping("/launch")
	String launch(@RequestParam String userName, @RequestParam(required = false) String relayState, Model model) {
		DemoUser user = user(userName);
		return postToTilegate(user, this.idp.signIn(user, null), blankToNull(relayState), model);
	}

	/** SP-initiated sign-in, HTTP-Redirect binding. */
	@GetMapping("/sso")
	String ssoRedirect(@RequestParam("SAMLRequest") String samlRequest,
			@RequestParam(name = "RelayState", required = false) String relayState, Model model) {
		// The query-string signature (SAML bindings §3.4.4.1) is not verified: the demo IdP
		// answers only with a response bound to Tilegate's own ACS URL, so a forged request
		// gains nothing it could not get by clicking the tile.
		return signInPage(ReceivedSamlMessage.fromRedirect(samlRequest), relayState, model);
	}

	/** SP-initiated sign-in, HTTP-POST binding (a cross-site POST, so without a CSRF token). */
	@PostMapping("/sso")
	String ssoPost(@RequestParam("SAMLRequest") String samlRequest,
			@RequestParam(name = "RelayState", required = false) String relayState, Model model) {
		return signInPage(ReceivedSamlMessage.fromPost(samlRequest), relayState, model);
	}

	@PostMapping("/sso/sign-in")
	String signIn(@RequestParam String userName, @RequestParam String requestId,
			@RequestParam(required = false) String relayState, Model model) {
		DemoUser user = user(userName);
		return postToTilegate(user, this.idp.signIn(user, requestId), blankToNull(relayState), model);
	}

	/** Single logout, HTTP-Redirect binding: the SP's LogoutRequest, or its answer to ours. */
	@GetMapping("/slo")
	String sloRedirect(@RequestParam(name = "SAMLRequest", required = false) String samlRequest,
			@RequestParam(name = "SAMLResponse", required = false) String samlResponse,
			@RequestParam(name = "RelayState", required = false) String relayState, Model model) {
		// Signatures are not verified, as for /sso: a forged LogoutRequest could only sign
		// someone out of the demo, and the answer goes to Tilegate's own SLO URL.
		if (samlRequest != null) {
			return logoutRequested(ReceivedSamlMessage.fromRedirect(samlRequest), relayState);
		}
		return loggedOut(samlResponse != null ? ReceivedSamlMessage.fromRedirect(samlResponse) : null, model);
	}

	@PostMapping("/slo")
	String sloPost(@RequestParam(name = "SAMLRequest", required = false) String samlRequest,
			@RequestParam(name = "SAMLResponse", required = false) String samlResponse,
			@RequestParam(name = "RelayState", required = false) String relayState, Model model) {
		if (samlRequest != null) {
			return logoutRequested(ReceivedSamlMessage.fromPost(samlRequest), relayState);
		}
		return loggedOut(samlResponse != null ? ReceivedSamlMessage.fromPost(samlResponse) : null, model);
	}

	/** IdP-initiated single logout (SAML profiles §4.4): a signed LogoutRequest to Tilegate. */
	@PostMapping("/logout")
	String signOutEverywhere(@RequestParam String userName) {
		return "redirect:" + this.idp.signOutRedirect(user(userName));
	}

	@ExceptionHandler(IllegalArgumentException.class)
	@ResponseStatus(HttpStatus.BAD_REQUEST)
	String refused(IllegalArgumentException ex, Model model) {
		logger.warn("Demo identity provider refused a request: {}", ex.getMessage());
		model.addAttribute("message", ex.getMessage());
		return "demo/error";
	}

	private String signInPage(ReceivedSamlMessage request, String relayState, Model model) {
		if (!request.isAuthnRequest()) {
			throw new IllegalArgumentException("Expected an AuthnRequest at the SSO endpoint, got a " + request.type() + ".");
		}
		if (request.issuer() != null && !request.issuer().equals(this.idp.spEntityId())) {
			throw new IllegalArgumentException("This demo identity provider only serves Tilegate's connection '"
					+ DemoIdentityProvider.CONNECTION_ID + "' (" + this.idp.spEntityId() + "); the request came from "
					+ request.issuer() + ".");
		}
		// SAML profiles §4.1.4.1: an IdP must only deliver assertions to an ACS URL it knows
		// belongs to the SP, or anyone could ask for a signed assertion sent to their own site.
		if (request.assertionConsumerServiceUrl() != null
				&& !request.assertionConsumerServiceUrl().equals(this.idp.acsUrl())) {
			throw new IllegalArgumentException("The request asks for the response at "
					+ request.assertionConsumerServiceUrl() + ", but the demo IdP only posts to " + this.idp.acsUrl()
					+ ". Check tilegate.base-url.");
		}
		if (request.protocolBinding() != null && !request.protocolBinding().equals(SAMLConstants.SAML2_POST_BINDING_URI)) {
			throw new IllegalArgumentException("The demo identity provider answers on the HTTP-POST binding only; the "
					+ "request asked for " + request.protocolBinding() + ".");
		}
		model.addAttribute("users", this.users.all());
		model.addAttribute("requestId", request.id());
		model.addAttribute("relayState", relayState);
		model.addAttribute("spEntityId", this.idp.spEntityId());
		return "demo/sign-in";
	}

	private String postToTilegate(DemoUser user, IssuedResponse response, String relayState, Model model) {
		model.addAttribute("action", this.idp.acsUrl());
		model.addAttribute("parameters", parameters("SAMLResponse", response.base64(), relayState));
		model.addAttribute("user", user);
		return "demo/post";
	}

	private String logoutRequested(ReceivedSamlMessage request, String relayState) {
		if (!request.isLogoutRequest()) {
			throw new IllegalArgumentException(
					"Expected a LogoutRequest or LogoutResponse at the SLO endpoint, got a " + request.type() + ".");
		}
		this.idp.endSession(request.nameId());
		return "redirect:" + this.idp.logoutResponseRedirect(request.id(), relayState);
	}

	private String loggedOut(ReceivedSamlMessage response, Model model) {
		if (response == null || !response.isLogoutResponse()) {
			throw new IllegalArgumentException("The SLO endpoint needs a SAMLRequest or a SAMLResponse.");
		}
		model.addAttribute("success", StatusCode.SUCCESS.equals(response.statusCode()));
		model.addAttribute("statusCode", response.statusCode());
		return "demo/signed-out";
	}

	private DemoUser user(String userName) {
		return this.users.find(userName)
			.orElseThrow(() -> new IllegalArgumentException("There is no demo user " + userName + "."));
	}

	private static List<FormParameter> parameters(String name, String value, String relayState) {
		return relayState == null ? List.of(new FormParameter(name, value))
				: List.of(new FormParameter(name, value), new FormParameter("RelayState", relayState));
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value;
	}

	/** One hidden field of the auto-submitting HTTP-POST binding form (SAML bindings §3.5.4). */
	record FormParameter(String name, String value) {
	}

}
