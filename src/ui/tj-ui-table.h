/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A preview table of an imported file (roster, bank list): one resizable
 * column per field, its cells made by @setup and @bind
 * (GtkSignalListItemFactory's signals) with the field's name as user data. */
typedef struct
{
  const char *field;
  const char *title;  /* N_(): translated when the column is made */
} TjUiTableColumn;

/* Appends a column for each of @columns to @view; the one for @expand_field
 * (may be NULL) takes the width left. */
void        tj_ui_table_add_columns (GtkColumnView         *view,
                                     const TjUiTableColumn *columns,
                                     guint                  n_columns,
                                     const char            *expand_field,
                                     GCallback              setup,
                                     GCallback              bind);
/* The field of a column made by tj_ui_table_add_columns(). */
const char *tj_ui_table_column_get_field (GtkColumnViewColumn *column);

G_END_DECLS
