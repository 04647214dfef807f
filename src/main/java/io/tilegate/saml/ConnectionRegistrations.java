package io.tilegate.saml;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.tilegate.config.TilegateProperties;
import io.tilegate.connections.Connection;
import io.tilegate.connections.Connections;
import io.tilegate.connections.IdpMetadata;

import org.springframework.security.saml2.provider.service.registration.RelyingPartyRegistration;
import org.springframework.security.saml2.provider.service.registration.RelyingPartyRegistrationRepository;
import org.springframework.security.saml2.provider.service.registration.Saml2MessageBinding;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Relying-party registrations resolved from the database on every request, so a connection
 * added or changed at run time works at once on every node. Parsing metadata is the costly
 * part, so a parsed registration is reused for as long as the connection's version is
 * unchanged and the SP's key pairs are the ones it was built with: a promotion on another node
 * reaches every node at its next request.
 */
@Component
public class ConnectionRegistrations implements RelyingPartyRegistrationRepository {

	private final Connections connections;

	private final SpCredentials credentials;

	private final TilegateProperties properties;

	private static final String READ_IN_REQUEST = ConnectionRegistrations.class.getName() + ".read.";

	private final ConcurrentMap<String, Built> cache = new ConcurrentHashMap<>();

	ConnectionRegistrations(Connections connections, SpCredentials credentials, TilegateProperties properties) {
		this.connections = connections;
		this.credentials = credentials;
		this.properties = properties;
	}

	@Override
	public RelyingPartyRegistration findByRegistrationId(String registrationId) {
		return resolve(registrationId).map(ResolvedConnection::registration).orElse(null);
	}

	/**
	 * The connection's registration and login policy, current as of this call, or as of the
	 * first call of the same HTTP request: a sign-in asks in Tilegate's guard of the ACS and
	 * again in Spring's, and both must see the same version. Nothing in this package changes a
	 * connection, so no request here can outdate what it read.
	 */
	public Optional<ResolvedConnection> resolve(String registrationId) {
		if (!Connections.isValidId(registrationId)) {
			return Optional.empty();
		}
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		String readInRequest = READ_IN_REQUEST + registrationId;
		if (request != null
				&& request.getAttribute(readInRequest, RequestAttributes.SCOPE_REQUEST) instanceof ResolvedConnection read) {
			return Optional.of(read);
		}
		Optional<ResolvedConnection> resolved = resolveNow(registrationId);
		if (request != null && resolved.isPresent()) {
			request.setAttribute(readInRequest, resolved.get(), RequestAttributes.SCOPE_REQUEST);
		}
		return resolved;
	}

	private Optional<ResolvedConnection> resolveNow(String registrationId) {
		Optional<Long> version = this.connections.currentVersion(registrationId);
		if (version.isEmpty()) {
			this.cache.remove(registrationId);
			return Optional.empty();
		}
		SpKeyRing keys = this.credentials.ring();
		Built cached = this.cache.get(registrationId);
		if (cached != null && cached.connection().version() == version.get() && cached.keys() == keys) {
			return Optional.of(cached.connection());
		}
		Optional<ResolvedConnection> fresh = this.connections.find(registrationId)
			.map((connection) -> build(connection, keys));
		fresh.ifPresent((resolved) -> this.cache.put(registrationId, new Built(resolved, keys)));
		return fresh;
	}

	/**
	 * The one connection that trusts this IdP entity ID, or null when none or several do. A
	 * logout message names no connection, only its Issuer: Spring asks this for a LogoutRequest
	 * that arrives without a signed-in session, and the SOAP single logout for every one.
	 */
	@Override
	public RelyingPartyRegistration findUniqueByAssertingPartyEntityId(String entityId) {
		List<ResolvedConnection> trusting = resolveByAssertingPartyEntityId(entityId);
		return (trusting.size() == 1) ? trusting.get(0).registration() : null;
	}

	/** Every connection whose IdP has this entity ID; more than one is a configuration mistake. */
	public List<ResolvedConnection> resolveByAssertingPartyEntityId(String entityId) {
		if (entityId == null || entityId.isBlank()) {
			return List.of();
		}
		return this.connections.list()
			.stream()
			.map((connection) -> resolve(connection.getId()))
			.flatMap(Optional::stream)
			.filter((resolved) -> entityId.equals(resolved.registration().getAssertingPartyMetadata().getEntityId()))
			.toList();
	}

	/**
	 * The connection as last resolved on this node, without asking the database: for checks
	 * later in the same request, which {@link #resolve} has just brought up to date.
	 */
	Optional<ResolvedConnection> lastResolved(String registrationId) {
		return Optional.ofNullable(this.cache.get(registrationId)).map(Built::connection);
	}

	private ResolvedConnection build(Connection connection, SpKeyRing keys) {
		String id = connection.getId();
		String base = this.properties.base();
		RelyingPartyRegistration registration = IdpMetadata.parse(connection.getMetadataXml())
			.registrationBuilder()
			.registrationId(id)
			.entityId(base + "/saml2/service-provider-metadata/" + id)
			.assertionConsumerServiceLocation(base + "/login/saml2/sso/" + id)
			.singleLogoutServiceLocation(base + "/logout/saml2/slo")
			.singleLogoutServiceResponseLocation(base + "/logout/saml2/slo")
			// IdPs send logout messages over either browser binding; Spring accepts only POST by default.
			.singleLogoutServiceBindings((bindings) -> {
				bindings.clear();
				bindings.add(Saml2MessageBinding.REDIRECT);
				bindings.add(Saml2MessageBinding.POST);
			})
			// Every published pair is in the metadata as signing and as encryption key; OpenSAML signs
			// with the first, the current one.
			.signingX509Credentials((c) -> c.addAll(keys.signingInMetadata()))
			.decryptionX509Credentials(
					(c) -> c.addAll(keys.published().stream().map(SpKeyRing.Pair::decryption).toList()))
			.build();
		return new ResolvedConnection(id, connection.getVersion(), registration, connection.isAllowIdpInitiated());
	}

	private record Built(ResolvedConnection connection, SpKeyRing keys) {
	}

	/** A connection as the SAML endpoints see it. */
	public record ResolvedConnection(String id, long version, RelyingPartyRegistration registration,
			boolean allowIdpInitiated) {
	}

}
