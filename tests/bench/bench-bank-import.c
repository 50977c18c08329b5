/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark (issue 16): the 75-worker case of tests/fixtures/bank-75-*
 * agreed in two installments; each round a fresh case
 *   - pays installment 1 in one action (tj_payment_add_installment),
 *   - previews and imports the bank's .xlsx file of installment 2,
 * and another fresh case previews and imports the ICBC CSV (GBK) of
 * installment 1. Budget: a 75-row bank file imported in under 1 s.
 * Prints the figures; asserts only that the work was done right. */

#include <glib/gstdio.h>
#include <string.h>
#include <time.h>

#include "tj-arrears.h"
#include "tj-bank-import.h"
#include "tj-case.h"
#include "tj-json.h"
#include "tj-settlement.h"
#include "tj-test-store.h"
#include "tj-test-util.h"

#define ROUNDS 10

static char *
read_fixture (const char *name,
              gsize      *length)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, length, NULL));
  return data;
}

/* A new case of the 75 workers with the agreed settlement. */
static char *
new_case (TjStore             *store,
          const TjCaseContext *ctx,
          const char          *case_json,
          gint64              *out_total)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = tj_json_parse_object (case_json, -1, &error);
  g_autoptr(JsonObject) added = tj_case_add (store, ctx, input, &error);
  const char *id;

  g_assert_no_error (error);
  id = tj_json_get_string (added, "id", NULL);
  *out_total = tj_test_settle_halves (store, ctx, id, "2026-11-30", "2026-12-15", "bench");
  return g_strdup (id);
}

typedef struct {
  const char *what;
  double      wall[ROUNDS];
  double      cpu[ROUNDS];
} Figure;

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void
report (Figure *fig)
{
  qsort (fig->wall, ROUNDS, sizeof (double), (GCompareFunc) compare_double);
  qsort (fig->cpu, ROUNDS, sizeof (double), (GCompareFunc) compare_double);
  g_print ("%-42s median %7.1f ms (cpu %6.1f ms), min %7.1f ms, max %7.1f ms\n", fig->what,
           fig->wall[ROUNDS / 2] * 1000, fig->cpu[ROUNDS / 2] * 1000, fig->wall[0] * 1000,
           fig->wall[ROUNDS - 1] * 1000);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tj-bench-bank-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "bench.db", NULL);
  g_autoptr(TjStore) store = NULL;
  g_autofree char *case_json = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *xlsx = NULL;
  gsize csv_length = 0, xlsx_length = 0;
  Figure bulk = { "installment of 75 paid in one action" };
  Figure csv_preview = { "bank CSV (GBK, 76 rows): preview" };
  Figure csv_import = { "bank CSV (GBK, 76 rows): import" };
  Figure xlsx_preview = { "bank .xlsx (75 rows): preview" };
  Figure xlsx_import = { "bank .xlsx (75 rows): import" };
  TjCaseContext ctx;

  g_test_init (&argc, &argv, NULL);
  case_json = read_fixture ("bank-75-case.json", NULL);
  csv = read_fixture ("bank-75-installment-1.csv", &csv_length);
  xlsx = read_fixture ("bank-75-installment-2.xlsx", &xlsx_length);

  store = tj_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_true (tj_arrears_attach (store, &error));
  tj_case_context_init_defaults (&ctx);
  ctx.today = "2026-12-20";

  for (guint r = 0; r < ROUNDS; r++)
    {
      g_autoptr(JsonObject) first = tj_json_parse_object ("{\"installment\":0,\"paid_on\":\"2026-11-28\"}", -1, NULL);
      g_autoptr(JsonObject) out = NULL;
      g_autoptr(JsonObject) preview = NULL;
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;
      gint64 total = 0, t0;
      double c0;

      a = new_case (store, &ctx, case_json, &total);
      t0 = g_get_monotonic_time ();
      c0 = tj_test_cpu_seconds ();
      out = tj_payment_add_installment (store, &ctx, a, first, &error);
      bulk.wall[r] = (g_get_monotonic_time () - t0) / 1e6;
      bulk.cpu[r] = tj_test_cpu_seconds () - c0;
      g_assert_no_error (error);
      g_assert_cmpint (tj_json_get_int (out, "payments", 0), ==, 75);
      g_clear_pointer (&out, json_object_unref);

      t0 = g_get_monotonic_time ();
      c0 = tj_test_cpu_seconds ();
      preview = tj_bank_import_preview (store, &ctx, a, xlsx, xlsx_length, "ccb.xlsx", NULL, &error);
      xlsx_preview.wall[r] = (g_get_monotonic_time () - t0) / 1e6;
      xlsx_preview.cpu[r] = tj_test_cpu_seconds () - c0;
      g_assert_no_error (error);
      g_assert_cmpuint (json_array_get_length (tj_json_get_array (preview, "errors")), ==, 0);
      g_clear_pointer (&preview, json_object_unref);
      t0 = g_get_monotonic_time ();
      c0 = tj_test_cpu_seconds ();
      out = tj_bank_import (store, &ctx, a, xlsx, xlsx_length, "ccb.xlsx", NULL, &error);
      xlsx_import.wall[r] = (g_get_monotonic_time () - t0) / 1e6;
      xlsx_import.cpu[r] = tj_test_cpu_seconds () - c0;
      g_assert_no_error (error);
      g_assert_true (tj_json_get_bool (out, "all_paid", FALSE));
      g_clear_pointer (&out, json_object_unref);

      b = new_case (store, &ctx, case_json, &total);
      t0 = g_get_monotonic_time ();
      c0 = tj_test_cpu_seconds ();
      preview = tj_bank_import_preview (store, &ctx, b, csv, csv_length, "icbc.csv", NULL, &error);
      csv_preview.wall[r] = (g_get_monotonic_time () - t0) / 1e6;
      csv_preview.cpu[r] = tj_test_cpu_seconds () - c0;
      g_assert_no_error (error);
      g_assert_cmpint (tj_json_get_int (tj_json_get_object (preview, "totals"), "valid", 0), ==, 75);
      t0 = g_get_monotonic_time ();
      c0 = tj_test_cpu_seconds ();
      out = tj_bank_import (store, &ctx, b, csv, csv_length, "icbc.csv", NULL, &error);
      csv_import.wall[r] = (g_get_monotonic_time () - t0) / 1e6;
      csv_import.cpu[r] = tj_test_cpu_seconds () - c0;
      g_assert_no_error (error);
      g_assert_cmpint (tj_json_get_int (out, "paid_fen", 0), ==, total / 2);
    }

  g_print ("%u rounds, each on a fresh 75-worker case (the database grows to %u cases)\n", ROUNDS, ROUNDS * 2);
  report (&bulk);
  report (&csv_preview);
  report (&csv_import);
  report (&xlsx_preview);
  report (&xlsx_import);
  g_print ("budget: a 75-row bank file imported in under 1 s\n");

  {
    const char *suffixes[] = { "", "-wal", "-shm" };
    g_clear_object (&store);
    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *p = g_strconcat (db, suffixes[i], NULL);
        g_remove (p);
      }
    g_rmdir (dir);
  }
  return 0;
}
