/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.mechanism;

import io.zmtp.codec.mechanism.CurveKnownAnswerTest.Kat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.zmtp.codec.mechanism.CurveKnownAnswerTest.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CURVE keys, the allow-list authenticator, the mechanism's configuration, and what happens without Bouncy Castle. */
class ZmtpCurveKeyPairTest {

    @Test
    void generatedKeyPairsAreFreshAndTheirPublicKeyIsDerivedFromTheSecretKey() {
        ZmtpCurveKeyPair a = ZmtpCurveKeyPair.generate();
        ZmtpCurveKeyPair b = ZmtpCurveKeyPair.generate();
        assertNotEquals(a, b);
        assertEquals(a, ZmtpCurveKeyPair.fromSecretKey(a.secretKey()));
        assertArrayEquals(a.publicKey(), ZmtpCurveKeyPair.fromSecretKeyZ85(a.secretKeyZ85()).publicKey());
        assertEquals(40, a.publicKeyZ85().length());
    }

    @Test
    void z85SecretKeysOfTheLibzmqDocsGiveTheirPublicKeys() {
        ZmtpCurveKeyPair client = ZmtpCurveKeyPair.fromSecretKeyZ85(Kat.CLIENT_SECRET_Z85);
        assertEquals(Kat.CLIENT_PUBLIC_Z85, client.publicKeyZ85());
        assertEquals(hex(Kat.SERVER_PUBLIC), hex(ZmtpCurveKeyPair.decodePublicKeyZ85(Kat.SERVER_PUBLIC_Z85)));
    }

    @Test
    void accessorsReturnCopies() {
        ZmtpCurveKeyPair keys = Kat.clientKeys();
        keys.secretKey()[0] ^= 1;
        keys.publicKey()[0] ^= 1;
        assertEquals(hex(Kat.CLIENT_SECRET), hex(keys.secretKey()));
        assertEquals(hex(Kat.CLIENT_PUBLIC), hex(keys.publicKey()));
    }

    @Test
    void secretKeysNeverAppearInToString() {
        ZmtpCurveKeyPair keys = Kat.clientKeys();
        assertTrue(keys.toString().contains(Kat.CLIENT_PUBLIC_Z85), keys.toString());
        assertFalse(keys.toString().contains(Kat.CLIENT_SECRET_Z85));
        String client = ZmtpCurveMechanism.client(Kat.SERVER_PUBLIC, keys).toString();
        assertFalse(client.contains(Kat.CLIENT_SECRET_Z85), client);
        String server = ZmtpCurveMechanism.server(Kat.serverKeys(), ZmtpAuthenticator.ALLOW_ALL).toString();
        assertFalse(server.contains(Z85.encode(Kat.SERVER_SECRET)), server);
    }

    @Test
    void badKeysAreRefusedWithoutRepeatingThem() {
        assertThrows(IllegalArgumentException.class, () -> ZmtpCurveKeyPair.fromSecretKey(new byte[31]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ZmtpCurveKeyPair.fromSecretKeyZ85("D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%c\""));
        assertFalse(e.getMessage().contains("D:)Q"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ZmtpCurveKeyPair.fromSecretKeyZ85("short"));
        assertThrows(IllegalArgumentException.class, () -> ZmtpCurveMechanism.client(new byte[33]));
        assertThrows(NullPointerException.class, () -> ZmtpCurveMechanism.server(null, ZmtpAuthenticator.ALLOW_ALL));
        assertThrows(NullPointerException.class, () -> ZmtpCurveMechanism.server(Kat.serverKeys(), null));
    }

    @Test
    void theMechanismIsNamedCurveAndAnnouncesItsRole() {
        ZmtpCurveMechanism server = ZmtpCurveMechanism.server(Kat.serverKeys(), ZmtpAuthenticator.ALLOW_ALL);
        ZmtpCurveMechanism client = ZmtpCurveMechanism.client(Kat.SERVER_PUBLIC, Kat.clientKeys());
        assertEquals("CURVE", server.name());
        assertEquals("CURVE", client.name());
        assertTrue(server.asServer());
        assertFalse(client.asServer());
    }

    // ----------------------------------------------------------------------------------------------- allow-list

    @Test
    void allowListFilesAcceptListedKeysWithTheirZ85AsUserIdAndRefuseOthersWith400(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("clients");
        Files.write(file, List.of("# CURVE clients", "", "  " + Kat.CLIENT_PUBLIC_Z85 + "  ", "   ",
                "   # indented comment", Kat.SERVER_PUBLIC_Z85));
        ZmtpCurveAllowList allow = ZmtpCurveAllowList.read(file);
        assertEquals(2, allow.size());
        assertTrue(allow.contains(Kat.CLIENT_PUBLIC));
        ZmtpAuthResult ok = allow.authenticate(ZmtpAuthRequest.curve(null, Kat.CLIENT_PUBLIC))
                .toCompletableFuture().join();
        assertTrue(ok.isAllowed());
        assertEquals(Kat.CLIENT_PUBLIC_Z85, ok.userId());
        ZmtpAuthResult unknown = allow.authenticate(ZmtpAuthRequest.curve(null,
                ZmtpCurveKeyPair.generate().publicKey())).toCompletableFuture().join();
        assertEquals(400, unknown.statusCode());
        assertEquals("unknown client key", unknown.reason());
        ZmtpAuthResult plain = allow.authenticate(ZmtpAuthRequest.plain(null, "admin", new byte[0]))
                .toCompletableFuture().join();
        assertEquals(400, plain.statusCode());
    }

    @Test
    void aBadAllowListLineIsReportedWithItsNumber(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("clients");
        Files.write(file, List.of("# ok", Kat.CLIENT_PUBLIC_Z85, "not a key"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ZmtpCurveAllowList.read(file));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void allowListsOfRawKeysCheckTheirLength() {
        assertEquals(1, ZmtpCurveAllowList.of(List.of(Kat.CLIENT_PUBLIC, Kat.CLIENT_PUBLIC.clone())).size());
        assertThrows(IllegalArgumentException.class, () -> ZmtpCurveAllowList.of(List.of(new byte[8])));
    }

    // -------------------------------------------------------------------------------------- without Bouncy Castle

    /** A class loader that sees the test class path except Bouncy Castle. */
    private static URLClassLoader withoutBouncyCastle() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty() && !entry.contains("bcprov")) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    @Test
    void choosingCurveWithoutBouncyCastleFailsClearlyAtConfigurationTime() throws Exception {
        try (URLClassLoader loader = withoutBouncyCastle()) {
            assertThrows(ClassNotFoundException.class,
                    () -> Class.forName("org.bouncycastle.math.ec.rfc7748.X25519", false, loader));
            Class<?> mechanism = Class.forName(ZmtpCurveMechanism.class.getName(), true, loader);
            assertTrue(mechanism.getClassLoader() == loader, "loaded in isolation");
            Method client = mechanism.getMethod("client", byte[].class);
            InvocationTargetException e = assertThrows(InvocationTargetException.class,
                    () -> client.invoke(null, (Object) new byte[32]));
            assertInstanceOf(IllegalStateException.class, e.getCause());
            assertEquals("CURVE needs org.bouncycastle:bcprov-jdk18on on the class path", e.getCause().getMessage());

            Class<?> keyPair = Class.forName(ZmtpCurveKeyPair.class.getName(), true, loader);
            InvocationTargetException generate = assertThrows(InvocationTargetException.class,
                    () -> keyPair.getMethod("generate").invoke(null));
            assertInstanceOf(IllegalStateException.class, generate.getCause());

            Class<?> nullMechanism = Class.forName(ZmtpNullMechanism.class.getName(), true, loader);
            assertEquals("NULL", nullMechanism.getMethod("name").invoke(nullMechanism.getField("INSTANCE").get(null)));
        }
    }
}
