package io.tilegate.provisioning;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import io.tilegate.connections.AttributeMapping;
import io.tilegate.connections.ConnectionPolicy;
import io.tilegate.connections.Connections;
import io.tilegate.directory.CustomFieldView;
import io.tilegate.directory.CustomFields;
import io.tilegate.directory.Directory;
import io.tilegate.directory.GroupMemberships;
import io.tilegate.directory.IdentityLinks;
import io.tilegate.directory.ProfileField;
import io.tilegate.directory.Provenance;
import io.tilegate.directory.UserProfile;
import io.tilegate.provisioning.SignInPreview.Asserted;
import io.tilegate.provisioning.SignInPreview.FieldRow;
import io.tilegate.provisioning.SignInPreview.Outcome;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Shows an admin what a sign-in would do, without signing anyone in. The preview runs the
 * login's own {@link LoginMapping} in a transaction that is always rolled back, so that the
 * directory's rules (length limits, manager look-up, custom fields, groups pushed by SCIM) are
 * applied exactly as at a real sign-in instead of being guessed at a second time; nothing it
 * does is ever committed, no event is kept, and the replay cache is not involved at all.
 */
@Service
public class MappingPreview {

	private static final Map<ProfileField, String> LABELS = Map.of(ProfileField.FIRST_NAME, "First name",
			ProfileField.LAST_NAME, "Last name", ProfileField.EMAIL, "Email", ProfileField.PHONE, "Phone",
			ProfileField.COMPANY, "Company", ProfileField.DEPARTMENT, "Department", ProfileField.TITLE, "Job title",
			ProfileField.MANAGER, "Manager (reports to)", ProfileField.HIRE_DATE, "Hire date", ProfileField.PHOTO,
			"Profile image URL");

	private final Directory directory;

	private final CustomFields customFields;

	private final GroupMemberships memberships;

	private final Connections connections;

	private final LoginMapping mapping;

	private final TransactionTemplate transaction;

	MappingPreview(Directory directory, CustomFields customFields, IdentityLinks links, GroupMemberships memberships,
			Connections connections, PlatformTransactionManager transactions) {
		this.directory = directory;
		this.customFields = customFields;
		this.memberships = memberships;
		this.connections = connections;
		this.mapping = new LoginMapping(directory, links, memberships);
		this.transaction = new TransactionTemplate(transactions);
		this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/**
	 * @throws IllegalArgumentException when the connection does not exist
	 * @throws org.springframework.dao.DataAccessException when a real sign-in of the same
	 * person is being written at this moment; trying again a moment later works
	 */
	public SignInPreview preview(AssertedIdentity identity) {
		ConnectionPolicy connection = this.connections.policy(identity.connectionId())
			.orElseThrow(() -> new IllegalArgumentException("No connection '" + identity.connectionId() + "'"));
		List<CustomFieldView> customFields = this.customFields.customFields();
		List<String> customNames = customFields.stream().map(CustomFieldView::name).toList();
		AssertedAttributes attributes = new AssertedAttributes(identity.attributes(), connection.mapping());
		List<String> unmapped = unmapped(identity, connection.mapping(), customNames);
		return this.transaction.execute((status) -> {
			// Whatever happens below, none of it may be committed.
			status.setRollbackOnly();
			Provenance by = Provenance.samlSignIn(identity.connectionId());
			LoginMapping.Match match;
			try {
				match = this.mapping.match(identity, connection, attributes, by);
			}
			catch (UserDeactivatedException ex) {
				return new SignInPreview(Outcome.DEACTIVATED, ex.getUserId(), ex.getUserName(), null, false, List.of(),
						List.of(), null, false, connection.adminGroups(), unmapped);
			}
			catch (LinkRefusedException ex) {
				return new SignInPreview(Outcome.LINK_REFUSED, ex.getUserId(), ex.getUserName(), null, false, List.of(),
						List.of(ex.getMessage()), null, false, connection.adminGroups(), unmapped);
			}
			UserProfile before = match.created() ? UserProfile.unknown(identity.nameId())
					: this.directory.profile(match.user().id()).orElseThrow();
			LoginMapping.Mapped mapped = this.mapping.map(match, connection, attributes, customNames, by);
			UserProfile after = this.directory.profile(mapped.user().id()).orElseThrow();
			List<String> groupsAfter = groupsOf(after, connection.id());
			boolean admin = connection.grantsAdmin(attributes.all(AttributeMapping.GROUPS), groupsAfter);
			String matchedBy = match.created() ? null : (match.linked() ? match.matchedByName() : "identity link");
			return new SignInPreview(match.created() ? Outcome.NEW_USER : Outcome.EXISTING_USER, mapped.user().id(),
					mapped.user().userName(), matchedBy, mapped.profileMapped(),
					rows(identity, connection.mapping(), customFields, before, after), mapped.warnings(),
					groups(identity, connection, attributes, before, after), admin, connection.adminGroups(), unmapped);
		});
	}

	private static List<FieldRow> rows(AssertedIdentity identity, AttributeMapping mapping,
			List<CustomFieldView> customFields, UserProfile before, UserProfile after) {
		List<FieldRow> rows = new ArrayList<>();
		for (ProfileField field : ProfileField.values()) {
			Function<UserProfile, String> value = (profile) -> value(profile, field);
			rows.add(row(identity, mapping, field.key(), LABELS.get(field), value.apply(before), value.apply(after)));
		}
		for (CustomFieldView field : customFields) {
			rows.add(row(identity, mapping, AttributeMapping.CUSTOM_PREFIX + field.name(), field.label(),
					custom(before, field.name()), custom(after, field.name())));
		}
		return rows;
	}

	private static FieldRow row(AssertedIdentity identity, AttributeMapping mapping, String field, String label,
			String current, String after) {
		String attribute = mapping.attributeFor(field);
		String override = mapping.overrides().get(field);
		boolean overridden = override != null && !override.isBlank();
		List<String> values = (attribute != null) ? identity.attributes().get(attribute) : null;
		Asserted asserted = (values == null) ? Asserted.NOT_SENT
				: values.stream().allMatch((v) -> v == null || v.isBlank()) ? Asserted.SENT_EMPTY : Asserted.SENT;
		return new FieldRow(field, label, attribute, overridden, asserted, (values != null) ? values : List.of(),
				current, after, !Objects.equals(current, after));
	}

	private SignInPreview.Groups groups(AssertedIdentity identity, ConnectionPolicy connection,
			AssertedAttributes attributes, UserProfile before, UserProfile after) {
		if (!attributes.sent(AttributeMapping.GROUPS)) {
			return null;
		}
		List<String> asserted = attributes.all(AttributeMapping.GROUPS);
		List<String> current = groupsOf(before, connection.id());
		List<String> now = groupsOf(after, connection.id());
		Set<String> pushed = new LinkedHashSet<>(this.memberships.pushedGroupNames(connection.id(), asserted));
		pushed.addAll(this.memberships.pushedGroupNames(connection.id(), current));
		return new SignInPreview.Groups(connection.mapping().attributeFor(AttributeMapping.GROUPS), asserted, current,
				now, without(now, current), without(current, now), List.copyOf(pushed));
	}

	private static List<String> unmapped(AssertedIdentity identity, AttributeMapping mapping,
			List<String> customFields) {
		Set<String> read = new LinkedHashSet<>();
		AttributeMapping.STANDARD_FIELDS.forEach((field) -> read.add(mapping.attributeFor(field)));
		customFields.forEach((field) -> read.add(mapping.attributeFor(AttributeMapping.CUSTOM_PREFIX + field)));
		return identity.attributes().keySet().stream().filter((name) -> !read.contains(name)).toList();
	}

	private static List<String> groupsOf(UserProfile profile, String connectionId) {
		return profile.groups()
			.stream()
			.filter((group) -> connectionId.equals(group.connectionId()))
			.map(UserProfile.Group::name)
			.toList();
	}

	private static List<String> without(List<String> names, List<String> others) {
		Set<String> keys = new LinkedHashSet<>();
		others.forEach((name) -> keys.add(name.toLowerCase(Locale.ROOT)));
		return names.stream().filter((name) -> !keys.contains(name.toLowerCase(Locale.ROOT))).toList();
	}

	private static String custom(UserProfile profile, String field) {
		return profile.customValues()
			.stream()
			.filter((value) -> value.name().equals(field))
			.map(UserProfile.CustomValue::value)
			.findFirst()
			.orElse(null);
	}

	private static String value(UserProfile profile, ProfileField field) {
		return switch (field) {
			case FIRST_NAME -> profile.firstName();
			case LAST_NAME -> profile.lastName();
			case EMAIL -> profile.email();
			case PHONE -> profile.phone();
			case COMPANY -> profile.company();
			case DEPARTMENT -> profile.department();
			case TITLE -> profile.title();
			case MANAGER -> (profile.manager() != null) ? profile.manager().userName()
					: (profile.pendingManager() != null) ? profile.pendingManager() + " (not in Tilegate yet)" : null;
			case HIRE_DATE -> (profile.hireDate() != null) ? profile.hireDate().toString() : null;
			case PHOTO -> profile.photoUrl();
		};
	}

}
