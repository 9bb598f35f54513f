/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.transport;

import io.netty.util.NetUtil;

/**
 * Validates the host of a {@code tcp}, {@code ws} or {@code wss} endpoint: the wildcard, an IPv4 literal, an IPv6
 * literal with an optional zone, or a DNS name. IP literals are read by Netty's {@link NetUtil}, which never
 * consults DNS; loading {@code NetUtil} lists the network interfaces and reads {@code somaxconn} once, as every
 * Netty server channel does.
 *
 * <p>An IPv6 literal may end in a dotted quad whatever its first 96 bits (RFC 4291, section 2.2), as libzmq's
 * {@code inet_pton} allows, for instance the NAT64 address {@code 64:ff9b::192.0.2.33}. {@code NetUtil} accepts
 * a dotted quad only after {@code ::} or {@code ::ffff:} and turns {@code ::d.d.d.d} into an IPv4-mapped address,
 * so the quad is rewritten as two hexadecimal groups before {@code NetUtil} reads the rest.
 */
final class HostSyntax {

    private static final int MAX_HOST_NAME_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;

    private HostSyntax() {
    }

    /**
     * Validates a host that is not in brackets.
     *
     * @return the four octets of an IPv4 literal, or null for {@value ZmtpEndpoint#WILDCARD} or a DNS name
     * @throws InvalidEndpointException if {@code host} is none of these; the message quotes {@code endpoint}
     */
    static byte[] parseHost(String endpoint, String host) {
        if (ZmtpEndpoint.WILDCARD.equals(host)) {
            return null;
        }
        if (isDigitsAndDots(host)) {
            if (!NetUtil.isValidIpV4Address(host)) {
                throw InvalidEndpointException.of(endpoint, "the host '" + host + "' is not a valid IPv4 address; "
                        + "expected four decimal numbers 0..255 separated by dots");
            }
            return NetUtil.createByteArrayFromIpAddressString(host);
        }
        checkHostName(endpoint, host);
        return null;
    }

    /**
     * Validates an IPv6 literal without brackets, with an optional {@code %zone}.
     *
     * @return the sixteen octets of the address, without the zone
     * @throws InvalidEndpointException if {@code literal} is not one; the message quotes {@code endpoint}
     */
    static byte[] parseIpv6(String endpoint, String literal) {
        int percent = literal.indexOf('%');
        if (percent >= 0) {
            checkZone(endpoint, literal.substring(percent + 1));
        }
        byte[] octets = ipv6Octets(percent < 0 ? literal : literal.substring(0, percent));
        if (octets == null) {
            throw InvalidEndpointException.of(endpoint, "'[" + literal + "]' is not a valid IPv6 address; brackets "
                    + "hold IPv6 addresses only, such as [::1]");
        }
        return octets;
    }

    /** Returns whether {@code c} may appear in a host name or an IPv6 zone. */
    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isAsciiDigit(c) || c == '-' || c == '_' || c == '.';
    }

    /** Returns whether {@code c} is one of the ASCII digits {@code 0..9}. */
    static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Returns the sixteen octets of an IPv6 literal without brackets or zone, or null if it is not one. */
    private static byte[] ipv6Octets(String literal) {
        String hex = literal;
        int lastColon = literal.lastIndexOf(':');
        if (lastColon >= 0 && literal.indexOf('.', lastColon) >= 0) {
            String quad = literal.substring(lastColon + 1);
            if (!NetUtil.isValidIpV4Address(quad)) {
                return null;
            }
            byte[] v4 = NetUtil.createByteArrayFromIpAddressString(quad);
            hex = literal.substring(0, lastColon + 1) + Integer.toHexString((v4[0] & 0xff) << 8 | v4[1] & 0xff)
                    + ':' + Integer.toHexString((v4[2] & 0xff) << 8 | v4[3] & 0xff);
        }
        // NetUtil also takes brackets and a zone; the callers have removed both, so none may remain.
        if (hex.indexOf('[') >= 0 || hex.indexOf('%') >= 0 || !NetUtil.isValidIpV6Address(hex)) {
            return null;
        }
        return NetUtil.createByteArrayFromIpAddressString(hex);
    }

    private static void checkZone(String endpoint, String zone) {
        if (zone.isEmpty()) {
            throw InvalidEndpointException.of(endpoint, "the IPv6 zone after '%' is empty");
        }
        for (int i = 0; i < zone.length(); i++) {
            if (!isNameChar(zone.charAt(i))) {
                throw InvalidEndpointException.of(endpoint, "the IPv6 zone '" + zone + "' contains '"
                        + zone.charAt(i) + "'; expected an interface name or number");
            }
        }
    }

    private static void checkHostName(String endpoint, String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!isNameChar(c)) {
                String hint = c == '*' ? "; '*' must be the whole host"
                        : c == '%' ? "; an IPv6 zone goes inside the brackets, as in [fe80::1%eth0]" : "";
                throw InvalidEndpointException.of(endpoint, "the host '" + host + "' contains '" + c
                        + "', which is not allowed in a host name" + hint);
            }
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.length() > MAX_HOST_NAME_LENGTH) {
            throw InvalidEndpointException.of(endpoint, "the host name is " + name.length() + " characters long; "
                    + "DNS names are limited to " + MAX_HOST_NAME_LENGTH);
        }
        int start = 0;
        while (true) {
            int dot = name.indexOf('.', start);
            int end = dot < 0 ? name.length() : dot;
            if (end == start) {
                throw InvalidEndpointException.of(endpoint, "the host '" + host
                        + "' has an empty label between dots");
            }
            if (end - start > MAX_LABEL_LENGTH) {
                throw InvalidEndpointException.of(endpoint, "the host '" + host + "' has a label longer than "
                        + MAX_LABEL_LENGTH + " characters");
            }
            if (dot < 0) {
                return;
            }
            start = dot + 1;
        }
    }

    /** Returns whether {@code host} holds only ASCII digits and dots, and so can only be an IPv4 literal. */
    private static boolean isDigitsAndDots(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!isAsciiDigit(c) && c != '.') {
                return false;
            }
        }
        return true;
    }
}
