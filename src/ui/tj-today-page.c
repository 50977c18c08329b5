/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-agenda.h"
#include "tj-application.h"
#include "tj-calendar.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-sync-scheduler.h"
#include "tj-today-page.h"
#include "tj-ui-format.h"
#include "tj-window.h"

/* The Today section: what a mediator must not miss, from tj_agenda():
 * overdue and coming legal deadlines, sessions, flagged cases, follow-up
 * calls, unpaid installments and failed mediations still in time for
 * arbitration. Every row opens its case; the next step of an unpaid
 * installment or a failed mediation also opens the paper that takes it
 * (the payment order, the arbitration application).
 *
 * Before anything is due it is also the first thing a new user sees, so
 * until the organisation is entered it asks for that first: the
 * organisation and station code go into every case number and document.
 *
 * The page refreshes when it is shown and, while shown, on the
 * repository's worker when documents changed (written here, by a
 * colleague's sync, by the CLI: TjRepository::changed), when a sync brought
 * hotline cases, and when the day turns. */

#define DUE_DAYS 7

struct _TjTodayPage
{
  AdwBin          parent_instance;

  GtkStack       *state_stack;
  AdwStatusPage  *status_page;
  GtkWidget      *setup_button;
  AdwBin         *agenda_bin;

  /* From tj-today-agenda.ui, built on first use (ensure_agenda). */
  GtkWidget      *setup_group;
  GtkLabel       *date_label;
  GtkLabel       *summary_label;
  GtkWidget      *dispatched_group;
  GtkListBox     *dispatched_list;
  GtkWidget      *overdue_group;
  GtkListBox     *overdue_list;
  GtkWidget      *due_group;
  GtkListBox     *due_list;
  GtkWidget      *sessions_group;
  GtkListBox     *sessions_list;
  GtkWidget      *flagged_group;
  GtkListBox     *flagged_list;
  GtkWidget      *follow_ups_group;
  GtkListBox     *follow_ups_list;
  GtkWidget      *installments_group;
  GtkListBox     *installments_list;
  GtkWidget      *after_mediation_group;
  GtkListBox     *after_mediation_list;

  GSettings      *settings;
  TjApplication  *application; /* weak */
  TjRepository   *repository;  /* weak: whose "changed" we follow */
  TjSyncScheduler *scheduler;  /* weak: whose dispatched cases we show */
  GCancellable   *cancellable; /* the reload under way */
  char           *shown_today;
  char           *shown_text;  /* the agenda drawn, as JSON */
  char           *error_message;
};

G_DEFINE_FINAL_TYPE (TjTodayPage, tj_today_page, ADW_TYPE_BIN)

static void refresh (TjTodayPage *self);

static gboolean
is_set_up (TjTodayPage *self)
{
  g_autofree char *organisation = g_settings_get_string (self->settings, "organisation-name");
  g_autofree char *station = g_settings_get_string (self->settings, "station-code");

  return organisation[0] != '\0' && station[0] != '\0';
}

static void
update_status (TjTodayPage *self)
{
  gboolean set_up = is_set_up (self);

  if (self->error_message)
    adw_status_page_set_description (self->status_page, self->error_message);
  else if (set_up)
    adw_status_page_set_description (self->status_page,
                                     _("Mediation sessions, legal deadlines and follow-up calls "
                                       "due today will be listed here."));
  else
    adw_status_page_set_description (self->status_page,
                                     _("Mediation sessions, legal deadlines and follow-up calls "
                                       "due today will be listed here. To begin, enter your "
                                       "organisation and station code: they are printed on "
                                       "every case number and document."));
  gtk_widget_set_visible (self->setup_button, !set_up);
  if (self->setup_group)
    gtk_widget_set_visible (self->setup_group, !set_up);
}

/* Display forms. Month and weekday names come from the catalogue, not
 * from the C library, so that they follow the interface language even
 * when LC_TIME is another. */

static char *
format_date (const char *iso)
{
  g_autoptr(GDateTime) dt = NULL;
  GDate date;

  if (iso == NULL || !tj_date_parse_iso (iso, &date))
    return g_strdup (iso ? iso : "");
  dt = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                              g_date_get_day (&date), 0, 0, 0);
  /* Translators: a date in numbers (strftime format), e.g. 2026-11-20. */
  return g_date_time_format (dt, _("%Y-%m-%d"));
}

static char *
format_heading_date (const char *iso)
{
  static const char * const weekdays[] = {
    NULL, N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
    N_("Saturday"), N_("Sunday"),
  };
  g_autofree char *date_text = format_date (iso);
  GDate date;

  if (!tj_date_parse_iso (iso, &date))
    return g_steal_pointer (&date_text);
  /* Translators: the heading of Today: weekday, date. */
  return g_strdup_printf (_("%s, %s"), _(weekdays[g_date_get_weekday (&date)]), date_text);
}

static char *
format_countdown (gint64 days_left)
{
  if (days_left < 0)
    return g_strdup_printf (ngettext ("%d day overdue", "%d days overdue", (gulong) -days_left),
                            (int) -days_left);
  if (days_left == 0)
    return g_strdup (_("Due today"));
  return g_strdup_printf (ngettext ("%d day left", "%d days left", (gulong) days_left), (int) days_left);
}

static char *
format_when (gint64 days_left)
{
  if (days_left == 0)
    return g_strdup (_("Today"));
  if (days_left == 1)
    return g_strdup (_("Tomorrow"));
  return g_strdup_printf (ngettext ("In %d day", "In %d days", (gulong) days_left), (int) days_left);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))))
    gtk_list_box_remove (list, child);
}

static GtkWidget *
countdown_label (const char *text,
                 const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "tj-badge");
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
case_row_new (JsonObject *item,
              const char *title,
              const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* Case titles and names are typed by users: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "case-id",
                          g_strdup (tj_json_get_string (item, "case_id", "")), g_free);
  return row;
}

static void
add_chevron (GtkWidget *row)
{
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
}

static GtkWidget *
deadline_row_new (JsonObject *item,
                  gboolean    overdue)
{
  gint64 left = tj_json_get_int (item, "days_left", 0);
  g_autofree char *date = format_date (tj_json_get_string (item, "date", NULL));
  g_autofree char *subtitle = NULL;
  g_autofree char *countdown = format_countdown (left);
  GtkWidget *row;

  /* Translators: deadline kind · date · case number. */
  subtitle = g_strdup_printf (_("%s · %s · %s"), tj_json_get_string (item, "label", ""), date,
                              tj_json_get_string (item, "number", ""));
  row = case_row_new (item, tj_json_get_string (item, "title", ""), subtitle);
  /* The legal basis, so that the mediator can cite it. */
  gtk_widget_set_tooltip_text (row, tj_json_get_string (item, "basis", NULL));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             countdown_label (countdown, overdue ? "error" : left <= 2 ? "warning" : "accent"));
  add_chevron (row);
  return row;
}

static GtkWidget *
session_row_new (JsonObject *item)
{
  g_autofree char *date = format_date (tj_json_get_string (item, "date", NULL));
  g_autofree char *when = format_when (tj_json_get_int (item, "days_left", 0));
  g_autofree char *title = NULL;
  g_autoptr(GString) subtitle = g_string_new (date);
  const char *time = tj_json_get_string (item, "time", "");
  const char *place = tj_json_get_string (item, "place", "");
  GtkWidget *row;

  if (*time)
    g_string_append_printf (subtitle, " %s", time);
  if (*place)
    g_string_append_printf (subtitle, " · %s", place);
  g_string_append_printf (subtitle, " · %s", tj_json_get_string (item, "number", ""));
  /* Translators: kind of session · case title. */
  title = g_strdup_printf (_("%s · %s"), tj_json_get_string (item, "label", ""),
                           tj_json_get_string (item, "title", ""));
  row = case_row_new (item, title, subtitle->str);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), countdown_label (when, "accent"));
  add_chevron (row);
  return row;
}

static GtkWidget *
flagged_row_new (JsonObject *item)
{
  JsonArray *reasons = tj_json_get_array (item, "reasons");
  g_autoptr(GString) subtitle = g_string_new (NULL);
  const char *employer = tj_json_get_string (item, "employer", "");
  GtkWidget *row, *icon;

  for (guint i = 0; reasons && i < json_array_get_length (reasons); i++)
    g_string_append_printf (subtitle, "%s%s", i ? " · " : "", json_array_get_string_element (reasons, i));
  g_string_append_printf (subtitle, "\n%s", tj_json_get_string (item, "number", ""));
  if (*employer)
    g_string_append_printf (subtitle, " · %s", employer);
  row = case_row_new (item, tj_json_get_string (item, "title", ""), subtitle->str);
  icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, "warning");
  gtk_widget_set_tooltip_text (icon, _("Early warning"));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  add_chevron (row);
  return row;
}

static void
record_call_clicked_cb (GtkButton   *button,
                        TjTodayPage *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);
  const char *case_id = g_object_get_data (G_OBJECT (row), "case-id");
  const char *kind = g_object_get_data (G_OBJECT (row), "follow-up");
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  TjStore *store;
  TjCaseContext ctx;
  AdwToast *toast;

  if (self->application == NULL || (store = tj_application_get_store (self->application)) == NULL)
    return;
  tj_context_fill_case_context (tj_application_get_context (self->application), &ctx);
  if (tj_agenda_record_follow_up (store, &ctx, case_id, kind, NULL, &error))
    toast = adw_toast_new (_("Follow-up call recorded in the case timeline"));
  else
    toast = adw_toast_new (error->message);
  if (TJ_IS_WINDOW (root))
    tj_window_add_toast (TJ_WINDOW (root), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
  refresh (self);
}

static GtkWidget *
follow_up_row_new (TjTodayPage *self,
                   JsonObject  *item)
{
  gint64 left = tj_json_get_int (item, "days_left", 0);
  g_autofree char *date = format_date (tj_json_get_string (item, "date", NULL));
  g_autofree char *countdown = format_countdown (left);
  g_autofree char *subtitle = NULL;
  GtkWidget *row, *button;

  subtitle = g_strdup_printf (_("%s · %s · %s"), tj_json_get_string (item, "label", ""), date,
                              tj_json_get_string (item, "number", ""));
  row = case_row_new (item, tj_json_get_string (item, "title", ""), subtitle);
  g_object_set_data_full (G_OBJECT (row), "follow-up",
                          g_strdup (tj_json_get_string (item, "kind", "")), g_free);
  gtk_widget_set_tooltip_text (row, tj_json_get_string (item, "note", NULL));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             countdown_label (countdown, left < 0 ? "error" : "accent"));
  button = gtk_button_new_with_label (_("Call Made"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Record in the case timeline that the follow-up call was made"));
  g_signal_connect (button, "clicked", G_CALLBACK (record_call_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  add_chevron (row);
  return row;
}

/* The button that makes the paper of the next step (the payment order,
 * the arbitration application) in the case's papers window. */
static void
add_paper_button (GtkWidget  *row,
                  JsonObject *item)
{
  const char *paper = tj_json_get_string (item, "paper", NULL);
  GtkWidget *button;

  if (paper == NULL)
    return;
  button = gtk_button_new_with_label (g_str_equal (paper, "payment_order") ? _("Payment Order")
                                                                           : _("Arbitration Application"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, g_str_equal (paper, "payment_order")
                                       ? _("Make the application to the court for a payment order")
                                       : _("Make the application for labour dispute arbitration"));
  gtk_widget_set_name (button, paper);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.case-paper");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)",
                                    tj_json_get_string (item, "case_id", ""), paper);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
}

static GtkWidget *
after_mediation_row_new (TjTodayPage *self,
                         JsonObject  *item)
{
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  if (tj_json_get_string (item, "date", NULL) && *tj_json_get_string (item, "date", ""))
    {
      gint64 left = tj_json_get_int (item, "days_left", 0);
      g_autofree char *date = format_date (tj_json_get_string (item, "date", NULL));
      g_autofree char *countdown = format_countdown (left);

      /* Translators: the next step · the limitation date · case number. */
      subtitle = g_strdup_printf (_("%s by %s · %s"), tj_json_get_string (item, "next_step", ""), date,
                                  tj_json_get_string (item, "number", ""));
      row = case_row_new (item, tj_json_get_string (item, "title", ""), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), countdown_label (countdown, left <= 30 ? "warning" : "accent"));
    }
  else
    {
      subtitle = g_strdup_printf (_("%s · %s"), tj_json_get_string (item, "next_step", ""),
                                  tj_json_get_string (item, "number", ""));
      row = case_row_new (item, tj_json_get_string (item, "title", ""), subtitle);
    }
  gtk_widget_set_tooltip_text (row, tj_json_get_string (item, "basis", NULL));
  add_paper_button (row, item);
  add_chevron (row);
  return row;
}

static GtkWidget *
installment_row_new (JsonObject *item)
{
  g_autofree char *date = format_date (tj_json_get_string (item, "date", NULL));
  g_autofree char *owed = tj_money_format (tj_json_get_int (item, "owed_fen", 0));
  g_autofree char *countdown = format_countdown (tj_json_get_int (item, "days_left", 0));
  g_autofree char *subtitle = NULL;
  const char *next_step = tj_json_get_string (item, "next_step", "");
  GtkWidget *row;

  /* Translators: installment number, its due date, the amount unpaid. */
  subtitle = g_strdup_printf (_("Installment %d due %s · %s unpaid · %s"),
                              (int) tj_json_get_int (item, "installment", 0) + 1, date, owed,
                              tj_json_get_string (item, "number", ""));
  if (*next_step)
    {
      g_autofree char *longer = g_strdup_printf (_("%s\nNext step: %s"), subtitle, next_step);
      g_free (subtitle);
      subtitle = g_steal_pointer (&longer);
    }
  row = case_row_new (item, tj_json_get_string (item, "title", ""), subtitle);
  gtk_widget_set_tooltip_text (row, tj_json_get_string (item, "basis", NULL));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), countdown_label (countdown, "error"));
  add_paper_button (row, item);
  add_chevron (row);
  return row;
}

typedef GtkWidget *(*RowFactory) (TjTodayPage *self, JsonObject *item);

/* A case the 12351 hotline dispatched (派单) that arrived by sync and was
 * not opened yet (tj_sync_dispatched_list()). */
static GtkWidget *
dispatched_factory (TjTodayPage *self, JsonObject *item)
{
  g_autofree char *when = tj_ui_format_timestamp (tj_json_get_string (item, "arrived_at", NULL));
  g_autofree char *subtitle = g_strdup_printf (_("Arrived %s"), when);
  GtkWidget *row;

  json_object_set_string_member (item, "case_id", tj_json_get_string (item, "id", ""));
  row = case_row_new (item, tj_json_get_string (item, "title", ""), subtitle);
  add_chevron (row);
  return row;
}

static GtkWidget *
overdue_factory (TjTodayPage *self, JsonObject *item)
{
  return deadline_row_new (item, TRUE);
}

static GtkWidget *
due_factory (TjTodayPage *self, JsonObject *item)
{
  return deadline_row_new (item, FALSE);
}

static GtkWidget *
session_factory (TjTodayPage *self, JsonObject *item)
{
  return session_row_new (item);
}

static GtkWidget *
flagged_factory (TjTodayPage *self, JsonObject *item)
{
  return flagged_row_new (item);
}

static GtkWidget *
installment_factory (TjTodayPage *self, JsonObject *item)
{
  return installment_row_new (item);
}

/* Fills one section; hides it when it has nothing. Returns the count. */
static guint
fill (TjTodayPage *self,
      GtkWidget   *group,
      GtkListBox  *list,
      JsonArray   *items,
      RowFactory   factory)
{
  guint n = items ? json_array_get_length (items) : 0;

  clear_list (list);
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (list, factory (self, json_array_get_object_element (items, i)));
  gtk_widget_set_visible (group, n > 0);
  return n;
}

static void
update_summary (TjTodayPage *self,
                guint        overdue,
                guint        due,
                guint        sessions,
                guint        follow_ups)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;

  if (overdue)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u overdue", "%u overdue", overdue), overdue));
  if (due)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u deadline this week", "%u deadlines this week", due),
                                             due));
  if (sessions)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u session", "%u sessions", sessions), sessions));
  if (follow_ups)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u follow-up call", "%u follow-up calls", follow_ups),
                                             follow_ups));
  g_ptr_array_add (parts, NULL);
  text = g_strjoinv (_(" · "), (char **) parts->pdata);
  gtk_label_set_text (self->summary_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), *text != '\0');
}

static void row_activated_cb (TjTodayPage *self, GtkListBoxRow *row);

static void
ensure_agenda (TjTodayPage *self)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GtkBuilderScope) scope = NULL;

  if (self->setup_group)
    return;

  scope = gtk_builder_cscope_new ();
  gtk_builder_cscope_add_callback_symbol (GTK_BUILDER_CSCOPE (scope), "row_activated_cb",
                                          G_CALLBACK (row_activated_cb));
  builder = gtk_builder_new ();
  gtk_builder_set_scope (builder, scope);
  gtk_builder_set_current_object (builder, G_OBJECT (self));
  gtk_builder_set_translation_domain (builder, GETTEXT_PACKAGE);
  if (!gtk_builder_add_from_resource (builder, "/io/github/tiaojie/Tiaojie/ui/tj-today-agenda.ui", NULL))
    g_error ("tj-today-agenda.ui is missing from the resources");

#define GET(name) self->name = (gpointer) gtk_builder_get_object (builder, #name)
  GET (setup_group);
  GET (date_label);
  GET (summary_label);
  GET (dispatched_group);
  GET (dispatched_list);
  GET (overdue_group);
  GET (overdue_list);
  GET (due_group);
  GET (due_list);
  GET (sessions_group);
  GET (sessions_list);
  GET (flagged_group);
  GET (flagged_list);
  GET (follow_ups_group);
  GET (follow_ups_list);
  GET (installments_group);
  GET (installments_list);
  GET (after_mediation_group);
  GET (after_mediation_list);
#undef GET
  adw_bin_set_child (self->agenda_bin, GTK_WIDGET (gtk_builder_get_object (builder, "agenda")));
}

/* The agenda with the hotline cases not opened yet, as the page shows it. */
static JsonObject *
read_agenda (TjStore             *store,
             const TjCaseContext *ctx,
             GError             **error)
{
  g_autoptr(JsonObject) agenda = tj_agenda (store, ctx, DUE_DAYS, error);
  JsonArray *dispatched;

  if (agenda == NULL)
    return NULL;
  /* New cases from the hotline head the agenda until opened. */
  dispatched = tj_sync_dispatched_list (store, NULL);
  json_object_set_array_member (agenda, "dispatched", dispatched ? dispatched : json_array_new ());
  return g_steal_pointer (&agenda);
}

static void
show_agenda (TjTodayPage  *self,
             JsonObject   *agenda,
             const GError *error)
{
  g_autofree char *heading = NULL;
  guint overdue, due, sessions, flagged, follow_ups, installments, dispatched, after;

  g_clear_pointer (&self->error_message, g_free);
  if (agenda == NULL)
    {
      g_warning ("Could not read the agenda: %s", error->message);
      self->error_message = g_strdup_printf (_("The agenda could not be read: %s"), error->message);
      g_clear_pointer (&self->shown_text, g_free);
      update_status (self);
      gtk_stack_set_visible_child_name (self->state_stack, "empty");
      return;
    }
  /* A change elsewhere that leaves the agenda as it was: nothing to
   * redraw (and the rows under the pointer stay). */
  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), agenda);
    g_autofree char *text = tj_json_to_string (node, FALSE);

    if (g_strcmp0 (text, self->shown_text) == 0)
      {
        update_status (self);
        return;
      }
    g_free (self->shown_text);
    self->shown_text = g_steal_pointer (&text);
  }
  g_free (self->shown_today);
  self->shown_today = g_strdup (tj_json_get_string (agenda, "today", ""));

  {
    static const char * const lists[] = {
      "overdue", "due", "sessions", "flagged", "follow_ups", "installments", "dispatched",
      "after_mediation",
    };
    guint total = 0;

    for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
      total += json_array_get_length (tj_json_get_array (agenda, lists[i]));
    if (total == 0 && self->setup_group == NULL)
      {
        update_status (self);
        gtk_stack_set_visible_child_name (self->state_stack, "empty");
        return;
      }
  }
  ensure_agenda (self);

  dispatched = fill (self, self->dispatched_group, self->dispatched_list,
                     tj_json_get_array (agenda, "dispatched"), dispatched_factory);
  overdue = fill (self, self->overdue_group, self->overdue_list,
                  tj_json_get_array (agenda, "overdue"), overdue_factory);
  due = fill (self, self->due_group, self->due_list, tj_json_get_array (agenda, "due"), due_factory);
  sessions = fill (self, self->sessions_group, self->sessions_list,
                   tj_json_get_array (agenda, "sessions"), session_factory);
  flagged = fill (self, self->flagged_group, self->flagged_list,
                  tj_json_get_array (agenda, "flagged"), flagged_factory);
  follow_ups = fill (self, self->follow_ups_group, self->follow_ups_list,
                     tj_json_get_array (agenda, "follow_ups"), follow_up_row_new);
  installments = fill (self, self->installments_group, self->installments_list,
                       tj_json_get_array (agenda, "installments"), installment_factory);
  after = fill (self, self->after_mediation_group, self->after_mediation_list,
                tj_json_get_array (agenda, "after_mediation"), after_mediation_row_new);

  heading = format_heading_date (self->shown_today);
  gtk_label_set_text (self->date_label, heading);
  update_summary (self, overdue + installments, due, sessions, follow_ups);
  update_status (self);
  gtk_stack_set_visible_child_name (self->state_stack,
                                    overdue + due + sessions + flagged + follow_ups + installments + dispatched +
                                    after ? "agenda" : "empty");
}

static void
refresh (TjTodayPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) agenda = NULL;
  TjCaseContext ctx;
  TjStore *store;

  store = self->application ? tj_application_get_store (self->application) : NULL;
  if (store == NULL)
    {
      g_clear_pointer (&self->error_message, g_free);
      g_clear_pointer (&self->shown_text, g_free);
      update_status (self);
      gtk_stack_set_visible_child_name (self->state_stack, "empty");
      return;
    }
  /* A reload on the worker would bring older news. */
  g_cancellable_cancel (self->cancellable);
  tj_context_fill_case_context (tj_application_get_context (self->application), &ctx);
  agenda = read_agenda (store, &ctx, &error);
  show_agenda (self, agenda, error);
}

typedef struct
{
  TjCaseContext  ctx;     /* its strings belong to the application */
  JsonObject    *agenda;
} Load;

static void
load_free (gpointer data)
{
  Load *load = data;

  g_clear_pointer (&load->agenda, json_object_unref);
  g_free (load);
}

static gboolean
load_agenda (TjStore  *store,
             gpointer  data,
             GError  **error)
{
  Load *load = data;

  load->agenda = read_agenda (store, &load->ctx, error);
  return load->agenda != NULL;
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TjTodayPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gpointer data = NULL;

  if (!tj_repository_run_finish (TJ_REPOSITORY (source), result, &data, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_agenda (self, error ? NULL : ((Load *) data)->agenda, error);
}

/* Reads the agenda on the repository's worker: the main thread stays free
 * while a sync or the CLI writes. */
static void
refresh_async (TjTodayPage *self)
{
  TjRepository *repository = self->application ? tj_application_get_repository (self->application) : NULL;
  Load *load;

  if (repository == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  load = g_new0 (Load, 1);
  tj_context_fill_case_context (tj_application_get_context (self->application), &load->ctx);
  tj_repository_run_async (repository, load_agenda, load, load_free, self->cancellable, load_done_cb,
                           g_object_ref (self));
}

static void
row_activated_cb (TjTodayPage   *self,
                  GtkListBoxRow *row)
{
  const char *case_id = g_object_get_data (G_OBJECT (row), "case-id");

  if (case_id && *case_id && self->application)
    tj_application_show_case (self->application, case_id);
}

/* Midnight: what was due today is overdue, tomorrow's is due. Hidden,
 * it is read again when shown. */
static void
day_changed_cb (TjTodayPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh_async (self);
}

/* The agenda is drawn from every kind of document (cases, sessions,
 * settlements, payments, the timeline's follow-ups): any change may move
 * it. Hidden, it is read again when shown. */
static void
repository_changed_cb (TjRepository       *repository,
                       const char * const *ids,
                       gint64              seq,
                       TjTodayPage        *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh_async (self);
}

/* Hotline cases a sync brought: their list is not a document. */
static void
cases_dispatched_cb (TjTodayPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh_async (self);
}

static void
repository_cb (TjTodayPage *self)
{
  TjRepository *repository = self->application ? tj_application_get_repository (self->application) : NULL;
  TjSyncScheduler *scheduler = self->application ? tj_application_get_sync_scheduler (self->application) : NULL;

  if (repository != NULL && repository != self->repository)
    {
      g_set_weak_pointer (&self->repository, repository);
      g_signal_connect_object (repository, "changed", G_CALLBACK (repository_changed_cb), self, 0);
    }
  if (scheduler != NULL && scheduler != self->scheduler)
    {
      g_set_weak_pointer (&self->scheduler, scheduler);
      g_signal_connect_object (scheduler, "cases-dispatched", G_CALLBACK (cases_dispatched_cb), self,
                               G_CONNECT_SWAPPED);
    }
}

static void
application_store_cb (TjTodayPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh (self);
}

static void
root_application_cb (TjTodayPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *application = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;

  if (self->application == (TjApplication *) application)
    return;
  if (self->application)
    {
      g_signal_handlers_disconnect_by_func (self->application, application_store_cb, self);
      g_signal_handlers_disconnect_by_func (tj_application_get_clock (self->application), day_changed_cb, self);
      g_signal_handlers_disconnect_by_func (self->application, repository_cb, self);
      g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
      self->application = NULL;
    }
  if (TJ_IS_APPLICATION (application))
    {
      self->application = TJ_APPLICATION (application);
      g_object_add_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
      g_signal_connect_object (self->application, "notify::store",
                               G_CALLBACK (application_store_cb), self, G_CONNECT_SWAPPED);
      /* Deadlines counted again with new holidays. */
      g_signal_connect_object (self->application, "calendar-changed",
                               G_CALLBACK (application_store_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (tj_application_get_clock (self->application), "day-changed",
                               G_CALLBACK (day_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->application, "notify::repository",
                               G_CALLBACK (repository_cb), self, G_CONNECT_SWAPPED);
      repository_cb (self);
    }
}

static void
tj_today_page_root (GtkWidget *widget)
{
  TjTodayPage *self = TJ_TODAY_PAGE (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (tj_today_page_parent_class)->root (widget);

  /* The window gets its application after it is built. */
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    g_signal_connect_object (root, "notify::application", G_CALLBACK (root_application_cb), self,
                             G_CONNECT_SWAPPED);
  root_application_cb (self);
}

static void
tj_today_page_map (GtkWidget *widget)
{
  TjTodayPage *self = TJ_TODAY_PAGE (widget);

  GTK_WIDGET_CLASS (tj_today_page_parent_class)->map (widget);

  root_application_cb (self);
  repository_cb (self);
  refresh (self);
}

static void
settings_changed_cb (TjTodayPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh (self);
  else
    update_status (self);
}

static void
tj_today_page_dispose (GObject *object)
{
  TjTodayPage *self = TJ_TODAY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_weak_pointer (&self->repository);
  g_clear_weak_pointer (&self->scheduler);
  if (self->application)
    {
      g_signal_handlers_disconnect_by_func (self->application, application_store_cb, self);
      g_signal_handlers_disconnect_by_func (tj_application_get_clock (self->application), day_changed_cb, self);
      g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
      self->application = NULL;
    }
  g_clear_object (&self->settings);
  g_clear_pointer (&self->shown_today, g_free);
  g_clear_pointer (&self->shown_text, g_free);
  g_clear_pointer (&self->error_message, g_free);

  /* The bin's child is a bound template child: detach it through AdwBin
   * first, or dispose_template() unparents it behind AdwBin's back and
   * AdwBin's dispose unparents a dangling pointer. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TJ_TYPE_TODAY_PAGE);

  G_OBJECT_CLASS (tj_today_page_parent_class)->dispose (object);
}

static void
tj_today_page_class_init (TjTodayPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_today_page_dispose;
  widget_class->root = tj_today_page_root;
  widget_class->map = tj_today_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-today-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TjTodayPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, TjTodayPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, TjTodayPage, setup_button);
  gtk_widget_class_bind_template_child (widget_class, TjTodayPage, agenda_bin);
}

static void
tj_today_page_init (TjTodayPage *self)
{
  static const char * const keys[] = {
    "changed::organisation-name", "changed::station-code", "changed::flag-min-workers",
    "changed::flag-min-amount-fen",
  };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_signal_connect_object (self->settings, keys[i], G_CALLBACK (settings_changed_cb), self,
                             G_CONNECT_SWAPPED);
  update_status (self);
}

GtkWidget *
tj_today_page_new (void)
{
  return g_object_new (TJ_TYPE_TODAY_PAGE, NULL);
}

/**
 * tj_today_page_refresh:
 * @self: the page
 *
 * Reads the agenda again (after a change the page cannot see coming).
 */
void
tj_today_page_refresh (TjTodayPage *self)
{
  g_return_if_fail (TJ_IS_TODAY_PAGE (self));

  refresh (self);
}
