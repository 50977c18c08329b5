/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Calculators of what ending a contract costs: economic compensation N,
 * unlawful termination 2N, pay in lieu of notice, N + 1. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Calc"

#include "tj-calc-private.h"
#include "tj-error.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-money.h"


/* Legal bases ----------------------------------------------------------- */

static const Basis basis_lcl_47 = {
  N_("Labour Contract Law"), N_("Article 47"),
  N_("Economic compensation is one month’s wage per full year of service; six months or more count as one year, less than six months as half a month’s wage. If the monthly wage exceeds three times the average monthly wage of the previous year published by the local government, it is paid at three times that average for at most 12 years. The monthly wage is the average of the 12 months before the contract ended.") };

static const Basis basis_lcl_97 = {
  N_("Labour Contract Law"), N_("Article 97"),
  N_("Where compensation for service before this Law took effect (1 January 2008) is due under the rules then in force, those rules apply; service from that day on is counted under this Law.") };

static const Basis basis_lcl_87 = {
  N_("Labour Contract Law"), N_("Article 87"),
  N_("An employer that terminates a contract in violation of this Law pays damages of twice the economic compensation of Article 47.") };

static const Basis basis_lcl_48 = {
  N_("Labour Contract Law"), N_("Article 48"),
  N_("If the employer terminates unlawfully and the worker asks to continue the contract, it continues; if the worker does not ask, or continuing is impossible, the employer pays damages under Article 87.") };

static const Basis basis_impl_25 = {
  N_("Implementing Regulations of the Labour Contract Law"), N_("Article 25"),
  N_("When damages under Article 87 are paid, economic compensation is not paid in addition; the damages are counted from the first day of employment.") };

static const Basis basis_lcl_46 = {
  N_("Labour Contract Law"), N_("Article 46"),
  N_("The employer pays economic compensation when the worker terminates under Article 38; when the employer proposes a termination by agreement (Article 36); when it terminates under Article 40 or 41; when a fixed-term contract expires, unless the employer offers to renew on the same or better terms and the worker refuses; and when the employer is declared bankrupt, loses its business licence, is ordered to close or is dissolved.") };

static const Basis basis_lcl_40 = {
  N_("Labour Contract Law"), N_("Article 40"),
  N_("The employer may terminate with 30 days’ written notice, or by paying one extra month’s wage instead, when after the medical treatment period for an illness or non-work injury the worker cannot do the original work or other work arranged; when the worker is incompetent and remains so after training or a change of post; or when the circumstances the contract was based on have changed so much that it cannot be performed and no agreement on changing it is reached.") };

static const Basis basis_impl_20 = {
  N_("Implementing Regulations of the Labour Contract Law"), N_("Article 20"),
  N_("When the employer terminates under Article 40 by paying one extra month’s wage, that wage follows the worker’s wage standard of the previous month.") };

static const Basis basis_481_5 = {
  N_("Measures on Economic Compensation for Breaching and Terminating Labour Contracts (MOL [1994] No. 481)"), N_("Article 5"),
  N_("When the employer terminates the contract by agreement with the worker, it pays one month’s wage per full year of service, at most 12 months; less than a year counts as a year.") };

static const Basis basis_481_6 = {
  N_("Measures on Economic Compensation for Breaching and Terminating Labour Contracts (MOL [1994] No. 481)"), N_("Article 6"),
  N_("When the contract is terminated because illness or a non-work injury leaves the worker unable to do the original work or other work arranged, the employer pays one month’s wage per full year of service, and a medical subsidy of at least six months’ wage.") };

static const Basis basis_481_7 = {
  N_("Measures on Economic Compensation for Breaching and Terminating Labour Contracts (MOL [1994] No. 481)"), N_("Article 7"),
  N_("When the employer terminates because the worker remains incompetent after training or a change of post, it pays one month’s wage per full year of service, at most 12 months.") };

static const Basis basis_481_8 = {
  N_("Measures on Economic Compensation for Breaching and Terminating Labour Contracts (MOL [1994] No. 481)"), N_("Article 8"),
  N_("When the employer terminates because a major change of the objective circumstances makes the contract impossible to perform and no agreement on changing it is reached, it pays one month’s wage per full year of service.") };

static const Basis basis_481_9 = {
  N_("Measures on Economic Compensation for Breaching and Terminating Labour Contracts (MOL [1994] No. 481)"), N_("Article 9"),
  N_("When the employer must reduce its staff because it is close to bankruptcy or in serious difficulty, it pays each worker laid off one month’s wage per full year of service.") };

static const Basis basis_481_11 = {
  N_("Measures on Economic Compensation for Breaching and Terminating Labour Contracts (MOL [1994] No. 481)"), N_("Article 11"),
  N_("The wage is the worker’s average monthly wage of the 12 months before the termination; under Articles 6, 8 and 9, a worker’s average below the enterprise’s average monthly wage is raised to it.") };

static const Basis basis_1997_98 = {
  N_("Reply of the General Office of the Ministry of Labour on Economic Compensation for Terminating Labour Contracts (MOL General Office [1997] No. 98)"), N_("Items 1 and 2"),
  N_("Under the 1994 Measures, service of less than a year, and a remainder of less than a year after full years, each count as a full year; this applies to Articles 5 to 9.") };

static const Basis basis_2001_15 = {
  N_("Interpretation of the Supreme People’s Court on Labour Dispute Cases (Fa Shi [2001] No. 14)"), N_("Article 15"),
  N_("When the employer forces the worker to terminate by violence, threats or restraint, by not paying the agreed remuneration or providing the agreed working conditions, by withholding or delaying wages, by refusing overtime pay or by paying below the minimum wage, it pays the worker’s remuneration and economic compensation.") };

static const Basis basis_impl_27 = {
  N_("Implementing Regulations of the Labour Contract Law"), N_("Article 27"),
  N_("The monthly wage for economic compensation includes hourly or piece-rate wages, bonuses, allowances and subsidies; if the average of the 12 months before is below the local minimum wage, the minimum wage is used.") };

/* Economic compensation N -------------------------------------------- */

/* Why the contract ended, for service before 2008-01-01 (§97 ¶3: the
 * years before are compensated under the rules then in force, which
 * depend on the ground) and for pay in lieu of notice (only §40). */
typedef struct {
  const char  *id;
  const char  *label;
  gboolean     compensated_before_2008;
  guint        cap_months;        /* the old rules' limit, 0: none */
  gboolean     enterprise_average;/* 481号 §11: raised to the enterprise's average */
  gboolean     article_40;
  const Basis *basis_before_2008; /* NULL: nothing was due then */
} Ground;

static const Ground grounds[] = {
  { "negotiated_employer", N_("Terminated by agreement, proposed by the employer (§36, §46 item 2)"),
    TRUE, 12, FALSE, FALSE, &basis_481_5 },
  { "employer_fault_pay", N_("The worker terminated: wages not paid in full or on time, no labour protection or conditions, or forced labour (§38)"),
    TRUE, 0, FALSE, FALSE, &basis_2001_15 },
  { "employer_fault_other", N_("The worker terminated: no social insurance, unlawful rules, or a void contract (§38)"),
    FALSE, 0, FALSE, FALSE, NULL },
  { "illness_injury", N_("Dismissed after the medical treatment period (§40 item 1)"),
    TRUE, 0, TRUE, TRUE, &basis_481_6 },
  { "incompetence", N_("Dismissed as still incompetent after training or a new post (§40 item 2)"),
    TRUE, 12, FALSE, TRUE, &basis_481_7 },
  { "objective_change", N_("Dismissed after a major change of circumstances (§40 item 3)"),
    TRUE, 0, TRUE, TRUE, &basis_481_8 },
  { "layoff", N_("Economic layoff (§41)"),
    TRUE, 0, TRUE, FALSE, &basis_481_9 },
  { "fixed_term_expiry", N_("A fixed-term contract expired and the employer did not renew it on the same or better terms (§44 item 1, §46 item 5)"),
    FALSE, 0, FALSE, FALSE, NULL },
  { "employer_closed", N_("The employer went bankrupt, lost its licence, was closed or dissolved (§44 items 4 and 5)"),
    FALSE, 0, FALSE, FALSE, NULL },
};

static const char *const ground_ids[] = {
  "negotiated_employer", "employer_fault_pay", "employer_fault_other", "illness_injury", "incompetence",
  "objective_change", "layoff", "fixed_term_expiry", "employer_closed", NULL
};

const char * const *
tj_calc_get_termination_grounds (void)
{
  return ground_ids;
}

const char *
tj_calc_termination_ground_label (const char *ground)
{
  for (guint i = 0; i < G_N_ELEMENTS (grounds); i++)
    if (g_strcmp0 (grounds[i].id, ground) == 0)
      return _(grounds[i].label);
  return NULL;
}

static const Ground *
find_ground (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (grounds); i++)
    if (g_strcmp0 (grounds[i].id, id) == 0)
      return &grounds[i];
  return NULL;
}

static gboolean
get_ground (JsonObject    *input,
            const Ground **out,
            GError       **error)
{
  const char *id = NULL;
  g_autofree char *list = g_strjoinv (", ", (char **) ground_ids);

  *out = NULL;
  if (!_tj_calc_get_string (input, "termination_ground", &id, error))
    return FALSE;
  if (id == NULL)
    return TRUE;
  *out = find_ground (id);
  if (*out == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“termination_ground” is not a ground of termination; one of: %s"), list);
      return FALSE;
    }
  return TRUE;
}

/* §47's months for a service of @years full years and a remainder of
 * @rem_months months and @days days, in half months: a remainder of 6
 * months or more counts as a year, a shorter (non-empty) one half a
 * month. */
static gint64
half_months_47 (guint        years,
                guint        rem_months,
                guint        days,
                const char **rule)
{
  if (rem_months >= 6)
    {
      *rule = _("remainder of 6 months or more: one month");
      return 2 * (gint64) years + 2;
    }
  if (rem_months > 0 || days > 0)
    {
      *rule = _("remainder under 6 months: half a month");
      return 2 * (gint64) years + 1;
    }
  *rule = _("no remainder");
  return 2 * (gint64) years;
}

/* N, filled into @r: N = *@twice_n_out ÷ 2 (in fen, exact), with
 * *@half_months_out the months in halves for "months". With
 * @split_before_2008 (N itself) service before 2008-01-01 follows the
 * rules then in force by ground (§97 ¶3); without (2N, Implementing
 * Regulations §25) all service counts under §47 from the first day. */
static gboolean
compute_n (Result          *r,
           JsonObject      *input,
           TjLocalFigures  *figures,
           gboolean         split_before_2008,
           const Ground   **ground_out,
           gint64          *twice_n_out,
           gint64          *half_months_out,
           char           **formula_out,
           GError         **error)
{
  gint64 wage = 0, local_avg = -1, minimum = -1, enterprise_avg = -1, base, cap = -1;
  gint64 half_months, twice_n = 0, pre_months = 0, pre_amount = 0, post_shown = 0;
  GDate start, end, law_start, post_start;
  const char *city = NULL, *rule = NULL;
  const Ground *ground = NULL;
  const TjLocalFigure *avg_figure = NULL, *min_figure = NULL;
  guint months, days, years, rem_months;
  gboolean capped = FALSE, has_pre, has_post;
  g_autofree char *service = NULL;
  g_autofree char *months_text = NULL;

  if (!_tj_calc_get_fen (input, "monthly_wage_fen", NULL, TRUE, &wage, error)
      || !_tj_calc_get_date (input, "start", TRUE, &start, NULL, error)
      || !_tj_calc_get_date (input, "end", TRUE, &end, NULL, error)
      || !_tj_calc_get_fen (input, "local_avg_monthly_wage_fen", NULL, FALSE, &local_avg, error)
      || !_tj_calc_get_fen (input, "minimum_wage_fen", NULL, FALSE, &minimum, error)
      || !_tj_calc_get_fen (input, "enterprise_avg_monthly_wage_fen", NULL, FALSE, &enterprise_avg, error)
      || !_tj_calc_get_string (input, "city", &city, error)
      || !get_ground (input, &ground, error))
    return FALSE;
  if (g_date_compare (&end, &start) < 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“end” is before “start”"));
      return FALSE;
    }

  g_date_clear (&law_start, 1);
  g_date_set_dmy (&law_start, 1, G_DATE_JANUARY, 2008);
  has_pre = split_before_2008 && g_date_compare (&start, &law_start) < 0;
  has_post = !has_pre || g_date_compare (&end, &law_start) >= 0;
  post_start = has_pre ? law_start : start;

  /* §97 ¶3: without the ground, nothing can be said about the years
   * before 2008 — refuse rather than guess. */
  if (has_pre && ground == NULL)
    {
      GDate pre_last = law_start;
      guint m2, d2;
      g_autofree char *pre = NULL;

      g_date_subtract_days (&pre_last, 1);
      if (g_date_compare (&end, &pre_last) < 0)
        pre_last = end;
      _tj_calc_count_months (&start, &pre_last, &m2, &d2, NULL);
      pre = _tj_calc_service_to_string (m2 / 12, m2 % 12, d2);
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“termination_ground” is missing: %s of the service is before 2008-01-01, and the compensation for those years depends on why the contract ended (Labour Contract Law §97 ¶3)"),
                   pre);
      return FALSE;
    }

  /* The local figures that apply on the last day: the average wage
   * published by then (the cap of §47), the minimum wage in force then
   * (the floor of Implementing Regulations §27). */
  if (local_avg < 0 && city != NULL)
    {
      avg_figure = _tj_calc_lookup_figure (r, figures, city, &end, TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE, error);
      if (avg_figure == NULL)
        return FALSE;
      local_avg = avg_figure->value_fen;
    }
  if (minimum < 0 && city != NULL && figures != NULL
      && tj_local_figures_lookup (figures, city, TJ_LOCAL_FIGURE_MIN_MONTHLY_WAGE, &end, NULL, NULL) != NULL)
    {
      /* Optional: without a minimum-wage figure the floor is not checked. */
      min_figure = _tj_calc_lookup_figure (r, figures, city, &end, TJ_LOCAL_FIGURE_MIN_MONTHLY_WAGE, error);
      minimum = min_figure->value_fen;
    }

  /* Service from start to end, both days included. */
  _tj_calc_count_months (&start, &end, &months, &days, NULL);
  service = _tj_calc_service_to_string (months / 12, months % 12, days);
  _tj_calc_add_value_step (r, _("Length of service (start to end, both days included)"), service, NULL);
  if (ground)
    {
      _tj_calc_add_value_step (r, _("Ground of termination"), _(ground->label), NULL);
      json_object_set_string_member (r->object, "termination_ground", ground->id);
    }
  if (!split_before_2008 && g_date_compare (&start, &law_start) < 0)
    _tj_calc_add_value_step (r, _("Counted from the first day of employment, including service before 2008 (Implementing Regulations §25)"),
                             service, NULL);
  _tj_calc_add_money_step (r, _("Monthly wage (average of the last 12 months)"), wage, NULL);

  if (has_pre)
    {
      /* Before 2008 (劳部发〔1994〕481号 and 劳办发〔1997〕98号): one month
       * per year of service, a year begun counting as a full one; some
       * grounds limit it to 12 months; others earned nothing. No §47 cap
       * (it did not exist); the wage is the 12-month average, raised to
       * the enterprise's average under §6, §8 and §9 (§11). */
      GDate pre_last = law_start;
      guint m2, d2;
      gint64 pre_base = wage;
      g_autofree char *pre = NULL;
      g_autofree char *pre_months_text = NULL;
      g_autofree char *pre_rule = NULL;

      g_date_subtract_days (&pre_last, 1);
      if (g_date_compare (&end, &pre_last) < 0)
        pre_last = end;
      _tj_calc_count_months (&start, &pre_last, &m2, &d2, NULL);
      pre = _tj_calc_service_to_string (m2 / 12, m2 % 12, d2);
      _tj_calc_add_value_step (r, _("Service before 2008-01-01"), pre, NULL);

      if (!ground->compensated_before_2008)
        {
          pre_months = 0;
          pre_rule = g_strdup (_("the rules then in force gave no compensation for this ground"));
          _tj_calc_add_warning (r, "%s", _("No compensation is counted for the service before 2008: the national rules then in force gave none for this ground (Labour Contract Law §97 ¶3). Some provincial rules of the time did; check the local rules for that period."));
        }
      else
        {
          pre_months = m2 / 12 + (m2 % 12 > 0 || d2 > 0 ? 1 : 0);
          if (ground->cap_months && pre_months > ground->cap_months)
            {
              pre_rule = g_strdup_printf (_("one month per year begun, at most %u months"), ground->cap_months);
              pre_months = ground->cap_months;
            }
          else
            pre_rule = g_strdup (ground->cap_months
                                 ? _("one month per year begun (a part year counts as a year), at most 12 months")
                                 : _("one month per year begun (a part year counts as a year)"));
          _tj_calc_add_basis (r, ground->basis_before_2008);
          _tj_calc_add_basis (r, &basis_1997_98);
          if (ground->enterprise_average)
            {
              _tj_calc_add_basis (r, &basis_481_11);
              if (enterprise_avg > wage)
                {
                  pre_base = enterprise_avg;
                  _tj_calc_add_money_step (r, _("The wage is below the enterprise’s average monthly wage: the enterprise’s average is used for the years before 2008"),
                                           enterprise_avg, NULL);
                }
              else if (enterprise_avg < 0)
                _tj_calc_add_warning (r, "%s", _("For this ground the rules before 2008 raise a wage below the enterprise’s average monthly wage to that average (MOL [1994] No. 481 §11): give “enterprise_avg_monthly_wage_fen” to apply it."));
            }
          if (g_strcmp0 (ground->id, "illness_injury") == 0)
            _tj_calc_add_warning (r, "%s", _("For a dismissal after illness or a non-work injury the rules before 2008 also owed a medical subsidy of at least six months’ wage (MOL [1994] No. 481 §6); it is not included here."));
          if (g_strcmp0 (ground->id, "employer_fault_pay") == 0)
            _tj_calc_add_warning (r, "%s", _("For the years before 2008 the Supreme People’s Court’s 2001 interpretation (Article 15) owed compensation without fixing its measure; it is counted here as under the 1994 Measures, one month per year begun. Check the local practice."));
        }
      pre_months_text = g_strdup_printf ("%" G_GINT64_FORMAT, pre_months);
      _tj_calc_add_value_step (r, _("Months of wages for the service before 2008 (rules then in force)"), pre_months_text, pre_rule);
      if (!tj_money_mul_div (pre_base, pre_months, 1, &pre_amount))
        return _tj_calc_overflow (error);
      {
        g_autofree char *a = tj_money_format (pre_base);
        g_autofree char *line = g_strdup_printf ("%s × %" G_GINT64_FORMAT, a, pre_months);
        _tj_calc_add_money_step (r, _("Compensation for the service before 2008"), pre_amount, line);
      }
      twice_n += 2 * pre_amount;
      _tj_calc_add_basis (r, &basis_lcl_97);
      json_object_set_double_member (r->object, "months_before_2008", (double) pre_months);
    }

  half_months = 0;
  base = wage;
  if (has_post)
    {
      gint64 post_amount_twice;

      if (has_pre)
        {
          guint m3, d3;
          g_autofree char *post = NULL;

          _tj_calc_count_months (&post_start, &end, &m3, &d3, NULL);
          post = _tj_calc_service_to_string (m3 / 12, m3 % 12, d3);
          _tj_calc_add_value_step (r, _("Service from 2008-01-01 (Labour Contract Law §47)"), post, NULL);
          months = m3;
          days = d3;
        }
      years = months / 12;
      rem_months = months % 12;
      half_months = half_months_47 (years, rem_months, days, &rule);
      months_text = _tj_calc_half_months_to_string (half_months);
      _tj_calc_add_value_step (r, has_pre ? _("Months of wages for the service from 2008") : _("Months of wages for the service"),
                               months_text, rule);

      if (min_figure)
        _tj_calc_use_figure (r, min_figure, &end, NULL, NULL);
      if (minimum >= 0 && wage < minimum)
        {
          /* Implementing Regulations §27: never below the minimum wage. */
          base = minimum;
          _tj_calc_add_money_step (r, _("The monthly wage is below the local minimum wage: the minimum wage is used"),
                                   minimum, NULL);
          _tj_calc_add_basis (r, &basis_impl_27);
        }
      if (local_avg >= 0)
        {
          g_autofree char *avg_text = tj_money_format (local_avg);
          g_autofree char *line = NULL;

          if (avg_figure)
            _tj_calc_use_figure (r, avg_figure, &end, NULL, NULL);
          cap = 3 * local_avg;
          line = g_strdup_printf ("3 × %s", avg_text);
          _tj_calc_add_money_step (r, _("Cap: three times the local average monthly wage of the previous year"), cap, line);
          /* "高于…三倍的": only a wage above the cap is capped; a wage
           * exactly at it is not, and the 12-year limit does not apply. */
          if (wage > cap)
            {
              capped = TRUE;
              base = cap;
              _tj_calc_add_value_step (r, _("The monthly wage is above the cap: the cap is used and the years are limited to 12"),
                                       line, NULL);
              if (half_months > 24)
                {
                  g_autofree char *before = _tj_calc_half_months_to_string (half_months);
                  g_autofree char *line2 = g_strdup_printf (_("%s months capped at 12"), before);
                  half_months = 24;
                  _tj_calc_add_value_step (r, _("Years of service capped at 12"), "12", line2);
                }
            }
        }
      else
        _tj_calc_add_warning (r, "%s", _("No local average monthly wage was given (“local_avg_monthly_wage_fen” or “city”): the cap of three times the local average was not checked."));
      _tj_calc_add_money_step (r, _("Monthly wage used"), base, capped ? _("capped") : NULL);
      if (!tj_money_mul_div (base, half_months, 1, &post_amount_twice))
        return _tj_calc_overflow (error);
      if (has_pre)
        {
          g_autofree char *a = tj_money_format (base);
          g_autofree char *m = _tj_calc_half_months_to_string (half_months);
          g_autofree char *line = g_strdup_printf ("%s × %s", a, m);

          tj_money_mul_div (base, half_months, 2, &post_shown);
          _tj_calc_add_money_step (r, _("Compensation for the service from 2008"), post_shown, line);
          json_object_set_double_member (r->object, "months_from_2008", (double) half_months / 2.0);
        }
      twice_n += post_amount_twice;
    }

  if (twice_n > G_GINT64_CONSTANT (1000000000000000000))
    return _tj_calc_overflow (error);
  *twice_n_out = twice_n;
  *half_months_out = half_months + 2 * pre_months;
  if (has_pre)
    {
      /* The parts as shown, rounded for display; the sum is exact. */
      g_autofree char *a = tj_money_format (pre_amount);
      g_autofree char *b = tj_money_format (post_shown);
      *formula_out = has_post ? g_strdup_printf ("%s + %s", a, b) : g_strdup (a);
    }
  else
    {
      g_autofree char *a = tj_money_format (base);
      g_autofree char *m = _tj_calc_half_months_to_string (half_months);
      *formula_out = g_strdup_printf ("%s × %s", a, m);
    }
  if (ground_out)
    *ground_out = ground;
  json_object_set_double_member (r->object, "months", (double) (half_months + 2 * pre_months) / 2.0);
  return TRUE;
}

/* The final N step: one rounding of the exact sum. */
static gboolean
finish_n (Result      *r,
          gint64       twice_n,
          const char  *formula,
          gint64      *n_out,
          GError     **error)
{
  if (!tj_money_mul_div (twice_n, 1, 2, n_out))
    return _tj_calc_overflow (error);
  _tj_calc_add_money_step (r, _("Economic compensation (N)"), *n_out, formula);
  return TRUE;
}

/* Puts @first bases before the ones added so far: the rule applied is
 * cited first. */
static void
basis_first (Result             *r,
             const Basis *const *first)
{
  g_autoptr(JsonArray) extra = g_steal_pointer (&r->basis);

  r->basis = json_array_new ();
  for (guint i = 0; first[i]; i++)
    _tj_calc_add_basis (r, first[i]);
  for (guint i = 0; i < json_array_get_length (extra); i++)
    json_array_add_element (r->basis, json_node_copy (json_array_get_element (extra, i)));
}

JsonObject *
tj_calc_compensation (JsonObject      *input,
                      TjLocalFigures  *figures,
                      GError         **error)
{
  g_auto(Result) r = { 0 };
  gint64 twice_n = 0, half_months = 0, amount;
  g_autofree char *formula = NULL;
  const Basis *const first[] = { &basis_lcl_47, &basis_lcl_46, NULL };

  _tj_calc_result_init (&r, "compensation");
  if (!compute_n (&r, input, figures, TRUE, NULL, &twice_n, &half_months, &formula, error)
      || !finish_n (&r, twice_n, formula, &amount, error))
    return NULL;
  basis_first (&r, first);
  return _tj_calc_result_finish (&r, amount);
}

JsonObject *
tj_calc_unlawful_termination (JsonObject      *input,
                              TjLocalFigures  *figures,
                              GError         **error)
{
  g_auto(Result) r = { 0 };
  gint64 twice_n = 0, half_months = 0, n;
  g_autofree char *formula = NULL;
  const Basis *const first[] = { &basis_lcl_87, &basis_lcl_48, &basis_lcl_47, &basis_impl_25, NULL };

  _tj_calc_result_init (&r, "unlawful_termination");
  /* Implementing Regulations §25: the damages count all service from the
   * first day under §47 — no split at 2008, no ground needed. */
  if (!compute_n (&r, input, figures, FALSE, NULL, &twice_n, &half_months, &formula, error)
      || !finish_n (&r, twice_n, formula, &n, error))
    return NULL;
  {
    /* 2N = twice the exact N, rounded once (N itself is shown rounded). */
    g_autofree char *line = g_strdup_printf ("2 × %s", formula);
    _tj_calc_add_money_step (&r, _("Damages for unlawful termination (2N)"), twice_n, line);
  }
  json_object_set_int_member (r.object, "multiplier", 2);
  _tj_calc_add_warning (&r, "%s", _("The damages replace economic compensation: N is not paid in addition (Implementing Regulations §25). They are due when the worker does not ask to continue the contract or it cannot continue (§48)."));
  basis_first (&r, first);
  return _tj_calc_result_finish (&r, twice_n);
}

/* Pay in lieu of notice (+1) ------------------------------------------- */

/* The +1 of a §40 dismissal without 30 days' written notice: one month's
 * wage at the previous month's wage (Implementing Regulations §20). Adds
 * its steps to @r and returns the amount. */
static gboolean
compute_notice_pay (Result        *r,
                    JsonObject    *input,
                    const Ground  *ground,
                    gint64        *out,
                    GError       **error)
{
  gint64 last_month = 0;

  if (!_tj_calc_get_fen (input, "last_month_wage_fen", NULL, TRUE, &last_month, error))
    return FALSE;
  if (ground && !ground->article_40)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“termination_ground”: pay in lieu of notice is due only for a dismissal under Article 40 (illness_injury, incompetence, objective_change)"));
      return FALSE;
    }
  {
    g_autofree char *a = tj_money_format (last_month);
    g_autofree char *line = g_strdup_printf ("1 × %s", a);

    _tj_calc_add_money_step (r, _("Wage of the month before the termination"), last_month, NULL);
    _tj_calc_add_money_step (r, _("Pay in lieu of notice (+1)"), last_month, line);
  }
  _tj_calc_add_warning (r, "%s", _("Pay in lieu of notice is due when the employer dismissed under Article 40 (illness or injury after the treatment period, incompetence, a major change of circumstances) without giving 30 days’ written notice."));
  *out = last_month;
  return TRUE;
}

JsonObject *
tj_calc_notice_pay (JsonObject  *input,
                    GError     **error)
{
  g_auto(Result) r = { 0 };
  const Ground *ground = NULL;
  gint64 amount = 0;

  if (!get_ground (input, &ground, error))
    return NULL;
  _tj_calc_result_init (&r, "notice_pay");
  if (ground)
    {
      _tj_calc_add_value_step (&r, _("Ground of termination"), _(ground->label), NULL);
      json_object_set_string_member (r.object, "termination_ground", ground->id);
    }
  if (!compute_notice_pay (&r, input, ground, &amount, error))
    return NULL;
  _tj_calc_add_basis (&r, &basis_lcl_40);
  _tj_calc_add_basis (&r, &basis_impl_20);
  return _tj_calc_result_finish (&r, amount);
}

/* N + 1 ------------------------------------------------------------------ */

static JsonObject *
part_object (const char *kind,
             gint64      amount)
{
  JsonObject *o = json_object_new ();
  g_autofree char *text = tj_money_format (amount);

  json_object_set_string_member (o, "kind", kind);
  json_object_set_int_member (o, "amount_fen", amount);
  json_object_set_string_member (o, "amount_text", text);
  return o;
}

JsonObject *
tj_calc_compensation_with_notice (JsonObject      *input,
                                  TjLocalFigures  *figures,
                                  GError         **error)
{
  g_auto(Result) r = { 0 };
  gint64 twice_n = 0, half_months = 0, n = 0, notice = 0, total;
  g_autofree char *formula = NULL;
  const Ground *ground = NULL;
  const Basis *const first[] = { &basis_lcl_47, &basis_lcl_40, &basis_impl_20, &basis_lcl_46, NULL };
  JsonArray *parts;

  /* Check the +1's inputs first, so that a wrong ground is named before
   * anything is computed. */
  if (!get_ground (input, &ground, error))
    return NULL;
  if (ground && !ground->article_40)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“termination_ground”: N + 1 applies only to a dismissal under Article 40 (illness_injury, incompetence, objective_change)"));
      return NULL;
    }
  _tj_calc_result_init (&r, "compensation_with_notice");
  if (!compute_n (&r, input, figures, TRUE, &ground, &twice_n, &half_months, &formula, error)
      || !finish_n (&r, twice_n, formula, &n, error)
      || !compute_notice_pay (&r, input, ground, &notice, error))
    return NULL;
  total = n + notice;
  {
    g_autofree char *a = tj_money_format (n);
    g_autofree char *b = tj_money_format (notice);
    g_autofree char *line = g_strdup_printf ("%s + %s", a, b);
    _tj_calc_add_money_step (&r, _("Economic compensation plus pay in lieu of notice (N + 1)"), total, line);
  }
  parts = json_array_new ();
  json_array_add_object_element (parts, part_object ("compensation", n));
  json_array_add_object_element (parts, part_object ("notice_pay", notice));
  json_object_set_array_member (r.object, "parts", parts);
  basis_first (&r, first);
  return _tj_calc_result_finish (&r, total);
}
