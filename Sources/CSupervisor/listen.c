#define _GNU_SOURCE
#include "CSupervisor.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int fm_listen_tcp(const char *host, int port, int backlog, int *fd, const char **failed_call) {
    struct addrinfo hints, *found = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    char service[16];
    snprintf(service, sizeof service, "%d", port);
    *failed_call = "getaddrinfo";
    int status = getaddrinfo(host, service, &hints, &found);
    if (status != 0) return status == EAI_SYSTEM ? errno : EADDRNOTAVAIL;
    int error = EADDRNOTAVAIL;
    for (struct addrinfo *a = found; a != NULL; a = a->ai_next) {
        int s = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (s < 0) {
            error = errno;
            *failed_call = "socket";
            continue;
        }
        int on = 1;
        setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
        if (bind(s, a->ai_addr, a->ai_addrlen) < 0) {
            error = errno;
            *failed_call = "bind";
        } else if (listen(s, backlog) < 0) {
            error = errno;
            *failed_call = "listen";
        } else {
            freeaddrinfo(found);
            *failed_call = NULL;
            *fd = s;
            return 0;
        }
        close(s);
    }
    freeaddrinfo(found);
    return error;
}

int fm_port_open(int port, int timeout_ms) {
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (s < 0) return 0;
    struct sockaddr_in address;
    memset(&address, 0, sizeof address);
    address.sin_family = AF_INET;
    address.sin_port = htons((unsigned short)port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int open = 0;
    if (connect(s, (struct sockaddr *)&address, sizeof address) == 0) {
        open = 1;
    } else if (errno == EINPROGRESS) {
        struct pollfd p = {.fd = s, .events = POLLOUT};
        int error = 0;
        socklen_t length = sizeof error;
        if (poll(&p, 1, timeout_ms) == 1 && getsockopt(s, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0) open = 1;
    }
    close(s);
    return open;
}
