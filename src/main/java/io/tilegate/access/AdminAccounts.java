package io.tilegate.access;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.tilegate.config.TilegateProperties;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The break-glass admin: user {@value #BREAK_GLASS}, whose password comes from
 * {@code TILEGATE_ADMIN_PASSWORD} or, when that is not set, is generated at the first start
 * and shown once in the log. Only a bcrypt hash is stored.
 */
@Service
public class AdminAccounts {

	public static final String BREAK_GLASS = "admin";

	public static final String AUTHORITY = "ADMIN";

	private static final Logger logger = LoggerFactory.getLogger(AdminAccounts.class);

	/**
	 * Letters and digits only: base64url's {@code -} could begin the password, and a shell tool
	 * given it as an argument would read an option; nor does a double-click stop at it when the
	 * admin copies the password from the log. 24 of the 62 give 142 random bits.
	 */
	private static final String GENERATED_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private static final int GENERATED_LENGTH = 24;

	private static final int SHORT_PASSWORD = 12;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcTemplate jdbc;

	private final EventLog events;

	private final Clock clock;

	private final String configuredPassword;

	private final PasswordEncoder passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	/** The account and its event commit together: no account without its event, nor the other way. */
	private final TransactionTemplate transaction;

	AdminAccounts(JdbcTemplate jdbc, EventLog events, Clock clock, TilegateProperties properties,
			PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactions);
		String configured = properties.adminPassword();
		this.configuredPassword = (configured == null || configured.isEmpty()) ? null : configured;
	}

	/**
	 * Makes sure the break-glass admin exists. A configured password replaces the stored one
	 * when they differ, so changing the environment variable and restarting rotates it.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void ensureBreakGlassAdmin() {
		if (this.configuredPassword != null) {
			useConfiguredPassword();
		}
		else {
			generatePasswordIfAbsent();
		}
	}

	/**
	 * The admin accounts for Spring Security's password check. Not a bean of its own: a
	 * {@link UserDetailsService} bean would be picked up by the browser chain's global
	 * authentication too, which must only ever know SAML.
	 */
	public UserDetailsService userDetails() {
		return (userName) -> {
			String hash = storedHash(userName);
			if (hash == null) {
				throw new UsernameNotFoundException("There is no admin account '" + userName + "'");
			}
			return User.withUsername(userName).password(hash).authorities(AUTHORITY).build();
		};
	}

	/** The password encoder whose hashes {@link #userDetails()} hands out. */
	public PasswordEncoder passwordEncoder() {
		return this.passwords;
	}

	private void useConfiguredPassword() {
		if (this.configuredPassword.length() < SHORT_PASSWORD) {
			logger.warn("TILEGATE_ADMIN_PASSWORD has only {} characters. The break-glass admin can change every "
					+ "connection and user: choose at least 16 random characters.", this.configuredPassword.length());
		}
		String stored = storedHash(BREAK_GLASS);
		if (stored != null && matches(this.configuredPassword, stored)) {
			return;
		}
		String hash = this.passwords.encode(this.configuredPassword);
		String what;
		try {
			what = setPassword(hash, stored == null);
		}
		catch (DuplicateKeyException ex) {
			// Another node starting at the same moment created the account first: set the password on it.
			what = setPassword(hash, false);
		}
		logger.info("Break-glass admin '{}' {}.", BREAK_GLASS, what);
	}

	private String setPassword(String hash, boolean create) {
		return this.transaction.execute((status) -> {
			boolean created = create && insertIfAbsent(hash);
			if (!created) {
				this.jdbc.update("update admin_account set password_hash = ? where user_name = ?", hash, BREAK_GLASS);
			}
			String done = created ? "created with the password from TILEGATE_ADMIN_PASSWORD"
					: "password changed to the one in TILEGATE_ADMIN_PASSWORD";
			this.events.event(EventType.ADMIN_ACTION, "Break-glass admin '" + BREAK_GLASS + "' " + done)
				.actor("tilegate")
				.record();
			return done;
		});
	}

	private void generatePasswordIfAbsent() {
		if (storedHash(BREAK_GLASS) != null) {
			return;
		}
		String password = generatePassword();
		String hash = this.passwords.encode(password);
		boolean created;
		try {
			created = Boolean.TRUE.equals(this.transaction.execute((status) -> {
				if (!insertIfAbsent(hash)) {
					return false;
				}
				this.events
					.event(EventType.ADMIN_ACTION, "Break-glass admin '" + BREAK_GLASS
							+ "' created with a generated password, shown once in the server log")
					.actor("tilegate")
					.record();
				return true;
			}));
		}
		catch (DuplicateKeyException ex) {
			created = false;
		}
		if (!created) {
			// Another node starting at the same moment created it first; its log shows the password.
			return;
		}
		// Shown only once the account is committed: a password printed for a rolled-back account would work nowhere.
		logger.warn("Break-glass admin created: user '{}', password '{}'. It is shown once; set "
				+ "TILEGATE_ADMIN_PASSWORD to choose your own.", BREAK_GLASS, password);
	}

	/**
	 * @return {@code true} if this call created the account
	 * @throws DuplicateKeyException if another node created it at the same moment; the
	 * transaction is then spoiled (PostgreSQL takes no statement more in it) and rolls back
	 */
	private boolean insertIfAbsent(String hash) {
		return this.jdbc.update("""
				insert into admin_account (user_name, password_hash, created_at)
				select ?, ?, ? where not exists (select 1 from admin_account where user_name = ?)""", BREAK_GLASS,
				hash, Timestamp.from(Instant.now(this.clock)), BREAK_GLASS) == 1;
	}

	private boolean matches(String password, String hash) {
		try {
			return this.passwords.matches(password, hash);
		}
		catch (IllegalArgumentException ex) {
			// A hash in a format this version does not know: replace it.
			return false;
		}
	}

	private String storedHash(String userName) {
		List<String> hashes = this.jdbc.queryForList("select password_hash from admin_account where user_name = ?",
				String.class, userName);
		return hashes.isEmpty() ? null : hashes.get(0);
	}

	static String generatePassword() {
		StringBuilder password = new StringBuilder(GENERATED_LENGTH);
		for (int i = 0; i < GENERATED_LENGTH; i++) {
			password.append(GENERATED_ALPHABET.charAt(RANDOM.nextInt(GENERATED_ALPHABET.length())));
		}
		return password.toString();
	}

}
