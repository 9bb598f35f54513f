/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelProgressivePromise;
import io.zmtp.codec.ZmtpFrameEncoder;
import io.zmtp.codec.ZmtpFrameHeaders;

import java.util.ArrayList;

/**
 * Consecutive messages of one drain of a {@link ClientConnection}, about as many octets as the encoder puts in one
 * batch buffer, whose outcome is learnt through one promise, carried by the group's last write (the others carry
 * none). The channel completes writes in order, so that promise succeeds once all of them were written, and fails
 * with the channel. The group holds the connection's reference to each message until then.
 *
 * <p>If the group's messages were framed, in order, into one buffer from its start ({@link #newBatchPromise}), a
 * failed write tells how much of that buffer went out ({@link WriteOutcome}): the messages whose frames went out
 * whole count as written and only the others are handed back. Otherwise ({@link #newPromise}: a large body written
 * on its own after its header, or messages the pipeline encodes and boxes, whose octets are not the group's alone) a
 * message is written once the write succeeds, and a failed group is handed back whole.
 */
final class WriteGroup extends WriteOutcome {

    static final int MAX_ENCODED_BYTES = ZmtpFrameEncoder.BATCH_SIZE;
    /** The most list slots allocated up front, for a group of empty messages. */
    private static final int MAX_MESSAGES_GUESS = 1024;

    private final Connection connection;
    private final ArrayList<ByteBuf> messages;
    private long bytes;
    long encodedBytes;
    private boolean framedFromStart;

    /** {@code firstSize}: the size of the first message, from which the group's length is guessed. */
    WriteGroup(Connection connection, int firstSize) {
        this.connection = connection;
        messages = new ArrayList<>(Math.min(MAX_MESSAGES_GUESS,
                MAX_ENCODED_BYTES / (ZmtpFrameHeaders.MAX_HEADER_LENGTH + firstSize) + 1));
    }

    void add(ByteBuf msg) {
        messages.add(msg);
        int size = msg.readableBytes();
        bytes += size;
        encodedBytes += ZmtpFrameHeaders.MAX_HEADER_LENGTH + size;
    }

    /** Returns the promise for a buffer that holds the group's frames, in order, from its start. */
    ChannelProgressivePromise newBatchPromise(Channel ch) {
        framedFromStart = true;
        return newPromise(ch);
    }

    @Override
    void succeeded() {
        int n = messages.size();
        for (int i = 0; i < n; i++) {
            messages.get(i).release();
        }
        connection.written(n, bytes);
    }

    @Override
    void failed(long written) {
        connection.writeFailed();
        int n = messages.size();
        int whole = 0;
        if (framedFromStart) {
            long wholeBytes = 0;
            long end = 0;
            for (; whole < n; whole++) {
                ByteBuf msg = messages.get(whole);
                int size = msg.readableBytes();
                end += ZmtpFrameHeaders.headerLength(size) + size;
                if (end > written) {
                    break;
                }
                wholeBytes += size;
                msg.release();
            }
            if (whole > 0) {
                connection.written(whole, wholeBytes);
            }
        }
        for (int i = whole; i < n; i++) {
            connection.orphan(messages.get(i));
        }
    }
}
