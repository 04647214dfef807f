package io.tilegate.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Bearer secrets (SCIM tokens, admin API keys): 256 random bits behind a prefix that says
 * what the secret is, so a leaked one is recognised by secret scanners and by people. Only
 * the SHA-256 of a secret is ever stored; a fast hash is right here because the secret has
 * full entropy, unlike a password.
 */
public final class BearerSecrets {

	/** Every SCIM token starts with this; the admin API names it when one is sent to it by mistake. */
	public static final String SCIM_TOKEN_PREFIX = "tgscim_";

	// tgadmin_…, tgscim_…: every secret Tilegate makes starts with tg, a kind and an underscore.
	private static final java.util.regex.Pattern TYPED_SECRET = java.util.regex.Pattern.compile("tg[a-z]+_");

	private static final int MAX_SHOWN = 64;

	private static final SecureRandom RANDOM = new SecureRandom();

	private BearerSecrets() {
	}

	/** A new secret: {@code prefix} followed by 43 base64url characters (256 bits). */
	public static String generate(String prefix) {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** The lowercase hex SHA-256 of the secret, as stored. */
	public static String hash(String secret) {
		return HexFormat.of().formatHex(sha256(secret));
	}

	/**
	 * Compares the hash of a presented secret with a stored one in time independent of where
	 * they differ; the secret is hashed once, for the lookup and for this.
	 */
	public static boolean sameHash(String presentedHash, String storedHash) {
		byte[] stored;
		try {
			stored = HexFormat.of().parseHex(storedHash);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return MessageDigest.isEqual(HexFormat.of().parseHex(presentedHash), stored);
	}

	/** The last four characters, which lists show so an admin can tell secrets apart. */
	public static String hint(String secret) {
		return "…" + secret.substring(secret.length() - 4);
	}

	private static byte[] sha256(String secret) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

	/**
	 * A name someone typed into a sign-in, as a log or event may show it: one line, at most 64
	 * characters, and never a Tilegate secret, which people paste into the wrong field.
	 */
	public static String shownAsTyped(String value) {
		if (value == null) {
			return "";
		}
		if (TYPED_SECRET.matcher(value).find()) {
			return "[a secret]";
		}
		String oneLine = value.replaceAll("\\p{Cntrl}", "?");
		return (oneLine.length() > MAX_SHOWN) ? oneLine.substring(0, MAX_SHOWN) + "…" : oneLine;
	}

}
