/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server;

/**
 * Event-driven alternative to {@link ZmtpServer#receive()}: called for every received message, in order, on the
 * server's single dispatch thread (not a Netty event loop), so it may block, for instance in
 * {@link ZmtpServer#send(int, io.netty.buffer.ByteBuf)}. While it runs no other message is dispatched; a slow
 * handler fills the receive queue, and peers then stop being read (back-pressure), nothing is dropped. A peer whose
 * send queue is full is not dispatched from until it drains, so a handler that sends one reply per message never
 * waits on a peer that does not read.
 *
 * <p>The handler owns the message: it releases it, or hands its payload to a send (which then owns it). The
 * server cannot tell which, so it never releases a message it dispatched.
 */
@FunctionalInterface
public interface ZmtpMessageHandler {

    /**
     * Handles one message. An exception is logged and counted ({@code zmtp.server.handler.errors}); the server goes
     * on with the next message.
     */
    void onMessage(ZmtpServer server, ZmtpServerMessage message) throws Exception;
}
