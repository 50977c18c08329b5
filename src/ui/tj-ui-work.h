/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-application.h"

G_BEGIN_DECLS

/* Database work of a window or dialog, run on the repository's worker
 * (tj_repository_run_async()) with @ctx, a copy of the application's case
 * context made on the main thread: a click never waits for the database.
 * Only @data and @ctx are the worker's; @data must not be touched on the
 * main thread until the callback. */
typedef gboolean (*TjUiWorkFunc) (TjStore              *store,
                                  const TjCaseContext  *ctx,
                                  gpointer              data,
                                  GError              **error);

/* Without a repository (none opened) the callback gets an error. */
void     tj_ui_work_run_async  (TjApplication        *application,
                                TjUiWorkFunc          func,
                                gpointer              data,
                                GDestroyNotify        destroy,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data);
/* @out_data: the data given to tj_ui_work_run_async(), still owned by
 * @result. */
gboolean tj_ui_work_run_finish (GAsyncResult         *result,
                                gpointer             *out_data,
                                GError              **error);

/* A window about one case names it in its header: the number of @case_id
 * (with @with_title, "number title"), read on the worker, becomes
 * @window_title's subtitle. Nothing while no repository is open. */
void     tj_ui_work_show_case_subtitle (TjApplication  *application,
                                        const char     *case_id,
                                        gboolean        with_title,
                                        AdwWindowTitle *window_title);

G_END_DECLS
