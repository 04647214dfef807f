package io.tilegate.scim;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface ScimTokenRepository extends JpaRepository<ScimToken, UUID> {

	Optional<ScimToken> findBySecretHash(String secretHash);

	List<ScimToken> findByConnectionIdOrderByCreatedAtDesc(String connectionId);

}
