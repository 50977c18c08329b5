/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-application.h"

G_BEGIN_DECLS

/* One case: header with number, title, status and actions; tabs for the
 * overview (deadlines with their legal basis), parties, claims, evidence
 * and the timeline. Emits "back" when the user leaves it. */
#define TJ_TYPE_CASE_PAGE (tj_case_page_get_type ())
G_DECLARE_FINAL_TYPE (TjCasePage, tj_case_page, TJ, CASE_PAGE, GtkBox)

GtkWidget  *tj_case_page_new         (TjApplication *application,
                                      const char    *case_id);
const char *tj_case_page_get_case_id (TjCasePage    *self);
/* Reads the case again (after a write elsewhere), on the repository's
 * worker: the page is filled when it answers. */
void        tj_case_page_reload      (TjCasePage    *self);
/* A read is under way: what the page shows may be older. */
gboolean    tj_case_page_get_loading (TjCasePage    *self);
/* Opens a tab: overview, parties, claims, evidence, timeline. */
void        tj_case_page_show_tab    (TjCasePage    *self,
                                      const char    *name);

G_END_DECLS
