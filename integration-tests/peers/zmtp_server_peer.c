/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 *
 * A libzmq SERVER that binds one endpoint, prints the endpoint it really bound (one line on stdout, so port 0 or
 * `*` can be used), then sends every message back to the peer it came from: the received zmq_msg_t keeps its
 * routing id, which addresses the reply. Runs until killed, or until it has echoed --count messages.
 *
 *   zmtp_server_peer --mechanism null --bind 'tcp://127.0.0.1:*' [--count 0]
 *   with --mechanism plain:  --plain-user NAME --plain-password PW   (the only credentials its ZAP handler accepts)
 *   with --mechanism curve:  --curve-secret-key Z85 [--curve-public-key Z85] [--curve-allow Z85]
 *                            (without --curve-allow: no ZAP handler, any client key is accepted)
 *
 * A ZAP handler reports each refusal on stderr ("ZAP handler refused ...").
 *
 * Exit status: 0 after --count echoes; 2 bad arguments; 1 a libzmq error. The reason is on stderr.
 */
#include "zmtp_peer_common.h"

static void usage(void)
{
    peer_fail(EXIT_USAGE, "usage: zmtp_server_peer --mechanism null|plain|curve --bind ENDPOINT [--count N] "
              PEER_SECURITY_USAGE);
}

int main(int argc, char **argv)
{
    peer_name = "zmtp_server_peer";
    struct peer_security security = { 0 };
    const char *endpoint = NULL;
    long count = 0; /* 0: echo until killed */

    for (int a = 1; a < argc; a++) {
        const char *option = argv[a];
        if (a + 1 >= argc) {
            usage();
        }
        const char *value = argv[++a];
        if (peer_security_option(&security, option, value)) {
            continue;
        } else if (strcmp(option, "--bind") == 0) {
            endpoint = value;
        } else if (strcmp(option, "--count") == 0) {
            count = peer_parse_long(option, value, 0, 100000000L);
        } else {
            usage();
        }
    }
    if (security.mechanism == NULL || endpoint == NULL) {
        usage();
    }

    void *context = zmq_ctx_new();
    void *socket = zmq_socket(context, ZMQ_SERVER);
    if (socket == NULL) {
        peer_check_zmq(-1, "zmq_socket");
    }
    int linger = 0;
    /* A reply that cannot be queued within 10 s means the peer is stuck; say so rather than hang. */
    int send_timeout = 10000;
    peer_check_zmq(zmq_setsockopt(socket, ZMQ_LINGER, &linger, sizeof linger), "ZMQ_LINGER");
    peer_check_zmq(zmq_setsockopt(socket, ZMQ_SNDTIMEO, &send_timeout, sizeof send_timeout), "ZMQ_SNDTIMEO");
    peer_apply_mechanism(context, socket, &security, 1);
    peer_check_zmq(zmq_bind(socket, endpoint), "zmq_bind");

    char bound[256];
    size_t bound_size = sizeof bound;
    peer_check_zmq(zmq_getsockopt(socket, ZMQ_LAST_ENDPOINT, bound, &bound_size), "ZMQ_LAST_ENDPOINT");
    printf("%s\n", bound);
    fflush(stdout);

    for (long echoed = 0; count == 0 || echoed < count; echoed++) {
        zmq_msg_t msg;
        zmq_msg_init(&msg);
        peer_check_zmq(zmq_msg_recv(&msg, socket, 0), "zmq_msg_recv");
        uint32_t routing_id = zmq_msg_routing_id(&msg);
        size_t size = zmq_msg_size(&msg);
        if (zmq_msg_send(&msg, socket, 0) == -1) {
            /* The peer may have left (EHOSTUNREACH): report it and keep serving the others. */
            fprintf(stderr, "%s: echo of a %zu-byte message to routing id %u failed: %s\n", peer_name, size,
                    routing_id, zmq_strerror(zmq_errno()));
            zmq_msg_close(&msg);
        }
    }
    zmq_close(socket);
    zmq_ctx_term(context);
    return EXIT_OK;
}
