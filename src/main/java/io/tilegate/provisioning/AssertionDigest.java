package io.tilegate.provisioning;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;


/**
 * A fingerprint of what a sign-in asserted. Equal fingerprints, on a user and a connection
 * that have not changed since (their versions say so) and with no custom field defined since,
 * mean the mapping would change nothing.
 */
final class AssertionDigest {

	private AssertionDigest() {
	}

	static String of(String connectionId, Map<String, List<String>> attributes) {
		MessageDigest sha256;
		try {
			sha256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		update(sha256, connectionId);
		for (Map.Entry<String, List<String>> attribute : new TreeMap<>(attributes).entrySet()) {
			update(sha256, attribute.getKey());
			update(sha256, Integer.toString(attribute.getValue().size()));
			attribute.getValue().forEach((value) -> update(sha256, value));
		}
		return HexFormat.of().formatHex(sha256.digest());
	}

	// Length-prefixed, so that no two different inputs serialize alike.
	private static void update(MessageDigest digest, String value) {
		byte[] bytes = (value != null ? value : "\u0000null").getBytes(StandardCharsets.UTF_8);
		digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
		digest.update((byte) ':');
		digest.update(bytes);
	}

}
