#include "CSupervisor.h"

// The commit this build was made from: Package.swift defines FM_BUILD_COMMIT from the
// FORMATION_COMMIT environment variable of the build ("unknown" when the build script gave none).
#ifndef FM_BUILD_COMMIT
#define FM_BUILD_COMMIT "unknown"
#endif

const char *fm_build_commit(void) {
    return FM_BUILD_COMMIT;
}
