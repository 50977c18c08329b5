/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A small window that edits a few members of a JSON object (a party, a
 * claim, the case details) and hands them to a save function, which calls
 * the core. When the core refuses, the message is shown next to the field
 * it names ("worker.id_number: …" marks the "id_number" row) and the window
 * stays open with what was typed. */

#define TJ_TYPE_FORM_DIALOG (tj_form_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TjFormDialog, tj_form_dialog, TJ, FORM_DIALOG, AdwWindow)

/* Returns FALSE with @error set when the values were refused. @values has
 * every field; an emptied field is null (so that an update removes it). */
typedef gboolean (*TjFormSaveFunc) (TjFormDialog  *dialog,
                                    JsonObject    *values,
                                    gpointer       user_data,
                                    GError       **error);

TjFormDialog *tj_form_dialog_new          (GtkWindow          *parent,
                                           const char         *title,
                                           const char         *save_label);
void          tj_form_dialog_set_save_func (TjFormDialog      *self,
                                           TjFormSaveFunc      func,
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
/* Runs the save function as the Save button does; TRUE when it closed. */
gboolean      tj_form_dialog_save         (TjFormDialog       *self);

G_END_DECLS
