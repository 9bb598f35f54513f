/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.mechanism;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Z85Test {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void encodesTheSpecificationsHelloWorldVector() {
        assertEquals("HelloWorld", Z85.encode(hex("864FD26FB559F75B")));
        assertArrayEquals(hex("864FD26FB559F75B"), Z85.decode("HelloWorld"));
    }

    @Test
    void encodesTheExtremeGroups() {
        assertEquals("00000", Z85.encode(hex("00000000")));
        assertEquals("%nSc0", Z85.encode(hex("FFFFFFFF")));
        assertArrayEquals(hex("FFFFFFFF"), Z85.decode("%nSc0"));
    }

    @Test
    void encodesLibzmqsTestKeys() {
        assertEquals("Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID",
                Z85.encode(hex("BB88471D65E2659B30C55A5321CEBB5AAB2B70A398645C26DCA2B2FCB43FC518")));
        assertEquals("D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs",
                Z85.encode(hex("7BB864B489AFA3671FBE69101F94B38972F24816DFB01B51656B3FEC8DFD0888")));
        assertEquals("rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7",
                Z85.encode(hex("54FCBA24E93249969316FB617C872BB0C1D1FF14800427C594CBFACF1BC2D652")));
        assertArrayEquals(hex("8E0BDD697628B91D8F245587EE95C5B04D48963F79259877B49CD9063AEAD3B7"),
                Z85.decode("JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6"));
    }

    @Test
    void roundTripsRandomKeys() {
        Random random = new Random(32);
        for (int i = 0; i < 200; i++) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            String text = Z85.encode(key);
            assertEquals(40, text.length());
            assertArrayEquals(key, Z85.decode(text));
        }
    }

    @Test
    void rejectsBadInputWithoutEchoingIt() {
        assertThrows(IllegalArgumentException.class, () -> Z85.encode(new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> Z85.decode("abcd"));
        assertThrows(IllegalArgumentException.class, () -> Z85.decode(""));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Z85.decode("abc d"));
        assertTrue(bad.getMessage().contains("index 3"), bad.getMessage());
        assertFalse(bad.getMessage().contains("abc"), "never repeats the text: " + bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Z85.decode("%nSc1"), "above 2^32 - 1");
        assertThrows(IllegalArgumentException.class, () -> Z85.decode("ab\u00e9de"));
    }
}
