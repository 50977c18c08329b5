/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "tj-application.h"

G_BEGIN_DECLS

#define TJ_TYPE_ROSTER_IMPORT_WINDOW (tj_roster_import_window_get_type ())
G_DECLARE_FINAL_TYPE (TjRosterImportWindow, tj_roster_import_window, TJ, ROSTER_IMPORT_WINDOW, AdwWindow)

/* Imports a roster of workers (CSV or .xlsx) into the case @case_id
 * (app.import-roster): preview first, every bad row explained, nothing
 * written until the mediator confirms and never with a bad row. */
TjRosterImportWindow *tj_roster_import_window_new         (GtkWindow            *parent,
                                                           TjApplication        *application,
                                                           const char           *case_id);
/* Reads and previews @file as if it had been chosen in the file chooser. */
void                  tj_roster_import_window_set_file    (TjRosterImportWindow *self,
                                                           GFile                *file);
/* (transfer none) (nullable): the preview (tj_roster_preview() JSON). */
JsonObject           *tj_roster_import_window_get_preview (TjRosterImportWindow *self);
/* TRUE while a file is read, previewed or imported. */
gboolean              tj_roster_import_window_get_busy    (TjRosterImportWindow *self);
/* Whether the Import button may be pressed (a preview without errors). */
gboolean              tj_roster_import_window_can_import  (TjRosterImportWindow *self);
/* Presses Import. The window closes when the import succeeded. */
void                  tj_roster_import_window_import      (TjRosterImportWindow *self);

G_END_DECLS
