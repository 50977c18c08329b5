/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-application.h"

G_BEGIN_DECLS

#define TJ_TYPE_WINDOW (tj_window_get_type ())
G_DECLARE_FINAL_TYPE (TjWindow, tj_window, TJ, WINDOW, AdwApplicationWindow)

TjWindow   *tj_window_new              (TjApplication *application);

const char *tj_window_get_section      (TjWindow      *self);
gboolean    tj_window_set_section      (TjWindow      *self,
                                        const char    *section);
GtkWidget  *tj_window_get_section_page (TjWindow      *self,
                                        const char    *section);
void        tj_window_add_toast        (TjWindow      *self,
                                        AdwToast      *toast);
/* @toast (taken) in the main window @widget is in; dropped when it is in
 * none (a page not shown in one yet, or being closed). */
void        tj_window_add_toast_for    (GtkWidget     *widget,
                                        AdwToast      *toast);

G_END_DECLS
