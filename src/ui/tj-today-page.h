/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TJ_TYPE_TODAY_PAGE (tj_today_page_get_type ())
G_DECLARE_FINAL_TYPE (TjTodayPage, tj_today_page, TJ, TODAY_PAGE, AdwBin)

GtkWidget *tj_today_page_new     (void);
void       tj_today_page_refresh (TjTodayPage *self);

G_END_DECLS
