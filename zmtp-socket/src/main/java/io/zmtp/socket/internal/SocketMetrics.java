/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket.internal;

import io.zmtp.codec.ZmtpHandshakeFailureReason;

/**
 * What every socket records. A socket works without Micrometer on the class path: these defaults record nothing,
 * and {@link MicrometerSocketMetrics} is only loaded when the application passes a {@code MeterRegistry}.
 */
public interface SocketMetrics {

    /** A handshake succeeded. */
    default void handshakeSucceeded() {
    }

    /** A handshake failed for {@code reason}. */
    default void handshakeFailed(ZmtpHandshakeFailureReason reason) {
    }

    /** {@code count} messages of {@code bytes} payload octets in all were handed to the kernel. */
    default void messagesSent(int count, long bytes) {
    }

    /** {@code count} messages with {@code bytes} octets of payload in all were received. */
    default void messagesReceived(int count, long bytes) {
    }

    /** An inbound multipart message was discarded whole. */
    default void multipartDiscarded() {
    }

    /** A send found no room below the high-water mark: it waited, timed out or failed at once. */
    default void sendBlocked() {
    }
}
