/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Tooltips that read well in Chinese: call once at startup, before the
 * first window (tj-application does). */
void       tj_tooltips_init      (void);
/* The label a widget's tooltip was last shown in (tests), or NULL. */
GtkWidget *tj_tooltips_get_label (GtkWidget *widget);

G_END_DECLS
