/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.testing;

/** What another thread is doing, read from its stack, for tests that wait on it instead of waiting for a time. */
public final class Threads {

    private Threads() {
    }

    /** Returns whether a method of {@code type} is on {@code thread}'s stack now. */
    public static boolean isIn(Thread thread, Class<?> type) {
        String name = type.getName();
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
