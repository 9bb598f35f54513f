/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.report;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test as one cell of the interoperability matrix: which independent peer, in which role against which of
 * our sockets, with which mechanism. {@link InteropReport} records the cell with the test's outcome, and
 * {@code scripts/interop-table.py} turns the records into the README's table.
 *
 * <p>A test that covers several cells carries several of these. A parameterized test whose argument is an
 * {@link InteropPeerInfo} leaves {@link #peer} and {@link #version} empty: the argument names the peer.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@ExtendWith(InteropReport.class)
@Repeatable(InteropCells.class)
public @interface InteropCell {

    /** The peer's implementation, e.g. {@code JeroMQ}; empty: from the test's {@link InteropPeerInfo} argument. */
    String peer() default "";

    /** The peer's version, e.g. {@code 0.6.0}; empty: from the test's {@link InteropPeerInfo} argument. */
    String version() default "";

    /** Who talks to whom, e.g. {@code CLIENT → our ZmtpServer} (the peer's socket first). */
    String role();

    /** The security mechanism: {@code NULL}, {@code PLAIN} or {@code CURVE}. */
    String mechanism() default "NULL";

    /** How the peer runs, e.g. {@code process}, {@code in-process}, {@code container}. */
    String runs() default "process";
}
