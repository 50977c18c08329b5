/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-agenda-model.h"
#include "tj-application.h"
#include "tj-calendar.h"
#include "tj-money.h"
#include "tj-sync-scheduler.h"
#include "tj-today-page.h"
#include "tj-ui-application.h"
#include "tj-ui-format.h"
#include "tj-window.h"

/* The Today section: what a mediator must not miss, from the agenda
 * (tj-agenda-model.h): overdue and coming legal deadlines, sessions,
 * flagged cases, follow-up calls, unpaid installments and failed
 * mediations still in time for arbitration, and the cases the 12351
 * hotline dispatched. Each list shows its most urgent few and how many
 * there are; "See All" opens the whole list, read a page at a time (a
 * centre with 96,403 overdue deadlines gets five rows and a count, not
 * 96,403 rows). Every row opens its case; the next step of an unpaid
 * installment or a failed mediation also opens the paper that takes it
 * (the payment order, the arbitration application).
 *
 * Before anything is due it is also the first thing a new user sees, so
 * until the organisation is entered it asks for that first: the
 * organisation and station code go into every case number and document.
 *
 * Everything is read on the repository's worker: when the page is shown
 * and, while shown, when documents changed (TjRepository::changed), when
 * a sync brought hotline cases, and when the day turns. */

#define DUE_DAYS 7

/* The lists of tj-today-agenda.ui, in tj_agenda_sections() order. */
static const char * const section_widgets[] = {
  "overdue", "due", "flagged", "follow_ups", "sessions", "installments", "after_mediation",
};

struct _TjTodayPage
{
  AdwBin           parent_instance;

  GtkStack        *state_stack;
  AdwStatusPage   *status_page;
  GtkWidget       *setup_button;
  AdwBin          *agenda_bin;
  AdwWindowTitle  *all_title;
  GtkListView     *all_view;

  /* From tj-today-agenda.ui, built on first use (ensure_agenda). */
  GtkWidget       *setup_group;
  GtkLabel        *date_label;
  GtkLabel        *summary_label;
  GtkWidget       *dispatched_group;
  GtkListBox      *dispatched_list;
  GtkWidget       *groups[G_N_ELEMENTS (section_widgets)];
  GtkListBox      *lists[G_N_ELEMENTS (section_widgets)];
  GtkButton       *all_buttons[G_N_ELEMENTS (section_widgets)];

  GSettings       *settings;
  TjApplication   *application; /* weak */
  TjRepository    *repository;  /* weak: whose "changed" we follow */
  TjSyncScheduler *scheduler;   /* weak: whose dispatched cases we show */
  TjAgendaSummary *summary;     /* what the page shows */
  TjAgendaList    *all;         /* the list "See All" opened, or NULL */
  GCancellable    *cancellable; /* the reload under way; cancelled on dispose */
  char            *error_message;
  gboolean         loaded;      /* the summary has been read once */
};

G_DEFINE_FINAL_TYPE (TjTodayPage, tj_today_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ALL_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
case_row_new (TjAgendaItem *item,
              const char   *title,
              const char   *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* Case titles and names are typed by users: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "case-id", g_strdup (tj_agenda_item_get_case_id (item)), g_free);
  return row;
}

static void
add_chevron (GtkWidget *row)
{
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
}

/* What each kind of item says, shared by the rows of the summary and of
 * the whole list: the title and subtitle of its row. */

static char *
item_title (TjAgendaItem *item)
{
  if (g_str_equal (tj_agenda_item_get_section (item), "sessions"))
    /* Translators: kind of session · case title. */
    return g_strdup_printf (_("%s · %s"), tj_agenda_item_get_label (item), tj_agenda_item_get_title (item));
  return g_strdup (tj_agenda_item_get_title (item));
}

static char *
item_subtitle (TjAgendaItem *item)
{
  const char *section = tj_agenda_item_get_section (item);
  g_autofree char *date = format_date (tj_agenda_item_get_date (item));

  if (g_str_equal (section, "dispatched"))
    {
      g_autofree char *when = tj_ui_format_timestamp (tj_agenda_item_get_arrived_at (item));
      return g_strdup_printf (_("Arrived %s"), when);
    }
  if (g_str_equal (section, "sessions"))
    {
      GString *subtitle = g_string_new (date);

      if (*tj_agenda_item_get_time (item))
        g_string_append_printf (subtitle, " %s", tj_agenda_item_get_time (item));
      if (*tj_agenda_item_get_place (item))
        g_string_append_printf (subtitle, " · %s", tj_agenda_item_get_place (item));
      g_string_append_printf (subtitle, " · %s", tj_agenda_item_get_number (item));
      return g_string_free (subtitle, FALSE);
    }
  if (g_str_equal (section, "flagged"))
    {
      g_autofree char *reasons = tj_agenda_item_dup_reasons (item);
      GString *subtitle = g_string_new (reasons);
      const char *employer = tj_agenda_item_get_employer (item);

      g_string_append_printf (subtitle, "\n%s", tj_agenda_item_get_number (item));
      if (*employer)
        g_string_append_printf (subtitle, " · %s", employer);
      return g_string_free (subtitle, FALSE);
    }
  if (g_str_equal (section, "installments"))
    {
      g_autofree char *owed = tj_money_format (tj_agenda_item_get_owed_fen (item));
      g_autofree char *text = NULL;
      const char *next_step = tj_agenda_item_get_next_step (item);

      /* Translators: installment number, its due date, the amount unpaid. */
      text = g_strdup_printf (_("Installment %d due %s · %s unpaid · %s"),
                              tj_agenda_item_get_installment (item) + 1, date, owed,
                              tj_agenda_item_get_number (item));
      if (*next_step)
        return g_strdup_printf (_("%s\nNext step: %s"), text, next_step);
      return g_steal_pointer (&text);
    }
  if (g_str_equal (section, "after_mediation"))
    {
      if (*tj_agenda_item_get_date (item))
        /* Translators: the next step · the limitation date · case number. */
        return g_strdup_printf (_("%s by %s · %s"), tj_agenda_item_get_next_step (item), date,
                                tj_agenda_item_get_number (item));
      return g_strdup_printf (_("%s · %s"), tj_agenda_item_get_next_step (item), tj_agenda_item_get_number (item));
    }
  /* Deadlines and follow-up calls. Translators: deadline kind · date · case number. */
  return g_strdup_printf (_("%s · %s · %s"), tj_agenda_item_get_label (item), date, tj_agenda_item_get_number (item));
}

/* The badge's text and style, or NULL for none. */
static char *
item_badge (TjAgendaItem  *item,
            const char   **css_class)
{
  const char *section = tj_agenda_item_get_section (item);
  int left = tj_agenda_item_get_days_left (item);

  *css_class = "accent";
  if (g_str_equal (section, "sessions"))
    return format_when (left == G_MININT ? 0 : left);
  if (g_str_equal (section, "dispatched") || g_str_equal (section, "flagged") || left == G_MININT)
    return NULL;
  if (g_str_equal (section, "overdue") || g_str_equal (section, "installments"))
    *css_class = "error";
  else if (g_str_equal (section, "due"))
    *css_class = left <= 2 ? "warning" : "accent";
  else if (g_str_equal (section, "follow_ups"))
    *css_class = left < 0 ? "error" : "accent";
  else if (g_str_equal (section, "after_mediation"))
    *css_class = left <= 30 ? "warning" : "accent";
  return format_countdown (left);
}

/* The legal basis, so that the mediator can cite it. */
static const char *
item_tooltip (TjAgendaItem *item)
{
  const char *section = tj_agenda_item_get_section (item);

  if (g_str_equal (section, "follow_ups"))
    return tj_agenda_item_get_note (item);
  if (g_str_equal (section, "dispatched") || g_str_equal (section, "flagged") || g_str_equal (section, "sessions"))
    return NULL;
  return tj_agenda_item_get_basis (item);
}

static const char *
paper_label (const char *paper)
{
  return g_strcmp0 (paper, "payment_order") == 0 ? _("Payment Order") : _("Arbitration Application");
}

static const char *
paper_tooltip (const char *paper)
{
  return g_strcmp0 (paper, "payment_order") == 0
         ? _("Make the application to the court for a payment order")
         : _("Make the application for labour dispute arbitration");
}

/* The row of an item in the summary: at most a handful per list. */
static GtkWidget *
create_row_cb (gpointer object,
               gpointer user_data)
{
  TjAgendaItem *item = object;
  const char *section = tj_agenda_item_get_section (item);
  const char *paper = tj_agenda_item_get_paper (item);
  const char *css_class = NULL;
  g_autofree char *title = item_title (item);
  g_autofree char *subtitle = item_subtitle (item);
  g_autofree char *badge = item_badge (item, &css_class);
  const char *tooltip = item_tooltip (item);
  GtkWidget *row = case_row_new (item, title, subtitle);

  if (tooltip && *tooltip)
    gtk_widget_set_tooltip_text (row, tooltip);
  if (g_str_equal (section, "flagged"))
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "warning");
      gtk_widget_set_tooltip_text (icon, _("Early warning"));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }
  if (badge)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), countdown_label (badge, css_class));
  if (g_str_equal (section, "follow_ups"))
    {
      GtkWidget *button = gtk_button_new_with_label (_("Call Made"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Record in the case timeline that the follow-up call was made"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "today.record-call");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", tj_agenda_item_get_case_id (item),
                                        tj_agenda_item_get_kind (item));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  /* The button that makes the paper of the next step (the payment order,
   * the arbitration application) in the case's papers window. */
  if (*paper)
    {
      GtkWidget *button = gtk_button_new_with_label (paper_label (paper));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, paper_tooltip (paper));
      gtk_widget_set_name (button, paper);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.case-paper");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", tj_agenda_item_get_case_id (item), paper);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  add_chevron (row);
  return row;
}

/* ------------------------------------------------------------------ */
/* The whole list (closures of the list's factory in tj-today-page.ui)  */

static char *
all_item_title (gpointer      unused,
           TjAgendaItem *item,
           gboolean      loaded)
{
  return item && loaded ? item_title (item) : g_strdup ("");
}

static char *
all_item_subtitle (gpointer      unused,
              TjAgendaItem *item,
              gboolean      loaded)
{
  return item && loaded ? item_subtitle (item) : g_strdup ("");
}

static char *
all_badge (gpointer      unused,
           TjAgendaItem *item,
           gboolean      loaded)
{
  const char *css_class;

  return item && loaded ? item_badge (item, &css_class) : NULL;
}

static char **
all_badge_classes (gpointer      unused,
                   TjAgendaItem *item,
                   gboolean      loaded)
{
  const char *css_class = "accent";
  g_autofree char *badge = item && loaded ? item_badge (item, &css_class) : NULL;

  if (badge == NULL)
    return g_new0 (char *, 1);
  return g_strdupv ((char *[]) { (char *) "tj-badge", (char *) css_class, NULL });
}

static char *
all_tooltip (gpointer      unused,
             TjAgendaItem *item,
             gboolean      loaded)
{
  const char *tooltip = item && loaded ? item_tooltip (item) : NULL;

  return tooltip && *tooltip ? g_strdup (tooltip) : NULL;
}

static gboolean
all_has_paper (gpointer      unused,
               TjAgendaItem *item,
               gboolean      loaded)
{
  return item && loaded && *tj_agenda_item_get_paper (item);
}

static char *
all_paper_label (gpointer      unused,
                 TjAgendaItem *item,
                 gboolean      loaded)
{
  return g_strdup (item && loaded && *tj_agenda_item_get_paper (item) ? paper_label (tj_agenda_item_get_paper (item))
                                                                        : "");
}

static GVariant *
all_paper_target (gpointer      unused,
                  TjAgendaItem *item,
                  gboolean      loaded)
{
  if (item == NULL || !loaded)
    return g_variant_ref_sink (g_variant_new ("(ss)", "", ""));
  return g_variant_ref_sink (g_variant_new ("(ss)", tj_agenda_item_get_case_id (item),
                                            tj_agenda_item_get_paper (item)));
}

static gboolean
all_is_call (gpointer      unused,
             TjAgendaItem *item,
             gboolean      loaded)
{
  return item && loaded && g_str_equal (tj_agenda_item_get_section (item), "follow_ups");
}

static char *
all_call_label (gpointer      unused,
                TjAgendaItem *item)
{
  return g_strdup (_("Call Made"));
}

static GVariant *
all_call_target (gpointer      unused,
                 TjAgendaItem *item,
                 gboolean      loaded)
{
  if (item == NULL || !loaded)
    return g_variant_ref_sink (g_variant_new ("(ss)", "", ""));
  return g_variant_ref_sink (g_variant_new ("(ss)", tj_agenda_item_get_case_id (item),
                                            tj_agenda_item_get_kind (item)));
}

/* The buttons' actions, bound after their (ss) targets and only for an
 * item that has them: an action name without its target is a parameter
 * mismatch to GtkActionHelper (a row not bound yet has neither). */
static char *
all_action_name (gpointer      unused,
                 TjAgendaItem *item,
                 gboolean      loaded)
{
  return all_is_call (unused, item, loaded) ? g_strdup ("today.record-call") : NULL;
}

static char *
all_paper_action_name (gpointer      unused,
                       TjAgendaItem *item,
                       gboolean      loaded)
{
  return all_has_paper (unused, item, loaded) ? g_strdup ("app.case-paper") : NULL;
}

static const char *
section_title (const char *section)
{
  static const struct { const char *section; const char *title; } titles[] = {
    { "overdue", N_("Overdue") },
    { "due", N_("Due in the Next 7 Days") },
    { "flagged", N_("Flagged Cases") },
    { "follow_ups", N_("Follow-up Calls") },
    { "sessions", N_("Upcoming Sessions") },
    { "installments", N_("Overdue Installments") },
    { "after_mediation", N_("After Mediation") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_strcmp0 (titles[i].section, section) == 0)
      return _(titles[i].title);
  return "";
}

static void
update_all_title (TjTodayPage *self)
{
  g_autofree char *count = NULL;
  guint n;

  if (self->all == NULL)
    return;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->all));
  count = g_strdup_printf (ngettext ("%u item", "%u items", n), n);
  adw_window_title_set_title (self->all_title, section_title (tj_agenda_list_get_section (self->all)));
  adw_window_title_set_subtitle (self->all_title, count);
}

static void
all_loaded_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TjTodayPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tj_paged_list_reload_finish (TJ_PAGED_LIST (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the agenda list: %s", error->message);
      return;
    }
  update_all_title (self);
}

static void
reload_all (TjTodayPage *self)
{
  TjCaseContext ctx;

  if (self->all == NULL || self->application == NULL)
    return;
  tj_context_fill_case_context (tj_application_get_context (self->application), &ctx);
  tj_agenda_list_set_query (self->all, &ctx, tj_agenda_list_get_section (self->all), DUE_DAYS);
  tj_paged_list_reload_async (TJ_PAGED_LIST (self->all), self->cancellable, all_loaded_cb, g_object_ref (self));
}

/* today.show-all: the whole list of a kind, in place of the summary. */
static void
show_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  TjTodayPage *self = TJ_TODAY_PAGE (widget);
  const char *section = g_variant_get_string (param, NULL);
  TjCaseContext ctx;

  if (self->repository == NULL || self->application == NULL ||
      !g_strv_contains (tj_agenda_sections (), section))
    return;
  g_clear_object (&self->all);
  self->all = tj_agenda_list_new (self->repository);
  tj_context_fill_case_context (tj_application_get_context (self->application), &ctx);
  tj_agenda_list_set_query (self->all, &ctx, section, DUE_DAYS);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALL_ITEMS]);
  adw_window_title_set_title (self->all_title, section_title (section));
  adw_window_title_set_subtitle (self->all_title, "");
  gtk_stack_set_visible_child_name (self->state_stack, "all");
  tj_paged_list_reload_async (TJ_PAGED_LIST (self->all), self->cancellable, all_loaded_cb, g_object_ref (self));
}

static void
show_summary (TjTodayPage *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->state_stack), "all") != 0)
    return;
  gtk_stack_set_visible_child_name (self->state_stack,
                                    self->summary && tj_agenda_summary_get_total (self->summary) ? "agenda" : "empty");
  g_clear_object (&self->all);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALL_ITEMS]);
}

/* today.back: from the whole list to the summary. */
static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  show_summary (TJ_TODAY_PAGE (widget));
}

static void
all_activate_cb (TjTodayPage *self,
                 guint        position)
{
  g_autoptr(TjAgendaItem) item = NULL;

  if (self->all == NULL)
    return;
  item = g_list_model_get_item (G_LIST_MODEL (self->all), position);
  if (item && tj_row_get_loaded (TJ_ROW (item)) && self->application)
    tj_application_show_case (self->application, tj_agenda_item_get_case_id (item));
}

/* ------------------------------------------------------------------ */
/* Recording a follow-up call                                           */

typedef struct
{
  TjCaseContext  ctx;     /* its strings belong to the application */
  char          *case_id;
  char          *kind;
} Call;

static void
call_free (gpointer data)
{
  Call *call = data;

  g_free (call->case_id);
  g_free (call->kind);
  g_free (call);
}

static gboolean
record_call (TjStore  *store,
             gpointer  data,
             GError  **error)
{
  Call *call = data;

  return tj_agenda_record_follow_up (store, &call->ctx, call->case_id, call->kind, NULL, error);
}

static void
call_recorded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TjTodayPage) self = user_data;
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  if (!tj_repository_run_finish (TJ_REPOSITORY (source), result, NULL, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error == NULL)
    toast = adw_toast_new (_("Follow-up call recorded in the case timeline"));
  else
    toast = adw_toast_new (error->message);
  tj_window_add_toast_for (GTK_WIDGET (self), toast);
  /* The repository's "changed" reads the agenda again. */
}

/* today.record-call (case id, follow-up kind): written on the worker. */
static void
record_call_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  TjTodayPage *self = TJ_TODAY_PAGE (widget);
  Call *call;

  if (self->repository == NULL || self->application == NULL)
    return;
  call = g_new0 (Call, 1);
  g_variant_get (param, "(ss)", &call->case_id, &call->kind);
  tj_context_fill_case_context (tj_application_get_context (self->application), &call->ctx);
  tj_repository_run_async (self->repository, record_call, call, call_free, self->cancellable, call_recorded_cb,
                           g_object_ref (self));
}

/* ------------------------------------------------------------------ */
/* The summary                                                          */

static void
update_summary (TjTodayPage *self)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;
  guint overdue = tj_agenda_summary_get_count (self->summary, "overdue") +
                  tj_agenda_summary_get_count (self->summary, "installments");
  guint due = tj_agenda_summary_get_count (self->summary, "due");
  guint sessions = tj_agenda_summary_get_count (self->summary, "sessions");
  guint follow_ups = tj_agenda_summary_get_count (self->summary, "follow_ups");

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
#undef GET
  for (guint i = 0; i < G_N_ELEMENTS (section_widgets); i++)
    {
      g_autofree char *group = g_strconcat (section_widgets[i], "_group", NULL);
      g_autofree char *list = g_strconcat (section_widgets[i], "_list", NULL);
      g_autofree char *button = g_strconcat (section_widgets[i], "_all", NULL);

      self->groups[i] = GTK_WIDGET (gtk_builder_get_object (builder, group));
      self->lists[i] = GTK_LIST_BOX (gtk_builder_get_object (builder, list));
      self->all_buttons[i] = GTK_BUTTON (gtk_builder_get_object (builder, button));
      gtk_list_box_bind_model (self->lists[i], tj_agenda_summary_get_items (self->summary, section_widgets[i]),
                               create_row_cb, self, NULL);
    }
  gtk_list_box_bind_model (self->dispatched_list, tj_agenda_summary_get_dispatched (self->summary),
                           create_row_cb, self, NULL);
  adw_bin_set_child (self->agenda_bin, GTK_WIDGET (gtk_builder_get_object (builder, "agenda")));
}

/* The counts: which lists show, how many more there are. */
static void
show_counts (TjTodayPage *self)
{
  g_autofree char *heading = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (section_widgets); i++)
    {
      guint n = tj_agenda_summary_get_count (self->summary, section_widgets[i]);
      GListModel *shown = tj_agenda_summary_get_items (self->summary, section_widgets[i]);
      g_autofree char *label = g_strdup_printf (ngettext ("See All %u", "See All %u", n), n);

      gtk_widget_set_visible (self->groups[i], n > 0);
      gtk_button_set_label (self->all_buttons[i], label);
      gtk_widget_set_visible (GTK_WIDGET (self->all_buttons[i]), n > g_list_model_get_n_items (shown));
    }
  gtk_widget_set_visible (self->dispatched_group,
                          g_list_model_get_n_items (tj_agenda_summary_get_dispatched (self->summary)) > 0);
  heading = format_heading_date (tj_agenda_summary_get_today (self->summary));
  gtk_label_set_text (self->date_label, heading);
  update_summary (self);
}

static void
show_error (TjTodayPage  *self,
            const GError *error)
{
  g_warning ("Could not read the agenda: %s", error->message);
  g_clear_pointer (&self->error_message, g_free);
  self->error_message = g_strdup_printf (_("The agenda could not be read: %s"), error->message);
  update_status (self);
  gtk_stack_set_visible_child_name (self->state_stack, "empty");
}

static void
summary_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TjTodayPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean all_shown;

  if (!tj_agenda_summary_reload_finish (TJ_AGENDA_SUMMARY (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }
  self->loaded = TRUE;
  g_clear_pointer (&self->error_message, g_free);
  all_shown = g_strcmp0 (gtk_stack_get_visible_child_name (self->state_stack), "all") == 0;
  /* An empty day costs no widgets until something is due. */
  if (tj_agenda_summary_get_total (self->summary) == 0 && self->setup_group == NULL)
    {
      update_status (self);
      if (!all_shown)
        gtk_stack_set_visible_child_name (self->state_stack, "empty");
      return;
    }
  ensure_agenda (self);
  show_counts (self);
  update_status (self);
  if (!all_shown)
    gtk_stack_set_visible_child_name (self->state_stack, tj_agenda_summary_get_total (self->summary) ? "agenda"
                                                                                                   : "empty");
}

/* Reads the agenda on the repository's worker (and the whole list, when
 * it is open): the main thread stays free while a sync or the CLI writes. */
static void
refresh (TjTodayPage *self)
{
  TjCaseContext ctx;

  if (self->repository == NULL || self->application == NULL)
    {
      update_status (self);
      return;
    }
  if (self->summary == NULL)
    self->summary = tj_agenda_summary_new (self->repository);
  tj_context_fill_case_context (tj_application_get_context (self->application), &ctx);
  tj_agenda_summary_reload_async (self->summary, &ctx, DUE_DAYS, self->cancellable, summary_loaded_cb,
                                  g_object_ref (self));
  reload_all (self);
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
    refresh (self);
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
    refresh (self);
}

/* Hotline cases a sync brought: their list is not a document. */
static void
cases_dispatched_cb (TjTodayPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh (self);
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
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        refresh (self);
    }
  if (scheduler != NULL && scheduler != self->scheduler)
    {
      g_set_weak_pointer (&self->scheduler, scheduler);
      g_signal_connect_object (scheduler, "cases-dispatched", G_CALLBACK (cases_dispatched_cb), self,
                               G_CONNECT_SWAPPED);
    }
}

/* Deadlines counted again with new holidays. */
static void
calendar_changed_cb (TjTodayPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh (self);
}

static void
root_application_cb (TjTodayPage *self)
{
  if (!tj_ui_set_application (&self->application, tj_ui_get_application (GTK_WIDGET (self)), self))
    return;
  if (self->application)
    {
      g_signal_connect_object (self->application, "calendar-changed",
                               G_CALLBACK (calendar_changed_cb), self, G_CONNECT_SWAPPED);
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
  GTK_WIDGET_CLASS (tj_today_page_parent_class)->root (widget);

  tj_ui_follow_root_application (widget, G_CALLBACK (root_application_cb));
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

/* The organisation entered: Today stops asking for it at once; the
 * thresholds of early warning change what is flagged, read again. */
static void
settings_changed_cb (TjTodayPage *self)
{
  update_status (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh (self);
}

static void
tj_today_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TjTodayPage *self = TJ_TODAY_PAGE (object);

  switch (prop_id)
    {
    case PROP_ALL_ITEMS:
      g_value_set_object (value, self->all);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_today_page_dispose (GObject *object)
{
  TjTodayPage *self = TJ_TODAY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_weak_pointer (&self->repository);
  g_clear_weak_pointer (&self->scheduler);
  tj_ui_set_application (&self->application, NULL, self);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->error_message, g_free);

  /* The bin's child is a bound template child: detach it through AdwBin
   * first, or dispose_template() unparents it behind AdwBin's back and
   * AdwBin's dispose unparents a dangling pointer. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TJ_TYPE_TODAY_PAGE);
  g_clear_object (&self->all);
  g_clear_object (&self->summary);

  G_OBJECT_CLASS (tj_today_page_parent_class)->dispose (object);
}

static void
tj_today_page_class_init (TjTodayPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_today_page_dispose;
  object_class->get_property = tj_today_page_get_property;
  widget_class->root = tj_today_page_root;
  widget_class->map = tj_today_page_map;

  /**
   * TjTodayPage:all-items:
   *
   * The whole list "See All" opened (a #TjAgendaList), or %NULL.
   */
  properties[PROP_ALL_ITEMS] =
    g_param_spec_object ("all-items", NULL, NULL, TJ_TYPE_AGENDA_LIST,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "today.show-all", "s", show_all_action);
  gtk_widget_class_install_action (widget_class, "today.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "today.record-call", "(ss)", record_call_action);
  g_type_ensure (TJ_TYPE_AGENDA_ITEM);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-today-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TjTodayPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, TjTodayPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, TjTodayPage, setup_button);
  gtk_widget_class_bind_template_child (widget_class, TjTodayPage, agenda_bin);
  gtk_widget_class_bind_template_child (widget_class, TjTodayPage, all_title);
  gtk_widget_class_bind_template_child (widget_class, TjTodayPage, all_view);
  gtk_widget_class_bind_template_callback (widget_class, all_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, all_item_title);
  gtk_widget_class_bind_template_callback (widget_class, all_item_subtitle);
  gtk_widget_class_bind_template_callback (widget_class, all_badge);
  gtk_widget_class_bind_template_callback (widget_class, all_badge_classes);
  gtk_widget_class_bind_template_callback (widget_class, all_tooltip);
  gtk_widget_class_bind_template_callback (widget_class, all_has_paper);
  gtk_widget_class_bind_template_callback (widget_class, all_paper_label);
  gtk_widget_class_bind_template_callback (widget_class, all_paper_target);
  gtk_widget_class_bind_template_callback (widget_class, all_is_call);
  gtk_widget_class_bind_template_callback (widget_class, all_call_target);
  gtk_widget_class_bind_template_callback (widget_class, all_call_label);
  gtk_widget_class_bind_template_callback (widget_class, all_action_name);
  gtk_widget_class_bind_template_callback (widget_class, all_paper_action_name);
}

static void
tj_today_page_init (TjTodayPage *self)
{
  static const char * const keys[] = {
    "changed::organisation-name", "changed::station-code", "changed::flag-min-workers",
    "changed::flag-min-amount-fen",
  };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
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
