/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tj-case.h"

G_BEGIN_DECLS

/*
 * Settlements and payments (issue 5). A case has at most one current
 * settlement: one `settlement` document (case_id) holding the agreed total,
 * the payer, the method and the installment schedule with per-worker
 * allocations; each payment is its own `payment` document.
 *
 * Settlement JSON (input of tj_settlement_set(), part of its output):
 *   { "status": "draft" | "agreed",
 *     "total_fen",
 *     "payer": {"party_id", "role", "name"},
 *     "method": "bank_transfer" | "cash" | "wage_account",
 *     "installments": [{"due_on", "amount_fen",
 *                       "allocations": [{"worker_id", "name", "amount_fen"}]}],
 *     "terms": ["…"],            free-text agreed terms, in order
 *     "source_session_id" }      the session whose outcome drafted it
 * Rules: installment amounts add up to total_fen; each installment's
 * allocations add up to its amount; workers are parties of the case.
 *
 * Payment JSON: {"installment": index, "worker_id", "amount_fen", "paid_on",
 *                "method", "reference"} (+ a receipt photo as attachment).
 */

/* Validates and writes (replacing the draft, or creating it). A settlement
 * whose status is "agreed" and that has payments can only be changed by a
 * new agreement (TJ_ERROR_CONFLICT otherwise). Returns {"id"}. */
JsonObject *tj_settlement_set   (TjStore             *store,
                                 const TjCaseContext *ctx,
                                 const char          *case_id,
                                 JsonObject          *settlement,
                                 GError             **error);

/* The settlement with progress: per installment and per worker paid,
 * owed, overdue (against @ctx->today). TJ_ERROR_NOT_FOUND when none. */
JsonObject *tj_settlement_get   (TjStore             *store,
                                 const TjCaseContext *ctx,
                                 const char          *case_id,
                                 GError             **error);

/* Records a payment (Payment JSON above) against an agreed settlement, in
 * one transaction with its timeline event. "installment" is the 0-based
 * index in "installments". Refused with TJ_ERROR_INVALID: a worker who has
 * no allocation in that installment (payment to the wrong worker), more
 * than the worker's allocation in it (overpayment, naming the amounts), a
 * bad date or amount. TJ_ERROR_NOT_FOUND without a settlement,
 * TJ_ERROR_CONFLICT when it is still a draft. An optional receipt photo:
 * "receipt": {"content_type", "data" (base64), "filename"} becomes the
 * attachment "receipt" (or the given filename). The first payment moves
 * an "agreed" case to "performing"; without a "method" the payment was
 * made the settlement's way. Returns {"id", "paid_fen", "owed_fen",
 * "all_paid"} for the whole settlement, and "suggested_status": "closed"
 * once everything is paid and the case may be closed. */
JsonObject *tj_payment_add      (TjStore             *store,
                                 const TjCaseContext *ctx,
                                 const char          *case_id,
                                 JsonObject          *payment,
                                 GError             **error);

/* Records a whole installment paid (issue 16): for every allocation of
 * installment "installment" (0-based) what is still owed on it — or only
 * for the workers listed in "worker_ids" — one payment each, with one
 * timeline event, in one transaction. Input: {"installment", "paid_on",
 * "worker_ids"?, "method"?, "reference"?}. TJ_ERROR_INVALID for a worker
 * without an allocation there or already paid in full, a bad date;
 * TJ_ERROR_CONFLICT when nothing is owed in the installment. Returns
 * {"ids", "payments", "amount_fen" (this batch), "paid_fen", "owed_fen",
 * "all_paid", "suggested_status"?} for the whole settlement. */
JsonObject *tj_payment_add_installment (TjStore             *store,
                                        const TjCaseContext *ctx,
                                        const char          *case_id,
                                        JsonObject          *input,
                                        GError             **error);

G_END_DECLS
