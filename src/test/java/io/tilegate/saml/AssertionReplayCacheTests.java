package io.tilegate.saml;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.tilegate.config.TilegateProperties;
import io.tilegate.demo.SamlResponseBuilder;
import io.tilegate.system.MovableClock;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensaml.saml.saml2.core.Assertion;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replay cache on its own, against Tilegate's real schema in an in-memory database: an
 * assertion signs in once, and is remembered for as long as any check could still accept
 * it. Across real nodes and restarts: {@link AssertionReplayAcrossNodesTests}.
 */
class AssertionReplayCacheTests {

	private static final Duration CLOCK_SKEW = Duration.ofMinutes(2);

	private static JdbcTemplate jdbc;

	private final MovableClock clock = new MovableClock();

	private AssertionReplayCache cache;

	@BeforeAll
	static void database() {
		DriverManagerDataSource database = new DriverManagerDataSource(
				"jdbc:h2:mem:replay-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		Flyway.configure().dataSource(database).load().migrate();
		jdbc = new JdbcTemplate(database);
	}

	@BeforeEach
	void emptyCache() {
		jdbc.update("delete from saml_assertion_replay");
		this.cache = node();
	}

	@Test
	void aReplayedAssertionIsRefused() {
		Assertion assertion = assertion(issuedNow());
		assertThat(this.cache.claim("acme", assertion)).isTrue();
		assertThat(this.cache.claim("acme", assertion)).isFalse();
	}

	@Test
	void anAssertionReplayedAgainstAnotherNodeIsRefused() {
		Assertion assertion = assertion(issuedNow());
		assertThat(this.cache.claim("acme", assertion)).isTrue();
		assertThat(node().claim("acme", assertion)).isFalse();
	}

	@Test
	void anAssertionReplayedThroughAnotherConnectionIsRefused() {
		Assertion assertion = assertion(issuedNow());
		assertThat(this.cache.claim("acme", assertion)).isTrue();
		assertThat(this.cache.claim("acme-staging", assertion)).isFalse();
	}

	@Test
	void anAssertionReplayedJustAfterItExpiredButWithinTheClockSkewIsStillRefused() {
		Assertion assertion = assertion(issuedNow());
		assertThat(this.cache.claim("acme", assertion)).isTrue();

		this.clock.advance(SamlResponseBuilder.DEFAULT_VALIDITY.plus(CLOCK_SKEW).minusSeconds(1));
		this.cache.purgeExpired();

		assertThat(this.cache.claim("acme", assertion)).isFalse();
	}

	@Test
	void anAssertionReplayedWhileItsNotOnOrAfterStillHoldsIsRefusedHoweverFarOffThatIs() {
		Instant tomorrow = this.clock.instant().plus(Duration.ofDays(1));
		Assertion assertion = assertion(issuedNow().notOnOrAfter(tomorrow).subjectConfirmationNotOnOrAfter(tomorrow));
		assertThat(this.cache.claim("acme", assertion)).isTrue();

		this.clock.advance(Duration.ofHours(23));
		this.cache.purgeExpired();

		assertThat(this.cache.claim("acme", assertion)).isFalse();
	}

	@Test
	void anAssertionIsForgottenOnlyOnceNoCheckCouldAcceptItAnyMore() {
		assertThat(this.cache.claim("acme", assertion(issuedNow()))).isTrue();
		this.clock.advance(SamlResponseBuilder.DEFAULT_VALIDITY.plus(CLOCK_SKEW));
		this.cache.purgeExpired();
		assertThat(jdbc.queryForObject("select count(*) from saml_assertion_replay", Long.class)).isZero();
	}

	private AssertionReplayCache node() {
		TilegateProperties properties = new TilegateProperties(null, null, null,
				new TilegateProperties.Saml(CLOCK_SKEW, Duration.ofMinutes(5), DataSize.ofKilobytes(256), 64,
						Duration.ofMinutes(10), null, null),
				null, null, null, null, null, null);
		return new AssertionReplayCache(jdbc, this.clock, properties);
	}

	private SamlResponseBuilder issuedNow() {
		return SignInFixture.response().now(this.clock.instant());
	}

	private static Assertion assertion(SamlResponseBuilder builder) {
		return SignInFixture.parse(builder.build()).getAssertions().get(0);
	}

}
