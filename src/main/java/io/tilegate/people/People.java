package io.tilegate.people;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.tilegate.directory.Colleague;
import io.tilegate.directory.ColleagueListing;
import io.tilegate.directory.Colleagues;
import io.tilegate.directory.ManagementChain;
import io.tilegate.images.Avatar;
import io.tilegate.images.Avatars;
import io.tilegate.personas.Spaces;

import org.springframework.stereotype.Service;

/**
 * What the people directory's pages show, each read a page at a time with the avatars of
 * everyone on it in one query. A viewer sees the active people of their own tenant; anyone
 * else is as unknown as someone who never existed.
 */
@Service
class People {

	static final int SEARCH_PAGE_SIZE = 25;

	/** The direct reports a person's page lists; the org chart has them all, a page at a time. */
	static final int REPORTS_SHOWN = 10;

	static final int CHART_PAGE_SIZE = 50;

	private final Colleagues colleagues;

	private final Avatars avatars;

	private final Spaces spaces;

	People(Colleagues colleagues, Avatars avatars, Spaces spaces) {
		this.colleagues = colleagues;
		this.avatars = avatars;
		this.spaces = spaces;
	}

	/** @param query {@code null} or blank for everyone, by name */
	PeopleSearch search(UUID viewerId, String query, int page) {
		String search = (query != null) ? query.strip() : "";
		ColleagueListing found = this.colleagues.search(viewerId, search, offset(page, SEARCH_PAGE_SIZE),
				SEARCH_PAGE_SIZE);
		return new PeopleSearch(search, found.total(), page, pages(found.total(), SEARCH_PAGE_SIZE), found.people(),
				avatarsOf(found.people()));
	}

	Optional<PersonPage> person(UUID viewerId, UUID id) {
		return this.colleagues.colleague(viewerId, id).map((person) -> {
			Colleague manager = managerOf(viewerId, person);
			ColleagueListing reports = this.colleagues.directReports(person.id(), 0, REPORTS_SHOWN);
			List<Colleague> pictured = new ArrayList<>(reports.people());
			pictured.add(person);
			if (manager != null) {
				pictured.add(manager);
			}
			Map<UUID, Avatar> avatars = avatarsOf(pictured);
			return new PersonPage(person, avatars.get(person.id()), manager, reports.people(), reports.total(),
					avatars, this.spaces.spacesOf(person.id()));
		});
	}

	Optional<OrgChart> orgChart(UUID viewerId, UUID id, int page) {
		return this.colleagues.colleague(viewerId, id).map((person) -> {
			ManagementChain chain = this.colleagues.managementChain(person.id());
			List<Colleague> managers = new ArrayList<>(chain.managers());
			Collections.reverse(managers);
			ColleagueListing reports = this.colleagues.directReports(person.id(), offset(page, CHART_PAGE_SIZE),
					CHART_PAGE_SIZE);
			List<Colleague> pictured = new ArrayList<>(managers);
			pictured.add(person);
			pictured.addAll(reports.people());
			Map<UUID, Long> reportsOfReports = this.colleagues
				.directReportCounts(reports.people().stream().map(Colleague::id).toList());
			return new OrgChart(person, managers, chain.loopsBackTo(), chain.cut(), reports.people(), reports.total(),
					page, pages(reports.total(), CHART_PAGE_SIZE), reportsOfReports, avatarsOf(pictured));
		});
	}

	// The link is kept only to an active manager of the same tenant, and the tenant is the
	// viewer's: so the manager is read as any colleague is.
	private Colleague managerOf(UUID viewerId, Colleague person) {
		return (person.managerId() != null) ? this.colleagues.colleague(viewerId, person.managerId()).orElse(null)
				: null;
	}

	private Map<UUID, Avatar> avatarsOf(List<Colleague> people) {
		return this.avatars.of(people, Colleague::id, Colleague::displayName);
	}

	private static int offset(int page, int pageSize) {
		return (page - 1) * pageSize;
	}

	private static int pages(long total, int pageSize) {
		return (int) Math.max(1, (total + pageSize - 1) / pageSize);
	}

}
