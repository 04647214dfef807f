package io.tilegate.directory;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface UserRepository extends JpaRepository<User, UUID> {

	Optional<User> findByUserNameKey(String userNameKey);

	List<User> findByEmailKey(String emailKey);

	long countByEmailKey(String emailKey);

	Optional<User> findByTenantIdAndUserNameKey(String tenantId, String userNameKey);

	List<User> findByTenantIdAndExternalId(String tenantId, String externalId);

}
