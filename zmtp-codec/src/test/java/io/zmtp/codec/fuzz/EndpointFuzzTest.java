/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zmtp.codec.transport.InvalidEndpointException;
import io.zmtp.codec.transport.ZmtpEndpoint;
import org.junit.jupiter.api.BeforeAll;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ZmtpEndpoint#parse} fed arbitrary text: it either fails with an {@link InvalidEndpointException} that quotes
 * the endpoint, or returns an endpoint whose canonical form parses back to an equal endpoint; turning an endpoint
 * into socket addresses throws only what those methods document, and never resolves a name.
 */
class EndpointFuzzTest {

    /** Runs the targets once before any input is timed: loading and instrumenting classes takes more than 1 s. */
    @BeforeAll
    static void warmUp() {
        for (String endpoint : new String[] {"tcp://127.0.0.1:1", "tcp://[::1]:1", "ipc://@x", "inproc://x", "x"}) {
            new EndpointFuzzTest().parse(endpoint.getBytes(StandardCharsets.UTF_8));
        }
    }

    @FuzzTest(maxDuration = "30s")
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        ZmtpEndpoint endpoint;
        try {
            endpoint = ZmtpEndpoint.parse(text);
        } catch (InvalidEndpointException rejected) {
            assertTrue(rejected.getMessage() != null && !rejected.getMessage().isEmpty(), "no message");
            return;
        }
        String canonical = endpoint.toString();
        ZmtpEndpoint again = ZmtpEndpoint.parse(canonical);
        assertEquals(endpoint, again, canonical);
        assertEquals(canonical, again.toString());
        assertEquals(endpoint.hashCode(), again.hashCode());
        assertEquals(endpoint.isConnectable(), again.isConnectable());
        if (endpoint.transport().hasSocketAddress()) {
            socketAddresses(endpoint);
        }
    }

    private static void socketAddresses(ZmtpEndpoint endpoint) {
        try {
            endpoint.toBindAddress();
        } catch (InvalidEndpointException refused) {
            // a host name, or a zone that names no interface: documented
        }
        try {
            assertEquals(endpoint.port(), endpoint.toConnectAddress().getPort());
        } catch (InvalidEndpointException refused) {
            assertTrue(!endpoint.isConnectable() || endpoint.host().contains("%"), refused::getMessage);
        }
    }
}
