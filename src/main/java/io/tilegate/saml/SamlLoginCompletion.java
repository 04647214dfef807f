package io.tilegate.saml;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.tilegate.access.AdminAccounts;
import io.tilegate.connections.ConnectionPolicy;
import io.tilegate.connections.Connections;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import io.tilegate.provisioning.AssertedIdentity;
import io.tilegate.provisioning.JitProvisioner;
import io.tilegate.provisioning.LinkRefusedException;
import io.tilegate.provisioning.ProvisionedLogin;
import io.tilegate.provisioning.UserDeactivatedException;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.schema.XSAny;
import org.opensaml.core.xml.schema.XSBoolean;
import org.opensaml.core.xml.schema.XSDateTime;
import org.opensaml.core.xml.schema.XSInteger;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.core.xml.schema.XSURI;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.AttributeStatement;
import org.opensaml.saml.saml2.core.AuthnStatement;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.saml2.core.Saml2Error;
import org.springframework.security.saml2.core.Saml2ErrorCodes;
import org.springframework.security.saml2.provider.service.authentication.OpenSaml4AuthenticationProvider.ResponseToken;
import org.springframework.security.saml2.provider.service.authentication.Saml2Authentication;
import org.springframework.security.saml2.provider.service.authentication.Saml2AuthenticationException;

/**
 * Turns a response that passed every check into a signed-in user: claims the assertion in the
 * replay cache (only now, so a refused response never burns an ID), then provisions the user
 * just in time.
 */
final class SamlLoginCompletion implements Converter<ResponseToken, Saml2Authentication> {

	private final AssertionReplayCache replayCache;

	private final JitProvisioner provisioner;

	private final EventLog events;

	private final Connections connections;

	private final ConnectionRegistrations registrations;

	private final Duration userSessionTimeout;

	private final Clock clock;

	/** @param userSessionTimeout the longest session of a connection that sets no maximum age */
	SamlLoginCompletion(AssertionReplayCache replayCache, JitProvisioner provisioner, EventLog events,
			Connections connections, ConnectionRegistrations registrations, Duration userSessionTimeout, Clock clock) {
		this.replayCache = replayCache;
		this.provisioner = provisioner;
		this.events = events;
		this.connections = connections;
		this.registrations = registrations;
		this.userSessionTimeout = userSessionTimeout;
		this.clock = clock;
	}

	@Override
	public Saml2Authentication convert(ResponseToken token) {
		String connectionId = token.getToken().getRelyingPartyRegistration().getRegistrationId();
		Assertion assertion = token.getResponse().getAssertions().get(0);
		if (!this.replayCache.claim(connectionId, assertion)) {
			throw refusal(RefusalReason.REPLAYED, "Assertion " + assertion.getID()
					+ " was already used to sign in. A response can be used once; this one was replayed.");
		}
		String nameId = assertion.getSubject().getNameID().getValue();
		// Read once from the assertion: the mapping, the session and the event's copy all use them.
		Map<String, List<String>> attributes = attributes(assertion);
		List<String> sessionIndexes = sessionIndexes(assertion);
		// The policy of the version this request's registration was built from, which the request
		// read already: the version is not read a second time.
		ConnectionPolicy policy = this.registrations.resolve(connectionId)
			.flatMap((resolved) -> this.connections.policy(connectionId, resolved.version()))
			.orElseThrow(() -> refusal(Saml2ErrorCodes.RELYING_PARTY_REGISTRATION_NOT_FOUND,
					"The connection '" + connectionId + "' was deleted while this sign-in was being checked."));
		ProvisionedLogin login;
		try {
			login = this.provisioner.provision(new AssertedIdentity(connectionId, nameId,
					Collections.unmodifiableMap(attributes)), policy);
		}
		catch (UserDeactivatedException ex) {
			throw new RefusedUserException(new Saml2Error(RefusalReason.USER_DEACTIVATED, "The account " + nameId
					+ " is deactivated in Tilegate. An administrator must reactivate it; signing in does not."),
					ex.getUserId(), ex.getUserName());
		}
		catch (LinkRefusedException ex) {
			String code = (ex.getKind() == LinkRefusedException.Kind.EMAIL_DOMAIN_NOT_VERIFIED)
					? RefusalReason.EMAIL_DOMAIN_NOT_VERIFIED : RefusalReason.SECOND_NAME_ID;
			throw new RefusedUserException(new Saml2Error(code, ex.getMessage()), ex.getUserId(), ex.getUserName());
		}
		Instant now = Instant.now(this.clock);
		Duration maxAge = policy.maxSessionAge();
		Instant endsAt = now.plus((maxAge != null) ? maxAge : this.userSessionTimeout);
		String bound = (maxAge != null) ? "the connection's maximum session age of " + maxAge.toMinutes() + " minutes"
				: "the user session timeout of " + this.userSessionTimeout.toMinutes() + " minutes";
		Instant idpBound = sessionNotOnOrAfter(assertion);
		if (idpBound != null && idpBound.isBefore(endsAt)) {
			endsAt = idpBound;
			bound = "the end the IdP set for it (SessionNotOnOrAfter)";
		}
		SamlPrincipal principal = new SamlPrincipal(login.userId(), login.userName(), nameId, connectionId,
				sessionIndexes, now, authnInstant(assertion), endsAt, bound);
		StringBuilder summary = new StringBuilder("Signed in through ").append(connectionId)
			.append(login.created() ? " (new user created)" : "")
			.append(login.linked() ? " (linked to an existing user)" : "")
			.append(login.admin() ? " as an admin (member of an admin group of the connection)" : "");
		login.warnings().forEach((warning) -> summary.append("; warning: ").append(warning));
		Map<String, Object> detail = new LinkedHashMap<>();
		if (!login.warnings().isEmpty()) {
			detail.put("warnings", login.warnings());
		}
		detail.put("assertion", decoded(assertion, attributes, sessionIndexes));
		this.events.event(EventType.LOGIN_SUCCEEDED, summary.toString())
			.connection(connectionId)
			.user(login.userId(), login.userName())
			.actor("saml:" + connectionId)
			.detailJson(detail)
			.recordAlone();
		List<GrantedAuthority> authorities = login.admin()
				? AuthorityUtils.createAuthorityList("ROLE_USER", AdminAccounts.AUTHORITY)
				: AuthorityUtils.createAuthorityList("ROLE_USER");
		// The session holds the assertion's ID, not the signed response: every node reads the session
		// from the database on every request, nothing after sign-in reads the response, and the
		// event above keeps the decoded assertion for whoever needs it.
		return new Saml2Authentication(principal, assertion.getID(), authorities);
	}

	/**
	 * The assertion as an admin reads it when a sign-in did something unexpected, and as the
	 * mapping test replays it: who, from whom, for how long, and every attribute. Signatures
	 * and certificates are left out; an encrypted assertion is shown decrypted.
	 */
	static Map<String, Object> decoded(Assertion assertion) {
		return decoded(assertion, attributes(assertion), sessionIndexes(assertion));
	}

	private static Map<String, Object> decoded(Assertion assertion, Map<String, List<String>> attributes,
			List<String> sessionIndexes) {
		Map<String, Object> decoded = new LinkedHashMap<>();
		decoded.put("id", assertion.getID());
		decoded.put("issuer", (assertion.getIssuer() != null) ? assertion.getIssuer().getValue() : null);
		decoded.put("issueInstant", instant(assertion.getIssueInstant()));
		if (assertion.getSubject() != null && assertion.getSubject().getNameID() != null) {
			decoded.put("nameId", assertion.getSubject().getNameID().getValue());
			decoded.put("nameIdFormat", assertion.getSubject().getNameID().getFormat());
		}
		if (assertion.getConditions() != null) {
			decoded.put("notBefore", instant(assertion.getConditions().getNotBefore()));
			decoded.put("notOnOrAfter", instant(assertion.getConditions().getNotOnOrAfter()));
			List<String> audiences = new ArrayList<>();
			assertion.getConditions().getAudienceRestrictions()
				.forEach((restriction) -> restriction.getAudiences().forEach((audience) -> audiences.add(audience.getURI())));
			decoded.put("audiences", audiences);
		}
		decoded.put("sessionIndexes", sessionIndexes);
		decoded.put("attributes", attributes);
		return decoded;
	}

	private static Saml2AuthenticationException refusal(String code, String message) {
		return new Saml2AuthenticationException(new Saml2Error(code, message));
	}

	/**
	 * Attribute values by name; an attribute sent with no values maps to an empty list, which
	 * provisioning reads as "clear this field", unlike an absent attribute.
	 */
	static Map<String, List<String>> attributes(Assertion assertion) {
		Map<String, List<String>> attributes = new LinkedHashMap<>();
		for (AttributeStatement statement : assertion.getAttributeStatements()) {
			for (Attribute attribute : statement.getAttributes()) {
				List<String> values = attributes.computeIfAbsent(attribute.getName(), (name) -> new ArrayList<>());
				for (XMLObject value : attribute.getAttributeValues()) {
					String text = text(value);
					if (text != null) {
						values.add(text);
					}
				}
			}
		}
		return attributes;
	}

	private static String instant(Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	private static String text(XMLObject value) {
		if (value instanceof XSString string) {
			return string.getValue();
		}
		if (value instanceof XSAny any) {
			return any.getTextContent();
		}
		if (value instanceof XSURI uri) {
			return uri.getURI();
		}
		if (value instanceof XSInteger integer) {
			return (integer.getValue() != null) ? integer.getValue().toString() : null;
		}
		if (value instanceof XSBoolean bool) {
			return (bool.getValue() != null) ? String.valueOf(bool.getValue().getValue()) : null;
		}
		if (value instanceof XSDateTime dateTime) {
			return (dateTime.getValue() != null) ? dateTime.getValue().toString() : null;
		}
		return (value.getDOM() != null) ? value.getDOM().getTextContent() : null;
	}

	/** The earliest SessionNotOnOrAfter of the assertion's AuthnStatements (SAML core §2.7.2). */
	private static Instant sessionNotOnOrAfter(Assertion assertion) {
		return assertion.getAuthnStatements()
			.stream()
			.map(AuthnStatement::getSessionNotOnOrAfter)
			.filter(Objects::nonNull)
			.min(Comparator.naturalOrder())
			.orElse(null);
	}

	/** The latest AuthnInstant: the most recent time the IdP says it authenticated the user. */
	private static Instant authnInstant(Assertion assertion) {
		return assertion.getAuthnStatements()
			.stream()
			.map(AuthnStatement::getAuthnInstant)
			.filter(Objects::nonNull)
			.max(Comparator.naturalOrder())
			.orElse(null);
	}

	private static List<String> sessionIndexes(Assertion assertion) {
		List<String> indexes = new ArrayList<>();
		for (AuthnStatement statement : assertion.getAuthnStatements()) {
			if (statement.getSessionIndex() != null) {
				indexes.add(statement.getSessionIndex());
			}
		}
		return indexes;
	}

}
