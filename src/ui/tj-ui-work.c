/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-case.h"
#include "tj-json.h"
#include "tj-ui-work.h"

typedef struct {
  TjUiWorkFunc    func;
  gpointer        data;
  GDestroyNotify  destroy;
  TjCaseContext   ctx;
  char           *strings[5];  /* the context's, copied for the thread */
} Work;

static void
work_free (gpointer data)
{
  Work *w = data;

  if (w->destroy)
    w->destroy (w->data);
  for (guint i = 0; i < G_N_ELEMENTS (w->strings); i++)
    g_free (w->strings[i]);
  g_free (w);
}

static gboolean
work_in_worker (TjStore  *store,
                gpointer  data,
                GError  **error)
{
  Work *w = data;

  return w->func (store, &w->ctx, w->data, error);
}

void
tj_ui_work_run_async (TjApplication       *application,
                      TjUiWorkFunc         func,
                      gpointer             data,
                      GDestroyNotify       destroy,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  TjRepository *repository;
  Work *w;

  g_return_if_fail (TJ_IS_APPLICATION (application));
  g_return_if_fail (func != NULL);

  repository = tj_application_get_repository (application);
  if (repository == NULL)
    {
      /* The result's source is the application then, not a repository:
       * tj_ui_work_run_finish() tells them apart. */
      g_task_report_new_error (application, callback, user_data, tj_ui_work_run_async,
                               TJ_ERROR, TJ_ERROR_FAILED, "%s", _("The case database is not open."));
      if (destroy)
        destroy (data);
      return;
    }

  w = g_new0 (Work, 1);
  w->func = func;
  w->data = data;
  w->destroy = destroy;
  tj_context_fill_case_context (tj_application_get_context (application), &w->ctx);
  {
    const char **members[] = {
      &w->ctx.station_code, &w->ctx.number_pattern, &w->ctx.actor, &w->ctx.today, &w->ctx.dispatch_to,
    };

    G_STATIC_ASSERT (G_N_ELEMENTS (members) == G_N_ELEMENTS (w->strings));
    for (guint i = 0; i < G_N_ELEMENTS (members); i++)
      *members[i] = w->strings[i] = g_strdup (*members[i]);
  }
  tj_repository_run_async (repository, work_in_worker, w, work_free, cancellable, callback, user_data);
}

gboolean
tj_ui_work_run_finish (GAsyncResult  *result,
                       gpointer      *out_data,
                       GError       **error)
{
  g_autoptr(GObject) source = g_async_result_get_source_object (result);
  Work *w = NULL;
  gboolean ok;

  if (out_data)
    *out_data = NULL;
  if (!TJ_IS_REPOSITORY (source))
    return g_task_propagate_boolean (G_TASK (result), error);
  ok = tj_repository_run_finish (TJ_REPOSITORY (source), result, (gpointer *) &w, error);
  if (out_data && w)
    *out_data = w->data;
  return ok;
}

typedef struct {
  char           *case_id;
  gboolean        with_title;
  char           *subtitle;
} CaseSubtitle;

static void
case_subtitle_free (CaseSubtitle *job)
{
  g_free (job->case_id);
  g_free (job->subtitle);
  g_free (job);
}

static gboolean
read_case_subtitle_in_worker (TjStore              *store,
                              const TjCaseContext  *ctx,
                              gpointer              data,
                              GError              **error)
{
  CaseSubtitle *job = data;
  g_autoptr(JsonObject) doc = tj_case_show (store, ctx, job->case_id, error);

  if (doc == NULL)
    return FALSE;
  if (job->with_title)
    job->subtitle = g_strdup_printf ("%s %s", tj_json_get_string (doc, "number", ""),
                                     tj_json_get_string (doc, "title", ""));
  else
    job->subtitle = g_strdup (tj_json_get_string (doc, "number", ""));
  return TRUE;
}

static void
case_subtitle_read_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(AdwWindowTitle) window_title = user_data;
  CaseSubtitle *job = NULL;

  /* (The window may have been closed meanwhile: the title is then ours
   * alone, and setting it harmless.) */
  if (tj_ui_work_run_finish (result, (gpointer *) &job, NULL))
    adw_window_title_set_subtitle (window_title, job->subtitle);
}

void
tj_ui_work_show_case_subtitle (TjApplication  *application,
                               const char     *case_id,
                               gboolean        with_title,
                               AdwWindowTitle *window_title)
{
  CaseSubtitle *job;

  g_return_if_fail (TJ_IS_APPLICATION (application));
  g_return_if_fail (case_id != NULL);
  g_return_if_fail (ADW_IS_WINDOW_TITLE (window_title));

  if (tj_application_get_repository (application) == NULL)
    return;
  job = g_new0 (CaseSubtitle, 1);
  job->case_id = g_strdup (case_id);
  job->with_title = with_title;
  tj_ui_work_run_async (application, read_case_subtitle_in_worker, job, (GDestroyNotify) case_subtitle_free, NULL,
                        case_subtitle_read_cb, g_object_ref (window_title));
}
