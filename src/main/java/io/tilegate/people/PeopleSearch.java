package io.tilegate.people;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tilegate.directory.Colleague;
import io.tilegate.images.Avatar;

/**
 * One page of a search of the people directory.
 *
 * @param query the search as typed, stripped; empty for everyone
 * @param total the people the search finds, on every page
 */
record PeopleSearch(String query, long total, int page, int pages, List<Colleague> people, Map<UUID, Avatar> avatars) {
}
