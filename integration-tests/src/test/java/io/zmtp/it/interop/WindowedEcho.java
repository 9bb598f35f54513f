/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.interop;

import io.zmtp.client.ZmtpClient;
import org.zeromq.ZMQ;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One side of an echo conversation driven from the test: sends {@link PayloadPattern} messages cycling through
 * {@link PayloadPattern#SIZES}, a few ahead of the replies, and checks every reply byte for byte and in order.
 */
final class WindowedEcho {

    /** How many messages may be on their way before a reply must come. */
    static final int WINDOW = 8;

    /** The socket under test: sends, and receives (null when nothing came in time). */
    interface Endpoint {
        void send(byte[] payload) throws InterruptedException;

        byte[] receive() throws InterruptedException;
    }

    private WindowedEcho() {
    }

    /** Our CLIENT socket as an endpoint, waiting up to {@code wait} for each send and reply. */
    static Endpoint of(ZmtpClient client, Duration wait) {
        return new Endpoint() {
            @Override
            public void send(byte[] payload) throws InterruptedException {
                client.send(payload, wait);
            }

            @Override
            public byte[] receive() throws InterruptedException {
                return client.receiveBytes(wait);
            }
        };
    }

    /** A JeroMQ CLIENT socket as an endpoint; its own send and receive timeouts apply. */
    static Endpoint of(ZMQ.Socket socket) {
        return new Endpoint() {
            @Override
            public void send(byte[] payload) {
                assertTrue(socket.send(payload), "JeroMQ CLIENT could not send " + payload.length + " octets");
            }

            @Override
            public byte[] receive() {
                return socket.recv();
            }
        };
    }

    /** Sends {@code count} messages of {@code seed} through {@code endpoint} and checks each echo. */
    static void run(int seed, int count, Endpoint endpoint) throws InterruptedException {
        int[] sizes = PayloadPattern.SIZES;
        int sent = 0;
        for (int k = 0; k < count; k++) {
            while (sent < count && sent < k + WINDOW) {
                endpoint.send(PayloadPattern.message(seed, sent, sizes[sent % sizes.length]));
                sent++;
            }
            byte[] reply = endpoint.receive();
            assertNotNull(reply, "echo #" + k + " did not come back");
            assertArrayEquals(PayloadPattern.message(seed, k, sizes[k % sizes.length]), reply, "echo #" + k);
        }
    }

    /** Runs {@link #run} on another thread, so that several peers converse at once. */
    static CompletableFuture<Void> start(int seed, int count, Endpoint endpoint) {
        return CompletableFuture.runAsync(() -> {
            try {
                run(seed, count, endpoint);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        });
    }

    /** Waits for a conversation {@link #start}ed for {@code who}, failing with its failure or after {@code wait}. */
    static void await(CompletableFuture<Void> conversation, String who, Duration wait) throws InterruptedException {
        try {
            conversation.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(who + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(who + " did not finish its echoes within " + wait, e);
        }
    }
}
