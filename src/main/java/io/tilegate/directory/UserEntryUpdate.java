package io.tilegate.directory;

import java.util.List;

/**
 * What a provisioning write did: the user as they are now, and each field that changed
 * ({@code active} included), as the event log shows them.
 */
public record UserEntryUpdate(UserEntry entry, List<ProfileChange> changes) {

	public UserEntryUpdate {
		changes = List.copyOf(changes);
	}

	public boolean changed(String field) {
		return this.changes.stream().anyMatch((change) -> change.field().equals(field));
	}

}
