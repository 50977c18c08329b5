/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The data side of document generation: a model (the case as `case show`
 * prints it, with settlement, organisation, agreement…) goes through
 * tj_docgen_model_from_case() and is evaluated by every built-in template,
 * each result written as DOCX. Values of every type and size reach the
 * formats (money, money_upper, date_cn, masked_id, cn_number…). */
#define G_LOG_DOMAIN "Tiaojie-Fuzz"

#include <stdlib.h>

#include "tj-docgen.h"
#include "tj-fuzz.h"
#include "tj-json.h"

static GPtrArray *templates;

static void
free_templates (void)
{
  g_clear_pointer (&templates, g_ptr_array_unref);
}

static void
load_templates (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) list = tj_docgen_list_templates (&error);

  g_assert_no_error (error);
  templates = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_template_unref);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      const char *name = tj_json_get_string (json_array_get_object_element (list, i), "name", NULL);
      TjTemplate *t = tj_template_load (name, &error);
      g_assert_no_error (error);
      g_ptr_array_add (templates, t);
    }
  atexit (free_templates);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) model = NULL;
  TjDocgenOptions options = { "2026-11-22" };

  tj_fuzz_init ();
  if (templates == NULL)
    load_templates ();
  model = tj_json_parse_object ((const char *) data, (gssize) size, &error);
  if (model == NULL)
    {
      tj_fuzz_check_error (error);
      return 0;
    }
  for (guint i = 0; i < templates->len; i++)
    {
      g_autoptr(TjDocument) doc = tj_docgen_evaluate (g_ptr_array_index (templates, i), model, &options, &error);
      g_autoptr(GBytes) docx = NULL;

      if (doc == NULL)
        {
          tj_fuzz_check_error (error);
          g_clear_error (&error);
          continue;
        }
      docx = tj_document_to_docx (doc, &error);
      if (docx == NULL)
        {
          tj_fuzz_check_error (error);
          g_clear_error (&error);
        }
    }
  return 0;
}
