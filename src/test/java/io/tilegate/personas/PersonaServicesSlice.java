package io.tilegate.personas;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.github.kagkarlsson.scheduler.boot.autoconfigure.DbSchedulerAutoConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tilegate.config.ClusterJobs;
import io.tilegate.directory.DirectorySlice;
import io.tilegate.system.MovableClock;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personas and spaces as an admin manages them, on the real directory and database: rules
 * saved, recomputed user by user and directory-wide, and the daily pass. No web layer.
 *
 * <p>Every write commits, since the directory-wide recompute runs on a thread of its own that a
 * test's rolled-back transaction would hide its users from: tests empty the tables with
 * {@link PersonaTables} first. A recompute takes {@value #CHUNK} users per transaction, so that
 * a handful of users already crosses chunk boundaries. Time is a {@link MovableClock}: date
 * rules are tested by moving it, never by waiting; tests read today from it, since the
 * classes that share this context move it in turn.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@DirectorySlice
@ImportAutoConfiguration(DbSchedulerAutoConfiguration.class)
@Import({ PersonaSlice.class, Personas.class, Spaces.class, PersonaRecomputes.class, RecomputeRuns.class, DailyRecompute.class,
		ClusterJobs.class, PersonaServicesSlice.Clocks.class })
@TestPropertySource(properties = "tilegate.personas.recompute-chunk=" + PersonaServicesSlice.CHUNK)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
public @interface PersonaServicesSlice {

	int CHUNK = 2;

	@TestConfiguration(proxyBeanMethods = false)
	class Clocks {

		@Bean
		@Primary
		MovableClock movableClock() {
			return new MovableClock();
		}

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
