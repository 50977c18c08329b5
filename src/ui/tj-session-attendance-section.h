/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-session-section.h"

G_BEGIN_DECLS

/* Who is present at the meeting of a collective case: one
 * #TjSessionAttendanceGroup per role ("Workers · 73 of 75 present") with
 * a check per person in a recycling list, a search box past eight people,
 * and "All Present"; each tick is saved at once. Large groups start
 * collapsed, so the notes below stay in reach. */
#define TJ_TYPE_SESSION_ATTENDANCE_SECTION (tj_session_attendance_section_get_type ())
G_DECLARE_FINAL_TYPE (TjSessionAttendanceSection, tj_session_attendance_section, TJ, SESSION_ATTENDANCE_SECTION, TjSessionSection)

G_END_DECLS
