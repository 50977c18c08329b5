/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include "tj-session-section.h"

typedef struct
{
  TjSessionModel *model;
} TjSessionSectionPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (TjSessionSection, tj_session_section, ADW_TYPE_BIN)

enum { PROP_0, PROP_MODEL, N_PROPS };

static GParamSpec *properties[N_PROPS];

TjSessionModel *
tj_session_section_get_model (TjSessionSection *self)
{
  TjSessionSectionPrivate *priv = tj_session_section_get_instance_private (self);

  g_return_val_if_fail (TJ_IS_SESSION_SECTION (self), NULL);

  return priv->model;
}

void
tj_session_section_set_model (TjSessionSection *self,
                              TjSessionModel   *model)
{
  TjSessionSectionPrivate *priv = tj_session_section_get_instance_private (self);
  g_autoptr(TjSessionModel) old = NULL;

  g_return_if_fail (TJ_IS_SESSION_SECTION (self));
  g_return_if_fail (model == NULL || TJ_IS_SESSION_MODEL (model));

  if (priv->model == model)
    return;
  old = g_steal_pointer (&priv->model);
  if (old)
    g_signal_handlers_disconnect_by_data (old, self);
  priv->model = model ? g_object_ref (model) : NULL;
  if (TJ_SESSION_SECTION_GET_CLASS (self)->model_changed)
    TJ_SESSION_SECTION_GET_CLASS (self)->model_changed (self, old);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

static void
tj_session_section_dispose (GObject *object)
{
  TjSessionSection *self = TJ_SESSION_SECTION (object);
  TjSessionSectionPrivate *priv = tj_session_section_get_instance_private (self);

  /* The sections' own dispose ran first, with the model still there. */
  if (priv->model)
    g_signal_handlers_disconnect_by_data (priv->model, self);
  g_clear_object (&priv->model);
  G_OBJECT_CLASS (tj_session_section_parent_class)->dispose (object);
}

static void
tj_session_section_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  if (prop_id == PROP_MODEL)
    g_value_set_object (value, tj_session_section_get_model (TJ_SESSION_SECTION (object)));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
tj_session_section_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  if (prop_id == PROP_MODEL)
    tj_session_section_set_model (TJ_SESSION_SECTION (object), g_value_get_object (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
tj_session_section_class_init (TjSessionSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tj_session_section_dispose;
  object_class->get_property = tj_session_section_get_property;
  object_class->set_property = tj_session_section_set_property;

  properties[PROP_MODEL] = g_param_spec_object ("model", NULL, NULL, TJ_TYPE_SESSION_MODEL,
                                                G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
                                                G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tj_session_section_init (TjSessionSection *self)
{
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

static gboolean
has_rows (gpointer unused,
          guint    n_items)
{
  return n_items > 0;
}

static gboolean
no_rows (gpointer unused,
         guint    n_items)
{
  return n_items == 0;
}

void
tj_session_section_class_bind_row_closures (GtkWidgetClass *widget_class)
{
  g_return_if_fail (GTK_IS_WIDGET_CLASS (widget_class));

  gtk_widget_class_bind_template_callback (widget_class, has_rows);
  gtk_widget_class_bind_template_callback (widget_class, no_rows);
}
