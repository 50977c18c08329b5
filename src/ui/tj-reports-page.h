/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define TJ_TYPE_REPORTS_PAGE (tj_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (TjReportsPage, tj_reports_page, TJ, REPORTS_PAGE, AdwBin)

GtkWidget  *tj_reports_page_new         (void);
/* Shows the period @from … @to (ISO dates); a whole month, quarter or
 * year selects that kind of period, anything else a custom range. */
void        tj_reports_page_set_period  (TjReportsPage *self,
                                         const char    *from,
                                         const char    *to);
/* The summary on screen, or NULL while it is computed. */
JsonObject *tj_reports_page_get_summary (TjReportsPage *self);
/* Lists the cases behind @figure (a key of tj-report.h) on the page's
 * second view. */
void        tj_reports_page_open_figure (TjReportsPage *self,
                                         const char    *figure);

G_END_DECLS
