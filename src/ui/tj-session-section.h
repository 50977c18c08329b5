/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-session-model.h"

G_BEGIN_DECLS

/*
 * TjSessionSection: one part of the session window (steps, checklist,
 * meeting, attendance, notes, offers, outcome), declared in its own .ui
 * template and bound to the window's #TjSessionModel through the "model"
 * property this base class holds for every section. A section shows what
 * the model's audience may see and writes through the model; it decides
 * nothing about who may see what. Messages for the mediator go up as the
 * "session.toast" action.
 */
#define TJ_TYPE_SESSION_SECTION (tj_session_section_get_type ())
G_DECLARE_DERIVABLE_TYPE (TjSessionSection, tj_session_section, TJ, SESSION_SECTION, AdwBin)

struct _TjSessionSectionClass
{
  AdwBinClass parent_class;

  /* The section now follows the model (NULL: none) instead of @old: every
   * handler connected to @old with the section as data is disconnected
   * already; the section connects to the new one and shows it. */
  void (*model_changed) (TjSessionSection *self,
                         TjSessionModel   *old);
};

TjSessionModel *tj_session_section_get_model (TjSessionSection *self);
void            tj_session_section_set_model (TjSessionSection *self,
                                              TjSessionModel   *model);
/* Shows @text to the mediator (a toast in the window). */
void            tj_session_section_toast     (gpointer          self,
                                              const char       *text);

/* Shared by the sections: an action row whose title and subtitle wrap, and
 * that never reads markup from user text. */
GtkWidget      *tj_session_row_new           (const char       *title,
                                              const char       *subtitle);
/* A write of a section under way on the repository's worker: the section
 * (and a widget of it, made insensitive until the write is done when
 * @hold, so that it is not asked twice) kept for the callback. */
typedef struct
{
  gpointer   section;
  GtkWidget *widget;
  gboolean   held;
  gboolean   flag;     /* the section's own, as it was when asked */
} TjSessionCall;

TjSessionCall  *tj_session_call_new          (gpointer          section,
                                              gpointer          widget,
                                              gboolean          hold);
void            tj_session_call_free         (TjSessionCall    *call);
/* Tells the mediator what failed: @what (translated, with one %s for
 * the reason) filled with @error's message. */
void            tj_session_section_toast_error (gpointer        self,
                                              const char       *what,
                                              const GError     *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjSessionCall, tj_session_call_free)

/* For a section's class_init, after its template is set: the closures
 * has_rows and no_rows (gboolean from a list's n-items) that the
 * templates' list views show and hide their groups by. */
void            tj_session_section_class_bind_row_closures (GtkWidgetClass *widget_class);

/* Removes every child of a GtkBox or a GtkListBox. */
void            tj_session_clear             (GtkWidget        *box);

G_END_DECLS
