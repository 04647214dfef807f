package io.tilegate.provisioning;

import java.util.ArrayList;
import java.util.List;

import io.tilegate.connections.AttributeMapping;
import io.tilegate.connections.ConnectionPolicy;
import io.tilegate.connections.EmailDomains;
import io.tilegate.directory.CreatedUser;
import io.tilegate.directory.Directory;
import io.tilegate.directory.GroupMemberships;
import io.tilegate.directory.IdentityLinks;
import io.tilegate.directory.LinkMethod;
import io.tilegate.directory.ProfileChange;
import io.tilegate.directory.ProfileEdit;
import io.tilegate.directory.ProfileField;
import io.tilegate.directory.ProfileUpdate;
import io.tilegate.directory.Provenance;
import io.tilegate.directory.UserSummary;

/**
 * The rules of what a sign-in does to the directory, in one place for both the real login
 * ({@link JitProvisioner}) and the admin's preview ({@link MappingPreview}), so that a preview
 * cannot tell a different story from the login that follows it. Writes join the caller's
 * transaction: the login commits it, the preview rolls it back.
 */
final class LoginMapping {

	private final Directory directory;

	private final IdentityLinks links;

	private final GroupMemberships memberships;

	LoginMapping(Directory directory, IdentityLinks links, GroupMemberships memberships) {
		this.directory = directory;
		this.links = links;
		this.memberships = memberships;
	}

	/**
	 * Who signed in: the user linked to the NameID; else the one with the NameID as user name;
	 * else, if the connection links by email, the one user with the asserted email, when the
	 * email's domain is one the connection lists; else nobody yet, and {@link #map} creates the
	 * user. A user found the second or third way is linked, unless a NameID of this connection
	 * is linked to them already: a link is never moved, and a second NameID never takes over a
	 * user.
	 * @throws UserDeactivatedException when that user is deactivated
	 * @throws LinkRefusedException when the user may not be linked to this NameID
	 */
	Match match(AssertedIdentity identity, ConnectionPolicy connection, AssertedAttributes attributes,
			Provenance by) {
		String connectionId = identity.connectionId();
		String nameId = identity.nameId();
		UserSummary user = this.links.findByIdentityLinkForUpdate(connectionId, nameId).orElse(null);
		if (user != null) {
			refuseIfDeactivated(user);
			return new Match(identity, user, null);
		}
		LinkMethod matchedBy = LinkMethod.USER_NAME;
		String email = null;
		user = this.directory.findByUserNameForUpdate(nameId).orElse(null);
		if (user == null && connection.linkByEmail()) {
			email = attributes.first(AttributeMapping.EMAIL);
			List<UserSummary> sameEmail = this.directory.findByEmailForUpdate(email);
			if (sameEmail.size() == 1) {
				user = sameEmail.get(0);
				matchedBy = LinkMethod.EMAIL;
			}
		}
		if (user == null) {
			return new Match(identity, null, null);
		}
		// A parallel first sign-in of this very NameID may have committed between the look for its
		// link and the look that found its user: the link, visible now, says who this is.
		UserSummary linkedMeanwhile = this.links.findByIdentityLinkForUpdate(connectionId, nameId).orElse(null);
		if (linkedMeanwhile != null) {
			refuseIfDeactivated(linkedMeanwhile);
			return new Match(identity, linkedMeanwhile, null);
		}
		// Anyone who runs an IdP can assert any address: only the domain's owner may vouch for it.
		if (matchedBy == LinkMethod.EMAIL && !connection.linksByEmail(email)) {
			throw LinkRefusedException.unverifiedDomain(connectionId, nameId, email, EmailDomains.domainOf(email),
					user.userName(), user.id());
		}
		refuseIfDeactivated(user);
		List<String> linkedNameIds = this.links.nameIds(user.id(), connectionId);
		if (!linkedNameIds.isEmpty()) {
			throw LinkRefusedException.secondNameId(connectionId, nameId, linkedNameIds,
					Match.name(matchedBy), user.userName(), user.id());
		}
		this.links.link(user.id(), connectionId, nameId, matchedBy);
		return new Match(identity, user, matchedBy);
	}

	/**
	 * Each mapped attribute sent replaces the stored value, one sent empty clears it, one not
	 * sent leaves it alone; a SCIM-managed user's profile is left to SCIM unless the connection
	 * says otherwise. The groups attribute replaces the user's groups of this connection. A
	 * user signing in for the first time is created here with all of it in one write; the
	 * caller links them ({@link IdentityLinks#linkFirstSignIn}).
	 */
	Mapped map(Match match, ConnectionPolicy connection, AssertedAttributes attributes, List<String> customFields,
			Provenance by) {
		List<ProfileChange> changes = new ArrayList<>();
		List<String> warnings = new ArrayList<>();
		if (match.created()) {
			CreatedUser created = this.directory.createUser(match.identity().nameId(),
					profileEdit(attributes, customFields, warnings), by);
			changes.addAll(created.profile().changes());
			warnings.addAll(created.profile().warnings());
			if (attributes.sent(AttributeMapping.GROUPS)) {
				ProfileUpdate update = this.memberships.joinNewUser(created.user().id(), connection.id(),
						attributes.all(AttributeMapping.GROUPS), by);
				changes.addAll(update.changes());
				warnings.addAll(update.warnings());
			}
			return new Mapped(created.user(), changes, warnings, true);
		}
		UserSummary user = match.user();
		boolean profileMapped = profileMapped(user, connection);
		if (profileMapped) {
			ProfileUpdate update = this.directory.updateProfile(user.id(),
					profileEdit(attributes, customFields, warnings), by);
			changes.addAll(update.changes());
			warnings.addAll(update.warnings());
		}
		if (attributes.sent(AttributeMapping.GROUPS)) {
			ProfileUpdate update = this.memberships.replaceGroups(user.id(), connection.id(),
					attributes.all(AttributeMapping.GROUPS), by);
			changes.addAll(update.changes());
			warnings.addAll(update.warnings());
		}
		return new Mapped(user, changes, warnings, profileMapped);
	}

	static boolean profileMapped(UserSummary user, ConnectionPolicy connection) {
		return !user.scimManaged() || connection.samlUpdatesScimManaged();
	}

	private static ProfileEdit profileEdit(AssertedAttributes attributes, List<String> customFields,
			List<String> warnings) {
		ProfileEdit edit = new ProfileEdit();
		for (ProfileField field : ProfileField.values()) {
			if (field != ProfileField.HIRE_DATE && attributes.sent(field.key())) {
				edit.set(field, attributes.first(field.key()));
			}
		}
		if (attributes.sent(AttributeMapping.HIRE_DATE)) {
			String value = attributes.first(AttributeMapping.HIRE_DATE);
			if (value == null) {
				edit.hireDate(null);
			}
			else {
				HireDateParser.parse(value)
					.ifPresentOrElse(edit::hireDate,
							() -> warnings.add("The hire date '" + value + "' in attribute "
									+ attributes.attributeFor(AttributeMapping.HIRE_DATE)
									+ " is not a date, so the stored hire date was kept. "
									+ "Have the IdP send yyyy-MM-dd, MM/dd/yyyy or an ISO date-time."));
			}
		}
		for (String field : customFields) {
			String key = AttributeMapping.CUSTOM_PREFIX + field;
			if (attributes.sent(key)) {
				edit.custom(field, attributes.first(key));
			}
		}
		return edit;
	}

	private static void refuseIfDeactivated(UserSummary user) {
		if (!user.active()) {
			throw new UserDeactivatedException(user.id(), user.userName());
		}
	}

	/**
	 * @param user the user who signed in; {@code null} when there is none yet, and
	 * {@link #map} creates them
	 * @param matchedBy how an existing, not yet linked user was found; {@code null} for a
	 * linked or a new user
	 */
	record Match(AssertedIdentity identity, UserSummary user, LinkMethod matchedBy) {

		boolean created() {
			return this.user == null;
		}

		boolean linked() {
			return this.user != null && this.matchedBy != null;
		}

		/** How the events and the preview name {@link #matchedBy}: "user name" or "email". */
		String matchedByName() {
			return name(this.matchedBy);
		}

		static String name(LinkMethod method) {
			return (method == null) ? null : (method == LinkMethod.EMAIL) ? "email" : "user name";
		}

	}

	/**
	 * @param user the user who signed in, created by the mapping if the match found nobody
	 * @param profileMapped whether the profile was mapped at all (see SCIM-managed users)
	 */
	record Mapped(UserSummary user, List<ProfileChange> changes, List<String> warnings, boolean profileMapped) {
	}

}
