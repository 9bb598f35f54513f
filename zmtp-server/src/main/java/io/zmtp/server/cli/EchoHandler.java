/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server.cli;

import io.netty.buffer.ByteBuf;
import io.zmtp.server.ZmtpMessageHandler;
import io.zmtp.server.ZmtpServer;
import io.zmtp.server.ZmtpServerMessage;
import io.zmtp.socket.HostUnreachableException;

/** The default job of the standalone server: sends every message back to the peer that sent it. */
public final class EchoHandler implements ZmtpMessageHandler {

    @Override
    public void onMessage(ZmtpServer server, ZmtpServerMessage message) throws InterruptedException {
        ByteBuf payload = message.content();
        try {
            server.send(message.routingId(), payload);
        } catch (HostUnreachableException e) {
            payload.release(); // the sender left before its reply could be queued
        } catch (InterruptedException | RuntimeException | Error e) {
            payload.release(); // a send that throws leaves the payload with its caller
            throw e;
        }
    }
}
