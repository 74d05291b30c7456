/* dao-version.c — which libdao this is. */
#include "dao-private.h"

const char *dao_version(void)
{
    return DAO_VERSION;
}
