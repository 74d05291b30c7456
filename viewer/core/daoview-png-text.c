/* daoview-png-text.c — iTXt chunks into a PNG, and reading them back (see
 * daoview-png-text.h).
 *
 * A PNG is the 8-byte signature, then chunks: a 4-byte big-endian length,
 * a 4-byte type, the data, and a CRC-32 (ISO 3309, as zlib's) of type and
 * data. IHDR must come first; text chunks may go anywhere before IEND. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daoview-png-text.h"

#define MAX_FILE (1u << 30) /* a saved view is a few MB */

static const unsigned char signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

/* Bit by bit: a few hundred bytes of text, and no table shared between
 * threads to set up. */
static uint32_t
crc32_update (uint32_t crc, const unsigned char *p, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      crc ^= p[i];
      for (int k = 0; k < 8; k++)
        crc = crc & 1 ? 0xedb88320u ^ (crc >> 1) : crc >> 1;
    }
  return crc;
}

static uint32_t
get32 (const unsigned char *p)
{
  return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
}

static void
put32 (unsigned char *p, uint32_t v)
{
  p[0] = (unsigned char) (v >> 24), p[1] = (unsigned char) (v >> 16), p[2] = (unsigned char) (v >> 8);
  p[3] = (unsigned char) v;
}

static int
read_whole (const char *path, unsigned char **out, size_t *len)
{
  FILE *f = fopen (path, "rb");
  if (!f)
    return -errno;
  unsigned char *buf = NULL;
  size_t have = 0, cap = 0;
  for (;;)
    {
      if (have == cap)
        {
          if (cap >= MAX_FILE)
            {
              free (buf);
              fclose (f);
              return -EFBIG;
            }
          cap = cap ? 2 * cap : 65536;
          unsigned char *bigger = realloc (buf, cap);
          if (!bigger)
            {
              free (buf);
              fclose (f);
              return -ENOMEM;
            }
          buf = bigger;
        }
      size_t got = fread (buf + have, 1, cap - have, f);
      have += got;
      if (got == 0)
        break;
    }
  int failed = ferror (f);
  fclose (f);
  if (failed)
    {
      free (buf);
      return -EIO;
    }
  *out = buf;
  *len = have;
  return 0;
}

/* The end of IHDR (where text goes), or 0 when this is not a PNG. */
static size_t
after_ihdr (const unsigned char *buf, size_t len)
{
  if (len < 8 + 12 + 13 || memcmp (buf, signature, 8) != 0 || memcmp (buf + 12, "IHDR", 4) != 0)
    return 0;
  uint32_t n = get32 (buf + 8);
  return n == 13 && 8 + 12 + (size_t) n <= len ? 8 + 12 + n : 0;
}

static int
valid_keyword (const char *k)
{
  size_t n = strlen (k);
  if (n < 1 || n > 79 || k[0] == ' ' || k[n - 1] == ' ' || strstr (k, "  "))
    return 0;
  for (size_t i = 0; i < n; i++)
    if ((unsigned char) k[i] < 32 || ((unsigned char) k[i] > 126 && (unsigned char) k[i] < 161))
      return 0;
  return 1;
}

int
daoview_png_add_text (const char *path, const char *const *keys, const char *const *values, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (!keys[i] || !values[i] || !valid_keyword (keys[i]))
      return -EINVAL;

  unsigned char *buf = NULL;
  size_t len = 0;
  int rc = read_whole (path, &buf, &len);
  if (rc < 0)
    return rc;
  size_t at = after_ihdr (buf, len);
  if (!at)
    {
      free (buf);
      return -EINVAL;
    }

  size_t plen = strlen (path);
  char *tmp = malloc (plen + 16);
  if (!tmp)
    {
      free (buf);
      return -ENOMEM;
    }
  snprintf (tmp, plen + 16, "%s.tmp-XXXXXX", path);
  int fd = mkstemp (tmp);
  FILE *f = fd >= 0 ? fdopen (fd, "wb") : NULL;
  if (!f)
    {
      rc = -errno;
      if (fd >= 0)
        close (fd), unlink (tmp);
      free (tmp);
      free (buf);
      return rc;
    }

  int ok = fwrite (buf, 1, at, f) == at;
  for (size_t i = 0; ok && i < n; i++)
    {
      /* keyword \0, compression flag 0, method 0, language "" \0,
       * translated keyword "" \0, text */
      size_t kl = strlen (keys[i]), vl = strlen (values[i]), dl = kl + 5 + vl;
      unsigned char head[8], tail[4], mid[5] = { 0, 0, 0, 0, 0 };
      put32 (head, (uint32_t) dl);
      memcpy (head + 4, "iTXt", 4);
      uint32_t crc = crc32_update (0xffffffffu, head + 4, 4);
      crc = crc32_update (crc, (const unsigned char *) keys[i], kl);
      crc = crc32_update (crc, mid, 5);
      crc = crc32_update (crc, (const unsigned char *) values[i], vl);
      put32 (tail, crc ^ 0xffffffffu);
      ok = fwrite (head, 1, 8, f) == 8 && fwrite (keys[i], 1, kl, f) == kl && fwrite (mid, 1, 5, f) == 5
           && fwrite (values[i], 1, vl, f) == vl && fwrite (tail, 1, 4, f) == 4;
    }
  ok = ok && fwrite (buf + at, 1, len - at, f) == len - at;
  ok = fflush (f) == 0 && ok;
  rc = ok ? 0 : -EIO;
  if (fclose (f) != 0 && ok)
    rc = -errno;
  if (rc == 0 && rename (tmp, path) < 0)
    rc = -errno;
  if (rc < 0)
    unlink (tmp);
  free (tmp);
  free (buf);
  return rc;
}

char *
daoview_png_get_text (const char *path, const char *key)
{
  unsigned char *buf = NULL;
  size_t len = 0;
  char *found = NULL;
  if (read_whole (path, &buf, &len) < 0)
    return NULL;
  size_t at = after_ihdr (buf, len), kl = strlen (key);
  while (at && !found && len - at >= 12)
    {
      size_t n = get32 (buf + at);
      if (n > len - at - 12)
        break;
      const unsigned char *type = buf + at + 4, *data = buf + at + 8;
      int text = memcmp (type, "tEXt", 4) == 0, itxt = memcmp (type, "iTXt", 4) == 0;
      if ((text || itxt) && n > kl && memcmp (data, key, kl) == 0 && data[kl] == 0)
        {
          const unsigned char *v = data + kl + 1, *end = data + n;
          if (itxt)
            {
              /* compression flag (must be 0 here), method, language \0, translated \0 */
              if (end - v < 2 || v[0] != 0)
                break;
              v += 2;
              for (int skip = 0; skip < 2 && v < end; skip++)
                v = memchr (v, 0, (size_t) (end - v)) ? (const unsigned char *) memchr (v, 0, (size_t) (end - v)) + 1
                                                      : end;
            }
          found = malloc ((size_t) (end - v) + 1);
          if (found)
            {
              memcpy (found, v, (size_t) (end - v));
              found[end - v] = '\0';
            }
        }
      if (memcmp (type, "IEND", 4) == 0)
        break;
      at += 12 + n;
    }
  free (buf);
  return found;
}
