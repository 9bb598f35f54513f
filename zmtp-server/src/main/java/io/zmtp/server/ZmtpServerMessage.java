/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.zmtp.codec.ZmtpMetadata;

/**
 * A message received by a {@link ZmtpServer}: the payload of one single-frame ZMTP message and the routing id of
 * the peer that sent it. Reply by passing the same routing id to {@link ZmtpServer#send(int, ByteBuf)}.
 *
 * <h2>Reference counting</h2>
 * The message owns its payload, a slice of the connection's inbound buffer; whoever receives it releases it
 * ({@link #release()}), or hands the payload on with {@code content().retain()}.
 */
public final class ZmtpServerMessage extends DefaultByteBufHolder {

    private final int routingId;
    private final ZmtpMetadata peerMetadata;

    /** Creates a message from the peer {@code routingId} that takes ownership of {@code payload}. */
    public ZmtpServerMessage(int routingId, ByteBuf payload) {
        this(routingId, payload, ZmtpMetadata.empty());
    }

    /**
     * Creates a message from the peer {@code routingId}, which announced {@code peerMetadata} in its handshake, that
     * takes ownership of {@code payload}.
     */
    public ZmtpServerMessage(int routingId, ByteBuf payload, ZmtpMetadata peerMetadata) {
        super(payload);
        this.routingId = routingId;
        this.peerMetadata = java.util.Objects.requireNonNull(peerMetadata, "peerMetadata");
    }

    /**
     * Returns the metadata of the sending peer's handshake: its {@code Socket-Type}, application properties, and,
     * when an authenticator accepted it with a user id, {@code User-Id}.
     */
    public ZmtpMetadata peerMetadata() {
        return peerMetadata;
    }

    /** Returns the routing id of the sending peer: an unsigned 32-bit value, never 0. */
    public int routingId() {
        return routingId;
    }

    /** Returns a copy of the payload's readable bytes; the message is not released. */
    public byte[] bytes() {
        return io.netty.buffer.ByteBufUtil.getBytes(content());
    }

    @Override
    public ZmtpServerMessage replace(ByteBuf content) {
        return new ZmtpServerMessage(routingId, content, peerMetadata);
    }

    @Override
    public ZmtpServerMessage retain() {
        super.retain();
        return this;
    }

    @Override
    public ZmtpServerMessage touch(Object hint) {
        super.touch(hint);
        return this;
    }

    /** Shows the routing id and payload size, never the payload. */
    @Override
    public String toString() {
        return "ZmtpServerMessage(routingId=" + Integer.toUnsignedString(routingId) + ", "
                + (refCnt() > 0 ? content().readableBytes() + " octets)" : "released)");
    }
}
