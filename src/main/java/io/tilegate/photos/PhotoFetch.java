package io.tilegate.photos;

import java.util.Objects;
import java.util.UUID;

/**
 * One queued fetch: the task's data, kept as JSON in {@code scheduled_tasks}.
 *
 * @param userId whose photo
 * @param url the photo URL the IdP gave; {@code null} when it stopped sending one, and the
 * IdP's image is to go
 */
record PhotoFetch(UUID userId, String url) {

	PhotoFetch {
		Objects.requireNonNull(userId, "userId");
	}

}
