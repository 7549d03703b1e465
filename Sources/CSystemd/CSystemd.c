#include "CSystemd.h"

#ifndef __linux__
#include <errno.h>
#include <stddef.h>

// Stubs off Linux, answering as libsystemd does where systemd is not running.
int sd_notify(int unset_environment, const char *state) { (void)unset_environment; (void)state; return 0; }
int sd_listen_fds_with_names(int unset_environment, char ***names) {
    (void)unset_environment;
    if (names) *names = NULL;
    return 0;
}
int sd_watchdog_enabled(int unset_environment, uint64_t *usec) { (void)unset_environment; (void)usec; return 0; }
int sd_journal_sendv(const struct iovec *iov, int n) { (void)iov; (void)n; return -ENOSYS; }
#endif
