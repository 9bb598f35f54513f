/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server.internal;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoutingIdsTest {

    @Test
    void idsAreConsecutiveAndWrapFromTheLargestUnsignedValueToOneSkippingZero() {
        RoutingIds ids = new RoutingIds(0xFFFFFFFE);
        assertEquals(0xFFFFFFFE, ids.next(id -> false));
        assertEquals(0xFFFFFFFF, ids.next(id -> false));
        assertEquals(1, ids.next(id -> false));
        assertEquals(2, ids.next(id -> false));
    }

    @Test
    void idsStillInUseAreSkippedAfterAWrapAround() {
        Set<Integer> live = new HashSet<>(Set.of(5, 6, 8));
        RoutingIds ids = new RoutingIds(5);
        assertEquals(7, ids.next(live::contains));
        assertEquals(9, ids.next(live::contains));
    }

    @Test
    void aRandomStartIsNeverZeroAndDiffersBetweenSockets() {
        Set<Integer> starts = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            int id = new RoutingIds().next(x -> false);
            assertNotEquals(0, id);
            starts.add(id);
        }
        assertTrue(starts.size() > 1, "random starts: " + starts);
    }
}
