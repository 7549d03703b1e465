#ifndef CJOURNALD_H
#define CJOURNALD_H

// journald's native protocol, written from its documentation ("Native Journal Protocol") and
// the behaviour of libsystemd's sd_journal_sendv and sd_journal_stream_fd, without linking
// libsystemd (the supervisor is a fully static binary, which cannot load libsystemd.so).
// Linux only: elsewhere every function reports ENOSYS and nothing is available.
// Every function returns 0 or an errno value; none prints or exits.

#include <stddef.h>
#include <sys/uio.h>

#ifdef __cplusplus
extern "C" {
#endif

/// journald's datagram socket for structured entries.
#define FJ_NATIVE_SOCKET "/run/systemd/journal/socket"
/// journald's stream socket, the one systemd hands services as stdout and stderr.
#define FJ_STREAM_SOCKET "/run/systemd/journal/stdout"

/// Whether journald listens on the datagram socket at `path`: 0, or ENOENT when the socket
/// is missing, ECONNREFUSED when it is left over from a journald that has gone (connect probe).
int fj_socket_check(const char *path);

/// Opens an AF_UNIX datagram socket (close-on-exec, 8 MiB send buffer where allowed) for
/// fj_native_send. Stores it in *fd.
int fj_native_open(int *fd);

/// Sends one entry, already encoded as fields (`KEY=value\n` or `KEY\n<le64><bytes>\n`), spread
/// over `count` iovecs, as one datagram to FJ_NATIVE_SOCKET; or several entries, each ended by
/// an empty line, which journald's parser splits again. An entry larger than the socket
/// takes (EMSGSIZE, ENOBUFS) is written to a sealed memfd whose descriptor is sent instead
/// (SCM_RIGHTS), so it arrives whole. Blocks while journald's queue is full (backpressure).
/// `failed_call` (may be NULL) receives the name of the system call that failed.
int fj_native_send(int fd, const struct iovec *iov, size_t count, const char **failed_call);

/// Connects a stream socket to FJ_STREAM_SOCKET and writes the header journald expects
/// (identifier, empty unit id, priority, level-prefix flag, three forward flags off), as
/// sd_journal_stream_fd does. The result is write-only, close-on-exec, ready to be a child's
/// stdout or stderr. `failed_call` (may be NULL) receives the failing system call's name.
int fj_stream_open(const char *identifier, int priority, int level_prefix, int *fd, const char **failed_call);

/// The longest field head: a 64-byte name, a newline and the 8-byte length.
#define FJ_FIELD_HEAD_MAX 73

/// The one place a field's encoding is decided: writes what comes before the value to `out`
/// (FJ_FIELD_HEAD_MAX bytes at most) and returns its length: `KEY=` for plain text, or `KEY\n`
/// and the value's length (8 bytes, little-endian) when fj_value_needs_binary says so, so that
/// no value can end early and forge a field. The value and a final `\n` follow it. `key` must
/// be a valid field name of at most 64 bytes (longer ones are cut).
size_t fj_field_head(const char *key, size_t key_count, const void *value, size_t value_count, void *out);

/// 1 when a field value must use the binary form: it holds a newline or another control byte
/// (except TAB), DEL, or is not valid UTF-8. 0 for plain text, sent as `KEY=value\n`.
int fj_value_needs_binary(const void *bytes, size_t count);

/// The priority of an sd-daemon `<N>` prefix (N in 0...7) at the start of `bytes`, or -1.
int fj_priority_prefix(const void *bytes, size_t count);

/// Stores `value` in 8 bytes, little-endian (the length word of a binary field).
void fj_store_le64(void *destination, unsigned long long value);

#ifdef __cplusplus
}
#endif

#endif
