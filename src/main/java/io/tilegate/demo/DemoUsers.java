package io.tilegate.demo;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The demo identity provider's directory: a handful of people chosen to exercise what
 * Tilegate does with a profile — a manager and a report, a recent hire for hire-date
 * personas, a long-tenured one, custom fields and overlapping groups.
 */
@Component
@Profile("demo")
public class DemoUsers {

	private final List<DemoUser> users;

	DemoUsers(Clock clock) {
		LocalDate today = LocalDate.now(clock);
		this.users = List.of(
				new DemoUser("ada.lovelace@example.com", "Ada", "Lovelace", "ada.lovelace@example.com", "+44 20 7946 0101",
						"Example Corp", "Engineering", "VP Engineering", null, today.minusYears(9).withDayOfMonth(2),
						List.of("Engineering", "Managers", "All Staff", DemoIdentityProvider.ADMIN_GROUP),
						Map.of("officeLocation", "London", "tshirtSize", "M")),
				new DemoUser("grace.hopper@example.com", "Grace", "Hopper", "grace.hopper@example.com", "+1 212 555 0102",
						"Example Corp", "Engineering", "Principal Engineer", "ada.lovelace@example.com",
						today.minusYears(4).withDayOfMonth(15), List.of("Engineering", "All Staff"),
						Map.of("officeLocation", "New York", "tshirtSize", "S")),
				new DemoUser("margaret.hamilton@example.com", "Margaret", "Hamilton", "margaret.hamilton@example.com",
						"+1 617 555 0103", "Example Corp", "Sales", "Head of Sales", "ada.lovelace@example.com",
						today.minusYears(6).withDayOfMonth(1), List.of("Sales", "Managers", "All Staff"),
						Map.of("officeLocation", "Boston", "tshirtSize", "L")),
				new DemoUser("katherine.johnson@example.com", "Katherine", "Johnson", "katherine.johnson@example.com",
						"+1 757 555 0104", "Example Corp", "Sales", "Account Executive", "margaret.hamilton@example.com",
						today.minusDays(20), List.of("Sales", "All Staff"),
						Map.of("officeLocation", "Remote", "tshirtSize", "M")));
	}

	public List<DemoUser> all() {
		return this.users;
	}

	public Optional<DemoUser> find(String userName) {
		return this.users.stream().filter((user) -> user.userName().equalsIgnoreCase(userName)).findFirst();
	}

}
