/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include "tj-ui-application.h"

TjApplication *
tj_ui_get_application (GtkWidget *widget)
{
  GtkRoot *root;
  GtkApplication *application;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  root = gtk_widget_get_root (widget);
  application = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;
  return TJ_IS_APPLICATION (application) ? TJ_APPLICATION (application) : NULL;
}

TjApplication *
tj_ui_get_application_or_default (GtkWidget *widget)
{
  GtkRoot *root;
  GtkApplication *application;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  root = gtk_widget_get_root (widget);
  application = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;
  if (application == NULL)
    application = GTK_APPLICATION (g_application_get_default ());
  return TJ_IS_APPLICATION (application) ? TJ_APPLICATION (application) : NULL;
}

gboolean
tj_ui_set_application (TjApplication **slot,
                       TjApplication  *application,
                       gpointer        data)
{
  g_return_val_if_fail (slot != NULL, FALSE);
  g_return_val_if_fail (application == NULL || TJ_IS_APPLICATION (application), FALSE);

  if (*slot == application)
    return FALSE;
  if (*slot)
    {
      g_signal_handlers_disconnect_by_data (*slot, data);
      g_signal_handlers_disconnect_by_data (tj_application_get_clock (*slot), data);
      g_object_remove_weak_pointer (G_OBJECT (*slot), (gpointer *) slot);
      *slot = NULL;
    }
  if (application)
    {
      *slot = application;
      g_object_add_weak_pointer (G_OBJECT (application), (gpointer *) slot);
    }
  return TRUE;
}

void
tj_ui_follow_root_application (GtkWidget *widget,
                               GCallback  callback)
{
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (callback != NULL);

  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    g_signal_connect_object (root, "notify::application", callback, widget, G_CONNECT_SWAPPED);
  ((void (*) (GtkWidget *)) callback) (widget);
}
