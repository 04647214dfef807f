package io.tilegate.config;

import jakarta.persistence.EntityManager;
import org.hibernate.engine.spi.SessionImplementor;

/**
 * Writes what the JPA session holds before a read in plain SQL that must see it. Only entities
 * the session manages can hold unwritten changes; with none (a request that wrote through JDBC,
 * such as a SCIM create) the flush is skipped, as Hibernate's still walks its listeners and
 * auto-flush checks on every call.
 */
public final class UnwrittenEntities {

	private UnwrittenEntities() {
	}

	public static void flush(EntityManager entityManager) {
		if (entityManager.unwrap(SessionImplementor.class).getPersistenceContextInternal()
			.getNumberOfManagedEntities() > 0) {
			entityManager.flush();
		}
	}

}
