package io.tilegate.directory;

import java.util.List;

/**
 * One page of colleagues, and how many there are in all.
 *
 * @param total the colleagues on every page
 */
public record ColleagueListing(long total, List<Colleague> people) {

	public ColleagueListing {
		people = List.copyOf(people);
	}

}
