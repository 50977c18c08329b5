/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A roster as CSV or tab-separated text (UTF-8, GBK, UTF-16), through the
 * real path: tj_roster_preview(), then tj_roster_import() when the preview
 * found no error. Checks that an import writes what the preview showed and
 * that no amount goes negative. */
#define G_LOG_DOMAIN "Tiaojie-Fuzz"

#include "tj-fuzz.h"
#include "tj-json.h"
#include "tj-roster.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) preview = NULL;
  g_autoptr(JsonObject) imported = NULL;
  TjStore *store;
  JsonObject *totals;

  tj_fuzz_init ();
  store = tj_fuzz_store ();
  tj_fuzz_begin ();
  preview = tj_roster_preview (store, tj_fuzz_case_id (), (const char *) data, size, "roster.csv", &error);
  if (preview == NULL)
    {
      tj_fuzz_check_error (error);
      tj_fuzz_end ();
      return 0;
    }
  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), preview);
    tj_fuzz_check_utf8 (node);
  }
  totals = tj_json_get_object (preview, "totals");
  g_assert_cmpint (tj_json_get_int (totals, "owed_fen", -1), >=, 0);

  imported = tj_roster_import (store, tj_fuzz_context (), tj_fuzz_case_id (), (const char *) data, size,
                               "roster.csv", &error);
  if (imported == NULL)
    tj_fuzz_check_error (error);
  else
    {
      /* What was imported is what the preview promised. */
      g_assert_cmpint (json_array_get_length (tj_json_get_array (preview, "errors")), ==, 0);
      g_assert_cmpint (tj_json_get_int (imported, "imported", -1), ==, tj_json_get_int (totals, "valid", -2));
      g_assert_cmpint (tj_json_get_int (imported, "owed_fen", -1), ==, tj_json_get_int (totals, "owed_fen", -2));
      {
        g_autoptr(GError) show_error = NULL;
        g_autoptr(JsonObject) shown = tj_case_show (store, tj_fuzz_context (), tj_fuzz_case_id (), &show_error);
        g_assert_no_error (show_error);
        g_assert_cmpint (tj_json_get_int (tj_json_get_object (shown, "totals"), "owed_fen", -1), >=, 0);
      }
    }
  tj_fuzz_end ();
  return 0;
}
