package io.tilegate.personas;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface SpaceRepository extends JpaRepository<Space, UUID> {

	List<Space> findByTenantIdOrderByNameKey(String tenantId);

	Optional<Space> findByIdAndTenantId(UUID id, String tenantId);

	boolean existsByTenantIdAndNameKeyAndIdNot(String tenantId, String nameKey, UUID id);

}
