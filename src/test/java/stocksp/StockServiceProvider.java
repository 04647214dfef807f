package stocksp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.autoconfigure.web.embedded.EmbeddedWebServerFactoryCustomizerAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.HttpEncodingAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.MultipartAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.autoconfigure.websocket.servlet.WebSocketServletAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.saml2.provider.service.authentication.OpenSaml4AuthenticationProvider;
import org.springframework.security.saml2.provider.service.registration.InMemoryRelyingPartyRegistrationRepository;
import org.springframework.security.saml2.provider.service.registration.RelyingPartyRegistration;
import org.springframework.security.saml2.provider.service.registration.RelyingPartyRegistrationRepository;
import org.springframework.security.saml2.provider.service.registration.RelyingPartyRegistrations;
import org.springframework.security.web.SecurityFilterChain;

import static org.springframework.security.config.Customizer.withDefaults;

/**
 * The relying party of Spring Security's SAML documentation on Tilegate's stack (same Spring
 * Boot, same Spring Security, same OpenSAML 4.0.1): one registration in memory, trusting the
 * IdP of the metadata it is started with, {@code saml2Login} with its defaults, the default ACS
 * {@code /login/saml2/sso/{registrationId}}, the servlet container's HTTP session. No JIT, no
 * database, no checks beyond Spring's.
 *
 * <p>Its one departure from the defaults is the one this stack forces: its own
 * {@link OpenSaml4AuthenticationProvider} with {@link SpringDefaultAssertionValidator}.
 * Auto-configuration is limited to what {@code spring-boot-starter-web} and
 * {@code spring-boot-starter-security} bring: Tilegate's test classpath also holds JPA, Flyway,
 * Spring Session, the actuator and more, which a minimal SP would not have, and whose filters and
 * observations would cost it CPU on every request. Tilegate's {@code application.yml} is not
 * read either ({@code spring.config.name} is its own).
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({ PropertyPlaceholderAutoConfiguration.class, ServletWebServerFactoryAutoConfiguration.class,
		EmbeddedWebServerFactoryCustomizerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
		WebMvcAutoConfiguration.class, HttpEncodingAutoConfiguration.class, MultipartAutoConfiguration.class,
		ErrorMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class,
		WebSocketServletAutoConfiguration.class, SecurityAutoConfiguration.class,
		SecurityFilterAutoConfiguration.class })
public class StockServiceProvider {

	/**
	 * Starts the service provider on a random port.
	 * @param registrationId the registration's ID, the last segment of its ACS path
	 * @param idpMetadataXml the IdP's metadata: its entity ID, SSO service and signing
	 * certificates
	 * @param args more Spring Boot arguments, such as {@code --logging.level.root=warn}
	 */
	public static ConfigurableApplicationContext start(String registrationId, String idpMetadataXml, String... args) {
		RelyingPartyRegistration registration = RelyingPartyRegistrations
			.fromMetadata(new ByteArrayInputStream(idpMetadataXml.getBytes(StandardCharsets.UTF_8)))
			.registrationId(registrationId)
			.build();
		ApplicationContextInitializer<GenericApplicationContext> registrations = (context) -> context
			.registerBean(RelyingPartyRegistrationRepository.class,
					() -> new InMemoryRelyingPartyRegistrationRepository(registration));
		return new SpringApplicationBuilder(StockServiceProvider.class).initializers(registrations)
			.properties("spring.config.name=stock-service-provider", "server.port=0")
			.run(args);
	}

	/**
	 * Starts the service provider in a JVM of its own, as {@code StartupBenchmark} does to set
	 * its start-up beside Tilegate's: the registration {@code stocksp.registration-id}
	 * ({@code bench} by default) trusts the IdP whose metadata is in the file
	 * {@code stocksp.idp-metadata}; the arguments are Spring Boot's, such as {@code --server.port=}.
	 */
	public static void main(String[] args) throws IOException {
		String metadata = Files.readString(Path.of(System.getProperty("stocksp.idp-metadata")));
		start(System.getProperty("stocksp.registration-id", "bench"), metadata, args);
	}

	/** The chain Boot's own {@code Saml2LoginConfiguration} builds for a registration. */
	@Bean
	SecurityFilterChain samlSecurityFilterChain(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.saml2Login(withDefaults())
			.saml2Logout(withDefaults())
			.build();
	}

	@Bean
	OpenSaml4AuthenticationProvider samlAuthenticationProvider() {
		OpenSaml4AuthenticationProvider provider = new OpenSaml4AuthenticationProvider();
		provider.setAssertionValidator(new SpringDefaultAssertionValidator());
		return provider;
	}

}
