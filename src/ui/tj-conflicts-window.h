/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-application.h"

G_BEGIN_DECLS

#define TJ_TYPE_CONFLICTS_WINDOW (tj_conflicts_window_get_type ())
G_DECLARE_FINAL_TYPE (TjConflictsWindow, tj_conflicts_window, TJ, CONFLICTS_WINDOW, AdwWindow)

/* The documents in conflict in @application's repository, read (and
 * resolved) on its worker. */
TjConflictsWindow *tj_conflicts_window_new     (GtkWindow         *parent,
                                                TjApplication     *application);
/* Re-reads the documents in conflict (after a sync run), on the worker. */
void               tj_conflicts_window_reload  (TjConflictsWindow *self);
/* Shows the versions of @id; FALSE when it is not in conflict (or the
 * list is not read yet). */
gboolean           tj_conflicts_window_select  (TjConflictsWindow *self,
                                                const char        *id);

G_END_DECLS
