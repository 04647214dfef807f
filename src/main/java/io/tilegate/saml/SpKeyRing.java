package io.tilegate.saml;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.tilegate.connections.SigningCertificate;

import org.springframework.security.saml2.core.Saml2X509Credential;

/**
 * The SP's published key pairs at one moment: the current one, which signs, and the next and
 * previous ones, which are published and decrypt. Immutable; a change makes a new ring.
 *
 * @param signature which pairs are in which slot, to tell whether the database still agrees
 * @param published the current pair first, then the next one, then the previous ones, newest
 * first
 */
record SpKeyRing(String signature, List<Pair> published) {

	static SpKeyRing configured(Pair current, Pair next) {
		List<Pair> pairs = new ArrayList<>();
		pairs.add(current);
		if (next != null) {
			pairs.add(new Pair(next.id(), SpKey.Role.NEXT, next.privateKey(), next.certificate(), null, null, null));
		}
		return new SpKeyRing("configured", List.copyOf(pairs));
	}

	static SpKeyRing of(String signature, List<Pair> pairs) {
		List<Pair> ordered = pairs.stream()
			.sorted(Comparator.comparing(Pair::role).thenComparing(Comparator.comparing(Pair::id).reversed()))
			.toList();
		if (ordered.isEmpty() || ordered.get(0).role() != SpKey.Role.CURRENT) {
			throw new IllegalStateException("The database holds no current SP key pair (sp_credential.slot = "
					+ "'CURRENT'): restore it from a backup, or delete every sp_credential row to have a new pair "
					+ "generated, then give its certificate to every IdP.");
		}
		return new SpKeyRing(signature, ordered);
	}

	Pair current() {
		return this.published.get(0);
	}

	Pair next() {
		return this.published.stream().filter((pair) -> pair.role() == SpKey.Role.NEXT).findFirst().orElse(null);
	}

	/** Every published pair's signing credential, the current one first: OpenSAML signs with the first. */
	List<Saml2X509Credential> signingInMetadata() {
		return this.published.stream().map(Pair::signing).toList();
	}

	record Pair(int id, SpKey.Role role, PrivateKey privateKey, X509Certificate certificate, Instant publishedAt,
			Instant promotedAt, Instant supersededAt) {

		static Pair configured(PrivateKey privateKey, X509Certificate certificate) {
			return new Pair(0, SpKey.Role.CURRENT, privateKey, certificate, null, null, null);
		}

		static Pair of(SpCredential row) {
			SpKey.Role role = SpCredential.CURRENT.equals(row.getSlot()) ? SpKey.Role.CURRENT
					: SpCredential.NEXT.equals(row.getSlot()) ? SpKey.Role.NEXT : SpKey.Role.PREVIOUS;
			return new Pair(row.getId(), role, SpCredentials.readPrivateKey(row.getPrivateKeyPem()),
					SpCredentials.readCertificate(row.getCertificatePem()), row.getCreatedAt(), row.getPromotedAt(),
					row.getSupersededAt());
		}

		Saml2X509Credential signing() {
			return Saml2X509Credential.signing(this.privateKey, this.certificate);
		}

		Saml2X509Credential decryption() {
			return Saml2X509Credential.decryption(this.privateKey, this.certificate);
		}

		SpKey describe(Duration gracePeriod) {
			SigningCertificate described = SigningCertificate.of(this.certificate);
			return new SpKey(this.id, this.role, described.sha256Fingerprint(), described.subject(),
					described.notAfter(), this.publishedAt, this.promotedAt,
					(this.supersededAt != null) ? this.supersededAt.plus(gracePeriod) : null,
					SpCredentials.toPem(this.certificate));
		}

	}

}
