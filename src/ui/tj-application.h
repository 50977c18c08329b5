/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-case.h"
#include "tj-clock.h"
#include "tj-context.h"
#include "tj-repository.h"
#include "tj-store.h"
#include "tj-sync-scheduler.h"

G_BEGIN_DECLS

#define TJ_TYPE_APPLICATION (tj_application_get_type ())
G_DECLARE_FINAL_TYPE (TjApplication, tj_application, TJ, APPLICATION, AdwApplication)

typedef struct _TjArrearsNotifier TjArrearsNotifier;

TjApplication *tj_application_new            (void);

GSettings     *tj_application_get_settings   (TjApplication *self);
TjStore       *tj_application_get_store      (TjApplication *self);
TjRepository  *tj_application_get_repository (TjApplication *self);
const GError  *tj_application_get_store_error (TjApplication *self);
const char    *tj_application_get_store_path (TjApplication *self);
void           tj_application_open_store     (TjApplication *self);
TjContext     *tj_application_get_context    (TjApplication *self);
gboolean       tj_application_reload_calendar (TjApplication *self,
                                               GError       **error);
void           tj_application_show_case      (TjApplication *self,
                                              const char    *case_id);
TjSyncScheduler *tj_application_get_sync_scheduler (TjApplication *self);
TjClock       *tj_application_get_clock      (TjApplication *self);
void           tj_application_send_notification (TjApplication *self,
                                                 const char    *id,
                                                 GNotification *notification);

TjArrearsNotifier *tj_application_get_arrears_notifier (TjApplication *self);

G_END_DECLS
