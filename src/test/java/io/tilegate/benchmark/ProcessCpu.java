package io.tilegate.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The CPU time a benchmark's server spends: this JVM's, plus, on PostgreSQL, the database
 * server's, whose work runs in processes of its own (the postmaster and one backend per
 * connection) that the JVM's own figure never sees. Read from {@code /proc}, so on PostgreSQL
 * this needs Linux; H2 runs inside the JVM and needs nothing more.
 */
final class ProcessCpu {

	/** Linux reports process times in clock ticks of 1/100 s ({@code USER_HZ}) on every architecture we run on. */
	private static final long NANOS_PER_TICK = 10_000_000L;

	private final long postmaster;

	private ProcessCpu(long postmaster) {
		this.postmaster = postmaster;
	}

	/** This JVM only: H2 runs inside it. */
	static ProcessCpu jvm() {
		return new ProcessCpu(-1);
	}

	/** This JVM and the PostgreSQL server behind the data source (on this machine). */
	static ProcessCpu jvmAndPostgres(DataSource dataSource) {
		Integer backend = new JdbcTemplate(dataSource).queryForObject("select pg_backend_pid()", Integer.class);
		return new ProcessCpu(parent(backend));
	}

	/** The CPU time used so far, in nanoseconds. */
	long nanos() {
		return read().total();
	}

	/** The CPU time used so far by each side. */
	Reading read() {
		return new Reading(Measurement.processCpuNanos(),
				(this.postmaster > 0) ? postgresTicks() * NANOS_PER_TICK : 0);
	}

	boolean includesPostgres() {
		return this.postmaster > 0;
	}

	String describe() {
		return (this.postmaster > 0) ? "CPU of this JVM and of the PostgreSQL server" : "CPU of this JVM (H2 runs in it)";
	}

	/** CPU nanoseconds of this JVM and of the database server (0 for H2, which runs in the JVM). */
	record Reading(long jvm, long database) {

		long total() {
			return this.jvm + this.database;
		}

		Reading since(Reading start) {
			return new Reading(this.jvm - start.jvm, this.database - start.database);
		}

	}

	/**
	 * The postmaster's time and its children's, those that ended included (the postmaster
	 * reaps them, so their time moves into its {@code cutime}/{@code cstime}).
	 */
	private long postgresTicks() {
		long ticks = 0;
		try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
			for (Path process : (Iterable<Path>) processes::iterator) {
				String name = process.getFileName().toString();
				if (!name.chars().allMatch(Character::isDigit)) {
					continue;
				}
				long[] stat = stat(Long.parseLong(name));
				if (stat == null) {
					continue;
				}
				if (Long.parseLong(name) == this.postmaster) {
					ticks += stat[1] + stat[2] + stat[3] + stat[4];
				}
				else if (stat[0] == this.postmaster) {
					ticks += stat[1] + stat[2];
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read /proc for the PostgreSQL server's CPU time", ex);
		}
		return ticks;
	}

	private static long parent(long pid) {
		long[] stat = stat(pid);
		if (stat == null) {
			throw new IllegalStateException("No /proc/" + pid + "/stat: is PostgreSQL running on this machine?");
		}
		return stat[0];
	}

	/** ppid, utime, stime, cutime, cstime; {@code null} if the process ended meanwhile. */
	private static long[] stat(long pid) {
		String line;
		try {
			line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
		}
		catch (IOException ex) {
			return null;
		}
		// The command name (field 2) is in parentheses and may hold spaces; count from after it.
		String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
		return new long[] { Long.parseLong(fields[1]), Long.parseLong(fields[11]), Long.parseLong(fields[12]),
				Long.parseLong(fields[13]), Long.parseLong(fields[14]) };
	}

}
