#define _GNU_SOURCE
#include "CSupervisor.h"

#include <errno.h>
#include <sys/socket.h>

int fm_peer_credentials(int fd, pid_t *pid, uid_t *uid) {
    struct ucred credentials;
    socklen_t length = sizeof credentials;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) < 0) return errno;
    *pid = credentials.pid;
    *uid = credentials.uid;
    return 0;
}

int fm_accept(int listener, int *fd) {
    int accepted = accept4(listener, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (accepted < 0) return errno;
    *fd = accepted;
    return 0;
}
