/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-session-steps-section.h"

struct _TjSessionStepsSection
{
  TjSessionSection parent_instance;

  GtkListBox      *list;

  gboolean         selecting;
};

G_DEFINE_FINAL_TYPE (TjSessionStepsSection, tj_session_steps_section, TJ_TYPE_SESSION_SECTION)

static void
state_changed_cb (TjSessionItem *item,
                  GParamSpec    *pspec,
                  GtkImage      *image)
{
  const char *state = tj_session_item_get_state (item);
  gboolean current = g_strcmp0 (state, "current") == 0;
  gboolean done = g_strcmp0 (state, "done") == 0;

  gtk_image_set_from_icon_name (image, current ? "media-record-symbolic" : done ? "emblem-ok-symbolic"
                                                                                : "radio-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (image), "accent");
  gtk_widget_remove_css_class (GTK_WIDGET (image), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (image), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (image), current ? "accent" : done ? "success" : "dim-label");
}

static void
subtitle_changed_cb (TjSessionItem *item,
                     GParamSpec    *pspec,
                     GtkLabel      *label)
{
  const char *text = tj_session_item_get_subtitle (item);

  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text && *text);
  if (tj_session_item_get_flag (item))
    gtk_widget_add_css_class (GTK_WIDGET (label), "accent");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "accent");
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  TjSessionItem *step = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *image = gtk_image_new ();
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *small = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (small), 0);
  gtk_widget_add_css_class (small, "caption");
  gtk_widget_add_css_class (small, "dim-label");
  g_object_bind_property (step, "title", title, "label", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (step, "notify::state", G_CALLBACK (state_changed_cb), image, 0);
  g_signal_connect_object (step, "notify::subtitle", G_CALLBACK (subtitle_changed_cb), small, 0);
  g_signal_connect_object (step, "notify::flag", G_CALLBACK (subtitle_changed_cb), small, 0);
  state_changed_cb (step, NULL, GTK_IMAGE (image));
  subtitle_changed_cb (step, NULL, GTK_LABEL (small));

  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), small);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "step", g_strdup (tj_session_item_get_id (step)), g_free);
  return row;
}

/* The row of the model's step is the selected one. */
static void
select_step (TjSessionStepsSection *self)
{
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));
  const char *step = model ? tj_session_model_get_step (model) : NULL;
  GtkListBoxRow *row;

  self->selecting = TRUE;
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list, i)); i++)
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "step"), step) == 0)
      {
        gtk_list_box_select_row (self->list, row);
        break;
      }
  self->selecting = FALSE;
}

static void
row_selected_cb (GtkListBox            *list,
                 GtkListBoxRow         *row,
                 TjSessionStepsSection *self)
{
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));

  if (row == NULL || self->selecting || model == NULL)
    return;
  tj_session_model_set_step (model, g_object_get_data (G_OBJECT (row), "step"));
}

static void
step_changed_cb (TjSessionStepsSection *self)
{
  select_step (self);
}

static void
tj_session_steps_section_model_changed (TjSessionSection *section,
                                        TjSessionModel   *old)
{
  TjSessionStepsSection *self = TJ_SESSION_STEPS_SECTION (section);
  TjSessionModel *model = tj_session_section_get_model (section);

  if (old)
    g_signal_handlers_disconnect_by_data (tj_session_model_get_list (old, "flow"), self);
  gtk_list_box_bind_model (self->list, model ? tj_session_model_get_list (model, "flow") : NULL,
                           create_row, self, NULL);
  if (model)
    {
      g_signal_connect_swapped (model, "notify::step", G_CALLBACK (step_changed_cb), self);
      g_signal_connect_swapped (tj_session_model_get_list (model, "flow"), "items-changed",
                                G_CALLBACK (step_changed_cb), self);
      select_step (self);
    }
}

static void
tj_session_steps_section_dispose (GObject *object)
{
  TjSessionStepsSection *self = TJ_SESSION_STEPS_SECTION (object);
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));

  /* The model's own handlers go with the model (TjSessionSection). */
  if (model)
    g_signal_handlers_disconnect_by_data (tj_session_model_get_list (model, "flow"), self);
  G_OBJECT_CLASS (tj_session_steps_section_parent_class)->dispose (object);
}

static void
tj_session_steps_section_class_init (TjSessionStepsSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  TjSessionSectionClass *section_class = TJ_SESSION_SECTION_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_session_steps_section_dispose;
  section_class->model_changed = tj_session_steps_section_model_changed;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-session-steps-section.ui");
  gtk_widget_class_bind_template_child (widget_class, TjSessionStepsSection, list);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
}

static void
tj_session_steps_section_init (TjSessionStepsSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
