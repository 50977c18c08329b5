/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>
#include <stdio.h>

#include "tj-application.h"
#include "tj-consultation-window.h"
#include "tj-consultation.h"
#include "tj-consultations-page.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-reveal.h"
#include "tj-reveal-dialog.h"
#include "tj-ui-work.h"
#include "tj-validate.h"
#include "tj-window.h"

/* The Consultations section: quick advice given at the counter, on the
 * hotline or at an evening clinic, newest first, each of which may later
 * become a case (once). Phones are masked in the list, as everywhere a
 * list can be seen over a shoulder. */

#define LIST_LIMIT 500

struct _TjConsultationsPage
{
  AdwBin          parent_instance;

  GtkSearchEntry *search_entry;
  GtkStack       *list_stack;
  GtkLabel       *count_label;
  AdwBin         *list_bin;
  GtkListBox     *list;         /* made on first use, in list_bin */

  TjApplication  *application; /* weak */
  GCancellable   *cancellable;  /* the list's read on the worker */
};

G_DEFINE_FINAL_TYPE (TjConsultationsPage, tj_consultations_page, ADW_TYPE_BIN)

static void convert (TjConsultationsPage *self, const char *id, gboolean confirm);

static TjApplication *
get_application (TjConsultationsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *application = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;

  if (self->application == NULL && TJ_IS_APPLICATION (application))
    {
      self->application = TJ_APPLICATION (application);
      g_object_add_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
    }
  return self->application;
}

static gboolean
have_repository (TjConsultationsPage *self)
{
  TjApplication *application = get_application (self);

  return application && tj_application_get_repository (application) != NULL;
}

static void
toast (TjConsultationsPage *self,
       const char          *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwToast *t = adw_toast_new (message);

  if (TJ_IS_WINDOW (root))
    tj_window_add_toast (TJ_WINDOW (root), t);
  else
    g_object_unref (g_object_ref_sink (t));
}

static void
open_case (TjConsultationsPage *self,
           const char          *case_id)
{
  TjApplication *application = get_application (self);

  if (application && case_id && *case_id)
    tj_application_show_case (application, case_id);
}

static char *
format_date (const char *iso)
{
  int y, m, d;

  if (iso == NULL || sscanf (iso, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return g_strdup (iso ? iso : "");
  /* Translators: a date in numbers: year, month, day. */
  return g_strdup_printf (_("%04d-%02d-%02d"), y, m, d);
}

static void
add_detail (GtkWidget  *expander,
            const char *title,
            const char *text)
{
  GtkWidget *row;

  if (text == NULL || *text == '\0')
    return;
  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
  gtk_widget_add_css_class (row, "property");
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
}

/* The number in full, asked for by a click: with a reason, through
 * tj_reveal() (tj-reveal-dialog.h), for a moment. */
static void
reveal_clicked_cb (GtkButton           *button,
                   TjConsultationsPage *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ACTION_ROW);
  TjApplication *application = get_application (self);

  if (application == NULL || row == NULL)
    return;
  tj_reveal_dialog_present (GTK_WIDGET (self), application,
                            g_object_get_data (G_OBJECT (button), "consultation-id"),
                            g_object_get_data (G_OBJECT (button), "field"),
                            row, GTK_WIDGET (button), NULL, NULL);
}

/* A personal number of the record, masked, with a button to show it. */
static void
add_masked_detail (GtkWidget  *expander,
                   const char *consultation_id,
                   const char *field,
                   const char *title,
                   const char *value,
                   gpointer    self)
{
  g_autofree char *masked = NULL;
  GtkWidget *row, *button;

  if (value == NULL || *value == '\0')
    return;
  masked = tj_reveal_mask (field, value);
  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), masked);
  gtk_widget_add_css_class (row, "property");
  gtk_widget_set_name (row, field);
  button = gtk_button_new_from_icon_name ("view-reveal-symbolic");
  gtk_widget_set_tooltip_text (button, _("Show the full number"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "consultation-id", g_strdup (consultation_id), g_free);
  g_object_set_data (G_OBJECT (button), "field", (gpointer) field);
  g_signal_connect (button, "clicked", G_CALLBACK (reveal_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
}

static void
convert_clicked_cb (GtkButton           *button,
                    TjConsultationsPage *self)
{
  convert (self, g_object_get_data (G_OBJECT (button), "consultation-id"), TRUE);
}

static void
open_case_clicked_cb (GtkButton           *button,
                      TjConsultationsPage *self)
{
  open_case (self, g_object_get_data (G_OBJECT (button), "case-id"));
}

static GtkWidget *
consultation_row_new (TjConsultationsPage *self,
                      JsonObject          *c)
{
  JsonObject *worker = tj_json_get_object (c, "worker");
  JsonObject *employer = tj_json_get_object (c, "employer");
  const char *phone = tj_json_get_string (worker, "phone", NULL);
  const char *employer_name = tj_json_get_string (employer, "name", NULL);
  const char *case_id = tj_json_get_string (c, "case_id", NULL);
  g_autofree char *masked = phone && *phone ? tj_reveal_mask ("phone", phone) : NULL;
  g_autofree char *date = format_date (tj_json_get_string (c, "held_on", NULL));
  g_autofree char *title = NULL;
  g_autoptr(GString) subtitle = g_string_new (date);
  GtkWidget *row, *button;

  title = masked ? g_strdup_printf (_("%s · %s"), tj_json_get_string (worker, "name", ""), masked)
                 : g_strdup (tj_json_get_string (worker, "name", ""));
  if (employer_name && *employer_name)
    g_string_append_printf (subtitle, " · %s", employer_name);
  g_string_append_printf (subtitle, " · %s", tj_json_get_string (c, "problem", ""));

  row = adw_expander_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle->str);
  g_object_set_data_full (G_OBJECT (row), "consultation-id",
                          g_strdup (tj_json_get_string (c, "id", "")), g_free);

  if (case_id)
    {
      GtkWidget *badge = gtk_label_new (_("Case Opened"));

      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (badge, "tj-badge");
      gtk_widget_add_css_class (badge, "success");
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), badge);
      button = gtk_button_new_with_label (_("Open Case"));
      g_object_set_data_full (G_OBJECT (button), "case-id", g_strdup (case_id), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (open_case_clicked_cb), self);
    }
  else
    {
      button = gtk_button_new_with_label (_("Convert to Case"));
      gtk_widget_set_tooltip_text (button, _("Open a case with everything recorded here"));
      g_object_set_data_full (G_OBJECT (button), "consultation-id",
                              g_strdup (tj_json_get_string (c, "id", "")), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (convert_clicked_cb), self);
    }
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), button);

  /* To call the worker back: masked until asked for. */
  add_masked_detail (row, tj_json_get_string (c, "id", ""), "phone", _("Phone"),
                     phone, self);
  add_masked_detail (row, tj_json_get_string (c, "id", ""), "id_number", _("ID number"),
                     tj_json_get_string (worker, "id_number", NULL), self);
  add_detail (row, _("Kind of Dispute"), tj_json_get_string (c, "kind", NULL)
                                         ? tj_case_kind_label (tj_json_get_string (c, "kind", NULL)) : NULL);
  add_detail (row, _("The Problem"), tj_json_get_string (c, "problem", NULL));
  if (json_object_has_member (c, "owed_fen"))
    {
      g_autofree char *owed = tj_money_format (tj_json_get_int (c, "owed_fen", 0));
      add_detail (row, _("Amount Owed"), owed);
    }
  add_detail (row, _("Advice Given"), tj_json_get_string (c, "advice", NULL));
  add_detail (row, _("Next Step"), tj_json_get_string (c, "next_step", NULL));
  add_detail (row, _("Referred To"), tj_json_get_string (c, "referral", NULL));
  if (tj_json_get_bool (c, "migrant_worker", FALSE))
    add_detail (row, _("Migrant Worker"),
                _("Legal aid without a means test for labour remuneration or work-injury claims "
                  "(Legal Aid Law, Article 42)"));
  add_detail (row, _("Where"), tj_case_source_label (tj_json_get_string (c, "channel", "night_clinic")));
  add_detail (row, _("Recorded By"), tj_json_get_string (c, "advised_by", NULL));
  return row;
}

/* The list is read on the repository's worker; a newer read (a search
 * typed on) cancels the one before. */
typedef struct {
  char      *query;
  JsonArray *rows;
} ListJob;

static void
list_job_free (ListJob *job)
{
  g_free (job->query);
  g_clear_pointer (&job->rows, json_array_unref);
  g_free (job);
}

static gboolean
list_in_worker (TjStore              *store,
                const TjCaseContext  *ctx,
                gpointer              data,
                GError              **error)
{
  ListJob *job = data;

  job->rows = tj_consultation_list (store, job->query, LIST_LIMIT, error);
  return job->rows != NULL;
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TjConsultationsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  ListJob *job = NULL;
  GtkWidget *child;
  guint n;

  if (!tj_ui_work_run_finish (result, (gpointer *) &job, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Could not list consultations: %s", error->message);
      toast (self, error->message);
      return;
    }

  if (self->list)
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
      gtk_list_box_remove (self->list, child);
  n = json_array_get_length (job->rows);
  if (n > 0 && self->list == NULL)
    {
      self->list = GTK_LIST_BOX (gtk_list_box_new ());
      gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
      gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
      adw_bin_set_child (self->list_bin, GTK_WIDGET (self->list));
    }
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->list, consultation_row_new (self, json_array_get_object_element (job->rows, i)));

  if (n > 0)
    {
      g_autofree char *count = NULL;

      if (n >= LIST_LIMIT)
        count = g_strdup_printf (_("The newest %u consultations; search to find older ones"), n);
      else
        count = g_strdup_printf (ngettext ("%u consultation", "%u consultations", n), n);
      gtk_label_set_text (self->count_label, count);
      gtk_stack_set_visible_child_name (self->list_stack, "list");
    }
  else
    gtk_stack_set_visible_child_name (self->list_stack, *job->query ? "no-results" : "empty");
}

static void
reload (TjConsultationsPage *self)
{
  ListJob *job;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (!have_repository (self))
    {
      GtkWidget *child;

      if (self->list)
        while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
          gtk_list_box_remove (self->list, child);
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
      return;
    }
  self->cancellable = g_cancellable_new ();
  job = g_new0 (ListJob, 1);
  job->query = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  tj_ui_work_run_async (self->application, list_in_worker, job, (GDestroyNotify) list_job_free,
                        self->cancellable, listed_cb, g_object_ref (self));
}

/* The conversion keeps what the case interchange has a place for; the
 * referral and the migrant-worker note go into the facts with the rest.
 * On the repository's worker, from convert_in_worker(). */
static JsonObject *
conversion_extra_in_worker (TjStore    *store,
                            const char *id)
{
  g_autoptr(JsonObject) doc = tj_store_get (store, id, NULL, TJ_GET_NONE, NULL);
  const char *referral;
  gboolean migrant;
  GString *facts;
  JsonObject *extra;

  if (doc == NULL)
    return NULL;
  referral = tj_json_get_string (doc, "referral", NULL);
  migrant = tj_json_get_bool (doc, "migrant_worker", FALSE);
  if ((referral == NULL || *referral == '\0') && !migrant)
    return NULL;

  facts = g_string_new (tj_json_get_string (doc, "problem", ""));
  if (tj_json_get_string (doc, "advice", NULL))
    g_string_append_printf (facts, "\n%s %s", _("Advice given:"), tj_json_get_string (doc, "advice", ""));
  if (tj_json_get_string (doc, "next_step", NULL))
    g_string_append_printf (facts, "\n%s %s", _("Next step:"), tj_json_get_string (doc, "next_step", ""));
  if (referral && *referral)
    g_string_append_printf (facts, "\n%s %s", _("Referred to:"), referral);
  if (migrant)
    g_string_append_printf (facts, "\n%s", _("Migrant worker: legal aid without a means test "
                                             "(Legal Aid Law, Article 42)."));
  extra = json_object_new ();
  json_object_set_string_member (extra, "facts", facts->str);
  g_string_free (facts, TRUE);
  return extra;
}

/* The conversion is written on the repository's worker. */
typedef struct {
  char       *id;
  JsonObject *result;
} ConvertJob;

static void
convert_job_free (ConvertJob *job)
{
  g_free (job->id);
  g_clear_pointer (&job->result, json_object_unref);
  g_free (job);
}

static gboolean
convert_in_worker (TjStore              *store,
                   const TjCaseContext  *ctx,
                   gpointer              data,
                   GError              **error)
{
  ConvertJob *job = data;
  g_autoptr(JsonObject) extra = conversion_extra_in_worker (store, job->id);

  job->result = tj_consultation_convert (store, ctx, job->id, extra, error);
  return job->result != NULL;
}

static void
converted_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TjConsultationsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  ConvertJob *job = NULL;

  if (!tj_ui_work_run_finish (result, (gpointer *) &job, &error))
    {
      toast (self, error->message);
      reload (self);
      return;
    }
  message = g_strdup_printf (_("Case %s opened"), tj_json_get_string (job->result, "number", ""));
  toast (self, message);
  reload (self);
  open_case (self, tj_json_get_string (job->result, "id", ""));
}

static void
do_convert (TjConsultationsPage *self,
            const char          *id)
{
  ConvertJob *job;

  if (!have_repository (self) || id == NULL)
    return;
  job = g_new0 (ConvertJob, 1);
  job->id = g_strdup (id);
  tj_ui_work_run_async (self->application, convert_in_worker, job, (GDestroyNotify) convert_job_free, NULL,
                        converted_cb, g_object_ref (self));
}

static void
convert_response_cb (AdwMessageDialog    *dialog,
                     const char          *response,
                     TjConsultationsPage *self)
{
  if (g_strcmp0 (response, "convert") == 0)
    do_convert (self, g_object_get_data (G_OBJECT (dialog), "consultation-id"));
}

static void
convert (TjConsultationsPage *self,
         const char          *id,
         gboolean             confirm)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (!confirm)
    {
      do_convert (self, id);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (root), _("Open a Case From This Consultation?"),
                                   _("The worker, employer, problem, advice and next step are kept "
                                     "in the new case. A consultation becomes a case only once."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("Cancel"),
                                    "convert", _("Open Case"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "convert",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "convert");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "consultation-id", g_strdup (id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (convert_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
saved_cb (TjConsultationWindow *window,
          const char           *id,
          gboolean              open_case_now,
          TjConsultationsPage  *self)
{
  toast (self, _("Consultation saved"));
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  reload (self);
  if (open_case_now)
    convert (self, id, FALSE);
}

static void
new_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TjConsultationsPage *self = TJ_CONSULTATIONS_PAGE (widget);
  TjApplication *application = get_application (self);
  TjConsultationWindow *window;

  if (application == NULL)
    return;
  window = tj_consultation_window_new (GTK_WINDOW (gtk_widget_get_root (widget)), application);
  g_signal_connect_object (window, "saved", G_CALLBACK (saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (window));
}

static void
search_changed_cb (TjConsultationsPage *self)
{
  reload (self);
}

static void
focus_search (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (TJ_CONSULTATIONS_PAGE (widget)->search_entry));
}

static void
tj_consultations_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (tj_consultations_page_parent_class)->map (widget);

  reload (TJ_CONSULTATIONS_PAGE (widget));
}

static void
tj_consultations_page_dispose (GObject *object)
{
  TjConsultationsPage *self = TJ_CONSULTATIONS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->application)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
      self->application = NULL;
    }
  /* The bin's child is a bound template child: detach it through AdwBin
   * first, or dispose_template() unparents it behind AdwBin's back and
   * AdwBin's dispose unparents a dangling pointer. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TJ_TYPE_CONSULTATIONS_PAGE);

  G_OBJECT_CLASS (tj_consultations_page_parent_class)->dispose (object);
}

static void
tj_consultations_page_class_init (TjConsultationsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_consultations_page_dispose;
  widget_class->map = tj_consultations_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-consultations-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TjConsultationsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TjConsultationsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, TjConsultationsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, TjConsultationsPage, list_bin);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);

  gtk_widget_class_install_action (widget_class, "consultations.new", NULL, new_activated);
  gtk_widget_class_install_action (widget_class, "consultations.search", NULL, focus_search);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "consultations.search", NULL);
}

static void
tj_consultations_page_init (TjConsultationsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tj_consultations_page_new (void)
{
  return g_object_new (TJ_TYPE_CONSULTATIONS_PAGE, NULL);
}
