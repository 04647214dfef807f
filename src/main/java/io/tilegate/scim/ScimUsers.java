package io.tilegate.scim;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ResourceConflictException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;

import io.tilegate.config.TilegateProperties;
import io.tilegate.directory.CustomFields;
import io.tilegate.directory.ProfileChange;
import io.tilegate.directory.ProfileRejectedException;
import io.tilegate.directory.Provenance;
import io.tilegate.directory.UserEntries;
import io.tilegate.directory.UserEntry;
import io.tilegate.directory.UserEntryEdit;
import io.tilegate.directory.UserEntryUpdate;
import io.tilegate.directory.UserNameTakenException;
import io.tilegate.directory.UserPage;
import io.tilegate.directory.UserSummary;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The SCIM User operations, each one transaction: a call that fails anywhere, in reading the
 * body, applying a PATCH or writing the directory, leaves nothing written. Everything is
 * scoped to the calling token's tenant; a user of another tenant does not exist here.
 */
@Service
class ScimUsers {

	private final UserEntries entries;

	private final CustomFields customFields;

	private final ScimUserRepresentation representation;

	private final ScimSchemas schemas;

	private final TilegateProperties.Scim limits;

	private final ScimCallLog callLog;

	ScimUsers(UserEntries entries, CustomFields customFields, ScimUserRepresentation representation,
			ScimSchemas schemas, TilegateProperties properties, ScimCallLog callLog) {
		this.callLog = callLog;
		this.entries = entries;
		this.customFields = customFields;
		this.representation = representation;
		this.schemas = schemas;
		this.limits = properties.scim();
	}

	@Transactional(readOnly = true, rollbackFor = ScimException.class)
	public UserEntry get(ScimClient client, UUID id, boolean withGroups) throws ScimException {
		return require(client, id, withGroups);
	}

	@Transactional(readOnly = true, rollbackFor = ScimException.class)
	public UserPage list(ScimClient client, ScimListRequest query, boolean withGroups) throws BadRequestException {
		return this.entries.searchUsers(client.tenantId(),
				UserFilterTranslation.translate(ScimFilters.parse(query.filter(), this.limits)), query.userOrder(),
				query.offset(), query.count(), withGroups ? client.connectionId() : null);
	}

	@Transactional(rollbackFor = ScimException.class)
	public UserEntryUpdate create(ScimClient client, ObjectNode body, ScimCall call) throws ScimException {
		UserEntryEdit edit = ScimUserRequest.read(body, this.customFields::customFieldNames);
		UserEntryUpdate created;
		try {
			created = this.entries.createEntry(client.tenantId(), edit, by(client));
		}
		catch (ProfileRejectedException | UserNameTakenException ex) {
			throw refusal(ex);
		}
		UserEntry user = created.entry();
		call.resource("User", user.id().toString()).user(user.id(), user.userName()).changed(fields(created))
			.outcome("created");
		this.callLog.recordWithChange(call, HttpStatus.CREATED.value());
		return created;
	}

	/** RFC 7644 §3.5.1: every mapped attribute is replaced; one left out is cleared. */
	@Transactional(rollbackFor = ScimException.class)
	public UserEntryUpdate replace(ScimClient client, UUID id, ObjectNode body, String ifMatch, ScimCall call)
			throws ScimException {
		return edit(client, id, call, (current) -> {
			ScimEtag.check(ifMatch, current.version());
			return ScimUserRequest.read(body, this.customFields::customFieldNames);
		});
	}

	/**
	 * RFC 7644 §3.5.2: the operations apply to the user as SCIM shows them, and the result is
	 * written as a PUT of it would be.
	 */
	@Transactional(rollbackFor = ScimException.class)
	public UserEntryUpdate patch(ScimClient client, UUID id, ObjectNode body, String ifMatch, ScimCall call)
			throws ScimException {
		return edit(client, id, call, (current) -> {
			ScimEtag.check(ifMatch, current.version());
			ObjectNode patched = ScimPatchDialect.apply(this.representation.render(current), body,
					new ScimUserPatchTargets(current.id().toString(), this.schemas::tilegateUser));
			return ScimUserRequest.read(patched, this.customFields::customFieldNames);
		});
	}

	@Transactional(rollbackFor = ScimException.class)
	public UserSummary delete(ScimClient client, UUID id, String ifMatch) throws ScimException {
		UserEntry current = require(client, id, false);
		ScimEtag.check(ifMatch, current.version());
		return this.entries.deleteUser(client.tenantId(), id, by(client)).orElseThrow(() -> notFound(id));
	}

	private UserEntryUpdate edit(ScimClient client, UUID id, ScimCall call,
			UserEntries.EntryEditor<ScimException> editor) throws ScimException {
		if (id == null) {
			throw notFound(null);
		}
		UserEntryUpdate update;
		try {
			update = this.entries.editEntry(client.tenantId(), id, editor, by(client)).orElseThrow(() -> notFound(id));
		}
		catch (ProfileRejectedException | UserNameTakenException ex) {
			throw refusal(ex);
		}
		UserEntry user = update.entry();
		call.user(user.id(), user.userName()).changed(fields(update)).outcome(outcome(update));
		this.callLog.recordWithChange(call, HttpStatus.OK.value());
		return update;
	}

	private static String outcome(UserEntryUpdate update) {
		if (update.changed("active")) {
			return update.entry().active() ? "reactivated" : "deactivated";
		}
		return update.changes().isEmpty() ? "no change" : "updated";
	}

	private static List<String> fields(UserEntryUpdate update) {
		List<String> fields = new ArrayList<>();
		for (ProfileChange change : update.changes()) {
			fields.add(change.field());
		}
		return fields;
	}

	private UserEntry require(ScimClient client, UUID id, boolean withGroups) throws ResourceNotFoundException {
		if (id == null) {
			throw notFound(null);
		}
		return this.entries.entry(client.tenantId(), id, withGroups ? client.connectionId() : null)
			.orElseThrow(() -> notFound(id));
	}

	static ResourceNotFoundException notFound(UUID id) {
		return new ResourceNotFoundException(
				(id != null) ? "There is no user with id " + id + "." : "There is no user with such an id.");
	}

	/**
	 * What SCIM answers when the directory refuses to write a user, the same for a single call
	 * and an operation of {@code /Bulk}.
	 * @param refused a {@link ProfileRejectedException} or a {@link UserNameTakenException}
	 */
	static ScimException refusal(RuntimeException refused) {
		return (refused instanceof UserNameTakenException taken) ? taken(taken)
				: BadRequestException.invalidValue(refused.getMessage());
	}

	private static ResourceConflictException taken(UserNameTakenException ex) {
		return ResourceConflictException.uniqueness("The userName '" + ex.userName() + "' is taken by another user "
				+ "(user names ignore case). Look the user up with filter=userName eq \"" + ex.userName() + "\".");
	}

	private static Provenance by(ScimClient client) {
		return new Provenance(client.actor(), client.connectionId());
	}

}
