package io.tilegate.scim;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a SCIM body larger than {@code tilegate.scim.max-body-size} with 413 and a SCIM
 * error, before any controller reads it; a {@code /Bulk} body is held to
 * {@code tilegate.scim.bulk-max-payload-size} instead, the {@code maxPayloadSize} that
 * {@code /ServiceProviderConfig} advertises. A body announced by {@code Content-Length} is
 * judged by that header (the container never reads past it); a chunked one is read here up
 * to one byte over the limit, and handed on from memory when it fits.
 */
class ScimBodyLimit extends OncePerRequestFilter {

	private final int maxBytes;

	private final int bulkMaxBytes;

	ScimBodyLimit(long maxBytes, long bulkMaxBytes) {
		this.maxBytes = (int) Math.min(maxBytes, Integer.MAX_VALUE - 8);
		this.bulkMaxBytes = (int) Math.min(bulkMaxBytes, Integer.MAX_VALUE - 8);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean bulk = ScimBulkController.isBulk(request);
		int limit = bulk ? this.bulkMaxBytes : this.maxBytes;
		long announced = request.getContentLengthLong();
		if (announced > limit) {
			tooLarge(request, response, bulk);
			return;
		}
		if (announced >= 0) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body = request.getInputStream().readNBytes(limit + 1);
		if (body.length > limit) {
			tooLarge(request, response, bulk);
			return;
		}
		chain.doFilter((body.length == 0) ? request : new ReadBody(request, body), response);
	}

	private void tooLarge(HttpServletRequest request, HttpServletResponse response, boolean bulk) throws IOException {
		int limit = bulk ? this.bulkMaxBytes : this.maxBytes;
		ScimCall.of(request).outcome("body over " + limit + " bytes");
		ScimErrors.write(response, ScimErrors.error(HttpStatus.PAYLOAD_TOO_LARGE, bulk ? "tooLarge" : null,
				"The request body is larger than " + limit + " bytes, the most Tilegate accepts ("
						+ (bulk ? "maxPayloadSize in /ServiceProviderConfig, tilegate.scim.bulk-max-payload-size"
								: "tilegate.scim.max-body-size")
						+ "). Send fewer members or operations per request."));
	}

	/** A chunked body read into memory, offered to the controllers as if it were still unread. */
	private static final class ReadBody extends HttpServletRequestWrapper {

		private final int length;

		private final ServletInputStream stream;

		ReadBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.length = body.length;
			ByteArrayInputStream bytes = new ByteArrayInputStream(body);
			this.stream = new ServletInputStream() {

				@Override
				public int read() {
					return bytes.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return bytes.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return bytes.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body was read already");
				}

			};
		}

		@Override
		public ServletInputStream getInputStream() {
			return this.stream;
		}

		@Override
		public BufferedReader getReader() {
			return new BufferedReader(new InputStreamReader(this.stream, charset(getCharacterEncoding())));
		}

		private static Charset charset(String encoding) {
			try {
				return (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
			}
			catch (IllegalArgumentException ex) {
				return StandardCharsets.UTF_8;
			}
		}

		@Override
		public int getContentLength() {
			return this.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.length;
		}

	}

}
