/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.transport;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * Parses endpoint strings in libzmq's syntax into {@link ZmtpEndpoint}s; the class description of
 * {@code ZmtpEndpoint} lists the accepted forms. Hosts are validated by {@link HostSyntax}.
 *
 * <p>Parsing is purely textual: it never resolves a name, opens a socket or looks at an {@code ipc} path. Every
 * failure is an {@link InvalidEndpointException} whose message quotes the endpoint and says what is wrong with it.
 */
final class ZmtpEndpointParser {

    private static final int MAX_PORT = 65535;
    private static final String SUPPORTED = "supported transports are tcp, ipc, inproc, ws and wss";
    private static final String NOT_ZMTP = "udp, pgm, epgm and norm are not ZMTP transports, and tipc and vmci "
            + "need kernel socket families that the JVM cannot open";

    private ZmtpEndpointParser() {
    }

    /** Parses {@code endpoint}; see {@link ZmtpEndpoint#parse(String)}. */
    static ZmtpEndpoint parse(String endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.isEmpty()) {
            throw InvalidEndpointException.of(endpoint, "it is empty; expected transport://address, such as "
                    + "tcp://127.0.0.1:5555");
        }
        checkCharacters(endpoint, endpoint, "it");
        int separator = endpoint.indexOf("://");
        if (separator < 0) {
            throw InvalidEndpointException.of(endpoint, "there is no '://' between the transport and the address; "
                    + "expected transport://address, such as tcp://127.0.0.1:5555");
        }
        String scheme = endpoint.substring(0, separator);
        ZmtpTransport transport = ZmtpTransport.forScheme(scheme)
                .orElseThrow(() -> unknownTransport(endpoint, scheme));
        String address = endpoint.substring(separator + 3);
        switch (transport) {
            case TCP:
                return parseTcp(endpoint, address);
            case WS:
            case WSS:
                return parseWebSocket(endpoint, transport, address);
            case IPC:
                return parseIpc(endpoint, address);
            case INPROC:
                return parseInproc(endpoint, address);
            default:
                throw new AssertionError(transport);
        }
    }

    /** Builds {@code tcp://host:port}; see {@link ZmtpEndpoint#tcp(String, int)}. */
    static ZmtpEndpoint tcp(String host, int port) {
        Objects.requireNonNull(host, "host");
        String bare = host.length() >= 2 && host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1) : host;
        String input = "tcp://" + (bare.indexOf(':') >= 0 ? "[" + bare + "]" : bare) + ":" + port;
        checkCharacters(input, host, "the host");
        checkPort(input, port);
        if (bare.isEmpty()) {
            throw InvalidEndpointException.of(input, "the host is empty; use '*' to bind on all interfaces");
        }
        if (bare.indexOf('[') >= 0 || bare.indexOf(']') >= 0) {
            throw InvalidEndpointException.of(input, "unbalanced brackets in the host '" + host + "'");
        }
        byte[] address = bare.indexOf(':') >= 0 ? HostSyntax.parseIpv6(input, bare) : HostSyntax.parseHost(input, bare);
        return new ZmtpEndpoint(ZmtpTransport.TCP, bare, address, port, null);
    }

    /**
     * Checks that {@code port} is in 0..65535.
     *
     * @throws InvalidEndpointException if it is not; the message quotes {@code endpoint}
     */
    static void checkPort(String endpoint, int port) {
        if (port < 0 || port > MAX_PORT) {
            throw InvalidEndpointException.of(endpoint, "the port " + port + " is out of range 0..65535");
        }
    }

    private static ZmtpEndpoint parseTcp(String endpoint, String address) {
        if (address.startsWith("/")) {
            throw InvalidEndpointException.of(endpoint, "a tcp endpoint takes host:port, not a path; a Unix domain "
                    + "socket is ipc://path");
        }
        return parseHostPort(endpoint, ZmtpTransport.TCP, address, null);
    }

    private static ZmtpEndpoint parseWebSocket(String endpoint, ZmtpTransport transport, String address) {
        // Neither a host nor a port contains '/', so the first one starts the path.
        int slash = address.indexOf('/');
        String hostPort = slash < 0 ? address : address.substring(0, slash);
        String path = slash < 0 ? "/" : address.substring(slash);
        return parseHostPort(endpoint, transport, hostPort, path);
    }

    private static ZmtpEndpoint parseHostPort(String endpoint, ZmtpTransport transport, String hostPort,
                                              String path) {
        String example = transport.scheme() + "://host:port";
        if (hostPort.isEmpty()) {
            throw InvalidEndpointException.of(endpoint, "there is no host and port; expected " + example);
        }
        if (hostPort.indexOf(';') >= 0) {
            throw InvalidEndpointException.of(endpoint, "libzmq's source-address form source;host:port is not "
                    + "supported; expected " + example);
        }
        String host;
        String portText;
        byte[] address;
        if (hostPort.charAt(0) == '[') {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw InvalidEndpointException.of(endpoint, "unbalanced '[': the IPv6 address has no closing ']'");
            }
            host = hostPort.substring(1, close);
            if (host.indexOf('[') >= 0) {
                throw InvalidEndpointException.of(endpoint, "unbalanced '[': a second '[' appears before the ']'");
            }
            String rest = hostPort.substring(close + 1);
            if (rest.indexOf(']') >= 0) {
                throw InvalidEndpointException.of(endpoint, "unbalanced ']': a second ']' appears after the IPv6 "
                        + "address");
            }
            if (host.isEmpty()) {
                throw InvalidEndpointException.of(endpoint, "the host is empty: '[]' holds no IPv6 address");
            }
            address = HostSyntax.parseIpv6(endpoint, host);
            if (rest.isEmpty()) {
                throw missingPort(endpoint, example);
            }
            if (rest.charAt(0) != ':') {
                throw InvalidEndpointException.of(endpoint, "'" + rest + "' follows the ']' where ':port' was "
                        + "expected");
            }
            portText = rest.substring(1);
        } else {
            if (hostPort.indexOf('[') >= 0) {
                throw InvalidEndpointException.of(endpoint, "unbalanced '[': an IPv6 address in brackets must "
                        + "start the host");
            }
            if (hostPort.indexOf(']') >= 0) {
                throw InvalidEndpointException.of(endpoint, "unbalanced ']': there is no '[' before it; an IPv6 "
                        + "address is written in brackets, as in " + transport.scheme() + "://[::1]:5555");
            }
            int colon = hostPort.indexOf(':');
            if (colon < 0) {
                throw missingPort(endpoint, example);
            }
            host = hostPort.substring(0, colon);
            portText = hostPort.substring(colon + 1);
            if (portText.indexOf(':') >= 0) {
                throw InvalidEndpointException.of(endpoint, "the address has more than one ':'; an IPv6 address "
                        + "must be enclosed in brackets, as in " + transport.scheme() + "://[::1]:5555");
            }
            if (host.isEmpty()) {
                throw InvalidEndpointException.of(endpoint, "the host is empty; use '*' to bind on all interfaces, "
                        + "as in " + transport.scheme() + "://*:" + (portText.isEmpty() ? "5555" : portText));
            }
            address = HostSyntax.parseHost(endpoint, host);
        }
        int port = parsePort(endpoint, transport, portText, example);
        return new ZmtpEndpoint(transport, host, address, port, path);
    }

    private static int parsePort(String endpoint, ZmtpTransport transport, String text, String example) {
        if (text.isEmpty()) {
            throw missingPort(endpoint, example);
        }
        if (ZmtpEndpoint.WILDCARD.equals(text)) {
            return 0;
        }
        // A '*' port is the whole port; anything after it, as after digits, is reported as trailing text.
        int digits = 0;
        if (text.charAt(0) == '*') {
            digits = 1;
        } else {
            while (digits < text.length() && HostSyntax.isAsciiDigit(text.charAt(digits))) {
                digits++;
            }
        }
        if (digits < text.length()) {
            String tail = text.substring(digits);
            if (digits == 0) {
                throw InvalidEndpointException.of(endpoint, "the port '" + text + "' is not a number; expected "
                        + "0..65535, or '*' to let a bind choose one");
            }
            if (tail.charAt(0) == '/' && transport == ZmtpTransport.TCP) {
                throw InvalidEndpointException.of(endpoint, "'" + tail + "' follows the port; a tcp endpoint ends "
                        + "at the port (libzmq rejects tcp://host:port/resource too)");
            }
            throw InvalidEndpointException.of(endpoint, "'" + tail + "' follows the port; expected " + example);
        }
        // Strip leading zeros before measuring, so that 000080 is port 80 and 99999999999 cannot overflow.
        int first = 0;
        while (first < text.length() - 1 && text.charAt(first) == '0') {
            first++;
        }
        String significant = text.substring(first);
        if (significant.length() > 5 || Integer.parseInt(significant) > MAX_PORT) {
            throw InvalidEndpointException.of(endpoint, "the port " + significant + " is out of range 0..65535");
        }
        return Integer.parseInt(significant);
    }

    private static ZmtpEndpoint parseIpc(String endpoint, String path) {
        if (path.isEmpty()) {
            throw InvalidEndpointException.of(endpoint, "the ipc path is empty; expected ipc:///absolute/path, "
                    + "ipc://relative/path or ipc://@abstract-name");
        }
        if ("@".equals(path)) {
            throw InvalidEndpointException.of(endpoint, "the abstract socket name after '@' is empty");
        }
        int bytes = path.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > ZmtpEndpoint.MAX_IPC_PATH_LENGTH) {
            throw InvalidEndpointException.of(endpoint, "the ipc path is " + bytes + " bytes long; a Unix domain "
                    + "socket path is limited to " + ZmtpEndpoint.MAX_IPC_PATH_LENGTH + " bytes on Linux (sun_path "
                    + "holds 108 bytes with the terminating NUL)");
        }
        return new ZmtpEndpoint(ZmtpTransport.IPC, null, null, ZmtpEndpoint.NO_PORT, path);
    }

    private static ZmtpEndpoint parseInproc(String endpoint, String name) {
        if (name.isEmpty()) {
            throw InvalidEndpointException.of(endpoint, "the inproc name is empty; expected inproc://name");
        }
        if (name.length() > ZmtpEndpoint.MAX_INPROC_NAME_LENGTH) {
            throw InvalidEndpointException.of(endpoint, "the inproc name is " + name.length() + " characters long; "
                    + "the limit is " + ZmtpEndpoint.MAX_INPROC_NAME_LENGTH);
        }
        return new ZmtpEndpoint(ZmtpTransport.INPROC, null, null, ZmtpEndpoint.NO_PORT, name);
    }

    private static void checkCharacters(String endpoint, String text, String what) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                throw InvalidEndpointException.of(endpoint, what + " contains whitespace at index " + i
                        + "; endpoints may not contain spaces, tabs or line breaks");
            }
            if (Character.isISOControl(c)) {
                throw InvalidEndpointException.of(endpoint, what + " contains the control character U+"
                        + String.format(Locale.ROOT, "%04X", (int) c) + " at index " + i);
            }
        }
    }

    private static InvalidEndpointException unknownTransport(String endpoint, String scheme) {
        if (scheme.isEmpty()) {
            return InvalidEndpointException.of(endpoint, "there is no transport before '://'; " + SUPPORTED);
        }
        String hint = "";
        String lower = scheme.toLowerCase(Locale.ROOT);
        if (!lower.equals(scheme) && ZmtpTransport.forScheme(lower).isPresent()) {
            hint = "; transports are lower-case, as in '" + lower + "://'";
        }
        return InvalidEndpointException.of(endpoint, "unsupported transport '" + scheme + "'; " + SUPPORTED + " ("
                + NOT_ZMTP + ")" + hint);
    }

    private static InvalidEndpointException missingPort(String endpoint, String example) {
        return InvalidEndpointException.of(endpoint, "there is no port; expected " + example + ", or port '*' to let "
                + "a bind choose one");
    }
}
