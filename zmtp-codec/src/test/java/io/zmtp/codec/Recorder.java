/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.ArrayList;
import java.util.List;

/** The last handler of a test pipeline: records user events and exceptions, lets messages reach the channel. */
final class Recorder extends ChannelInboundHandlerAdapter {

    final List<Object> events = new ArrayList<>();
    final List<Throwable> exceptions = new ArrayList<>();

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        events.add(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        exceptions.add(cause);
    }

    ZmtpHandshakeCompletionEvent handshake() {
        ZmtpHandshakeCompletionEvent found = null;
        for (Object e : events) {
            if (e instanceof ZmtpHandshakeCompletionEvent) {
                if (found != null) {
                    throw new AssertionError("more than one handshake completion event: " + events);
                }
                found = (ZmtpHandshakeCompletionEvent) e;
            }
        }
        return found;
    }
}
