/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * TjListFrame: holds a GtkScrolledWindow around a GtkListView or a
 * GtkGridView of one column (or the
 * list view itself, for a list that never scrolls) and asks
 * for the height of the list's rows at the width it is given, up to
 * "max-height" (-1: no limit); beyond that the list scrolls and keeps
 * recycling its rows. GtkListView in GTK 4.8 asks for its height without
 * knowing its width, so rows whose text wraps would be cut short inside a
 * page that scrolls as a whole (the session window's sections).
 */
#define TJ_TYPE_LIST_FRAME (tj_list_frame_get_type ())
G_DECLARE_FINAL_TYPE (TjListFrame, tj_list_frame, TJ, LIST_FRAME, GtkWidget)

GtkWidget *tj_list_frame_new            (void);
GtkWidget *tj_list_frame_get_child      (TjListFrame *self);
void       tj_list_frame_set_child      (TjListFrame *self,
                                         GtkWidget   *child);
int        tj_list_frame_get_max_height (TjListFrame *self);
void       tj_list_frame_set_max_height (TjListFrame *self,
                                         int          max_height);

G_END_DECLS
