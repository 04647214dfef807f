package io.tilegate.directory;

import java.util.List;

/**
 * What an edit did: the changes made, and why any asked-for value was not taken, in words
 * an admin can act on.
 */
public record ProfileUpdate(List<ProfileChange> changes, List<String> warnings) {

	public ProfileUpdate {
		changes = List.copyOf(changes);
		warnings = List.copyOf(warnings);
	}

}
