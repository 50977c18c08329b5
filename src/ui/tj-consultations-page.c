/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>
#include <stdio.h>

#include "tj-application.h"
#include "tj-consultation-window.h"
#include "tj-consultation-list.h"
#include "tj-consultations-page.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-reveal.h"
#include "tj-reveal-dialog.h"
#include "tj-ui-application.h"
#include "tj-ui-work.h"
#include "tj-validate.h"
#include "tj-window.h"

/* The Consultations section: quick advice given at the counter, on the
 * hotline or at an evening clinic, newest first, each of which may later
 * become a case (once). The list is a GtkListView over the core's
 * TjConsultationList (its factory and bindings in
 * tj-consultations-page.ui): a few recycled row widgets for any number
 * of consultations, read a page at a time on the repository's worker and
 * reloaded by the model when a consultation changes. Phones are masked in
 * the list, as everywhere a list can be seen over a shoulder. */

struct _TjConsultationsPage
{
  AdwBin              parent_instance;

  GtkSearchEntry     *search_entry;
  GtkStack           *list_stack;
  GtkLabel           *count_label;
  GtkListView        *list_view;

  TjApplication      *application; /* weak */
  TjRepository       *repository;  /* weak: the model's */
  TjConsultationList *consultations;
  GCancellable       *cancellable;  /* the search's reload */
};

G_DEFINE_FINAL_TYPE (TjConsultationsPage, tj_consultations_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONSULTATIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void convert (TjConsultationsPage *self, const char *id, gboolean confirm);
static void reload (TjConsultationsPage *self);

static TjApplication *
get_application (TjConsultationsPage *self)
{
  if (self->application == NULL)
    tj_ui_set_application (&self->application, tj_ui_get_application (GTK_WIDGET (self)), self);
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
  tj_window_add_toast_for (GTK_WIDGET (self), adw_toast_new (message));
}

static void
open_case (TjConsultationsPage *self,
           const char          *case_id)
{
  TjApplication *application = get_application (self);

  if (application && case_id && *case_id)
    tj_application_show_case (application, case_id);
}

/* ------------------------------------------------------------------ */
/* Rows (closures and handlers of the list's factory in the .ui)        */

static char *
format_date (const char *iso)
{
  int y, m, d;

  if (iso == NULL || sscanf (iso, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return g_strdup (iso ? iso : "");
  /* Translators: a date in numbers: year, month, day. */
  return g_strdup_printf (_("%04d-%02d-%02d"), y, m, d);
}

static char *
format_title (gpointer    unused,
              const char *name,
              const char *phone,
              gboolean    loaded)
{
  g_autofree char *masked = phone && *phone ? tj_reveal_mask ("phone", phone) : NULL;

  if (!loaded)
    return g_strdup ("…");
  return masked ? g_strdup_printf (_("%s · %s"), name ? name : "", masked) : g_strdup (name ? name : "");
}

static char *
format_subtitle (gpointer    unused,
                 const char *held_on,
                 const char *employer,
                 const char *problem)
{
  GString *subtitle = g_string_new (NULL);

  if (held_on && *held_on)
    {
      g_autofree char *date = format_date (held_on);
      g_string_append (subtitle, date);
      if (employer && *employer)
        g_string_append_printf (subtitle, " · %s", employer);
      g_string_append_printf (subtitle, " · %s", problem ? problem : "");
    }
  return g_string_free (subtitle, FALSE);
}

static gboolean
folded (gpointer unused,
        gpointer item)
{
  return FALSE;
}

static gboolean
has_text (gpointer    unused,
          const char *text)
{
  return text != NULL && *text != '\0';
}

static char *
badge_label (gpointer    unused,
             const char *case_id)
{
  return g_strdup (case_id && *case_id ? _("Case Opened") : "");
}

static char *
action_label (gpointer    unused,
              const char *case_id)
{
  return g_strdup (case_id && *case_id ? _("Open Case") : _("Convert to Case"));
}

static char *
action_tooltip (gpointer    unused,
                const char *case_id)
{
  return g_strdup (case_id && *case_id ? _("Open the case made from this consultation")
                                       : _("Open a case with everything recorded here"));
}

/* The row a button of a row widget is bound to, loaded. */
static TjConsultationRow *
row_of (GtkListItem *item)
{
  gpointer row = gtk_list_item_get_item (item);

  return TJ_IS_CONSULTATION_ROW (row) && tj_row_get_loaded (TJ_ROW (row)) ? row : NULL;
}

static void
action_clicked_cb (GtkButton   *button,
                   GtkListItem *item)
{
  TjConsultationsPage *self = TJ_CONSULTATIONS_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                                              TJ_TYPE_CONSULTATIONS_PAGE));
  TjConsultationRow *row = row_of (item);
  const char *case_id;

  if (self == NULL || row == NULL)
    return;
  case_id = tj_consultation_row_get_case_id (row);
  if (*case_id)
    open_case (self, case_id);
  else
    convert (self, tj_consultation_row_get_id (row), TRUE);
}

/* The number in full, asked for by a click: with a reason, through
 * tj_reveal() (tj-reveal-dialog.h), for a moment. */
static void
reveal_clicked_cb (GtkButton           *button,
                   TjConsultationsPage *self)
{
  GtkWidget *target = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ACTION_ROW);
  TjApplication *application = get_application (self);

  if (application == NULL || target == NULL)
    return;
  tj_reveal_dialog_present (GTK_WIDGET (self), application,
                            g_object_get_data (G_OBJECT (button), "consultation-id"),
                            gtk_widget_get_name (target), target, GTK_WIDGET (button), NULL, NULL);
}

static GtkWidget *
detail_row (const char *title,
            const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
  gtk_widget_add_css_class (row, "property");
  return row;
}

static void
add_detail (GPtrArray  *rows,
            const char *title,
            const char *text)
{
  if (text != NULL && *text != '\0')
    g_ptr_array_add (rows, detail_row (title, text));
}

/* A personal number of the record, masked, with a button to show it. */
static void
add_masked_detail (GPtrArray           *rows,
                   TjConsultationsPage *self,
                   const char          *consultation_id,
                   const char          *field,
                   const char          *title,
                   const char          *value)
{
  g_autofree char *masked = NULL;
  GtkWidget *row, *button;

  if (value == NULL || *value == '\0')
    return;
  masked = tj_reveal_mask (field, value);
  row = detail_row (title, masked);
  gtk_widget_set_name (row, field);
  button = gtk_button_new_from_icon_name ("view-reveal-symbolic");
  gtk_widget_set_tooltip_text (button, _("Show the full number"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "consultation-id", g_strdup (consultation_id), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (reveal_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  g_ptr_array_add (rows, row);
}

/* The rows of the record under a consultation's row. */
static GPtrArray *
detail_rows (TjConsultationsPage *self,
             TjConsultationRow   *c)
{
  GPtrArray *rows = g_ptr_array_new ();
  const char *id = tj_consultation_row_get_id (c);
  const char *kind = tj_consultation_row_get_kind (c);
  const char *channel = tj_consultation_row_get_channel (c);

  /* To call the worker back: masked until asked for. */
  add_masked_detail (rows, self, id, "phone", _("Phone"), tj_consultation_row_get_phone (c));
  add_masked_detail (rows, self, id, "id_number", _("ID number"), tj_consultation_row_get_id_number (c));
  add_detail (rows, _("Kind of Dispute"), *kind ? tj_case_kind_label (kind) : NULL);
  add_detail (rows, _("The Problem"), tj_consultation_row_get_problem (c));
  if (tj_consultation_row_get_owed_fen (c) >= 0)
    {
      g_autofree char *owed = tj_money_format (tj_consultation_row_get_owed_fen (c));
      add_detail (rows, _("Amount Owed"), owed);
    }
  add_detail (rows, _("Advice Given"), tj_consultation_row_get_advice (c));
  add_detail (rows, _("Next Step"), tj_consultation_row_get_next_step (c));
  add_detail (rows, _("Referred To"), tj_consultation_row_get_referral (c));
  if (tj_consultation_row_get_migrant_worker (c))
    add_detail (rows, _("Migrant Worker"),
                _("Legal aid without a means test for labour remuneration or work-injury claims "
                  "(Legal Aid Law, Article 42)"));
  add_detail (rows, _("Where"), tj_case_source_label (*channel ? channel : "night_clinic"));
  add_detail (rows, _("Recorded By"), tj_consultation_row_get_advised_by (c));
  return rows;
}

/* Unfolded: the record is made from the row's consultation; folded
 * (also when the row widget is recycled for another consultation): it
 * goes. A row widget of the list costs its title while folded. */
static void
expanded_cb (AdwExpanderRow *expander,
             GParamSpec     *pspec,
             GtkListItem    *item)
{
  TjConsultationsPage *self = TJ_CONSULTATIONS_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (expander),
                                                                              TJ_TYPE_CONSULTATIONS_PAGE));
  GPtrArray *shown = g_object_get_data (G_OBJECT (expander), "tj-details");
  TjConsultationRow *row = row_of (item);

  if (adw_expander_row_get_expanded (expander))
    {
      g_autoptr(GPtrArray) rows = NULL;

      if (shown != NULL || row == NULL || self == NULL)
        return;
      rows = detail_rows (self, row);
      for (guint i = 0; i < rows->len; i++)
        adw_expander_row_add_row (expander, g_ptr_array_index (rows, i));
      g_object_set_data_full (G_OBJECT (expander), "tj-details", g_steal_pointer (&rows),
                              (GDestroyNotify) g_ptr_array_unref);
    }
  else if (shown != NULL)
    {
      for (guint i = 0; i < shown->len; i++)
        adw_expander_row_remove (expander, g_ptr_array_index (shown, i));
      g_object_set_data (G_OBJECT (expander), "tj-details", NULL);
    }
}

/* ------------------------------------------------------------------ */
/* The list                                                             */

static void
show_count (TjConsultationsPage *self)
{
  guint n = self->consultations ? g_list_model_get_n_items (G_LIST_MODEL (self->consultations)) : 0;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (n > 0)
    {
      g_autofree char *count = g_strdup_printf (ngettext ("%u consultation", "%u consultations", n), n);

      gtk_label_set_text (self->count_label, count);
      gtk_stack_set_visible_child_name (self->list_stack, "list");
    }
  else
    gtk_stack_set_visible_child_name (self->list_stack, text && *text ? "no-results" : "empty");
}

static void
reload_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TjConsultationsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tj_paged_list_reload_finish (TJ_PAGED_LIST (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Could not list consultations: %s", error->message);
      toast (self, error->message);
    }
  show_count (self);
}

/* The count follows the model, whoever reloaded it (a search here, a
 * consultation recorded or converted anywhere: a reload of the model's
 * own may supersede the page's, which then ends cancelled). */
static void
n_items_cb (TjConsultationsPage *self)
{
  show_count (self);
}

static void
ensure_model (TjConsultationsPage *self)
{
  TjApplication *application = get_application (self);
  TjRepository *repository = application ? tj_application_get_repository (application) : NULL;

  if (repository == NULL || (self->consultations && repository == self->repository))
    return;
  g_set_weak_pointer (&self->repository, repository);
  if (self->consultations)
    g_signal_handlers_disconnect_by_func (self->consultations, n_items_cb, self);
  g_set_object (&self->consultations, tj_consultation_list_new (repository));
  g_object_unref (self->consultations);
  g_signal_connect_object (self->consultations, "notify::n-items", G_CALLBACK (n_items_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->consultations, "notify::loading", G_CALLBACK (n_items_cb), self,
                           G_CONNECT_SWAPPED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONSULTATIONS]);
}

/* Read on the repository's worker; a newer search cancels the one
 * before. */
static void
reload (TjConsultationsPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (!have_repository (self))
    {
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
      return;
    }
  ensure_model (self);
  self->cancellable = g_cancellable_new ();
  tj_consultation_list_set_search (self->consultations,
                                   gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  tj_paged_list_reload_async (TJ_PAGED_LIST (self->consultations), self->cancellable, reload_done_cb,
                              g_object_ref (self));
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
  /* The list follows the write by itself (the repository's "changed"). */
  message = g_strdup_printf (_("Case %s opened"), tj_json_get_string (job->result, "number", ""));
  toast (self, message);
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

/* The repository is open by the time a section is shown: the model is
 * made then, and read again with the search typed. */
static void
tj_consultations_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (tj_consultations_page_parent_class)->map (widget);

  reload (TJ_CONSULTATIONS_PAGE (widget));
}

static void
tj_consultations_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TjConsultationsPage *self = TJ_CONSULTATIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONSULTATIONS:
      g_value_set_object (value, self->consultations);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_consultations_page_dispose (GObject *object)
{
  TjConsultationsPage *self = TJ_CONSULTATIONS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  tj_ui_set_application (&self->application, NULL, self);
  g_clear_weak_pointer (&self->repository);
  /* The bin's child is a bound template child: detach it through AdwBin
   * first, or dispose_template() unparents it behind AdwBin's back and
   * AdwBin's dispose unparents a dangling pointer. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TJ_TYPE_CONSULTATIONS_PAGE);
  g_clear_object (&self->consultations);

  G_OBJECT_CLASS (tj_consultations_page_parent_class)->dispose (object);
}

static void
tj_consultations_page_class_init (TjConsultationsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = tj_consultations_page_get_property;
  object_class->dispose = tj_consultations_page_dispose;
  widget_class->map = tj_consultations_page_map;

  /* The list model the .ui binds the list view to. */
  properties[PROP_CONSULTATIONS] =
    g_param_spec_object ("consultations", NULL, NULL, TJ_TYPE_CONSULTATION_LIST,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TJ_TYPE_CONSULTATION_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-consultations-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TjConsultationsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TjConsultationsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, TjConsultationsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, TjConsultationsPage, list_view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, format_title);
  gtk_widget_class_bind_template_callback (widget_class, format_subtitle);
  gtk_widget_class_bind_template_callback (widget_class, folded);
  gtk_widget_class_bind_template_callback (widget_class, has_text);
  gtk_widget_class_bind_template_callback (widget_class, badge_label);
  gtk_widget_class_bind_template_callback (widget_class, action_label);
  gtk_widget_class_bind_template_callback (widget_class, action_tooltip);
  gtk_widget_class_bind_template_callback (widget_class, action_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, expanded_cb);

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
