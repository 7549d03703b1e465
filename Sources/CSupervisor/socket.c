#define _GNU_SOURCE
#include "CSupervisor.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

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

int fm_unix_connect(const char *path, int nonblocking, int *fd, uid_t *listener_uid) {
    struct sockaddr_un address;
    size_t size = strlen(path);
    if (size == 0 || size >= sizeof address.sun_path) return ENAMETOOLONG;
    memset(&address, 0, sizeof address);
    address.sun_family = AF_UNIX;
    memcpy(address.sun_path, path, size);
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | (nonblocking ? SOCK_NONBLOCK : 0), 0);
    if (s < 0) return errno;
    int result;
    do {
        result = connect(s, (struct sockaddr *)&address, sizeof address);
    } while (result < 0 && errno == EINTR);
    pid_t pid;
    int error = result < 0 ? errno : fm_peer_credentials(s, &pid, listener_uid);
    if (error) {
        close(s);
        return error;
    }
    *fd = s;
    return 0;
}
