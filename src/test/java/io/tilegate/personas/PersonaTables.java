package io.tilegate.personas;

import io.tilegate.directory.DirectoryTables;

import org.springframework.jdbc.core.JdbcTemplate;

/** Empties the personas, spaces and directory, for tests whose writes commit. */
final class PersonaTables {

	private PersonaTables() {
	}

	static void clear(JdbcTemplate jdbc) {
		// Memberships and the persona-space mapping go with these (on delete cascade).
		jdbc.update("delete from persona_recompute");
		jdbc.update("delete from persona");
		jdbc.update("delete from intranet_space");
		DirectoryTables.clear(jdbc);
	}

}
