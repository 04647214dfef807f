package io.tilegate.provisioning;

import java.util.List;
import java.util.UUID;

/**
 * What a sign-in would do, worked out by the same rules as the real one and then undone.
 *
 * @param outcome whether the sign-in finds a user, creates one, or is refused
 * @param matchedBy how the user is found: "identity link" (the NameID is linked already),
 * "user name" or "email" (found and then linked); {@code null} for a new user
 * @param profileMapped {@code false} when the user is SCIM-managed and the connection leaves
 * their profile to SCIM: then no profile field changes, whatever was asserted
 * @param fields one row per profile field, standard fields first, then the custom fields
 * @param warnings what the sign-in would warn about, word for word
 * @param groups {@code null} when the groups attribute was not sent (groups are left alone)
 * @param admin the user would sign in as an admin (in one of {@code adminGroups} afterwards)
 * @param unmappedAttributes asserted attributes that no field reads
 */
public record SignInPreview(Outcome outcome, UUID userId, String userName, String matchedBy, boolean profileMapped,
		List<FieldRow> fields, List<String> warnings, Groups groups, boolean admin, List<String> adminGroups,
		List<String> unmappedAttributes) {

	public SignInPreview {
		fields = List.copyOf(fields);
		warnings = List.copyOf(warnings);
		adminGroups = List.copyOf(adminGroups);
		unmappedAttributes = List.copyOf(unmappedAttributes);
	}

	/** Whether the sign-in would be refused, changing nothing. */
	public boolean refused() {
		return this.outcome == Outcome.DEACTIVATED || this.outcome == Outcome.LINK_REFUSED;
	}

	public boolean anyChange() {
		return this.fields.stream().anyMatch(FieldRow::changes) || (this.groups != null && this.groups.changes());
	}

	public enum Outcome {

		/** A user with the NameID as user name would be created. */
		NEW_USER,

		/** An existing, active user would sign in. */
		EXISTING_USER,

		/** The user is deactivated: the sign-in would be refused and change nothing. */
		DEACTIVATED,

		/**
		 * The sign-in would link an existing user it may not (an email domain the connection
		 * does not list, or a second NameID): refused, and the reason is the one warning.
		 */
		LINK_REFUSED

	}

	/** Whether the IdP sent the field's attribute, and with a value. */
	public enum Asserted {

		/** The stored value is replaced by the first non-blank value. */
		SENT,

		/** The attribute is absent: the stored value is left alone. */
		NOT_SENT,

		/** The attribute is present with no value, or only blank ones: the stored value is cleared. */
		SENT_EMPTY

	}

	/**
	 * @param field the contract's name ({@code title}, {@code custom.costCenter})
	 * @param attribute the SAML attribute that feeds it; {@code null} when nothing does
	 * @param overridden the attribute is the connection's override, not the preset's
	 * @param values what the assertion carried, as sent
	 * @param current the stored value; {@code null} for none (and for a new user)
	 * @param after the value after the sign-in
	 */
	public record FieldRow(String field, String label, String attribute, boolean overridden, Asserted asserted,
			List<String> values, String current, String after, boolean changes) {

		public FieldRow {
			values = List.copyOf(values);
		}

	}

	/**
	 * The user's groups of this connection before and after; groups pushed by SCIM are never
	 * added or removed by a sign-in, which {@code leftToScim} lists.
	 */
	public record Groups(String attribute, List<String> asserted, List<String> current, List<String> after,
			List<String> added, List<String> removed, List<String> leftToScim) {

		public Groups {
			asserted = List.copyOf(asserted);
			current = List.copyOf(current);
			after = List.copyOf(after);
			added = List.copyOf(added);
			removed = List.copyOf(removed);
			leftToScim = List.copyOf(leftToScim);
		}

		public boolean changes() {
			return !this.added.isEmpty() || !this.removed.isEmpty();
		}

	}

}
