package io.tilegate.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A host resolved to an address that may not be reached. An {@link UnknownHostException}, so
 * that HttpClient hands it back as it does a failed lookup, before any connection is tried.
 */
final class RefusedAddressException extends UnknownHostException {

	private final String host;

	private final transient InetAddress address;

	RefusedAddressException(String host, InetAddress address) {
		super(host + " resolves to " + address.getHostAddress());
		this.host = host;
		this.address = address;
	}

	String host() {
		return this.host;
	}

	InetAddress address() {
		return this.address;
	}

}
