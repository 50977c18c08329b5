/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-application.h"
#include "tj-centre.h"
#include "tj-centre-case.h"
#include "tj-centre-follow-up.h"
#include "tj-centre-overview.h"
#include "tj-centre-page.h"
#include "tj-centre-station.h"
#include "tj-centre-sync.h"
#include "tj-json.h"
#include "tj-ui-application.h"
#include "tj-ui-format.h"
#include "tj-ui-work.h"
#include "tj-window.h"

/* The Centre section (see tj-centre-page.h). Three GtkColumnViews over
 * GListStores of core's row objects; the stores are filled from what the
 * repository's worker read, so the main thread never waits for SQL. */

/* Mediation limits due within this many days count as due. */
#define DUE_DAYS 7

struct _TjCentrePage
{
  AdwBin          parent_instance;

  GtkStack       *stack;
  AdwStatusPage  *status_page;
  GtkLabel       *summary_label;
  GtkSpinner     *sync_spinner;
  GtkWidget      *sync_button;
  GtkLabel       *error_label;
  AdwViewStack   *view_stack;
  GtkStack       *stations_stack;
  GtkColumnView  *stations_view;
  GtkLabel       *station_title;
  GtkLabel       *station_subtitle;
  GtkColumnView  *cases_view;
  GtkStack       *follow_ups_stack;
  GtkColumnView  *follow_ups_view;

  GListStore     *stations;
  GListStore     *cases;
  GListStore     *follow_ups;

  TjApplication  *application;  /* weak */
  TjRepository   *repository;   /* weak: whose "changed" we follow */
  GCancellable   *cancellable;  /* the reload under way */
  GCancellable   *sync_cancellable;
  TjCentreSync   *sync;         /* the centre sync under way */
  char           *station;      /* the station whose cases are shown */
  JsonObject     *overview;     /* what is shown, to skip redraws */
  JsonArray      *follow_ups_json;
  JsonArray      *cases_json;
  gboolean        loading;
};

G_DEFINE_FINAL_TYPE (TjCentrePage, tj_centre_page, ADW_TYPE_BIN)

static void refresh_async (TjCentrePage *self);

static void
toast (TjCentrePage *self,
       const char   *text)
{
  tj_window_add_toast_for (GTK_WIDGET (self), adw_toast_new (text));
}

/* ------------------------------------------------------------------ */
/* Columns                                                              */

typedef enum {
  CELL_TEXT,      /* a label, start-aligned */
  CELL_NUMBER,    /* a label, end-aligned digits */
  CELL_TWO_LINES, /* a title and a dim line under it */
  CELL_PILL,      /* a case status pill */
  CELL_BUTTON,    /* the follow-up call's Record… */
} CellKind;

typedef void (*CellBind) (TjCentrePage *self,
                          GtkWidget    *cell,
                          gpointer      item);

typedef struct {
  TjCentrePage *page;
  CellKind      kind;
  CellBind      bind;
} Column;

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          Column                   *column)
{
  GtkWidget *cell;

  switch (column->kind)
    {
    case CELL_TWO_LINES:
      {
        GtkWidget *title = gtk_label_new (NULL);
        GtkWidget *detail = gtk_label_new (NULL);

        cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
        gtk_label_set_xalign (GTK_LABEL (title), 0);
        gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
        gtk_label_set_xalign (GTK_LABEL (detail), 0);
        gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
        gtk_widget_add_css_class (detail, "dim-label");
        gtk_widget_add_css_class (detail, "caption");
        gtk_box_append (GTK_BOX (cell), title);
        gtk_box_append (GTK_BOX (cell), detail);
        break;
      }
    case CELL_PILL:
      cell = tj_ui_status_pill_new ("intake");
      gtk_widget_set_halign (cell, GTK_ALIGN_START);
      gtk_widget_set_valign (cell, GTK_ALIGN_CENTER);
      break;
    case CELL_BUTTON:
      cell = gtk_button_new_with_label (_("Record…"));
      gtk_widget_set_halign (cell, GTK_ALIGN_END);
      gtk_widget_set_valign (cell, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (cell, _("Record the call and what the worker said"));
      break;
    case CELL_NUMBER:
      cell = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (cell), 1);
      gtk_widget_add_css_class (cell, "numeric");
      break;
    case CELL_TEXT:
    default:
      cell = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (cell), 0);
      gtk_label_set_ellipsize (GTK_LABEL (cell), PANGO_ELLIPSIZE_END);
      break;
    }
  gtk_widget_set_margin_top (cell, 6);
  gtk_widget_set_margin_bottom (cell, 6);
  gtk_list_item_set_child (list_item, cell);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         Column                   *column)
{
  column->bind (column->page, gtk_list_item_get_child (list_item), gtk_list_item_get_item (list_item));
}

static GtkColumnViewColumn *
add_column (TjCentrePage  *self,
            GtkColumnView *view,
            const char    *title,
            CellKind       kind,
            CellBind       bind,
            gboolean       expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  Column *column = g_new0 (Column, 1);
  GtkColumnViewColumn *c;

  column->page = self;
  column->kind = kind;
  column->bind = bind;
  g_signal_connect_data (factory, "setup", G_CALLBACK (setup_cb), column, (GClosureNotify) g_free, 0);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), column);
  c = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (c, expand);
  gtk_column_view_column_set_resizable (c, TRUE);
  gtk_column_view_append_column (view, c);
  g_object_unref (c);
  return c;
}

/* A number that is bad news when it is not zero. */
static void
set_count (GtkWidget  *label,
           gint64      n,
           const char *css_when_nonzero)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, n);

  gtk_label_set_label (GTK_LABEL (label), text);
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "warning");
  gtk_widget_remove_css_class (label, "accent");
  gtk_widget_remove_css_class (label, "heading");
  if (n > 0 && css_when_nonzero)
    {
      gtk_widget_add_css_class (label, css_when_nonzero);
      gtk_widget_add_css_class (label, "heading");
    }
}

static void
set_two_lines (GtkWidget  *cell,
               const char *title,
               const char *detail)
{
  GtkWidget *first = gtk_widget_get_first_child (cell);

  gtk_label_set_label (GTK_LABEL (first), title);
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_next_sibling (first)), detail);
  gtk_widget_set_visible (gtk_widget_get_next_sibling (first), detail && *detail);
}

/* ---- stations ---- */

static void
bind_station_name (TjCentrePage *self,
                   GtkWidget    *cell,
                   gpointer      item)
{
  TjCentreStation *s = item;
  g_autofree char *detail = g_strdup_printf ("%s · %s", tj_centre_station_get_code (s),
                                             tj_centre_station_get_database (s));

  set_two_lines (cell, tj_centre_station_get_name (s), detail);
}

/* Why the last centre sync with a station failed, in a few words (the
 * whole message is the cell's tooltip). */
static const char *
sync_error_reason (TjCentreStation *s)
{
  const char *kind = tj_json_get_string (tj_centre_station_get_json (s), "sync_error_kind", NULL);

  if (g_strcmp0 (kind, "network") == 0)
    return _("Server not reached");
  if (g_strcmp0 (kind, "database_missing") == 0)
    return _("No database on the server");
  if (g_strcmp0 (kind, "no_access") == 0)
    return _("Centre account refused");
  if (g_strcmp0 (kind, "refused") == 0)
    return _("Documents refused");
  return NULL;
}

static void
bind_station_sync (TjCentrePage *self,
                   GtkWidget    *cell,
                   gpointer      item)
{
  TjCentreStation *s = item;
  const char *state = tj_centre_station_get_sync_state (s);
  g_autofree char *when = NULL;
  g_autofree char *last_ok = NULL;
  g_autofree char *tip = NULL;

  gtk_widget_remove_css_class (cell, "error");
  if (g_strcmp0 (state, "never") == 0 || *state == '\0')
    {
      /* Translators: a station the centre has not synced with yet. */
      set_two_lines (cell, _("Never synced"), NULL);
      gtk_widget_set_tooltip_text (cell, NULL);
      return;
    }
  when = tj_ui_format_timestamp (tj_centre_station_get_last_sync_at (s));
  if (g_strcmp0 (state, "ok") == 0)
    {
      set_two_lines (cell, when, NULL);
      gtk_widget_set_tooltip_text (cell, NULL);
      return;
    }
  last_ok = *tj_centre_station_get_last_ok_at (s)
            ? tj_ui_format_timestamp (tj_centre_station_get_last_ok_at (s)) : NULL;
  {
    /* Translators: the last centre sync with a station failed at this time. */
    g_autofree char *failed = g_strdup_printf (_("Failed %s"), when);
    /* Translators: when a station last synced without a failure. */
    g_autofree char *ok = last_ok ? g_strdup_printf (_("Last good: %s"), last_ok)
                                  : g_strdup (_("Never synced successfully"));
    const char *reason = sync_error_reason (s);
    g_autofree char *detail = reason ? g_strdup_printf ("%s · %s", reason, ok) : g_strdup (ok);

    set_two_lines (cell, failed, detail);
  }
  gtk_widget_add_css_class (cell, "error");
  tip = g_strdup (tj_centre_station_get_sync_error (s));
  gtk_widget_set_tooltip_text (cell, tip);
}

static void
bind_station_open (TjCentrePage *self, GtkWidget *cell, gpointer item)
{
  set_count (cell, tj_centre_station_get_open_cases (item), NULL);
}

static void
bind_station_due (TjCentrePage *self, GtkWidget *cell, gpointer item)
{
  set_count (cell, tj_centre_station_get_deadlines_due (item), "accent");
}

static void
bind_station_missed (TjCentrePage *self, GtkWidget *cell, gpointer item)
{
  set_count (cell, tj_centre_station_get_deadlines_missed (item), "error");
}

static void
bind_station_collective (TjCentrePage *self, GtkWidget *cell, gpointer item)
{
  set_count (cell, tj_centre_station_get_collective (item), "warning");
}

static void
bind_station_installments (TjCentrePage *self, GtkWidget *cell, gpointer item)
{
  set_count (cell, tj_centre_station_get_overdue_installments (item), "error");
}

/* ---- a station's cases ---- */

static void
bind_case_title (TjCentrePage *self,
                 GtkWidget    *cell,
                 gpointer      item)
{
  TjCentreCase *c = item;
  const char *employer = tj_centre_case_get_employer (c);
  g_autofree char *detail = *employer ? g_strdup_printf ("%s · %s", tj_centre_case_get_number (c), employer)
                                      : g_strdup (tj_centre_case_get_number (c));

  set_two_lines (cell, tj_centre_case_get_title (c), detail);
}

static void
bind_case_status (TjCentrePage *self,
                  GtkWidget    *cell,
                  gpointer      item)
{
  tj_ui_status_pill_set (cell, tj_centre_case_get_status (item));
  gtk_label_set_label (GTK_LABEL (cell), tj_centre_case_get_status_label (item));
}

static void
bind_case_received (TjCentrePage *self,
                    GtkWidget    *cell,
                    gpointer      item)
{
  g_autofree char *date = tj_ui_format_date (tj_centre_case_get_received_on (item));

  gtk_label_set_label (GTK_LABEL (cell), date);
}

static void
bind_case_deadline (TjCentrePage *self,
                    GtkWidget    *cell,
                    gpointer      item)
{
  TjCentreCase *c = item;
  gint64 left = tj_centre_case_get_days_left (c);
  g_autofree char *text = NULL;
  g_autofree char *date = NULL;

  gtk_widget_remove_css_class (cell, "error");
  gtk_widget_remove_css_class (cell, "warning");
  if (left == G_MININT || !tj_centre_case_get_open (c))
    {
      gtk_label_set_label (GTK_LABEL (cell), "—");
      gtk_widget_set_tooltip_text (cell, NULL);
      return;
    }
  text = tj_ui_format_days_left ((int) left);
  date = tj_ui_format_date (tj_centre_case_get_mediation_deadline (c));
  gtk_label_set_label (GTK_LABEL (cell), text);
  gtk_widget_set_tooltip_text (cell, date);
  if (left < 0)
    gtk_widget_add_css_class (cell, "error");
  else if (left <= DUE_DAYS)
    gtk_widget_add_css_class (cell, "warning");
}

static void
bind_case_flags (TjCentrePage *self,
                 GtkWidget    *cell,
                 gpointer      item)
{
  TjCentreCase *c = item;
  g_autoptr(GString) text = g_string_new (NULL);

  gtk_widget_remove_css_class (cell, "error");
  if (tj_centre_case_get_flagged (c))
    {
      g_string_append (text, _("Early warning"));
      gtk_widget_add_css_class (cell, "error");
    }
  if (tj_centre_case_get_dispatched (c))
    {
      if (text->len)
        g_string_append (text, " · ");
      /* Translators: a case that came through the 12351 hotline. */
      g_string_append (text, _("12351 hotline"));
    }
  gtk_label_set_label (GTK_LABEL (cell), text->str);
}

/* ---- follow-up calls ---- */

static void
bind_call_station (TjCentrePage *self,
                   GtkWidget    *cell,
                   gpointer      item)
{
  gtk_label_set_label (GTK_LABEL (cell), tj_centre_follow_up_get_station_name (item));
}

static void
bind_call_case (TjCentrePage *self,
                GtkWidget    *cell,
                gpointer      item)
{
  set_two_lines (cell, tj_centre_follow_up_get_title (item), tj_centre_follow_up_get_number (item));
}

static void
bind_call_kind (TjCentrePage *self,
                GtkWidget    *cell,
                gpointer      item)
{
  g_autofree char *closed = tj_ui_format_date (tj_centre_follow_up_get_closed_on (item));
  /* Translators: under the name of a follow-up call: the day its case was closed. */
  g_autofree char *detail = g_strdup_printf (_("Closed %s"), closed);

  set_two_lines (cell, tj_centre_follow_up_get_label (item), detail);
}

static void
bind_call_due (TjCentrePage *self,
               GtkWidget    *cell,
               gpointer      item)
{
  TjCentreFollowUp *call = item;
  g_autofree char *date = tj_ui_format_date (tj_centre_follow_up_get_due_on (call));
  g_autofree char *left = NULL;
  gboolean done = g_strcmp0 (tj_centre_follow_up_get_state (call), "done") == 0;
  GtkWidget *detail = gtk_widget_get_next_sibling (gtk_widget_get_first_child (cell));

  left = done ? NULL : tj_ui_format_days_left ((int) tj_centre_follow_up_get_days_left (call));
  set_two_lines (cell, date, left);
  gtk_widget_remove_css_class (detail, "error");
  if (!done && tj_centre_follow_up_get_days_left (call) < 0)
    gtk_widget_add_css_class (detail, "error");
}

static void
bind_call_result (TjCentrePage *self,
                  GtkWidget    *cell,
                  gpointer      item)
{
  TjCentreFollowUp *call = item;
  gint64 attempts = tj_centre_follow_up_get_attempts (call);
  g_autofree char *tries = attempts > 0
    ? g_strdup_printf (ngettext ("%d attempt without reaching the worker", "%d attempts without reaching the worker",
                                 (gulong) attempts), (int) attempts)
    : NULL;

  if (g_strcmp0 (tj_centre_follow_up_get_state (call), "done") == 0)
    {
      const char *note = tj_centre_follow_up_get_note (call);
      g_autofree char *when = tj_ui_format_timestamp (tj_centre_follow_up_get_done_at (call));
      g_autofree char *detail = *note ? g_strdup_printf ("%s · %s", when, note) : g_strdup (when);

      set_two_lines (cell, tj_centre_follow_up_get_outcome_label (call), detail);
      gtk_widget_set_tooltip_text (cell, *note ? note : NULL);
    }
  else
    {
      /* Translators: a follow-up call not made yet. */
      set_two_lines (cell, _("To call"), tries);
      gtk_widget_set_tooltip_text (cell, NULL);
    }
}

static void
bind_call_action (TjCentrePage *self,
                  GtkWidget    *cell,
                  gpointer      item)
{
  TjCentreFollowUp *call = item;
  g_autofree char *target = g_strdup_printf ("%s %s", tj_centre_follow_up_get_case_id (call),
                                             tj_centre_follow_up_get_follow_up (call));

  /* The target first: an action with a parameter and no target warns. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (cell), "s", target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cell), "centre.record-follow-up");
  gtk_widget_set_visible (cell, g_strcmp0 (tj_centre_follow_up_get_state (call), "done") != 0);
}

static void
build_columns (TjCentrePage *self)
{
  add_column (self, self->stations_view, _("Station"), CELL_TWO_LINES, bind_station_name, TRUE);
  add_column (self, self->stations_view, _("Last Sync"), CELL_TWO_LINES, bind_station_sync, FALSE);
  add_column (self, self->stations_view, _("Open Cases"), CELL_NUMBER, bind_station_open, FALSE);
  add_column (self, self->stations_view, _("Limits Due"), CELL_NUMBER, bind_station_due, FALSE);
  add_column (self, self->stations_view, _("Limits Missed"), CELL_NUMBER, bind_station_missed, FALSE);
  add_column (self, self->stations_view, _("Early Warnings"), CELL_NUMBER, bind_station_collective, FALSE);
  add_column (self, self->stations_view, _("Overdue Installments"), CELL_NUMBER, bind_station_installments, FALSE);

  add_column (self, self->cases_view, _("Case"), CELL_TWO_LINES, bind_case_title, TRUE);
  add_column (self, self->cases_view, _("Status"), CELL_PILL, bind_case_status, FALSE);
  add_column (self, self->cases_view, _("Received"), CELL_TEXT, bind_case_received, FALSE);
  add_column (self, self->cases_view, _("Mediation Limit"), CELL_TEXT, bind_case_deadline, FALSE);
  /* Translators: an early warning, a hotline case: what sets a station's
   * case apart. */
  add_column (self, self->cases_view, C_("centre case column", "Marks"), CELL_TEXT, bind_case_flags,
              FALSE);

  add_column (self, self->follow_ups_view, _("Station"), CELL_TEXT, bind_call_station, FALSE);
  add_column (self, self->follow_ups_view, _("Case"), CELL_TWO_LINES, bind_call_case, TRUE);
  add_column (self, self->follow_ups_view, _("Call"), CELL_TWO_LINES, bind_call_kind, FALSE);
  add_column (self, self->follow_ups_view, _("Due"), CELL_TWO_LINES, bind_call_due, FALSE);
  add_column (self, self->follow_ups_view, C_("follow-up call", "Outcome"), CELL_TWO_LINES, bind_call_result, FALSE);
  add_column (self, self->follow_ups_view, "", CELL_BUTTON, bind_call_action, FALSE);
}

/* ------------------------------------------------------------------ */
/* Loading                                                              */

typedef struct
{
  char       *today;
  guint       flag_min_workers;
  gint64      flag_min_amount_fen;
  char       *station;
  JsonObject *overview;
  JsonArray  *follow_ups;
  JsonArray  *cases;
} Load;

static void
load_free (gpointer data)
{
  Load *load = data;

  g_free (load->today);
  g_free (load->station);
  g_clear_pointer (&load->overview, json_object_unref);
  g_clear_pointer (&load->follow_ups, json_array_unref);
  g_clear_pointer (&load->cases, json_array_unref);
  g_free (load);
}

/* On the repository's worker. */
static gboolean
load_centre (TjStore  *store,
             gpointer  data,
             GError  **error)
{
  Load *load = data;
  TjCaseContext ctx;

  tj_case_context_init_defaults (&ctx);
  ctx.today = load->today;
  ctx.flag_min_workers = load->flag_min_workers;
  ctx.flag_min_amount_fen = load->flag_min_amount_fen;
  /* A station added on the main connection made this store a centre
   * after the worker's connection opened. */
  if (!tj_centre_attach (store, error))
    return FALSE;
  load->overview = tj_centre_overview (store, &ctx, DUE_DAYS, error);
  if (load->overview == NULL)
    return FALSE;
  load->follow_ups = tj_centre_follow_ups (store, &ctx, DUE_DAYS, error);
  if (load->follow_ups == NULL)
    return FALSE;
  if (load->station)
    {
      g_autoptr(GError) local_error = NULL;

      /* A station removed meanwhile: back to the list. */
      load->cases = tj_centre_station_cases (store, &ctx, load->station, &local_error);
      if (load->cases == NULL && !g_error_matches (local_error, TJ_ERROR, TJ_ERROR_INVALID))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
same_json (JsonNode *a,
           JsonNode *b)
{
  return a && b && json_node_equal (a, b);
}

static gboolean
same_object (JsonObject *a,
             JsonObject *b)
{
  g_autoptr(JsonNode) na = a ? json_node_init_object (json_node_alloc (), a) : NULL;
  g_autoptr(JsonNode) nb = b ? json_node_init_object (json_node_alloc (), b) : NULL;

  return same_json (na, nb);
}

static gboolean
same_array (JsonArray *a,
            JsonArray *b)
{
  g_autoptr(JsonNode) na = a ? json_node_init_array (json_node_alloc (), a) : NULL;
  g_autoptr(JsonNode) nb = b ? json_node_init_array (json_node_alloc (), b) : NULL;

  return same_json (na, nb);
}

static void
splice (GListStore *store,
        GPtrArray  *items)
{
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)), items->pdata, items->len);
}

static void
update_summary (TjCentrePage *self)
{
  JsonObject *totals = tj_json_get_object (self->overview, "totals");
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->stations));
  gint64 open = tj_json_get_int (totals, "open_cases", 0);
  gint64 missed = tj_json_get_int (totals, "deadlines_missed", 0);
  gint64 warnings = tj_json_get_int (totals, "collective", 0);
  g_autofree char *stations = g_strdup_printf (ngettext ("%u station", "%u stations", n), n);
  g_autofree char *cases = g_strdup_printf (ngettext ("%d open case", "%d open cases", (gulong) open), (int) open);
  g_autofree char *limits = g_strdup_printf (ngettext ("%d limit missed", "%d limits missed", (gulong) missed),
                                             (int) missed);
  g_autofree char *flags = g_strdup_printf (ngettext ("%d early warning", "%d early warnings", (gulong) warnings),
                                            (int) warnings);
  /* Translators: "3 stations · 120 open cases · 2 limits missed · 1 early warning" */
  g_autofree char *text = g_strdup_printf (_("%s · %s · %s · %s"), stations, cases, limits, flags);

  gtk_label_set_label (self->summary_label, text);
}

static void
show_station_header (TjCentrePage *self)
{
  for (guint i = 0; self->station && i < g_list_model_get_n_items (G_LIST_MODEL (self->stations)); i++)
    {
      g_autoptr(TjCentreStation) s = g_list_model_get_item (G_LIST_MODEL (self->stations), i);

      if (g_strcmp0 (tj_centre_station_get_code (s), self->station) == 0)
        {
          gint64 open = tj_centre_station_get_open_cases (s);
          gint64 all = tj_centre_station_get_cases (s);
          g_autofree char *title = g_strdup_printf ("%s (%s)", tj_centre_station_get_name (s),
                                                    tj_centre_station_get_code (s));
          /* Translators: under a station's name: "12 cases, 5 open, as the station recorded them" */
          g_autofree char *subtitle = g_strdup_printf (ngettext ("%d case, %d open, as the station recorded them",
                                                                 "%d cases, %d open, as the station recorded them",
                                                                 (gulong) all), (int) all, (int) open);
          gtk_label_set_label (self->station_title, title);
          gtk_label_set_label (self->station_subtitle, subtitle);
        }
    }
}

static void
show_load (TjCentrePage *self,
           Load         *load,
           const GError *error)
{
  if (error)
    {
      g_autofree char *text = g_strdup_printf (_("The centre’s overview could not be read: %s"), error->message);

      g_warning ("Could not read the centre overview: %s", error->message);
      gtk_label_set_label (self->error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  if (!same_object (self->overview, load->overview))
    {
      g_autoptr(GPtrArray) items = tj_centre_station_items_from (tj_json_get_array (load->overview, "stations"));

      g_clear_pointer (&self->overview, json_object_unref);
      self->overview = json_object_ref (load->overview);
      splice (self->stations, items);
      update_summary (self);
    }
  if (!same_array (self->follow_ups_json, load->follow_ups))
    {
      g_autoptr(GPtrArray) items = tj_centre_follow_up_items_from (load->follow_ups);

      g_clear_pointer (&self->follow_ups_json, json_array_unref);
      self->follow_ups_json = json_array_ref (load->follow_ups);
      splice (self->follow_ups, items);
    }
  gtk_stack_set_visible_child_name (self->follow_ups_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->follow_ups)) ? "list" : "none");

  if (self->station && g_strcmp0 (self->station, load->station) == 0)
    {
      if (load->cases == NULL)
        {
          tj_centre_page_show_station (self, NULL);
          return;
        }
      if (!same_array (self->cases_json, load->cases))
        {
          g_autoptr(GPtrArray) items = tj_centre_case_items_from (load->cases);

          g_clear_pointer (&self->cases_json, json_array_unref);
          self->cases_json = json_array_ref (load->cases);
          splice (self->cases, items);
        }
      show_station_header (self);
    }

  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->stations)) ? "main" : "empty");
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TjCentrePage) self = user_data;
  g_autoptr(GError) error = NULL;
  gpointer data = NULL;

  if (!tj_repository_run_finish (TJ_REPOSITORY (source), result, &data, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  show_load (self, data, error);
}

static void
refresh_async (TjCentrePage *self)
{
  TjApplication *app = tj_ui_get_application_or_default (GTK_WIDGET (self));
  TjRepository *repository = app ? tj_application_get_repository (app) : NULL;
  TjCaseContext ctx;
  Load *load;

  if (repository == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  tj_context_fill_case_context (tj_application_get_context (app), &ctx);
  load = g_new0 (Load, 1);
  load->today = g_strdup (ctx.today);
  load->flag_min_workers = ctx.flag_min_workers;
  load->flag_min_amount_fen = ctx.flag_min_amount_fen;
  load->station = g_strdup (self->station);
  self->loading = TRUE;
  tj_repository_run_async (repository, load_centre, load, load_free, self->cancellable, load_done_cb,
                           g_object_ref (self));
}

/* ------------------------------------------------------------------ */
/* Actions                                                              */

static void
station_activated_cb (TjCentrePage *self,
                      guint         position)
{
  g_autoptr(TjCentreStation) station = g_list_model_get_item (G_LIST_MODEL (self->stations), position);

  if (station)
    tj_centre_page_show_station (self, tj_centre_station_get_code (station));
}

static void
stations_back_cb (TjCentrePage *self)
{
  tj_centre_page_show_station (self, NULL);
}

static void
case_activated_cb (TjCentrePage *self,
                   guint         position)
{
  g_autoptr(TjCentreCase) c = g_list_model_get_item (G_LIST_MODEL (self->cases), position);

  if (c)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.show-case", "s", tj_centre_case_get_id (c));
}

static void
station_done_cb (TjCentreSync *sync,
                 const char   *code,
                 gboolean      ok,
                 TjCentrePage *self)
{
  /* Each station's line changes as soon as it is done. */
  refresh_async (self);
}

static void
set_syncing (TjCentrePage *self,
             gboolean      syncing)
{
  gtk_widget_set_visible (GTK_WIDGET (self->sync_spinner), syncing);
  gtk_spinner_set_spinning (self->sync_spinner, syncing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "centre.sync", !syncing);
}

static void
sync_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TjCentrePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) outcome = tj_centre_sync_run_finish (TJ_CENTRE_SYNC (source), result, &error);
  g_autoptr(GString) failures = g_string_new (NULL);
  JsonArray *stations;
  guint ok, failed;

  g_signal_handlers_disconnect_by_func (source, station_done_cb, self);
  g_clear_object (&self->sync);
  set_syncing (self, FALSE);
  if (outcome == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_label (self->error_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
        }
      return;
    }
  stations = tj_json_get_array (outcome, "stations");
  for (guint i = 0; stations && i < json_array_get_length (stations); i++)
    {
      JsonObject *entry = json_array_get_object_element (stations, i);

      if (!tj_json_get_bool (entry, "ok", FALSE))
        g_string_append_printf (failures, "%s%s", failures->len ? "\n" : "", tj_json_get_string (entry, "error", ""));
    }
  gtk_label_set_label (self->error_label, failures->str);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), failures->len > 0);

  ok = (guint) tj_json_get_int (outcome, "ok", 0);
  failed = (guint) tj_json_get_int (outcome, "failed", 0);
  if (failed == 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("Synced with %u station", "Synced with %u stations", ok), ok);
      toast (self, text);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u station could not be synced; it is tried again next time",
                                                         "%u stations could not be synced; they are tried again next time",
                                                         failed), failed);
      toast (self, text);
    }
  refresh_async (self);
}

static void
sync_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TjCentrePage *self = TJ_CENTRE_PAGE (widget);
  TjApplication *app = tj_ui_get_application_or_default (GTK_WIDGET (self));
  TjSyncScheduler *scheduler = app ? tj_application_get_sync_scheduler (app) : NULL;
  TjSyncAccount *account = scheduler ? tj_sync_scheduler_get_account (scheduler) : NULL;
  const char *server = account ? tj_sync_account_get_server_url (account) : NULL;

  if (self->sync || app == NULL || tj_application_get_repository (app) == NULL)
    return;
  if (server == NULL || *server == '\0')
    {
      gtk_label_set_label (self->error_label,
                           _("Set the server address and the centre’s user in Preferences → Sync first."));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  /* The centre sync runs in a thread of its own with connections of its
   * own to the database's file. */
  self->sync = tj_centre_sync_new_for_account (tj_repository_get_path (tj_application_get_repository (app)),
                                               account);
  g_signal_connect_object (self->sync, "station-done", G_CALLBACK (station_done_cb), self, 0);
  g_clear_object (&self->sync_cancellable);
  self->sync_cancellable = g_cancellable_new ();
  set_syncing (self, TRUE);
  tj_centre_sync_run_async (self->sync, self->sync_cancellable, sync_done_cb, g_object_ref (self));
}

/* ---- add a station ---- */

/* The station is registered on the repository's worker; its connection
 * learns in the same job that this is a centre now. */
typedef struct {
  char       *code;
  char       *name;
  JsonObject *station;
} StationJob;

static void
station_job_free (StationJob *job)
{
  g_free (job->code);
  g_free (job->name);
  g_clear_pointer (&job->station, json_object_unref);
  g_free (job);
}

static gboolean
add_station_in_worker (TjStore              *store,
                       const TjCaseContext  *ctx,
                       gpointer              data,
                       GError              **error)
{
  StationJob *job = data;

  job->station = tj_centre_add_station (store, job->code, *job->name ? job->name : NULL, NULL, error);
  return job->station != NULL && tj_centre_attach (store, error);
}

static void
station_added_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TjCentrePage) self = user_data;
  g_autoptr(GError) error = NULL;
  StationJob *job = NULL;

  if (!tj_ui_work_run_finish (result, (gpointer *) &job, &error))
    {
      toast (self, error->message);
      return;
    }
  {
    /* Translators: a toast after registering station %s */
    g_autofree char *text = g_strdup_printf (_("Station %s registered"), tj_json_get_string (job->station, "name", ""));
    toast (self, text);
  }
  refresh_async (self);
}

static void
add_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 TjCentrePage     *self)
{
  TjApplication *app = tj_ui_get_application_or_default (GTK_WIDGET (self));
  GtkEditable *code = g_object_get_data (G_OBJECT (dialog), "code");
  GtkEditable *name = g_object_get_data (G_OBJECT (dialog), "name");
  StationJob *job;

  if (g_strcmp0 (response, "add") != 0 || app == NULL || tj_application_get_repository (app) == NULL)
    return;
  job = g_new0 (StationJob, 1);
  job->code = g_strstrip (g_strdup (gtk_editable_get_text (code)));
  job->name = g_strstrip (g_strdup (gtk_editable_get_text (name)));
  tj_ui_work_run_async (app, add_station_in_worker, job, (GDestroyNotify) station_job_free, NULL,
                        station_added_cb, g_object_ref (self));
}

static void
add_station_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TjCentrePage *self = TJ_CENTRE_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog, *list, *code, *name;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Add Station"),
                                   _("The code is the one the station was provisioned with on the server "
                                     "(tiaojie-cli server provision --station CODE); its database is "
                                     "station- and the code in lower case."));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  code = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (code), _("Station code"));
  name = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (name), _("Name"));
  gtk_list_box_append (GTK_LIST_BOX (list), code);
  gtk_list_box_append (GTK_LIST_BOX (list), name);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  g_object_set_data (G_OBJECT (dialog), "code", code);
  g_object_set_data (G_OBJECT (dialog), "name", name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "add", _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (add_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- record a follow-up call ---- */

/* The call's outcome, recorded on the repository's worker. */
typedef struct {
  char *case_id;
  char *call;
  char *outcome;
  char *note;
} FollowUpJob;

static void
follow_up_job_free (FollowUpJob *job)
{
  g_free (job->case_id);
  g_free (job->call);
  g_free (job->outcome);
  g_free (job->note);
  g_free (job);
}

static gboolean
record_follow_up_in_worker (TjStore              *store,
                            const TjCaseContext  *ctx,
                            gpointer              data,
                            GError              **error)
{
  FollowUpJob *job = data;

  return tj_centre_record_follow_up (store, ctx, job->case_id, job->call, job->outcome, job->note, error);
}

static void
follow_up_recorded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(TjCentrePage) self = user_data;
  g_autoptr(GError) error = NULL;
  FollowUpJob *job = NULL;

  if (!tj_ui_work_run_finish (result, (gpointer *) &job, &error))
    {
      toast (self, error->message);
      return;
    }
  {
    /* Translators: a toast after a follow-up call: "Call recorded: Worker satisfied" */
    g_autofree char *text = g_strdup_printf (_("Call recorded: %s"), tj_centre_outcome_label (job->outcome));
    toast (self, text);
  }
  refresh_async (self);
}

static void
record_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    TjCentrePage     *self)
{
  TjApplication *app = tj_ui_get_application_or_default (GTK_WIDGET (self));
  GtkEditable *note = g_object_get_data (G_OBJECT (dialog), "note");
  FollowUpJob *job;

  if (g_strcmp0 (response, "cancel") == 0 || app == NULL || tj_application_get_repository (app) == NULL)
    return;
  job = g_new0 (FollowUpJob, 1);
  job->case_id = g_strdup (g_object_get_data (G_OBJECT (dialog), "case-id"));
  job->call = g_strdup (g_object_get_data (G_OBJECT (dialog), "call"));
  job->outcome = g_strdup (response);
  job->note = g_strdup (gtk_editable_get_text (note));
  tj_ui_work_run_async (app, record_follow_up_in_worker, job, (GDestroyNotify) follow_up_job_free, NULL,
                        follow_up_recorded_cb, g_object_ref (self));
}

static void
record_follow_up_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  TjCentrePage *self = TJ_CENTRE_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_auto(GStrv) parts = g_strsplit (g_variant_get_string (parameter, NULL), " ", 2);
  g_autofree char *body = NULL;
  TjCentreFollowUp *found = NULL;
  GtkWidget *dialog, *note;

  if (g_strv_length (parts) != 2)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->follow_ups)) && !found; i++)
    {
      g_autoptr(TjCentreFollowUp) call = g_list_model_get_item (G_LIST_MODEL (self->follow_ups), i);

      if (g_strcmp0 (tj_centre_follow_up_get_case_id (call), parts[0]) == 0 &&
          g_strcmp0 (tj_centre_follow_up_get_follow_up (call), parts[1]) == 0)
        found = call;
    }
  if (found == NULL)
    return;

  /* Translators: the call, the case's number and title, its station. */
  body = g_strdup_printf (_("%s\n%s %s (%s)"), tj_centre_follow_up_get_label (found),
                          tj_centre_follow_up_get_number (found), tj_centre_follow_up_get_title (found),
                          tj_centre_follow_up_get_station_name (found));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Follow-up Call"), body);
  note = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (note), _("What the worker said (optional)"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), note);
  g_object_set_data (G_OBJECT (dialog), "note", note);
  g_object_set_data_full (G_OBJECT (dialog), "case-id", g_strdup (parts[0]), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "call", g_strdup (parts[1]), g_free);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "not_reached", _("Could Not Reach"),
                                    "unresolved", _("Not Resolved"),
                                    "dissatisfied", _("Not Satisfied"),
                                    "satisfied", _("Satisfied"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "satisfied", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (record_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------ */
/* Following the repository                                             */

/* The day turned: limits and calls are counted from today. Hidden, the
 * page is read again when shown. */
static void
day_changed_cb (TjCentrePage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh_async (self);
}

static void
repository_changed_cb (TjRepository       *repository,
                       const char * const *ids,
                       gint64              seq,
                       TjCentrePage       *self)
{
  static const char * const shown[] = {
    "case", "party", "claim", "event", "settlement", "payment", "station", NULL
  };

  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && tj_repository_changes_concern (repository, ids, shown, NULL))
    refresh_async (self);
}

static void
repository_cb (TjCentrePage *self)
{
  TjRepository *repository = self->application ? tj_application_get_repository (self->application) : NULL;

  if (repository != NULL && repository != self->repository)
    {
      g_set_weak_pointer (&self->repository, repository);
      g_signal_connect_object (repository, "changed", G_CALLBACK (repository_changed_cb), self, 0);
    }
}

static void
application_changed_cb (TjCentrePage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh_async (self);
}

static void
root_application_cb (TjCentrePage *self)
{
  TjApplication *app = tj_ui_get_application (GTK_WIDGET (self));

  if (!tj_ui_set_application (&self->application, app, self))
    return;
  if (app)
    {
      g_signal_connect_object (app, "notify::store", G_CALLBACK (application_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (tj_application_get_clock (app), "day-changed",
                               G_CALLBACK (day_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (app, "notify::repository", G_CALLBACK (repository_cb), self, G_CONNECT_SWAPPED);
      repository_cb (self);
    }
}

static void
tj_centre_page_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (tj_centre_page_parent_class)->root (widget);

  tj_ui_follow_root_application (widget, G_CALLBACK (root_application_cb));
}

static void
tj_centre_page_map (GtkWidget *widget)
{
  TjCentrePage *self = TJ_CENTRE_PAGE (widget);

  GTK_WIDGET_CLASS (tj_centre_page_parent_class)->map (widget);

  root_application_cb (self);
  refresh_async (self);
}

static void
tj_centre_page_dispose (GObject *object)
{
  TjCentrePage *self = TJ_CENTRE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->sync_cancellable);
  g_clear_object (&self->sync_cancellable);
  if (self->sync)
    g_signal_handlers_disconnect_by_func (self->sync, station_done_cb, self);
  g_clear_object (&self->sync);
  g_clear_weak_pointer (&self->repository);
  tj_ui_set_application (&self->application, NULL, self);
  g_clear_pointer (&self->overview, json_object_unref);
  g_clear_pointer (&self->follow_ups_json, json_array_unref);
  g_clear_pointer (&self->cases_json, json_array_unref);
  g_clear_pointer (&self->station, g_free);

  /* The bin's child is a bound template child: detach it through AdwBin
   * first (as the other pages do). */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TJ_TYPE_CENTRE_PAGE);

  g_clear_object (&self->stations);
  g_clear_object (&self->cases);
  g_clear_object (&self->follow_ups);

  G_OBJECT_CLASS (tj_centre_page_parent_class)->dispose (object);
}

static void
tj_centre_page_class_init (TjCentrePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_centre_page_dispose;
  widget_class->root = tj_centre_page_root;
  widget_class->map = tj_centre_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tiaojie/Tiaojie/ui/tj-centre-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TjCentrePage, stack);
  gtk_widget_class_bind_template_child (widget_class, TjCentrePage, status_page);
  gtk_widget_class_bind_template_child (widget_class, TjCentrePage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, TjCentrePage, sync_spinner);
  gtk_widget_class_bind_template_child (widget_class, TjCentrePage, sync_button);
  gtk_widget_class_bind_template_child (widget_class, TjCentrePage, error_label);
  gtk_widget_class_bind_template_child (widget_class, TjCentrePage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, TjCentrePage, stations_stack);
  gtk_widget_class_bind_template_child (widget_class, TjCentrePage, stations_view);
  gtk_widget_class_bind_template_child (widget_class, TjCentrePage, station_title);
  gtk_widget_class_bind_template_child (widget_class, TjCentrePage, station_subtitle);
  gtk_widget_class_bind_template_child (widget_class, TjCentrePage, cases_view);
  gtk_widget_class_bind_template_child (widget_class, TjCentrePage, follow_ups_stack);
  gtk_widget_class_bind_template_child (widget_class, TjCentrePage, follow_ups_view);
  gtk_widget_class_bind_template_callback (widget_class, station_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, stations_back_cb);
  gtk_widget_class_bind_template_callback (widget_class, case_activated_cb);

  gtk_widget_class_install_action (widget_class, "centre.sync", NULL, sync_action);
  gtk_widget_class_install_action (widget_class, "centre.add-station", NULL, add_station_action);
  gtk_widget_class_install_action (widget_class, "centre.record-follow-up", "s", record_follow_up_action);
}

static void
tj_centre_page_init (TjCentrePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->stations = g_list_store_new (TJ_TYPE_CENTRE_STATION);
  self->cases = g_list_store_new (TJ_TYPE_CENTRE_CASE);
  self->follow_ups = g_list_store_new (TJ_TYPE_CENTRE_FOLLOW_UP);
  {
    GtkSelectionModel *selection;

    selection = GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->stations))));
    gtk_single_selection_set_autoselect (GTK_SINGLE_SELECTION (selection), FALSE);
    gtk_single_selection_set_can_unselect (GTK_SINGLE_SELECTION (selection), TRUE);
    gtk_column_view_set_model (self->stations_view, selection);
    g_object_unref (selection);
    selection = GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->cases))));
    gtk_single_selection_set_autoselect (GTK_SINGLE_SELECTION (selection), FALSE);
    gtk_single_selection_set_can_unselect (GTK_SINGLE_SELECTION (selection), TRUE);
    gtk_column_view_set_model (self->cases_view, selection);
    g_object_unref (selection);
    selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->follow_ups))));
    gtk_column_view_set_model (self->follow_ups_view, selection);
    g_object_unref (selection);
  }
  build_columns (self);
}

GtkWidget *
tj_centre_page_new (void)
{
  return g_object_new (TJ_TYPE_CENTRE_PAGE, NULL);
}

void
tj_centre_page_refresh (TjCentrePage *self)
{
  g_return_if_fail (TJ_IS_CENTRE_PAGE (self));

  refresh_async (self);
}

void
tj_centre_page_show_station (TjCentrePage *self,
                             const char   *code)
{
  g_return_if_fail (TJ_IS_CENTRE_PAGE (self));

  if (g_strcmp0 (self->station, code) != 0)
    {
      g_free (self->station);
      self->station = g_strdup (code);
      g_clear_pointer (&self->cases_json, json_array_unref);
      g_list_store_remove_all (self->cases);
    }
  if (code)
    {
      show_station_header (self);
      gtk_stack_set_visible_child_name (self->stations_stack, "station");
      adw_view_stack_set_visible_child_name (self->view_stack, "stations");
      refresh_async (self);
    }
  else
    gtk_stack_set_visible_child_name (self->stations_stack, "list");
}

GListModel *
tj_centre_page_get_stations (TjCentrePage *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_PAGE (self), NULL);
  return G_LIST_MODEL (self->stations);
}

GListModel *
tj_centre_page_get_cases (TjCentrePage *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_PAGE (self), NULL);
  return G_LIST_MODEL (self->cases);
}

GListModel *
tj_centre_page_get_follow_ups (TjCentrePage *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_PAGE (self), NULL);
  return G_LIST_MODEL (self->follow_ups);
}

gboolean
tj_centre_page_is_loading (TjCentrePage *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_PAGE (self), FALSE);
  return self->loading;
}
