package io.tilegate.directory;

import org.springframework.data.jpa.repository.JpaRepository;

interface IdentityLinkRepository extends JpaRepository<IdentityLink, IdentityLink.Key> {

}
