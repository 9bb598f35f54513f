/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 *
 * libzmq-with-drafts CLIENT/SERVER perf programs with the same arguments and output as io.zmtp.bench.Perf:
 *   zmq_perf thr-local|thr-remote|lat-local|lat-remote|fanin-remote tcp://127.0.0.1:PORT SIZE COUNT [CLIENTS]
 * Both sides move an untimed warm-up of 10 % of COUNT first. The SERVER echo re-sends the received zmq_msg_t,
 * which keeps its routing id.
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

static void *socket_of(int type) {
    void *s = zmq_socket(ctx, type);
    if (!s) die("zmq_socket");
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

static void thr_local(void) {
    void *s = socket_of(ZMQ_SERVER);
    if (zmq_bind(s, endpoint) != 0) die("zmq_bind");
    receive(s, warmup(count));
    int64_t start = now_ns();
    receive(s, count);
    double seconds = (now_ns() - start) / 1e9;
    double mps = count / seconds, mbps = mps * size / 1e6;
    printf("message size: %d [B]\nmessage count: %d (after %d untimed warm-up messages)\n", size, count,
           warmup(count));
    printf("mean throughput: %.0f [msg/s]\nmean throughput: %.3f [MB/s]\n", mps, mbps);
    printf("RESULT kind=thr impl=libzmq size=%d count=%d seconds=%.6f msg_per_s=%.1f mb_per_s=%.3f\n", size, count,
           seconds, mps, mbps);
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

static void lat_local(void) {
    void *s = socket_of(ZMQ_SERVER);
    if (zmq_bind(s, endpoint) != 0) die("zmq_bind");
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

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: %s thr-local|thr-remote|lat-local|lat-remote|fanin-remote ENDPOINT SIZE COUNT "
                        "[CLIENTS]\n", argv[0]);
        return 1;
    }
    endpoint = argv[2];
    if (strncmp(endpoint, "tcp://127.0.0.1:", 16) != 0) {
        fprintf(stderr, "only tcp://127.0.0.1:PORT endpoints are allowed\n");
        return 1;
    }
    size = atoi(argv[3]);
    count = atoi(argv[4]);
    if (argc > 5) clients = atoi(argv[5]);
    ctx = zmq_ctx_new();
    const char *mode = argv[1];
    if (!strcmp(mode, "thr-local")) thr_local();
    else if (!strcmp(mode, "thr-remote")) thr_remote();
    else if (!strcmp(mode, "lat-local")) lat_local();
    else if (!strcmp(mode, "lat-remote")) lat_remote();
    else if (!strcmp(mode, "fanin-remote")) fanin_remote();
    else { fprintf(stderr, "unknown mode %s\n", mode); return 1; }
    fflush(stdout);
    zmq_ctx_term(ctx);
    return 0;
}
