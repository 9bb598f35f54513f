/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.zmtp.codec.DefaultZmtpMessage;
import io.zmtp.codec.ZmtpCodecOptions;
import io.zmtp.codec.ZmtpFrameDecoder;
import io.zmtp.codec.ZmtpFrameEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * JMH benchmarks of the codec paths, one message per operation, on an {@link EmbeddedChannel} (no socket, no
 * thread hand-off): frame decoding alone, decoding through the full handshaken SERVER pipeline (decoder, command
 * handler, aggregator), aggregation of a three-frame message, and encoding alone and through the pipeline.
 *
 * <pre>java -jar benchmarks.jar CodecBenchmark -prof gc</pre>
 *
 * <p>Not final: JMH generates subclasses of its state classes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dio.netty.leakDetection.level=disabled"})
public class CodecBenchmark {

    /** Body size in octets. */
    @Param({"1", "64", "1024", "65536"})
    public int size;

    private EmbeddedChannel decoderOnly;
    private EmbeddedChannel pipeline;
    private ByteBuf oneFrame;
    private ByteBuf threeFrames;
    private ByteBuf body;

    /** Builds the channels and the encoded inputs. */
    @Setup(Level.Trial)
    public void setUp() {
        decoderOnly = new EmbeddedChannel(new ZmtpFrameDecoder(ZmtpCodecOptions.defaults()));
        pipeline = CodecWire.handshakenServerChannel();
        oneFrame = ByteBufAllocator.DEFAULT.directBuffer(size + 9);
        CodecWire.writeFrame(oneFrame, size, false);
        threeFrames = ByteBufAllocator.DEFAULT.directBuffer(3 * (size + 9));
        CodecWire.writeFrame(threeFrames, size, true);
        CodecWire.writeFrame(threeFrames, size, true);
        CodecWire.writeFrame(threeFrames, size, false);
        body = ByteBufAllocator.DEFAULT.directBuffer(size).writeZero(size);
    }

    /** Releases everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        decoderOnly.finishAndReleaseAll();
        pipeline.finishAndReleaseAll();
        oneFrame.release();
        threeFrames.release();
        body.release();
    }

    private static int readAndRelease(EmbeddedChannel channel, boolean inbound) {
        int n = 0;
        for (Object o; (o = inbound ? channel.readInbound() : channel.readOutbound()) != null; n++) {
            ReferenceCountUtil.release(o);
        }
        return n;
    }

    /** One encoded frame through {@link ZmtpFrameDecoder} alone. */
    @Benchmark
    public int decodeFrame() {
        decoderOnly.pipeline().fireChannelRead(oneFrame.retainedDuplicate());
        decoderOnly.pipeline().fireChannelReadComplete();
        return readAndRelease(decoderOnly, true);
    }

    /** One single-frame message through the full handshaken SERVER pipeline, out as a {@code ZmtpMessage}. */
    @Benchmark
    public int decodeMessage() {
        pipeline.pipeline().fireChannelRead(oneFrame.retainedDuplicate());
        pipeline.pipeline().fireChannelReadComplete();
        return readAndRelease(pipeline, true);
    }

    /** A three-frame message (MORE, MORE, last) through the full pipeline: decoding plus aggregation. */
    @Benchmark
    public int aggregateThreeFrames() {
        pipeline.pipeline().fireChannelRead(threeFrames.retainedDuplicate());
        pipeline.pipeline().fireChannelReadComplete();
        return readAndRelease(pipeline, true);
    }

    /** {@link ZmtpFrameEncoder#encode} of a single-frame message: header plus copy or composite. */
    @Benchmark
    public int encodeFrame() {
        DefaultZmtpMessage message = new DefaultZmtpMessage(body.retainedDuplicate());
        ByteBuf encoded = ZmtpFrameEncoder.encode(ByteBufAllocator.DEFAULT, message);
        int n = encoded.readableBytes();
        encoded.release();
        message.release();
        return n;
    }

    /** A single-frame message written and flushed through the full handshaken SERVER pipeline. */
    @Benchmark
    public int encodeMessage() {
        pipeline.writeAndFlush(new DefaultZmtpMessage(body.retainedDuplicate()), pipeline.voidPromise());
        return readAndRelease(pipeline, false);
    }
}
