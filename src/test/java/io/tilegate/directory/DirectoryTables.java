package io.tilegate.directory;

import org.springframework.jdbc.core.JdbcTemplate;

/** Empties what the directory and its tests write, for tests whose writes commit. */
public final class DirectoryTables {

	private DirectoryTables() {
	}

	public static void clear(JdbcTemplate jdbc) {
		jdbc.update("delete from group_membership");
		jdbc.update("delete from user_custom_value");
		jdbc.update("delete from identity_link");
		jdbc.update("delete from user_group");
		jdbc.update("delete from custom_field");
		jdbc.update("update app_user set manager_id = null");
		jdbc.update("delete from app_user");
		jdbc.update("delete from event_log");
		jdbc.update("delete from idp_connection");
	}

}
