package io.tilegate.events;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface EventRepository extends JpaRepository<Event, Long> {

	Optional<Event> findByReference(String reference);

	@Query("""
			select e from Event e
			where (:type is null or e.type = :type)
			  and (:userId is null or e.userId = :userId)
			  and (:since is null or e.occurredAt >= :since)
			order by e.occurredAt desc, e.id desc""")
	List<Event> search(@Param("type") EventType type, @Param("userId") UUID userId, @Param("since") Instant since,
			Pageable page);

}
