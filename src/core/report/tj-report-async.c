/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The report off the main thread: the summary, the cases behind a figure
 * and an export, each run on the repository's worker (its connection has
 * the report index) with the result handed back on the caller's main
 * context. See tj-report.h. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Report"

#include "tj-report.h"

typedef struct
{
  char            *from;
  char            *to;
  char            *figure;        /* cases */
  char            *format;        /* export */
  char            *organisation;  /* export */
  char            *path;          /* export */
  char            *today;         /* options.today's copy */
  TjReportOptions  options;
  JsonObject      *summary;
  JsonArray       *cases;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->from);
  g_free (job->to);
  g_free (job->figure);
  g_free (job->format);
  g_free (job->organisation);
  g_free (job->path);
  g_free (job->today);
  g_clear_pointer (&job->summary, json_object_unref);
  g_clear_pointer (&job->cases, json_array_unref);
  g_free (job);
}

static Job *
job_new (const char            *from,
         const char            *to,
         const TjReportOptions *options)
{
  Job *job = g_new0 (Job, 1);

  job->from = g_strdup (from);
  job->to = g_strdup (to);
  if (options)
    job->options = *options;
  else
    tj_report_options_init (&job->options);
  /* The caller's string may be gone by the time the worker reads it. */
  job->today = g_strdup (job->options.today);
  job->options.today = job->today;
  return job;
}

static gboolean
summary_run (TjStore  *store,
             gpointer  data,
             GError  **error)
{
  Job *job = data;

  job->summary = tj_report_summary_full (store, job->from, job->to, &job->options, error);
  return job->summary != NULL;
}

/**
 * tj_report_summary_async:
 * @repository: the open database
 * @from: first day of the period (ISO date)
 * @to: last day of the period
 * @options: (nullable): as for tj_report_summary_full(); copied
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's main context
 * @user_data: for @callback
 *
 * tj_report_summary_full() on the repository's worker thread.
 */
void
tj_report_summary_async (TjRepository          *repository,
                         const char            *from,
                         const char            *to,
                         const TjReportOptions *options,
                         GCancellable          *cancellable,
                         GAsyncReadyCallback    callback,
                         gpointer               user_data)
{
  g_return_if_fail (TJ_IS_REPOSITORY (repository));

  tj_repository_run_async (repository, summary_run, job_new (from, to, options), job_free, cancellable,
                           callback, user_data);
}

/**
 * tj_report_summary_finish:
 *
 * Returns: (transfer full) (nullable): the summary, as tj_report_summary()
 */
JsonObject *
tj_report_summary_finish (TjRepository  *repository,
                          GAsyncResult  *result,
                          GError       **error)
{
  gpointer data = NULL;

  if (!tj_repository_run_finish (repository, result, &data, error))
    return NULL;
  return g_steal_pointer (&((Job *) data)->summary);
}

static gboolean
cases_run (TjStore  *store,
           gpointer  data,
           GError  **error)
{
  Job *job = data;

  job->cases = tj_report_cases_full (store, job->from, job->to, job->figure, &job->options, error);
  return job->cases != NULL;
}

/**
 * tj_report_cases_async:
 *
 * tj_report_cases_full() on the repository's worker thread.
 */
void
tj_report_cases_async (TjRepository          *repository,
                       const char            *from,
                       const char            *to,
                       const char            *figure,
                       const TjReportOptions *options,
                       GCancellable          *cancellable,
                       GAsyncReadyCallback    callback,
                       gpointer               user_data)
{
  Job *job;

  g_return_if_fail (TJ_IS_REPOSITORY (repository));

  job = job_new (from, to, options);
  job->figure = g_strdup (figure);
  tj_repository_run_async (repository, cases_run, job, job_free, cancellable, callback, user_data);
}

/**
 * tj_report_cases_finish:
 *
 * Returns: (transfer full) (nullable): the cases, as tj_report_cases()
 */
JsonArray *
tj_report_cases_finish (TjRepository  *repository,
                        GAsyncResult  *result,
                        GError       **error)
{
  gpointer data = NULL;

  if (!tj_repository_run_finish (repository, result, &data, error))
    return NULL;
  return g_steal_pointer (&((Job *) data)->cases);
}

static gboolean
export_run (TjStore  *store,
            gpointer  data,
            GError  **error)
{
  Job *job = data;

  return tj_report_export_file (store, job->from, job->to, job->format, job->organisation, &job->options,
                                job->path, error);
}

/**
 * tj_report_export_file_async:
 *
 * tj_report_export_file() on the repository's worker thread.
 */
void
tj_report_export_file_async (TjRepository          *repository,
                             const char            *from,
                             const char            *to,
                             const char            *format,
                             const char            *organisation,
                             const TjReportOptions *options,
                             const char            *path,
                             GCancellable          *cancellable,
                             GAsyncReadyCallback    callback,
                             gpointer               user_data)
{
  Job *job;

  g_return_if_fail (TJ_IS_REPOSITORY (repository));

  job = job_new (from, to, options);
  job->format = g_strdup (format);
  job->organisation = g_strdup (organisation);
  job->path = g_strdup (path);
  tj_repository_run_async (repository, export_run, job, job_free, cancellable, callback, user_data);
}

gboolean
tj_report_export_file_finish (TjRepository  *repository,
                              GAsyncResult  *result,
                              GError       **error)
{
  return tj_repository_run_finish (repository, result, NULL, error);
}
