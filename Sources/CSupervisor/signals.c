#define _GNU_SOURCE
#include "CSupervisor.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static int signal_write_fd = -1;

static void on_signal(int sig) {
    int saved = errno;
    unsigned char byte = (unsigned char)sig;
    // Non-blocking: when the pipe is full the loop has plenty to read already.
    ssize_t ignored = write(signal_write_fd, &byte, 1);
    (void)ignored;
    errno = saved;
}

int fm_signals_install(const int *signals, int count, int *read_fd) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0) return errno;
    signal_write_fd = fds[1];
    struct sigaction ignore;
    memset(&ignore, 0, sizeof ignore);
    ignore.sa_handler = SIG_IGN;
    if (sigaction(SIGPIPE, &ignore, NULL) < 0) return errno;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    action.sa_flags = SA_RESTART;
    sigfillset(&action.sa_mask);
    for (int i = 0; i < count; i++) {
        if (signals[i] == SIGHUP) {
            // `nohup supervisor start &`: whoever started us asked for hang-ups to be ignored.
            struct sigaction inherited;
            if (sigaction(SIGHUP, NULL, &inherited) == 0 && inherited.sa_handler == SIG_IGN) continue;
        }
        if (sigaction(signals[i], &action, NULL) < 0) return errno;
    }
    // A mask inherited from whoever started us (a shell, a runtime) must not hide them.
    sigset_t wanted;
    sigemptyset(&wanted);
    for (int i = 0; i < count; i++) sigaddset(&wanted, signals[i]);
    sigprocmask(SIG_UNBLOCK, &wanted, NULL);
    *read_fd = fds[0];
    return 0;
}
