package io.tilegate.saml;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import io.tilegate.config.TilegateProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.security.saml2.core.Saml2ParameterNames;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps what a SAML message may cost before OpenSAML parses it: its size, and how deep its
 * elements nest. A 540 KB response of 20,000 nested elements overflows OpenSAML's recursive
 * unmarshaller (a StackOverflowError, so a 500); here it is a quick 400. It has to stand in
 * front of Spring's single logout filters as well as its sign-in filter, and read the
 * Redirect binding too: deflated, those 20,000 elements fit in a URL.
 */
final class SamlMessageLimits extends OncePerRequestFilter {

	private final long maxBytes;

	private final int maxDepth;

	private final LoginRefusals refusals;

	SamlMessageLimits(TilegateProperties properties, LoginRefusals refusals) {
		this.maxBytes = properties.saml().maxResponseSize().toBytes();
		this.maxDepth = properties.saml().maxXmlDepth();
		this.refusals = refusals;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return !(path.startsWith("/login/saml2/sso") || path.startsWith("/logout/saml2/slo"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long length = request.getContentLengthLong();
		// Base64 adds a third, and form encoding a little more; allow for both.
		long maxEncoded = this.maxBytes * 3 / 2 + 4096;
		if (length > maxEncoded) {
			this.refusals.refuse(request, response, HttpServletResponse.SC_BAD_REQUEST, RefusalReason.TOO_LARGE,
					"The posted SAML message is " + length + " bytes; the limit is " + this.maxBytes
							+ " bytes decoded (tilegate.saml.max-response-size).",
					null);
			return;
		}
		// Both, because Spring's logout filters read the SAMLRequest when a SAMLResponse is sent too.
		for (String parameter : new String[] { Saml2ParameterNames.SAML_RESPONSE, Saml2ParameterNames.SAML_REQUEST }) {
			String encoded = request.getParameter(parameter);
			if (encoded == null) {
				continue;
			}
			String problem = problem(encoded, isRedirectBinding(request));
			if (problem != null) {
				String code = problem.startsWith("size") ? RefusalReason.TOO_LARGE
						: problem.startsWith("depth") ? RefusalReason.TOO_DEEP : RefusalReason.MALFORMED;
				this.refusals.refuse(request, response, HttpServletResponse.SC_BAD_REQUEST, code,
						problem.substring(problem.indexOf(':') + 2), null);
				return;
			}
		}
		chain.doFilter(request, response);
	}

	/** Spring Security inflates the message of a GET, and only of a GET. */
	static boolean isRedirectBinding(HttpServletRequest request) {
		return HttpMethod.GET.matches(request.getMethod());
	}

	/**
	 * The message as Spring Security will read it: base64, and deflated too on the Redirect
	 * binding (SAML bindings §3.4.4.1). Null when it is neither or inflates past
	 * {@code maxBytes}: this filter refuses those before anything else reads them.
	 */
	static String xml(String encoded, boolean redirectBinding, long maxBytes) {
		try {
			return new String(decode(encoded, redirectBinding, maxBytes), StandardCharsets.UTF_8);
		}
		catch (UndecodableMessage ex) {
			return null;
		}
	}

	private static byte[] decode(String encoded, boolean redirectBinding, long maxBytes) throws UndecodableMessage {
		byte[] decoded;
		try {
			decoded = Base64.getMimeDecoder().decode(encoded);
		}
		catch (IllegalArgumentException ex) {
			throw new UndecodableMessage("malformed: The SAML message is not valid base64.");
		}
		return redirectBinding ? inflate(decoded, maxBytes) : decoded;
	}

	private static byte[] inflate(byte[] deflated, long maxBytes) throws UndecodableMessage {
		Inflater inflater = new Inflater(true);
		try {
			inflater.setInput(deflated);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			byte[] buffer = new byte[4096];
			while (!inflater.finished()) {
				int n = inflater.inflate(buffer);
				if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
					throw new DataFormatException("it ends before its last block");
				}
				out.write(buffer, 0, n);
				if (out.size() > maxBytes) {
					throw new UndecodableMessage("size: The SAML message inflates to more than " + maxBytes
							+ " bytes (tilegate.saml.max-response-size).");
				}
			}
			return out.toByteArray();
		}
		catch (DataFormatException ex) {
			throw new UndecodableMessage("malformed: The SAML message on the Redirect binding is not DEFLATE data ("
					+ ex.getMessage() + "); that binding deflates it before base64 (SAML bindings §3.4.4.1).");
		}
		finally {
			inflater.end();
		}
	}

	/**
	 * How deep the elements nest, counted on the bytes: the real parse comes later and checks
	 * everything else, so this only has to see tags, comments, CDATA and quoted attribute
	 * values for what they are. UTF-8 never puts a '<' byte inside a multi-byte character.
	 */
	static String nesting(byte[] xml, int maxDepth) {
		int depth = 0;
		boolean anyElement = false;
		int i = 0;
		while (i < xml.length) {
			if (xml[i] != '<') {
				i++;
				continue;
			}
			if (i + 1 >= xml.length) {
				return "malformed: The SAML message ends inside a tag.";
			}
			byte next = xml[i + 1];
			if (next == '/') {
				depth--;
				i = after(xml, i + 2, ">");
			}
			else if (next == '?') {
				i = after(xml, i + 2, "?>");
			}
			else if (startsWith(xml, i, "<!--")) {
				i = after(xml, i + 4, "-->");
			}
			else if (startsWith(xml, i, "<![CDATA[")) {
				i = after(xml, i + 9, "]]>");
			}
			else if (next == '!') {
				return "malformed: The SAML message contains a DOCTYPE or other declaration, which SAML forbids.";
			}
			else {
				int end = endOfStartTag(xml, i + 1);
				if (end < 0) {
					return "malformed: The SAML message ends inside a tag.";
				}
				anyElement = true;
				if (xml[end - 1] != '/' && ++depth > maxDepth) {
					return "depth: The SAML message nests elements more than " + maxDepth
							+ " deep (tilegate.saml.max-xml-depth); a real response nests about 10.";
				}
				i = end + 1;
			}
			if (i < 0 || depth < 0) {
				return "malformed: The SAML message is not well-formed XML.";
			}
		}
		return anyElement ? null : "malformed: The SAML message is not well-formed XML: it has no element at all.";
	}

	private static int endOfStartTag(byte[] xml, int from) {
		byte quote = 0;
		for (int j = from; j < xml.length; j++) {
			byte b = xml[j];
			if (quote != 0) {
				if (b == quote) {
					quote = 0;
				}
			}
			else if (b == '"' || b == '\'') {
				quote = b;
			}
			else if (b == '>') {
				return j;
			}
		}
		return -1;
	}

	/** The index just after the next {@code token} from {@code from}, or -1. */
	private static int after(byte[] xml, int from, String token) {
		outer: for (int j = from; j <= xml.length - token.length(); j++) {
			for (int k = 0; k < token.length(); k++) {
				if (xml[j + k] != token.charAt(k)) {
					continue outer;
				}
			}
			return j + token.length();
		}
		return -1;
	}

	private static boolean startsWith(byte[] xml, int at, String token) {
		if (at + token.length() > xml.length) {
			return false;
		}
		for (int k = 0; k < token.length(); k++) {
			if (xml[at + k] != token.charAt(k)) {
				return false;
			}
		}
		return true;
	}

	/** What is wrong with the message, prefixed by its kind, or {@code null}. */
	private String problem(String encoded, boolean redirectBinding) {
		byte[] xml;
		try {
			xml = decode(encoded, redirectBinding, this.maxBytes);
		}
		catch (UndecodableMessage ex) {
			return ex.getMessage();
		}
		if (xml.length > this.maxBytes) {
			return "size: The SAML message is " + xml.length + " bytes; the limit is " + this.maxBytes
					+ " bytes (tilegate.saml.max-response-size).";
		}
		return nesting(xml, this.maxDepth);
	}

	/** A message that cannot be decoded; its message is a problem, prefixed by its kind. */
	private static final class UndecodableMessage extends Exception {

		private static final long serialVersionUID = 1L;

		UndecodableMessage(String problem) {
			super(problem, null, false, false);
		}

	}

}
