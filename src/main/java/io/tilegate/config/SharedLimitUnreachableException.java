package io.tilegate.config;

import java.time.Duration;

import org.springframework.core.NestedExceptionUtils;

/**
 * A limit that all nodes share could not be read or written, so nobody can tell whether the
 * call is within it. Whoever asked must refuse the call: letting it through would turn a
 * database outage into no limit at all.
 */
public class SharedLimitUnreachableException extends RuntimeException {

	/** What a refused client is told to wait: long enough not to hammer a struggling database. */
	public static final Duration RETRY_AFTER = Duration.ofSeconds(10);

	SharedLimitUnreachableException(Throwable cause) {
		super("A limit shared by all nodes could not be read or written in the database: "
				+ NestedExceptionUtils.getMostSpecificCause(cause), cause);
	}

}
