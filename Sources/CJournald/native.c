#define _GNU_SOURCE
#include "CJournald.h"

#include <errno.h>

#ifdef __linux__
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define SEND_BUFFER_BYTES (8 * 1024 * 1024)

static void set_failed(const char **failed_call, const char *name) {
    if (failed_call) *failed_call = name;
}

static socklen_t socket_address(struct sockaddr_un *address, const char *path);

int fj_socket_check(const char *path) {
    struct stat st;
    if (stat(path, &st) < 0) return errno;
    if (!S_ISSOCK(st.st_mode)) return ENOTSOCK;
    int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) return errno;
    struct sockaddr_un address;
    socklen_t length = socket_address(&address, path);
    int error = 0;
    while (connect(s, (struct sockaddr *)&address, length) < 0) {
        if (errno == EINTR) continue;
        error = errno;
        break;
    }
    close(s);
    return error;
}

/// Grows the send buffer: SO_SNDBUF is capped by wmem_max, SO_SNDBUFFORCE (root) is not.
static void grow_send_buffer(int fd) {
    int size = SEND_BUFFER_BYTES;
    if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof size) < 0)
        (void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
}

int fj_native_open(int *fd) {
    int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) return errno;
    grow_send_buffer(s);
    *fd = s;
    return 0;
}

static socklen_t socket_address(struct sockaddr_un *address, const char *path) {
    memset(address, 0, sizeof *address);
    address->sun_family = AF_UNIX;
    strncpy(address->sun_path, path, sizeof address->sun_path - 1);
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(address->sun_path));
}

static int send_retrying(int fd, const struct msghdr *message) {
    for (;;) {
        if (sendmsg(fd, message, MSG_NOSIGNAL) >= 0) return 0;
        if (errno != EINTR) return errno;
    }
}

static int write_all(int fd, const void *bytes, size_t count) {
    const char *p = bytes;
    while (count > 0) {
        ssize_t n = write(fd, p, count);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        p += n;
        count -= (size_t)n;
    }
    return 0;
}

/// The large-entry path: the entry goes into a sealed memfd and only its descriptor travels.
static int send_through_memfd(int fd, const struct msghdr *entry, const char **failed_call) {
    int memfd = memfd_create("journal-entry", MFD_ALLOW_SEALING | MFD_CLOEXEC);
    if (memfd < 0) {
        set_failed(failed_call, "memfd_create");
        return errno;
    }
    int error = 0;
    for (size_t i = 0; i < entry->msg_iovlen && error == 0; i++)
        error = write_all(memfd, entry->msg_iov[i].iov_base, entry->msg_iov[i].iov_len);
    if (error) {
        set_failed(failed_call, "write");
        close(memfd);
        return error;
    }
    if (fcntl(memfd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) < 0) {
        error = errno;
        set_failed(failed_call, "fcntl(F_ADD_SEALS)");
        close(memfd);
        return error;
    }
    union {
        struct cmsghdr header;
        char space[CMSG_SPACE(sizeof(int))];
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr message = {
        .msg_name = entry->msg_name, .msg_namelen = entry->msg_namelen,
        .msg_control = &control, .msg_controllen = sizeof control,
    };
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(&message);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cmsg), &memfd, sizeof(int));
    error = send_retrying(fd, &message);
    if (error) set_failed(failed_call, "sendmsg(SCM_RIGHTS)");
    close(memfd);
    return error;
}

int fj_native_send(int fd, const struct iovec *iov, size_t count, const char **failed_call) {
    static struct sockaddr_un address;
    static socklen_t address_length;
    if (address_length == 0) address_length = socket_address(&address, FJ_NATIVE_SOCKET);
    struct msghdr message = {
        .msg_name = &address, .msg_namelen = address_length,
        .msg_iov = (struct iovec *)iov, .msg_iovlen = count,
    };
    int error = send_retrying(fd, &message);
    if (error == 0) return 0;
    if (error != EMSGSIZE && error != ENOBUFS) {
        set_failed(failed_call, "sendmsg");
        return error;
    }
    return send_through_memfd(fd, &message, failed_call);
}

int fj_stream_open(const char *identifier, int priority, int level_prefix, int *fd, const char **failed_call) {
    if (priority < 0 || priority > 7) return EINVAL;
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0) {
        set_failed(failed_call, "socket");
        return errno;
    }
    struct sockaddr_un address;
    socklen_t length = socket_address(&address, FJ_STREAM_SOCKET);
    int error = 0;
    while (connect(s, (struct sockaddr *)&address, length) < 0) {
        if (errno == EINTR) continue;
        error = errno;
        set_failed(failed_call, "connect");
        close(s);
        return error;
    }
    (void)shutdown(s, SHUT_RD);
    grow_send_buffer(s);
    // identifier, unit id (empty), priority, level prefix, forward to syslog, kmsg, console.
    size_t identifier_length = strlen(identifier);
    char header[512];
    if (identifier_length + 14 > sizeof header) {
        close(s);
        return ENAMETOOLONG;
    }
    memcpy(header, identifier, identifier_length);
    size_t n = identifier_length;
    header[n++] = '\n';
    header[n++] = '\n';
    header[n++] = (char)('0' + priority);
    header[n++] = '\n';
    header[n++] = level_prefix ? '1' : '0';
    header[n++] = '\n';
    for (int i = 0; i < 3; i++) {
        header[n++] = '0';
        header[n++] = '\n';
    }
    error = write_all(s, header, n);
    if (error) {
        set_failed(failed_call, "write");
        close(s);
        return error;
    }
    *fd = s;
    return 0;
}

#else

int fj_socket_check(const char *path) { (void)path; return ENOSYS; }
int fj_native_open(int *fd) { (void)fd; return ENOSYS; }
int fj_native_send(int fd, const struct iovec *iov, size_t count, const char **failed_call) {
    (void)fd; (void)iov; (void)count;
    if (failed_call) *failed_call = "sendmsg";
    return ENOSYS;
}
int fj_stream_open(const char *identifier, int priority, int level_prefix, int *fd, const char **failed_call) {
    (void)identifier; (void)priority; (void)level_prefix; (void)fd;
    if (failed_call) *failed_call = "connect";
    return ENOSYS;
}

#endif
