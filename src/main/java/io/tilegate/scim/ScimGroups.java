package io.tilegate.scim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.tilegate.directory.DesiredGroup;
import io.tilegate.directory.GroupMember;
import io.tilegate.directory.GroupPush;
import io.tilegate.directory.PushScope;
import io.tilegate.directory.PushedGroups;
import io.tilegate.personas.PersonaMembership;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The SCIM Group writes, each one transaction with the persona recompute of exactly the users
 * whose groups it changed: a push that adds 200 members recomputes those 200, not the
 * directory, and a refused push changes no one's personas.
 */
@Service
class ScimGroups {

	private final PushedGroups groups;

	private final PersonaMembership personas;

	ScimGroups(PushedGroups groups, PersonaMembership personas) {
		this.groups = groups;
		this.personas = personas;
	}

	@Transactional(rollbackFor = Exception.class)
	public GroupPush create(PushScope scope, DesiredGroup desired) {
		GroupPush push = this.groups.create(scope, desired);
		recompute(push.changedMemberIds(), "SCIM created group '" + push.group().displayName() + "' through "
				+ scope.connectionId());
		return push;
	}

	@Transactional(rollbackFor = Exception.class)
	public <E extends Exception> Optional<GroupPush> update(PushScope scope, UUID id, PushedGroups.GroupEdit<E> edit)
			throws E {
		Optional<GroupPush> push = this.groups.update(scope, id, edit);
		push.ifPresent((pushed) -> recompute(pushed.changedMemberIds(), "SCIM updated group '"
				+ pushed.group().displayName() + "' through " + scope.connectionId()));
		return push;
	}

	@Transactional(rollbackFor = Exception.class)
	public <E extends Exception> boolean delete(PushScope scope, UUID id, PushedGroups.GroupCheck<E> check)
			throws E {
		List<UUID> members = new ArrayList<>();
		String[] name = new String[1];
		boolean deleted = this.groups.delete(scope, id, (current) -> {
			check.accept(current);
			current.members().stream().map(GroupMember::userId).forEach(members::add);
			name[0] = current.displayName();
		});
		if (deleted) {
			recompute(members, "SCIM deleted group '" + name[0] + "' through " + scope.connectionId());
		}
		return deleted;
	}

	private void recompute(Collection<UUID> userIds, String reason) {
		for (UUID userId : userIds) {
			this.personas.recomputeUser(userId, reason);
		}
	}

}
