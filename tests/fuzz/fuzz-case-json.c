/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case interchange JSON as `tiaojie-cli case add` reads it: parsed
 * with tj_json_parse_object(), validated and written by tj_case_add().
 * A case that was added must be readable (tj_case_show()) and appear in
 * the list; the same input as a patch (tj_case_update()) of the fuzz
 * store's case must be applied or refused cleanly. */
#define G_LOG_DOMAIN "Tiaojie-Fuzz"

#include "tj-fuzz.h"
#include "tj-json.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) added = NULL;
  TjStore *store;

  tj_fuzz_init ();
  store = tj_fuzz_store ();
  input = tj_json_parse_object ((const char *) data, (gssize) size, &error);
  if (input == NULL)
    {
      tj_fuzz_check_error (error);
      return 0;
    }

  tj_fuzz_begin ();
  added = tj_case_add (store, tj_fuzz_context (), input, &error);
  if (added == NULL)
    tj_fuzz_check_error (error);
  else
    {
      g_autoptr(GError) show_error = NULL;
      g_autoptr(JsonObject) shown = tj_case_show (store, tj_fuzz_context (),
                                                  tj_json_get_string (added, "id", ""), &show_error);
      g_assert_no_error (show_error);
      g_assert_nonnull (shown);
      {
        g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), shown);
        g_autofree char *text = tj_json_canonical (node);
        g_autoptr(JsonNode) again = NULL;

        tj_fuzz_check_utf8 (node);
        /* What the CLI prints can be read back. */
        again = tj_json_parse (text, -1, &show_error);
        g_assert_no_error (show_error);
      }
      g_assert_cmpint (tj_json_get_int (tj_json_get_object (shown, "totals"), "owed_fen", -1), >=, 0);
      g_assert_cmpint (tj_json_get_int (tj_json_get_object (shown, "totals"), "claimed_fen", -1), >=, 0);
    }
  g_clear_error (&error);

  /* The same members as an edit of an existing case. */
  if (!tj_case_update (store, tj_fuzz_context (), tj_fuzz_case_id (), input, &error))
    tj_fuzz_check_error (error);
  else
    {
      g_autoptr(GError) show_error = NULL;
      g_autoptr(JsonObject) shown = tj_case_show (store, tj_fuzz_context (), tj_fuzz_case_id (), &show_error);
      g_assert_nonnull (shown);
      g_assert_no_error (show_error);
    }
  tj_fuzz_end ();
  return 0;
}
