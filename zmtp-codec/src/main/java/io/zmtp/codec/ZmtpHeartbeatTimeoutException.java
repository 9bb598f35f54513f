/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.channel.ChannelException;

/**
 * Signals that a peer went silent: nothing arrived within the heartbeat timeout after one of our PINGs,
 * or within the time-to-live the peer announced in its own PING (37/ZMTP, "Connection Heartbeating").
 * The {@link ZmtpCommandHandler} closes the connection when it raises this. It is not a protocol error:
 * a socket reconnects after it.
 */
public final class ZmtpHeartbeatTimeoutException extends ChannelException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message that says which timer expired. */
    public ZmtpHeartbeatTimeoutException(String message) {
        super(message);
    }
}
