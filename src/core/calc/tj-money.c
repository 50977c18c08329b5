/* SPDX-License-Identifier: GPL-3.0-or-later */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Calc"

#include "tj-money.h"
#include "tj-error.h"
#include "tj-i18n.h"

#include <string.h>

/* Larger than any real amount (ten trillion yuan); keeps every product
 * of an amount with a rate or a number of hours far from overflow. */
#define MAX_PARSED_FEN G_GINT64_CONSTANT (1000000000000000)

static const char *const capital_digits[] = {
  "零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"
};
static const char *const capital_units[] = { "", "拾", "佰", "仟" };

char *
tj_money_format (gint64 fen)
{
  GString *out = g_string_new (NULL);
  guint64 abs_fen = fen < 0 ? (guint64) -(fen + 1) + 1 : (guint64) fen;
  char digits[32];
  int n, lead;

  if (fen < 0)
    g_string_append_c (out, '-');
  g_string_append (out, "¥");
  n = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, abs_fen / 100);
  /* Thousands separators: the first group takes what is left over. */
  lead = n % 3 == 0 ? 3 : n % 3;
  g_string_append_len (out, digits, lead);
  for (int i = lead; i < n; i += 3)
    {
      g_string_append_c (out, ',');
      g_string_append_len (out, digits + i, 3);
    }
  g_string_append_printf (out, ".%02u", (guint) (abs_fen % 100));
  return g_string_free (out, FALSE);
}

/* The yuan part, digit by digit from the most significant: a run of zeros
 * between non-zero digits becomes one 零 (also across 万/亿), a group
 * marker follows every group that holds a non-zero digit. */
static void
append_capital_yuan (GString *out,
                     guint64  yuan)
{
  char digits[24];
  int n = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, yuan);
  gboolean emitted = FALSE;
  gboolean pending_zero = FALSE;

  for (int i = 0; i < n; i++)
    {
      int d = digits[i] - '0';
      int pos = n - 1 - i;

      if (d == 0)
        pending_zero = emitted;
      else
        {
          if (pending_zero)
            g_string_append (out, capital_digits[0]);
          pending_zero = FALSE;
          g_string_append (out, capital_digits[d]);
          g_string_append (out, capital_units[pos % 4]);
          emitted = TRUE;
        }

      if (pos > 0 && pos % 4 == 0)
        {
          /* Does the group that ends here (or, for 亿, anything from
           * here up) hold a non-zero digit? */
          int group_start = pos == 8 ? 0 : MAX (0, i - 3);
          gboolean nonzero = FALSE;
          for (int k = group_start; k <= i; k++)
            nonzero |= digits[k] != '0';
          if (nonzero)
            g_string_append (out, pos == 8 ? "亿" : "万");
        }
    }
}

char *
tj_money_to_capital (gint64 fen)
{
  GString *out;
  guint64 yuan;
  guint jiao, fen_digit;

  g_return_val_if_fail (fen >= 0, NULL);
  g_return_val_if_fail (fen < G_GINT64_CONSTANT (1000000000000000000), NULL);

  out = g_string_new ("人民币");
  yuan = (guint64) fen / 100;
  jiao = (guint) ((fen / 10) % 10);
  fen_digit = (guint) (fen % 10);

  if (yuan > 0)
    {
      append_capital_yuan (out, yuan);
      g_string_append (out, "元");
    }
  if (jiao == 0 && fen_digit == 0)
    {
      g_string_append (out, yuan > 0 ? "整" : "零元整");
      return g_string_free (out, FALSE);
    }
  if (jiao > 0)
    {
      g_string_append (out, capital_digits[jiao]);
      g_string_append (out, "角");
    }
  else if (yuan > 0)
    g_string_append (out, capital_digits[0]);
  if (fen_digit > 0)
    {
      g_string_append (out, capital_digits[fen_digit]);
      g_string_append (out, "分");
    }
  return g_string_free (out, FALSE);
}

/* Full-width digits, comma and full stop as ASCII; spaces (also the
 * ideographic one) dropped. */
static char *
normalise (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c >= 0xFF10 && c <= 0xFF19)
        g_string_append_c (out, (char) ('0' + (c - 0xFF10)));
      else if (c == 0xFF0C)
        g_string_append_c (out, ',');
      else if (c == 0xFF0E)
        g_string_append_c (out, '.');
      else if (g_unichar_isspace (c) || c == 0x3000)
        continue;
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
strip_prefix (char      **p,
              const char *prefix)
{
  if (g_str_has_prefix (*p, prefix))
    {
      *p += strlen (prefix);
      return TRUE;
    }
  return FALSE;
}

static gboolean
strip_suffix (char       *s,
              const char *suffix)
{
  if (g_str_has_suffix (s, suffix))
    {
      s[strlen (s) - strlen (suffix)] = '\0';
      return TRUE;
    }
  return FALSE;
}

static gboolean
parse_fail (const char  *text,
            const char  *why,
            GError     **error)
{
  g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
               /* Translators: %s are the amount typed and the reason */
               _("“%s” is not an amount of money: %s (write it like 12000, 12,000.50, 1.2万 or ¥3000)"),
               text, why);
  return FALSE;
}

gboolean
tj_money_parse (const char  *text,
                gint64      *out_fen,
                GError     **error)
{
  g_autofree char *norm = NULL;
  char *p, *dot;
  gboolean wan = FALSE;
  guint max_decimals;
  gint64 int_part = 0, frac_part = 0;
  guint n_frac = 0, n_int = 0, group_len = 0;
  gboolean seen_comma = FALSE;
  gint64 scale;

  g_return_val_if_fail (out_fen != NULL, FALSE);

  if (text == NULL)
    text = "";
  norm = normalise (text);
  p = norm;
  if (*p == '\0')
    return parse_fail (text, _("it is empty"), error);

  if (*p == '-' || g_str_has_prefix (p, "负"))
    return parse_fail (text, _("it is negative"), error);
  if (!strip_prefix (&p, "人民币") && !strip_prefix (&p, "RMB"))
    strip_prefix (&p, "CNY");
  if (!strip_prefix (&p, "¥"))
    strip_prefix (&p, "￥");
  if (*p == '-')
    return parse_fail (text, _("it is negative"), error);
  strip_suffix (p, "元");
  wan = strip_suffix (p, "万");
  max_decimals = wan ? 6 : 2;

  if (*p == '\0')
    return parse_fail (text, _("it has no digits"), error);

  dot = strchr (p, '.');
  for (char *q = p; q != (dot ? dot : p + strlen (p)); q++)
    {
      if (*q == ',')
        {
          /* A separator must close a group of 1–3 digits (the first) or
           * exactly 3 (the others). */
          if (n_int == 0 || group_len > 3 || (seen_comma && group_len != 3))
            return parse_fail (text, _("a thousands separator is misplaced"), error);
          seen_comma = TRUE;
          group_len = 0;
          continue;
        }
      if (!g_ascii_isdigit (*q))
        return parse_fail (text, _("it contains characters that are not digits"), error);
      if (int_part > MAX_PARSED_FEN)
        return parse_fail (text, _("it is too large"), error);
      int_part = int_part * 10 + (*q - '0');
      n_int++;
      group_len++;
    }
  if (seen_comma && group_len != 3)
    return parse_fail (text, _("a thousands separator is misplaced"), error);

  if (dot)
    {
      for (char *q = dot + 1; *q; q++)
        {
          if (!g_ascii_isdigit (*q))
            return parse_fail (text, _("it contains characters that are not digits"), error);
          if (++n_frac > max_decimals)
            return parse_fail (text, wan ? _("it has more than six decimals before 万")
                                         : _("it has more than two decimals (fen)"), error);
          frac_part = frac_part * 10 + (*q - '0');
        }
      if (n_int == 0 && n_frac == 0)
        return parse_fail (text, _("it has no digits"), error);
    }

  /* Scale the fraction to fen: two places, or six with 万. */
  for (guint i = n_frac; i < max_decimals; i++)
    frac_part *= 10;
  scale = wan ? 1000000 : 100;
  if (int_part > MAX_PARSED_FEN / scale)
    return parse_fail (text, _("it is too large"), error);
  *out_fen = int_part * scale + frac_part;
  return TRUE;
}

gboolean
tj_money_mul_div (gint64  a,
                  gint64  b,
                  gint64  c,
                  gint64 *out)
{
  unsigned __int128 product, quotient, remainder;

  g_return_val_if_fail (a >= 0 && b >= 0 && c > 0, FALSE);

  product = (unsigned __int128) a * (unsigned __int128) b;
  quotient = product / (unsigned __int128) c;
  remainder = product % (unsigned __int128) c;
  /* Half up: a remainder of at least half the divisor rounds away. */
  if (remainder * 2 >= (unsigned __int128) c)
    quotient++;
  if (quotient > (unsigned __int128) G_MAXINT64)
    return FALSE;
  *out = (gint64) quotient;
  return TRUE;
}

gboolean
tj_money_split (gint64        total,
                const gint64 *weights,
                guint         n,
                gint64       *out)
{
  unsigned __int128 sum = 0;
  g_autofree guint *order = NULL;
  g_autofree unsigned __int128 *rem = NULL;
  gint64 given = 0;
  gboolean even = TRUE;

  if (n == 0 || total < 0 || weights == NULL || out == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      if (weights[i] < 0)
        return FALSE;
      sum += (unsigned __int128) weights[i];
      even &= weights[i] == 0;
    }
  if (even)
    sum = n;
  rem = g_new0 (unsigned __int128, n);
  order = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    {
      unsigned __int128 w = even ? 1 : (unsigned __int128) weights[i];
      unsigned __int128 p = (unsigned __int128) total * w;
      out[i] = (gint64) (p / sum);
      rem[i] = p % sum;
      given += out[i];
      order[i] = i;
    }
  /* Largest remainder first, ties to the earlier index (insertion sort:
   * stable, and n is a number of workers). Fewer than n fen are left. */
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && rem[order[j - 1]] < rem[order[j]]; j--)
      {
        guint t = order[j];
        order[j] = order[j - 1];
        order[j - 1] = t;
      }
  for (guint k = 0; given < total; k++, given++)
    out[order[k % n]]++;
  return TRUE;
}

gboolean
tj_money_split_installments (const gint64 *shares,
                             guint         n_shares,
                             const gint64 *amounts,
                             guint         n_amounts,
                             gint64       *out)
{
  g_autofree gint64 *left = NULL;
  gint64 left_total = 0;

  if (n_shares == 0 || shares == NULL || out == NULL || (n_amounts > 0 && amounts == NULL))
    return FALSE;
  for (guint i = 0; i < n_shares; i++)
    if (shares[i] < 0)
      return FALSE;
  for (guint k = 0; k < n_amounts; k++)
    if (amounts[k] < 0)
      return FALSE;

  left = g_memdup2 (shares, n_shares * sizeof (gint64));
  for (guint i = 0; i < n_shares; i++)
    left_total += left[i];
  for (guint k = 0; k < n_amounts; k++)
    {
      gint64 *part = out + (gsize) k * n_shares;

      /* Nothing left: an installment beyond the shares allocates nothing
       * (an even split of it would pay someone more than their share). */
      if (left_total == 0)
        {
          memset (part, 0, n_shares * sizeof (gint64));
          continue;
        }
      tj_money_split (MIN (amounts[k], left_total), left, n_shares, part);
      for (guint i = 0; i < n_shares; i++)
        {
          left[i] -= part[i];
          left_total -= part[i];
        }
    }
  return TRUE;
}
