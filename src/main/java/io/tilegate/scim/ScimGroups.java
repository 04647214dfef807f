package io.tilegate.scim;

import java.util.Optional;
import java.util.UUID;

import io.tilegate.directory.DesiredGroup;
import io.tilegate.directory.GroupPush;
import io.tilegate.directory.PushScope;
import io.tilegate.directory.PushedGroups;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The SCIM Group writes, each one transaction. The directory tells personas of exactly the
 * users whose groups a push changed, recomputed when it commits: a push that adds 200
 * members recomputes those 200, not the directory, and a refused push changes no one's
 * personas.
 */
@Service
class ScimGroups {

	private final PushedGroups groups;

	ScimGroups(PushedGroups groups) {
		this.groups = groups;
	}

	@Transactional(rollbackFor = Exception.class)
	public GroupPush create(PushScope scope, DesiredGroup desired) {
		return this.groups.create(scope, desired);
	}

	@Transactional(rollbackFor = Exception.class)
	public <E extends Exception> Optional<GroupPush> update(PushScope scope, UUID id, PushedGroups.GroupEdit<E> edit)
			throws E {
		return this.groups.update(scope, id, edit);
	}

	@Transactional(rollbackFor = Exception.class)
	public <E extends Exception> Optional<GroupPush> change(PushScope scope, UUID id,
			PushedGroups.GroupChangeEdit<E> edit) throws E {
		return this.groups.change(scope, id, edit);
	}

	@Transactional(rollbackFor = Exception.class)
	public <E extends Exception> boolean delete(PushScope scope, UUID id, PushedGroups.GroupCheck<E> check)
			throws E {
		return this.groups.delete(scope, id, check);
	}

}
