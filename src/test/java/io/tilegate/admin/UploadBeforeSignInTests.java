package io.tilegate.admin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * An upload from someone not signed in is refused before its body is read: Tomcat writes no
 * file for it, and the refusal comes while the client is still sending. Each request here
 * announces 20 MB and sends the first kilobyte only; a server that read the body first would
 * still be waiting for the rest.
 */
class UploadBeforeSignInTests extends AdminConsoleIntegrationTest {

	private static final int ANNOUNCED = 20 * 1024 * 1024;

	@Test
	void anAdminUploadFromSomeoneNotSignedInIsRefusedBeforeItsBodyIsRead() throws IOException {
		assertThat(statusOfAnUploadCutShort("/admin/connections/" + CONNECTION + "/metadata", "metadataFile", ""))
			.isEqualTo(403);
	}

	@Test
	void aPhotoUploadFromSomeoneNotSignedInIsRefusedBeforeItsBodyIsRead() throws IOException {
		assertThat(statusOfAnUploadCutShort("/me/image", "file", "")).isEqualTo(403);
	}

	@Test
	void aCsrfTokenInTheUrlDoesNotLetAnUploadThroughWithoutASignIn() throws IOException {
		assertThat(statusOfAnUploadCutShort("/admin/connections/" + CONNECTION + "/metadata?_csrf=guessed",
				"metadataFile", "")).isEqualTo(403);
	}

	private int statusOfAnUploadCutShort(String path, String field, String extraHeaders) throws IOException {
		String boundary = "----upload" + UUID.randomUUID().toString().replace("-", "");
		String firstPart = "--" + boundary + "\r\n" + "Content-Disposition: form-data; name=\"" + field
				+ "\"; filename=\"big.xml\"\r\nContent-Type: application/xml\r\n\r\n" + "<".repeat(1024);
		String head = "POST " + path + " HTTP/1.1\r\nHost: localhost:" + this.port + "\r\n"
				+ "Content-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: " + ANNOUNCED
				+ "\r\n" + extraHeaders + "\r\n";
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(15_000);
			OutputStream out = socket.getOutputStream();
			out.write(head.getBytes(StandardCharsets.US_ASCII));
			out.write(firstPart.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			String statusLine = in.readLine();
			assertThat(statusLine).startsWith("HTTP/1.1 ");
			return Integer.parseInt(statusLine.substring(9, 12));
		}
		catch (SocketTimeoutException ex) {
			return fail("No answer within 15 s to an upload cut short: the server is waiting for the body");
		}
	}

}
