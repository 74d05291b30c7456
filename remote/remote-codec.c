/* remote-codec.c — LZ4 and shuffle+LZ4 payloads.
 *
 * LZ4 (not zstd) because it compresses a 2 MiB camera frame in a couple of
 * milliseconds on one core and decompresses several times faster, so it
 * pays on links slower than a few hundred MB/s and costs little where it
 * does not; the server only compresses for clients that ask. */
#include "remote-codec.h"

#include <lz4.h>
#include <stdint.h>
#include <string.h>

#include "dao-remote.h"

size_t dao_remote__codec_bound(size_t size)
{
    if (size > LZ4_MAX_INPUT_SIZE)
        return size;
    return (size_t)LZ4_compressBound((int)size);
}

void dao_remote__shuffle(void *dst, const void *src, size_t size, size_t esize)
{
    const uint8_t *s = src;
    uint8_t *d = dst;
    size_t n = size / esize;
    if (esize == 2) { /* the common case, camera pixels: keep it tight */
        for (size_t i = 0; i < n; i++) {
            d[i] = s[2 * i];
            d[n + i] = s[2 * i + 1];
        }
        return;
    }
    for (size_t b = 0; b < esize; b++)
        for (size_t i = 0; i < n; i++)
            d[b * n + i] = s[i * esize + b];
}

void dao_remote__unshuffle(void *dst, const void *src, size_t size, size_t esize)
{
    const uint8_t *s = src;
    uint8_t *d = dst;
    size_t n = size / esize;
    if (esize == 2) {
        for (size_t i = 0; i < n; i++) {
            d[2 * i] = s[i];
            d[2 * i + 1] = s[n + i];
        }
        return;
    }
    for (size_t b = 0; b < esize; b++)
        for (size_t i = 0; i < n; i++)
            d[i * esize + b] = s[b * n + i];
}

size_t dao_remote__encode(unsigned codec, const void *src, size_t size, size_t esize, void *out,
                          void *scratch)
{
    if (size == 0 || size > LZ4_MAX_INPUT_SIZE)
        return 0;
    const void *in = src;
    if (codec == DAO_REMOTE_CODEC_SHUFFLE_LZ4 && esize > 1) {
        dao_remote__shuffle(scratch, src, size, esize);
        in = scratch;
    } else if (codec != DAO_REMOTE_CODEC_LZ4 && codec != DAO_REMOTE_CODEC_SHUFFLE_LZ4) {
        return 0;
    }
    int n = LZ4_compress_default(in, out, (int)size, LZ4_compressBound((int)size));
    if (n <= 0 || (size_t)n >= size)
        return 0;
    return (size_t)n;
}

int dao_remote__decode(unsigned codec, const void *payload, size_t payload_size, void *dst,
                       size_t size, size_t esize, void *scratch)
{
    if (codec == DAO_REMOTE_CODEC_NONE) {
        if (payload_size != size)
            return DAO_REMOTE_E_BAD_PAYLOAD;
        memcpy(dst, payload, size);
        return 0;
    }
    if (codec != DAO_REMOTE_CODEC_LZ4 && codec != DAO_REMOTE_CODEC_SHUFFLE_LZ4)
        return DAO_REMOTE_E_BAD_PAYLOAD;
    if (size > LZ4_MAX_INPUT_SIZE || payload_size > (size_t)LZ4_compressBound((int)size))
        return DAO_REMOTE_E_BAD_PAYLOAD;
    bool shuffled = codec == DAO_REMOTE_CODEC_SHUFFLE_LZ4 && esize > 1;
    if (shuffled && !scratch)
        return DAO_REMOTE_E_BAD_PAYLOAD;
    /* LZ4_decompress_safe never writes past its capacity, whatever the
     * input; a result other than exactly `size` bytes is a bad payload. */
    int n = LZ4_decompress_safe(payload, shuffled ? scratch : dst, (int)payload_size, (int)size);
    if (n < 0 || (size_t)n != size)
        return DAO_REMOTE_E_BAD_PAYLOAD;
    if (shuffled)
        dao_remote__unshuffle(dst, scratch, size, esize);
    return 0;
}
