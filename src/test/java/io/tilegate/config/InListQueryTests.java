package io.tilegate.config;

import java.util.List;
import java.util.stream.IntStream;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InListQueryTests {

	private HikariDataSource dataSource;

	private JdbcTemplate jdbc;

	@BeforeEach
	void numbersOneToThreeThousand() {
		this.dataSource = new HikariDataSource();
		this.dataSource.setJdbcUrl("jdbc:h2:mem:in-list;DB_CLOSE_DELAY=0");
		this.jdbc = new JdbcTemplate(this.dataSource);
		this.jdbc.execute("create table number (n int primary key, even boolean not null)");
		this.jdbc.batchUpdate("insert into number (n, even) values (?, ?)",
				IntStream.rangeClosed(1, 3000).mapToObj((n) -> new Object[] { n, n % 2 == 0 }).toList());
	}

	@AfterEach
	void close() {
		this.dataSource.close();
	}

	@Test
	void aListLongerThanAChunkIsAskedInChunksAndEveryAnswerKept() {
		List<Integer> asked = IntStream.rangeClosed(1, 2 * InListQuery.CHUNK + 1).boxed().toList();
		List<Integer> even = InListQuery.of(this.jdbc, "select n from number where even and n in (?)", Integer.class,
				asked);
		assertThat(even).containsExactlyInAnyOrderElementsOf(asked.stream().filter((n) -> n % 2 == 0).toList());
	}

	@Test
	void valuesThatMatchNothingAnswerNothing() {
		assertThat(InListQuery.of(this.jdbc, "select n from number where n in (?)", Integer.class, List.of(-1, 5000)))
			.isEmpty();
		assertThat(InListQuery.of(this.jdbc, "select n from number where n in (?)", Integer.class, List.of())).isEmpty();
	}

	@Test
	void aQueryWithoutAPlaceForTheValuesIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> InListQuery.of(this.jdbc, "select n from number where n = ?", Integer.class, List.of(1)));
	}

}
