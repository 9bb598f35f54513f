/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.zmtp.codec.DefaultZmtpMessage;
import io.zmtp.codec.ZmtpBodyBatch;
import io.zmtp.codec.ZmtpChannelInitializer;
import io.zmtp.codec.ZmtpHandshakeCompletionEvent;
import io.zmtp.codec.ZmtpMessage;
import io.zmtp.socket.ZmtpSocketOptions;
import io.zmtp.socket.internal.ReceivedBodies;

import java.util.List;
import java.util.Objects;

/**
 * The SERVER socket's end of one connection (41/CLIENTSERVER): once the ZMTP handshake succeeds it gives the peer
 * a routing id and registers it with its {@link ZmtpServer}; then it hands every single-frame message to the server,
 * tagged with that routing id, and discards multipart messages whole (counted). When the connection closes the
 * routing id becomes unreachable. From its accept (in a pipeline of the application's: from the moment this handler
 * is added) until the handshake succeeds, fails or the connection closes, the connection counts as handshaking
 * ({@code zmtp.server.connections.handshaking}) and holds one of the server's
 * {@link ZmtpServerOptions#maxHandshakes()} places; only the server's own initializer refuses connections over it.
 *
 * <p>It belongs after the codec. {@link ZmtpServer} installs it on the connections it accepts; to serve ZMTP from
 * a {@code ServerBootstrap} of your own, build an unbound server and use its initializer:
 * <pre>{@code
 * ZmtpServer server = ZmtpServer.builder().build();           // no bind: your bootstrap accepts
 * serverBootstrap.childHandler(server.channelInitializer());  // codec + ServerSocketHandler
 * ZmtpServerMessage request = server.receive();
 * server.send(request.routingId(), reply);
 * }</pre>
 * or, in an initializer that adds handlers of its own, {@code codec.install(pipeline)} followed by
 * {@code pipeline.addLast(server.newSocketHandler())}.
 *
 * <h2>Reference counting</h2>
 * The payload of a delivered message is passed to the server without copying; discarded messages and anything
 * else that reaches this handler are released here. Payloads read in one read loop are handed to the server
 * together ({@link ReceivedBodies}) when the read completes, when the channel goes inactive, or every
 * {@value ReceivedBodies#DELIVER_BATCH} payloads (or receive high-water mark, if that is smaller); any not yet
 * handed over when the handler is removed are released.
 * Parked receivers are woken when the read completes, or sooner once enough has piled up (see
 * {@code ReceiverWakeups}), not at every hand-over. In the server's own pipeline with NULL or PLAIN, the bodies
 * of single-frame messages arrive in {@link ZmtpBodyBatch}es, without a frame or message object around each
 * ({@link io.zmtp.codec.ZmtpCodecBuilder#singleFrameBodies}).
 *
 * <p>Not sharable: one instance per connection.
 */
public final class ServerSocketHandler extends ChannelInboundHandlerAdapter {

    private static final System.Logger logger = System.getLogger(ServerSocketHandler.class.getName());

    private final ZmtpServer server;
    private Peer peer;
    /** Payloads read since the last hand-over: handed to the server together, under one lock. */
    private final ReceivedBodies received;
    private boolean errorCounted;
    /** Whether this connection's handshake is under way: counted by the server until it ends, once. */
    private boolean handshaking;
    private final boolean ownsPipeline;

    /**
     * {@code ownsPipeline}: the pipeline holds the codec and this handler only (the server's own initializer), so
     * that with NULL and PLAIN sends may be framed here and written as bytes; in a pipeline of the application's,
     * sends stay {@link io.zmtp.codec.ZmtpMessage}s for its handlers to see. {@code handshakeCounted}: the
     * initializer has taken this connection's handshake place, which the handler gives back; otherwise the handler
     * takes one when it is added.
     */
    ServerSocketHandler(ZmtpServer server, boolean ownsPipeline, boolean handshakeCounted) {
        this.server = Objects.requireNonNull(server, "server");
        this.ownsPipeline = ownsPipeline;
        this.handshaking = handshakeCounted;
        this.received = new ReceivedBodies(new ReceivedBodies.Queue() {
            @Override
            public void deliver(List<ByteBuf> bodies, boolean endOfRead) {
                server.deliver(peer, bodies, endOfRead);
            }

            @Override
            public void wakeReceivers() {
                server.wakeReceivers();
            }
        }, ZmtpSocketOptions.limit(server.options().receiveHighWaterMark()));
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (!handshaking) {
            handshaking = true;
            server.handshakeStarted();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ZmtpHandshakeCompletionEvent) {
            ZmtpHandshakeCompletionEvent event = (ZmtpHandshakeCompletionEvent) evt;
            handshakeEnded();
            if (event.isSuccess()) {
                boolean framesDirect = ownsPipeline && ZmtpChannelInitializer.framesPassUnchanged(ctx.pipeline());
                peer = server.register(ctx.channel(), event.peerMetadata(), framesDirect);
                if (peer == null) {
                    ctx.close();
                }
            } else {
                server.handshakeFailed(ctx.channel(), event);
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ZmtpBodyBatch) {
            ((ZmtpBodyBatch) msg).takeAll(peer == null ? ByteBuf::release : received);
            return;
        }
        if (!(msg instanceof ZmtpMessage) || peer == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ZmtpMessage message = (ZmtpMessage) msg;
        if (message.isMultipart()) {
            message.release();
            server.multipartDiscarded(peer);
            return;
        }
        received.accept(DefaultZmtpMessage.takeContent(message));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        received.endOfRead();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        handshakeEnded();
        received.close();
    }

    private void handshakeEnded() {
        if (handshaking) {
            handshaking = false;
            server.handshakeEnded();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (peer != null && ctx.channel().isWritable()) {
            peer.channelWritable();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        handshakeEnded();
        received.endOfRead();
        if (peer != null) {
            server.unregister(peer);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // The codec has closed the connection already when it raises a protocol error or a heartbeat timeout.
        if (peer != null && !errorCounted) {
            errorCounted = true;
            server.connectionError(cause);
        }
        if (logger.isLoggable(System.Logger.Level.DEBUG)) {
            logger.log(System.Logger.Level.DEBUG, ctx.channel() + " closing: " + cause);
        }
        ctx.close();
    }
}
