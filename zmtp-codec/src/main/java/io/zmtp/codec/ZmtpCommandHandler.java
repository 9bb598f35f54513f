/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Handles the commands of an established ZMTP connection and its heartbeats (37/ZMTP "Connection Heartbeating"),
 * and holds the application's writes until the handshake has completed.
 *
 * <h2>Inbound</h2>
 * Data frames pass on. Command frames are consumed: PING is answered with a PONG echoing its context (at most 16
 * octets); PONG is absorbed; ERROR closes the connection and raises a {@link ZmtpProtocolException}; SUBSCRIBE and
 * CANCEL pass on as {@link ZmtpSubscribeCommand} and {@link ZmtpCancelCommand}; any other command is dropped, as
 * libzmq does. A malformed command closes the connection.
 *
 * <h2>Heartbeats</h2>
 * With a non-zero {@link ZmtpCodecOptions#heartbeatInterval()}, every interval in which we have not both received
 * and sent something, a PING carrying {@link ZmtpCodecOptions#heartbeatTtl()} (in tenths of a second) is sent. If
 * nothing at all arrives within {@link ZmtpCodecOptions#heartbeatTimeout()} of a PING, or within the TTL a peer
 * announced in its own PING, the connection is closed and a {@link ZmtpHeartbeatTimeoutException} is raised. Every
 * inbound frame counts as a sign of life.
 *
 * <h2>Outbound</h2>
 * Writes made before the {@link ZmtpHandshakeCompletionEvent} are held in order and written when the handshake
 * succeeds, or failed with its cause when it fails. SUBSCRIBE and CANCEL are sent to a ZMTP 3.0 peer as the
 * messages that version understands (topic prefixed with {@code 01} or {@code 00}).
 *
 * <h2>Reference counting</h2>
 * Consumed commands are released here; everything passed on is owned by the next handler. Held writes are released
 * if they fail.
 *
 * <p>Not sharable: one instance per connection.
 */
public final class ZmtpCommandHandler extends ChannelDuplexHandler {

    private static final byte[] NO_CONTEXT = new byte[0];

    private final long intervalNanos;
    private final long timeoutNanos;
    private final int ttlDeciseconds;
    private final Duration timeout;

    private ChannelHandlerContext ctx;
    private final ArrayDeque<Object> held = new ArrayDeque<>();
    private boolean flushHeld;
    private boolean ready;
    private Throwable failure;
    private ZmtpProtocolVersion version;

    private ScheduledFuture<?> pingTask;
    private ScheduledFuture<?> timeoutTask;
    private ScheduledFuture<?> ttlTask;
    private boolean readSinceTick;
    private boolean wroteSinceTick;
    private boolean closed;

    /** Creates a command handler with the heartbeat settings of {@code options}. */
    public ZmtpCommandHandler(ZmtpCodecOptions options) {
        Objects.requireNonNull(options, "options");
        this.intervalNanos = options.heartbeatInterval().toNanos();
        this.timeout = options.heartbeatTimeout();
        this.timeoutNanos = timeout.toNanos();
        this.ttlDeciseconds = (int) Math.min(ZmtpPingCommand.MAX_TTL_DECISECONDS,
                options.heartbeatTtl().toMillis() / 100);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ZmtpHandshakeCompletionEvent) {
            ZmtpHandshakeCompletionEvent event = (ZmtpHandshakeCompletionEvent) evt;
            if (event.isSuccess()) {
                ready = true;
                version = event.version();
                writeHeld();
                startHeartbeats();
            } else {
                failHeld(event.cause());
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (ready) {
            writeNow(msg, promise);
        } else if (failure != null) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(failure);
        } else {
            held.add(msg);
            held.add(promise);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (ready) {
            ctx.flush();
        } else {
            flushHeld = true;
        }
    }

    private void writeNow(Object msg, ChannelPromise promise) {
        wroteSinceTick = true;
        if (version == ZmtpProtocolVersion.ZMTP_3_0 && msg instanceof ZmtpTopicCommand) {
            msg = legacySubscription((ZmtpTopicCommand) msg);
        }
        ctx.write(msg, promise);
    }

    /** Returns the ZMTP 3.0 form of SUBSCRIBE or CANCEL, a message of {@code 01}/{@code 00} and the topic. */
    private ZmtpMessage legacySubscription(ZmtpTopicCommand command) {
        ByteBuf topic = command.topic();
        ByteBuf body = ctx.alloc().buffer(1 + topic.readableBytes());
        body.writeByte(command.legacyPrefix());
        body.writeBytes(topic, topic.readerIndex(), topic.readableBytes());
        ReferenceCountUtil.release(command);
        return ZmtpMessage.of(body);
    }

    private void writeHeld() {
        while (!held.isEmpty()) {
            Object msg = held.poll();
            writeNow(msg, (ChannelPromise) held.poll());
        }
        if (flushHeld) {
            flushHeld = false;
            ctx.flush();
        }
    }

    private void failHeld(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        while (!held.isEmpty()) {
            Object msg = held.poll();
            ChannelPromise promise = (ChannelPromise) held.poll();
            ReferenceCountUtil.safeRelease(msg);
            promise.tryFailure(cause);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        frameReceived(); // frames and batches of bodies alike: the peer is alive
        if (msg instanceof ZmtpFrame && ((ZmtpFrame) msg).isCommand()) {
            commandFrameReceived((ZmtpFrame) msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** Something arrived: cancels the heartbeat timeouts that wait for traffic. */
    private void frameReceived() {
        readSinceTick = true;
        if (timeoutTask != null) {
            timeoutTask.cancel(false);
            timeoutTask = null;
        }
        if (ttlTask != null) {
            ttlTask.cancel(false);
            ttlTask = null;
        }
    }

    private void commandFrameReceived(ZmtpFrame frame) {
        ZmtpCommand command;
        try {
            command = ZmtpCommands.decode(frame.content());
        } catch (ZmtpProtocolException e) {
            closeWith(e);
            return;
        } finally {
            frame.release();
        }
        if (command instanceof ZmtpPingCommand) {
            pingReceived((ZmtpPingCommand) command);
        } else if (command instanceof ZmtpErrorCommand) {
            closeWith(new ZmtpProtocolException("peer sent ERROR: " + ((ZmtpErrorCommand) command).reason()));
        } else if (command instanceof ZmtpTopicCommand) {
            ctx.fireChannelRead(command);
        } else {
            ReferenceCountUtil.release(command);
        }
    }

    private void pingReceived(ZmtpPingCommand ping) {
        wroteSinceTick = true;
        ctx.writeAndFlush(ping.pong());
        int ttl = ping.ttlDeciseconds();
        if (ttl > 0 && ttlTask == null && !closed) {
            ttlTask = ctx.executor().schedule(() -> {
                ttlTask = null;
                closeWith(new ZmtpHeartbeatTimeoutException("nothing received within the peer's heartbeat TTL of "
                        + Duration.ofMillis(ttl * 100L)));
            }, ttl * 100L, TimeUnit.MILLISECONDS);
        }
    }

    private void startHeartbeats() {
        if (intervalNanos > 0 && pingTask == null && !closed && ctx.channel().isActive()) {
            pingTask = ctx.executor().scheduleAtFixedRate(this::heartbeatTick, intervalNanos, intervalNanos,
                    TimeUnit.NANOSECONDS);
        }
    }

    private void heartbeatTick() {
        boolean idle = !(readSinceTick && wroteSinceTick);
        readSinceTick = false;
        wroteSinceTick = false;
        if (!idle || closed || !ctx.channel().isActive()) {
            return;
        }
        ctx.writeAndFlush(new ZmtpPingCommand(ttlDeciseconds, NO_CONTEXT));
        if (timeoutTask == null && !closed) {
            timeoutTask = ctx.executor().schedule(() -> {
                timeoutTask = null;
                closeWith(new ZmtpHeartbeatTimeoutException("nothing received within the heartbeat timeout of "
                        + timeout + " after a PING"));
            }, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void closeWith(Throwable cause) {
        if (closed) {
            return;
        }
        closed = true;
        stopTimers();
        failHeld(cause);
        ctx.fireExceptionCaught(cause);
        ctx.close();
    }

    private void stopTimers() {
        for (ScheduledFuture<?> task : new ScheduledFuture<?>[] {pingTask, timeoutTask, ttlTask}) {
            if (task != null) {
                task.cancel(false);
            }
        }
        pingTask = null;
        timeoutTask = null;
        ttlTask = null;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closed = true;
        stopTimers();
        failHeld(new ClosedChannelException());
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        closed = true;
        stopTimers();
        failHeld(new ClosedChannelException());
    }
}
