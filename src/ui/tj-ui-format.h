/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Display forms shared by the pages: the translation decides the date
 * order ("2026年11月22日" in Chinese, "22 Nov 2026" in English). */

char       *tj_ui_format_date      (const char *iso_date);
char       *tj_ui_format_timestamp (const char *iso_timestamp);
/* "3 days left", "Due today", "5 days overdue". */
char       *tj_ui_format_days_left (int         days_left);
/* CSS class of a status pill: "status-intake" … */
char       *tj_ui_status_css_class (const char *status);
/* Makes a small rounded status label ("pill"). */
GtkWidget  *tj_ui_status_pill_new  (const char *status);
void        tj_ui_status_pill_set  (GtkWidget  *pill,
                                    const char *status);

G_END_DECLS

G_BEGIN_DECLS
/* The fields a core error names (tj_error_get_field_path()) as a
 * NULL-terminated vector of path, message, path, message…; a problem
 * about no one field has "" as its path, and an error without fields is
 * one such problem with the whole message. */
char      **tj_ui_split_error      (const GError *error);
G_END_DECLS
