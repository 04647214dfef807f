package io.tilegate.personas;

import java.util.UUID;

import io.tilegate.directory.Directory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An admin's deactivation and reactivation, each with the user's personas and spaces in the
 * same transaction: a deactivated user is in none the moment it commits, and a reactivated
 * one is back in those the rules give them (and the spaces they were added to by hand).
 */
@Service
public class Deactivations {

	private final Directory directory;

	private final PersonaMembership membership;

	Deactivations(Directory directory, PersonaMembership membership) {
		this.directory = directory;
		this.membership = membership;
	}

	/**
	 * @return {@code false} when the user was deactivated already
	 * @throws IllegalArgumentException when there is no such user
	 */
	@Transactional
	public boolean deactivate(UUID userId, String actor) {
		boolean changed = this.directory.deactivate(userId, actor);
		if (changed) {
			this.membership.recomputeUser(userId, "deactivated by " + actor);
		}
		return changed;
	}

	/**
	 * @return {@code false} when the user was active already
	 * @throws IllegalArgumentException when there is no such user
	 */
	@Transactional
	public boolean reactivate(UUID userId, String actor) {
		boolean changed = this.directory.reactivate(userId, actor);
		if (changed) {
			this.membership.recomputeUser(userId, "reactivated by " + actor);
		}
		return changed;
	}

}
