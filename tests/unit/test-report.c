/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reports (issue 8): every figure of a fixed data set (report-data.h),
 * the cases behind each figure, CSV, PDF and the charts. */

#include <glib/gstdio.h>
#include <string.h>

#include <cairo.h>

#include "report-data.h"
#include "tj-report-chart.h"
#include "tj-report.h"
#include "tj-test-util.h"

#define FROM "2026-07-01"
#define TO "2026-09-30"
#define TODAY "2026-10-15"

typedef struct {
  char       *dir;
  TjStore    *store;
  ReportData  data;
  JsonObject *summary;
  TjReportOptions options;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("tj-report-XXXXXX", NULL);
  path = g_build_filename (f->dir, "r.db", NULL);
  f->store = tj_store_open (path, &error);
  g_assert_no_error (error);
  /* Attached before the data goes in, so the indexer follows each write;
   * test_reindex checks the catch-up of a store indexed afterwards. */
  g_assert_true (tj_report_attach (f->store, &error));
  report_data_seed (f->store, &f->data);
  tj_report_options_init (&f->options);
  f->options.today = TODAY;
  f->summary = tj_report_summary_full (f->store, FROM, TO, &f->options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->summary);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_pointer (&f->summary, json_object_unref);
  g_clear_object (&f->store);
  report_data_clear (&f->data);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *p = g_build_filename (f->dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static gint64
split (JsonObject *summary,
       const char *list,
       const char *dim,
       const char *value,
       const char *member)
{
  JsonArray *a = tj_json_get_array (summary, list);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonObject *o = json_array_get_object_element (a, i);
      if (g_strcmp0 (tj_json_get_string (o, dim, NULL), value) == 0)
        return tj_json_get_int (o, member, -1);
    }
  return -1;
}

static JsonObject *
month (JsonObject *summary,
       const char *m)
{
  JsonArray *a = tj_json_get_array (summary, "months");
  for (guint i = 0; i < json_array_get_length (a); i++)
    if (g_strcmp0 (tj_json_get_string (json_array_get_object_element (a, i), "month", NULL), m) == 0)
      return json_array_get_object_element (a, i);
  return NULL;
}

static void
test_figures (Fixture       *f,
              gconstpointer  user_data)
{
  JsonObject *s = f->summary;
  JsonObject *days = tj_json_get_object (s, "days_to_outcome");
  JsonObject *consult = tj_json_get_object (s, "consultations");
  JsonObject *ref = tj_json_get_object (s, "referrals");
  JsonObject *m;

  g_assert_cmpstr (tj_json_get_string (s, "label", NULL), ==, "Third quarter of 2026");
  g_assert_cmpint (tj_json_get_int (s, "received", -1), ==, 8);
  g_assert_cmpint (tj_json_get_int (s, "closed", -1), ==, 7);
  g_assert_cmpint (tj_json_get_int (s, "agreed", -1), ==, 2);
  g_assert_cmpint (tj_json_get_int (s, "failed", -1), ==, 1);
  g_assert_cmpint (tj_json_get_int (s, "withdrawn", -1), ==, 2);
  g_assert_cmpint (tj_json_get_int (s, "referred", -1), ==, 2);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (s, "settlement_rate"), 2.0 / 7.0, 1e-9);
  g_assert_cmpint (tj_json_get_int (s, "owed_fen", -1), ==, 1750000);
  /* B claims ¥8,000 against ¥5,000 owed; the others claim what is owed. */
  g_assert_cmpint (tj_json_get_int (s, "claimed_fen", -1), ==, 2050000);
  g_assert_cmpint (tj_json_get_int (s, "agreed_fen", -1), ==, 520000);
  g_assert_cmpint (tj_json_get_int (s, "paid_fen", -1), ==, 220000);
  g_assert_cmpint (tj_json_get_int (s, "paid_cases", -1), ==, 2);
  g_assert_cmpint (tj_json_get_int (s, "workers_received", -1), ==, 22);
  g_assert_cmpint (tj_json_get_int (s, "workers_helped", -1), ==, 14);
  g_assert_cmpint (tj_json_get_int (s, "collective", -1), ==, 1);
  g_assert_cmpint (tj_json_get_int (days, "cases", -1), ==, 7);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (days, "average"), 15.0, 1e-9);
  g_assert_cmpint (tj_json_get_int (days, "longest", -1), ==, 36);
  g_assert_cmpint (tj_json_get_int (s, "deadlines_missed", -1), ==, 3);
  g_assert_cmpint (tj_json_get_int (consult, "night_clinic", -1), ==, 2);
  g_assert_cmpint (tj_json_get_int (consult, "became_cases", -1), ==, 1);
  g_assert_cmpint (tj_json_get_int (ref, "total", -1), ==, 3);
  g_assert_cmpint (tj_json_get_int (ref, "arbitration", -1), ==, 1);
  g_assert_cmpint (tj_json_get_int (ref, "court", -1), ==, 1);
  g_assert_cmpint (tj_json_get_int (ref, "labour_inspection", -1), ==, 1);
  g_assert_cmpint (tj_json_get_int (ref, "legal_aid", -1), ==, 0);

  g_assert_cmpint (split (s, "by_kind", "kind", "wage_arrears", "received"), ==, 3);
  g_assert_cmpint (split (s, "by_kind", "kind", "wage_arrears", "closed"), ==, 2);
  g_assert_cmpint (split (s, "by_kind", "kind", "wage_arrears", "agreed"), ==, 2);
  g_assert_cmpint (split (s, "by_kind", "kind", "compensation", "received"), ==, 1);
  g_assert_cmpint (split (s, "by_kind", "kind", "social_insurance", "received"), ==, 0);
  g_assert_cmpint (split (s, "by_kind", "kind", "work_injury", "closed"), ==, 1);
  g_assert_cmpint (split (s, "by_source", "source", "hotline", "received"), ==, 2);
  g_assert_cmpint (split (s, "by_source", "source", "court", "received"), ==, 2);
  g_assert_cmpint (split (s, "by_source", "source", "hotline", "closed"), ==, 2);
  g_assert_cmpint (split (s, "by_source", "source", "night_clinic", "closed"), ==, 1);
  g_assert_cmpint (split (s, "by_source", "source", "referral", "received"), ==, 1);

  g_assert_cmpint (json_array_get_length (tj_json_get_array (s, "months")), ==, 3);
  m = month (s, "2026-07");
  g_assert_cmpint (tj_json_get_int (m, "received", -1), ==, 3);
  g_assert_cmpint (tj_json_get_int (m, "agreed", -1), ==, 2);
  g_assert_cmpint (tj_json_get_int (m, "paid_fen", -1), ==, 200000);
  g_assert_cmpint (tj_json_get_int (m, "agreed_fen", -1), ==, 520000);
  m = month (s, "2026-08");
  g_assert_cmpint (tj_json_get_int (m, "received", -1), ==, 3);
  g_assert_cmpint (tj_json_get_int (m, "failed", -1), ==, 1);
  g_assert_cmpint (tj_json_get_int (m, "withdrawn", -1), ==, 2);
  g_assert_cmpint (tj_json_get_int (m, "referred", -1), ==, 1);
  g_assert_cmpint (tj_json_get_int (m, "paid_fen", -1), ==, 10000);
  m = month (s, "2026-09");
  g_assert_cmpint (tj_json_get_int (m, "received", -1), ==, 2);
  g_assert_cmpint (tj_json_get_int (m, "referred", -1), ==, 1);
  g_assert_cmpint (tj_json_get_int (m, "agreed", -1), ==, 0);
  g_assert_cmpint (tj_json_get_int (m, "paid_fen", -1), ==, 10000);
}

/* Sets of ids, order ignored. */
static void
assert_cases (Fixture    *f,
              const char *figure,
              ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = tj_report_cases_full (f->store, FROM, TO, figure, &f->options, &error);
  g_autoptr(GHashTable) want = g_hash_table_new (g_str_hash, g_str_equal);
  va_list args;
  const char *id;

  g_assert_no_error (error);
  va_start (args, figure);
  while ((id = va_arg (args, const char *)))
    g_hash_table_add (want, (gpointer) id);
  va_end (args);
  if (json_array_get_length (rows) != g_hash_table_size (want))
    g_error ("%s: %u cases, expected %u", figure, json_array_get_length (rows), g_hash_table_size (want));
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      const char *got = tj_json_get_string (json_array_get_object_element (rows, i), "id", "");
      if (!g_hash_table_contains (want, got))
        g_error ("%s: case %s is not expected", figure, got);
    }
}

static void
test_cases_behind (Fixture       *f,
                   gconstpointer  user_data)
{
  ReportData *d = &f->data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) longest = NULL;
  g_autoptr(JsonArray) consultations = NULL;
  JsonObject *row;

  assert_cases (f, "received", d->a, d->b, d->c, d->d, d->e, d->f, d->i, d->j, NULL);
  assert_cases (f, "closed", d->a, d->b, d->c, d->d, d->g, d->i, d->j, NULL);
  assert_cases (f, "agreed", d->a, d->g, NULL);
  assert_cases (f, "failed", d->b, NULL);
  assert_cases (f, "withdrawn", d->c, d->i, NULL);
  assert_cases (f, "referred", d->d, d->j, NULL);
  assert_cases (f, "collective", d->a, NULL);
  assert_cases (f, "deadlines_missed", d->b, d->d, d->e, NULL);
  assert_cases (f, "paid", d->a, d->g, NULL);
  assert_cases (f, "agreed_amount", d->a, d->g, NULL);
  assert_cases (f, "referrals", d->d, d->f, d->j, NULL);
  assert_cases (f, "referrals.labour_inspection", d->f, NULL);
  assert_cases (f, "referrals.legal_aid", NULL);
  assert_cases (f, "received.kind.wage_arrears", d->a, d->e, d->f, NULL);
  assert_cases (f, "received.source.court", d->e, d->j, NULL);
  assert_cases (f, "closed.kind.wage_arrears", d->a, d->g, NULL);
  assert_cases (f, "closed.source.night_clinic", d->c, NULL);
  assert_cases (f, "consultations.became_cases", d->c, NULL);
  assert_cases (f, "month.2026-08.withdrawn", d->c, d->i, NULL);
  assert_cases (f, "month.2026-07.received", d->a, d->b, d->i, NULL);
  assert_cases (f, "month.2026-09.paid", d->a, NULL);
  assert_cases (f, "month.2026-12.received", NULL);

  /* Longest first, with the days and the outcome. */
  longest = tj_report_cases_full (f->store, FROM, TO, "days_longest", &f->options, &error);
  g_assert_no_error (error);
  row = json_array_get_object_element (longest, 0);
  g_assert_cmpstr (tj_json_get_string (row, "id", NULL), ==, d->b);
  g_assert_cmpint (tj_json_get_int (row, "days", -1), ==, 36);
  g_assert_cmpstr (tj_json_get_string (row, "outcome", NULL), ==, "failed");
  g_assert_cmpstr (tj_json_get_string (row, "outcome_on", NULL), ==, "2026-08-20");
  g_assert_cmpstr (tj_json_get_string (row, "title", NULL), !=, "");
  g_assert_cmpstr (tj_json_get_string (row, "status", NULL), ==, "failed");

  /* The evening-clinic consultations themselves. */
  consultations = tj_report_cases_full (f->store, FROM, TO, "consultations", &f->options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_array_get_length (consultations), ==, 2);
  row = json_array_get_object_element (consultations, 0);
  g_assert_cmpstr (tj_json_get_string (row, "type", NULL), ==, "consultation");
  g_assert_cmpstr (tj_json_get_string (row, "held_on", NULL), ==, "2026-08-07");
  g_assert_cmpstr (tj_json_get_string (row, "case_id", NULL), ==, d->c);
  g_assert_null (tj_json_get_string (json_array_get_object_element (consultations, 1), "case_id", NULL));

  /* Unknown keys and bad periods are refused by name. */
  g_assert_null (tj_report_cases (f->store, FROM, TO, "received.kind.bicycles", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "received.kind.bicycles"));
  g_clear_error (&error);
  g_assert_null (tj_report_summary (f->store, "2026-09-30", "2026-07-01", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "to:"));
  g_clear_error (&error);
  g_assert_null (tj_report_summary (f->store, "2026-13-01", TO, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "from:"));
}

/* Every cell of the tables that names a figure counts exactly the cases
 * listed behind it (amounts, rates and days excepted). */
static void
test_tables_match_lists (Fixture       *f,
                         gconstpointer  user_data)
{
  JsonArray *tables = tj_json_get_array (f->summary, "tables");
  guint checked = 0;

  for (guint t = 0; t < json_array_get_length (tables); t++)
    {
      JsonArray *rows = tj_json_get_array (json_array_get_object_element (tables, t), "rows");
      for (guint r = 0; r < json_array_get_length (rows); r++)
        {
          JsonObject *row = json_array_get_object_element (rows, r);
          JsonArray *cells = tj_json_get_array (row, "cells");
          for (guint c = 0; c < json_array_get_length (cells); c++)
            {
              JsonObject *cell = json_array_get_object_element (cells, c);
              const char *figure = tj_json_get_string (cell, "figure", NULL);
              g_autoptr(GError) error = NULL;
              gint64 n;

              if (figure == NULL)
                continue;
              n = tj_report_count (f->store, FROM, TO, figure, &f->options, &error);
              g_assert_no_error (error);
              g_assert_cmpint (n, >=, 0);
              if (g_str_equal (tj_json_get_string (cell, "unit", ""), "count") &&
                  !g_str_has_prefix (tj_json_get_string (row, "key", ""), "workers"))
                {
                  if (n != tj_json_get_int (cell, "value", -1))
                    g_error ("%s (%s): %" G_GINT64_FORMAT " cases but the table says %" G_GINT64_FORMAT,
                             figure, tj_json_get_string (row, "label", ""), n, tj_json_get_int (cell, "value", -1));
                  checked++;
                }
            }
        }
    }
  g_assert_cmpuint (checked, >, 40);
}

/* A store indexed after the fact (the indexer attached to a database that
 * already holds everything, e.g. after an upgrade or a first replication)
 * gives the same figures. */
static void
test_reindex (Fixture       *f,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "late.db", NULL);
  g_autoptr(TjStore) late = NULL;
  g_autoptr(JsonObject) summary = NULL;
  g_autofree char *a = NULL, *b = NULL;
  ReportData data = { 0 };

  late = tj_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (tj_case_attach (late, &error));
  report_data_seed (late, &data);
  g_assert_null (g_object_get_data (G_OBJECT (late), "tj-report-index"));
  summary = tj_report_summary_full (late, FROM, TO, &f->options, &error);
  g_assert_no_error (error);
  a = tj_json_canonical_object (f->summary);
  b = tj_json_canonical_object (summary);
  g_assert_cmpstr (a, ==, b);
  report_data_clear (&data);
}

static void
test_csv (Fixture       *f,
          gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) csv = tj_report_to_csv (f->summary, "滨海县职工维权服务中心", &error);
  gsize size;
  const char *data;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean saw_received = FALSE, saw_paid = FALSE, saw_rate = FALSE, saw_month = FALSE;
  guint sections = 0, saw_kind = 0;

  g_assert_no_error (error);
  data = g_bytes_get_data (csv, &size);
  g_assert_cmpuint (size, >, 3);
  g_assert_cmpmem (data, 3, "\xEF\xBB\xBF", 3);
  g_assert_true (g_utf8_validate (data + 3, size - 3, NULL));
  text = g_strndup (data + 3, size - 3);
  g_assert_true (g_str_has_suffix (text, "\r\n"));
  lines = g_strsplit (text, "\r\n", -1);
  g_assert_nonnull (strstr (lines[0], "滨海县职工维权服务中心"));
  g_assert_nonnull (strstr (lines[0], "Third quarter of 2026"));
  g_assert_cmpstr (lines[1], ==, "Period,2026-07-01,2026-09-30");
  for (guint i = 0; lines[i]; i++)
    {
      if (lines[i][0] == '\0' && lines[i + 1] && lines[i + 1][0])
        sections++;
      if (g_str_equal (lines[i], "Cases received,8"))
        saw_received = TRUE;
      if (g_str_equal (lines[i], "Amount recovered (paid),2200.00"))
        saw_paid = TRUE;
      if (g_str_equal (lines[i], "Settlement rate,28.6%"))
        saw_rate = TRUE;
      if (g_str_equal (lines[i], "July 2026,3,2,0,0,0,2000.00"))
        saw_month = TRUE;
      /* The first such header is the table by kind, the second by source. */
      if (g_str_equal (lines[i], "Item,Received,Closed,Agreed"))
        g_assert_cmpstr (lines[i + 1], ==, saw_kind++ ? "12351 hotline,2,2,2" : "Wage arrears,3,2,2");
    }
  g_assert_true (saw_received);
  g_assert_true (saw_paid);
  g_assert_true (saw_rate);
  g_assert_true (saw_month);
  g_assert_cmpuint (saw_kind, ==, 2);
  g_assert_cmpuint (sections, ==, json_array_get_length (tj_json_get_array (f->summary, "tables")));
}

static void
test_pdf (Fixture       *f,
          gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "report.pdf", NULL);
  g_autofree char *txt = g_build_filename (f->dir, "report.txt", NULL);
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *text = NULL;
  g_autofree char *cmd = NULL;
  g_autofree char *head = NULL;
  int status = 0;

  g_assert_true (tj_report_export_file (f->store, FROM, TO, "pdf", "滨海县职工维权服务中心", &f->options, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &head, NULL, NULL));
  g_assert_true (g_str_has_prefix (head, "%PDF-"));

  g_assert_false (tj_report_export_file (f->store, FROM, TO, "xls", NULL, &f->options, pdf, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "format:"));
  g_clear_error (&error);

  if (pdftotext == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }
  cmd = g_strdup_printf ("%s -enc UTF-8 -layout %s %s", pdftotext, pdf, txt);
  g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (txt, &text, NULL, NULL));
  if (g_getenv ("TJ_REPORT_KEEP"))
    {
      g_autofree char *keep = g_build_filename (g_getenv ("TJ_REPORT_KEEP"), "report.pdf", NULL);
      g_autofree char *contents = NULL;
      gsize len;
      g_file_get_contents (pdf, &contents, &len, NULL);
      g_file_set_contents (keep, contents, len, NULL);
      g_printerr ("%s", text);
    }
  g_assert_nonnull (strstr (text, "滨海县职工维权服务中心"));
  g_assert_nonnull (strstr (text, "Third quarter of 2026"));
  g_assert_nonnull (strstr (text, "28.6%"));        /* settlement rate */
  g_assert_nonnull (strstr (text, "¥2,200.00"));    /* recovered */
  g_assert_nonnull (strstr (text, "Cases received"));
  {
    /* pdftotext may drop the spaces of "第 1 页 共 3 页". */
    g_autoptr(GString) packed = g_string_new (text);
    g_string_replace (packed, " ", "", 0);
    g_assert_nonnull (strstr (packed->str, "第1页共"));
  }
  g_assert_nonnull (strstr (text, "Referrals by destination"));
}

static guint
count_pixels (cairo_surface_t *surface)
{
  unsigned char *data;
  int stride, w, h;
  guint n = 0;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  w = cairo_image_surface_get_width (surface);
  h = cairo_image_surface_get_height (surface);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      if (((guint32 *) (data + y * stride))[x] >> 24)
        n++;
  return n;
}

static void
test_charts (Fixture       *f,
             gconstpointer  user_data)
{
  g_autoptr(JsonObject) empty = NULL;
  g_autoptr(GError) error = NULL;

  empty = tj_report_summary_full (f->store, "2020-01-01", "2020-03-31", &f->options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_json_get_int (empty, "received", -1), ==, 0);

  for (int chart = 0; chart < TJ_REPORT_N_CHARTS; chart++)
    {
      guint pixels[2];

      /* A station's own summary has no figures per station: that chart
       * is not offered (test-centre draws it at a centre). */
      if (chart == TJ_REPORT_CHART_STATIONS)
        {
          g_assert_false (tj_report_chart_applies (f->summary, chart));
          continue;
        }
      g_assert_true (tj_report_chart_applies (f->summary, chart));
      for (int dark = 0; dark < 2; dark++)
        {
          cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640, 300);
          cairo_surface_t *blank = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640, 300);
          cairo_t *cr = cairo_create (surface);
          cairo_t *cr2 = cairo_create (blank);

          tj_report_chart_draw (f->summary, chart, cr, 640, 300, dark, NULL);
          tj_report_chart_draw (empty, chart, cr2, 640, 300, dark, NULL);
          pixels[dark] = count_pixels (surface);
          /* Bars, labels and axes cover a good part; the empty chart has
           * only its message (and the legend). */
          g_assert_cmpuint (pixels[dark], >, 3000);
          g_assert_cmpuint (count_pixels (blank), <, pixels[dark]);
          if (g_test_verbose ())
            {
              g_autofree char *png = g_strdup_printf ("/tmp/tj-chart-%d-%d.png", chart, dark);
              cairo_surface_write_to_png (surface, png);
            }
          cairo_destroy (cr);
          cairo_destroy (cr2);
          cairo_surface_destroy (surface);
          cairo_surface_destroy (blank);
        }
      g_assert_cmpstr (tj_report_chart_title (chart), !=, "");
    }
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_async (GAsyncResult **slot)
{
  /* Bounded by the test's timeout; ends as soon as the result came. */
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* The summary, the cases behind a figure and an export, each off the main
 * thread on the repository's worker: the same as computed in place. */
static void
test_async (Fixture       *f,
            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjRepository) repository = tj_repository_open (tj_store_get_path (f->store), &error);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) summary = NULL;
  g_autoptr(JsonArray) cases = NULL;
  g_autoptr(JsonArray) direct = NULL;
  g_autoptr(JsonNode) a = NULL, b = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *csv = g_build_filename (f->dir, "async.csv", NULL);
  char today[] = TODAY;
  TjReportOptions options = f->options;

  g_assert_no_error (error);
  /* The options are copied: the caller's strings may go at once. */
  options.today = today;
  tj_report_summary_async (repository, FROM, TO, &options, NULL, async_done_cb, &result);
  memset (today, 0, sizeof today);
  summary = tj_report_summary_finish (repository, wait_async (&result), &error);
  g_assert_no_error (error);
  a = json_node_init_object (json_node_alloc (), summary);
  b = json_node_init_object (json_node_alloc (), f->summary);
  g_assert_true (json_node_equal (a, b));
  g_clear_object (&result);

  tj_report_cases_async (repository, FROM, TO, "agreed", &f->options, NULL, async_done_cb, &result);
  cases = tj_report_cases_finish (repository, wait_async (&result), &error);
  g_assert_no_error (error);
  direct = tj_report_cases_full (f->store, FROM, TO, "agreed", &f->options, &error);
  g_assert_cmpuint (json_array_get_length (cases), ==, json_array_get_length (direct));
  g_assert_cmpuint (json_array_get_length (cases), >, 0);
  g_clear_object (&result);

  tj_report_cases_async (repository, FROM, TO, "no-such-figure", &f->options, NULL, async_done_cb, &result);
  g_assert_null (tj_report_cases_finish (repository, wait_async (&result), &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&result);

  tj_report_export_file_async (repository, FROM, TO, "csv", "城南工会", &f->options, csv, NULL,
                               async_done_cb, &result);
  g_assert_true (tj_report_export_file_finish (repository, wait_async (&result), &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (csv, G_FILE_TEST_IS_REGULAR));
  g_clear_object (&result);

  g_cancellable_cancel (cancellable);
  tj_report_summary_async (repository, FROM, TO, &f->options, cancellable, async_done_cb, &result);
  g_assert_null (tj_report_summary_finish (repository, wait_async (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_labels (void)
{
  g_autofree char *q = tj_report_period_label ("2026-07-01", "2026-09-30");
  g_autofree char *m = tj_report_period_label ("2026-02-01", "2026-02-28");
  g_autofree char *y = tj_report_period_label ("2026-01-01", "2026-12-31");
  g_autofree char *c = tj_report_period_label ("2026-07-03", "2026-08-10");
  g_autofree char *f1 = tj_report_figure_label ("referrals.court");
  g_autofree char *f2 = tj_report_figure_label ("month.2026-07.agreed");

  g_assert_cmpstr (q, ==, "Third quarter of 2026");
  g_assert_cmpstr (m, ==, "February 2026");
  g_assert_cmpstr (y, ==, "Year 2026");
  g_assert_cmpstr (c, ==, "2026-07-03 to 2026-08-10");
  g_assert_cmpstr (f1, ==, "Referrals: People's court");
  g_assert_cmpstr (f2, ==, "July 2026: Agreed");
}

int
main (int    argc,
      char **argv)
{
  tj_test_pin_today (TODAY);
  g_setenv ("LANGUAGE", "C", TRUE);
  g_setenv ("XDG_DATA_HOME", "/nonexistent-tj-test", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report/labels", test_labels);
#define ADD(path, func) g_test_add ("/report/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("figures", test_figures);
  ADD ("cases-behind", test_cases_behind);
  ADD ("tables-match-lists", test_tables_match_lists);
  ADD ("reindex", test_reindex);
  ADD ("csv", test_csv);
  ADD ("pdf", test_pdf);
  ADD ("charts", test_charts);
  ADD ("async", test_async);
  return g_test_run ();
}
