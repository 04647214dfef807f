package io.tilegate.directory;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface UserRepository extends JpaRepository<User, UUID> {

	Optional<User> findByUserNameKey(String userNameKey);

	List<User> findByEmailKey(String emailKey);

	long countByEmailKey(String emailKey);

	@Query("select u from User u where u.tenantId = :tenantId and u.managerRefKey in :keys and u.id <> :except")
	List<User> findPendingReportsOf(String tenantId, List<String> keys, UUID except);

	Optional<User> findByTenantIdAndUserNameKey(String tenantId, String userNameKey);

	List<User> findByTenantIdAndExternalId(String tenantId, String externalId);

}
