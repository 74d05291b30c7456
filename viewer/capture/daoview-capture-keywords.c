/* daoview-capture-keywords.c — the used keywords of a stream, copied out
 * for the FITS header. */
#include <errno.h>
#include <stdlib.h>

#include "daoview-capture-private.h"

int daoview_capture_keywords_from_stream(const dao_stream *s, dao_keyword **out, unsigned *n)
{
    *out = NULL;
    *n = 0;
    unsigned capacity = dao_stream_keyword_capacity(s);
    if (capacity == 0)
        return 0;
    dao_keyword *keywords = calloc(capacity, sizeof *keywords);
    if (!keywords)
        return -ENOMEM;
    unsigned used = 0;
    for (unsigned i = 0; i < capacity; i++) {
        int rc = dao_stream_keyword_get(s, i, &keywords[used]);
        if (rc < 0) {
            free(keywords);
            return rc;
        }
        if (keywords[used].type != DAO_KEYWORD_UNUSED)
            used++;
    }
    if (used == 0) {
        free(keywords);
        return 0;
    }
    *out = keywords;
    *n = used;
    return 0;
}
