package io.tilegate.directory;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.stereotype.Component;

/**
 * Which of the two databases Tilegate runs on, for the few statements whose best form
 * differs between H2 and PostgreSQL (a collation, a lock strength). Asked once at start-up.
 */
@Component
public class DatabaseProduct {

	private final boolean postgres;

	DatabaseProduct(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			this.postgres = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not reach the database to learn which one it is", ex);
		}
	}

	boolean postgres() {
		return this.postgres;
	}

	/**
	 * The lock a change to a user's own columns needs. On PostgreSQL the weaker {@code no key
	 * update}: it does not wait for the key-share lock that every new row naming the user (a
	 * membership) holds until its commit, so two transactions that each added the user
	 * somewhere do not deadlock when each then locks the user. H2 takes no such lock.
	 */
	String rowLock() {
		return this.postgres ? "for no key update" : "for update";
	}

}
