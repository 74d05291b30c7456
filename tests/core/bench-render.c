/* bench-render.c — how long daoview's GTK-free layer takes per frame.
 *
 * For 256², 512², 1024² and 2048² frames of uint16 and float32 (a speckled
 * point-spread function on a noisy background, like a camera in an AO loop):
 * min/max levels, percentile levels (0.5–99.5 %), and rendering to ARGB32
 * (viridis, linear and log), each next to two baselines measured in the same
 * run on the same frame: memcpy of the frame, and the least any renderer can
 * do (one grey ARGB pixel per element, no levels). Prints a table, then one
 * JSON line. Then every element type (and complex part) at 1024²: memcpy,
 * min/max and render, to show the paths that are not table lookups, and the
 * analysis behind issue 5's views (statistics, histogram, profile). Each
 * figure is the median of repeated runs of at least 0.2 s.
 *
 * Usage: bench-render [--quick]   (--quick: 256² and 512² only, every type
 * at 256², fewer runs) */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "daoview-histogram.h"
#include "daoview-profile.h"
#include "daoview-psf.h"
#include "daoview-levels.h"
#include "daoview-names.h"
#include "daoview-stats.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct {
    dao_type type;
    const void *frame;
    void *copy;
    unsigned n;
    uint32_t *argb;
    DaoviewComplexPart part;
    DaoviewScale scale;
    double low, high;
} Job;

/* Keeps the compiler from dropping work whose result is not otherwise used. */
static volatile double sink;

static void run_memcpy(Job *j)
{
    memcpy(j->copy, j->frame, (size_t)j->n * j->n * dao_type_size(j->type));
}

static void run_grey(Job *j)
{
    size_t count = (size_t)j->n * j->n;
    if (j->type == DAO_UINT16) {
        const uint16_t *p = j->frame;
        for (size_t i = 0; i < count; i++)
            j->argb[i] = 0xff000000u | 0x010101u * (uint32_t)(p[i] >> 8);
    } else {
        const float *p = j->frame;
        for (size_t i = 0; i < count; i++)
            j->argb[i] = 0xff000000u | 0x010101u * ((uint32_t)(int32_t)p[i] & 0xffu);
    }
}

static void run_minmax(Job *j)
{
    double lo, hi;
    daoview_levels_minmax(j->type, j->frame, (size_t)j->n * j->n, j->part, &lo, &hi);
    sink = lo + hi;
}

static void run_percentile(Job *j)
{
    double lo, hi;
    daoview_levels_percentile(j->type, j->frame, (size_t)j->n * j->n,
                              DAOVIEW_COMPLEX_AMPLITUDE, 0.5, 99.5, &lo, &hi);
    sink = lo + hi;
}

static void run_render(Job *j)
{
    DaoviewRenderParams params = {
        .colormap = DAOVIEW_COLORMAP_VIRIDIS,
        .scale = j->scale,
        .complex_part = j->part,
        .low = j->low,
        .high = j->high,
    };
    daoview_render_argb32(j->type, j->frame, j->n, j->n, &params, j->argb, (size_t)j->n * 4);
}

static void run_picture_write(Job *j)
{
    memset(j->argb, 0x5a, (size_t)j->n * j->n * 4);
    sink = j->argb[j->n];
}

/* Levels and pixels, as the pipeline does for each frame it shows. */
static void run_conversion(Job *j)
{
    double lo, hi;
    daoview_levels_minmax(j->type, j->frame, (size_t)j->n * j->n, j->part, &lo, &hi);
    DaoviewRenderParams params = {
        .colormap = DAOVIEW_COLORMAP_VIRIDIS,
        .scale = DAOVIEW_SCALE_LINEAR,
        .complex_part = j->part,
        .low = lo,
        .high = hi,
    };
    daoview_render_argb32(j->type, j->frame, j->n, j->n, &params, j->argb, (size_t)j->n * 4);
}

static void run_stats(Job *j)
{
    DaoviewStats st;
    daoview_stats_frame(j->type, j->frame, j->n, j->n, j->part, &st);
    sink = st.mean;
}

static void run_histogram(Job *j)
{
    uint64_t counts[256];
    daoview_histogram(j->type, j->frame, (size_t)j->n * j->n, j->part, j->low, j->high, counts,
                      256, NULL);
    sink = (double)counts[0];
}

static void run_profile(Job *j)
{
    static DaoviewProfileSample samples[4096];
    size_t n = daoview_profile_sample(j->type, j->frame, j->n, j->n, j->part, 0, 0, j->n - 1,
                                      j->n - 1, samples, 4096);
    sink = samples[n / 2].value;
}

static void run_psf(Job *j)
{
    DaoviewPlane plane = {j->type, j->frame, j->n, j->n, j->part};
    DaoviewPsfOptions o = DAOVIEW_PSF_OPTIONS_INIT;
    DaoviewPsfResult r;
    o.ee_radius = 5;
    o.lambda_over_d = 2;
    daoview_psf_measure(&plane, &o, &r);
    sink = r.centroid_x;
}

/* Median milliseconds per call of fn. */
static double time_ms(void (*fn)(Job *), Job *j, double min_seconds)
{
    enum { MAX_RUNS = 4096 };
    static double runs[MAX_RUNS];
    int count = 0;
    fn(j); /* warm caches and lazily built tables */
    double start = now_s();
    while (count < MAX_RUNS && (count < 5 || now_s() - start < min_seconds)) {
        double t0 = now_s();
        fn(j);
        runs[count++] = (now_s() - t0) * 1e3;
    }
    qsort(runs, (size_t)count, sizeof runs[0], compare_double);
    return runs[count / 2];
}

/* xorshift: reproducible noise without libc's rand(). */
static uint32_t next_random(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return (uint32_t)(*state >> 32);
}

/* The image: a speckled PSF on a noisy background, values ~1000 … 51000. */
static void make_pattern(unsigned n, double *out)
{
    uint64_t state = 0x9e3779b97f4a7c15u;
    double c = n / 2.0, w = n / 16.0;
    for (unsigned y = 0; y < n; y++) {
        for (unsigned x = 0; x < n; x++) {
            double r2 = ((x - c) * (x - c) + (y - c) * (y - c)) / (w * w);
            double speckle = 0.5 + (next_random(&state) & 0xffff) / 65536.0;
            out[(size_t)y * n + x] =
                1000.0 + 50000.0 * exp(-r2) * speckle + (next_random(&state) & 0xff);
        }
    }
}

/* The pattern in any type (8-bit types: divided by 256; signed types and
 * imaginary parts: centred on zero, so there is a phase to show). */
static void fill_frame(dao_type type, const double *pattern, size_t count, void *out)
{
    for (size_t i = 0; i < count; i++) {
        double v = pattern[i];
        switch (type) {
        case DAO_UINT8: ((uint8_t *)out)[i] = (uint8_t)(v / 256); break;
        case DAO_INT8: ((int8_t *)out)[i] = (int8_t)(v / 256 - 100); break;
        case DAO_UINT16: ((uint16_t *)out)[i] = (uint16_t)fmin(v, 65535); break;
        case DAO_INT16: ((int16_t *)out)[i] = (int16_t)(fmin(v, 65535) - 32768); break;
        case DAO_UINT32: ((uint32_t *)out)[i] = (uint32_t)v; break;
        case DAO_INT32: ((int32_t *)out)[i] = (int32_t)(v - 25000); break;
        case DAO_UINT64: ((uint64_t *)out)[i] = (uint64_t)v; break;
        case DAO_INT64: ((int64_t *)out)[i] = (int64_t)(v - 25000); break;
        case DAO_FLOAT: ((float *)out)[i] = (float)v; break;
        case DAO_DOUBLE: ((double *)out)[i] = v; break;
        case DAO_COMPLEX_FLOAT:
            ((float *)out)[2 * i] = (float)(v - 25000);
            ((float *)out)[2 * i + 1] = (float)(v * 0.5 - 10000);
            break;
        case DAO_COMPLEX_DOUBLE:
            ((double *)out)[2 * i] = v - 25000;
            ((double *)out)[2 * i + 1] = v * 0.5 - 10000;
            break;
        }
    }
}

int main(int argc, char **argv)
{
    int quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
    static const unsigned sizes[] = {256, 512, 1024, 2048};
    static const dao_type types[] = {DAO_UINT16, DAO_FLOAT};
    unsigned nsizes = quick ? 2 : 4;
    double min_seconds = quick ? 0.05 : 0.2;

    printf("daoview render benchmark: median ms per frame (memcpy and grey loop are baselines)\n");
    printf("%-6s %-8s %9s %9s %9s %11s %11s %11s %8s\n", "size", "type", "memcpy", "grey-loop",
           "minmax", "percentile", "render-lin", "render-log", "fps-lin");
    char json[32768];
    size_t used = (size_t)snprintf(json, sizeof json, "{\"benchmark\":\"daoview-render\",\"unit\":\"ms\",\"results\":[");

    for (unsigned t = 0; t < 2; t++) {
        for (unsigned s = 0; s < nsizes; s++) {
            unsigned n = sizes[s];
            size_t bytes = (size_t)n * n * dao_type_size(types[t]);
            void *frame = malloc(bytes);
            void *copy = malloc(bytes);
            uint32_t *argb = malloc((size_t)n * n * 4);
            if (!frame || !copy || !argb) {
                fprintf(stderr, "bench-render: out of memory\n");
                return 1;
            }
            double *pattern = malloc((size_t)n * n * sizeof *pattern);
            if (!pattern) {
                fprintf(stderr, "bench-render: out of memory\n");
                return 1;
            }
            make_pattern(n, pattern);
            fill_frame(types[t], pattern, (size_t)n * n, frame);
            free(pattern);
            memset(copy, 0, bytes);
            memset(argb, 0, (size_t)n * n * 4);
            Job j = {.type = types[t], .frame = frame, .copy = copy, .n = n, .argb = argb};
            daoview_levels_minmax(j.type, frame, (size_t)n * n, j.part, &j.low, &j.high);

            double t_copy = time_ms(run_memcpy, &j, min_seconds);
            double t_grey = time_ms(run_grey, &j, min_seconds);
            double t_minmax = time_ms(run_minmax, &j, min_seconds);
            double t_pct = time_ms(run_percentile, &j, min_seconds);
            j.scale = DAOVIEW_SCALE_LINEAR;
            double t_lin = time_ms(run_render, &j, min_seconds);
            j.scale = DAOVIEW_SCALE_LOG;
            double t_log = time_ms(run_render, &j, min_seconds);
            const char *tname = dao_type_name(types[t]);

            printf("%4u^2 %-8s %9.3f %9.3f %9.3f %11.3f %11.3f %11.3f %8.0f\n", n, tname, t_copy,
                   t_grey, t_minmax, t_pct, t_lin, t_log, 1e3 / (t_minmax + t_lin));
            if (used < sizeof json)
                used += (size_t)snprintf(json + used, sizeof json - used,
                    "%s{\"size\":%u,\"type\":\"%s\",\"memcpy\":%.4f,\"grey_loop\":%.4f,"
                    "\"minmax\":%.4f,\"percentile\":%.4f,\"render_linear\":%.4f,"
                    "\"render_log\":%.4f}",
                    (t || s) ? "," : "", n, tname, t_copy, t_grey, t_minmax, t_pct, t_lin, t_log);
            free(frame);
            free(copy);
            free(argb);
        }
    }
    printf("fps-lin = 1000 / (minmax + render-lin): frames per second the conversion alone allows\n");

    /* Every element type at 1024²: the paths other than uint16/float32 (the
     * general loop, complex parts with sqrt/atan2 per element). */
    unsigned n = quick ? 256 : 1024;
    if (used < sizeof json)
        used += (size_t)snprintf(json + used, sizeof json - used,
                                 "],\"every_type\":{\"size\":%u,\"results\":[", n);
    printf("\nevery type at %u^2: median ms per frame (render: viridis, linear; the\n"
           "analysis views: statistics, a 256-bin histogram, the profile along the diagonal;\n"
           "psf: the spot's measurements of daoview-psf.h with encircled energy and Strehl)\n", n);
    printf("%-22s %9s %9s %11s %9s %9s %9s %9s\n", "type", "memcpy", "minmax", "render", "stats",
           "histogram", "profile", "psf");
    static const struct {
        dao_type type;
        DaoviewComplexPart part;
    } all[] = {
        {DAO_UINT8, 0}, {DAO_INT8, 0}, {DAO_UINT16, 0}, {DAO_INT16, 0}, {DAO_UINT32, 0},
        {DAO_INT32, 0}, {DAO_UINT64, 0}, {DAO_INT64, 0}, {DAO_FLOAT, 0}, {DAO_DOUBLE, 0},
        {DAO_COMPLEX_FLOAT, DAOVIEW_COMPLEX_AMPLITUDE}, {DAO_COMPLEX_FLOAT, DAOVIEW_COMPLEX_PHASE},
        {DAO_COMPLEX_FLOAT, DAOVIEW_COMPLEX_REAL}, {DAO_COMPLEX_DOUBLE, DAOVIEW_COMPLEX_AMPLITUDE},
        {DAO_COMPLEX_DOUBLE, DAOVIEW_COMPLEX_PHASE},
    };
    size_t count = (size_t)n * n;
    double *pattern = malloc(count * sizeof *pattern);
    void *frame = malloc(count * 16), *copy = malloc(count * 16);
    uint32_t *argb = malloc(count * 4);
    if (!pattern || !frame || !copy || !argb) {
        fprintf(stderr, "bench-render: out of memory\n");
        return 1;
    }
    make_pattern(n, pattern);
    for (unsigned a = 0; a < sizeof all / sizeof all[0]; a++) {
        fill_frame(all[a].type, pattern, count, frame);
        memset(copy, 0, count * 16);
        Job j = {.type = all[a].type, .frame = frame, .copy = copy, .n = n, .argb = argb,
                 .part = all[a].part, .scale = DAOVIEW_SCALE_LINEAR};
        daoview_levels_minmax(j.type, frame, count, j.part, &j.low, &j.high);
        double t_copy = time_ms(run_memcpy, &j, min_seconds);
        double t_minmax = time_ms(run_minmax, &j, min_seconds);
        double t_render = time_ms(run_render, &j, min_seconds);
        double t_stats = time_ms(run_stats, &j, min_seconds);
        double t_hist = time_ms(run_histogram, &j, min_seconds);
        double t_profile = time_ms(run_profile, &j, min_seconds);
        double t_psf = time_ms(run_psf, &j, min_seconds);
        char name[64];
        snprintf(name, sizeof name, "%s%s%s", dao_type_name(j.type),
                 j.type >= DAO_COMPLEX_FLOAT ? " " : "",
                 j.type >= DAO_COMPLEX_FLOAT ? daoview_complex_part_name(j.part) : "");
        printf("%-22s %9.3f %9.3f %11.3f %9.3f %9.3f %9.3f %9.3f\n", name, t_copy, t_minmax, t_render,
               t_stats, t_hist, t_profile, t_psf);
        if (used < sizeof json)
            used += (size_t)snprintf(json + used, sizeof json - used,
                "%s{\"type\":\"%s\",\"memcpy\":%.4f,\"minmax\":%.4f,\"render_linear\":%.4f,"
                "\"stats\":%.4f,\"histogram\":%.4f,\"profile\":%.4f,\"psf\":%.4f}",
                a ? "," : "", name, t_copy, t_minmax, t_render, t_stats, t_hist, t_profile, t_psf);
    }
    free(pattern);
    free(frame);
    free(copy);
    free(argb);

    /* What every displayed frame costs in the core, min/max levels and the
     * render together, beside a memcpy of the same frame (issue 13's
     * target: at most twice). */
    if (used < sizeof json)
        used += (size_t)snprintf(json + used, sizeof json - used, "]},\"conversion\":[");
    printf("\nconversion (min/max levels + render, viridis linear) per type, beside memcpy of the frame\n");
    printf("%-6s %-22s %9s %11s %7s\n", "size", "type", "memcpy", "conversion", "ratio");
    static const unsigned conversion_sizes[] = {1024, 2048};
    for (unsigned s = 0; s < (quick ? 1u : 2u); s++) {
        unsigned cn = quick ? 256 : conversion_sizes[s];
        size_t cc = (size_t)cn * cn;
        double *cp = malloc(cc * sizeof *cp);
        void *cf = malloc(cc * 16), *ccopy = malloc(cc * 16);
        uint32_t *cargb = malloc(cc * 4);
        if (!cp || !cf || !ccopy || !cargb) {
            fprintf(stderr, "bench-render: out of memory\n");
            return 1;
        }
        make_pattern(cn, cp);
        /* The floor under any conversion to ARGB32: writing the picture,
         * 4 bytes a pixel, however few bytes the element has. */
        Job fill_job = {.n = cn, .argb = cargb};
        double t_picture = time_ms(run_picture_write, &fill_job, min_seconds);
        printf("%4u^2 %-22s %9s %11.3f   (writing the ARGB32 picture alone: memset)\n", cn, "picture",
               "", t_picture);
        if (used < sizeof json)
            used += (size_t)snprintf(json + used, sizeof json - used,
                                     "%s{\"size\":%u,\"type\":\"picture\",\"write\":%.4f}", s ? "," : "",
                                     cn, t_picture);
        for (unsigned a = 0; a < sizeof all / sizeof all[0]; a++) {
            fill_frame(all[a].type, cp, cc, cf);
            memset(ccopy, 0, cc * 16);
            Job j = {.type = all[a].type, .frame = cf, .copy = ccopy, .n = cn, .argb = cargb,
                     .part = all[a].part, .scale = DAOVIEW_SCALE_LINEAR};
            daoview_levels_minmax(j.type, cf, cc, j.part, &j.low, &j.high);
            double t_copy = time_ms(run_memcpy, &j, min_seconds);
            double t_conv = time_ms(run_conversion, &j, min_seconds);
            char name[64];
            snprintf(name, sizeof name, "%s%s%s", dao_type_name(j.type), j.type >= DAO_COMPLEX_FLOAT ? " " : "",
                     j.type >= DAO_COMPLEX_FLOAT ? daoview_complex_part_name(j.part) : "");
            printf("%4u^2 %-22s %9.3f %11.3f %7.2f\n", cn, name, t_copy, t_conv, t_conv / t_copy);
            if (used < sizeof json)
                used += (size_t)snprintf(json + used, sizeof json - used,
                    ",{\"size\":%u,\"type\":\"%s\",\"memcpy\":%.4f,\"conversion\":%.4f}",
                    cn, name, t_copy, t_conv);
        }
        free(cp);
        free(cf);
        free(ccopy);
        free(cargb);
    }
    if (used < sizeof json)
        snprintf(json + used, sizeof json - used, "]}");
    printf("%s\n", json);
    return 0;
}
