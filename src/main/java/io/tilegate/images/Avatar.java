package io.tilegate.images;

import java.util.UUID;

/**
 * A person as a page pictures them ({@code templates/images/avatar.html}): their photo when
 * they have one, else their initials on a tone that follows from their id, so it is the same
 * on every page, every node and after every restart.
 *
 * @param name the name the page shows beside the avatar
 * @param hasImage whether they have a photo to show
 */
public record Avatar(UUID userId, String name, String initials, int tone, boolean hasImage) {

	/** How many tones {@code css/avatars.css} defines ({@code .avatar.tone-0} and on). */
	public static final int TONES = 12;

	/** @param name a display name, else a user name or email */
	public static Avatar of(UUID userId, String name, boolean hasImage) {
		return new Avatar(userId, name, Initials.of(name), tone(userId), hasImage);
	}

	public String smallImage() {
		return ProfileImages.url(this.userId, ImageSize.SMALL);
	}

	public String largeImage() {
		return ProfileImages.url(this.userId, ImageSize.LARGE);
	}

	static int tone(UUID userId) {
		return (int) Math.floorMod(userId.getLeastSignificantBits() ^ userId.getMostSignificantBits(), (long) TONES);
	}

}
