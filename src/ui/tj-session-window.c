/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-json.h"
#include "tj-money.h"
#include "tj-note-autosave.h"
#include "tj-offer-chart-widget.h"
#include "tj-presentation-window.h"
#include "tj-session-window.h"
#include "tj-session.h"
#include "tj-settlement.h"
#include "tj-ui-format.h"

/* Everything shown comes from core calls made here on the main thread:
 * each is one small SQLite read or write of a few documents, which is far
 * below a frame. The content pane is rebuilt when the step or the session
 * changes; typing, switches and offers only touch their own part, so the
 * mediator never loses the place or the cursor. */
struct _TjSessionWindow
{
  AdwWindow           parent_instance;

  AdwWindowTitle     *window_title;
  GtkLabel           *timer_label;
  GtkButton          *timer_button;
  GtkListBox         *steps_list;
  GtkBox             *content;
  GtkBox             *aside;
  GtkScrolledWindow  *content_scroll;
  AdwToastOverlay    *toast_overlay;

  TjApplication      *application;
  char               *case_id;
  char               *step;
  JsonObject         *case_doc;
  JsonArray          *sessions;
  JsonObject         *session;       /* tj_session_show () of the step's session */

  TjNoteAutosave     *autosave;
  char               *note_id;
  GtkWidget          *note_status;
  guint               tick_source;
  gboolean            filling;

  /* Parts refreshed in place. */
  GtkWidget          *figures_box;
  GtkWidget          *interests_box;

  /* The offer form. */
  AdwComboRow        *offer_side;
  AdwComboRow        *offer_issue;
  AdwEntryRow        *offer_label;
  AdwEntryRow        *offer_value;
  AdwEntryRow        *offer_reason;
  GtkSwitch          *offer_private;

  /* The positions-and-interests form. */
  AdwComboRow        *interest_side;
  AdwComboRow        *interest_category;
  AdwEntryRow        *interest_text;

  /* The new-session form. */
  AdwComboRow        *start_kind;
  AdwEntryRow        *start_date;
  AdwEntryRow        *start_time;
  AdwEntryRow        *start_place;
  AdwEntryRow        *start_participants;

  /* The outcome forms. */
  AdwEntryRow        *agree_total;
  GPtrArray          *agree_workers;     /* AdwEntryRow, data "worker-id" */
  AdwComboRow        *agree_payer;
  GPtrArray          *payer_ids;
  AdwComboRow        *agree_method;
  AdwEntryRow        *agree_due;
  GtkBox             *installments_box;
  GtkTextView        *agree_terms;
  AdwEntryRow        *fail_reason;

  TjPresentationWindow *presentation;
  AdwToast           *last_toast;
};

G_DEFINE_FINAL_TYPE (TjSessionWindow, tj_session_window, ADW_TYPE_WINDOW)

static const char * const sides[] = { "worker", "employer", "both", NULL };
static const char * const interest_sides[] = { "worker", "employer", NULL };
static const char * const categories[] = { "position", "interest", NULL };
static const char * const methods[] = { "bank_transfer", "cash", "wage_account", NULL };

static void rebuild (TjSessionWindow *self);
static void reload (TjSessionWindow *self);

/* ----------------------------------------------------------- helpers */

static void
toast (TjSessionWindow *self,
       const char      *text)
{
  AdwToast *t = adw_toast_new (text);

  /* The newest news replaces the last, rather than queueing behind it. */
  g_debug ("Toast: %s", text);
  if (self->last_toast)
    {
      AdwToast *last = self->last_toast;

      /* Dismissing may finalize it, which clears the weak pointer. */
      g_object_remove_weak_pointer (G_OBJECT (last), (gpointer *) &self->last_toast);
      self->last_toast = NULL;
      adw_toast_dismiss (last);
    }
  self->last_toast = t;
  g_object_add_weak_pointer (G_OBJECT (t), (gpointer *) &self->last_toast);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static TjStore *
store_of (TjSessionWindow *self)
{
  return tj_application_get_store (self->application);
}

static void
clear_box (GtkWidget *box)
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

static void
list_add (GtkWidget *list,
          GtkWidget *child)
{
  gtk_list_box_append (GTK_LIST_BOX (list), child);
}

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

static const char *
side_label (const char *side)
{
  if (g_strcmp0 (side, "worker") == 0)
    return _("Worker side");
  if (g_strcmp0 (side, "employer") == 0)
    return _("Employer side");
  if (g_strcmp0 (side, "both") == 0)
    return _("Both sides (agreed)");
  return _("Not assigned");
}

static const char *
method_label (const char *method)
{
  if (g_strcmp0 (method, "bank_transfer") == 0)
    return _("Bank transfer");
  if (g_strcmp0 (method, "cash") == 0)
    return _("Cash");
  if (g_strcmp0 (method, "wage_account") == 0)
    return _("Into the wage account");
  return method ? method : "";
}

static AdwComboRow *
combo_row_new (const char         *title,
               const char * const *ids,
               const char *(*label) (const char *))
{
  GtkStringList *list = gtk_string_list_new (NULL);
  AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());

  for (guint i = 0; ids[i]; i++)
    gtk_string_list_append (list, label (ids[i]));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (row, G_LIST_MODEL (list));
  g_object_unref (list);
  return row;
}

static AdwEntryRow *
entry_row_new (const char *title,
               const char *text)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (adw_entry_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (text)
    gtk_editable_set_text (GTK_EDITABLE (row), text);
  return row;
}

static GtkWidget *
wrapped_row_new (const char *title,
                 const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle && *subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

static GtkWidget *
group_new (GtkBox     *parent,
           const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  if (title)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (parent, group);
  return group;
}

static GtkWidget *
button_new (const char *label,
            const char *name,
            const char *css_class)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  if (name)
    gtk_widget_set_name (button, name);
  if (css_class)
    gtk_widget_add_css_class (button, css_class);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  return button;
}

static char *
format_figure (JsonObject *figure,
               const char *unit)
{
  if (figure == NULL)
    return g_strdup ("—");
  if (g_strcmp0 (unit, "fen") == 0 && json_object_has_member (figure, "amount_fen"))
    return tj_money_format (tj_json_get_int (figure, "amount_fen", 0));
  if (json_object_has_member (figure, "date"))
    return tj_ui_format_date (tj_json_get_string (figure, "date", ""));
  if (json_object_has_member (figure, "amount_fen"))
    return tj_money_format (tj_json_get_int (figure, "amount_fen", 0));
  return g_strdup (tj_json_get_string (figure, "text", "—"));
}

static gboolean
is_collective (JsonObject *case_doc)
{
  JsonArray *flags = tj_json_get_array (case_doc, "flags");
  JsonArray *workers = tj_json_get_array (case_doc, "workers");

  for (guint i = 0; flags && i < json_array_get_length (flags); i++)
    if (g_strcmp0 (json_array_get_string_element (flags, i), "collective") == 0)
      return TRUE;
  return workers && json_array_get_length (workers) > 1;
}

/* Which step of the method a session belongs to, as tj_session_flow()
 * counts it (the first round alone per side, later rounds shuttle). */
static const char *
step_of_session (JsonObject *session)
{
  const char *kind = tj_json_get_string (session, "kind", "");
  const char *side = tj_json_get_string (session, "party_side", "");

  if (g_str_equal (kind, "joint"))
    return "joint";
  if (tj_json_get_int (session, "round", 1) > 1)
    return "shuttle";
  return g_str_equal (side, "employer") ? "separate_employer" : "separate_worker";
}

static JsonObject *
session_for_step (TjSessionWindow *self,
                  const char      *step)
{
  guint n = self->sessions ? json_array_get_length (self->sessions) : 0;

  for (guint i = n; i > 0; i--)
    {
      JsonObject *s = json_array_get_object_element (self->sessions, i - 1);

      if (g_strcmp0 (step_of_session (s), step) == 0)
        return s;
    }
  return NULL;
}

static JsonObject *
open_session (TjSessionWindow *self)
{
  guint n = self->sessions ? json_array_get_length (self->sessions) : 0;

  for (guint i = n; i > 0; i--)
    {
      JsonObject *s = json_array_get_object_element (self->sessions, i - 1);

      if (!json_object_has_member (s, "ended_at"))
        return s;
    }
  return NULL;
}

static const char *
session_id (TjSessionWindow *self)
{
  return self->session ? tj_json_get_string (self->session, "id", NULL) : NULL;
}

static void
reload_presentation (TjSessionWindow *self)
{
  if (self->presentation)
    tj_presentation_window_reload (self->presentation);
}

/* A write: the pages that show the case hear of it from the repository;
 * the parties' screen is ours to reload. */
static void
changed (TjSessionWindow *self)
{
  reload_presentation (self);
}

/* ------------------------------------------------------------- timer */

static void
update_timer (TjSessionWindow *self)
{
  JsonObject *timer = self->session ? tj_json_get_object (self->session, "timer") : NULL;
  gboolean running = timer && tj_json_get_bool (timer, "running", FALSE);
  gint64 elapsed = self->session ? tj_session_timer_elapsed (self->session, NULL) : 0;
  g_autofree char *text = g_strdup_printf ("%02d:%02d:%02d", (int) (elapsed / 3600),
                                           (int) (elapsed / 60 % 60), (int) (elapsed % 60));

  gtk_label_set_text (self->timer_label, text);
  gtk_button_set_icon_name (self->timer_button,
                            running ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->timer_button),
                               running ? _("Pause the timer") : _("Start the timer"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.timer",
                                 self->session && !json_object_has_member (self->session, "ended_at"));
}

static gboolean
tick_cb (gpointer user_data)
{
  update_timer (user_data);
  return G_SOURCE_CONTINUE;
}

static void
timer_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TjSessionWindow *self = TJ_SESSION_WINDOW (widget);
  JsonObject *timer = self->session ? tj_json_get_object (self->session, "timer") : NULL;
  gboolean running = timer && tj_json_get_bool (timer, "running", FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;

  if (session_id (self) == NULL)
    return;
  result = tj_session_timer (store_of (self), session_id (self), running ? "pause" : "start", NULL, &error);
  if (result == NULL)
    {
      toast (self, error->message);
      return;
    }
  json_object_set_object_member (self->session, "timer", json_object_ref (result));
  update_timer (self);
}

/* ------------------------------------------------------------- notes */

static void
autosave_saved_cb (TjNoteAutosave  *autosave,
                   TjSessionWindow *self)
{
  if (self->note_status)
    gtk_label_set_text (GTK_LABEL (self->note_status), _("Saved"));
}

static void
autosave_failed_cb (TjNoteAutosave  *autosave,
                    GError          *error,
                    TjSessionWindow *self)
{
  if (self->note_status)
    gtk_label_set_text (GTK_LABEL (self->note_status), _("Not saved yet — will try again"));
  toast (self, error->message);
}

static void
set_autosave (TjSessionWindow *self,
              const char      *note_id)
{
  if (self->autosave)
    {
      tj_note_autosave_flush (self->autosave, NULL);
      g_signal_handlers_disconnect_by_data (self->autosave, self);
      g_clear_object (&self->autosave);
    }
  g_free (self->note_id);
  self->note_id = g_strdup (note_id);
  if (note_id == NULL)
    return;
  self->autosave = tj_note_autosave_new (store_of (self), note_id, 0);
  g_signal_connect (self->autosave, "saved", G_CALLBACK (autosave_saved_cb), self);
  g_signal_connect (self->autosave, "failed", G_CALLBACK (autosave_failed_cb), self);
}

static void
note_changed_cb (GtkTextBuffer   *buffer,
                 TjSessionWindow *self)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (self->filling || session_id (self) == NULL)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  if (self->note_id == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) input = json_object_new ();
      g_autoptr(JsonObject) note = NULL;

      /* The first keystroke creates the note; later ones only rewrite it. */
      json_object_set_string_member (input, "text", text);
      json_object_set_string_member (input, "category", "note");
      note = tj_session_note_add (store_of (self), NULL, session_id (self), input, &error);
      if (note == NULL)
        {
          toast (self, error->message);
          return;
        }
      set_autosave (self, tj_json_get_string (note, "id", NULL));
      if (self->note_status)
        gtk_label_set_text (GTK_LABEL (self->note_status), _("Saved"));
      return;
    }
  if (self->note_status)
    gtk_label_set_text (GTK_LABEL (self->note_status), _("Saving…"));
  tj_note_autosave_set_text (self->autosave, text);
}

static void
release_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     TjSessionWindow  *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) note = NULL;

  if (!g_str_equal (response, "worker") && !g_str_equal (response, "employer"))
    return;
  if (self->autosave)
    tj_note_autosave_flush (self->autosave, NULL);
  {
    TjCaseContext ctx;

    tj_application_get_case_context (self->application, &ctx);
    note = tj_session_release_note (store_of (self), &ctx, self->note_id, response, &error);
  }
  if (note == NULL)
    {
      toast (self, error->message);
      return;
    }
  toast (self, _("Released to the joint session; the consent is recorded in the timeline"));
  changed (self);
  reload (self);
}

static void
release_clicked_cb (GtkButton       *button,
                    TjSessionWindow *self)
{
  GtkWidget *dialog;

  if (self->note_id == NULL)
    {
      toast (self, _("Write the note first"));
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Release This Note to the Parties?"),
                                   _("Only with the consent of the party who said it. The release and "
                                     "who consented are recorded in the case timeline, and the note "
                                     "can no longer be changed. Who gave consent?"));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "employer", _("_Employer Side"),
                                    "worker", _("_Worker Side"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "worker",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (release_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static JsonObject *
main_note (JsonObject *session)
{
  JsonArray *notes = tj_json_get_array (session, "notes");

  for (guint i = 0; notes && i < json_array_get_length (notes); i++)
    {
      JsonObject *note = json_array_get_object_element (notes, i);

      if (g_strcmp0 (tj_json_get_string (note, "category", "note"), "note") == 0)
        return note;
    }
  return NULL;
}

static void
add_notes (TjSessionWindow *self)
{
  JsonObject *note = main_note (self->session);
  gboolean caucus = g_strcmp0 (tj_json_get_string (self->session, "kind", ""), "separate") == 0;
  gboolean released = note && json_object_has_member (note, "released_at");
  GtkWidget *group, *frame, *view, *header, *box, *label, *icon;
  GtkTextBuffer *buffer;

  if (note)
    caucus = g_strcmp0 (tj_json_get_string (note, "visibility", "caucus"), "caucus") == 0;

  group = group_new (self->content, _("Notes"), NULL);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  if (caucus && !released)
    {
      icon = gtk_image_new_from_icon_name ("changes-prevent-symbolic");
      label = gtk_label_new (_("Mediator only · caucus"));
      gtk_widget_set_name (label, "caucus-mark");
      gtk_widget_add_css_class (label, "heading");
      gtk_widget_add_css_class (header, "warning");
      gtk_box_append (GTK_BOX (header), icon);
      gtk_box_append (GTK_BOX (header), label);
    }
  else
    {
      icon = gtk_image_new_from_icon_name ("system-users-symbolic");
      label = gtk_label_new (released ? _("Released to the joint session with consent")
                                      : _("Joint session · both sides may hear this"));
      gtk_widget_add_css_class (label, "heading");
      gtk_box_append (GTK_BOX (header), icon);
      gtk_box_append (GTK_BOX (header), label);
    }
  self->note_status = gtk_label_new (note ? _("Saved") : _("Saved automatically as you type"));
  gtk_widget_add_css_class (self->note_status, "dim-label");
  gtk_widget_add_css_class (self->note_status, "caption");
  gtk_widget_set_hexpand (self->note_status, TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->note_status), 1);
  gtk_box_append (GTK_BOX (header), self->note_status);
  gtk_box_append (GTK_BOX (box), header);

  frame = gtk_frame_new (NULL);
  view = gtk_text_view_new ();
  gtk_widget_set_name (view, "session-note");
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 12);
  gtk_widget_set_size_request (view, -1, 160);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), !released);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Session notes"), -1);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  self->filling = TRUE;
  if (note)
    gtk_text_buffer_set_text (buffer, tj_json_get_string (note, "text", ""), -1);
  self->filling = FALSE;
  g_signal_connect (buffer, "changed", G_CALLBACK (note_changed_cb), self);
  gtk_frame_set_child (GTK_FRAME (frame), view);
  gtk_box_append (GTK_BOX (box), frame);

  if (caucus && !released)
    {
      GtkWidget *button = button_new (_("_Release to Parties…"), "release-note", NULL);

      gtk_widget_set_tooltip_text (button, _("Share this note at the joint table, with the party's consent"));
      g_signal_connect (button, "clicked", G_CALLBACK (release_clicked_cb), self);
      gtk_box_append (GTK_BOX (box), button);
    }
  set_autosave (self, note ? tj_json_get_string (note, "id", NULL) : NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), box);
}

/* ------------------------------------------------------------ guidance */

static GtkWidget *
list_expander_new (const char *title,
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
        {
          JsonObject *law = json_node_get_object (node);

          adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                    wrapped_row_new (tj_json_get_string (law, "basis", ""),
                                                     tj_json_get_string (law, "text", "")));
        }
      else
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                  wrapped_row_new (json_node_get_string (node), NULL));
    }
  return row;
}

static void
checklist_toggled_cb (GtkSwitch       *sw,
                      GParamSpec      *pspec,
                      TjSessionWindow *self)
{
  const char *item = g_object_get_data (G_OBJECT (sw), "item");
  g_autoptr(JsonObject) patch = json_object_new ();
  JsonObject *checklist = json_object_new ();
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  TjCaseContext ctx;

  if (self->filling || session_id (self) == NULL)
    return;
  json_object_set_boolean_member (checklist, item, gtk_switch_get_active (sw));
  json_object_set_object_member (patch, "checklist", checklist);
  tj_application_get_case_context (self->application, &ctx);
  result = tj_session_update (store_of (self), &ctx, session_id (self), patch, &error);
  if (result == NULL)
    {
      toast (self, error->message);
      self->filling = TRUE;
      gtk_switch_set_active (sw, !gtk_switch_get_active (sw));
      self->filling = FALSE;
      return;
    }
  json_object_set_object_member (self->session, "checklist",
                                 json_object_ref (tj_json_get_object (result, "checklist")));
}

static void
add_guidance (TjSessionWindow *self,
              JsonObject      *guidance)
{
  GtkWidget *group, *row;
  JsonArray *deadlines, *warnings, *checklist;

  group = group_new (self->aside, tj_json_get_string (guidance, "title", ""),
                     tj_json_get_string (guidance, "summary", NULL));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             list_expander_new (_("What to ask"), tj_json_get_array (guidance, "ask"), TRUE));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             list_expander_new (_("What to explain"), tj_json_get_array (guidance, "explain"), FALSE));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             list_expander_new (_("The law"), tj_json_get_array (guidance, "law"), FALSE));

  warnings = tj_json_get_array (guidance, "warnings");
  for (guint i = 0; warnings && i < json_array_get_length (warnings); i++)
    {
      row = wrapped_row_new (json_array_get_string_element (warnings, i), NULL);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  deadlines = tj_json_get_array (guidance, "deadlines");
  if (deadlines && json_array_get_length (deadlines) > 0)
    {
      GtkWidget *dgroup = group_new (self->aside, _("Deadlines of this case"), NULL);

      for (guint i = 0; i < json_array_get_length (deadlines); i++)
        {
          JsonObject *d = json_array_get_object_element (deadlines, i);
          g_autofree char *date = tj_ui_format_date (tj_json_get_string (d, "date", ""));
          g_autofree char *left = tj_ui_format_days_left (tj_json_get_int (d, "days_remaining", 0));
          g_autofree char *title = g_strdup_printf ("%s · %s", deadline_label (tj_json_get_string (d, "kind", "")), date);
          GtkWidget *pill = gtk_label_new (left);

          row = wrapped_row_new (title, tj_json_get_string (d, "basis", NULL));
          gtk_widget_add_css_class (pill, tj_json_get_int (d, "days_remaining", 0) < 3 ? "error" : "dim-label");
          gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (dgroup), row);
        }
    }

  /* The checklist is saved on the session; before one exists it is only
   * a reminder. */
  checklist = tj_json_get_array (guidance, "checklist");
  if (checklist && self->session && json_array_get_length (checklist) > 0)
    {
      GtkWidget *cgroup = group_new (self->aside, _("Checklist"),
                                     _("Each switch is saved at once."));

      self->filling = TRUE;
      for (guint i = 0; i < json_array_get_length (checklist); i++)
        {
          JsonObject *c = json_array_get_object_element (checklist, i);
          GtkWidget *sw = gtk_switch_new ();

          row = wrapped_row_new (tj_json_get_string (c, "label", ""),
                                 tj_json_get_bool (c, "required", FALSE) ? _("Required for this case") : NULL);
          g_object_set_data_full (G_OBJECT (sw), "item", g_strdup (tj_json_get_string (c, "item", "")), g_free);
          gtk_switch_set_active (GTK_SWITCH (sw), tj_json_get_bool (c, "checked", FALSE));
          gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
          g_signal_connect (sw, "notify::active", G_CALLBACK (checklist_toggled_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (cgroup), row);
        }
      self->filling = FALSE;
    }
}

/* ------------------------------------------------------ session block */

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

static void
schedule_apply_cb (AdwEntryRow     *row,
                   TjSessionWindow *self)
{
  const char *member = g_object_get_data (G_OBJECT (row), "member");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(JsonObject) patch = json_object_new ();
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  TjCaseContext ctx;

  if (g_str_equal (member, "participants"))
    json_object_set_array_member (patch, member, split_participants (text));
  else if (*text)
    json_object_set_string_member (patch, member, text);
  else
    json_object_set_null_member (patch, member);
  tj_application_get_case_context (self->application, &ctx);
  result = tj_session_update (store_of (self), &ctx, session_id (self), patch, &error);
  if (result == NULL)
    {
      toast (self, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  toast (self, _("Schedule saved"));
  changed (self);
}

static void
attendance_toggled_cb (GtkCheckButton  *check,
                       TjSessionWindow *self)
{
  GtkWidget *group = g_object_get_data (G_OBJECT (check), "group");
  GPtrArray *checks = g_object_get_data (G_OBJECT (group), "checks");
  g_autoptr(JsonObject) patch = json_object_new ();
  JsonArray *ids = json_array_new ();
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  TjCaseContext ctx;

  if (self->filling)
    {
      json_array_unref (ids);
      return;
    }
  for (guint i = 0; i < checks->len; i++)
    if (gtk_check_button_get_active (checks->pdata[i]))
      json_array_add_string_element (ids, g_object_get_data (checks->pdata[i], "party-id"));
  json_object_set_array_member (patch, "attendance", ids);
  tj_application_get_case_context (self->application, &ctx);
  result = tj_session_update (store_of (self), &ctx, session_id (self), patch, &error);
  if (result == NULL)
    toast (self, error->message);
}

static void
add_attendance_party (TjSessionWindow *self,
                      GtkWidget       *group,
                      JsonObject      *party,
                      const char      *role,
                      JsonArray       *present)
{
  const char *id = tj_json_get_string (party, "id", NULL);
  GPtrArray *checks = g_object_get_data (G_OBJECT (group), "checks");
  GtkWidget *row, *check;

  if (id == NULL)
    return;
  row = wrapped_row_new (tj_json_get_string (party, "name", ""), role);
  check = gtk_check_button_new ();
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (check), "party-id", g_strdup (id), g_free);
  g_object_set_data (G_OBJECT (check), "group", group);
  for (guint i = 0; present && i < json_array_get_length (present); i++)
    if (g_strcmp0 (json_array_get_string_element (present, i), id) == 0)
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_signal_connect (check, "toggled", G_CALLBACK (attendance_toggled_cb), self);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_ptr_array_add (checks, check);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

static void
add_attendance (TjSessionWindow *self)
{
  JsonArray *present = tj_json_get_array (self->session, "attendance");
  JsonArray *workers = tj_json_get_array (self->case_doc, "workers");
  JsonArray *agents = tj_json_get_array (self->case_doc, "agents");
  JsonObject *employer = tj_json_get_object (self->case_doc, "employer");
  const char *kind = tj_json_get_string (self->session, "kind", "");
  const char *side = tj_json_get_string (self->session, "party_side", "");
  GtkWidget *group;

  group = group_new (self->content, _("Attendance"), _("Tick who is present at this meeting."));
  g_object_set_data_full (G_OBJECT (group), "checks", g_ptr_array_new (), (GDestroyNotify) g_ptr_array_unref);
  self->filling = TRUE;
  if (g_str_equal (kind, "joint") || g_str_equal (side, "worker"))
    {
      for (guint i = 0; workers && i < json_array_get_length (workers); i++)
        add_attendance_party (self, group, json_array_get_object_element (workers, i), _("Worker"), present);
      for (guint i = 0; agents && i < json_array_get_length (agents); i++)
        add_attendance_party (self, group, json_array_get_object_element (agents, i), _("Representative"), present);
    }
  if (employer && (g_str_equal (kind, "joint") || g_str_equal (side, "employer")))
    add_attendance_party (self, group, employer, _("Employer"), present);
  self->filling = FALSE;
}

static void
end_meeting_cb (GtkButton       *button,
                TjSessionWindow *self)
{
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  TjCaseContext ctx;

  if (self->autosave)
    tj_note_autosave_flush (self->autosave, NULL);
  tj_application_get_case_context (self->application, &ctx);
  result = tj_session_end (store_of (self), &ctx, session_id (self), "continue", NULL, NULL, &error);
  if (result == NULL)
    {
      toast (self, error->message);
      return;
    }
  toast (self, _("Meeting ended; the mediation continues"));
  changed (self);
  reload (self);
}

static void
add_session (TjSessionWindow *self)
{
  GtkWidget *group, *row;
  const char *fields[][2] = {
    { "scheduled_on", N_("Date (YYYY-MM-DD)") },
    { "scheduled_time", N_("Time (HH:MM)") },
    { "place", N_("Place") },
  };
  g_autofree char *participants = join_participants (tj_json_get_array (self->session, "participants"));
  g_autofree char *title = g_strdup_printf (_("Round %d · %s"), (int) tj_json_get_int (self->session, "round", 1),
                                            tj_json_get_string (self->session, "step_label", ""));
  gboolean ended = json_object_has_member (self->session, "ended_at");

  group = group_new (self->content, title,
                     ended ? _("This meeting has ended. Its notes stay here for you.") : NULL);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      AdwEntryRow *entry = entry_row_new (_(fields[i][1]), tj_json_get_string (self->session, fields[i][0], ""));

      g_object_set_data (G_OBJECT (entry), "member", (gpointer) fields[i][0]);
      adw_entry_row_set_show_apply_button (entry, TRUE);
      g_signal_connect (entry, "apply", G_CALLBACK (schedule_apply_cb), self);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (entry));
    }
  row = GTK_WIDGET (entry_row_new (_("Participants (separate with 、)"), participants));
  g_object_set_data (G_OBJECT (row), "member", (gpointer) "participants");
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  g_signal_connect (row, "apply", G_CALLBACK (schedule_apply_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  if (!ended)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_End This Meeting"));

      gtk_widget_set_name (button, "end-meeting");
      gtk_widget_set_tooltip_text (button, _("The mediation goes on with another meeting"));
      g_signal_connect (button, "clicked", G_CALLBACK (end_meeting_cb), self);
      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), button);
    }
}

static void
start_clicked_cb (GtkButton       *button,
                  TjSessionWindow *self)
{
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *date = gtk_editable_get_text (GTK_EDITABLE (self->start_date));
  const char *time = gtk_editable_get_text (GTK_EDITABLE (self->start_time));
  const char *place = gtk_editable_get_text (GTK_EDITABLE (self->start_place));
  const char *kind = g_object_get_data (G_OBJECT (button), "kind");
  const char *step = self->step;
  TjCaseContext ctx;

  json_object_set_string_member (input, "case_id", self->case_id);
  if (self->start_kind)
    {
      /* 0 worker side, 1 employer side, 2 both sides together. */
      guint k = adw_combo_row_get_selected (self->start_kind);

      json_object_set_string_member (input, "kind", k == 2 ? "joint" : "separate");
      if (k < 2)
        json_object_set_string_member (input, "party_side", interest_sides[k]);
      if (g_str_equal (step, "shuttle"))
        step = NULL;
    }
  else if (g_str_equal (kind, "joint"))
    json_object_set_string_member (input, "kind", "joint");
  else
    {
      json_object_set_string_member (input, "kind", "separate");
      json_object_set_string_member (input, "party_side", kind);
    }
  if (*date)
    json_object_set_string_member (input, "scheduled_on", date);
  if (*time)
    json_object_set_string_member (input, "scheduled_time", time);
  if (*place)
    json_object_set_string_member (input, "place", place);
  json_object_set_array_member (input, "participants",
                                split_participants (gtk_editable_get_text (GTK_EDITABLE (self->start_participants))));
  tj_application_get_case_context (self->application, &ctx);
  /* A meeting for today may end the one on screen: keep its typing. */
  if (self->autosave)
    tj_note_autosave_flush (self->autosave, NULL);
  /* For today it takes place now: its clock runs and the meeting before
   * it ends, in one write (core, shared with `session start`). */
  result = tj_session_start_meeting (store_of (self), &ctx, input, &error);
  if (result == NULL)
    {
      toast (self, error->message);
      return;
    }
  changed (self);
  /* Show the step the new meeting belongs to; a meeting scheduled while
   * preparing stays in the overview there. */
  {
    char *next = g_strdup (step ? step : step_of_session (result));

    g_free (self->step);
    self->step = next;
  }
  reload (self);
}

static void
add_start_form (TjSessionWindow *self,
                const char      *kind)
{
  GtkWidget *group, *button;
  const char *title;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%F");
  TjCaseContext ctx;

  if (g_str_equal (kind, "schedule"))
    title = _("Schedule a meeting");
  else if (g_str_equal (kind, "joint"))
    title = _("Bring both sides together");
  else
    title = _("Meet this side alone");

  group = group_new (self->content, title,
                     g_str_equal (kind, "schedule") ? _("Upcoming meetings also show in Today.") : NULL);
  self->start_kind = NULL;
  if (g_str_equal (kind, "schedule") || g_str_equal (kind, "shuttle"))
    {
      static const char * const who[] = { "worker", "employer", "both", NULL };

      self->start_kind = combo_row_new (_("Who"), who, side_label);
      if (g_str_equal (kind, "shuttle"))
        {
          /* Another separate round: only one side at a time. */
          GtkStringList *list = gtk_string_list_new ((const char *[]) { _("Worker side"), _("Employer side"), NULL });

          adw_combo_row_set_model (self->start_kind, G_LIST_MODEL (list));
          g_object_unref (list);
        }
      else
        {
          GtkStringList *list = gtk_string_list_new ((const char *[]) { _("Worker side alone"),
                                                                        _("Employer side alone"),
                                                                        _("Both sides together"), NULL });

          adw_combo_row_set_model (self->start_kind, G_LIST_MODEL (list));
          g_object_unref (list);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->start_kind));
    }
  tj_application_get_case_context (self->application, &ctx);
  self->start_date = entry_row_new (_("Date (YYYY-MM-DD)"),
                                    g_str_equal (kind, "schedule") ? "" : ctx.today ? ctx.today : today);
  self->start_time = entry_row_new (_("Time (HH:MM)"), NULL);
  self->start_place = entry_row_new (_("Place"), NULL);
  self->start_participants = entry_row_new (_("Participants (separate with 、)"), NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->start_date));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->start_time));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->start_place));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->start_participants));

  button = button_new (g_str_equal (kind, "schedule") ? _("_Schedule") : _("_Start Session"),
                       "start-session", "suggested-action");
  g_object_set_data (G_OBJECT (button), "kind", (gpointer) (g_str_equal (kind, "joint") ? "joint"
                                                            : g_str_equal (kind, "worker") ? "worker"
                                                            : g_str_equal (kind, "employer") ? "employer" : NULL));
  gtk_widget_set_margin_top (button, 12);
  g_signal_connect (button, "clicked", G_CALLBACK (start_clicked_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), button);
}

static void
add_sessions_overview (TjSessionWindow *self)
{
  guint n = self->sessions ? json_array_get_length (self->sessions) : 0;
  GtkWidget *group;

  if (n == 0)
    return;
  group = group_new (self->content, _("Meetings of this case"), NULL);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *s = json_array_get_object_element (self->sessions, i);
      const char *date = tj_json_get_string (s, "scheduled_on", NULL);
      g_autofree char *when = date ? tj_ui_format_date (date) : g_strdup (_("No date set"));
      g_autofree char *subtitle = g_strdup_printf ("%s %s %s", when, tj_json_get_string (s, "scheduled_time", ""),
                                                   tj_json_get_string (s, "place", ""));
      g_autofree char *title = g_strdup_printf (_("Round %d · %s"), (int) tj_json_get_int (s, "round", 1),
                                                tj_json_get_string (s, "step_label",
                                                                    tj_session_step_label (step_of_session (s))));
      GtkWidget *row = wrapped_row_new (title, g_strstrip (subtitle));
      GtkWidget *state = gtk_label_new (json_object_has_member (s, "ended_at") ? _("Ended") : _("Open"));

      gtk_widget_add_css_class (state, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
}

/* What may be said at the joint table: joint notes and caucus notes
 * released with consent, read from the joint view so that the mediator
 * sees exactly what the parties may see. */
static void
add_shared_notes (TjSessionWindow *self)
{
  g_autoptr(JsonObject) view = NULL;
  g_autoptr(GError) error = NULL;
  TjCaseContext ctx;
  JsonArray *notes;
  GtkWidget *group;

  tj_application_get_case_context (self->application, &ctx);
  view = tj_session_view (store_of (self), &ctx, self->case_id, NULL, TJ_AUDIENCE_TABLE, &error);
  if (view == NULL)
    {
      toast (self, error->message);
      return;
    }
  notes = tj_json_get_array (view, "notes");
  group = group_new (self->content, _("Shared at the table"),
                     _("Joint notes and caucus notes released with consent. Nothing else from the "
                       "separate meetings is shown to the parties."));
  if (notes == NULL || json_array_get_length (notes) == 0)
    {
      GtkWidget *row = wrapped_row_new (_("Nothing shared yet"), NULL);

      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      return;
    }
  for (guint i = 0; i < json_array_get_length (notes); i++)
    {
      JsonObject *note = json_array_get_object_element (notes, i);
      gboolean released = json_object_has_member (note, "released_at");
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", side_label (tj_json_get_string (note, "party_side", NULL)),
                                                   released ? _("Released with consent") : _("Said at the joint session"));
      GtkWidget *row = wrapped_row_new (tj_json_get_string (note, "text", ""), subtitle);

      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name (released ? "changes-allow-symbolic"
                                                                        : "system-users-symbolic"));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
}

/* ------------------------------------------------------ demands, offers */

static void
fill_figures (TjSessionWindow *self)
{
  g_autoptr(JsonObject) figures = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *issues;
  GtkWidget *list, *chart;
  gboolean any = FALSE;

  clear_box (self->figures_box);
  figures = tj_session_figures (store_of (self), self->case_id, TJ_AUDIENCE_MEDIATOR, &error);
  if (figures == NULL)
    {
      gtk_box_append (GTK_BOX (self->figures_box), gtk_label_new (error->message));
      return;
    }
  issues = tj_json_get_array (figures, "issues");

  /* A crossing is the news of the day: say it first, in large type. */
  for (guint i = 0; issues && i < json_array_get_length (issues); i++)
    {
      JsonObject *issue = json_array_get_object_element (issues, i);
      const char *status = tj_json_get_string (issue, "status", "open");
      g_autofree char *point = NULL;
      g_autofree char *text = NULL;
      GtkWidget *box, *label, *icon;

      if (!g_str_equal (status, "crossed") && !g_str_equal (status, "agreed"))
        continue;
      if (json_object_has_member (issue, "meeting_point_fen"))
        point = tj_money_format (tj_json_get_int (issue, "meeting_point_fen", 0));
      else if (json_object_has_member (issue, "meeting_point_date"))
        point = tj_ui_format_date (tj_json_get_string (issue, "meeting_point_date", ""));
      else
        point = format_figure (tj_json_get_object (issue, "agreed"), tj_json_get_string (issue, "unit", ""));
      text = g_str_equal (status, "crossed")
        ? g_strdup_printf (_("%s: the ranges have crossed — both sides can meet at %s"),
                           tj_json_get_string (issue, "label", ""), point)
        : g_strdup_printf (_("%s: agreed at %s"), tj_json_get_string (issue, "label", ""), point);
      box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      gtk_widget_add_css_class (box, "card");
      icon = gtk_image_new_from_icon_name ("emblem-ok-symbolic");
      gtk_image_set_pixel_size (GTK_IMAGE (icon), 24);
      gtk_widget_add_css_class (icon, "success");
      gtk_widget_set_margin_start (icon, 18);
      label = gtk_label_new (text);
      gtk_widget_set_name (label, "crossing-message");
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "title-3");
      gtk_widget_add_css_class (label, "success");
      gtk_widget_set_margin_top (label, 14);
      gtk_widget_set_margin_bottom (label, 14);
      gtk_widget_set_margin_end (label, 18);
      gtk_box_append (GTK_BOX (box), icon);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (self->figures_box), box);
    }

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; issues && i < json_array_get_length (issues); i++)
    {
      JsonObject *issue = json_array_get_object_element (issues, i);
      const char *unit = tj_json_get_string (issue, "unit", "");
      g_autofree char *w = format_figure (tj_json_get_object (issue, "worker"), unit);
      g_autofree char *e = format_figure (tj_json_get_object (issue, "employer"), unit);
      g_autofree char *subtitle = g_strdup_printf (_("Worker side: %s · Employer side: %s"), w, e);
      g_autofree char *gap = NULL;
      GtkWidget *row = wrapped_row_new (tj_json_get_string (issue, "label", ""), subtitle);
      GtkWidget *suffix;

      any = TRUE;
      if (json_object_has_member (issue, "gap_fen") && g_str_equal (tj_json_get_string (issue, "status", ""), "open"))
        {
          g_autofree char *money = tj_money_format (tj_json_get_int (issue, "gap_fen", 0));

          gap = g_strdup_printf (_("Gap %s"), money);
        }
      else if (json_object_has_member (issue, "gap_days") && g_str_equal (tj_json_get_string (issue, "status", ""), "open"))
        gap = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Gap %d day", "Gap %d days",
                                            (gulong) ABS (tj_json_get_int (issue, "gap_days", 0))),
                               (int) tj_json_get_int (issue, "gap_days", 0));
      else if (g_str_equal (tj_json_get_string (issue, "status", ""), "open"))
        gap = g_strdup (_("Open"));
      else
        gap = g_strdup (g_str_equal (tj_json_get_string (issue, "status", ""), "agreed") ? _("Agreed") : _("Crossed"));
      suffix = gtk_label_new (gap);
      gtk_widget_add_css_class (suffix, "heading");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  if (any)
    gtk_box_append (GTK_BOX (self->figures_box), list);
  else
    {
      GtkWidget *label = gtk_label_new (_("No demand or offer recorded yet."));

      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (self->figures_box), label);
    }

  chart = tj_offer_chart_widget_new ();
  tj_offer_chart_widget_set_figures (TJ_OFFER_CHART_WIDGET (chart), figures);
  gtk_widget_add_css_class (chart, "card");
  gtk_box_append (GTK_BOX (self->figures_box), chart);
}

static void
offer_issue_changed_cb (AdwComboRow     *row,
                        GParamSpec      *pspec,
                        TjSessionWindow *self)
{
  const char *issue = tj_session_issues ()[adw_combo_row_get_selected (row)];

  gtk_widget_set_visible (GTK_WIDGET (self->offer_label), g_strcmp0 (issue, "other") == 0);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->offer_value),
                                 g_strcmp0 (issue, "payment_date") == 0 ? _("Date (YYYY-MM-DD)")
                                 : g_strcmp0 (issue, "other") == 0 ? _("Amount in yuan, or a date, or a text")
                                 : _("Amount in yuan"));
}

static void
add_offer_cb (GtkButton       *button,
              TjSessionWindow *self)
{
  const char *issue = tj_session_issues ()[adw_combo_row_get_selected (self->offer_issue)];
  const char *value = gtk_editable_get_text (GTK_EDITABLE (self->offer_value));
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->offer_reason));
  const char *label = gtk_editable_get_text (GTK_EDITABLE (self->offer_label));
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  TjCaseContext ctx;
  gint64 fen;

  json_object_set_string_member (input, "by", sides[adw_combo_row_get_selected (self->offer_side)]);
  json_object_set_string_member (input, "issue", issue);
  if (g_str_equal (issue, "other") && *label)
    json_object_set_string_member (input, "label", label);
  if (g_str_equal (issue, "payment_date"))
    json_object_set_string_member (input, "date", value);
  else if (g_str_equal (issue, "other") && g_regex_match_simple ("^\\d{4}-\\d{2}-\\d{2}$", value, 0, 0))
    json_object_set_string_member (input, "date", value);
  else if (tj_money_parse (value, &fen, g_str_equal (issue, "other") ? NULL : &error))
    json_object_set_int_member (input, "amount_fen", fen);
  else if (g_str_equal (issue, "other"))
    json_object_set_string_member (input, "text", value);
  else
    {
      g_autofree char *msg = g_strdup_printf (_("Amount: %s"), error->message);

      toast (self, msg);
      gtk_widget_add_css_class (GTK_WIDGET (self->offer_value), "error");
      return;
    }
  if (*reason)
    json_object_set_string_member (input, "reason", reason);
  json_object_set_string_member (input, "visibility",
                                 gtk_switch_get_active (self->offer_private) ? "caucus" : "joint");
  tj_application_get_case_context (self->application, &ctx);
  result = tj_session_offer_add (store_of (self), &ctx, session_id (self), input, &error);
  if (result == NULL)
    {
      toast (self, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->offer_value), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->offer_value), "error");
  gtk_editable_set_text (GTK_EDITABLE (self->offer_value), "");
  gtk_editable_set_text (GTK_EDITABLE (self->offer_reason), "");
  gtk_switch_set_active (self->offer_private, FALSE);
  fill_figures (self);
  changed (self);
}

static void
add_offers (TjSessionWindow *self)
{
  GtkWidget *group, *row, *button;
  const char *kind = tj_json_get_string (self->session, "kind", "");
  const char *side = tj_json_get_string (self->session, "party_side", NULL);

  group = group_new (self->content, _("Demands and offers"),
                     _("Each side's figure per round, with the reason given. Figures are shared at the "
                       "joint table unless kept private."));
  self->figures_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->figures_box);
  fill_figures (self);

  if (self->session == NULL || json_object_has_member (self->session, "ended_at"))
    return;
  group = group_new (self->content, _("Record a demand or offer"), NULL);
  self->offer_side = combo_row_new (_("Side"), sides, side_label);
  if (g_strcmp0 (kind, "separate") == 0 && g_strcmp0 (side, "employer") == 0)
    adw_combo_row_set_selected (self->offer_side, 1);
  self->offer_issue = combo_row_new (_("Issue"), tj_session_issues (), tj_session_issue_label);
  self->offer_label = entry_row_new (_("What the issue is"), NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->offer_label), FALSE);
  self->offer_value = entry_row_new (_("Amount in yuan"), NULL);
  gtk_widget_set_name (GTK_WIDGET (self->offer_value), "offer-value");
  self->offer_reason = entry_row_new (_("Reason given"), NULL);
  g_signal_connect (self->offer_issue, "notify::selected", G_CALLBACK (offer_issue_changed_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->offer_side));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->offer_issue));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->offer_label));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->offer_value));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->offer_reason));

  row = wrapped_row_new (_("Keep private (caucus)"),
                         _("A bottom line told in confidence: never shown to the other side or on the parties' screen"));
  self->offer_private = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_name (GTK_WIDGET (self->offer_private), "offer-private");
  gtk_widget_set_valign (GTK_WIDGET (self->offer_private), GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("changes-prevent-symbolic"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->offer_private));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (self->offer_private));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  button = button_new (_("_Record"), "add-offer", "suggested-action");
  gtk_widget_set_margin_top (button, 12);
  g_signal_connect (button, "clicked", G_CALLBACK (add_offer_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), button);
}

/* ------------------------------------------------ positions, interests */

static void
fill_interests (TjSessionWindow *self)
{
  g_autoptr(JsonObject) board = NULL;
  g_autoptr(GError) error = NULL;
  const char *board_sides[] = { "worker", "employer", "unassigned" };
  gboolean any = FALSE;

  clear_box (self->interests_box);
  {
    TjCaseContext ctx;
    g_autoptr(JsonObject) view = NULL;

    tj_application_get_case_context (self->application, &ctx);
    view = tj_session_view (store_of (self), &ctx, self->case_id, NULL, TJ_AUDIENCE_MEDIATOR, &error);
    board = view ? json_object_ref (tj_json_get_object (view, "interests")) : NULL;
  }
  if (board == NULL)
    {
      list_add (self->interests_box, gtk_label_new (error->message));
      return;
    }
  for (guint s = 0; s < G_N_ELEMENTS (board_sides); s++)
    {
      JsonObject *side = tj_json_get_object (board, board_sides[s]);
      const char *kinds[] = { "positions", "interests" };

      for (guint k = 0; side && k < G_N_ELEMENTS (kinds); k++)
        {
          JsonArray *notes = tj_json_get_array (side, kinds[k]);

          for (guint i = 0; notes && i < json_array_get_length (notes); i++)
            {
              JsonObject *note = json_array_get_object_element (notes, i);
              g_autofree char *subtitle = g_strdup_printf ("%s · %s", side_label (board_sides[s]),
                                                           k == 0 ? _("Position: what they say they want")
                                                                  : _("Interest: what they really need"));
              GtkWidget *row = wrapped_row_new (tj_json_get_string (note, "text", ""), subtitle);

              adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                         gtk_image_new_from_icon_name (k == 0 ? "mail-send-symbolic"
                                                                              : "emblem-favorite-symbolic"));
              list_add (self->interests_box, row);
              any = TRUE;
            }
        }
    }
  if (!any)
    {
      GtkWidget *label = gtk_label_new (_("Nothing noted yet. Ask each side what they need, not only what they demand."));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_top (label, 12);
      gtk_widget_set_margin_bottom (label, 12);
      list_add (self->interests_box, label);
    }
}

static void
add_interest_cb (GtkButton       *button,
                 TjSessionWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->interest_text));
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) note = NULL;
  g_autoptr(GError) error = NULL;
  TjCaseContext ctx;

  json_object_set_string_member (input, "text", text);
  json_object_set_string_member (input, "category", categories[adw_combo_row_get_selected (self->interest_category)]);
  json_object_set_string_member (input, "party_side", interest_sides[adw_combo_row_get_selected (self->interest_side)]);
  /* What a side really needs is told in confidence. */
  json_object_set_string_member (input, "visibility", "caucus");
  tj_application_get_case_context (self->application, &ctx);
  note = tj_session_note_add (store_of (self), &ctx, session_id (self), input, &error);
  if (note == NULL)
    {
      toast (self, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->interest_text), "");
  fill_interests (self);
}

static const char *
category_label (const char *category)
{
  return g_strcmp0 (category, "position") == 0 ? _("Position") : _("Interest");
}

static void
add_interests (TjSessionWindow *self)
{
  GtkWidget *group, *list, *button, *lock;
  const char *side = tj_json_get_string (self->session, "party_side", NULL);

  group = group_new (self->content, _("Positions and interests"),
                     _("What each side says it wants, and what it really needs. For the mediator only."));
  lock = gtk_image_new_from_icon_name ("changes-prevent-symbolic");
  gtk_widget_set_tooltip_text (lock, _("Mediator only · caucus"));
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), lock);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  self->interests_box = list;
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  fill_interests (self);

  if (self->session == NULL)
    return;
  group = group_new (self->content, NULL, NULL);
  self->interest_side = combo_row_new (_("Side"), interest_sides, side_label);
  if (g_strcmp0 (side, "employer") == 0)
    adw_combo_row_set_selected (self->interest_side, 1);
  self->interest_category = combo_row_new (_("Kind"), categories, category_label);
  adw_combo_row_set_selected (self->interest_category, 1);
  self->interest_text = entry_row_new (_("What they said or need"), NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->interest_side));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->interest_category));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->interest_text));
  button = button_new (_("_Note It"), "add-interest", NULL);
  gtk_widget_set_margin_top (button, 12);
  g_signal_connect (button, "clicked", G_CALLBACK (add_interest_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), button);
}

/* ------------------------------------------------------------- outcome */

static const char *
outcome_session_id (TjSessionWindow *self,
                    GError         **error)
{
  JsonObject *open = open_session (self);
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) started = NULL;
  TjCaseContext ctx;

  if (open)
    return tj_json_get_string (open, "id", NULL);
  /* The outcome is recorded at a meeting; when every meeting has ended,
   * this is a short joint one. */
  input = json_object_new ();
  json_object_set_string_member (input, "case_id", self->case_id);
  json_object_set_string_member (input, "kind", "joint");
  tj_application_get_case_context (self->application, &ctx);
  started = tj_session_start (store_of (self), &ctx, input, error);
  if (started == NULL)
    return NULL;
  g_clear_pointer (&self->sessions, json_array_unref);
  self->sessions = tj_session_list (store_of (self), self->case_id, NULL);
  open = open_session (self);
  return open ? tj_json_get_string (open, "id", NULL) : NULL;
}

static void
end_with (TjSessionWindow *self,
          const char      *outcome,
          const char      *reason,
          JsonObject      *terms)
{
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *id;
  TjCaseContext ctx;

  if (self->autosave)
    tj_note_autosave_flush (self->autosave, NULL);
  id = outcome_session_id (self, &error);
  if (id == NULL)
    {
      toast (self, error ? error->message : _("No meeting to end"));
      return;
    }
  tj_application_get_case_context (self->application, &ctx);
  result = tj_session_end (store_of (self), &ctx, id, outcome, reason, terms, &error);
  if (result == NULL)
    {
      toast (self, error->message);
      return;
    }
  toast (self, g_str_equal (outcome, "agreed") ? _("Agreement recorded; a settlement draft is on the case")
                                               : _("Recorded: mediation did not reach agreement"));
  changed (self);
  g_free (self->step);
  self->step = g_strdup ("outcome");
  reload (self);
}

static gboolean
parse_money_row (TjSessionWindow *self,
                 AdwEntryRow     *row,
                 gint64          *fen,
                 gboolean        *given)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GError) error = NULL;

  *given = *text != '\0';
  if (!*given)
    return TRUE;
  if (!tj_money_parse (text, fen, &error))
    {
      g_autofree char *msg = g_strdup_printf ("%s: %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                              error->message);
      toast (self, msg);
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  return TRUE;
}

static void
agree_clicked_cb (GtkButton       *button,
                  TjSessionWindow *self)
{
  g_autoptr(JsonObject) terms = json_object_new ();
  JsonArray *workers = json_array_new ();
  JsonArray *installments = json_array_new ();
  JsonArray *texts = json_array_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->agree_terms);
  GtkTextIter start, end;
  g_autofree char *all = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 fen;
  gboolean given;
  guint payer = adw_combo_row_get_selected (self->agree_payer);
  const char *due = gtk_editable_get_text (GTK_EDITABLE (self->agree_due));

  json_object_set_array_member (terms, "workers", workers);
  json_object_set_array_member (terms, "installments", installments);
  json_object_set_array_member (terms, "terms", texts);

  if (!parse_money_row (self, self->agree_total, &fen, &given))
    return;
  if (given)
    json_object_set_int_member (terms, "total_fen", fen);
  for (guint i = 0; i < self->agree_workers->len; i++)
    {
      AdwEntryRow *row = self->agree_workers->pdata[i];
      JsonObject *w;

      if (!parse_money_row (self, row, &fen, &given))
        return;
      if (!given)
        continue;
      w = json_object_new ();
      json_object_set_string_member (w, "worker_id", g_object_get_data (G_OBJECT (row), "worker-id"));
      json_object_set_int_member (w, "amount_fen", fen);
      json_array_add_object_element (workers, w);
    }
  if (json_array_get_length (workers) == 0)
    json_object_remove_member (terms, "workers");
  else
    json_object_remove_member (terms, "total_fen");

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->installments_box)); child;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwEntryRow *date = g_object_get_data (G_OBJECT (child), "date");
      AdwEntryRow *amount = g_object_get_data (G_OBJECT (child), "amount");
      const char *d = gtk_editable_get_text (GTK_EDITABLE (date));
      JsonObject *inst;

      if (!parse_money_row (self, amount, &fen, &given))
        return;
      if (!given && *d == '\0')
        continue;
      inst = json_object_new ();
      json_object_set_string_member (inst, "due_on", d);
      if (given)
        json_object_set_int_member (inst, "amount_fen", fen);
      json_array_add_object_element (installments, inst);
    }
  if (json_array_get_length (installments) == 0)
    {
      json_object_remove_member (terms, "installments");
      if (*due)
        json_object_set_string_member (terms, "due_on", due);
    }

  if (payer < self->payer_ids->len)
    {
      JsonObject *p = json_object_new ();

      json_object_set_string_member (p, "party_id", self->payer_ids->pdata[payer]);
      json_object_set_object_member (terms, "payer", p);
    }
  json_object_set_string_member (terms, "method", methods[adw_combo_row_get_selected (self->agree_method)]);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  all = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  lines = g_strsplit (all, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_strstrip (lines[i]);
      if (*lines[i])
        json_array_add_string_element (texts, lines[i]);
    }
  end_with (self, "agreed", NULL, terms);
}

static void
fail_clicked_cb (GtkButton       *button,
                 TjSessionWindow *self)
{
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->fail_reason));

  if (*reason == '\0')
    {
      toast (self, _("Reason: say why mediation did not reach agreement"));
      gtk_widget_add_css_class (GTK_WIDGET (self->fail_reason), "error");
      return;
    }
  end_with (self, "failed", reason, NULL);
}

static void
add_installment_cb (GtkButton       *button,
                    TjSessionWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *list = gtk_list_box_new ();
  AdwEntryRow *date = entry_row_new (_("Due on (YYYY-MM-DD)"), NULL);
  AdwEntryRow *amount = entry_row_new (_("Amount in yuan"), NULL);
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->installments_box)); c;
       c = gtk_widget_get_next_sibling (c))
    n++;
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_hexpand (list, TRUE);
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (date));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (amount));
  {
    g_autofree char *title = g_strdup_printf (_("Installment %u"), n + 1);
    GtkWidget *label = gtk_label_new (title);

    gtk_widget_add_css_class (label, "heading");
    gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
    gtk_label_set_width_chars (GTK_LABEL (label), 8);
    gtk_box_append (GTK_BOX (box), label);
  }
  gtk_box_append (GTK_BOX (box), list);
  g_object_set_data (G_OBJECT (box), "date", date);
  g_object_set_data (G_OBJECT (box), "amount", amount);
  gtk_box_append (self->installments_box, box);
}

static void
add_party_choice (TjSessionWindow *self,
                  GtkStringList   *labels,
                  JsonObject      *party,
                  const char      *role)
{
  const char *id = party ? tj_json_get_string (party, "id", NULL) : NULL;
  g_autofree char *label = NULL;

  if (id == NULL)
    return;
  /* Translators: a party and its role, e.g. "华建劳务有限公司 (Employer)". */
  label = g_strdup_printf (_("%s (%s)"), tj_json_get_string (party, "name", ""), role);
  gtk_string_list_append (labels, label);
  g_ptr_array_add (self->payer_ids, g_strdup (id));
}

static void
add_agreement_form (TjSessionWindow *self)
{
  GtkWidget *group, *button, *expander, *frame;
  GtkStringList *payers = gtk_string_list_new (NULL);
  JsonArray *workers = tj_json_get_array (self->case_doc, "workers");
  JsonArray *chain = tj_json_get_array (self->case_doc, "chain");

  group = group_new (self->content, _("Agreement reached"),
                     _("Leave an amount empty to take the figure both sides accepted. The agreed terms "
                       "become a settlement draft on the case."));
  self->agree_total = entry_row_new (_("Total in yuan (split over the workers by what each is owed)"), NULL);
  gtk_widget_set_name (GTK_WIDGET (self->agree_total), "agree-total");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->agree_total));

  expander = adw_expander_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _("Or an amount per worker"));
  g_clear_pointer (&self->agree_workers, g_ptr_array_unref);
  self->agree_workers = g_ptr_array_new ();
  for (guint i = 0; workers && i < json_array_get_length (workers); i++)
    {
      JsonObject *w = json_array_get_object_element (workers, i);
      AdwEntryRow *row = entry_row_new (tj_json_get_string (w, "name", ""), NULL);

      g_object_set_data_full (G_OBJECT (row), "worker-id", g_strdup (tj_json_get_string (w, "id", "")), g_free);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), GTK_WIDGET (row));
      g_ptr_array_add (self->agree_workers, row);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), expander);

  g_clear_pointer (&self->payer_ids, g_ptr_array_unref);
  self->payer_ids = g_ptr_array_new_with_free_func (g_free);
  add_party_choice (self, payers, tj_json_get_object (self->case_doc, "employer"), _("Employer"));
  for (guint i = 0; chain && i < json_array_get_length (chain); i++)
    add_party_choice (self, payers, json_array_get_object_element (chain, i), _("Contractor chain"));
  self->agree_payer = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->agree_payer), _("Who pays"));
  adw_combo_row_set_model (self->agree_payer, G_LIST_MODEL (payers));
  /* Company names are long: show the choice in full under the title. */
  adw_combo_row_set_use_subtitle (self->agree_payer, TRUE);
  g_object_unref (payers);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->agree_payer));
  self->agree_method = combo_row_new (_("How"), methods, method_label);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->agree_method));
  self->agree_due = entry_row_new (_("Pay in one sum by (YYYY-MM-DD)"), NULL);
  gtk_widget_set_name (GTK_WIDGET (self->agree_due), "agree-due");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->agree_due));

  group = group_new (self->content, _("Installments"), _("Instead of one sum: each installment with its date and amount."));
  self->installments_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 12));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->installments_box));
  button = gtk_button_new_with_mnemonic (_("_Add Installment"));
  g_signal_connect (button, "clicked", G_CALLBACK (add_installment_cb), self);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), button);

  group = group_new (self->content, _("Other agreed terms"), _("One term per line."));
  frame = gtk_frame_new (NULL);
  self->agree_terms = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (self->agree_terms, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (self->agree_terms, 8);
  gtk_text_view_set_bottom_margin (self->agree_terms, 8);
  gtk_text_view_set_left_margin (self->agree_terms, 8);
  gtk_widget_set_size_request (GTK_WIDGET (self->agree_terms), -1, 80);
  gtk_frame_set_child (GTK_FRAME (frame), GTK_WIDGET (self->agree_terms));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), frame);
  button = button_new (_("Record _Agreement"), "record-agreement", "suggested-action");
  gtk_widget_set_margin_top (button, 12);
  g_signal_connect (button, "clicked", G_CALLBACK (agree_clicked_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), button);

  group = group_new (self->content, _("Not reached"),
                     _("The case moves to failed, and the next steps are shown with their dates."));
  self->fail_reason = entry_row_new (_("Reason"), NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->fail_reason));
  button = button_new (_("Record _No Agreement"), "record-failure", "destructive-action");
  gtk_widget_set_margin_top (button, 12);
  g_signal_connect (button, "clicked", G_CALLBACK (fail_clicked_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), button);
}

static void
add_settlement (TjSessionWindow *self)
{
  g_autoptr(JsonObject) settlement = NULL;
  g_autoptr(GError) error = NULL;
  TjCaseContext ctx;
  GtkWidget *group, *row, *button;
  JsonArray *installments, *terms;
  g_autofree char *total = NULL;
  g_autofree char *status_text = NULL;
  JsonObject *payer;

  tj_application_get_case_context (self->application, &ctx);
  settlement = tj_settlement_get (store_of (self), &ctx, self->case_id, &error);
  if (settlement == NULL)
    {
      group = group_new (self->content, _("Settlement"), error->message);
      return;
    }
  total = tj_money_format (tj_json_get_int (settlement, "total_fen", 0));
  status_text = g_strdup_printf (_("Case status: %s · settlement %s"),
                                 tj_case_status_label (tj_json_get_string (self->case_doc, "status", "")),
                                 g_strcmp0 (tj_json_get_string (settlement, "status", ""), "draft") == 0
                                 ? _("draft, ready for the agreement document") : _("agreed"));
  group = group_new (self->content, _("Settlement"), status_text);
  button = gtk_button_new_with_mnemonic (_("Open _Case"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.show-case");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", self->case_id);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), button);

  row = wrapped_row_new (_("Total"), NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_label_new (total));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  payer = tj_json_get_object (settlement, "payer");
  if (payer)
    {
      row = wrapped_row_new (_("Who pays"), NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_label_new (tj_json_get_string (payer, "name", "")));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  row = wrapped_row_new (_("How"), NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_label_new (method_label (tj_json_get_string (settlement, "method", ""))));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  installments = tj_json_get_array (settlement, "installments");
  for (guint i = 0; installments && i < json_array_get_length (installments); i++)
    {
      JsonObject *inst = json_array_get_object_element (installments, i);
      g_autofree char *date = tj_ui_format_date (tj_json_get_string (inst, "due_on", ""));
      g_autofree char *amount = tj_money_format (tj_json_get_int (inst, "amount_fen", 0));
      g_autofree char *title = g_strdup_printf (_("Installment %u"), i + 1);
      g_autofree char *subtitle = g_strdup_printf (_("Due %s"), date);

      row = wrapped_row_new (title, subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_label_new (amount));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  terms = tj_json_get_array (settlement, "terms");
  for (guint i = 0; terms && i < json_array_get_length (terms); i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               wrapped_row_new (json_array_get_string_element (terms, i), NULL));
}

static void
add_next_steps (TjSessionWindow *self)
{
  g_autoptr(JsonArray) steps = NULL;
  g_autoptr(GError) error = NULL;
  TjCaseContext ctx;
  GtkWidget *group;

  tj_application_get_case_context (self->application, &ctx);
  steps = tj_session_next_steps (store_of (self), &ctx, self->case_id, &error);
  group = group_new (self->content, _("Next steps for the worker"),
                     steps ? _("Mediation did not reach agreement. Tell the worker what can be done, and by when.")
                           : error->message);
  for (guint i = 0; steps && i < json_array_get_length (steps); i++)
    {
      JsonObject *s = json_array_get_object_element (steps, i);
      g_autofree char *subtitle = g_strdup_printf ("%s\n%s", tj_json_get_string (s, "text", ""),
                                                   tj_json_get_string (s, "basis", ""));
      GtkWidget *row = wrapped_row_new (tj_json_get_string (s, "title", ""), subtitle);

      /* The date is what the worker must not miss: beside the step. */
      if (json_object_has_member (s, "by"))
        {
          g_autofree char *date = tj_ui_format_date (tj_json_get_string (s, "by", ""));
          g_autofree char *by = g_strdup_printf (_("By %s"), date);
          GtkWidget *label = gtk_label_new (by);

          gtk_widget_add_css_class (label, "heading");
          gtk_widget_add_css_class (label, "warning");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
}

static void
add_outcome (TjSessionWindow *self)
{
  const char *status = tj_json_get_string (self->case_doc, "status", "");

  if (g_str_equal (status, "agreed") || g_str_equal (status, "performing") || g_str_equal (status, "closed"))
    add_settlement (self);
  else if (g_str_equal (status, "failed"))
    add_next_steps (self);
  else if (g_str_equal (status, "mediating"))
    add_agreement_form (self);
  else
    group_new (self->content, _("Outcome"),
               _("Start a meeting first: only a case under mediation can end in agreement or failure."));
}

/* ------------------------------------------------------------ content */

static void
rebuild (TjSessionWindow *self)
{
  g_autoptr(JsonObject) guidance = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *doc;
  TjCaseContext ctx;

  set_autosave (self, NULL);
  self->note_status = NULL;
  self->figures_box = NULL;
  self->interests_box = NULL;
  self->offer_side = NULL;
  self->start_kind = NULL;
  clear_box (GTK_WIDGET (self->content));
  clear_box (GTK_WIDGET (self->aside));
  g_clear_pointer (&self->session, json_object_unref);

  doc = g_str_equal (self->step, "preparation") || g_str_equal (self->step, "outcome")
    ? NULL : session_for_step (self, self->step);
  tj_application_get_case_context (self->application, &ctx);
  if (doc)
    {
      self->session = tj_session_show (store_of (self), &ctx, tj_json_get_string (doc, "id", ""), &error);
      if (self->session == NULL)
        {
          toast (self, error->message);
          g_clear_error (&error);
        }
    }

  guidance = self->session ? json_object_ref (tj_json_get_object (self->session, "guidance"))
                           : tj_session_guidance (store_of (self), &ctx, self->case_id, self->step, NULL, &error);
  if (guidance)
    add_guidance (self, guidance);
  else if (error)
    toast (self, error->message);

  if (g_str_equal (self->step, "preparation"))
    {
      add_sessions_overview (self);
      add_start_form (self, "schedule");
    }
  else if (g_str_equal (self->step, "outcome"))
    add_outcome (self);
  else if (self->session == NULL)
    add_start_form (self, g_str_equal (self->step, "separate_worker") ? "worker"
                          : g_str_equal (self->step, "separate_employer") ? "employer" : self->step);
  else
    {
      add_session (self);
      if (is_collective (self->case_doc))
        add_attendance (self);
      add_notes (self);
      if (g_str_equal (self->step, "joint"))
        add_shared_notes (self);
      add_offers (self);
      add_interests (self);
      if (g_str_equal (self->step, "shuttle") && json_object_has_member (self->session, "ended_at"))
        add_start_form (self, "shuttle");
    }
  update_timer (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->content_scroll), 0);
}

static GtkWidget *
step_row_new (JsonObject *row)
{
  GtkWidget *list_row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (tj_json_get_string (row, "label", ""));
  gboolean done = tj_json_get_bool (row, "done", FALSE);
  gboolean current = tj_json_get_bool (row, "current", FALSE);
  gint64 count = tj_json_get_int (row, "sessions", 0);
  const char *icon = current ? "media-record-symbolic" : done ? "emblem-ok-symbolic" : "radio-symbolic";
  GtkWidget *image = gtk_image_new_from_icon_name (icon);
  g_autofree char *sub = NULL;

  if (tj_json_get_bool (row, "suggested", FALSE))
    sub = g_strdup (_("Suggested next"));
  else if (current)
    sub = g_strdup (_("In progress"));
  else if (count > 0)
    sub = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d meeting", "%d meetings", (gulong) count), (int) count);

  if (done || current)
    gtk_widget_add_css_class (image, current ? "accent" : "success");
  else
    gtk_widget_add_css_class (image, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (texts), label);
  if (sub)
    {
      GtkWidget *small = gtk_label_new (sub);

      gtk_label_set_xalign (GTK_LABEL (small), 0);
      gtk_widget_add_css_class (small, "caption");
      gtk_widget_add_css_class (small, tj_json_get_bool (row, "suggested", FALSE) ? "accent" : "dim-label");
      gtk_box_append (GTK_BOX (texts), small);
    }
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (list_row), box);
  g_object_set_data_full (G_OBJECT (list_row), "step", g_strdup (tj_json_get_string (row, "step", "")), g_free);
  return list_row;
}

static void
step_selected_cb (GtkListBox      *list,
                  GtkListBoxRow   *row,
                  TjSessionWindow *self)
{
  const char *step;

  if (row == NULL || self->filling)
    return;
  step = g_object_get_data (G_OBJECT (row), "step");
  g_free (self->step);
  self->step = g_strdup (step);
  rebuild (self);
}

/* Reads the case, its sessions and the flow again and shows the step. */
static void
reload (TjSessionWindow *self)
{
  g_autoptr(JsonArray) flow = NULL;
  g_autoptr(GError) error = NULL;
  TjCaseContext ctx;
  GtkListBoxRow *select = NULL;
  GtkWidget *child;

  tj_application_get_case_context (self->application, &ctx);
  g_clear_pointer (&self->case_doc, json_object_unref);
  self->case_doc = tj_case_show (store_of (self), &ctx, self->case_id, &error);
  if (self->case_doc == NULL)
    {
      toast (self, error->message);
      self->case_doc = json_object_new ();
      g_clear_error (&error);
    }
  else
    {
      g_autofree char *title = g_strdup_printf (_("Mediation · %s"), tj_json_get_string (self->case_doc, "number", ""));

      adw_window_title_set_title (self->window_title, title);
      adw_window_title_set_subtitle (self->window_title, tj_json_get_string (self->case_doc, "title", ""));
    }
  g_clear_pointer (&self->sessions, json_array_unref);
  self->sessions = tj_session_list (store_of (self), self->case_id, &error);
  if (self->sessions == NULL)
    {
      toast (self, error->message);
      self->sessions = json_array_new ();
      g_clear_error (&error);
    }
  flow = tj_session_flow (store_of (self), self->case_id, &error);
  if (flow == NULL)
    {
      toast (self, error->message);
      flow = json_array_new ();
    }

  if (self->step == NULL)
    {
      /* Open at the meeting in progress, else at the suggested step. */
      for (guint i = 0; i < json_array_get_length (flow) && self->step == NULL; i++)
        if (tj_json_get_bool (json_array_get_object_element (flow, i), "current", FALSE))
          self->step = g_strdup (tj_json_get_string (json_array_get_object_element (flow, i), "step", NULL));
      for (guint i = 0; i < json_array_get_length (flow) && self->step == NULL; i++)
        if (tj_json_get_bool (json_array_get_object_element (flow, i), "suggested", FALSE))
          self->step = g_strdup (tj_json_get_string (json_array_get_object_element (flow, i), "step", NULL));
      if (self->step == NULL)
        self->step = g_strdup ("preparation");
    }

  self->filling = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->steps_list))))
    gtk_list_box_remove (self->steps_list, child);
  for (guint i = 0; i < json_array_get_length (flow); i++)
    {
      JsonObject *row = json_array_get_object_element (flow, i);
      GtkWidget *list_row = step_row_new (row);

      gtk_list_box_append (self->steps_list, list_row);
      if (g_strcmp0 (tj_json_get_string (row, "step", ""), self->step) == 0)
        select = GTK_LIST_BOX_ROW (list_row);
    }
  gtk_list_box_select_row (self->steps_list, select);
  self->filling = FALSE;
  rebuild (self);
}

/* ------------------------------------------------------------ actions */

static void
present_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TjSessionWindow *self = TJ_SESSION_WINDOW (widget);

  if (self->presentation == NULL)
    {
      self->presentation = tj_presentation_window_new (self->application, self->case_id);
      g_object_add_weak_pointer (G_OBJECT (self->presentation), (gpointer *) &self->presentation);
    }
  else
    tj_presentation_window_reload (self->presentation);
  gtk_window_present (GTK_WINDOW (self->presentation));
}

static gboolean
close_request_cb (GtkWindow *window,
                  gpointer   user_data)
{
  TjSessionWindow *self = TJ_SESSION_WINDOW (window);
  g_autoptr(GError) error = NULL;

  /* Nothing typed may be lost by closing. */
  if (self->autosave && !tj_note_autosave_flush (self->autosave, &error))
    g_warning ("Could not save the note: %s", error->message);
  if (self->presentation)
    gtk_window_destroy (GTK_WINDOW (self->presentation));
  return FALSE;
}

/* ------------------------------------------------------------ GObject */

static void
tj_session_window_dispose (GObject *object)
{
  TjSessionWindow *self = TJ_SESSION_WINDOW (object);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  if (self->last_toast)
    g_object_remove_weak_pointer (G_OBJECT (self->last_toast), (gpointer *) &self->last_toast);
  self->last_toast = NULL;
  set_autosave (self, NULL);
  if (self->presentation)
    g_object_remove_weak_pointer (G_OBJECT (self->presentation), (gpointer *) &self->presentation);
  self->presentation = NULL;
  G_OBJECT_CLASS (tj_session_window_parent_class)->dispose (object);
}

static void
tj_session_window_finalize (GObject *object)
{
  TjSessionWindow *self = TJ_SESSION_WINDOW (object);

  g_clear_object (&self->application);
  g_free (self->case_id);
  g_free (self->step);
  g_free (self->note_id);
  g_clear_pointer (&self->case_doc, json_object_unref);
  g_clear_pointer (&self->sessions, json_array_unref);
  g_clear_pointer (&self->session, json_object_unref);
  g_clear_pointer (&self->agree_workers, g_ptr_array_unref);
  g_clear_pointer (&self->payer_ids, g_ptr_array_unref);
  G_OBJECT_CLASS (tj_session_window_parent_class)->finalize (object);
}

static void
tj_session_window_class_init (TjSessionWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_session_window_dispose;
  object_class->finalize = tj_session_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-session-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TjSessionWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TjSessionWindow, timer_label);
  gtk_widget_class_bind_template_child (widget_class, TjSessionWindow, timer_button);
  gtk_widget_class_bind_template_child (widget_class, TjSessionWindow, steps_list);
  gtk_widget_class_bind_template_child (widget_class, TjSessionWindow, content);
  gtk_widget_class_bind_template_child (widget_class, TjSessionWindow, aside);
  gtk_widget_class_bind_template_child (widget_class, TjSessionWindow, content_scroll);
  gtk_widget_class_bind_template_child (widget_class, TjSessionWindow, toast_overlay);
  gtk_widget_class_bind_template_callback (widget_class, step_selected_cb);

  gtk_widget_class_install_action (widget_class, "session.present", NULL, present_activated);
  gtk_widget_class_install_action (widget_class, "session.timer", NULL, timer_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "session.present", NULL);
}

static void
tj_session_window_init (TjSessionWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);
  self->tick_source = g_timeout_add_seconds (1, tick_cb, self);
}

TjSessionWindow *
tj_session_window_new (TjApplication *application,
                       const char    *case_id)
{
  TjSessionWindow *self;

  g_return_val_if_fail (TJ_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  g_return_val_if_fail (tj_application_get_store (application) != NULL, NULL);

  self = g_object_new (TJ_TYPE_SESSION_WINDOW, "application", application, NULL);
  self->application = g_object_ref (application);
  self->case_id = g_strdup (case_id);
  reload (self);
  return self;
}

const char *
tj_session_window_get_case_id (TjSessionWindow *self)
{
  g_return_val_if_fail (TJ_IS_SESSION_WINDOW (self), NULL);
  return self->case_id;
}

const char *
tj_session_window_get_step (TjSessionWindow *self)
{
  g_return_val_if_fail (TJ_IS_SESSION_WINDOW (self), NULL);
  return self->step;
}

JsonObject *
tj_session_window_get_session (TjSessionWindow *self)
{
  g_return_val_if_fail (TJ_IS_SESSION_WINDOW (self), NULL);
  return self->session;
}

void
tj_session_window_select_step (TjSessionWindow *self,
                               const char      *step)
{
  g_return_if_fail (TJ_IS_SESSION_WINDOW (self));
  g_return_if_fail (step != NULL);

  g_free (self->step);
  self->step = g_strdup (step);
  reload (self);
}

TjSessionWindow *
tj_session_window_open (TjApplication *application,
                        const char    *case_id)
{
  TjSessionWindow *window = NULL;

  g_return_val_if_fail (TJ_IS_APPLICATION (application), NULL);

  if (tj_application_get_store (application) == NULL)
    return NULL;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (application)); l; l = l->next)
    if (TJ_IS_SESSION_WINDOW (l->data) &&
        g_strcmp0 (TJ_SESSION_WINDOW (l->data)->case_id, case_id) == 0)
      window = l->data;
  if (window == NULL)
    window = tj_session_window_new (application, case_id);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}
