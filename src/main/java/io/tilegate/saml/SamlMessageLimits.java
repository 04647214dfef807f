package io.tilegate.saml;

import java.io.IOException;
import java.util.Base64;

import io.tilegate.system.TilegateProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.security.saml2.core.Saml2ParameterNames;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps what a posted SAML message may cost before OpenSAML parses it: its size, and how deep
 * its elements nest. A 540 KB response of 20,000 nested elements overflows OpenSAML's
 * recursive unmarshaller (a StackOverflowError, so a 500); here it is a quick 400.
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
		if (!HttpMethod.POST.matches(request.getMethod())) {
			return true;
		}
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
		String encoded = request.getParameter(Saml2ParameterNames.SAML_RESPONSE);
		if (encoded == null) {
			encoded = request.getParameter(Saml2ParameterNames.SAML_REQUEST);
		}
		if (encoded != null) {
			String problem = problem(encoded);
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
	private String problem(String encoded) {
		byte[] xml;
		try {
			xml = Base64.getMimeDecoder().decode(encoded);
		}
		catch (IllegalArgumentException ex) {
			return "malformed: The SAML message is not valid base64.";
		}
		if (xml.length > this.maxBytes) {
			return "size: The SAML message is " + xml.length + " bytes; the limit is " + this.maxBytes
					+ " bytes (tilegate.saml.max-response-size).";
		}
		return nesting(xml, this.maxDepth);
	}

}
