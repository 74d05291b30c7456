/* remote-codec.h — lossless payload codecs: LZ4, and LZ4 after grouping the
 * bytes of each element by significance ("shuffle"), which turns the slowly
 * varying high bytes of camera pixels into long runs LZ4 finds. */
#ifndef DAO_REMOTE_CODEC_H
#define DAO_REMOTE_CODEC_H

#include <stddef.h>

/* Bytes an encoder may need for a frame of `size` bytes. */
size_t dao_remote__codec_bound(size_t size);

/* Encode `size` bytes of elements of `esize` bytes into out (capacity
 * dao_remote__codec_bound(size)). scratch holds `size` bytes (used by the
 * shuffle). Returns the payload length, or 0 when this codec cannot take the
 * frame (too large for LZ4) or the result would not be smaller than the
 * frame — send it raw then. */
size_t dao_remote__encode(unsigned codec, const void *src, size_t size, size_t esize, void *out,
                          void *scratch);

/* Decode a payload into exactly `size` bytes at dst. scratch holds `size`
 * bytes (NULL is fine for codecs that do not shuffle). Returns 0 or
 * DAO_REMOTE_E_BAD_PAYLOAD for a payload that does not decode to exactly
 * size bytes; never writes outside dst. */
int dao_remote__decode(unsigned codec, const void *payload, size_t payload_size, void *dst,
                       size_t size, size_t esize, void *scratch);

/* The shuffle and its inverse (exposed for the bench and tests). */
void dao_remote__shuffle(void *dst, const void *src, size_t size, size_t esize);
void dao_remote__unshuffle(void *dst, const void *src, size_t size, size_t esize);

#endif /* DAO_REMOTE_CODEC_H */
