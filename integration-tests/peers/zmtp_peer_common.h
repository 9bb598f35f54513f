/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 *
 * What zmtp_client_peer.c and zmtp_server_peer.c share: argument helpers, the security mechanisms (NULL, PLAIN,
 * CURVE, with a ZAP handler thread for the servers that need one) and the deterministic payload pattern. The same
 * pattern is implemented in client.js, so every peer can check an echo byte for byte without the payload being sent
 * out of band.
 */
#ifndef ZMTP_PEER_COMMON_H
#define ZMTP_PEER_COMMON_H

#define _POSIX_C_SOURCE 200809L /* strdup */

#include <errno.h>
#include <pthread.h>
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

/* ---------------------------------------------------------------------------------------------- security */

/*
 * The security options both peers accept. Which ones a mechanism needs depends on the role:
 *
 *   --mechanism null    none
 *   --mechanism plain   client: --plain-user NAME --plain-password PW (ZMQ_PLAIN_USERNAME/PASSWORD)
 *                       server: --plain-user NAME --plain-password PW, the only credentials its ZAP handler accepts
 *   --mechanism curve   client: --curve-server-key Z85 --curve-public-key Z85 --curve-secret-key Z85
 *                       server: --curve-secret-key Z85 [--curve-public-key Z85] [--curve-allow Z85]
 *
 * A PLAIN server always runs a ZAP handler (libzmq >= 4.2.3 refuses every PLAIN client without one). A CURVE server
 * runs one only with --curve-allow, accepting that client public key alone; without it libzmq accepts any client
 * that knows the server key ("Stonehouse"). An option the mechanism and role do not use is a usage error, so a
 * typo never silently weakens or changes a test.
 */
struct peer_security {
    const char *mechanism;
    const char *plain_user;
    const char *plain_password;
    const char *curve_server_key;
    const char *curve_public_key;
    const char *curve_secret_key;
    const char *curve_allow;
};

#define PEER_SECURITY_USAGE "[--plain-user NAME --plain-password PW] [--curve-server-key Z85] " \
    "[--curve-public-key Z85] [--curve-secret-key Z85] [--curve-allow Z85]"

/* Takes `option value` if it is a security option (returns 1), else returns 0. */
static int peer_security_option(struct peer_security *security, const char *option, const char *value)
{
    const char **slot = NULL;
    if (strcmp(option, "--mechanism") == 0) {
        slot = &security->mechanism;
    } else if (strcmp(option, "--plain-user") == 0) {
        slot = &security->plain_user;
    } else if (strcmp(option, "--plain-password") == 0) {
        slot = &security->plain_password;
    } else if (strcmp(option, "--curve-server-key") == 0) {
        slot = &security->curve_server_key;
    } else if (strcmp(option, "--curve-public-key") == 0) {
        slot = &security->curve_public_key;
    } else if (strcmp(option, "--curve-secret-key") == 0) {
        slot = &security->curve_secret_key;
    } else if (strcmp(option, "--curve-allow") == 0) {
        slot = &security->curve_allow;
    } else {
        return 0;
    }
    *slot = value;
    return 1;
}

/* Fails with a usage error if the option named `option` was given (value non-NULL). */
static void peer_refuse_option(const char *value, const char *option, const char *mechanism, const char *role)
{
    if (value != NULL) {
        peer_fail(EXIT_USAGE, "%s is not used by a --mechanism %s %s", option, mechanism, role);
    }
}

/* Fails with a usage error if the option named `option` is missing. */
static void peer_require_option(const char *value, const char *option, const char *mechanism, const char *role)
{
    if (value == NULL) {
        peer_fail(EXIT_USAGE, "a --mechanism %s %s needs %s", mechanism, role, option);
    }
}

/* Decodes a CURVE key given as 40 Z85 characters into key[32], or fails with a usage error. */
static void peer_decode_key(const char *option, const char *z85, uint8_t key[32])
{
    if (strlen(z85) != 40 || zmq_z85_decode(key, z85) == NULL) {
        peer_fail(EXIT_USAGE, "%s must be a CURVE key in Z85 (40 characters), got '%s'", option, z85);
    }
}

static void peer_set_string(void *socket, int option, const char *value, const char *what)
{
    peer_check_zmq(zmq_setsockopt(socket, option, value, strlen(value)), what);
}

/* What the ZAP handler thread accepts: PLAIN user and password, or one CURVE client public key. */
struct peer_zap_policy {
    void *socket; /* REP bound to inproc://zeromq.zap.01, used only by the handler thread once it runs */
    const char *mechanism; /* "PLAIN" or "CURVE" */
    const char *plain_user;
    const char *plain_password;
    uint8_t curve_allow[32];
};

static int peer_frame_equals(zmq_msg_t *frame, const void *data, size_t size)
{
    return zmq_msg_size(frame) == size && (size == 0 || memcmp(zmq_msg_data(frame), data, size) == 0);
}

static void peer_zap_send(void *socket, const void *data, size_t size, int more)
{
    if (zmq_send(socket, data, size, more ? ZMQ_SNDMORE : 0) == -1) {
        peer_fail(EXIT_ZMQ_ERROR, "ZAP handler: sending the reply failed: %s", zmq_strerror(zmq_errno()));
    }
}

#define PEER_ZAP_MAX_FRAMES 16

/*
 * The ZAP handler (27/ZAP): one request at a time on a REP socket, which strips the envelope, so the request is
 * version, request id, domain, address, identity, mechanism, credentials; the reply is version, request id, status
 * code, status text, user id, metadata. Refusals are reported on stderr, acceptances are silent. Ends when the
 * context terminates.
 */
static void *peer_zap_run(void *argument)
{
    struct peer_zap_policy *policy = argument;
    void *socket = policy->socket;
    for (;;) {
        zmq_msg_t frames[PEER_ZAP_MAX_FRAMES];
        int count = 0;
        int truncated = 0;
        int more = 1;
        while (more) {
            /* Frames beyond PEER_ZAP_MAX_FRAMES are received into `spare` and dropped; the request is refused. */
            zmq_msg_t spare;
            zmq_msg_t *frame = count < PEER_ZAP_MAX_FRAMES ? &frames[count] : &spare;
            zmq_msg_init(frame);
            if (zmq_msg_recv(frame, socket, 0) == -1) {
                int err = zmq_errno();
                zmq_msg_close(frame);
                if (err == EINTR) {
                    continue;
                }
                for (int i = 0; i < count; i++) {
                    zmq_msg_close(&frames[i]);
                }
                zmq_close(socket);
                if (err == ETERM) {
                    return NULL;
                }
                peer_fail(EXIT_ZMQ_ERROR, "ZAP handler: receiving a request failed: %s", zmq_strerror(err));
            }
            more = zmq_msg_more(frame);
            if (frame == &spare) {
                zmq_msg_close(&spare);
                truncated = 1;
            } else {
                count++;
            }
        }

        const char *status = "400";
        const char *text = "refused";
        const char *user_id = "";
        char reason[200] = "";
        if (truncated || count < 6 || !peer_frame_equals(&frames[0], "1.0", 3)) {
            status = "500";
            text = "malformed ZAP request";
            snprintf(reason, sizeof reason, "a malformed ZAP request of %d%s frames", count, truncated ? "+" : "");
        } else if (!peer_frame_equals(&frames[5], policy->mechanism, strlen(policy->mechanism))) {
            snprintf(reason, sizeof reason, "a ZAP request for mechanism '%.*s' (expected %s)",
                     (int) (zmq_msg_size(&frames[5]) > 20 ? 20 : zmq_msg_size(&frames[5])),
                     (const char *) zmq_msg_data(&frames[5]), policy->mechanism);
        } else if (strcmp(policy->mechanism, "PLAIN") == 0) {
            if (count == 8 && peer_frame_equals(&frames[6], policy->plain_user, strlen(policy->plain_user))
                && peer_frame_equals(&frames[7], policy->plain_password, strlen(policy->plain_password))) {
                status = "200";
                text = "OK";
                user_id = policy->plain_user;
            } else {
                text = "wrong user name or password";
                snprintf(reason, sizeof reason, "PLAIN user '%.*s' (wrong user name or password)",
                         count >= 7 ? (int) (zmq_msg_size(&frames[6]) > 64 ? 64 : zmq_msg_size(&frames[6])) : 0,
                         count >= 7 ? (const char *) zmq_msg_data(&frames[6]) : "");
            }
        } else {
            if (count == 7 && peer_frame_equals(&frames[6], policy->curve_allow, 32)) {
                status = "200";
                text = "OK";
            } else {
                char z85[41] = "(not a 32-octet key)";
                if (count == 7 && zmq_msg_size(&frames[6]) == 32) {
                    zmq_z85_encode(z85, zmq_msg_data(&frames[6]), 32);
                }
                text = "unknown client key";
                snprintf(reason, sizeof reason, "CURVE client key %s (not the --curve-allow key)", z85);
            }
        }
        if (strcmp(status, "200") != 0) {
            fprintf(stderr, "%s: ZAP handler refused %s with %s\n", peer_name, reason, status);
            fflush(stderr);
        }

        peer_zap_send(socket, "1.0", 3, 1);
        if (count >= 2) {
            peer_zap_send(socket, zmq_msg_data(&frames[1]), zmq_msg_size(&frames[1]), 1);
        } else {
            peer_zap_send(socket, "", 0, 1);
        }
        peer_zap_send(socket, status, 3, 1);
        peer_zap_send(socket, text, strlen(text), 1);
        peer_zap_send(socket, user_id, strlen(user_id), 1);
        peer_zap_send(socket, "", 0, 0);
        for (int i = 0; i < count; i++) {
            zmq_msg_close(&frames[i]);
        }
    }
}

/*
 * Binds the ZAP handler's REP socket before any socket of `context` handshakes (libzmq looks the endpoint up at
 * each handshake), then serves it on a thread of its own. The policy must live as long as the context.
 */
static void peer_start_zap_handler(void *context, struct peer_zap_policy *policy)
{
    policy->socket = zmq_socket(context, ZMQ_REP);
    if (policy->socket == NULL) {
        peer_check_zmq(-1, "zmq_socket(ZMQ_REP) for the ZAP handler");
    }
    int linger = 0;
    peer_check_zmq(zmq_setsockopt(policy->socket, ZMQ_LINGER, &linger, sizeof linger), "ZAP handler ZMQ_LINGER");
    peer_check_zmq(zmq_bind(policy->socket, "inproc://zeromq.zap.01"), "zmq_bind(inproc://zeromq.zap.01)");
    pthread_t thread;
    int rc = pthread_create(&thread, NULL, peer_zap_run, policy);
    if (rc != 0) {
        peer_fail(EXIT_ZMQ_ERROR, "starting the ZAP handler thread failed: %s", strerror(rc));
    }
    pthread_detach(thread);
}

/*
 * Configures the security mechanism of `socket` (in `context`) before it binds or connects, starting a ZAP handler
 * when the mechanism and options need one. Anything unknown is refused, so a typo never silently runs NULL.
 */
static void peer_apply_mechanism(void *context, void *socket, const struct peer_security *security, int as_server)
{
    static struct peer_zap_policy policy; /* lives as long as the process; one socket per peer */
    const char *mechanism = security->mechanism;
    const char *role = as_server ? "server" : "client";
    if (strcmp(mechanism, "null") == 0) {
        peer_refuse_option(security->plain_user, "--plain-user", mechanism, role);
        peer_refuse_option(security->plain_password, "--plain-password", mechanism, role);
        peer_refuse_option(security->curve_server_key, "--curve-server-key", mechanism, role);
        peer_refuse_option(security->curve_public_key, "--curve-public-key", mechanism, role);
        peer_refuse_option(security->curve_secret_key, "--curve-secret-key", mechanism, role);
        peer_refuse_option(security->curve_allow, "--curve-allow", mechanism, role);
        return; /* libzmq's default */
    }
    if (strcmp(mechanism, "plain") == 0) {
        peer_require_option(security->plain_user, "--plain-user", mechanism, role);
        peer_require_option(security->plain_password, "--plain-password", mechanism, role);
        peer_refuse_option(security->curve_server_key, "--curve-server-key", mechanism, role);
        peer_refuse_option(security->curve_public_key, "--curve-public-key", mechanism, role);
        peer_refuse_option(security->curve_secret_key, "--curve-secret-key", mechanism, role);
        peer_refuse_option(security->curve_allow, "--curve-allow", mechanism, role);
        if (strlen(security->plain_user) > 255 || strlen(security->plain_password) > 255) {
            peer_fail(EXIT_USAGE, "--plain-user and --plain-password are at most 255 octets");
        }
        if (as_server) {
            policy.mechanism = "PLAIN";
            policy.plain_user = security->plain_user;
            policy.plain_password = security->plain_password;
            peer_start_zap_handler(context, &policy);
            int on = 1;
            peer_check_zmq(zmq_setsockopt(socket, ZMQ_PLAIN_SERVER, &on, sizeof on), "ZMQ_PLAIN_SERVER");
        } else {
            peer_set_string(socket, ZMQ_PLAIN_USERNAME, security->plain_user, "ZMQ_PLAIN_USERNAME");
            peer_set_string(socket, ZMQ_PLAIN_PASSWORD, security->plain_password, "ZMQ_PLAIN_PASSWORD");
        }
        return;
    }
    if (strcmp(mechanism, "curve") == 0) {
        uint8_t key[32];
        peer_refuse_option(security->plain_user, "--plain-user", mechanism, role);
        peer_refuse_option(security->plain_password, "--plain-password", mechanism, role);
        peer_require_option(security->curve_secret_key, "--curve-secret-key", mechanism, role);
        peer_decode_key("--curve-secret-key", security->curve_secret_key, key);
        if (security->curve_public_key != NULL) {
            peer_decode_key("--curve-public-key", security->curve_public_key, key);
        }
        if (as_server) {
            peer_refuse_option(security->curve_server_key, "--curve-server-key", mechanism, role);
            if (security->curve_allow != NULL) {
                policy.mechanism = "CURVE";
                peer_decode_key("--curve-allow", security->curve_allow, policy.curve_allow);
                peer_start_zap_handler(context, &policy);
            }
            int on = 1;
            peer_check_zmq(zmq_setsockopt(socket, ZMQ_CURVE_SERVER, &on, sizeof on), "ZMQ_CURVE_SERVER");
        } else {
            peer_refuse_option(security->curve_allow, "--curve-allow", mechanism, role);
            peer_require_option(security->curve_server_key, "--curve-server-key", mechanism, role);
            peer_require_option(security->curve_public_key, "--curve-public-key", mechanism, role);
            peer_decode_key("--curve-server-key", security->curve_server_key, key);
            peer_set_string(socket, ZMQ_CURVE_SERVERKEY, security->curve_server_key, "ZMQ_CURVE_SERVERKEY");
        }
        if (security->curve_public_key != NULL) {
            peer_set_string(socket, ZMQ_CURVE_PUBLICKEY, security->curve_public_key, "ZMQ_CURVE_PUBLICKEY");
        }
        peer_set_string(socket, ZMQ_CURVE_SECRETKEY, security->curve_secret_key, "ZMQ_CURVE_SECRETKEY");
        return;
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
