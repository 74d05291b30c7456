/* capture-npy-writer.c — writes the test pattern of every element type in
 * every shape as DIR/<type>-<naxis>d.npy, for check-npy.py to load with
 * numpy. Exits non-zero, saying why, if any save fails. */
#include <stdio.h>
#include <stdlib.h>

#include "capture-pattern.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    int failed = 0;
    for (int t = DAO_TYPE_FIRST; t <= DAO_TYPE_LAST; t++) {
        for (int which = 0; which < PATTERN_SHAPES; which++) {
            daoview_capture_frame frame;
            pattern_frame(&frame, (dao_type)t, which);
            char path[4096];
            snprintf(path, sizeof path, "%s/%s-%ud.npy", argv[1], dao_type_name(t), frame.naxis);
            daoview_capture_error err;
            if (daoview_capture_save_npy(path, &frame, &err) != 0) {
                fprintf(stderr, "%s\n", err.message);
                failed = 1;
            }
            free((void *)frame.data);
        }
    }
    return failed;
}
