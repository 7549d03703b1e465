#define _GNU_SOURCE
#include "CSupervisor.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

int fm_open_standard_fds(void) {
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF) continue;
        // open() returns the lowest free descriptor: this one.
        int opened = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
        if (opened < 0) return errno;
        if (opened != fd) {
            close(opened);
            return EBADF;
        }
    }
    return 0;
}

int fm_pipe(int fds[2], int nonblocking_read) {
    if (pipe2(fds, O_CLOEXEC) < 0) return errno;
    if (!nonblocking_read) return 0;
    int flags = fcntl(fds[0], F_GETFL);
    if (flags < 0 || fcntl(fds[0], F_SETFL, flags | O_NONBLOCK) < 0) {
        int error = errno;
        close(fds[0]);
        close(fds[1]);
        return error;
    }
    return 0;
}
