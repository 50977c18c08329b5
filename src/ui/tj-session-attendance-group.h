/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/*
 * TjSessionAttendanceGroup: the people of one role ("kind": "worker",
 * "agent", "employer") of the attendance, as an expandable row with
 * "N of M present" and All Present. Its people are a recycling view (a
 * GtkGridView of one column) filtered from "people" (the session model's
 * attendance list) by kind and, past eight people, by a search box: a
 * roster of 500 makes about thirty rows, reused as it scrolls. The group writes nothing: a
 * tick is "toggle-person" (item, present), answered TRUE when saved, and
 * the button "all-present"; the attendance section saves both.
 */
#define TJ_TYPE_SESSION_ATTENDANCE_GROUP (tj_session_attendance_group_get_type ())
G_DECLARE_FINAL_TYPE (TjSessionAttendanceGroup, tj_session_attendance_group, TJ, SESSION_ATTENDANCE_GROUP,
                      AdwExpanderRow)

const char *tj_session_attendance_group_get_kind  (TjSessionAttendanceGroup *self);
/* How many of the group are present, of how many: the section counts all
 * groups in one pass over the list. Shows the group only with people in
 * it, and opens it when the people change and there are eight or fewer. */
void        tj_session_attendance_group_set_count (TjSessionAttendanceGroup *self,
                                                   guint                     present,
                                                   guint                     total);

G_END_DECLS
