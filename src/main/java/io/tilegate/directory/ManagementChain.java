package io.tilegate.directory;

import java.util.List;

/**
 * The managers above a user, nearest first, as far as the manager links go.
 *
 * @param managers the user's manager, their manager, and on to the top; it ends early at a
 * manager who is deactivated, whom colleagues do not see
 * @param loopsBackTo the manager the last one reports to when that is someone already met, the
 * user included: the directory's manager links go round in a circle; {@code null} when they
 * do not
 * @param cut whether the chain is longer than {@link Colleagues#MAX_CHAIN} and was cut there
 */
public record ManagementChain(List<Colleague> managers, Colleague loopsBackTo, boolean cut) {

	public ManagementChain {
		managers = List.copyOf(managers);
	}

}
