package io.tilegate.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signing as the Standard Webhooks specification says: HMAC-SHA256 over
 * {@code id.timestamp.body}, keyed with the bytes of the secret after {@code whsec_}, sent as
 * {@code v1,<base64>}; during a rotation one such signature per active secret, separated by
 * spaces, so the receiver may hold either secret.
 */
final class WebhookSignature {

	static final String PREFIX = "whsec_";

	// The specification asks for 24 to 64 bytes; 32 is HMAC-SHA256's own block of strength.
	private static final int SECRET_BYTES = 32;

	private static final SecureRandom RANDOM = new SecureRandom();

	private WebhookSignature() {
	}

	/** A new secret as the Standard Webhooks libraries read it: {@code whsec_} and base64 of random bytes. */
	static String newSecret() {
		byte[] bytes = new byte[SECRET_BYTES];
		RANDOM.nextBytes(bytes);
		return PREFIX + Base64.getEncoder().encodeToString(bytes);
	}

	/** The last characters, to tell secrets apart in lists without showing them. */
	static String hint(String secret) {
		return "…" + secret.substring(secret.length() - 6);
	}

	/** The {@code webhook-signature} header's value: one {@code v1,<signature>} per secret. */
	static String header(List<String> secrets, String id, long timestamp, byte[] body) {
		return secrets.stream().map((secret) -> "v1," + sign(secret, id, timestamp, body)).collect(Collectors.joining(" "));
	}

	static String sign(String secret, String id, long timestamp, byte[] body) {
		byte[] key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available to sign a webhook", ex);
		}
	}

}
