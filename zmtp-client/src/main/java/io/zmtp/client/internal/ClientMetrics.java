/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client.internal;

import io.zmtp.socket.internal.SocketMetrics;

import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;

/**
 * What the client records. The client works without Micrometer on the class path: {@link #NOOP} records nothing,
 * and {@link MicrometerClientMetrics} is only loaded when the application passes a {@code MeterRegistry}
 * ({@link #create(Object)}). Implementations are thread-safe.
 */
public interface ClientMetrics extends SocketMetrics {

    /** Records nothing. */
    ClientMetrics NOOP = new ClientMetrics() {
    };

    /**
     * Returns metrics on {@code meterRegistry}, which must be a Micrometer {@code MeterRegistry}, or {@link #NOOP}
     * when it is null. Micrometer classes are touched only in the second case.
     */
    static ClientMetrics create(Object meterRegistry) {
        return meterRegistry == null ? NOOP : MicrometerClientMetrics.create(meterRegistry);
    }

    /** Registers the gauges that read live state: connections per state, and messages not yet written. */
    default void bindGauges(ToIntFunction<ConnectionState> connections, IntSupplier unsent) {
    }

    /** A TCP connect attempt started. */
    default void connectAttempted() {
    }

    /** A TCP connect attempt failed. */
    default void connectFailed() {
    }

    /** A reconnect was scheduled. */
    default void reconnectScheduled() {
    }






    /** A message went back to the pool because its connection closed before writing it. */
    default void messageRerouted() {
    }

    /** A message could not be written before the client closed (its linger expired). */
    default void messageDropped() {
    }


    /** A connection was closed because its peer answered nothing within the heartbeat timeout. */
    default void heartbeatTimedOut() {
    }

    /** A PONG arrived {@code nanos} after our PING. */
    default void heartbeatRoundTrip(long nanos) {
    }
}
