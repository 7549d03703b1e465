#include "CJournald.h"

#include <stdint.h>
#include <string.h>

/// Length of the valid UTF-8 sequence at p (at most `left` bytes), or 0 when invalid
/// (overlong forms, surrogates and values above U+10FFFF are invalid).
static size_t utf8_sequence(const unsigned char *p, size_t left) {
    unsigned char c = p[0];
    size_t length;
    uint32_t value;
    if (c >= 0xC2 && c <= 0xDF) { length = 2; value = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { length = 3; value = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { length = 4; value = c & 0x07; }
    else return 0;
    if (left < length) return 0;
    for (size_t i = 1; i < length; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        value = (value << 6) | (p[i] & 0x3F);
    }
    if (length == 3 && (value < 0x800 || (value >= 0xD800 && value <= 0xDFFF))) return 0;
    if (length == 4 && (value < 0x10000 || value > 0x10FFFF)) return 0;
    return length;
}

int fj_value_needs_binary(const void *bytes, size_t count) {
    const unsigned char *p = bytes;
    size_t i = 0;
    while (i < count) {
        unsigned char c = p[i];
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t') || c == 0x7F) return 1;
            i++;
            continue;
        }
        size_t length = utf8_sequence(p + i, count - i);
        if (length == 0) return 1;
        i += length;
    }
    return 0;
}

int fj_priority_prefix(const void *bytes, size_t count) {
    const unsigned char *p = bytes;
    if (count < 3 || p[0] != '<' || p[2] != '>' || p[1] < '0' || p[1] > '7') return -1;
    return p[1] - '0';
}

void fj_store_le64(void *destination, unsigned long long value) {
    unsigned char bytes[8];
    for (int i = 0; i < 8; i++) bytes[i] = (unsigned char)(value >> (8 * i));
    memcpy(destination, bytes, 8);
}

size_t fj_field_head(const char *key, size_t key_count, const void *value, size_t value_count, void *out) {
    unsigned char *p = out;
    if (key_count > 64) key_count = 64;
    memcpy(p, key, key_count);
    if (!fj_value_needs_binary(value, value_count)) {
        p[key_count] = '=';
        return key_count + 1;
    }
    p[key_count] = '\n';
    fj_store_le64(p + key_count + 1, value_count);
    return key_count + 9;
}
