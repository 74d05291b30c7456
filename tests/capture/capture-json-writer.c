/* capture-json-writer.c — writes DIR/full.json (every kind of keyword,
 * strings that need escaping, values JSON numbers cannot hold) and
 * DIR/bare.json (no metadata at all) with
 * daoview_capture_save_header_json(), for check-header-json.py to parse. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "daoview-capture.h"

static void keyword(dao_keyword *kw, const char *name, char type, const char *comment)
{
    memset(kw, 0, sizeof *kw);
    snprintf(kw->name, sizeof kw->name, "%s", name);
    kw->type = type;
    snprintf(kw->comment, sizeof kw->comment, "%s", comment);
}

static int save(const char *dir, const char *name, const daoview_capture_frame *frame,
                const daoview_capture_meta *meta)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    daoview_capture_error err;
    if (daoview_capture_save_header_json(path, frame, meta, &err) != 0) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    uint16_t pixels[3][5] = {{0}};
    daoview_capture_frame frame = {
        .data = pixels, .size = sizeof pixels, .type = DAO_UINT16, .naxis = 2, .shape = {3, 5},
    };

    dao_keyword kw[10];
    keyword(&kw[0], "EXPTIME", DAO_KEYWORD_DOUBLE, "s");
    kw[0].value.d = 0.1 + 0.2;
    keyword(&kw[1], "GAIN", DAO_KEYWORD_INT, "");
    kw[1].value.i = INT64_MIN;
    keyword(&kw[2], "quote\"back\\", DAO_KEYWORD_STRING, "tab\there, newline\nthere");
    strcpy(kw[2].value.s, "caf\xc3\xa9 \xe2\x82\xac");  /* valid UTF-8: é, € */
    keyword(&kw[3], "BROKEN", DAO_KEYWORD_STRING, "invalid UTF-8 becomes U+FFFD");
    strcpy(kw[3].value.s, "a\xff" "b\xc3");            /* a stray byte, a cut sequence */
    keyword(&kw[4], "NOTANUM", DAO_KEYWORD_DOUBLE, "");
    kw[4].value.d = NAN;
    keyword(&kw[5], "NEGINF", DAO_KEYWORD_DOUBLE, "");
    kw[5].value.d = -INFINITY;
    keyword(&kw[6], "UNUSED", DAO_KEYWORD_UNUSED, "skipped");
    keyword(&kw[7], "", DAO_KEYWORD_INT, "no name: skipped");
    keyword(&kw[8], "GAIN", DAO_KEYWORD_INT, "a duplicate name is kept");
    kw[8].value.i = 3;
    keyword(&kw[9], "TINY", DAO_KEYWORD_DOUBLE, "");
    kw[9].value.d = -5e-324;

    daoview_capture_meta meta = {
        .stream_path = "/tmp/wfs \"lab\".im.shm",
        .counter = UINT64_MAX,
        .write_time_ns = INT64_C(1764354612000000001),
        .keywords = kw,
        .n_keywords = 10,
    };
    int failed = save(argv[1], "full.json", &frame, &meta);
    failed |= save(argv[1], "bare.json", &frame, NULL);
    return failed;
}
