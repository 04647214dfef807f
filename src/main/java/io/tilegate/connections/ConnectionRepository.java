package io.tilegate.connections;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ConnectionRepository extends JpaRepository<Connection, String> {

	@Query("select c.version from Connection c where c.id = :id")
	Optional<Long> findVersionById(String id);

	List<Connection> findAllByOrderByIdAsc();

	List<Connection> findByEntityId(String entityId);

}
