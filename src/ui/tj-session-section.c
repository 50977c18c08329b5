/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include "tj-session-section.h"

G_DEFINE_INTERFACE (TjSessionSection, tj_session_section, GTK_TYPE_WIDGET)

static void
tj_session_section_default_init (TjSessionSectionInterface *iface)
{
  g_object_interface_install_property (iface,
                                       g_param_spec_object ("model", NULL, NULL, TJ_TYPE_SESSION_MODEL,
                                                            G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
                                                            G_PARAM_EXPLICIT_NOTIFY));
}

TjSessionModel *
tj_session_section_get_model (TjSessionSection *self)
{
  g_autoptr(TjSessionModel) model = NULL;

  g_return_val_if_fail (TJ_IS_SESSION_SECTION (self), NULL);

  g_object_get (self, "model", &model, NULL);
  /* The window holds the model for as long as its sections live. */
  return model;
}

void
tj_session_section_toast (gpointer    self,
                          const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (self));

  gtk_widget_activate_action (GTK_WIDGET (self), "session.toast", "s", text);
}

GtkWidget *
tj_session_row_new (const char *title,
                    const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title ? title : "");
  if (subtitle && *subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

void
tj_session_clear (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)))
    {
      if (GTK_IS_LIST_BOX (box))
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
      else
        gtk_box_remove (GTK_BOX (box), child);
    }
}

TjSessionCall *
tj_session_call_new (gpointer section,
                     gpointer widget,
                     gboolean hold)
{
  TjSessionCall *call = g_new0 (TjSessionCall, 1);

  call->section = g_object_ref (section);
  call->widget = widget ? g_object_ref (widget) : NULL;
  call->held = hold && widget;
  if (call->held)
    gtk_widget_set_sensitive (call->widget, FALSE);
  return call;
}

void
tj_session_call_free (TjSessionCall *call)
{
  if (call->held)
    gtk_widget_set_sensitive (call->widget, TRUE);
  g_clear_object (&call->widget);
  g_clear_object (&call->section);
  g_free (call);
}

void
tj_session_section_toast_error (gpointer      self,
                                const char   *what,
                                const GError *error)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  g_autofree char *text = g_strdup_printf (what, error->message);
#pragma GCC diagnostic pop

  tj_session_section_toast (self, text);
}
