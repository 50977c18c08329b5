/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A custom template file: parsed by tj_template_new_from_data() (as
 * `papers templates` lists it and `doc render` loads it), then evaluated
 * against the 72-worker case of tests/fixtures and written as DOCX. */
#define G_LOG_DOMAIN "Tiaojie-Fuzz"

#include "tj-docgen.h"
#include "tj-fuzz.h"
#include "tj-json.h"

#include <stdlib.h>

static JsonObject *model;

static JsonObject *
load_model (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tj_fuzz_fixture ("docgen-wage-arrears-72.json");
  g_autofree char *text = NULL;
  gsize length = 0;
  JsonObject *o;

  if (!g_file_get_contents (path, &text, &length, &error))
    g_error ("fuzz: %s", error->message);
  o = tj_json_parse_object (text, (gssize) length, &error);
  g_assert_no_error (error);
  return o;
}

static void
free_model (void)
{
  g_clear_pointer (&model, json_object_unref);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjTemplate) tmpl = NULL;
  g_autoptr(TjDocument) doc = NULL;
  g_autoptr(GBytes) docx = NULL;
  TjDocgenOptions options = { "2026-11-22" };

  tj_fuzz_init ();
  if (model == NULL)
    {
      model = load_model ();
      atexit (free_model);
    }
  tmpl = tj_template_new_from_data ((const char *) data, size, "fuzz.xml", &error);
  if (tmpl == NULL)
    {
      tj_fuzz_check_error (error);
      return 0;
    }
  g_assert_nonnull (tj_template_get_title (tmpl));
  doc = tj_docgen_evaluate (tmpl, model, &options, &error);
  if (doc == NULL)
    {
      tj_fuzz_check_error (error);
      return 0;
    }
  docx = tj_document_to_docx (doc, &error);
  if (docx == NULL)
    tj_fuzz_check_error (error);
  return 0;
}
