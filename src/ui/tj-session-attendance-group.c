/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-list-frame.h"
#include "tj-session-attendance-group.h"
#include "tj-session-model.h"

/* A group at most this large opens expanded and needs no search box. */
#define OPEN_UP_TO 8

struct _TjSessionAttendanceGroup
{
  AdwExpanderRow      parent_instance;

  GtkSearchEntry     *search_entry;
  GtkLabel           *nobody_label;
  GtkGridView        *list_view;
  GtkFilterListModel *filtered;

  char               *kind;
  GListModel         *people;
  guint               total;
};

G_DEFINE_FINAL_TYPE (TjSessionAttendanceGroup, tj_session_attendance_group, ADW_TYPE_EXPANDER_ROW)

enum { PROP_0, PROP_KIND, PROP_PEOPLE, N_PROPS };
enum { TOGGLE_PERSON, ALL_PRESENT, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
kind_title (const char *kind)
{
  /* Translators: the workers of a case, present or not at a meeting. */
  if (g_strcmp0 (kind, "worker") == 0)
    return C_("attendance", "Workers");
  if (g_strcmp0 (kind, "agent") == 0)
    return _("Representatives");
  return _("Employer");
}

/* The check of a row, ticked or unticked. Bound rows are told their
 * person's tick when they are recycled or when the model echoes a saved
 * tick: then check and item agree and this is no click. The person is
 * read from the list item now, never remembered by the row. */
static void
person_toggled_cb (GtkCheckButton *check,
                   GtkListItem    *list_item)
{
  g_autoptr(TjSessionItem) item = NULL;
  GtkWidget *group;
  gboolean present = gtk_check_button_get_active (check);
  gboolean saved = FALSE;

  if (gtk_list_item_get_item (list_item) == NULL)
    return;
  item = g_object_ref (gtk_list_item_get_item (list_item));
  if (present == tj_session_item_get_active (item))
    return;
  group = gtk_widget_get_ancestor (GTK_WIDGET (check), TJ_TYPE_SESSION_ATTENDANCE_GROUP);
  g_return_if_fail (group != NULL);
  g_object_ref (check);
  g_signal_emit (group, signals[TOGGLE_PERSON], 0, item, present, &saved);
  /* Not saved: the check shows what is stored again. */
  if (!saved && gtk_list_item_get_item (list_item) == (gpointer) item)
    gtk_check_button_set_active (check, tj_session_item_get_active (item));
  g_object_unref (check);
}

/* Space or Enter on a person's row. */
static void
person_activated_cb (GtkGridView              *view,
                     guint                     position,
                     TjSessionAttendanceGroup *self)
{
  g_autoptr(TjSessionItem) item = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);
  gboolean saved = FALSE;

  if (item)
    g_signal_emit (self, signals[TOGGLE_PERSON], 0, item, !tj_session_item_get_active (item), &saved);
}

static void
all_present_cb (GtkButton                *button,
                TjSessionAttendanceGroup *self)
{
  g_signal_emit (self, signals[ALL_PRESENT], 0);
}

/* Enter in the search box goes to the first person found, whom Space
 * then ticks. */
static void
search_activate_cb (GtkSearchEntry           *entry,
                    TjSessionAttendanceGroup *self)
{
  GtkWidget *first;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
  /* The view keeps its rows in the order of the list, and none above
   * the first once scrolled to it; GTK 4.8 has no call to focus an item. */
  first = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
  if (first)
    gtk_widget_grab_focus (first);
}

static void
filtered_changed_cb (GListModel               *model,
                     guint                     position,
                     guint                     removed,
                     guint                     added,
                     TjSessionAttendanceGroup *self)
{
  gboolean none = g_list_model_get_n_items (model) == 0;
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  gtk_widget_set_visible (GTK_WIDGET (self->nobody_label), none && search && *search);
}

const char *
tj_session_attendance_group_get_kind (TjSessionAttendanceGroup *self)
{
  g_return_val_if_fail (TJ_IS_SESSION_ATTENDANCE_GROUP (self), NULL);

  return self->kind;
}

static void
set_kind (TjSessionAttendanceGroup *self,
          const char               *kind)
{
  if (g_strcmp0 (self->kind, kind) == 0)
    return;
  g_free (self->kind);
  self->kind = g_strdup (kind);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), kind_title (kind));
  /* What a screen reader says on entering the list: whose list it is. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  kind_title (kind), -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

void
tj_session_attendance_group_set_count (TjSessionAttendanceGroup *self,
                                       guint                     present,
                                       guint                     total)
{
  g_autofree char *subtitle = NULL;

  g_return_if_fail (TJ_IS_SESSION_ATTENDANCE_GROUP (self));

  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u present", "%u of %u present", total),
                              present, total);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self), total > 0);
  /* A tick changes the count, not what the mediator opened or typed;
   * other people do. */
  if (total != self->total)
    {
      self->total = total;
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), total <= OPEN_UP_TO);
      gtk_widget_set_visible (GTK_WIDGET (self->search_entry), total > OPEN_UP_TO);
      if (total <= OPEN_UP_TO)
        gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
    }
}

static void
tj_session_attendance_group_dispose (GObject *object)
{
  TjSessionAttendanceGroup *self = TJ_SESSION_ATTENDANCE_GROUP (object);

  if (self->filtered)
    g_signal_handlers_disconnect_by_data (self->filtered, self);
  g_clear_object (&self->people);
  G_OBJECT_CLASS (tj_session_attendance_group_parent_class)->dispose (object);
}

static void
tj_session_attendance_group_finalize (GObject *object)
{
  g_free (TJ_SESSION_ATTENDANCE_GROUP (object)->kind);
  G_OBJECT_CLASS (tj_session_attendance_group_parent_class)->finalize (object);
}

static void
tj_session_attendance_group_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  TjSessionAttendanceGroup *self = TJ_SESSION_ATTENDANCE_GROUP (object);

  switch (prop_id)
    {
    case PROP_KIND: g_value_set_string (value, self->kind); break;
    case PROP_PEOPLE: g_value_set_object (value, self->people); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_session_attendance_group_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  TjSessionAttendanceGroup *self = TJ_SESSION_ATTENDANCE_GROUP (object);

  switch (prop_id)
    {
    case PROP_KIND:
      set_kind (self, g_value_get_string (value));
      break;
    case PROP_PEOPLE:
      if (g_set_object (&self->people, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_session_attendance_group_class_init (TjSessionAttendanceGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_session_attendance_group_dispose;
  object_class->finalize = tj_session_attendance_group_finalize;
  object_class->get_property = tj_session_attendance_group_get_property;
  object_class->set_property = tj_session_attendance_group_set_property;

  properties[PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, NULL,
                                               G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PEOPLE] = g_param_spec_object ("people", NULL, NULL, G_TYPE_LIST_MODEL,
                                                 G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (item, present) → saved */
  signals[TOGGLE_PERSON] = g_signal_new ("toggle-person", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         g_signal_accumulator_first_wins, NULL, NULL, G_TYPE_BOOLEAN, 2,
                                         TJ_TYPE_SESSION_ITEM, G_TYPE_BOOLEAN);
  signals[ALL_PRESENT] = g_signal_new ("all-present", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                       NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-session-attendance-group.ui");
  gtk_widget_class_bind_template_child (widget_class, TjSessionAttendanceGroup, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TjSessionAttendanceGroup, nobody_label);
  gtk_widget_class_bind_template_child (widget_class, TjSessionAttendanceGroup, list_view);
  gtk_widget_class_bind_template_child (widget_class, TjSessionAttendanceGroup, filtered);
  gtk_widget_class_bind_template_callback (widget_class, person_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, person_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, all_present_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
}

static void
tj_session_attendance_group_init (TjSessionAttendanceGroup *self)
{
  g_type_ensure (TJ_TYPE_SESSION_ITEM);
  g_type_ensure (TJ_TYPE_LIST_FRAME);
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->filtered, "items-changed", G_CALLBACK (filtered_changed_cb), self);
}
