/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.internal.curve;

import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The codec's own XSalsa20 and Poly1305 against the test vectors of RFC 8439 and against Bouncy Castle's
 * implementations of the same primitives, over every length a block boundary can fall on, where the sixteen-block
 * path starts, and above 1 MiB, at unaligned offsets. (The CURVE known-answer tests check whole boxes against
 * libsodium's outputs.)
 */
class XSalsa20Poly1305Test {

    private static final int[] LENGTHS = lengths();
    private static final byte[] IETF_CONTRIBUTION = ("Any submission to the IETF intended by the Contributor for "
            + "publication as all or part of an IETF Internet-Draft or RFC and any statement made within the context "
            + "of an IETF activity is considered an \"IETF Contribution\". Such statements include oral statements "
            + "in IETF sessions, as well as written and electronic communications made at any time or place, which "
            + "are addressed to").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JABBERWOCKY = ("'Twas brillig, and the slithy toves\nDid gyre and gimble in the "
            + "wabe:\nAll mimsy were the borogoves,\nAnd the mome raths outgrabe.").getBytes(StandardCharsets.US_ASCII);

    private static int[] lengths() {
        int[] small = new int[300];
        for (int i = 0; i < small.length; i++) {
            small[i] = i;
        }
        // text of 544 octets or more makes its key stream sixteen blocks at a time after the first block (which
        // keys Poly1305 and covers 32 octets of text): around 512 and 544 the lanes path starts inside the box
        int[] large = {511, 512, 513, 527, 528, 529, 543, 544, 545, 1023, 1024, 1025, 4096, 65536, 65536 + 9,
            1 << 20, (1 << 20) + 1, (1 << 20) + 545, 3 << 20};
        int[] all = Arrays.copyOf(small, small.length + large.length);
        System.arraycopy(large, 0, all, small.length, large.length);
        return all;
    }

    @Test
    void poly1305GivesTheTagOfRfc8439Section252() {
        byte[] key = Hex.decode("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
        byte[] message = "Cryptographic Forum Research Group".getBytes(StandardCharsets.US_ASCII);
        byte[] tag = new byte[16];

        poly1305(words(key), 0, message, 0, message.length, tag, 0);

        assertEquals("a8061dc1305136c6c22b8baf0c0127a9", Hex.toHexString(tag));
    }

    /**
     * RFC 8439 appendix A.3, all eleven: key, text, tag. #5 to #11 are the edge cases of the reduction (a result
     * not fully reduced, s overflowing 2^128, carries into an all-ones limb, results of exactly 2^130 - 5 and
     * 2^130 - 6, 131-bit intermediate and final results).
     */
    private static final String[][] RFC_8439_A3 = {
        {"0000000000000000000000000000000000000000000000000000000000000000", "00".repeat(64),
            "00000000000000000000000000000000"},
        {"0000000000000000000000000000000036e5f6b5c5e06070f0efca96227a863e", Hex.toHexString(IETF_CONTRIBUTION),
            "36e5f6b5c5e06070f0efca96227a863e"},
        {"36e5f6b5c5e06070f0efca96227a863e00000000000000000000000000000000", Hex.toHexString(IETF_CONTRIBUTION),
            "f3477e7cd95417af89a6b8794c310cf0"},
        {"1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0", Hex.toHexString(JABBERWOCKY),
            "4541669a7eaaee61e708dc7cbcc5eb62"},
        {"0200000000000000000000000000000000000000000000000000000000000000", "ffffffffffffffffffffffffffffffff",
            "03000000000000000000000000000000"},
        {"02000000000000000000000000000000ffffffffffffffffffffffffffffffff", "02000000000000000000000000000000",
            "03000000000000000000000000000000"},
        {"0100000000000000000000000000000000000000000000000000000000000000",
            "fffffffffffffffffffffffffffffffff0ffffffffffffffffffffffffffffff11000000000000000000000000000000",
            "05000000000000000000000000000000"},
        {"0100000000000000000000000000000000000000000000000000000000000000",
            "fffffffffffffffffffffffffffffffffbfefefefefefefefefefefefefefefe01010101010101010101010101010101",
            "00000000000000000000000000000000"},
        {"0200000000000000000000000000000000000000000000000000000000000000", "fdffffffffffffffffffffffffffffff",
            "faffffffffffffffffffffffffffffff"},
        {"0100000000000000040000000000000000000000000000000000000000000000",
            "e33594d7505e43b900000000000000003394d7505e4379cd0100000000000000"
                + "0000000000000000000000000000000001000000000000000000000000000000",
            "14000000000000005500000000000000"},
        {"0100000000000000040000000000000000000000000000000000000000000000",
            "e33594d7505e43b900000000000000003394d7505e4379cd010000000000000000000000000000000000000000000000",
            "13000000000000000000000000000000"},
    };

    @Test
    void poly1305GivesEveryTagOfRfc8439AppendixA3WholeAndBlockByBlock() {
        for (int i = 0; i < RFC_8439_A3.length; i++) {
            int[] key = words(Hex.decode(RFC_8439_A3[i][0]));
            byte[] text = Hex.decode(RFC_8439_A3[i][1]);
            byte[] whole = new byte[16];
            poly1305(key, 0, text, 0, text.length, whole, 0);
            byte[] byBlock = new byte[16];
            Poly1305 mac = new Poly1305();
            mac.init(key, 0);
            for (int at = 0; at < text.length; at += 16) {
                mac.update(text, at, Math.min(16, text.length - at));
            }
            mac.finish(byBlock, 0);

            assertEquals(RFC_8439_A3[i][2], Hex.toHexString(whole), "vector #" + (i + 1));
            assertEquals(RFC_8439_A3[i][2], Hex.toHexString(byBlock), "vector #" + (i + 1) + ", block by block");
        }
    }

    @Test
    void poly1305AgreesWithBouncyCastleOnTheEdgeCasesOfRfc8439TakenTwoBlocksAStep() {
        // #5 to #11 are too short for the two-blocks-a-step path: repeat their text until it is long enough
        for (int i = 4; i < RFC_8439_A3.length; i++) {
            byte[] key = Hex.decode(RFC_8439_A3[i][0]);
            byte[] text = Hex.decode(RFC_8439_A3[i][1]);
            byte[] repeated = new byte[Poly1305.PAIRS_FROM + 2 * 16 + text.length];
            for (int at = 0; at < repeated.length; at += text.length) {
                System.arraycopy(text, 0, repeated, at, Math.min(text.length, repeated.length - at));
            }
            byte[] tag = new byte[16];

            poly1305(words(key), 0, repeated, 0, repeated.length, tag, 0);

            assertArrayEquals(bouncyCastlePoly1305(key, repeated, 0, repeated.length), tag, "vector #" + (i + 1));
        }
    }

    @Test
    void poly1305AgreesWithBouncyCastleAtEveryLength() {
        SplittableRandom random = new SplittableRandom(1305);
        for (int length : LENGTHS) {
            byte[] key = bytes(random, 32);
            int offset = random.nextInt(8);
            byte[] message = bytes(random, offset + length);
            byte[] tag = new byte[3 + 16];
            int[] keyWords = new int[2 + 8];
            System.arraycopy(words(key), 0, keyWords, 2, 8);

            poly1305(keyWords, 2, message, offset, length, tag, 3);

            assertArrayEquals(bouncyCastlePoly1305(key, message, offset, length), Arrays.copyOfRange(tag, 3, 19),
                    "length " + length);
        }
    }

    @Test
    void poly1305CarriesRightWhenEveryOctetIsAllOnes() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 0xFF);
        for (int length : new int[] {16, 64, 255, 256, 257, 1000, 4096}) {
            byte[] message = new byte[length];
            Arrays.fill(message, (byte) 0xFF);
            byte[] tag = new byte[16];

            poly1305(words(key), 0, message, 0, length, tag, 0);

            assertArrayEquals(bouncyCastlePoly1305(key, message, 0, length), tag, "length " + length);
        }
    }

    @Test
    void boxesAreBouncyCastlesXSalsa20Poly1305AtEveryLength() {
        SplittableRandom random = new SplittableRandom(20);
        for (int length : LENGTHS) {
            byte[] key = bytes(random, 32);
            byte[] nonce = bytes(random, 24);
            byte[] plaintext = bytes(random, length);
            int offset = random.nextInt(8);
            byte[] buffer = new byte[offset + CurveBox.TAG_LENGTH + length];
            System.arraycopy(plaintext, 0, buffer, offset + CurveBox.TAG_LENGTH, length);

            CurveBox.secretKey(key).sealInPlace(nonce, buffer, offset, length);

            assertArrayEquals(bouncyCastleBox(key, nonce, plaintext), Arrays.copyOfRange(buffer, offset, buffer.length),
                    "length " + length);
        }
    }

    @Test
    void boxesOpenBackToTheirPlaintextAtEveryLength() {
        SplittableRandom random = new SplittableRandom(21);
        CurveBox box = CurveBox.secretKey(bytes(random, 32));
        for (int length : LENGTHS) {
            byte[] nonce = bytes(random, 24);
            byte[] plaintext = bytes(random, length);

            byte[] opened = box.open(nonce, box.seal(nonce, plaintext), 0, CurveBox.TAG_LENGTH + length);

            assertArrayEquals(plaintext, opened, "length " + length);
        }
    }

    @Test
    void aBoxThatSealsAndOpensUnderManyNoncesBoxesEachUnderItsOwn() {
        // MESSAGE nonces share their first 16 octets, whose subkey the box keeps: changing only the last 8, changing
        // the first 16, and opening between seals must each give the box of that nonce and no other
        SplittableRandom random = new SplittableRandom(25);
        byte[] key = bytes(random, 32);
        CurveBox box = CurveBox.secretKey(key);
        byte[] first = bytes(random, 24);
        byte[] sameStart = first.clone();
        sameStart[20] ^= 1;
        byte[] otherStart = first.clone();
        otherStart[3] ^= 1;
        byte[][] nonces = {first, sameStart, otherStart, first, sameStart};
        for (byte[] nonce : nonces) {
            byte[] plaintext = bytes(random, 65);
            byte[] expected = bouncyCastleBox(key, nonce, plaintext);

            assertArrayEquals(expected, box.seal(nonce, plaintext));
            assertArrayEquals(plaintext, box.open(nonce, expected, 0, expected.length));
        }
    }

    @Test
    void aBoxUnderAnotherNonceDoesNotOpen() {
        SplittableRandom random = new SplittableRandom(22);
        CurveBox box = CurveBox.secretKey(bytes(random, 32));
        byte[] nonce = bytes(random, 24);
        byte[] sealed = box.seal(nonce, bytes(random, 100));
        byte[] otherNonce = nonce.clone();
        otherNonce[23] ^= 1;

        assertNull(box.open(otherNonce, sealed, 0, sealed.length));
    }

    @Test
    void keyStreamRunsOnAcrossTheCountersLowWord() {
        SplittableRandom random = new SplittableRandom(23);
        int[] state = new int[16];
        Salsa20.setUp(state, bytes(random, 32), 0, bytes(random, 16), 0);
        byte[] stream = new byte[2 * Salsa20.BLOCK_LENGTH];

        Salsa20.xor(state, 0xFFFF_FFFFL, stream, 0, stream.length, new int[16], null);

        assertEquals(1, state[8], "counter low word after two blocks");
        assertEquals(1, state[9], "counter high word after two blocks");
        int[] block = new int[16];
        state[8] = 0;
        state[9] = 1;
        Salsa20.core(state, block, true);
        byte[] second = new byte[Salsa20.BLOCK_LENGTH];
        Salsa20.xorWords(block, 0, second, 0, second.length);
        assertArrayEquals(second, Arrays.copyOfRange(stream, Salsa20.BLOCK_LENGTH, stream.length));
    }

    @Test
    void blocksMadeSideBySideAreTheBlocksMadeOneAtATime() {
        SplittableRandom random = new SplittableRandom(24);
        int group = Salsa20.LANES * Salsa20.BLOCK_LENGTH;
        // whole groups, a group used in part (with and without a block used in part), the threshold either side
        int[] lengths = {3 * group + 100, 2 * group + 700, group + Salsa20.LANES_FROM, Salsa20.LANES_FROM - 1,
            Salsa20.LANES_FROM, Salsa20.LANES_FROM + 1, group - 1, group};
        for (int length : lengths) {
            int[] state = new int[16];
            Salsa20.setUp(state, bytes(random, 32), 0, bytes(random, 16), 0);
            long counter = 0xFFFF_FFFFL - Salsa20.LANES - 3; // the counter's high word changes in the second group
            byte[] sideBySide = new byte[length];
            byte[] oneAtATime = new byte[length];
            int[] afterSideBySide = state.clone();
            int[] afterOneAtATime = state.clone();

            Salsa20.xor(afterSideBySide, counter, sideBySide, 0, length, new int[16],
                    new int[Salsa20.LANES_LENGTH]);
            Salsa20.xor(afterOneAtATime, counter, oneAtATime, 0, length, new int[16], null);

            assertArrayEquals(oneAtATime, sideBySide, "length " + length);
            assertArrayEquals(afterOneAtATime, afterSideBySide, "the counter after length " + length);
        }
    }

    @Test
    void aTagMadeInPiecesIsTheTagOfTheWhole() {
        SplittableRandom random = new SplittableRandom(27);
        byte[] key = bytes(random, 32);
        byte[] message = bytes(random, 5000);
        byte[] whole = new byte[16];
        poly1305(words(key), 0, message, 0, message.length, whole, 0);
        for (int piece : new int[] {16, 32, 256, 1024, 4096}) {
            Poly1305 mac = new Poly1305();
            mac.init(words(key), 0);
            for (int at = 0; at < message.length; at += piece) {
                mac.update(message, at, Math.min(piece, message.length - at));
            }
            byte[] tag = new byte[16];
            mac.finish(tag, 0);

            assertArrayEquals(whole, tag, "pieces of " + piece);
        }
    }

    @Test
    void aBoxSealedInPiecesIsTheBoxSealedWhole() {
        SplittableRandom random = new SplittableRandom(28);
        CurveBox box = CurveBox.secretKey(bytes(random, 32));
        for (int length : new int[] {1, 31, 32, 33, 96, 97, 1056, 1057, 5000, 65537}) {
            byte[] nonce = bytes(random, 24);
            byte[] plaintext = bytes(random, length);
            byte[] whole = box.seal(nonce, plaintext);
            for (int piece : new int[] {64, 1024}) {
                byte[] text = plaintext.clone();
                box.startSeal(nonce);
                int first = Math.min(length, 32);
                box.sealPart(text, 0, first);
                for (int at = first; at < length; at += piece) {
                    box.sealPart(text, at, Math.min(piece, length - at));
                }
                byte[] tag = new byte[16];
                box.finishSeal(tag, 0);

                assertArrayEquals(Arrays.copyOfRange(whole, 0, 16), tag, "tag, length " + length + ", pieces " + piece);
                assertArrayEquals(Arrays.copyOfRange(whole, 16, whole.length), text,
                        "text, length " + length + ", pieces " + piece);
            }
        }
    }

    @Test
    void aPieceAfterOneThatEndedBetweenBlocksIsRefused() {
        SplittableRandom random = new SplittableRandom(29);
        CurveBox box = CurveBox.secretKey(bytes(random, 32));
        byte[] text = new byte[200];
        assertThrows(IllegalStateException.class, () -> box.sealPart(text, 0, 32), "no seal started");
        box.startSeal(bytes(random, 24));
        box.sealPart(text, 0, 40); // ends at text octet 40: it must have been the last piece

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> box.sealPart(text, 40, 24));
        assertTrue(refused.getMessage().contains("40"), refused.getMessage());
    }

    private static void poly1305(int[] key, int keyWord, byte[] message, int offset, int length, byte[] tag,
                                 int tagOffset) {
        Poly1305 mac = new Poly1305();
        mac.init(key, keyWord);
        mac.update(message, offset, length);
        mac.finish(tag, tagOffset);
    }

    /** XSalsa20-Poly1305 as NaCl defines it, on Bouncy Castle's primitives: the tag, then the ciphertext. */
    private static byte[] bouncyCastleBox(byte[] key, byte[] nonce, byte[] plaintext) {
        XSalsa20Engine cipher = new XSalsa20Engine();
        cipher.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        byte[] stream = new byte[32 + plaintext.length];
        System.arraycopy(plaintext, 0, stream, 32, plaintext.length);
        cipher.processBytes(stream, 0, stream.length, stream, 0);
        byte[] macKey = Arrays.copyOf(stream, 32);
        byte[] box = new byte[16 + plaintext.length];
        System.arraycopy(stream, 32, box, 16, plaintext.length);
        System.arraycopy(bouncyCastlePoly1305(macKey, box, 16, plaintext.length), 0, box, 0, 16);
        return box;
    }

    private static byte[] bouncyCastlePoly1305(byte[] key, byte[] message, int offset, int length) {
        org.bouncycastle.crypto.macs.Poly1305 mac = new org.bouncycastle.crypto.macs.Poly1305();
        mac.init(new KeyParameter(key));
        mac.update(message, offset, length);
        byte[] tag = new byte[16];
        mac.doFinal(tag, 0);
        return tag;
    }

    private static int[] words(byte[] b) {
        int[] words = new int[b.length / 4];
        for (int i = 0; i < words.length; i++) {
            words[i] = Salsa20.word(b, 4 * i);
        }
        return words;
    }

    private static byte[] bytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
