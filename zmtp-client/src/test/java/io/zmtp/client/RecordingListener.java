/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client;

import io.zmtp.codec.ZmtpHandshakeFailureReason;
import io.zmtp.codec.transport.ZmtpEndpoint;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records every listener event as a line of text in a queue the test can wait on. */
final class RecordingListener implements ZmtpClientListener {

    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override
    public void connectFailed(ZmtpEndpoint endpoint, Throwable cause) {
        events.add("connect-failed " + endpoint);
    }

    @Override
    public void connected(ZmtpEndpoint endpoint, SocketAddress remoteAddress) {
        events.add("connected " + endpoint);
    }

    @Override
    public void handshakeFailed(ZmtpEndpoint endpoint, ZmtpHandshakeFailureReason reason, String message) {
        events.add("handshake-failed " + endpoint + " " + reason);
    }

    @Override
    public void heartbeatTimedOut(ZmtpEndpoint endpoint) {
        events.add("heartbeat-timeout " + endpoint);
    }

    @Override
    public void disconnected(ZmtpEndpoint endpoint, int rerouted) {
        events.add("disconnected " + endpoint);
    }

    @Override
    public void reconnectScheduled(ZmtpEndpoint endpoint, Duration delay) {
        events.add("reconnect-scheduled " + endpoint);
    }

    @Override
    public void reconnectStopped(ZmtpEndpoint endpoint, String why) {
        events.add("reconnect-stopped " + endpoint);
    }

    /** Waits for an event that starts with {@code prefix}, skipping others; fails after {@code timeoutMillis}. */
    String await(String prefix, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (;;) {
            long left = deadline - System.nanoTime();
            String event = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (event == null) {
                throw new AssertionError("no '" + prefix + "' event within " + timeoutMillis + " ms");
            }
            if (event.startsWith(prefix)) {
                return event;
            }
        }
    }

    /** Waits until {@code n} events starting with {@code prefix} were seen. */
    void await(String prefix, int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (int i = 0; i < n; i++) {
            await(prefix, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
    }
}
