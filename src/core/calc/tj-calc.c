/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The calculators: building a result, reading inputs and local figures,
 * dispatch and plain text; the calculators themselves are in the
 * tj-calc-*.c files by family (tj-calc-private.h). */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Calc"

#include "tj-calc-private.h"
#include "tj-calendar.h"
#include "tj-error.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-money.h"


/* The result being built ------------------------------------------------ */

void
_tj_calc_result_init (Result     *r,
                      const char *kind)
{
  r->object = json_object_new ();
  r->breakdown = json_array_new ();
  r->basis = json_array_new ();
  r->warnings = json_array_new ();
  json_object_set_string_member (r->object, "kind", kind);
}

void
_tj_calc_result_clear (Result *r)
{
  g_clear_pointer (&r->object, json_object_unref);
  g_clear_pointer (&r->breakdown, json_array_unref);
  g_clear_pointer (&r->basis, json_array_unref);
  g_clear_pointer (&r->warnings, json_array_unref);
}

JsonObject *
_tj_calc_result_finish (Result *r,
                        gint64  amount_fen)
{
  g_autofree char *text = tj_money_format (amount_fen);

  json_object_set_int_member (r->object, "amount_fen", amount_fen);
  json_object_set_string_member (r->object, "amount_text", text);
  json_object_set_array_member (r->object, "breakdown", g_steal_pointer (&r->breakdown));
  json_object_set_array_member (r->object, "basis", g_steal_pointer (&r->basis));
  json_object_set_array_member (r->object, "warnings", g_steal_pointer (&r->warnings));
  return g_steal_pointer (&r->object);
}

void
_tj_calc_add_basis (Result      *r,
                    const Basis *b)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "statute", _(b->statute));
  json_object_set_string_member (o, "article", _(b->article));
  json_object_set_string_member (o, "text", _(b->text));
  json_array_add_object_element (r->basis, o);
}


void
_tj_calc_add_warning (Result     *r,
                      const char *format,
                      ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  json_array_add_string_element (r->warnings, text);
}

static JsonObject *
add_step (Result     *r,
          const char *label,
          const char *formula)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "label", label);
  if (formula)
    json_object_set_string_member (o, "formula", formula);
  json_array_add_object_element (r->breakdown, o);
  return o;
}

void
_tj_calc_add_money_step (Result     *r,
                         const char *label,
                         gint64      fen,
                         const char *formula)
{
  JsonObject *o = add_step (r, label, formula);
  g_autofree char *text = tj_money_format (fen);

  json_object_set_int_member (o, "amount_fen", fen);
  json_object_set_string_member (o, "amount_text", text);
}

void
_tj_calc_add_value_step (Result     *r,
                         const char *label,
                         const char *value,
                         const char *formula)
{
  JsonObject *o = add_step (r, label, formula);

  json_object_set_string_member (o, "value", value);
}

/* Numbers for display -------------------------------------------------- */

/* Hundredths as a short decimal: 250 → "2.5", 1200 → "12". */
char *
_tj_calc_centi_to_string (gint64 centi)
{
  if (centi % 100 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, centi / 100);
  if (centi % 10 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT, centi / 100, (centi % 100) / 10);
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT, centi / 100, centi % 100);
}

char *
_tj_calc_half_months_to_string (gint64 half_months)
{
  return _tj_calc_centi_to_string (half_months * 50);
}

char *
_tj_calc_service_to_string (guint years,
                            guint months,
                            guint days)
{
  /* Translators: a length of service, e.g. "5 years 6 months 0 days" */
  return g_strdup_printf (_("%u years %u months %u days"), years, months, days);
}

/* Input --------------------------------------------------------------- */

gboolean
_tj_calc_missing (const char  *field,
                  GError     **error)
{
  g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“%s” is missing"), field);
  return FALSE;
}

JsonNode *
_tj_calc_member (JsonObject *input,
                 const char *name)
{
  JsonNode *node = json_object_get_member (input, name);
  return node == NULL || JSON_NODE_HOLDS_NULL (node) ? NULL : node;
}

/* A whole number of fen ≥ 0. */
gboolean
_tj_calc_get_fen (JsonObject  *input,
                  const char  *name,
                  const char  *field,
                  gboolean     required,
                  gint64      *out,
                  GError     **error)
{
  JsonNode *node = _tj_calc_member (input, name);
  GType type;

  if (field == NULL)
    field = name;
  if (node == NULL)
    return required ? _tj_calc_missing (field, error) : TRUE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_INT64)
    *out = json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE && json_node_get_double (node) == (double) (gint64) json_node_get_double (node))
    *out = (gint64) json_node_get_double (node);
  else
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“%s” must be a whole number of fen (e.g. 1200000 for ¥12,000.00)"), field);
      return FALSE;
    }
  if (*out < 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“%s” must not be negative"), field);
      return FALSE;
    }
  if (*out > G_GINT64_CONSTANT (1000000000000000))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“%s” is too large"), field);
      return FALSE;
    }
  return TRUE;
}

/* A number ≥ 0 with at most two decimals, as hundredths. */
gboolean
_tj_calc_get_centi (JsonObject  *input,
                    const char  *name,
                    gboolean     required,
                    gint64      *out,
                    GError     **error)
{
  JsonNode *node = _tj_calc_member (input, name);
  GType type;
  double value, scaled;

  if (node == NULL)
    return required ? _tj_calc_missing (name, error) : TRUE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_INT64)
    value = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    value = json_node_get_double (node);
  else
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“%s” must be a number"), name);
      return FALSE;
    }
  if (value < 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“%s” must not be negative"), name);
      return FALSE;
    }
  if (value > 1e9)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“%s” is too large"), name);
      return FALSE;
    }
  /* JSON numbers arrive as doubles: 2.5 hours is exact, 0.1 is not, so
   * compare with a tolerance far below a hundredth. */
  scaled = value * 100.0;
  *out = (gint64) (scaled + 0.5);
  if (scaled - (double) *out > 1e-6 || (double) *out - scaled > 1e-6)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“%s” must have at most two decimals"), name);
      return FALSE;
    }
  return TRUE;
}

gboolean
_tj_calc_get_date (JsonObject  *input,
                   const char  *name,
                   gboolean     required,
                   GDate       *out,
                   gboolean    *present,
                   GError     **error)
{
  JsonNode *node = _tj_calc_member (input, name);
  const char *text;

  if (present)
    *present = FALSE;
  if (node == NULL)
    return required ? _tj_calc_missing (name, error) : TRUE;
  text = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
  if (text == NULL || !tj_date_parse_iso (text, out))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“%s” must be a date written YYYY-MM-DD"), name);
      return FALSE;
    }
  if (present)
    *present = TRUE;
  return TRUE;
}

gboolean
_tj_calc_get_string (JsonObject  *input,
                     const char  *name,
                     const char **out,
                     GError     **error)
{
  JsonNode *node = _tj_calc_member (input, name);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“%s” must be text"), name);
      return FALSE;
    }
  *out = json_node_get_string (node);
  if (**out == '\0')
    *out = NULL;
  return TRUE;
}

gboolean
_tj_calc_overflow (GError **error)
{
  g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
               _("The amounts are too large to compute"));
  return FALSE;
}

/* Figures from the local figures file, named in the result: in
 * "figures" (city, kind, value, the date it applies from, source…) and as
 * a step, so that the printed result says which figure of which date it
 * used. @from/@to: the part of a period it was used for (NULL: @on). */
void
_tj_calc_use_figure (Result              *r,
                     const TjLocalFigure *f,
                     const GDate         *on,
                     const GDate         *from,
                     const GDate         *to)
{
  JsonObject *o = json_object_new ();
  g_autofree char *label = NULL;
  g_autofree char *effective = tj_date_to_iso (&f->effective_date);
  g_autofree char *effective_text = tj_date_format_display (&f->effective_date);

  json_object_set_string_member (o, "city", f->city);
  /* "year": the year of the period the figure served (kept from the
   * yearly format; "effective" says when the figure itself applies). */
  json_object_set_int_member (o, "year", g_date_get_year (on ? on : from));
  json_object_set_string_member (o, "kind", tj_local_figure_kind_to_string (f->kind));
  json_object_set_int_member (o, "value_fen", f->value_fen);
  json_object_set_string_member (o, "effective", effective);
  if (f->kind == TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE)
    json_object_set_int_member (o, "of_year", f->of_year);
  if (on)
    {
      g_autofree char *iso = tj_date_to_iso (on);
      json_object_set_string_member (o, "used_on", iso);
    }
  if (from && to)
    {
      g_autofree char *a = tj_date_to_iso (from);
      g_autofree char *b = tj_date_to_iso (to);
      json_object_set_string_member (o, "from", a);
      json_object_set_string_member (o, "to", b);
    }
  if (f->source)
    json_object_set_string_member (o, "source", f->source);
  if (f->published)
    json_object_set_string_member (o, "published", f->published);
  if (f->verify)
    json_object_set_string_member (o, "verify", f->verify);
  if (!json_object_has_member (r->object, "figures"))
    json_object_set_array_member (r->object, "figures", json_array_new ());
  json_array_add_object_element (json_object_get_array_member (r->object, "figures"), o);

  if (f->kind == TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE)
    /* Translators: "北京 average monthly wage of 2023, published 2024-07-01" */
    label = g_strdup_printf (_("%s average monthly wage of %u, published %s"), f->city, f->of_year, effective_text);
  else
    /* Translators: "上海 monthly minimum wage in force from 2023-07-01" */
    label = g_strdup_printf (_("%s monthly minimum wage in force from %s"), f->city, effective_text);
  _tj_calc_add_money_step (r, label, f->value_fen, f->source);
}

/* The figure of @city that applies on @on. */
const TjLocalFigure *
_tj_calc_lookup_figure (Result             *r,
                        TjLocalFigures     *figures,
                        const char         *city,
                        const GDate        *on,
                        TjLocalFigureKind   kind,
                        GError            **error)
{
  g_autofree char *warning = NULL;
  const TjLocalFigure *f;

  if (figures == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND,
                   _("No local figures are loaded to look up “%s”"), city);
      return NULL;
    }
  f = tj_local_figures_lookup (figures, city, kind, on, &warning, error);
  if (f && warning)
    _tj_calc_add_warning (r, "%s", warning);
  return f;
}

/* Whole months between two dates ---------------------------------------- */

/* The period from @start to @last (both days included) as whole months
 * counted from @start's anniversaries (start + k months, the day clamped
 * to the month's end as in Civil Code §202) plus the remaining days of
 * the partial month that follows; @month_days_out gets that month's
 * length (from its anniversary to the next). */
void
_tj_calc_count_months (const GDate *start,
                       const GDate *last,
                       guint       *months_out,
                       guint       *days_out,
                       guint       *month_days_out)
{
  GDate after_last = *last, a, b;
  gint months;

  g_date_add_days (&after_last, 1);
  months = ((gint) g_date_get_year (&after_last) - (gint) g_date_get_year (start)) * 12
           + ((gint) g_date_get_month (&after_last) - (gint) g_date_get_month (start));
  for (;; months--)
    {
      a = *start;
      if (months > 0)
        g_date_add_months (&a, (guint) months);
      if (months <= 0 || g_date_compare (&a, &after_last) <= 0)
        break;
    }
  if (months < 0)
    months = 0;
  b = *start;
  g_date_add_months (&b, (guint) months + 1);
  *months_out = (guint) months;
  *days_out = (guint) g_date_days_between (&a, &after_last);
  if (month_days_out)
    *month_days_out = (guint) g_date_days_between (&a, &b);
}

/* Dispatch ----------------------------------------------------------- */

static const char *const kinds[] = {
  "arrears", "overtime", "compensation", "unlawful_termination", "notice_pay",
  "compensation_with_notice", "double_wage", "annual_leave", "late_payment", "minimum_wage", NULL
};

const char * const *
tj_calc_get_kinds (void)
{
  return kinds;
}

JsonObject *
tj_calc_run (const char      *kind,
             JsonObject      *input,
             TjLocalFigures  *figures,
             GError         **error)
{
  g_return_val_if_fail (input != NULL, NULL);

  if (g_strcmp0 (kind, "arrears") == 0)
    return tj_calc_arrears (input, error);
  if (g_strcmp0 (kind, "overtime") == 0)
    return tj_calc_overtime (input, error);
  if (g_strcmp0 (kind, "compensation") == 0)
    return tj_calc_compensation (input, figures, error);
  if (g_strcmp0 (kind, "unlawful_termination") == 0)
    return tj_calc_unlawful_termination (input, figures, error);
  if (g_strcmp0 (kind, "notice_pay") == 0)
    return tj_calc_notice_pay (input, error);
  if (g_strcmp0 (kind, "compensation_with_notice") == 0)
    return tj_calc_compensation_with_notice (input, figures, error);
  if (g_strcmp0 (kind, "double_wage") == 0)
    return tj_calc_double_wage (input, error);
  if (g_strcmp0 (kind, "annual_leave") == 0)
    return tj_calc_annual_leave (input, error);
  if (g_strcmp0 (kind, "late_payment") == 0)
    return tj_calc_late_payment (input, error);
  if (g_strcmp0 (kind, "minimum_wage") == 0)
    return tj_calc_minimum_wage (input, figures, error);

  g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
               _("Unknown calculator “%s”; one of: arrears, overtime, compensation, unlawful_termination, notice_pay, compensation_with_notice, double_wage, annual_leave, late_payment, minimum_wage"),
               kind ? kind : "");
  return NULL;
}

/* Plain text ---------------------------------------------------------------- */

char *
tj_calc_result_to_text (JsonObject *result)
{
  GString *out = g_string_new (NULL);
  JsonArray *breakdown = tj_json_get_array (result, "breakdown");
  JsonArray *basis = tj_json_get_array (result, "basis");
  JsonArray *warnings = tj_json_get_array (result, "warnings");
  gint64 amount = tj_json_get_int (result, "amount_fen", 0);
  g_autofree char *amount_text = tj_money_format (amount);
  g_autofree char *capital = amount >= 0 ? tj_money_to_capital (amount) : NULL;

  g_return_val_if_fail (result != NULL, NULL);

  if (json_object_has_member (result, "min_fen") && json_object_has_member (result, "max_fen"))
    {
      g_autofree char *lo = tj_money_format (tj_json_get_int (result, "min_fen", 0));
      g_autofree char *hi = tj_money_format (tj_json_get_int (result, "max_fen", 0));
      /* Translators: a range of amounts, "¥5,000.00 – ¥10,000.00" */
      g_string_append_printf (out, _("Amount: %s – %s"), lo, hi);
    }
  else
    g_string_append_printf (out, _("Amount: %s (%s)"), amount_text, capital ? capital : "");
  g_string_append_c (out, '\n');

  for (guint i = 0; breakdown && i < json_array_get_length (breakdown); i++)
    {
      JsonObject *step = json_array_get_object_element (breakdown, i);
      const char *label = tj_json_get_string (step, "label", "");
      const char *formula = tj_json_get_string (step, "formula", NULL);
      const char *value = tj_json_get_string (step, "value", NULL);
      g_autofree char *money = json_object_has_member (step, "amount_fen")
                               ? tj_money_format (tj_json_get_int (step, "amount_fen", 0)) : NULL;

      g_string_append (out, "  ");
      /* Translators: a step of a calculation, "label: value" */
      g_string_append_printf (out, _("%s: %s"), label, money ? money : value ? value : "");
      if (formula)
        /* Translators: how a step was computed, after its value */
        g_string_append_printf (out, _(" (%s)"), formula);
      g_string_append_c (out, '\n');
    }
  if (basis && json_array_get_length (basis) > 0)
    {
      g_string_append_printf (out, "%s\n", _("Legal basis:"));
      for (guint i = 0; i < json_array_get_length (basis); i++)
        {
          JsonObject *b = json_array_get_object_element (basis, i);
          g_string_append (out, "  ");
          /* Translators: statute, article and text of a legal basis */
          g_string_append_printf (out, _("%s %s: %s"),
                                  tj_json_get_string (b, "statute", ""),
                                  tj_json_get_string (b, "article", ""),
                                  tj_json_get_string (b, "text", ""));
          g_string_append_c (out, '\n');
        }
    }
  if (warnings && json_array_get_length (warnings) > 0)
    {
      g_string_append_printf (out, "%s\n", _("Notes:"));
      for (guint i = 0; i < json_array_get_length (warnings); i++)
        g_string_append_printf (out, "  • %s\n", json_array_get_string_element (warnings, i));
    }
  return g_string_free (out, FALSE);
}
