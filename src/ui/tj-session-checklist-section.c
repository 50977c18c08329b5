/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-json.h"
#include "tj-session-checklist-section.h"
#include "tj-ui-format.h"

struct _TjSessionChecklistSection
{
  TjSessionSection      parent_instance;

  AdwPreferencesGroup  *guidance_group;
  GtkListBox           *guidance_list;
  AdwPreferencesGroup  *deadlines_group;
  GtkListBox           *deadlines_list;
  GtkListBox           *checklist;
  GtkWidget            *checklist_group;

  GBinding            *bindings[2];
};

G_DEFINE_FINAL_TYPE (TjSessionChecklistSection, tj_session_checklist_section, TJ_TYPE_SESSION_SECTION)

static const char *
deadline_label (const char *kind)
{
  /* The same labels as the case page. */
  static const struct { const char *kind; const char *label; } labels[] = {
    { "mediation", N_("Mediation limit") },
    { "arbitration_limitation", N_("Limitation period for arbitration") },
    { "arbitration_acceptance", N_("Arbitration: decision to accept") },
    { "arbitration_award", N_("Arbitration award") },
    { "judicial_confirmation", N_("Judicial confirmation") },
  };
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (kind, labels[i].kind) == 0)
      return _(labels[i].label);
  return kind;
}

static GtkWidget *
expander_new (const char *title,
              JsonArray  *texts,
              gboolean    expanded)
{
  GtkWidget *row = adw_expander_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), expanded);
  for (guint i = 0; texts && i < json_array_get_length (texts); i++)
    {
      JsonNode *node = json_array_get_element (texts, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                  tj_session_row_new (tj_json_get_string (json_node_get_object (node), "basis", ""),
                                                      tj_json_get_string (json_node_get_object (node), "text", "")));
      else
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row), tj_session_row_new (json_node_get_string (node), NULL));
    }
  return row;
}

static void
fill_guidance (TjSessionChecklistSection *self)
{
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));
  JsonObject *guidance = model ? tj_session_model_get_guidance (model) : NULL;
  JsonArray *warnings, *deadlines;

  tj_session_clear (GTK_WIDGET (self->guidance_list));
  tj_session_clear (GTK_WIDGET (self->deadlines_list));
  gtk_widget_set_visible (GTK_WIDGET (self->guidance_group), guidance != NULL);
  if (guidance == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->deadlines_group), FALSE);
      return;
    }
  adw_preferences_group_set_title (self->guidance_group, tj_json_get_string (guidance, "title", ""));
  adw_preferences_group_set_description (self->guidance_group, tj_json_get_string (guidance, "summary", NULL));
  gtk_list_box_append (self->guidance_list, expander_new (_("What to ask"), tj_json_get_array (guidance, "ask"), TRUE));
  gtk_list_box_append (self->guidance_list,
                       expander_new (_("What to explain"), tj_json_get_array (guidance, "explain"), FALSE));
  gtk_list_box_append (self->guidance_list, expander_new (_("The law"), tj_json_get_array (guidance, "law"), FALSE));
  warnings = tj_json_get_array (guidance, "warnings");
  for (guint i = 0; warnings && i < json_array_get_length (warnings); i++)
    {
      GtkWidget *row = tj_session_row_new (json_array_get_string_element (warnings, i), NULL);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      gtk_list_box_append (self->guidance_list, row);
    }

  deadlines = tj_json_get_array (guidance, "deadlines");
  gtk_widget_set_visible (GTK_WIDGET (self->deadlines_group), deadlines && json_array_get_length (deadlines) > 0);
  for (guint i = 0; deadlines && i < json_array_get_length (deadlines); i++)
    {
      JsonObject *d = json_array_get_object_element (deadlines, i);
      g_autofree char *date = tj_ui_format_date (tj_json_get_string (d, "date", ""));
      g_autofree char *left = tj_ui_format_days_left (tj_json_get_int (d, "days_remaining", 0));
      g_autofree char *title = g_strdup_printf ("%s · %s", deadline_label (tj_json_get_string (d, "kind", "")), date);
      GtkWidget *row = tj_session_row_new (title, tj_json_get_string (d, "basis", NULL));
      GtkWidget *pill = gtk_label_new (left);

      gtk_widget_add_css_class (pill, tj_json_get_int (d, "days_remaining", 0) < 3 ? "error" : "dim-label");
      gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill);
      gtk_list_box_append (self->deadlines_list, row);
    }
}

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TjSessionCall) call = user_data;
  g_autoptr(GError) error = NULL;
  TjSessionItem *item;

  if (tj_session_model_update_finish (TJ_SESSION_MODEL (source), result, &error))
    return;
  tj_session_section_toast_error (call->section, _("The checklist was not saved: %s"), error);
  /* The switch says what is stored. */
  item = g_object_get_data (G_OBJECT (call->widget), "item");
  if (item)
    gtk_switch_set_active (GTK_SWITCH (call->widget), tj_session_item_get_active (item));
}

static void
switch_toggled_cb (GtkSwitch                 *sw,
                   GParamSpec                *pspec,
                   TjSessionChecklistSection *self)
{
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));
  TjSessionItem *item = g_object_get_data (G_OBJECT (sw), "item");
  g_autoptr(JsonObject) patch = json_object_new ();
  JsonObject *checklist = json_object_new ();

  /* Only the mediator's own change is written, not the model's echo. */
  if (gtk_switch_get_active (sw) == tj_session_item_get_active (item))
    {
      json_object_unref (checklist);
      return;
    }
  json_object_set_boolean_member (checklist, tj_session_item_get_id (item), gtk_switch_get_active (sw));
  json_object_set_object_member (patch, "checklist", checklist);
  tj_session_model_update_async (model, patch, NULL, checked_cb, tj_session_call_new (self, sw, FALSE));
}

static GtkWidget *
create_check_row (gpointer item,
                  gpointer user_data)
{
  TjSessionChecklistSection *self = user_data;
  GtkWidget *row = tj_session_row_new (tj_session_item_get_title (item), tj_session_item_get_subtitle (item));
  GtkWidget *sw = gtk_switch_new ();

  g_object_set_data_full (G_OBJECT (sw), "item", g_object_ref (item), g_object_unref);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  g_object_bind_property (item, "active", sw, "active", G_BINDING_SYNC_CREATE);
  g_signal_connect (sw, "notify::active", G_CALLBACK (switch_toggled_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  return row;
}

static void
tj_session_checklist_section_model_changed (TjSessionSection *section,
                                            TjSessionModel   *old)
{
  TjSessionChecklistSection *self = TJ_SESSION_CHECKLIST_SECTION (section);
  TjSessionModel *model = tj_session_section_get_model (section);

  for (guint i = 0; i < G_N_ELEMENTS (self->bindings); i++)
    g_clear_pointer (&self->bindings[i], g_binding_unbind);
  if (model)
    self->bindings[0] = g_object_bind_property (model, "has-session", self->checklist_group, "visible",
                                                G_BINDING_SYNC_CREATE);
  gtk_list_box_bind_model (self->checklist, model ? tj_session_model_get_list (model, "checklist") : NULL,
                           create_check_row, self, NULL);
  if (model)
    g_signal_connect_swapped (model, "notify::guidance", G_CALLBACK (fill_guidance), self);
  fill_guidance (self);
}

static void
tj_session_checklist_section_class_init (TjSessionChecklistSectionClass *klass)
{
  TjSessionSectionClass *section_class = TJ_SESSION_SECTION_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  section_class->model_changed = tj_session_checklist_section_model_changed;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-session-checklist-section.ui");
  gtk_widget_class_bind_template_child (widget_class, TjSessionChecklistSection, guidance_group);
  gtk_widget_class_bind_template_child (widget_class, TjSessionChecklistSection, guidance_list);
  gtk_widget_class_bind_template_child (widget_class, TjSessionChecklistSection, deadlines_group);
  gtk_widget_class_bind_template_child (widget_class, TjSessionChecklistSection, deadlines_list);
  gtk_widget_class_bind_template_child (widget_class, TjSessionChecklistSection, checklist);
  gtk_widget_class_bind_template_child (widget_class, TjSessionChecklistSection, checklist_group);
}

static void
tj_session_checklist_section_init (TjSessionChecklistSection *self)
{
  g_type_ensure (TJ_TYPE_SESSION_MODEL);
  gtk_widget_init_template (GTK_WIDGET (self));
}
