/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TJ_TYPE_ARREARS_PAGE (tj_arrears_page_get_type ())
G_DECLARE_FINAL_TYPE (TjArrearsPage, tj_arrears_page, TJ, ARREARS_PAGE, AdwBin)

GtkWidget *tj_arrears_page_new (void);

G_END_DECLS
