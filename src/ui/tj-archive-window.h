/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-application.h"

G_BEGIN_DECLS

#define TJ_TYPE_ARCHIVE_WINDOW (tj_archive_window_get_type ())
G_DECLARE_FINAL_TYPE (TjArchiveWindow, tj_archive_window, TJ, ARCHIVE_WINDOW, AdwWindow)

/* Retention (tj-retention.h): the closed cases older than the period
 * ("due"), archived after a look at them, with progress and a report;
 * and the archived cases ("archived"), each with Restore. */
TjArchiveWindow *tj_archive_window_new      (GtkWindow       *parent,
                                             TjApplication   *application,
                                             const char      *page);
/* "due" or "archived". */
void             tj_archive_window_show_page (TjArchiveWindow *self,
                                              const char      *page);

G_END_DECLS
