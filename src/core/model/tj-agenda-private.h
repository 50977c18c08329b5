/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Between the agenda's index (tj-agenda-index.c), its queries
 * (tj-agenda.c) and its list models (tj-agenda-model.c). */

#include "tj-agenda.h"

G_BEGIN_DECLS

/* Statuses in which a case's deadlines are no longer followed. */
#define TJ_AGENDA_ENDED_STATUSES "('closed', 'withdrawn', 'failed', 'referred')"

/* Registers the "agenda" indexer (and the case and arrears indexers its
 * queries read). */
gboolean    _tj_agenda_attach        (TjStore     *store,
                                      GError     **error);

G_END_DECLS
