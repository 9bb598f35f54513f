/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import java.util.ArrayList;
import java.util.List;

/** An {@link EmbeddedChannel} with the full codec installed, frozen time, and a {@link Recorder} at the end. */
final class CodecChannel {

    final EmbeddedChannel channel = new EmbeddedChannel();
    final Recorder recorder = new Recorder();

    CodecChannel(ZmtpSocketType type, boolean server, ZmtpCodecOptions options) {
        this(type, server, options, false);
    }

    private CodecChannel(ZmtpSocketType type, boolean server, ZmtpCodecOptions options, boolean batches) {
        channel.freezeTime();
        ZmtpCodecBuilder builder = server ? ZmtpCodecBuilder.forServer(type) : ZmtpCodecBuilder.forClient(type);
        builder.options(options).singleFrameBodies(batches).build().install(channel.pipeline());
        channel.pipeline().addLast(recorder);
    }

    /** A server codec whose single-frame bodies pass on in batches, as the sockets build theirs. */
    static CodecChannel serverWithBatches(ZmtpSocketType type) {
        return new CodecChannel(type, true, ZmtpCodecOptions.defaults(), true);
    }

    /** Takes the bodies of every batch that reaches the end of the pipeline into {@code bodies}. */
    void takeBatchesInto(java.util.List<io.netty.buffer.ByteBuf> bodies) {
        channel.pipeline().addBefore(channel.pipeline().context(recorder).name(), "batches",
                new io.netty.channel.ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                        if (msg instanceof ZmtpBodyBatch) {
                            ((ZmtpBodyBatch) msg).takeAll(bodies::add);
                        } else {
                            ctx.fireChannelRead(msg);
                        }
                    }
                });
    }

    static CodecChannel server(ZmtpSocketType type) {
        return new CodecChannel(type, true, ZmtpCodecOptions.defaults());
    }

    static CodecChannel client(ZmtpSocketType type) {
        return new CodecChannel(type, false, ZmtpCodecOptions.defaults());
    }

    /** Feeds bytes as one read. */
    CodecChannel feed(byte[] bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes));
        return this;
    }

    /** Reads and releases what the codec has written. */
    byte[] written() {
        return Wire.drainOutbound(channel);
    }

    /** Drains the inbound queue, returning each message's frames as byte arrays, and releases the messages. */
    List<List<byte[]>> messages() {
        List<List<byte[]>> result = new ArrayList<>();
        for (Object o; (o = channel.readInbound()) != null; ) {
            if (!(o instanceof ZmtpMessage)) {
                io.netty.util.ReferenceCountUtil.release(o);
                throw new AssertionError("expected a ZmtpMessage, got " + o);
            }
            ZmtpMessage m = (ZmtpMessage) o;
            try {
                List<byte[]> frames = new ArrayList<>();
                for (ZmtpFrame f : m) {
                    frames.add(ByteBufUtil.getBytes(f.content()));
                }
                result.add(frames);
            } finally {
                m.release();
            }
        }
        return result;
    }

    /** Completes a NULL handshake with a peer of {@code peerType}; discards what the codec wrote. */
    CodecChannel handshake(String peerType) {
        feed(Wire.concat(Wire.nullGreeting(), Wire.ready(peerType)));
        written();
        ZmtpHandshakeCompletionEvent event = recorder.handshake();
        if (event == null || !event.isSuccess()) {
            throw new AssertionError("handshake did not succeed: " + event);
        }
        return this;
    }

    /**
     * Moves what each side writes to the other until neither writes anything more; what reaches a closed side is
     * dropped, as TCP would drop it.
     */
    static void pump(CodecChannel a, CodecChannel b) {
        for (int round = 0; round < 10; round++) {
            byte[] ab = a.written();
            byte[] ba = b.written();
            if (ab.length == 0 && ba.length == 0) {
                return;
            }
            if (b.channel.isOpen()) {
                b.feed(ab);
            }
            if (a.channel.isOpen()) {
                a.feed(ba);
            }
        }
        throw new AssertionError("the peers kept talking");
    }

    /**
     * Discards what the codec wrote, closes the channel and releases anything left; returns whether inbound
     * messages were left unread.
     */
    boolean finish() {
        written();
        return channel.finishAndReleaseAll();
    }
}
