/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.zmtp.codec.ZmtpHandshakeFailureReason;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;

/**
 * {@link ClientMetrics} on a Micrometer {@link MeterRegistry}. Every meter is created once, up front; tag values
 * come from fixed sets (state, outcome, failure reason), never from peers or endpoints.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>Name</th><th>Type</th><th>Tags</th></tr>
 *   <tr><td>zmtp.client.connections</td><td>gauge</td><td>state=connecting|handshaking|ready|reconnect-wait|stopped</td></tr>
 *   <tr><td>zmtp.client.connect.attempts / .failures</td><td>counter</td><td></td></tr>
 *   <tr><td>zmtp.client.reconnects</td><td>counter</td><td></td></tr>
 *   <tr><td>zmtp.client.handshakes</td><td>counter</td><td>outcome=success|failure, reason</td></tr>
 *   <tr><td>zmtp.client.messages.sent / .received</td><td>counter</td><td></td></tr>
 *   <tr><td>zmtp.client.bytes.sent / .received</td><td>counter</td><td></td></tr>
 *   <tr><td>zmtp.client.messages.discarded</td><td>counter</td><td>reason=multipart</td></tr>
 *   <tr><td>zmtp.client.messages.rerouted</td><td>counter</td><td></td></tr>
 *   <tr><td>zmtp.client.messages.dropped</td><td>counter</td><td></td></tr>
 *   <tr><td>zmtp.client.messages.unsent</td><td>gauge</td><td></td></tr>
 *   <tr><td>zmtp.client.sends.blocked</td><td>counter</td><td></td></tr>
 *   <tr><td>zmtp.client.heartbeat.timeouts</td><td>counter</td><td></td></tr>
 *   <tr><td>zmtp.client.heartbeat.rtt</td><td>timer</td><td></td></tr>
 * </table>
 */
public final class MicrometerClientMetrics implements ClientMetrics {

    private final MeterRegistry registry;
    private final Counter connectAttempts;
    private final Counter connectFailures;
    private final Counter reconnects;
    private final Counter handshakeSuccess;
    private final Map<ZmtpHandshakeFailureReason, Counter> handshakeFailures =
            new EnumMap<>(ZmtpHandshakeFailureReason.class);
    private final Counter messagesSent;
    private final Counter messagesReceived;
    private final Counter bytesSent;
    private final Counter bytesReceived;
    private final Counter multipartDiscarded;
    private final Counter rerouted;
    private final Counter dropped;
    private final Counter sendsBlocked;
    private final Counter heartbeatTimeouts;
    private final Timer heartbeatRtt;

    /** Creates the meters in {@code registry}. */
    public MicrometerClientMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        connectAttempts = counter("zmtp.client.connect.attempts", "TCP connect attempts");
        connectFailures = counter("zmtp.client.connect.failures", "TCP connect attempts that failed");
        reconnects = counter("zmtp.client.reconnects", "reconnects scheduled after a failure or a lost connection");
        handshakeSuccess = Counter.builder("zmtp.client.handshakes").description("ZMTP handshakes by outcome")
                .tag("outcome", "success").tag("reason", "none").register(registry);
        for (ZmtpHandshakeFailureReason reason : ZmtpHandshakeFailureReason.values()) {
            handshakeFailures.put(reason, Counter.builder("zmtp.client.handshakes")
                    .description("ZMTP handshakes by outcome").tag("outcome", "failure")
                    .tag("reason", reason.tagValue()).register(registry));
        }
        messagesSent = counter("zmtp.client.messages.sent", "messages handed to the kernel");
        messagesReceived = counter("zmtp.client.messages.received", "messages received from servers");
        bytesSent = counter("zmtp.client.bytes.sent", "payload octets handed to the kernel");
        bytesReceived = counter("zmtp.client.bytes.received", "payload octets received from servers");
        multipartDiscarded = Counter.builder("zmtp.client.messages.discarded")
                .description("inbound messages discarded whole").tag("reason", "multipart").register(registry);
        rerouted = counter("zmtp.client.messages.rerouted",
                "messages handed back to the pool because their connection closed before writing them");
        dropped = counter("zmtp.client.messages.dropped", "messages not written before the client closed");
        sendsBlocked = counter("zmtp.client.sends.blocked", "sends that found no ready connection with room");
        heartbeatTimeouts = counter("zmtp.client.heartbeat.timeouts",
                "connections closed because the server answered nothing within the heartbeat timeout");
        heartbeatRtt = Timer.builder("zmtp.client.heartbeat.rtt").description("time from a PING to its PONG")
                .register(registry);
    }

    /** Returns metrics on {@code registry}, which must be a {@link MeterRegistry}. */
    static ClientMetrics create(Object registry) {
        if (!(registry instanceof MeterRegistry)) {
            throw new IllegalArgumentException("meterRegistry: " + registry.getClass().getName()
                    + " (expected: io.micrometer.core.instrument.MeterRegistry)");
        }
        return new MicrometerClientMetrics((MeterRegistry) registry);
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    @Override
    public void bindGauges(ToIntFunction<ConnectionState> connections, IntSupplier unsent) {
        for (ConnectionState state : ConnectionState.values()) {
            if (state != ConnectionState.CLOSED) {
                Gauge.builder("zmtp.client.connections", () -> connections.applyAsInt(state))
                        .description("connections by state").tag("state", state.tagValue()).register(registry);
            }
        }
        Gauge.builder("zmtp.client.messages.unsent", unsent::getAsInt)
                .description("messages accepted by send and not yet handed to the kernel").register(registry);
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
    public void handshakeSucceeded() {
        handshakeSuccess.increment();
    }

    @Override
    public void handshakeFailed(ZmtpHandshakeFailureReason reason) {
        handshakeFailures.get(reason).increment();
    }

    @Override
    public void messagesSent(int count, long bytes) {
        messagesSent.increment(count);
        bytesSent.increment(bytes);
    }

    @Override
    public void messagesReceived(int count, long bytes) {
        messagesReceived.increment(count);
        bytesReceived.increment(bytes);
    }

    @Override
    public void multipartDiscarded() {
        multipartDiscarded.increment();
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
    public void sendBlocked() {
        sendsBlocked.increment();
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
