/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.transport;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A parsed ZeroMQ endpoint, such as {@code tcp://127.0.0.1:5555}: a transport plus the address that transport
 * understands.
 *
 * <p>The syntax is libzmq's, as documented in {@code zmq_tcp}, {@code zmq_ipc}, {@code zmq_inproc} and
 * {@code zmq_ws}. The accepted forms are:
 * <ul>
 *   <li>{@code tcp://host:port}, where host is {@code *} (every interface, bind only), an IPv4 literal such as
 *       {@code 127.0.0.1}, an IPv6 literal in brackets such as {@code [::1]} or {@code [fe80::1%eth0]}, or a
 *       DNS name; port is 0..65535, and {@code 0} or {@code *} lets the operating system choose one when
 *       binding. Nothing may follow the port.</li>
 *   <li>{@code ws://host:port} and {@code ws://host:port/path}, with the same hosts and ports as {@code tcp};
 *       the path defaults to {@code /}.</li>
 *   <li>{@code wss://host:port/path}, as {@code ws} but over TLS; {@link #transport()} is
 *       {@link ZmtpTransport#WSS}. The TLS configuration is not part of the endpoint.</li>
 *   <li>{@code ipc:///absolute/path}, {@code ipc://relative/path} and {@code ipc://@name} (a name in Linux's
 *       abstract socket namespace), at most {@value #MAX_IPC_PATH_LENGTH} bytes in UTF-8, the room that
 *       {@code sun_path} leaves on Linux; and {@code ipc://*}, which makes a bind choose a unique path.</li>
 *   <li>{@code inproc://name}, with a name of 1..{@value #MAX_INPROC_NAME_LENGTH} characters.</li>
 * </ul>
 *
 * <p>Schemes are lower-case and matched exactly, as in libzmq. No part of an endpoint may contain whitespace or
 * control characters. Unlike libzmq, an IPv6 address must be in brackets, a {@code tcp} endpoint cannot name a
 * source address ({@code tcp://source;host:port}), and a bind takes only {@code *} or an IP literal: libzmq also
 * accepts a network interface name there, which this class treats as a host name and refuses in
 * {@link #toBindAddress()}.
 *
 * <p>Parsing is purely textual: it never resolves a name, opens a socket or reads the file system. The canonical
 * form returned by {@link #toString()} parses back to an equal endpoint; it writes the port in decimal without
 * leading zeros, writes a bind-side wildcard port as {@code 0}, and adds the default {@code /} path to WebSocket
 * endpoints. Host names, IPv6 literals and paths are kept as given, so equality is textual:
 * {@code tcp://LOCALHOST:1} and {@code tcp://localhost:1} are different endpoints.
 *
 * <p>Malformed strings fail with an {@link InvalidEndpointException} whose message quotes the endpoint and says
 * what is wrong with it. Instances are immutable and thread-safe.
 */
public final class ZmtpEndpoint {

    /** The longest {@code ipc} path, in UTF-8 bytes: Linux's {@code sun_path} is 108 bytes, with a final NUL. */
    public static final int MAX_IPC_PATH_LENGTH = 107;

    /** The longest {@code inproc} name, in characters. */
    public static final int MAX_INPROC_NAME_LENGTH = 256;

    /** The host of an endpoint that binds on every interface. */
    public static final String WILDCARD = "*";

    private static final int MAX_PORT = 65535;
    private static final int MAX_HOST_NAME_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;
    private static final String SUPPORTED = "supported transports are tcp, ipc, inproc, ws and wss";
    private static final String NOT_ZMTP = "udp, pgm, epgm and norm are not ZMTP transports, and tipc and vmci "
            + "need kernel socket families that the JVM cannot open";

    private enum HostKind { WILDCARD, IPV4, IPV6, NAME }

    private final ZmtpTransport transport;
    /** Null for ipc and inproc; {@code *}; an IPv6 literal without brackets, with its zone; or as given. */
    private final String host;
    private final HostKind hostKind;
    /** -1 for ipc and inproc. */
    private final int port;
    /** The ipc path, the inproc name or the WebSocket path; null for tcp. */
    private final String path;
    private final String text;

    private ZmtpEndpoint(ZmtpTransport transport, String host, HostKind hostKind, int port, String path) {
        this.transport = transport;
        this.host = host;
        this.hostKind = hostKind;
        this.port = port;
        this.path = path;
        this.text = canonical(transport, host, port, path);
    }

    // ---------------------------------------------------------------------------------------------- factories

    /**
     * Parses an endpoint string in libzmq's syntax; see the class description for the accepted forms.
     *
     * @param endpoint the endpoint, such as {@code tcp://127.0.0.1:5555}
     * @return the parsed endpoint
     * @throws NullPointerException if {@code endpoint} is null
     * @throws InvalidEndpointException if {@code endpoint} is malformed; the message quotes it
     */
    public static ZmtpEndpoint parse(String endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.isEmpty()) {
            throw invalid(endpoint, "it is empty; expected transport://address, such as tcp://127.0.0.1:5555");
        }
        checkCharacters(endpoint, endpoint, "it");
        int separator = endpoint.indexOf("://");
        if (separator < 0) {
            throw invalid(endpoint, "there is no '://' between the transport and the address; expected "
                    + "transport://address, such as tcp://127.0.0.1:5555");
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

    /**
     * Returns the endpoint {@code tcp://host:port}.
     *
     * @param host {@code *}, an IPv4 literal, an IPv6 literal with or without brackets (and an optional
     *             {@code %zone}), or a DNS name
     * @param port 0..65535; 0 lets the operating system choose a port when binding
     * @return the endpoint
     * @throws NullPointerException if {@code host} is null
     * @throws InvalidEndpointException if {@code host} or {@code port} is invalid
     */
    public static ZmtpEndpoint tcp(String host, int port) {
        Objects.requireNonNull(host, "host");
        String bare = host.length() >= 2 && host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1) : host;
        String input = "tcp://" + (bare.indexOf(':') >= 0 ? "[" + bare + "]" : bare) + ":" + port;
        checkCharacters(input, host, "the host");
        checkPortRange(input, port);
        if (bare.isEmpty()) {
            throw invalid(input, "the host is empty; use '*' to bind on all interfaces");
        }
        if (bare.indexOf('[') >= 0 || bare.indexOf(']') >= 0) {
            throw invalid(input, "unbalanced brackets in the host '" + host + "'");
        }
        if (bare.indexOf(':') >= 0) {
            return new ZmtpEndpoint(ZmtpTransport.TCP, parseIpv6(input, bare), HostKind.IPV6, port, null);
        }
        return new ZmtpEndpoint(ZmtpTransport.TCP, bare, classifyHost(input, bare), port, null);
    }

    /**
     * Returns a copy of this endpoint with another port; after a bind to port 0, this turns the requested endpoint
     * into the one that was bound.
     *
     * @param port 0..65535
     * @return an endpoint equal to this one except for the port
     * @throws IllegalStateException if this is an {@code ipc} or {@code inproc} endpoint, which has no port
     * @throws InvalidEndpointException if {@code port} is out of range
     */
    public ZmtpEndpoint withPort(int port) {
        if (!transport.hasSocketAddress()) {
            throw new IllegalStateException(transport.scheme() + " endpoints have no port: '" + text + "'");
        }
        checkPortRange(canonical(transport, host, port, path), port);
        return port == this.port ? this : new ZmtpEndpoint(transport, host, hostKind, port, path);
    }

    // ---------------------------------------------------------------------------------------------- accessors

    /** Returns the transport, such as {@link ZmtpTransport#TCP}. */
    public ZmtpTransport transport() {
        return transport;
    }

    /**
     * Returns the host of a {@code tcp}, {@code ws} or {@code wss} endpoint: {@value #WILDCARD} for every
     * interface, an IPv6 literal without its brackets (with its {@code %zone}, if any), or the IPv4 literal or
     * name as given. Returns null for {@code ipc} and {@code inproc} endpoints.
     */
    public String host() {
        return host;
    }

    /**
     * Returns the port of a {@code tcp}, {@code ws} or {@code wss} endpoint, 0 if the operating system is to
     * choose one, or -1 for {@code ipc} and {@code inproc} endpoints.
     */
    public int port() {
        return port;
    }

    /**
     * Returns the {@code ipc} path as given (with its leading {@code @} for an abstract name, or
     * {@value #WILDCARD}), the {@code inproc} name, or the WebSocket path, which starts with {@code /}.
     * Returns null for {@code tcp} endpoints.
     */
    public String path() {
        return path;
    }

    /** Returns whether the host is {@value #WILDCARD}, which binds on every interface and cannot be connected to. */
    public boolean isWildcardHost() {
        return hostKind == HostKind.WILDCARD;
    }

    /**
     * Returns whether this {@code tcp}, {@code ws} or {@code wss} endpoint has port 0 (written {@code 0} or
     * {@code *}), which lets a bind choose a port and cannot be connected to.
     */
    public boolean isWildcardPort() {
        return transport.hasSocketAddress() && port == 0;
    }

    /** Returns whether this is an {@code ipc} endpoint in Linux's abstract namespace ({@code ipc://@name}). */
    public boolean isAbstract() {
        return transport == ZmtpTransport.IPC && path.startsWith("@");
    }

    /**
     * Returns whether a socket can connect to this endpoint: false if it has a wildcard host or port, or is
     * {@code ipc://*}; those forms are meaningful only for a bind.
     */
    public boolean isConnectable() {
        return !isWildcardHost() && !isWildcardPort() && !(transport == ZmtpTransport.IPC && WILDCARD.equals(path));
    }

    /**
     * Returns this endpoint if a socket can connect to it.
     *
     * @return this endpoint
     * @throws InvalidEndpointException if the endpoint has a wildcard host or port, or is {@code ipc://*}
     * @see #isConnectable()
     */
    public ZmtpEndpoint requireConnectable() {
        if (isWildcardHost()) {
            throw invalid(text, "cannot connect to a wildcard address; the '*' host binds on every interface, "
                    + "a connect needs a host");
        }
        if (isWildcardPort()) {
            throw invalid(text, "cannot connect to a wildcard address; port 0 (or '*') lets a bind choose a port, "
                    + "a connect needs a port in 1..65535");
        }
        if (transport == ZmtpTransport.IPC && WILDCARD.equals(path)) {
            throw invalid(text, "cannot connect to a wildcard address; ipc://* lets a bind choose a unique path, "
                    + "a connect needs the path");
        }
        return this;
    }

    // --------------------------------------------------------------------------------------- socket addresses

    /**
     * Returns the address to bind a {@code tcp}, {@code ws} or {@code wss} endpoint to: the wildcard address for
     * {@value #WILDCARD}, otherwise the IP literal. Like libzmq, a bind does not resolve names; no DNS lookup
     * happens here.
     *
     * @return the local address to bind
     * @throws IllegalStateException if this is an {@code ipc} or {@code inproc} endpoint
     * @throws InvalidEndpointException if the host is a name rather than {@value #WILDCARD} or an IP literal, or
     *                                  an IPv6 zone names no network interface
     */
    public InetSocketAddress toBindAddress() {
        requireSocketAddress();
        switch (hostKind) {
            case WILDCARD:
                return new InetSocketAddress(port);
            case IPV4:
            case IPV6:
                return new InetSocketAddress(literalAddress(), port);
            case NAME:
                throw invalid(text, "cannot bind to the host name '" + host + "'; like libzmq, a bind takes '*' "
                        + "or an IP address literal, such as " + canonical(transport, WILDCARD, port, path)
                        + " or " + canonical(transport, "127.0.0.1", port, path));
            default:
                throw new AssertionError(hostKind);
        }
    }

    /**
     * Returns the address to connect a {@code tcp}, {@code ws} or {@code wss} endpoint to: a resolved address for
     * an IP literal, or an {@linkplain InetSocketAddress#createUnresolved unresolved} one for a name, left for the
     * transport to resolve. No DNS lookup happens here.
     *
     * @return the remote address to connect to
     * @throws IllegalStateException if this is an {@code ipc} or {@code inproc} endpoint
     * @throws InvalidEndpointException if the host or port is a wildcard, or an IPv6 zone names no network
     *                                  interface
     */
    public InetSocketAddress toConnectAddress() {
        requireSocketAddress();
        requireConnectable();
        if (hostKind == HostKind.NAME) {
            return InetSocketAddress.createUnresolved(host, port);
        }
        return new InetSocketAddress(literalAddress(), port);
    }

    private void requireSocketAddress() {
        if (!transport.hasSocketAddress()) {
            throw new IllegalStateException(transport.scheme() + " endpoints have no TCP socket address: '"
                    + text + "'");
        }
    }

    /** Builds the address of an IP literal host from its text, without consulting DNS. */
    private InetAddress literalAddress() {
        try {
            if (hostKind == HostKind.IPV4) {
                return InetAddress.getByAddress(ipv4Octets(host));
            }
            int percent = host.indexOf('%');
            byte[] octets = ipv6Octets(percent < 0 ? host : host.substring(0, percent));
            if (percent < 0) {
                return InetAddress.getByAddress(octets);
            }
            String zone = host.substring(percent + 1);
            if (isDigits(zone)) {
                return Inet6Address.getByAddress(null, octets, Integer.parseInt(zone));
            }
            NetworkInterface nic = NetworkInterface.getByName(zone);
            if (nic == null) {
                throw invalid(text, "the IPv6 zone '" + zone + "' names no network interface of this host");
            }
            return Inet6Address.getByAddress(null, octets, nic);
        } catch (UnknownHostException | SocketException | NumberFormatException e) {
            throw new InvalidEndpointException("invalid endpoint '" + text + "': the host '" + host
                    + "' is not a usable IP address: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------------------------------------- parsing

    private static ZmtpEndpoint parseTcp(String endpoint, String address) {
        if (address.startsWith("/")) {
            throw invalid(endpoint, "a tcp endpoint takes host:port, not a path; a Unix domain socket is "
                    + "ipc://path");
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
            throw invalid(endpoint, "there is no host and port; expected " + example);
        }
        if (hostPort.indexOf(';') >= 0) {
            throw invalid(endpoint, "libzmq's source-address form source;host:port is not supported; expected "
                    + example);
        }
        String host;
        String portText;
        HostKind kind;
        if (hostPort.charAt(0) == '[') {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw invalid(endpoint, "unbalanced '[': the IPv6 address has no closing ']'");
            }
            String literal = hostPort.substring(1, close);
            if (literal.indexOf('[') >= 0) {
                throw invalid(endpoint, "unbalanced '[': a second '[' appears before the ']'");
            }
            String rest = hostPort.substring(close + 1);
            if (rest.indexOf(']') >= 0) {
                throw invalid(endpoint, "unbalanced ']': a second ']' appears after the IPv6 address");
            }
            if (literal.isEmpty()) {
                throw invalid(endpoint, "the host is empty: '[]' holds no IPv6 address");
            }
            host = parseIpv6(endpoint, literal);
            kind = HostKind.IPV6;
            if (rest.isEmpty()) {
                throw missingPort(endpoint, example);
            }
            if (rest.charAt(0) != ':') {
                throw invalid(endpoint, "'" + rest + "' follows the ']' where ':port' was expected");
            }
            portText = rest.substring(1);
        } else {
            if (hostPort.indexOf('[') >= 0) {
                throw invalid(endpoint, "unbalanced '[': an IPv6 address in brackets must start the host");
            }
            if (hostPort.indexOf(']') >= 0) {
                throw invalid(endpoint, "unbalanced ']': there is no '[' before it; an IPv6 address is written "
                        + "in brackets, as in " + transport.scheme() + "://[::1]:5555");
            }
            int colon = hostPort.indexOf(':');
            if (colon < 0) {
                throw missingPort(endpoint, example);
            }
            host = hostPort.substring(0, colon);
            portText = hostPort.substring(colon + 1);
            if (portText.indexOf(':') >= 0) {
                throw invalid(endpoint, "the address has more than one ':'; an IPv6 address must be enclosed in "
                        + "brackets, as in " + transport.scheme() + "://[::1]:5555");
            }
            if (host.isEmpty()) {
                throw invalid(endpoint, "the host is empty; use '*' to bind on all interfaces, as in "
                        + transport.scheme() + "://*:" + (portText.isEmpty() ? "5555" : portText));
            }
            kind = classifyHost(endpoint, host);
        }
        int port = parsePort(endpoint, transport, portText, example);
        return new ZmtpEndpoint(transport, host, kind, port, path);
    }

    private static int parsePort(String endpoint, ZmtpTransport transport, String text, String example) {
        if (text.isEmpty()) {
            throw missingPort(endpoint, example);
        }
        if (WILDCARD.equals(text)) {
            return 0;
        }
        // A '*' port is the whole port; anything after it, as after digits, is reported as trailing text.
        int digits = 0;
        if (text.charAt(0) == '*') {
            digits = 1;
        } else {
            while (digits < text.length() && isAsciiDigit(text.charAt(digits))) {
                digits++;
            }
        }
        if (digits < text.length()) {
            String tail = text.substring(digits);
            if (digits == 0) {
                throw invalid(endpoint, "the port '" + text + "' is not a number; expected 0..65535, or '*' "
                        + "to let a bind choose one");
            }
            if (tail.charAt(0) == '/' && transport == ZmtpTransport.TCP) {
                throw invalid(endpoint, "'" + tail + "' follows the port; a tcp endpoint ends at the port "
                        + "(libzmq rejects tcp://host:port/resource too)");
            }
            throw invalid(endpoint, "'" + tail + "' follows the port; expected " + example);
        }
        // Strip leading zeros before measuring, so that 000080 is port 80 and 99999999999 cannot overflow.
        int first = 0;
        while (first < text.length() - 1 && text.charAt(first) == '0') {
            first++;
        }
        String significant = text.substring(first);
        if (significant.length() > 5 || Integer.parseInt(significant) > MAX_PORT) {
            throw invalid(endpoint, "the port " + significant + " is out of range 0..65535");
        }
        return Integer.parseInt(significant);
    }

    /** Validates a host that is not in brackets: the wildcard, an IPv4 literal or a DNS name. */
    private static HostKind classifyHost(String endpoint, String host) {
        if (WILDCARD.equals(host)) {
            return HostKind.WILDCARD;
        }
        boolean digitsAndDots = true;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!isAsciiDigit(c) && c != '.') {
                digitsAndDots = false;
                break;
            }
        }
        if (digitsAndDots) {
            if (ipv4Octets(host) == null) {
                throw invalid(endpoint, "the host '" + host + "' is not a valid IPv4 address; expected four "
                        + "decimal numbers 0..255 separated by dots");
            }
            return HostKind.IPV4;
        }
        checkHostName(endpoint, host);
        return HostKind.NAME;
    }

    private static void checkHostName(String endpoint, String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!isNameChar(c)) {
                String hint = c == '*' ? "; '*' must be the whole host"
                        : c == '%' ? "; an IPv6 zone goes inside the brackets, as in [fe80::1%eth0]" : "";
                throw invalid(endpoint, "the host '" + host + "' contains '" + c + "', which is not allowed in a "
                        + "host name" + hint);
            }
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.length() > MAX_HOST_NAME_LENGTH) {
            throw invalid(endpoint, "the host name is " + name.length() + " characters long; DNS names are "
                    + "limited to " + MAX_HOST_NAME_LENGTH);
        }
        int start = 0;
        while (true) {
            int dot = name.indexOf('.', start);
            int end = dot < 0 ? name.length() : dot;
            if (end == start) {
                throw invalid(endpoint, "the host '" + host + "' has an empty label between dots");
            }
            if (end - start > MAX_LABEL_LENGTH) {
                throw invalid(endpoint, "the host '" + host + "' has a label longer than " + MAX_LABEL_LENGTH
                        + " characters");
            }
            if (dot < 0) {
                return;
            }
            start = dot + 1;
        }
    }

    /** Validates the inside of {@code [...]} and returns it: an IPv6 literal with an optional zone. */
    private static String parseIpv6(String endpoint, String literal) {
        int percent = literal.indexOf('%');
        String address = percent < 0 ? literal : literal.substring(0, percent);
        if (percent >= 0) {
            String zone = literal.substring(percent + 1);
            if (zone.isEmpty()) {
                throw invalid(endpoint, "the IPv6 zone after '%' is empty");
            }
            for (int i = 0; i < zone.length(); i++) {
                if (!isNameChar(zone.charAt(i))) {
                    throw invalid(endpoint, "the IPv6 zone '" + zone + "' contains '" + zone.charAt(i)
                            + "'; expected an interface name or number");
                }
            }
        }
        if (ipv6Octets(address) == null) {
            throw invalid(endpoint, "'[" + literal + "]' is not a valid IPv6 address; brackets hold IPv6 "
                    + "addresses only, such as [::1]");
        }
        return literal;
    }

    private static ZmtpEndpoint parseIpc(String endpoint, String path) {
        if (path.isEmpty()) {
            throw invalid(endpoint, "the ipc path is empty; expected ipc:///absolute/path, ipc://relative/path "
                    + "or ipc://@abstract-name");
        }
        if ("@".equals(path)) {
            throw invalid(endpoint, "the abstract socket name after '@' is empty");
        }
        int bytes = path.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_IPC_PATH_LENGTH) {
            throw invalid(endpoint, "the ipc path is " + bytes + " bytes long; a Unix domain socket path is "
                    + "limited to " + MAX_IPC_PATH_LENGTH + " bytes on Linux (sun_path holds 108 bytes with the "
                    + "terminating NUL)");
        }
        return new ZmtpEndpoint(ZmtpTransport.IPC, null, null, -1, path);
    }

    private static ZmtpEndpoint parseInproc(String endpoint, String name) {
        if (name.isEmpty()) {
            throw invalid(endpoint, "the inproc name is empty; expected inproc://name");
        }
        if (name.length() > MAX_INPROC_NAME_LENGTH) {
            throw invalid(endpoint, "the inproc name is " + name.length() + " characters long; the limit is "
                    + MAX_INPROC_NAME_LENGTH);
        }
        return new ZmtpEndpoint(ZmtpTransport.INPROC, null, null, -1, name);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static void checkCharacters(String endpoint, String text, String what) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                throw invalid(endpoint, what + " contains whitespace at index " + i
                        + "; endpoints may not contain spaces, tabs or line breaks");
            }
            if (Character.isISOControl(c)) {
                throw invalid(endpoint, what + " contains the control character U+"
                        + String.format(Locale.ROOT, "%04X", (int) c) + " at index " + i);
            }
        }
    }

    private static void checkPortRange(String endpoint, int port) {
        if (port < 0 || port > MAX_PORT) {
            throw invalid(endpoint, "the port " + port + " is out of range 0..65535");
        }
    }

    private static InvalidEndpointException unknownTransport(String endpoint, String scheme) {
        if (scheme.isEmpty()) {
            return invalid(endpoint, "there is no transport before '://'; " + SUPPORTED);
        }
        String hint = "";
        String lower = scheme.toLowerCase(Locale.ROOT);
        if (!lower.equals(scheme) && ZmtpTransport.forScheme(lower).isPresent()) {
            hint = "; transports are lower-case, as in '" + lower + "://'";
        }
        return invalid(endpoint, "unsupported transport '" + scheme + "'; " + SUPPORTED + " (" + NOT_ZMTP + ")"
                + hint);
    }

    private static InvalidEndpointException missingPort(String endpoint, String example) {
        return invalid(endpoint, "there is no port; expected " + example + ", or port '*' to let a bind choose one");
    }

    private static InvalidEndpointException invalid(String endpoint, String problem) {
        return new InvalidEndpointException("invalid endpoint '" + endpoint + "': " + problem);
    }

    /** Returns the four octets of a strict dotted-quad IPv4 literal, or null if {@code host} is not one. */
    private static byte[] ipv4Octets(String host) {
        byte[] octets = new byte[4];
        int index = 0;
        int start = 0;
        for (int i = 0; i <= host.length(); i++) {
            if (i == host.length() || host.charAt(i) == '.') {
                int length = i - start;
                if (index == 4 || length == 0 || length > 3) {
                    return null;
                }
                int value = Integer.parseInt(host, start, i, 10);
                if (value > 255) {
                    return null;
                }
                octets[index++] = (byte) value;
                start = i + 1;
            } else if (!isAsciiDigit(host.charAt(i))) {
                return null;
            }
        }
        return index == 4 ? octets : null;
    }

    /**
     * Returns the sixteen octets of an IPv6 literal in RFC 4291 text form (with at most one {@code ::} and an
     * optional trailing dotted quad), or null if {@code text} is not one. Parsing here, rather than in
     * {@link InetAddress#getByName}, keeps every code path free of name lookups.
     */
    private static byte[] ipv6Octets(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head = ipv6Groups(gap < 0 ? text : text.substring(0, gap), gap < 0);
        int[] tail = gap < 0 ? new int[0] : ipv6Groups(text.substring(gap + 2), true);
        if (head == null || tail == null || (gap < 0 ? head.length != 8 : head.length + tail.length > 7)) {
            return null;
        }
        byte[] octets = new byte[16];
        for (int i = 0; i < head.length; i++) {
            octets[2 * i] = (byte) (head[i] >> 8);
            octets[2 * i + 1] = (byte) head[i];
        }
        for (int i = 0; i < tail.length; i++) {
            int group = 8 - tail.length + i;
            octets[2 * group] = (byte) (tail[i] >> 8);
            octets[2 * group + 1] = (byte) tail[i];
        }
        return octets;
    }

    /** Parses colon-separated 16-bit hex groups, the last of which may be a dotted quad worth two groups. */
    private static int[] ipv6Groups(String text, boolean dottedQuadAllowed) {
        if (text.isEmpty()) {
            return new int[0];
        }
        String[] pieces = text.split(":", -1);
        int[] groups = new int[pieces.length + 1];
        int count = 0;
        for (int i = 0; i < pieces.length; i++) {
            String piece = pieces[i];
            if (piece.indexOf('.') >= 0) {
                byte[] v4 = dottedQuadAllowed && i == pieces.length - 1 ? ipv4Octets(piece) : null;
                if (v4 == null) {
                    return null;
                }
                groups[count++] = (v4[0] & 0xff) << 8 | v4[1] & 0xff;
                groups[count++] = (v4[2] & 0xff) << 8 | v4[3] & 0xff;
                continue;
            }
            if (piece.isEmpty() || piece.length() > 4) {
                return null;
            }
            int value = 0;
            for (int j = 0; j < piece.length(); j++) {
                char c = piece.charAt(j);
                int digit = c < 0x80 ? Character.digit(c, 16) : -1;
                if (digit < 0) {
                    return null;
                }
                value = value << 4 | digit;
            }
            groups[count++] = value;
        }
        return Arrays.copyOf(groups, count);
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isAsciiDigit(c) || c == '-' || c == '_' || c == '.';
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isAsciiDigit(s.charAt(i))) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static String canonical(ZmtpTransport transport, String host, int port, String path) {
        switch (transport) {
            case TCP:
                return "tcp://" + hostText(host) + ":" + port;
            case WS:
            case WSS:
                return transport.scheme() + "://" + hostText(host) + ":" + port + path;
            default:
                return transport.scheme() + "://" + path;
        }
    }

    private static String hostText(String host) {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    // ---------------------------------------------------------------------------------------------- object

    /** Returns whether {@code o} is an endpoint with the same canonical form. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ZmtpEndpoint)) {
            return false;
        }
        ZmtpEndpoint that = (ZmtpEndpoint) o;
        return transport == that.transport && port == that.port && Objects.equals(host, that.host)
                && Objects.equals(path, that.path);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** Returns the canonical endpoint string, which {@link #parse(String)} turns back into an equal endpoint. */
    @Override
    public String toString() {
        return text;
    }
}
