/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.transport;

import java.util.Arrays;

/**
 * Validates the host of a {@code tcp}, {@code ws} or {@code wss} endpoint: the wildcard, an IPv4 literal, an IPv6
 * literal with an optional zone, or a DNS name. IP literals are parsed here rather than by
 * {@link java.net.InetAddress#getByName}, which keeps every code path free of name lookups.
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
            byte[] octets = ipv4Octets(host);
            if (octets == null) {
                throw InvalidEndpointException.of(endpoint, "the host '" + host + "' is not a valid IPv4 address; "
                        + "expected four decimal numbers 0..255 separated by dots");
            }
            return octets;
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
     * optional trailing dotted quad), or null if {@code text} is not one.
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
