/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "tj-application.h"

G_BEGIN_DECLS

/* A small window that edits a few members of a JSON object (a party, a
 * claim, the case details) and hands them to a save function, which calls
 * the core. When the core refuses, the message is shown next to the field
 * it names ("worker.id_number: …" marks the "id_number" row) and the window
 * stays open with what was typed.
 *
 * The core's write runs on the repository's worker when it is given with
 * tj_form_dialog_set_work_func(): the dialog is insensitive and its button
 * says "Saving…" meanwhile, and it closes or shows the refusal when the
 * worker answers. */

#define TJ_TYPE_FORM_DIALOG (tj_form_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TjFormDialog, tj_form_dialog, TJ, FORM_DIALOG, AdwWindow)

/* Returns FALSE with @error set when the values were refused. @values has
 * every field; an emptied field is null (so that an update removes it). */
typedef gboolean (*TjFormSaveFunc) (TjFormDialog  *dialog,
                                    JsonObject    *values,
                                    gpointer       user_data,
                                    GError       **error);

/* Run on the repository's worker with a copy of the values and of the
 * case context; @user_data is read there, so it holds only what the
 * worker may read (copies, not widgets). */
typedef gboolean (*TjFormWorkFunc) (TjStore              *store,
                                    const TjCaseContext  *ctx,
                                    JsonObject           *values,
                                    gpointer              user_data,
                                    GError              **error);

TjFormDialog *tj_form_dialog_new          (GtkWindow          *parent,
                                           const char         *title,
                                           const char         *save_label);
void          tj_form_dialog_set_save_func (TjFormDialog      *self,
                                           TjFormSaveFunc      func,
                                           gpointer            user_data,
                                           GDestroyNotify      destroy);
/* Instead of a save function: @func on the worker of @application's
 * repository. @destroy frees @user_data when the dialog is finalized. */
void          tj_form_dialog_set_work_func (TjFormDialog      *self,
                                           TjApplication      *application,
                                           TjFormWorkFunc      func,
                                           gpointer            user_data,
                                           GDestroyNotify      destroy);
void          tj_form_dialog_add_text     (TjFormDialog       *self,
                                           const char         *member,
                                           const char         *label,
                                           const char         *value);
void          tj_form_dialog_add_masked   (TjFormDialog       *self,
                                           const char         *member,
                                           const char         *label,
                                           const char         *masked);
void          tj_form_dialog_add_long_text (TjFormDialog      *self,
                                           const char         *member,
                                           const char         *label,
                                           const char         *value);
/* ISO date; the hint says so. */
void          tj_form_dialog_add_date     (TjFormDialog       *self,
                                           const char         *member,
                                           const char         *label,
                                           const char         *value);
/* @member ends in _fen; the user types yuan ("1.2万", "3,000.50"). */
void          tj_form_dialog_add_money    (TjFormDialog       *self,
                                           const char         *member,
                                           const char         *label,
                                           JsonObject         *from);
void          tj_form_dialog_add_choice   (TjFormDialog       *self,
                                           const char         *member,
                                           const char         *label,
                                           const char * const *ids,
                                           const char * const *labels,
                                           const char         *value);
void          tj_form_dialog_add_switch   (TjFormDialog       *self,
                                           const char         *member,
                                           const char         *label,
                                           gboolean            value);
/* The editable widget of @member (tests fill it like a user). */
GtkWidget    *tj_form_dialog_get_field    (TjFormDialog       *self,
                                           const char         *member);
/* Saves as the Save button does: TRUE when it closed, or when the work
 * was handed to the worker (tj_form_dialog_get_busy() until it answers;
 * then it closes, or shows the refusal); FALSE when it was refused. */
gboolean      tj_form_dialog_save         (TjFormDialog       *self);
/* A save is on the worker. */
gboolean      tj_form_dialog_get_busy     (TjFormDialog       *self);

G_END_DECLS
