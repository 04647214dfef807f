package io.tilegate.connections;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The email domains a connection's IdP owns. A domain covers itself only, never its
 * subdomains: {@code acme.com} does not cover {@code eu.acme.com}, because a parent company
 * owning a domain says nothing about who runs the IdP of a subsidiary's. Domains compare
 * ignoring case, as email domains do.
 */
public final class EmailDomains {

	/** How many domains one connection may list; the longest domain is 253 characters. */
	public static final int MAX_DOMAINS = 100;

	private static final Pattern DOMAIN = Pattern
		.compile("(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?");

	private EmailDomains() {
	}

	/** The domain of an email address, in lower case; {@code null} for no address or none after the '@'. */
	public static String domainOf(String email) {
		if (email == null) {
			return null;
		}
		int at = email.lastIndexOf('@');
		String domain = email.substring(at + 1).strip().toLowerCase(Locale.ROOT);
		return (at < 1 || domain.isEmpty()) ? null : domain;
	}

	/**
	 * The domains as stored: lower case, each once, sorted; blanks are skipped and a leading
	 * '@' is dropped, as an admin may copy one from an address.
	 * @throws InvalidConnectionException naming a domain that is not one
	 */
	static List<String> clean(List<String> domains) {
		List<String> clean = new ArrayList<>();
		for (String given : domains) {
			String domain = (given != null) ? given.strip().toLowerCase(Locale.ROOT) : "";
			if (domain.startsWith("@")) {
				domain = domain.substring(1);
			}
			if (domain.isEmpty() || clean.contains(domain)) {
				continue;
			}
			if (domain.startsWith("*.")) {
				throw new InvalidConnectionException("'" + shown(given) + "' is a wildcard; a verified domain covers "
						+ "exactly one domain, never its subdomains. List each domain the IdP owns, e.g. acme.com, eu.acme.com.");
			}
			if (!DOMAIN.matcher(domain).matches()) {
				throw new InvalidConnectionException("'" + shown(given) + "' is not an email domain. Give the part after "
						+ "the '@' of the users' addresses, e.g. acme.com; internationalized domains in their xn-- form.");
			}
			clean.add(domain);
		}
		if (clean.size() > MAX_DOMAINS) {
			throw new InvalidConnectionException("A connection may list at most " + MAX_DOMAINS + " email domains, not "
					+ clean.size() + ".");
		}
		clean.sort(null);
		return clean;
	}

	private static String shown(String given) {
		String shown = given.strip().replaceAll("\\p{Cntrl}", " ");
		return (shown.length() > 60) ? shown.substring(0, 60) + "…" : shown;
	}

}
