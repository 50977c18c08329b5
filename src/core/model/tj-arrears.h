/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tj-store.h"

G_BEGIN_DECLS

/*
 * The wage-arrears overview (issue 5): every open arrears case with what
 * is owed, agreed, paid and overdue, and the overdue installments across
 * all cases with the next step the law offers.
 *
 * It is computed in SQL over the case index (tj-case.c) and this
 * module's own indexer "arrears" (tables settlement_index,
 * installment_index, payment_index), fed from `settlement` and `payment`
 * documents however they arrive (local edit or replication).
 */

/* Registers the "arrears" indexer (and the case indexer it reads). Call
 * once after opening; cheap when current. */
gboolean    tj_arrears_attach     (TjStore     *store,
                                   GError     **error);

/*
 * Open arrears: cases of kind wage_arrears or with workers owed money,
 * not closed or withdrawn. @sort: "owed" (default, largest first),
 * "overdue" (largest overdue amount first) or "due" (nearest next due
 * date first). @today: ISO date, %NULL for the real today.
 *
 * { "today",
 *   "cases": [{"id", "number", "title", "status", "kind", "employer",
 *              "workers", "workers_owed" (with an amount owed),
 *              "owed_fen", "settlement_status", "agreed_fen",
 *              "paid_fen", "outstanding_fen", "overdue_fen",
 *              "overdue_installments", "next_due_on"}],
 *   "totals": {"cases", "workers", "workers_owed", "owed_fen", "agreed_fen", "paid_fen",
 *              "outstanding_fen", "overdue_fen", "overdue_installments"} }
 *
 * outstanding_fen is the agreed total (or, without an agreement, the
 * amount owed) less what has been paid, never below zero.
 */
JsonObject *tj_arrears_list       (TjStore     *store,
                                   const char  *sort,
                                   const char  *today,
                                   GError     **error);

/* The same rows a page at a time (@limit 0: all from @offset), and the
 * totals of them all ({"cases", …} as above), for the list model
 * (tj-arrears-list.h). */
JsonArray  *tj_arrears_cases_page (TjStore     *store,
                                   const char  *sort,
                                   const char  *today,
                                   guint        offset,
                                   guint        limit,
                                   GError     **error);
JsonObject *tj_arrears_totals     (TjStore     *store,
                                   const char  *today,
                                   GError     **error);
/* Whether @sort is one of the orders above (%NULL is "owed"). */
gboolean    tj_arrears_check_sort (const char  *sort,
                                   GError     **error);

/*
 * Installments of agreed settlements due before @today and not fully
 * paid, oldest first, in open cases:
 * [{"case_id", "number", "title", "kind", "installment" (0-based index),
 *   "due_on", "days_overdue", "amount_fen", "paid_fen", "owed_fen",
 *   "next_step": {"kind", "label", "basis"}, "alternatives": [...]}]
 */
JsonArray  *tj_arrears_overdue    (TjStore     *store,
                                   const char  *today,
                                   GError     **error);
/* The same a page at a time (@limit 0: all from @offset), and how many. */
JsonArray  *tj_arrears_overdue_page  (TjStore     *store,
                                      const char  *today,
                                      guint        offset,
                                      guint        limit,
                                      GError     **error);
gboolean    tj_arrears_overdue_count (TjStore     *store,
                                      const char  *today,
                                      guint       *n,
                                      GError     **error);

/*
 * What a worker can do when an agreement is not performed, best first,
 * each {"kind": "payment_order"|"arbitration"|"labour_inspection",
 * "label", "basis"}: a payment order (支付令, 劳动争议调解仲裁法 §16) for
 * agreements on labour remuneration, compensation or damages; arbitration
 * (§15) always; labour inspection (劳动合同法 §85) for unpaid wages.
 */
JsonArray  *tj_arrears_next_steps (const char  *case_kind);

G_END_DECLS
