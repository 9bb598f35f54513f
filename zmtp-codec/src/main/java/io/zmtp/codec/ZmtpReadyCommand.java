/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;

import java.util.Objects;

/** The READY command (23/ZMTP): ends a peer's side of the handshake and carries its metadata. */
public final class ZmtpReadyCommand implements ZmtpCommand {

    /** The wire name. */
    public static final String NAME = "READY";

    private final ZmtpMetadata metadata;

    /** Creates a READY command carrying {@code metadata}. */
    public ZmtpReadyCommand(ZmtpMetadata metadata) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
    }

    /** Returns the metadata. */
    public ZmtpMetadata metadata() {
        return metadata;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dataLength() {
        return metadata.encodedLength();
    }

    @Override
    public void writeData(ByteBuf out) {
        metadata.encode(out);
    }

    @Override
    public String toString() {
        return "ZmtpReadyCommand(" + metadata + ")";
    }
}
