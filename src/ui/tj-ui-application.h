/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-application.h"

G_BEGIN_DECLS

/* A widget's link to the TjApplication of its window. A window gets its
 * application after its template is built, so a page finds it late (when
 * rooted or mapped) and follows it in a weak pointer. */

/* The TjApplication of @widget's root window, or NULL (not rooted yet, no
 * application yet, or another kind). */
TjApplication *tj_ui_get_application            (GtkWidget      *widget);
/* The same, but the process's default application while @widget's window
 * has none (a page asked before its window is attached). */
TjApplication *tj_ui_get_application_or_default (GtkWidget      *widget);
/* Moves the weak pointer @slot to @application (NULL to let go): every
 * handler connected with @data to the previous one or to its clock is
 * disconnected first. FALSE (and nothing done) when @slot already holds
 * @application. */
gboolean       tj_ui_set_application            (TjApplication **slot,
                                                 TjApplication  *application,
                                                 gpointer        data);
/* For a widget's root vfunc: calls @callback (@widget) now and whenever the
 * root window's application changes. */
void           tj_ui_follow_root_application    (GtkWidget      *widget,
                                                 GCallback       callback);

G_END_DECLS
