/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.zmtp.codec.ZmtpHandshakeFailureReason;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link SocketMetrics} on a Micrometer {@link MeterRegistry}, and the helpers with which each socket registers the
 * rest of its {@link ZmtpMeter}s under its prefix. Every meter is created once, up front.
 */
public abstract class MicrometerSocketMetrics implements SocketMetrics {

    private final MeterRegistry registry;
    private final String prefix;
    private final Counter handshakeSuccess;
    private final Map<ZmtpHandshakeFailureReason, Counter> handshakeFailures =
            new EnumMap<>(ZmtpHandshakeFailureReason.class);
    private final Counter messagesSent;
    private final Counter messagesReceived;
    private final Counter bytesSent;
    private final Counter bytesReceived;
    private final Counter multipartDiscarded;
    private final Counter sendsBlocked;

    /** Creates the shared meters in {@code registry}, named {@code prefix.*} (e.g. {@code zmtp.server}). */
    protected MicrometerSocketMetrics(MeterRegistry registry, String prefix) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        handshakeSuccess = counter(ZmtpMeter.HANDSHAKES, "outcome", "success", "reason", "none");
        for (ZmtpHandshakeFailureReason reason : ZmtpHandshakeFailureReason.values()) {
            handshakeFailures.put(reason, counter(ZmtpMeter.HANDSHAKES, "outcome", "failure", "reason",
                    reason.tagValue()));
        }
        messagesSent = counter(ZmtpMeter.MESSAGES_SENT);
        messagesReceived = counter(ZmtpMeter.MESSAGES_RECEIVED);
        bytesSent = counter(ZmtpMeter.BYTES_SENT);
        bytesReceived = counter(ZmtpMeter.BYTES_RECEIVED);
        multipartDiscarded = counter(ZmtpMeter.MESSAGES_DISCARDED, "reason", "multipart");
        sendsBlocked = counter(ZmtpMeter.SENDS_BLOCKED);
    }

    /** Registers {@code meter} as a counter with {@code tags} (key, value, key, value…). */
    protected final Counter counter(ZmtpMeter meter, String... tags) {
        return Counter.builder(meter.name(prefix)).description(meter.description()).tags(tags).register(registry);
    }

    /** Registers {@code meter} as a gauge of {@code value}, with {@code tags} (key, value…). */
    protected final void gauge(ZmtpMeter meter, Supplier<Number> value, String... tags) {
        Gauge.builder(meter.name(prefix), value).description(meter.description()).tags(tags)
                .strongReference(true).register(registry);
    }

    /** Registers {@code meter} as a timer. */
    protected final Timer timer(ZmtpMeter meter) {
        return Timer.builder(meter.name(prefix)).description(meter.description()).register(registry);
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
    public void sendBlocked() {
        sendsBlocked.increment();
    }
}
