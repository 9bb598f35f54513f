/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The bodies of consecutive single-frame data messages, in the order they arrived: what a {@link ZmtpFrameDecoder}
 * built with {@link ZmtpCodecBuilder#singleFrameBodies} passes on for such messages, instead of a {@link ZmtpFrame}
 * and a {@link ZmtpMessage} each. Commands and multipart messages still pass on as frames, in order with the
 * batches around them. It is a pipeline message like any other: the handlers in between see it pass, and the
 * command handler counts it as traffic for its heartbeat.
 *
 * <h2>Lifetime and reference counting</h2>
 * A batch is valid only during the {@code channelRead} that carries it: the decoder reuses it for the next read.
 * Each body is a retained slice of the read buffer; the receiver takes them with {@link #takeAll}, which hands each
 * body's ownership over and empties the batch. Bodies still in the batch when the decoder reuses it, or removes
 * itself, are released then.
 */
public final class ZmtpBodyBatch {

    private final List<ByteBuf> bodies = new ArrayList<>();

    ZmtpBodyBatch() {
    }

    /** Returns the number of bodies in the batch. */
    public int size() {
        return bodies.size();
    }

    /** Returns whether the batch holds no body. */
    public boolean isEmpty() {
        return bodies.isEmpty();
    }

    /** Hands every body, in order, to {@code taker}, which takes ownership of each; empties the batch. */
    public void takeAll(Consumer<? super ByteBuf> taker) {
        int n = bodies.size();
        int i = 0;
        try {
            for (; i < n; i++) {
                taker.accept(bodies.get(i));
            }
        } finally {
            for (i++; i < n; i++) {
                bodies.get(i).release(); // the taker threw: the bodies it never got are released
            }
            bodies.clear();
        }
    }

    void add(ByteBuf body) {
        bodies.add(body);
    }

    /** Releases the bodies nobody took. */
    void releaseAll() {
        for (ByteBuf body : bodies) {
            body.release();
        }
        bodies.clear();
    }

    @Override
    public String toString() {
        return "ZmtpBodyBatch(" + bodies.size() + " bodies)";
    }
}
