/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.internal.curve;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The Poly1305 one-time authenticator (Bernstein; RFC 8439, section 2.5), in radix 2^26: five 26-bit limbs for the
 * accumulator and for {@code r}, products summed in {@code long}s. Updates of {@value #PAIRS_FROM} octets or more
 * are taken two blocks a step, {@code h = (h + m1) r^2 + m2 r}, which is the
 * same sum as two steps of {@code h = (h + m) r} but has one multiplication on the chain from one step to the next
 * where two steps have two (1.4 times the octets a second, measured). No branch and no memory access depends on the
 * key or the accumulator. Nothing here allocates.
 *
 * <p>A tag is made in steps, {@link #init}, {@link #update} as often as needed, {@link #finish}, so that a message
 * may be authenticated piece by piece. Not thread-safe: one instance per box, reused for every message.
 */
final class Poly1305 {

    /** The length of a tag. */
    static final int TAG_LENGTH = 16;
    /** The shortest update taken two blocks a step: below it, making {@code r^2} costs more than it saves. */
    static final int PAIRS_FROM = 256;

    private static final long LIMB = 0x3FFFFFFL;
    private static final long WORD = 0xFFFFFFFFL;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private long r0;
    private long r1;
    private long r2;
    private long r3;
    private long r4;
    /** {@code r^2}, made by the first {@link #update} long enough to take two blocks a step. */
    private long u0;
    private long u1;
    private long u2;
    private long u3;
    private long u4;
    private boolean squared;
    private long h0;
    private long h1;
    private long h2;
    private long h3;
    private long h4;
    /** {@code s}, added to the accumulator at the end. */
    private long pad0;
    private long pad1;
    private long pad2;
    private long pad3;

    /**
     * Starts a tag under the one-time key held in {@code key[keyWord .. keyWord + 7]} as little-endian words ({@code r}
     * in the first four, clamped here; {@code s} in the last four).
     */
    void init(int[] key, int keyWord) {
        long k0 = key[keyWord] & WORD;
        long k1 = key[keyWord + 1] & WORD;
        long k2 = key[keyWord + 2] & WORD;
        long k3 = key[keyWord + 3] & WORD;
        // r, clamped (r &= 0x0ffffffc0ffffffc0ffffffc0fffffff), in 26-bit limbs
        r0 = k0 & 0x3FFFFFFL;
        r1 = (k0 >>> 26 | k1 << 6) & 0x3FFFF03L;
        r2 = (k1 >>> 20 | k2 << 12) & 0x3FFC0FFL;
        r3 = (k2 >>> 14 | k3 << 18) & 0x3F03FFFL;
        r4 = (k3 >>> 8) & 0x00FFFFFL;
        pad0 = key[keyWord + 4] & WORD;
        pad1 = key[keyWord + 5] & WORD;
        pad2 = key[keyWord + 6] & WORD;
        pad3 = key[keyWord + 7] & WORD;
        squared = false;
        h0 = 0;
        h1 = 0;
        h2 = 0;
        h3 = 0;
        h4 = 0;
    }

    /**
     * Adds the {@code length} octets at {@code offset} of {@code message} to the tag. Every call but the last of a
     * tag must add a multiple of 16 octets (a shorter last block is padded as the last of the message).
     */
    void update(byte[] message, int offset, int length) {
        long r0 = this.r0;
        long r1 = this.r1;
        long r2 = this.r2;
        long r3 = this.r3;
        long r4 = this.r4;
        long s1 = r1 * 5;
        long s2 = r2 * 5;
        long s3 = r3 * 5;
        long s4 = r4 * 5;
        long h0 = this.h0;
        long h1 = this.h1;
        long h2 = this.h2;
        long h3 = this.h3;
        long h4 = this.h4;
        int end = offset + length;
        int p = offset;
        if (length >= PAIRS_FROM) {
            if (!squared) {
                square();
            }
            long u0 = this.u0;
            long u1 = this.u1;
            long u2 = this.u2;
            long u3 = this.u3;
            long u4 = this.u4;
            long v1 = u1 * 5;
            long v2 = u2 * 5;
            long v3 = u3 * 5;
            long v4 = u4 * 5;
            for (; end - p >= 32; p += 32) {
                long lo = (long) LONG.get(message, p);
                long hi = (long) LONG.get(message, p + 8);
                long a0 = h0 + (lo & LIMB);
                long a1 = h1 + ((lo >>> 26) & LIMB);
                long a2 = h2 + ((lo >>> 52 | hi << 12) & LIMB);
                long a3 = h3 + ((hi >>> 14) & LIMB);
                long a4 = h4 + (hi >>> 40 | 1L << 24);
                lo = (long) LONG.get(message, p + 16);
                hi = (long) LONG.get(message, p + 24);
                long b0 = lo & LIMB;
                long b1 = (lo >>> 26) & LIMB;
                long b2 = (lo >>> 52 | hi << 12) & LIMB;
                long b3 = (hi >>> 14) & LIMB;
                long b4 = hi >>> 40 | 1L << 24;

                long d0 = a0 * u0 + a1 * v4 + a2 * v3 + a3 * v2 + a4 * v1
                        + b0 * r0 + b1 * s4 + b2 * s3 + b3 * s2 + b4 * s1;
                long d1 = a0 * u1 + a1 * u0 + a2 * v4 + a3 * v3 + a4 * v2
                        + b0 * r1 + b1 * r0 + b2 * s4 + b3 * s3 + b4 * s2;
                long d2 = a0 * u2 + a1 * u1 + a2 * u0 + a3 * v4 + a4 * v3
                        + b0 * r2 + b1 * r1 + b2 * r0 + b3 * s4 + b4 * s3;
                long d3 = a0 * u3 + a1 * u2 + a2 * u1 + a3 * u0 + a4 * v4
                        + b0 * r3 + b1 * r2 + b2 * r1 + b3 * r0 + b4 * s4;
                long d4 = a0 * u4 + a1 * u3 + a2 * u2 + a3 * u1 + a4 * u0
                        + b0 * r4 + b1 * r3 + b2 * r2 + b3 * r1 + b4 * r0;

                d1 += d0 >>> 26;
                d2 += d1 >>> 26;
                d3 += d2 >>> 26;
                d4 += d3 >>> 26;
                h0 = (d0 & LIMB) + (d4 >>> 26) * 5;
                h1 = (d1 & LIMB) + (h0 >>> 26);
                h0 &= LIMB;
                h2 = d2 & LIMB;
                h3 = d3 & LIMB;
                h4 = d4 & LIMB;
            }
        }
        while (p < end) {
            long lo;
            long hi;
            long top;
            if (end - p >= 16) {
                lo = (long) LONG.get(message, p);
                hi = (long) LONG.get(message, p + 8);
                top = 1L << 24; // the 2^128 of a full block
                p += 16;
            } else {
                // the last, partial block: its octets, then a 1, then zeros
                lo = 0;
                hi = 0;
                int n = end - p;
                for (int i = 0; i < n; i++) {
                    long b = message[p + i] & 0xFFL;
                    if (i < 8) {
                        lo |= b << (i << 3);
                    } else {
                        hi |= b << ((i - 8) << 3);
                    }
                }
                if (n < 8) {
                    lo |= 1L << (n << 3);
                } else {
                    hi |= 1L << ((n - 8) << 3);
                }
                top = 0;
                p = end;
            }
            h0 += lo & LIMB;
            h1 += (lo >>> 26) & LIMB;
            h2 += (lo >>> 52 | hi << 12) & LIMB;
            h3 += (hi >>> 14) & LIMB;
            h4 += hi >>> 40 | top;

            long d0 = h0 * r0 + h1 * s4 + h2 * s3 + h3 * s2 + h4 * s1;
            long d1 = h0 * r1 + h1 * r0 + h2 * s4 + h3 * s3 + h4 * s2;
            long d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s4 + h4 * s3;
            long d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s4;
            long d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0;

            d1 += d0 >>> 26;
            h0 = d0 & LIMB;
            d2 += d1 >>> 26;
            h1 = d1 & LIMB;
            d3 += d2 >>> 26;
            h2 = d2 & LIMB;
            d4 += d3 >>> 26;
            h3 = d3 & LIMB;
            h0 += (d4 >>> 26) * 5;
            h4 = d4 & LIMB;
            h1 += h0 >>> 26;
            h0 &= LIMB;
        }

        this.h0 = h0;
        this.h1 = h1;
        this.h2 = h2;
        this.h3 = h3;
        this.h4 = h4;
    }

    /** Makes {@code u = r^2}, partly reduced: limbs of at most 26 bits, as r's. */
    private void square() {
        long r0 = this.r0;
        long r1 = this.r1;
        long r2 = this.r2;
        long r3 = this.r3;
        long r4 = this.r4;
        long s1 = r1 * 5;
        long s2 = r2 * 5;
        long s3 = r3 * 5;
        long s4 = r4 * 5;
        long q0 = r0 * r0 + r1 * s4 + r2 * s3 + r3 * s2 + r4 * s1;
        long q1 = 2 * r0 * r1 + r2 * s4 + r3 * s3 + r4 * s2;
        long q2 = 2 * r0 * r2 + r1 * r1 + r3 * s4 + r4 * s3;
        long q3 = 2 * (r0 * r3 + r1 * r2) + r4 * s4;
        long q4 = 2 * (r0 * r4 + r1 * r3) + r2 * r2;
        q1 += q0 >>> 26;
        q2 += q1 >>> 26;
        q3 += q2 >>> 26;
        q4 += q3 >>> 26;
        u0 = (q0 & LIMB) + (q4 >>> 26) * 5;
        u1 = (q1 & LIMB) + (u0 >>> 26);
        u0 &= LIMB;
        u2 = q2 & LIMB;
        u3 = q3 & LIMB;
        u4 = q4 & LIMB;
        squared = true;
    }

    /** Writes the tag to the 16 octets at {@code tagOffset} of {@code tag}, and wipes the key and the accumulator. */
    void finish(byte[] tag, int tagOffset) {
        long h0 = this.h0;
        long h1 = this.h1;
        long h2 = this.h2;
        long h3 = this.h3;
        long h4 = this.h4;
        // carry fully
        h2 += h1 >>> 26;
        h1 &= LIMB;
        h3 += h2 >>> 26;
        h2 &= LIMB;
        h4 += h3 >>> 26;
        h3 &= LIMB;
        h0 += (h4 >>> 26) * 5;
        h4 &= LIMB;
        h1 += h0 >>> 26;
        h0 &= LIMB;

        // g = h + 5 - 2^130; take g if it is not negative (h >= p), h otherwise
        long g0 = h0 + 5;
        long g1 = h1 + (g0 >>> 26);
        g0 &= LIMB;
        long g2 = h2 + (g1 >>> 26);
        g1 &= LIMB;
        long g3 = h3 + (g2 >>> 26);
        g2 &= LIMB;
        long g4 = h4 + (g3 >>> 26) - (1L << 26);
        g3 &= LIMB;
        long keepH = g4 >> 63; // all ones if g is negative
        h0 = h0 & keepH | g0 & ~keepH;
        h1 = h1 & keepH | g1 & ~keepH;
        h2 = h2 & keepH | g2 & ~keepH;
        h3 = h3 & keepH | g3 & ~keepH;
        h4 = h4 & keepH | g4 & ~keepH;

        // h mod 2^128, plus s
        long f0 = (h0 | h1 << 26) & WORD;
        long f1 = (h1 >>> 6 | h2 << 20) & WORD;
        long f2 = (h2 >>> 12 | h3 << 14) & WORD;
        long f3 = (h3 >>> 18 | h4 << 8) & WORD;
        long t = f0 + pad0;
        INT.set(tag, tagOffset, (int) t);
        t = f1 + pad1 + (t >>> 32);
        INT.set(tag, tagOffset + 4, (int) t);
        t = f2 + pad2 + (t >>> 32);
        INT.set(tag, tagOffset + 8, (int) t);
        t = f3 + pad3 + (t >>> 32);
        INT.set(tag, tagOffset + 12, (int) t);
        wipe();
    }

    /** Forgets the key and the accumulator. */
    void wipe() {
        r0 = 0;
        r1 = 0;
        r2 = 0;
        r3 = 0;
        r4 = 0;
        u0 = 0;
        u1 = 0;
        u2 = 0;
        u3 = 0;
        u4 = 0;
        squared = false;
        h0 = 0;
        h1 = 0;
        h2 = 0;
        h3 = 0;
        h4 = 0;
        pad0 = 0;
        pad1 = 0;
        pad2 = 0;
        pad3 = 0;
    }
}
