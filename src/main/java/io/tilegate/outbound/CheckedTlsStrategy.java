package io.tilegate.outbound;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.function.Predicate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * TLS with the JVM's trust and host name verification against the URL's host name, after one
 * more look at the address the socket connected to, before a byte of the handshake is sent. The
 * {@link CheckedAddressResolver} already chose that address; this holds should any path of
 * HttpClient's ever connect without asking it.
 */
final class CheckedTlsStrategy implements TlsSocketStrategy {

	private final TlsSocketStrategy tls;

	private final Predicate<InetAddress> refused;

	CheckedTlsStrategy(SSLContext context, Predicate<InetAddress> refused) {
		this.tls = new DefaultClientTlsStrategy(context);
		this.refused = refused;
	}

	@Override
	public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context)
			throws IOException {
		InetAddress peer = socket.getInetAddress();
		if (peer == null || this.refused.test(peer)) {
			socket.close();
			throw new RefusedAddressException(target, (peer != null) ? peer : InetAddress.getByAddress(new byte[4]));
		}
		return this.tls.upgrade(socket, target, port, attachment, context);
	}

}
