/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The report as CSV and as an A4 PDF. Both are written from the summary's
 * "tables", so they show exactly what the Reports page shows. The PDF is
 * laid out here with cairo and pango rather than through a document
 * template: templates only see a case's whitelisted model and cannot
 * place drawings, while the report is charts and tables. It uses the same
 * typefaces, page size and page footer as the case papers (tj-docgen-pdf.c). */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Report"

#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "tj-file.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-report-chart.h"
#include "tj-report.h"

/* ------------------------------------------------------------------ */
/* Cells                                                                */

/* @plain: for CSV, numbers without thousands separators. */
static char *
cell_text (JsonObject *cell,
           gboolean    plain)
{
  JsonNode *value = json_object_get_member (cell, "value");
  const char *unit = tj_json_get_string (cell, "unit", "count");

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return g_strdup ("—");
  if (g_str_equal (unit, "fen"))
    {
      gint64 fen = json_node_get_int (value);
      if (plain)
        return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%02d", fen < 0 ? "-" : "",
                                ABS (fen) / 100, (int) (ABS (fen) % 100));
      return tj_money_format (fen);
    }
  if (g_str_equal (unit, "rate"))
    return g_strdup_printf ("%.1f%%", json_node_get_double (value) * 100.0);
  if (g_str_equal (unit, "days"))
    {
      double d = json_node_get_double (value);
      return fabs (d - round (d)) < 0.05 ? g_strdup_printf ("%.0f", d) : g_strdup_printf ("%.1f", d);
    }
  return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
}

static char *
column_title (JsonObject *column)
{
  if (g_str_equal (tj_json_get_string (column, "unit", ""), "fen"))
    /* Translators: a column of amounts in yuan, %s is its title */
    return g_strdup_printf (_("%s (yuan)"), tj_json_get_string (column, "title", ""));
  return g_strdup (tj_json_get_string (column, "title", ""));
}

/* ------------------------------------------------------------------ */
/* CSV                                                                  */

static void
csv_field (GString    *out,
           const char *text,
           gboolean    first)
{
  if (!first)
    g_string_append_c (out, ',');
  if (strpbrk (text, ",\"\r\n") || text[0] == '=' || text[0] == '+' || text[0] == '@')
    {
      /* Quote, and keep Excel from taking text for a formula. */
      g_string_append_c (out, '"');
      if (text[0] == '=' || text[0] == '+' || text[0] == '@')
        g_string_append_c (out, '\'');
      for (const char *p = text; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, text);
}

static char *
report_title (JsonObject *summary,
              const char *organisation)
{
  if (organisation && *organisation)
    /* Translators: the report's title: organisation, period */
    return g_strdup_printf (_("%s — mediation report, %s"), organisation,
                            tj_json_get_string (summary, "label", ""));
  return g_strdup_printf (_("Mediation report, %s"), tj_json_get_string (summary, "label", ""));
}

GBytes *
tj_report_to_csv (JsonObject  *summary,
                  const char  *organisation,
                  GError     **error)
{
  GString *out = g_string_new ("\xEF\xBB\xBF");
  JsonArray *tables = tj_json_get_array (summary, "tables");
  g_autofree char *title = NULL;

  if (tables == NULL)
    {
      g_string_free (out, TRUE);
      tj_set_invalid (error, "summary", _("summary: has no tables"));
      return NULL;
    }
  title = report_title (summary, organisation);
  csv_field (out, title, TRUE);
  g_string_append (out, "\r\n");
  csv_field (out, _("Period"), TRUE);
  csv_field (out, tj_json_get_string (summary, "from", ""), FALSE);
  csv_field (out, tj_json_get_string (summary, "to", ""), FALSE);
  g_string_append (out, "\r\n");

  for (guint t = 0; t < json_array_get_length (tables); t++)
    {
      JsonObject *table = json_array_get_object_element (tables, t);
      JsonArray *columns = tj_json_get_array (table, "columns");
      JsonArray *rows = tj_json_get_array (table, "rows");

      g_string_append (out, "\r\n");
      csv_field (out, tj_json_get_string (table, "title", ""), TRUE);
      g_string_append (out, "\r\n");
      csv_field (out, _("Item"), TRUE);
      for (guint c = 0; c < json_array_get_length (columns); c++)
        {
          g_autofree char *ct = column_title (json_array_get_object_element (columns, c));
          csv_field (out, ct, FALSE);
        }
      g_string_append (out, "\r\n");
      for (guint r = 0; r < json_array_get_length (rows); r++)
        {
          JsonObject *row = json_array_get_object_element (rows, r);
          JsonArray *cells = tj_json_get_array (row, "cells");
          csv_field (out, tj_json_get_string (row, "label", ""), TRUE);
          for (guint c = 0; cells && c < json_array_get_length (cells); c++)
            {
              JsonObject *cell = json_array_get_object_element (cells, c);
              g_autofree char *text = cell_text (cell, TRUE);
              csv_field (out, g_str_equal (text, "—") ? "" : text, FALSE);
            }
          g_string_append (out, "\r\n");
        }
    }
  return g_string_free_to_bytes (out);
}

/* ------------------------------------------------------------------ */
/* PDF                                                                  */

#define MM (72.0 / 25.4)
#define PAGE_W (210.0 * MM)
#define PAGE_H (297.0 * MM)
#define MARGIN_X (22.0 * MM)
#define MARGIN_TOP (20.0 * MM)
#define MARGIN_BOTTOM (22.0 * MM)
#define CONTENT_W (PAGE_W - 2 * MARGIN_X)
#define FOOTER_BASELINE (PAGE_H - 12.0 * MM)
#define ROW_H 17.0
#define CHART_H 190.0
/* Charts are drawn in a 640-unit-wide space and scaled to the page, so
 * their fonts match the widget's proportions. */
#define CHART_UNITS_W 640.0

/* The case papers' typefaces (tj-docgen-pdf.c): Song for text, Hei for
 * headings, ending with the Noto CJK faces Debian and Flatpak ship. */
#define SERIF_FAMILIES "SimSun,宋体,Songti SC,STSong,FangSong,Noto Serif CJK SC,Noto Sans CJK SC,serif"
#define SANS_FAMILIES "SimHei,黑体,Heiti SC,STHeiti,Noto Sans CJK SC,sans-serif"

typedef struct {
  cairo_t    *cr;
  gboolean    draw;     /* FALSE: the first pass, counting pages */
  guint       page;
  guint       n_pages;
  double      y;
  JsonObject *summary;
  const char *organisation;
} Pdf;

static PangoLayout *
pdf_layout (Pdf        *p,
            const char *text,
            const char *families,
            double      size,
            gboolean    bold,
            double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (p->cr);
  PangoFontDescription *desc = pango_font_description_from_string (families);

  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
pdf_text (Pdf        *p,
          const char *text,
          const char *families,
          double      size,
          gboolean    bold,
          double      x,
          double      y,
          double      width,
          PangoAlignment align)
{
  PangoLayout *layout = pdf_layout (p, text, families, size, bold, width);
  int w, h;

  pango_layout_set_alignment (layout, align);
  pango_layout_get_size (layout, &w, &h);
  if (p->draw)
    {
      cairo_move_to (p->cr, x, y);
      pango_cairo_show_layout (p->cr, layout);
    }
  g_object_unref (layout);
  return (double) h / PANGO_SCALE;
}

static void
pdf_footer (Pdf *p)
{
  g_autofree char *footer = NULL;
  PangoLayout *layout;
  int w, h;

  if (!p->draw)
    return;
  /* The case papers' footer, word for word. */
  footer = g_strdup_printf ("第 %u 页 共 %u 页", p->page + 1, p->n_pages);
  layout = pdf_layout (p, footer, SERIF_FAMILIES, 10.5, FALSE, 0);
  pango_layout_get_size (layout, &w, &h);
  cairo_set_source_rgb (p->cr, 0, 0, 0);
  cairo_move_to (p->cr, (PAGE_W - (double) w / PANGO_SCALE) / 2,
                 FOOTER_BASELINE - (double) pango_layout_get_baseline (layout) / PANGO_SCALE);
  pango_cairo_show_layout (p->cr, layout);
  g_object_unref (layout);
}

static void
pdf_new_page (Pdf *p)
{
  pdf_footer (p);
  if (p->draw)
    cairo_show_page (p->cr);
  p->page++;
  p->y = MARGIN_TOP;
}

static void
pdf_need (Pdf    *p,
          double  height)
{
  if (p->y + height > PAGE_H - MARGIN_BOTTOM && p->y > MARGIN_TOP + 1)
    pdf_new_page (p);
}

static void
pdf_heading (Pdf        *p,
             const char *text,
             double      keep_with)
{
  pdf_need (p, 26 + keep_with);
  p->y += 8;
  p->y += pdf_text (p, text, SANS_FAMILIES, 12.5, TRUE, MARGIN_X, p->y, CONTENT_W, PANGO_ALIGN_LEFT);
  p->y += 5;
}

static void
pdf_headline (Pdf *p)
{
  JsonObject *s = p->summary;
  JsonNode *rate = json_object_get_member (s, "settlement_rate");
  g_autofree char *received = g_strdup_printf ("%" G_GINT64_FORMAT, tj_json_get_int (s, "received", 0));
  g_autofree char *closed = g_strdup_printf ("%" G_GINT64_FORMAT, tj_json_get_int (s, "closed", 0));
  g_autofree char *rate_text = rate && !JSON_NODE_HOLDS_NULL (rate)
                               ? g_strdup_printf ("%.1f%%", json_node_get_double (rate) * 100) : g_strdup ("—");
  g_autofree char *paid_text = tj_money_format (tj_json_get_int (s, "paid_fen", 0));
  g_autofree char *workers = g_strdup_printf ("%" G_GINT64_FORMAT, tj_json_get_int (s, "workers_helped", 0));
  const char *labels[] = { _("Cases received"), _("Cases closed"), _("Settlement rate"),
                           _("Amount recovered"), _("Workers helped") };
  const char *values[] = { received, closed, rate_text, paid_text, workers };
  double box_w = CONTENT_W / 5, h = 50;

  pdf_need (p, h + 10);
  for (int i = 0; i < 5; i++)
    {
      double x = MARGIN_X + i * box_w;
      if (p->draw)
        {
          cairo_set_source_rgb (p->cr, 0.95, 0.95, 0.95);
          cairo_rectangle (p->cr, x + 2, p->y, box_w - 4, h);
          cairo_fill (p->cr);
          cairo_set_source_rgb (p->cr, 0, 0, 0);
        }
      pdf_text (p, values[i], SANS_FAMILIES, i == 3 ? 12.5 : 16, TRUE, x + 2, p->y + 7, box_w - 4, PANGO_ALIGN_CENTER);
      pdf_text (p, labels[i], SERIF_FAMILIES, 9, FALSE, x + 2, p->y + 31, box_w - 4, PANGO_ALIGN_CENTER);
    }
  p->y += h + 10;
}

static void
pdf_chart (Pdf           *p,
           TjReportChart  chart)
{
  double scale = CONTENT_W / CHART_UNITS_W;
  /* The station chart grows with the stations (a page at most). */
  double height = MIN (tj_report_chart_height (p->summary, chart, CHART_H / scale) * scale,
                       PAGE_H - MARGIN_TOP - MARGIN_BOTTOM - 60);

  if (!tj_report_chart_applies (p->summary, chart))
    return;
  pdf_heading (p, tj_report_chart_title (chart), height);
  pdf_need (p, height);
  if (p->draw)
    {
      cairo_save (p->cr);
      cairo_translate (p->cr, MARGIN_X, p->y);
      cairo_scale (p->cr, scale, scale);
      tj_report_chart_draw (p->summary, chart, p->cr, CHART_UNITS_W, height / scale, FALSE, SANS_FAMILIES);
      cairo_restore (p->cr);
      cairo_set_source_rgb (p->cr, 0, 0, 0);
    }
  p->y += height + 6;
}

/* The header row grows to fit titles that wrap in narrow columns. */
static double
pdf_table_header_height (Pdf       *p,
                         JsonArray *columns,
                         double     col_w)
{
  double h = ROW_H;

  for (guint c = 0; c < json_array_get_length (columns); c++)
    {
      g_autofree char *title = column_title (json_array_get_object_element (columns, c));
      PangoLayout *layout = pdf_layout (p, title, SANS_FAMILIES, 9.5, TRUE, col_w - 6);
      int w, lh;
      pango_layout_get_size (layout, &w, &lh);
      h = MAX (h, (double) lh / PANGO_SCALE + 6);
      g_object_unref (layout);
    }
  return h;
}

static void
pdf_table_header (Pdf       *p,
                  JsonArray *columns,
                  double     label_w,
                  double     col_w)
{
  double h = pdf_table_header_height (p, columns, col_w);

  if (p->draw)
    {
      cairo_set_source_rgb (p->cr, 0.9, 0.9, 0.9);
      cairo_rectangle (p->cr, MARGIN_X, p->y, CONTENT_W, h);
      cairo_fill (p->cr);
      cairo_set_source_rgb (p->cr, 0, 0, 0);
    }
  pdf_text (p, _("Item"), SANS_FAMILIES, 9.5, TRUE, MARGIN_X + 4, p->y + 3, label_w - 8, PANGO_ALIGN_LEFT);
  for (guint c = 0; c < json_array_get_length (columns); c++)
    {
      g_autofree char *title = column_title (json_array_get_object_element (columns, c));
      pdf_text (p, title, SANS_FAMILIES, 9.5, TRUE, MARGIN_X + label_w + c * col_w, p->y + 3, col_w - 6,
                PANGO_ALIGN_RIGHT);
    }
  p->y += h;
}

static void
pdf_table (Pdf        *p,
           JsonObject *table)
{
  JsonArray *columns = tj_json_get_array (table, "columns");
  JsonArray *rows = tj_json_get_array (table, "rows");
  guint n_cols = columns ? json_array_get_length (columns) : 0;
  double label_w = n_cols > 2 ? CONTENT_W * 0.28 : CONTENT_W * 0.6;
  double col_w = n_cols ? (CONTENT_W - label_w) / n_cols : 0;

  pdf_heading (p, tj_json_get_string (table, "title", ""), ROW_H + pdf_table_header_height (p, columns, col_w));
  pdf_need (p, ROW_H + pdf_table_header_height (p, columns, col_w));
  pdf_table_header (p, columns, label_w, col_w);
  for (guint r = 0; rows && r < json_array_get_length (rows); r++)
    {
      JsonObject *row = json_array_get_object_element (rows, r);
      JsonArray *cells = tj_json_get_array (row, "cells");

      if (p->y + ROW_H > PAGE_H - MARGIN_BOTTOM)
        {
          pdf_new_page (p);
          pdf_table_header (p, columns, label_w, col_w);
        }
      if (p->draw)
        {
          cairo_set_source_rgb (p->cr, 0.75, 0.75, 0.75);
          cairo_set_line_width (p->cr, 0.5);
          cairo_move_to (p->cr, MARGIN_X, p->y + ROW_H);
          cairo_line_to (p->cr, MARGIN_X + CONTENT_W, p->y + ROW_H);
          cairo_stroke (p->cr);
          cairo_set_source_rgb (p->cr, 0, 0, 0);
        }
      pdf_text (p, tj_json_get_string (row, "label", ""), SERIF_FAMILIES, 9.5, FALSE, MARGIN_X + 4, p->y + 3,
                label_w - 8, PANGO_ALIGN_LEFT);
      for (guint c = 0; cells && c < json_array_get_length (cells); c++)
        {
          g_autofree char *text = cell_text (json_array_get_object_element (cells, c), FALSE);
          pdf_text (p, text, SERIF_FAMILIES, 9.5, FALSE, MARGIN_X + label_w + c * col_w, p->y + 3, col_w - 6,
                    PANGO_ALIGN_RIGHT);
        }
      p->y += ROW_H;
    }
  p->y += 4;
}

static void
pdf_run (Pdf *p)
{
  JsonArray *tables = tj_json_get_array (p->summary, "tables");
  g_autofree char *period = NULL;

  p->page = 0;
  p->y = MARGIN_TOP;
  if (p->draw)
    cairo_set_source_rgb (p->cr, 0, 0, 0);
  if (p->organisation && *p->organisation)
    p->y += pdf_text (p, p->organisation, SANS_FAMILIES, 13, FALSE, MARGIN_X, p->y, CONTENT_W, PANGO_ALIGN_CENTER) + 4;
  p->y += pdf_text (p, _("Labour dispute mediation statistics"), SERIF_FAMILIES, 20, TRUE, MARGIN_X, p->y,
                    CONTENT_W, PANGO_ALIGN_CENTER) + 6;
  /* Translators: the period under the report's title: "2026年第三季度（2026-07-01 至 2026-09-30）" */
  period = g_strdup_printf (_("%s (%s to %s)"), tj_json_get_string (p->summary, "label", ""),
                            tj_json_get_string (p->summary, "from", ""), tj_json_get_string (p->summary, "to", ""));
  p->y += pdf_text (p, period, SERIF_FAMILIES, 12, FALSE, MARGIN_X, p->y, CONTENT_W, PANGO_ALIGN_CENTER) + 14;

  pdf_headline (p);
  for (int c = 0; c < TJ_REPORT_N_CHARTS; c++)
    pdf_chart (p, (TjReportChart) c);
  for (guint t = 0; tables && t < json_array_get_length (tables); t++)
    pdf_table (p, json_array_get_object_element (tables, t));
  pdf_footer (p);
  if (p->draw)
    cairo_show_page (p->cr);
  p->n_pages = p->page + 1;
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
tj_report_to_pdf (JsonObject  *summary,
                  const char  *organisation,
                  GError     **error)
{
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  g_autofree char *title = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  Pdf p = { 0 };

  if (summary == NULL || tj_json_get_array (summary, "tables") == NULL)
    {
      tj_set_invalid (error, "summary", _("summary: has no tables"));
      return NULL;
    }
  surface = cairo_pdf_surface_create_for_stream (append_cb, buf, PAGE_W, PAGE_H);
  title = report_title (summary, organisation);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Tiaojie " PACKAGE_VERSION);
  p.cr = cairo_create (surface);
  p.summary = summary;
  p.organisation = organisation;

  /* Two passes: the first counts the pages for "共 N 页". */
  p.draw = FALSE;
  pdf_run (&p);
  p.draw = TRUE;
  pdf_run (&p);

  cairo_destroy (p.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_FAILED, _("Could not write the PDF: %s"),
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&buf));
}

gboolean
tj_report_export_file (TjStore                *store,
                       const char             *from,
                       const char             *to,
                       const char             *format,
                       const char             *organisation,
                       const TjReportOptions  *options,
                       const char             *path,
                       GError                **error)
{
  g_autoptr(JsonObject) summary = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (g_strcmp0 (format, "csv") != 0 && g_strcmp0 (format, "pdf") != 0)
    {
      tj_set_invalid (error, "format", _("format: “%s” is neither csv nor pdf"), format ? format : "");
      return FALSE;
    }
  summary = tj_report_summary_full (store, from, to, options, error);
  if (summary == NULL)
    return FALSE;
  bytes = g_str_equal (format, "csv") ? tj_report_to_csv (summary, organisation, error)
                                      : tj_report_to_pdf (summary, organisation, error);
  /* Readable by the user alone like every export (the README's
   * "Privacy"). */
  return bytes != NULL && tj_file_write_private (path, bytes, error);
}
