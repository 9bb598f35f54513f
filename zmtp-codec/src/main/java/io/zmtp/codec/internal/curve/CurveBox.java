/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.internal.curve;

import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.math.ec.rfc7748.X25519;

import java.util.Arrays;
import java.util.Objects;

/**
 * NaCl's authenticated encryption as CurveZMQ (26/CurveZMQ) uses it, on Bouncy Castle's primitives: XSalsa20-Poly1305
 * under one 32-octet key, either a shared secret key ({@code crypto_secretbox}, the cookie) or the key two parties
 * precompute from their X25519 keys ({@code crypto_box_beforenm}, every other box). A box is
 * {@code tag (16) | ciphertext}, exactly libsodium's {@code crypto_box_easy} layout: the first 32 octets of the
 * XSalsa20 keystream are the Poly1305 key, the plaintext is XORed with the keystream from octet 32 on, and the tag
 * authenticates the ciphertext.
 *
 * <p>Opening checks the tag in constant time before decrypting anything; a box that does not open is left as it
 * was. {@link #destroy()} wipes the key.
 *
 * <p>Not thread-safe: one instance per connection (or per handshake step), used on its event loop. Only load this
 * class after {@link CurveSupport#requireBouncyCastle()}.
 */
public final class CurveBox {

    /** The length of keys: X25519 public and secret keys and box keys. */
    public static final int KEY_LENGTH = 32;
    /** The length of a nonce. */
    public static final int NONCE_LENGTH = 24;
    /** The length of the authentication tag that precedes the ciphertext. */
    public static final int TAG_LENGTH = 16;

    private static final int HSALSA20_ROUNDS = 20;
    private static final int[] SIGMA = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
    private static final int[] HSALSA20_OUTPUT = {0, 5, 10, 15, 6, 7, 8, 9};

    private final KeyParameter key;
    private final XSalsa20Engine cipher = new XSalsa20Engine();
    private final Poly1305 mac = new Poly1305();
    private final byte[] macKey = new byte[KEY_LENGTH];
    private final byte[] tag = new byte[TAG_LENGTH];
    private boolean destroyed;

    private CurveBox(byte[] key) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("key: " + key.length + " octets (expected: 32)");
        }
        this.key = new KeyParameter(key);
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
        if (!X25519.calculateAgreement(secretKey, 0, publicKey, 0, shared, 0)) {
            return null;
        }
        return shared;
    }

    /** Returns the X25519 public key of {@code secretKey} (clamped as usual) in a new array. */
    public static byte[] publicKey(byte[] secretKey) {
        checkKey(secretKey, "secretKey");
        byte[] publicKey = new byte[KEY_LENGTH];
        X25519.scalarMultBase(secretKey, 0, publicKey, 0);
        return publicKey;
    }

    /**
     * Returns HSalsa20({@code key}, {@code input}): the Salsa20 core over {@code sigma, key, input} without the final
     * addition, output words 0, 5, 10, 15, 6, 7, 8, 9. Bouncy Castle's {@code salsaCore} adds the input words back,
     * so they are subtracted here.
     */
    static byte[] hsalsa20(byte[] key, byte[] input) {
        int[] state = new int[16];
        int[] mixed = new int[16];
        state[0] = SIGMA[0];
        state[5] = SIGMA[1];
        state[10] = SIGMA[2];
        state[15] = SIGMA[3];
        for (int i = 0; i < 4; i++) {
            state[1 + i] = littleEndianInt(key, 4 * i);
            state[11 + i] = littleEndianInt(key, 16 + 4 * i);
            state[6 + i] = littleEndianInt(input, 4 * i);
        }
        Salsa20Engine.salsaCore(HSALSA20_ROUNDS, state, mixed);
        byte[] out = new byte[KEY_LENGTH];
        for (int i = 0; i < HSALSA20_OUTPUT.length; i++) {
            int word = HSALSA20_OUTPUT[i];
            int value = mixed[word] - state[word];
            out[4 * i] = (byte) value;
            out[4 * i + 1] = (byte) (value >>> 8);
            out[4 * i + 2] = (byte) (value >>> 16);
            out[4 * i + 3] = (byte) (value >>> 24);
        }
        Arrays.fill(state, 0);
        Arrays.fill(mixed, 0);
        return out;
    }

    private static int littleEndianInt(byte[] b, int offset) {
        return b[offset] & 0xFF | (b[offset + 1] & 0xFF) << 8 | (b[offset + 2] & 0xFF) << 16
                | (b[offset + 3] & 0xFF) << 24;
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
        start(true, nonce);
        int text = offset + TAG_LENGTH;
        cipher.processBytes(buffer, text, length, buffer, text);
        mac.update(buffer, text, length);
        mac.doFinal(buffer, offset);
        cipher.reset();
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
        start(false, nonce);
        int text = offset + TAG_LENGTH;
        int textLength = length - TAG_LENGTH;
        mac.update(buffer, text, textLength);
        mac.doFinal(tag, 0);
        boolean valid = org.bouncycastle.util.Arrays.constantTimeAreEqual(TAG_LENGTH, tag, 0, buffer, offset);
        if (valid) {
            cipher.processBytes(buffer, text, textLength, buffer, text);
        }
        cipher.reset();
        Arrays.fill(tag, (byte) 0);
        return valid;
    }

    /** Keys the cipher with {@code nonce} and the MAC with the first 32 keystream octets. */
    private void start(boolean forEncryption, byte[] nonce) {
        if (destroyed) {
            throw new IllegalStateException("box destroyed");
        }
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("nonce: " + nonce.length + " octets (expected: 24)");
        }
        cipher.init(forEncryption, new ParametersWithIV(key, nonce));
        Arrays.fill(macKey, (byte) 0);
        cipher.processBytes(macKey, 0, KEY_LENGTH, macKey, 0);
        KeyParameter oneTimeKey = new KeyParameter(macKey);
        mac.init(oneTimeKey);
        Arrays.fill(oneTimeKey.getKey(), (byte) 0);
        Arrays.fill(macKey, (byte) 0);
    }

    /** Wipes the key; the box cannot be used afterwards. Idempotent. */
    public void destroy() {
        destroyed = true;
        Arrays.fill(key.getKey(), (byte) 0);
        mac.reset();
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return destroyed ? "CurveBox(destroyed)" : "CurveBox";
    }
}
