package io.tilegate.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Predicate;

import org.apache.hc.client5.http.DnsResolver;

/**
 * The only DNS the fetch's connections use: each connection resolves its host once, here, every
 * address is checked, and the connection goes to exactly these addresses. A second lookup that
 * could answer differently (DNS rebinding: a public address for the check, 169.254.169.254 for
 * the connection) never happens.
 */
final class CheckedAddressResolver implements DnsResolver {

	private final HostLookup lookup;

	private final Predicate<InetAddress> refused;

	CheckedAddressResolver(HostLookup lookup, Predicate<InetAddress> refused) {
		this.lookup = lookup;
		this.refused = refused;
	}

	@Override
	public InetAddress[] resolve(String host) throws UnknownHostException {
		String name = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		InetAddress[] addresses = this.lookup.lookup(name);
		// Never null: HttpClient would then hand the name to the socket, which resolves it again.
		if (addresses == null || addresses.length == 0) {
			throw new UnknownHostException(host);
		}
		// One internal address among public ones refuses the host: the connection may go to any of them.
		for (InetAddress address : addresses) {
			if (this.refused.test(address)) {
				throw new RefusedAddressException(host, address);
			}
		}
		return addresses.clone();
	}

	/** Asked only for Kerberos service names, which these fetches never use. */
	@Override
	public String resolveCanonicalHostname(String host) {
		return host;
	}

}
