/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

class NettyLeakExtensionTest {

    private static final String FIXTURE_SWITCH = "zmtp.test.deliberateLeak";

    @Test
    void aTestThatLeaksABufferFails() {
        System.setProperty(FIXTURE_SWITCH, "true");
        Events events;
        try {
            events = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass(DeliberateLeak.class))
                    .execute()
                    .allEvents();
        } finally {
            System.clearProperty(FIXTURE_SWITCH);
        }

        // The leaking test itself passed its assertions; the extension fails its class once GC finds the leak.
        Throwable failure = events.failed().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow())
                .map(r -> r.getThrowable().orElseThrow())
                .findFirst()
                .orElseThrow(() -> new AssertionError("the deliberate leak was not reported as a failure"));
        assertTrue(failure instanceof AssertionError, failure.toString());
        assertTrue(failure.getMessage().contains("buffer leak(s) reported"), failure.getMessage());
        assertTrue(failure.getMessage().contains("LEAK: ByteBuf"), failure.getMessage());
        assertEquals(0, NettyLeakExtension.drainLeaks().size(), "the fixture's leak was consumed by the fixture");
    }

    @Test
    void aTestThatReleasesItsBuffersPasses() {
        System.setProperty(FIXTURE_SWITCH, "true");
        try {
            EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass(NoLeak.class))
                    .execute()
                    .allEvents()
                    .assertStatistics(stats -> stats.failed(0).succeeded(3));
        } finally {
            System.clearProperty(FIXTURE_SWITCH);
        }
    }

    /** Leaks one buffer on purpose. Runs only inside {@link #aTestThatLeaksABufferFails()}. */
    @ExtendWith(NettyLeakExtension.class)
    @EnabledIfSystemProperty(named = FIXTURE_SWITCH, matches = "true")
    static class DeliberateLeak {
        @Test
        void leaks() {
            ByteBuf leaked = ByteBufAllocator.DEFAULT.buffer(16);
            leaked.writeInt(42);
            assertEquals(4, leaked.readableBytes());
            // not released: the leak detector must report it
        }
    }

    /** Releases what it allocates. Runs only inside {@link #aTestThatReleasesItsBuffersPasses()}. */
    @ExtendWith(NettyLeakExtension.class)
    @EnabledIfSystemProperty(named = FIXTURE_SWITCH, matches = "true")
    static class NoLeak {
        @Test
        void releases() {
            ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(16);
            buf.writeInt(42);
            assertEquals(4, buf.readableBytes());
            assertTrue(buf.release());
        }
    }
}
