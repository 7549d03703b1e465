/*
 * ceiling.c - the smallest HTTP/1.1 server we can write: one epoll thread answering every
 * request with a fixed 200 "All good !", keep-alive, no parsing beyond finding each request's
 * end. Benchmarks/app/run.sh runs two of them under wrk exactly like the two web instances, to
 * show what wrk and the kernel leave for a server on this machine (figures, not a test).
 *
 *   ceiling PORT     (0: any free port; the port listened on is printed on stdout)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

static const char reply[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 10\r\n\r\nAll good !";

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: ceiling PORT\n"); return 64; }
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[1])),
                                   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (bind(listener, (struct sockaddr *)&address, sizeof address) < 0 || listen(listener, 1024) < 0) {
        fprintf(stderr, "ceiling: cannot listen on 127.0.0.1:%s: %s\n", argv[1], strerror(errno));
        return 69;
    }
    socklen_t length = sizeof address;
    getsockname(listener, (struct sockaddr *)&address, &length);
    printf("%d\n", ntohs(address.sin_port));
    fflush(stdout);
    int epoll = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event event = { .events = EPOLLIN, .data.fd = listener };
    epoll_ctl(epoll, EPOLL_CTL_ADD, listener, &event);
    struct epoll_event ready[256];
    char buffer[65536];
    for (;;) {
        int count = epoll_wait(epoll, ready, 256, -1);
        for (int i = 0; i < count; i++) {
            int fd = ready[i].data.fd;
            if (fd == listener) {
                int client;
                while ((client = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
                    setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    struct epoll_event watch = { .events = EPOLLIN, .data.fd = client };
                    epoll_ctl(epoll, EPOLL_CTL_ADD, client, &watch);
                }
                continue;
            }
            ssize_t n = read(fd, buffer, sizeof buffer - 1);
            if (n <= 0) { close(fd); continue; }
            buffer[n] = 0;
            // One reply per request end in this read (wrk sends whole requests, no bodies).
            for (char *at = buffer; (at = strstr(at, "\r\n\r\n")) != NULL; at += 4) {
                if (write(fd, reply, sizeof reply - 1) < 0) break;
            }
        }
    }
}
