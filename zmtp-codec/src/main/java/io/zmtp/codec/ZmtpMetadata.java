/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;
import io.zmtp.codec.internal.PeerText;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The metadata a peer sends in its READY (or INITIATE) command: an ordered list of named properties
 * (23/ZMTP section "Connection Metadata").
 *
 * <p>On the wire each property is {@code name-length (1 octet) | name | value-length (4 octets, big-endian) | value}.
 * Names are 1 to 255 characters of {@code A-Z a-z 0-9 - _ . +}; values are opaque octets. Names are compared
 * case-insensitively, as the specification says, but always sent as given: send the canonical spellings
 * {@value #SOCKET_TYPE} and {@value #IDENTITY}, since libzmq matches those case-sensitively.
 *
 * <h2>Parameters that bound memory</h2>
 * {@link #decode(ByteBuf)} reads only the bytes it is given; the handshake handler never gives it more than
 * {@link ZmtpCodecOptions#maxMetadataSize()} octets. No collection is ever sized from a count read off the wire.
 *
 * <p>Instances are immutable and thread-safe. Values are copied in and out.
 */
public final class ZmtpMetadata {

    /** The property every peer sends: its socket type, e.g. {@code SERVER}. */
    public static final String SOCKET_TYPE = "Socket-Type";
    /** The property REQ, DEALER and ROUTER sockets send: their routing id (0 to 255 octets). */
    public static final String IDENTITY = "Identity";
    /** The optional 37/ZMTP property naming a resource on the binding peer. */
    public static final String RESOURCE = "Resource";

    private static final ZmtpMetadata EMPTY = new ZmtpMetadata(Collections.emptyList());

    private final List<Property> properties;

    private ZmtpMetadata(List<Property> properties) {
        this.properties = properties;
    }

    /** Returns metadata with no properties. */
    public static ZmtpMetadata empty() {
        return EMPTY;
    }

    /** Returns a builder for metadata. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts with this metadata's properties. */
    public Builder mutate() {
        Builder builder = new Builder();
        builder.properties.addAll(properties);
        return builder;
    }

    /** Returns the number of properties. */
    public int size() {
        return properties.size();
    }

    /** Returns whether there are no properties. */
    public boolean isEmpty() {
        return properties.isEmpty();
    }

    /** Returns the property names in the order they were sent. */
    public List<String> names() {
        List<String> names = new ArrayList<>(properties.size());
        for (Property p : properties) {
            names.add(p.name);
        }
        return Collections.unmodifiableList(names);
    }

    /** Returns whether a property named {@code name} (case-insensitively) is present. */
    public boolean contains(String name) {
        return find(name) != null;
    }

    /** Returns a copy of the value of property {@code name} (case-insensitive), or {@code null} when absent. */
    public byte[] get(String name) {
        Property p = find(name);
        return p == null ? null : p.value.clone();
    }

    /**
     * Returns the value of property {@code name} (case-insensitive) decoded as UTF-8 (ASCII is a subset),
     * or {@code null} when absent.
     */
    public String getString(String name) {
        Property p = find(name);
        return p == null ? null : new String(p.value, StandardCharsets.UTF_8);
    }

    private Property find(String name) {
        Objects.requireNonNull(name, "name");
        for (Property p : properties) {
            if (p.name.equalsIgnoreCase(name)) {
                return p;
            }
        }
        return null;
    }

    /** Returns the number of octets {@link #encode(ByteBuf)} writes. */
    public int encodedLength() {
        int length = 0;
        for (Property p : properties) {
            length += 1 + p.name.length() + 4 + p.value.length;
        }
        return length;
    }

    /** Writes the properties in wire format to {@code out}. */
    public void encode(ByteBuf out) {
        for (Property p : properties) {
            out.writeByte(p.name.length());
            out.writeCharSequence(p.name, StandardCharsets.US_ASCII);
            out.writeInt(p.value.length);
            out.writeBytes(p.value);
        }
    }

    /**
     * Reads metadata from all readable bytes of {@code in}, consuming them.
     *
     * @throws ZmtpProtocolException if a property is truncated, has an empty or invalid name, a value length
     *         beyond the remaining bytes, or repeats a name
     */
    public static ZmtpMetadata decode(ByteBuf in) {
        if (!in.isReadable()) {
            return EMPTY;
        }
        List<Property> properties = new ArrayList<>();
        while (in.isReadable()) {
            int nameLength = in.readUnsignedByte();
            if (nameLength == 0) {
                throw new ZmtpProtocolException("malformed metadata: empty property name");
            }
            if (in.readableBytes() < nameLength + 4) {
                throw new ZmtpProtocolException("malformed metadata: property truncated after "
                        + in.readerIndex() + " octets");
            }
            String name = in.readCharSequence(nameLength, StandardCharsets.US_ASCII).toString();
            String invalid = nameError(name);
            if (invalid != null) {
                throw new ZmtpProtocolException("malformed metadata: " + invalid);
            }
            long valueLength = in.readUnsignedInt();
            if (valueLength > in.readableBytes()) {
                throw new ZmtpProtocolException("malformed metadata: property '" + PeerText.escape(name)
                        + "' declares a "
                        + valueLength + "-octet value but only " + in.readableBytes() + " octets remain");
            }
            byte[] value = new byte[(int) valueLength];
            in.readBytes(value);
            for (Property existing : properties) {
                if (existing.name.equalsIgnoreCase(name)) {
                    throw new ZmtpProtocolException("malformed metadata: property '" + PeerText.escape(name)
                            + "' appears twice");
                }
            }
            properties.add(new Property(name, value));
        }
        return new ZmtpMetadata(Collections.unmodifiableList(properties));
    }

    /** Returns why {@code name} is not a valid property name, or {@code null} when it is valid. */
    static String nameError(String name) {
        if (name.isEmpty() || name.length() > 255) {
            return "property name length " + name.length() + " (expected: 1..255)";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean valid = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.' || c == '+';
            if (!valid) {
                return "property name '" + PeerText.escape(name) + "' has an invalid character at index " + i
                        + " (expected: letters, digits, '-', '_', '.', '+')";
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ZmtpMetadata && properties.equals(((ZmtpMetadata) o).properties);
    }

    @Override
    public int hashCode() {
        return properties.hashCode();
    }

    /** Shows names and short printable values; other values appear as their length only. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("ZmtpMetadata{");
        for (int i = 0; i < properties.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            properties.get(i).appendTo(b);
        }
        return b.append('}').toString();
    }

    private static final class Property {
        final String name;
        final byte[] value;

        Property(String name, byte[] value) {
            this.name = name;
            this.value = value;
        }

        void appendTo(StringBuilder b) {
            b.append(name).append('=');
            boolean printable = value.length <= 64;
            for (int i = 0; printable && i < value.length; i++) {
                printable = value[i] >= 0x20 && value[i] < 0x7f;
            }
            if (printable) {
                b.append(new String(value, StandardCharsets.US_ASCII));
            } else {
                b.append('<').append(value.length).append(" octets>");
            }
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Property)) {
                return false;
            }
            Property other = (Property) o;
            return name.toLowerCase(Locale.ROOT).equals(other.name.toLowerCase(Locale.ROOT))
                    && Arrays.equals(value, other.value);
        }

        @Override
        public int hashCode() {
            return name.toLowerCase(Locale.ROOT).hashCode() * 31 + Arrays.hashCode(value);
        }
    }

    /** Builds {@link ZmtpMetadata}; properties keep the order in which they are put. */
    public static final class Builder {
        private final List<Property> properties = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds or replaces property {@code name} with a copy of {@code value}.
         *
         * @throws IllegalArgumentException if the name is not 1 to 255 valid characters
         */
        public Builder put(String name, byte[] value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            String invalid = nameError(name);
            if (invalid != null) {
                throw new IllegalArgumentException("name: " + invalid);
            }
            remove(name);
            properties.add(new Property(name, value.clone()));
            return this;
        }

        /** Adds or replaces property {@code name} with {@code value} encoded as UTF-8. */
        public Builder put(String name, String value) {
            Objects.requireNonNull(value, "value");
            return put(name, value.getBytes(StandardCharsets.UTF_8));
        }

        /** Removes property {@code name} (case-insensitive) if present. */
        public Builder remove(String name) {
            Objects.requireNonNull(name, "name");
            properties.removeIf(p -> p.name.equalsIgnoreCase(name));
            return this;
        }

        /** Returns the metadata built so far. */
        public ZmtpMetadata build() {
            return properties.isEmpty() ? EMPTY
                    : new ZmtpMetadata(Collections.unmodifiableList(new ArrayList<>(properties)));
        }
    }
}
