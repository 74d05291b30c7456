/* daocommon-utf8.c — see daocommon-utf8.h. The table is Unicode's
 * "well-formed byte sequences" (Unicode 15, table 3-7), checked by decoding
 * and then refusing what the decoded value rules out. */
#include <stdint.h>

#include "daocommon-utf8.h"

size_t daocommon_utf8_sequence_length(const unsigned char *s)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0; /* a continuation byte, C0/C1 (always overlong) or F5 … FF */
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) /* also stops at the terminating NUL */
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

bool daocommon_utf8_is_valid(const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    while (*s) {
        size_t len = daocommon_utf8_sequence_length(s);
        if (len == 0)
            return false;
        s += len;
    }
    return true;
}
