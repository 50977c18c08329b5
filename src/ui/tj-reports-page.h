/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TJ_TYPE_REPORTS_PAGE (tj_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (TjReportsPage, tj_reports_page, TJ, REPORTS_PAGE, AdwBin)

GtkWidget *tj_reports_page_new (void);

G_END_DECLS
