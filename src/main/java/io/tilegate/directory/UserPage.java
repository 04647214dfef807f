package io.tilegate.directory;

import java.util.List;

/** One page of a user search, and how many users the search matches in all. */
public record UserPage(long total, List<UserEntry> users) {

	public UserPage {
		users = List.copyOf(users);
	}

}
