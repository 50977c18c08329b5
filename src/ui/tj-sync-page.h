/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TJ_TYPE_SYNC_PAGE (tj_sync_page_get_type ())
G_DECLARE_FINAL_TYPE (TjSyncPage, tj_sync_page, TJ, SYNC_PAGE, AdwBin)

GtkWidget *tj_sync_page_new (void);

G_END_DECLS
