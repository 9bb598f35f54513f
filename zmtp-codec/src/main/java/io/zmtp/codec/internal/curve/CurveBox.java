/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.internal.curve;

import org.bouncycastle.math.ec.rfc7748.X25519;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * NaCl's authenticated encryption as CurveZMQ (26/CurveZMQ) uses it: XSalsa20-Poly1305 ({@link Salsa20},
 * {@link Poly1305}) under one 32-octet key, either a shared secret key ({@code crypto_secretbox}, the cookie) or the
 * key two parties precompute from their X25519 keys ({@code crypto_box_beforenm}, every other box). A box is
 * {@code tag (16) | ciphertext}, exactly libsodium's {@code crypto_box_easy} layout: the first 32 octets of the
 * XSalsa20 keystream are the Poly1305 key, the plaintext is XORed with the keystream from octet 32 on, and the tag
 * authenticates the ciphertext.
 *
 * <p>Opening checks the tag in constant time before decrypting anything; a box that does not open is left as it
 * was. Sealing and opening allocate nothing and wipe each message's key stream and Poly1305 key when they are done;
 * the XSalsa20 subkeys of the last nonce prefixes used are kept, as the key is, until {@link #destroy()} wipes all
 * of them.
 *
 * <p>Not thread-safe: one instance per connection (or per handshake step), used on its event loop. Only load this
 * class after {@link CurveSupport#requireBouncyCastle()} (X25519 is Bouncy Castle's).
 */
public final class CurveBox {

    /** The length of keys: X25519 public and secret keys and box keys. */
    public static final int KEY_LENGTH = 32;
    /** The length of a nonce. */
    public static final int NONCE_LENGTH = 24;
    /** The length of the authentication tag that precedes the ciphertext. */
    public static final int TAG_LENGTH = 16;

    /** The octets of the first key-stream block that precede the text: the Poly1305 key. */
    private static final int MAC_KEY_LENGTH = 32;

    /** X25519 scalar multiplications run so far, on any thread: what tests pin the cost of a handshake step by. */
    private static final LongAdder X25519_OPERATIONS = new LongAdder();

    private final byte[] key;
    /** The stream's Salsa20 state: set up with the key and the nonce for each message, wiped after it. */
    private final int[] state = new int[16];
    /** The current block of key stream; its first eight words are the Poly1305 key while a message is boxed. */
    private final int[] block = new int[16];
    /** The tag of the message being boxed, keyed from the first block of its key stream. */
    private final Poly1305 mac = new Poly1305();
    /** The XSalsa20 subkey of the last nonce prefix sealed under, and of the last opened under. */
    private final Subkey sealSubkey = new Subkey();
    private final Subkey openSubkey = new Subkey();
    private final byte[] tag = new byte[TAG_LENGTH];
    /** {@value Salsa20#LANES} blocks of key stream side by side, for long texts; made when the first one comes. */
    private int[] lanes;
    /** Whether {@link #lanes} holds key stream of the message being boxed (and must be wiped after it). */
    private boolean lanesUsed;
    /** Octets of text sealed since {@link #startSeal}, or -1 when no seal is under way. */
    private long sealed = -1;
    private boolean destroyed;

    private CurveBox(byte[] key) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("key: " + key.length + " octets (expected: 32)");
        }
        this.key = key.clone();
    }

    /** Returns a box keyed directly by {@code key} (32 octets, copied): NaCl's {@code crypto_secretbox}. */
    public static CurveBox secretKey(byte[] key) {
        return new CurveBox(Objects.requireNonNull(key, "key"));
    }

    /**
     * Returns the box between the owner of {@code secretKey} and the owner of {@code publicKey}, keyed by
     * {@code HSalsa20(X25519(secretKey, publicKey), 0^16)}: NaCl's {@code crypto_box_beforenm}. Either side computes
     * the same key.
     *
     * @return the box, or {@code null} if {@code publicKey} is a low-order point (the shared secret is all zeros,
     *         which libsodium refuses too)
     */
    public static CurveBox precompute(byte[] publicKey, byte[] secretKey) {
        byte[] key = beforenm(publicKey, secretKey);
        if (key == null) {
            return null;
        }
        try {
            return new CurveBox(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Returns {@code crypto_box_beforenm(publicKey, secretKey)} in a new array, or {@code null} if the X25519
     * shared secret is all zeros.
     */
    public static byte[] beforenm(byte[] publicKey, byte[] secretKey) {
        byte[] shared = sharedSecret(publicKey, secretKey);
        if (shared == null) {
            return null;
        }
        try {
            return hsalsa20(shared, new byte[16]);
        } finally {
            Arrays.fill(shared, (byte) 0);
        }
    }

    /** Returns X25519({@code secretKey}, {@code publicKey}) in a new array, or {@code null} if it is all zeros. */
    public static byte[] sharedSecret(byte[] publicKey, byte[] secretKey) {
        checkKey(publicKey, "publicKey");
        checkKey(secretKey, "secretKey");
        byte[] shared = new byte[KEY_LENGTH];
        X25519_OPERATIONS.increment();
        if (!X25519.calculateAgreement(secretKey, 0, publicKey, 0, shared, 0)) {
            return null;
        }
        return shared;
    }

    /** Returns the X25519 public key of {@code secretKey} (clamped as usual) in a new array. */
    public static byte[] publicKey(byte[] secretKey) {
        checkKey(secretKey, "secretKey");
        byte[] publicKey = new byte[KEY_LENGTH];
        X25519_OPERATIONS.increment();
        X25519.scalarMultBase(secretKey, 0, publicKey, 0);
        return publicKey;
    }

    /** Returns the number of X25519 scalar multiplications run so far, by every box and handshake. */
    static long x25519Operations() {
        return X25519_OPERATIONS.sum();
    }

    /** Returns HSalsa20({@code key}, {@code input}): the 32-octet key it derives from a key and 16 input octets. */
    static byte[] hsalsa20(byte[] key, byte[] input) {
        int[] state = new int[16];
        int[] scratch = new int[16];
        int[] subkey = new int[8];
        Salsa20.setUp(state, key, 0, input, 0);
        Salsa20.hsalsa20(state, scratch, subkey);
        byte[] out = new byte[KEY_LENGTH];
        for (int i = 0; i < subkey.length; i++) {
            putWord(out, 4 * i, subkey[i]);
        }
        Arrays.fill(state, 0);
        Arrays.fill(scratch, 0);
        Arrays.fill(subkey, 0);
        return out;
    }

    private static void putWord(byte[] b, int offset, int value) {
        b[offset] = (byte) value;
        b[offset + 1] = (byte) (value >>> 8);
        b[offset + 2] = (byte) (value >>> 16);
        b[offset + 3] = (byte) (value >>> 24);
    }

    private static void checkKey(byte[] key, String what) {
        Objects.requireNonNull(key, what);
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException(what + ": " + key.length + " octets (expected: 32)");
        }
    }

    /** Returns a box of {@code plaintext} under {@code nonce}: a new array of {@code 16 + plaintext.length} octets. */
    public byte[] seal(byte[] nonce, byte[] plaintext) {
        byte[] box = new byte[TAG_LENGTH + plaintext.length];
        System.arraycopy(plaintext, 0, box, TAG_LENGTH, plaintext.length);
        sealInPlace(nonce, box, 0, plaintext.length);
        return box;
    }

    /**
     * Boxes in place: the plaintext of {@code length} octets at {@code offset + 16} of {@code buffer} is encrypted
     * where it is, and the tag is written to the 16 octets at {@code offset}.
     */
    public void sealInPlace(byte[] nonce, byte[] buffer, int offset, int length) {
        startSeal(nonce);
        sealPart(buffer, offset + TAG_LENGTH, length);
        finishSeal(buffer, offset);
    }

    /**
     * Starts a box whose text is sealed piece by piece, each where it lies: {@link #sealPart} for each piece in order,
     * then {@link #finishSeal} for the tag. Abandons a seal under way, as sealing or opening another box does.
     */
    public void startSeal(byte[] nonce) {
        start(nonce, sealSubkey);
        sealed = 0;
    }

    /**
     * Encrypts in place the next {@code length} octets of the text, at {@code offset} of {@code buffer}. A piece that
     * is not the last must end where a block of key stream does: at text octet {@code 32 + 64 k}.
     *
     * @throws IllegalStateException if no seal is under way, or the piece before did not end at such an octet
     */
    public void sealPart(byte[] buffer, int offset, int length) {
        if (sealed < 0) {
            throw new IllegalStateException("no seal under way");
        }
        if (sealed != 0 && (sealed - MAC_KEY_LENGTH) % Salsa20.BLOCK_LENGTH != 0) {
            throw new IllegalStateException("the piece before ended at text octet " + sealed
                    + ", not at 32 + 64 k: it was the last");
        }
        crypt(buffer, offset, length, sealed);
        mac.update(buffer, offset, length);
        sealed += length;
    }

    /** Writes the tag of the text sealed since {@link #startSeal} to the 16 octets at {@code offset} of {@code tag}. */
    public void finishSeal(byte[] tag, int offset) {
        if (sealed < 0) {
            throw new IllegalStateException("no seal under way");
        }
        mac.finish(tag, offset);
        finish();
    }

    /**
     * Opens the box of {@code length} octets (tag and ciphertext) at {@code offset} of {@code boxed} under
     * {@code nonce}, into a new array, or returns {@code null} if it does not open.
     */
    public byte[] open(byte[] nonce, byte[] boxed, int offset, int length) {
        if (length < TAG_LENGTH) {
            return null;
        }
        byte[] copy = Arrays.copyOfRange(boxed, offset, offset + length);
        if (!openInPlace(nonce, copy, 0, length)) {
            return null;
        }
        return Arrays.copyOfRange(copy, TAG_LENGTH, length);
    }

    /**
     * Opens in place the box of {@code length} octets at {@code offset} of {@code buffer}: if its tag is right, the
     * ciphertext at {@code offset + 16} is decrypted where it is and {@code true} is returned; otherwise nothing is
     * changed and {@code false} is returned. The tag is checked in constant time before anything is decrypted.
     */
    public boolean openInPlace(byte[] nonce, byte[] buffer, int offset, int length) {
        if (length < TAG_LENGTH) {
            return false;
        }
        start(nonce, openSubkey);
        int text = offset + TAG_LENGTH;
        int textLength = length - TAG_LENGTH;
        mac.update(buffer, text, textLength);
        mac.finish(tag, 0);
        boolean valid = org.bouncycastle.util.Arrays.constantTimeAreEqual(TAG_LENGTH, tag, 0, buffer, offset);
        if (valid) {
            crypt(buffer, text, textLength, 0);
        }
        finish();
        Arrays.fill(tag, (byte) 0);
        return valid;
    }

    /**
     * Sets up XSalsa20 under the key and {@code nonce} (HSalsa20 of its first 16 octets gives the subkey; its last 8
     * are the Salsa20 nonce) and takes the Poly1305 key from the first block of key stream. The subkey is taken from
     * {@code subkey} if it was made for the same 16 octets: a connection's MESSAGE nonces share them (the prefix
     * {@code CurveZMQMESSAGEC} or {@code ...S}, then the 8-octet short nonce), so HSalsa20 runs once a direction.
     */
    private void start(byte[] nonce, Subkey subkey) {
        if (destroyed) {
            throw new IllegalStateException("box destroyed");
        }
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("nonce: " + nonce.length + " octets (expected: 24)");
        }
        if (!subkey.isFor(nonce)) {
            Salsa20.setUp(state, key, 0, nonce, 0);
            Salsa20.hsalsa20(state, block, subkey.words);
            subkey.madeFor(nonce);
        }
        Salsa20.setUpStream(state, subkey.words, Salsa20.word(nonce, 16), Salsa20.word(nonce, 20));
        Salsa20.core(state, block, true);
        mac.init(block, 0);
        sealed = -1;
    }

    /**
     * XORs {@code length} octets of text, from text octet {@code position} on ({@code 0} or {@code 32 + 64 k}), with
     * the key stream from its octet {@code 32 + position} on: the rest of the first block (still in {@link #block})
     * at position 0, then blocks 1, 2, ...
     */
    private void crypt(byte[] buffer, int offset, int length, long position) {
        int done = 0;
        if (position == 0) {
            done = Math.min(length, Salsa20.BLOCK_LENGTH - MAC_KEY_LENGTH);
            Salsa20.xorWords(block, MAC_KEY_LENGTH / 4, buffer, offset, done);
        }
        int rest = length - done;
        if (rest > 0) {
            if (rest >= Salsa20.LANES_FROM) {
                if (lanes == null) {
                    lanes = new int[Salsa20.LANES_LENGTH];
                }
                lanesUsed = true;
            }
            long counter = (MAC_KEY_LENGTH + position + done) / Salsa20.BLOCK_LENGTH;
            Salsa20.xor(state, counter, buffer, offset + done, rest, block, lanes);
        }
    }

    /**
     * Wipes what this message's boxing left: the stream's state (with its copy of the subkey) and the key stream
     * (the Poly1305 key wipes itself when it gives the tag).
     */
    private void finish() {
        Arrays.fill(state, 0);
        Arrays.fill(block, 0);
        sealed = -1;
        if (lanesUsed) { // a short message after a long one need not wipe a kilobyte it never touched
            lanesUsed = false;
            Arrays.fill(lanes, 0);
        }
    }

    /** Wipes the key; the box cannot be used afterwards. Idempotent. */
    public void destroy() {
        destroyed = true;
        Arrays.fill(key, (byte) 0);
        sealSubkey.wipe();
        openSubkey.wipe();
        mac.wipe(); // a box abandoned half-way
        finish();
    }

    /** An XSalsa20 subkey and the 16 nonce octets it was derived for. */
    private static final class Subkey {
        final int[] words = new int[8];
        private final byte[] nonceStart = new byte[16];
        private boolean made;

        boolean isFor(byte[] nonce) {
            return made && Arrays.equals(nonceStart, 0, 16, nonce, 0, 16);
        }

        void madeFor(byte[] nonce) {
            System.arraycopy(nonce, 0, nonceStart, 0, 16);
            made = true;
        }

        void wipe() {
            made = false;
            Arrays.fill(words, 0);
        }
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return destroyed ? "CurveBox(destroyed)" : "CurveBox";
    }
}
