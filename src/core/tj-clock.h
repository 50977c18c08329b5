/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define TJ_TYPE_CLOCK (tj_clock_get_type ())
G_DECLARE_FINAL_TYPE (TjClock, tj_clock, TJ, CLOCK, GObject)

/**
 * TjClock:
 *
 * What day it is, for the whole program: deadlines, overdue installments,
 * the agenda and the dates forms start with all ask the clock. It follows
 * the local date, and emits #TjClock::day-changed when the date changes
 * (at midnight, or after a suspend or a change of the system clock that
 * crossed one).
 *
 * A clock can be pinned to a fixed day (tests, screenshots, a mediator
 * replaying a past day) or moved a number of days from the real date (the
 * test suites' check that no test hides a date that will pass).
 *
 * The process has one default clock, set up from `$TIAOJIE_TODAY`:
 *
 * - unset or empty: the real date;
 * - `YYYY-MM-DD`: pinned to that day;
 * - `+N` or `-N`: N days after (before) the real date, e.g. `+365`.
 *
 * Any other value is refused by tj_clock_check_environment(), which a
 * program may call first to stop with the message; tj_clock_get_default()
 * itself then logs the message (g_message(), not a warning) once and
 * follows the real date.
 *
 * The date and time may be read from any thread. Signals are emitted in
 * the global default main context (or, for a pinned clock moved by
 * tj_clock_set_today(), in the caller's thread).
 */

TjClock    *tj_clock_new                (void);
TjClock    *tj_clock_new_pinned         (const GDate  *today);
TjClock    *tj_clock_new_offset         (int           days);
TjClock    *tj_clock_new_for_spec       (const char   *spec,
                                         GError      **error);

TjClock    *tj_clock_get_default        (void);
gboolean    tj_clock_check_environment  (GError      **error);

void        tj_clock_get_today          (TjClock      *self,
                                         GDate        *today);
char       *tj_clock_dup_today_iso      (TjClock      *self);
GDateTime  *tj_clock_get_now            (TjClock      *self);
gboolean    tj_clock_is_pinned          (TjClock      *self);
int         tj_clock_get_offset_days    (TjClock      *self);
void        tj_clock_set_today          (TjClock      *self,
                                         const GDate  *today);

G_END_DECLS
