/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TJ_TYPE_PREFERENCES_WINDOW (tj_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (TjPreferencesWindow, tj_preferences_window, TJ, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

TjPreferencesWindow *tj_preferences_window_new (GtkWindow *parent);

G_END_DECLS
