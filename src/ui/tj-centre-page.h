/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The Centre section (issue 18): every registered station with its last
 * sync, open cases, mediation limits due or missed, early warnings and
 * overdue installments (a GtkColumnView over core's TjCentreStation
 * items); a station's cases as it wrote them (TjCentreCase), opening the
 * case page; the follow-up calls work list (TjCentreFollowUp) whose calls
 * are recorded with their outcome. Sync Stations runs the centre sync
 * with the account of Preferences → Sync. Everything is read on the
 * repository's worker and read again when the repository's "changed"
 * names a case, its documents or a station, and when the day turns. */
#define TJ_TYPE_CENTRE_PAGE (tj_centre_page_get_type ())
G_DECLARE_FINAL_TYPE (TjCentrePage, tj_centre_page, TJ, CENTRE_PAGE, AdwBin)

GtkWidget  *tj_centre_page_new             (void);
/* Reads everything again on the repository's worker. */
void        tj_centre_page_refresh         (TjCentrePage *self);
/* Shows @code's cases (NULL: back to the stations). */
void        tj_centre_page_show_station    (TjCentrePage *self,
                                            const char   *code);
/* (transfer none): the models the views show. */
GListModel *tj_centre_page_get_stations    (TjCentrePage *self);
GListModel *tj_centre_page_get_cases       (TjCentrePage *self);
GListModel *tj_centre_page_get_follow_ups  (TjCentrePage *self);
/* Whether a reload is under way (tests wait for it to end). */
gboolean    tj_centre_page_is_loading      (TjCentrePage *self);

G_END_DECLS
