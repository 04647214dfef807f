package io.tilegate.api;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.tilegate.access.AdminActor;
import io.tilegate.directory.Directory;
import io.tilegate.directory.DirectoryReports;
import io.tilegate.directory.Provenance;
import io.tilegate.directory.UserDossier;
import io.tilegate.directory.UserEntries;
import io.tilegate.directory.UserListing;
import io.tilegate.directory.UserSummary;
import io.tilegate.personas.Personas;
import io.tilegate.personas.Spaces;
import io.tilegate.sessions.SignedInSessions;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The directory's users as the admin manages them by hand: list and search, one user's whole
 * record, deactivate (which ends their sessions at once), reactivate, delete.
 */
@RestController
@RequestMapping("/api/v1/users")
class UserController {

	static final String TENANT = "default";

	static final int DEFAULT_SIZE = 50;

	static final int MAX_SIZE = 200;

	private final DirectoryReports reports;

	private final Directory directory;

	private final UserEntries entries;

	private final Spaces spaces;

	private final SignedInSessions sessions;

	UserController(DirectoryReports reports, Directory directory, UserEntries entries, Spaces spaces,
			SignedInSessions sessions) {
		this.sessions = sessions;
		this.spaces = spaces;
		this.reports = reports;
		this.directory = directory;
		this.entries = entries;
	}

	@GetMapping
	UserList list(@RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "" + DEFAULT_SIZE) int size) {
		Paging.check(page, size, MAX_SIZE);
		UserListing listing = this.reports.listUsers(TENANT, q, Math.multiplyExact(page, size), size);
		return new UserList(listing.total(), page, size, listing.users());
	}

	@GetMapping("/{id}")
	UserRecord record(@PathVariable String id) {
		UserDossier user = user(id);
		Spaces.UserMemberships memberships = this.spaces.membershipsOf(user.id());
		return new UserRecord(user, memberships.personas(), memberships.spaces());
	}

	private UserDossier user(String id) {
		return this.reports.user(TENANT, requireId(id)).orElseThrow(() -> noSuchUser(id));
	}

	@PostMapping("/{id}/deactivate")
	UserStatus deactivate(@PathVariable String id, @AuthenticationPrincipal AdminActor actor) {
		UserDossier user = user(id);
		return UserStatus.of(user, false, changeStatus(id, () -> this.directory.deactivate(user.id(), actor.name())));
	}

	@PostMapping("/{id}/reactivate")
	UserStatus reactivate(@PathVariable String id, @AuthenticationPrincipal AdminActor actor) {
		UserDossier user = user(id);
		return UserStatus.of(user, true, changeStatus(id, () -> this.directory.reactivate(user.id(), actor.name())));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable String id, @AuthenticationPrincipal AdminActor actor) {
		Optional<UserSummary> deleted = this.entries.deleteUser(TENANT, requireId(id),
				new Provenance(actor.name(), null));
		if (deleted.isEmpty()) {
			throw noSuchUser(id);
		}
		// The directory announces no change of a user it deleted, so the deleting door ends
		// their sessions, now that the deletion has committed.
		this.sessions.endSessionsOf(deleted.get().id());
		return ResponseEntity.noContent().build();
	}

	// Deleted between reading it and changing it: as unknown as if it had never been there.
	private static boolean changeStatus(String id, BooleanSupplier change) {
		try {
			return change.getAsBoolean();
		}
		catch (IllegalArgumentException ex) {
			throw noSuchUser(id);
		}
	}

	private static UUID requireId(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw noSuchUser(id);
		}
	}

	private static ApiException noSuchUser(String id) {
		return ApiException.notFound("There is no user with id '" + id + "'; ids are listed by GET /api/v1/users.");
	}

	record UserList(long total, int page, int size, List<UserListing.Row> users) {
	}

	/**
	 * @param changed {@code false} when the user already had this status: nothing was done
	 */
	record UserStatus(UUID id, String userName, String status, boolean active, boolean changed, String message) {

		static UserStatus of(UserDossier user, boolean active, boolean changed) {
			String status = active ? "active" : "deactivated";
			String message = changed ? user.userName() + " is now " + status + "."
					: user.userName() + " was already " + status + "; nothing changed.";
			return new UserStatus(user.id(), user.userName(), status, active, changed, message);
		}

	}

	/** One user as the contract describes them: the directory's record, with personas and spaces. */
	record UserRecord(@JsonUnwrapped UserDossier user, List<Personas.Named> personas, List<Spaces.UserSpace> spaces) {
	}

}
