/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The ERROR command (23/ZMTP): a peer rejects the handshake and closes. The reason is 0 to 255 octets of
 * printable ASCII; a longer or non-ASCII reason is shortened and sanitised when the command is created.
 */
public final class ZmtpErrorCommand implements ZmtpCommand {

    /** The wire name. */
    public static final String NAME = "ERROR";
    /** The longest reason, in octets. */
    public static final int MAX_REASON_LENGTH = 255;

    private final String reason;

    /** Creates an ERROR command; {@code reason} is cut to 255 characters and non-printable ones become '?'. */
    public ZmtpErrorCommand(String reason) {
        Objects.requireNonNull(reason, "reason");
        StringBuilder b = new StringBuilder(Math.min(reason.length(), MAX_REASON_LENGTH));
        for (int i = 0; i < reason.length() && b.length() < MAX_REASON_LENGTH; i++) {
            char c = reason.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        this.reason = b.toString();
    }

    /** Returns the reason. */
    public String reason() {
        return reason;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dataLength() {
        return 1 + reason.length();
    }

    @Override
    public void writeData(ByteBuf out) {
        out.writeByte(reason.length());
        out.writeCharSequence(reason, StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "ZmtpErrorCommand(" + reason + ")";
    }
}
