/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-application.h"

G_BEGIN_DECLS

#define TJ_TYPE_SETTLEMENT_EDITOR (tj_settlement_editor_get_type ())
G_DECLARE_FINAL_TYPE (TjSettlementEditor, tj_settlement_editor, TJ, SETTLEMENT_EDITOR, AdwWindow)

/* The settlement of case @case_id (app.settlement): total, each worker's
 * share, payer, method and the installment schedule with per-worker
 * allocations (proportional unless edited). The case is read on the
 * repository's worker (busy until then); for an unknown case the editor
 * closes again. NULL when no database is open. */
TjSettlementEditor *tj_settlement_editor_new              (GtkWindow          *parent,
                                                           TjApplication      *application,
                                                           const char         *case_id);
/* The editable widget of a field, for tests: "total_fen", "status",
 * "payer", "method" (combo rows), "shares[N]" (worker N's share),
 * "installments[N].due_on", "installments[N].amount_fen",
 * "installments[N].allocations[M]" (entries). */
GtkWidget          *tj_settlement_editor_get_field        (TjSettlementEditor *self,
                                                           const char         *field);
void                tj_settlement_editor_add_installment  (TjSettlementEditor *self);
/* Shares of the total in proportion to what each worker is owed. */
void                tj_settlement_editor_split_by_owed    (TjSettlementEditor *self);
/* Saves as the Save button does, on the repository's worker (busy
 * meanwhile); the finish is FALSE with the messages shown beside the
 * fields (and in @error) when refused, the editor staying with what was
 * typed. */
void                tj_settlement_editor_save_async       (TjSettlementEditor *self,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);
gboolean            tj_settlement_editor_save_finish      (TjSettlementEditor *self,
                                                           GAsyncResult       *result,
                                                           GError            **error);
/* TRUE while the case is being read (the editor just opened) or saved. */
gboolean            tj_settlement_editor_get_busy         (TjSettlementEditor *self);

G_END_DECLS
