package io.tilegate.connections;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface ConnectionRepository extends JpaRepository<Connection, String> {

	List<Connection> findAllByOrderByIdAsc();

	Optional<Connection> findFirstByEntityIdAndIdNot(String entityId, String id);

	List<Connection> findByMetadataUrlIsNotNullOrderByIdAsc();

}
