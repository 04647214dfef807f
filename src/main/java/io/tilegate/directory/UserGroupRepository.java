package io.tilegate.directory;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface UserGroupRepository extends JpaRepository<UserGroup, UUID> {

	List<UserGroup> findByConnectionIdAndNameKeyIn(String connectionId, Collection<String> nameKeys);

}
