/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cases imported from a CSV file (tj_case_import_csv()): every case it
 * says it imported must then be readable with tj_case_show(). */
#define G_LOG_DOMAIN "Tiaojie-Fuzz"

#include "tj-fuzz.h"
#include "tj-json.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;
  TjStore *store;

  tj_fuzz_init ();
  store = tj_fuzz_store ();
  tj_fuzz_begin ();
  result = tj_case_import_csv (store, tj_fuzz_context (), (const char *) data, size, &error);
  if (result == NULL)
    tj_fuzz_check_error (error);
  else
    {
      JsonArray *cases = tj_json_get_array (result, "cases");
      for (guint i = 0; cases && i < json_array_get_length (cases); i++)
        {
          JsonObject *c = json_array_get_object_element (cases, i);
          g_autoptr(GError) show_error = NULL;
          g_autoptr(JsonObject) shown = tj_case_show (store, tj_fuzz_context (),
                                                      tj_json_get_string (c, "id", ""), &show_error);
          g_assert_no_error (show_error);
          g_assert_cmpint (tj_json_get_int (tj_json_get_object (shown, "totals"), "owed_fen", -1), >=, 0);
          {
            g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), shown);
            tj_fuzz_check_utf8 (node);
          }
        }
    }
  tj_fuzz_end ();
  return 0;
}
