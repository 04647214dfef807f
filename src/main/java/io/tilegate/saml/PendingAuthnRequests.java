package io.tilegate.saml;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.tilegate.config.TilegateProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.saml2.core.Saml2ParameterNames;
import org.springframework.security.saml2.provider.service.authentication.AbstractSaml2AuthenticationRequest;
import org.springframework.security.saml2.provider.service.authentication.Saml2PostAuthenticationRequest;
import org.springframework.security.saml2.provider.service.authentication.Saml2RedirectAuthenticationRequest;
import org.springframework.security.saml2.provider.service.registration.RelyingPartyRegistration;
import org.springframework.security.saml2.provider.service.registration.Saml2MessageBinding;
import org.springframework.security.saml2.provider.service.web.Saml2AuthenticationRequestRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Component;

/**
 * SP-initiated AuthnRequests waiting for their response, kept in the database under their
 * RelayState. Unlike Spring's session store this keeps any number per browser (two tabs both
 * complete), survives the IdP's cross-site POST arriving without the SameSite=Lax session
 * cookie, and is shared by every node.
 */
@Component
class PendingAuthnRequests implements Saml2AuthenticationRequestRepository<AbstractSaml2AuthenticationRequest> {

	/** Set on the ACS request: where the user asked to go before signing in. */
	static final String RETURN_TO_ATTRIBUTE = PendingAuthnRequests.class.getName() + ".returnTo";

	private final JdbcTemplate jdbc;

	private final ConnectionRegistrations registrations;

	private final TilegateProperties properties;

	private final Clock clock;

	private final HttpSessionRequestCache savedRequests = new HttpSessionRequestCache();

	PendingAuthnRequests(JdbcTemplate jdbc, ConnectionRegistrations registrations, TilegateProperties properties,
			Clock clock) {
		this.jdbc = jdbc;
		this.registrations = registrations;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public void saveAuthenticationRequest(AbstractSaml2AuthenticationRequest request, HttpServletRequest http,
			HttpServletResponse response) {
		if (request == null) {
			return;
		}
		String sigAlg = null;
		String signature = null;
		if (request instanceof Saml2RedirectAuthenticationRequest redirect) {
			sigAlg = redirect.getSigAlg();
			signature = redirect.getSignature();
		}
		Instant expires = Instant.now(this.clock).plus(this.properties.saml().authnRequestTtl());
		this.jdbc.update("""
				insert into saml_authn_request (relay_state, request_id, registration_id, binding, authn_request_uri,
				  saml_request, sig_alg, signature, return_to, expires_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", request.getRelayState(), request.getId(),
				request.getRelyingPartyRegistrationId(), request.getBinding().name(),
				request.getAuthenticationRequestUri(), request.getSamlRequest(), sigAlg, signature, returnTo(http, response),
				Timestamp.from(expires));
	}

	private String returnTo(HttpServletRequest http, HttpServletResponse response) {
		String asked = LocalRedirect.safePath(http.getParameter("returnTo"));
		if (asked != null) {
			return asked;
		}
		SavedRequest saved = this.savedRequests.getRequest(http, response);
		return (saved != null) ? LocalRedirect.pathOf(saved.getRedirectUrl()) : null;
	}

	@Override
	public AbstractSaml2AuthenticationRequest loadAuthenticationRequest(HttpServletRequest http) {
		Row row = find(http);
		return (row != null) ? toRequest(row) : null;
	}

	@Override
	public AbstractSaml2AuthenticationRequest removeAuthenticationRequest(HttpServletRequest http,
			HttpServletResponse response) {
		Row row = find(http);
		if (row == null) {
			return null;
		}
		// Only the node whose delete succeeds owns the request; a second use finds nothing.
		if (this.jdbc.update("delete from saml_authn_request where relay_state = ?", row.relayState()) == 0) {
			return null;
		}
		if (row.returnTo() != null) {
			http.setAttribute(RETURN_TO_ATTRIBUTE, row.returnTo());
		}
		return toRequest(row);
	}

	private Row find(HttpServletRequest http) {
		String relayState = http.getParameter(Saml2ParameterNames.RELAY_STATE);
		if (relayState == null || relayState.length() > 128) {
			return null;
		}
		List<Row> rows = this.jdbc.query("""
				select relay_state, request_id, registration_id, binding, authn_request_uri, saml_request, sig_alg,
				  signature, return_to
				from saml_authn_request where relay_state = ? and expires_at > ?""",
				(rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
						rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)),
				relayState, Timestamp.from(Instant.now(this.clock)));
		return rows.isEmpty() ? null : rows.get(0);
	}

	private AbstractSaml2AuthenticationRequest toRequest(Row row) {
		RelyingPartyRegistration registration = this.registrations.findByRegistrationId(row.registrationId());
		if (registration == null) {
			return null;
		}
		if (Saml2MessageBinding.REDIRECT.name().equals(row.binding())) {
			return Saml2RedirectAuthenticationRequest.withRelyingPartyRegistration(registration)
				.id(row.requestId())
				.relayState(row.relayState())
				.samlRequest(row.samlRequest())
				.authenticationRequestUri(row.uri())
				.sigAlg(row.sigAlg())
				.signature(row.signature())
				.build();
		}
		return Saml2PostAuthenticationRequest.withRelyingPartyRegistration(registration)
			.id(row.requestId())
			.relayState(row.relayState())
			.samlRequest(row.samlRequest())
			.authenticationRequestUri(row.uri())
			.build();
	}

	// On every node, without a job lock (config/ClusterJobs): deleting expired rows twice deletes
	// nothing the second time, the index on expires_at keeps it cheap, and a lock would cost a
	// write per run and stop the purge for as long as a dead holder's lock lasts.
	@Scheduled(fixedDelayString = "PT5M", initialDelayString = "PT1M")
	void purgeExpired() {
		this.jdbc.update("delete from saml_authn_request where expires_at <= ?", Timestamp.from(Instant.now(this.clock)));
	}

	private record Row(String relayState, String requestId, String registrationId, String binding, String uri, String samlRequest,
			String sigAlg, String signature, String returnTo) {
	}

}
