/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server.internal;

import io.zmtp.socket.internal.SocketMetrics;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * What the server records. The server works without Micrometer on the class path: {@link #NOOP} records nothing,
 * and {@link MicrometerServerMetrics} is only loaded when the application passes a {@code MeterRegistry}.
 */
public interface ServerMetrics extends SocketMetrics {

    /** Records nothing. */
    ServerMetrics NOOP = new ServerMetrics() {
    };

    /**
     * Registers the gauges that read live state: handshaken connections, connections whose handshake is under way,
     * and messages waiting to be received.
     */
    default void bindGauges(IntSupplier activeConnections, IntSupplier handshakingConnections,
                            IntSupplier receiveQueueDepth) {
    }

    /**
     * Registers the gauges of the body octets held in the receive queue and in the peers' send queues, and of the
     * peers whose messages wait because their send queue is full.
     */
    default void bindMemoryGauges(LongSupplier receiveQueueBytes, LongSupplier sendQueueBytes, IntSupplier held) {
    }



    /** A connection was closed as soon as it was accepted: {@code maxHandshakes} handshakes were under way. */
    default void handshakeRefused() {
    }




    /** A send named an unknown or departed routing id. */
    default void sendUnreachable() {
    }


    /** A message queued to a peer could not be written before the peer disconnected or the server closed. */
    default void messageUndelivered() {
    }

    /**
     * An established connection was closed because of an error: {@code reason} is {@code protocol},
     * {@code too-large}, {@code heartbeat-timeout}, {@code io} or {@code memory}.
     */
    default void connectionError(String reason) {
    }

    /** The message handler threw. */
    default void handlerFailed() {
    }
}
