package io.tilegate.directory;

import java.util.List;

/** Which groups of a connection a search wants. */
public sealed interface GroupCriteria {

	/** Every group. */
	static GroupCriteria all() {
		return new AllOf(List.of());
	}

	/** Compared without regard to case, as group names are unique regardless of case. */
	record DisplayNameIs(String displayName) implements GroupCriteria {
	}

	/** Compared exactly. */
	record ExternalIdIs(String externalId) implements GroupCriteria {
	}

	/** Matches nothing when {@code id} is not a group id at all. */
	record IdIs(String id) implements GroupCriteria {
	}

	/** Groups the user is a member of; nothing when {@code userId} is not a user id at all. */
	record HasMember(String userId) implements GroupCriteria {
	}

	/** Every one of them; all groups when empty. */
	record AllOf(List<GroupCriteria> parts) implements GroupCriteria {

		public AllOf {
			parts = List.copyOf(parts);
		}

	}

	/** At least one of them; no group when empty. */
	record AnyOf(List<GroupCriteria> parts) implements GroupCriteria {

		public AnyOf {
			parts = List.copyOf(parts);
		}

	}

}
