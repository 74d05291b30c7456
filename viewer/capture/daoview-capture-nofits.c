/* daoview-capture-nofits.c — FITS saving where cfitsio was not found at
 * build time (-Dcapture=disabled, or no libcfitsio-dev): the call exists so
 * the viewer links either way, and says why it cannot save. The viewer
 * hides its FITS action when daoview_capture_have_fits() is 0. */
#include <errno.h>

#include "daoview-capture-i18n.h"
#include "daoview-capture-private.h"

int daoview_capture_have_fits(void)
{
    return 0;
}

int daoview_capture__load_fits(const char *path, daoview_capture_image *out, daoview_capture_error *err)
{
    return daoview_capture__fail(err, -ENOTSUP,
                                 _("Cannot read “%s”: this daoview was built without FITS support (cfitsio)."),
                                 path);
}

int daoview_capture_save_fits(const char *path, const daoview_capture_frame *frame,
                              const daoview_capture_meta *meta, daoview_capture_error *err)
{
    return daoview_capture__fail(err, -ENOTSUP,
                                 _("Cannot save “%s”: this daoview was built without FITS support (cfitsio)."),
                                 path ? path : "");
}
