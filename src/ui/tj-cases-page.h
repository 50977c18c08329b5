/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TJ_TYPE_CASES_PAGE (tj_cases_page_get_type ())
G_DECLARE_FINAL_TYPE (TjCasesPage, tj_cases_page, TJ, CASES_PAGE, AdwBin)

GtkWidget *tj_cases_page_new (void);

G_END_DECLS
