/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.bench;

import io.zmtp.codec.internal.curve.CurveBox;
import io.zmtp.codec.internal.curve.CurveNonces;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * JMH benchmarks of CURVE's box alone (XSalsa20-Poly1305, the codec's own), as a connection uses it for every MESSAGE:
 * sealing a text in place and opening it in place, under a MESSAGE nonce whose short nonce counts up. The text is
 * the inner flags octet and the body, as in a MESSAGE. Nothing should be allocated per operation ({@code -prof gc}).
 *
 * <pre>java -jar benchmarks.jar CurveBoxBenchmark -prof gc</pre>
 *
 * <p>Not final: JMH generates subclasses of its state classes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class CurveBoxBenchmark {

    /** Body size in octets. */
    @Param({"64", "1024", "65536"})
    public int size;

    private CurveBox sealer;
    private CurveBox opener;
    private byte[] sealNonce;
    private byte[] openNonce;
    private byte[] buffer;
    private byte[] sealed;
    private byte[] opened;
    private long shortNonce;

    /** Makes the boxes (one key, as both ends of a connection hold it) and a sealed text to open. */
    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        byte[] key = new byte[CurveBox.KEY_LENGTH];
        random.nextBytes(key);
        sealer = CurveBox.secretKey(key);
        opener = CurveBox.secretKey(key);
        sealNonce = CurveNonces.shortNonce(CurveNonces.MESSAGE_FROM_CLIENT, 0);
        openNonce = CurveNonces.shortNonce(CurveNonces.MESSAGE_FROM_CLIENT, 1);
        buffer = new byte[CurveBox.TAG_LENGTH + 1 + size];
        random.nextBytes(buffer);
        sealed = buffer.clone();
        opener.sealInPlace(openNonce, sealed, 0, 1 + size);
        opened = new byte[sealed.length];
    }

    /** Seals the text in place under the next short nonce; returns the tag's first octet. */
    @Benchmark
    public byte seal() {
        CurveNonces.setShortNonce(sealNonce, ++shortNonce);
        sealer.sealInPlace(sealNonce, buffer, 0, 1 + size);
        return buffer[0];
    }

    /** Opens a copy of one sealed text in place (the copy is part of the operation, as in the codec). */
    @Benchmark
    public boolean open() {
        System.arraycopy(sealed, 0, opened, 0, sealed.length);
        return opener.openInPlace(openNonce, opened, 0, opened.length);
    }
}
