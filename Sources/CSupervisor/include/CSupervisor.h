#ifndef CSUPERVISOR_H
#define CSUPERVISOR_H

// The process-control layer of `supervisor`: what Swift cannot do safely between fork and exec,
// in signal handlers, or on threads that must outlive the Swift runtime's worker threads.
// None prints or exits the supervisor. The process-control functions (spawning, signals,
// descriptors, the watchdog) return 0 or the errno of the system call that failed, which the
// caller names in its message (`fm_spawn` also says which call failed). The output writer
// reports failures through `fm_writer_lost`, and `fm_find_byte` returns a position.

#include <stddef.h>
#include <sys/types.h>
#include <sys/epoll.h>

#ifdef __cplusplus
extern "C" {
#endif

/// How to start one child. All file descriptors are the caller's; they are dup2'ed onto
/// 0, 1 and 2 in the child, and every other descriptor is closed at exec.
typedef struct fm_spawn_options {
    const char *path;          ///< executable, e.g. "/bin/sh"
    char *const *argv;         ///< NULL-terminated
    char *const *envp;         ///< NULL-terminated
    const char *cwd;           ///< working directory, or NULL to keep the supervisor's
    int stdin_fd;
    int stdout_fd;
    int stderr_fd;
    int new_session;           ///< 1: setsid() (own session and group); 0: setpgid(0, 0)
    int foreground_tty;        ///< a terminal fd to hand the foreground to, or -1
    int pdeathsig;             ///< signal delivered when the supervisor dies, or 0
    int listen_fd;             ///< a listening socket the child gets as fd 3 (sd_listen_fds), or -1
    char *listen_pid_digits;   ///< where in envp the child writes its own pid ("LISTEN_PID=" + room for 20 bytes), or NULL
    int watch_grace_ms;        ///< >= 0: the group goes to the watchdog (fm_spawner_set_watchdog) with pdeathsig and this grace, or -1
} fm_spawn_options;

/// The watchdog's write end (fm_watchdog_start), or -1. The spawner thread lists each watched
/// child's group with it right after fork, and the child waits for that at a pipe before it
/// goes on to exec: a supervisor killed between a child's exec and the listing would otherwise
/// leave the child's first forks unknown to the watchdog (the child itself dies of
/// PR_SET_PDEATHSIG, its children do not). End of file at the gate: the supervisor died, the
/// child exits.
void fm_spawner_set_watchdog(int write_fd);

/// Starts the long-lived spawner thread (idempotent). Children are forked from that thread, so
/// PR_SET_PDEATHSIG fires only when the supervisor itself exits, never when a worker thread ends.
int fm_spawner_start(void);

/// Forks and execs a child from the spawner thread. On success stores the pid and returns 0.
/// On failure returns the errno and stores in *failed_call the system call that failed (a static
/// string: "pipe2", "fork", "setsid", "setpgid", "prctl", "tcsetpgrp", "dup2", "chdir", "execve",
/// "pthread_create"). When the child itself failed (from "setsid" on), *pid is the failed
/// child's pid (it has already _exit'ed with 127 and must still be reaped); else -1.
int fm_spawn(const fm_spawn_options *options, pid_t *pid, const char **failed_call);

/// Installs a handler for each signal that writes the signal number as one byte to a
/// non-blocking, close-on-exec pipe, and returns the pipe's read end in *read_fd.
/// SIGPIPE is ignored (a closed reader becomes EPIPE). Handlers use SA_RESTART. A SIGHUP that
/// was ignored when we started (nohup) stays ignored.
int fm_signals_install(const int *signals, int count, int *read_fd);

/// Opens /dev/null on each of the descriptors 0, 1 and 2 that is closed, so that no pipe, epoll
/// or socket of ours can take their numbers (a child would then inherit it as its stdout).
/// Call it first, before anything opens a descriptor.
int fm_open_standard_fds(void);

/// Makes this process a child subreaper (PR_SET_CHILD_SUBREAPER): orphaned descendants are
/// re-parented to it instead of to init.
int fm_set_child_subreaper(void);

/// Forks the watchdog: a tiny process in its own session that holds the list of process groups
/// the supervisor runs (sent through *write_fd as fm_watchdog_add / fm_watchdog_remove records).
/// When the pipe reaches end-of-file while groups are still listed — the supervisor died without
/// stopping them, even by SIGKILL — it sends each listed group its own stop signal, SIGKILL to a
/// group still alive after its own grace_ms, and exits once all are gone or killed.
int fm_watchdog_start(pid_t *pid, int *write_fd);
/// Lists a group with the signal that stops it and its grace period (its type's policy).
int fm_watchdog_add(int write_fd, pid_t pgid, int stop_signal, int grace_ms);
int fm_watchdog_remove(int write_fd, pid_t pgid);

/// An output writer thread: the event loop hands it bytes and never blocks on a slow reader
/// (a paused terminal, a full pipe), so signals are still handled while output waits.
typedef struct fm_writer fm_writer;
fm_writer *fm_writer_create(int fd);
/// Appends bytes; returns the number of bytes now waiting to be written.
size_t fm_writer_submit(fm_writer *writer, const void *bytes, size_t count);
size_t fm_writer_pending(fm_writer *writer);
/// Room for `count` more bytes at the end of the waiting output, to be filled in place (no
/// staging copy) and handed on with fm_writer_commit, which must follow before any other call on
/// this writer (the thread writes on meanwhile, but does not swap buffers). NULL when the output
/// failed or memory ran out: the bytes are counted as dropped and there is nothing to commit.
void *fm_writer_reserve(fm_writer *writer, size_t count);
/// Adds the first `used` reserved bytes to the waiting output. Wakes the thread when
/// `wake` is set or 64 KiB are waiting (otherwise fm_writer_flush does). Returns the bytes waiting.
size_t fm_writer_commit(fm_writer *writer, size_t used, int wake);
/// Wakes the thread when output is waiting.
void fm_writer_flush(fm_writer *writer);
/// An eventfd that becomes readable once fewer than `bytes` wait to be written, as asked with
/// fm_writer_wake_below (at once if that is already so, or the output failed); -1 if none.
/// The event loop watches it while reading is paused for a slow reader, instead of polling.
int fm_writer_wake_fd(fm_writer *writer);
void fm_writer_wake_below(fm_writer *writer, size_t bytes);
/// Waits until every submitted byte is written (or the output failed), or timeout_ms passed
/// (negative: no limit). Returns 0, or ETIMEDOUT.
int fm_writer_drain(fm_writer *writer, int timeout_ms);
/// Bytes that were not written: dropped after a write error or a failed allocation, plus those
/// still waiting. Stores the errno of the first failed write (EPIPE when the reader went away)
/// or 0 in *error. An EAGAIN from a non-blocking descriptor is waited out, never an error.
size_t fm_writer_lost(fm_writer *writer, int *error);

/// Bytes dropped so far after a write error or a failed allocation (not those still waiting):
/// what a running formation has lost, for `status` and its metrics.
size_t fm_writer_dropped(fm_writer *writer);
/// Stops the thread and frees the writer once it wrote everything; when bytes are still
/// waiting on a reader that does not read, leaves the blocked thread behind (we are exiting).
void fm_writer_destroy(fm_writer *writer);

/// pipe2(O_CLOEXEC), with the read end made non-blocking when asked (fcntl). Returns 0 or the
/// errno of pipe2 or fcntl; nothing stays open on failure.
int fm_pipe(int fds[2], int nonblocking_read);

/// The pid and uid of the process at the other end of a Unix socket, as the kernel recorded
/// them at connect (getsockopt SO_PEERCRED). Returns 0 or its errno.
int fm_peer_credentials(int fd, pid_t *pid, uid_t *uid);

/// Connects a close-on-exec stream socket (non-blocking when `nonblocking`) to the Unix socket
/// at `path` and reads the uid of the process that listens there (SO_PEERCRED of a connected
/// client names the listener), so that a client can refuse an impostor before it sends
/// anything. Returns 0 or the errno of the failed call (ENAMETOOLONG: the path does not fit
/// sun_path; EAGAIN: a non-blocking connect found the backlog full).
int fm_unix_connect(const char *path, int nonblocking, int *fd, uid_t *listener_uid);

/// accept4(SOCK_CLOEXEC | SOCK_NONBLOCK) on a listening socket. Returns 0 or its errno
/// (EAGAIN: nobody is waiting).
int fm_accept(int listener, int *fd);

/// Binds a datagram socket for systemd's notify protocol at `path` (a path, which must not
/// exist: the caller removes a stale socket, or "@name" for the abstract namespace), non-blocking, with SO_PASSCRED so that each
/// datagram carries its sender's pid. Returns 0 or the errno of *failed_call.
int fm_notify_open(const char *path, int *fd, const char **failed_call);

/// Receives one notify datagram: its bytes (at most `capacity`), the sender's pid (0 when the
/// kernel gave none) and whether it was longer than `capacity`. Descriptors passed along
/// (SCM_RIGHTS) are closed. Returns 0, EAGAIN when none is waiting, or another errno.
int fm_notify_receive(int fd, void *buffer, size_t capacity, size_t *length, pid_t *pid, int *truncated);

/// Sends one datagram to a notify socket (the supervisor's own manager). Returns 0 or the errno.
int fm_notify_send(const char *path, const void *bytes, size_t length);

/// A TCP socket bound to host:port (getaddrinfo; the first address that binds), listening,
/// close-on-exec, with SO_REUSEADDR. Returns 0 or the errno of *failed_call.
int fm_listen_tcp(const char *host, int port, int backlog, int *fd, const char **failed_call);

/// 1 when a TCP connect to 127.0.0.1:port succeeds within `timeout_ms`, else 0.
int fm_port_open(int port, int timeout_ms);

/// Line scanning helper: the position of the first `byte` (memchr), or -1 when absent.
long fm_find_byte(const void *bytes, size_t count, int byte);

/// The git commit the build was made from (FORMATION_COMMIT at build time), or "unknown".
const char *fm_build_commit(void);

#ifdef __cplusplus
}
#endif

#endif
