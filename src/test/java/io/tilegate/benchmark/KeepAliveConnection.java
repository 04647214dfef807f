package io.tilegate.benchmark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One persistent HTTP/1.1 connection: a few lines of blocking HTTP on a socket, so that on a
 * 2-core machine the figures are the server's, not a heavyweight client's. Answers are read
 * to their Content-Length.
 */
final class KeepAliveConnection implements AutoCloseable {

	private final URI server;

	private final Socket socket;

	private final OutputStream out;

	private final InputStream in;

	KeepAliveConnection(URI server) throws IOException {
		this.server = server;
		this.socket = new Socket(server.getHost(), server.getPort());
		this.socket.setTcpNoDelay(true);
		this.out = new BufferedOutputStream(this.socket.getOutputStream(), 32 * 1024);
		this.in = new BufferedInputStream(this.socket.getInputStream(), 16 * 1024);
	}

	/**
	 * Sends one request and reads the whole answer.
	 * @param pathAndQuery already encoded
	 */
	Answer send(String method, String pathAndQuery, Map<String, String> headers, byte[] body) throws IOException {
		StringBuilder request = new StringBuilder(256).append(method)
			.append(' ')
			.append(pathAndQuery)
			.append(" HTTP/1.1\r\nHost: ")
			.append(this.server.getHost())
			.append(':')
			.append(this.server.getPort())
			.append("\r\n");
		headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
		if (body != null) {
			request.append("Content-Length: ").append(body.length).append("\r\n");
		}
		request.append("\r\n");
		this.out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
		if (body != null) {
			this.out.write(body);
		}
		this.out.flush();
		StringBuilder head = new StringBuilder();
		while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
			int b = this.in.read();
			if (b < 0) {
				throw new IOException("Connection closed after: " + head);
			}
			head.append((char) b);
		}
		int length = 0;
		boolean chunked = false;
		for (String line : head.toString().split("\r\n")) {
			if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
				length = Integer.parseInt(line.substring(15).trim());
			}
			else if (line.regionMatches(true, 0, "Transfer-Encoding:", 0, 18) && line.toLowerCase().contains("chunked")) {
				chunked = true;
			}
		}
		byte[] answer = chunked ? readChunks() : this.in.readNBytes(length);
		return new Answer(head.toString(), new String(answer, StandardCharsets.UTF_8));
	}

	/** A chunked body (RFC 9112 §7.1): sizes in hex, each chunk followed by CRLF, ended by size 0. */
	private byte[] readChunks() throws IOException {
		java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
		while (true) {
			String sizeLine = readLine();
			int semicolon = sizeLine.indexOf(';');
			int size = Integer.parseInt((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
			if (size == 0) {
				while (!readLine().isEmpty()) {
					// trailers, if any
				}
				return body.toByteArray();
			}
			body.write(this.in.readNBytes(size));
			readLine();
		}
	}

	private String readLine() throws IOException {
		StringBuilder line = new StringBuilder();
		for (int b = this.in.read(); b != '\n'; b = this.in.read()) {
			if (b < 0) {
				throw new IOException("Connection closed inside a chunked body");
			}
			if (b != '\r') {
				line.append((char) b);
			}
		}
		return line.toString();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/** The status line and headers, and the body. */
	record Answer(String head, String body) {

		int status() {
			return Integer.parseInt(this.head.substring(9, 12));
		}

	}

}
