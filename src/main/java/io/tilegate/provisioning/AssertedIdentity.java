package io.tilegate.provisioning;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who an IdP says signed in, after the assertion was validated.
 *
 * @param attributes SAML attribute name to its values; an attribute present with no values
 * or only blank ones is "present but empty" and clears its field, an absent one leaves the
 * field alone
 */
public record AssertedIdentity(String connectionId, String nameId, Map<String, List<String>> attributes) {

	public AssertedIdentity {
		Objects.requireNonNull(connectionId, "connectionId");
		if (nameId == null || nameId.isBlank()) {
			throw new IllegalArgumentException("The assertion has no NameID; the IdP must send one (e.g. the user name).");
		}
		attributes = attributes == null ? Map.of() : attributes;
	}

}
