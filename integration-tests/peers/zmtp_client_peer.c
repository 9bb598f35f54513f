/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 *
 * A libzmq CLIENT (or, for negative tests, DEALER) that connects to one endpoint, sends --count single-part
 * messages whose sizes cycle through --sizes, filled with a deterministic pattern, and checks every echo byte for
 * byte and in order. Up to --window messages are in flight at once.
 *
 *   zmtp_client_peer --mechanism null --connect tcp://127.0.0.1:5555 [--count 1000]
 *                    [--sizes 0,1,255,256,65535,65536,1048576] [--seed 1] [--window 8] [--timeout-ms 10000]
 *                    [--socket-type client|dealer]
 *   with --mechanism plain:  --plain-user NAME --plain-password PW
 *   with --mechanism curve:  --curve-server-key Z85 --curve-public-key Z85 --curve-secret-key Z85
 *
 * Exit status: 0 every echo matched (one summary line on stdout); 2 bad arguments; 3 a send or an echo timed out;
 * 4 an echo differed; 1 any other libzmq error. The reason is on stderr.
 */
#include "zmtp_peer_common.h"

#define MAX_SIZES 64

static void usage(void)
{
    peer_fail(EXIT_USAGE, "usage: zmtp_client_peer --mechanism null|plain|curve --connect ENDPOINT [--count N] "
              "[--sizes S1,S2,...] [--seed N] [--window N] [--timeout-ms N] [--socket-type client|dealer] "
              PEER_SECURITY_USAGE);
}

static void send_message(void *socket, uint32_t seed, uint64_t k, size_t size)
{
    zmq_msg_t msg;
    peer_check_zmq(zmq_msg_init_size(&msg, size), "zmq_msg_init_size");
    uint8_t *data = zmq_msg_data(&msg);
    for (size_t i = 0; i < size; i++) {
        data[i] = peer_pattern_byte(seed, k, i);
    }
    if (zmq_msg_send(&msg, socket, 0) == -1) {
        int err = zmq_errno();
        zmq_msg_close(&msg);
        if (err == EAGAIN) {
            peer_fail(EXIT_TIMEOUT, "could not send message #%llu (%zu bytes) within the send timeout",
                      (unsigned long long) k, size);
        }
        peer_fail(EXIT_ZMQ_ERROR, "sending message #%llu (%zu bytes) failed: %s", (unsigned long long) k, size,
                  zmq_strerror(err));
    }
}

static void receive_echo(void *socket, uint32_t seed, uint64_t k, size_t size, long timeout_ms)
{
    zmq_msg_t msg;
    zmq_msg_init(&msg);
    if (zmq_msg_recv(&msg, socket, 0) == -1) {
        int err = zmq_errno();
        zmq_msg_close(&msg);
        if (err == EAGAIN) {
            peer_fail(EXIT_TIMEOUT, "no echo of message #%llu (%zu bytes) within %ld ms",
                      (unsigned long long) k, size, timeout_ms);
        }
        peer_fail(EXIT_ZMQ_ERROR, "receiving the echo of message #%llu failed: %s", (unsigned long long) k,
                  zmq_strerror(err));
    }
    if (zmq_msg_more(&msg)) {
        peer_fail(EXIT_MISMATCH, "the echo of message #%llu has more than one frame", (unsigned long long) k);
    }
    size_t got = zmq_msg_size(&msg);
    if (got != size) {
        peer_fail(EXIT_MISMATCH, "the echo of message #%llu has %zu bytes, expected %zu", (unsigned long long) k,
                  got, size);
    }
    const uint8_t *data = zmq_msg_data(&msg);
    for (size_t i = 0; i < size; i++) {
        uint8_t expected = peer_pattern_byte(seed, k, i);
        if (data[i] != expected) {
            peer_fail(EXIT_MISMATCH, "the echo of message #%llu (%zu bytes) differs at offset %zu: 0x%02x, "
                      "expected 0x%02x", (unsigned long long) k, size, i, data[i], expected);
        }
    }
    zmq_msg_close(&msg);
}

int main(int argc, char **argv)
{
    peer_name = "zmtp_client_peer";
    struct peer_security security = { 0 };
    const char *endpoint = NULL;
    const char *socket_type = "client";
    const char *sizes_arg = "0,1,255,256,65535,65536,1048576";
    long count = 1000, window = 8, timeout_ms = 10000, seed = 1;

    for (int a = 1; a < argc; a++) {
        const char *option = argv[a];
        if (a + 1 >= argc) {
            usage();
        }
        const char *value = argv[++a];
        if (peer_security_option(&security, option, value)) {
            continue;
        } else if (strcmp(option, "--connect") == 0) {
            endpoint = value;
        } else if (strcmp(option, "--count") == 0) {
            count = peer_parse_long(option, value, 0, 100000000L);
        } else if (strcmp(option, "--sizes") == 0) {
            sizes_arg = value;
        } else if (strcmp(option, "--seed") == 0) {
            seed = peer_parse_long(option, value, 0, 0x7fffffffL);
        } else if (strcmp(option, "--window") == 0) {
            window = peer_parse_long(option, value, 1, 1000);
        } else if (strcmp(option, "--timeout-ms") == 0) {
            timeout_ms = peer_parse_long(option, value, 1, 3600000L);
        } else if (strcmp(option, "--socket-type") == 0) {
            socket_type = value;
        } else {
            usage();
        }
    }
    if (security.mechanism == NULL || endpoint == NULL) {
        usage();
    }

    size_t sizes[MAX_SIZES];
    int size_count = 0;
    char *sizes_copy = strdup(sizes_arg);
    for (char *token = strtok(sizes_copy, ","); token != NULL; token = strtok(NULL, ",")) {
        if (size_count == MAX_SIZES) {
            peer_fail(EXIT_USAGE, "at most %d --sizes", MAX_SIZES);
        }
        sizes[size_count++] = (size_t) peer_parse_long("--sizes", token, 0, 256L * 1024 * 1024);
    }
    free(sizes_copy);
    if (size_count == 0) {
        peer_fail(EXIT_USAGE, "--sizes needs at least one size");
    }

    int type;
    if (strcmp(socket_type, "client") == 0) {
        type = ZMQ_CLIENT;
    } else if (strcmp(socket_type, "dealer") == 0) {
        type = ZMQ_DEALER; /* only for tests that expect a SERVER to refuse it */
    } else {
        peer_fail(EXIT_USAGE, "unknown --socket-type '%s' (expected client or dealer)", socket_type);
        return EXIT_USAGE;
    }

    void *context = zmq_ctx_new();
    void *socket = zmq_socket(context, type);
    if (socket == NULL) {
        peer_check_zmq(-1, "zmq_socket");
    }
    int linger = 0, timeout = (int) timeout_ms;
    peer_check_zmq(zmq_setsockopt(socket, ZMQ_LINGER, &linger, sizeof linger), "ZMQ_LINGER");
    peer_check_zmq(zmq_setsockopt(socket, ZMQ_RCVTIMEO, &timeout, sizeof timeout), "ZMQ_RCVTIMEO");
    peer_check_zmq(zmq_setsockopt(socket, ZMQ_SNDTIMEO, &timeout, sizeof timeout), "ZMQ_SNDTIMEO");
    peer_apply_mechanism(context, socket, &security, 0);
    peer_check_zmq(zmq_connect(socket, endpoint), "zmq_connect");

    /* Send up to `window` ahead of the echoes; echoes come back in order on the one connection. */
    uint64_t sent = 0, received = 0, bytes = 0;
    while (received < (uint64_t) count) {
        if (sent < (uint64_t) count && sent - received < (uint64_t) window) {
            send_message(socket, (uint32_t) seed, sent, sizes[sent % size_count]);
            sent++;
        } else {
            size_t size = sizes[received % size_count];
            receive_echo(socket, (uint32_t) seed, received, size, timeout_ms);
            bytes += size;
            received++;
        }
    }
    printf("ok: %llu messages, %llu bytes echoed byte for byte\n", (unsigned long long) received,
           (unsigned long long) bytes);
    fflush(stdout);
    zmq_close(socket);
    zmq_ctx_term(context);
    return EXIT_OK;
}
