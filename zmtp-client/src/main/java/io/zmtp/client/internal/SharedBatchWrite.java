/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client.internal;

import io.netty.buffer.ByteBuf;
import io.zmtp.socket.internal.SharedFrameBatch;

/**
 * The outcome of a written {@link SharedFrameBatch} of a {@link ClientConnection}: holds the connection's reference
 * to the batch's buffer (the channel writes a duplicate) until the write completes. If it fails, the messages whose
 * frames went out whole count as written ({@link WriteOutcome}) and the others are split out of the buffer and
 * handed back.
 */
final class SharedBatchWrite extends WriteOutcome {

    private final Connection connection;
    private final ByteBuf framed;
    private int frames;
    private long bodyBytes;

    /** {@code framed}: the batch's buffer, of {@code frames} frames and {@code bodyBytes} body octets. */
    SharedBatchWrite(Connection connection, ByteBuf framed, int frames, long bodyBytes) {
        this.connection = connection;
        this.framed = framed;
        this.frames = frames;
        this.bodyBytes = bodyBytes;
    }

    @Override
    void succeeded() {
        framed.release();
        connection.written(frames, bodyBytes);
    }

    @Override
    void failed(long written) {
        connection.writeFailed();
        try {
            SharedFrameBatch.forEachUnwrittenBody(framed, written, framed.alloc(), this::handBack);
        } finally {
            framed.release();
        }
        if (frames > 0) {
            connection.written(frames, bodyBytes);
        }
    }

    /** Hands back a message that did not go out whole; what is left counts as written. */
    private void handBack(ByteBuf body) {
        frames--;
        bodyBytes -= body.readableBytes();
        connection.orphan(body);
    }
}
