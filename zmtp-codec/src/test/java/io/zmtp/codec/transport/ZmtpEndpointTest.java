/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.transport;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ZmtpEndpointTest {

    // ------------------------------------------------------------------------------------------------ tcp

    @Test
    void parsesTcpWithIpv4Literal() {
        ZmtpEndpoint e = ZmtpEndpoint.parse("tcp://127.0.0.1:5555");
        assertAll(
                () -> assertEquals(ZmtpTransport.TCP, e.transport()),
                () -> assertEquals("127.0.0.1", e.host()),
                () -> assertEquals(5555, e.port()),
                () -> assertNull(e.path()),
                () -> assertFalse(e.isWildcardHost()),
                () -> assertFalse(e.isWildcardPort()),
                () -> assertTrue(e.isConnectable()),
                () -> assertEquals("tcp://127.0.0.1:5555", e.toString()));
    }

    @Test
    void parsesTcpWithDnsName() {
        ZmtpEndpoint e = ZmtpEndpoint.parse("tcp://broker-1.example.com:9000");
        assertEquals("broker-1.example.com", e.host());
        assertEquals(9000, e.port());
        assertEquals("tcp://broker-1.example.com:9000", e.toString());
    }

    @Test
    void parsesWildcardHostForBind() {
        ZmtpEndpoint e = ZmtpEndpoint.parse("tcp://*:5555");
        assertEquals("*", e.host());
        assertEquals(ZmtpEndpoint.WILDCARD, e.host());
        assertTrue(e.isWildcardHost());
        assertFalse(e.isConnectable());
        assertEquals(5555, e.port());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://*:0", "tcp://*:*"})
    void parsesOsChosenPortAsPortZero(String endpoint) {
        ZmtpEndpoint e = ZmtpEndpoint.parse(endpoint);
        assertEquals(0, e.port());
        assertTrue(e.isWildcardPort());
        assertEquals("tcp://*:0", e.toString());
    }

    @Test
    void parsesIpv6LiteralInBrackets() {
        ZmtpEndpoint e = ZmtpEndpoint.parse("tcp://[::1]:5555");
        assertEquals("::1", e.host());
        assertEquals(5555, e.port());
        assertEquals("tcp://[::1]:5555", e.toString());
    }

    @Test
    void parsesIpv6LiteralWithZoneInsideTheBrackets() {
        ZmtpEndpoint e = ZmtpEndpoint.parse("tcp://[fe80::1%eth0]:5555");
        assertEquals("fe80::1%eth0", e.host());
        assertEquals("tcp://[fe80::1%eth0]:5555", e.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"::", "::1", "1::", "2001:db8::8a2e:370:7334", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::",
        "::ffff:192.0.2.1", "64:ff9b::192.0.2.33", "FE80::ABCD"})
    void acceptsEveryRfc4291TextFormOfIpv6(String literal) {
        assertEquals(literal, ZmtpEndpoint.parse("tcp://[" + literal + "]:1").host());
    }

    @Test
    void acceptsPortBoundaries() {
        assertEquals(0, ZmtpEndpoint.parse("tcp://*:0").port());
        assertEquals(65535, ZmtpEndpoint.parse("tcp://host:65535").port());
    }

    @Test
    void dropsLeadingZerosOfThePortInTheCanonicalForm() {
        ZmtpEndpoint e = ZmtpEndpoint.parse("tcp://host:0080");
        assertEquals(80, e.port());
        assertEquals("tcp://host:80", e.toString());
    }

    @Test
    void keepsHostNamesAsGivenSoEqualityIsTextual() {
        ZmtpEndpoint upper = ZmtpEndpoint.parse("tcp://LOCALHOST:1");
        assertEquals("LOCALHOST", upper.host());
        assertNotEquals(ZmtpEndpoint.parse("tcp://localhost:1"), upper);
    }

    @Test
    void acceptsHostNameWithTrailingDot() {
        assertEquals("example.com.", ZmtpEndpoint.parse("tcp://example.com.:1").host());
    }

    // --------------------------------------------------------------------------------------------- ws, wss

    @Test
    void parsesWebSocketEndpointWithPath() {
        ZmtpEndpoint e = ZmtpEndpoint.parse("ws://example.com:8080/zmq/feed");
        assertAll(
                () -> assertEquals(ZmtpTransport.WS, e.transport()),
                () -> assertEquals("example.com", e.host()),
                () -> assertEquals(8080, e.port()),
                () -> assertEquals("/zmq/feed", e.path()),
                () -> assertEquals("ws://example.com:8080/zmq/feed", e.toString()));
    }

    @Test
    void defaultsWebSocketPathToSlash() {
        ZmtpEndpoint e = ZmtpEndpoint.parse("ws://*:8080");
        assertTrue(e.isWildcardHost());
        assertEquals("/", e.path());
        assertEquals("ws://*:8080/", e.toString());
        assertEquals(e, ZmtpEndpoint.parse("ws://*:8080/"));
    }

    @Test
    void parsesWebSocketWithIpv6LiteralAndPath() {
        ZmtpEndpoint e = ZmtpEndpoint.parse("ws://[::1]:8080/x");
        assertEquals("::1", e.host());
        assertEquals("/x", e.path());
    }

    @Test
    void parsesWssAsSecureWebSocket() {
        ZmtpEndpoint e = ZmtpEndpoint.parse("wss://example.com:443/zmq");
        assertEquals(ZmtpTransport.WSS, e.transport());
        assertTrue(e.transport().isSecure());
        assertTrue(e.transport().isWebSocket());
        assertEquals("/zmq", e.path());
        assertEquals("wss://example.com:443/zmq", e.toString());
        assertNotEquals(ZmtpEndpoint.parse("ws://example.com:443/zmq"), e);
    }

    @Test
    void rejectsWebSocketWithoutPort() {
        InvalidEndpointException ex = assertInvalid("ws://example.com/zmq");
        assertTrue(ex.getMessage().contains("no port"), ex.getMessage());
    }

    // ------------------------------------------------------------------------------------------ ipc, inproc

    @Test
    void parsesIpcAbsolutePath() {
        ZmtpEndpoint e = ZmtpEndpoint.parse("ipc:///tmp/feeds/0");
        assertAll(
                () -> assertEquals(ZmtpTransport.IPC, e.transport()),
                () -> assertEquals("/tmp/feeds/0", e.path()),
                () -> assertNull(e.host()),
                () -> assertEquals(-1, e.port()),
                () -> assertFalse(e.isAbstract()),
                () -> assertTrue(e.isConnectable()),
                () -> assertEquals("ipc:///tmp/feeds/0", e.toString()));
    }

    @Test
    void parsesIpcRelativePath() {
        ZmtpEndpoint e = ZmtpEndpoint.parse("ipc://run/sock");
        assertEquals("run/sock", e.path());
        assertEquals("ipc://run/sock", e.toString());
    }

    @Test
    void parsesIpcAbstractNameKeepingTheAt() {
        ZmtpEndpoint e = ZmtpEndpoint.parse("ipc://@zmtp-test");
        assertEquals("@zmtp-test", e.path());
        assertTrue(e.isAbstract());
    }

    @Test
    void parsesIpcWildcardAsBindOnly() {
        ZmtpEndpoint e = ZmtpEndpoint.parse("ipc://*");
        assertEquals("*", e.path());
        assertFalse(e.isConnectable());
        InvalidEndpointException ex = assertThrows(InvalidEndpointException.class, e::requireConnectable);
        assertTrue(ex.getMessage().contains("'ipc://*'"), ex.getMessage());
        assertTrue(ex.getMessage().contains("cannot connect to a wildcard address"), ex.getMessage());
    }

    @Test
    void acceptsIpcPathOf107BytesAndRejects108WithAClearMessage() {
        String longest = "/" + "a".repeat(106);
        assertEquals(longest, ZmtpEndpoint.parse("ipc://" + longest).path());

        String tooLong = "/" + "a".repeat(107);
        InvalidEndpointException ex = assertInvalid("ipc://" + tooLong);
        assertTrue(ex.getMessage().contains("108 bytes"), ex.getMessage());
        assertTrue(ex.getMessage().contains("limited to 107 bytes"), ex.getMessage());
    }

    @Test
    void measuresIpcPathLengthInUtf8Bytes() {
        // 54 two-byte characters: 54 characters but 108 bytes.
        assertInvalid("ipc://" + "\u00e9".repeat(54));
    }

    @Test
    void rejectsEmptyIpcPathAndEmptyAbstractName() {
        assertTrue(assertInvalid("ipc://").getMessage().contains("path is empty"));
        assertTrue(assertInvalid("ipc://@").getMessage().contains("name after '@' is empty"));
    }

    @Test
    void parsesInprocName() {
        ZmtpEndpoint e = ZmtpEndpoint.parse("inproc://workers");
        assertAll(
                () -> assertEquals(ZmtpTransport.INPROC, e.transport()),
                () -> assertEquals("workers", e.path()),
                () -> assertNull(e.host()),
                () -> assertEquals(-1, e.port()),
                () -> assertEquals("inproc://workers", e.toString()));
    }

    @Test
    void acceptsInprocNameOf256CharactersAndRejects257() {
        assertEquals(256, ZmtpEndpoint.parse("inproc://" + "n".repeat(256)).path().length());
        InvalidEndpointException ex = assertInvalid("inproc://" + "n".repeat(257));
        assertTrue(ex.getMessage().contains("257 characters"), ex.getMessage());
    }

    @Test
    void rejectsEmptyInprocName() {
        InvalidEndpointException ex = assertInvalid("inproc://");
        assertTrue(ex.getMessage().contains("inproc name is empty"), ex.getMessage());
    }

    // ------------------------------------------------------------------------------------------- errors

    @Test
    void rejectsNullWithNpeNamingTheParameter() {
        NullPointerException ex = assertThrows(NullPointerException.class, () -> ZmtpEndpoint.parse(null));
        assertEquals("endpoint", ex.getMessage());
    }

    @Test
    void rejectsEmptyString() {
        assertTrue(assertInvalid("").getMessage().contains("empty"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:5555", "tcp:127.0.0.1:5555", "tcp:/127.0.0.1:5555", "localhost"})
    void rejectsEndpointWithoutSchemeSeparator(String endpoint) {
        InvalidEndpointException ex = assertInvalid(endpoint);
        assertTrue(ex.getMessage().contains("no '://'"), ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "pgm", "epgm", "norm", "tipc", "vmci", "http"})
    void rejectsUnknownSchemeListingSupportedOnes(String scheme) {
        InvalidEndpointException ex = assertInvalid(scheme + "://239.192.1.1:5555");
        String message = ex.getMessage();
        assertTrue(message.contains("unsupported transport '" + scheme + "'"), message);
        assertTrue(message.contains("tcp, ipc, inproc, ws and wss"), message);
        assertTrue(message.contains("udp, pgm, epgm and norm are not ZMTP transports"), message);
        assertTrue(message.contains("tipc and vmci"), message);
    }

    @Test
    void rejectsUpperCaseSchemeWithAHint() {
        InvalidEndpointException ex = assertInvalid("TCP://host:1");
        assertTrue(ex.getMessage().contains("lower-case"), ex.getMessage());
    }

    @Test
    void rejectsMissingScheme() {
        InvalidEndpointException ex = assertInvalid("://host:1");
        assertTrue(ex.getMessage().contains("no transport before '://'"), ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://:5555", "ws://:80/x"})
    void rejectsEmptyHost(String endpoint) {
        InvalidEndpointException ex = assertInvalid(endpoint);
        assertTrue(ex.getMessage().contains("host is empty"), ex.getMessage());
    }

    @Test
    void rejectsEmptyBrackets() {
        InvalidEndpointException ex = assertInvalid("tcp://[]:5555");
        assertTrue(ex.getMessage().contains("host is empty"), ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://host", "tcp://host:", "tcp://[::1]", "tcp://[::1]:", "tcp://", "ws://host"})
    void rejectsMissingPort(String endpoint) {
        InvalidEndpointException ex = assertInvalid(endpoint);
        assertTrue(ex.getMessage().matches(".*no (host and )?port.*"), ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://host:http", "tcp://host:-1", "tcp://host:+80", "tcp://host:0x50"})
    void rejectsNonNumericPort(String endpoint) {
        InvalidEndpointException ex = assertInvalid(endpoint);
        assertTrue(ex.getMessage().contains("is not a number") || ex.getMessage().contains("follows the port"),
                ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"65536", "70000", "99999999999"})
    void rejectsPortAbove65535WithAClearMessage(String port) {
        InvalidEndpointException ex = assertInvalid("tcp://host:" + port);
        assertTrue(ex.getMessage().contains("port " + port + " is out of range 0..65535"), ex.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tcp://[::1:5555     | no closing ']'",
        "tcp://::1]:5555     | no '[' before it",
        "tcp://[[::1]]:5555  | second '['",
        "tcp://[::1]]:5555   | second ']'",
        "tcp://host[1]:5555  | must start the host"})
    void rejectsUnbalancedIpv6Brackets(String endpoint, String expected) {
        InvalidEndpointException ex = assertInvalid(endpoint);
        assertTrue(ex.getMessage().contains("unbalanced"), ex.getMessage());
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }

    @Test
    void rejectsIpv6LiteralWithoutBrackets() {
        InvalidEndpointException ex = assertInvalid("tcp://::1:5555");
        assertTrue(ex.getMessage().contains("must be enclosed in brackets"), ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[127.0.0.1]", "[::1::2]", "[1:2:3:4:5:6:7:8:9]", "[12345::]", "[g::1]", "[:1]",
        "[1.2.3.4::]", "[::1%]", "[::1%a/b]"})
    void rejectsMalformedBracketedAddress(String host) {
        assertInvalid("tcp://" + host + ":5555");
    }

    @Test
    void rejectsTextBetweenClosingBracketAndPort() {
        InvalidEndpointException ex = assertInvalid("tcp://[::1]5555");
        assertTrue(ex.getMessage().contains("where ':port' was expected"), ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://host:5555/resource", "tcp://host:5555/", "tcp://*:*/x"})
    void rejectsPathAfterTcpPortLikeLibzmq(String endpoint) {
        InvalidEndpointException ex = assertInvalid(endpoint);
        assertTrue(ex.getMessage().contains("a tcp endpoint ends at the port"), ex.getMessage());
    }

    @Test
    void rejectsTcpEndpointThatLooksLikeAPath() {
        InvalidEndpointException ex = assertInvalid("tcp:///tmp/sock");
        assertTrue(ex.getMessage().contains("ipc://"), ex.getMessage());
    }

    @Test
    void rejectsLibzmqSourceAddressForm() {
        InvalidEndpointException ex = assertInvalid("tcp://192.168.1.17:5555;192.168.1.1:5555");
        assertTrue(ex.getMessage().contains("source-address"), ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://256.0.0.1:1", "tcp://1.2.3:1", "tcp://127.1:1", "tcp://1.2.3.4.5:1",
        "tcp://1..2.3:1", "tcp://1234:1"})
    void rejectsMalformedIpv4Literal(String endpoint) {
        InvalidEndpointException ex = assertInvalid(endpoint);
        assertTrue(ex.getMessage().contains("not a valid IPv4 address"), ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://user@host:1", "tcp://a..b:1", "tcp://.a:1", "tcp://*.example.com:1",
        "tcp://fe80::1%eth0:1", "tcp://h\u00f6st:1"})
    void rejectsMalformedHostName(String endpoint) {
        assertInvalid(endpoint);
    }

    @Test
    void rejectsHostNameLabelLongerThan63() {
        InvalidEndpointException ex = assertInvalid("tcp://" + "a".repeat(64) + ".com:1");
        assertTrue(ex.getMessage().contains("longer than 63"), ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {" tcp://host:1", "tcp://host:1 ", "tcp://ho st:1", "tcp://host:\t1", "ipc:///tmp/a b",
        "inproc://a\nb", "ws://h:1/a\u00a0b"})
    void rejectsWhitespaceAnywhere(String endpoint) {
        InvalidEndpointException ex = assertInvalid(endpoint);
        assertTrue(ex.getMessage().contains("whitespace"), ex.getMessage());
    }

    @Test
    void rejectsControlCharacters() {
        InvalidEndpointException ex = assertInvalid("inproc://a\u0000b");
        assertTrue(ex.getMessage().contains("U+0000"), ex.getMessage());
    }

    @Test
    void invalidEndpointExceptionIsAnIllegalArgumentException() {
        assertInstanceOf(IllegalArgumentException.class, assertInvalid("nope"));
    }

    // -------------------------------------------------------------------------------- canonical form, equality

    @ParameterizedTest
    @ValueSource(strings = {"tcp://127.0.0.1:5555", "tcp://*:0", "tcp://*:*", "tcp://[::1]:1", "tcp://[fe80::1%2]:1",
        "tcp://host.example:65535", "ws://*:80", "ws://[::1]:80/a/b?c=d", "wss://h:443/", "ipc:///tmp/x",
        "ipc://rel", "ipc://@abs", "ipc://*", "inproc://x", "tcp://h:007"})
    void canonicalFormRoundTripsThroughParse(String endpoint) {
        ZmtpEndpoint e = ZmtpEndpoint.parse(endpoint);
        ZmtpEndpoint again = ZmtpEndpoint.parse(e.toString());
        assertEquals(e, again);
        assertEquals(e.hashCode(), again.hashCode());
        assertEquals(e.toString(), again.toString());
    }

    @Test
    void equalEndpointsHaveEqualHashCodesAndDifferentOnesDiffer() {
        ZmtpEndpoint a = ZmtpEndpoint.parse("tcp://host:1");
        assertEquals(a, ZmtpEndpoint.parse("tcp://host:01"));
        assertEquals(a.hashCode(), ZmtpEndpoint.parse("tcp://host:01").hashCode());
        assertNotEquals(a, ZmtpEndpoint.parse("tcp://host:2"));
        assertNotEquals(a, ZmtpEndpoint.parse("ws://host:1"));
        assertNotEquals(ZmtpEndpoint.parse("ipc://x"), ZmtpEndpoint.parse("inproc://x"));
        assertFalse(a.equals("tcp://host:1"));
        assertFalse(a.equals(null));
    }

    // ------------------------------------------------------------------------------------ tcp factory, withPort

    @Test
    void tcpFactoryBuildsTheSameEndpointAsParse() {
        assertEquals(ZmtpEndpoint.parse("tcp://127.0.0.1:5555"), ZmtpEndpoint.tcp("127.0.0.1", 5555));
        assertEquals(ZmtpEndpoint.parse("tcp://*:0"), ZmtpEndpoint.tcp("*", 0));
        assertEquals(ZmtpEndpoint.parse("tcp://example.com:80"), ZmtpEndpoint.tcp("example.com", 80));
    }

    @Test
    void tcpFactoryAcceptsIpv6WithOrWithoutBrackets() {
        ZmtpEndpoint expected = ZmtpEndpoint.parse("tcp://[::1]:5555");
        assertEquals(expected, ZmtpEndpoint.tcp("::1", 5555));
        assertEquals(expected, ZmtpEndpoint.tcp("[::1]", 5555));
        assertEquals("tcp://[fe80::1%eth0]:1", ZmtpEndpoint.tcp("fe80::1%eth0", 1).toString());
    }

    @Test
    void tcpFactoryValidatesHostAndPort() {
        assertEquals("host", assertThrows(NullPointerException.class, () -> ZmtpEndpoint.tcp(null, 1)).getMessage());
        InvalidEndpointException range = assertThrows(InvalidEndpointException.class,
                () -> ZmtpEndpoint.tcp("host", 65536));
        assertTrue(range.getMessage().contains("'tcp://host:65536'"), range.getMessage());
        assertTrue(range.getMessage().contains("out of range"), range.getMessage());
        assertThrows(InvalidEndpointException.class, () -> ZmtpEndpoint.tcp("host", -1));
        assertTrue(assertThrows(InvalidEndpointException.class, () -> ZmtpEndpoint.tcp("", 1))
                .getMessage().contains("host is empty"));
        assertTrue(assertThrows(InvalidEndpointException.class, () -> ZmtpEndpoint.tcp("a b", 1))
                .getMessage().contains("whitespace"));
        assertTrue(assertThrows(InvalidEndpointException.class, () -> ZmtpEndpoint.tcp("[::1", 1))
                .getMessage().contains("unbalanced"));
        assertTrue(assertThrows(InvalidEndpointException.class, () -> ZmtpEndpoint.tcp("::g", 1))
                .getMessage().contains("not a valid IPv6 address"));
    }

    @Test
    void withPortReturnsACopyWithTheBoundPort() {
        ZmtpEndpoint requested = ZmtpEndpoint.parse("tcp://*:*");
        ZmtpEndpoint bound = requested.withPort(49152);
        assertEquals("tcp://*:49152", bound.toString());
        assertEquals(0, requested.port());
        assertEquals(49152, bound.port());
        assertSame(bound, bound.withPort(49152));
        assertEquals("ws://[::1]:8080/p", ZmtpEndpoint.parse("ws://[::1]:0/p").withPort(8080).toString());
    }

    @Test
    void withPortRejectsOutOfRangePortAndPortlessTransports() {
        ZmtpEndpoint e = ZmtpEndpoint.parse("tcp://host:1");
        InvalidEndpointException ex = assertThrows(InvalidEndpointException.class, () -> e.withPort(65536));
        assertTrue(ex.getMessage().contains("65536"), ex.getMessage());
        IllegalStateException ipc = assertThrows(IllegalStateException.class,
                () -> ZmtpEndpoint.parse("ipc:///tmp/x").withPort(1));
        assertTrue(ipc.getMessage().contains("ipc endpoints have no port"), ipc.getMessage());
    }

    // ----------------------------------------------------------------------------------- socket addresses

    @Test
    void bindAddressOfWildcardIsTheAnyLocalAddress() {
        InetSocketAddress address = ZmtpEndpoint.parse("tcp://*:5555").toBindAddress();
        assertEquals(new InetSocketAddress(5555), address);
        assertTrue(address.getAddress().isAnyLocalAddress());
        assertEquals(0, ZmtpEndpoint.parse("tcp://*:*").toBindAddress().getPort());
    }

    @Test
    void bindAddressOfIpv4LiteralIsResolved() throws Exception {
        InetSocketAddress address = ZmtpEndpoint.parse("tcp://127.0.0.1:5555").toBindAddress();
        assertFalse(address.isUnresolved());
        assertInstanceOf(Inet4Address.class, address.getAddress());
        assertArrayEquals(new byte[] {127, 0, 0, 1}, address.getAddress().getAddress());
        assertEquals(5555, address.getPort());
    }

    @Test
    void bindAddressOfIpv6LiteralIsResolvedWithoutBrackets() {
        InetSocketAddress address = ZmtpEndpoint.parse("ws://[::1]:8080/x").toBindAddress();
        assertInstanceOf(Inet6Address.class, address.getAddress());
        assertTrue(address.getAddress().isLoopbackAddress());
        assertEquals(8080, address.getPort());
    }

    @Test
    void bindAddressRejectsHostNamesLikeLibzmq() {
        InvalidEndpointException ex = assertThrows(InvalidEndpointException.class,
                () -> ZmtpEndpoint.parse("tcp://localhost:5555").toBindAddress());
        assertTrue(ex.getMessage().contains("'tcp://localhost:5555'"), ex.getMessage());
        assertTrue(ex.getMessage().contains("cannot bind to the host name 'localhost'"), ex.getMessage());
        assertTrue(ex.getMessage().contains("tcp://127.0.0.1:5555"), ex.getMessage());
    }

    @Test
    void connectAddressOfHostNameIsUnresolved() {
        InetSocketAddress address = ZmtpEndpoint.parse("tcp://broker.example.com:5555").toConnectAddress();
        assertTrue(address.isUnresolved());
        assertEquals("broker.example.com", address.getHostString());
        assertEquals(5555, address.getPort());
    }

    @Test
    void connectAddressOfIpLiteralsIsResolved() throws Exception {
        InetSocketAddress v4 = ZmtpEndpoint.parse("tcp://192.0.2.7:5555").toConnectAddress();
        assertFalse(v4.isUnresolved());
        assertEquals(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 7}), v4.getAddress());

        InetSocketAddress v6 = ZmtpEndpoint.parse("tcp://[2001:db8::1]:5555").toConnectAddress();
        assertFalse(v6.isUnresolved());
        byte[] expected = new byte[16];
        expected[0] = 0x20;
        expected[1] = 0x01;
        expected[2] = 0x0d;
        expected[3] = (byte) 0xb8;
        expected[15] = 1;
        assertArrayEquals(expected, v6.getAddress().getAddress());
        assertEquals("2001:db8:0:0:0:0:0:1", v6.getAddress().getHostAddress());
    }

    @Test
    void connectAddressKeepsNumericIpv6Zone() {
        InetSocketAddress address = ZmtpEndpoint.parse("tcp://[fe80::1%3]:5555").toConnectAddress();
        Inet6Address inet6 = assertInstanceOf(Inet6Address.class, address.getAddress());
        assertEquals(3, inet6.getScopeId());
    }

    @Test
    void connectAddressOfIpv4MappedLiteralIsIpv4() {
        InetSocketAddress address = ZmtpEndpoint.parse("tcp://[::ffff:192.0.2.1]:1").toConnectAddress();
        assertInstanceOf(Inet4Address.class, address.getAddress());
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 1}, address.getAddress().getAddress());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://*:5555", "tcp://host:0", "tcp://host:*", "ws://*:80/x"})
    void connectAddressRejectsWildcards(String endpoint) {
        InvalidEndpointException ex = assertThrows(InvalidEndpointException.class,
                () -> ZmtpEndpoint.parse(endpoint).toConnectAddress());
        assertTrue(ex.getMessage().contains("cannot connect to a wildcard address"), ex.getMessage());
        assertTrue(ex.getMessage().contains("'" + ZmtpEndpoint.parse(endpoint) + "'"), ex.getMessage());
    }

    @Test
    void requireConnectableReturnsTheEndpointWhenItCanBeConnectedTo() {
        ZmtpEndpoint e = ZmtpEndpoint.parse("tcp://host:1");
        assertSame(e, e.requireConnectable());
        ZmtpEndpoint inproc = ZmtpEndpoint.parse("inproc://x");
        assertSame(inproc, inproc.requireConnectable());
    }

    @ParameterizedTest
    @CsvSource({"ipc:///tmp/x, ipc", "inproc://x, inproc"})
    void socketAddressesAreUnavailableForIpcAndInproc(String endpoint, String scheme) {
        ZmtpEndpoint e = ZmtpEndpoint.parse(endpoint);
        IllegalStateException bind = assertThrows(IllegalStateException.class, e::toBindAddress);
        IllegalStateException connect = assertThrows(IllegalStateException.class, e::toConnectAddress);
        assertTrue(bind.getMessage().startsWith(scheme + " endpoints have no TCP socket address"),
                bind.getMessage());
        assertTrue(connect.getMessage().contains("'" + endpoint + "'"), connect.getMessage());
    }

    // --------------------------------------------------------------------------------------------- transport

    @Test
    void transportSchemesMatchLibzmq() {
        assertEquals("tcp", ZmtpTransport.TCP.scheme());
        assertEquals("ipc", ZmtpTransport.IPC.scheme());
        assertEquals("inproc", ZmtpTransport.INPROC.scheme());
        assertEquals("ws", ZmtpTransport.WS.scheme());
        assertEquals("wss", ZmtpTransport.WSS.scheme());
        for (ZmtpTransport t : ZmtpTransport.values()) {
            assertEquals(Optional.of(t), ZmtpTransport.forScheme(t.scheme()));
            assertEquals(t.scheme(), t.toString());
        }
        assertEquals(Optional.empty(), ZmtpTransport.forScheme("TCP"));
        assertEquals(Optional.empty(), ZmtpTransport.forScheme("udp"));
    }

    @Test
    void onlyTcpAndWebSocketTransportsHaveSocketAddresses() {
        assertTrue(ZmtpTransport.TCP.hasSocketAddress());
        assertTrue(ZmtpTransport.WS.hasSocketAddress());
        assertTrue(ZmtpTransport.WSS.hasSocketAddress());
        assertFalse(ZmtpTransport.IPC.hasSocketAddress());
        assertFalse(ZmtpTransport.INPROC.hasSocketAddress());
        assertFalse(ZmtpTransport.WS.isSecure());
        assertFalse(ZmtpTransport.TCP.isWebSocket());
    }

    /** Asserts that parsing fails with an {@link InvalidEndpointException} whose message quotes the input. */
    private static InvalidEndpointException assertInvalid(String endpoint) {
        InvalidEndpointException ex = assertThrows(InvalidEndpointException.class,
                () -> ZmtpEndpoint.parse(endpoint));
        assertTrue(ex.getMessage().contains("'" + endpoint + "'"),
                () -> "message does not quote the input: " + ex.getMessage());
        return ex;
    }
}
