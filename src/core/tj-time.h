/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The current UTC time as ISO 8601 with microseconds
 * (2026-11-22T09:30:00.123456Z), strictly increasing within the process,
 * so that documents written in one go (timeline events, notes, offers)
 * keep their order when sorted by it. */
char *tj_timestamp_now (void);

/* The current UTC time as ISO 8601 to the second (2026-11-22T09:30:00Z),
 * for documents that have always stored their times so (settlements,
 * payments). Not ordered within a second. */
char *tj_timestamp_now_seconds (void);

G_END_DECLS
