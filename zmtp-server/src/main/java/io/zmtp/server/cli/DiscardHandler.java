/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server.cli;

import io.zmtp.server.ZmtpMessageHandler;
import io.zmtp.server.ZmtpServer;
import io.zmtp.server.ZmtpServerMessage;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts and drops every message, for load tests; the count is also visible as
 * {@code zmtp.server.messages.received}.
 */
public final class DiscardHandler implements ZmtpMessageHandler {

    private final LongAdder discarded = new LongAdder();

    @Override
    public void onMessage(ZmtpServer server, ZmtpServerMessage message) {
        discarded.increment();
        message.release();
    }

    /** Returns the number of messages dropped so far. */
    public long discarded() {
        return discarded.sum();
    }
}
