package io.tilegate.personas;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Waits for a recompute to be running, for tests that hold the users' row locks so that it
 * certainly is while they look.
 */
public final class RunningRecompute {

	private RunningRecompute() {
	}

	public static void await(PersonaRecomputes recomputes, UUID job) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!(recomputes.status().id().equals(job) && recomputes.status().state().equals("running"))) {
			assertThat(System.nanoTime()).as("the recompute started").isLessThan(deadline);
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

}
