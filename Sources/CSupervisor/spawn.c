#define _GNU_SOURCE
#include "CSupervisor.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

// One request at a time travels from the caller to the spawner thread and back.
typedef struct request {
    const fm_spawn_options *options;
    pid_t pid;
    int error;
    const char *call;
    int done;
} request;

// The steps of a child between fork and exec, by the system call that can fail in each; the
// child sends its step's index with the errno (pointers mean nothing across fork's copy).
enum step { STEP_SETSID, STEP_SETPGID, STEP_PRCTL, STEP_TCSETPGRP, STEP_DUP2, STEP_CHDIR, STEP_EXECVE, STEP_COUNT };
static const char *const step_calls[STEP_COUNT] = {"setsid", "setpgid", "prctl", "tcsetpgrp", "dup2", "chdir", "execve"};

typedef struct child_failure {
    int error;
    int step;
} child_failure;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static pthread_mutex_t callers = PTHREAD_MUTEX_INITIALIZER;
static request *pending = NULL;
static int started = 0;
static int watchdog_fd = -1;  // guarded by `lock`

void fm_spawner_set_watchdog(int write_fd) {
    pthread_mutex_lock(&lock);
    watchdog_fd = write_fd;
    pthread_mutex_unlock(&lock);
}

static void fail(int fd, enum step step, int error) {
    child_failure failure = {error, step};
    ssize_t ignored = write(fd, &failure, sizeof failure);
    (void)ignored;
    _exit(127);
}

/// Marks every descriptor from `from` on close-on-exec; the child keeps only 0, 1, 2.
static void cloexec_from(int from) {
    if (syscall(SYS_close_range, (unsigned)from, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return;
    long max = sysconf(_SC_OPEN_MAX);
    if (max < 0 || max > 65536) max = 65536;
    for (int fd = from; fd < max; fd++) fcntl(fd, F_SETFD, FD_CLOEXEC);
}

/// Every disposition back to SIG_DFL. glibc's sigaction refuses the two signals it reserves
/// (32 and 33), yet an ignored one would still survive exec: those go through the raw syscall.
static void reset_signal_dispositions(void) {
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP) continue;
        if (sigaction(sig, &dfl, NULL) == 0) continue;
        struct {
            void *handler;
            unsigned long flags;
            void *restorer;
            unsigned long mask;
        } kernel_action = {SIG_DFL, 0, NULL, 0};
        syscall(SYS_rt_sigaction, sig, &kernel_action, NULL, sizeof kernel_action.mask);
    }
}

/// Writes `value` in decimal and a NUL at `out` (room for 20 bytes): async-signal-safe.
static void write_decimal(char *out, long value) {
    char digits[20];
    int count = 0;
    do {
        digits[count++] = (char)('0' + value % 10);
        value /= 10;
    } while (value > 0 && count < 19);
    for (int i = 0; i < count; i++) out[i] = digits[count - 1 - i];
    out[count] = '\0';
}

/// Runs in the child between fork and exec: async-signal-safe calls only.
static void child(const fm_spawn_options *o, pid_t parent, int error_fd, int gate_fd) {
    // Wait until the parent has listed our group with the watchdog; end of file instead of
    // its byte means the supervisor died first (signals are blocked: no EINTR here).
    if (gate_fd >= 0) {
        char go;
        if (read(gate_fd, &go, 1) != 1) _exit(1);
        close(gate_fd);
    }
    if (o->new_session) {
        if (setsid() < 0) fail(error_fd, STEP_SETSID, errno);
    } else if (setpgid(0, 0) < 0) {
        fail(error_fd, STEP_SETPGID, errno);
    }
    if (o->pdeathsig > 0) {
        if (prctl(PR_SET_PDEATHSIG, o->pdeathsig) < 0) fail(error_fd, STEP_PRCTL, errno);
        // The supervisor may have died before prctl: then nobody would signal us.
        if (getppid() != parent) _exit(1);
    }
    if (o->foreground_tty >= 0) {
        // Signals are all blocked here (inherited from the spawner thread), so SIGTTOU cannot stop us.
        if (tcsetpgrp(o->foreground_tty, getpid()) < 0 && errno != ENOTTY) fail(error_fd, STEP_TCSETPGRP, errno);
    }
    int fds[3] = {o->stdin_fd, o->stdout_fd, o->stderr_fd};
    for (int target = 0; target < 3; target++) {
        if (fds[target] == target) {
            int flags = fcntl(target, F_GETFD);
            if (flags >= 0) fcntl(target, F_SETFD, flags & ~FD_CLOEXEC);
        } else if (dup2(fds[target], target) < 0) {
            fail(error_fd, STEP_DUP2, errno);
        }
    }
    if (o->listen_fd >= 0) {
        // sd_listen_fds(3): the socket is fd 3, inheritable, and LISTEN_PID names this process,
        // which only exists now: its digits are written into the prepared environment block.
        if (o->listen_fd == 3) {
            int flags = fcntl(3, F_GETFD);
            if (flags >= 0) fcntl(3, F_SETFD, flags & ~FD_CLOEXEC);
        } else if (dup2(o->listen_fd, 3) < 0) {
            fail(error_fd, STEP_DUP2, errno);
        }
        if (o->listen_pid_digits) write_decimal(o->listen_pid_digits, getpid());
        cloexec_from(4);
    } else {
        cloexec_from(3);
    }
    // Handlers do not survive exec but ignored signals do; and the mask survives too.
    reset_signal_dispositions();
    if (o->cwd && chdir(o->cwd) < 0) fail(error_fd, STEP_CHDIR, errno);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execve(o->path, o->argv, o->envp);
    fail(error_fd, STEP_EXECVE, errno);
}

static void perform(request *r, int watchdog) {
    int pipefd[2];
    if (pipe2(pipefd, O_CLOEXEC) < 0) {
        r->error = errno;
        r->call = "pipe2";
        r->pid = -1;
        return;
    }
    // A watched child waits at a gate until its group is listed, so that nothing it runs can
    // fork before the watchdog knows the group (without one, a loaded machine could run the
    // child to its first fork before this thread writes the record).
    int watched = watchdog >= 0 && r->options->watch_grace_ms >= 0;
    int gate[2] = {-1, -1};
    if (watched && pipe2(gate, O_CLOEXEC) < 0) gate[0] = gate[1] = -1;
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        close(pipefd[0]);
        if (gate[1] >= 0) close(gate[1]);
        child(r->options, parent, pipefd[1], gate[0]);
    }
    int fork_error = errno;
    close(pipefd[1]);
    if (gate[0] >= 0) close(gate[0]);
    if (pid < 0) {
        if (gate[1] >= 0) close(gate[1]);
        close(pipefd[0]);
        r->error = fork_error;
        r->call = "fork";
        r->pid = -1;
        return;
    }
    if (watched) fm_watchdog_add(watchdog, pid, r->options->pdeathsig, r->options->watch_grace_ms);
    if (gate[1] >= 0) {
        ssize_t sent;
        do {
            sent = write(gate[1], "", 1);
        } while (sent < 0 && errno == EINTR);
        close(gate[1]);
    }
    child_failure failure = {0, 0};
    ssize_t n;
    do {
        n = read(pipefd[0], &failure, sizeof failure);
    } while (n < 0 && errno == EINTR);
    close(pipefd[0]);
    r->pid = pid;
    int failed = n == (ssize_t)sizeof failure && failure.step >= 0 && failure.step < STEP_COUNT;
    r->error = failed ? failure.error : 0;
    r->call = failed ? step_calls[failure.step] : NULL;
    if (failed && watched) fm_watchdog_remove(watchdog, pid);  // not a run: nobody forgets it later
}

static void *spawner_main(void *unused) {
    (void)unused;
    // Children start with every signal blocked, and unblock after resetting dispositions, so
    // the supervisor's handlers never run in a half-made child.
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, NULL);
    prctl(PR_SET_NAME, "spawner");
    pthread_mutex_lock(&lock);
    for (;;) {
        while (pending == NULL || pending->done) pthread_cond_wait(&changed, &lock);
        request *r = pending;
        int watchdog = watchdog_fd;
        pthread_mutex_unlock(&lock);
        perform(r, watchdog);
        pthread_mutex_lock(&lock);
        r->done = 1;
        pthread_cond_broadcast(&changed);
    }
    return NULL;
}

int fm_spawner_start(void) {
    pthread_mutex_lock(&lock);
    int error = 0;
    if (!started) {
        pthread_t thread;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        pthread_attr_setstacksize(&attr, 256 * 1024);
        error = pthread_create(&thread, &attr, spawner_main, NULL);
        pthread_attr_destroy(&attr);
        if (error == 0) started = 1;
    }
    pthread_mutex_unlock(&lock);
    return error;
}

int fm_spawn(const fm_spawn_options *options, pid_t *pid, const char **failed_call) {
    *failed_call = NULL;
    int error = fm_spawner_start();
    if (error) {
        *failed_call = "pthread_create";
        *pid = -1;
        return error;
    }
    request r = {.options = options, .pid = -1, .error = 0, .call = NULL, .done = 0};
    pthread_mutex_lock(&callers);
    pthread_mutex_lock(&lock);
    pending = &r;
    pthread_cond_broadcast(&changed);
    while (!r.done) pthread_cond_wait(&changed, &lock);
    pending = NULL;
    pthread_mutex_unlock(&lock);
    pthread_mutex_unlock(&callers);
    *pid = r.pid;
    *failed_call = r.call;
    return r.error;
}
