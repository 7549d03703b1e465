#define _GNU_SOURCE
#include "CSupervisor.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/// Fills a sockaddr_un from a NOTIFY_SOCKET value: a path, or "@name" for the abstract namespace.
static int notify_address(const char *path, struct sockaddr_un *address, socklen_t *length) {
    size_t size = strlen(path);
    if (size == 0 || size >= sizeof address->sun_path) return ENAMETOOLONG;
    memset(address, 0, sizeof *address);
    address->sun_family = AF_UNIX;
    memcpy(address->sun_path, path, size);
    if (path[0] == '@') address->sun_path[0] = '\0';
    *length = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + size + (path[0] == '@' ? 0 : 1));
    return 0;
}

int fm_notify_open(const char *path, int *fd, const char **failed_call) {
    struct sockaddr_un address;
    socklen_t length;
    *failed_call = "bind";
    int error = notify_address(path, &address, &length);
    if (error) return error;
    int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (s < 0) {
        *failed_call = "socket";
        return errno;
    }
    int on = 1;
    if (bind(s, (struct sockaddr *)&address, length) < 0) {
        error = errno;
    } else if (setsockopt(s, SOL_SOCKET, SO_PASSCRED, &on, sizeof on) < 0) {
        error = errno;
        *failed_call = "setsockopt(SO_PASSCRED)";
    }
    if (error) {
        close(s);
        return error;
    }
    *failed_call = NULL;
    *fd = s;
    return 0;
}

int fm_notify_receive(int fd, void *buffer, size_t capacity, size_t *length, pid_t *pid, int *truncated) {
    struct iovec iov = {.iov_base = buffer, .iov_len = capacity};
    union {
        struct cmsghdr align;
        char space[CMSG_SPACE(sizeof(struct ucred)) + CMSG_SPACE(sizeof(int) * 253)];
    } control;
    struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = &control, .msg_controllen = sizeof control};
    ssize_t n = recvmsg(fd, &message, MSG_DONTWAIT | MSG_TRUNC | MSG_CMSG_CLOEXEC);
    if (n < 0) return errno;
    *pid = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&message); c != NULL; c = CMSG_NXTHDR(&message, c)) {
        if (c->cmsg_level != SOL_SOCKET) continue;
        if (c->cmsg_type == SCM_CREDENTIALS && c->cmsg_len == CMSG_LEN(sizeof(struct ucred))) {
            struct ucred credentials;
            memcpy(&credentials, CMSG_DATA(c), sizeof credentials);
            *pid = credentials.pid;
        } else if (c->cmsg_type == SCM_RIGHTS) {
            // FDSTORE=1 and the like: the supervisor keeps no descriptors for anybody.
            size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            for (size_t i = 0; i < count; i++) {
                int passed;
                memcpy(&passed, CMSG_DATA(c) + i * sizeof(int), sizeof passed);
                close(passed);
            }
        }
    }
    *truncated = (size_t)n > capacity || (message.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) != 0;
    *length = (size_t)n > capacity ? capacity : (size_t)n;
    return 0;
}

int fm_notify_send(const char *path, const void *bytes, size_t length) {
    struct sockaddr_un address;
    socklen_t address_length;
    int error = notify_address(path, &address, &address_length);
    if (error) return error;
    int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) return errno;
    ssize_t n = sendto(s, bytes, length, MSG_NOSIGNAL, (struct sockaddr *)&address, address_length);
    error = n < 0 ? errno : 0;
    close(s);
    return error;
}
