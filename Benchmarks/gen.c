/*
 * gen.c - output generator for Benchmarks/throughput.sh.
 *
 *   gen ID COUNT
 *
 * Writes COUNT lines of exactly 100 bytes (99 characters + "\n") to stdout:
 *
 *   ~BM<ID>:<SEQ, 6 digits>:<87 filler characters that depend on SEQ>\n
 *
 * then keeps running (like a server that has finished its start-up chatter)
 * until nobody can read its stdout any more (the pipe's read end is closed,
 * e.g. because the supervisor died), it gets a signal, or MAX_LIFETIME
 * seconds have passed, whichever comes first.
 *
 * Lines are written 40 at a time (4,000 bytes <= PIPE_BUF), so each write to
 * a pipe is atomic and several generators may share one pipe without their
 * lines interleaving (the "raw pipes" row does that).
 *
 * bench-reader.c knows the same format and checks every line it receives.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LINE_LEN 100
#define HEAD_LEN 12 /* "~BM" + id + ":" + 6 digits + ":" */
#define FILL_LEN (LINE_LEN - 1 - HEAD_LEN)
#define LINES_PER_WRITE 40
#define MAX_LIFETIME 900

static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
#define ALPHA_LEN ((int)(sizeof alphabet - 1))

static int write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: gen ID COUNT   (ID: 1-9)\n");
        return 2;
    }
    int id = atoi(argv[1]);
    long count = atol(argv[2]);
    if (id < 1 || id > 9 || count < 0 || count > 999999) {
        fprintf(stderr, "gen: ID must be 1-9 and COUNT 0-999999\n");
        return 2;
    }

    /* filler for line SEQ is ring[SEQ % ALPHA_LEN ...][0..FILL_LEN) */
    char ring[ALPHA_LEN + FILL_LEN];
    for (int i = 0; i < ALPHA_LEN + FILL_LEN; i++) ring[i] = alphabet[i % ALPHA_LEN];

    static char buf[LINES_PER_WRITE * LINE_LEN];
    long seq = 0;
    while (seq < count) {
        int k = 0;
        for (; k < LINES_PER_WRITE && seq < count; k++, seq++) {
            char *l = buf + k * LINE_LEN;
            l[0] = '~'; l[1] = 'B'; l[2] = 'M'; l[3] = (char)('0' + id); l[4] = ':';
            long s = seq;
            for (int d = 10; d >= 5; d--) { l[d] = (char)('0' + s % 10); s /= 10; }
            l[11] = ':';
            memcpy(l + HEAD_LEN, ring + seq % ALPHA_LEN, FILL_LEN);
            l[LINE_LEN - 1] = '\n';
        }
        if (write_all(1, buf, (size_t)k * LINE_LEN) != 0) return 1; /* EPIPE etc. */
    }

    /* Keep running.  With events = 0, poll still reports POLLERR/POLLHUP on
     * stdout once its reader is gone, so an orphaned generator ends itself. */
    time_t deadline = time(NULL) + MAX_LIFETIME;
    struct pollfd p = { .fd = 1, .events = 0 };
    while (time(NULL) < deadline) {
        int r = poll(&p, 1, 1000);
        if (r > 0 && (p.revents & (POLLERR | POLLHUP | POLLNVAL))) break;
        if (r < 0 && errno != EINTR) sleep(1);
    }
    return 0;
}
