package io.tilegate.directory;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface UserRepository extends JpaRepository<User, UUID> {

	default User require(UUID id) {
		return findById(id).orElseThrow(() -> new IllegalArgumentException("No user with id " + id));
	}

	Optional<User> findByUserNameKey(String userNameKey);

	// Locks the row it returns until the transaction ends: parallel sign-ins of one person
	// then take turns instead of losing optimistic locks.

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select u from User u where u.id = :id")
	Optional<User> findByIdForUpdate(UUID id);

	List<User> findByEmailKey(String emailKey);

	long countByEmailKey(String emailKey);

	Optional<User> findByTenantIdAndUserNameKey(String tenantId, String userNameKey);

	List<User> findByTenantIdAndExternalId(String tenantId, String externalId);

}
