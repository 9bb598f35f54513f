/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.internal.curve;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The Salsa20/20 core and key stream (Bernstein, "The Salsa20 family of stream ciphers"), and HSalsa20, which derives
 * XSalsa20's subkey: what NaCl's {@code crypto_secretbox} and {@code crypto_box} encrypt with. Written for the JIT:
 * one block's sixteen state words live in locals through all twenty rounds ({@link #core}); long runs of key stream
 * are made {@value #LANES} blocks side by side ({@link #xor} with a lanes array), one loop over the blocks per round,
 * which C2 turns into vector instructions (about twice the key stream a second of one block at a time, measured on
 * an AVX-512 machine); key stream is XORed eight octets at a time. Nothing here allocates.
 *
 * <p>A stream's state is an {@code int[16]} laid out as Salsa20 lays out its input: the constants in words 0, 5,
 * 10 and 15, the key in words 1-4 and 11-14, the nonce in words 6 and 7, the block counter in words 8 (low) and 9
 * (high). All words are little-endian.
 */
final class Salsa20 {

    /** The octets of key stream one block gives. */
    static final int BLOCK_LENGTH = 64;
    /** The blocks {@link #xor} makes side by side when it is given a lanes array and has that many to make. */
    static final int LANES = 16;
    /** The length of the lanes array {@link #xor} takes: sixteen words for each of {@value #LANES} blocks. */
    static final int LANES_LENGTH = 16 * LANES;
    /**
     * The fewest octets {@link #xor} makes {@value #LANES} blocks side by side for (using only the first of them):
     * at half of them it costs what making the blocks it needs one at a time does, and less the more it needs
     * (measured: a 1 KiB text seals in 1.47 µs instead of 2.25 µs).
     */
    static final int LANES_FROM = LANES / 2 * BLOCK_LENGTH;

    private static final int SIGMA0 = 0x61707865; // "expa"
    private static final int SIGMA1 = 0x3320646e; // "nd 3"
    private static final int SIGMA2 = 0x79622d32; // "2-by"
    private static final int SIGMA3 = 0x6b206574; // "te k"

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Salsa20() {
    }

    /** Reads the little-endian word at {@code offset} of {@code b}. */
    static int word(byte[] b, int offset) {
        return (int) INT.get(b, offset);
    }

    /**
     * Fills {@code state} with the constants, the 32-octet key at {@code keyOffset} of {@code key}, and the 16 octets
     * at {@code inputOffset} of {@code input} in words 6-9 (an XSalsa20 nonce's first 16 octets for HSalsa20; a
     * Salsa20 nonce and counter otherwise).
     */
    static void setUp(int[] state, byte[] key, int keyOffset, byte[] input, int inputOffset) {
        state[0] = SIGMA0;
        state[5] = SIGMA1;
        state[10] = SIGMA2;
        state[15] = SIGMA3;
        for (int i = 0; i < 4; i++) {
            state[1 + i] = word(key, keyOffset + 4 * i);
            state[11 + i] = word(key, keyOffset + 16 + 4 * i);
            state[6 + i] = word(input, inputOffset + 4 * i);
        }
    }

    /**
     * HSalsa20: writes to {@code subkey} (8 words) the key derived from the key and 16 input octets {@code state} was
     * set up with ({@link #setUp}). {@code scratch} (16 words) is overwritten; {@code state} is not changed.
     */
    static void hsalsa20(int[] state, int[] scratch, int[] subkey) {
        core(state, scratch, false);
        subkey[0] = scratch[0];
        subkey[1] = scratch[5];
        subkey[2] = scratch[10];
        subkey[3] = scratch[15];
        subkey[4] = scratch[6];
        subkey[5] = scratch[7];
        subkey[6] = scratch[8];
        subkey[7] = scratch[9];
    }

    /**
     * Fills {@code state} for the Salsa20 stream under the 8-word {@code key} (an XSalsa20 subkey) and the nonce
     * words {@code nonce0} and {@code nonce1}, at block zero.
     */
    static void setUpStream(int[] state, int[] key, int nonce0, int nonce1) {
        state[0] = SIGMA0;
        state[5] = SIGMA1;
        state[10] = SIGMA2;
        state[15] = SIGMA3;
        System.arraycopy(key, 0, state, 1, 4);
        System.arraycopy(key, 4, state, 11, 4);
        state[6] = nonce0;
        state[7] = nonce1;
        state[8] = 0;
        state[9] = 0;
    }

    /**
     * XORs {@code length} octets at {@code offset} of {@code buffer} with the key stream of {@code state} from
     * block {@code counter} on (the counter words of {@code state} are left at the block after the last one used).
     * {@code block} (16 words) receives each block of key stream in turn; {@code lanes} ({@link #LANES_LENGTH} words,
     * or {@code null} to go one block at a time) receives {@value #LANES} blocks at a time while at least
     * {@link #LANES_FROM} octets are left.
     */
    static void xor(int[] state, long counter, byte[] buffer, int offset, int length, int[] block, int[] lanes) {
        int done = 0;
        if (lanes != null) {
            while (length - done >= LANES_FROM) {
                int n = Math.min(LANES * BLOCK_LENGTH, length - done);
                coreLanes(state, counter, lanes);
                xorLanes(lanes, buffer, offset + done, n, block);
                done += n;
                counter += (n + BLOCK_LENGTH - 1) / BLOCK_LENGTH;
            }
        }
        while (done < length) {
            state[8] = (int) counter;
            state[9] = (int) (counter >>> 32);
            core(state, block, true);
            counter++;
            int n = Math.min(BLOCK_LENGTH, length - done);
            xorWords(block, 0, buffer, offset + done, n);
            done += n;
        }
        state[8] = (int) counter;
        state[9] = (int) (counter >>> 32);
    }

    /**
     * XORs {@code length} octets at {@code offset} of {@code buffer} with the key stream octets held in
     * {@code words}, starting with word {@code firstWord}; {@code length} is at most {@code 4 * (16 - firstWord)}.
     */
    static void xorWords(int[] words, int firstWord, byte[] buffer, int offset, int length) {
        int w = firstWord;
        int i = 0;
        for (; i + 8 <= length; i += 8, w += 2) {
            long stream = (words[w] & 0xFFFFFFFFL) | (long) words[w + 1] << 32;
            LONG.set(buffer, offset + i, (long) LONG.get(buffer, offset + i) ^ stream);
        }
        for (int j = 0; i < length; i++, j++) {
            buffer[offset + i] ^= (byte) (words[w + (j >> 2)] >>> ((j & 3) << 3));
        }
    }

    /**
     * The Salsa20/20 core for blocks {@code counter .. counter + LANES - 1} of {@code state}'s stream, side by side:
     * word {@code w} of block {@code counter + i} ends in {@code lanes[w * LANES + i]}. The rounds are those of
     * {@link #core}, each step a loop over the lanes; one array with constant offsets lets C2 see that the steps
     * of different words never overlap, which it must know to vectorise them.
     */
    static void coreLanes(int[] state, long counter, int[] lanes) {
        int[] x = lanes;
        // The input and the feed-forward are written out in full: one loop of sixteen statements each, as C2
        // vectorises them (a shared helper that adds the input to zeroed lanes made 64 KiB 28 % slower).
        for (int i = 0; i < LANES; i++) {
            long blockCounter = counter + i;
            x[i] = state[0];
            x[LANES + i] = state[1];
            x[2 * LANES + i] = state[2];
            x[3 * LANES + i] = state[3];
            x[4 * LANES + i] = state[4];
            x[5 * LANES + i] = state[5];
            x[6 * LANES + i] = state[6];
            x[7 * LANES + i] = state[7];
            x[8 * LANES + i] = (int) blockCounter;
            x[9 * LANES + i] = (int) (blockCounter >>> 32);
            x[10 * LANES + i] = state[10];
            x[11 * LANES + i] = state[11];
            x[12 * LANES + i] = state[12];
            x[13 * LANES + i] = state[13];
            x[14 * LANES + i] = state[14];
            x[15 * LANES + i] = state[15];
        }
        for (int round = 0; round < 20; round += 2) {
            for (int i = 0; i < LANES; i++) {
                // columns
                x[4 * LANES + i] ^= Integer.rotateLeft(x[i] + x[12 * LANES + i], 7);
                x[8 * LANES + i] ^= Integer.rotateLeft(x[4 * LANES + i] + x[i], 9);
                x[12 * LANES + i] ^= Integer.rotateLeft(x[8 * LANES + i] + x[4 * LANES + i], 13);
                x[i] ^= Integer.rotateLeft(x[12 * LANES + i] + x[8 * LANES + i], 18);
                x[9 * LANES + i] ^= Integer.rotateLeft(x[5 * LANES + i] + x[LANES + i], 7);
                x[13 * LANES + i] ^= Integer.rotateLeft(x[9 * LANES + i] + x[5 * LANES + i], 9);
                x[LANES + i] ^= Integer.rotateLeft(x[13 * LANES + i] + x[9 * LANES + i], 13);
                x[5 * LANES + i] ^= Integer.rotateLeft(x[LANES + i] + x[13 * LANES + i], 18);
                x[14 * LANES + i] ^= Integer.rotateLeft(x[10 * LANES + i] + x[6 * LANES + i], 7);
                x[2 * LANES + i] ^= Integer.rotateLeft(x[14 * LANES + i] + x[10 * LANES + i], 9);
                x[6 * LANES + i] ^= Integer.rotateLeft(x[2 * LANES + i] + x[14 * LANES + i], 13);
                x[10 * LANES + i] ^= Integer.rotateLeft(x[6 * LANES + i] + x[2 * LANES + i], 18);
                x[3 * LANES + i] ^= Integer.rotateLeft(x[15 * LANES + i] + x[11 * LANES + i], 7);
                x[7 * LANES + i] ^= Integer.rotateLeft(x[3 * LANES + i] + x[15 * LANES + i], 9);
                x[11 * LANES + i] ^= Integer.rotateLeft(x[7 * LANES + i] + x[3 * LANES + i], 13);
                x[15 * LANES + i] ^= Integer.rotateLeft(x[11 * LANES + i] + x[7 * LANES + i], 18);
                // rows
                x[LANES + i] ^= Integer.rotateLeft(x[i] + x[3 * LANES + i], 7);
                x[2 * LANES + i] ^= Integer.rotateLeft(x[LANES + i] + x[i], 9);
                x[3 * LANES + i] ^= Integer.rotateLeft(x[2 * LANES + i] + x[LANES + i], 13);
                x[i] ^= Integer.rotateLeft(x[3 * LANES + i] + x[2 * LANES + i], 18);
                x[6 * LANES + i] ^= Integer.rotateLeft(x[5 * LANES + i] + x[4 * LANES + i], 7);
                x[7 * LANES + i] ^= Integer.rotateLeft(x[6 * LANES + i] + x[5 * LANES + i], 9);
                x[4 * LANES + i] ^= Integer.rotateLeft(x[7 * LANES + i] + x[6 * LANES + i], 13);
                x[5 * LANES + i] ^= Integer.rotateLeft(x[4 * LANES + i] + x[7 * LANES + i], 18);
                x[11 * LANES + i] ^= Integer.rotateLeft(x[10 * LANES + i] + x[9 * LANES + i], 7);
                x[8 * LANES + i] ^= Integer.rotateLeft(x[11 * LANES + i] + x[10 * LANES + i], 9);
                x[9 * LANES + i] ^= Integer.rotateLeft(x[8 * LANES + i] + x[11 * LANES + i], 13);
                x[10 * LANES + i] ^= Integer.rotateLeft(x[9 * LANES + i] + x[8 * LANES + i], 18);
                x[12 * LANES + i] ^= Integer.rotateLeft(x[15 * LANES + i] + x[14 * LANES + i], 7);
                x[13 * LANES + i] ^= Integer.rotateLeft(x[12 * LANES + i] + x[15 * LANES + i], 9);
                x[14 * LANES + i] ^= Integer.rotateLeft(x[13 * LANES + i] + x[12 * LANES + i], 13);
                x[15 * LANES + i] ^= Integer.rotateLeft(x[14 * LANES + i] + x[13 * LANES + i], 18);
            }
        }
        for (int i = 0; i < LANES; i++) {
            long blockCounter = counter + i;
            x[i] += state[0];
            x[LANES + i] += state[1];
            x[2 * LANES + i] += state[2];
            x[3 * LANES + i] += state[3];
            x[4 * LANES + i] += state[4];
            x[5 * LANES + i] += state[5];
            x[6 * LANES + i] += state[6];
            x[7 * LANES + i] += state[7];
            x[8 * LANES + i] += (int) blockCounter;
            x[9 * LANES + i] += (int) (blockCounter >>> 32);
            x[10 * LANES + i] += state[10];
            x[11 * LANES + i] += state[11];
            x[12 * LANES + i] += state[12];
            x[13 * LANES + i] += state[13];
            x[14 * LANES + i] += state[14];
            x[15 * LANES + i] += state[15];
        }
    }

    /**
     * XORs the first {@code length} octets of the {@value #LANES} blocks of key stream in {@code lanes} into the
     * octets from {@code offset} on; a last block used in part goes through {@code block}.
     */
    private static void xorLanes(int[] lanes, byte[] buffer, int offset, int length, int[] block) {
        int blocks = length / BLOCK_LENGTH;
        for (int i = 0; i < blocks; i++) {
            int at = offset + i * BLOCK_LENGTH;
            for (int w = 0; w < 16; w++, at += 4) {
                INT.set(buffer, at, (int) INT.get(buffer, at) ^ lanes[w * LANES + i]);
            }
        }
        int rest = length - blocks * BLOCK_LENGTH;
        if (rest > 0) {
            for (int w = 0; w < 16; w++) {
                block[w] = lanes[w * LANES + blocks];
            }
            xorWords(block, 0, buffer, offset + blocks * BLOCK_LENGTH, rest);
        }
    }

    /**
     * The Salsa20/20 core: twenty rounds over {@code in} into {@code out}, with the input added back word by word
     * if {@code feedForward} (a block of key stream) and without it for HSalsa20.
     */
    static void core(int[] in, int[] out, boolean feedForward) {
        int x0 = in[0];
        int x1 = in[1];
        int x2 = in[2];
        int x3 = in[3];
        int x4 = in[4];
        int x5 = in[5];
        int x6 = in[6];
        int x7 = in[7];
        int x8 = in[8];
        int x9 = in[9];
        int x10 = in[10];
        int x11 = in[11];
        int x12 = in[12];
        int x13 = in[13];
        int x14 = in[14];
        int x15 = in[15];
        for (int round = 0; round < 20; round += 2) {
            // columns
            x4 ^= Integer.rotateLeft(x0 + x12, 7);
            x8 ^= Integer.rotateLeft(x4 + x0, 9);
            x12 ^= Integer.rotateLeft(x8 + x4, 13);
            x0 ^= Integer.rotateLeft(x12 + x8, 18);
            x9 ^= Integer.rotateLeft(x5 + x1, 7);
            x13 ^= Integer.rotateLeft(x9 + x5, 9);
            x1 ^= Integer.rotateLeft(x13 + x9, 13);
            x5 ^= Integer.rotateLeft(x1 + x13, 18);
            x14 ^= Integer.rotateLeft(x10 + x6, 7);
            x2 ^= Integer.rotateLeft(x14 + x10, 9);
            x6 ^= Integer.rotateLeft(x2 + x14, 13);
            x10 ^= Integer.rotateLeft(x6 + x2, 18);
            x3 ^= Integer.rotateLeft(x15 + x11, 7);
            x7 ^= Integer.rotateLeft(x3 + x15, 9);
            x11 ^= Integer.rotateLeft(x7 + x3, 13);
            x15 ^= Integer.rotateLeft(x11 + x7, 18);
            // rows
            x1 ^= Integer.rotateLeft(x0 + x3, 7);
            x2 ^= Integer.rotateLeft(x1 + x0, 9);
            x3 ^= Integer.rotateLeft(x2 + x1, 13);
            x0 ^= Integer.rotateLeft(x3 + x2, 18);
            x6 ^= Integer.rotateLeft(x5 + x4, 7);
            x7 ^= Integer.rotateLeft(x6 + x5, 9);
            x4 ^= Integer.rotateLeft(x7 + x6, 13);
            x5 ^= Integer.rotateLeft(x4 + x7, 18);
            x11 ^= Integer.rotateLeft(x10 + x9, 7);
            x8 ^= Integer.rotateLeft(x11 + x10, 9);
            x9 ^= Integer.rotateLeft(x8 + x11, 13);
            x10 ^= Integer.rotateLeft(x9 + x8, 18);
            x12 ^= Integer.rotateLeft(x15 + x14, 7);
            x13 ^= Integer.rotateLeft(x12 + x15, 9);
            x14 ^= Integer.rotateLeft(x13 + x12, 13);
            x15 ^= Integer.rotateLeft(x14 + x13, 18);
        }
        if (feedForward) {
            x0 += in[0];
            x1 += in[1];
            x2 += in[2];
            x3 += in[3];
            x4 += in[4];
            x5 += in[5];
            x6 += in[6];
            x7 += in[7];
            x8 += in[8];
            x9 += in[9];
            x10 += in[10];
            x11 += in[11];
            x12 += in[12];
            x13 += in[13];
            x14 += in[14];
            x15 += in[15];
        }
        out[0] = x0;
        out[1] = x1;
        out[2] = x2;
        out[3] = x3;
        out[4] = x4;
        out[5] = x5;
        out[6] = x6;
        out[7] = x7;
        out[8] = x8;
        out[9] = x9;
        out[10] = x10;
        out[11] = x11;
        out[12] = x12;
        out[13] = x13;
        out[14] = x14;
        out[15] = x15;
    }
}
