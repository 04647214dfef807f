package io.tilegate.connections;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface ConnectionRepository extends JpaRepository<Connection, String> {

	List<Connection> findAllByOrderByIdAsc();

}
