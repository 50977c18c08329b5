/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Money is an integer number of fen (分) everywhere in Tiaojie. */

/**
 * TJ_MONEY_MAX_AMOUNT_FEN:
 *
 * The largest single amount a case, a roster row or a claim may hold:
 * ¥1,000,000,000,000.00 (a trillion yuan), far above any labour dispute,
 * so that a typo or a hostile file is refused rather than summed into an
 * overflow.
 */
#define TJ_MONEY_MAX_AMOUNT_FEN G_GINT64_CONSTANT (100000000000000)

/**
 * tj_money_add:
 * @sum: (inout): a running total in fen
 * @fen: the amount to add
 *
 * Checked addition for totals: signed overflow is undefined behaviour,
 * and 92,234 amounts of TJ_MONEY_MAX_AMOUNT_FEN already overflow.
 *
 * Returns: %FALSE when the total does not fit in a gint64; @sum is then
 *   left at G_MAXINT64 (or G_MININT64), never wrapped around.
 */
static inline gboolean
tj_money_add (gint64 *sum,
              gint64  fen)
{
  if (__builtin_add_overflow (*sum, fen, sum))
    {
      *sum = fen < 0 ? G_MININT64 : G_MAXINT64;
      return FALSE;
    }
  return TRUE;
}

/**
 * tj_money_format:
 * @fen: an amount in fen
 *
 * Returns: "¥12,345.67": yuan sign, thousands separators, two decimals;
 *   negative amounts as "-¥12.00".
 */
char     *tj_money_format         (gint64       fen);

/**
 * tj_money_to_capital:
 * @fen: a non-negative amount in fen, below 10^18
 *
 * The amount in Chinese capital numerals for documents (大写金额), e.g.
 * 1234567 → "人民币壹万贰仟叁佰肆拾伍元陆角柒分".
 *
 * Convention (正确填写票据和结算凭证的基本规定, the banks' rules):
 * - "整" after 元 when there are no jiao and no fen; nothing after 角
 *   (the rules allow omitting it and most bank forms do) or after 分;
 * - one "零" for any run of zeros between two non-zero digits of the yuan
 *   part, across 万/亿 boundaries (10005 → 壹万零伍元, 1001000 → 壹佰万零壹仟元);
 * - "零" between 元 and 分 when jiao is zero and fen is not (325.04 →
 *   叁佰贰拾伍元零肆分); no "零" between 元 and 角 when only the units of
 *   yuan are zero (the rules allow both; 100000.50 → 壹拾万元伍角);
 * - a leading ten is written 壹拾 (10 → 壹拾元整), as banks require;
 * - zero is 人民币零元整; amounts under one yuan have no 元 (0.52 → 人民币伍角贰分).
 *
 * Returns: (transfer full): the text, or %NULL for a negative amount.
 */
char     *tj_money_to_capital     (gint64       fen);

/**
 * tj_money_parse:
 * @text: what a user typed: "12000", "12,000.50", "1.2万", "¥3000",
 *   "￥3,000元", "人民币3000元"
 * @out_fen: (out): the amount in fen
 * @error: TJ_ERROR_INVALID, quoting the text and saying why
 *
 * Accepts an optional ¥/￥/人民币 prefix, 元 suffix, thousands separators
 * (ASCII or full-width commas, in the right places), at most two decimals
 * (six with 万, which is exact to the fen), and a 万 multiplier. Negative
 * amounts and amounts too large to be real are refused.
 */
gboolean  tj_money_parse          (const char  *text,
                                   gint64      *out_fen,
                                   GError     **error);

/**
 * tj_money_mul_div:
 * @a: a non-negative factor
 * @b: a non-negative factor
 * @c: a positive divisor
 * @out: (out): a × b / c rounded half up
 *
 * The one rounding of a calculation, exact for products up to 2^127.
 * Returns: %FALSE if the result does not fit in a gint64.
 */
gboolean  tj_money_mul_div        (gint64       a,
                                   gint64       b,
                                   gint64       c,
                                   gint64      *out);

/**
 * tj_money_split:
 * @total: a non-negative amount in fen
 * @weights: (array length=n): non-negative shares (what each is owed)
 * @n: the number of shares
 * @out: (out caller-allocates) (array length=n): the parts
 *
 * Splits @total in proportion to @weights, exactly to the fen: each part
 * is rounded down and the fen left over go one each to the largest
 * remainders, ties to the earlier index, so the parts add up to @total and
 * the same input always gives the same split. All-zero weights split
 * evenly. When @total is at most the sum of @weights no part exceeds its
 * weight, and a @total equal to that sum gives each exactly its weight.
 *
 * Returns: %FALSE (and @out untouched) when @n is 0, @total is negative or
 *   a weight is negative
 */
gboolean  tj_money_split          (gint64        total,
                                   const gint64 *weights,
                                   guint         n,
                                   gint64       *out);

/**
 * tj_money_split_installments:
 * @shares: (array length=n_shares): what each worker is to receive in all
 * @n_shares: the number of workers
 * @amounts: (array length=n_amounts): the installments, in order
 * @n_amounts: the number of installments
 * @out: (out caller-allocates): @n_amounts × @n_shares allocations,
 *   installment by installment: out[k * n_shares + i] is what worker i
 *   gets in installment k
 *
 * The allocation of a settlement's installments to its workers, used by
 * the settlement draft and the settlement editor alike: each installment
 * is split (tj_money_split()) over what each worker still has to receive
 * after the installments before it. No allocation exceeds what is left,
 * and when the installments add up to the shares the last one brings
 * every worker exactly to their share. An installment larger than what is
 * left gets only what is left.
 *
 * Returns: %FALSE when @n_shares is 0 or an amount or share is negative
 */
gboolean  tj_money_split_installments (const gint64 *shares,
                                       guint         n_shares,
                                       const gint64 *amounts,
                                       guint         n_amounts,
                                       gint64       *out);

G_END_DECLS
