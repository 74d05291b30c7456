/* remote-socket.c — clocks and the ZeroMQ set-up shared by client and server,
 * and the ZAP handler through which a CURVE server picks its clients. */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

#include "remote-private.h"

int64_t dao_remote__now_mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t dao_remote__now_real_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int dao_remote__zmq_error(void)
{
    int e = zmq_errno();
    return e > 0 ? -e : DAO_REMOTE_E_ZMQ;
}

int dao_remote__socket_common(void *sock)
{
    int linger = 0, ivl = 100, ivl_max = 1000;
    if (zmq_setsockopt(sock, ZMQ_LINGER, &linger, sizeof linger) != 0 ||
        zmq_setsockopt(sock, ZMQ_RECONNECT_IVL, &ivl, sizeof ivl) != 0 ||
        zmq_setsockopt(sock, ZMQ_RECONNECT_IVL_MAX, &ivl_max, sizeof ivl_max) != 0)
        return dao_remote__zmq_error();
    return 0;
}

/* Receive one part into buf (cut at len), returning its real length or -1. */
static int recv_part(void *sock, char *buf, size_t len, int *more)
{
    int n = zmq_recv(sock, buf, len, 0);
    if (n < 0)
        return -1;
    size_t sz = sizeof *more;
    zmq_getsockopt(sock, ZMQ_RCVMORE, more, &sz);
    return n;
}

int dao_remote__zap_answer(void *zap, const remote_key_list *authorized)
{
    /* RFC 27: version, request id, domain, address, identity, mechanism,
     * then the mechanism's credentials (CURVE: the 32-byte client key). */
    char part[7][256];
    int len[7] = {0};
    int more = 1, n = 0;
    while (more) {
        char scratch[256];
        char *dst = n < 7 ? part[n] : scratch;
        int got = recv_part(zap, dst, 256, &more);
        if (got < 0)
            return dao_remote__zmq_error();
        if (n < 7)
            len[n] = got;
        n++;
    }
    bool ok = false;
    if (n == 7 && len[0] == 3 && memcmp(part[0], "1.0", 3) == 0 && len[5] == 5 &&
        memcmp(part[5], "CURVE", 5) == 0 && len[6] == 32) {
        char z85[41];
        if (zmq_z85_encode(z85, (const uint8_t *)part[6], 32)) {
            for (unsigned i = 0; i < authorized->count && !ok; i++)
                ok = memcmp(authorized->keys[i], z85, 40) == 0;
        }
    }
    int id_len = n >= 2 && len[1] <= 255 ? len[1] : 0;
    const char *code = ok ? "200" : "400";
    const char *text = ok ? "OK" : "client key not authorized";
    if (zmq_send(zap, "1.0", 3, ZMQ_SNDMORE) < 0 || zmq_send(zap, part[1], (size_t)id_len, ZMQ_SNDMORE) < 0 ||
        zmq_send(zap, code, 3, ZMQ_SNDMORE) < 0 || zmq_send(zap, text, strlen(text), ZMQ_SNDMORE) < 0 ||
        zmq_send(zap, "", 0, ZMQ_SNDMORE) < 0 || zmq_send(zap, "", 0, 0) < 0)
        return dao_remote__zmq_error();
    return 0;
}
