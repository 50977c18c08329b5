/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-application.h"

G_BEGIN_DECLS

/* How long a revealed value stays in full before it is masked again. */
#define TJ_REVEAL_SECONDS 30

/* Called once the value is shown, for a page that rebuilds its widgets
 * meanwhile (the reveal's own record reloads the case page) to keep it
 * shown until the moment is over. */
typedef void (*TjRevealShownFunc) (const char *doc_id,
                                   const char *field,
                                   const char *value,
                                   gpointer    user_data);

/*
 * The one way the GUI shows a masked value in full: asks why (a common
 * reason chosen or one typed), reveals through tj_reveal() — which records
 * who, what, when and why — and shows the value in @row's subtitle for
 * TJ_REVEAL_SECONDS, @button hidden, then masks it again. An error is a
 * toast on the window.
 */
void tj_reveal_dialog_present (GtkWidget     *parent,
                               TjApplication *application,
                               const char    *doc_id,
                               const char    *field,
                               GtkWidget     *target,
                               GtkWidget     *button,
                               TjRevealShownFunc shown,
                               gpointer       user_data);

/* Called with the reason the mediator gave, once the dialog is
 * confirmed (never when it is cancelled). */
typedef void (*TjRevealReasonFunc) (const char *reason,
                                    gpointer    user_data);

/* The same question — which reason — for a caller that holds the values
 * already and reveals them itself through core (tj_reveal_record()), such
 * as the versions of a document in conflict: only asks, reveals nothing.
 * @destroy frees @user_data with the dialog. */
void tj_reveal_dialog_ask_reason (GtkWidget         *parent,
                                  const char        *field,
                                  TjRevealReasonFunc func,
                                  gpointer           user_data,
                                  GDestroyNotify     destroy);

/* The reason the dialog would give now (for tests and the response). */
char *tj_reveal_dialog_get_reason (AdwMessageDialog *dialog);

G_END_DECLS
