package io.tilegate.webhooks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.tilegate.config.WebhookProperties;

import org.springframework.stereotype.Component;

/**
 * Seals the endpoints' signing secrets for the database with AES-256-GCM under
 * {@code tilegate.webhooks.encryption-key}. Tilegate signs with a secret, so it keeps the
 * secret itself rather than a hash; sealed, a copy of the database alone does not give it
 * away. Each sealed secret is bound to its row (the secret's id is the associated data), so a
 * sealed value copied into another endpoint's row does not open.
 */
@Component
class SecretSeal {

	static final String HOW_TO_SET = "Set TILEGATE_WEBHOOKS_ENCRYPTION_KEY (property tilegate.webhooks.encryption-key) "
			+ "to base64 of 32 random bytes, e.g. the output of `openssl rand -base64 32`, on every node, and restart. "
			+ "Keep it apart from database backups: it is what keeps the endpoints' signing secrets unreadable there.";

	private static final String VERSION = "v1:";

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final SecureRandom random = new SecureRandom();

	private final SecretKeySpec key;

	private final String problem;

	SecretSeal(WebhookProperties properties) {
		SecretKeySpec key = null;
		String problem = null;
		if (!properties.hasEncryptionKey()) {
			problem = "No encryption key for webhook secrets is configured. " + HOW_TO_SET;
		}
		else {
			try {
				byte[] bytes = Base64.getDecoder().decode(properties.encryptionKey().trim());
				if (bytes.length == 32) {
					key = new SecretKeySpec(bytes, "AES");
				}
				else {
					problem = "The encryption key for webhook secrets is " + bytes.length + " bytes, not 32. " + HOW_TO_SET;
				}
			}
			catch (IllegalArgumentException ex) {
				problem = "The encryption key for webhook secrets is not base64. " + HOW_TO_SET;
			}
		}
		this.key = key;
		this.problem = problem;
	}

	/** @throws EncryptionKeyMissingException when no usable key is configured */
	String seal(UUID secretId, String secret) {
		byte[] nonce = new byte[NONCE_BYTES];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, secretId);
			byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
			return VERSION + Base64.getEncoder()
				.encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available to seal a webhook secret", ex);
		}
	}

	/**
	 * @throws EncryptionKeyMissingException when no usable key is configured
	 * @throws IllegalStateException when the value does not open under this key: the key changed
	 */
	String open(UUID secretId, String sealed) {
		if (!sealed.startsWith(VERSION)) {
			throw new IllegalStateException("Webhook secret " + secretId + " is not sealed in a known format");
		}
		byte[] bytes = Base64.getDecoder().decode(sealed.substring(VERSION.length()));
		try {
			Cipher cipher = cipher(Cipher.DECRYPT_MODE, java.util.Arrays.copyOf(bytes, NONCE_BYTES), secretId);
			return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Webhook secret " + secretId + " does not open with the configured "
					+ "tilegate.webhooks.encryption-key: the key was changed since it was made. Set the former key "
					+ "again, or make the endpoint a new secret.");
		}
	}

	boolean ready() {
		return this.key != null;
	}

	/** Why no secret can be sealed, with how to fix it; {@code null} when one can. */
	String problem() {
		return this.problem;
	}

	private Cipher cipher(int mode, byte[] nonce, UUID secretId) throws GeneralSecurityException {
		if (this.key == null) {
			throw new EncryptionKeyMissingException(this.problem);
		}
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, this.key, new GCMParameterSpec(TAG_BITS, nonce));
		cipher.updateAAD(secretId.toString().getBytes(StandardCharsets.US_ASCII));
		return cipher;
	}

}
