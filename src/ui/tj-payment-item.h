/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* One worker's allocation in an installment, as the payment window lists
 * it: the searchable list where one worker is picked, and the whole
 * installment with a tick per worker. */
#define TJ_TYPE_PAYMENT_ITEM (tj_payment_item_get_type ())
G_DECLARE_FINAL_TYPE (TjPaymentItem, tj_payment_item, TJ, PAYMENT_ITEM, GObject)

TjPaymentItem *tj_payment_item_new          (const char    *worker_id,
                                             const char    *name,
                                             gint64         owed_fen);
const char    *tj_payment_item_get_worker_id (TjPaymentItem *self);
const char    *tj_payment_item_get_name     (TjPaymentItem *self);
gint64         tj_payment_item_get_owed_fen (TjPaymentItem *self);
/* "Still owed ¥5,424.00", or "Paid in full". */
const char    *tj_payment_item_get_owed_text (TjPaymentItem *self);
gboolean       tj_payment_item_get_ticked   (TjPaymentItem *self);
void           tj_payment_item_set_ticked   (TjPaymentItem *self,
                                             gboolean       ticked);

G_END_DECLS
