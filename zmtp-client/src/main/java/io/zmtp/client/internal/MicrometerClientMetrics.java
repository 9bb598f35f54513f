/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.zmtp.socket.internal.MicrometerSocketMetrics;
import io.zmtp.socket.internal.ZmtpMeter;

import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;

/**
 * {@link ClientMetrics} on a Micrometer {@link MeterRegistry}: the {@link ZmtpMeter}s a CLIENT records, named
 * {@code zmtp.client.*}. Every meter is created once, up front; tag values come from fixed sets (state, outcome,
 * failure reason), never from peers or endpoints.
 */
public final class MicrometerClientMetrics extends MicrometerSocketMetrics implements ClientMetrics {

    private final Counter connectAttempts;
    private final Counter connectFailures;
    private final Counter reconnects;
    private final Counter rerouted;
    private final Counter dropped;
    private final Counter heartbeatTimeouts;
    private final Timer heartbeatRtt;

    /** Returns metrics on {@code registry}, which must be a {@link MeterRegistry}. */
    static ClientMetrics create(Object registry) {
        if (!(registry instanceof MeterRegistry)) {
            throw new IllegalArgumentException("meterRegistry: " + registry.getClass().getName()
                    + " (expected: io.micrometer.core.instrument.MeterRegistry)");
        }
        return new MicrometerClientMetrics((MeterRegistry) registry);
    }

    /** Creates the meters in {@code registry}. */
    public MicrometerClientMetrics(MeterRegistry registry) {
        super(registry, "zmtp.client");
        connectAttempts = counter(ZmtpMeter.CONNECT_ATTEMPTS);
        connectFailures = counter(ZmtpMeter.CONNECT_FAILURES);
        reconnects = counter(ZmtpMeter.RECONNECTS);
        rerouted = counter(ZmtpMeter.MESSAGES_REROUTED);
        dropped = counter(ZmtpMeter.MESSAGES_DROPPED);
        heartbeatTimeouts = counter(ZmtpMeter.HEARTBEAT_TIMEOUTS);
        heartbeatRtt = timer(ZmtpMeter.HEARTBEAT_RTT);
    }

    @Override
    public void bindGauges(ToIntFunction<ConnectionState> connections, IntSupplier unsent) {
        for (ConnectionState state : ConnectionState.values()) {
            if (state != ConnectionState.CLOSED) {
                gauge(ZmtpMeter.CONNECTIONS, () -> connections.applyAsInt(state), "state", state.tagValue());
            }
        }
        gauge(ZmtpMeter.MESSAGES_UNSENT, unsent::getAsInt);
    }

    @Override
    public void connectAttempted() {
        connectAttempts.increment();
    }

    @Override
    public void connectFailed() {
        connectFailures.increment();
    }

    @Override
    public void reconnectScheduled() {
        reconnects.increment();
    }

    @Override
    public void messageRerouted() {
        rerouted.increment();
    }

    @Override
    public void messageDropped() {
        dropped.increment();
    }

    @Override
    public void heartbeatTimedOut() {
        heartbeatTimeouts.increment();
    }

    @Override
    public void heartbeatRoundTrip(long nanos) {
        heartbeatRtt.record(nanos, TimeUnit.NANOSECONDS);
    }
}
