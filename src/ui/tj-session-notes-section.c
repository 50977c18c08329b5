/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-json.h"
#include "tj-note-autosave.h"
#include "tj-list-frame.h"
#include "tj-session-notes-section.h"

struct _TjSessionNotesSection
{
  TjSessionSection      parent_instance;

  GtkImage             *mark_icon;
  GtkLabel             *mark;
  GtkLabel             *status;
  GtkWidget            *frame;
  GtkTextView          *view;
  GtkWidget            *hidden_label;
  GtkWidget            *release_button;
  GtkWidget            *shared_group;
  GtkWidget            *interests_group;
  AdwComboRow          *interest_side;
  AdwComboRow          *interest_kind;
  AdwEntryRow          *interest_text;

  GBinding            *bindings[2];
  TjNoteAutosave       *autosave;
  char                 *note_id;
  char                 *meeting_id;
  char                 *note_side;   /* the side whose caucus the note is from */
  gboolean              filling;
  gboolean              creating;  /* the first keystroke is making the note */
};

G_DEFINE_FINAL_TYPE (TjSessionNotesSection, tj_session_notes_section, TJ_TYPE_SESSION_SECTION)

static const char * const sides[] = { "worker", "employer", NULL };
static const char * const categories[] = { "position", "interest", NULL };

/* ------------------------------------------------------------ autosave */

static void
saved_cb (TjNoteAutosave        *autosave,
          TjSessionNotesSection *self)
{
  gtk_label_set_text (self->status, _("Saved"));
}

static void
failed_cb (TjNoteAutosave        *autosave,
           GError                *error,
           TjSessionNotesSection *self)
{
  gtk_label_set_text (self->status, _("Not saved yet — will try again"));
  tj_session_section_toast (self, error->message);
}

gboolean
tj_session_notes_section_flush (TjSessionNotesSection  *self,
                                GError                **error)
{
  g_return_val_if_fail (TJ_IS_SESSION_NOTES_SECTION (self), FALSE);

  return self->autosave == NULL || tj_note_autosave_flush (self->autosave, error);
}

static void
set_autosave (TjSessionNotesSection *self,
              const char            *note_id)
{
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));

  if (self->autosave)
    {
      g_autoptr(GError) error = NULL;
      if (!tj_note_autosave_flush (self->autosave, &error))
        g_warning ("Could not save the note: %s", error->message);
      g_signal_handlers_disconnect_by_data (self->autosave, self);
      g_clear_object (&self->autosave);
    }
  g_free (self->note_id);
  self->note_id = g_strdup (note_id);
  if (note_id == NULL || model == NULL)
    return;
  /* Written on the repository's worker, in order with the model's
   * writes (a release asked after a flush finds the last words). */
  self->autosave = tj_note_autosave_new_on_worker (tj_session_model_get_repository (model), note_id, 0);
  g_signal_connect (self->autosave, "saved", G_CALLBACK (saved_cb), self);
  g_signal_connect (self->autosave, "failed", G_CALLBACK (failed_cb), self);
}

static char *
buffer_text (TjSessionNotesSection *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
note_created_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TjSessionCall) call = user_data;
  TjSessionNotesSection *self = call->section;
  g_autoptr(JsonObject) note = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  self->creating = FALSE;
  note = tj_session_model_add_note_finish (TJ_SESSION_MODEL (source), result, &error);
  if (note == NULL)
    {
      /* The text stays in the view; the next keystroke tries again. */
      gtk_label_set_text (self->status, _("Not saved yet — will try again"));
      tj_session_section_toast_error (self, _("The note was not saved: %s"), error);
      return;
    }
  /* Shown by the model's read by now (refresh_note() took it), unless
   * another meeting is shown meanwhile. */
  if (self->note_id == NULL && g_strcmp0 (self->meeting_id, tj_json_get_string (note, "session_id", NULL)) == 0)
    set_autosave (self, tj_json_get_string (note, "id", NULL));
  if (self->autosave == NULL || g_strcmp0 (self->note_id, tj_json_get_string (note, "id", NULL)) != 0)
    return;
  /* What was typed while the note was being made. */
  text = buffer_text (self);
  if (g_strcmp0 (text, tj_json_get_string (note, "text", NULL)) != 0)
    {
      gtk_label_set_text (self->status, _("Saving…"));
      tj_note_autosave_set_text (self->autosave, text);
    }
  else
    gtk_label_set_text (self->status, _("Saved"));
}

static void
buffer_changed_cb (GtkTextBuffer         *buffer,
                   TjSessionNotesSection *self)
{
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));
  g_autofree char *text = NULL;

  if (self->filling || model == NULL)
    return;
  text = buffer_text (self);
  if (self->note_id == NULL)
    {
      g_autoptr(JsonObject) input = json_object_new ();

      /* Typed while the note is being made: written once it is there. */
      if (self->creating)
        return;
      /* The first keystroke creates the note; later ones only rewrite it. */
      json_object_set_string_member (input, "text", text);
      json_object_set_string_member (input, "category", "note");
      self->creating = TRUE;
      gtk_label_set_text (self->status, _("Saving…"));
      tj_session_model_add_note_async (model, input, NULL, note_created_cb, tj_session_call_new (self, NULL, FALSE));
      return;
    }
  gtk_label_set_text (self->status, _("Saving…"));
  tj_note_autosave_set_text (self->autosave, text);
}

/* ------------------------------------------------------------- release */

static void
released_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TjSessionCall) call = user_data;
  g_autoptr(GError) error = NULL;

  if (!tj_session_model_release_note_finish (TJ_SESSION_MODEL (source), result, &error))
    {
      tj_session_section_toast_error (call->section, _("The note was not released: %s"), error);
      return;
    }
  tj_session_section_toast (call->section, _("Released to the joint session; the consent is recorded in the timeline"));
}

static void
release_response_cb (AdwMessageDialog      *dialog,
                     const char            *response,
                     TjSessionNotesSection *self)
{
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));

  if (!g_strv_contains (sides, response) || self->note_id == NULL)
    return;
  /* The last words first: the worker writes in the order asked. */
  tj_session_notes_section_flush (self, NULL);
  tj_session_model_release_note_async (model, self->note_id, response, NULL, released_cb,
                                       tj_session_call_new (self, self->release_button, TRUE));
}

static void
release_clicked_cb (GtkButton             *button,
                    TjSessionNotesSection *self)
{
  GtkWidget *dialog;
  const char *side = self->note_side ? self->note_side : "worker";

  if (self->note_id == NULL)
    {
      tj_session_section_toast (self, _("Write the note first"));
      return;
    }
  /* Only the side whose caucus the note came from can consent: that is
   * the side offered. */
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Release This Note to the Parties?"),
                                   g_str_equal (side, "employer")
                                     ? _("Only with the consent of the employer side, whose separate meeting it comes "
                                         "from. The release and the consent are recorded in the case timeline, and "
                                         "the note can no longer be changed.")
                                     : _("Only with the consent of the worker side, whose separate meeting it comes "
                                         "from. The release and the consent are recorded in the case timeline, and "
                                         "the note can no longer be changed."));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), side,
                                   g_str_equal (side, "employer") ? _("The _Employer Side Consents")
                                                                  : _("The _Worker Side Consents"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), side, ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (release_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---------------------------------------------------------------- note */

static void
refresh_note (TjSessionNotesSection *self)
{
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));
  JsonObject *session = model ? tj_session_model_get_session (model) : NULL;
  GListModel *notes = model ? tj_session_model_get_list (model, "main-note") : NULL;
  g_autoptr(TjSessionItem) note = notes ? g_list_model_get_item (notes, 0) : NULL;
  gboolean hiding = FALSE;
  const char *meeting = session ? tj_json_get_string (session, "id", NULL) : NULL;
  gboolean caucus = session && g_strcmp0 (tj_json_get_string (session, "kind", ""), "separate") == 0;
  gboolean released = note && tj_session_item_get_flag (note);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->view);

  if (session == NULL)
    return;
  g_object_get (model, "hiding-private", &hiding, NULL);
  if (note)
    caucus = g_strcmp0 (tj_session_item_get_kind (note), "caucus") == 0;
  /* A caucus seen by the table: its note is not there to show or add to. */
  hiding = hiding && caucus && !released;
  gtk_widget_set_visible (self->frame, !hiding);
  gtk_widget_set_visible (self->hidden_label, hiding);
  gtk_widget_set_visible (self->release_button, caucus && !released && !hiding);
  gtk_text_view_set_editable (self->view, !released && !hiding);

  g_free (self->note_side);
  self->note_side = g_strdup (note && tj_session_item_get_side (note) ? tj_session_item_get_side (note)
                                                                     : tj_json_get_string (session, "party_side", NULL));
  gtk_widget_set_visible (GTK_WIDGET (self->mark_icon), TRUE);
  if (caucus && !released)
    {
      gtk_image_set_from_icon_name (self->mark_icon, "changes-prevent-symbolic");
      gtk_label_set_text (self->mark, _("Mediator only · caucus"));
      gtk_widget_add_css_class (GTK_WIDGET (self->mark), "warning");
    }
  else
    {
      gtk_image_set_from_icon_name (self->mark_icon, "system-users-symbolic");
      gtk_label_set_text (self->mark, released ? _("Released to the joint session with consent")
                                               : _("Joint session · both sides may hear this"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->mark), "warning");
    }

  /* The note being created from the first keystroke is already in the
   * buffer (which is still announcing that keystroke). */
  if (self->creating && note)
    {
      set_autosave (self, tj_session_item_get_id (note));
      g_free (self->meeting_id);
      self->meeting_id = g_strdup (meeting);
      return;
    }
  /* The text is set when another note (or meeting) is shown, never under
   * the mediator's typing. */
  if (g_strcmp0 (self->meeting_id, meeting) != 0 ||
      g_strcmp0 (self->note_id, note ? tj_session_item_get_id (note) : NULL) != 0)
    {
      /* A note gone from the model (the table's view of a caucus) leaves
       * nothing of its text behind, hidden or not. */
      gboolean other_meeting = g_strcmp0 (self->meeting_id, meeting) != 0 || self->note_id != NULL;
      if (note || other_meeting)
        {
          set_autosave (self, note ? tj_session_item_get_id (note) : NULL);
          self->filling = TRUE;
          gtk_text_buffer_set_text (buffer, note ? tj_session_item_get_title (note) : "", -1);
          self->filling = FALSE;
          gtk_label_set_text (self->status, note ? _("Saved") : _("Saved automatically as you type"));
        }
      g_free (self->meeting_id);
      self->meeting_id = g_strdup (meeting);
    }
}

/* ----------------------------------------------------------- interests */

static void
interest_added_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TjSessionCall) call = user_data;
  TjSessionNotesSection *self = call->section;
  g_autoptr(JsonObject) note = NULL;
  g_autoptr(GError) error = NULL;

  note = tj_session_model_add_note_finish (TJ_SESSION_MODEL (source), result, &error);
  if (note == NULL)
    {
      tj_session_section_toast_error (self, _("It was not added to the board: %s"), error);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->interest_text), "");
}

static void
add_interest_cb (GtkButton             *button,
                 TjSessionNotesSection *self)
{
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));
  g_autoptr(JsonObject) input = json_object_new ();

  json_object_set_string_member (input, "text", gtk_editable_get_text (GTK_EDITABLE (self->interest_text)));
  json_object_set_string_member (input, "category", categories[adw_combo_row_get_selected (self->interest_kind)]);
  json_object_set_string_member (input, "party_side", sides[adw_combo_row_get_selected (self->interest_side)]);
  /* What a side really needs is told in confidence. */
  json_object_set_string_member (input, "visibility", "caucus");
  tj_session_model_add_note_async (model, input, NULL, interest_added_cb,
                                   tj_session_call_new (self, button, TRUE));
}

/* Rows (closures of the lists' factories in tj-session-notes-section.ui) */

static char *
note_icon (gpointer    unused,
           const char *kind,
           gboolean    released)
{
  return g_strdup (g_strcmp0 (kind, "position") == 0 ? "mail-send-symbolic"
                   : g_strcmp0 (kind, "interest") == 0 ? "emblem-favorite-symbolic"
                   : released ? "changes-allow-symbolic" : "system-users-symbolic");
}

static void
refresh_groups (TjSessionNotesSection *self)
{
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));
  const char *step = model ? tj_session_model_get_step (model) : NULL;
  JsonObject *session = model ? tj_session_model_get_session (model) : NULL;
  gboolean hiding = TRUE;

  if (model)
    g_object_get (model, "hiding-private", &hiding, NULL);
  gtk_widget_set_visible (self->shared_group, g_strcmp0 (step, "joint") == 0);
  gtk_widget_set_visible (self->interests_group, !hiding);
  if (session && g_strcmp0 (tj_json_get_string (session, "party_side", NULL), "employer") == 0)
    adw_combo_row_set_selected (self->interest_side, 1);
  else
    adw_combo_row_set_selected (self->interest_side, 0);
  refresh_note (self);
}

static void
tj_session_notes_section_model_changed (TjSessionSection *section,
                                        TjSessionModel   *old)
{
  TjSessionNotesSection *self = TJ_SESSION_NOTES_SECTION (section);
  TjSessionModel *model = tj_session_section_get_model (section);

  if (old)
    g_signal_handlers_disconnect_by_data (tj_session_model_get_list (old, "main-note"), self);
  set_autosave (self, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (self->bindings); i++)
    g_clear_pointer (&self->bindings[i], g_binding_unbind);
  if (model)
    self->bindings[0] = g_object_bind_property (model, "has-session", self, "visible", G_BINDING_SYNC_CREATE);
  if (model)
    {
      g_signal_connect_swapped (model, "notify::session", G_CALLBACK (refresh_groups), self);
      g_signal_connect_swapped (model, "notify::hiding-private", G_CALLBACK (refresh_groups), self);
      g_signal_connect_swapped (model, "notify::step", G_CALLBACK (refresh_groups), self);
      g_signal_connect_swapped (tj_session_model_get_list (model, "main-note"), "items-changed",
                                G_CALLBACK (refresh_note), self);
    }
  refresh_groups (self);
}

static void
tj_session_notes_section_dispose (GObject *object)
{
  TjSessionNotesSection *self = TJ_SESSION_NOTES_SECTION (object);
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));

  /* Nothing typed may be lost by closing. */
  set_autosave (self, NULL);
  /* The model's own handlers go with the model (TjSessionSection). */
  if (model)
    g_signal_handlers_disconnect_by_data (tj_session_model_get_list (model, "main-note"), self);
  G_OBJECT_CLASS (tj_session_notes_section_parent_class)->dispose (object);
}

static void
tj_session_notes_section_finalize (GObject *object)
{
  TjSessionNotesSection *self = TJ_SESSION_NOTES_SECTION (object);

  g_free (self->note_id);
  g_free (self->meeting_id);
  g_free (self->note_side);
  G_OBJECT_CLASS (tj_session_notes_section_parent_class)->finalize (object);
}

static void
tj_session_notes_section_class_init (TjSessionNotesSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  TjSessionSectionClass *section_class = TJ_SESSION_SECTION_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_session_notes_section_dispose;
  section_class->model_changed = tj_session_notes_section_model_changed;
  object_class->finalize = tj_session_notes_section_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-session-notes-section.ui");
  gtk_widget_class_bind_template_child (widget_class, TjSessionNotesSection, mark_icon);
  gtk_widget_class_bind_template_child (widget_class, TjSessionNotesSection, mark);
  gtk_widget_class_bind_template_child (widget_class, TjSessionNotesSection, status);
  gtk_widget_class_bind_template_child (widget_class, TjSessionNotesSection, frame);
  gtk_widget_class_bind_template_child (widget_class, TjSessionNotesSection, view);
  gtk_widget_class_bind_template_child (widget_class, TjSessionNotesSection, hidden_label);
  gtk_widget_class_bind_template_child (widget_class, TjSessionNotesSection, release_button);
  gtk_widget_class_bind_template_child (widget_class, TjSessionNotesSection, shared_group);
  gtk_widget_class_bind_template_child (widget_class, TjSessionNotesSection, interests_group);
  gtk_widget_class_bind_template_child (widget_class, TjSessionNotesSection, interest_side);
  gtk_widget_class_bind_template_child (widget_class, TjSessionNotesSection, interest_kind);
  gtk_widget_class_bind_template_child (widget_class, TjSessionNotesSection, interest_text);
  gtk_widget_class_bind_template_callback (widget_class, note_icon);
  tj_session_section_class_bind_row_closures (widget_class);
  gtk_widget_class_bind_template_callback (widget_class, release_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_interest_cb);
}

static void
tj_session_notes_section_init (TjSessionNotesSection *self)
{
  g_autoptr(GtkStringList) side_names = gtk_string_list_new ((const char *[]) { _("Worker side"), _("Employer side"), NULL });
  g_autoptr(GtkStringList) kind_names = gtk_string_list_new ((const char *[]) { _("Position"), _("Interest"), NULL });

  g_type_ensure (TJ_TYPE_SESSION_MODEL);
  g_type_ensure (TJ_TYPE_SESSION_ITEM);
  g_type_ensure (TJ_TYPE_LIST_FRAME);
  gtk_widget_init_template (GTK_WIDGET (self));
  adw_combo_row_set_model (self->interest_side, G_LIST_MODEL (side_names));
  adw_combo_row_set_model (self->interest_kind, G_LIST_MODEL (kind_names));
  adw_combo_row_set_selected (self->interest_kind, 1);
  g_signal_connect (gtk_text_view_get_buffer (self->view), "changed", G_CALLBACK (buffer_changed_cb), self);
}
