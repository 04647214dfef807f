package io.tilegate.personas;

import io.tilegate.config.TilegateProperties;
import io.tilegate.directory.DatabaseProduct;
import io.tilegate.directory.PersonaFacts;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * What a slice test of a trigger needs for its persona recompute, on top of
 * {@code DirectorySlice}: the real membership service, not a stand-in.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({ PersonaMembership.class, ChangedUsers.class, PersonaCatalog.class, PersonaFacts.class, DatabaseProduct.class })
@EnableConfigurationProperties(TilegateProperties.class)
public class PersonaSlice {

}
