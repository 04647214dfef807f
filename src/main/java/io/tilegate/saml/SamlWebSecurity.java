package io.tilegate.saml;

import java.io.IOException;
import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.tilegate.access.AdminSessions;
import io.tilegate.config.TilegateProperties;
import io.tilegate.connections.Connections;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import io.tilegate.sessions.SignedInSessions;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.metadata.SPSSODescriptor;
import org.opensaml.saml.saml2.metadata.SingleLogoutService;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.saml2.provider.service.authentication.Saml2AuthenticatedPrincipal;
import org.springframework.security.saml2.provider.service.metadata.OpenSaml4MetadataResolver;
import org.springframework.security.saml2.provider.service.metadata.RequestMatcherMetadataResponseResolver;
import org.springframework.security.saml2.provider.service.metadata.Saml2MetadataResponseResolver;
import org.springframework.security.saml2.provider.service.registration.RelyingPartyRegistration;
import org.springframework.security.saml2.provider.service.web.authentication.Saml2WebSsoAuthenticationFilter;
import org.springframework.security.saml2.provider.service.web.authentication.logout.OpenSaml4LogoutRequestResolver;
import org.springframework.security.saml2.provider.service.web.authentication.logout.Saml2RelyingPartyInitiatedLogoutSuccessHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.stereotype.Component;

/**
 * The SAML part of the security chain: sign-in, single logout both ways, SP metadata, and the
 * message limits and checks in front of them.
 */
@Component
public class SamlWebSecurity {

	private final ConnectionRegistrations registrations;

	private final SamlLoginSuccess success;

	private final LoginRefusals refusals;

	private final TilegateProperties properties;

	private final EventLog events;

	private final SignInMeters meters;

	private final SignedInSessions sessions;

	private final AssertionReplayCache replayCache;

	private final SpCredentials credentials;

	private final SpMetadataFetches metadataFetches;

	private final Clock clock;

	SamlWebSecurity(ConnectionRegistrations registrations, SamlLoginSuccess success, LoginRefusals refusals,
			TilegateProperties properties, EventLog events, Connections connections, MeterRegistry registry,
			SignedInSessions sessions, AssertionReplayCache replayCache, SpCredentials credentials, SpMetadataFetches metadataFetches, Clock clock) {
		this.registrations = registrations;
		this.success = success;
		this.refusals = refusals;
		this.properties = properties;
		this.events = events;
		this.meters = new SignInMeters(registry, connections);
		this.sessions = sessions;
		this.replayCache = replayCache;
		this.credentials = credentials;
		this.metadataFetches = metadataFetches;
		this.clock = clock;
	}

	public void configure(HttpSecurity http) throws Exception {
		// Spring's single logout filters come before CSRF, well ahead of its sign-in filter: the
		// limits must stand in front of both, and the message checks behind the limits. A SOAP
		// single logout is answered before all of them: it carries its own limits, and its caller
		// is a server that needs a SOAP answer, not the refusal page.
		http.addFilterAfter(soapSingleLogout(), HeaderWriterFilter.class)
			.addFilterAfter(new SamlMessageLimits(this.properties, this.refusals), SoapSingleLogout.class)
			.addFilterBefore(this.meters, SamlMessageLimits.class)
			.addFilterAfter(new InboundSamlMessages(this.registrations, this.refusals, this.properties),
					SamlMessageLimits.class)
			.addFilterAfter(new RefusedLogoutMessages(this.refusals, this.properties), InboundSamlMessages.class)
			.addFilterBefore(new ConsoleKeptThroughTestSignIn(), Saml2WebSsoAuthenticationFilter.class)
			.saml2Login((login) -> login.loginPage("/login").successHandler(this.success).failureHandler(this.refusals))
			// Spring's relying-party-initiated logout answers 401 when the IdP has no SLO endpoint
			// (Okta's default); sign-out goes through signOut() instead, which falls back to a local one.
			.saml2Logout((logout) -> logout.logoutUrl("/logout/saml2/relying-party"))
			.saml2Metadata((metadata) -> metadata.metadataResponseResolver(metadata()))
			// A refusal from those early filters is forwarded to the page before CSRF has run, and the
			// forward runs the chain again, where a POST would fail it. The page only reads what the
			// refusal put on the request, so there is nothing to forge.
			.csrf((csrf) -> csrf.ignoringRequestMatchers(LoginRefusals.PAGE));
		// Behind the authorization, so that a session that ended or a user who lost access is
		// signed out first, and only admins are ever sent for a fresh sign-in.
		http.addFilterAfter(new FreshAdminSignIn(this.properties.admin().idpAuthenticationMaxAge(), this.clock,
				this.refusals), AuthorizationFilter.class);
	}

	private SoapSingleLogout soapSingleLogout() {
		TilegateProperties.Saml saml = this.properties.saml();
		IssueInstantWindow window = new IssueInstantWindow(this.clock, saml.maxAssertionAge(), saml.clockSkew());
		LogoutRequestVerification verification = new LogoutRequestVerification(window, this.clock,
				this.properties.base() + SoapSingleLogout.PATH, this.credentials::decryption);
		return new SoapSingleLogout(this.registrations, this.sessions, this.replayCache, this.refusals, this.events,
				verification, this.credentials::signing, this.clock, saml.maxResponseSize().toBytes(),
				saml.maxXmlDepth());
	}

	/**
	 * Spring's SP metadata, which knows only the browser bindings, plus the SOAP single logout
	 * service; each fetch is recorded, for the key rollover.
	 */
	private Saml2MetadataResponseResolver metadata() {
		OpenSaml4MetadataResolver metadata = new OpenSaml4MetadataResolver();
		String location = this.properties.base() + SoapSingleLogout.PATH;
		metadata.setEntityDescriptorCustomizer((parameters) -> {
			SPSSODescriptor sp = parameters.getEntityDescriptor().getSPSSODescriptor(SAMLConstants.SAML20P_NS);
			SingleLogoutService soap = (SingleLogoutService) XMLObjectProviderRegistrySupport.getBuilderFactory()
				.getBuilderOrThrow(SingleLogoutService.DEFAULT_ELEMENT_NAME)
				.buildObject(SingleLogoutService.DEFAULT_ELEMENT_NAME);
			soap.setBinding(SAMLConstants.SAML2_SOAP11_BINDING_URI);
			soap.setLocation(location);
			// SAML metadata §2.4.2: the SingleLogoutService elements come before the NameIDFormats.
			sp.getSingleLogoutServices().add(soap);
		});
		RequestMatcherMetadataResponseResolver resolver = new RequestMatcherMetadataResponseResolver(this.registrations,
				metadata);
		resolver.setRequestMatcher(
				PathPatternRequestMatcher.withDefaults().matcher("/saml2/service-provider-metadata/{registrationId}"));
		return this.metadataFetches.recording(resolver);
	}

	/** Signs the user out here, and at the IdP too when the IdP has a single logout endpoint. */
	public LogoutSuccessHandler signOut() {
		Saml2RelyingPartyInitiatedLogoutSuccessHandler singleLogout = new Saml2RelyingPartyInitiatedLogoutSuccessHandler(
				new OpenSaml4LogoutRequestResolver(this.registrations));
		return new LogoutSuccessHandler() {
			@Override
			public void onLogoutSuccess(HttpServletRequest request, HttpServletResponse response,
					Authentication authentication) throws IOException, ServletException {
				if (authentication != null && authentication.getPrincipal() instanceof Saml2AuthenticatedPrincipal saml
						&& hasSingleLogout(saml.getRelyingPartyRegistrationId())) {
					singleLogout.onLogoutSuccess(request, response, authentication);
					return;
				}
				boolean consoleOnly = authentication != null && !(authentication.getPrincipal() instanceof SamlPrincipal)
						&& AdminSessions.isAdmin(authentication);
				response.sendRedirect(request.getContextPath()
						+ (consoleOnly ? AdminSessions.SIGN_IN_PAGE + "?logout" : "/login?logout"));
			}
		};
	}

	/** Records every sign-out, whichever side started it. */
	public LogoutHandler signOutEvent() {
		return (request, response, authentication) -> {
			if (authentication != null && authentication.getPrincipal() instanceof SamlPrincipal principal) {
				this.events.event(EventType.LOGOUT, "Signed out (session of " + principal.getRelyingPartyRegistrationId() + ")")
					.connection(principal.getRelyingPartyRegistrationId())
					.user(principal.userId(), principal.userName())
					.actor(principal.userName())
					.recordAlone();
			}
		};
	}

	private boolean hasSingleLogout(String connectionId) {
		RelyingPartyRegistration registration = this.registrations.findByRegistrationId(connectionId);
		return registration != null && registration.getAssertingPartyMetadata().getSingleLogoutServiceLocation() != null;
	}

}
