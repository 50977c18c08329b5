/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Charts of the report. Drawn in user units with absolute font sizes, so
 * the same drawing reads the same in a widget (pixels) and, scaled by the
 * caller, on a PDF page (points). */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Report"

#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-report-chart.h"
#include "tj-report.h"

#define SANS_FAMILIES "Noto Sans CJK SC,Source Han Sans SC,SimHei,黑体,Heiti SC,sans-serif"
#define FONT_SIZE 12.0
#define PAD 8.0

typedef struct { double r, g, b; } Rgb;

/* Adwaita palette: the "3" shades on light, the "1"/"2" shades on dark. */
static const Rgb outcome_light[4] = {
  { 0x26 / 255.0, 0xa2 / 255.0, 0x69 / 255.0 },  /* agreed: green */
  { 0xe0 / 255.0, 0x1b / 255.0, 0x24 / 255.0 },  /* failed: red */
  { 0x9a / 255.0, 0x99 / 255.0, 0x96 / 255.0 },  /* withdrawn: grey */
  { 0xe6 / 255.0, 0x61 / 255.0, 0x00 / 255.0 },  /* referred: orange */
};
static const Rgb outcome_dark[4] = {
  { 0x57 / 255.0, 0xe3 / 255.0, 0x89 / 255.0 },
  { 0xff / 255.0, 0x7b / 255.0, 0x63 / 255.0 },
  { 0xc0 / 255.0, 0xbf / 255.0, 0xbc / 255.0 },
  { 0xff / 255.0, 0xa3 / 255.0, 0x48 / 255.0 },
};
static const Rgb blue_light = { 0x1c / 255.0, 0x71 / 255.0, 0xd8 / 255.0 };
static const Rgb blue_dark = { 0x62 / 255.0, 0xa0 / 255.0, 0xea / 255.0 };
static const char * const outcome_keys[4] = { "agreed", "failed", "withdrawn", "referred" };

typedef struct {
  cairo_t    *cr;
  gboolean    dark;
  const char *family;
} Ctx;

const char *
tj_report_chart_title (TjReportChart chart)
{
  switch (chart)
    {
    case TJ_REPORT_CHART_OUTCOMES:
      return _("Cases closed per month, by outcome");
    case TJ_REPORT_CHART_RECOVERED:
      return _("Amount recovered per month");
    case TJ_REPORT_CHART_KINDS:
      return _("Cases received by kind");
    case TJ_REPORT_CHART_STATIONS:
      return _("Cases per station: received, and closed by outcome");
    default:
      return "";
    }
}

gboolean
tj_report_chart_applies (JsonObject    *summary,
                         TjReportChart  chart)
{
  if (chart == TJ_REPORT_CHART_STATIONS)
    return tj_json_get_object (summary, "by_station") != NULL &&
           json_object_get_size (tj_json_get_object (summary, "by_station")) > 0;
  return summary != NULL;
}

/* Rows of the station chart: the legend, then two bars per station. */
#define STATION_ROW_H (FONT_SIZE * 2.6)

double
tj_report_chart_height (JsonObject    *summary,
                        TjReportChart  chart,
                        double         height)
{
  JsonObject *stations = tj_json_get_object (summary, "by_station");

  if (chart != TJ_REPORT_CHART_STATIONS || stations == NULL)
    return height;
  return MAX (height, FONT_SIZE * 2 + STATION_ROW_H * json_object_get_size (stations));
}

static void
set_rgb (Ctx       *c,
         const Rgb *rgb)
{
  cairo_set_source_rgb (c->cr, rgb->r, rgb->g, rgb->b);
}

static void
set_fg (Ctx    *c,
        double  alpha)
{
  if (c->dark)
    cairo_set_source_rgba (c->cr, 1, 1, 1, alpha);
  else
    cairo_set_source_rgba (c->cr, 0, 0, 0, alpha);
}

static PangoLayout *
text_layout (Ctx        *c,
             const char *text,
             double      size,
             gboolean    bold)
{
  PangoLayout *layout = pango_cairo_create_layout (c->cr);
  PangoFontDescription *desc = pango_font_description_from_string (c->family);

  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
text_size (Ctx        *c,
           const char *text,
           double      size,
           double     *w,
           double     *h)
{
  PangoLayout *layout = text_layout (c, text, size, FALSE);
  int pw, ph;

  pango_layout_get_size (layout, &pw, &ph);
  *w = (double) pw / PANGO_SCALE;
  *h = (double) ph / PANGO_SCALE;
  g_object_unref (layout);
}

/* Draws @text with its anchor (@ax, @ay in 0..1 of its extents) at x, y. */
static void
draw_text (Ctx        *c,
           const char *text,
           double      x,
           double      y,
           double      ax,
           double      ay,
           double      size,
           gboolean    bold)
{
  PangoLayout *layout = text_layout (c, text, size, bold);
  int pw, ph;

  pango_layout_get_size (layout, &pw, &ph);
  cairo_move_to (c->cr, x - ax * pw / PANGO_SCALE, y - ay * ph / PANGO_SCALE);
  pango_cairo_show_layout (c->cr, layout);
  g_object_unref (layout);
}

/* A round step for about five grid lines up to @max. */
static double
nice_step (double max)
{
  double raw = max / 5.0, mag, f;

  if (raw <= 0)
    return 1;
  mag = pow (10, floor (log10 (raw)));
  f = raw / mag;
  if (f <= 1)
    return mag;
  if (f <= 2)
    return 2 * mag;
  if (f <= 5)
    return 5 * mag;
  return 10 * mag;
}

/* Compact yuan for axis and bar labels. Translators choose the unit: ten
 * thousand (万) in Chinese, a thousand ("k") in English. */
static char *
compact_yuan (double yuan)
{
  /* Translators: the divisor of compact amounts in charts; "10000" for 万 */
  double divisor = g_ascii_strtod (C_("chart amount divisor", "1000"), NULL);
  char number[32];

  if (divisor <= 0)
    divisor = 1000;
  if (fabs (yuan) < divisor)
    return g_strdup_printf ("%.0f", yuan);
  g_snprintf (number, sizeof number, "%.1f", yuan / divisor);
  if (g_str_has_suffix (number, ".0"))
    number[strlen (number) - 2] = '\0';
  /* Translators: a compact amount in charts, %s is the number of units of the divisor above */
  return g_strdup_printf (C_("chart amount", "%sk"), number);
}

static char *
format_count (double v)
{
  return g_strdup_printf ("%.0f", v);
}

/* One entry of the legend on top of a chart, at *@x: a swatch of
 * @colour and its @label; *@x moves past it. */
static void
draw_legend_entry (Ctx        *c,
                   const Rgb  *colour,
                   const char *label,
                   double     *x)
{
  double tw, th;

  set_rgb (c, colour);
  cairo_rectangle (c->cr, *x, 2, FONT_SIZE * 0.8, FONT_SIZE * 0.8);
  cairo_fill (c->cr);
  set_fg (c, 0.8);
  draw_text (c, label, *x + FONT_SIZE, 2 + FONT_SIZE * 0.4, 0, 0.5, FONT_SIZE * 0.9, FALSE);
  text_size (c, label, FONT_SIZE * 0.9, &tw, &th);
  *x += FONT_SIZE + tw + 2 * PAD;
}

typedef char *(*FormatFunc) (double v);

/* Axes and horizontal grid for vertical bars; returns the plot area. */
static void
vertical_axes (Ctx        *c,
               double      x0,
               double      y0,
               double      width,
               double      height,
               double      max,
               FormatFunc  format,
               const char *unit,
               double     *px,
               double     *py,
               double     *pw,
               double     *ph,
               double     *scale_max)
{
  /* Counts are whole: a step under 1 labelled "0, 0, 0, 1, 1, 1" on a
   * station's or a quiet month's chart. */
  double step = format == format_count ? MAX (1, nice_step (max > 0 ? max : 1)) : nice_step (max > 0 ? max : 1);
  double top = ceil ((max > 0 ? max : 1) / step) * step;
  double label_w = 0, tw, th;

  for (double v = 0; v <= top + step / 2; v += step)
    {
      g_autofree char *s = format (v);
      text_size (c, s, FONT_SIZE * 0.9, &tw, &th);
      label_w = MAX (label_w, tw);
    }
  *px = x0 + label_w + PAD;
  *py = y0 + (unit ? FONT_SIZE * 1.6 : FONT_SIZE * 0.6);
  *pw = MAX (10, width - (*px - x0) - PAD);
  *ph = MAX (10, height - (*py - y0) - FONT_SIZE * 2.2);
  *scale_max = top;

  if (unit)
    {
      set_fg (c, 0.6);
      draw_text (c, unit, x0, y0, 0, 0, FONT_SIZE * 0.9, FALSE);
    }
  cairo_set_line_width (c->cr, 1);
  for (double v = 0; v <= top + step / 2; v += step)
    {
      double y = round (*py + *ph - v / top * *ph) + 0.5;
      g_autofree char *s = format (v);
      set_fg (c, v == 0 ? 0.45 : 0.12);
      cairo_move_to (c->cr, *px, y);
      cairo_line_to (c->cr, *px + *pw, y);
      cairo_stroke (c->cr);
      set_fg (c, 0.65);
      draw_text (c, s, *px - PAD / 2, y, 1, 0.5, FONT_SIZE * 0.9, FALSE);
    }
}

static void
draw_empty (Ctx    *c,
            double  width,
            double  height)
{
  set_fg (c, 0.5);
  draw_text (c, _("No figures in this period"), width / 2, height / 2, 0.5, 0.5, FONT_SIZE, FALSE);
}

static gboolean
month_labels_fit (Ctx       *c,
                  JsonArray *months,
                  double     slot)
{
  double widest = 0, tw, th;

  for (guint i = 0; i < json_array_get_length (months); i++)
    {
      JsonObject *m = json_array_get_object_element (months, i);
      text_size (c, tj_json_get_string (m, "label", ""), FONT_SIZE * 0.9, &tw, &th);
      widest = MAX (widest, tw);
    }
  return widest + 2 <= slot;
}

static void
draw_outcomes (Ctx        *c,
               JsonObject *summary,
               double      width,
               double      height)
{
  JsonArray *months = tj_json_get_array (summary, "months");
  guint n = months ? json_array_get_length (months) : 0;
  const Rgb *palette = c->dark ? outcome_dark : outcome_light;
  double max = 0, px, py, pw, ph, top, legend_x = 0;
  gboolean labels_fit;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *m = json_array_get_object_element (months, i);
      double sum = 0;
      for (int k = 0; k < 4; k++)
        sum += tj_json_get_int (m, outcome_keys[k], 0);
      max = MAX (max, sum);
    }

  /* The legend on top, one swatch per outcome. */
  for (int k = 0; k < 4; k++)
    draw_legend_entry (c, &palette[k], tj_report_outcome_label (outcome_keys[k]), &legend_x);
  if (max == 0 || n == 0)
    {
      draw_empty (c, width, height);
      return;
    }
  vertical_axes (c, 0, FONT_SIZE * 1.4, width, height - FONT_SIZE * 1.4, max, format_count,
                 _("Cases"), &px, &py, &pw, &ph, &top);
  labels_fit = month_labels_fit (c, months, pw / n);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *m = json_array_get_object_element (months, i);
      double slot = pw / n, bw = MIN (slot * 0.62, 48), x = px + i * slot + (slot - bw) / 2;
      double y = py + ph, sum = 0;

      for (int k = 0; k < 4; k++)
        {
          double v = tj_json_get_int (m, outcome_keys[k], 0);
          double h = v / top * ph;
          if (v <= 0)
            continue;
          set_rgb (c, &palette[k]);
          cairo_rectangle (c->cr, x, y - h, bw, h);
          cairo_fill (c->cr);
          y -= h;
          sum += v;
        }
      if (sum > 0)
        {
          g_autofree char *s = format_count (sum);
          set_fg (c, 0.85);
          draw_text (c, s, x + bw / 2, y - 2, 0.5, 1, FONT_SIZE * 0.85, FALSE);
        }
      if (labels_fit || i % 2 == 0)
        {
          set_fg (c, 0.7);
          draw_text (c, tj_json_get_string (m, "label", ""), x + bw / 2, py + ph + 4, 0.5, 0, FONT_SIZE * 0.9, FALSE);
        }
    }
}

static char *
format_yuan_axis (double v)
{
  return compact_yuan (v);
}

static void
draw_recovered (Ctx        *c,
                JsonObject *summary,
                double      width,
                double      height)
{
  JsonArray *months = tj_json_get_array (summary, "months");
  guint n = months ? json_array_get_length (months) : 0;
  const Rgb *colour = c->dark ? &blue_dark : &blue_light;
  double max = 0, px, py, pw, ph, top;
  gboolean labels_fit;

  for (guint i = 0; i < n; i++)
    max = MAX (max, tj_json_get_int (json_array_get_object_element (months, i), "paid_fen", 0) / 100.0);
  if (max == 0 || n == 0)
    {
      draw_empty (c, width, height);
      return;
    }
  vertical_axes (c, 0, 0, width, height, max, format_yuan_axis, _("Yuan"), &px, &py, &pw, &ph, &top);
  labels_fit = month_labels_fit (c, months, pw / n);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *m = json_array_get_object_element (months, i);
      double slot = pw / n, bw = MIN (slot * 0.62, 48), x = px + i * slot + (slot - bw) / 2;
      double v = tj_json_get_int (m, "paid_fen", 0) / 100.0;
      double h = v / top * ph;

      if (v > 0)
        {
          g_autofree char *s = compact_yuan (v);
          double tw, th;
          set_rgb (c, colour);
          cairo_rectangle (c->cr, x, py + ph - h, bw, h);
          cairo_fill (c->cr);
          text_size (c, s, FONT_SIZE * 0.8, &tw, &th);
          if (tw <= slot || n <= 6)
            {
              set_fg (c, 0.85);
              draw_text (c, s, x + bw / 2, py + ph - h - 2, 0.5, 1, FONT_SIZE * 0.8, FALSE);
            }
        }
      if (labels_fit || i % 2 == 0)
        {
          set_fg (c, 0.7);
          draw_text (c, tj_json_get_string (m, "label", ""), x + bw / 2, py + ph + 4, 0.5, 0, FONT_SIZE * 0.9, FALSE);
        }
    }
}

static void
draw_kinds (Ctx        *c,
            JsonObject *summary,
            double      width,
            double      height)
{
  JsonArray *kinds = tj_json_get_array (summary, "by_kind");
  guint n = kinds ? json_array_get_length (kinds) : 0;
  const Rgb *colour = c->dark ? &blue_dark : &blue_light;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  double max = 0, label_w = 0, value_w = 0, tw, th, row_h, bar_x, bar_w;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *k = json_array_get_object_element (kinds, i);
      gint64 v = tj_json_get_int (k, "received", 0);
      if (v <= 0)
        continue;
      g_ptr_array_add (rows, k);
      max = MAX (max, v);
      text_size (c, tj_json_get_string (k, "label", ""), FONT_SIZE, &tw, &th);
      label_w = MAX (label_w, tw);
    }
  if (rows->len == 0)
    {
      draw_empty (c, width, height);
      return;
    }
  /* Largest first. */
  for (guint i = 1; i < rows->len; i++)
    for (guint j = i; j > 0 &&
         tj_json_get_int (rows->pdata[j], "received", 0) > tj_json_get_int (rows->pdata[j - 1], "received", 0); j--)
      {
        gpointer t = rows->pdata[j];
        rows->pdata[j] = rows->pdata[j - 1];
        rows->pdata[j - 1] = t;
      }
  {
    g_autofree char *s = format_count (max);
    text_size (c, s, FONT_SIZE, &value_w, &th);
  }
  row_h = MIN (height / rows->len, FONT_SIZE * 2.6);
  bar_x = label_w + PAD;
  bar_w = MAX (10, width - bar_x - value_w - 2 * PAD);
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *k = rows->pdata[i];
      double v = tj_json_get_int (k, "received", 0);
      double y = i * row_h, w = v / max * bar_w;
      g_autofree char *s = format_count (v);

      set_fg (c, 0.8);
      draw_text (c, tj_json_get_string (k, "label", ""), label_w, y + row_h / 2, 1, 0.5, FONT_SIZE, FALSE);
      set_rgb (c, colour);
      cairo_rectangle (c->cr, bar_x, y + row_h * 0.18, MAX (w, 1), row_h * 0.64);
      cairo_fill (c->cr);
      set_fg (c, 0.85);
      draw_text (c, s, bar_x + w + PAD / 2, y + row_h / 2, 0, 0.5, FONT_SIZE, FALSE);
    }
  set_fg (c, 0.45);
  cairo_set_line_width (c->cr, 1);
  cairo_move_to (c->cr, round (bar_x) + 0.5, 0);
  cairo_line_to (c->cr, round (bar_x) + 0.5, rows->len * row_h);
  cairo_stroke (c->cr);
}

/* Per station, in the registry's order: a blue bar of the cases
 * received and, under it, the cases closed stacked by outcome, each with
 * its total. The stations are compared at a glance; the table has the
 * rest. */
static void
draw_stations (Ctx        *c,
               JsonObject *summary,
               double      width,
               double      height)
{
  JsonObject *stations = tj_json_get_object (summary, "by_station");
  g_autoptr(GList) codes = stations ? json_object_get_members (stations) : NULL;
  const Rgb *palette = c->dark ? outcome_dark : outcome_light;
  const Rgb *colour = c->dark ? &blue_dark : &blue_light;
  double max = 0, label_w = 0, value_w, tw, th, legend_x = 0, top = FONT_SIZE * 2, row_h, bar_x, bar_w;
  guint n = g_list_length (codes);

  for (GList *l = codes; l; l = l->next)
    {
      JsonObject *s = tj_json_get_object (stations, l->data);
      const char *name = tj_json_get_string (s, "name", l->data);

      max = MAX (max, tj_json_get_int (s, "received", 0));
      max = MAX (max, tj_json_get_int (s, "closed", 0));
      text_size (c, name, FONT_SIZE, &tw, &th);
      label_w = MAX (label_w, tw);
    }
  label_w = MIN (label_w, width / 3);

  /* The legend: received, then the outcomes. */
  draw_legend_entry (c, colour, C_("report column", "Received"), &legend_x);
  for (int k = 0; k < 4; k++)
    draw_legend_entry (c, &palette[k], tj_report_outcome_label (outcome_keys[k]), &legend_x);
  if (n == 0 || max == 0)
    {
      draw_empty (c, width, height);
      return;
    }
  {
    g_autofree char *s = format_count (max);
    text_size (c, s, FONT_SIZE, &value_w, &th);
  }
  row_h = MIN ((height - top) / n, STATION_ROW_H);
  bar_x = label_w + PAD;
  bar_w = MAX (10, width - bar_x - value_w - 2 * PAD);
  for (GList *l = codes; l; l = l->next)
    {
      JsonObject *s = tj_json_get_object (stations, l->data);
      guint i = g_list_position (codes, l);
      double y = top + i * row_h, h = row_h * 0.36;
      double received = tj_json_get_int (s, "received", 0), closed = 0, x = bar_x;
      g_autofree char *received_text = format_count (received);
      g_autofree char *closed_text = NULL;
      PangoLayout *layout = text_layout (c, tj_json_get_string (s, "name", l->data), FONT_SIZE, FALSE);

      /* A long name is cut at the label column. */
      set_fg (c, 0.8);
      pango_layout_set_width (layout, (int) (label_w * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
      {
        int pw, ph;
        pango_layout_get_size (layout, &pw, &ph);
        cairo_move_to (c->cr, 0, y + row_h / 2 - (double) ph / PANGO_SCALE / 2);
        pango_cairo_show_layout (c->cr, layout);
      }
      g_object_unref (layout);

      set_rgb (c, colour);
      cairo_rectangle (c->cr, bar_x, y + row_h * 0.1, MAX (received / max * bar_w, 1), h);
      cairo_fill (c->cr);
      set_fg (c, 0.85);
      draw_text (c, received_text, bar_x + received / max * bar_w + PAD / 2, y + row_h * 0.1 + h / 2, 0, 0.5,
                 FONT_SIZE * 0.85, FALSE);
      for (int k = 0; k < 4; k++)
        {
          double v = tj_json_get_int (s, outcome_keys[k], 0), w = v / max * bar_w;
          if (v <= 0)
            continue;
          set_rgb (c, &palette[k]);
          cairo_rectangle (c->cr, x, y + row_h * 0.5, w, h);
          cairo_fill (c->cr);
          x += w;
          closed += v;
        }
      closed_text = format_count (closed);
      set_fg (c, 0.85);
      draw_text (c, closed_text, MAX (x, bar_x + 1) + PAD / 2, y + row_h * 0.5 + h / 2, 0, 0.5, FONT_SIZE * 0.85, FALSE);
    }
  set_fg (c, 0.45);
  cairo_set_line_width (c->cr, 1);
  cairo_move_to (c->cr, round (bar_x) + 0.5, top);
  cairo_line_to (c->cr, round (bar_x) + 0.5, top + n * row_h);
  cairo_stroke (c->cr);
}

void
tj_report_chart_draw (JsonObject    *summary,
                      TjReportChart  chart,
                      cairo_t       *cr,
                      double         width,
                      double         height,
                      gboolean       dark,
                      const char    *font_family)
{
  Ctx c = { cr, dark, font_family ? font_family : SANS_FAMILIES };

  g_return_if_fail (cr != NULL);

  if (summary == NULL || width < 40 || height < 40)
    return;
  cairo_save (cr);
  switch (chart)
    {
    case TJ_REPORT_CHART_OUTCOMES:
      draw_outcomes (&c, summary, width, height);
      break;
    case TJ_REPORT_CHART_RECOVERED:
      draw_recovered (&c, summary, width, height);
      break;
    case TJ_REPORT_CHART_KINDS:
      draw_kinds (&c, summary, width, height);
      break;
    case TJ_REPORT_CHART_STATIONS:
      draw_stations (&c, summary, width, height);
      break;
    default:
      break;
    }
  cairo_restore (cr);
}
