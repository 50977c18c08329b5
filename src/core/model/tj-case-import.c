/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cases: import from a CSV spreadsheet, all or nothing. */
#define G_LOG_DOMAIN "Tiaojie-Case"

#include "tj-case-private.h"
#include "tj-chain.h"
#include "tj-check.h"
#include "tj-csv.h"
#include "tj-deadline.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-validate.h"

#include <stdio.h>

/* ------------------------------------------------------------------ */
/* CSV import                                                           */

static const char * const col_case[] = { "case", "case_ref", "案件", "案件编号", "序号组", NULL };
static const char * const col_title[] = { "title", "标题", "案由", NULL };
static const char * const col_kind[] = { "kind", "类型", "争议类型", NULL };
static const char * const col_source[] = { "source", "来源", NULL };
static const char * const col_received[] = { "received_on", "收案日期", "受理日期", "日期", NULL };
static const char * const col_employer[] = { "employer", "employer_name", "用人单位", "单位名称", "公司", NULL };
static const char * const col_credit[] = { "credit_code", "统一社会信用代码", "信用代码", NULL };
static const char * const col_name[] = { "name", "worker", "姓名", "职工姓名", NULL };
static const char * const col_id[] = { "id_number", "身份证号", "身份证号码", "身份证", NULL };
static const char * const col_phone[] = { "phone", "电话", "手机", "联系电话", "手机号", NULL };
static const char * const col_job[] = { "job", "工种", "岗位", NULL };
static const char * const col_wage[] = { "monthly_wage", "月工资", "工资", NULL };
static const char * const col_owed[] = { "owed", "欠薪金额", "欠薪", "拖欠金额", "金额", NULL };
static const char * const col_facts[] = { "facts", "事实", "情况", "备注", NULL };

/* Kind and source may be written in Chinese in a spreadsheet. */
static const char *
code_of (const char *value,
         GType       type)
{
  g_autofree const char **codes = tj_enum_dup_nicks (type);

  /* The nicks are the type's own strings: they outlive the array. */
  for (guint i = 0; value && codes[i]; i++)
    if (g_str_equal (value, codes[i]) || g_str_equal (value, tj_enum_nick_label (type, codes[i])))
      return codes[i];
  return value;
}

JsonObject *
tj_case_import_csv (TjStore             *store,
                    const TjCaseContext *ctx,
                    const char          *data,
                    gsize                length,
                    GError             **error)
{
  g_autoptr(TjCsv) csv = tj_csv_parse (data, length, error);
  g_autoptr(GHashTable) groups = NULL;  /* key -> JsonObject (input) */
  g_autoptr(GPtrArray) order = NULL;    /* keys in file order */
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GHashTable) group_line = NULL;
  JsonObject *out;
  JsonArray *cases;
  GStrv header;
  int c_case, c_title, c_kind, c_source, c_received, c_employer, c_credit, c_name, c_id, c_phone,
      c_job, c_wage, c_owed, c_facts;

  if (csv == NULL)
    return NULL;
  if (csv->rows->len < 2)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("The file has no data rows: the first row must name the columns, the rows below hold the cases"));
      return NULL;
    }
  header = g_ptr_array_index (csv->rows, 0);
  c_case = tj_csv_find_column (header, col_case);
  c_title = tj_csv_find_column (header, col_title);
  c_kind = tj_csv_find_column (header, col_kind);
  c_source = tj_csv_find_column (header, col_source);
  c_received = tj_csv_find_column (header, col_received);
  c_employer = tj_csv_find_column (header, col_employer);
  c_credit = tj_csv_find_column (header, col_credit);
  c_name = tj_csv_find_column (header, col_name);
  c_id = tj_csv_find_column (header, col_id);
  c_phone = tj_csv_find_column (header, col_phone);
  c_job = tj_csv_find_column (header, col_job);
  c_wage = tj_csv_find_column (header, col_wage);
  c_owed = tj_csv_find_column (header, col_owed);
  c_facts = tj_csv_find_column (header, col_facts);
  if (c_employer < 0 && c_title < 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("Line %u: no employer (用人单位) or title (标题) column was found in the header"),
                   g_array_index (csv->lines, guint, 0));
      return NULL;
    }

  groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  group_line = g_hash_table_new (g_str_hash, g_str_equal);
  order = g_ptr_array_new ();
  errors = g_ptr_array_new_with_free_func (g_free);

  for (guint r = 1; r < csv->rows->len; r++)
    {
      GStrv row = g_ptr_array_index (csv->rows, r);
      guint line = g_array_index (csv->lines, guint, r);
      g_autofree char *key = NULL;
      JsonObject *input;
      const char *employer = tj_csv_cell (row, c_employer);

      if (tj_csv_cell (row, c_case))
        key = g_strdup (tj_csv_cell (row, c_case));
      else
        key = g_strdup_printf ("%s|%s|%s", employer ? employer : "",
                               tj_csv_cell (row, c_received) ? tj_csv_cell (row, c_received) : "",
                               tj_csv_cell (row, c_title) ? tj_csv_cell (row, c_title) : "");
      input = g_hash_table_lookup (groups, key);
      if (input == NULL)
        {
          input = json_object_new ();
          json_object_set_string_member (input, "kind",
                                         code_of (tj_csv_cell (row, c_kind) ? tj_csv_cell (row, c_kind) : "wage_arrears",
                                                  TJ_TYPE_CASE_KIND));
          json_object_set_string_member (input, "source",
                                         code_of (tj_csv_cell (row, c_source) ? tj_csv_cell (row, c_source) : "referral",
                                                  TJ_TYPE_CASE_SOURCE));
          if (tj_csv_cell (row, c_title))
            json_object_set_string_member (input, "title", tj_csv_cell (row, c_title));
          if (tj_csv_cell (row, c_received))
            json_object_set_string_member (input, "received_on", tj_csv_cell (row, c_received));
          if (tj_csv_cell (row, c_facts))
            json_object_set_string_member (input, "facts", tj_csv_cell (row, c_facts));
          if (employer)
            {
              JsonObject *e = json_object_new ();
              json_object_set_string_member (e, "name", employer);
              if (tj_csv_cell (row, c_credit))
                json_object_set_string_member (e, "credit_code", tj_csv_cell (row, c_credit));
              json_object_set_object_member (input, "employer", e);
            }
          json_object_set_array_member (input, "workers", json_array_new ());
          /* groups owns the key; order and group_line borrow it. */
          g_ptr_array_add (order, key);
          g_hash_table_insert (group_line, key, GUINT_TO_POINTER (line));
          g_hash_table_insert (groups, g_steal_pointer (&key), input);
        }

      if (tj_csv_cell (row, c_name))
        {
          JsonObject *w = json_object_new ();
          json_object_set_string_member (w, "name", tj_csv_cell (row, c_name));
          if (tj_csv_cell (row, c_id))
            json_object_set_string_member (w, "id_number", tj_csv_cell (row, c_id));
          if (tj_csv_cell (row, c_phone))
            json_object_set_string_member (w, "phone", tj_csv_cell (row, c_phone));
          if (tj_csv_cell (row, c_job))
            json_object_set_string_member (w, "job", tj_csv_cell (row, c_job));
          {
            const int cols[2] = { c_wage, c_owed };
            const char *members[2] = { "monthly_wage_fen", "owed_fen" };
            for (int k = 0; k < 2; k++)
              if (tj_csv_cell (row, cols[k]))
                {
                  g_autoptr(GError) perr = NULL;
                  gint64 fen;
                  if (tj_money_parse (tj_csv_cell (row, cols[k]), &fen, &perr))
                    json_object_set_int_member (w, members[k], fen);
                  else
                    g_ptr_array_add (errors, g_strdup_printf (_("Row %u: %s: %s"), line, header[cols[k]],
                                                              perr->message));
                }
          }
          json_array_add_object_element (tj_json_get_array (input, "workers"), w);
          json_object_set_int_member (w, "_line", line);
        }
    }

  /* Validate every case; report row numbers. */
  for (guint i = 0; i < order->len; i++)
    {
      JsonObject *input = g_hash_table_lookup (groups, g_ptr_array_index (order, i));
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
      g_auto(TjCheck) check = { problems };
      JsonArray *workers = tj_json_get_array (input, "workers");

      _tj_case_validate_input (&check, input);
      for (guint k = 0; k < problems->len; k++)
        {
          const char *msg = g_ptr_array_index (problems, k);
          guint line = GPOINTER_TO_UINT (g_hash_table_lookup (group_line, g_ptr_array_index (order, i)));
          guint idx;
          /* A problem about workers[N] is on the row the worker came from. */
          if (tj_field_path_element (tj_check_get_problem_path (&check, k), "workers", &idx, NULL) &&
              idx < json_array_get_length (workers))
            line = (guint) tj_json_get_int (json_array_get_object_element (workers, idx), "_line", line);
          g_ptr_array_add (errors, g_strdup_printf (_("Row %u: %s"), line, msg));
        }
    }
  if (errors->len > 0)
    {
      g_autoptr(GString) msg = g_string_new (NULL);
      g_string_append_printf (msg, _("Nothing was imported; fix these rows: "));
      for (guint i = 0; i < errors->len; i++)
        g_string_append_printf (msg, "%s%s", i ? "; " : "", (char *) g_ptr_array_index (errors, i));
      g_set_error_literal (error, TJ_ERROR, TJ_ERROR_INVALID, msg->str);
      return NULL;
    }

  if (!tj_case_attach (store, error) || !tj_store_begin_whole (store, error))
    return NULL;
  cases = json_array_new ();
  for (guint i = 0; i < order->len; i++)
    {
      JsonObject *input = g_hash_table_lookup (groups, g_ptr_array_index (order, i));
      g_autofree char *id = tj_store_new_id ();
      g_autofree char *number = NULL;
      JsonObject *c;
      JsonArray *workers = tj_json_get_array (input, "workers");

      for (guint k = 0; k < json_array_get_length (workers); k++)
        json_object_remove_member (json_array_get_object_element (workers, k), "_line");
      if (!_tj_case_write_case (store, ctx, input, id, &number, error))
        {
          tj_store_rollback (store);
          json_array_unref (cases);
          return NULL;
        }
      c = json_object_new ();
      json_object_set_string_member (c, "id", id);
      json_object_set_string_member (c, "number", number);
      json_array_add_object_element (cases, c);
    }
  if (!tj_store_commit (store, error))
    {
      json_array_unref (cases);
      return NULL;
    }
  out = json_object_new ();
  json_object_set_int_member (out, "imported", json_array_get_length (cases));
  json_object_set_array_member (out, "cases", cases);
  return out;
}
