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

	@Query("select u from User u where u.managerRefKey in :keys and u.id <> :except")
	List<User> findPendingReportsOf(List<String> keys, UUID except);

}
