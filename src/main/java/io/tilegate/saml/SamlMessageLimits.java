package io.tilegate.saml;

import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.util.Base64;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

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

	private static final XMLInputFactory STAX = secureFactory();

	private final long maxBytes;

	private final int maxDepth;

	private final LoginRefusals refusals;

	SamlMessageLimits(TilegateProperties properties, LoginRefusals refusals) {
		this.maxBytes = properties.saml().maxResponseSize().toBytes();
		this.maxDepth = properties.saml().maxXmlDepth();
		this.refusals = refusals;
	}

	private static XMLInputFactory secureFactory() {
		XMLInputFactory factory = XMLInputFactory.newFactory();
		factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
		factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
		return factory;
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
		try {
			XMLStreamReader reader = STAX.createXMLStreamReader(new ByteArrayInputStream(xml));
			int depth = 0;
			while (reader.hasNext()) {
				int event = reader.next();
				if (event == XMLStreamConstants.START_ELEMENT) {
					depth++;
					if (depth > this.maxDepth) {
						return "depth: The SAML message nests elements more than " + this.maxDepth
								+ " deep (tilegate.saml.max-xml-depth); a real response nests about 10.";
					}
				}
				else if (event == XMLStreamConstants.END_ELEMENT) {
					depth--;
				}
				else if (event == XMLStreamConstants.DTD) {
					return "malformed: The SAML message contains a DOCTYPE, which SAML forbids.";
				}
			}
			reader.close();
			return null;
		}
		catch (XMLStreamException ex) {
			return "malformed: The SAML message is not well-formed XML: " + ex.getMessage();
		}
	}

}
