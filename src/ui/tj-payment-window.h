/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-application.h"

G_BEGIN_DECLS

#define TJ_TYPE_PAYMENT_WINDOW (tj_payment_window_get_type ())
G_DECLARE_FINAL_TYPE (TjPaymentWindow, tj_payment_window, TJ, PAYMENT_WINDOW, AdwWindow)

/* Records a payment against the agreed settlement of case @case_id
 * (app.record-payment): installment, worker, amount, date, method,
 * reference and an optional receipt photo. NULL (with a message on the
 * main window) when the case has no settlement. */
TjPaymentWindow *tj_payment_window_new          (GtkWindow       *parent,
                                                 TjApplication   *application,
                                                 const char      *case_id);
/* Fields for tests: "installment", "worker", "method" (combo rows),
 * "amount_fen", "paid_on", "reference" (entries). */
GtkWidget       *tj_payment_window_get_field    (TjPaymentWindow *self,
                                                 const char      *field);
/* Attaches @file as the receipt photo, as the file chooser does. */
gboolean         tj_payment_window_set_receipt  (TjPaymentWindow *self,
                                                 GFile           *file,
                                                 GError         **error);
/* Records as the button does; FALSE with the core's message shown (and
 * in @error) when refused — overpayment, the wrong worker, a bad date. */
gboolean         tj_payment_window_record       (TjPaymentWindow *self,
                                                 GError         **error);

G_END_DECLS
