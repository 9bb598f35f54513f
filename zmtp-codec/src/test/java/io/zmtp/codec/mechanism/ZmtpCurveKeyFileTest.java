/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.mechanism;

import io.zmtp.codec.mechanism.CurveKnownAnswerTest.Kat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link ZmtpCurveKeyPair#readSecretKeyFile} reads the form {@code zmtp-server keygen} writes and nothing that might
 * be a public key, and warns about a file others may read.
 */
class ZmtpCurveKeyFileTest {

    @TempDir
    Path dir;

    @Test
    void readsTheFileKeygenWrites() throws IOException {
        Path file = write("public: " + Kat.CLIENT_PUBLIC_Z85 + "\nsecret: " + Kat.CLIENT_SECRET_Z85 + "\n");
        assertEquals(Kat.CLIENT_PUBLIC_Z85, ZmtpCurveKeyPair.readSecretKeyFile(file).publicKeyZ85());
    }

    @Test
    void commentsBlankLinesAndSpacesAroundTheKeyAreAllowed() throws IOException {
        Path file = write("# the server's key\n\n  secret:   " + Kat.CLIENT_SECRET_Z85 + "  \n");
        assertEquals(Kat.CLIENT_PUBLIC_Z85, ZmtpCurveKeyPair.readSecretKeyFile(file).publicKeyZ85());
    }

    @Test
    void aBareKeyIsRefusedSinceItMayBeAPublicKey() throws IOException {
        Path file = write(Kat.CLIENT_PUBLIC_Z85 + "\n");
        String message = refused(file);
        assertTrue(message.startsWith(file + " line 1: expected 'secret: <Z85>'"), message);
        assertTrue(message.endsWith("found a bare 40-character key, which may be a public key"), message);
    }

    @Test
    void aFileWithOnlyAPublicKeyIsSaidToHoldAPublicKey() throws IOException {
        Path file = write("public: " + Kat.CLIENT_PUBLIC_Z85 + "\n");
        String message = refused(file);
        assertTrue(message.startsWith(file + " holds a public key, not a secret key"), message);
    }

    @Test
    void anEmptyFileHoldsNoSecretKey() throws IOException {
        Path file = write("# nothing yet\n");
        assertTrue(refused(file).startsWith(file + " holds no secret key"));
    }

    @Test
    void aSecondSecretKeyOrOneOfTheWrongLengthIsRefusedByLine() throws IOException {
        Path twice = write("secret: " + Kat.CLIENT_SECRET_Z85 + "\nsecret: " + Kat.CLIENT_SECRET_Z85 + "\n");
        assertEquals(twice + " line 2: a second secret key", refused(twice));
        Path shortKey = write("\nsecret: " + Kat.CLIENT_SECRET_Z85.substring(1) + "\n");
        assertEquals(shortKey + " line 2: the secret key has 39 characters (expected 40 Z85 characters)",
                refused(shortKey));
    }

    @Test
    void aFileThatGroupOrOthersMayReadIsReadWithAWarning() throws IOException {
        Path file = write("secret: " + Kat.CLIENT_SECRET_Z85 + "\n");
        assumeTrue(Files.getFileAttributeView(file, PosixFileAttributeView.class) != null, "POSIX permissions");
        List<LogRecord> warnings = new ArrayList<>();
        Logger logger = Logger.getLogger(ZmtpCurveKeyPair.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            ZmtpCurveKeyPair.readSecretKeyFile(file);
            assertEquals(List.of(), warnings, "owner only");

            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
            assertEquals(Kat.CLIENT_PUBLIC_Z85, ZmtpCurveKeyPair.readSecretKeyFile(file).publicKeyZ85());
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw----r--"));
            ZmtpCurveKeyPair.readSecretKeyFile(file);
        } finally {
            logger.removeHandler(handler);
        }
        assertEquals(2, warnings.size(), warnings::toString);
        String message = warnings.get(0).getMessage();
        assertTrue(message.contains(file + " can be read by group or others (rw-r-----)"), message);
        assertTrue(warnings.get(1).getMessage().contains("(rw----r--)"), warnings.get(1).getMessage());
        assertFalse(message.contains(Kat.CLIENT_SECRET_Z85));
    }

    private Path write(String content) throws IOException {
        Path file = Files.createTempFile(dir, "key", ".txt");
        Files.writeString(file, content);
        return file;
    }

    private static String refused(Path file) {
        String message = assertThrows(IllegalArgumentException.class, () -> ZmtpCurveKeyPair.readSecretKeyFile(file))
                .getMessage();
        assertFalse(message.contains(Kat.CLIENT_SECRET_Z85) || message.contains(Kat.CLIENT_PUBLIC_Z85),
                "never shows a key: " + message);
        return message;
    }
}
