/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "tj-application.h"
#include "tj-audit.h"
#include "tj-calendar.h"
#include "tj-cases-page.h"
#include "tj-centre.h"
#include "tj-chart-widget.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-report.h"
#include "tj-reports-page.h"
#include "tj-ui-application.h"
#include "tj-ui-work.h"
#include "tj-window.h"

/* The Reports section (issue 8): pick a month, quarter, year or custom
 * range; read the headline figures, the charts and the tables; open any
 * figure to the cases behind it; export CSV or PDF.
 *
 * Everything is computed by core (tj-report.h) on the repository's worker
 * thread (tj_report_summary_async() and its siblings): SQLite in WAL mode
 * lets it read while the window's connection writes. */

#define CASES_LIMIT 500

typedef enum {
  PERIOD_MONTH,
  PERIOD_QUARTER,
  PERIOD_YEAR,
  PERIOD_CUSTOM,
} PeriodKind;

struct _TjReportsPage
{
  AdwBin          parent_instance;

  GtkStack       *stack;
  GtkToggleButton *kind_buttons[4];
  GtkDropDown    *kind_dropdown;
  GtkWidget      *step_box;
  GtkWidget      *custom_box;
  GtkMenuButton  *from_button;
  GtkMenuButton  *to_button;
  GtkCalendar    *from_calendar;
  GtkCalendar    *to_calendar;
  GtkLabel       *period_label;
  GtkSpinner     *spinner;
  GtkLabel       *error_label;
  GtkFlowBox     *cards;
  GtkFlowBox     *charts;
  GtkFlowBox     *tables;
  GtkLabel       *cases_title;
  GtkLabel       *cases_subtitle;
  GtkWidget      *cases_empty;
  GtkListBox     *cases_list;

  GSettings      *settings;
  PeriodKind      kind;
  GDate           anchor;      /* a day in the month, quarter or year shown */
  GDate           custom_from;
  GDate           custom_to;
  char           *from;
  char           *to;
  JsonObject     *summary;
  GCancellable   *cancellable; /* of the summary being computed */
  GCancellable   *cases_cancellable;
  guint           busy;        /* summary, case list and exports running */
  GCancellable   *map_cancellable;  /* the look at the database when shown */
  gboolean        is_centre;   /* a centre's database: figures by station */
  gboolean        shown_once;
  gboolean        updating;    /* setting widgets from code */
};

G_DEFINE_FINAL_TYPE (TjReportsPage, tj_reports_page, ADW_TYPE_BIN)

static void refresh (TjReportsPage *self);

/* ------------------------------------------------------------------ */
/* Helpers                                                              */

static TjRepository *
page_repository (TjReportsPage *self)
{
  TjApplication *app = tj_ui_get_application_or_default (GTK_WIDGET (self));

  return app ? tj_application_get_repository (app) : NULL;
}

static void
page_options (TjReportsPage   *self,
              TjReportOptions *options)
{
  tj_report_options_init (options);
  options->collective_min_workers = MAX (1, g_settings_get_uint (self->settings, "flag-min-workers"));
  /* At a centre the figures of every station come too: the table and
   * the chart per station, on screen and in the exports. */
  options->by_station = self->is_centre;
}

static void
busy_push (TjReportsPage *self)
{
  if (self->busy++ == 0)
    gtk_spinner_start (self->spinner);
}

static void
busy_pop (TjReportsPage *self)
{
  if (self->busy > 0 && --self->busy == 0)
    gtk_spinner_stop (self->spinner);
}

static char *
date_iso (const GDate *d)
{
  return tj_date_to_iso (d);
}

static void
clear_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)))
    {
      if (GTK_IS_FLOW_BOX (widget))
        gtk_flow_box_remove (GTK_FLOW_BOX (widget), child);
      else if (GTK_IS_LIST_BOX (widget))
        gtk_list_box_remove (GTK_LIST_BOX (widget), child);
      else if (GTK_IS_BOX (widget))
        gtk_box_remove (GTK_BOX (widget), child);
      else
        gtk_widget_unparent (child);
    }
}

static char *
format_cell (JsonObject *cell)
{
  JsonNode *value = json_object_get_member (cell, "value");
  const char *unit = tj_json_get_string (cell, "unit", "count");

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return g_strdup ("—");
  if (g_str_equal (unit, "fen"))
    return tj_money_format (json_node_get_int (value));
  if (g_str_equal (unit, "rate"))
    return g_strdup_printf ("%.1f%%", json_node_get_double (value) * 100.0);
  if (g_str_equal (unit, "days"))
    /* Translators: a number of days, e.g. "12.5 days" */
    return g_strdup_printf (_("%.1f days"), json_node_get_double (value));
  return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
}

/* ------------------------------------------------------------------ */
/* The period                                                           */

static void
compute_period (TjReportsPage *self,
                GDate         *from,
                GDate         *to)
{
  int y = g_date_get_year (&self->anchor);
  int m = g_date_get_month (&self->anchor);

  switch (self->kind)
    {
    case PERIOD_MONTH:
      g_date_set_dmy (from, 1, m, y);
      g_date_set_dmy (to, g_date_get_days_in_month (m, y), m, y);
      break;
    case PERIOD_QUARTER:
      m = ((m - 1) / 3) * 3 + 1;
      g_date_set_dmy (from, 1, m, y);
      g_date_set_dmy (to, g_date_get_days_in_month (m + 2, y), m + 2, y);
      break;
    case PERIOD_YEAR:
      g_date_set_dmy (from, 1, 1, y);
      g_date_set_dmy (to, 31, 12, y);
      break;
    case PERIOD_CUSTOM:
    default:
      *from = self->custom_from;
      *to = self->custom_to;
      if (g_date_compare (from, to) > 0)
        {
          GDate t = *from;
          *from = *to;
          *to = t;
        }
      break;
    }
}

static void
set_calendar (GtkCalendar *calendar,
              const GDate *d)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (g_date_get_year (d), g_date_get_month (d), g_date_get_day (d),
                                                   12, 0, 0);
  gtk_calendar_select_day (calendar, dt);
}

static void
update_period (TjReportsPage *self)
{
  GDate from, to;
  g_autofree char *label = NULL;

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  compute_period (self, &from, &to);
  g_free (self->from);
  g_free (self->to);
  self->from = date_iso (&from);
  self->to = date_iso (&to);

  self->updating = TRUE;
  gtk_toggle_button_set_active (self->kind_buttons[self->kind], TRUE);
  gtk_drop_down_set_selected (self->kind_dropdown, self->kind);
  gtk_widget_set_visible (self->step_box, self->kind != PERIOD_CUSTOM);
  gtk_widget_set_visible (self->custom_box, self->kind == PERIOD_CUSTOM);
  gtk_menu_button_set_label (self->from_button, self->from);
  gtk_menu_button_set_label (self->to_button, self->to);
  set_calendar (self->from_calendar, &from);
  set_calendar (self->to_calendar, &to);
  self->updating = FALSE;

  label = tj_report_period_label (self->from, self->to);
  gtk_label_set_label (self->period_label, label);
  refresh (self);
}

void
tj_reports_page_set_period (TjReportsPage *self,
                            const char    *from,
                            const char    *to)
{
  GDate a, b;

  g_return_if_fail (TJ_IS_REPORTS_PAGE (self));
  if (!tj_date_parse_iso (from, &a) || !tj_date_parse_iso (to, &b))
    return;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "empty") == 0)
    gtk_stack_set_visible_child_name (self->stack, "report");
  self->shown_once = TRUE;
  self->anchor = a;
  self->custom_from = a;
  self->custom_to = b;
  self->kind = PERIOD_CUSTOM;
  for (PeriodKind k = PERIOD_MONTH; k <= PERIOD_YEAR; k++)
    {
      GDate f, t;
      self->kind = k;
      compute_period (self, &f, &t);
      if (g_date_compare (&f, &a) == 0 && g_date_compare (&t, &b) == 0)
        break;
      self->kind = PERIOD_CUSTOM;
    }
  update_period (self);
}

/* The drop-down list of a narrow window does what its button would. */
static void
kind_picked_cb (TjReportsPage *self)
{
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);

  if (kind < G_N_ELEMENTS (self->kind_buttons) && !gtk_toggle_button_get_active (self->kind_buttons[kind]))
    gtk_toggle_button_set_active (self->kind_buttons[kind], TRUE);
}

static void
kind_toggled_cb (GtkToggleButton *button,
                 TjReportsPage   *self)
{
  GDate from, to;

  if (self->updating || !gtk_toggle_button_get_active (button))
    return;
  /* A custom range starts as the period that was shown. */
  compute_period (self, &from, &to);
  self->custom_from = from;
  self->custom_to = to;
  for (PeriodKind k = PERIOD_MONTH; k <= PERIOD_CUSTOM; k++)
    if (self->kind_buttons[k] == button)
      self->kind = k;
  update_period (self);
}

static void
step (TjReportsPage *self,
      int            direction)
{
  int months = self->kind == PERIOD_MONTH ? 1 : self->kind == PERIOD_QUARTER ? 3 : 12;

  if (self->kind == PERIOD_CUSTOM)
    return;
  g_date_set_day (&self->anchor, 1);
  if (direction > 0)
    g_date_add_months (&self->anchor, months);
  else
    g_date_subtract_months (&self->anchor, months);
  update_period (self);
}

static void
previous_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  step (TJ_REPORTS_PAGE (widget), -1);
}

static void
next_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  step (TJ_REPORTS_PAGE (widget), +1);
}

static void
calendar_changed_cb (GtkCalendar   *calendar,
                     TjReportsPage *self)
{
  g_autoptr(GDateTime) dt = gtk_calendar_get_date (calendar);
  GDate *d = calendar == self->from_calendar ? &self->custom_from : &self->custom_to;

  if (self->updating)
    return;
  g_date_set_dmy (d, g_date_time_get_day_of_month (dt), g_date_time_get_month (dt), g_date_time_get_year (dt));
  gtk_menu_button_popdown (calendar == self->from_calendar ? self->from_button : self->to_button);
  update_period (self);
}

/* ------------------------------------------------------------------ */
/* Showing the summary                                                  */

static void
figure_clicked_cb (GtkWidget     *button,
                   TjReportsPage *self)
{
  const char *figure = g_object_get_data (G_OBJECT (button), "figure");

  if (figure)
    tj_reports_page_open_figure (self, figure);
}

static GtkWidget *
card_new (TjReportsPage *self,
          const char    *value,
          const char    *caption,
          const char    *figure)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *v = gtk_label_new (value);
  GtkWidget *c = gtk_label_new (caption);

  gtk_widget_add_css_class (v, "title-2");
  gtk_widget_add_css_class (c, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (c), TRUE);
  gtk_label_set_justify (GTK_LABEL (c), GTK_JUSTIFY_CENTER);
  gtk_widget_set_margin_top (box, 14);
  gtk_widget_set_margin_bottom (box, 14);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_box_append (GTK_BOX (box), v);
  gtk_box_append (GTK_BOX (box), c);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "card");
  gtk_widget_add_css_class (button, "report-card");
  /* Translators: tooltip of a figure that can be opened */
  gtk_widget_set_tooltip_text (button, _("Show the cases behind this figure"));
  g_object_set_data_full (G_OBJECT (button), "figure", g_strdup (figure), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (figure_clicked_cb), self);
  return button;
}

static void
show_cards (TjReportsPage *self)
{
  JsonObject *s = self->summary;
  JsonNode *rate = json_object_get_member (s, "settlement_rate");
  g_autofree char *rate_text = rate && !JSON_NODE_HOLDS_NULL (rate)
                               ? g_strdup_printf ("%.1f%%", json_node_get_double (rate) * 100) : g_strdup ("—");
  g_autofree char *paid = tj_money_format (tj_json_get_int (s, "paid_fen", 0));
  g_autofree char *received = g_strdup_printf ("%" G_GINT64_FORMAT, tj_json_get_int (s, "received", 0));
  g_autofree char *closed = g_strdup_printf ("%" G_GINT64_FORMAT, tj_json_get_int (s, "closed", 0));
  g_autofree char *workers = g_strdup_printf ("%" G_GINT64_FORMAT, tj_json_get_int (s, "workers_helped", 0));

  clear_children (GTK_WIDGET (self->cards));
  gtk_flow_box_append (self->cards, card_new (self, rate_text, _("Settlement rate"), "closed"));
  gtk_flow_box_append (self->cards, card_new (self, paid, _("Amount recovered"), "paid"));
  gtk_flow_box_append (self->cards, card_new (self, received, _("Cases received"), "received"));
  gtk_flow_box_append (self->cards, card_new (self, closed, _("Cases closed"), "closed"));
  gtk_flow_box_append (self->cards, card_new (self, workers, _("Workers helped"), "agreed"));
}

static void
show_charts (TjReportsPage *self)
{
  if (gtk_widget_get_first_child (GTK_WIDGET (self->charts)) == NULL)
    for (int c = 0; c < TJ_REPORT_N_CHARTS; c++)
      {
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
        GtkWidget *title = gtk_label_new (tj_report_chart_title (c));
        GtkWidget *frame = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
        GtkWidget *chart = tj_chart_widget_new (c);

        gtk_widget_add_css_class (title, "heading");
        gtk_label_set_xalign (GTK_LABEL (title), 0);
        gtk_label_set_wrap (GTK_LABEL (title), TRUE);
        gtk_widget_add_css_class (frame, "card");
        gtk_widget_set_margin_start (chart, 12);
        gtk_widget_set_margin_end (chart, 12);
        gtk_widget_set_margin_top (chart, 12);
        gtk_widget_set_margin_bottom (chart, 12);
        gtk_box_append (GTK_BOX (frame), chart);
        gtk_box_append (GTK_BOX (box), title);
        gtk_box_append (GTK_BOX (box), frame);
        gtk_flow_box_append (self->charts, box);
      }
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->charts)); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *w = child;
      /* flow box child > box > frame > chart */
      w = gtk_widget_get_first_child (gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (w)));
      w = gtk_widget_get_first_child (gtk_widget_get_next_sibling (w));
      if (TJ_IS_CHART_WIDGET (w))
        {
          tj_chart_widget_set_summary (TJ_CHART_WIDGET (w), self->summary);
          /* The station chart only at a centre. */
          gtk_widget_set_visible (child, tj_report_chart_applies (self->summary,
                                                                  tj_chart_widget_get_chart (TJ_CHART_WIDGET (w))));
        }
    }
}

static GtkWidget *
value_widget (TjReportsPage *self,
              JsonObject    *cell,
              GtkSizeGroup  *group)
{
  g_autofree char *text = format_cell (cell);
  const char *figure = tj_json_get_string (cell, "figure", NULL);
  GtkWidget *w;

  if (figure)
    {
      w = gtk_button_new_with_label (text);
      gtk_widget_add_css_class (w, "flat");
      gtk_widget_set_tooltip_text (w, _("Show the cases behind this figure"));
      g_object_set_data_full (G_OBJECT (w), "figure", g_strdup (figure), g_free);
      g_signal_connect (w, "clicked", G_CALLBACK (figure_clicked_cb), self);
      gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (w))), 1);
    }
  else
    {
      w = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (w), 1);
      gtk_widget_set_margin_end (w, 10);
    }
  gtk_widget_set_valign (w, GTK_ALIGN_CENTER);
  if (group)
    gtk_size_group_add_widget (group, w);
  return w;
}

static void
row_activated_cb (AdwActionRow  *row,
                  TjReportsPage *self)
{
  figure_clicked_cb (GTK_WIDGET (row), self);
}

static void
show_tables (TjReportsPage *self)
{
  JsonArray *tables = tj_json_get_array (self->summary, "tables");

  clear_children (GTK_WIDGET (self->tables));
  for (guint t = 0; tables && t < json_array_get_length (tables); t++)
    {
      JsonObject *table = json_array_get_object_element (tables, t);
      JsonArray *columns = tj_json_get_array (table, "columns");
      JsonArray *rows = tj_json_get_array (table, "rows");
      guint n_cols = json_array_get_length (columns);
      GtkWidget *group = adw_preferences_group_new ();
      g_autoptr(GtkSizeGroup) sizes = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);

      gtk_widget_set_valign (group, GTK_ALIGN_START);
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), tj_json_get_string (table, "title", ""));
      if (n_cols > 1)
        {
          /* Column titles, aligned with the values below. */
          GtkWidget *header = adw_action_row_new ();
          for (guint c = 0; c < n_cols; c++)
            {
              JsonObject *col = json_array_get_object_element (columns, c);
              GtkWidget *l = gtk_label_new (tj_json_get_string (col, "title", ""));
              gtk_widget_add_css_class (l, "caption-heading");
              gtk_label_set_xalign (GTK_LABEL (l), 1);
              gtk_label_set_ellipsize (GTK_LABEL (l), PANGO_ELLIPSIZE_END);
              gtk_widget_set_margin_end (l, 10);
              gtk_size_group_add_widget (sizes, l);
              adw_action_row_add_suffix (ADW_ACTION_ROW (header), l);
            }
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), header);
        }
      for (guint r = 0; rows && r < json_array_get_length (rows); r++)
        {
          JsonObject *row = json_array_get_object_element (rows, r);
          JsonArray *cells = tj_json_get_array (row, "cells");
          GtkWidget *ar = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (ar), tj_json_get_string (row, "label", ""));
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (ar), FALSE);
          if (n_cols == 1 && cells && json_array_get_length (cells) == 1)
            {
              JsonObject *cell = json_array_get_object_element (cells, 0);
              g_autofree char *text = format_cell (cell);
              const char *figure = tj_json_get_string (cell, "figure", NULL);
              GtkWidget *l = gtk_label_new (text);
              gtk_widget_add_css_class (l, "numeric");
              adw_action_row_add_suffix (ADW_ACTION_ROW (ar), l);
              if (figure)
                {
                  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (ar), TRUE);
                  g_object_set_data_full (G_OBJECT (ar), "figure", g_strdup (figure), g_free);
                  g_signal_connect (ar, "activated", G_CALLBACK (row_activated_cb), self);
                  adw_action_row_add_suffix (ADW_ACTION_ROW (ar), gtk_image_new_from_icon_name ("go-next-symbolic"));
                }
            }
          else
            for (guint c = 0; cells && c < json_array_get_length (cells); c++)
              adw_action_row_add_suffix (ADW_ACTION_ROW (ar),
                                         value_widget (self, json_array_get_object_element (cells, c), sizes));
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), ar);
        }
      if (n_cols > 1)
        {
          /* Columns side by side are wider than a phone: such a table
           * scrolls sideways rather than widen the window. */
          GtkWidget *scroller = gtk_scrolled_window_new ();

          gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
          gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroller), TRUE);
          gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
          gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), group);
          group = scroller;
        }
      gtk_flow_box_append (self->tables, group);
    }
}

static void
show_summary (TjReportsPage *self)
{
  show_cards (self);
  show_charts (self);
  show_tables (self);
}

static void
summary_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TjReportsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  JsonObject *summary = tj_report_summary_finish (TJ_REPOSITORY (source), result, &error);

  busy_pop (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), summary == NULL);
  if (summary == NULL)
    {
      gtk_label_set_label (self->error_label, error->message);
      return;
    }
  g_clear_pointer (&self->summary, json_object_unref);
  self->summary = summary;
  show_summary (self);
}

static void
refresh (TjReportsPage *self)
{
  TjRepository *repository = page_repository (self);
  TjReportOptions options;

  if (repository == NULL || self->from == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->summary, json_object_unref);

  page_options (self, &options);
  busy_push (self);
  tj_report_summary_async (repository, self->from, self->to, &options, self->cancellable, summary_done_cb,
                           g_object_ref (self));
}

JsonObject *
tj_reports_page_get_summary (TjReportsPage *self)
{
  g_return_val_if_fail (TJ_IS_REPORTS_PAGE (self), NULL);
  return self->summary;
}

/* ------------------------------------------------------------------ */
/* The cases behind a figure                                            */

static void
case_row_activated_cb (AdwActionRow  *row,
                       TjReportsPage *self)
{
  const char *case_id = g_object_get_data (G_OBJECT (row), "case-id");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *cases;

  if (case_id == NULL || !TJ_IS_WINDOW (root))
    return;
  tj_window_set_section (TJ_WINDOW (root), "cases");
  cases = tj_window_get_section_page (TJ_WINDOW (root), "cases");
  if (TJ_IS_CASES_PAGE (cases))
    tj_cases_page_open_case (TJ_CASES_PAGE (cases), case_id);
}

static GtkWidget *
case_row_new (TjReportsPage *self,
              JsonObject    *c)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GString) subtitle = g_string_new (NULL);
  const char *type = tj_json_get_string (c, "type", "case");
  const char *case_id;
  g_autofree char *title = NULL;

  if (g_str_equal (type, "consultation"))
    {
      case_id = tj_json_get_string (c, "case_id", NULL);
      title = g_strdup (tj_json_get_string (c, "title", ""));
      /* Translators: subtitle of a consultation in a report's list */
      g_string_append_printf (subtitle, _("Consultation on %s"), tj_json_get_string (c, "held_on", ""));
      if (case_id)
        {
          g_string_append (subtitle, " · ");
          /* Translators: the consultation became case %s */
          g_string_append_printf (subtitle, _("became case %s"), tj_json_get_string (c, "number", ""));
        }
    }
  else
    {
      const char *outcome = tj_json_get_string (c, "outcome", NULL);
      case_id = tj_json_get_string (c, "id", NULL);
      title = g_strdup_printf ("%s  %s", tj_json_get_string (c, "number", ""), tj_json_get_string (c, "title", ""));
      g_string_append (subtitle, tj_json_get_string (c, "status_label", ""));
      g_string_append (subtitle, " · ");
      g_string_append (subtitle, tj_case_kind_label (tj_json_get_string (c, "kind", "")));
      g_string_append (subtitle, " · ");
      /* Translators: when a case was received */
      g_string_append_printf (subtitle, _("received %s"), tj_json_get_string (c, "received_on", ""));
      if (outcome)
        {
          g_string_append (subtitle, " · ");
          g_string_append_printf (subtitle, "%s %s", tj_report_outcome_label (outcome),
                                  tj_json_get_string (c, "outcome_on", ""));
        }
      if (json_object_has_member (c, "days"))
        {
          g_string_append (subtitle, " · ");
          /* Translators: days from acceptance to outcome */
          g_string_append_printf (subtitle, _("%d days"), (int) tj_json_get_int (c, "days", 0));
        }
      {
        g_autofree char *owed = tj_money_format (MAX (tj_json_get_int (c, "claimed_fen", 0),
                                                      tj_json_get_int (c, "owed_fen", 0)));
        /* Translators: workers of a case and the amount claimed */
        int workers = (int) tj_json_get_int (c, "workers", 0);
        g_autofree char *text = g_strdup_printf (ngettext ("%d worker · %s", "%d workers · %s", workers), workers, owed);
        GtkWidget *l = gtk_label_new (text);
        gtk_widget_add_css_class (l, "dim-label");
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), l);
      }
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  if (case_id)
    {
      g_object_set_data_full (G_OBJECT (row), "case-id", g_strdup (case_id), g_free);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_signal_connect (row, "activated", G_CALLBACK (case_row_activated_cb), self);
    }
  return row;
}

static void
cases_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TjReportsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = tj_report_cases_finish (TJ_REPOSITORY (source), result, &error);
  g_autofree char *period = NULL;
  g_autofree char *subtitle = NULL;
  guint n;

  busy_pop (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (rows == NULL)
    {
      tj_window_add_toast_for (GTK_WIDGET (self), adw_toast_new (error->message));
      return;
    }
  n = json_array_get_length (rows);
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->cases_list, case_row_new (self, json_array_get_object_element (rows, i)));
  period = tj_report_period_label (self->from, self->to);
  if (n >= CASES_LIMIT)
    /* Translators: %1$s is the period, %2$u how many are listed */
    subtitle = g_strdup_printf (_("%1$s · the first %2$u"), period, n);
  else
    subtitle = g_strdup_printf (ngettext ("%1$s · %2$u case", "%1$s · %2$u cases", n), period, n);
  gtk_label_set_label (self->cases_subtitle, subtitle);
  gtk_widget_set_visible (self->cases_empty, n == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->cases_list), n > 0);
}

void
tj_reports_page_open_figure (TjReportsPage *self,
                             const char    *figure)
{
  TjRepository *repository;
  TjReportOptions options;
  g_autofree char *label = NULL;

  g_return_if_fail (TJ_IS_REPORTS_PAGE (self));
  repository = page_repository (self);
  if (repository == NULL || self->from == NULL)
    return;

  label = tj_report_figure_label (figure);
  gtk_label_set_label (self->cases_title, label ? label : figure);
  gtk_label_set_label (self->cases_subtitle, "");
  clear_children (GTK_WIDGET (self->cases_list));
  gtk_widget_set_visible (self->cases_empty, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "cases");

  g_cancellable_cancel (self->cases_cancellable);
  g_clear_object (&self->cases_cancellable);
  self->cases_cancellable = g_cancellable_new ();
  page_options (self, &options);
  options.limit = CASES_LIMIT;
  busy_push (self);
  tj_report_cases_async (repository, self->from, self->to, figure, &options, self->cases_cancellable,
                         cases_done_cb, g_object_ref (self));
}

static void
back_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  TjReportsPage *self = TJ_REPORTS_PAGE (widget);

  g_cancellable_cancel (self->cases_cancellable);
  gtk_stack_set_visible_child_name (self->stack, "report");
}

/* ------------------------------------------------------------------ */
/* Export                                                               */

/* An export under way: the page and the file it writes. */
typedef struct
{
  TjReportsPage *self;
  char          *path;
} Export;

static void
export_free (Export *export)
{
  g_object_unref (export->self);
  g_free (export->path);
  g_free (export);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Export, export_free)

static gboolean
record_export_in_worker (TjStore              *store,
                         const TjCaseContext  *ctx,
                         gpointer              period,
                         GError              **error)
{
  TjAuditEntry entry = { TJ_AUDIT_EXPORT, NULL, NULL, "report", NULL, period, FALSE };
  g_autofree char *audit_id = tj_audit_record (store, ctx, &entry, error);

  return audit_id != NULL;
}

static void
export_recorded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!tj_ui_work_run_finish (result, NULL, &error))
    g_warning ("The report export could not be recorded: %s", error->message);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Export) export = user_data;
  TjReportsPage *self = export->self;
  const char *path = export->path;
  g_autoptr(GError) error = NULL;
  AdwToast *t;

  busy_pop (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export", TRUE);
  if (!tj_report_export_file_finish (TJ_REPOSITORY (source), result, &error))
    {
      /* Translators: %s says why the report could not be saved */
      g_autofree char *text = g_strdup_printf (_("The report was not saved: %s"), error->message);
      t = adw_toast_new (text);
      adw_toast_set_timeout (t, 0);
    }
  else
    {
      g_autofree char *base = g_path_get_basename (path);
      /* Translators: %s is a file name */
      g_autofree char *text = g_strdup_printf (_("Saved %s"), base);
      TjApplication *app = tj_ui_get_application_or_default (GTK_WIDGET (self));

      /* The export is in the access log, like every export: written on
       * the repository's worker. */
      if (app && tj_application_get_repository (app))
        tj_ui_work_run_async (app, record_export_in_worker, tj_report_period_label (self->from, self->to), g_free,
                              NULL, export_recorded_cb, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autofree char *uri = g_file_get_uri (file);
      t = adw_toast_new (text);
      adw_toast_set_button_label (t, _("Open"));
      adw_toast_set_action_name (t, "reports.open-file");
      adw_toast_set_action_target_value (t, g_variant_new_string (uri));
    }
  tj_window_add_toast_for (GTK_WIDGET (self), t);
}

static void
export_to (TjReportsPage *self,
           const char    *format,
           const char    *path)
{
  TjRepository *repository = page_repository (self);
  g_autofree char *organisation = NULL;
  TjReportOptions options;
  Export *export;

  if (repository == NULL)
    return;
  organisation = g_settings_get_string (self->settings, "organisation-name");
  page_options (self, &options);
  export = g_new0 (Export, 1);
  export->self = g_object_ref (self);
  export->path = g_strdup (path);
  busy_push (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export", FALSE);
  tj_report_export_file_async (repository, self->from, self->to, format, organisation, &options, path, NULL,
                               export_done_cb, export);
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     TjReportsPage   *self)
{
  const char *format = g_object_get_data (G_OBJECT (dialog), "format");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      if (path)
        export_to (self, format, path);
    }
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  TjReportsPage *self = TJ_REPORTS_PAGE (widget);
  const char *format = g_variant_get_string (param, NULL);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *period = tj_report_period_label (self->from, self->to);
  g_autofree char *suggested = NULL;
  gboolean pdf = g_strcmp0 (format, "pdf") == 0;

  if (self->from == NULL)
    return;
  chooser = gtk_file_chooser_native_new (pdf ? _("Export the Report as PDF") : _("Export the Figures as CSV"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* Translators: file name of an exported report; %s is the period, e.g. 2026年第三季度 */
  suggested = g_strdup_printf (_("Mediation report %s.%s"), period, pdf ? "pdf" : "csv");
  g_strdelimit (suggested, "/\\:", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);
  gtk_file_filter_set_name (filter, pdf ? _("PDF documents") : _("CSV spreadsheets"));
  gtk_file_filter_add_suffix (filter, pdf ? "pdf" : "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_set_data_full (G_OBJECT (chooser), "format", g_strdup (pdf ? "pdf" : "csv"), g_free);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_file_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  g_app_info_launch_default_for_uri_async (g_variant_get_string (param, NULL), NULL, NULL, NULL, NULL);
}

/* ------------------------------------------------------------------ */
/* Life cycle                                                           */

/* Whether there are cases at all, and whether this is a centre's
 * database: read on the repository's worker whenever the section is
 * shown. */
typedef struct {
  gboolean has_cases;
  gboolean is_centre;
} Look;

static gboolean
look_in_worker (TjStore              *store,
                const TjCaseContext  *ctx,
                gpointer              data,
                GError              **error)
{
  Look *look = data;

  look->has_cases = tj_report_has_cases (store);
  look->is_centre = tj_centre_is_centre (store);
  return TRUE;
}

static void
looked_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TjReportsPage) self = user_data;
  Look *look = NULL;

  if (!tj_ui_work_run_finish (result, (gpointer *) &look, NULL))
    return;
  self->is_centre = look->is_centre;
  /* Before the first case there is nothing to count: say what will be. */
  if (!look->has_cases)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "empty") == 0)
    gtk_stack_set_visible_child_name (self->stack, "report");
  /* Figures change as cases are worked: recompute whenever the section
   * is shown again. */
  if (!self->shown_once)
    {
      self->shown_once = TRUE;
      update_period (self);
    }
  else
    refresh (self);
}

static void
map_cb (GtkWidget     *widget,
        TjReportsPage *self)
{
  TjApplication *app = tj_ui_get_application_or_default (GTK_WIDGET (self));

  g_cancellable_cancel (self->map_cancellable);
  g_clear_object (&self->map_cancellable);
  if (app == NULL || tj_application_get_repository (app) == NULL)
    return;
  self->map_cancellable = g_cancellable_new ();
  tj_ui_work_run_async (app, look_in_worker, g_new0 (Look, 1), g_free, self->map_cancellable, looked_cb,
                        g_object_ref (self));
}

static void
tj_reports_page_dispose (GObject *object)
{
  TjReportsPage *self = TJ_REPORTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->cases_cancellable);
  g_cancellable_cancel (self->map_cancellable);
  g_clear_object (&self->map_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->cases_cancellable);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->summary, json_object_unref);
  g_clear_pointer (&self->from, g_free);
  g_clear_pointer (&self->to, g_free);
  G_OBJECT_CLASS (tj_reports_page_parent_class)->dispose (object);
}

static void
tj_reports_page_class_init (TjReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_reports_page_dispose;

  g_type_ensure (TJ_TYPE_CHART_WIDGET);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TjReportsPage, stack);
  gtk_widget_class_bind_template_child_full (widget_class, "kind_month", FALSE,
                                             G_STRUCT_OFFSET (TjReportsPage, kind_buttons[PERIOD_MONTH]));
  gtk_widget_class_bind_template_child_full (widget_class, "kind_quarter", FALSE,
                                             G_STRUCT_OFFSET (TjReportsPage, kind_buttons[PERIOD_QUARTER]));
  gtk_widget_class_bind_template_child_full (widget_class, "kind_year", FALSE,
                                             G_STRUCT_OFFSET (TjReportsPage, kind_buttons[PERIOD_YEAR]));
  gtk_widget_class_bind_template_child_full (widget_class, "kind_custom", FALSE,
                                             G_STRUCT_OFFSET (TjReportsPage, kind_buttons[PERIOD_CUSTOM]));
  gtk_widget_class_bind_template_child (widget_class, TjReportsPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TjReportsPage, step_box);
  gtk_widget_class_bind_template_child (widget_class, TjReportsPage, custom_box);
  gtk_widget_class_bind_template_child (widget_class, TjReportsPage, from_button);
  gtk_widget_class_bind_template_child (widget_class, TjReportsPage, to_button);
  gtk_widget_class_bind_template_child (widget_class, TjReportsPage, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, TjReportsPage, to_calendar);
  gtk_widget_class_bind_template_child (widget_class, TjReportsPage, period_label);
  gtk_widget_class_bind_template_child (widget_class, TjReportsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, TjReportsPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, TjReportsPage, cards);
  gtk_widget_class_bind_template_child (widget_class, TjReportsPage, charts);
  gtk_widget_class_bind_template_child (widget_class, TjReportsPage, tables);
  gtk_widget_class_bind_template_child (widget_class, TjReportsPage, cases_title);
  gtk_widget_class_bind_template_child (widget_class, TjReportsPage, cases_subtitle);
  gtk_widget_class_bind_template_child (widget_class, TjReportsPage, cases_empty);
  gtk_widget_class_bind_template_child (widget_class, TjReportsPage, cases_list);

  gtk_widget_class_install_action (widget_class, "reports.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "reports.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "reports.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "reports.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "reports.open-file", "s", open_file_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "reports.back", NULL);
}

static void
tj_reports_page_init (TjReportsPage *self)
{
  GDate today;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
  g_date_clear (&today, 1);
  tj_date_set_today (&today);
  self->anchor = today;
  self->custom_from = today;
  self->custom_to = today;
  self->kind = PERIOD_QUARTER;

  for (PeriodKind k = PERIOD_MONTH; k <= PERIOD_CUSTOM; k++)
    g_signal_connect (self->kind_buttons[k], "toggled", G_CALLBACK (kind_toggled_cb), self);
  g_signal_connect_swapped (self->kind_dropdown, "notify::selected", G_CALLBACK (kind_picked_cb), self);
  g_signal_connect (self->from_calendar, "day-selected", G_CALLBACK (calendar_changed_cb), self);
  g_signal_connect (self->to_calendar, "day-selected", G_CALLBACK (calendar_changed_cb), self);
  g_signal_connect (self, "map", G_CALLBACK (map_cb), self);
}

GtkWidget *
tj_reports_page_new (void)
{
  return g_object_new (TJ_TYPE_REPORTS_PAGE, NULL);
}
