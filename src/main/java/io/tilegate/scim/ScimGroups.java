package io.tilegate.scim;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.tilegate.directory.DesiredGroup;
import io.tilegate.directory.GroupPush;
import io.tilegate.directory.PushScope;
import io.tilegate.directory.PushedGroups;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The SCIM Group writes, each one transaction. The directory tells personas of exactly the
 * users whose groups a push changed, recomputed when it commits: a push that adds 200
 * members recomputes those 200, not the directory, and a refused push changes no one's
 * personas. A write that changes the group records its call's event in the same
 * transaction, as a user's does ({@link ScimCallLog#recordWithChange}).
 */
@Service
class ScimGroups {

	static final String RESOURCE = "Group";

	private final PushedGroups groups;

	private final ScimCallLog callLog;

	ScimGroups(PushedGroups groups, ScimCallLog callLog) {
		this.groups = groups;
		this.callLog = callLog;
	}

	@Transactional(rollbackFor = Exception.class)
	public GroupPush create(PushScope scope, DesiredGroup desired, ScimCall call) {
		return recorded(this.groups.create(scope, desired), call, HttpStatus.CREATED);
	}

	@Transactional(rollbackFor = Exception.class)
	public <E extends Exception> Optional<GroupPush> update(PushScope scope, UUID id, PushedGroups.GroupEdit<E> edit,
			ScimCall call, HttpStatus answer) throws E {
		return this.groups.update(scope, id, edit).map((push) -> recorded(push, call, answer));
	}

	@Transactional(rollbackFor = Exception.class)
	public <E extends Exception> Optional<GroupPush> change(PushScope scope, UUID id,
			PushedGroups.GroupChangeEdit<E> edit, ScimCall call) throws E {
		return this.groups.change(scope, id, edit).map((push) -> recorded(push, call, HttpStatus.NO_CONTENT));
	}

	@Transactional(rollbackFor = Exception.class)
	public <E extends Exception> boolean delete(PushScope scope, UUID id, PushedGroups.GroupCheck<E> check)
			throws E {
		return this.groups.delete(scope, id, check);
	}

	private GroupPush recorded(GroupPush push, ScimCall call, HttpStatus answer) {
		call.resource(RESOURCE, push.group().id().toString())
			.changed(push.changedFields())
			.outcome(push.outcome().name().toLowerCase(Locale.ROOT));
		this.callLog.recordWithChange(call, answer.value());
		return push;
	}

}
