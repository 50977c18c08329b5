/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-json.h"
#include "tj-session-attendance-group.h"
#include "tj-session-attendance-section.h"

struct _TjSessionAttendanceSection
{
  AdwBin                    parent_instance;

  AdwPreferencesGroup      *group;
  TjSessionAttendanceGroup *workers;
  TjSessionAttendanceGroup *agents;
  TjSessionAttendanceGroup *employer;

  TjSessionModel           *model;
  guint                     count_idle;
};

static void section_iface_init (TjSessionSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TjSessionAttendanceSection, tj_session_attendance_section, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (TJ_TYPE_SESSION_SECTION, section_iface_init))

enum { PROP_0, PROP_MODEL, N_PROPS };

static void
section_iface_init (TjSessionSectionInterface *iface)
{
}

/* The one place the section writes: the ids of everyone present, with
 * @id (or everyone of @kind) set to @present. */
static gboolean
save (TjSessionAttendanceSection *self,
      const char                 *kind,
      const char                 *id,
      gboolean                    present)
{
  GListModel *list = tj_session_model_get_list (self->model, "attendance");
  g_autoptr(JsonObject) patch = json_object_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *ids = json_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(TjSessionItem) item = g_list_model_get_item (list, i);
      gboolean here = tj_session_item_get_active (item);

      if (id && g_strcmp0 (tj_session_item_get_id (item), id) == 0)
        here = present;
      else if (kind && g_strcmp0 (tj_session_item_get_kind (item), kind) == 0)
        here = present;
      if (here)
        json_array_add_string_element (ids, tj_session_item_get_id (item));
    }
  json_object_set_array_member (patch, "attendance", ids);
  if (!tj_session_model_update (self->model, patch, &error))
    {
      tj_session_section_toast (self, error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
toggle_person_cb (TjSessionAttendanceGroup   *group,
                  TjSessionItem              *item,
                  gboolean                    present,
                  TjSessionAttendanceSection *self)
{
  return self->model && save (self, NULL, tj_session_item_get_id (item), present);
}

static void
all_present_cb (TjSessionAttendanceGroup   *group,
                TjSessionAttendanceSection *self)
{
  if (self->model)
    save (self, tj_session_attendance_group_get_kind (group), NULL, TRUE);
}

/* "73 of 75 present" under each role and in all, in one pass over the
 * list (500 people: a few microseconds, once per change). */
static void
update_counts (TjSessionAttendanceSection *self)
{
  TjSessionAttendanceGroup *groups[] = { self->workers, self->agents, self->employer };
  GListModel *list = self->model ? tj_session_model_get_list (self->model, "attendance") : NULL;
  guint total = list ? g_list_model_get_n_items (list) : 0;
  guint here[G_N_ELEMENTS (groups)] = { 0 }, all[G_N_ELEMENTS (groups)] = { 0 };
  guint here_all = 0;
  gboolean collective = FALSE;
  g_autofree char *description = NULL;

  for (guint i = 0; i < total; i++)
    {
      g_autoptr(TjSessionItem) item = g_list_model_get_item (list, i);
      gboolean active = tj_session_item_get_active (item);

      here_all += active;
      for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
        if (g_strcmp0 (tj_session_item_get_kind (item), tj_session_attendance_group_get_kind (groups[g])) == 0)
          {
            all[g]++;
            here[g] += active;
          }
    }
  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    tj_session_attendance_group_set_count (groups[g], here[g], all[g]);
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Tick who is present: %u of %u so far.",
                                              "Tick who is present: %u of %u so far.", total), here_all, total);
  adw_preferences_group_set_description (self->group, description);
  if (self->model)
    g_object_get (self->model, "collective", &collective, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self), collective && total > 0);
}

static gboolean
update_counts_cb (gpointer data)
{
  TjSessionAttendanceSection *self = data;

  self->count_idle = 0;
  update_counts (self);
  return G_SOURCE_REMOVE;
}

/* Counted once the model has finished what it announces: a reload says
 * "session" changed and updates its rows in place, in either order. */
static void
queue_update_counts (TjSessionAttendanceSection *self)
{
  if (self->count_idle == 0)
    self->count_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_counts_cb, self, NULL);
}

static void
disconnect_model (TjSessionAttendanceSection *self)
{
  if (self->model == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->model, self);
  g_signal_handlers_disconnect_by_data (tj_session_model_get_list (self->model, "attendance"), self);
}

static void
set_model (TjSessionAttendanceSection *self,
           TjSessionModel             *model)
{
  if (self->model == model)
    return;
  disconnect_model (self);
  g_set_object (&self->model, model);
  if (model)
    {
      /* The groups bind the list; the counts follow the ticks. */
      g_signal_connect_swapped (tj_session_model_get_list (model, "attendance"), "items-changed",
                                G_CALLBACK (queue_update_counts), self);
      g_signal_connect_swapped (model, "notify::session", G_CALLBACK (queue_update_counts), self);
      g_signal_connect_swapped (model, "notify::collective", G_CALLBACK (queue_update_counts), self);
    }
  update_counts (self);
  g_object_notify (G_OBJECT (self), "model");
}

static void
tj_session_attendance_section_dispose (GObject *object)
{
  TjSessionAttendanceSection *self = TJ_SESSION_ATTENDANCE_SECTION (object);

  disconnect_model (self);
  g_clear_handle_id (&self->count_idle, g_source_remove);
  g_clear_object (&self->model);
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
  gtk_widget_class_bind_template_child (widget_class, TjSessionAttendanceSection, workers);
  gtk_widget_class_bind_template_child (widget_class, TjSessionAttendanceSection, agents);
  gtk_widget_class_bind_template_child (widget_class, TjSessionAttendanceSection, employer);
  gtk_widget_class_bind_template_callback (widget_class, toggle_person_cb);
  gtk_widget_class_bind_template_callback (widget_class, all_present_cb);
}

static void
tj_session_attendance_section_init (TjSessionAttendanceSection *self)
{
  g_type_ensure (TJ_TYPE_SESSION_MODEL);
  g_type_ensure (TJ_TYPE_SESSION_ATTENDANCE_GROUP);
  gtk_widget_init_template (GTK_WIDGET (self));
}
