package io.tilegate.api;

import java.time.Duration;
import java.util.List;

import io.tilegate.access.AdminAccounts;
import io.tilegate.access.AdminActor;
import io.tilegate.access.AdminApiKeys;
import io.tilegate.access.AdminSignIn;
import io.tilegate.access.AdminSignInThrottle;
import io.tilegate.access.BearerSecrets;
import io.tilegate.config.SharedLimitUnreachableException;
import io.tilegate.directory.Directory;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Decides who an admin API call is: the admin account its Basic credentials name, or the admin
 * API key it presents. While the sign-in throttle holds the caller's address or user name,
 * nothing is checked. A refusal carries its reason for the event log
 * ({@link AdminApiSignInRefused}); the caller gets the same 401 whatever it was.
 */
final class AdminApiAuthenticationProvider implements AuthenticationProvider {

	private final AuthenticationProvider passwords;

	private final AdminApiKeys keys;

	private final AdminSignInThrottle throttle;

	private final Directory directory;

	/** @param passwords checks an admin account's password (not a bean of its own: see AdminApiAccess) */
	AdminApiAuthenticationProvider(AuthenticationProvider passwords, AdminApiKeys keys, AdminSignInThrottle throttle,
			Directory directory) {
		this.directory = directory;
		this.passwords = passwords;
		this.keys = keys;
		this.throttle = throttle;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		AdminApiCredentials presented = (AdminApiCredentials) authentication;
		Duration wait;
		try {
			wait = this.throttle.waitBefore(presented.address(), presented.userName());
		}
		catch (SharedLimitUnreachableException ex) {
			throw new AdminApiSignInRefused(presented, null, Duration.ZERO, true);
		}
		if (!wait.isZero()) {
			throw new AdminApiSignInRefused(presented, null, wait, false);
		}
		AdminSignIn outcome;
		if (presented.problem() != null) {
			outcome = AdminSignIn.refused(presented.problem());
		}
		else if (presented.apiKey() != null) {
			outcome = ofActiveMaker(this.keys.authenticate(presented.apiKey()));
		}
		else {
			outcome = checkPassword(presented.userName(), presented.password());
		}
		if (outcome.actor() == null) {
			throw new AdminApiSignInRefused(presented, outcome.refusal(), Duration.ZERO, false);
		}
		return signedIn(outcome.actor());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return AdminApiCredentials.class.isAssignableFrom(authentication);
	}

	static Authentication signedIn(AdminActor actor) {
		return UsernamePasswordAuthenticationToken.authenticated(actor, null,
				List.of(new SimpleGrantedAuthority(AdminAccounts.AUTHORITY)));
	}

	/**
	 * Deactivating or deleting an admin revokes their keys in the same commit; this stays as the
	 * backstop for when that did not run (a user's row changed by hand, a key made before keys
	 * recorded their maker is not covered). One primary-key read per call with such a key.
	 */
	private AdminSignIn ofActiveMaker(AdminSignIn outcome) {
		AdminActor actor = outcome.actor();
		if (actor == null || actor.userId() == null || this.directory.isActive(actor.userId())) {
			return outcome;
		}
		return AdminSignIn.refused(actor.name() + " was made by directory user " + actor.userId()
				+ ", who is deactivated or deleted; a key keeps no admin rights its maker lost");
	}

	private AdminSignIn checkPassword(String userName, String password) {
		try {
			this.passwords.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(userName, password));
			return AdminSignIn.as(AdminActor.account(userName));
		}
		catch (UsernameNotFoundException ex) {
			return AdminSignIn.refused("there is no admin account '" + BearerSecrets.shownAsTyped(userName)
					+ "' (the break-glass admin is '" + AdminAccounts.BREAK_GLASS + "')");
		}
		catch (BadCredentialsException ex) {
			return AdminSignIn.refused("wrong password for '" + BearerSecrets.shownAsTyped(userName) + "'");
		}
		catch (AuthenticationException ex) {
			return AdminSignIn.refused("the account '" + BearerSecrets.shownAsTyped(userName) + "' cannot sign in: "
					+ ex.getMessage());
		}
	}

	/**
	 * An admin API sign-in refused: either checked and found wrong ({@code reason}), or not
	 * checked at all because the throttle holds the caller ({@code wait} is not zero) or could
	 * not be read ({@code limitUnreachable}).
	 */
	static final class AdminApiSignInRefused extends AuthenticationException {

		private final transient AdminApiCredentials presented;

		private final String reason;

		private final Duration wait;

		private final boolean limitUnreachable;

		AdminApiSignInRefused(AdminApiCredentials presented, String reason, Duration wait, boolean limitUnreachable) {
			super((reason != null) ? reason : limitUnreachable ? "sign-in limit unreachable" : "throttled");
			this.presented = presented;
			this.reason = reason;
			this.wait = wait;
			this.limitUnreachable = limitUnreachable;
		}

		AdminApiCredentials presented() {
			return this.presented;
		}

		String reason() {
			return this.reason;
		}

		Duration waitBeforeRetry() {
			return this.wait;
		}

		boolean limitUnreachable() {
			return this.limitUnreachable;
		}

	}

}
