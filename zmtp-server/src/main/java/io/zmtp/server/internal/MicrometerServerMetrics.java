/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.zmtp.codec.ZmtpHandshakeFailureReason;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * {@link ServerMetrics} on a Micrometer {@link MeterRegistry}. Every meter is created once, up front; tag values
 * come from fixed sets (outcome, failure reason), never from peers.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>Name</th><th>Type</th><th>Tags</th></tr>
 *   <tr><td>zmtp.server.connections.active</td><td>gauge</td><td></td></tr>
 *   <tr><td>zmtp.server.connections.handshaking</td><td>gauge</td><td></td></tr>
 *   <tr><td>zmtp.server.handshakes</td><td>counter</td><td>outcome=success|failure, reason</td></tr>
 *   <tr><td>zmtp.server.handshakes.refused</td><td>counter</td><td></td></tr>
 *   <tr><td>zmtp.server.messages.received / .sent</td><td>counter</td><td></td></tr>
 *   <tr><td>zmtp.server.bytes.received / .sent</td><td>counter</td><td></td></tr>
 *   <tr><td>zmtp.server.receive.queue.depth</td><td>gauge</td><td></td></tr>
 *   <tr><td>zmtp.server.receive.queue.bytes / zmtp.server.send.queue.bytes</td><td>gauge</td><td></td></tr>
 *   <tr><td>zmtp.server.peers.held</td><td>gauge</td><td></td></tr>
 *   <tr><td>zmtp.server.sends.blocked</td><td>counter</td><td></td></tr>
 *   <tr><td>zmtp.server.sends.unreachable</td><td>counter</td><td></td></tr>
 *   <tr><td>zmtp.server.messages.discarded</td><td>counter</td><td>reason=multipart</td></tr>
 *   <tr><td>zmtp.server.messages.undelivered</td><td>counter</td><td></td></tr>
 *   <tr><td>zmtp.server.handler.errors</td><td>counter</td><td></td></tr>
 *   <tr><td>zmtp.server.connection.errors</td><td>counter</td><td>reason=protocol|too-large|heartbeat-timeout|io|memory</td></tr>
 * </table>
 */
public final class MicrometerServerMetrics implements ServerMetrics {

    private final MeterRegistry registry;
    private final Counter handshakeSuccess;
    private final Map<ZmtpHandshakeFailureReason, Counter> handshakeFailures =
            new EnumMap<>(ZmtpHandshakeFailureReason.class);
    private final Counter handshakesRefused;
    private final Counter messagesReceived;
    private final Counter messagesSent;
    private final Counter bytesReceived;
    private final Counter bytesSent;
    private final Counter sendsBlocked;
    private final Counter sendsUnreachable;
    private final Counter multipartDiscarded;
    private final Counter undelivered;
    private final Counter handlerErrors;
    private final Map<String, Counter> connectionErrors = new java.util.HashMap<>();

    /** Creates the meters in {@code registry}. */
    public MicrometerServerMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        handshakeSuccess = Counter.builder("zmtp.server.handshakes").description("ZMTP handshakes by outcome")
                .tag("outcome", "success").tag("reason", "none").register(registry);
        for (ZmtpHandshakeFailureReason reason : ZmtpHandshakeFailureReason.values()) {
            handshakeFailures.put(reason, Counter.builder("zmtp.server.handshakes")
                    .description("ZMTP handshakes by outcome").tag("outcome", "failure")
                    .tag("reason", reason.tagValue()).register(registry));
        }
        handshakesRefused = counter("zmtp.server.handshakes.refused",
                "connections closed at accept because maxHandshakes handshakes were under way");
        messagesReceived = counter("zmtp.server.messages.received", "messages received from peers");
        messagesSent = counter("zmtp.server.messages.sent", "messages written to peers");
        bytesReceived = counter("zmtp.server.bytes.received", "payload octets received from peers");
        bytesSent = counter("zmtp.server.bytes.sent", "payload octets written to peers");
        sendsBlocked = counter("zmtp.server.sends.blocked", "sends that found the peer at its high-water mark");
        sendsUnreachable = counter("zmtp.server.sends.unreachable", "sends to an unknown or departed routing id");
        multipartDiscarded = Counter.builder("zmtp.server.messages.discarded")
                .description("inbound messages discarded whole").tag("reason", "multipart").register(registry);
        undelivered = counter("zmtp.server.messages.undelivered",
                "queued messages not written before their peer disconnected or the server closed");
        handlerErrors = counter("zmtp.server.handler.errors", "exceptions thrown by the message handler");
        for (String reason : new String[] {"protocol", "too-large", "heartbeat-timeout", "io", "memory"}) {
            connectionErrors.put(reason, Counter.builder("zmtp.server.connection.errors")
                    .description("established connections closed because of an error").tag("reason", reason)
                    .register(registry));
        }
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    @Override
    public void bindGauges(IntSupplier activeConnections, IntSupplier handshakingConnections,
                           IntSupplier receiveQueueDepth) {
        Gauge.builder("zmtp.server.connections.active", activeConnections, IntSupplier::getAsInt)
                .description("handshaken peer connections").strongReference(true).register(registry);
        Gauge.builder("zmtp.server.connections.handshaking", handshakingConnections, IntSupplier::getAsInt)
                .description("accepted connections whose handshake is under way").strongReference(true)
                .register(registry);
        Gauge.builder("zmtp.server.receive.queue.depth", receiveQueueDepth, IntSupplier::getAsInt)
                .description("messages waiting to be received").strongReference(true).register(registry);
    }

    @Override
    public void bindMemoryGauges(LongSupplier receiveQueueBytes, LongSupplier sendQueueBytes, IntSupplier held) {
        Gauge.builder("zmtp.server.receive.queue.bytes", receiveQueueBytes, LongSupplier::getAsLong)
                .description("body octets waiting to be received").strongReference(true)
                .register(registry);
        Gauge.builder("zmtp.server.send.queue.bytes", sendQueueBytes, LongSupplier::getAsLong)
                .description("body octets queued to peers and not yet written")
                .strongReference(true).register(registry);
        Gauge.builder("zmtp.server.peers.held", held, IntSupplier::getAsInt)
                .description("peers not received from until they read the replies queued to them")
                .strongReference(true).register(registry);
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
    public void handshakeRefused() {
        handshakesRefused.increment();
    }

    @Override
    public void messagesReceived(int count, long bytes) {
        messagesReceived.increment(count);
        bytesReceived.increment(bytes);
    }

    @Override
    public void messagesSent(int count, long bytes) {
        messagesSent.increment(count);
        bytesSent.increment(bytes);
    }

    @Override
    public void sendBlocked() {
        sendsBlocked.increment();
    }

    @Override
    public void sendUnreachable() {
        sendsUnreachable.increment();
    }

    @Override
    public void multipartDiscarded() {
        multipartDiscarded.increment();
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
