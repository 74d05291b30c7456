/* dao-milk-recognise.c — is this file a milk stream, and which layout (§1)?
 *
 * A milk file is told from a DAO file by its bytes only: a version string,
 * a header whose fields make sense, and a size that one of the known layout
 * variants gives exactly. Any one of those alone could be a coincidence (a
 * DAO stream created at the relative path "2.5" starts with a version-like
 * string); all three together are not.
 */
#include <string.h>

#include "dao-milk.h"
#include "dao.h"

size_t dao__milk_type_size(int code)
{
    if (code == DAO__MILK_FLOAT16)
        return 2;
    return dao_type_size(code); /* 1–12 mean what they mean in DAO (§4) */
}

typedef enum version_kind {
    VERSION_NONE,    /* not `digits '.' digits NUL` */
    VERSION_ZERO,    /* all 32 bytes zero */
    VERSION_2X,
    VERSION_105,
    VERSION_UNKNOWN, /* well-formed, but a layout we do not know */
} version_kind;

static bool all_zero(const void *bytes, size_t n)
{
    const uint8_t *p = bytes;
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static version_kind classify_version(const char *v)
{
    static const char zero[DAO__MILK_VERSION_SIZE];
    if (memcmp(v, zero, sizeof(zero)) == 0)
        return VERSION_ZERO;
    size_t i = 0;
    while (i < DAO__MILK_VERSION_SIZE && is_digit(v[i]))
        i++;
    size_t major_len = i;
    if (major_len == 0 || i == DAO__MILK_VERSION_SIZE || v[i] != '.')
        return VERSION_NONE;
    i++;
    size_t minor_start = i;
    while (i < DAO__MILK_VERSION_SIZE && is_digit(v[i]))
        i++;
    if (i == minor_start || i == DAO__MILK_VERSION_SIZE || v[i] != '\0')
        return VERSION_NONE;
    /* Only "2.00" of the 2.x family was measured, but the family shares one
     * header; the size equation still has to agree before we believe it. */
    if (major_len == 1 && v[0] == '2')
        return VERSION_2X;
    if (strcmp(v, "1.05") == 0)
        return VERSION_105;
    return VERSION_UNKNOWN;
}

/* §1 step 2, on the private copy. Fills the geometry's header-derived part. */
static dao__milk_verdict check_header(const dao__milk_md *md, dao__milk_geometry *g)
{
    if (md->naxis < 1 || md->naxis > 3)
        return DAO__MILK_BAD_NAXIS;
    uint64_t count = 1;
    for (unsigned i = 0; i < md->naxis; i++) {
        if (md->size[i] == 0 || __builtin_mul_overflow(count, md->size[i], &count))
            return DAO__MILK_BAD_SHAPE;
    }
    if (md->nelement != count)
        return DAO__MILK_BAD_NELEMENT;
    size_t element_size = dao__milk_type_size(md->datatype);
    if (element_size == 0)
        return DAO__MILK_BAD_TYPE;
    uint64_t frame_size;
    if (__builtin_mul_overflow(count, element_size, &frame_size) || frame_size > SIZE_MAX)
        return DAO__MILK_BAD_SHAPE;
    if (md->shared != 1 || md->location < -1 || md->imdatamemsize != frame_size)
        return DAO__MILK_BAD_HEADER;

    g->datatype = md->datatype;
    g->element_size = element_size;
    g->naxis = md->naxis;
    for (unsigned i = 0; i < 3; i++)
        g->shape[i] = i < md->naxis ? md->size[md->naxis - 1 - i] : 0;
    g->nelement = count;
    g->frame_size = frame_size;
    g->gpu_device = md->location;
    g->imagetype = md->imagetype;
    g->nkeywords = md->nbkw;
    g->nsem = md->sem;
    g->nb_proctrace = md->nb_proctrace;
    g->cb_size = md->cb_size;
    return DAO__MILK_OK;
}

static dao__milk_shape equation_inputs(const dao__milk_md *md)
{
    bool slices = (md->imagetype & DAO__MILK_IMAGETYPE_SLICE_MASK) == DAO__MILK_IMAGETYPE_TEMPORAL_CB;
    return (dao__milk_shape){
        .frame_bytes = md->imdatamemsize,
        .pixels_in_file = md->location == -1,
        .nbkw = md->nbkw,
        .nsem = md->sem,
        .nb_proctrace = md->nb_proctrace,
        .cb_size = md->cb_size,
        .slices = slices ? md->size[2] : 0,
    };
}

dao__milk_verdict dao__milk_recognise(const void *bytes, size_t len, uint64_t file_size,
                                      dao__milk_geometry *out)
{
    /* A file too short for a header cannot be a milk stream, not even one
     * being created (ISIO sizes the file before it writes the header). */
    if (len < DAO__MILK_MD_SIZE || file_size < DAO__MILK_MD_SIZE)
        return DAO__MILK_NOT_MILK;
    dao__milk_md md;
    memcpy(&md, bytes, sizeof(md));

    version_kind kind = classify_version(md.version);
    switch (kind) {
    case VERSION_NONE:
        return DAO__MILK_NOT_MILK;
    case VERSION_ZERO:
        /* ISIO writes the header, then the version. A header with nothing
         * in it at all says nothing about which format is coming: the DAO
         * rules judge such a file (it fails them as it always did). */
        return all_zero(bytes, DAO__MILK_MD_SIZE) ? DAO__MILK_NOT_MILK : DAO__MILK_NOT_READY;
    case VERSION_UNKNOWN:
        return DAO__MILK_UNKNOWN_LAYOUT;
    case VERSION_2X:
    case VERSION_105:
        break;
    }

    dao__milk_geometry g;
    memset(&g, 0, sizeof(g));
    dao__milk_verdict verdict = check_header(&md, &g);
    if (verdict != DAO__MILK_OK)
        return verdict;

    /* §1 step 3: the first variant whose size equation gives the file's
     * size fixes the offsets. The order matters only in theory (no two
     * variants give the same size for the same header that we know of), and
     * it is the contract's. */
    static const dao__milk_layout candidates_2x[] = {
        DAO__MILK_LAYOUT_2X,
        DAO__MILK_LAYOUT_2X_COMPAT,
        DAO__MILK_LAYOUT_2X_UNROUNDED,
    };
    static const dao__milk_layout candidates_105[] = {DAO__MILK_LAYOUT_105};
    const dao__milk_layout *candidates = kind == VERSION_2X ? candidates_2x : candidates_105;
    size_t ncandidates = kind == VERSION_2X ? 3 : 1;

    dao__milk_shape inputs = equation_inputs(&md);
    uint64_t smallest = UINT64_MAX;
    for (size_t i = 0; i < ncandidates; i++) {
        dao__milk_regions regions;
        if (!dao__milk_layout_regions(candidates[i], &inputs, &regions))
            continue; /* no file can be that large */
        if (regions.end == file_size) {
            g.layout = candidates[i];
            g.regions = regions;
            memcpy(g.version, md.version, DAO__MILK_VERSION_SIZE);
            g.version[DAO__MILK_VERSION_SIZE] = '\0';
            g.named_semaphores = candidates[i] == DAO__MILK_LAYOUT_105;
            g.sem_record_size =
                g.named_semaphores ? sizeof(dao__milk_105_sem_record) : DAO__MILK_SEM_T_SIZE;
            *out = g;
            return DAO__MILK_OK;
        }
        if (regions.end < smallest)
            smallest = regions.end;
    }
    /* Shorter than every variant: most likely cut short (a "1.05" writer
     * re-creating in place truncates first). Between or above them, or a
     * header no file could hold: a layout we do not know. Either way the
     * file is refused. */
    if (smallest != UINT64_MAX && file_size < smallest)
        return DAO__MILK_TRUNCATED;
    return DAO__MILK_UNKNOWN_LAYOUT;
}
