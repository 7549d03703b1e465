#ifndef CSYSTEMD_H
#define CSYSTEMD_H

// libsystemd for the app processes (web, backup-job, provision and JournaldLogging), linked
// dynamically: the four functions of its API they use, and nothing else. The supervisor must
// never depend on this target: it is linked fully static and cannot load libsystemd.so (it
// keeps its own protocol code in CJournald and CSupervisor). Off Linux the same four functions
// are stubs that behave as libsystemd does on a machine without systemd (below), so the
// package still builds there.

#ifdef __linux__

// sd_journal_sendv is also a macro that adds CODE_FILE/CODE_LINE/CODE_FUNC of the C call site;
// callers pass their own (the Swift source location), so the plain function is wanted.
#define SD_JOURNAL_SUPPRESS_LOCATION
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>

#else

#include <stdint.h>
#include <sys/uio.h>

/// 0: no NOTIFY_SOCKET, nothing sent (what libsystemd does without one).
int sd_notify(int unset_environment, const char *state);
/// 0: no socket was passed.
int sd_listen_fds_with_names(int unset_environment, char ***names);
/// 0: no watchdog asked for.
int sd_watchdog_enabled(int unset_environment, uint64_t *usec);
/// -ENOSYS: there is no journal.
int sd_journal_sendv(const struct iovec *iov, int n);

#endif

#endif
