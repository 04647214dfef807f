package io.tilegate.access;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface AdminApiKeyRepository extends JpaRepository<AdminApiKey, UUID> {

	Optional<AdminApiKey> findBySecretHash(String secretHash);

	List<AdminApiKey> findAllByOrderByCreatedAtDesc();

	List<AdminApiKey> findByCreatedByUserIdAndRevokedAtIsNull(UUID createdByUserId);

}
