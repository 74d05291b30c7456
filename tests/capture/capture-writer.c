/* capture-writer.c — writes the test pattern of every element type in
 * every shape as DIR/<type>-<naxis>d.npy or .fits, for checkers that read
 * them with other tools (numpy, fitsverify). With "fits", also writes
 * DIR/keywords.fits, whose header holds every kind of libdao keyword.
 * Exits non-zero, saying why, if any save fails. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture-pattern.h"

static int save(const char *format, const char *path, const daoview_capture_frame *frame,
                const daoview_capture_meta *meta)
{
    daoview_capture_error err;
    int rc = strcmp(format, "npy") == 0 ? daoview_capture_save_npy(path, frame, &err)
                                        : daoview_capture_save_fits(path, frame, meta, &err);
    if (rc != 0)
        fprintf(stderr, "%s\n", err.message);
    return rc != 0;
}

static void keyword(dao_keyword *kw, const char *name, char type, const char *comment)
{
    memset(kw, 0, sizeof *kw);
    snprintf(kw->name, sizeof kw->name, "%s", name);
    kw->type = type;
    snprintf(kw->comment, sizeof kw->comment, "%s", comment);
}

static int save_keywords(const char *dir)
{
    dao_keyword kw[8];
    keyword(&kw[0], "GAIN", DAO_KEYWORD_INT, "a comment long enough to be cut at the end of the card, as FITS requires");
    kw[0].value.i = INT64_MIN;
    keyword(&kw[1], "loop.gain.longer", DAO_KEYWORD_DOUBLE, "HIERARCH");
    kw[1].value.d = 0.1 + 0.2;
    keyword(&kw[2], "NAXIS", DAO_KEYWORD_STRING, "reserved name");
    strcpy(kw[2].value.s, "it's \"quoted\"");
    keyword(&kw[3], "ACCENT", DAO_KEYWORD_STRING, "non-ASCII \xc3\xa9");
    strcpy(kw[3].value.s, "h\xc3\xa9t");
    keyword(&kw[4], "NOTANUM", DAO_KEYWORD_DOUBLE, "");
    kw[4].value.d = NAN;
    keyword(&kw[5], "my key=1", DAO_KEYWORD_INT, "");
    kw[5].value.i = 7;
    keyword(&kw[6], "TINY", DAO_KEYWORD_DOUBLE, "");
    kw[6].value.d = -5e-324;
    keyword(&kw[7], "HUGE", DAO_KEYWORD_DOUBLE, "");
    kw[7].value.d = 1.7976931348623157e308;
    char long_path[300];
    snprintf(long_path, sizeof long_path, "/tmp/%0200d/cam.im.shm", 0);
    daoview_capture_meta meta = {
        .stream_path = long_path, .counter = 42, .write_time_ns = INT64_C(1764354612123456789),
        .keywords = kw, .n_keywords = 8,
    };
    daoview_capture_frame frame;
    pattern_frame(&frame, DAO_COMPLEX_DOUBLE, 2);
    char path[4096];
    snprintf(path, sizeof path, "%s/keywords.fits", dir);
    int failed = save("fits", path, &frame, &meta);
    free((void *)frame.data);
    return failed;
}

int main(int argc, char **argv)
{
    if (argc != 3 || (strcmp(argv[1], "npy") != 0 && strcmp(argv[1], "fits") != 0)) {
        fprintf(stderr, "usage: %s npy|fits DIR\n", argv[0]);
        return 2;
    }
    const char *format = argv[1], *dir = argv[2];
    int failed = 0;
    for (int t = DAO_TYPE_FIRST; t <= DAO_TYPE_LAST; t++) {
        for (int which = 0; which < PATTERN_SHAPES; which++) {
            daoview_capture_frame frame;
            pattern_frame(&frame, (dao_type)t, which);
            char path[4096];
            snprintf(path, sizeof path, "%s/%s-%ud.%s", dir, dao_type_name(t), frame.naxis, format);
            failed |= save(format, path, &frame, NULL);
            free((void *)frame.data);
        }
    }
    if (strcmp(format, "fits") == 0)
        failed |= save_keywords(dir);
    return failed;
}
