/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-json.h"
#include "tj-session-attendance-group.h"
#include "tj-session-attendance-section.h"

struct _TjSessionAttendanceSection
{
  TjSessionSection          parent_instance;

  AdwPreferencesGroup      *group;
  TjSessionAttendanceGroup *workers;
  TjSessionAttendanceGroup *agents;
  TjSessionAttendanceGroup *employer;

  guint                     count_idle;
};

G_DEFINE_FINAL_TYPE (TjSessionAttendanceSection, tj_session_attendance_section, TJ_TYPE_SESSION_SECTION)

/* A tick under way: the people it marks, told their stored tick again
 * when it fails (their rows' checks are bound to it, and show it). */
typedef struct
{
  TjSessionAttendanceSection *self;
  GPtrArray                  *items;   /* TjSessionItem */
} Saving;

static void
saving_free (Saving *saving)
{
  g_object_unref (saving->self);
  g_ptr_array_unref (saving->items);
  g_free (saving);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Saving *saving = user_data;
  g_autoptr(GError) error = NULL;

  if (!tj_session_model_mark_present_finish (TJ_SESSION_MODEL (source), result, &error))
    {
      tj_session_section_toast_error (saving->self, _("The attendance was not saved: %s"), error);
      for (guint i = 0; i < saving->items->len; i++)
        g_object_notify (g_ptr_array_index (saving->items, i), "active");
    }
  saving_free (saving);
}

/* The one place the section writes: @id, or everyone of @kind, marked
 * @present on the worker, which adds it to what is stored, so ticks in a
 * row all count. */
static void
save (TjSessionAttendanceSection *self,
      const char                 *kind,
      const char                 *id,
      gboolean                    present)
{
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));
  GListModel *list = tj_session_model_get_list (model, "attendance");
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  Saving *saving = g_new0 (Saving, 1);

  saving->self = g_object_ref (self);
  saving->items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(TjSessionItem) item = g_list_model_get_item (list, i);

      if ((id && g_strcmp0 (tj_session_item_get_id (item), id) == 0) ||
          (kind && g_strcmp0 (tj_session_item_get_kind (item), kind) == 0))
        {
          g_ptr_array_add (ids, (gpointer) tj_session_item_get_id (item));
          g_ptr_array_add (saving->items, g_object_ref (item));
        }
    }
  g_ptr_array_add (ids, NULL);
  tj_session_model_mark_present_async (model, (const char * const *) ids->pdata, present, NULL, saved_cb,
                                       saving);
}

static gboolean
toggle_person_cb (TjSessionAttendanceGroup   *group,
                  TjSessionItem              *item,
                  gboolean                    present,
                  TjSessionAttendanceSection *self)
{
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));

  if (model == NULL)
    return FALSE;
  save (self, NULL, tj_session_item_get_id (item), present);
  return TRUE;
}

static void
all_present_cb (TjSessionAttendanceGroup   *group,
                TjSessionAttendanceSection *self)
{
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));

  if (model)
    save (self, tj_session_attendance_group_get_kind (group), NULL, TRUE);
}

/* "73 of 75 present" under each role and in all, in one pass over the
 * list (500 people: a few microseconds, once per change). */
static void
update_counts (TjSessionAttendanceSection *self)
{
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));
  TjSessionAttendanceGroup *groups[] = { self->workers, self->agents, self->employer };
  GListModel *list = model ? tj_session_model_get_list (model, "attendance") : NULL;
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
  if (model)
    g_object_get (model, "collective", &collective, NULL);
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

/* The model's own handlers go with the model (TjSessionSection). */
static void
disconnect_list (TjSessionAttendanceSection *self,
                 TjSessionModel             *model)
{
  if (model)
    g_signal_handlers_disconnect_by_data (tj_session_model_get_list (model, "attendance"), self);
}

static void
tj_session_attendance_section_model_changed (TjSessionSection *section,
                                             TjSessionModel   *old)
{
  TjSessionAttendanceSection *self = TJ_SESSION_ATTENDANCE_SECTION (section);
  TjSessionModel *model = tj_session_section_get_model (section);

  disconnect_list (self, old);
  if (model)
    {
      /* The groups bind the list; the counts follow the ticks. */
      g_signal_connect_swapped (tj_session_model_get_list (model, "attendance"), "items-changed",
                                G_CALLBACK (queue_update_counts), self);
      g_signal_connect_swapped (model, "notify::session", G_CALLBACK (queue_update_counts), self);
      g_signal_connect_swapped (model, "notify::collective", G_CALLBACK (queue_update_counts), self);
    }
  update_counts (self);
}

static void
tj_session_attendance_section_dispose (GObject *object)
{
  TjSessionAttendanceSection *self = TJ_SESSION_ATTENDANCE_SECTION (object);

  disconnect_list (self, tj_session_section_get_model (TJ_SESSION_SECTION (self)));
  g_clear_handle_id (&self->count_idle, g_source_remove);
  G_OBJECT_CLASS (tj_session_attendance_section_parent_class)->dispose (object);
}

static void
tj_session_attendance_section_class_init (TjSessionAttendanceSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  TjSessionSectionClass *section_class = TJ_SESSION_SECTION_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_session_attendance_section_dispose;
  section_class->model_changed = tj_session_attendance_section_model_changed;

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
