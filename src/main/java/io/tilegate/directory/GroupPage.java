package io.tilegate.directory;

import java.util.List;

/** One page of a search, and how many groups matched in all. */
public record GroupPage(int total, List<PushedGroup> groups) {

	public GroupPage {
		groups = List.copyOf(groups);
	}

}
