/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TJ_TYPE_CASES_PAGE (tj_cases_page_get_type ())
G_DECLARE_FINAL_TYPE (TjCasesPage, tj_cases_page, TJ, CASES_PAGE, AdwBin)

GtkWidget *tj_cases_page_new       (void);
/* Opens the case page of @case_id in place of the list. */
void       tj_cases_page_open_case (TjCasesPage *self,
                                    const char  *case_id);
/* Back from a case page to the list. */
void       tj_cases_page_show_list (TjCasesPage *self);
/* Leaves the case page for the list; FALSE when the list is shown. */
gboolean   tj_cases_page_go_back   (TjCasesPage *self);

G_END_DECLS
