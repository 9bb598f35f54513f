/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 *
 * What zmtp_client_peer.c and zmtp_server_peer.c share: argument helpers, the security-mechanism switch and the
 * deterministic payload pattern. The same pattern is implemented in client.js, so every peer can check an echo
 * byte for byte without the payload being sent out of band.
 */
#ifndef ZMTP_PEER_COMMON_H
#define ZMTP_PEER_COMMON_H

#define _POSIX_C_SOURCE 200809L /* strdup */

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#ifndef ZMQ_CLIENT
#error "libzmq without draft APIs: compile with -DZMQ_BUILD_DRAFT_API against a libzmq built with ENABLE_DRAFTS"
#endif

/* Exit codes, shared with client.js/server.js and relied on by the Java tests. */
enum {
    EXIT_OK = 0,
    EXIT_ZMQ_ERROR = 1,
    EXIT_USAGE = 2,
    EXIT_TIMEOUT = 3,
    EXIT_MISMATCH = 4
};

static const char *peer_name = "zmtp-peer";

static void peer_fail(int code, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    fprintf(stderr, "%s: ", peer_name);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    va_end(args);
    exit(code);
}

static void peer_check_zmq(int rc, const char *what)
{
    if (rc == -1) {
        peer_fail(EXIT_ZMQ_ERROR, "%s failed: %s (errno %d)", what, zmq_strerror(zmq_errno()), zmq_errno());
    }
}

static long peer_parse_long(const char *option, const char *value, long min, long max)
{
    char *end = NULL;
    errno = 0;
    long parsed = strtol(value, &end, 10);
    if (errno != 0 || end == value || *end != '\0' || parsed < min || parsed > max) {
        peer_fail(EXIT_USAGE, "%s must be an integer in [%ld, %ld], got '%s'", option, min, max, value);
    }
    return parsed;
}

/*
 * Configures the security mechanism on a socket before it binds or connects. Only NULL exists today; PLAIN and
 * CURVE get their own cases here (with credentials from further options) when the tests need them. Anything else
 * is refused, so a typo never silently runs NULL.
 */
static void peer_apply_mechanism(void *socket, const char *mechanism, int as_server)
{
    (void) socket;
    (void) as_server;
    if (strcmp(mechanism, "null") == 0) {
        return; /* libzmq's default */
    }
    if (strcmp(mechanism, "plain") == 0 || strcmp(mechanism, "curve") == 0) {
        peer_fail(EXIT_USAGE, "--mechanism %s is not implemented by this peer yet", mechanism);
    }
    peer_fail(EXIT_USAGE, "unknown --mechanism '%s' (expected null, plain or curve)", mechanism);
}

/*
 * Byte i of message k. The i >> 8 term makes consecutive 256-byte blocks differ, so a payload shifted or
 * truncated by a whole block does not compare equal by accident.
 */
static inline uint8_t peer_pattern_byte(uint32_t seed, uint64_t k, uint64_t i)
{
    return (uint8_t) (seed + k * 131u + i * 7u + (i >> 8));
}

#endif
