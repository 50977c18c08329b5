/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Session"

#include <math.h>
#include <pango/pangocairo.h>

#include "tj-calendar.h"
#include "tj-error.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-offer-chart.h"

/* Margins of each panel's plot area, in pixels. */
#define LEFT   96.0
#define RIGHT  56.0
#define TOP    34.0
#define BOTTOM 30.0

typedef struct {
  double r, g, b;
} Rgb;

typedef struct {
  Rgb background, text, grid, worker, employer, agreed, band;
} Palette;

/* GNOME palette colours: light and dark variants chosen so both lines keep
 * at least 3:1 contrast with their background (WCAG non-text contrast). */
static const Palette light = {
  { 1.0, 1.0, 1.0 },
  { 0x24 / 255.0, 0x1f / 255.0, 0x31 / 255.0 },
  { 0xde / 255.0, 0xdd / 255.0, 0xda / 255.0 },
  { 0xc0 / 255.0, 0x1c / 255.0, 0x28 / 255.0 },
  { 0x1a / 255.0, 0x5f / 255.0, 0xb4 / 255.0 },
  { 0x26 / 255.0, 0xa2 / 255.0, 0x69 / 255.0 },
  { 0x8f / 255.0, 0xf0 / 255.0, 0xa4 / 255.0 },
};
static const Palette dark = {
  { 0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0 },
  { 1.0, 1.0, 1.0 },
  { 0x3d / 255.0, 0x38 / 255.0, 0x46 / 255.0 },
  { 0xff / 255.0, 0x7b / 255.0, 0x63 / 255.0 },
  { 0x62 / 255.0, 0xa0 / 255.0, 0xea / 255.0 },
  { 0x57 / 255.0, 0xe3 / 255.0, 0x89 / 255.0 },
  { 0x26 / 255.0, 0x5c / 255.0, 0x3a / 255.0 },
};

guint32
tj_offer_chart_background (gboolean is_dark)
{
  const Palette *p = is_dark ? &dark : &light;
  return ((guint32) (p->background.r * 255 + 0.5) << 16) |
         ((guint32) (p->background.g * 255 + 0.5) << 8) |
         (guint32) (p->background.b * 255 + 0.5);
}

/* ------------------------------------------------------------------ */
/* Layout: shared by drawing and tj_offer_chart_point()                 */

typedef struct {
  JsonObject *issue;
  gboolean    is_date;
  double      x0, y0, w, h;     /* plot area */
  double      vmin, vmax, step;   /* value axis and its grid step */
  gint64      rmin, rmax;
} Panel;

static gboolean
value_of (JsonObject *figure,
          gboolean    is_date,
          double     *out)
{
  if (figure == NULL)
    return FALSE;
  if (is_date)
    {
      GDate d;
      g_date_clear (&d, 1);
      if (!tj_date_parse_iso (tj_json_get_string (figure, "date", NULL), &d))
        return FALSE;
      *out = g_date_get_julian (&d);
      return TRUE;
    }
  if (!json_object_has_member (figure, "amount_fen"))
    return FALSE;
  *out = (double) tj_json_get_int (figure, "amount_fen", 0);
  return TRUE;
}

static double
nice_step (double raw)
{
  double magnitude, norm;
  if (raw <= 1)
    return 1;
  magnitude = pow (10, floor (log10 (raw)));
  norm = raw / magnitude;
  return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * magnitude;
}

static GArray *
layout (int         width,
        int         height,
        JsonObject *figures)
{
  GArray *panels = g_array_new (FALSE, TRUE, sizeof (Panel));
  JsonArray *list = figures ? tj_json_get_array (figures, "issues") : NULL;
  double each;

  for (guint i = 0; list && i < json_array_get_length (list); i++)
    {
      JsonObject *is = json_array_get_object_element (list, i);
      const char *unit = tj_json_get_string (is, "unit", "");
      JsonArray *rounds = tj_json_get_array (is, "rounds");
      Panel p = { 0 };
      gboolean any = FALSE;

      if ((!g_str_equal (unit, "fen") && !g_str_equal (unit, "date")) || rounds == NULL)
        continue;
      p.issue = is;
      p.is_date = g_str_equal (unit, "date");
      for (guint r = 0; r < json_array_get_length (rounds); r++)
        {
          JsonObject *row = json_array_get_object_element (rounds, r);
          gint64 round = tj_json_get_int (row, "round", 1);
          static const char * const sides[] = { "worker", "employer", "agreed" };
          for (guint s = 0; s < G_N_ELEMENTS (sides); s++)
            {
              double v;
              if (!value_of (tj_json_get_object (row, sides[s]), p.is_date, &v))
                continue;
              if (!any)
                {
                  p.vmin = p.vmax = v;
                  p.rmin = p.rmax = round;
                  any = TRUE;
                }
              p.vmin = MIN (p.vmin, v);
              p.vmax = MAX (p.vmax, v);
              p.rmin = MIN (p.rmin, round);
              p.rmax = MAX (p.rmax, round);
            }
        }
      if (!any)
        continue;
      /* Room above and below so the lines never sit on the frame. */
      {
        double span = p.vmax - p.vmin;
        double pad = span > 0 ? span * 0.12 : MAX (1.0, ABS (p.vmax) * 0.1);
        if (p.is_date && span == 0)
          pad = 3;
        gboolean positive = p.vmin >= 0;
        p.vmin -= pad;
        p.vmax += pad;
        /* Round the axis to a 1-2-5 step so the grid reads ¥20,000, not
         * ¥19,672.35 (fen for money, days for dates). */
        p.step = nice_step ((p.vmax - p.vmin) / 4);
        p.vmin = floor (p.vmin / p.step) * p.step;
        p.vmax = ceil (p.vmax / p.step) * p.step;
        if (positive && !p.is_date && p.vmin < 0)
          p.vmin = 0;
      }
      g_array_append_val (panels, p);
    }

  each = panels->len ? (double) height / panels->len : height;
  for (guint i = 0; i < panels->len; i++)
    {
      Panel *p = &g_array_index (panels, Panel, i);
      p->x0 = LEFT;
      p->y0 = i * each + TOP;
      p->w = MAX (10.0, width - LEFT - RIGHT);
      p->h = MAX (10.0, each - TOP - BOTTOM);
    }
  return panels;
}

static double
x_of (const Panel *p,
      gint64       round)
{
  if (p->rmax == p->rmin)
    return p->x0 + p->w / 2;
  return p->x0 + p->w * (double) (round - p->rmin) / (double) (p->rmax - p->rmin);
}

static double
y_of (const Panel *p,
      double       v)
{
  return p->y0 + p->h - p->h * (v - p->vmin) / (p->vmax - p->vmin);
}

gboolean
tj_offer_chart_point (int          width,
                      int          height,
                      JsonObject  *figures,
                      guint        index,
                      gint64       round,
                      const char  *side,
                      double      *x,
                      double      *y)
{
  g_autoptr(GArray) panels = layout (width, height, figures);
  const Panel *p;
  JsonArray *rounds;

  if (index >= panels->len)
    return FALSE;
  p = &g_array_index (panels, Panel, index);
  rounds = tj_json_get_array (p->issue, "rounds");
  for (guint r = 0; r < json_array_get_length (rounds); r++)
    {
      JsonObject *row = json_array_get_object_element (rounds, r);
      double v;
      if (tj_json_get_int (row, "round", 1) != round ||
          !value_of (tj_json_get_object (row, side), p->is_date, &v))
        continue;
      *x = x_of (p, round);
      *y = y_of (p, v);
      return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Drawing                                                              */

static void
set_rgb (cairo_t   *cr,
         const Rgb *c)
{
  cairo_set_source_rgb (cr, c->r, c->g, c->b);
}

static void
text_at (cairo_t    *cr,
         const char *text,
         double      x,
         double      y,
         double      align,   /* 0 left, 0.5 centre, 1 right */
         gboolean    bold)
{
  PangoLayout *pl = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (bold ? "Sans Bold 11" : "Sans 9");
  int w, h;

  pango_layout_set_font_description (pl, font);
  pango_layout_set_text (pl, text, -1);
  pango_layout_get_pixel_size (pl, &w, &h);
  cairo_move_to (cr, x - w * align, y - h / 2.0);
  pango_cairo_show_layout (cr, pl);
  pango_font_description_free (font);
  g_object_unref (pl);
}

static char *
value_label (const Panel *p,
             double       v)
{
  if (p->is_date)
    {
      GDate d;
      g_date_clear (&d, 1);
      g_date_set_julian (&d, (guint32) CLAMP (v + 0.5, 1, G_MAXUINT32));
      return tj_date_to_iso (&d);
    }
  return tj_money_format ((gint64) (v + (v >= 0 ? 0.5 : -0.5)));
}

static void
marker (cairo_t *cr,
        double   x,
        double   y,
        int      shape)
{
  if (shape == 0)
    cairo_arc (cr, x, y, 5.5, 0, 2 * G_PI);
  else if (shape == 1)
    cairo_rectangle (cr, x - 5, y - 5, 10, 10);
  else
    {
      cairo_move_to (cr, x, y - 7);
      cairo_line_to (cr, x + 7, y);
      cairo_line_to (cr, x, y + 7);
      cairo_line_to (cr, x - 7, y);
      cairo_close_path (cr);
    }
  cairo_fill (cr);
}

static void
draw_panel (cairo_t       *cr,
            const Panel   *p,
            const Palette *pal,
            gboolean       legend)
{
  static const char * const sides[] = { "worker", "employer", "agreed" };
  JsonArray *rounds = tj_json_get_array (p->issue, "rounds");
  const Rgb *colours[] = { &pal->worker, &pal->employer, &pal->agreed };

  /* Title, and whether the ranges crossed. */
  set_rgb (cr, &pal->text);
  {
    const char *label = tj_json_get_string (p->issue, "label", "");
    const char *status = tj_json_get_string (p->issue, "status", "open");
    g_autofree char *title = NULL;
    if (g_str_equal (status, "crossed"))
      title = g_strdup_printf (_("%s — ranges crossed"), label);
    else if (g_str_equal (status, "agreed"))
      title = g_strdup_printf (_("%s — agreed"), label);
    else
      title = g_strdup (label);
    text_at (cr, title, 8, p->y0 - TOP / 2 - 2, 0, TRUE);
  }

  /* Grid: a line per step, with its value. */
  cairo_set_line_width (cr, 1);
  for (int i = 0; p->vmin + i * p->step <= p->vmax + p->step / 2 && i < 12; i++)
    {
      double v = p->vmin + i * p->step;
      double y = y_of (p, v);
      g_autofree char *label = value_label (p, v);
      set_rgb (cr, &pal->grid);
      cairo_move_to (cr, p->x0, y);
      cairo_line_to (cr, p->x0 + p->w, y);
      cairo_stroke (cr);
      set_rgb (cr, &pal->text);
      text_at (cr, label, p->x0 - 6, y, 1, FALSE);
    }
  for (gint64 r = p->rmin; r <= p->rmax; r++)
    {
      g_autofree char *label = g_strdup_printf (_("Round %d"), (int) r);
      set_rgb (cr, &pal->text);
      text_at (cr, label, x_of (p, r), p->y0 + p->h + BOTTOM / 2, 0.5, FALSE);
    }

  /* The band both sides accept once the offer reaches the demand. */
  if (g_strcmp0 (tj_json_get_string (p->issue, "status", NULL), "crossed") == 0)
    {
      double a, b;
      if (value_of (tj_json_get_object (p->issue, "worker"), p->is_date, &a) &&
          value_of (tj_json_get_object (p->issue, "employer"), p->is_date, &b))
        {
          double ya = y_of (p, a), yb = y_of (p, b);
          cairo_set_source_rgba (cr, pal->band.r, pal->band.g, pal->band.b, 0.45);
          cairo_rectangle (cr, p->x0, MIN (ya, yb) - 2, p->w, ABS (ya - yb) + 4);
          cairo_fill (cr);
        }
    }

  /* Lines, then markers on top. */
  for (guint s = 0; s < 3; s++)
    {
      gboolean first = TRUE;
      set_rgb (cr, colours[s]);
      cairo_set_line_width (cr, 3);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      for (guint r = 0; r < json_array_get_length (rounds); r++)
        {
          JsonObject *row = json_array_get_object_element (rounds, r);
          double v;
          if (!value_of (tj_json_get_object (row, sides[s]), p->is_date, &v))
            continue;
          if (first)
            cairo_move_to (cr, x_of (p, tj_json_get_int (row, "round", 1)), y_of (p, v));
          else
            cairo_line_to (cr, x_of (p, tj_json_get_int (row, "round", 1)), y_of (p, v));
          first = FALSE;
        }
      cairo_stroke (cr);
      for (guint r = 0; r < json_array_get_length (rounds); r++)
        {
          JsonObject *row = json_array_get_object_element (rounds, r);
          double v;
          if (value_of (tj_json_get_object (row, sides[s]), p->is_date, &v))
            marker (cr, x_of (p, tj_json_get_int (row, "round", 1)), y_of (p, v), s);
        }
    }

  /* The latest figure of each side in words, left of its marker: the
   * worker's above and the employer's below, so they stay apart when the
   * lines meet. */
  for (guint s = 0; s < 3; s++)
    {
      JsonObject *latest = NULL;
      gint64 round = 0;
      double v;
      for (guint r = 0; r < json_array_get_length (rounds); r++)
        {
          JsonObject *row = json_array_get_object_element (rounds, r);
          if (tj_json_get_object (row, sides[s]))
            {
              latest = tj_json_get_object (row, sides[s]);
              round = tj_json_get_int (row, "round", 1);
            }
        }
      if (latest && value_of (latest, p->is_date, &v))
        {
          g_autofree char *label = value_label (p, v);
          double dy = s == 0 ? -14 : s == 1 ? 14 : 0;
          set_rgb (cr, colours[s]);
          /* On the first of several rounds there is no room on the left:
           * the value axis is there. */
          if (round == p->rmin && p->rmax > p->rmin)
            text_at (cr, label, x_of (p, round) + 12, y_of (p, v) + dy, 0, FALSE);
          else
            text_at (cr, label, x_of (p, round) - 12, y_of (p, v) + dy, 1, FALSE);
        }
    }

  if (legend)
    {
      const char *names[] = { _("Worker side"), _("Employer side"), _("Agreed") };
      double x = p->x0 + p->w;
      for (int s = 2; s >= 0; s--)
        {
          PangoLayout *pl = pango_cairo_create_layout (cr);
          PangoFontDescription *font = pango_font_description_from_string ("Sans 9");
          int w, h;
          pango_layout_set_font_description (pl, font);
          pango_layout_set_text (pl, names[s], -1);
          pango_layout_get_pixel_size (pl, &w, &h);
          x -= w;
          set_rgb (cr, &pal->text);
          cairo_move_to (cr, x, p->y0 - TOP / 2 - h / 2.0 - 2);
          pango_cairo_show_layout (cr, pl);
          set_rgb (cr, colours[s]);
          marker (cr, x - 10, p->y0 - TOP / 2 - 2, s);
          x -= 28;
          pango_font_description_free (font);
          g_object_unref (pl);
        }
    }
}

void
tj_offer_chart_draw (cairo_t    *cr,
                     int         width,
                     int         height,
                     JsonObject *figures,
                     gboolean    is_dark)
{
  const Palette *pal = is_dark ? &dark : &light;
  g_autoptr(GArray) panels = NULL;

  g_return_if_fail (cr != NULL);

  cairo_save (cr);
  set_rgb (cr, &pal->background);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  panels = layout (width, height, figures);
  if (panels->len == 0)
    {
      set_rgb (cr, &pal->text);
      text_at (cr, _("No demands or offers recorded yet"), width / 2.0, height / 2.0, 0.5, FALSE);
    }
  for (guint i = 0; i < panels->len; i++)
    draw_panel (cr, &g_array_index (panels, Panel, i), pal, i == 0);
  cairo_restore (cr);
}

static cairo_status_t
append_png_cb (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
tj_offer_chart_render_png (JsonObject  *figures,
                           int          width,
                           int          height,
                           gboolean     is_dark,
                           GError     **error)
{
  g_autoptr(GByteArray) png = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  if (width < 200 || height < 120 || width > 8000 || height > 8000)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("The chart must be between 200×120 and 8000×8000 pixels"));
      return NULL;
    }
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  tj_offer_chart_draw (cr, width, height, figures, is_dark);
  cairo_destroy (cr);
  png = g_byte_array_new ();
  status = cairo_surface_write_to_png_stream (surface, append_png_cb, png);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_FAILED, _("Could not draw the chart: %s"),
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}

gboolean
tj_offer_chart_write_png (JsonObject  *figures,
                          int          width,
                          int          height,
                          gboolean     is_dark,
                          const char  *path,
                          GError     **error)
{
  g_autoptr(GBytes) png = tj_offer_chart_render_png (figures, width, height, is_dark, error);
  g_autoptr(GError) local_error = NULL;

  if (png == NULL)
    return FALSE;
  /* A temporary file renamed into place: never half a picture. */
  if (!g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), &local_error))
    {
      g_set_error_literal (error, TJ_ERROR, TJ_ERROR_INVALID, local_error->message);
      return FALSE;
    }
  return TRUE;
}
