/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "tj-calendar.h"
#include "tj-error.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-settlement.h"
#include "tj-settlement-editor.h"
#include "tj-ui-format.h"
#include "tj-ui-work.h"
#include "tj-window.h"

/* The settlement of a wage-arrears case (issue 5): the total, each
 * worker's share, the payer (any party of the chain), the method and the
 * installment schedule. Each installment is shared among the workers in
 * proportion to their shares — exactly, in fen, and so that over all
 * installments each worker gets exactly their share — until the mediator
 * changes a worker's amount in it by hand. Core (tj_settlement_set())
 * checks everything; its messages are put beside the fields they name. */

static const char * const method_ids[] = { "bank_transfer", "cash", "wage_account" };
static const char * const method_labels[] = {
  N_("Bank transfer"), N_("Cash"), N_("Via the wage account"),
};
static const char * const status_ids[] = { "draft", "agreed" };
static const char * const status_labels[] = { N_("Draft"), N_("Agreed") };

typedef struct {
  char       *id;
  char       *name;
  gint64      owed;
  GtkWidget  *row;
  GtkWidget  *entry;
} Worker;

typedef struct {
  GtkWidget  *row;          /* AdwExpanderRow */
  GtkWidget  *due;
  GtkWidget  *amount;
  GPtrArray  *entries;      /* per worker, same order as workers */
  gboolean    custom;
} Installment;

struct _TjSettlementEditor
{
  AdwWindow            parent_instance;

  AdwWindowTitle      *window_title;
  GtkLabel            *error_label;
  AdwComboRow         *status_row;
  AdwActionRow        *total_row;
  GtkWidget           *total_entry;
  AdwComboRow         *payer_row;
  AdwComboRow         *method_row;
  AdwPreferencesGroup *workers_group;
  AdwPreferencesGroup *installments_group;
  GtkWidget           *save_button;

  TjApplication       *application;
  GCancellable        *cancellable;  /* the case's read; cancelled on dispose */
  gboolean             busy;         /* reading the case, or saving */
  char                *case_id;
  JsonObject          *existing;   /* the settlement as read, or NULL */
  JsonArray           *payers;     /* [{party_id, role, name}] */
  GPtrArray           *workers;    /* of Worker */
  GPtrArray           *installments;
  GPtrArray           *error_rows; /* rows showing a message */
  gboolean             filling;
};

G_DEFINE_FINAL_TYPE (TjSettlementEditor, tj_settlement_editor, ADW_TYPE_WINDOW)

static void recompute (TjSettlementEditor *self);

static void
worker_free (gpointer data)
{
  Worker *w = data;

  g_free (w->id);
  g_free (w->name);
  g_free (w);
}

static void
installment_free (gpointer data)
{
  Installment *inst = data;

  g_ptr_array_unref (inst->entries);
  g_free (inst);
}

/* Money is shown as money, in entries too: ¥9,222.00, never "9222". An
 * entry already holding the amount (as typed: "40万") is left alone, so
 * that what the mediator types is not rewritten under the cursor. */
static void
set_money (TjSettlementEditor *self,
           GtkWidget          *entry,
           gint64              fen)
{
  g_autofree char *text = tj_money_format (fen);
  gboolean filling = self->filling;
  gint64 shown = -1;

  if (tj_money_parse (gtk_editable_get_text (GTK_EDITABLE (entry)), &shown, NULL) && shown == fen)
    return;
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  self->filling = filling;
}

/* The amount typed in @entry; empty is zero. */
static gboolean
get_money (GtkWidget  *entry,
           gint64     *fen,
           GError    **error)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  *fen = 0;
  if (*text == '\0')
    return TRUE;
  return tj_money_parse (text, fen, error);
}

/* ------------------------------------------------------------------ */
/* Messages beside the fields                                           */

static void
row_set_error (TjSettlementEditor *self,
               GtkWidget          *row,
               const char         *message)
{
  const char *hint = g_object_get_data (G_OBJECT (row), "hint");

  if (ADW_IS_EXPANDER_ROW (row))
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), message ? message : hint ? hint : "");
  else if (message == NULL && ADW_IS_COMBO_ROW (row) && adw_combo_row_get_use_subtitle (ADW_COMBO_ROW (row)))
    {
      /* A combo row showing its choice as subtitle gets the choice back. */
      adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (row), FALSE);
      adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (row), TRUE);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), message ? message : hint ? hint : "");
  if (message)
    {
      gtk_widget_add_css_class (row, "error");
      g_ptr_array_add (self->error_rows, row);
    }
  else
    gtk_widget_remove_css_class (row, "error");
}

static void
set_hint (GtkWidget  *row,
          const char *hint)
{
  g_object_set_data_full (G_OBJECT (row), "hint", g_strdup (hint), g_free);
  if (ADW_IS_EXPANDER_ROW (row))
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), hint);
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), hint);
}

static void
clear_errors (TjSettlementEditor *self)
{
  g_autoptr(GPtrArray) rows = g_steal_pointer (&self->error_rows);

  self->error_rows = g_ptr_array_new ();
  for (guint i = 0; i < rows->len; i++)
    row_set_error (self, g_ptr_array_index (rows, i), NULL);
  g_ptr_array_set_size (self->error_rows, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

/* The row a core field name ("installments[1].allocations[3].amount_fen")
 * belongs to. */
static GtkWidget *
row_for_field (TjSettlementEditor *self,
               const char         *field)
{
  guint index;

  if (g_str_has_prefix (field, "total"))
    return GTK_WIDGET (self->total_row);
  if (g_str_has_prefix (field, "payer"))
    return GTK_WIDGET (self->payer_row);
  if (g_str_has_prefix (field, "method"))
    return GTK_WIDGET (self->method_row);
  if (g_str_has_prefix (field, "status"))
    return GTK_WIDGET (self->status_row);
  if (tj_field_path_element (field, "installments", &index, NULL) && index < self->installments->len)
    return ((Installment *) g_ptr_array_index (self->installments, index))->row;
  return NULL;
}

static void
show_core_error (TjSettlementEditor *self,
                 const GError       *error)
{
  g_auto(GStrv) parts = tj_ui_split_error (error);
  g_autoptr(GString) rest = g_string_new (NULL);

  for (guint i = 0; parts && parts[i] && parts[i + 1]; i += 2)
    {
      GtkWidget *row = *parts[i] ? row_for_field (self, parts[i]) : NULL;

      if (row)
        {
          const char *old = g_ptr_array_find (self->error_rows, row, NULL)
                            ? (ADW_IS_EXPANDER_ROW (row) ? adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row))
                                                         : adw_action_row_get_subtitle (ADW_ACTION_ROW (row)))
                            : NULL;
          g_autofree char *text = old ? g_strdup_printf ("%s; %s", old, parts[i + 1]) : g_strdup (parts[i + 1]);
          row_set_error (self, row, text);
        }
      else
        {
          /* Core joins its problems with "; ", and a message may hold
           * one itself: put the pieces without a field back together. */
          if (rest->len)
            g_string_append (rest, "; ");
          g_string_append (rest, parts[i + 1]);
        }
    }
  if (rest->len == 0)
    g_string_append (rest, _("The settlement was not saved: see the messages beside the fields."));
  gtk_label_set_label (self->error_label, rest->str);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

/* ------------------------------------------------------------------ */
/* Proportional shares, in whole fen                                    */

/* Allocations of the installments not changed by hand: what is left of
 * each worker's share after the hand-made ones, allocated installment by
 * installment with tj_money_split_installments() — the rule the settlement
 * draft of a session uses — so that the last one brings every worker
 * exactly to their share. */
static void
recompute (TjSettlementEditor *self)
{
  guint n = self->workers->len;
  g_autofree gint64 *left = g_new0 (gint64, n);
  g_autoptr(GArray) amounts = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autofree gint64 *allocations = NULL;

  if (self->filling || n == 0)
    return;
  for (guint j = 0; j < n; j++)
    {
      Worker *w = g_ptr_array_index (self->workers, j);
      if (!get_money (w->entry, &left[j], NULL))
        left[j] = 0;
    }
  for (guint i = 0; i < self->installments->len; i++)
    {
      Installment *inst = g_ptr_array_index (self->installments, i);
      gint64 amount = 0;

      if (inst->custom)
        {
          for (guint j = 0; j < n; j++)
            {
              gint64 a = 0;
              get_money (g_ptr_array_index (inst->entries, j), &a, NULL);
              left[j] = MAX (left[j] - a, 0);
            }
          continue;
        }
      if (!get_money (inst->amount, &amount, NULL) || amount < 0)
        amount = 0;
      g_array_append_val (amounts, amount);
    }

  allocations = g_new0 (gint64, (gsize) MAX (amounts->len, 1) * n);
  if (!tj_money_split_installments (left, n, (const gint64 *) amounts->data, amounts->len, allocations))
    return;
  self->filling = TRUE;
  for (guint i = 0, k = 0; i < self->installments->len; i++)
    {
      Installment *inst = g_ptr_array_index (self->installments, i);

      if (inst->custom)
        continue;
      for (guint j = 0; j < n; j++)
        set_money (self, g_ptr_array_index (inst->entries, j), allocations[(gsize) k * n + j]);
      k++;
    }
  self->filling = FALSE;
}

/* ------------------------------------------------------------------ */
/* Rows                                                                 */

static void
changed_cb (GtkEditable        *editable,
            TjSettlementEditor *self)
{
  recompute (self);
}

static void
allocation_changed_cb (GtkEditable        *editable,
                       TjSettlementEditor *self)
{
  Installment *inst = g_object_get_data (G_OBJECT (editable), "installment");

  if (self->filling || inst == NULL)
    return;
  if (!inst->custom)
    {
      inst->custom = TRUE;
      set_hint (inst->row, _("Amounts per worker changed by hand"));
    }
  recompute (self);
}

static GtkWidget *
money_entry (TjSettlementEditor *self,
             int                 width)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_width_chars (GTK_EDITABLE (entry), width);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
  return entry;
}

static void
renumber (TjSettlementEditor *self)
{
  for (guint i = 0; i < self->installments->len; i++)
    {
      Installment *inst = g_ptr_array_index (self->installments, i);
      /* Translators: an installment of a settlement, "Installment 2". */
      g_autofree char *title = g_strdup_printf (_("Installment %u"), i + 1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (inst->row), title);
    }
}

static void
remove_installment_cb (GtkButton          *button,
                       TjSettlementEditor *self)
{
  Installment *inst = g_object_get_data (G_OBJECT (button), "installment");

  g_ptr_array_remove (self->error_rows, inst->row);
  adw_preferences_group_remove (self->installments_group, inst->row);
  g_ptr_array_remove (self->installments, inst);
  renumber (self);
  recompute (self);
}

static Installment *
add_installment (TjSettlementEditor *self,
                 const char         *due_on,
                 gint64              amount,
                 JsonArray          *allocations)
{
  Installment *inst = g_new0 (Installment, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *remove;

  inst->entries = g_ptr_array_new ();
  inst->row = adw_expander_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (inst->row), FALSE);
  set_hint (inst->row, _("Shared in proportion to the workers’ shares"));

  inst->due = gtk_entry_new ();
  /* Just the width of a date and an amount: the row fits a phone. */
  gtk_editable_set_width_chars (GTK_EDITABLE (inst->due), 10);
  gtk_widget_set_valign (inst->due, GTK_ALIGN_CENTER);
  gtk_entry_set_placeholder_text (GTK_ENTRY (inst->due), _("YYYY-MM-DD"));
  gtk_widget_set_tooltip_text (inst->due, _("Due date"));
  inst->amount = money_entry (self, 9);
  gtk_entry_set_placeholder_text (GTK_ENTRY (inst->amount), _("Amount"));
  gtk_widget_set_tooltip_text (inst->amount, _("Amount"));
  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove this installment"));
  g_object_set_data (G_OBJECT (remove), "installment", inst);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_installment_cb), self);
  gtk_box_append (GTK_BOX (box), inst->due);
  gtk_box_append (GTK_BOX (box), inst->amount);
  gtk_box_append (GTK_BOX (box), remove);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (inst->row), box);

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (inst->due), due_on ? due_on : "");
  if (amount > 0)
    set_money (self, inst->amount, amount);
  for (guint j = 0; j < self->workers->len; j++)
    {
      Worker *w = g_ptr_array_index (self->workers, j);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *entry = money_entry (self, 10);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), w->name);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), entry);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), entry);
      g_object_set_data (G_OBJECT (entry), "installment", inst);
      for (guint k = 0; allocations && k < json_array_get_length (allocations); k++)
        {
          JsonObject *a = json_array_get_object_element (allocations, k);
          if (g_strcmp0 (tj_json_get_string (a, "worker_id", NULL), w->id) == 0)
            set_money (self, entry, tj_json_get_int (a, "amount_fen", 0));
        }
      g_signal_connect (entry, "changed", G_CALLBACK (allocation_changed_cb), self);
      g_ptr_array_add (inst->entries, entry);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (inst->row), row);
    }
  self->filling = FALSE;

  g_signal_connect (inst->amount, "changed", G_CALLBACK (changed_cb), self);
  g_ptr_array_add (self->installments, inst);
  adw_preferences_group_add (self->installments_group, inst->row);
  renumber (self);
  return inst;
}

static void
add_installment_clicked_cb (TjSettlementEditor *self)
{
  tj_settlement_editor_add_installment (self);
}

static void
split_clicked_cb (TjSettlementEditor *self)
{
  tj_settlement_editor_split_by_owed (self);
}

static void
saved_clicked_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  TjSettlementEditor *self = TJ_SETTLEMENT_EDITOR (source);
  GtkWindow *parent;

  if (!tj_settlement_editor_save_finish (self, result, NULL) || self->application == NULL)
    return;
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (TJ_IS_WINDOW (parent))
    tj_window_add_toast (TJ_WINDOW (parent), adw_toast_new (_("Settlement saved")));
  gtk_window_close (GTK_WINDOW (self));
}

static void
save_clicked_cb (TjSettlementEditor *self)
{
  tj_settlement_editor_save_async (self, saved_clicked_cb, NULL);
}

/* ------------------------------------------------------------------ */
/* Reading the case                                                     */

static void
add_payer (TjSettlementEditor *self,
           GtkStringList      *labels,
           JsonObject         *party,
           const char         *role)
{
  JsonObject *p = json_object_new ();
  g_autofree char *label = g_strdup_printf ("%s (%s)", tj_json_get_string (party, "name", ""), tj_party_role_label (role));

  json_object_set_string_member (p, "party_id", tj_json_get_string (party, "id", ""));
  json_object_set_string_member (p, "role", role);
  json_object_set_string_member (p, "name", tj_json_get_string (party, "name", ""));
  json_array_add_object_element (self->payers, p);
  gtk_string_list_append (labels, label);
}

/* Whether two typed amounts are the same; empty is zero. */
static gboolean
same_amount (const char *a,
             const char *b)
{
  gint64 fa = 0, fb = 0;

  if (a && *a && !tj_money_parse (a, &fa, NULL))
    return FALSE;
  if (b && *b && !tj_money_parse (b, &fb, NULL))
    return FALSE;
  return fa == fb;
}

/* The case and its settlement, read on the repository's worker when the
 * editor opens; nothing can be saved until then. */
typedef struct {
  char       *case_id;
  JsonObject *doc;
  JsonObject *existing;
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_free (job->case_id);
  g_clear_pointer (&job->doc, json_object_unref);
  g_clear_pointer (&job->existing, json_object_unref);
  g_free (job);
}

static gboolean
load_in_worker (TjStore              *store,
                const TjCaseContext  *ctx,
                gpointer              data,
                GError              **error)
{
  LoadJob *job = data;

  job->doc = tj_case_show (store, ctx, job->case_id, error);
  if (job->doc == NULL)
    return FALSE;
  job->existing = tj_settlement_get (store, ctx, job->case_id, NULL);
  return TRUE;
}

static void
set_busy (TjSettlementEditor *self,
          gboolean            busy)
{
  self->busy = busy;
  gtk_widget_set_sensitive (self->save_button, !busy);
}

static void
fill (TjSettlementEditor *self,
      JsonObject         *doc)
{
  g_autoptr(GtkStringList) payer_labels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) methods = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  JsonArray *workers, *chain, *installments;
  JsonObject *employer, *payer;
  g_autofree char *subtitle = NULL;
  gint64 total;

  subtitle = g_strdup_printf ("%s %s", tj_json_get_string (doc, "number", ""), tj_json_get_string (doc, "title", ""));
  adw_window_title_set_subtitle (self->window_title, subtitle);

  for (guint i = 0; i < G_N_ELEMENTS (status_ids); i++)
    gtk_string_list_append (statuses, _(status_labels[i]));
  adw_combo_row_set_model (self->status_row, G_LIST_MODEL (statuses));
  for (guint i = 0; i < G_N_ELEMENTS (method_ids); i++)
    gtk_string_list_append (methods, _(method_labels[i]));
  adw_combo_row_set_model (self->method_row, G_LIST_MODEL (methods));

  employer = tj_json_get_object (doc, "employer");
  if (employer)
    add_payer (self, payer_labels, employer, "employer");
  chain = tj_json_get_array (doc, "chain");
  for (guint i = 0; chain && i < json_array_get_length (chain); i++)
    {
      JsonObject *c = json_array_get_object_element (chain, i);
      add_payer (self, payer_labels, c, tj_json_get_string (c, "role", ""));
    }
  adw_combo_row_set_model (self->payer_row, G_LIST_MODEL (payer_labels));
  if (json_array_get_length (self->payers) == 0)
    set_hint (GTK_WIDGET (self->payer_row), _("Add the employer or the contractor chain to the case first"));

  workers = tj_json_get_array (doc, "workers");
  self->filling = TRUE;
  for (guint i = 0; workers && i < json_array_get_length (workers); i++)
    {
      JsonObject *o = json_array_get_object_element (workers, i);
      Worker *w = g_new0 (Worker, 1);
      g_autofree char *owed = NULL;
      g_autofree char *hint = NULL;

      w->id = g_strdup (tj_json_get_string (o, "id", ""));
      w->name = g_strdup (tj_json_get_string (o, "name", ""));
      w->owed = tj_json_get_int (o, "owed_fen", 0);
      owed = tj_money_format (w->owed);
      /* Translators: subtitle of a worker in the settlement, "Owed ¥12,750.00". */
      hint = g_strdup_printf (_("Owed %s"), owed);
      w->row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (w->row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (w->row), w->name);
      set_hint (w->row, hint);
      w->entry = money_entry (self, 12);
      adw_action_row_add_suffix (ADW_ACTION_ROW (w->row), w->entry);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (w->row), w->entry);
      g_signal_connect (w->entry, "changed", G_CALLBACK (changed_cb), self);
      adw_preferences_group_add (self->workers_group, w->row);
      g_ptr_array_add (self->workers, w);
    }
  if (self->workers->len == 0)
    adw_preferences_group_set_description (self->workers_group,
                                           _("The case has no workers yet: import the roster or add them on the case page first."));

  if (self->existing)
    {
      JsonArray *shares = tj_json_get_array (self->existing, "workers");
      const char *status = tj_json_get_string (self->existing, "status", "draft");
      const char *method = tj_json_get_string (self->existing, "method", NULL);

      total = tj_json_get_int (self->existing, "total_fen", 0);
      for (guint i = 0; i < G_N_ELEMENTS (status_ids); i++)
        if (g_str_equal (status, status_ids[i]))
          adw_combo_row_set_selected (self->status_row, i);
      for (guint i = 0; i < G_N_ELEMENTS (method_ids); i++)
        if (g_strcmp0 (method, method_ids[i]) == 0)
          adw_combo_row_set_selected (self->method_row, i);
      payer = tj_json_get_object (self->existing, "payer");
      for (guint i = 0; payer && i < json_array_get_length (self->payers); i++)
        if (g_strcmp0 (tj_json_get_string (json_array_get_object_element (self->payers, i), "party_id", NULL),
                       tj_json_get_string (payer, "party_id", "")) == 0)
          adw_combo_row_set_selected (self->payer_row, i);
      for (guint j = 0; j < self->workers->len; j++)
        {
          Worker *w = g_ptr_array_index (self->workers, j);
          for (guint k = 0; shares && k < json_array_get_length (shares); k++)
            {
              JsonObject *s = json_array_get_object_element (shares, k);
              if (g_strcmp0 (tj_json_get_string (s, "worker_id", NULL), w->id) == 0)
                set_money (self, w->entry, tj_json_get_int (s, "allocated_fen", 0));
            }
        }
    }
  else
    {
      JsonObject *totals = tj_json_get_object (doc, "totals");

      /* A new settlement starts from what the workers are owed, in one
       * installment: the usual first offer to discuss. */
      total = tj_json_get_int (totals, "owed_fen", 0);
      for (guint j = 0; j < self->workers->len; j++)
        {
          Worker *w = g_ptr_array_index (self->workers, j);
          set_money (self, w->entry, w->owed);
        }
    }
  if (total > 0)
    set_money (self, self->total_entry, total);
  self->filling = FALSE;

  installments = self->existing ? tj_json_get_array (self->existing, "installments") : NULL;
  if (installments && json_array_get_length (installments) > 0)
    {
      for (guint i = 0; i < json_array_get_length (installments); i++)
        {
          JsonObject *o = json_array_get_object_element (installments, i);
          add_installment (self, tj_json_get_string (o, "due_on", NULL), tj_json_get_int (o, "amount_fen", 0),
                           tj_json_get_array (o, "allocations"));
        }
      /* Stored allocations that are not the proportional ones were made
       * by hand: then all are kept as they are (recomputing some would
       * change the others' rounding); otherwise they stay proportional. */
      {
        g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_free);
        gboolean by_hand = FALSE;

        for (guint i = 0; i < self->installments->len; i++)
          {
            Installment *inst = g_ptr_array_index (self->installments, i);
            for (guint j = 0; j < inst->entries->len; j++)
              g_ptr_array_add (before, g_strdup (gtk_editable_get_text (g_ptr_array_index (inst->entries, j))));
          }
        recompute (self);
        for (guint i = 0, k = 0; i < self->installments->len; i++)
          {
            Installment *inst = g_ptr_array_index (self->installments, i);
            for (guint j = 0; j < inst->entries->len; j++, k++)
              if (!same_amount (g_ptr_array_index (before, k), gtk_editable_get_text (g_ptr_array_index (inst->entries, j))))
                by_hand = TRUE;
          }
        if (by_hand)
          {
            self->filling = TRUE;
            for (guint i = 0, k = 0; i < self->installments->len; i++)
              {
                Installment *inst = g_ptr_array_index (self->installments, i);
                for (guint j = 0; j < inst->entries->len; j++, k++)
                  gtk_editable_set_text (g_ptr_array_index (inst->entries, j), g_ptr_array_index (before, k));
                inst->custom = TRUE;
                set_hint (inst->row, _("Amounts per worker changed by hand"));
              }
            self->filling = FALSE;
          }
      }
    }
  else
    add_installment (self, NULL, total, NULL);
  g_signal_connect (self->total_entry, "changed", G_CALLBACK (changed_cb), self);
  recompute (self);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TjSettlementEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  LoadJob *job = NULL;

  if (!tj_ui_work_run_finish (result, (gpointer *) &job, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Cannot edit the settlement of a case: %s", error->message);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  set_busy (self, FALSE);
  self->existing = g_steal_pointer (&job->existing);
  fill (self, job->doc);
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */

static void
tj_settlement_editor_dispose (GObject *object)
{
  TjSettlementEditor *self = TJ_SETTLEMENT_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->application);
  gtk_widget_dispose_template (GTK_WIDGET (self), TJ_TYPE_SETTLEMENT_EDITOR);

  G_OBJECT_CLASS (tj_settlement_editor_parent_class)->dispose (object);
}

static void
tj_settlement_editor_finalize (GObject *object)
{
  TjSettlementEditor *self = TJ_SETTLEMENT_EDITOR (object);

  g_clear_object (&self->application);
  g_clear_pointer (&self->case_id, g_free);
  g_clear_pointer (&self->existing, json_object_unref);
  g_clear_pointer (&self->payers, json_array_unref);
  g_clear_pointer (&self->workers, g_ptr_array_unref);
  g_clear_pointer (&self->installments, g_ptr_array_unref);
  g_clear_pointer (&self->error_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (tj_settlement_editor_parent_class)->finalize (object);
}

static void
tj_settlement_editor_class_init (TjSettlementEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_settlement_editor_dispose;
  object_class->finalize = tj_settlement_editor_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-settlement-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, TjSettlementEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, TjSettlementEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, TjSettlementEditor, status_row);
  gtk_widget_class_bind_template_child (widget_class, TjSettlementEditor, total_row);
  gtk_widget_class_bind_template_child (widget_class, TjSettlementEditor, total_entry);
  gtk_widget_class_bind_template_child (widget_class, TjSettlementEditor, payer_row);
  gtk_widget_class_bind_template_child (widget_class, TjSettlementEditor, method_row);
  gtk_widget_class_bind_template_child (widget_class, TjSettlementEditor, workers_group);
  gtk_widget_class_bind_template_child (widget_class, TjSettlementEditor, installments_group);
  gtk_widget_class_bind_template_child (widget_class, TjSettlementEditor, save_button);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, split_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_installment_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tj_settlement_editor_init (TjSettlementEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->payers = json_array_new ();
  self->workers = g_ptr_array_new_with_free_func (worker_free);
  self->installments = g_ptr_array_new_with_free_func (installment_free);
  self->error_rows = g_ptr_array_new ();
  g_object_set_data_full (G_OBJECT (self->total_row), "hint", g_strdup (""), g_free);
  g_object_set_data_full (G_OBJECT (self->payer_row), "hint", g_strdup (""), g_free);
  set_hint (GTK_WIDGET (self->status_row), _("Payments can be recorded once the settlement is agreed"));
  g_object_set_data_full (G_OBJECT (self->method_row), "hint", g_strdup (""), g_free);
}

TjSettlementEditor *
tj_settlement_editor_new (GtkWindow     *parent,
                          TjApplication *application,
                          const char    *case_id)
{
  TjSettlementEditor *self;
  LoadJob *job;

  g_return_val_if_fail (TJ_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  self = g_object_new (TJ_TYPE_SETTLEMENT_EDITOR,
                       "transient-for", parent,
                       "application", application,
                       NULL);
  self->application = g_object_ref (application);
  self->case_id = g_strdup (case_id);
  if (tj_application_get_repository (application) == NULL)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  job = g_new0 (LoadJob, 1);
  job->case_id = g_strdup (case_id);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  tj_ui_work_run_async (application, load_in_worker, job, (GDestroyNotify) load_job_free, self->cancellable,
                        loaded_cb, g_object_ref (self));
  return self;
}

GtkWidget *
tj_settlement_editor_get_field (TjSettlementEditor *self,
                                const char         *field)
{
  guint i, j;
  const char *part = NULL;

  g_return_val_if_fail (TJ_IS_SETTLEMENT_EDITOR (self), NULL);

  if (g_str_equal (field, "total_fen"))
    return self->total_entry;
  if (g_str_equal (field, "status"))
    return GTK_WIDGET (self->status_row);
  if (g_str_equal (field, "payer"))
    return GTK_WIDGET (self->payer_row);
  if (g_str_equal (field, "method"))
    return GTK_WIDGET (self->method_row);
  if (tj_field_path_element (field, "shares", &i, NULL))
    return i < self->workers->len ? ((Worker *) g_ptr_array_index (self->workers, i))->entry : NULL;
  if (tj_field_path_element (field, "installments", &i, &part) && i < self->installments->len)
    {
      Installment *inst = g_ptr_array_index (self->installments, i);

      if (tj_field_path_element (part, "allocations", &j, NULL))
        return j < inst->entries->len ? g_ptr_array_index (inst->entries, j) : NULL;
      if (g_str_equal (part, "due_on"))
        return inst->due;
      if (g_str_equal (part, "amount_fen"))
        return inst->amount;
    }
  return NULL;
}

void
tj_settlement_editor_add_installment (TjSettlementEditor *self)
{
  gint64 total = 0, scheduled = 0;

  g_return_if_fail (TJ_IS_SETTLEMENT_EDITOR (self));

  /* The new one gets what the others leave of the total. */
  get_money (self->total_entry, &total, NULL);
  for (guint i = 0; i < self->installments->len; i++)
    {
      gint64 a = 0;
      get_money (((Installment *) g_ptr_array_index (self->installments, i))->amount, &a, NULL);
      scheduled += a;
    }
  add_installment (self, NULL, MAX (total - scheduled, 0), NULL);
  recompute (self);
}

void
tj_settlement_editor_split_by_owed (TjSettlementEditor *self)
{
  guint n;
  g_autofree gint64 *owed = NULL;
  g_autofree gint64 *shares = NULL;
  g_autoptr(GError) error = NULL;
  gint64 total = 0;

  g_return_if_fail (TJ_IS_SETTLEMENT_EDITOR (self));

  clear_errors (self);
  if (!get_money (self->total_entry, &total, &error))
    {
      row_set_error (self, GTK_WIDGET (self->total_row), error->message);
      return;
    }
  n = self->workers->len;
  owed = g_new0 (gint64, n);
  shares = g_new0 (gint64, n);
  for (guint j = 0; j < n; j++)
    owed[j] = ((Worker *) g_ptr_array_index (self->workers, j))->owed;
  tj_money_split (total, owed, n, shares);
  self->filling = TRUE;
  for (guint j = 0; j < n; j++)
    set_money (self, ((Worker *) g_ptr_array_index (self->workers, j))->entry, shares[j]);
  self->filling = FALSE;
  recompute (self);
}

/* The settlement, written on the repository's worker. */
typedef struct {
  char       *case_id;
  JsonObject *settlement;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_free (job->case_id);
  json_object_unref (job->settlement);
  g_free (job);
}

static gboolean
save_in_worker (TjStore              *store,
                const TjCaseContext  *ctx,
                gpointer              data,
                GError              **error)
{
  SaveJob *job = data;
  g_autoptr(JsonObject) out = tj_settlement_set (store, ctx, job->case_id, job->settlement, error);

  return out != NULL;
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TjSettlementEditor *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  tj_ui_work_run_finish (result, NULL, &error);
  if (self->application == NULL)
    {
      /* Destroyed with its parent meanwhile. */
      if (error)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_boolean (task, TRUE);
      return;
    }
  set_busy (self, FALSE);
  if (error)
    {
      /* The editor stays with what was typed, the reasons beside it. */
      show_core_error (self, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
tj_settlement_editor_save_async (TjSettlementEditor  *self,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) settlement = json_object_new ();
  g_autoptr(GError) local = NULL;
  SaveJob *job;
  JsonArray *installments;
  gint64 total = 0;
  guint sel;
  gboolean ok = TRUE;

  g_return_if_fail (TJ_IS_SETTLEMENT_EDITOR (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, tj_settlement_editor_save_async);
  if (self->busy)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY, "%s", _("Saving…"));
      return;
    }
  clear_errors (self);

  sel = adw_combo_row_get_selected (self->status_row);
  json_object_set_string_member (settlement, "status", sel < G_N_ELEMENTS (status_ids) ? status_ids[sel] : "draft");
  if (!get_money (self->total_entry, &total, &local))
    {
      row_set_error (self, GTK_WIDGET (self->total_row), local->message);
      g_clear_error (&local);
      ok = FALSE;
    }
  json_object_set_int_member (settlement, "total_fen", total);
  sel = adw_combo_row_get_selected (self->payer_row);
  if (sel < json_array_get_length (self->payers))
    json_object_set_object_member (settlement, "payer",
                                   json_object_ref (json_array_get_object_element (self->payers, sel)));
  sel = adw_combo_row_get_selected (self->method_row);
  if (sel < G_N_ELEMENTS (method_ids))
    json_object_set_string_member (settlement, "method", method_ids[sel]);

  installments = json_array_new ();
  json_object_set_array_member (settlement, "installments", installments);
  for (guint i = 0; i < self->installments->len; i++)
    {
      Installment *inst = g_ptr_array_index (self->installments, i);
      g_autofree char *due = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (inst->due))));
      JsonObject *o = json_object_new ();
      JsonArray *allocations = json_array_new ();
      gint64 amount = 0;
      GDate date;

      json_array_add_object_element (installments, o);
      if (*due && !tj_date_parse_iso (due, &date))
        {
          g_autofree char *text = g_strdup_printf (_("“%s” is not a date: write it as YYYY-MM-DD"), due);
          row_set_error (self, inst->row, text);
          ok = FALSE;
        }
      json_object_set_string_member (o, "due_on", due);
      if (!get_money (inst->amount, &amount, &local))
        {
          row_set_error (self, inst->row, local->message);
          g_clear_error (&local);
          ok = FALSE;
        }
      json_object_set_int_member (o, "amount_fen", amount);
      json_object_set_array_member (o, "allocations", allocations);
      for (guint j = 0; j < inst->entries->len; j++)
        {
          Worker *w = g_ptr_array_index (self->workers, j);
          gint64 a = 0;

          if (!get_money (g_ptr_array_index (inst->entries, j), &a, &local))
            {
              g_autofree char *text = g_strdup_printf ("%s: %s", w->name, local->message);
              row_set_error (self, inst->row, text);
              g_clear_error (&local);
              ok = FALSE;
            }
          /* A worker with nothing in this installment is left out of it. */
          if (a > 0)
            {
              JsonObject *alloc = json_object_new ();
              json_object_set_string_member (alloc, "worker_id", w->id);
              json_object_set_int_member (alloc, "amount_fen", a);
              json_array_add_object_element (allocations, alloc);
            }
        }
    }
  if (self->existing)
    {
      /* What this editor does not show is kept as it was. */
      JsonNode *terms = json_object_get_member (self->existing, "terms");
      const char *session = tj_json_get_string (self->existing, "source_session_id", NULL);

      if (terms)
        json_object_set_member (settlement, "terms", json_node_copy (terms));
      if (session)
        json_object_set_string_member (settlement, "source_session_id", session);
    }
  if (!ok)
    {
      gtk_label_set_label (self->error_label, _("Some amounts or dates cannot be read: see the messages beside the fields."));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      g_task_return_new_error (task, TJ_ERROR, TJ_ERROR_INVALID, "%s", gtk_label_get_label (self->error_label));
      return;
    }

  job = g_new0 (SaveJob, 1);
  job->case_id = g_strdup (self->case_id);
  job->settlement = g_steal_pointer (&settlement);
  set_busy (self, TRUE);
  tj_ui_work_run_async (self->application, save_in_worker, job, (GDestroyNotify) save_job_free, NULL, saved_cb,
                        g_steal_pointer (&task));
}

gboolean
tj_settlement_editor_save_finish (TjSettlementEditor  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
tj_settlement_editor_get_busy (TjSettlementEditor *self)
{
  g_return_val_if_fail (TJ_IS_SETTLEMENT_EDITOR (self), FALSE);

  return self->busy;
}
