/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 *
 * libzmq-with-drafts CLIENT/SERVER perf programs with the same arguments and output as io.zmtp.bench.Perf:
 *   zmq_perf thr-local|thr-remote|rthr-local|rthr-remote|lat-local|lat-remote|fanin-remote tcp://127.0.0.1:PORT
 *            SIZE COUNT [CLIENTS] [--mechanism null|curve] [--curve-server-key Z85]
 * rthr-* reverse thr-*: the SERVER (rthr-local) sends, the CLIENT (rthr-remote) receives, times and prints.
 * A local side given port * (tcp://127.0.0.1:*) binds a free port and prints "BOUND tcp://127.0.0.1:PORT" before
 * anything else, which is what run.sh hands the remote side. Both sides move an untimed warm-up of 10 % of COUNT first. The SERVER echo re-sends the received zmq_msg_t,
 * which keeps its routing id. With --mechanism curve (on both sides) every socket uses CURVE (libsodium) with
 * libzmq's test key pairs, as io.zmtp.bench.PerfSupport does; without a ZAP handler the SERVER accepts any client
 * key; --curve-server-key makes the CLIENT expect another server key (a wrong one must keep it out).
 *
 * Build: cc -O2 -DZMQ_BUILD_DRAFT_API -I$PREFIX/include zmq_perf.c -o zmq_perf \
 *          -L$PREFIX/lib -Wl,-rpath,$PREFIX/lib -lzmq -lpthread
 */
#include <zmq.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *endpoint;
static int size, count, clients = 100;
static void *ctx;

/* libzmq's CURVE test key pairs (doc/zmq_curve.adoc), the same in every implementation's perf program */
#define CURVE_SERVER_PUBLIC "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"
#define CURVE_SERVER_SECRET "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6"
#define CURVE_CLIENT_PUBLIC "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID"
#define CURVE_CLIENT_SECRET "D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs"
static int curve;
static const char *curve_server_key = CURVE_SERVER_PUBLIC;

static void die(const char *what) {
    fprintf(stderr, "%s: %s\n", what, zmq_strerror(zmq_errno()));
    exit(1);
}

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int warmup(int n) { return n / 10 > 0 ? n / 10 : 1; }

static void set_key(void *s, int option, const char *z85) {
    /* 41 bytes: a Z85 key with its terminating NUL */
    if (zmq_setsockopt(s, option, z85, strlen(z85) + 1) != 0) die("zmq_setsockopt (CURVE key)");
}

static void *socket_of(int type) {
    void *s = zmq_socket(ctx, type);
    if (!s) die("zmq_socket");
    if (curve && type == ZMQ_SERVER) {
        int on = 1;
        if (zmq_setsockopt(s, ZMQ_CURVE_SERVER, &on, sizeof on) != 0) die("zmq_setsockopt (ZMQ_CURVE_SERVER)");
        set_key(s, ZMQ_CURVE_SECRETKEY, CURVE_SERVER_SECRET);
    } else if (curve) {
        set_key(s, ZMQ_CURVE_SERVERKEY, curve_server_key);
        set_key(s, ZMQ_CURVE_PUBLICKEY, CURVE_CLIENT_PUBLIC);
        set_key(s, ZMQ_CURVE_SECRETKEY, CURVE_CLIENT_SECRET);
    }
    return s;
}

static void receive(void *s, int n) {
    zmq_msg_t msg;
    zmq_msg_init(&msg);
    for (int i = 0; i < n; i++) {
        if (zmq_msg_recv(&msg, s, 0) < 0) die("zmq_msg_recv");
        if ((int) zmq_msg_size(&msg) != size) { fprintf(stderr, "bad message size\n"); exit(1); }
    }
    zmq_msg_close(&msg);
}

static void print_throughput(double seconds) {
    double mps = count / seconds, mbps = mps * size / 1e6;
    printf("mechanism: %s\n", curve ? "CURVE" : "NULL");
    printf("message size: %d [B]\nmessage count: %d (after %d untimed warm-up messages)\n", size, count,
           warmup(count));
    printf("mean throughput: %.0f [msg/s]\nmean throughput: %.3f [MB/s]\n", mps, mbps);
    printf("RESULT kind=thr impl=libzmq size=%d count=%d seconds=%.6f msg_per_s=%.1f mb_per_s=%.3f\n", size, count,
           seconds, mps, mbps);
}

/* Binds the SERVER and prints the endpoint it is bound to (the port, when * was asked for), at once. */
static void bind_server(void *s) {
    if (zmq_bind(s, endpoint) != 0) die("zmq_bind");
    char bound[256];
    size_t len = sizeof bound;
    if (zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, bound, &len) != 0) die("zmq_getsockopt (ZMQ_LAST_ENDPOINT)");
    printf("BOUND %s\n", bound);
    fflush(stdout);
}

static void thr_local(void) {
    void *s = socket_of(ZMQ_SERVER);
    bind_server(s);
    receive(s, warmup(count));
    int64_t start = now_ns();
    receive(s, count);
    print_throughput((now_ns() - start) / 1e9);
    zmq_close(s);
}

static void send_n(void *s, int n) {
    for (int i = 0; i < n; i++) {
        zmq_msg_t msg;
        if (zmq_msg_init_size(&msg, size) != 0) die("zmq_msg_init_size");
        if (zmq_msg_send(&msg, s, 0) < 0) die("zmq_msg_send");
    }
}

static void thr_remote(void) {
    void *s = socket_of(ZMQ_CLIENT);
    if (zmq_connect(s, endpoint) != 0) die("zmq_connect");
    send_n(s, warmup(count) + count);
    zmq_close(s);
}

/* The SERVER sends: it learns the CLIENT's routing id from its first message, sends it warm-up + COUNT messages,
 * then waits for the CLIENT's last message, which says it has them all. */
static void rthr_local(void) {
    void *s = socket_of(ZMQ_SERVER);
    bind_server(s);
    zmq_msg_t msg;
    zmq_msg_init(&msg);
    if (zmq_msg_recv(&msg, s, 0) < 0) die("zmq_msg_recv");
    uint32_t peer = zmq_msg_routing_id(&msg);
    for (int i = 0; i < warmup(count) + count; i++) {
        zmq_msg_t out;
        if (zmq_msg_init_size(&out, size) != 0) die("zmq_msg_init_size");
        if (zmq_msg_set_routing_id(&out, peer) != 0) die("zmq_msg_set_routing_id");
        if (zmq_msg_send(&out, s, 0) < 0) die("zmq_msg_send");
    }
    if (zmq_msg_recv(&msg, s, 0) < 0) die("zmq_msg_recv");
    zmq_msg_close(&msg);
    zmq_close(s);
}

/* The CLIENT receives and times what rthr-local sends. */
static void rthr_remote(void) {
    void *s = socket_of(ZMQ_CLIENT);
    if (zmq_connect(s, endpoint) != 0) die("zmq_connect");
    if (zmq_send(s, "", 0, 0) < 0) die("zmq_send");
    receive(s, warmup(count));
    int64_t start = now_ns();
    receive(s, count);
    print_throughput((now_ns() - start) / 1e9);
    if (zmq_send(s, "", 0, 0) < 0) die("zmq_send");
    zmq_close(s);
}

static void lat_local(void) {
    void *s = socket_of(ZMQ_SERVER);
    bind_server(s);
    zmq_msg_t msg;
    zmq_msg_init(&msg);
    for (int i = 0; i < warmup(count) + count; i++) {
        if (zmq_msg_recv(&msg, s, 0) < 0) die("zmq_msg_recv");
        if (zmq_msg_send(&msg, s, 0) < 0) die("zmq_msg_send"); /* keeps the routing id */
    }
    zmq_msg_close(&msg);
    zmq_close(s);
}

static int cmp64(const void *a, const void *b) {
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return x < y ? -1 : x > y;
}

static void lat_remote(void) {
    void *s = socket_of(ZMQ_CLIENT);
    if (zmq_connect(s, endpoint) != 0) die("zmq_connect");
    int w = warmup(count);
    int64_t *rtt = malloc(sizeof(int64_t) * count);
    char *payload = calloc(1, size > 0 ? size : 1);
    zmq_msg_t reply;
    zmq_msg_init(&reply);
    double sum = 0;
    for (int i = 0; i < w + count; i++) {
        int64_t start = now_ns();
        if (zmq_send(s, payload, size, 0) < 0) die("zmq_send");
        if (zmq_msg_recv(&reply, s, 0) < 0) die("zmq_msg_recv");
        int64_t elapsed = now_ns() - start;
        if ((int) zmq_msg_size(&reply) != size) { fprintf(stderr, "bad reply size\n"); exit(1); }
        if (i >= w) { rtt[i - w] = elapsed; sum += elapsed; }
    }
    qsort(rtt, count, sizeof(int64_t), cmp64);
    /* nearest rank, as HdrHistogram's getValueAtPercentile */
    double p50 = rtt[(int) ((count * 50 + 99) / 100) - 1] / 1e3;
    double p99 = rtt[(int) (((long) count * 99 + 99) / 100) - 1] / 1e3;
    double max = rtt[count - 1] / 1e3, mean = sum / count / 1e3;
    printf("mechanism: %s\n", curve ? "CURVE" : "NULL");
    printf("message size: %d [B]\nroundtrip count: %d (after %d untimed warm-up round trips)\n", size, count, w);
    printf("RTT p50 %.1f p99 %.1f max %.1f mean %.1f [us]\n", p50, p99, max, mean);
    printf("RESULT kind=lat impl=libzmq size=%d count=%d p50_us=%.2f p99_us=%.2f max_us=%.2f mean_us=%.2f\n", size,
           count, p50, p99, max, mean);
    zmq_msg_close(&reply);
    free(rtt);
    free(payload);
    zmq_close(s);
}

static void *fanin_sender(void *arg) {
    int share = (int) (intptr_t) arg;
    void *s = socket_of(ZMQ_CLIENT);
    if (zmq_connect(s, endpoint) != 0) die("zmq_connect");
    send_n(s, share);
    zmq_close(s);
    return NULL;
}

static void fanin_remote(void) {
    int total = warmup(count) + count;
    pthread_t *threads = malloc(sizeof(pthread_t) * clients);
    for (int i = 0; i < clients; i++) {
        int share = total / clients + (i < total % clients ? 1 : 0);
        pthread_create(&threads[i], NULL, fanin_sender, (void *) (intptr_t) share);
    }
    for (int i = 0; i < clients; i++) pthread_join(threads[i], NULL);
    free(threads);
}

static int usage(const char *program) {
    fprintf(stderr, "usage: %s thr-local|thr-remote|rthr-local|rthr-remote|lat-local|lat-remote|fanin-remote "
                    "ENDPOINT SIZE COUNT "
                    "[CLIENTS] [--mechanism null|curve] [--curve-server-key Z85]\n", program);
    return 1;
}

int main(int argc, char **argv) {
    const char *positional[4];
    int npositional = 0, server_key_given = 0;
    for (int i = 2; i < argc; i++) {
        if (strncmp(argv[i], "--", 2) != 0) {
            if (npositional == 4) return usage(argv[0]);
            positional[npositional++] = argv[i];
        } else if (i + 1 == argc) {
            fprintf(stderr, "%s needs a value\n", argv[i]);
            return usage(argv[0]);
        } else if (!strcmp(argv[i], "--mechanism")) {
            const char *m = argv[++i];
            if (!strcmp(m, "curve")) curve = 1;
            else if (!strcmp(m, "null")) curve = 0;
            else { fprintf(stderr, "--mechanism %s (expected: null or curve)\n", m); return 1; }
        } else if (!strcmp(argv[i], "--curve-server-key")) {
            curve_server_key = argv[++i];
            server_key_given = 1;
            if (strlen(curve_server_key) != 40) {
                fprintf(stderr, "--curve-server-key: %zu characters (expected: 40 Z85)\n", strlen(curve_server_key));
                return 1;
            }
        } else {
            fprintf(stderr, "unknown option %s\n", argv[i]);
            return usage(argv[0]);
        }
    }
    if (argc < 2 || npositional < 3) return usage(argc > 0 ? argv[0] : "zmq_perf");
    if (server_key_given && !curve) { fprintf(stderr, "--curve-server-key needs --mechanism curve\n"); return 1; }
    if (curve && !zmq_has("curve")) {
        fprintf(stderr, "this libzmq was built without CURVE (zmq_has(\"curve\") is 0): build it with libsodium\n");
        return 1;
    }
    endpoint = positional[0];
    if (strncmp(endpoint, "tcp://127.0.0.1:", 16) != 0) {
        fprintf(stderr, "only tcp://127.0.0.1:PORT endpoints are allowed\n");
        return 1;
    }
    size = atoi(positional[1]);
    count = atoi(positional[2]);
    if (npositional > 3) clients = atoi(positional[3]);
    ctx = zmq_ctx_new();
    const char *mode = argv[1];
    if (!strcmp(mode, "thr-local")) thr_local();
    else if (!strcmp(mode, "thr-remote")) thr_remote();
    else if (!strcmp(mode, "rthr-local")) rthr_local();
    else if (!strcmp(mode, "rthr-remote")) rthr_remote();
    else if (!strcmp(mode, "lat-local")) lat_local();
    else if (!strcmp(mode, "lat-remote")) lat_remote();
    else if (!strcmp(mode, "fanin-remote")) fanin_remote();
    else { fprintf(stderr, "unknown mode %s\n", mode); return 1; }
    fflush(stdout);
    zmq_ctx_term(ctx);
    return 0;
}
