package io.tilegate.saml;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface SpCredentialRepository extends JpaRepository<SpCredential, Integer> {

	Optional<SpCredential> findBySlot(String slot);

	/** Every pair still published: the current, the next and the previous ones in their grace period. */
	List<SpCredential> findByRetiredAtIsNullOrderByIdAsc();

	@Query("select coalesce(max(c.id), 0) from SpCredential c")
	int highestId();

}
