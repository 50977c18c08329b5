/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-settlement.h"

G_BEGIN_DECLS

/* Shared by tj-settlement.c and tj-bank-import.c: the agreed settlement a
 * batch of payments is recorded against, with what each allocation has
 * been paid so far. Writes made through _tj_payment_batch_put() are added
 * to the paid amounts at once (the arrears index only catches up at
 * commit), so a batch never pays an allocation twice. */
typedef struct {
  JsonObject *case_doc;
  JsonObject *settlement;
  GHashTable *workers;     /* worker party id -> name */
  GHashTable *paid;        /* "installment/worker_id" -> gint64* */
  gint64      total_paid;
  JsonArray  *ids;         /* of the payments written */
  gint64      batch_fen;   /* what they add up to */
} TjPaymentBatch;

/* Loads the case's agreed settlement: TJ_ERROR_NOT_FOUND without a case
 * or a settlement, TJ_ERROR_CONFLICT while it is a draft. Call inside the
 * write transaction. */
gboolean    _tj_payment_batch_init   (TjPaymentBatch      *batch,
                                      TjStore             *store,
                                      const char          *case_id,
                                      GError             **error);
void        _tj_payment_batch_clear  (TjPaymentBatch      *batch);

JsonArray  *_tj_payment_batch_installments (TjPaymentBatch *batch);

/* The allocation of @worker_id in installment @index: its amount in
 * @out_share (-1 when the worker has none there), the worker's name;
 * returns what is still owed on it. */
gint64      _tj_payment_batch_owed   (TjPaymentBatch      *batch,
                                      guint                index,
                                      const char          *worker_id,
                                      gint64              *out_share,
                                      const char         **out_name);

/* Writes one `payment` document (no event) and counts it as paid. */
gboolean    _tj_payment_batch_put    (TjPaymentBatch      *batch,
                                      TjStore             *store,
                                      const TjCaseContext *ctx,
                                      guint                index,
                                      const char          *worker_id,
                                      gint64               amount,
                                      const char          *paid_on,
                                      const char          *method,
                                      const char          *reference,
                                      GError             **error);

/* The batch's timeline event, and the first payment moving an "agreed"
 * case to "performing". */
gboolean    _tj_payment_batch_finish (TjPaymentBatch      *batch,
                                      TjStore             *store,
                                      const TjCaseContext *ctx,
                                      const char          *text,
                                      JsonObject          *extra,
                                      GError             **error);

/* {"ids", "payments", "amount_fen", "paid_fen", "owed_fen", "all_paid",
 * "suggested_status"?} after the commit. */
JsonObject *_tj_payment_batch_result (TjPaymentBatch      *batch,
                                      TjStore             *store);

G_END_DECLS
