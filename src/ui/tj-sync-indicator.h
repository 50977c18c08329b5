/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-sync-scheduler.h"

G_BEGIN_DECLS

#define TJ_TYPE_SYNC_INDICATOR (tj_sync_indicator_get_type ())
G_DECLARE_FINAL_TYPE (TjSyncIndicator, tj_sync_indicator, TJ, SYNC_INDICATOR, GtkWidget)

GtkWidget *tj_sync_indicator_new           (void);
/* @scheduler: (nullable): the scheduler to show; %NULL hides the button. */
void       tj_sync_indicator_set_scheduler (TjSyncIndicator *self,
                                            TjSyncScheduler *scheduler);
/* The one-line text of the button's tooltip ("Synced", "3 changes
 * waiting", "Offline", "Sync failed: …"). */
char      *tj_sync_describe_state          (TjSyncScheduler *scheduler);
const char *tj_sync_state_icon_name        (TjSyncState      state);

G_END_DECLS
