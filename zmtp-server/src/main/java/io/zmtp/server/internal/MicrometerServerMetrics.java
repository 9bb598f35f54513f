/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.zmtp.socket.internal.MicrometerSocketMetrics;
import io.zmtp.socket.internal.ZmtpMeter;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * {@link ServerMetrics} on a Micrometer {@link MeterRegistry}: the {@link ZmtpMeter}s a SERVER records, named
 * {@code zmtp.server.*}. Every meter is created once, up front; tag values come from fixed sets (outcome, failure
 * reason), never from peers.
 */
public final class MicrometerServerMetrics extends MicrometerSocketMetrics implements ServerMetrics {

    private static final String[] CONNECTION_ERROR_REASONS = {"protocol", "too-large", "heartbeat-timeout", "io",
        "memory"};

    private final Counter handshakesRefused;
    private final Counter sendsUnreachable;
    private final Counter undelivered;
    private final Counter handlerErrors;
    private final Map<String, Counter> connectionErrors = new HashMap<>();

    /** Creates the meters in {@code registry}. */
    public MicrometerServerMetrics(MeterRegistry registry) {
        super(registry, "zmtp.server");
        handshakesRefused = counter(ZmtpMeter.HANDSHAKES_REFUSED);
        sendsUnreachable = counter(ZmtpMeter.SENDS_UNREACHABLE);
        undelivered = counter(ZmtpMeter.MESSAGES_UNDELIVERED);
        handlerErrors = counter(ZmtpMeter.HANDLER_ERRORS);
        for (String reason : CONNECTION_ERROR_REASONS) {
            connectionErrors.put(reason, counter(ZmtpMeter.CONNECTION_ERRORS, "reason", reason));
        }
    }

    @Override
    public void bindGauges(IntSupplier activeConnections, IntSupplier handshakingConnections,
                           IntSupplier receiveQueueDepth) {
        gauge(ZmtpMeter.CONNECTIONS_ACTIVE, activeConnections::getAsInt);
        gauge(ZmtpMeter.CONNECTIONS_HANDSHAKING, handshakingConnections::getAsInt);
        gauge(ZmtpMeter.RECEIVE_QUEUE_DEPTH, receiveQueueDepth::getAsInt);
    }

    @Override
    public void bindMemoryGauges(LongSupplier receiveQueueBytes, LongSupplier sendQueueBytes, IntSupplier held) {
        gauge(ZmtpMeter.RECEIVE_QUEUE_BYTES, receiveQueueBytes::getAsLong);
        gauge(ZmtpMeter.SEND_QUEUE_BYTES, sendQueueBytes::getAsLong);
        gauge(ZmtpMeter.PEERS_HELD, held::getAsInt);
    }

    @Override
    public void handshakeRefused() {
        handshakesRefused.increment();
    }

    @Override
    public void sendUnreachable() {
        sendsUnreachable.increment();
    }

    @Override
    public void messageUndelivered() {
        undelivered.increment();
    }

    @Override
    public void connectionError(String reason) {
        Counter counter = connectionErrors.get(reason);
        if (counter != null) {
            counter.increment();
        }
    }

    @Override
    public void handlerFailed() {
        handlerErrors.increment();
    }
}
