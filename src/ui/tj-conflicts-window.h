/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-store.h"

G_BEGIN_DECLS

#define TJ_TYPE_CONFLICTS_WINDOW (tj_conflicts_window_get_type ())
G_DECLARE_FINAL_TYPE (TjConflictsWindow, tj_conflicts_window, TJ, CONFLICTS_WINDOW, AdwWindow)

TjConflictsWindow *tj_conflicts_window_new     (GtkWindow         *parent,
                                                TjStore           *store);
/* Re-reads the documents in conflict (after a sync run). */
void               tj_conflicts_window_reload  (TjConflictsWindow *self);
/* Shows the versions of @id; FALSE when it is not in conflict. */
gboolean           tj_conflicts_window_select  (TjConflictsWindow *self,
                                                const char        *id);

G_END_DECLS
