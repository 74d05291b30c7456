/* remote-url.c — "tcp://HOST[:PORT]/NAME", the address users type. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dao-remote.h"

int dao_remote_parse_url(const char *url, char *endpoint, size_t endpoint_len, char *name,
                         size_t name_len)
{
    static const char scheme[] = "tcp://";
    if (!url || strncmp(url, scheme, sizeof scheme - 1) != 0)
        return DAO_REMOTE_E_BAD_URL;
    const char *host = url + sizeof scheme - 1;
    const char *slash = strchr(host, '/');
    const char *host_end = slash ? slash : host + strlen(host);
    if (host_end == host)
        return DAO_REMOTE_E_BAD_URL;

    /* The port follows the last ':' outside an IPv6 literal's brackets. */
    const char *port = NULL;
    const char *scan = host;
    if (*host == '[') {
        const char *close = memchr(host, ']', (size_t)(host_end - host));
        if (!close || close == host + 1)
            return DAO_REMOTE_E_BAD_URL;
        scan = close + 1;
        if (scan != host_end && *scan != ':')
            return DAO_REMOTE_E_BAD_URL;
    }
    const char *colon = memchr(scan, ':', (size_t)(host_end - scan));
    if (colon) {
        if (*host != '[' && memchr(colon + 1, ':', (size_t)(host_end - colon - 1)))
            return DAO_REMOTE_E_BAD_URL; /* bare IPv6 needs brackets */
        port = colon + 1;
    }
    size_t host_len = (size_t)((colon ? colon : host_end) - host);
    if (host_len == 0)
        return DAO_REMOTE_E_BAD_URL;
    for (size_t i = 0; i < host_len; i++) {
        char c = host[i];
        if (c <= ' ' || c == '/' || c == '?' || c == '#' || c == '@' || c == ';' || c == '\\')
            return DAO_REMOTE_E_BAD_URL;
    }
    unsigned long port_no = DAO_REMOTE_DEFAULT_PORT;
    if (port) {
        size_t plen = (size_t)(host_end - port);
        if (plen == 0 || plen > 5)
            return DAO_REMOTE_E_BAD_URL;
        port_no = 0;
        for (size_t i = 0; i < plen; i++) {
            if (port[i] < '0' || port[i] > '9')
                return DAO_REMOTE_E_BAD_URL;
            port_no = port_no * 10 + (unsigned long)(port[i] - '0');
        }
        if (port_no == 0 || port_no > 65535)
            return DAO_REMOTE_E_BAD_URL;
    }
    int n = snprintf(endpoint, endpoint_len, "tcp://%.*s:%lu", (int)host_len, host, port_no);
    if (n < 0 || (size_t)n >= endpoint_len)
        return DAO_REMOTE_E_BAD_URL;

    const char *stream = slash ? slash + 1 : NULL;
    if (!name) {
        /* Listing takes a server address; "tcp://h:p/" is fine too. */
        return stream && *stream ? DAO_REMOTE_E_BAD_URL : 0;
    }
    if (!stream || !*stream)
        return DAO_REMOTE_E_BAD_NAME;
    if (!dao_remote_name_is_valid(stream) || strlen(stream) >= name_len)
        return DAO_REMOTE_E_BAD_NAME;
    strcpy(name, stream);
    return 0;
}
