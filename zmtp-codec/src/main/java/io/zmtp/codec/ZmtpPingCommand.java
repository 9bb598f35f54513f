/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;

import java.util.Arrays;
import java.util.Objects;

/**
 * The PING command (37/ZMTP "Connection Heartbeating"): {@code ttl (2 octets, tenths of a second) | context}.
 * The peer answers with a {@link ZmtpPongCommand} echoing the context; a non-zero TTL asks the peer to close the
 * connection if nothing at all arrives from us within that time.
 *
 * <p>The context is at most {@value #MAX_CONTEXT_LENGTH} octets; a longer context read off the wire is cut to that
 * length, as libzmq does when it answers.
 */
public final class ZmtpPingCommand implements ZmtpCommand {

    /** The wire name. */
    public static final String NAME = "PING";
    /** The longest context, in octets. */
    public static final int MAX_CONTEXT_LENGTH = 16;
    /** The largest TTL the 16-bit field can carry, in tenths of a second. */
    public static final int MAX_TTL_DECISECONDS = 0xFFFF;

    private final int ttlDeciseconds;
    private final byte[] context;

    /**
     * Creates a PING command.
     *
     * @param ttlDeciseconds the time-to-live in tenths of a second, 0 (none) to 65535
     * @param context up to 16 octets the peer will echo
     */
    public ZmtpPingCommand(int ttlDeciseconds, byte[] context) {
        if (ttlDeciseconds < 0 || ttlDeciseconds > MAX_TTL_DECISECONDS) {
            throw new IllegalArgumentException("ttlDeciseconds: " + ttlDeciseconds + " (expected: 0..65535)");
        }
        Objects.requireNonNull(context, "context");
        if (context.length > MAX_CONTEXT_LENGTH) {
            throw new IllegalArgumentException("context: " + context.length + " octets (expected: <= 16)");
        }
        this.ttlDeciseconds = ttlDeciseconds;
        this.context = context.clone();
    }

    /** Returns the time-to-live in tenths of a second; 0 means none. */
    public int ttlDeciseconds() {
        return ttlDeciseconds;
    }

    /** Returns a copy of the context. */
    public byte[] context() {
        return context.clone();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dataLength() {
        return 2 + context.length;
    }

    @Override
    public void writeData(ByteBuf out) {
        out.writeShort(ttlDeciseconds);
        out.writeBytes(context);
    }

    /** Returns the PONG that answers this PING. */
    public ZmtpPongCommand pong() {
        return new ZmtpPongCommand(context);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ZmtpPingCommand && ((ZmtpPingCommand) o).ttlDeciseconds == ttlDeciseconds
                && Arrays.equals(((ZmtpPingCommand) o).context, context);
    }

    @Override
    public int hashCode() {
        return ttlDeciseconds * 31 + Arrays.hashCode(context);
    }

    @Override
    public String toString() {
        return "ZmtpPingCommand(ttl=" + ttlDeciseconds + "ds, context=" + context.length + " octets)";
    }
}
