/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pins how IP literals are read where Netty's {@code NetUtil} and libzmq ({@code inet_pton}, RFC 4291 section 2.2)
 * disagree: libzmq's reading wins.
 */
class HostSyntaxTest {

    @Test
    void acceptsDottedQuadAfterAnyIpv6PrefixLikeInetPton() {
        assertArrayEquals(octets(0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, 192, 0, 2, 33),
                HostSyntax.parseIpv6("e", "64:ff9b::192.0.2.33"));
        assertArrayEquals(octets(0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 10, 0, 0, 1),
                HostSyntax.parseIpv6("e", "1:2:3:4:5:6:10.0.0.1"));
    }

    @Test
    void connectsToNat64LiteralAsIpv6() {
        InetAddress address = ZmtpEndpoint.parse("tcp://[64:ff9b::192.0.2.33]:5555").toConnectAddress().getAddress();
        assertInstanceOf(Inet6Address.class, address);
        assertArrayEquals(octets(0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, 192, 0, 2, 33), address.getAddress());
    }

    @Test
    void keepsIpv4CompatibleLiteralAsIpv6InsteadOfMappingIt() {
        assertArrayEquals(octets(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 192, 0, 2, 1),
                HostSyntax.parseIpv6("e", "::192.0.2.1"));
        InetAddress address = ZmtpEndpoint.parse("tcp://[::192.0.2.1]:5555").toConnectAddress().getAddress();
        assertInstanceOf(Inet6Address.class, address);
    }

    @Test
    void readsIpv4MappedLiteralAsTheIpv4Address() {
        assertArrayEquals(octets(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1),
                HostSyntax.parseIpv6("e", "::ffff:192.0.2.1"));
        InetAddress address = ZmtpEndpoint.parse("tcp://[0:0:0:0:0:ffff:192.0.2.1]:5555").toConnectAddress()
                .getAddress();
        assertInstanceOf(Inet4Address.class, address);
    }

    @Test
    void readsIpv6ZoneApartFromTheAddress() {
        assertArrayEquals(octets(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),
                HostSyntax.parseIpv6("e", "fe80::1%eth0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[::1.2.3.4:5]", "[::ffff:1.2.3]", "[::ffff:256.0.0.1]", "[::ffff:1.2.3.4.5]",
        "[1:2:3:4:5:6:7:1.2.3.4]", "[1:2:3:4:5:6::1.2.3.4]", "[::1.2.3.4%]", "[::1%e:0]"})
    void rejectsMalformedDottedQuadOrZoneInIpv6(String host) {
        String endpoint = "tcp://" + host + ":5555";
        InvalidEndpointException ex = assertThrows(InvalidEndpointException.class, () -> ZmtpEndpoint.parse(endpoint));
        assertTrue(ex.getMessage().startsWith("invalid endpoint '" + endpoint + "': "), ex.getMessage());
    }

    @Test
    void rejectsBracketsAndZonesThatNetUtilWouldAcceptInsideALiteral() {
        assertThrows(InvalidEndpointException.class, () -> HostSyntax.parseIpv6("e", "[::1]"));
        InvalidEndpointException ex = assertThrows(InvalidEndpointException.class,
                () -> HostSyntax.parseIpv6("e", "::1%eth0%1"));
        assertTrue(ex.getMessage().contains("IPv6 zone 'eth0%1' contains '%'"), ex.getMessage());
    }

    @Test
    void readsIpv4LiteralOctets() {
        assertArrayEquals(octets(192, 0, 2, 255), HostSyntax.parseHost("e", "192.0.2.255"));
    }

    @Test
    void returnsNoOctetsForWildcardAndNames() {
        assertNull(HostSyntax.parseHost("e", ZmtpEndpoint.WILDCARD));
        assertNull(HostSyntax.parseHost("e", "broker-1.example.com"));
        assertNull(HostSyntax.parseHost("e", "1.2.3.example"));
    }

    private static byte[] octets(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
