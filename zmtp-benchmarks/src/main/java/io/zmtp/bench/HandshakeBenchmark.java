/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.bench;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.zmtp.codec.ZmtpCodecBuilder;
import io.zmtp.codec.ZmtpSocketType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * JMH benchmark of a full NULL handshake on the SERVER side: a new {@link EmbeddedChannel}, the codec installed,
 * the CLIENT peer's greeting and READY fed in one read, our greeting and READY drained, the channel closed.
 *
 * <pre>java -jar benchmarks.jar HandshakeBenchmark -prof gc</pre>
 *
 * <p>Not final: JMH generates subclasses of its state classes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dio.netty.leakDetection.level=disabled"})
public class HandshakeBenchmark {

    private final byte[] hello = CodecWire.clientHello();

    /** One complete NULL handshake; returns the number of outbound buffers the server wrote. */
    @Benchmark
    public int nullHandshake() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ZmtpCodecBuilder.forServer(ZmtpSocketType.SERVER).build().install(channel.pipeline());
        channel.writeInbound(Unpooled.wrappedBuffer(hello));
        int n = 0;
        for (Object o; (o = channel.readOutbound()) != null; n++) {
            ReferenceCountUtil.release(o);
        }
        if (!channel.isActive()) {
            throw new IllegalStateException("handshake failed");
        }
        channel.finishAndReleaseAll();
        return n;
    }
}
