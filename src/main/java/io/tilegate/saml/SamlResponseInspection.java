package io.tilegate.saml;

import java.util.List;
import java.util.Map;

import io.tilegate.provisioning.AssertedIdentity;

/**
 * A SAMLResponse read for an admin, not for signing in: what the assertion says, and how it
 * fares against the checks a real sign-in makes, each reported and none enforced.
 *
 * @param source where the assertion came from, in words ("pasted response", "sign-in of …")
 * @param checks signature, issuer, audience, validity and so on; empty for a recorded sign-in,
 * which passed them all when it was accepted
 */
public record SamlResponseInspection(String source, Assertion assertion, List<Check> checks) {

	public SamlResponseInspection {
		checks = List.copyOf(checks);
	}

	/** What provisioning would be given at a real sign-in through this connection. */
	public AssertedIdentity identity(String connectionId) {
		return new AssertedIdentity(connectionId, this.assertion.nameId(), this.assertion.attributes());
	}

	/** Whether every check passed, i.e. a real sign-in would not be refused for any of them. */
	public boolean acceptable() {
		return this.checks.stream().noneMatch((check) -> check.verdict() == Verdict.BAD);
	}

	/** The assertion as a sign-in's event keeps it ({@code SamlLoginCompletion.decoded}). */
	public record Assertion(String id, String issuer, String issueInstant, String nameId, String nameIdFormat,
			String notBefore, String notOnOrAfter, List<String> audiences, boolean encrypted,
			Map<String, List<String>> attributes) {

		public Assertion {
			audiences = (audiences != null) ? List.copyOf(audiences) : List.of();
			attributes = (attributes != null) ? attributes : Map.of();
		}

	}

	/**
	 * @param key a stable name for pages and tests: {@code status}, {@code response-signature},
	 * {@code assertion-signature}, {@code issuer}, {@code audience}, {@code validity},
	 * {@code destination}, {@code in-response-to}, {@code subject-confirmation}, {@code other},
	 * {@code encryption}
	 */
	public record Check(String key, String name, Verdict verdict, String text) {
	}

	public enum Verdict {

		/** As a real sign-in requires. */
		GOOD,

		/** A real sign-in would be refused for this. */
		BAD,

		/** Worth knowing; does not decide anything. */
		NOTE

	}

}
