package io.tilegate.directory;

/**
 * What one create of a batch ({@link UserEntries#createEntries}) came to: the user created, or
 * why they were refused ({@link ProfileRejectedException} or {@link UserNameTakenException}),
 * exactly as a single create would have refused them.
 */
public record BatchedCreate(UserEntryUpdate created, RuntimeException refused) {

	static BatchedCreate of(UserEntryUpdate created) {
		return new BatchedCreate(created, null);
	}

	static BatchedCreate refusedFor(RuntimeException refused) {
		return new BatchedCreate(null, refused);
	}

}
