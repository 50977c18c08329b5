/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-session-section.h"

G_BEGIN_DECLS

/* The meeting's note, saved as the mediator types (the first keystroke
 * creates it, TjNoteAutosave the rest), marked caucus or joint, released
 * to the table with the consent of the side whose caucus it came from;
 * what is shared at the table; and the positions-and-interests board,
 * shown only when the model's audience is the mediator. */
#define TJ_TYPE_SESSION_NOTES_SECTION (tj_session_notes_section_get_type ())
G_DECLARE_FINAL_TYPE (TjSessionNotesSection, tj_session_notes_section, TJ, SESSION_NOTES_SECTION, TjSessionSection)

/* Asks the repository's worker to write what is typed and not yet saved
 * (after every write asked before, before any asked after); a failure
 * comes as a toast. FALSE with @error only when it could not be asked. */
gboolean tj_session_notes_section_flush (TjSessionNotesSection *self,
                                         GError               **error);

G_END_DECLS
