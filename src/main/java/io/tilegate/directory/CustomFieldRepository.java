package io.tilegate.directory;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface CustomFieldRepository extends JpaRepository<CustomField, String> {

	List<CustomField> findAllByOrderByCreatedAtAscNameAsc();

}
