/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-calendar.h"
#include "tj-json.h"
#include "tj-list-frame.h"
#include "tj-session-meeting-section.h"

struct _TjSessionMeetingSection
{
  TjSessionSection      parent_instance;

  AdwPreferencesGroup  *meetings_group;
  AdwPreferencesGroup  *details_group;
  GtkButton            *end_button;
  AdwEntryRow          *date_row;
  AdwEntryRow          *time_row;
  AdwEntryRow          *place_row;
  AdwEntryRow          *participants_row;
  AdwPreferencesGroup  *start_group;
  AdwComboRow          *who_row;
  AdwEntryRow          *start_date;
  AdwEntryRow          *start_time;
  AdwEntryRow          *start_place;
  AdwEntryRow          *start_participants;
  GtkButton            *start_button;

  char                 *shown_id;    /* the meeting whose fields are filled */
  char                 *shown_step;  /* the step the start form is for */
};

G_DEFINE_FINAL_TYPE (TjSessionMeetingSection, tj_session_meeting_section, TJ_TYPE_SESSION_SECTION)

static JsonArray *
split_participants (const char *text)
{
  JsonArray *out = json_array_new ();
  g_auto(GStrv) parts = g_regex_split_simple ("[,，、;；\\n]", text ? text : "", 0, 0);

  for (guint i = 0; parts && parts[i]; i++)
    {
      g_autofree char *p = g_strstrip (g_strdup (parts[i]));
      if (*p)
        json_array_add_string_element (out, p);
    }
  return out;
}

static char *
join_participants (JsonArray *list)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; list && i < json_array_get_length (list); i++)
    {
      if (i > 0)
        g_string_append (s, "、");
      g_string_append (s, json_array_get_string_element (list, i));
    }
  return g_string_free (s, FALSE);
}

static const char *
member_of (TjSessionMeetingSection *self,
           AdwEntryRow             *row)
{
  if (row == self->date_row)
    return "scheduled_on";
  if (row == self->time_row)
    return "scheduled_time";
  if (row == self->place_row)
    return "place";
  return "participants";
}

static void
schedule_saved_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TjSessionCall) call = user_data;
  g_autoptr(GError) error = NULL;

  if (!tj_session_model_update_finish (TJ_SESSION_MODEL (source), result, &error))
    {
      tj_session_section_toast_error (call->section, _("The schedule was not saved: %s"), error);
      gtk_widget_add_css_class (call->widget, "error");
      return;
    }
  gtk_widget_remove_css_class (call->widget, "error");
  tj_session_section_toast (call->section, _("Schedule saved"));
}

static void
apply_cb (AdwEntryRow             *row,
          TjSessionMeetingSection *self)
{
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));
  const char *member = member_of (self, row);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(JsonObject) patch = json_object_new ();

  if (g_str_equal (member, "participants"))
    json_object_set_array_member (patch, member, split_participants (text));
  else if (*text)
    json_object_set_string_member (patch, member, text);
  else
    json_object_set_null_member (patch, member);
  tj_session_model_update_async (model, patch, NULL, schedule_saved_cb, tj_session_call_new (self, row, FALSE));
}

static void
ended_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TjSessionCall) call = user_data;
  g_autoptr(JsonObject) ended = NULL;
  g_autoptr(GError) error = NULL;

  ended = tj_session_model_end_finish (TJ_SESSION_MODEL (source), result, &error);
  if (ended == NULL)
    tj_session_section_toast_error (call->section, _("The meeting was not ended: %s"), error);
  else
    tj_session_section_toast (call->section, _("Meeting ended; the mediation continues"));
}

static void
end_clicked_cb (GtkButton               *button,
                TjSessionMeetingSection *self)
{
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));

  /* Typing not yet saved belongs to this meeting (asked of the worker
   * first, so written first). */
  gtk_widget_activate_action (GTK_WIDGET (self), "session.flush-notes", NULL);
  tj_session_model_end_async (model, "continue", NULL, NULL, NULL, ended_cb,
                              tj_session_call_new (self, button, TRUE));
}

/* Which meeting the start form makes, from the step and the "Who" row. */
static void
fill_input (TjSessionMeetingSection *self,
            JsonObject              *input)
{
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));
  const char *step = tj_session_model_get_step (model);
  guint who = adw_combo_row_get_selected (self->who_row);

  if (g_str_equal (step, "preparation") || g_str_equal (step, "shuttle"))
    {
      /* 0 worker side, 1 employer side, 2 both sides together. */
      json_object_set_string_member (input, "kind", who == 2 ? "joint" : "separate");
      if (who < 2)
        json_object_set_string_member (input, "party_side", who == 0 ? "worker" : "employer");
    }
  else if (g_str_equal (step, "joint"))
    json_object_set_string_member (input, "kind", "joint");
  else
    {
      json_object_set_string_member (input, "kind", "separate");
      json_object_set_string_member (input, "party_side", g_str_equal (step, "separate_employer") ? "employer" : "worker");
    }
}

static void
started_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TjSessionCall) call = user_data;
  g_autoptr(JsonObject) started = NULL;
  g_autoptr(GError) error = NULL;

  started = tj_session_model_start_meeting_finish (TJ_SESSION_MODEL (source), result, &error);
  if (started == NULL)
    tj_session_section_toast_error (call->section, _("The meeting was not started: %s"), error);
  else if (g_strcmp0 (tj_session_model_get_step (TJ_SESSION_MODEL (source)), "preparation") == 0)
    tj_session_section_toast (call->section, _("Scheduled; upcoming meetings also show in Today."));
}

static void
start_clicked_cb (GtkButton               *button,
                  TjSessionMeetingSection *self)
{
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));
  g_autoptr(JsonObject) input = json_object_new ();
  const char *date = gtk_editable_get_text (GTK_EDITABLE (self->start_date));
  const char *time = gtk_editable_get_text (GTK_EDITABLE (self->start_time));
  const char *place = gtk_editable_get_text (GTK_EDITABLE (self->start_place));

  fill_input (self, input);
  if (*date)
    json_object_set_string_member (input, "scheduled_on", date);
  if (*time)
    json_object_set_string_member (input, "scheduled_time", time);
  if (*place)
    json_object_set_string_member (input, "place", place);
  json_object_set_array_member (input, "participants",
                                split_participants (gtk_editable_get_text (GTK_EDITABLE (self->start_participants))));
  /* A meeting for today ends the one on screen: keep its typing. */
  gtk_widget_activate_action (GTK_WIDGET (self), "session.flush-notes", NULL);
  tj_session_model_start_meeting_async (model, input, NULL, started_cb,
                                        tj_session_call_new (self, button, TRUE));
}

static void
set_who (TjSessionMeetingSection *self,
         const char * const      *labels)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (labels);

  adw_combo_row_set_model (self->who_row, G_LIST_MODEL (list));
}

static void
fill_start (TjSessionMeetingSection *self,
            const char              *step)
{
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));
  TjCaseContext ctx;
  g_autofree char *today = NULL;
  gboolean schedule = g_str_equal (step, "preparation");

  /* Filled once per step: what the mediator typed stays while the model
   * reads again. */
  if (g_strcmp0 (self->shown_step, step) == 0)
    return;
  g_free (self->shown_step);
  self->shown_step = g_strdup (step);
  tj_session_model_get_context (model, &ctx);
  /* The context's day, else the clock's: never the real date behind it. */
  today = tj_date_today_iso (ctx.today);
  adw_preferences_group_set_title (self->start_group, schedule ? _("Schedule a meeting")
                                                    : g_str_equal (step, "joint") ? _("Bring both sides together")
                                                    : _("Meet this side alone"));
  adw_preferences_group_set_description (self->start_group,
                                         schedule ? _("Upcoming meetings also show in Today.") : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->who_row), schedule || g_str_equal (step, "shuttle"));
  if (schedule)
    set_who (self, (const char *[]) { _("Worker side alone"), _("Employer side alone"), _("Both sides together"), NULL });
  else
    /* Another separate round: one side at a time. */
    set_who (self, (const char *[]) { _("Worker side"), _("Employer side"), NULL });
  gtk_editable_set_text (GTK_EDITABLE (self->start_date), schedule ? "" : today);
  gtk_editable_set_text (GTK_EDITABLE (self->start_time), "");
  gtk_editable_set_text (GTK_EDITABLE (self->start_place), "");
  gtk_editable_set_text (GTK_EDITABLE (self->start_participants), "");
  gtk_button_set_label (self->start_button, schedule ? _("_Schedule") : _("_Start Session"));
}

static void
fill_details (TjSessionMeetingSection *self,
              JsonObject              *session)
{
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));
  const char *id = tj_json_get_string (session, "id", NULL);
  gboolean ended = json_object_has_member (session, "ended_at");
  g_autofree char *title = NULL;
  g_autofree char *participants = NULL;

  g_object_get (model, "session-title", &title, NULL);
  adw_preferences_group_set_title (self->details_group, title);
  adw_preferences_group_set_description (self->details_group,
                                         ended ? _("This meeting has ended. Its notes stay here for you.") : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->end_button), !ended);
  if (g_strcmp0 (self->shown_id, id) == 0)
    return;
  g_free (self->shown_id);
  self->shown_id = g_strdup (id);
  participants = join_participants (tj_json_get_array (session, "participants"));
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), tj_json_get_string (session, "scheduled_on", ""));
  gtk_editable_set_text (GTK_EDITABLE (self->time_row), tj_json_get_string (session, "scheduled_time", ""));
  gtk_editable_set_text (GTK_EDITABLE (self->place_row), tj_json_get_string (session, "place", ""));
  gtk_editable_set_text (GTK_EDITABLE (self->participants_row), participants);
}

static void
refresh (TjSessionMeetingSection *self)
{
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));
  const char *step = model ? tj_session_model_get_step (model) : NULL;
  JsonObject *session = model ? tj_session_model_get_session (model) : NULL;
  gboolean preparation = g_strcmp0 (step, "preparation") == 0;
  gboolean outcome = step == NULL || g_str_equal (step, "outcome");
  /* After a meeting of this step ended, the next one can start here. */
  gboolean another = session && json_object_has_member (session, "ended_at");

  gtk_widget_set_visible (GTK_WIDGET (self), !outcome);
  if (outcome)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->meetings_group),
                          preparation && g_list_model_get_n_items (tj_session_model_get_list (model, "meetings")));
  gtk_widget_set_visible (GTK_WIDGET (self->details_group), session != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->start_group), session == NULL || another);
  if (session)
    fill_details (self, session);
  if (session == NULL || another)
    fill_start (self, step);
  else
    g_clear_pointer (&self->shown_step, g_free);
}

/* The state of a meeting row (a closure of the list's factory in
 * tj-session-meeting-section.ui). */
static char *
meeting_state (gpointer    unused,
               const char *state)
{
  /* Translators: a meeting still going on (not ended). */
  return g_strdup (g_strcmp0 (state, "open") == 0 ? C_("session state", "Open") : C_("session state", "Ended"));
}

static void
tj_session_meeting_section_model_changed (TjSessionSection *section,
                                          TjSessionModel   *old)
{
  TjSessionMeetingSection *self = TJ_SESSION_MEETING_SECTION (section);
  TjSessionModel *model = tj_session_section_get_model (section);

  if (model)
    {
      g_signal_connect_swapped (model, "notify::step", G_CALLBACK (refresh), self);
      g_signal_connect_swapped (model, "notify::session", G_CALLBACK (refresh), self);
    }
  refresh (self);
}

static void
tj_session_meeting_section_finalize (GObject *object)
{
  TjSessionMeetingSection *self = TJ_SESSION_MEETING_SECTION (object);

  g_free (self->shown_id);
  g_free (self->shown_step);
  G_OBJECT_CLASS (tj_session_meeting_section_parent_class)->finalize (object);
}

static void
tj_session_meeting_section_class_init (TjSessionMeetingSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  TjSessionSectionClass *section_class = TJ_SESSION_SECTION_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  section_class->model_changed = tj_session_meeting_section_model_changed;
  object_class->finalize = tj_session_meeting_section_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-session-meeting-section.ui");
  gtk_widget_class_bind_template_child (widget_class, TjSessionMeetingSection, meetings_group);
  gtk_widget_class_bind_template_callback (widget_class, meeting_state);
  gtk_widget_class_bind_template_child (widget_class, TjSessionMeetingSection, details_group);
  gtk_widget_class_bind_template_child (widget_class, TjSessionMeetingSection, end_button);
  gtk_widget_class_bind_template_child (widget_class, TjSessionMeetingSection, date_row);
  gtk_widget_class_bind_template_child (widget_class, TjSessionMeetingSection, time_row);
  gtk_widget_class_bind_template_child (widget_class, TjSessionMeetingSection, place_row);
  gtk_widget_class_bind_template_child (widget_class, TjSessionMeetingSection, participants_row);
  gtk_widget_class_bind_template_child (widget_class, TjSessionMeetingSection, start_group);
  gtk_widget_class_bind_template_child (widget_class, TjSessionMeetingSection, who_row);
  gtk_widget_class_bind_template_child (widget_class, TjSessionMeetingSection, start_date);
  gtk_widget_class_bind_template_child (widget_class, TjSessionMeetingSection, start_time);
  gtk_widget_class_bind_template_child (widget_class, TjSessionMeetingSection, start_place);
  gtk_widget_class_bind_template_child (widget_class, TjSessionMeetingSection, start_participants);
  gtk_widget_class_bind_template_child (widget_class, TjSessionMeetingSection, start_button);
  gtk_widget_class_bind_template_callback (widget_class, apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, end_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, start_clicked_cb);
}

static void
tj_session_meeting_section_init (TjSessionMeetingSection *self)
{
  g_type_ensure (TJ_TYPE_SESSION_MODEL);
  g_type_ensure (TJ_TYPE_SESSION_ITEM);
  g_type_ensure (TJ_TYPE_LIST_FRAME);
  gtk_widget_init_template (GTK_WIDGET (self));
}
