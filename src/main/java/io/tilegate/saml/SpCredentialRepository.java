package io.tilegate.saml;

import org.springframework.data.jpa.repository.JpaRepository;

interface SpCredentialRepository extends JpaRepository<SpCredential, Integer> {

}
