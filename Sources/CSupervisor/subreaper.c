#define _GNU_SOURCE
#include "CSupervisor.h"

#include <errno.h>
#include <sys/prctl.h>

int fm_set_child_subreaper(void) {
    return prctl(PR_SET_CHILD_SUBREAPER, 1) < 0 ? errno : 0;
}
