/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.server;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the standalone jars' manifests grant the JVM that runs them with {@code java -jar}: {@code java.nio} opened to
 * Netty (pooled chunks without the JDK's zeroing) and, from JDK 22 on, native access for the epoll transport's
 * library without the JDK's warning; older JDKs ignore the attribute.
 */
class StandaloneJarManifestIT {

    @ParameterizedTest
    @ValueSource(strings = {"zmtp-server", "zmtp-client"})
    void opensJavaNioAndEnablesNativeAccess(String module) throws Exception {
        Path jar = JarProcesses.jar(module);
        assertTrue(Files.isRegularFile(jar), "the standalone jar is built: " + jar.toAbsolutePath());
        try (JarFile file = new JarFile(jar.toFile())) {
            Attributes main = file.getManifest().getMainAttributes();
            assertTrue(main.getValue("Add-Opens").contains("java.base/java.nio"), main.getValue("Add-Opens"));
            assertEquals("ALL-UNNAMED", main.getValue("Enable-Native-Access"));
        }
    }
}
