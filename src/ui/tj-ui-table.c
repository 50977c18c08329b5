/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-ui-table.h"

void
tj_ui_table_add_columns (GtkColumnView         *view,
                         const TjUiTableColumn *columns,
                         guint                  n_columns,
                         const char            *expand_field,
                         GCallback              setup,
                         GCallback              bind)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));
  g_return_if_fail (columns != NULL || n_columns == 0);

  for (guint i = 0; i < n_columns; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", setup, (gpointer) columns[i].field);
      g_signal_connect (factory, "bind", bind, (gpointer) columns[i].field);
      column = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (g_strcmp0 (columns[i].field, expand_field) == 0)
        gtk_column_view_column_set_expand (column, TRUE);
      g_object_set_data (G_OBJECT (column), "field", (gpointer) columns[i].field);
      gtk_column_view_append_column (view, column);
      g_object_unref (column);
    }
}

const char *
tj_ui_table_column_get_field (GtkColumnViewColumn *column)
{
  g_return_val_if_fail (GTK_IS_COLUMN_VIEW_COLUMN (column), NULL);

  return g_object_get_data (G_OBJECT (column), "field");
}
