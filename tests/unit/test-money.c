/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Money helpers: display, 大写金额 for documents, parsing what users type. */

#include "tj-error.h"
#include "tj-money.h"
#include "tj-test-util.h"

#include <string.h>

static void
test_format (void)
{
  const struct { gint64 fen; const char *text; } cases[] = {
    { 0, "¥0.00" },
    { 5, "¥0.05" },
    { 99, "¥0.99" },
    { 100, "¥1.00" },
    { 123456, "¥1,234.56" },
    { 1234567, "¥12,345.67" },
    { 100000, "¥1,000.00" },
    { 99999, "¥999.99" },
    { 10000000000, "¥100,000,000.00" },
    { -1200, "-¥12.00" },
    { G_MAXINT64, "¥92,233,720,368,547,758.07" },
    { G_MININT64, "-¥92,233,720,368,547,758.08" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = tj_money_format (cases[i].fen);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_capital (void)
{
  /* Expected texts follow the banks' rules (正确填写票据和结算凭证的基本规定);
   * see tj-money.h for the choices where the rules allow two forms. */
  const struct { gint64 fen; const char *text; } cases[] = {
    { 1234567, "人民币壹万贰仟叁佰肆拾伍元陆角柒分" },
    { 1200000, "人民币壹万贰仟元整" },            /* ¥12,000 in capitals */
    { 1000500, "人民币壹万零伍元整" },            /* 10005.00: inner zeros → one 零 */
    { 10000050, "人民币壹拾万元伍角" },           /* 100000.50: no 整 after 角 */
    { 0, "人民币零元整" },
    { 52, "人民币伍角贰分" },                     /* under one yuan: no 元 */
    { 2, "人民币贰分" },
    { 10, "人民币壹角" },
    { 1000, "人民币壹拾元整" },                   /* leading ten is 壹拾 */
    { 140950, "人民币壹仟肆佰零玖元伍角" },       /* the rules' own example */
    { 168032, "人民币壹仟陆佰捌拾元叁角贰分" },   /* units zero before 角: no 零 */
    { 10700053, "人民币壹拾万零柒仟元伍角叁分" }, /* 万 digit zero: one 零 */
    { 1640902, "人民币壹万陆仟肆佰零玖元零贰分" }, /* 角 zero, 分 not: 零 */
    { 32504, "人民币叁佰贰拾伍元零肆分" },         /* the rules' own example */
    { 1000001, "人民币壹万元零壹分" },
    { 100100000, "人民币壹佰万零壹仟元整" },        /* zeros across 万 */
    { 100001000, "人民币壹佰万零壹拾元整" },
    { 60036, "人民币陆佰元叁角陆分" },
    { 80000000, "人民币捌拾万元整" },
    { 1000000000000, "人民币壹佰亿元整" },
    { 10000800000000, "人民币壹仟亿零捌佰万元整" },  /* 1000亿 + 800万 */
    { 10000000000000000, "人民币壹佰万亿元整" },
    { 10000000000000500, "人民币壹佰万亿零伍元整" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = tj_money_to_capital (cases[i].fen);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_parse (void)
{
  const struct { const char *text; gint64 fen; } good[] = {
    { "12000", 1200000 },
    { "12,000.50", 1200050 },
    { "12000.5", 1200050 },
    { "1.2万", 1200000 },
    { "1.23456万", 1234560 },            /* six decimals with 万 are exact fen */
    { "3万", 3000000 },
    { "¥3000", 300000 },
    { "￥3,000元", 300000 },
    { "人民币3000元", 300000 },
    { "RMB 3000", 300000 },
    { "  12000  ", 1200000 },
    { "１２，０００．５０", 1200050 },     /* full-width, as IMEs type it */
    { "1,234,567.89", 123456789 },
    { "0.5", 50 },
    { ".5", 50 },
    { "0", 0 },
    { "007", 700 },
  };
  const char *bad[] = {
    "", "   ", "abc", "12,00", "1,2000", "12,000,00", ",100", "12.345", "-5", "¥-5",
    "负100", "1.2.3", "1.2345678万", "万", ".", "1e5", "12元整", "0x10",
    "99999999999999999999", "100000000000万",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 fen = -1;
      g_assert_true (tj_money_parse (good[i].text, &fen, &error));
      g_assert_no_error (error);
      g_assert_cmpint (fen, ==, good[i].fen);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 fen = 42;
      g_assert_false (tj_money_parse (bad[i], &fen, &error));
      g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
      /* The message quotes what was typed, so a roster row can show it. */
      g_assert_nonnull (strstr (error->message, bad[i]));
      g_assert_cmpint (fen, ==, 42);
    }
}

/* Reads 大写金额 back into fen, independently of the writer: digits set a
 * pending number, 拾佰仟 multiply it into the section, 万 scales the section,
 * 亿 moves everything into the total. */
static gint64
capital_to_fen (const char *text)
{
  static const char *const digits[] = { "零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖" };
  gint64 total = 0, section = 0, number = 0, yuan = 0, jiao = 0, fen = 0;
  gboolean after_yuan = FALSE;
  const char *p = text;

  g_assert_true (g_str_has_prefix (p, "人民币"));
  p += strlen ("人民币");
  while (*p)
    {
      gboolean matched = FALSE;

      for (int d = 0; d < 10 && !matched; d++)
        if (g_str_has_prefix (p, digits[d]))
          {
            number = d;
            p += strlen (digits[d]);
            matched = TRUE;
          }
      if (matched)
        continue;
#define UNIT(str, action) if (g_str_has_prefix (p, str)) { action; p += strlen (str); continue; }
      UNIT ("拾", section += number * 10; number = 0)
      UNIT ("佰", section += number * 100; number = 0)
      UNIT ("仟", section += number * 1000; number = 0)
      UNIT ("万", section = (section + number) * 10000; number = 0)
      UNIT ("亿", total = (total + section + number) * 100000000; section = 0; number = 0)
      UNIT ("元", yuan = total + section + number; number = 0; after_yuan = TRUE)
      UNIT ("角", jiao = number; number = 0)
      UNIT ("分", fen = number; number = 0)
      UNIT ("整", g_assert_true (after_yuan))
#undef UNIT
      g_error ("unexpected text in “%s” at “%s”", text, p);
    }
  return yuan * 100 + jiao * 10 + fen;
}

static void
test_round_trip (void)
{
  for (guint i = 0; i < 20000; i++)
    {
      /* Spread over every magnitude up to 10^18 fen, with zero runs. */
      guint digits = 1 + i % 18;
      gint64 fen = 0;
      g_autofree char *capital = NULL;
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;
      gint64 parsed = -1;

      for (guint d = 0; d < digits; d++)
        fen = fen * 10 + (g_test_rand_int_range (0, 3) == 0 ? 0 : g_test_rand_int_range (0, 10));
      capital = tj_money_to_capital (fen);
      g_assert_cmpint (capital_to_fen (capital), ==, fen);
      /* Form: one 零 at a time, none before a unit or at the end of the
       * yuan, 整 exactly when there are no jiao and fen. */
      g_assert_null (strstr (capital, "零零"));
      if (fen != 0)   /* zero is 人民币零元整 */
        g_assert_null (strstr (capital, "零元"));
      g_assert_null (strstr (capital, "零万"));
      g_assert_null (strstr (capital, "零亿"));
      g_assert_cmpint (g_str_has_suffix (capital, "整"), ==, fen % 100 == 0);

      if (fen <= G_GINT64_CONSTANT (1000000000000000))
        {
          text = tj_money_format (fen);
          g_assert_true (tj_money_parse (text, &parsed, &error));
          g_assert_no_error (error);
          g_assert_cmpint (parsed, ==, fen);
        }
    }
}

static void
test_mul_div (void)
{
  gint64 out = 0;

  g_assert_true (tj_money_mul_div (7, 1, 2, &out));     /* 3.5 → 4, half up */
  g_assert_cmpint (out, ==, 4);
  g_assert_true (tj_money_mul_div (5, 1, 3, &out));     /* 1.67 → 2 */
  g_assert_cmpint (out, ==, 2);
  g_assert_true (tj_money_mul_div (4, 1, 3, &out));     /* 1.33 → 1 */
  g_assert_cmpint (out, ==, 1);
  g_assert_true (tj_money_mul_div (1, 1, 2, &out));     /* 0.5 → 1 */
  g_assert_cmpint (out, ==, 1);
  g_assert_true (tj_money_mul_div (0, 5, 7, &out));
  g_assert_cmpint (out, ==, 0);
  /* A product beyond 64 bits is still exact. */
  g_assert_true (tj_money_mul_div (G_MAXINT64, 2, 4, &out));
  g_assert_cmpint (out, ==, G_MAXINT64 / 2 + 1);
  g_assert_false (tj_money_mul_div (G_MAXINT64, 2, 1, &out));
}

static void
test_split (void)
{
  gint64 out[5];

  g_assert_true (tj_money_split (100, (gint64[]) { 1, 1, 1 }, 3, out));
  g_assert_cmpint (out[0], ==, 34);
  g_assert_cmpint (out[1], ==, 33);
  g_assert_cmpint (out[2], ==, 33);
  g_assert_true (tj_money_split (10, (gint64[]) { 0, 0 }, 2, out));
  g_assert_cmpint (out[0], ==, 5);
  g_assert_true (tj_money_split (7, (gint64[]) { 0, 3, 0 }, 3, out));
  g_assert_cmpint (out[1], ==, 7);
  /* Largest remainder: 1000 over 1:2:4 is 142.9, 285.7, 571.4 → the two
   * fen left go to the .9 and the .7. */
  g_assert_true (tj_money_split (1000, (gint64[]) { 1, 2, 4 }, 3, out));
  g_assert_cmpint (out[0], ==, 143);
  g_assert_cmpint (out[1], ==, 286);
  g_assert_cmpint (out[2], ==, 571);
  /* Ties go to the earlier share. */
  g_assert_true (tj_money_split (1, (gint64[]) { 5, 5 }, 2, out));
  g_assert_cmpint (out[0], ==, 1);
  g_assert_cmpint (out[1], ==, 0);
  g_assert_false (tj_money_split (-1, (gint64[]) { 1 }, 1, out));
  g_assert_false (tj_money_split (1, (gint64[]) { 1 }, 0, out));
  g_assert_false (tj_money_split (1, (gint64[]) { 1, -1 }, 2, out));

  for (int round = 0; round < 500; round++)
    {
      gint64 w[5], total = g_random_int_range (0, 100000000), sum = 0, wsum = 0;
      for (int i = 0; i < 5; i++)
        wsum += w[i] = g_random_int_range (0, 5000000);
      g_assert_true (tj_money_split (total, w, 5, out));
      for (int i = 0; i < 5; i++)
        {
          sum += out[i];
          /* Never more than the share when the total fits. */
          if (total <= wsum)
            g_assert_cmpint (out[i], <=, w[i]);
        }
      g_assert_cmpint (sum, ==, total);
    }
}

static void
test_split_installments (void)
{
  /* ¥6,000 and ¥3,000 owed, paid in ¥4,000.01 and ¥4,999.99. */
  const gint64 shares[] = { 600000, 300000 };
  const gint64 amounts[] = { 400001, 499999 };
  gint64 out[4];

  g_assert_true (tj_money_split_installments (shares, 2, amounts, 2, out));
  /* The first installment in proportion (2:1, the odd fen to the larger
   * remainder), the last brings each to their share exactly. */
  g_assert_cmpint (out[0], ==, 266667);
  g_assert_cmpint (out[1], ==, 133334);
  g_assert_cmpint (out[2], ==, 600000 - 266667);
  g_assert_cmpint (out[3], ==, 300000 - 133334);

  /* An installment larger than what is left gets only what is left;
   * one after that gets nothing. */
  g_assert_true (tj_money_split_installments (shares, 2, (gint64[]) { 1000000, 5 }, 2, out));
  g_assert_cmpint (out[0], ==, 600000);
  g_assert_cmpint (out[1], ==, 300000);
  g_assert_cmpint (out[2], ==, 0);
  g_assert_cmpint (out[3], ==, 0);

  g_assert_false (tj_money_split_installments (shares, 0, amounts, 2, out));
  g_assert_false (tj_money_split_installments (shares, 2, (gint64[]) { -1 }, 1, out));

  /* Any plan that adds up to the shares pays each worker exactly their
   * share, and never more than is left at any installment. */
  for (int round = 0; round < 300; round++)
    {
      gint64 w[4], plan[6], alloc[6 * 4], total = 0, rest;
      guint n_plan = g_random_int_range (1, 7);

      for (int i = 0; i < 4; i++)
        total += w[i] = g_random_int_range (0, 2000000);
      rest = total;
      for (guint k = 0; k + 1 < n_plan; k++)
        rest -= plan[k] = g_random_int_range (0, (gint32) MIN (rest, G_MAXINT32 - 1) + 1);
      plan[n_plan - 1] = rest;
      g_assert_true (tj_money_split_installments (w, 4, plan, n_plan, alloc));
      for (int i = 0; i < 4; i++)
        {
          gint64 got = 0;
          for (guint k = 0; k < n_plan; k++)
            {
              g_assert_cmpint (alloc[k * 4 + i], >=, 0);
              got += alloc[k * 4 + i];
            }
          g_assert_cmpint (got, ==, w[i]);
        }
      for (guint k = 0; k < n_plan; k++)
        {
          gint64 sum = 0;
          for (int i = 0; i < 4; i++)
            sum += alloc[k * 4 + i];
          g_assert_cmpint (sum, ==, plan[k]);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  tj_test_pin_today ("2026-11-22");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/money/format", test_format);
  g_test_add_func ("/money/capital", test_capital);
  g_test_add_func ("/money/parse", test_parse);
  g_test_add_func ("/money/round-trip", test_round_trip);
  g_test_add_func ("/money/mul-div", test_mul_div);
  g_test_add_func ("/money/split", test_split);
  g_test_add_func ("/money/split-installments", test_split_installments);
  return g_test_run ();
}
