/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server.internal;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoutingTableTest {

    /** A value with its id, as a peer has its routing id. */
    private record Entry(int id, String name) {
    }

    private static RoutingTable<Entry> newTable() {
        return new RoutingTable<>(Entry::id);
    }

    @Test
    void findsWhatWasAddedAndNothingElse() {
        RoutingTable<Entry> table = newTable();
        Entry a = new Entry(7, "a");
        Entry b = new Entry(-3, "b");
        assertTrue(table.putIfAbsent(a));
        assertTrue(table.putIfAbsent(b));
        assertSame(a, table.get(7));
        assertSame(b, table.get(-3));
        assertNull(table.get(8));
        assertNull(table.get(0));
        assertTrue(table.containsId(7));
        assertFalse(table.containsId(8));
        assertEquals(2, table.size());
        assertEquals(Set.of(a, b), new HashSet<>(table.values()));
    }

    @Test
    void anIdTakenByAnotherValueIsRefused() {
        RoutingTable<Entry> table = newTable();
        Entry first = new Entry(42, "first");
        assertTrue(table.putIfAbsent(first));
        assertFalse(table.putIfAbsent(new Entry(42, "second")));
        assertSame(first, table.get(42));
        assertEquals(1, table.size());
    }

    @Test
    void removesOnlyTheValueItHoldsForTheId() {
        RoutingTable<Entry> table = newTable();
        Entry held = new Entry(5, "held");
        table.putIfAbsent(held);
        assertFalse(table.remove(new Entry(5, "another with the same id")));
        assertSame(held, table.get(5));
        assertTrue(table.remove(held));
        assertFalse(table.remove(held));
        assertNull(table.get(5));
        assertEquals(0, table.size());
        Entry again = new Entry(5, "again");
        assertTrue(table.putIfAbsent(again), "a removed id can be taken again");
        assertSame(again, table.get(5));
    }

    @Test
    void growsForTenThousandConsecutiveIdsAcrossTheWrapAndShrinksWhenTheyLeave() {
        RoutingTable<Entry> table = newTable();
        int first = -5_000; // unsigned, the ids wrap from 0xFFFFFFFF to 0 half-way
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            assertTrue(table.putIfAbsent(new Entry(first + i, "")));
        }
        assertEquals(n, table.size());
        assertTrue(table.capacity() >= n * 4 / 3, "capacity " + table.capacity());
        for (int i = 0; i < n; i++) {
            assertEquals(first + i, table.get(first + i).id());
        }
        assertNull(table.get(first - 1));
        assertNull(table.get(first + n));
        for (int i = 0; i < n; i += 2) {
            assertTrue(table.remove(table.get(first + i)));
        }
        for (int i = 0; i < n; i++) {
            assertEquals(i % 2 == 1, table.containsId(first + i), "id " + (first + i));
        }
        for (int i = 1; i < n; i += 2) {
            assertTrue(table.remove(table.get(first + i)));
        }
        assertEquals(0, table.size());
        assertTrue(table.values().isEmpty());
        assertEquals(16, table.capacity(), "the table shrinks back once its values leave");
    }

    @Test
    void churnLeavesNoTombstonesToWalkForever() {
        // Peers come and go with ever-new ids while a hundred stay: removals leave tombstones, which the table clears
        // by rebuilding, so its array does not grow with the churn and a miss still ends.
        RoutingTable<Entry> table = newTable();
        for (int i = 0; i < 100; i++) {
            table.putIfAbsent(new Entry(i, "stays"));
        }
        for (int id = 1_000; id < 201_000; id++) {
            Entry passing = new Entry(id, "passes");
            assertTrue(table.putIfAbsent(passing));
            assertTrue(table.remove(passing));
        }
        // a rebuild sizes the array at the power of two above four times the live values: 101 while one passes
        assertTrue(table.capacity() <= 512, "capacity " + table.capacity());
        assertEquals(100, table.size());
        assertNull(table.get(500));
        for (int i = 0; i < 100; i++) {
            assertEquals("stays", table.get(i).name());
        }
    }

    @Test
    void lookupsWithoutALockNeverMissAValueThatStaysWhileOthersComeAndGo() throws Exception {
        RoutingTable<Entry> table = newTable();
        int stable = 64;
        for (int i = 0; i < stable; i++) {
            table.putIfAbsent(new Entry(i * 7919, "stays"));
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(2);
        for (int r = 0; r < 2; r++) {
            Thread reader = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        for (int i = 0; i < stable; i++) {
                            Entry e = table.get(i * 7919);
                            if (e == null || e.id() != i * 7919) {
                                failure.compareAndSet(null, "lost id " + i * 7919 + ": " + e);
                            }
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, "reader-" + r);
            reader.start();
        }
        try {
            // bursts that grow the table, then leave and shrink it, with rebuilds in both directions
            for (int round = 0; round < 40 && failure.get() == null; round++) {
                int base = 1_000_000 + round * 5_000;
                for (int id = base; id < base + 2_000; id++) {
                    table.putIfAbsent(new Entry(id, "passes"));
                }
                for (int id = base; id < base + 2_000; id++) {
                    table.remove(table.get(id));
                }
            }
        } finally {
            stop.set(true);
            assertTrue(done.await(10, TimeUnit.SECONDS));
        }
        assertNull(failure.get(), failure.get());
        assertEquals(stable, table.size());
    }
}
