package io.tilegate.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that stands still until a test moves it, so time-based limits are tested without waiting. */
public final class MovableClock extends Clock {

	private Instant now;

	public MovableClock() {
		this(Instant.parse("2026-01-01T00:00:00Z"));
	}

	/** Stands still at {@code start}: the real time, for a test whose signed assertions OpenSAML checks by it. */
	public MovableClock(Instant start) {
		this.now = start;
	}

	public void advance(Duration duration) {
		this.now = this.now.plus(duration);
	}

	@Override
	public Instant instant() {
		return this.now;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

}
