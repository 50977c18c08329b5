/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-json.h"
#include "tj-session-attendance-section.h"

/* A group at most this large opens expanded. */
#define OPEN_UP_TO 8

struct _TjSessionAttendanceSection
{
  AdwBin               parent_instance;

  AdwPreferencesGroup *group;
  GtkListBox          *groups_list;

  TjSessionModel      *model;
  GPtrArray           *expanders;   /* AdwExpanderRow, data "kind" */
};

static void section_iface_init (TjSessionSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TjSessionAttendanceSection, tj_session_attendance_section, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (TJ_TYPE_SESSION_SECTION, section_iface_init))

enum { PROP_0, PROP_MODEL, N_PROPS };

static const char * const kinds[] = { "worker", "agent", "employer" };

static void
section_iface_init (TjSessionSectionInterface *iface)
{
}

static const char *
kind_title (const char *kind)
{
  /* Translators: the workers of a case, present or not at a meeting. */
  if (g_str_equal (kind, "worker"))
    return C_("attendance", "Workers");
  if (g_str_equal (kind, "agent"))
    return _("Representatives");
  return _("Employer");
}

/* Written or not: a tick that was not saved goes back to what is
 * stored. */
static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TjSessionCall) call = user_data;
  g_autoptr(GError) error = NULL;
  TjSessionItem *item;

  if (tj_session_model_update_finish (TJ_SESSION_MODEL (source), result, &error))
    return;
  tj_session_section_toast_error (call->section, _("The attendance was not saved: %s"), error);
  item = call->widget ? g_object_get_data (G_OBJECT (call->widget), "item") : NULL;
  if (item)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (call->widget), tj_session_item_get_active (item));
}

/* Marks @id, or everyone of @kind, @present (@check: the tick asked, or
 * NULL). The worker adds it to what is stored, so ticks in a row all
 * count. */
static void
save (TjSessionAttendanceSection *self,
      GtkCheckButton             *check,
      const char                 *kind,
      const char                 *id,
      gboolean                    present)
{
  GListModel *list = tj_session_model_get_list (self->model, "attendance");
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(TjSessionItem) item = g_list_model_get_item (list, i);

      if ((id && g_strcmp0 (tj_session_item_get_id (item), id) == 0) ||
          (kind && g_strcmp0 (tj_session_item_get_kind (item), kind) == 0))
        g_ptr_array_add (ids, (gpointer) tj_session_item_get_id (item));
    }
  g_ptr_array_add (ids, NULL);
  tj_session_model_mark_present_async (self->model, (const char * const *) ids->pdata, present, NULL, saved_cb,
                                       tj_session_call_new (self, check, FALSE));
}

static void
check_toggled_cb (GtkCheckButton             *check,
                  TjSessionAttendanceSection *self)
{
  TjSessionItem *item = g_object_get_data (G_OBJECT (check), "item");

  /* The model's echo of a saved tick writes nothing. */
  if (gtk_check_button_get_active (check) == tj_session_item_get_active (item))
    return;
  save (self, check, NULL, tj_session_item_get_id (item), gtk_check_button_get_active (check));
}

static void
all_present_cb (GtkButton                  *button,
                TjSessionAttendanceSection *self)
{
  save (self, NULL, g_object_get_data (G_OBJECT (button), "kind"), NULL, TRUE);
}

/* "73 of 75 present" under each role. */
static void
update_counts (TjSessionAttendanceSection *self)
{
  GListModel *list = tj_session_model_get_list (self->model, "attendance");
  guint here_all = 0, total = g_list_model_get_n_items (list);
  g_autofree char *description = NULL;

  for (guint e = 0; e < self->expanders->len; e++)
    {
      AdwExpanderRow *row = self->expanders->pdata[e];
      const char *kind = g_object_get_data (G_OBJECT (row), "kind");
      guint here = 0, all = 0;
      g_autofree char *sub = NULL;

      for (guint i = 0; i < total; i++)
        {
          g_autoptr(TjSessionItem) item = g_list_model_get_item (list, i);
          if (g_strcmp0 (tj_session_item_get_kind (item), kind) != 0)
            continue;
          all++;
          here += tj_session_item_get_active (item);
        }
      sub = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u present", "%u of %u present", all), here, all);
      adw_expander_row_set_subtitle (row, sub);
    }
  for (guint i = 0; i < total; i++)
    {
      g_autoptr(TjSessionItem) item = g_list_model_get_item (list, i);
      here_all += tj_session_item_get_active (item);
    }
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Tick who is present: %u of %u so far.",
                                              "Tick who is present: %u of %u so far.", total), here_all, total);
  adw_preferences_group_set_description (self->group, description);
}

static void
active_changed_cb (TjSessionItem              *item,
                   GParamSpec                 *pspec,
                   TjSessionAttendanceSection *self)
{
  update_counts (self);
}

static void
rebuild (TjSessionAttendanceSection *self)
{
  GListModel *list = self->model ? tj_session_model_get_list (self->model, "attendance") : NULL;
  guint n = list ? g_list_model_get_n_items (list) : 0;
  gboolean collective = FALSE;

  tj_session_clear (GTK_WIDGET (self->groups_list));
  g_ptr_array_set_size (self->expanders, 0);
  if (self->model)
    g_object_get (self->model, "collective", &collective, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self), collective && n > 0);
  if (n == 0)
    return;

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      GtkWidget *expander = NULL;
      guint count = 0;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(TjSessionItem) item = g_list_model_get_item (list, i);
          GtkWidget *row, *check;

          if (g_strcmp0 (tj_session_item_get_kind (item), kinds[k]) != 0)
            continue;
          if (expander == NULL)
            {
              GtkWidget *all = gtk_button_new_with_mnemonic (_("All _Present"));
              expander = adw_expander_row_new ();
              adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), kind_title (kinds[k]));
              g_object_set_data (G_OBJECT (expander), "kind", (gpointer) kinds[k]);
              g_object_set_data (G_OBJECT (all), "kind", (gpointer) kinds[k]);
              gtk_widget_set_valign (all, GTK_ALIGN_CENTER);
              gtk_widget_add_css_class (all, "flat");
              g_signal_connect (all, "clicked", G_CALLBACK (all_present_cb), self);
              adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), all);
              g_ptr_array_add (self->expanders, expander);
            }
          row = tj_session_row_new (tj_session_item_get_title (item), tj_session_item_get_subtitle (item));
          check = gtk_check_button_new ();
          gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
          g_object_set_data_full (G_OBJECT (check), "item", g_object_ref (item), g_object_unref);
          g_object_bind_property (item, "active", check, "active", G_BINDING_SYNC_CREATE);
          g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
          g_signal_connect_object (item, "notify::active", G_CALLBACK (active_changed_cb), self, 0);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
          count++;
        }
      if (expander)
        {
          adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), count <= OPEN_UP_TO);
          gtk_list_box_append (self->groups_list, expander);
        }
    }
  update_counts (self);
}

static void
set_model (TjSessionAttendanceSection *self,
           TjSessionModel             *model)
{
  if (self->model == model)
    return;
  if (self->model)
    {
      g_signal_handlers_disconnect_by_data (self->model, self);
      g_signal_handlers_disconnect_by_data (tj_session_model_get_list (self->model, "attendance"), self);
    }
  g_set_object (&self->model, model);
  if (model)
    {
      /* Rows are rebuilt only when the people change; ticks update them. */
      g_signal_connect_swapped (tj_session_model_get_list (model, "attendance"), "items-changed",
                                G_CALLBACK (rebuild), self);
      g_signal_connect_swapped (model, "notify::collective", G_CALLBACK (rebuild), self);
    }
  rebuild (self);
  g_object_notify (G_OBJECT (self), "model");
}

static void
tj_session_attendance_section_dispose (GObject *object)
{
  TjSessionAttendanceSection *self = TJ_SESSION_ATTENDANCE_SECTION (object);

  if (self->model)
    {
      g_signal_handlers_disconnect_by_data (self->model, self);
      g_signal_handlers_disconnect_by_data (tj_session_model_get_list (self->model, "attendance"), self);
    }
  g_clear_object (&self->model);
  g_clear_pointer (&self->expanders, g_ptr_array_unref);
  G_OBJECT_CLASS (tj_session_attendance_section_parent_class)->dispose (object);
}

static void
tj_session_attendance_section_get_property (GObject    *object,
                                            guint       prop_id,
                                            GValue     *value,
                                            GParamSpec *pspec)
{
  if (prop_id == PROP_MODEL)
    g_value_set_object (value, TJ_SESSION_ATTENDANCE_SECTION (object)->model);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
tj_session_attendance_section_set_property (GObject      *object,
                                            guint         prop_id,
                                            const GValue *value,
                                            GParamSpec   *pspec)
{
  if (prop_id == PROP_MODEL)
    set_model (TJ_SESSION_ATTENDANCE_SECTION (object), g_value_get_object (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
tj_session_attendance_section_class_init (TjSessionAttendanceSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_session_attendance_section_dispose;
  object_class->get_property = tj_session_attendance_section_get_property;
  object_class->set_property = tj_session_attendance_section_set_property;
  g_object_class_override_property (object_class, PROP_MODEL, "model");

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-session-attendance-section.ui");
  gtk_widget_class_bind_template_child (widget_class, TjSessionAttendanceSection, group);
  gtk_widget_class_bind_template_child (widget_class, TjSessionAttendanceSection, groups_list);
}

static void
tj_session_attendance_section_init (TjSessionAttendanceSection *self)
{
  self->expanders = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
