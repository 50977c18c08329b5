/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Roster"

#include "tj-repository.h"
#include "tj-roster.h"
#include "tj-audit.h"
#include "tj-arrears.h"
#include "tj-csv.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-validate.h"
#include "tj-xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How far down the header row may be (title rows, a date line, a note). */
#define HEADER_SEARCH_ROWS 20

typedef enum {
  F_NAME,
  F_ID,
  F_PHONE,
  F_JOB,
  F_START,
  F_WAGE,
  F_OWED,
  F_ACCOUNT,
  N_FIELDS
} Field;

static const char * const field_names[N_FIELDS] = {
  "name", "id_number", "phone", "job", "start_date", "monthly_wage", "owed", "bank_account"
};

/* Folded header names (see fold_header()): what contractors' sheets call
 * each column. A bare "ID" is left out on purpose: in English sheets it
 * is as often a row number as an ID card number. */
static const char * const header_names[N_FIELDS][16] = {
  [F_NAME] = { "姓名", "职工姓名", "工人姓名", "员工姓名", "劳动者姓名", "农民工姓名", "name",
               "workername", "worker", NULL },
  [F_ID] = { "身份证号", "身份证号码", "身份证", "公民身份号码", "身份证件号码", "证件号码",
             "idnumber", "idno", "idcard", NULL },
  [F_PHONE] = { "电话", "手机", "手机号", "手机号码", "联系电话", "联系方式", "电话号码",
                "phone", "mobile", "tel", "telephone", NULL },
  [F_JOB] = { "工种", "岗位", "职务", "工作岗位", "job", "position", NULL },
  [F_START] = { "入职日期", "入职时间", "进场日期", "进场时间", "用工日期", "开始工作日期",
                "startdate", "start", NULL },
  [F_WAGE] = { "月工资", "月薪", "月工资标准", "工资标准", "monthlywage", "wage", NULL },
  [F_OWED] = { "欠薪金额", "拖欠工资", "拖欠金额", "欠薪", "欠款金额", "拖欠工资金额", "未付工资",
               "应付未付工资", "owed", "amountowed", "owedamount", "arrears", NULL },
  /* Wage sheets carry the card the wages are paid to: what a bank's
   * payment file is matched by later. */
  [F_ACCOUNT] = { "银行卡号", "银行账号", "工资卡号", "收款账号", "卡号", "账号", "bankaccount", "account", NULL },
};

typedef struct {
  guint  row;
  char  *name;
  char  *id_number;
  char  *phone;
  char  *job;
  char  *start_date;
  char  *account;
  gint64 wage;
  gint64 owed;
  guint  has_wage : 1;
  guint  has_owed : 1;
  guint  ok : 1;
} Worker;

static void
worker_free (gpointer data)
{
  Worker *w = data;
  g_free (w->name);
  g_free (w->id_number);
  g_free (w->phone);
  g_free (w->job);
  g_free (w->start_date);
  g_free (w->account);
  g_free (w);
}

/* The first of the top rows naming a name column and at least one other
 * roster column. */
static gboolean
accept_header (const int *cols,
               int        matched)
{
  return cols[F_NAME] >= 0 && matched >= 2;
}

static gboolean
is_total_label (const char *name)
{
  static const char * const labels[] = { "合计", "总计", "小计", "共计", "total", "sum", NULL };
  g_autofree char *folded = tj_csv_fold_header (name);
  return g_strv_contains (labels, folded);
}

/* Dates as people type them in spreadsheets, or an Excel serial number
 * that lost its date format on the way to CSV. */
static char *
normalize_date (const char *text)
{
  int y = 0, m = 0, d = 0;
  g_autofree char *t = g_strstrip (g_strdup (text));
  char *end = NULL;
  guint64 serial;

  if (strlen (t) == 8 && strspn (t, "0123456789") == 8)
    {
      /* 20240301, as some sheets type dates; 20260230 and 00000000 are
       * no dates and must not be stored as if they were. */
      y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
      m = (t[4] - '0') * 10 + (t[5] - '0');
      d = (t[6] - '0') * 10 + (t[7] - '0');
      if (y < 1900 || !g_date_valid_dmy (d, m, y))
        return NULL;
      return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
    }
  serial = g_ascii_strtoull (t, &end, 10);
  if (end && (*end == '\0' || (*end == '.' && strspn (end + 1, "0123456789") == strlen (end + 1))) &&
      end != t && serial >= 10000 && serial <= 99999)
    return tj_xlsx_serial_to_iso ((double) serial, FALSE);
  {
    /* 2024/3/1, 2024.3.1, 2024年3月1日, optionally followed by a time. */
    GString *norm = g_string_new (NULL);
    char tail[2] = "";
    for (const char *p = t; *p; p = g_utf8_next_char (p))
      {
        gunichar c = g_utf8_get_char (p);
        if (c == '/' || c == '.' || c == 0x5E74 /* 年 */ || c == 0x6708 /* 月 */)
          g_string_append_c (norm, '-');
        else if (c == 0x65E5 /* 日 */)
          continue;
        else
          g_string_append_unichar (norm, c);
      }
    if (sscanf (norm->str, "%d-%d-%d%1s", &y, &m, &d, tail) >= 3 &&
        (tail[0] == '\0' || strchr (norm->str, ' ') != NULL) &&
        y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= 31 &&
        g_date_valid_dmy (d, m, y))
      {
        g_string_free (norm, TRUE);
        return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
      }
    g_string_free (norm, TRUE);
  }
  return NULL;
}

/* Excel keeps 15 significant digits: an 18-digit ID number typed into a
 * number cell comes out as "1.10105E+17" (CSV) or with its last digits
 * turned to zeros (.xlsx). The most common roster mistake; say so. */
static gboolean
mangled_by_excel (const char *value)
{
  gsize len = strlen (value);

  if (strchr (value, 'E') || strchr (value, 'e'))
    return strspn (value, "0123456789.Ee+") == len;
  return len == 18 && strspn (value, "0123456789") == 18 && g_str_has_suffix (value, "000");
}



static gboolean
parse_amount (TjCsvErrors *e,
              guint       row,
              Field       field,
              const char *text,
              gint64     *out)
{
  g_autoptr(GError) local = NULL;

  if (g_str_has_prefix (text, "-") || g_str_has_prefix (text, "－") || g_str_has_prefix (text, "−"))
    {
      g_autofree char *msg = g_strdup_printf (_("“%s” is negative; an amount owed cannot be below zero"), text);
      tj_csv_errors_add (e, row, field, msg);
      return FALSE;
    }
  if (!tj_money_parse (text, out, &local))
    {
      tj_csv_errors_add (e, row, field, local->message);
      return FALSE;
    }
  if (*out > TJ_MONEY_MAX_AMOUNT_FEN)
    {
      g_autofree char *max = tj_money_format (TJ_MONEY_MAX_AMOUNT_FEN);
      g_autofree char *msg = g_strdup_printf (_("“%s” is implausibly large (more than %s)"), text, max);
      tj_csv_errors_add (e, row, field, msg);
      return FALSE;
    }
  return TRUE;
}

static gboolean
exec_query (TjStore       *store,
            const char    *sql,
            sqlite3_stmt **out,
            GError       **error)
{
  if (sqlite3_prepare_v2 (tj_store_get_sqlite (store), sql, -1, out, NULL) != SQLITE_OK)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_FAILED, _("Database error while reading the roster’s case: %s"),
                   sqlite3_errmsg (tj_store_get_sqlite (store)));
      return FALSE;
    }
  return TRUE;
}

/* The case must exist and still be open. */
static gboolean
check_case (TjStore     *store,
            const char  *case_id,
            GError     **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GError) local = NULL;
  const char *status;

  if (case_id == NULL || *case_id == '\0')
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("Name the case the roster belongs to"));
      return FALSE;
    }
  doc = tj_store_get (store, case_id, NULL, TJ_GET_NONE, &local);
  if (doc == NULL || g_strcmp0 (tj_json_get_string (doc, "type", NULL), "case") != 0)
    {
      if (local && !g_error_matches (local, TJ_ERROR, TJ_ERROR_NOT_FOUND))
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _("There is no case %s"), case_id);
      return FALSE;
    }
  status = tj_json_get_string (doc, "status", "intake");
  if (g_str_equal (status, "closed") || g_str_equal (status, "withdrawn"))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT,
                   _("The case is “%s”; a roster can only be added to an open case"),
                   tj_case_status_label (status));
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  GHashTable *id_numbers; /* normalised ID number -> name (owned) */
  guint       workers;
  gint64      owed;
  gint64      next_position;
} Existing;

static gboolean
read_existing (TjStore     *store,
               const char  *case_id,
               Existing    *ex,
               GError     **error)
{
  sqlite3_stmt *st;

  ex->id_numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!exec_query (store, "SELECT id_number, name, owed_fen FROM case_people WHERE case_id = ? AND role = 'worker'",
                   &st, error))
    return FALSE;
  sqlite3_bind_text (st, 1, case_id, -1, SQLITE_STATIC);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      const char *idn = (const char *) sqlite3_column_text (st, 0);
      const char *name = (const char *) sqlite3_column_text (st, 1);
      ex->workers++;
      /* Saturates rather than wraps on amounts from elsewhere (sync). */
      tj_money_add (&ex->owed, sqlite3_column_int64 (st, 2));
      if (idn && *idn)
        g_hash_table_insert (ex->id_numbers, g_strdup (idn), g_strdup (name ? name : ""));
    }
  sqlite3_finalize (st);

  /* Parties and claims share one sequence of positions (tj-case.c). */
  if (!exec_query (store,
                   "SELECT COALESCE(MAX(CAST(sort_key AS INTEGER)), -1) + 1 FROM case_children "
                   "WHERE case_id = ? AND type IN ('party', 'claim')", &st, error))
    return FALSE;
  sqlite3_bind_text (st, 1, case_id, -1, SQLITE_STATIC);
  if (sqlite3_step (st) == SQLITE_ROW)
    ex->next_position = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);
  return TRUE;
}

/* Parses and checks the roster. Returns the preview; @out_workers gets
 * the parsed rows (file order) when not NULL, and then the preview's
 * "rows" are left empty: an import only needs the errors and totals,
 * and building 5,000 JSON rows it would throw away costs time. */
static JsonObject *
analyse (TjStore      *store,
         const char   *case_id,
         const char   *data,
         gsize         length,
         const char   *filename,
         GPtrArray   **out_workers,
         GError      **error)
{
  g_autoptr(TjCsv) table = NULL;
  g_autoptr(GPtrArray) workers = NULL;
  g_autoptr(GHashTable) seen = NULL; /* normalised ID -> row number */
  Existing ex = { 0 };
  TjCsvErrors e = { .field_names = field_names };
  JsonObject *out, *totals;
  JsonArray *rows;
  GStrv header;
  int cols[N_FIELDS];
  int header_index;
  guint valid = 0;
  gint64 owed_total = 0;
  guint total_row = 0;
  gint64 sheet_total = 0;
  gboolean has_sheet_total = FALSE;
  JsonArray *notes;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  if (!tj_case_attach (store, error) || !check_case (store, case_id, error))
    return NULL;
  table = tj_csv_read_sheet (data, length, filename, error);
  if (table == NULL)
    return NULL;
  header_index = tj_csv_find_header (table, HEADER_SEARCH_ROWS, &header_names[0][0], G_N_ELEMENTS (header_names[0]),
                                     N_FIELDS, accept_header, cols);
  if (header_index < 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("No header row was found in the first %d rows: the roster needs a 姓名 (name) column "
                     "and at least one of 身份证号, 电话, 工种, 入职日期, 月工资, 欠薪金额"),
                   HEADER_SEARCH_ROWS);
      return NULL;
    }
  if (!read_existing (store, case_id, &ex, error))
    {
      g_clear_pointer (&ex.id_numbers, g_hash_table_unref);
      return NULL;
    }

  header = g_ptr_array_index (table->rows, header_index);
  out = tj_csv_preview_new (table, header_index, cols, field_names, N_FIELDS);

  rows = json_array_new ();
  e.errors = json_array_new ();
  e.header = header;
  e.cols = cols;
  workers = g_ptr_array_new_with_free_func (worker_free);
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint r = header_index + 1; r < table->rows->len; r++)
    {
      GStrv row = g_ptr_array_index (table->rows, r);
      guint line = g_array_index (table->lines, guint, r);
      Worker *w;
      guint errors_before = e.n;
      const char *v;
      JsonObject *o;
      gboolean any = FALSE;

      /* Template rows with only a serial number filled in are not
       * workers; neither is the totals row most wage sheets end with. */
      for (int f = 0; f < N_FIELDS; f++)
        any = any || tj_csv_cell (row, cols[f]) != NULL;
      if (!any)
        continue;
      if (tj_csv_cell (row, cols[F_NAME]) && is_total_label (tj_csv_cell (row, cols[F_NAME])))
        {
          total_row = line;
          if ((v = tj_csv_cell (row, cols[F_OWED])) && tj_money_parse (v, &sheet_total, NULL))
            has_sheet_total = TRUE;
          continue;
        }

      w = g_new0 (Worker, 1);
      w->row = line;
      g_ptr_array_add (workers, w);

      if ((v = tj_csv_cell (row, cols[F_NAME])))
        w->name = g_strdup (v);
      else
        tj_csv_errors_add (&e, line, F_NAME, _("the name is missing"));

      if ((v = tj_csv_cell (row, cols[F_ID])))
        {
          g_autoptr(GError) local = NULL;
          g_autofree char *norm = tj_normalize_id_number (v);
          if (!tj_validate_id_number (v, NULL, &local))
            {
              if (mangled_by_excel (v))
                {
                  g_autofree char *msg =
                    g_strdup_printf (_("%s — Excel stored the ID numbers as numbers and lost their last digits; "
                                       "format the column as text and enter them again"), local->message);
                  tj_csv_errors_add (&e, line, F_ID, msg);
                }
              else
                tj_csv_errors_add (&e, line, F_ID, local->message);
            }
          else if (g_hash_table_contains (seen, norm))
            {
              g_autofree char *msg =
                g_strdup_printf (_("the same ID number as row %u — the worker is listed twice"),
                                 GPOINTER_TO_UINT (g_hash_table_lookup (seen, norm)));
              tj_csv_errors_add (&e, line, F_ID, msg);
            }
          else if (g_hash_table_contains (ex.id_numbers, norm))
            {
              g_autofree char *msg =
                g_strdup_printf (_("%s is already a worker on this case with this ID number"),
                                 (char *) g_hash_table_lookup (ex.id_numbers, norm));
              tj_csv_errors_add (&e, line, F_ID, msg);
            }
          else
            g_hash_table_insert (seen, g_strdup (norm), GUINT_TO_POINTER (line));
          w->id_number = g_steal_pointer (&norm);
        }

      if ((v = tj_csv_cell (row, cols[F_PHONE])))
        {
          g_autoptr(GError) local = NULL;
          if (!tj_validate_phone (v, NULL, &local))
            tj_csv_errors_add (&e, line, F_PHONE, local->message);
          w->phone = g_strdup (v);
        }

      if ((v = tj_csv_cell (row, cols[F_JOB])))
        w->job = g_strdup (v);

      if ((v = tj_csv_cell (row, cols[F_ACCOUNT])))
        {
          g_autoptr(GError) local = NULL;
          if (!tj_validate_bank_account (v, NULL, &local))
            tj_csv_errors_add (&e, line, F_ACCOUNT, local->message);
          w->account = tj_normalize_bank_account (v);
        }

      if ((v = tj_csv_cell (row, cols[F_START])))
        {
          w->start_date = normalize_date (v);
          if (w->start_date == NULL)
            {
              g_autofree char *msg =
                g_strdup_printf (_("“%s” is not a date; write it as 2024-03-01"), v);
              tj_csv_errors_add (&e, line, F_START, msg);
            }
        }

      if ((v = tj_csv_cell (row, cols[F_WAGE])))
        w->has_wage = parse_amount (&e, line, F_WAGE, v, &w->wage);
      if ((v = tj_csv_cell (row, cols[F_OWED])))
        {
          w->has_owed = parse_amount (&e, line, F_OWED, v, &w->owed);
          if (w->has_owed && !tj_money_add (&owed_total, w->owed))
            tj_csv_errors_add (&e, line, F_OWED, _("the amounts owed up to this row add up to more than can be counted"));
        }

      w->ok = e.n == errors_before;
      valid += w->ok;
      if (out_workers)
        continue;

      o = json_object_new ();
      json_object_set_int_member (o, "row", line);
      if (w->name)
        json_object_set_string_member (o, "name", w->name);
      if (w->id_number)
        json_object_set_string_member (o, "id_number", w->id_number);
      if (w->phone)
        json_object_set_string_member (o, "phone", w->phone);
      if (w->job)
        json_object_set_string_member (o, "job", w->job);
      if (w->start_date)
        json_object_set_string_member (o, "start_date", w->start_date);
      if (w->account)
        {
          g_autofree char *masked = tj_mask_bank_account (w->account);
          json_object_set_string_member (o, "bank_account", masked);
        }
      if (w->has_wage)
        json_object_set_int_member (o, "monthly_wage_fen", w->wage);
      if (w->has_owed)
        json_object_set_int_member (o, "owed_fen", w->owed);
      json_object_set_boolean_member (o, "ok", w->ok);
      json_array_add_object_element (rows, o);
    }

  json_object_set_array_member (out, "rows", rows);
  json_object_set_array_member (out, "errors", e.errors);
  notes = json_array_new ();
  if (total_row)
    {
      JsonObject *n = json_object_new ();
      g_autofree char *msg = NULL;
      json_object_set_int_member (n, "row", total_row);
      if (has_sheet_total && sheet_total != owed_total && e.n == 0)
        {
          g_autofree char *a = tj_money_format (sheet_total);
          g_autofree char *b = tj_money_format (owed_total);
          msg = g_strdup_printf (_("the totals row says %s but the workers’ amounts add up to %s; check the sheet"),
                                 a, b);
        }
      else
        msg = g_strdup (_("the totals row was left out: it is not a worker"));
      json_object_set_string_member (n, "message", msg);
      json_array_add_object_element (notes, n);
    }
  json_object_set_array_member (out, "notes", notes);
  totals = json_object_new ();
  json_object_set_int_member (totals, "rows", workers->len);
  json_object_set_int_member (totals, "valid", valid);
  json_object_set_int_member (totals, "invalid", workers->len - valid);
  json_object_set_int_member (totals, "owed_fen", owed_total);
  json_object_set_int_member (totals, "existing_workers", ex.workers);
  json_object_set_int_member (totals, "existing_owed_fen", ex.owed);
  json_object_set_int_member (totals, "next_position", ex.next_position);
  json_object_set_object_member (out, "totals", totals);
  g_hash_table_unref (ex.id_numbers);

  if (out_workers)
    *out_workers = g_steal_pointer (&workers);
  return out;
}

JsonObject *
tj_roster_preview (TjStore     *store,
                   const char  *case_id,
                   const char  *data,
                   gsize        length,
                   const char  *filename,
                   GError     **error)
{
  JsonObject *out = analyse (store, case_id, data, length, filename, NULL, error);

  if (out)
    json_object_remove_member (tj_json_get_object (out, "totals"), "next_position");
  return out;
}

JsonObject *
tj_roster_import (TjStore             *store,
                  const TjCaseContext *ctx,
                  const char          *case_id,
                  const char          *data,
                  gsize                length,
                  const char          *filename,
                  GError             **error)
{
  g_autoptr(GPtrArray) workers = NULL;
  g_autoptr(JsonObject) preview = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autofree char *text = NULL;
  JsonObject *out;
  gint64 position, owed = 0;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  /* Check and write under one write lock, so that a worker added by
   * another station's sync or window in between cannot slip in twice;
   * whole, since any error below rolls all of it back. */
  if (!tj_case_attach (store, error) || !tj_store_begin_whole (store, error))
    return NULL;
  preview = analyse (store, case_id, data, length, filename, &workers, error);
  if (preview == NULL)
    goto fail;
  if (!tj_csv_preview_check (preview, error))
    goto fail;
  if (workers->len == 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("The roster has a header row (row %u) but no workers below it"),
                   (guint) tj_json_get_int (preview, "header_row", 0));
      goto fail;
    }

  position = tj_json_get_int (tj_json_get_object (preview, "totals"), "next_position", 0);
  for (guint i = 0; i < workers->len; i++)
    {
      Worker *w = g_ptr_array_index (workers, i);
      g_autoptr(JsonObject) doc = json_object_new ();
      g_autofree char *rev = NULL;

      json_object_set_string_member (doc, "type", "party");
      json_object_set_string_member (doc, "role", "worker");
      json_object_set_string_member (doc, "case_id", case_id);
      json_object_set_int_member (doc, "position", position++);
      json_object_set_string_member (doc, "name", w->name);
      if (w->id_number)
        json_object_set_string_member (doc, "id_number", w->id_number);
      if (w->phone)
        json_object_set_string_member (doc, "phone", w->phone);
      if (w->job)
        json_object_set_string_member (doc, "job", w->job);
      if (w->start_date)
        json_object_set_string_member (doc, "start_date", w->start_date);
      if (w->account)
        json_object_set_string_member (doc, "bank_account", w->account);
      if (w->has_wage)
        json_object_set_int_member (doc, "monthly_wage_fen", w->wage);
      if (w->has_owed)
        json_object_set_int_member (doc, "owed_fen", w->owed);
      rev = tj_store_put (store, doc, NULL, error);
      if (rev == NULL)
        goto fail;
      /* The preview checked the total; it cannot overflow here. */
      tj_money_add (&owed, w->owed);
    }

  {
    g_autofree char *amount = tj_money_format (owed);
    g_autofree char *base = filename ? g_path_get_basename (filename) : NULL;
    text = base
      ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Roster imported from %s: %u worker, %s owed",
                                   "Roster imported from %s: %u workers, %s owed", workers->len),
                         base, workers->len, amount)
      : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Roster imported: %u worker, %s owed",
                                   "Roster imported: %u workers, %s owed", workers->len),
                         workers->len, amount);
  }
  extra = json_object_new ();
  json_object_set_int_member (extra, "workers", workers->len);
  json_object_set_int_member (extra, "owed_fen", owed);
  if (filename)
    {
      g_autofree char *base = g_path_get_basename (filename);
      json_object_set_string_member (extra, "file", base);
    }
  if (!tj_case_add_event (store, ctx, case_id, "roster", text, extra, error))
    goto fail;
  {
    /* Personal data came in from a file: the access log says so. */
    g_autofree char *base = filename ? g_path_get_basename (filename) : NULL;
    g_autofree char *audit_id = NULL;
    TjAuditEntry entry = { TJ_AUDIT_IMPORT, case_id, NULL, "roster", NULL, base, FALSE };

    audit_id = tj_audit_record (store, ctx, &entry, error);
    if (audit_id == NULL)
      goto fail;
  }
  if (!tj_store_commit (store, error))
    return NULL;

  out = json_object_new ();
  json_object_set_int_member (out, "imported", workers->len);
  json_object_set_int_member (out, "owed_fen", owed);
  return out;

fail:
  tj_store_rollback (store);
  return NULL;
}

/* ------------------------------------------------------------------ */
/* In a thread                                                          */

typedef struct {
  char          *path;
  char          *case_id;
  char          *filename;
  GBytes        *data;
  gboolean       import;
  TjCaseContext  ctx;
  char          *station_code;
  char          *number_pattern;
  char          *actor;
  char          *today;
} RosterJob;

static void
roster_job_free (gpointer data)
{
  RosterJob *job = data;
  g_free (job->path);
  g_free (job->case_id);
  g_free (job->filename);
  g_bytes_unref (job->data);
  g_free (job->station_code);
  g_free (job->number_pattern);
  g_free (job->actor);
  g_free (job->today);
  g_free (job);
}

static void
roster_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RosterJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = NULL;
  JsonObject *result = NULL;
  gsize length;
  const char *data = g_bytes_get_data (job->data, &length);

  if (g_task_return_error_if_cancelled (task))
    return;
  store = tj_store_open (job->path, &error);
  /* Every index (the report's too), so that nothing this connection
   * writes is missed by the derived tables. */
  if (store && tj_repository_attach_indexes (store, &error))
    result = job->import
      ? tj_roster_import (store, &job->ctx, job->case_id, data, length, job->filename, &error)
      : tj_roster_preview (store, job->case_id, data, length, job->filename, &error);
  if (result)
    g_task_return_pointer (task, result, (GDestroyNotify) json_object_unref);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
start_job (TjStore             *store,
           const TjCaseContext *ctx,
           const char          *case_id,
           GBytes              *data,
           const char          *filename,
           gboolean             import,
           gpointer             source_tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (store, cancellable, callback, user_data);
  RosterJob *job = g_new0 (RosterJob, 1);

  g_task_set_source_tag (task, source_tag);
  job->path = g_strdup (tj_store_get_path (store));
  job->case_id = g_strdup (case_id);
  job->filename = g_strdup (filename);
  job->data = g_bytes_ref (data);
  job->import = import;
  tj_case_context_init_defaults (&job->ctx);
  if (ctx)
    {
      job->ctx = *ctx;
      job->ctx.station_code = job->station_code = g_strdup (ctx->station_code);
      job->ctx.number_pattern = job->number_pattern = g_strdup (ctx->number_pattern);
      job->ctx.actor = job->actor = g_strdup (ctx->actor);
      job->ctx.today = job->today = g_strdup (ctx->today);
    }
  g_task_set_task_data (task, job, roster_job_free);
  g_task_run_in_thread (task, roster_thread);
}

void
tj_roster_preview_async (TjStore             *store,
                         const char          *case_id,
                         GBytes              *data,
                         const char          *filename,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (TJ_IS_STORE (store));
  g_return_if_fail (data != NULL);

  start_job (store, NULL, case_id, data, filename, FALSE, tj_roster_preview_async, cancellable, callback,
             user_data);
}

JsonObject *
tj_roster_preview_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tj_roster_preview_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
tj_roster_import_async (TjStore             *store,
                        const TjCaseContext *ctx,
                        const char          *case_id,
                        GBytes              *data,
                        const char          *filename,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (TJ_IS_STORE (store));
  g_return_if_fail (data != NULL);

  start_job (store, ctx, case_id, data, filename, TRUE, tj_roster_import_async, cancellable, callback, user_data);
}

JsonObject *
tj_roster_import_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tj_roster_import_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
