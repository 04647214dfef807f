package io.tilegate.images;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.stereotype.Service;

/**
 * The avatars of the people a page names: a list of fifty people costs one query, not fifty.
 */
@Service
public class Avatars {

	private final ProfileImages images;

	Avatars(ProfileImages images) {
		this.images = images;
	}

	/** @param name a display name, else a user name or email */
	public Avatar of(UUID userId, String name) {
		return Avatar.of(userId, name, this.images.current(userId).isPresent());
	}

	/**
	 * The avatar of each person, by user id; people without an id are left out.
	 * @param name a person's display name, else their user name or email
	 */
	public <T> Map<UUID, Avatar> of(Collection<T> people, Function<T, UUID> id, Function<T, String> name) {
		List<T> known = people.stream().filter((person) -> id.apply(person) != null).toList();
		Set<UUID> withImages = this.images.withImages(known.stream().map(id).toList());
		// A HashMap, whose get(null) answers null: a page asks for the avatar of an event with no user.
		Map<UUID, Avatar> avatars = new HashMap<>();
		for (T person : known) {
			UUID userId = Objects.requireNonNull(id.apply(person));
			avatars.putIfAbsent(userId, Avatar.of(userId, name.apply(person), withImages.contains(userId)));
		}
		return avatars;
	}

}
