package io.tilegate.people;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tilegate.directory.Colleague;
import io.tilegate.images.Avatar;

/**
 * A person in the org chart: the managers above them from the top down, and a page of their
 * direct reports, each with how many report to them in turn.
 *
 * @param managers from the top of the chain down to the person's manager
 * @param loopsBackTo the person the top of the chain reports to when the manager links go
 * round in a circle, else {@code null}
 * @param cut whether the chain was cut after {@link io.tilegate.directory.Colleagues#MAX_CHAIN}
 * managers
 * @param reportCount all the person's direct reports
 * @param reportsOfReports how many report to each report shown; those with none are left out
 * @param avatars of everyone on the chart, by user id
 */
record OrgChart(Colleague person, List<Colleague> managers, Colleague loopsBackTo, boolean cut,
		List<Colleague> reports, long reportCount, int page, int pages, Map<UUID, Long> reportsOfReports,
		Map<UUID, Avatar> avatars) {
}
