/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-session-section.h"

G_BEGIN_DECLS

/* The aside of the session window: the step's guidance (what to ask, what
 * to explain, the law, warnings), the case's deadlines and the checklist
 * of the meeting, each switch saved at once. */
#define TJ_TYPE_SESSION_CHECKLIST_SECTION (tj_session_checklist_section_get_type ())
G_DECLARE_FINAL_TYPE (TjSessionChecklistSection, tj_session_checklist_section, TJ, SESSION_CHECKLIST_SECTION, TjSessionSection)

G_END_DECLS
