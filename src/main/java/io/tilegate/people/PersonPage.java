package io.tilegate.people;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tilegate.directory.Colleague;
import io.tilegate.images.Avatar;
import io.tilegate.personas.Spaces;

/**
 * A person as their colleagues see them.
 *
 * @param manager the active manager they report to, or {@code null}
 * @param reports their first direct reports, by name
 * @param reportCount all their direct reports
 * @param avatars the avatars of the manager and of the reports shown, by user id
 */
record PersonPage(Colleague person, Avatar avatar, Colleague manager, List<Colleague> reports, long reportCount,
		Map<UUID, Avatar> avatars, List<Spaces.UserSpace> spaces) {
}
