package io.tilegate.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Which addresses a URL from outside may not reach: anything but a public unicast address.
 */
public final class InternalAddresses {

	private InternalAddresses() {
	}

	/**
	 * Loopback, any-local, RFC 1918 private, link-local (169.254.0.0/16, which holds the cloud
	 * metadata service at 169.254.169.254, and fe80::/10), unique local (fc00::/7), site-local,
	 * carrier-grade NAT, "this network", reserved and multicast; an IPv4-mapped or -compatible
	 * IPv6 address counts as the IPv4 address it carries.
	 */
	public static boolean isInternal(InetAddress address) {
		if (address instanceof Inet6Address) {
			byte[] bytes = address.getAddress();
			if (isIpv4Mapped(bytes) || isIpv4Compatible(bytes)) {
				try {
					return isInternal(InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)));
				}
				catch (UnknownHostException ex) {
					return true;
				}
			}
			// fc00::/7, unique local (RFC 4193)
			if ((bytes[0] & 0xfe) == 0xfc) {
				return true;
			}
		}
		if (address instanceof Inet4Address) {
			byte[] bytes = address.getAddress();
			int first = bytes[0] & 0xff;
			int second = bytes[1] & 0xff;
			// 0.0.0.0/8 "this network", 100.64.0.0/10 carrier-grade NAT (RFC 6598), 240.0.0.0/4 reserved
			if (first == 0 || (first == 100 && (second & 0xc0) == 64) || first >= 240) {
				return true;
			}
		}
		return address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress();
	}

	private static boolean isIpv4Mapped(byte[] bytes) {
		for (int i = 0; i < 10; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
	}

	private static boolean isIpv4Compatible(byte[] bytes) {
		for (int i = 0; i < 12; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		// ::1 and :: are IPv6's own loopback and any-local, checked as such.
		return (bytes[12] | bytes[13]) != 0;
	}

}
