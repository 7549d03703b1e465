#define _GNU_SOURCE
#include "CSupervisor.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

enum { op_add = 1, op_remove = 2, max_groups = 16384 };

typedef struct record {
    int op;
    int pgid;
    int stop_signal;
    int grace_ms;
} record;

// Static storage: the watchdog is forked from a multi-threaded process and must not malloc.
// Each listed group with its own stop signal and grace period; a grace of -1: SIGKILL sent.
typedef struct group {
    pid_t pgid;
    int stop_signal;
    int grace_ms;
} group;
static group groups[max_groups];
static int group_count = 0;

static void sleep_ms(int ms) {
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {}
}

// Drops the groups that are empty now and reports whether any is left. A group seen empty once
// is never signalled again: its number may be given to an unrelated process meanwhile.
static int drop_empty_groups(void) {
    for (int i = 0; i < group_count;) {
        if (kill(-groups[i].pgid, 0) < 0 && errno == ESRCH) {
            groups[i] = groups[--group_count];
        } else {
            i++;
        }
    }
    return group_count > 0;
}

static void watchdog_main(int read_fd) {
    setsid();
    prctl(PR_SET_NAME, "supervisor-wd");
    struct sigaction ignore;
    memset(&ignore, 0, sizeof ignore);
    ignore.sa_handler = SIG_IGN;
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP || sig == SIGCHLD) continue;
        sigaction(sig, &ignore, NULL);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (;;) {
        record r;
        ssize_t n = read(read_fd, &r, sizeof r);
        if (n < 0 && errno == EINTR) continue;
        if (n != (ssize_t)sizeof r) break;  // end of file: the supervisor is gone
        if (r.op == op_add && group_count < max_groups) {
            groups[group_count++] = (group){.pgid = r.pgid, .stop_signal = r.stop_signal, .grace_ms = r.grace_ms};
        } else if (r.op == op_remove) {
            for (int i = 0; i < group_count; i++) {
                if (groups[i].pgid == r.pgid) {
                    groups[i] = groups[--group_count];
                    break;
                }
            }
        }
    }
    if (group_count == 0) _exit(0);
    if (!drop_empty_groups()) _exit(0);
    for (int i = 0; i < group_count; i++) kill(-groups[i].pgid, groups[i].stop_signal);
    // Each group's SIGKILL at its own grace; done when every group is gone or killed.
    for (int waited = 0;; waited += 10) {
        int waiting = 0;
        for (int i = 0; i < group_count; i++) {
            if (groups[i].grace_ms < 0) continue;
            if (waited >= groups[i].grace_ms) {
                kill(-groups[i].pgid, SIGKILL);
                groups[i].grace_ms = -1;
            } else {
                waiting = 1;
            }
        }
        if (!waiting || !drop_empty_groups()) break;
        sleep_ms(10);
    }
    _exit(0);
}

int fm_watchdog_start(pid_t *pid, int *write_fd) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0) return errno;
    // Block everything across fork so no supervisor handler runs in the watchdog.
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pid_t child = fork();
    if (child == 0) {
        close(fds[1]);
        // Keep only the read end: a stray copy of any other pipe would hold a reader open.
        for (int fd = 0; fd < 3; fd++) {
            int null_fd = open("/dev/null", O_RDWR);
            if (null_fd >= 0 && null_fd != fd) {
                dup2(null_fd, fd);
                close(null_fd);
            }
        }
        if (fds[0] > 3) syscall(SYS_close_range, 3U, (unsigned)fds[0] - 1, 0);
        syscall(SYS_close_range, (unsigned)fds[0] + 1, ~0U, 0);
        watchdog_main(fds[0]);
    }
    int error = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    close(fds[0]);
    if (child < 0) {
        close(fds[1]);
        return error;
    }
    *pid = child;
    *write_fd = fds[1];
    return 0;
}

static int send_record(int fd, int op, pid_t pgid, int stop_signal, int grace_ms) {
    record r = {.op = op, .pgid = pgid, .stop_signal = stop_signal, .grace_ms = grace_ms};
    ssize_t n;
    do {
        n = write(fd, &r, sizeof r);
    } while (n < 0 && errno == EINTR);
    return n == (ssize_t)sizeof r ? 0 : errno;
}

int fm_watchdog_add(int write_fd, pid_t pgid, int stop_signal, int grace_ms) {
    return send_record(write_fd, op_add, pgid, stop_signal, grace_ms);
}
int fm_watchdog_remove(int write_fd, pid_t pgid) { return send_record(write_fd, op_remove, pgid, 0, 0); }
