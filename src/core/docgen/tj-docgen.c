/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Rendering in one step, and off the main thread. A template is
 * immutable once parsed and each TjPages has its own font map, so a render
 * needs nothing shared but a copy of the model. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Docgen"

#include "tj-docgen-private.h"
#include "tj-json.h"

GBytes *
tj_docgen_render (TjTemplate             *tmpl,
                  JsonObject             *model,
                  const TjDocgenOptions  *options,
                  TjDocgenFormat          format,
                  GError                **error)
{
  g_return_val_if_fail (tmpl != NULL, NULL);
  g_return_val_if_fail (model != NULL, NULL);

  if (format == TJ_DOCGEN_FORMAT_DOCX)
    return tj_docgen_render_docx (tmpl, model, options, error);
  return tj_docgen_render_pdf (tmpl, model, options, error);
}

TjPages *
tj_docgen_lay_out (TjTemplate             *tmpl,
                   JsonObject             *model,
                   const TjDocgenOptions  *options,
                   GError                **error)
{
  g_autoptr(TjDocument) doc = NULL;

  g_return_val_if_fail (tmpl != NULL, NULL);
  g_return_val_if_fail (model != NULL, NULL);

  doc = tj_docgen_evaluate (tmpl, model, options, error);
  return doc ? tj_docgen_paginate (doc, error) : NULL;
}

typedef struct {
  TjTemplate     *tmpl;
  JsonObject     *model;
  char           *today;
  TjDocgenFormat  format;
} RenderData;

static void
render_data_free (RenderData *data)
{
  tj_template_unref (data->tmpl);
  json_object_unref (data->model);
  g_free (data->today);
  g_free (data);
}

/* A real deep copy (json_node_copy() shares nested objects), so the
 * caller may edit its model while the thread reads the copy. */
static JsonObject *
deep_copy (JsonObject *object)
{
  g_autofree char *text = tj_json_object_to_string (object, FALSE);
  JsonObject *copy = tj_json_parse_object (text, -1, NULL);

  g_assert (copy != NULL);
  return copy;
}

static RenderData *
render_data_new (TjTemplate            *tmpl,
                 JsonObject            *model,
                 const TjDocgenOptions *options,
                 TjDocgenFormat         format)
{
  RenderData *data = g_new0 (RenderData, 1);

  data->tmpl = tj_template_ref (tmpl);
  data->model = deep_copy (model);
  data->today = g_strdup (options ? options->today : NULL);
  data->format = format;
  return data;
}

static void
render_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderData *data = task_data;
  TjDocgenOptions options = { data->today };
  GError *error = NULL;
  GBytes *bytes;

  if (g_task_return_error_if_cancelled (task))
    return;
  bytes = tj_docgen_render (data->tmpl, data->model, &options, data->format, &error);
  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

void
tj_docgen_render_async (TjTemplate             *tmpl,
                        JsonObject             *model,
                        const TjDocgenOptions  *options,
                        TjDocgenFormat          format,
                        GCancellable           *cancellable,
                        GAsyncReadyCallback     callback,
                        gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (tmpl != NULL);
  g_return_if_fail (model != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tj_docgen_render_async);
  g_task_set_task_data (task, render_data_new (tmpl, model, options, format),
                        (GDestroyNotify) render_data_free);
  g_task_run_in_thread (task, render_thread);
}

GBytes *
tj_docgen_render_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tj_docgen_render_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
paginate_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  RenderData *data = task_data;
  TjDocgenOptions options = { data->today };
  GError *error = NULL;
  TjPages *pages;

  if (g_task_return_error_if_cancelled (task))
    return;
  pages = tj_docgen_lay_out (data->tmpl, data->model, &options, &error);
  if (pages == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pages, (GDestroyNotify) tj_pages_free);
}

void
tj_docgen_paginate_async (TjTemplate             *tmpl,
                          JsonObject             *model,
                          const TjDocgenOptions  *options,
                          GCancellable           *cancellable,
                          GAsyncReadyCallback     callback,
                          gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (tmpl != NULL);
  g_return_if_fail (model != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tj_docgen_paginate_async);
  g_task_set_task_data (task, render_data_new (tmpl, model, options, TJ_DOCGEN_FORMAT_PDF),
                        (GDestroyNotify) render_data_free);
  g_task_run_in_thread (task, paginate_thread);
}

TjPages *
tj_docgen_paginate_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tj_docgen_paginate_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
