package io.tilegate.personas;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface PersonaRepository extends JpaRepository<Persona, UUID> {

	List<Persona> findByTenantIdOrderByNameKey(String tenantId);

	Optional<Persona> findByIdAndTenantId(UUID id, String tenantId);

	boolean existsByTenantIdAndNameKeyAndIdNot(String tenantId, String nameKey, UUID id);

}
