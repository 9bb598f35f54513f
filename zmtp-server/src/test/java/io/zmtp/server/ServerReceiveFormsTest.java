/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server;

import io.netty.channel.embedded.EmbeddedChannel;
import io.zmtp.socket.SocketClosedException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static io.zmtp.server.EmbeddedPeers.receiveFrame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The three forms of receive beside {@code receive()}: with a timeout, {@code tryReceive}, {@code receiveAsync}. */
class ServerReceiveFormsTest {

    @Test
    void tryReceiveNeverWaitsAndReceiveAsyncIsCompletedByTheDelivery() throws Exception {
        ZmtpServer server = ZmtpServer.builder().build();
        EmbeddedChannel peer = EmbeddedPeers.handshake(new EmbeddedChannel(server.channelInitializer()));
        try {
            assertNull(server.tryReceive());
            CompletableFuture<ZmtpServerMessage> future = server.receiveAsync();
            assertFalse(future.isDone());
            receiveFrame(peer, 3, 7);
            ZmtpServerMessage message = future.getNow(null);
            assertEquals(7, message.content().getByte(0), "completed on the thread that delivered it");
            message.release();
            receiveFrame(peer, 3, 8);
            message = server.tryReceive();
            assertEquals(8, message.content().getByte(0));
            message.release();
            CompletableFuture<ZmtpServerMessage> pending = server.receiveAsync();
            server.close();
            CompletionException e = assertThrows(CompletionException.class, pending::join);
            assertInstanceOf(SocketClosedException.class, e.getCause());
        } finally {
            peer.finishAndReleaseAll();
            server.close();
        }
    }
}
