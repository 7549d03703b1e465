#include "CSupervisor.h"

#include <string.h>

long fm_find_byte(const void *bytes, size_t count, int byte) {
    const void *found = memchr(bytes, byte, count);
    return found ? (long)((const char *)found - (const char *)bytes) : -1;
}
