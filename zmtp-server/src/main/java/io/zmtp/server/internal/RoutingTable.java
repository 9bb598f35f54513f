/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * The peers of a SERVER by routing id: lookups without a lock and without boxing the id, for the send path, which
 * looks a peer up for every message; additions and removals under the table's monitor, at connection rate.
 *
 * <p>An open-addressing table with linear probing over a mixed hash of the id. A lookup reads the current array
 * and its slots with acquire semantics and never writes; an addition fills a free slot, a removal leaves a
 * tombstone, each with a release store. When live entries and tombstones fill three quarters of the array, or
 * live entries shrink below an eighth of it, the table is rebuilt into a new array with room for as many again and
 * published; a lookup still walking the old array sees it as it was when replaced, which is a state the table was
 * in (as a lookup that ran a little earlier would have). Every array keeps at least a quarter of its slots empty,
 * so a lookup for an absent id always ends.
 *
 * <p>Thread-safe. Values must not be {@code null}; each value's id (given by {@code idOf}) must not change.
 *
 * @param <V> the values: peers, each with its routing id
 */
public final class RoutingTable<V> {

    private static final int MIN_CAPACITY = 16;
    private static final Object TOMBSTONE = new Object();
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    private final ToIntFunction<? super V> idOf;
    /** The slots: {@code null}, {@link #TOMBSTONE} or a value. Replaced, never resized in place. */
    private volatile Object[] slots = new Object[MIN_CAPACITY];
    /** Live values, read without the monitor by {@link #size()}. */
    private volatile int size;
    /** Live values and tombstones in {@link #slots}; guarded by {@code this}. */
    private int used;

    /** Creates an empty table whose values have the ids {@code idOf} gives. */
    public RoutingTable(ToIntFunction<? super V> idOf) {
        this.idOf = Objects.requireNonNull(idOf, "idOf");
    }

    /** Returns the value with {@code id}, or {@code null}. Lock-free. */
    public V get(int id) {
        Object[] s = slots;
        int mask = s.length - 1;
        for (int i = spread(id) & mask; ; i = (i + 1) & mask) {
            Object e = SLOT.getAcquire(s, i);
            if (e == null) {
                return null;
            }
            if (e != TOMBSTONE) {
                V value = castValue(e);
                if (idOf.applyAsInt(value) == id) {
                    return value;
                }
            }
        }
    }

    /** Returns whether a value has {@code id}. Lock-free. */
    public boolean containsId(int id) {
        return get(id) != null;
    }

    /** Returns the number of values. */
    public int size() {
        return size;
    }

    /** The length of the current array, for tests of growing and shrinking. */
    int capacity() {
        return slots.length;
    }

    /** Adds {@code value} unless a value already has its id; returns whether it was added. */
    public synchronized boolean putIfAbsent(V value) {
        Objects.requireNonNull(value, "value");
        int id = idOf.applyAsInt(value);
        Object[] s = slots;
        int mask = s.length - 1;
        int free = -1;
        for (int i = spread(id) & mask; ; i = (i + 1) & mask) {
            Object e = s[i];
            if (e == null) {
                if (free < 0) {
                    free = i;
                }
                break;
            }
            if (e == TOMBSTONE) {
                if (free < 0) {
                    free = i;
                }
            } else if (idOf.applyAsInt(castValue(e)) == id) {
                return false;
            }
        }
        if (s[free] == null) {
            used++;
        }
        SLOT.setRelease(s, free, value);
        size++;
        if (used > s.length - (s.length >>> 2)) {
            rebuild();
        }
        return true;
    }

    /** Removes {@code value} if it is the value with its id; returns whether it was removed. */
    public synchronized boolean remove(V value) {
        Objects.requireNonNull(value, "value");
        int id = idOf.applyAsInt(value);
        Object[] s = slots;
        int mask = s.length - 1;
        for (int i = spread(id) & mask; ; i = (i + 1) & mask) {
            Object e = s[i];
            if (e == null) {
                return false;
            }
            if (e == value) {
                SLOT.setRelease(s, i, TOMBSTONE);
                size--;
                if (s.length > MIN_CAPACITY && size < s.length >>> 3) {
                    rebuild();
                }
                return true;
            }
        }
    }

    /** Returns the values present now, in no particular order. */
    public List<V> values() {
        Object[] s = slots;
        List<V> values = new ArrayList<>(size);
        for (int i = 0; i < s.length; i++) {
            Object e = SLOT.getAcquire(s, i);
            if (e != null && e != TOMBSTONE) {
                values.add(castValue(e));
            }
        }
        return values;
    }

    /** Copies the live values into a new array with room for as many again, without tombstones, and publishes it. */
    private void rebuild() {
        int live = size;
        int capacity = MIN_CAPACITY;
        while (capacity < live * 4) {
            capacity <<= 1;
        }
        Object[] old = slots;
        Object[] fresh = new Object[capacity];
        int mask = capacity - 1;
        for (Object e : old) {
            if (e != null && e != TOMBSTONE) {
                int i = spread(idOf.applyAsInt(castValue(e))) & mask;
                while (fresh[i] != null) {
                    i = (i + 1) & mask;
                }
                fresh[i] = e;
            }
        }
        used = live;
        slots = fresh; // the volatile write publishes the filled array
    }

    @SuppressWarnings("unchecked")
    private V castValue(Object e) {
        return (V) e;
    }

    /** Spreads consecutive ids (as a SERVER assigns them) over the table, so that their runs do not cluster. */
    private static int spread(int id) {
        int h = id * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
