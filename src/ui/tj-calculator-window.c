/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "tj-calc.h"
#include "tj-calc-inputs.h"
#include "tj-calculator-window.h"
#include "tj-calendar.h"
#include "tj-error.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-ui-format.h"
#include "tj-ui-work.h"
#include "tj-window.h"

/* The labour-law calculators (issue 5) in one window: choose what to
 * calculate, type the figures, and read the amount (in figures and in
 * capital numerals), each step, the legal basis and the warnings while
 * typing. All the law is in core (tj-calc.h); this window only turns
 * what was typed into the calculator's JSON input and shows its result.
 *
 * The fields are core's table of inputs (tj-calc-inputs.h): one row per
 * input member and kind, shown only for the kinds that use it, so that
 * each kind gets exactly the fields its calculator reads, with hints in
 * the user's words. Core's messages name
 * the JSON member ("“monthly_wage_fen” is missing"); the window puts the
 * field's title in its place and marks the row. */

#define DEBOUNCE_MS 300

/* The inputs come from core (tj-calc-inputs.h): the window only lays
 * them out. */
typedef TjCalcInput FieldSpec;
#define field_specs tj_calc_inputs


static const struct {
  const char *kind;
  const char *label;
  const char *claim_kind;   /* the case claim it becomes */
} kinds[] = {
  { "arrears", N_("Wage arrears"), "wage_arrears" },
  { "overtime", N_("Overtime pay"), "overtime" },
  { "compensation", N_("Economic compensation (N)"), "compensation" },
  { "unlawful_termination", N_("Unlawful termination (2N)"), "termination" },
  { "notice_pay", N_("Pay in lieu of notice (+1)"), "compensation" },
  { "compensation_with_notice", N_("Compensation and pay in lieu of notice (N+1)"), "compensation" },
  { "double_wage", N_("Double wage without a written contract"), "compensation" },
  { "annual_leave", N_("Unused annual leave"), "other" },
  { "late_payment", N_("Late-payment additional compensation"), "compensation" },
  { "minimum_wage", N_("Minimum wage shortfall"), "wage_arrears" },
};

typedef struct {
  const FieldSpec *spec;
  AdwActionRow    *row;
  GtkWidget       *entry;   /* GtkEntry; NULL for the city (a combo row) */
} Field;

typedef struct {
  GtkWidget *row;
  GtkWidget *month;
  GtkWidget *due;
  GtkWidget *paid;
} Item;

struct _TjCalculatorWindow
{
  AdwWindow          parent_instance;

  AdwToastOverlay   *toast_overlay;
  AdwWindowTitle    *window_title;
  GtkWidget         *attach_button;
  GtkWidget         *copy_button;
  AdwComboRow       *kind_row;
  GtkWidget         *items_group;
  GtkListBox        *items_list;
  AdwPreferencesGroup *fields_group;
  GtkLabel          *kind_label;
  GtkLabel          *amount_label;
  GtkLabel          *capital_label;
  GtkLabel          *message_label;
  GtkBox            *details_box;

  TjApplication     *application;
  char              *case_id;
  TjLocalFigures    *figures;
  GStrv              cities;
  Field              fields[TJ_CALC_N_INPUTS];
  GPtrArray         *items;   /* of Item */
  GtkSizeGroup      *month_group;   /* the months' column and its heading */
  GtkSizeGroup      *remove_group;
  JsonObject        *result;
  guint              debounce_id;
  gboolean           filling;
};

G_DEFINE_FINAL_TYPE (TjCalculatorWindow, tj_calculator_window, ADW_TYPE_WINDOW)

static void schedule_update (TjCalculatorWindow *self);

static const char *
current_kind (TjCalculatorWindow *self)
{
  guint i = adw_combo_row_get_selected (self->kind_row);

  return i < G_N_ELEMENTS (kinds) ? kinds[i].kind : kinds[0].kind;
}

static void
clear_children (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)))
    {
      if (GTK_IS_LIST_BOX (box))
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
      else
        gtk_box_remove (GTK_BOX (box), child);
    }
}

static void
toast (TjCalculatorWindow *self,
       const char         *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* ------------------------------------------------------------------ */
/* Fields                                                               */

static void
entry_changed_cb (TjCalculatorWindow *self)
{
  if (!self->filling)
    schedule_update (self);
}

static GtkWidget *
new_entry (TjCalculatorWindow *self,
           TjCalcInputType           type,
           int                 width_chars)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_width_chars (GTK_EDITABLE (entry), width_chars);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  switch (type)
    {
    case TJ_CALC_INPUT_MONEY:
      /* Translators: placeholder of an amount of money; 万 is understood. */
      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("¥ e.g. 8000"));
      gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
      break;
    case TJ_CALC_INPUT_DATE:
      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("YYYY-MM-DD"));
      break;
    case TJ_CALC_INPUT_MONTH:
      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("YYYY-MM"));
      break;
    case TJ_CALC_INPUT_NUMBER:
      gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
      break;
    case TJ_CALC_INPUT_CITY:
    case TJ_CALC_INPUT_GROUND:
    default:
      break;
    }
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (entry_changed_cb), self);
  return entry;
}

static void
build_fields (TjCalculatorWindow *self)
{
  for (guint i = 0; i < TJ_CALC_N_INPUTS; i++)
    {
      const FieldSpec *spec = &field_specs[i];
      Field *f = &self->fields[i];

      f->spec = spec;
      if (spec->type == TJ_CALC_INPUT_CITY)
        {
          g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

          /* Translators: the city choice of the calculator when no local figure is used. */
          gtk_string_list_append (list, _("None"));
          for (guint c = 0; self->cities && self->cities[c]; c++)
            gtk_string_list_append (list, self->cities[c]);
          f->row = ADW_ACTION_ROW (adw_combo_row_new ());
          adw_combo_row_set_model (ADW_COMBO_ROW (f->row), G_LIST_MODEL (list));
          g_signal_connect_swapped (f->row, "notify::selected", G_CALLBACK (entry_changed_cb), self);
        }
      else if (spec->type == TJ_CALC_INPUT_GROUND)
        {
          g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
          const char * const *grounds = tj_calc_get_termination_grounds ();

          /* Translators: the ground of termination when none is chosen. */
          gtk_string_list_append (list, _("Not given"));
          for (guint g = 0; grounds[g]; g++)
            gtk_string_list_append (list, tj_calc_termination_ground_label (grounds[g]));
          f->row = ADW_ACTION_ROW (adw_combo_row_new ());
          adw_combo_row_set_model (ADW_COMBO_ROW (f->row), G_LIST_MODEL (list));
          g_signal_connect_swapped (f->row, "notify::selected", G_CALLBACK (entry_changed_cb), self);
        }
      else
        {
          f->row = ADW_ACTION_ROW (adw_action_row_new ());
          f->entry = new_entry (self, spec->type, spec->type == TJ_CALC_INPUT_NUMBER ? 8 : 13);
          adw_action_row_add_suffix (f->row, f->entry);
          adw_action_row_set_activatable_widget (f->row, f->entry);
        }
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (f->row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (f->row), _(spec->title));
      adw_action_row_set_subtitle (f->row, _(spec->hint));
      gtk_widget_set_name (GTK_WIDGET (f->row), spec->member);
      adw_preferences_group_add (self->fields_group, GTK_WIDGET (f->row));
    }
}

/* The calculators name the inputs of a warning by their JSON members, as
 * the CLI takes them (“local_avg_monthly_wage_fen”); here they are the
 * fields the mediator sees, by their titles. */
static char *
readable_warning (const char *text)
{
  g_autoptr(GString) out = g_string_new (text);

  for (guint i = 0; i < TJ_CALC_N_INPUTS; i++)
    {
      g_autofree char *member = g_strdup_printf ("“%s”", field_specs[i].member);
      g_autofree char *title = g_strdup_printf ("“%s”", _(field_specs[i].title));
      g_string_replace (out, member, title, 0);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static Field *
find_field (TjCalculatorWindow *self,
            const char         *member)
{
  const char *kind = current_kind (self);

  for (guint i = 0; i < TJ_CALC_N_INPUTS; i++)
    if (g_str_equal (field_specs[i].member, member) && tj_calc_input_used_by (&field_specs[i], kind))
      return &self->fields[i];
  return NULL;
}

static void
set_row_error (AdwActionRow *row,
               const char   *hint,
               const char   *message)
{
  adw_action_row_set_subtitle (row, message ? message : hint);
  if (message)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
clear_errors (TjCalculatorWindow *self)
{
  for (guint i = 0; i < TJ_CALC_N_INPUTS; i++)
    {
      set_row_error (self->fields[i].row, _(field_specs[i].hint), NULL);
      gtk_widget_remove_css_class (GTK_WIDGET (self->fields[i].row), "warning");
    }
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);
      gtk_widget_remove_css_class (item->month, "error");
      gtk_widget_remove_css_class (item->due, "error");
      gtk_widget_remove_css_class (item->paid, "error");
    }
}

/* ------------------------------------------------------------------ */
/* Months of arrears                                                    */

static void item_remove_cb (GtkButton *button, TjCalculatorWindow *self);

static Item *
add_item (TjCalculatorWindow *self,
          const char         *month,
          const char         *due,
          const char         *paid)
{
  Item *item = g_new0 (Item, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *remove;

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);

  /* Narrow entries that widen with the window: a month fits a phone. */
  item->month = new_entry (self, TJ_CALC_INPUT_DATE, 7);
  gtk_entry_set_placeholder_text (GTK_ENTRY (item->month), _("YYYY-MM"));
  gtk_widget_set_tooltip_text (item->month, _("Month (YYYY-MM)"));
  item->due = new_entry (self, TJ_CALC_INPUT_MONEY, 5);
  gtk_entry_set_placeholder_text (GTK_ENTRY (item->due), _("Wage due"));
  gtk_widget_set_tooltip_text (item->due, _("Wage due"));
  gtk_widget_set_hexpand (item->due, TRUE);
  item->paid = new_entry (self, TJ_CALC_INPUT_MONEY, 5);
  gtk_entry_set_placeholder_text (GTK_ENTRY (item->paid), _("Paid"));
  gtk_widget_set_tooltip_text (item->paid, _("Wage paid"));
  gtk_widget_set_hexpand (item->paid, TRUE);
  remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove this month"));
  g_signal_connect (remove, "clicked", G_CALLBACK (item_remove_cb), self);

  gtk_size_group_add_widget (self->month_group, item->month);
  gtk_size_group_add_widget (self->remove_group, remove);
  gtk_box_append (GTK_BOX (box), item->month);
  gtk_box_append (GTK_BOX (box), item->due);
  gtk_box_append (GTK_BOX (box), item->paid);
  gtk_box_append (GTK_BOX (box), remove);

  item->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (item->row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (item->row), box);
  g_object_set_data (G_OBJECT (remove), "item", item);
  gtk_list_box_append (self->items_list, item->row);

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (item->month), month ? month : "");
  gtk_editable_set_text (GTK_EDITABLE (item->due), due ? due : "");
  gtk_editable_set_text (GTK_EDITABLE (item->paid), paid ? paid : "");
  self->filling = FALSE;

  g_ptr_array_add (self->items, item);
  return item;
}

/* Column headings, since placeholders vanish once a month is typed. */
static void
add_items_heading (TjCalculatorWindow *self)
{
  const char *titles[] = { _("Month (YYYY-MM)"), _("Wage due"), _("Wage paid") };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *spacer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 2);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      GtkWidget *label = gtk_label_new (titles[i]);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_widget_add_css_class (label, "dim-label");
      if (i == 0)
        gtk_size_group_add_widget (self->month_group, label);
      else
        gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_size_group_add_widget (self->remove_group, spacer);
  gtk_box_append (GTK_BOX (box), spacer);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_append (self->items_list, row);
}

static void
item_remove_cb (GtkButton          *button,
                TjCalculatorWindow *self)
{
  Item *item = g_object_get_data (G_OBJECT (button), "item");

  gtk_list_box_remove (self->items_list, item->row);
  g_ptr_array_remove (self->items, item);
  schedule_update (self);
}

/* A new month follows the last one, with the same wage due, since arrears
 * usually run for consecutive months at one wage. */
static void
add_item_clicked_cb (TjCalculatorWindow *self)
{
  g_autofree char *month = NULL;
  const char *due = NULL;
  Item *item;

  if (self->items->len > 0)
    {
      Item *last = g_ptr_array_index (self->items, self->items->len - 1);
      const char *text = gtk_editable_get_text (GTK_EDITABLE (last->month));
      int y, m;

      if (sscanf (text, "%4d-%2d", &y, &m) == 2 && m >= 1 && m <= 12)
        month = g_strdup_printf ("%04d-%02d", m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
      due = gtk_editable_get_text (GTK_EDITABLE (last->due));
    }
  item = add_item (self, month, due, NULL);
  gtk_widget_grab_focus (month ? item->paid : item->month);
  schedule_update (self);
}

/* ------------------------------------------------------------------ */
/* Input                                                                */

static gboolean
parse_number (const char *text,
              double     *out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;

  /* A full-width or Chinese decimal point is what an IME often gives. */
  g_strdelimit (copy, "。", '.');
  *out = g_ascii_strtod (copy, &end);
  return end != copy && *end == '\0';
}

/* Sets @member of @input from what was typed; FALSE with @message (the
 * reason, translated) when it cannot be read. */
static gboolean
read_value (TjCalcInputType    type,
            const char  *text,
            JsonObject  *input,
            const char  *member,
            char       **message)
{
  g_autoptr(GError) error = NULL;
  gint64 fen;
  double number;
  GDate date;

  switch (type)
    {
    case TJ_CALC_INPUT_MONEY:
      if (!tj_money_parse (text, &fen, &error))
        {
          *message = g_strdup (error->message);
          return FALSE;
        }
      json_object_set_int_member (input, member, fen);
      return TRUE;
    case TJ_CALC_INPUT_DATE:
      if (!tj_date_parse_iso (text, &date))
        {
          *message = g_strdup_printf (_("“%s” is not a date: write it as YYYY-MM-DD, e.g. 2025-08-31"), text);
          return FALSE;
        }
      json_object_set_string_member (input, member, text);
      return TRUE;
    case TJ_CALC_INPUT_MONTH:
      {
        g_autofree char *day = g_strconcat (text, "-01", NULL);
        if (strlen (text) != 7 || !tj_date_parse_iso (day, &date))
          {
            *message = g_strdup_printf (_("“%s” is not a month: write it as YYYY-MM, e.g. 2025-03"), text);
            return FALSE;
          }
      }
      json_object_set_string_member (input, member, text);
      return TRUE;
    case TJ_CALC_INPUT_NUMBER:
      if (!parse_number (text, &number))
        {
          *message = g_strdup_printf (_("“%s” is not a number"), text);
          return FALSE;
        }
      if (number == (double) (gint64) number)
        json_object_set_int_member (input, member, (gint64) number);
      else
        json_object_set_double_member (input, member, number);
      return TRUE;
    case TJ_CALC_INPUT_CITY:
    case TJ_CALC_INPUT_GROUND:
    default:
      return TRUE;
    }
}

static gboolean
valid_month (const char *text)
{
  int y, m;
  char tail;

  return sscanf (text, "%4d-%2d%c", &y, &m, &tail) == 2 && y >= 1900 && m >= 1 && m <= 12
         && strlen (text) == 7;
}

/* The calculator input from the visible fields. Returns NULL, with the
 * offending row marked and @message set, when something typed cannot be
 * read; empty fields are left out for core to name. */
static JsonObject *
collect_input (TjCalculatorWindow *self,
               char              **message)
{
  g_autoptr(JsonObject) input = json_object_new ();
  const char *kind = current_kind (self);
  gboolean ok = TRUE;

  for (guint i = 0; i < TJ_CALC_N_INPUTS; i++)
    {
      Field *f = &self->fields[i];
      g_autofree char *text = NULL;
      g_autofree char *why = NULL;

      if (!tj_calc_input_used_by (f->spec, kind))
        continue;
      if (f->spec->type == TJ_CALC_INPUT_CITY)
        {
          guint sel = adw_combo_row_get_selected (ADW_COMBO_ROW (f->row));
          if (sel > 0 && sel != GTK_INVALID_LIST_POSITION && self->cities
              && sel <= g_strv_length (self->cities))
            json_object_set_string_member (input, "city", self->cities[sel - 1]);
          continue;
        }
      if (f->spec->type == TJ_CALC_INPUT_GROUND)
        {
          guint sel = adw_combo_row_get_selected (ADW_COMBO_ROW (f->row));
          const char * const *grounds = tj_calc_get_termination_grounds ();
          if (sel > 0 && sel != GTK_INVALID_LIST_POSITION && sel <= g_strv_length ((char **) grounds))
            json_object_set_string_member (input, f->spec->member, grounds[sel - 1]);
          continue;
        }
      text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (f->entry))));
      if (*text == '\0')
        continue;
      if (!read_value (f->spec->type, text, input, f->spec->member, &why))
        {
          set_row_error (f->row, _(f->spec->hint), why);
          if (ok)
            *message = g_strdup_printf ("%s: %s", _(f->spec->title), why);
          ok = FALSE;
        }
    }

  if (g_str_equal (kind, "arrears"))
    {
      JsonArray *items = json_array_new ();

      json_object_set_array_member (input, "items", items);
      for (guint i = 0; i < self->items->len; i++)
        {
          Item *item = g_ptr_array_index (self->items, i);
          g_autofree char *month = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (item->month))));
          g_autofree char *due = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (item->due))));
          g_autofree char *paid = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (item->paid))));
          JsonObject *o;
          g_autofree char *why = NULL;

          if (*month == '\0' && *due == '\0' && *paid == '\0')
            continue;
          o = json_object_new ();
          json_array_add_object_element (items, o);
          if (*month && !valid_month (month))
            {
              gtk_widget_add_css_class (item->month, "error");
              why = g_strdup_printf (_("“%s” is not a month: write it as YYYY-MM, e.g. 2025-03"), month);
            }
          else if (*month)
            json_object_set_string_member (o, "month", month);
          if (why == NULL && *due && !read_value (TJ_CALC_INPUT_MONEY, due, o, "due_fen", &why))
            gtk_widget_add_css_class (item->due, "error");
          if (why == NULL && *paid && !read_value (TJ_CALC_INPUT_MONEY, paid, o, "paid_fen", &why))
            gtk_widget_add_css_class (item->paid, "error");
          if (why)
            {
              if (ok)
                /* Translators: "Month 2: “很多” is not an amount of money". */
                *message = g_strdup_printf (_("Month %u: %s"), i + 1, why);
              ok = FALSE;
            }
        }
    }
  return ok ? g_steal_pointer (&input) : NULL;
}

/* Core names JSON members; the user knows the fields by their titles. */
static char *
explain_error (TjCalculatorWindow *self,
               const char         *message,
               gboolean           *names_empty)
{
  g_autoptr(GString) text = g_string_new (message);
  const char *kind = current_kind (self);

  for (guint i = 0; i < TJ_CALC_N_INPUTS; i++)
    {
      g_autofree char *quoted = NULL;
      g_autofree char *title = NULL;

      if (!tj_calc_input_used_by (&field_specs[i], kind))
        continue;
      quoted = g_strdup_printf ("“%s”", field_specs[i].member);
      if (strstr (text->str, quoted) == NULL)
        continue;
      title = g_strdup_printf ("“%s”", _(field_specs[i].title));
      if (self->fields[i].entry && *gtk_editable_get_text (GTK_EDITABLE (self->fields[i].entry)) == '\0')
        *names_empty = TRUE;
      else if (self->fields[i].entry == NULL
               && adw_combo_row_get_selected (ADW_COMBO_ROW (self->fields[i].row)) == 0)
        {
          /* A choice not made yet: say so on its row too. */
          *names_empty = TRUE;
          gtk_widget_add_css_class (GTK_WIDGET (self->fields[i].row), "warning");
        }
      else
        gtk_widget_add_css_class (GTK_WIDGET (self->fields[i].row), "error");
      g_string_replace (text, quoted, title, 0);
    }
  for (guint i = 0; i < self->items->len; i++)
    {
      static const char * const parts[] = { "month", "due_fen", "paid_fen" };
      for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
        {
          g_autofree char *name = g_strdup_printf ("items[%u].%s", i, parts[p]);
          g_autofree char *title = NULL;
          Item *item = g_ptr_array_index (self->items, i);

          if (strstr (text->str, name) == NULL)
            continue;
          if (p == 0)
            title = g_strdup_printf (_("Month %u: month"), i + 1);
          else if (p == 1)
            title = g_strdup_printf (_("Month %u: wage due"), i + 1);
          else
            title = g_strdup_printf (_("Month %u: wage paid"), i + 1);
          gtk_widget_add_css_class (p == 0 ? item->month : p == 1 ? item->due : item->paid, "error");
          g_string_replace (text, name, title, 0);
        }
    }
  if (strstr (text->str, "“items”"))
    g_string_replace (text, "“items”", _("the months"), 0);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* ------------------------------------------------------------------ */
/* Result                                                               */

static GtkWidget *
add_section (TjCalculatorWindow *self,
             const char         *title)
{
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *list = gtk_list_box_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 6);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_box_append (self->details_box, label);
  gtk_box_append (self->details_box, list);
  return list;
}

static GtkWidget *
add_detail (GtkWidget  *list,
            const char *title,
            const char *subtitle,
            const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title ? title : "");
  if (subtitle && *subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (value && *value)
    {
      GtkWidget *label = gtk_label_new (value);

      gtk_widget_add_css_class (label, "numeric");
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return row;
}

static void
show_result (TjCalculatorWindow *self)
{
  JsonObject *r = self->result;
  JsonArray *arr;
  gint64 amount = tj_json_get_int (r, "amount_fen", 0);
  g_autofree char *capital = NULL;
  g_autoptr(GString) message = g_string_new (NULL);

  if (json_object_has_member (r, "min_fen") && json_object_has_member (r, "max_fen"))
    {
      gint64 lo = tj_json_get_int (r, "min_fen", 0), hi = tj_json_get_int (r, "max_fen", 0);
      g_autofree char *lo_text = tj_money_format (lo);
      g_autofree char *hi_text = tj_money_format (hi);
      g_autofree char *lo_cap = tj_money_to_capital (lo);
      g_autofree char *hi_cap = tj_money_to_capital (hi);
      g_autofree char *range = g_strdup_printf ("%s – %s", lo_text, hi_text);

      gtk_label_set_label (self->amount_label, range);
      /* Translators: a range of amounts in capital numerals, lower to upper. */
      capital = g_strdup_printf (_("%s to %s"), lo_cap ? lo_cap : "", hi_cap ? hi_cap : "");
      g_string_append (message, _("The authority sets the amount within this range (50% to 100%)."));
    }
  else
    {
      g_autofree char *text = tj_money_format (amount);

      gtk_label_set_label (self->amount_label, text);
      capital = tj_money_to_capital (amount);
    }
  gtk_label_set_label (self->capital_label, capital ? capital : "");
  gtk_widget_set_visible (GTK_WIDGET (self->capital_label), TRUE);

  if (json_object_has_member (r, "parts"))
    {
      /* N + 1: both parts under the total. */
      JsonArray *parts = tj_json_get_array (r, "parts");
      for (guint i = 0; parts && i < json_array_get_length (parts); i++)
        {
          JsonObject *part = json_array_get_object_element (parts, i);
          const char *pkind = tj_json_get_string (part, "kind", "");
          if (message->len)
            g_string_append (message, _(", "));
          /* Translators: a part of N + 1, "N ¥44,000.00" or "+1 ¥8,500.00". */
          g_string_append_printf (message, g_str_equal (pkind, "notice_pay") ? _("+1 %s") : _("N %s"),
                                  tj_json_get_string (part, "amount_text", ""));
        }
    }
  else if (json_object_has_member (r, "months"))
    {
      double months = json_object_get_double_member (r, "months");
      g_autofree char *m = g_strdup_printf ("%g", months);

      if (message->len)
        g_string_append_c (message, ' ');
      /* Translators: economic compensation, e.g. "5.5 months of wages (N)". */
      g_string_append_printf (message, _("%s months of wages (N)"), m);
    }
  gtk_label_set_label (self->message_label, message->str);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message->len > 0);

  clear_children (GTK_WIDGET (self->details_box));

  arr = tj_json_get_array (r, "warnings");
  if (arr && json_array_get_length (arr) > 0)
    {
      GtkWidget *list = add_section (self, _("Check"));
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          g_autofree char *text = readable_warning (json_array_get_string_element (arr, i));
          GtkWidget *row = add_detail (list, text, NULL, NULL);
          GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

          gtk_widget_add_css_class (icon, "warning");
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
        }
    }

  arr = tj_json_get_array (r, "breakdown");
  if (arr && json_array_get_length (arr) > 0)
    {
      GtkWidget *list = add_section (self, _("Step by Step"));
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonObject *step = json_array_get_object_element (arr, i);
          const char *formula = tj_json_get_string (step, "formula", NULL);
          const char *value = tj_json_get_string (step, "value", NULL);
          const char *amount_text = tj_json_get_string (step, "amount_text", NULL);
          g_autofree char *subtitle = NULL;

          if (amount_text && value)
            subtitle = formula ? g_strdup_printf ("%s = %s", formula, value) : g_strdup (value);
          else
            subtitle = g_strdup (formula);
          add_detail (list, tj_json_get_string (step, "label", ""), subtitle,
                      amount_text ? amount_text : value);
        }
    }

  arr = tj_json_get_array (r, "basis");
  if (arr && json_array_get_length (arr) > 0)
    {
      GtkWidget *list = add_section (self, _("Legal Basis"));
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonObject *b = json_array_get_object_element (arr, i);
          g_autofree char *title = g_strdup_printf ("%s %s", tj_json_get_string (b, "statute", ""),
                                                    tj_json_get_string (b, "article", ""));
          add_detail (list, title, tj_json_get_string (b, "text", NULL), NULL);
        }
    }

  arr = tj_json_get_array (r, "figures");
  if (arr && json_array_get_length (arr) > 0)
    {
      GtkWidget *list = add_section (self, _("Local Figures Used"));
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonObject *f = json_array_get_object_element (arr, i);
          const char *fkind = tj_json_get_string (f, "kind", "");
          g_autofree char *value = tj_money_format (tj_json_get_int (f, "value_fen", 0));
          g_autofree char *title = NULL;
          g_autofree char *subtitle = NULL;
          const char *verify = tj_json_get_string (f, "verify", NULL);
          g_autofree char *effective = tj_ui_format_date (tj_json_get_string (f, "effective", NULL));
          const char *from = tj_json_get_string (f, "from", NULL);
          const char *to = tj_json_get_string (f, "to", NULL);

          /* The figure, the date it applies from and, for a period split
           * between figures, the part it served. */
          if (g_str_equal (fkind, "avg_monthly_wage"))
            /* Translators: "北京: average monthly wage of 2023, published 2024年7月1日". */
            title = g_strdup_printf (_("%s: average monthly wage of %d, published %s"),
                                     tj_json_get_string (f, "city", ""), (int) tj_json_get_int (f, "of_year", 0),
                                     effective ? effective : "");
          else
            /* Translators: "上海: monthly minimum wage from 2025年7月1日". */
            title = g_strdup_printf (_("%s: monthly minimum wage from %s"),
                                     tj_json_get_string (f, "city", ""), effective ? effective : "");
          if (from && to)
            {
              g_autofree char *a = tj_ui_format_date (from);
              g_autofree char *b = tj_ui_format_date (to);
              /* Translators: the part of a period a figure was used for, then its source. */
              subtitle = g_strdup_printf (_("Used for %s – %s · %s"), a, b, tj_json_get_string (f, "source", ""));
            }
          else
            subtitle = g_strdup (tj_json_get_string (f, "source", ""));
          if (verify && *verify)
            {
              char *with = g_strdup_printf ("%s — %s", subtitle, _("check it against the local bureau's publication"));
              g_free (subtitle);
              subtitle = with;
            }
          add_detail (list, title, subtitle, value);
        }
    }

  gtk_widget_set_sensitive (self->copy_button, TRUE);
  gtk_widget_set_sensitive (self->attach_button, amount > 0);
}

static void
show_nothing (TjCalculatorWindow *self,
              const char         *message,
              gboolean            is_error)
{
  g_clear_pointer (&self->result, json_object_unref);
  gtk_label_set_label (self->amount_label, "—");
  gtk_widget_set_visible (GTK_WIDGET (self->capital_label), FALSE);
  gtk_label_set_label (self->message_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), TRUE);
  if (is_error)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "dim-label");
    }
  clear_children (GTK_WIDGET (self->details_box));
  gtk_widget_set_sensitive (self->copy_button, FALSE);
  gtk_widget_set_sensitive (self->attach_button, FALSE);
}

static gboolean
input_is_empty (JsonObject *input)
{
  JsonArray *items = tj_json_get_array (input, "items");

  if (items)
    return json_array_get_length (items) == 0 && json_object_get_size (input) == 1;
  return json_object_get_size (input) == 0;
}

static void
update (TjCalculatorWindow *self)
{
  const char *kind = current_kind (self);
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  JsonObject *result;

  g_clear_handle_id (&self->debounce_id, g_source_remove);
  gtk_label_set_label (self->kind_label, tj_calc_kind_label (kind));
  clear_errors (self);

  gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "dim-label");

  input = collect_input (self, &message);
  if (input == NULL)
    {
      show_nothing (self, message, TRUE);
      return;
    }
  if (input_is_empty (input))
    {
      show_nothing (self, _("Enter the figures on the left: the result, its steps and the legal basis appear as you type."), FALSE);
      return;
    }
  result = tj_calc_run (kind, input, self->figures, &error);
  if (result == NULL)
    {
      gboolean missing = FALSE;
      g_autofree char *explained = explain_error (self, error->message, &missing);

      /* A field not yet filled in is the normal state while typing, not
       * a mistake: say what is needed without red. */

      show_nothing (self, explained, !missing);
      return;
    }
  g_clear_pointer (&self->result, json_object_unref);
  self->result = result;
  show_result (self);
}

static gboolean
debounce_cb (gpointer user_data)
{
  TjCalculatorWindow *self = user_data;

  self->debounce_id = 0;
  update (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_update (TjCalculatorWindow *self)
{
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  self->debounce_id = g_timeout_add (DEBOUNCE_MS, debounce_cb, self);
}

static void
kind_changed_cb (TjCalculatorWindow *self)
{
  const char *kind = current_kind (self);

  for (guint i = 0; i < TJ_CALC_N_INPUTS; i++)
    gtk_widget_set_visible (GTK_WIDGET (self->fields[i].row), tj_calc_input_used_by (&field_specs[i], kind));
  gtk_widget_set_visible (self->items_group, g_str_equal (kind, "arrears"));
  gtk_widget_set_visible (GTK_WIDGET (self->fields_group), !g_str_equal (kind, "arrears"));
  update (self);
}

/* ------------------------------------------------------------------ */
/* Buttons                                                              */

static void
copy_clicked_cb (TjCalculatorWindow *self)
{
  g_autofree char *text = NULL;

  if (self->result == NULL)
    return;
  text = tj_calc_result_to_text (self->result);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  toast (self, _("Copied the result with its steps and legal basis"));
}

static void
attach_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  TjCalculatorWindow *self = TJ_CALCULATOR_WINDOW (source);
  g_autoptr(GError) error = NULL;

  if (!tj_calculator_window_attach_finish (self, result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not add the claim: %s"), error->message);
      toast (self, text);
      return;
    }
  toast (self, _("Added to the case’s claims"));
}

static void
attach_clicked_cb (TjCalculatorWindow *self)
{
  tj_calculator_window_attach_async (self, attach_done_cb, NULL);
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */

static void
tj_calculator_window_dispose (GObject *object)
{
  TjCalculatorWindow *self = TJ_CALCULATOR_WINDOW (object);

  g_clear_handle_id (&self->debounce_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), TJ_TYPE_CALCULATOR_WINDOW);

  G_OBJECT_CLASS (tj_calculator_window_parent_class)->dispose (object);
}

static void
tj_calculator_window_finalize (GObject *object)
{
  TjCalculatorWindow *self = TJ_CALCULATOR_WINDOW (object);

  g_clear_object (&self->application);
  g_clear_object (&self->figures);
  g_clear_pointer (&self->cities, g_strfreev);
  g_clear_pointer (&self->case_id, g_free);
  g_clear_pointer (&self->result, json_object_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_object (&self->month_group);
  g_clear_object (&self->remove_group);

  G_OBJECT_CLASS (tj_calculator_window_parent_class)->finalize (object);
}

static void
tj_calculator_window_class_init (TjCalculatorWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_calculator_window_dispose;
  object_class->finalize = tj_calculator_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-calculator-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TjCalculatorWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TjCalculatorWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TjCalculatorWindow, attach_button);
  gtk_widget_class_bind_template_child (widget_class, TjCalculatorWindow, copy_button);
  gtk_widget_class_bind_template_child (widget_class, TjCalculatorWindow, kind_row);
  gtk_widget_class_bind_template_child (widget_class, TjCalculatorWindow, items_group);
  gtk_widget_class_bind_template_child (widget_class, TjCalculatorWindow, items_list);
  gtk_widget_class_bind_template_child (widget_class, TjCalculatorWindow, fields_group);
  gtk_widget_class_bind_template_child (widget_class, TjCalculatorWindow, kind_label);
  gtk_widget_class_bind_template_child (widget_class, TjCalculatorWindow, amount_label);
  gtk_widget_class_bind_template_child (widget_class, TjCalculatorWindow, capital_label);
  gtk_widget_class_bind_template_child (widget_class, TjCalculatorWindow, message_label);
  gtk_widget_class_bind_template_child (widget_class, TjCalculatorWindow, details_box);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, attach_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_item_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tj_calculator_window_init (TjCalculatorWindow *self)
{
  g_autoptr(GtkStringList) kind_list = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->items = g_ptr_array_new_with_free_func (g_free);
  self->month_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->remove_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->figures = tj_local_figures_new_default ();
  self->cities = tj_local_figures_get_cities (self->figures);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    gtk_string_list_append (kind_list, _(kinds[i].label));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kind_list));

  build_fields (self);
  add_items_heading (self);
  add_item (self, NULL, NULL, NULL);

  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (kind_changed_cb), self);
  kind_changed_cb (self);
}

/* The city set in Preferences (General → City or locality) is where the
 * local figures come from, unless the mediator chooses another. */
static void
preselect_city (TjCalculatorWindow *self)
{
  GSettings *settings = tj_application_get_settings (self->application);
  g_autofree char *locality = settings ? g_settings_get_string (settings, "locality") : NULL;
  Field *city = NULL;

  /* Whatever kind is shown first: the city row serves several. */
  for (guint i = 0; i < TJ_CALC_N_INPUTS; i++)
    if (field_specs[i].type == TJ_CALC_INPUT_CITY)
      city = &self->fields[i];

  if (locality == NULL || city == NULL || !ADW_IS_COMBO_ROW (city->row))
    return;
  g_strstrip (locality);
  for (guint c = 0; *locality && self->cities && self->cities[c]; c++)
    {
      const TjLocalFigure *figure = NULL;

      if (!g_str_equal (self->cities[c], locality))
        {
          /* "北京市" typed for the figures' "北京": the lookup knows. */
          figure = tj_local_figures_lookup (self->figures, locality, 9999, TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE,
                                            NULL, NULL);
          if (figure == NULL || g_strcmp0 (figure->city, self->cities[c]) != 0)
            continue;
        }
      adw_combo_row_set_selected (ADW_COMBO_ROW (city->row), c + 1);
      return;
    }
}

TjCalculatorWindow *
tj_calculator_window_new (GtkWindow     *parent,
                          TjApplication *application,
                          const char    *case_id)
{
  TjCalculatorWindow *self;

  g_return_val_if_fail (TJ_IS_APPLICATION (application), NULL);

  self = g_object_new (TJ_TYPE_CALCULATOR_WINDOW,
                       "transient-for", parent,
                       "application", application,
                       NULL);
  self->application = g_object_ref (application);
  preselect_city (self);
  if (case_id && *case_id)
    {
      self->case_id = g_strdup (case_id);
      gtk_widget_set_visible (self->attach_button, TRUE);
      tj_ui_work_show_case_subtitle (application, case_id, FALSE, self->window_title);
    }
  return self;
}

void
tj_calculator_window_set_kind (TjCalculatorWindow *self,
                               const char         *kind)
{
  g_return_if_fail (TJ_IS_CALCULATOR_WINDOW (self));

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].kind, kind) == 0)
      adw_combo_row_set_selected (self->kind_row, i);
}

const char *
tj_calculator_window_get_kind (TjCalculatorWindow *self)
{
  g_return_val_if_fail (TJ_IS_CALCULATOR_WINDOW (self), NULL);

  return current_kind (self);
}

static char *
yuan_text (gint64 fen)
{
  /* What a user would type: no yuan sign or separators. */
  if (fen % 100 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, fen / 100);
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", fen / 100, (int) (fen % 100));
}

void
tj_calculator_window_set_input (TjCalculatorWindow *self,
                                JsonObject         *input)
{
  const char *kind;
  JsonArray *items;

  g_return_if_fail (TJ_IS_CALCULATOR_WINDOW (self));
  g_return_if_fail (input != NULL);

  kind = current_kind (self);
  self->filling = TRUE;
  for (guint i = 0; i < TJ_CALC_N_INPUTS; i++)
    {
      Field *f = &self->fields[i];
      JsonNode *node = json_object_get_member (input, f->spec->member);

      if (!tj_calc_input_used_by (f->spec, kind) || node == NULL || !JSON_NODE_HOLDS_VALUE (node))
        continue;
      if (f->spec->type == TJ_CALC_INPUT_CITY)
        {
          const char *city = json_node_get_string (node);
          for (guint c = 0; city && self->cities && self->cities[c]; c++)
            if (g_str_equal (self->cities[c], city))
              adw_combo_row_set_selected (ADW_COMBO_ROW (f->row), c + 1);
        }
      else if (f->spec->type == TJ_CALC_INPUT_GROUND)
        {
          const char *ground = json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
          const char * const *grounds = tj_calc_get_termination_grounds ();
          for (guint g = 0; ground && grounds[g]; g++)
            if (g_str_equal (grounds[g], ground))
              adw_combo_row_set_selected (ADW_COMBO_ROW (f->row), g + 1);
        }
      else if (f->spec->type == TJ_CALC_INPUT_MONEY)
        {
          g_autofree char *text = yuan_text (json_node_get_int (node));
          gtk_editable_set_text (GTK_EDITABLE (f->entry), text);
        }
      else if (json_node_get_value_type (node) == G_TYPE_STRING)
        gtk_editable_set_text (GTK_EDITABLE (f->entry), json_node_get_string (node));
      else
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];
          gtk_editable_set_text (GTK_EDITABLE (f->entry),
                                 g_ascii_formatd (buf, sizeof buf, "%g", json_node_get_double (node)));
        }
    }
  self->filling = FALSE;

  items = tj_json_get_array (input, "items");
  if (items && json_array_get_length (items) > 0)
    {
      for (guint i = self->items->len; i > 0; i--)
        {
          Item *item = g_ptr_array_index (self->items, i - 1);
          gtk_list_box_remove (self->items_list, item->row);
          g_ptr_array_remove_index (self->items, i - 1);
        }
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *o = json_array_get_object_element (items, i);
          g_autofree char *due = o && json_object_has_member (o, "due_fen") ? yuan_text (tj_json_get_int (o, "due_fen", 0)) : NULL;
          g_autofree char *paid = o && json_object_has_member (o, "paid_fen") ? yuan_text (tj_json_get_int (o, "paid_fen", 0)) : NULL;

          if (o)
            add_item (self, tj_json_get_string (o, "month", NULL), due, paid);
        }
    }
  update (self);
}

GtkEditable *
tj_calculator_window_get_field (TjCalculatorWindow *self,
                                const char         *member)
{
  Field *f;
  guint index;
  const char *part = NULL;

  g_return_val_if_fail (TJ_IS_CALCULATOR_WINDOW (self), NULL);

  if (tj_field_path_element (member, "items", &index, &part) && *part)
    {
      Item *item;

      while (self->items->len <= index)
        add_item (self, NULL, NULL, NULL);
      item = g_ptr_array_index (self->items, index);
      if (g_str_equal (part, "month"))
        return GTK_EDITABLE (item->month);
      if (g_str_equal (part, "due_fen"))
        return GTK_EDITABLE (item->due);
      if (g_str_equal (part, "paid_fen"))
        return GTK_EDITABLE (item->paid);
      return NULL;
    }
  f = find_field (self, member);
  return f && f->entry ? GTK_EDITABLE (f->entry) : NULL;
}

void
tj_calculator_window_update (TjCalculatorWindow *self)
{
  g_return_if_fail (TJ_IS_CALCULATOR_WINDOW (self));

  update (self);
}

JsonObject *
tj_calculator_window_get_result (TjCalculatorWindow *self)
{
  g_return_val_if_fail (TJ_IS_CALCULATOR_WINDOW (self), NULL);

  return self->result;
}

/* The result, added as a claim on the repository's worker. */
typedef struct {
  char       *case_id;
  JsonObject *claim;
} AttachJob;

static void
attach_job_free (AttachJob *job)
{
  g_free (job->case_id);
  json_object_unref (job->claim);
  g_free (job);
}

static gboolean
attach_in_worker (TjStore              *store,
                  const TjCaseContext  *ctx,
                  gpointer              data,
                  GError              **error)
{
  AttachJob *job = data;
  g_autofree char *id = tj_case_add_claim (store, ctx, job->case_id, job->claim, error);

  return id != NULL;
}

static void
attached_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TjCalculatorWindow *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (self->attach_button)
    gtk_widget_set_sensitive (self->attach_button, TRUE);
  if (!tj_ui_work_run_finish (result, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
tj_calculator_window_attach_async (TjCalculatorWindow  *self,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *text = NULL;
  const char *kind, *claim_kind = "other";
  AttachJob *job;

  g_return_if_fail (TJ_IS_CALCULATOR_WINDOW (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, tj_calculator_window_attach_async);
  if (self->case_id == NULL || tj_application_get_repository (self->application) == NULL || self->result == NULL)
    {
      g_task_return_new_error (task, TJ_ERROR, TJ_ERROR_INVALID, "%s",
                               _("There is no result to attach: fill in the figures first"));
      return;
    }
  kind = current_kind (self);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].kind, kind))
      claim_kind = kinds[i].claim_kind;

  text = tj_calc_result_to_text (self->result);
  job = g_new0 (AttachJob, 1);
  job->case_id = g_strdup (self->case_id);
  job->claim = json_object_new ();
  json_object_set_string_member (job->claim, "kind", claim_kind);
  json_object_set_int_member (job->claim, "amount_fen", tj_json_get_int (self->result, "amount_fen", 0));
  json_object_set_string_member (job->claim, "description", text);
  /* Once: a second click while it is written would add it twice. */
  gtk_widget_set_sensitive (self->attach_button, FALSE);
  tj_ui_work_run_async (self->application, attach_in_worker, job, (GDestroyNotify) attach_job_free, NULL,
                        attached_cb, g_steal_pointer (&task));
}

gboolean
tj_calculator_window_attach_finish (TjCalculatorWindow  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
