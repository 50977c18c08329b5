/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-application.h"

G_BEGIN_DECLS

#define TJ_TYPE_ARREARS_NOTIFIER (tj_arrears_notifier_get_type ())
G_DECLARE_FINAL_TYPE (TjArrearsNotifier, tj_arrears_notifier, TJ, ARREARS_NOTIFIER, GObject)

/* Desktop notifications (GNotification) for overdue installments
 * (tj_arrears_overdue()): when the database opens and every 30 minutes,
 * at most once per installment per day for the session. */
TjArrearsNotifier *tj_arrears_notifier_new       (TjApplication     *application);
/* Checks now; returns how many notifications were sent. */
guint              tj_arrears_notifier_check     (TjArrearsNotifier *self);
/* Notifications sent this session. */
guint              tj_arrears_notifier_get_sent  (TjArrearsNotifier *self);

G_END_DECLS
