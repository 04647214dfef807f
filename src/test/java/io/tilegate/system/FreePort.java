package io.tilegate.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * A port nothing listens on now, for a test server whose URLs must be known before it starts:
 * never a fixed one, which fails whenever two builds share a machine.
 */
public final class FreePort {

	private FreePort() {
	}

	public static int any() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
