/*
 * bench-run.c - runs one tool under Benchmarks/throughput.sh and reads its output.
 *
 *   bench-run [options] -- COMMAND [ARG...]
 *
 *   --expect N     marker lines to wait for (default 1000000)
 *   --timeout S    give up after S seconds without reaching N (default 120)
 *   --grace S      after SIGTERM, wait S seconds before SIGKILL (default 5)
 *   --gen PATH     the generator binary; any process still running it after the
 *                  tool has been stopped is killed (and counted as a leftover)
 *   --log FILE     write the tool's non-marker output (first 200 lines) here
 *   --group        send SIGTERM to the tool's whole process group, not just
 *                  the tool (for the "raw pipes" row, whose "tool" is a shell)
 *   --cleanup      only kill processes running --gen PATH, then exit
 *
 * COMMAND starts in a new process group with stdout and stderr on a pipe that
 * bench-run reads with large reads.  Timing starts just before fork().  Every
 * line containing the marker "~BM" is checked against the format written by
 * gen.c: exactly 99 characters from the marker to the newline, the expected
 * filler, and, per generator id, consecutive sequence numbers from 0 (so lost,
 * duplicated, reordered or mangled lines are all detected).  When N marker
 * lines have arrived, the time is taken and VmHWM (peak RSS) of the tool's
 * process is read from /proc/PID/status, before the tool is stopped.
 *
 * At the same moment it reads what the tool's process (all its threads) has
 * spent so far: CPU time in ns (summed over /proc/PID/task/TID/schedstat),
 * read and write system calls and their bytes (/proc/PID/io), and context
 * switches (/proc/PID/status), for Benchmarks/log-path.sh.
 *
 * Prints one line of key=value pairs on stdout, e.g.
 *   status=ok marker=1000000 ok=1000000 bad=0 lost=0 dup=0 other=12
 *   secs=0.8123 first=0.0031 hwm_kb=9120 tree_hwm_kb=9120 exit=term:15 ...
 *   cpu_ns=412000000 syscr=16000 syscw=4000 rchar=100000000 ...
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LINE_LEN 100
#define PAYLOAD_LEN (LINE_LEN - 1)
#define HEAD_LEN 12
#define FILL_LEN (LINE_LEN - 1 - HEAD_LEN)
#define MAX_IDS 10
#define BUF_SIZE (1 << 20)
#define MAX_LOG_LINES 200

static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
#define ALPHA_LEN ((int)(sizeof alphabet - 1))
static char ring[ALPHA_LEN + FILL_LEN];

static long expect_n = 1000000;
static double timeout_s = 120, grace_s = 5;
static const char *gen_path = NULL, *log_path = NULL;
static int group_term = 0;

/* counters */
static long n_marker, n_ok, n_bad, n_lost, n_dup, n_other, n_after;
static long next_seq[MAX_IDS];
static double t_first = -1, t_last = -1;
static char first_bad[160];
static FILE *logf;
static long log_lines;
static char first_other[200];

static volatile sig_atomic_t interrupted;
static void on_signal(int sig) { (void)sig; interrupted = 1; }

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void note_bad(const char *why, const char *p, size_t n) {
    n_bad++;
    if (first_bad[0]) return;
    char tmp[80];
    size_t m = n < 60 ? n : 60;
    for (size_t i = 0; i < m; i++) tmp[i] = isprint((unsigned char)p[i]) ? p[i] : '?';
    tmp[m] = 0;
    snprintf(first_bad, sizeof first_bad, "%s:[%s]", why, tmp);
}

/* One line without its '\n'.  Returns 1 if it was a marker line. */
static int check_line(const char *line, size_t len, double t, int counting) {
    const char *m = memmem(line, len, "~BM", 3);
    if (!m) {
        n_other++;
        if (!first_other[0] && len > 0) {
            size_t k = len < sizeof first_other - 1 ? len : sizeof first_other - 1;
            for (size_t i = 0; i < k; i++)
                first_other[i] = (line[i] == ' ' || isgraph((unsigned char)line[i])) ? line[i] : '?';
            first_other[k] = 0;
        }
        if (logf && log_lines < MAX_LOG_LINES) {
            fwrite(line, 1, len, logf);
            fputc('\n', logf);
            log_lines++;
        }
        return 0;
    }
    if (!counting) { n_after++; return 1; }
    n_marker++;
    if (t_first < 0) t_first = t;
    size_t plen = len - (size_t)(m - line);
    if (plen != PAYLOAD_LEN) { note_bad("length", m, plen); return 1; }
    int id = m[3] - '0';
    if (id < 1 || id >= MAX_IDS || m[4] != ':' || m[11] != ':') { note_bad("header", m, plen); return 1; }
    long seq = 0;
    for (int d = 5; d <= 10; d++) {
        if (m[d] < '0' || m[d] > '9') { note_bad("seq", m, plen); return 1; }
        seq = seq * 10 + (m[d] - '0');
    }
    if (memcmp(m + HEAD_LEN, ring + seq % ALPHA_LEN, FILL_LEN) != 0) {
        note_bad("content", m, plen);
        if (seq >= next_seq[id]) { n_lost += seq - next_seq[id]; next_seq[id] = seq + 1; }
        return 1;
    }
    if (seq == next_seq[id]) {
        n_ok++;
        next_seq[id] = seq + 1;
    } else if (seq > next_seq[id]) {
        n_lost += seq - next_seq[id];
        n_ok++;
        note_bad("gap", m, plen);
        n_bad--; /* the line itself is fine; the gap is counted as lost */
        next_seq[id] = seq + 1;
    } else {
        n_dup++;
        note_bad("dup/reorder", m, plen);
    }
    return 1;
}

static long read_kb(pid_t pid, const char *key) {
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    long v = -1;
    size_t kl = strlen(key);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, kl) == 0 && line[kl] == ':') { v = atol(line + kl + 1); break; }
    fclose(f);
    return v;
}

static int exe_of(pid_t pid, char *exe, size_t size) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/exe", (int)pid);
    ssize_t n = readlink(path, exe, size - 1);
    if (n < 0) return -1;
    exe[n] = 0;
    return 0;
}

static int is_gen(pid_t pid) {
    char exe[PATH_MAX];
    return gen_path && exe_of(pid, exe, sizeof exe) == 0 && strcmp(exe, gen_path) == 0;
}

/* What the tool's process has spent so far (-1 where unreadable). */
struct usage {
    long long cpu_ns, syscr, syscw, rchar, wchar, vcsw, ivcsw;
};

static long long read_io(pid_t pid, const char *key) {
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/io", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    long long v = -1;
    size_t kl = strlen(key);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, kl) == 0 && line[kl] == ':') { v = atoll(line + kl + 1); break; }
    fclose(f);
    return v;
}

/* CPU time of every live thread, in ns: schedstat's first field is the time on a CPU. */
static long long cpu_ns_of(pid_t pid) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
    DIR *d = opendir(path);
    if (!d) return -1;
    long long sum = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!isdigit((unsigned char)e->d_name[0])) continue;
        char stat_path[320];
        snprintf(stat_path, sizeof stat_path, "/proc/%d/task/%s/schedstat", (int)pid, e->d_name);
        FILE *f = fopen(stat_path, "r");
        if (!f) continue;
        long long ns = 0;
        if (fscanf(f, "%lld", &ns) == 1) sum += ns;
        fclose(f);
    }
    closedir(d);
    return sum;
}

static struct usage usage_of(pid_t pid) {
    struct usage u;
    u.cpu_ns = cpu_ns_of(pid);
    u.syscr = read_io(pid, "syscr");
    u.syscw = read_io(pid, "syscw");
    u.rchar = read_io(pid, "rchar");
    u.wchar = read_io(pid, "wchar");
    u.vcsw = read_kb(pid, "voluntary_ctxt_switches");
    u.ivcsw = read_kb(pid, "nonvoluntary_ctxt_switches");
    return u;
}

static pid_t ppid_of(pid_t pid) {
    long v = read_kb(pid, "PPid");
    return (pid_t)v;
}

/* Sum of VmHWM over the tool and those of its descendants that run the same
 * executable: the tool's own helper processes (honcho forks one Python
 * process per process type; a supervisor may fork a watchdog), but not the
 * children's /bin/sh wrappers or the generators. */
static long tree_hwm(pid_t root) {
    char root_exe[PATH_MAX], exe[PATH_MAX];
    if (exe_of(root, root_exe, sizeof root_exe) != 0) return -1;
    DIR *d = opendir("/proc");
    if (!d) return -1;
    long sum = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!isdigit((unsigned char)e->d_name[0])) continue;
        pid_t p = (pid_t)atoi(e->d_name);
        int desc = 0;
        for (pid_t q = p; q > 1; q = ppid_of(q)) {
            if (q == root) { desc = 1; break; }
        }
        if (!desc || exe_of(p, exe, sizeof exe) != 0 || strcmp(exe, root_exe) != 0) continue;
        long h = read_kb(p, "VmHWM");
        if (h > 0) sum += h;
    }
    closedir(d);
    return sum;
}

/* Kill every process whose executable is gen_path; returns how many. */
static int kill_gens(void) {
    if (!gen_path) return 0;
    DIR *d = opendir("/proc");
    if (!d) return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!isdigit((unsigned char)e->d_name[0])) continue;
        pid_t p = (pid_t)atoi(e->d_name);
        if (is_gen(p)) {
            /* a zombie's exe link is gone already, so this is a live one */
            if (kill(p, SIGKILL) == 0) n++;
        }
    }
    closedir(d);
    return n;
}

static double arg_d(const char *s) { return strtod(s, NULL); }

int main(int argc, char **argv) {
    int cleanup_only = 0, i = 1;
    for (; i < argc; i++) {
        if (!strcmp(argv[i], "--")) { i++; break; }
        else if (!strcmp(argv[i], "--expect") && i + 1 < argc) expect_n = atol(argv[++i]);
        else if (!strcmp(argv[i], "--timeout") && i + 1 < argc) timeout_s = arg_d(argv[++i]);
        else if (!strcmp(argv[i], "--grace") && i + 1 < argc) grace_s = arg_d(argv[++i]);
        else if (!strcmp(argv[i], "--gen") && i + 1 < argc) gen_path = argv[++i];
        else if (!strcmp(argv[i], "--log") && i + 1 < argc) log_path = argv[++i];
        else if (!strcmp(argv[i], "--group")) group_term = 1;
        else if (!strcmp(argv[i], "--cleanup")) cleanup_only = 1;
        else { fprintf(stderr, "bench-run: bad argument %s\n", argv[i]); return 2; }
    }
    if (cleanup_only) {
        int k = kill_gens();
        printf("killed=%d\n", k);
        return 0;
    }
    if (i >= argc) { fprintf(stderr, "usage: bench-run [options] -- COMMAND...\n"); return 2; }

    for (int k = 0; k < ALPHA_LEN + FILL_LEN; k++) ring[k] = alphabet[k % ALPHA_LEN];
    if (log_path) logf = fopen(log_path, "w");
    signal(SIGPIPE, SIG_IGN);
    /* Ctrl-C / kill of the script: stop the tool (it is in its own process
     * group, so it does not get the terminal's SIGINT) and clean up. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);

    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) { perror("pipe"); return 2; }
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0) { perror("fork"); return 2; }
    if (pid == 0) {
        setpgid(0, 0);
        dup2(fds[1], 1);
        dup2(fds[1], 2);
        int null = open("/dev/null", O_RDONLY);
        if (null >= 0) { dup2(null, 0); close(null); }
        signal(SIGPIPE, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        execvp(argv[i], argv + i);
        fprintf(stderr, "bench-run: cannot run %s: %s\n", argv[i], strerror(errno));
        _exit(127);
    }
    setpgid(pid, pid);
    close(fds[1]);
    int rfd = fds[0];

    static char buf[BUF_SIZE];
    size_t have = 0;
    int eof = 0, done = 0, timed_out = 0;
    long hwm = -1, thwm = -1;
    struct usage used = { -1, -1, -1, -1, -1, -1, -1 };
    double deadline = t0 + timeout_s;

    /* phase 1: read until expect_n marker lines, EOF or timeout */
    while (!done && !eof) {
        if (interrupted) break;
        double left = deadline - now();
        if (left <= 0) { timed_out = 1; break; }
        struct pollfd p = { .fd = rfd, .events = POLLIN };
        int r = poll(&p, 1, (int)(left * 1000) + 1);
        if (r < 0) { if (errno == EINTR) continue; break; }
        if (r == 0) continue;
        ssize_t n = read(rfd, buf + have, BUF_SIZE - have);
        if (n < 0) { if (errno == EINTR || errno == EAGAIN) continue; eof = 1; break; }
        if (n == 0) { eof = 1; break; }
        double t = now();
        have += (size_t)n;
        size_t start = 0;
        char *nl;
        while (!done && (nl = memchr(buf + start, '\n', have - start))) {
            size_t len = (size_t)(nl - (buf + start));
            check_line(buf + start, len, t, 1);
            start += len + 1;
            if (n_marker + n_lost >= expect_n) { done = 1; t_last = t; }
        }
        if (done) {
            /* anything already read after the last expected line */
            while ((nl = memchr(buf + start, '\n', have - start))) {
                size_t len = (size_t)(nl - (buf + start));
                check_line(buf + start, len, t, 0);
                start += len + 1;
            }
        }
        memmove(buf, buf + start, have - start);
        have -= start;
        if (have == BUF_SIZE) { check_line(buf, have, t, 1); have = 0; } /* absurdly long line */
    }
    if (done) {
        used = usage_of(pid);
        hwm = read_kb(pid, "VmHWM");
        thwm = tree_hwm(pid);
    }
    if (eof && have > 0) check_line(buf, have, now(), !done);

    /* phase 2: stop the tool, keep draining so it never blocks on our pipe */
    int status = 0, reaped = 0, killed = 0;
    pid_t w = waitpid(pid, &status, WNOHANG);
    if (w == pid) reaped = 1;
    double t_stop = now();
    if (!reaped) kill(group_term ? -pid : pid, SIGTERM);
    int flags = fcntl(rfd, F_GETFL);
    fcntl(rfd, F_SETFL, flags | O_NONBLOCK);
    double stop_deadline = t_stop + grace_s;
    double exit_secs = -1;
    for (;;) {
        if (!reaped && waitpid(pid, &status, WNOHANG) == pid) { reaped = 1; exit_secs = now() - t_stop; }
        if (!eof) {
            ssize_t n;
            while ((n = read(rfd, buf + have, BUF_SIZE - have)) > 0) {
                have += (size_t)n;
                size_t start = 0;
                char *nl;
                while ((nl = memchr(buf + start, '\n', have - start))) {
                    size_t len = (size_t)(nl - (buf + start));
                    check_line(buf + start, len, now(), !done);
                    start += len + 1;
                }
                memmove(buf, buf + start, have - start);
                have -= start;
                if (have == BUF_SIZE) have = 0;
            }
            if (n == 0) eof = 1;
        }
        if (reaped && (eof || now() > stop_deadline + 1)) break;
        if (!reaped && now() > stop_deadline && !killed) {
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            killed = 1;
            stop_deadline = now(); /* one more second to drain, then give up */
        }
        if (killed && now() > stop_deadline + 2) break;
        struct pollfd p = { .fd = rfd, .events = POLLIN };
        poll(&p, eof ? 0 : 1, 20);
        if (eof) usleep(20000);
    }
    if (!reaped) { kill(pid, SIGKILL); waitpid(pid, &status, 0); }
    kill(-pid, SIGKILL); /* anything left in the tool's process group */
    usleep(50000);
    int leftovers = kill_gens();
    if (leftovers) { usleep(100000); kill_gens(); }
    if (logf) fclose(logf);

    char exitdesc[32];
    if (WIFEXITED(status)) snprintf(exitdesc, sizeof exitdesc, "code:%d", WEXITSTATUS(status));
    else if (WIFSIGNALED(status)) snprintf(exitdesc, sizeof exitdesc, "signal:%d", WTERMSIG(status));
    else snprintf(exitdesc, sizeof exitdesc, "unknown");

    const char *st = done ? "ok" : timed_out ? "timeout" : interrupted ? "interrupted" : "eof";
    double secs = done ? t_last - t0 : now() - t0;
    /* first_other/first_bad may contain spaces: they go last, after "|" */
    printf("status=%s marker=%ld ok=%ld bad=%ld lost=%ld dup=%ld after=%ld other=%ld "
           "secs=%.4f first=%.4f hwm_kb=%ld tree_hwm_kb=%ld exit=%s exit_secs=%.2f "
           "sigkill=%d leftovers=%d cpu_ns=%lld syscr=%lld syscw=%lld rchar=%lld wchar=%lld "
           "vcsw=%lld ivcsw=%lld |%s|%s\n",
           st, n_marker, n_ok, n_bad, n_lost, n_dup, n_after, n_other,
           secs, t_first < 0 ? -1.0 : t_first - t0, hwm, thwm, exitdesc, exit_secs,
           killed, leftovers, used.cpu_ns, used.syscr, used.syscw, used.rchar, used.wchar,
           used.vcsw, used.ivcsw, first_bad, first_other);
    return 0;
}
