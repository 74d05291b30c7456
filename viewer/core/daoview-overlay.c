/* daoview-overlay.c — the geometry of the overlays (see daoview-overlay.h). */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daoview-overlay.h"

void
daoview_overlay_init (DaoviewOverlay *o)
{
  memset (o, 0, sizeof *o);
  o->reticle = DAOVIEW_RETICLE_OFF;
  o->position_x = o->position_y = NAN; /* none set */
  o->show_region = true;
}

bool
daoview_overlay_point (const DaoviewOverlay *o, unsigned width, unsigned height, const DaoviewPsfResult *psf,
                       double *x, double *y)
{
  if (width == 0 || height == 0)
    return false;
  switch (o->reticle)
    {
    case DAOVIEW_RETICLE_CENTRE:
      *x = (width - 1) / 2.0;
      *y = (height - 1) / 2.0;
      return true;
    case DAOVIEW_RETICLE_CENTROID:
      if (!psf || !isfinite (psf->centroid_x) || !isfinite (psf->centroid_y))
        return false;
      *x = psf->centroid_x;
      *y = psf->centroid_y;
      return true;
    case DAOVIEW_RETICLE_POSITION:
      if (!isfinite (o->position_x) || !isfinite (o->position_y))
        return false;
      *x = o->position_x;
      *y = o->position_y;
      return true;
    default:
      return false;
    }
}

DaoviewReticle
daoview_overlay_next_reticle (const DaoviewOverlay *o, bool have_position)
{
  switch (o->reticle)
    {
    case DAOVIEW_RETICLE_OFF: return DAOVIEW_RETICLE_CENTRE;
    case DAOVIEW_RETICLE_CENTRE: return DAOVIEW_RETICLE_CENTROID;
    case DAOVIEW_RETICLE_CENTROID: return have_position ? DAOVIEW_RETICLE_POSITION : DAOVIEW_RETICLE_OFF;
    default: return DAOVIEW_RETICLE_OFF;
    }
}

int
daoview_overlay_parse_radii (const char *text, double *radii, unsigned max)
{
  unsigned n = 0;
  if (!text)
    return -1;
  while (*text == ' ')
    text++;
  if (*text == '\0' || strcmp (text, "none") == 0)
    return 0;
  for (;;)
    {
      char *end;
      double r = g_ascii_strtod (text, &end);
      if (end == text || !isfinite (r) || r <= 0 || n == max)
        return -1;
      radii[n++] = r;
      while (*end == ' ')
        end++;
      if (*end == '\0')
        return (int) n;
      if (*end != ',')
        return -1;
      text = end + 1;
    }
}

void
daoview_overlay_format_radii (const double *radii, unsigned n, char *buf, unsigned long len)
{
  unsigned long used = 0;
  if (len == 0)
    return;
  buf[0] = '\0';
  for (unsigned i = 0; i < n && used < len; i++)
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];
      int w = snprintf (buf + used, len - used, i ? ",%s" : "%s",
                        g_ascii_formatd (number, sizeof number, "%g", radii[i]));
      if (w < 0)
        break;
      used += (unsigned long) w;
    }
}
