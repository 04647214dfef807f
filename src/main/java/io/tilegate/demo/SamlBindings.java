package io.tilegate.demo;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import org.opensaml.security.SecurityException;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.crypto.XMLSigningUtil;

/**
 * The two SAML 2.0 bindings a browser carries (SAML bindings §3.4 HTTP-Redirect, §3.5
 * HTTP-POST): how a message is encoded into a parameter, and how the Redirect binding signs
 * the query string instead of the XML.
 */
public final class SamlBindings {

	/** Inflated messages larger than this are refused: a few kilobytes of DEFLATE can expand to gigabytes. */
	public static final int MAX_INFLATED_BYTES = 256 * 1024;

	private SamlBindings() {
	}

	/** HTTP-POST (§3.5.4): the XML in base64, no compression. */
	public static String postEncode(String xml) {
		return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
	}

	public static String postDecode(String parameter) {
		return new String(Base64.getMimeDecoder().decode(parameter), StandardCharsets.UTF_8);
	}

	/** HTTP-Redirect (§3.4.4.1): raw DEFLATE (RFC 1951, no zlib header), then base64; not yet URL-encoded. */
	public static String redirectEncode(String xml) {
		Deflater deflater = new Deflater(Deflater.DEFLATED, true);
		try {
			deflater.setInput(xml.getBytes(StandardCharsets.UTF_8));
			deflater.finish();
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			byte[] buffer = new byte[4096];
			while (!deflater.finished()) {
				out.write(buffer, 0, deflater.deflate(buffer));
			}
			return Base64.getEncoder().encodeToString(out.toByteArray());
		}
		finally {
			deflater.end();
		}
	}

	/** Reverses {@link #redirectEncode}; the parameter must already be URL-decoded. */
	public static String redirectDecode(String parameter) {
		byte[] deflated = Base64.getMimeDecoder().decode(parameter);
		Inflater inflater = new Inflater(true);
		try {
			inflater.setInput(deflated);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			byte[] buffer = new byte[4096];
			while (!inflater.finished()) {
				int n = inflater.inflate(buffer);
				if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
					throw new IllegalArgumentException("The SAML message is not complete DEFLATE data");
				}
				out.write(buffer, 0, n);
				if (out.size() > MAX_INFLATED_BYTES) {
					throw new IllegalArgumentException(
							"The SAML message inflates to more than " + MAX_INFLATED_BYTES + " bytes; refused");
				}
			}
			return out.toString(StandardCharsets.UTF_8);
		}
		catch (DataFormatException ex) {
			throw new IllegalArgumentException("The SAML message is not DEFLATE data: " + ex.getMessage(), ex);
		}
		finally {
			inflater.end();
		}
	}

	/**
	 * A complete HTTP-Redirect query string. When {@code key} is given it is signed as SAML
	 * bindings §3.4.4.1 says: the signature covers exactly
	 * {@code SAMLRequest=…&RelayState=…&SigAlg=…} as URL-encoded octets, in that order.
	 * @param parameterName {@code SAMLRequest} or {@code SAMLResponse}
	 * @param relayState omitted when null
	 * @param key signs when not null
	 */
	public static String redirectQuery(String parameterName, String xml, String relayState, IdpSigningKey key,
			String signatureAlgorithm) {
		StringBuilder query = new StringBuilder(parameterName).append('=').append(urlEncode(redirectEncode(xml)));
		if (relayState != null) {
			query.append("&RelayState=").append(urlEncode(relayState));
		}
		if (key == null) {
			return query.toString();
		}
		query.append("&SigAlg=").append(urlEncode(signatureAlgorithm));
		try {
			byte[] signature = XMLSigningUtil.signWithURI(key.credential(), signatureAlgorithm,
					query.toString().getBytes(StandardCharsets.UTF_8));
			return query.append("&Signature=").append(urlEncode(Base64.getEncoder().encodeToString(signature))).toString();
		}
		catch (SecurityException ex) {
			throw new IllegalStateException("Could not sign the redirect with " + signatureAlgorithm, ex);
		}
	}

	/**
	 * Checks a received HTTP-Redirect query string's signature (§3.4.4.1). The signed octets
	 * are rebuilt from the raw, still URL-encoded values as they arrived: re-encoding decoded
	 * values could differ from the sender's encoding and break a valid signature.
	 * @param rawQuery the query string exactly as received, without '?'
	 */
	public static boolean verifyRedirectSignature(String rawQuery, X509Certificate certificate) {
		Map<String, String> raw = new LinkedHashMap<>();
		for (String pair : rawQuery.split("&")) {
			int eq = pair.indexOf('=');
			if (eq > 0) {
				raw.putIfAbsent(pair.substring(0, eq), pair.substring(eq + 1));
			}
		}
		String message = raw.containsKey("SAMLRequest") ? "SAMLRequest" : "SAMLResponse";
		if (!raw.containsKey(message) || !raw.containsKey("SigAlg") || !raw.containsKey("Signature")) {
			return false;
		}
		StringBuilder signed = new StringBuilder(message).append('=').append(raw.get(message));
		if (raw.containsKey("RelayState")) {
			signed.append("&RelayState=").append(raw.get("RelayState"));
		}
		signed.append("&SigAlg=").append(raw.get("SigAlg"));
		try {
			return XMLSigningUtil.verifyWithURI(new BasicX509Credential(certificate), urlDecode(raw.get("SigAlg")),
					Base64.getMimeDecoder().decode(urlDecode(raw.get("Signature"))),
					signed.toString().getBytes(StandardCharsets.UTF_8));
		}
		catch (SecurityException | IllegalArgumentException ex) {
			return false;
		}
	}

	/** Percent-encodes everything but RFC 3986 unreserved characters, as Spring Security does. */
	public static String urlEncode(String value) {
		StringBuilder out = new StringBuilder();
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xff);
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
					|| c == '_' || c == '~') {
				out.append(c);
			}
			else {
				out.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
			}
		}
		return out.toString();
	}

	public static String urlDecode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

}
