package io.tilegate.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Turns a host name (or an address literal) into addresses: the system's DNS, or a test's own. */
@FunctionalInterface
public interface HostLookup {

	HostLookup SYSTEM = InetAddress::getAllByName;

	InetAddress[] lookup(String host) throws UnknownHostException;

}
