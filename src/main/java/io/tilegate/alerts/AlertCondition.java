package io.tilegate.alerts;

import java.time.Instant;
import java.util.List;

/**
 * One kind of trouble an admin must hear of. Every bean of this type is evaluated on each
 * alert check: a finding raises its alert (once it has held for its
 * {@link AlertFinding#raiseAfter()}), and an alert of this kind no longer found clears.
 */
public interface AlertCondition {

	/**
	 * The kind of the alerts this condition raises, stable across releases: the alert table
	 * keeps it, and only this condition's findings clear its alerts.
	 */
	String kind();

	/**
	 * What holds at {@code now}. A condition that cannot tell throws: its alerts then stay as
	 * they are until it can, rather than clearing.
	 */
	List<AlertFinding> findAt(Instant now);

}
