package io.tilegate.outbound;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which addresses a URL from outside may reach (moved here from the metadata fetcher's tests). */
class InternalAddressesTests {

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
			"169.254.169.254", "0.0.0.0", "100.64.0.1", "224.0.0.251", "255.255.255.255", "::1", "::", "fe80::1",
			"fc00::1", "fd12:3456::1", "fec0::1", "ff02::1", "::ffff:10.0.0.1", "::ffff:169.254.169.254" })
	void internalAddresses(String address) throws Exception {
		assertThat(InternalAddresses.isInternal(InetAddress.getByName(address))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "8.8.8.8", "93.184.216.34", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111",
			"2001:db8::1" })
	void publicAddresses(String address) throws Exception {
		assertThat(InternalAddresses.isInternal(InetAddress.getByName(address))).isFalse();
	}

	@Test
	void ipv4MappedAndCompatibleIpv6FormsAreCheckedAsTheirIpv4Address() throws Exception {
		// InetAddress.getByName turns ::ffff:a.b.c.d into an Inet4Address; a resolver may not.
		byte[] mapped = new byte[16];
		mapped[10] = (byte) 0xff;
		mapped[11] = (byte) 0xff;
		mapped[12] = 127;
		mapped[15] = 1;
		assertThat(InternalAddresses.isInternal(Inet6Address.getByAddress(null, mapped, -1))).isTrue();
		byte[] compatible = new byte[16];
		compatible[12] = 10;
		compatible[15] = 1;
		assertThat(InternalAddresses.isInternal(Inet6Address.getByAddress(null, compatible, -1))).isTrue();
		byte[] mappedPublic = Arrays.copyOf(mapped, 16);
		mappedPublic[12] = 8;
		mappedPublic[13] = 8;
		mappedPublic[14] = 8;
		mappedPublic[15] = 8;
		assertThat(InternalAddresses.isInternal(Inet6Address.getByAddress(null, mappedPublic, -1))).isFalse();
	}

}
