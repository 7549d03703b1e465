/*
 * soakgen.c - the soak's line writer (Benchmarks/soak.sh, Benchmarks/soak/soak.py).
 *
 *   soakgen PROGRESS_DIR [noeol]
 *
 * Writes sequence-numbered records on stdout and stderr in bursts, as fast as write(2) takes
 * them, then sleeps a little, until it is killed or decides to exit (about one burst in 400,
 * with a random status). A record is
 *
 *   SQ <run> <o|e> <seq> <payload>\n
 *
 * where <run> is PS, pid and start time (unique across restarts and pid reuse) and <seq>
 * counts from 1 per stream. One line in 400 has a 40,000-byte payload (past the supervisor's
 * 32 KiB --max-line-bytes: it arrives in cut pieces, the first holding the header). With
 * "noeol" a burst may write records without a newline between them (they arrive as one
 * line with several headers, kept under 32 KiB) and a run may exit in the middle of a line.
 *
 * After each burst the last sequence number written to each stream goes to
 * PROGRESS_DIR/<run> ("<o> <e>\n"), so the driver knows a floor of what was written even when
 * the run is killed with SIGKILL. SIGUSR1, SIGUSR2 and SIGHUP are counted (the soak sends
 * them); SIGTERM ends the run.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t signals_seen = 0;
static void on_signal(int sig) { (void)sig; signals_seen++; }

static unsigned long long state;
static unsigned next_random(void) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return (unsigned)(state >> 16);
}

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

static char big[40100];

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: soakgen PROGRESS_DIR [noeol]\n");
        return 2;
    }
    int noeol = argc > 2 && strcmp(argv[2], "noeol") == 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    const char *ps = getenv("PS");
    char run[128];
    snprintf(run, sizeof run, "%s-%d-%lld%09ld", ps ? ps : "x", (int)getpid(), (long long)now.tv_sec, now.tv_nsec);
    state = ((unsigned long long)getpid() << 32) ^ (unsigned long long)now.tv_nsec ^ 0x9E3779B97F4A7C15ULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", argv[1], run);
    int progress = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    for (size_t i = 0; i < sizeof big; i++) big[i] = (char)('a' + i % 26);
    long seq[2] = {0, 0};
    char line[512];
    for (;;) {
        int count = 1 + (int)(next_random() % 120);
        size_t pending = 0; /* bytes written on stdout since its last newline (noeol) */
        for (int i = 0; i < count; i++) {
            int stream = next_random() % 5 == 0 ? 1 : 0;
            int fd = stream ? 2 : 1;
            long n = ++seq[stream];
            int head = snprintf(line, sizeof line, "SQ %s %c %ld ", run, stream ? 'e' : 'o', n);
            int payload = 8 + (int)(next_random() % 150);
            for (int k = 0; k < payload; k++) line[head + k] = (char)('A' + (n + k) % 26);
            int len = head + payload;
            int newline = 1;
            if (noeol && stream == 0 && next_random() % 3 == 0 && pending + (size_t)len < 16000) newline = 0;
            if (newline) line[len++] = '\n';
            if (!noeol && next_random() % 400 == 0) {
                /* A long line: header, then 40,000 bytes, then the newline. */
                if (write_all(fd, line, (size_t)(head)) < 0) return 0;
                big[40000] = '\n';
                if (write_all(fd, big, 40001) < 0) return 0;
                continue;
            }
            if (write_all(fd, line, (size_t)len) < 0) return 0;
            if (stream == 0) pending = newline ? 0 : pending + (size_t)len;
        }
        if (progress >= 0) {
            int l = snprintf(line, sizeof line, "%ld %ld\n", seq[0], seq[1]);
            (void)pwrite(progress, line, (size_t)l, 0);
        }
        if (next_random() % 400 == 0) {
            if (noeol) {
                long n = ++seq[0];
                int l = snprintf(line, sizeof line, "SQ %s o %ld unterminated", run, n);
                if (write_all(1, line, (size_t)l) == 0 && progress >= 0) {
                    l = snprintf(line, sizeof line, "%ld %ld\n", seq[0], seq[1]);
                    (void)pwrite(progress, line, (size_t)l, 0);
                }
            }
            return (int)(next_random() % 4);
        }
        if (pending > 0) {
            if (write_all(1, "\n", 1) < 0) return 0;
        }
        struct timespec pause = {0, (long)(20 + next_random() % 400) * 1000000L};
        nanosleep(&pause, NULL);
    }
}
