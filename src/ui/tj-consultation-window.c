/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>
#include <string.h>

#include "tj-consultation-window.h"
#include "tj-consultation.h"
#include "tj-error.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-ui-work.h"
#include "tj-validate.h"

/* The evening clinic has a queue and two hours: the form asks only what a
 * volunteer hears in two minutes, every field but the name and the problem
 * may stay empty, and Enter in any field saves. What core refuses is
 * shown on the field it concerns; nothing is written then. */

struct _TjConsultationWindow
{
  AdwWindow         parent_instance;

  AdwToastOverlay  *toast_overlay;
  GtkWidget        *save_button;
  GtkWidget        *convert_button;
  AdwEntryRow      *name_row;
  AdwEntryRow      *phone_row;
  GtkSwitch        *migrant_switch;
  AdwEntryRow      *employer_row;
  AdwActionRow     *related_row;
  AdwComboRow      *kind_row;
  AdwEntryRow      *problem_row;
  AdwEntryRow      *owed_row;
  AdwComboRow      *channel_row;
  AdwEntryRow      *advice_row;
  AdwEntryRow      *next_step_row;
  AdwEntryRow      *referral_row;

  TjApplication    *application; /* weak */
  guint             related_id;
  GCancellable     *related_cancellable;
  gboolean          saving;      /* the consultation is being written on the worker */
};

G_DEFINE_FINAL_TYPE (TjConsultationWindow, tj_consultation_window, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* In the order of the combo rows. */
static const char * const kinds[] = {
  "wage_arrears", "compensation", "termination", "overtime", "social_insurance", "work_injury", "other",
};
static const char * const channels[] = { "night_clinic", "hotline", "walk_in", "station" };

static char *
text_of (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
clear_errors (TjConsultationWindow *self)
{
  AdwEntryRow *rows[] = {
    self->name_row, self->phone_row, self->employer_row, self->problem_row, self->owed_row,
    self->advice_row, self->next_step_row, self->referral_row,
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (rows[i]), "error");
}

/* Marks @row, puts the cursor there and says why. */
static void
refuse (TjConsultationWindow *self,
        AdwEntryRow          *row,
        const char           *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  if (row)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (row));
    }
}

/* Core names the field of a refused value ("worker.phone: …"). */
static AdwEntryRow *
row_for_field (TjConsultationWindow *self,
               const char           *message)
{
  static const struct { const char *prefix; gsize offset; } fields[] = {
    { "worker.name", G_STRUCT_OFFSET (TjConsultationWindow, name_row) },
    { "worker.phone", G_STRUCT_OFFSET (TjConsultationWindow, phone_row) },
    { "problem", G_STRUCT_OFFSET (TjConsultationWindow, problem_row) },
    { "owed_fen", G_STRUCT_OFFSET (TjConsultationWindow, owed_row) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_has_prefix (message, fields[i].prefix))
      return G_STRUCT_MEMBER (AdwEntryRow *, self, fields[i].offset);
  return NULL;
}

static JsonObject *
collect_input (TjConsultationWindow *self)
{
  g_autoptr(JsonObject) input = json_object_new ();
  g_autofree char *name = text_of (self->name_row);
  g_autofree char *phone = text_of (self->phone_row);
  g_autofree char *employer = text_of (self->employer_row);
  g_autofree char *problem = text_of (self->problem_row);
  g_autofree char *owed = text_of (self->owed_row);
  g_autofree char *advice = text_of (self->advice_row);
  g_autofree char *next_step = text_of (self->next_step_row);
  g_autofree char *referral = text_of (self->referral_row);
  g_autoptr(GError) error = NULL;
  guint kind = adw_combo_row_get_selected (self->kind_row);
  guint channel = adw_combo_row_get_selected (self->channel_row);
  JsonObject *worker = json_object_new ();

  clear_errors (self);

  /* Checked here first so that the message is about the form, not the
   * JSON member. */
  if (*name == '\0')
    {
      json_object_unref (worker);
      refuse (self, self->name_row, _("Enter the worker’s name"));
      return NULL;
    }
  if (*problem == '\0')
    {
      json_object_unref (worker);
      refuse (self, self->problem_row, _("Say in a few words what the problem is"));
      return NULL;
    }

  json_object_set_string_member (worker, "name", name);
  if (*phone)
    json_object_set_string_member (worker, "phone", phone);
  json_object_set_object_member (input, "worker", worker);
  if (*employer)
    {
      JsonObject *e = json_object_new ();
      json_object_set_string_member (e, "name", employer);
      json_object_set_object_member (input, "employer", e);
    }
  if (kind < G_N_ELEMENTS (kinds))
    json_object_set_string_member (input, "kind", kinds[kind]);
  if (channel < G_N_ELEMENTS (channels))
    json_object_set_string_member (input, "channel", channels[channel]);
  json_object_set_string_member (input, "problem", problem);
  if (*advice)
    json_object_set_string_member (input, "advice", advice);
  if (*next_step)
    json_object_set_string_member (input, "next_step", next_step);
  if (*referral)
    json_object_set_string_member (input, "referral", referral);
  json_object_set_boolean_member (input, "migrant_worker", gtk_switch_get_active (self->migrant_switch));
  if (*owed)
    {
      gint64 fen;

      if (!tj_money_parse (owed, &fen, &error))
        {
          g_autofree char *message = g_strdup_printf (_("Amount owed: %s"), error->message);
          refuse (self, self->owed_row, message);
          return NULL;
        }
      json_object_set_int_member (input, "owed_fen", fen);
    }
  return g_steal_pointer (&input);
}

/* The consultation is written on the repository's worker. */
typedef struct {
  JsonObject *input;
  gboolean    open_case;
  JsonObject *result;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  json_object_unref (job->input);
  g_clear_pointer (&job->result, json_object_unref);
  g_free (job);
}

static gboolean
save_in_worker (TjStore              *store,
                const TjCaseContext  *ctx,
                gpointer              data,
                GError              **error)
{
  SaveJob *job = data;

  job->result = tj_consultation_add (store, ctx, job->input, error);
  return job->result != NULL;
}

static void
set_saving (TjConsultationWindow *self,
            gboolean              saving)
{
  self->saving = saving;
  gtk_widget_set_sensitive (self->save_button, !saving);
  gtk_widget_set_sensitive (self->convert_button, !saving);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TjConsultationWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  SaveJob *job = NULL;

  tj_ui_work_run_finish (result, (gpointer *) &job, &error);
  if (self->name_row == NULL)
    return;  /* destroyed with its parent meanwhile */
  set_saving (self, FALSE);
  if (error != NULL)
    {
      /* The form stays with what was typed. */
      refuse (self, row_for_field (self, error->message), error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, tj_json_get_string (job->result, "id", ""), job->open_case);
  gtk_window_close (GTK_WINDOW (self));
}

/**
 * tj_consultation_window_save:
 * @self: the form
 * @open_case: whether the user wants a case opened from it
 *
 * Validates the form and writes the consultation on the repository's
 * worker; when it is written, emits "saved" and closes the window.
 *
 * Returns: %FALSE when the form was refused before anything was written,
 *   %TRUE when the consultation went to the worker
 *   (tj_consultation_window_get_busy() until it answers)
 */
gboolean
tj_consultation_window_save (TjConsultationWindow *self,
                             gboolean              open_case)
{
  g_autoptr(JsonObject) input = NULL;
  SaveJob *job;

  g_return_val_if_fail (TJ_IS_CONSULTATION_WINDOW (self), FALSE);

  if (self->saving)
    return TRUE;
  if (self->application == NULL || tj_application_get_repository (self->application) == NULL)
    {
      refuse (self, NULL, _("The database is not open"));
      return FALSE;
    }
  input = collect_input (self);
  if (input == NULL)
    return FALSE;

  job = g_new0 (SaveJob, 1);
  job->input = g_steal_pointer (&input);
  job->open_case = open_case;
  set_saving (self, TRUE);
  tj_ui_work_run_async (self->application, save_in_worker, job, (GDestroyNotify) save_job_free, NULL,
                        saved_cb, g_object_ref (self));
  return TRUE;
}

gboolean
tj_consultation_window_get_busy (TjConsultationWindow *self)
{
  g_return_val_if_fail (TJ_IS_CONSULTATION_WINDOW (self), FALSE);

  return self->saving;
}

/* Repeat employers are an early warning sign, and the same worker may
 * have been here before: say so while the volunteer is still typing. The
 * look runs on the repository's worker with what was typed; a newer one
 * cancels it. */
typedef struct {
  char *employer;
  char *phone_text;
  char *subtitle;
} RelatedJob;

static void
related_job_free (RelatedJob *job)
{
  g_free (job->employer);
  g_free (job->phone_text);
  g_free (job->subtitle);
  g_free (job);
}

static gboolean
related_in_worker (TjStore              *store,
                   const TjCaseContext  *ctx,
                   gpointer              data,
                   GError              **error)
{
  RelatedJob *job = data;
  const char *employer = job->employer;
  g_autofree char *phone = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  if (g_utf8_strlen (employer, -1) >= 2)
    {
      g_autoptr(JsonObject) input = json_object_new ();
      g_autoptr(JsonObject) e = json_object_new ();
      g_autoptr(JsonArray) cases = NULL;
      g_autoptr(JsonArray) consultations = NULL;
      guint n = 0;

      json_object_set_string_member (e, "name", employer);
      json_object_set_object_member (input, "employer", g_steal_pointer (&e));
      cases = tj_case_find_related (store, input, NULL, NULL);
      if (cases && json_array_get_length (cases) > 0)
        {
          guint count = json_array_get_length (cases);
          g_autoptr(GString) line = g_string_new (NULL);

          g_string_printf (line, ngettext ("%u earlier case with this employer",
                                           "%u earlier cases with this employer", count), count);
          for (guint i = 0; i < MIN (count, 3); i++)
            {
              JsonObject *c = json_array_get_object_element (cases, i);
              g_string_append_printf (line, "%s%s %s", i ? _(", ") : _(": "),
                                      tj_json_get_string (c, "number", ""),
                                      tj_case_status_label (tj_json_get_string (c, "status", "")));
            }
          g_ptr_array_add (lines, g_string_free (g_steal_pointer (&line), FALSE));
        }
      consultations = tj_consultation_list (store, employer, 0, NULL);
      for (guint i = 0; consultations && i < json_array_get_length (consultations); i++)
        {
          JsonObject *e2 = tj_json_get_object (json_array_get_object_element (consultations, i), "employer");
          if (g_strcmp0 (tj_json_get_string (e2, "name", NULL), employer) == 0)
            n++;
        }
      if (n > 0)
        g_ptr_array_add (lines, g_strdup_printf (ngettext ("%u earlier consultation about this employer",
                                                           "%u earlier consultations about this employer", n),
                                                 n));
    }

  phone = tj_normalize_phone (job->phone_text);
  if (phone && strlen (phone) >= 7)
    {
      g_autoptr(JsonArray) consultations = tj_consultation_list (store, NULL, 0, NULL);
      g_autofree char *last = NULL;
      guint n = 0;

      for (guint i = 0; consultations && i < json_array_get_length (consultations); i++)
        {
          JsonObject *c = json_array_get_object_element (consultations, i);
          g_autofree char *other = tj_normalize_phone (tj_json_get_string (tj_json_get_object (c, "worker"),
                                                                           "phone", ""));
          if (g_strcmp0 (other, phone) == 0)
            {
              if (n++ == 0)
                last = g_strdup (tj_json_get_string (c, "held_on", ""));
            }
        }
      if (n > 0)
        g_ptr_array_add (lines, g_strdup_printf (ngettext ("This phone number came %u time before, last on %s",
                                                           "This phone number came %u times before, last on %s", n),
                                                 n, last));
    }

  g_ptr_array_add (lines, NULL);
  job->subtitle = g_strjoinv ("\n", (char **) lines->pdata);
  return TRUE;
}

static void
related_found_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TjConsultationWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  RelatedJob *job = NULL;

  if (!tj_ui_work_run_finish (result, (gpointer *) &job, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not look for earlier cases: %s", error->message);
      return;
    }
  adw_action_row_set_subtitle (self->related_row, job->subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->related_row), *job->subtitle != '\0');
}

static gboolean
update_related (gpointer user_data)
{
  TjConsultationWindow *self = user_data;
  RelatedJob *job;

  self->related_id = 0;
  if (self->application == NULL || tj_application_get_repository (self->application) == NULL)
    return G_SOURCE_REMOVE;

  g_cancellable_cancel (self->related_cancellable);
  g_clear_object (&self->related_cancellable);
  self->related_cancellable = g_cancellable_new ();
  job = g_new0 (RelatedJob, 1);
  job->employer = text_of (self->employer_row);
  job->phone_text = text_of (self->phone_row);
  tj_ui_work_run_async (self->application, related_in_worker, job, (GDestroyNotify) related_job_free,
                        self->related_cancellable, related_found_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
parties_changed_cb (TjConsultationWindow *self)
{
  /* Once typing pauses, not on every key. */
  g_clear_handle_id (&self->related_id, g_source_remove);
  self->related_id = g_timeout_add (400, update_related, self);
}

static void
save_clicked_cb (TjConsultationWindow *self)
{
  tj_consultation_window_save (self, FALSE);
}

static void
convert_clicked_cb (TjConsultationWindow *self)
{
  tj_consultation_window_save (self, TRUE);
}

static gboolean
save_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  tj_consultation_window_save (TJ_CONSULTATION_WINDOW (widget), FALSE);
  return TRUE;
}

static void
fill_combo (AdwComboRow        *row,
            const char * const *ids,
            guint               n,
            const char        *(*label) (const char *id))
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (model, label (ids[i]));
  adw_combo_row_set_model (row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (row, 0);
}

/* Closing while the worker writes would hide whether it was saved. */
static gboolean
tj_consultation_window_close_request (GtkWindow *window)
{
  if (TJ_CONSULTATION_WINDOW (window)->saving)
    return TRUE;
  return GTK_WINDOW_CLASS (tj_consultation_window_parent_class)->close_request (window);
}

static void
tj_consultation_window_dispose (GObject *object)
{
  TjConsultationWindow *self = TJ_CONSULTATION_WINDOW (object);

  g_clear_handle_id (&self->related_id, g_source_remove);
  g_cancellable_cancel (self->related_cancellable);
  g_clear_object (&self->related_cancellable);
  if (self->application)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
      self->application = NULL;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), TJ_TYPE_CONSULTATION_WINDOW);

  G_OBJECT_CLASS (tj_consultation_window_parent_class)->dispose (object);
}

static void
tj_consultation_window_class_init (TjConsultationWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_consultation_window_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = tj_consultation_window_close_request;

  /**
   * TjConsultationWindow::saved:
   * @id: the new consultation
   * @open_case: whether to open a case from it now
   */
  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-consultation-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TjConsultationWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TjConsultationWindow, save_button);
  gtk_widget_class_bind_template_child (widget_class, TjConsultationWindow, convert_button);
  gtk_widget_class_bind_template_child (widget_class, TjConsultationWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, TjConsultationWindow, phone_row);
  gtk_widget_class_bind_template_child (widget_class, TjConsultationWindow, migrant_switch);
  gtk_widget_class_bind_template_child (widget_class, TjConsultationWindow, employer_row);
  gtk_widget_class_bind_template_child (widget_class, TjConsultationWindow, related_row);
  gtk_widget_class_bind_template_child (widget_class, TjConsultationWindow, kind_row);
  gtk_widget_class_bind_template_child (widget_class, TjConsultationWindow, problem_row);
  gtk_widget_class_bind_template_child (widget_class, TjConsultationWindow, owed_row);
  gtk_widget_class_bind_template_child (widget_class, TjConsultationWindow, channel_row);
  gtk_widget_class_bind_template_child (widget_class, TjConsultationWindow, advice_row);
  gtk_widget_class_bind_template_child (widget_class, TjConsultationWindow, next_step_row);
  gtk_widget_class_bind_template_child (widget_class, TjConsultationWindow, referral_row);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, convert_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, parties_changed_cb);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, save_shortcut_cb, NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tj_consultation_window_init (TjConsultationWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  fill_combo (self->kind_row, kinds, G_N_ELEMENTS (kinds), tj_case_kind_label);
  fill_combo (self->channel_row, channels, G_N_ELEMENTS (channels), tj_case_source_label);
}

TjConsultationWindow *
tj_consultation_window_new (GtkWindow     *parent,
                            TjApplication *application)
{
  TjConsultationWindow *self;

  g_return_val_if_fail (TJ_IS_APPLICATION (application), NULL);

  self = g_object_new (TJ_TYPE_CONSULTATION_WINDOW, "transient-for", parent, NULL);
  self->application = application;
  g_object_add_weak_pointer (G_OBJECT (application), (gpointer *) &self->application);
  /* The worker is already talking: typing goes straight into the name. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->name_row));
  return self;
}
