/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "tj-application.h"

G_BEGIN_DECLS

#define TJ_TYPE_PAYMENT_WINDOW (tj_payment_window_get_type ())
G_DECLARE_FINAL_TYPE (TjPaymentWindow, tj_payment_window, TJ, PAYMENT_WINDOW, AdwWindow)

/* Records payments against the agreed settlement of case @case_id
 * (app.record-payment): one worker's (installment, worker picked from a
 * searchable list, amount, date, method, reference, receipt photo), a
 * whole installment in one action, or a bank's batch-payment file. The
 * case and its settlement are read on the repository's worker (busy until
 * then); when the case has no settlement the window closes with a message
 * on the main window. NULL when no database is open. */
TjPaymentWindow *tj_payment_window_new          (GtkWindow       *parent,
                                                 TjApplication   *application,
                                                 const char      *case_id);
/* Fields for tests: "installment", "method", "bulk_installment" (combo
 * rows), "worker" (the GtkListView), "worker_search", "amount_fen",
 * "paid_on", "reference", "bulk_paid_on", "bulk_reference" (entries),
 * "bulk_list" (the GtkListBox of ticks), "bulk_all", "record". */
GtkWidget       *tj_payment_window_get_field    (TjPaymentWindow *self,
                                                 const char      *field);
/* "one", "installment" or "bank", as the view switcher does. */
void             tj_payment_window_set_page     (TjPaymentWindow *self,
                                                 const char      *name);
/* TRUE while the settlement, a payment, a batch or a file is being read
 * or written. */
gboolean         tj_payment_window_get_busy     (TjPaymentWindow *self);
/* Attaches @file as the receipt photo, as the file chooser does. */
gboolean         tj_payment_window_set_receipt  (TjPaymentWindow *self,
                                                 GFile           *file,
                                                 GError         **error);
/* Records one worker's payment as the button does, on the repository's
 * worker (busy meanwhile); the finish is FALSE with the core's message
 * shown (and in @error) when refused — overpayment, the wrong worker, a
 * bad date — and the window stays with what was typed. */
void             tj_payment_window_record_async  (TjPaymentWindow    *self,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
gboolean         tj_payment_window_record_finish (TjPaymentWindow    *self,
                                                  GAsyncResult       *result,
                                                  GError            **error);
/* Records the ticked workers of the installment as paid, as the button
 * does on Whole Installment; the window closes when done, or shows the
 * core's message. */
void             tj_payment_window_record_installment (TjPaymentWindow *self);
/* Reads and previews a bank's batch-payment file, as choosing it does. */
void             tj_payment_window_set_bank_file (TjPaymentWindow *self,
                                                  GFile           *file);
JsonObject      *tj_payment_window_get_bank_preview (TjPaymentWindow *self);
/* Only a preview without a bad row can be imported. */
gboolean         tj_payment_window_can_import_bank_file (TjPaymentWindow *self);
void             tj_payment_window_import_bank_file (TjPaymentWindow *self);

G_END_DECLS
