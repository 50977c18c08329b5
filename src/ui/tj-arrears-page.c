/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-application.h"
#include "tj-arrears.h"
#include "tj-arrears-list.h"
#include "tj-calendar.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-arrears-page.h"
#include "tj-ui-application.h"
#include "tj-ui-format.h"

/* The Wage arrears section: every open arrears case across the database
 * as a table — case, workers affected, owed, agreed, paid, overdue, next
 * due date — sortable by the amount owed, the amount overdue or the next
 * due date, with the totals at the bottom. A row opens its case
 * (app.show-case).
 *
 * A centre holds 100,000 cases, most of them arrears: the rows are a
 * TjArrearsList (core), counted with its totals and read a page at a time
 * on the repository's worker, shown by a GtkListView that recycles a few
 * row widgets. Nothing here reads the database on the main thread. The
 * list is read again when the page is shown and, while shown, when a
 * case, party, settlement or payment changed (written here, by sync or by
 * the CLI: TjRepository::changed) and when the day turns. */

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
  GtkBox         *heading_box;
  GtkBox         *totals_box;
  GtkListView    *list_view;

  TjApplication  *application; /* weak */
  TjArrearsList  *model;       /* of the repository followed */
  JsonObject     *overview;    /* what tj_arrears_page_get_list() gives */
  char           *sort;
  TjRepository   *repository;  /* weak: whose "changed" we follow */
  GCancellable   *cancellable; /* the reload under way */
};

G_DEFINE_FINAL_TYPE (TjArrearsPage, tj_arrears_page, ADW_TYPE_BIN)

static void refresh (TjArrearsPage *self);

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

/* The heading: built again when the sort changes. */
static void
fill_heading (TjArrearsPage *self)
{
  GtkWidget *box = GTK_WIDGET (self->heading_box);
  GtkWidget *child, *first;

  while ((child = gtk_widget_get_first_child (box)))
    gtk_box_remove (self->heading_box, child);
  gtk_box_set_spacing (self->heading_box, 12);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  first = heading (self, _("Case"), -1, 0.0, NULL);
  gtk_widget_set_hexpand (first, TRUE);
  gtk_widget_set_size_request (first, CASE_MIN_WIDTH, -1);
  gtk_box_append (self->heading_box, first);
  gtk_box_append (self->heading_box, heading (self, _("Workers"), WORKERS_WIDTH, 1.0, NULL));
  gtk_box_append (self->heading_box, heading (self, _("Owed"), MONEY_WIDTH, 1.0, "owed"));
  gtk_box_append (self->heading_box, heading (self, _("Agreed"), MONEY_WIDTH, 1.0, NULL));
  gtk_box_append (self->heading_box, heading (self, _("Paid"), MONEY_WIDTH, 1.0, NULL));
  gtk_box_append (self->heading_box, heading (self, _("Overdue"), MONEY_WIDTH, 1.0, "overdue"));
  gtk_box_append (self->heading_box, heading (self, _("Next Due"), DATE_WIDTH, 1.0, "due"));
}

/* ------------------------------------------------------------------ */
/* Rows: a few widgets, bound to whichever case scrolls into them        */

/* The labels of a row widget, kept on it at setup. */
typedef struct
{
  GtkWidget *titles;
  GtkWidget *title;
  GtkWidget *number;
  GtkWidget *workers;
  GtkWidget *owed;
  GtkWidget *agreed;
  GtkWidget *paid;
  GtkWidget *overdue;
  GtkWidget *due;
} RowWidgets;

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *box = row_box ();
  RowWidgets *w = g_new0 (RowWidgets, 1);

  w->titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (w->titles, TRUE);
  gtk_widget_set_size_request (w->titles, CASE_MIN_WIDTH, -1);
  w->title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (w->title), 0);
  /* A long title takes a second line rather than being cut where the
   * row still has room; only a third line is cut. */
  gtk_label_set_wrap (GTK_LABEL (w->title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (w->title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (w->title), 2);
  gtk_label_set_ellipsize (GTK_LABEL (w->title), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (w->titles), w->title);
  w->number = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (w->number), 0);
  gtk_label_set_ellipsize (GTK_LABEL (w->number), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (w->number, "dim-label");
  gtk_widget_add_css_class (w->number, "caption");
  gtk_box_append (GTK_BOX (w->titles), w->number);
  gtk_box_append (GTK_BOX (box), w->titles);

  w->workers = cell (NULL, WORKERS_WIDTH, 1.0);
  gtk_widget_set_tooltip_text (w->workers, _("Workers owed money / workers on the case"));
  gtk_box_append (GTK_BOX (box), w->workers);
  w->owed = cell (NULL, MONEY_WIDTH, 1.0);
  gtk_box_append (GTK_BOX (box), w->owed);
  w->agreed = cell (NULL, MONEY_WIDTH, 1.0);
  gtk_box_append (GTK_BOX (box), w->agreed);
  w->paid = cell (NULL, MONEY_WIDTH, 1.0);
  gtk_box_append (GTK_BOX (box), w->paid);
  w->overdue = cell (NULL, MONEY_WIDTH, 1.0);
  gtk_box_append (GTK_BOX (box), w->overdue);
  w->due = cell (NULL, DATE_WIDTH, 1.0);
  gtk_box_append (GTK_BOX (box), w->due);

  g_object_set_data_full (G_OBJECT (box), "row-widgets", w, g_free);
  gtk_list_item_set_child (item, box);
}

static void
set_money (GtkWidget *label,
           gint64     fen,
           gboolean   dash_when_zero)
{
  g_autofree char *text = (fen == 0 && dash_when_zero) ? g_strdup ("—") : tj_money_format (fen);

  gtk_label_set_label (GTK_LABEL (label), text);
}

/* Fills the row widget from its case; a placeholder (its page still being
 * read) is blank and filled when the row notifies "loaded". */
static void
show_row (GtkListItem *item)
{
  TjArrearsRow *row = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  RowWidgets *w = box ? g_object_get_data (G_OBJECT (box), "row-widgets") : NULL;
  gboolean loaded = row && tj_row_get_loaded (TJ_ROW (row));
  gint64 overdue_fen = loaded ? tj_arrears_row_get_overdue_fen (row) : 0;
  guint workers, workers_owed, n_overdue;
  const char *next_due, *employer, *number;
  g_autofree char *workers_text = NULL;
  g_autofree char *due_text = NULL;
  g_autofree char *tip = NULL;

  if (w == NULL)
    return;
  gtk_widget_remove_css_class (w->overdue, "error");
  gtk_widget_remove_css_class (w->overdue, "heading");
  gtk_widget_set_tooltip_text (w->overdue, NULL);
  if (!loaded)
    {
      GtkWidget *labels[] = { w->title, w->number, w->workers, w->owed, w->agreed, w->paid, w->overdue, w->due };

      for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
        gtk_label_set_label (GTK_LABEL (labels[i]), "");
      gtk_widget_set_tooltip_text (w->titles, NULL);
      return;
    }

  number = tj_arrears_row_get_number (row);
  employer = tj_arrears_row_get_employer (row);
  gtk_label_set_label (GTK_LABEL (w->title), tj_arrears_row_get_title (row));
  /* The number fits the column; the employer is in the tooltip. */
  gtk_label_set_label (GTK_LABEL (w->number), number);
  tip = employer && *employer
        ? g_strdup_printf ("%s\n%s · %s", tj_arrears_row_get_title (row), number, employer)
        : g_strdup_printf ("%s\n%s", tj_arrears_row_get_title (row), number);
  gtk_widget_set_tooltip_text (w->titles, tip);

  /* Workers still owed money; all the workers on the case when they differ. */
  workers = tj_arrears_row_get_workers (row);
  workers_owed = tj_arrears_row_get_workers_owed (row);
  workers_text = workers_owed != workers && workers_owed > 0
                 ? g_strdup_printf ("%u / %u", workers_owed, workers)
                 : g_strdup_printf ("%u", workers);
  gtk_label_set_label (GTK_LABEL (w->workers), workers_text);
  set_money (w->owed, tj_arrears_row_get_owed_fen (row), FALSE);
  set_money (w->agreed, tj_arrears_row_get_agreed_fen (row), TRUE);
  set_money (w->paid, tj_arrears_row_get_paid_fen (row), TRUE);
  set_money (w->overdue, overdue_fen, TRUE);
  n_overdue = tj_arrears_row_get_overdue_installments (row);
  if (overdue_fen > 0)
    {
      g_autofree char *overdue_tip = g_strdup_printf (ngettext ("%d installment overdue",
                                                                "%d installments overdue", n_overdue),
                                                      (int) n_overdue);
      gtk_widget_add_css_class (w->overdue, "error");
      gtk_widget_add_css_class (w->overdue, "heading");
      gtk_widget_set_tooltip_text (w->overdue, overdue_tip);
    }
  next_due = tj_arrears_row_get_next_due_on (row);
  due_text = next_due ? tj_ui_format_date (next_due) : g_strdup ("—");
  gtk_label_set_label (GTK_LABEL (w->due), due_text);
}

static void
row_loaded_cb (TjRow       *row,
               GParamSpec  *pspec,
               GtkListItem *item)
{
  show_row (item);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  TjRow *row = gtk_list_item_get_item (item);

  if (row && !tj_row_get_loaded (row))
    g_signal_connect_object (row, "notify::loaded", G_CALLBACK (row_loaded_cb), item, 0);
  show_row (item);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  TjRow *row = gtk_list_item_get_item (item);

  if (row)
    g_signal_handlers_disconnect_by_func (row, row_loaded_cb, item);
}

static void
fill_totals (TjArrearsPage *self,
             JsonObject    *totals)
{
  GtkWidget *box = GTK_WIDGET (self->totals_box);
  GtkWidget *label, *child;
  gint64 overdue_fen = tj_json_get_int (totals, "overdue_fen", 0);
  g_autofree char *workers = g_strdup_printf ("%" G_GINT64_FORMAT, tj_json_get_int (totals, "workers_owed", 0));

  while ((child = gtk_widget_get_first_child (box)))
    gtk_box_remove (self->totals_box, child);
  gtk_box_set_spacing (self->totals_box, 12);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  label = gtk_label_new (_("Total"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_size_request (label, CASE_MIN_WIDTH, -1);
  gtk_box_append (self->totals_box, label);
  gtk_box_append (self->totals_box, cell (workers, WORKERS_WIDTH, 1.0));
  gtk_box_append (self->totals_box, money_cell (tj_json_get_int (totals, "owed_fen", 0), FALSE));
  gtk_box_append (self->totals_box, money_cell (tj_json_get_int (totals, "agreed_fen", 0), FALSE));
  gtk_box_append (self->totals_box, money_cell (tj_json_get_int (totals, "paid_fen", 0), FALSE));
  label = money_cell (overdue_fen, FALSE);
  if (overdue_fen > 0)
    gtk_widget_add_css_class (label, "error");
  gtk_box_append (self->totals_box, label);
  gtk_box_append (self->totals_box, cell ("", DATE_WIDTH, 1.0));
  for (GtkWidget *c = gtk_widget_get_first_child (box); c; c = gtk_widget_get_next_sibling (c))
    gtk_widget_add_css_class (c, "heading");
}

static void
copy_member_cb (JsonObject  *object,
                const char  *name,
                JsonNode    *node,
                gpointer     data)
{
  if (!g_str_equal (name, "today"))
    json_object_set_member (data, name, json_node_copy (node));
}

/* The overview as tj_arrears_list() gives it, with the rows of the first
 * page (read with the count): for tj_arrears_page_get_list(). */
static JsonObject *
overview_of (TjArrearsList *model,
             JsonObject    *totals)
{
  JsonObject *out = json_object_new ();
  JsonArray *cases = json_array_new ();
  JsonObject *sums = json_object_new ();
  guint n = MIN (g_list_model_get_n_items (G_LIST_MODEL (model)), 100);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TjArrearsRow) row = g_list_model_get_item (G_LIST_MODEL (model), i);
      JsonObject *c;

      if (row == NULL || !tj_row_get_loaded (TJ_ROW (row)))
        break;
      c = json_object_new ();
      json_object_set_string_member (c, "id", tj_arrears_row_get_id (row));
      json_object_set_string_member (c, "number", tj_arrears_row_get_number (row));
      json_object_set_string_member (c, "title", tj_arrears_row_get_title (row));
      json_object_set_string_member (c, "status", tj_arrears_row_get_status (row));
      json_object_set_string_member (c, "kind", tj_arrears_row_get_kind (row));
      json_object_set_string_member (c, "employer", tj_arrears_row_get_employer (row));
      json_object_set_int_member (c, "workers", tj_arrears_row_get_workers (row));
      json_object_set_int_member (c, "workers_owed", tj_arrears_row_get_workers_owed (row));
      json_object_set_int_member (c, "owed_fen", tj_arrears_row_get_owed_fen (row));
      if (tj_arrears_row_get_settlement_status (row))
        json_object_set_string_member (c, "settlement_status", tj_arrears_row_get_settlement_status (row));
      else
        json_object_set_null_member (c, "settlement_status");
      json_object_set_int_member (c, "agreed_fen", tj_arrears_row_get_agreed_fen (row));
      json_object_set_int_member (c, "paid_fen", tj_arrears_row_get_paid_fen (row));
      json_object_set_int_member (c, "outstanding_fen", tj_arrears_row_get_outstanding_fen (row));
      json_object_set_int_member (c, "overdue_fen", tj_arrears_row_get_overdue_fen (row));
      json_object_set_int_member (c, "overdue_installments", tj_arrears_row_get_overdue_installments (row));
      if (tj_arrears_row_get_next_due_on (row))
        json_object_set_string_member (c, "next_due_on", tj_arrears_row_get_next_due_on (row));
      else
        json_object_set_null_member (c, "next_due_on");
      json_array_add_object_element (cases, c);
    }
  json_object_set_string_member (out, "today", tj_json_get_string (totals, "today", ""));
  json_object_set_array_member (out, "cases", cases);
  /* The totals without the day they were counted for. */
  json_object_foreach_member (totals, copy_member_cb, sums);
  json_object_set_object_member (out, "totals", sums);
  return out;
}

static void
show_error (TjArrearsPage *self,
            const GError  *error)
{
  g_autofree char *text = g_strdup_printf (_("The wage arrears could not be read: %s"), error->message);

  g_warning ("Could not list arrears: %s", error->message);
  gtk_label_set_label (self->error_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  adw_status_page_set_description (self->status_page, text);
}

static void
show_totals (TjArrearsPage *self)
{
  JsonObject *totals = tj_arrears_list_get_totals (self->model);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  gint64 outstanding = tj_json_get_int (totals, "outstanding_fen", 0);
  gint64 n_overdue = tj_json_get_int (totals, "overdue_installments", 0);
  g_autofree char *outstanding_text = tj_money_format (outstanding);
  g_autofree char *cases_text = NULL;
  g_autofree char *summary = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  g_clear_pointer (&self->overview, json_object_unref);
  if (totals == NULL)
    return;
  self->overview = overview_of (self->model, totals);
  if (n == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  fill_heading (self);
  fill_totals (self, totals);

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

static void
reloaded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TjArrearsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tj_paged_list_reload_finish (TJ_PAGED_LIST (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }
  if (TJ_PAGED_LIST (source) == TJ_PAGED_LIST (self->model))
    show_totals (self);
}

/* Counts and reads the first page again on the repository's worker: the
 * main thread stays free while 100,000 cases are summed. */
static void
refresh (TjArrearsPage *self)
{
  TjApplication *app = tj_ui_get_application_or_default (GTK_WIDGET (self));
  TjCaseContext ctx;

  if (app == NULL || self->model == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  tj_context_fill_case_context (tj_application_get_context (app), &ctx);
  tj_arrears_list_set_query (self->model, self->sort, ctx.today);
  tj_paged_list_reload_async (TJ_PAGED_LIST (self->model), self->cancellable, reloaded_cb, g_object_ref (self));
}

static void
row_activated_cb (TjArrearsPage *self,
                  guint          position)
{
  g_autoptr(TjArrearsRow) row = self->model ? g_list_model_get_item (G_LIST_MODEL (self->model), position) : NULL;
  const char *id = row && tj_row_get_loaded (TJ_ROW (row)) ? tj_arrears_row_get_id (row) : NULL;

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
    refresh (self);
}

static void
repository_cb (TjArrearsPage *self)
{
  TjRepository *repository = self->application ? tj_application_get_repository (self->application) : NULL;
  g_autoptr(GtkNoSelection) selection = NULL;

  if (repository == NULL || repository == self->repository)
    return;
  g_set_weak_pointer (&self->repository, repository);
  g_signal_connect_object (repository, "changed", G_CALLBACK (repository_changed_cb), self, 0);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->model);
  self->model = tj_arrears_list_new (repository);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh (self);
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
    refresh (self);
}

static void
root_application_cb (TjArrearsPage *self)
{
  TjApplication *app = tj_ui_get_application (GTK_WIDGET (self));

  if (!tj_ui_set_application (&self->application, app, self))
    return;
  if (app)
    {
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
  GTK_WIDGET_CLASS (tj_arrears_page_parent_class)->root (widget);

  tj_ui_follow_root_application (widget, G_CALLBACK (root_application_cb));
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
  tj_ui_set_application (&self->application, NULL, self);
  g_clear_object (&self->model);
  g_clear_pointer (&self->overview, json_object_unref);
  g_clear_pointer (&self->sort, g_free);

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
  gtk_widget_class_bind_template_child (widget_class, TjArrearsPage, heading_box);
  gtk_widget_class_bind_template_child (widget_class, TjArrearsPage, totals_box);
  gtk_widget_class_bind_template_child (widget_class, TjArrearsPage, list_view);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
tj_arrears_page_init (TjArrearsPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  self->sort = g_strdup ("owed");
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
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
  /* The overview in the old order is not what is asked for any more. */
  g_clear_pointer (&self->overview, json_object_unref);
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
