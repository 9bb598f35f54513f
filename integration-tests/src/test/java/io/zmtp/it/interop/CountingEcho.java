/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.interop;

import io.zmtp.server.ZmtpMessageHandler;
import io.zmtp.server.ZmtpServer;
import io.zmtp.server.ZmtpServerMessage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A server message handler that sends every message back to its sender and counts the messages per routing id. */
final class CountingEcho implements ZmtpMessageHandler {

    private final Map<Integer, AtomicInteger> messagesByPeer = new ConcurrentHashMap<>();

    /** Counts the message and sends it back; the send takes ownership of the payload. */
    @Override
    public void onMessage(ZmtpServer server, ZmtpServerMessage message) throws InterruptedException {
        messagesByPeer.computeIfAbsent(message.routingId(), id -> new AtomicInteger()).incrementAndGet();
        try {
            server.send(message.routingId(), message.content());
        } catch (RuntimeException e) {
            message.release(); // a failed send leaves the payload with us
            throw e;
        }
    }

    /** Asserts that exactly {@code peers} routing ids sent messages, each exactly {@code messagesEach}. */
    void assertPeersEachSent(int peers, int messagesEach) {
        assertEquals(peers, messagesByPeer.size(), () -> "routing ids that sent messages: " + messagesByPeer);
        messagesByPeer.forEach((routingId, count) -> assertEquals(messagesEach, count.get(),
                () -> "messages from routing id " + Integer.toUnsignedString(routingId)));
    }
}
