/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Bank"

#include "tj-bank-import.h"
#include "tj-audit.h"
#include "tj-arrears.h"
#include "tj-calendar.h"
#include "tj-csv.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-settlement-private.h"
#include "tj-validate.h"
#include "tj-xlsx.h"

#include <stdio.h>
#include <string.h>

/* How far down the header row may be: banks put the account, the batch
 * number and the date of the batch above it. */
#define HEADER_SEARCH_ROWS 20

typedef enum {
  B_NAME,
  B_AMOUNT,
  B_ACCOUNT,
  B_ID,
  B_DATE,
  B_REFERENCE,
  B_MEMO,
  B_STATUS,
  N_FIELDS
} Field;

static const char * const field_names[N_FIELDS] = {
  "name", "amount", "account", "id_number", "date", "reference", "memo", "status"
};

/* Folded header names (see fold()) as the big banks' exports call them.
 * The payer's own columns (付款账号, 付款户名) are not the worker's and are
 * left out on purpose. */
static const char * const header_names[N_FIELDS][20] = {
  [B_NAME] = { "户名", "收款人姓名", "收款人名称", "收款户名", "收款人户名", "收款人", "收款方户名",
               "账户名称", "账户名", "对方户名", "姓名", "职工姓名", "员工姓名", "name", "payee",
               "accountname", NULL },
  [B_AMOUNT] = { "金额", "交易金额", "付款金额", "转账金额", "代发金额", "实发金额", "发放金额",
                 "实发工资", "收款金额", "amount", NULL },
  [B_ACCOUNT] = { "账号", "收款账号", "收款人账号", "收款账户", "收款人账户", "收款卡号", "卡号",
                  "银行卡号", "银行账号", "对方账号", "收款方账号", "账户", "account", "accountno",
                  "cardno", NULL },
  [B_ID] = { "证件号码", "证件号", "身份证号", "身份证号码", "身份证", "idnumber", NULL },
  [B_DATE] = { "日期", "交易日期", "转账日期", "付款日期", "入账日期", "记账日期", "交易时间",
               "处理时间", "date", NULL },
  [B_REFERENCE] = { "流水号", "交易流水号", "银行流水号", "凭证号", "交易参考号", "业务编号",
                    "交易序号", "reference", NULL },
  [B_MEMO] = { "摘要", "附言", "用途", "备注", "交易附言", "memo", NULL },
  [B_STATUS] = { "交易状态", "状态", "处理状态", "处理结果", "交易结果", "结果", "status", NULL },
};

/* The first of the top rows naming a name and an amount column. */
static gboolean
accept_header (const int *cols,
               int        matched)
{
  return cols[B_NAME] >= 0 && cols[B_AMOUNT] >= 0;
}

static gboolean
is_total_cell (const char *text)
{
  static const char * const labels[] = { "合计", "总计", "小计", "共计", "总金额", "总笔数", "total", NULL };
  g_autofree char *folded = tj_csv_fold_header (text);

  for (guint i = 0; labels[i]; i++)
    if (g_str_has_prefix (folded, labels[i]))
      return TRUE;
  return FALSE;
}

/* Whether a bank's status cell, folded as headers are, says one of
 * @words anywhere ("交易失败", "Rejected by bank"). */
static gboolean
status_says (const char         *status,
             const char * const *words)
{
  g_autofree char *folded = tj_csv_fold_header (status);

  for (guint i = 0; words[i]; i++)
    if (strstr (folded, words[i]))
      return TRUE;
  return FALSE;
}

/* What banks write for a transfer that did not go through. */
static gboolean
is_failed_status (const char *status)
{
  static const char * const failed[] = { "失败", "退回", "退票", "退汇", "拒绝", "撤销", "fail", "reject", NULL };

  return status_says (status, failed);
}

static gboolean
is_pending_status (const char *status)
{
  static const char * const pending[] = { "处理中", "待处理", "待复核", "待审核", "pending", NULL };

  return status_says (status, pending);
}

/* Dates as banks print them: 2026-11-28, 2026/11/28, 20261128, 2026年11月28日,
 * each possibly followed by a time, or an Excel serial number. */
static char *
normalize_date (const char *text)
{
  g_autofree char *t = g_strstrip (g_strdup (text));
  GString *norm;
  char *space;
  int y = 0, m = 0, d = 0;
  char tail[2] = "";

  if (strlen (t) >= 8 && strspn (t, "0123456789") == 8 && (t[8] == '\0' || t[8] == ' '))
    {
      g_autofree char *iso = g_strdup_printf ("%.4s-%.2s-%.2s", t, t + 4, t + 6);
      return tj_validate_date (iso, NULL, NULL) ? g_steal_pointer (&iso) : NULL;
    }
  if (strspn (t, "0123456789.") == strlen (t) && strlen (t) >= 5 && strlen (t) <= 12 && t[0] != '.')
    {
      double serial = g_ascii_strtod (t, NULL);
      if (serial >= 10000 && serial <= 99999)
        return tj_xlsx_serial_to_iso (serial, FALSE);
    }
  norm = g_string_new (NULL);
  for (const char *p = t; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c == '/' || c == '.' || c == 0x5E74 /* 年 */ || c == 0x6708 /* 月 */)
        g_string_append_c (norm, '-');
      else if (c == 0x65E5 /* 日 */)
        continue;
      else if (c == 'T')
        g_string_append_c (norm, ' ');
      else
        g_string_append_unichar (norm, c);
    }
  space = strchr (norm->str, ' ');
  if (space)
    *space = '\0';
  if (sscanf (norm->str, "%d-%d-%d%1s", &y, &m, &d, tail) == 3 && y >= 1900 && y <= 9999 &&
      g_date_valid_dmy (d, m, y))
    {
      g_string_free (norm, TRUE);
      return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
    }
  g_string_free (norm, TRUE);
  return NULL;
}

/* ------------------------------------------------------------------ */
/* The case's workers and payments                                      */

typedef struct {
  char *id;
  char *name;
  char *id_number;
  char *account;
} Worker;

static void
worker_free (gpointer data)
{
  Worker *w = data;
  g_free (w->id);
  g_free (w->name);
  g_free (w->id_number);
  g_free (w->account);
  g_free (w);
}

typedef struct {
  GPtrArray  *workers;      /* Worker* */
  GHashTable *by_id_number; /* -> Worker* */
  GHashTable *by_account;   /* -> Worker* */
  GHashTable *references;   /* reference -> "worker_id\npaid_on" of a recorded payment */
  GHashTable *recorded;     /* "worker_id/amount/paid_on" of recorded payments */
} Known;

static void
known_clear (Known *k)
{
  g_clear_pointer (&k->by_id_number, g_hash_table_unref);
  g_clear_pointer (&k->by_account, g_hash_table_unref);
  g_clear_pointer (&k->references, g_hash_table_unref);
  g_clear_pointer (&k->recorded, g_hash_table_unref);
  g_clear_pointer (&k->workers, g_ptr_array_unref);
}

static char *
squeeze (const char *name)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name ? name : ""; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (!g_unichar_isspace (c) && c != 0x3000)
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
load_known (TjStore        *store,
            TjPaymentBatch *batch,
            Known          *k,
            GError        **error)
{
  GHashTableIter iter;
  gpointer key;
  sqlite3_stmt *st;

  k->workers = g_ptr_array_new_with_free_func (worker_free);
  k->by_id_number = g_hash_table_new (g_str_hash, g_str_equal);
  k->by_account = g_hash_table_new (g_str_hash, g_str_equal);
  k->references = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  k->recorded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_hash_table_iter_init (&iter, batch->workers);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autoptr(JsonObject) doc = tj_store_get (store, key, NULL, TJ_GET_NONE, NULL);
      Worker *w;

      if (doc == NULL)
        continue;
      w = g_new0 (Worker, 1);
      w->id = g_strdup (key);
      w->name = squeeze (tj_json_get_string (doc, "name", ""));
      if (tj_json_get_string (doc, "id_number", NULL) && *tj_json_get_string (doc, "id_number", ""))
        w->id_number = tj_normalize_id_number (tj_json_get_string (doc, "id_number", NULL));
      if (tj_json_get_string (doc, "bank_account", NULL) && *tj_json_get_string (doc, "bank_account", ""))
        w->account = tj_normalize_bank_account (tj_json_get_string (doc, "bank_account", NULL));
      g_ptr_array_add (k->workers, w);
      if (w->id_number)
        g_hash_table_insert (k->by_id_number, w->id_number, w);
      if (w->account && *w->account)
        g_hash_table_insert (k->by_account, w->account, w);
    }

  /* Payments recorded already: a bank file imported twice must not pay
   * twice. */
  st = tj_store_prepare (store, "SELECT id FROM payment_index WHERE settlement_id = ?", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, tj_json_get_string (batch->settlement, "_id", ""), -1, SQLITE_STATIC);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) p = tj_store_get (store, (const char *) sqlite3_column_text (st, 0), NULL,
                                              TJ_GET_NONE, NULL);
      const char *reference = p ? tj_json_get_string (p, "reference", NULL) : NULL;

      if (p == NULL)
        continue;
      if (reference && *reference)
        g_hash_table_insert (k->references, g_strdup (reference),
                             g_strdup (tj_json_get_string (p, "paid_on", "")));
      g_hash_table_insert (k->recorded,
                           g_strdup_printf ("%s/%" G_GINT64_FORMAT "/%s", tj_json_get_string (p, "worker_id", ""),
                                            tj_json_get_int (p, "amount_fen", 0),
                                            tj_json_get_string (p, "paid_on", "")),
                           g_strdup (tj_json_get_string (p, "reference", "")));
    }
  sqlite3_finalize (st);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Analysis                                                             */

typedef struct {
  guint   row;
  char   *worker_id;
  guint   installment;
  gint64  amount;
  char   *paid_on;
  char   *reference;
} Planned;

static void
planned_free (gpointer data)
{
  Planned *p = data;
  g_free (p->worker_id);
  g_free (p->paid_on);
  g_free (p->reference);
  g_free (p);
}



static void
add_note (JsonArray  *notes,
          guint       row,
          const char *message)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "row", row);
  json_object_set_string_member (o, "message", message);
  json_array_add_object_element (notes, o);
}

/* Which worker a row is: the name and at least one of the ID number and
 * the account must agree with the same worker. Adds the error and returns
 * NULL otherwise. */
static Worker *
match_worker (TjCsvErrors *e,
              Known      *k,
              guint       line,
              const char *name,
              const char *id_number,
              const char *account)
{
  g_autofree char *who = squeeze (name);
  Worker *by_id = id_number ? g_hash_table_lookup (k->by_id_number, id_number) : NULL;
  Worker *by_account = account ? g_hash_table_lookup (k->by_account, account) : NULL;
  g_autofree char *masked_id = id_number ? tj_mask_id_number (id_number) : NULL;
  g_autofree char *masked_account = account ? tj_mask_bank_account (account) : NULL;
  g_autofree char *msg = NULL;

  if (by_id && g_str_equal (by_id->name, who))
    return by_id;
  if (by_account && g_str_equal (by_account->name, who))
    return by_account;
  if (by_id)
    {
      msg = g_strdup_printf (_("ID number %s belongs to %s on this case, not to %s"), masked_id, by_id->name, who);
      tj_csv_errors_add (e, line, B_ID, msg);
      return NULL;
    }
  if (by_account)
    {
      msg = g_strdup_printf (_("account %s belongs to %s on this case, not to %s"), masked_account,
                             by_account->name, who);
      tj_csv_errors_add (e, line, B_ACCOUNT, msg);
      return NULL;
    }
  if (id_number == NULL && account == NULL)
    {
      msg = g_strdup_printf (_("nothing confirms who %s is: the row has neither an account number nor an ID "
                               "number"), who);
      tj_csv_errors_add (e, line, B_NAME, msg);
      return NULL;
    }
  {
    gboolean named = FALSE;
    for (guint i = 0; i < k->workers->len; i++)
      named = named || g_str_equal (((Worker *) k->workers->pdata[i])->name, who);
    if (!named)
      msg = g_strdup_printf (_("%s is not a worker of this case"), who);
    else if (account)
      msg = g_strdup_printf (_("no worker named %s has account %s; record the worker’s bank account on the "
                               "case first"), who, masked_account);
    else
      msg = g_strdup_printf (_("no worker named %s has ID number %s"), who, masked_id);
    tj_csv_errors_add (e, line, !named ? B_NAME : account ? B_ACCOUNT : B_ID, msg);
  }
  return NULL;
}

static JsonObject *
analyse (TjStore             *store,
         const TjCaseContext *ctx,
         TjPaymentBatch      *batch,
         const char          *data,
         gsize                length,
         const char          *filename,
         const char          *default_paid_on,
         gboolean             keep_rows,
         GPtrArray          **out_plan,
         GError             **error)
{
  g_autoptr(TjCsv) table = NULL;
  g_autoptr(GPtrArray) plan = g_ptr_array_new_with_free_func (planned_free);
  g_autoptr(GHashTable) planned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) file_refs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) paid_workers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *today = tj_date_today_iso (ctx ? ctx->today : NULL);
  Known k = { 0 };
  TjCsvErrors e = { .field_names = field_names };
  JsonObject *out, *totals;
  JsonArray *rows, *notes;
  JsonArray *installments = _tj_payment_batch_installments (batch);
  guint n_installments = installments ? json_array_get_length (installments) : 0;
  GStrv header;
  int cols[N_FIELDS];
  int header_index;
  guint n_rows = 0, valid = 0, skipped = 0, total_row = 0;
  gint64 amount_total = 0, listed_total = 0, sheet_total = 0;
  gboolean has_sheet_total = FALSE;

  if (default_paid_on && !tj_validate_date (default_paid_on, "paid_on", error))
    return NULL;
  table = tj_csv_read_sheet (data, length, filename, error);
  if (table == NULL)
    return NULL;
  header_index = tj_csv_find_header (table, HEADER_SEARCH_ROWS, &header_names[0][0], G_N_ELEMENTS (header_names[0]),
                                     N_FIELDS, accept_header, cols);
  if (header_index < 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("No header row was found in the first %d rows: a bank’s payment file needs a 户名 "
                     "(name) column and a 金额 (amount) column"), HEADER_SEARCH_ROWS);
      return NULL;
    }
  if (!load_known (store, batch, &k, error))
    {
      known_clear (&k);
      return NULL;
    }

  header = g_ptr_array_index (table->rows, header_index);
  out = tj_csv_preview_new (table, header_index, cols, field_names, N_FIELDS);

  rows = json_array_new ();
  notes = json_array_new ();
  e.errors = json_array_new ();
  e.header = header;
  e.cols = cols;

  for (guint r = header_index + 1; r < table->rows->len; r++)
    {
      GStrv row = g_ptr_array_index (table->rows, r);
      guint line = g_array_index (table->lines, guint, r);
      const char *name = tj_csv_cell (row, cols[B_NAME]);
      const char *amount_text = tj_csv_cell (row, cols[B_AMOUNT]);
      const char *status = tj_csv_cell (row, cols[B_STATUS]);
      const char *v;
      g_autofree char *id_number = NULL;
      g_autofree char *account = NULL;
      g_autofree char *paid_on = NULL;
      g_autofree char *reference = NULL;
      g_autofree char *memo = NULL;
      guint errors_before = e.n;
      gboolean is_total = FALSE, skip = FALSE;
      gint64 amount = 0;
      Worker *w = NULL;
      JsonArray *payments = json_array_new ();
      JsonObject *o;

      if (name == NULL && amount_text == NULL && tj_csv_cell (row, cols[B_ACCOUNT]) == NULL &&
          tj_csv_cell (row, cols[B_ID]) == NULL)
        {
          json_array_unref (payments);
          continue;
        }
      for (int c = 0; row[c] && !is_total; c++)
        is_total = *row[c] && is_total_cell (row[c]);
      if (is_total)
        {
          total_row = line;
          if (amount_text && tj_money_parse (amount_text, &sheet_total, NULL))
            has_sheet_total = TRUE;
          json_array_unref (payments);
          continue;
        }
      /* "经办人：李明", "打印时间：…" under the table. */
      if (amount_text == NULL && name && (strstr (name, "：") || strchr (name, ':')))
        {
          json_array_unref (payments);
          continue;
        }

      n_rows++;
      /* A transfer that did not go through is not a payment, whatever
       * else is wrong with its row (often the reason it failed). */
      if (status && is_failed_status (status))
        {
          g_autofree char *msg = g_strdup_printf (_("the bank reports this transfer as “%s”: it was not paid and "
                                                    "is left out"), status);
          add_note (notes, line, msg);
          skip = TRUE;
        }
      else if (status && is_pending_status (status))
        {
          g_autofree char *msg = g_strdup_printf (_("the bank reports this transfer as “%s”: it is left out until "
                                                    "the bank confirms it"), status);
          add_note (notes, line, msg);
          skip = TRUE;
        }
      if (amount_text && tj_money_parse (amount_text, &amount, NULL))
        listed_total += amount;
      if (skip)
        goto row_done;

      if (amount_text)
        {
          g_autoptr(GError) local = NULL;
          if (!tj_money_parse (amount_text, &amount, &local))
            tj_csv_errors_add (&e, line, B_AMOUNT, local->message);
          else if (amount == 0)
            tj_csv_errors_add (&e, line, B_AMOUNT, _("the amount is zero"));
        }
      else
        tj_csv_errors_add (&e, line, B_AMOUNT, _("the amount is missing"));

      if (name == NULL)
        tj_csv_errors_add (&e, line, B_NAME, _("the name is missing"));
      if ((v = tj_csv_cell (row, cols[B_ID])))
        {
          g_autoptr(GError) local = NULL;
          if (!tj_validate_id_number (v, NULL, &local))
            tj_csv_errors_add (&e, line, B_ID, local->message);
          else
            id_number = tj_normalize_id_number (v);
        }
      if ((v = tj_csv_cell (row, cols[B_ACCOUNT])))
        {
          g_autoptr(GError) local = NULL;
          if (!tj_validate_bank_account (v, NULL, &local))
            tj_csv_errors_add (&e, line, B_ACCOUNT, local->message);
          else
            account = tj_normalize_bank_account (v);
        }
      if ((v = tj_csv_cell (row, cols[B_DATE])))
        {
          paid_on = normalize_date (v);
          if (paid_on == NULL)
            {
              g_autofree char *msg = g_strdup_printf (_("“%s” is not a date; write it as 2026-11-28"), v);
              tj_csv_errors_add (&e, line, B_DATE, msg);
            }
          else if (strcmp (paid_on, today) > 0)
            {
              g_autofree char *msg = g_strdup_printf (_("%s is in the future; record a payment once it is made"),
                                                      paid_on);
              tj_csv_errors_add (&e, line, B_DATE, msg);
            }
        }
      else
        paid_on = g_strdup (default_paid_on ? default_paid_on : today);
      if ((v = tj_csv_cell (row, cols[B_REFERENCE])))
        reference = g_strstrip (g_strdup (v));
      if ((v = tj_csv_cell (row, cols[B_MEMO])))
        memo = g_strstrip (g_strdup (v));

      if (name && e.n == errors_before)
        w = match_worker (&e, &k, line, name, id_number, account);

      /* The same 流水号 twice, or recorded already. */
      if (w && reference && *reference)
        {
          const char *seen = g_hash_table_lookup (k.references, reference);
          if (g_hash_table_contains (file_refs, reference))
            {
              g_autofree char *msg = g_strdup_printf (_("%s is in the file twice (row %u)"), reference,
                                                      GPOINTER_TO_UINT (g_hash_table_lookup (file_refs, reference)));
              tj_csv_errors_add (&e, line, B_REFERENCE, msg);
            }
          else if (seen)
            {
              g_autofree char *msg = g_strdup_printf (_("%s is recorded already (paid on %s): was this file "
                                                        "imported before?"), reference, seen);
              tj_csv_errors_add (&e, line, B_REFERENCE, msg);
            }
          else
            g_hash_table_insert (file_refs, g_strdup (reference), GUINT_TO_POINTER (line));
        }
      else if (w && paid_on && amount > 0)
        {
          g_autofree char *key = g_strdup_printf ("%s/%" G_GINT64_FORMAT "/%s", w->id, amount, paid_on);
          if (g_hash_table_contains (k.recorded, key))
            {
              g_autofree char *a = tj_money_format (amount);
              g_autofree char *msg = g_strdup_printf (_("a payment of %s to %s on %s is recorded already: was this "
                                                        "file imported before?"), a, w->name, paid_on);
              tj_csv_errors_add (&e, line, B_NAME, msg);
            }
        }

      /* Booked against the earliest installments still owed. */
      if (w && e.n == errors_before && amount > 0)
        {
          gint64 left = amount, owed_total = 0;
          g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (planned_free);

          for (guint i = 0; i < n_installments && left > 0; i++)
            {
              g_autofree char *key = g_strdup_printf ("%u/%s", i, w->id);
              gint64 *already = g_hash_table_lookup (planned, key);
              gint64 owed = _tj_payment_batch_owed (batch, i, w->id, NULL, NULL) - (already ? *already : 0);
              gint64 part;
              Planned *p;

              if (owed <= 0)
                continue;
              owed_total += owed;
              part = MIN (owed, left);
              p = g_new0 (Planned, 1);
              p->row = line;
              p->worker_id = g_strdup (w->id);
              p->installment = i;
              p->amount = part;
              p->paid_on = g_strdup (paid_on);
              p->reference = g_strdup (reference && *reference ? reference : memo);
              g_ptr_array_add (parts, p);
              left -= part;
            }
          if (left > 0)
            {
              g_autofree char *a = tj_money_format (amount);
              g_autofree char *b = tj_money_format (owed_total);
              g_autofree char *msg = g_strdup_printf (_("%s is more than %s is still owed under the settlement (%s)"),
                                                      a, w->name, b);
              tj_csv_errors_add (&e, line, B_AMOUNT, msg);
            }
          else
            while (parts->len > 0)
              {
                Planned *p = g_ptr_array_steal_index (parts, 0);
                g_autofree char *key = g_strdup_printf ("%u/%s", p->installment, w->id);
                gint64 *already = g_hash_table_lookup (planned, key);
                JsonObject *po = json_object_new ();

                if (already == NULL)
                  {
                    already = g_new0 (gint64, 1);
                    g_hash_table_insert (planned, g_strdup (key), already);
                  }
                *already += p->amount;
                json_object_set_int_member (po, "installment", p->installment);
                json_object_set_int_member (po, "amount_fen", p->amount);
                json_array_add_object_element (payments, po);
                g_ptr_array_add (plan, p);
              }
        }

    row_done:
      if (skip)
        skipped++;
      else if (e.n == errors_before)
        {
          valid++;
          amount_total += amount;
          if (w)
            g_hash_table_add (paid_workers, w->id);
        }

      if (!keep_rows)
        {
          json_array_unref (payments);
          continue;
        }
      o = json_object_new ();
      json_object_set_int_member (o, "row", line);
      if (name)
        json_object_set_string_member (o, "name", name);
      if (account)
        {
          g_autofree char *m = tj_mask_bank_account (account);
          json_object_set_string_member (o, "account", m);
        }
      if (id_number)
        {
          g_autofree char *m = tj_mask_id_number (id_number);
          json_object_set_string_member (o, "id_number", m);
        }
      json_object_set_int_member (o, "amount_fen", amount);
      if (paid_on)
        json_object_set_string_member (o, "paid_on", paid_on);
      if (reference || memo)
        json_object_set_string_member (o, "reference", reference ? reference : memo);
      if (w)
        json_object_set_string_member (o, "worker_id", w->id);
      json_object_set_array_member (o, "payments", payments);
      json_object_set_boolean_member (o, "ok", !skip && e.n == errors_before);
      json_object_set_boolean_member (o, "skipped", skip);
      json_array_add_object_element (rows, o);
    }

  if (total_row)
    {
      g_autofree char *msg = NULL;
      if (has_sheet_total && sheet_total != listed_total && sheet_total != amount_total && e.n == 0)
        {
          g_autofree char *a = tj_money_format (sheet_total);
          g_autofree char *b = tj_money_format (listed_total);
          msg = g_strdup_printf (_("the totals row says %s but the rows add up to %s; check the file"), a, b);
        }
      else
        msg = g_strdup (_("the totals row was left out: it is not a payment"));
      add_note (notes, total_row, msg);
    }

  json_object_set_array_member (out, "rows", rows);
  json_object_set_array_member (out, "errors", e.errors);
  json_object_set_array_member (out, "notes", notes);
  totals = json_object_new ();
  json_object_set_int_member (totals, "rows", n_rows);
  json_object_set_int_member (totals, "valid", valid);
  json_object_set_int_member (totals, "invalid", n_rows - valid - skipped);
  json_object_set_int_member (totals, "skipped", skipped);
  json_object_set_int_member (totals, "amount_fen", amount_total);
  json_object_set_int_member (totals, "workers", g_hash_table_size (paid_workers));
  json_object_set_object_member (out, "totals", totals);
  known_clear (&k);

  if (out_plan)
    *out_plan = g_steal_pointer (&plan);
  return out;
}

JsonObject *
tj_bank_import_preview (TjStore             *store,
                        const TjCaseContext *ctx,
                        const char          *case_id,
                        const char          *data,
                        gsize                length,
                        const char          *filename,
                        const char          *paid_on,
                        GError             **error)
{
  TjPaymentBatch batch;
  JsonObject *out = NULL;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (!tj_arrears_attach (store, error))
    return NULL;
  if (_tj_payment_batch_init (&batch, store, case_id, error))
    out = analyse (store, ctx, &batch, data, length, filename, paid_on, TRUE, NULL, error);
  _tj_payment_batch_clear (&batch);
  return out;
}

JsonObject *
tj_bank_import (TjStore             *store,
                const TjCaseContext *ctx,
                const char          *case_id,
                const char          *data,
                gsize                length,
                const char          *filename,
                const char          *paid_on,
                GError             **error)
{
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(JsonObject) preview = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autofree char *text = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *base = filename ? g_path_get_basename (filename) : NULL;
  TjPaymentBatch batch;
  JsonObject *totals, *out = NULL;
  guint rows, workers;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  /* Checked and written under one write lock, so that a payment recorded
   * in between by another window cannot be paid twice. */
  memset (&batch, 0, sizeof batch);
  if (!tj_arrears_attach (store, error) || !tj_store_begin_whole (store, error))
    return NULL;
  if (!_tj_payment_batch_init (&batch, store, case_id, error))
    goto fail;
  preview = analyse (store, ctx, &batch, data, length, filename, paid_on, FALSE, &plan, error);
  if (preview == NULL)
    goto fail;
  if (!tj_csv_preview_check (preview, error))
    goto fail;
  if (plan->len == 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("The file has a header row (row %u) but no payments below it"),
                   (guint) tj_json_get_int (preview, "header_row", 0));
      goto fail;
    }
  for (guint i = 0; i < plan->len; i++)
    {
      Planned *p = plan->pdata[i];
      if (!_tj_payment_batch_put (&batch, store, ctx, p->installment, p->worker_id, p->amount, p->paid_on,
                                  "bank_transfer", p->reference, error))
        goto fail;
    }

  totals = tj_json_get_object (preview, "totals");
  rows = (guint) tj_json_get_int (totals, "valid", 0);
  workers = (guint) tj_json_get_int (totals, "workers", 0);
  amount = tj_money_format (batch.batch_fen);
  text = base
    ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Bank payment file %s imported: %s to %u worker",
                                    "Bank payment file %s imported: %s to %u workers", workers),
                       base, amount, workers)
    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Bank payment file imported: %s to %u worker",
                                    "Bank payment file imported: %s to %u workers", workers),
                       amount, workers);
  extra = json_object_new ();
  json_object_set_int_member (extra, "amount_fen", batch.batch_fen);
  json_object_set_int_member (extra, "payments", plan->len);
  json_object_set_int_member (extra, "rows", rows);
  if (base)
    json_object_set_string_member (extra, "file", base);
  if (!_tj_payment_batch_finish (&batch, store, ctx, text, extra, error))
    goto fail;
  {
    /* Bank files name workers and their accounts: the access log says so. */
    g_autofree char *audit_id = NULL;
    TjAuditEntry entry = { TJ_AUDIT_IMPORT, case_id, NULL, "bank_file", NULL, base, FALSE };

    audit_id = tj_audit_record (store, ctx, &entry, error);
    if (audit_id == NULL)
      goto fail;
  }
  out = _tj_payment_batch_result (&batch, store);
  if (!tj_store_commit (store, error))
    {
      g_clear_pointer (&out, json_object_unref);
      _tj_payment_batch_clear (&batch);
      return NULL;
    }
  json_object_set_int_member (out, "imported", rows);
  _tj_payment_batch_clear (&batch);
  return out;

fail:
  tj_store_rollback (store);
  _tj_payment_batch_clear (&batch);
  return NULL;
}
