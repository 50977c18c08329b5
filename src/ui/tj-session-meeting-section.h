/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-session-section.h"

G_BEGIN_DECLS

/* The meeting of the shown step: its schedule and participants (each
 * applied on its own) and "End This Meeting"; without one, the form that
 * starts a meeting for today (its clock runs, the one before it ends) or
 * schedules one; in preparation, the case's meetings and "Schedule". */
#define TJ_TYPE_SESSION_MEETING_SECTION (tj_session_meeting_section_get_type ())
G_DECLARE_FINAL_TYPE (TjSessionMeetingSection, tj_session_meeting_section, TJ, SESSION_MEETING_SECTION, TjSessionSection)

G_END_DECLS
