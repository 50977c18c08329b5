/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-application.h"
#include "tj-arrears.h"
#include "tj-calendar.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-arrears-page.h"
#include "tj-ui-format.h"

/* The Wage arrears section: every open arrears case across the database
 * (tj_arrears_list()) as a table — case, workers affected, owed, agreed,
 * paid, overdue, next due date — sortable by the amount owed, the amount
 * overdue or the next due date, with the totals at the bottom. A row
 * opens its case (app.show-case).
 *
 * The overview is one SQL query over indexes. It is read when the page is
 * shown and, while shown, again on the repository's worker when a case,
 * party, settlement or payment changed (written here, by sync or by the
 * CLI: TjRepository::changed) and when the day turns. */

/* Widths of the figure columns, shared by the heading, the rows and the
 * totals so that they line up. */
#define WORKERS_WIDTH 72
#define MONEY_WIDTH   110
#define DATE_WIDTH    116
/* The case column is what the rest is read by: never squeezed to a
 * character or two. A window too narrow for the table scrolls it
 * sideways instead. */
#define CASE_MIN_WIDTH 150

struct _TjArrearsPage
{
  AdwBin          parent_instance;

  GtkStack       *stack;
  AdwStatusPage  *status_page;
  GtkLabel       *summary_label;
  GtkLabel       *error_label;
  GtkListBox     *list;

  TjApplication  *application; /* weak */
  JsonObject     *overview;
  char           *sort;
  char           *shown_today;
  TjRepository   *repository;  /* weak: whose "changed" we follow */
  GCancellable   *cancellable; /* the reload under way */
};

G_DEFINE_FINAL_TYPE (TjArrearsPage, tj_arrears_page, ADW_TYPE_BIN)

static void refresh (TjArrearsPage *self);

static TjApplication *
page_application (TjArrearsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;

  if (app == NULL)
    app = GTK_APPLICATION (g_application_get_default ());
  return TJ_IS_APPLICATION (app) ? TJ_APPLICATION (app) : NULL;
}

static GtkWidget *
cell (const char *text,
      int         width,
      float       xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_widget_set_size_request (label, width, -1);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "numeric");
  return label;
}

static GtkWidget *
money_cell (gint64 fen,
            gboolean dash_when_zero)
{
  g_autofree char *text = (fen == 0 && dash_when_zero) ? g_strdup ("—") : tj_money_format (fen);

  return cell (text, MONEY_WIDTH, 1.0);
}

static GtkWidget *
row_box (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  return box;
}

typedef struct {
  TjArrearsPage *page;
  char          *sort;
} SortLater;

static gboolean
sort_later_cb (gpointer data)
{
  SortLater *later = data;

  tj_arrears_page_set_sort (later->page, later->sort);
  g_object_unref (later->page);
  g_free (later->sort);
  g_free (later);
  return G_SOURCE_REMOVE;
}

/* The heading is rebuilt by the new sort: not from inside its own click. */
static void
sort_clicked_cb (GtkButton     *button,
                 TjArrearsPage *self)
{
  SortLater *later = g_new0 (SortLater, 1);

  later->page = g_object_ref (self);
  later->sort = g_strdup (g_object_get_data (G_OBJECT (button), "sort"));
  g_idle_add (sort_later_cb, later);
}

/* A column heading; sortable ones are flat buttons with an arrow on the
 * column the table is sorted by. */
static GtkWidget *
heading (TjArrearsPage *self,
         const char    *text,
         int            width,
         float          xalign,
         const char    *sort)
{
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *button, *box;

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "heading");
  if (sort == NULL)
    {
      gtk_widget_set_size_request (label, width, -1);
      gtk_widget_add_css_class (label, "dim-label");
      return label;
    }

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_widget_set_halign (box, xalign > 0.5 ? GTK_ALIGN_END : GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), label);
  if (g_strcmp0 (self->sort, sort) == 0)
    gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("pan-down-symbolic"));
  else
    gtk_widget_add_css_class (label, "dim-label");

  button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_size_request (button, width, -1);
  g_object_set_data_full (G_OBJECT (button), "sort", g_strdup (sort), g_free);
  /* Translators: tooltip of a column heading of the wage arrears table. */
  gtk_widget_set_tooltip_text (button, _("Sort by this column"));
  g_signal_connect (button, "clicked", G_CALLBACK (sort_clicked_cb), self);
  return button;
}

static GtkWidget *
heading_row (TjArrearsPage *self)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = row_box ();
  GtkWidget *first = heading (self, _("Case"), -1, 0.0, NULL);

  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_widget_set_hexpand (first, TRUE);
  gtk_widget_set_size_request (first, CASE_MIN_WIDTH, -1);
  gtk_box_append (GTK_BOX (box), first);
  gtk_box_append (GTK_BOX (box), heading (self, _("Workers"), WORKERS_WIDTH, 1.0, NULL));
  gtk_box_append (GTK_BOX (box), heading (self, _("Owed"), MONEY_WIDTH, 1.0, "owed"));
  gtk_box_append (GTK_BOX (box), heading (self, _("Agreed"), MONEY_WIDTH, 1.0, NULL));
  gtk_box_append (GTK_BOX (box), heading (self, _("Paid"), MONEY_WIDTH, 1.0, NULL));
  gtk_box_append (GTK_BOX (box), heading (self, _("Overdue"), MONEY_WIDTH, 1.0, "overdue"));
  gtk_box_append (GTK_BOX (box), heading (self, _("Next Due"), DATE_WIDTH, 1.0, "due"));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static GtkWidget *
case_row (JsonObject *c)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = row_box ();
  GtkWidget *titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label, *overdue;
  gint64 overdue_fen = tj_json_get_int (c, "overdue_fen", 0);
  gint64 n_overdue = tj_json_get_int (c, "overdue_installments", 0);
  gint64 workers = tj_json_get_int (c, "workers", 0);
  gint64 workers_owed = tj_json_get_int (c, "workers_owed", 0);
  const char *next_due = tj_json_get_string (c, "next_due_on", NULL);
  const char *employer = tj_json_get_string (c, "employer", NULL);
  g_autofree char *workers_text = NULL;
  g_autofree char *due_text = NULL;
  g_autofree char *subtitle = NULL;

  gtk_widget_set_hexpand (titles, TRUE);
  gtk_widget_set_size_request (titles, CASE_MIN_WIDTH, -1);
  label = gtk_label_new (tj_json_get_string (c, "title", ""));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* A long title takes a second line rather than being cut where the
   * row still has room; only a third line is cut. */
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (label), 2);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (titles), label);
  /* The number fits the column; the employer is in the tooltip. */
  subtitle = employer && *employer
             ? g_strdup_printf ("%s · %s", tj_json_get_string (c, "number", ""), employer)
             : g_strdup (tj_json_get_string (c, "number", ""));
  label = gtk_label_new (tj_json_get_string (c, "number", ""));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (titles), label);
  gtk_box_append (GTK_BOX (box), titles);
  {
    g_autofree char *tip = g_strdup_printf ("%s\n%s", tj_json_get_string (c, "title", ""), subtitle);
    gtk_widget_set_tooltip_text (titles, tip);
  }

  /* Workers still owed money; all the workers on the case when they differ. */
  workers_text = workers_owed != workers && workers_owed > 0
                 ? g_strdup_printf ("%" G_GINT64_FORMAT " / %" G_GINT64_FORMAT, workers_owed, workers)
                 : g_strdup_printf ("%" G_GINT64_FORMAT, workers);
  label = cell (workers_text, WORKERS_WIDTH, 1.0);
  gtk_widget_set_tooltip_text (label, _("Workers owed money / workers on the case"));
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), money_cell (tj_json_get_int (c, "owed_fen", 0), FALSE));
  gtk_box_append (GTK_BOX (box), money_cell (tj_json_get_int (c, "agreed_fen", 0), TRUE));
  gtk_box_append (GTK_BOX (box), money_cell (tj_json_get_int (c, "paid_fen", 0), TRUE));

  overdue = money_cell (overdue_fen, TRUE);
  if (overdue_fen > 0)
    {
      g_autofree char *tip = g_strdup_printf (ngettext ("%d installment overdue",
                                                        "%d installments overdue", (gulong) n_overdue),
                                              (int) n_overdue);
      gtk_widget_add_css_class (overdue, "error");
      gtk_widget_add_css_class (overdue, "heading");
      gtk_widget_set_tooltip_text (overdue, tip);
    }
  gtk_box_append (GTK_BOX (box), overdue);

  due_text = next_due ? tj_ui_format_date (next_due) : g_strdup ("—");
  gtk_box_append (GTK_BOX (box), cell (due_text, DATE_WIDTH, 1.0));

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "case-id", g_strdup (tj_json_get_string (c, "id", "")), g_free);
  return row;
}

static GtkWidget *
totals_row (JsonObject *totals)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = row_box ();
  GtkWidget *label;
  gint64 overdue_fen = tj_json_get_int (totals, "overdue_fen", 0);
  g_autofree char *workers = g_strdup_printf ("%" G_GINT64_FORMAT, tj_json_get_int (totals, "workers_owed", 0));

  label = gtk_label_new (_("Total"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_size_request (label, CASE_MIN_WIDTH, -1);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), cell (workers, WORKERS_WIDTH, 1.0));
  gtk_box_append (GTK_BOX (box), money_cell (tj_json_get_int (totals, "owed_fen", 0), FALSE));
  gtk_box_append (GTK_BOX (box), money_cell (tj_json_get_int (totals, "agreed_fen", 0), FALSE));
  gtk_box_append (GTK_BOX (box), money_cell (tj_json_get_int (totals, "paid_fen", 0), FALSE));
  label = money_cell (overdue_fen, FALSE);
  if (overdue_fen > 0)
    gtk_widget_add_css_class (label, "error");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), cell ("", DATE_WIDTH, 1.0));
  for (GtkWidget *c = gtk_widget_get_first_child (box); c; c = gtk_widget_get_next_sibling (c))
    gtk_widget_add_css_class (c, "heading");

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "arrears-totals");
  return row;
}

static void
clear_list (TjArrearsPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
    gtk_list_box_remove (self->list, child);
}

static void
fill (TjArrearsPage *self)
{
  JsonArray *cases = tj_json_get_array (self->overview, "cases");
  JsonObject *totals = tj_json_get_object (self->overview, "totals");
  guint n = cases ? json_array_get_length (cases) : 0;
  gint64 outstanding = tj_json_get_int (totals, "outstanding_fen", 0);
  gint64 n_overdue = tj_json_get_int (totals, "overdue_installments", 0);
  g_autofree char *outstanding_text = tj_money_format (outstanding);
  g_autofree char *cases_text = NULL;
  g_autofree char *summary = NULL;

  clear_list (self);
  if (n == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  gtk_list_box_append (self->list, heading_row (self));
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->list, case_row (json_array_get_object_element (cases, i)));
  gtk_list_box_append (self->list, totals_row (totals));

  cases_text = g_strdup_printf (ngettext ("%u open case", "%u open cases", n), n);
  if (n_overdue > 0)
    /* Translators: "3 open cases, ¥12,000.00 still to be paid, 2 installments overdue". */
    summary = g_strdup_printf (ngettext ("%s, %s still to be paid, %d installment overdue",
                                         "%s, %s still to be paid, %d installments overdue",
                                         (gulong) n_overdue),
                               cases_text, outstanding_text, (int) n_overdue);
  else
    /* Translators: "3 open cases, ¥12,000.00 still to be paid". */
    summary = g_strdup_printf (_("%s, %s still to be paid"), cases_text, outstanding_text);
  gtk_label_set_label (self->summary_label, summary);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static gboolean
same_json (JsonObject *a,
           JsonObject *b)
{
  g_autoptr(JsonNode) na = json_node_init_object (json_node_alloc (), a);
  g_autoptr(JsonNode) nb = json_node_init_object (json_node_alloc (), b);

  return json_node_equal (na, nb);
}

static void
show_overview (TjArrearsPage *self,
               JsonObject    *overview_in,
               const GError  *error)
{
  g_autoptr(JsonObject) overview = overview_in ? json_object_ref (overview_in) : NULL;

  if (overview == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The wage arrears could not be read: %s"), error->message);

      g_warning ("Could not list arrears: %s", error->message);
      gtk_label_set_label (self->error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      adw_status_page_set_description (self->status_page, text);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  /* A change elsewhere that leaves the overview as it was: nothing to
   * redraw (and the rows under the pointer stay). */
  if (self->overview != NULL && same_json (self->overview, overview))
    return;
  g_free (self->shown_today);
  self->shown_today = g_strdup (tj_json_get_string (overview, "today", ""));
  g_clear_pointer (&self->overview, json_object_unref);
  self->overview = g_steal_pointer (&overview);
  fill (self);
}

static void
refresh (TjArrearsPage *self)
{
  TjApplication *app = page_application (self);
  TjStore *store = app ? tj_application_get_store (app) : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) overview = NULL;
  TjCaseContext ctx;

  if (store == NULL)
    return;
  /* A reload on the worker would bring older news. */
  g_cancellable_cancel (self->cancellable);
  tj_context_fill_case_context (tj_application_get_context (app), &ctx);
  overview = tj_arrears_list (store, self->sort, ctx.today, &error);
  show_overview (self, overview, error);
}

typedef struct
{
  char       *sort;
  char       *today;
  JsonObject *overview;
} Load;

static void
load_free (gpointer data)
{
  Load *load = data;

  g_free (load->sort);
  g_free (load->today);
  g_clear_pointer (&load->overview, json_object_unref);
  g_free (load);
}

static gboolean
load_overview (TjStore  *store,
               gpointer  data,
               GError  **error)
{
  Load *load = data;

  load->overview = tj_arrears_list (store, load->sort, load->today, error);
  return load->overview != NULL;
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TjArrearsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gpointer data = NULL;

  if (!tj_repository_run_finish (TJ_REPOSITORY (source), result, &data, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_overview (self, error ? NULL : ((Load *) data)->overview, error);
}

/* Reads the overview on the repository's worker: the main thread stays
 * free while a sync or the CLI writes. */
static void
refresh_async (TjArrearsPage *self)
{
  TjApplication *app = page_application (self);
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
  load->sort = g_strdup (self->sort);
  load->today = g_strdup (ctx.today);
  tj_repository_run_async (repository, load_overview, load, load_free, self->cancellable, load_done_cb,
                           g_object_ref (self));
}

static void
row_activated_cb (TjArrearsPage *self,
                  GtkListBoxRow *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "case-id");

  if (id && *id)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.show-case", "s", id);
}

static void
repository_changed_cb (TjRepository       *repository,
                       const char * const *ids,
                       gint64              seq,
                       TjArrearsPage      *self)
{
  static const char * const shown[] = { "case", "party", "settlement", "payment", NULL };

  /* Hidden, it is read again when shown. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && tj_repository_changes_concern (repository, ids, shown, NULL))
    refresh_async (self);
}

static void
repository_cb (TjArrearsPage *self)
{
  TjRepository *repository = self->application ? tj_application_get_repository (self->application) : NULL;

  if (repository != NULL && repository != self->repository)
    {
      g_set_weak_pointer (&self->repository, repository);
      g_signal_connect_object (repository, "changed", G_CALLBACK (repository_changed_cb), self, 0);
    }
}

static void
application_changed_cb (TjArrearsPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh (self);
}

static void
day_changed_cb (TjArrearsPage *self)
{
  /* The day turned: overdue and next due are counted from today. Hidden,
   * it is read again when shown. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh_async (self);
}

static void
root_application_cb (TjArrearsPage *self)
{
  TjApplication *app = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *gapp = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;

  if (TJ_IS_APPLICATION (gapp))
    app = TJ_APPLICATION (gapp);
  if (self->application == app)
    return;
  if (self->application)
    {
      g_signal_handlers_disconnect_by_func (self->application, application_changed_cb, self);
      g_signal_handlers_disconnect_by_func (tj_application_get_clock (self->application), day_changed_cb, self);
      g_signal_handlers_disconnect_by_func (self->application, repository_cb, self);
      g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
      self->application = NULL;
    }
  if (app)
    {
      self->application = app;
      g_object_add_weak_pointer (G_OBJECT (app), (gpointer *) &self->application);
      g_signal_connect_object (app, "notify::store", G_CALLBACK (application_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (app, "calendar-changed", G_CALLBACK (application_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (tj_application_get_clock (app), "day-changed",
                               G_CALLBACK (day_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (app, "notify::repository", G_CALLBACK (repository_cb), self,
                               G_CONNECT_SWAPPED);
      repository_cb (self);
    }
}

static void
tj_arrears_page_root (GtkWidget *widget)
{
  TjArrearsPage *self = TJ_ARREARS_PAGE (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (tj_arrears_page_parent_class)->root (widget);

  /* The window gets its application after it is built. */
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    g_signal_connect_object (root, "notify::application", G_CALLBACK (root_application_cb), self,
                             G_CONNECT_SWAPPED);
  root_application_cb (self);
}

static void
tj_arrears_page_map (GtkWidget *widget)
{
  TjArrearsPage *self = TJ_ARREARS_PAGE (widget);

  GTK_WIDGET_CLASS (tj_arrears_page_parent_class)->map (widget);

  root_application_cb (self);
  refresh (self);
}

static void
tj_arrears_page_dispose (GObject *object)
{
  TjArrearsPage *self = TJ_ARREARS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_weak_pointer (&self->repository);
  if (self->application)
    {
      g_signal_handlers_disconnect_by_func (self->application, application_changed_cb, self);
      g_signal_handlers_disconnect_by_func (tj_application_get_clock (self->application), day_changed_cb, self);
      g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
      self->application = NULL;
    }
  g_clear_pointer (&self->overview, json_object_unref);
  g_clear_pointer (&self->sort, g_free);
  g_clear_pointer (&self->shown_today, g_free);

  /* The bin's child is a bound template child: detach it through AdwBin
   * first, or dispose_template() unparents it behind AdwBin's back and
   * AdwBin's dispose unparents a dangling pointer. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TJ_TYPE_ARREARS_PAGE);

  G_OBJECT_CLASS (tj_arrears_page_parent_class)->dispose (object);
}

static void
tj_arrears_page_class_init (TjArrearsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_arrears_page_dispose;
  widget_class->root = tj_arrears_page_root;
  widget_class->map = tj_arrears_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-arrears-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TjArrearsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, TjArrearsPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, TjArrearsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, TjArrearsPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, TjArrearsPage, list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
tj_arrears_page_init (TjArrearsPage *self)
{
  self->sort = g_strdup ("owed");
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tj_arrears_page_new (void)
{
  return g_object_new (TJ_TYPE_ARREARS_PAGE, NULL);
}

void
tj_arrears_page_refresh (TjArrearsPage *self)
{
  g_return_if_fail (TJ_IS_ARREARS_PAGE (self));

  refresh (self);
}

void
tj_arrears_page_set_sort (TjArrearsPage *self,
                          const char    *sort)
{
  g_return_if_fail (TJ_IS_ARREARS_PAGE (self));

  if (g_strcmp0 (sort, "overdue") != 0 && g_strcmp0 (sort, "due") != 0)
    sort = "owed";
  if (g_strcmp0 (self->sort, sort) == 0)
    return;
  g_free (self->sort);
  self->sort = g_strdup (sort);
  refresh (self);
}

const char *
tj_arrears_page_get_sort (TjArrearsPage *self)
{
  g_return_val_if_fail (TJ_IS_ARREARS_PAGE (self), NULL);

  return self->sort;
}

JsonObject *
tj_arrears_page_get_list (TjArrearsPage *self)
{
  g_return_val_if_fail (TJ_IS_ARREARS_PAGE (self), NULL);

  return self->overview;
}
