package io.tilegate.directory;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface UserGroupRepository extends JpaRepository<UserGroup, UUID> {

	Optional<UserGroup> findByConnectionIdAndNameKey(String connectionId, String nameKey);

}
