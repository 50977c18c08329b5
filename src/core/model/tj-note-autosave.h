/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tj-repository.h"
#include "tj-store.h"

G_BEGIN_DECLS

/**
 * TjNoteAutosave:
 *
 * Saves what the mediator types into a note "within a second" (issue 4)
 * without a write per keystroke: tj_note_autosave_set_text() on every
 * change; the text is written with tj_session_note_update() once typing
 * pauses for the delay (at most the delay after the last change, and never
 * later than one second after the first unsaved change, however fast the
 * typing). Disposing flushes what is pending, so closing a window loses
 * nothing. Runs on the thread-default main context of its creator.
 *
 * tj_note_autosave_new_on_worker() writes on the repository's worker
 * instead, never on the main thread.
 *
 * Signals: "saved" after each write; "failed" (GError*) when a write
 * failed — the text stays pending and is tried again on the next change
 * or flush.
 */
#define TJ_TYPE_NOTE_AUTOSAVE (tj_note_autosave_get_type ())
G_DECLARE_FINAL_TYPE (TjNoteAutosave, tj_note_autosave, TJ, NOTE_AUTOSAVE, GObject)

/* @delay_ms: pause after the last change before writing (0: 400 ms). */
TjNoteAutosave *tj_note_autosave_new          (TjStore        *store,
                                               const char     *note_id,
                                               guint           delay_ms);
TjNoteAutosave *tj_note_autosave_new_on_worker (TjRepository  *repository,
                                               const char     *note_id,
                                               guint           delay_ms);
const char     *tj_note_autosave_get_note_id  (TjNoteAutosave *self);
void            tj_note_autosave_set_text     (TjNoteAutosave *self,
                                               const char     *text);
/* TRUE while a change is not yet written. */
gboolean        tj_note_autosave_get_pending  (TjNoteAutosave *self);
/* Writes a pending change now. */
gboolean        tj_note_autosave_flush        (TjNoteAutosave *self,
                                               GError        **error);

G_END_DECLS
