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
 * <p>Parsing is purely textual: it never resolves a name, opens a socket or looks at an {@code ipc} path; IP
 * literals are read by Netty's {@code NetUtil}. The canonical form returned by {@link #toString()} parses back to
 * an equal endpoint; it writes the port in decimal without leading zeros, writes a bind-side wildcard port as
 * {@code 0}, and adds the default {@code /} path to WebSocket endpoints. Host names, IPv6 literals and paths are
 * kept as given, so equality is textual: {@code tcp://LOCALHOST:1} and {@code tcp://localhost:1} are different
 * endpoints.
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

    /** The port of {@code ipc} and {@code inproc} endpoints, which have none. */
    static final int NO_PORT = -1;

    private final ZmtpTransport transport;
    /** Null for ipc and inproc; {@code *}; an IPv6 literal without brackets, with its zone; or as given. */
    private final String host;
    /** The octets of an IP literal host, without its zone; null for the wildcard, a name, ipc and inproc. */
    private final byte[] address;
    private final int port;
    /** The ipc path, the inproc name or the WebSocket path; null for tcp. */
    private final String path;
    private final String text;

    /** Creates an endpoint from parts that {@link ZmtpEndpointParser} has validated; never copies {@code address}. */
    ZmtpEndpoint(ZmtpTransport transport, String host, byte[] address, int port, String path) {
        this.transport = transport;
        this.host = host;
        this.address = address;
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
        return ZmtpEndpointParser.parse(endpoint);
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
        return ZmtpEndpointParser.tcp(host, port);
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
        ZmtpEndpointParser.checkPort(canonical(transport, host, port, path), port);
        return port == this.port ? this : new ZmtpEndpoint(transport, host, address, port, path);
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
        return WILDCARD.equals(host);
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
            throw InvalidEndpointException.of(text, "cannot connect to a wildcard address; the '*' host binds on "
                    + "every interface, a connect needs a host");
        }
        if (isWildcardPort()) {
            throw InvalidEndpointException.of(text, "cannot connect to a wildcard address; port 0 (or '*') lets a "
                    + "bind choose a port, a connect needs a port in 1..65535");
        }
        if (transport == ZmtpTransport.IPC && WILDCARD.equals(path)) {
            throw InvalidEndpointException.of(text, "cannot connect to a wildcard address; ipc://* lets a bind "
                    + "choose a unique path, a connect needs the path");
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
        if (isWildcardHost()) {
            return new InetSocketAddress(port);
        }
        if (address == null) {
            throw InvalidEndpointException.of(text, "cannot bind to the host name '" + host + "'; like libzmq, a "
                    + "bind takes '*' or an IP address literal, such as " + canonical(transport, WILDCARD, port, path)
                    + " or " + canonical(transport, "127.0.0.1", port, path));
        }
        return new InetSocketAddress(literalAddress(), port);
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
        if (address == null) {
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
            int percent = host.indexOf('%');
            if (percent < 0) {
                return InetAddress.getByAddress(address);
            }
            String zone = host.substring(percent + 1);
            if (zone.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Inet6Address.getByAddress(null, address, Integer.parseInt(zone));
            }
            NetworkInterface nic = NetworkInterface.getByName(zone);
            if (nic == null) {
                throw InvalidEndpointException.of(text, "the IPv6 zone '" + zone + "' names no network interface "
                        + "of this host");
            }
            return Inet6Address.getByAddress(null, address, nic);
        } catch (UnknownHostException | SocketException | NumberFormatException e) {
            throw InvalidEndpointException.of(text, "the host '" + host + "' is not a usable IP address: "
                    + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------------------------------------- object

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
