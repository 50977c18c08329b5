/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Evaluation: a template tree plus the document model give a TjDocument
 * (paragraphs of plain runs, tables, signature blocks). Every field is
 * resolved here, so an unknown path fails before anything is written. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Docgen"

#include <stdio.h>
#include <string.h>

#include "tj-docgen-private.h"
#include "tj-calendar.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-money.h"

typedef struct {
  const char *name;
  JsonNode   *value;   /* borrowed */
  gboolean    owned;
  char       *source;  /* the model path it stands for, "case.workers[]" */
} Binding;

/* Repeats over all <each> in one document: a payment roster of 5,000
 * workers with a few installments each is some 20,000. <each> inside
 * <each> inside <each> multiplies; a custom template must not make a
 * document of millions of pages (or run out of memory trying). */
#define MAX_REPEATS 200000

typedef struct {
  TjTemplate *tmpl;
  JsonObject *model;
  GArray     *bindings;   /* of Binding */
  guint       repeats;    /* <each> bodies evaluated so far */
  GError    **error;
} Eval;

/* ---- small things ---- */

static void
run_free (TjRun *run)
{
  g_free (run->text);
  g_free (run);
}

static TjPara *
para_new (TjStyle style)
{
  TjPara *para = g_new0 (TjPara, 1);
  para->runs = g_ptr_array_new_with_free_func ((GDestroyNotify) run_free);
  para->style = style;
  para->align = TJ_ALIGN_LEFT;
  return para;
}

static void
para_free (TjPara *para)
{
  if (para == NULL)
    return;
  g_ptr_array_unref (para->runs);
  g_free (para);
}

static void
para_add (TjPara     *para,
          const char *text,
          guint       flags)
{
  TjRun *last = para->runs->len ? g_ptr_array_index (para->runs, para->runs->len - 1) : NULL;
  TjRun *run;

  if (!(flags & TJ_RUN_BREAK) && (text == NULL || *text == '\0'))
    return;
  if (last && !(flags & TJ_RUN_BREAK) && !(last->flags & TJ_RUN_BREAK) && last->flags == flags)
    {
      char *joined = g_strconcat (last->text, text, NULL);
      g_free (last->text);
      last->text = joined;
      return;
    }
  run = g_new0 (TjRun, 1);
  run->text = g_strdup (text);
  run->flags = flags;
  g_ptr_array_add (para->runs, run);
}

char *
tj_para_plain_text (TjPara *para)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < para->runs->len; i++)
    {
      TjRun *run = g_ptr_array_index (para->runs, i);
      g_string_append (s, run->flags & TJ_RUN_BREAK ? "\n" : run->text);
    }
  return g_string_free (s, FALSE);
}

char *
tj_signature_marks_text (guint marks)
{
  GString *s = g_string_new (NULL);
  if (marks & TJ_MARK_SIGN)
    g_string_append (s, "签名");
  if (marks & TJ_MARK_SEAL)
    g_string_append_printf (s, "%s盖章", s->len ? "/" : "");
  if (marks & TJ_MARK_FINGERPRINT)
    g_string_append_printf (s, "%s捺印", s->len ? "/" : "");
  return g_string_free (s, FALSE);
}

const char *
tj_signature_date_text (double chars)
{
  /* Room to write a date by hand, without wrapping in narrow columns. */
  if (chars >= 15)
    return "日期：　　　　年　　月　　日";
  if (chars >= 12)
    return "日期：　　　年　　月　　日";
  return "日期：　　年　月　日";
}

static void
row_free (TjRow *row)
{
  if (row == NULL)
    return;
  g_ptr_array_unref (row->cells);
  g_free (row);
}

static void
cell_free (TjCell *cell)
{
  para_free (cell->para);
  g_free (cell);
}

static TjRow *
row_new (void)
{
  TjRow *row = g_new0 (TjRow, 1);
  row->cells = g_ptr_array_new_with_free_func ((GDestroyNotify) cell_free);
  return row;
}

static void
signature_free (TjSignature *sig)
{
  para_free (sig->label);
  g_free (sig);
}

static void
block_free (TjBlock *block)
{
  para_free (block->para);
  if (block->table)
    {
      g_free (block->table->widths);
      row_free (block->table->header);
      g_ptr_array_unref (block->table->rows);
      g_free (block->table);
    }
  g_clear_pointer (&block->signatures, g_ptr_array_unref);
  g_free (block);
}

void
tj_document_free (TjDocument *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->title);
  g_ptr_array_unref (doc->blocks);
  g_free (doc);
}

const char *
tj_document_get_title (TjDocument *doc)
{
  return doc->title;
}

static gboolean
fail (Eval       *ev,
      int         line,
      const char *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (Eval       *ev,
      int         line,
      const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  tj_template_set_line_error_valist (ev->error, ev->tmpl->file_name, line, format, args);
  va_end (args);
  return FALSE;
}

/* ---- paths and values ---- */

static JsonNode *resolve (Eval *ev, const char *path);

/* The model path a template path stands for, with list items as "[]":
 * "w.id_number" inside <each path="case.workers" as="w"> is
 * "case.workers[].id_number", "case.workers.0.name" is
 * "case.workers[].name". */
static char *
model_path (Eval       *ev,
            const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  GString *out = g_string_new (NULL);
  guint first = 0;

  for (guint i = ev->bindings->len; i > 0 && parts[0]; i--)
    {
      Binding *b = &g_array_index (ev->bindings, Binding, i - 1);
      if (strcmp (b->name, parts[0]) == 0)
        {
          g_string_append (out, b->source ? b->source : parts[0]);
          first = 1;
          break;
        }
    }
  for (guint i = first; parts[i]; i++)
    {
      if (g_ascii_isdigit (parts[i][0]))
        g_string_append (out, "[]");
      else
        {
          if (out->len)
            g_string_append_c (out, '.');
          g_string_append (out, parts[i]);
        }
    }
  return g_string_free (out, FALSE);
}

/* What a missing field means to a mediator: the paper needs something
 * the case does not have yet. An entry names a field, or a part of the
 * model whose every field is missing when the part itself is (the
 * settlement's payer); a path not covered (a custom template's typo)
 * gets the template's file and line. */
static const char *
missing_message (Eval       *ev,
                 const char *path)
{
  static const struct { const char *path; const char *message; } known[] = {
    { "settlement.payer", N_("The settlement names no payer: choose who pays in the settlement") },
    { "settlement.payer.name", N_("The settlement names no payer: choose who pays in the settlement") },
    { "settlement.method", N_("The settlement does not say how it is paid (bank transfer, cash or the wage account)") },
    { "settlement.total_fen", N_("The settlement has no total amount") },
    { "settlement.installments", N_("The settlement has no installments: enter when and how much is paid") },
    { "case.employer", N_("The case has no employer: enter the employer on the case page") },
    { "case.employer.name", N_("The case has no employer: enter the employer on the case page") },
    { "case.workers", N_("The case has no workers: add them on the case page") },
    { "case.facts", N_("The case has no facts: write what happened on the case page") },
    { "case.kind", N_("The case has no kind of dispute") },
    { "organisation.name", N_("The organisation has no name: enter it in Preferences") },
    { "organisation.mediator", N_("No mediator is named: enter your name in Preferences") },
    { "outcome.ended_on", N_("The case does not say when the mediation ended") },
    { "outcome.reason", N_("The case does not say why the mediation ended without agreement") },
    { "outcome.arbitration_limitation",
      N_("The limitation date for arbitration is unknown: enter when the employment ended or when the worker knew of the infringement") },
    { "agreement.effective_on", N_("The agreement has not taken effect: record the agreement first") },
    { "payment_order", N_("The payment order needs an agreed settlement with an installment overdue and unpaid") },
    { "arbitration", N_("The arbitration application needs the workers who apply: add them to the case") },
    { "consultation", N_("The case was not opened from an evening-clinic consultation") },
  };
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      gsize len = strlen (known[i].path);
      if (g_str_equal (path, known[i].path))
        return _(known[i].message);
      /* A longer path under a part that is missing altogether. */
      if (strncmp (path, known[i].path, len) == 0 && (path[len] == '.' || path[len] == '[') &&
          resolve (ev, known[i].path) == NULL)
        return _(known[i].message);
    }
  return NULL;
}

/* Returns the node at @path (borrowed) or NULL when absent or null. */
static JsonNode *
resolve (Eval       *ev,
         const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = NULL;

  for (guint i = ev->bindings->len; i > 0; i--)
    {
      Binding *b = &g_array_index (ev->bindings, Binding, i - 1);
      if (strcmp (b->name, parts[0]) == 0)
        {
          node = b->value;
          break;
        }
    }
  if (node == NULL)
    node = json_object_get_member (ev->model, parts[0]);

  for (guint i = 1; node && parts[i]; i++)
    {
      if (JSON_NODE_HOLDS_OBJECT (node))
        node = json_object_get_member (json_node_get_object (node), parts[i]);
      else if (JSON_NODE_HOLDS_ARRAY (node) && g_ascii_isdigit (parts[i][0]))
        {
          JsonArray *a = json_node_get_array (node);
          guint64 idx = g_ascii_strtoull (parts[i], NULL, 10);
          node = idx < json_array_get_length (a) ? json_array_get_element (a, idx) : NULL;
        }
      else
        node = NULL;
    }
  if (node && JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

static gboolean
truthy (JsonNode *node)
{
  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_array_get_length (json_node_get_array (node)) > 0;
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_object_get_size (json_node_get_object (node)) > 0;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean (node);
    case G_TYPE_INT64:
      return json_node_get_int (node) != 0;
    case G_TYPE_DOUBLE:
      return json_node_get_double (node) != 0;
    case G_TYPE_STRING:
      return *json_node_get_string (node) != '\0';
    default:
      return FALSE;
    }
}

static char *
scalar_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
      }
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    default:
      return NULL;
    }
}

static const char *
label_for (const char *value)
{
  /* Enumerations of the case model in the words of legal documents. The
   * documents are Chinese whatever the interface language, so these are
   * not gettext strings. */
  static const char * const labels[][2] = {
    /* case kinds and claim kinds */
    { "wage_arrears", "追索劳动报酬" }, { "compensation", "经济补偿" },
    { "termination", "解除或终止劳动合同" }, { "overtime", "加班工资" },
    { "social_insurance", "社会保险" }, { "work_injury", "工伤保险待遇" },
    { "other", "其他" }, { "wages", "劳动报酬" }, { "double_wage", "未签劳动合同二倍工资" },
    { "annual_leave", "未休年休假工资" }, { "unlawful_termination", "违法解除赔偿金" },
    /* sources */
    { "hotline", "12351热线派单" }, { "walk_in", "来访申请" }, { "night_clinic", "法律夜市咨询转入" },
    { "station", "职工维权服务站" }, { "court", "人民法院委派（诉调对接）" }, { "referral", "有关部门移送" },
    /* chain roles, payer roles, agents */
    { "project_owner", "建设单位" }, { "general_contractor", "施工总承包单位" },
    { "subcontractor", "分包单位" }, { "team_leader", "班组长" }, { "employer", "用人单位" },
    { "agent", "委托代理人" }, { "representative", "代表人" }, { "worker", "劳动者" },
    { "payer", "付款单位" },
    /* how a link of the chain got the work */
    { "contract", "依法承包或分包" }, { "labour_subcontract", "劳务分包" },
    { "illegal_subcontract", "违法分包" }, { "whole", "转包" }, { "team", "班组长带班" },
    /* payment methods */
    { "bank_transfer", "银行转账" }, { "cash", "现金" }, { "wage_account", "农民工工资专用账户代发" },
    /* statuses */
    { "intake", "登记" }, { "accepted", "已受理" }, { "mediating", "调解中" },
    { "agreed", "已达成调解协议" }, { "performing", "履行中" }, { "closed", "已结案" },
    { "failed", "调解不成" }, { "referred", "已移送" }, { "withdrawn", "已撤回" },
    /* flags, gender */
    { "collective", "集体劳动争议" }, { "large_amount", "涉案金额较大" }, { "layoff", "经济性裁员" },
    { "male", "男" }, { "female", "女" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (strcmp (labels[i][0], value) == 0)
      return labels[i][1];
  return NULL;
}

static char *
cn_number (gint64 n)
{
  static const char * const digits[] = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
  if (n < 10)
    return g_strdup (digits[n]);
  if (n < 20)
    return g_strconcat ("十", n % 10 ? digits[n % 10] : "", NULL);
  return g_strconcat (digits[n / 10], "十", n % 10 ? digits[n % 10] : "", NULL);
}

static gboolean
parse_iso_date (const char *s,
                int        *y,
                int        *m,
                int        *d)
{
  if (s == NULL || strlen (s) < 10 || s[4] != '-' || s[7] != '-' ||
      sscanf (s, "%4d-%2d-%2d", y, m, d) != 3)
    return FALSE;
  return g_date_valid_dmy (*d, *m, *y) && (s[10] == '\0' || s[10] == 'T');
}

static char *
format_value (Eval       *ev,
              TjTNode    *field,
              JsonNode   *node)
{
  const char *path = field->path;
  int line = field->line;

  if (field->format == TJ_FORMAT_COUNT)
    {
      if (JSON_NODE_HOLDS_ARRAY (node))
        return g_strdup_printf ("%u", json_array_get_length (json_node_get_array (node)));
      if (JSON_NODE_HOLDS_OBJECT (node))
        return g_strdup_printf ("%u", json_object_get_size (json_node_get_object (node)));
      fail (ev, line, _("field “%s” is not a list; format count needs one"), path);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    {
      fail (ev, line, _("field “%s” is a list or an object, not a value; use <each> or a longer path"),
            path);
      return NULL;
    }

  switch (field->format)
    {
    case TJ_FORMAT_MONEY:
    case TJ_FORMAT_MONEY_UPPER:
    case TJ_FORMAT_CN_NUMBER:
    case TJ_FORMAT_CN_COUNT:
      {
        gint64 v;
        if (json_node_get_value_type (node) != G_TYPE_INT64)
          {
            fail (ev, line, _("field “%s” must be a whole number for this format"), path);
            return NULL;
          }
        v = json_node_get_int (node);
        if (field->format == TJ_FORMAT_MONEY)
          return tj_money_format (v);
        if (field->format == TJ_FORMAT_CN_COUNT && v == 2)
          return g_strdup ("两");   /* 分两期, 一式两份: 2 counts as 两 */
        if (field->format == TJ_FORMAT_CN_NUMBER || field->format == TJ_FORMAT_CN_COUNT)
          {
            if (v < 0 || v > 99)
              {
                g_autofree char *got = g_strdup_printf ("%" G_GINT64_FORMAT, v);
                fail (ev, line, _("field “%s”: cn_number needs 0 to 99, got %s"), path, got);
                return NULL;
              }
            return cn_number (v);
          }
        if (v < 0)
          {
            fail (ev, line, _("field “%s”: a negative amount cannot be written in capitals"), path);
            return NULL;
          }
        /* tj_money_to_capital() has words up to 10^16 yuan only. */
        if (v >= G_GINT64_CONSTANT (1000000000000000000))
          {
            fail (ev, line, _("field “%s”: the amount is too large to be written in capitals"), path);
            return NULL;
          }
        return tj_money_to_capital (v);
      }

    case TJ_FORMAT_DATE_CN:
      {
        const char *s = json_node_get_value_type (node) == G_TYPE_STRING
                        ? json_node_get_string (node) : NULL;
        int y, m, d;
        if (!parse_iso_date (s, &y, &m, &d))
          {
            fail (ev, line, _("field “%s” is not a date YYYY-MM-DD"), path);
            return NULL;
          }
        return g_strdup_printf ("%d年%d月%d日", y, m, d);
      }

    case TJ_FORMAT_MASKED_ID:
    case TJ_FORMAT_MASKED_PHONE:
      {
        g_autofree char *s = scalar_string (node);
        gsize len = strlen (s);
        gsize keep_head = field->format == TJ_FORMAT_MASKED_ID ? 6 : 3;
        GString *out;
        if (len <= keep_head + 4)
          return g_strnfill (len, '*');
        out = g_string_new_len (s, keep_head);
        for (gsize i = keep_head; i < len - 4; i++)
          g_string_append_c (out, '*');
        g_string_append (out, s + len - 4);
        return g_string_free (out, FALSE);
      }

    case TJ_FORMAT_LABEL:
      {
        g_autofree char *s = scalar_string (node);
        const char *label = label_for (s);
        return g_strdup (label ? label : s);
      }

    case TJ_FORMAT_NONE:
    case TJ_FORMAT_COUNT:
    default:
      if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (node) ? "是" : "否");
      return scalar_string (node);
    }
}

static gboolean
condition (Eval    *ev,
           TjTNode *tn)
{
  JsonNode *node = resolve (ev, tn->path);
  gboolean result;

  if (tn->equals)
    {
      g_autofree char *s = scalar_string (node);
      result = g_strcmp0 (s, tn->equals) == 0;
    }
  else if (tn->contains)
    {
      result = FALSE;
      if (node && JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *a = json_node_get_array (node);
          for (guint i = 0; i < json_array_get_length (a) && !result; i++)
            {
              g_autofree char *s = scalar_string (json_array_get_element (a, i));
              result = g_strcmp0 (s, tn->contains) == 0;
            }
        }
    }
  else
    result = truthy (node);
  return tn->negate ? !result : result;
}

/* Evaluates one element of a context (inline content, table, row,
 * signatures, blocks) other than <if> and <each>. */
typedef gboolean (*ItemFunc) (Eval *ev, TjTNode *tn, gpointer data);

static gboolean eval_items (Eval *ev, GPtrArray *children, ItemFunc func, gpointer data);

/* Evaluates the body once per element of the <each> list with the
 * variables bound. */
static gboolean
run_each (Eval     *ev,
          TjTNode  *tn,
          ItemFunc  func,
          gpointer  data)
{
  JsonNode *node = resolve (ev, tn->path);
  JsonArray *array;
  gboolean ok = TRUE;

  if (node == NULL)
    return TRUE;   /* an absent list is an empty list */
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (ev, tn->line, _("<each path=\"%s\">: not a list"), tn->path);
  array = json_node_get_array (node);
  for (guint i = 0; ok && i < json_array_get_length (array); i++)
    {
      if (++ev->repeats > MAX_REPEATS)
        return fail (ev, tn->line, _("<each path=\"%s\"> repeats its body more than %d times in all; "
                                     "is an <each> inside another one too many?"),
                     tn->path, MAX_REPEATS);
      Binding item = { tn->as, json_array_get_element (array, i), FALSE, NULL };
      g_autofree char *list = model_path (ev, tn->path);
      item.source = g_strconcat (list, "[]", NULL);
      guint pushed = 1;
      g_array_append_val (ev->bindings, item);
      if (tn->index)
        {
          Binding idx = { tn->index, json_node_new (JSON_NODE_VALUE), TRUE, NULL };
          json_node_set_int (idx.value, i + 1);
          g_array_append_val (ev->bindings, idx);
          pushed++;
        }
      ok = eval_items (ev, tn->children, func, data);
      for (guint k = 0; k < pushed; k++)
        {
          Binding *b = &g_array_index (ev->bindings, Binding, ev->bindings->len - 1);
          if (b->owned)
            json_node_unref (b->value);
          g_free (b->source);
          g_array_set_size (ev->bindings, ev->bindings->len - 1);
        }
    }
  return ok;
}

/* <if> and <each> mean the same wherever they stand: the branch taken,
 * or the body once per item, evaluated by the context's own @func. */
static gboolean
run_control (Eval     *ev,
             TjTNode  *tn,
             ItemFunc  func,
             gpointer  data)
{
  GPtrArray *branch;

  if (tn->kind == TN_EACH)
    return run_each (ev, tn, func, data);
  branch = condition (ev, tn) ? tn->children : tn->otherwise;
  return branch == NULL || eval_items (ev, branch, func, data);
}

/* Evaluates @children in order: <if> and <each> here, everything else
 * by the context's @func. */
static gboolean
eval_items (Eval      *ev,
            GPtrArray *children,
            ItemFunc   func,
            gpointer   data)
{
  for (guint i = 0; i < children->len; i++)
    {
      TjTNode *tn = g_ptr_array_index (children, i);
      gboolean ok = tn->kind == TN_IF || tn->kind == TN_EACH ? run_control (ev, tn, func, data)
                                                             : func (ev, tn, data);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* ---- inline content ---- */

typedef struct {
  TjPara *para;
  guint   flags;
} InlineState;

static void
add_blank (TjPara *para,
           int     chars,
           guint   flags)
{
  GString *s = g_string_new (NULL);
  for (int i = 0; i < chars; i++)
    g_string_append (s, "\u3000");
  para_add (para, s->str, flags | TJ_RUN_UNDERLINE);
  g_string_free (s, TRUE);
}

static gboolean
eval_inline_item (Eval     *ev,
                  TjTNode  *tn,
                  gpointer  data)
{
  InlineState *st = data;

  switch (tn->kind)
    {
    case TN_TEXT:
      para_add (st->para, tn->text, st->flags);
      break;
    case TN_FIELD:
      {
        JsonNode *node = resolve (ev, tn->path);
        g_autofree char *text = NULL;
        if (node == NULL)
          {
            if (!tn->optional)
              {
                g_autofree char *full = model_path (ev, tn->path);
                const char *plain = missing_message (ev, full);
                if (plain)
                  {
                    g_set_error_literal (ev->error, TJ_ERROR, TJ_ERROR_INVALID, plain);
                    return FALSE;
                  }
                return fail (ev, tn->line,
                             _("field “%s” is not in the model (a misspelt path? mark it "
                               "optional=\"true\" if it may be absent)"), tn->path);
              }
            if (tn->blank > 0)
              add_blank (st->para, tn->blank, st->flags);
            break;
          }
        text = format_value (ev, tn, node);
        if (text == NULL)
          return FALSE;
        if (*text == '\0' && tn->blank > 0)
          add_blank (st->para, tn->blank, st->flags);
        else
          para_add (st->para, text, st->flags);
      }
      break;
    case TN_BOLD:
    case TN_UNDERLINE:
      {
        InlineState inner = { st->para, st->flags | (tn->kind == TN_BOLD ? TJ_RUN_BOLD : TJ_RUN_UNDERLINE) };
        if (!eval_items (ev, tn->children, eval_inline_item, &inner))
          return FALSE;
      }
      break;
    case TN_BLANK:
      add_blank (st->para, tn->blank, st->flags);
      break;
    case TN_BR:
      para_add (st->para, NULL, TJ_RUN_BREAK);
      break;
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

static TjPara *
eval_para (Eval      *ev,
           GPtrArray *children,
           TjStyle    style,
           gboolean   bold)
{
  TjPara *para = para_new (style);
  InlineState st = { para, bold ? TJ_RUN_BOLD : 0 };

  para->bold = bold;
  if (!eval_items (ev, children, eval_inline_item, &st))
    {
      para_free (para);
      return NULL;
    }
  return para;
}

/* ---- tables ---- */

typedef struct {
  TjTable *table;
  TjRow   *row;      /* the row being filled, in row context */
  int      line;     /* of the <table> */
  gboolean header;
} TableState;

static gboolean eval_row_item (Eval *ev, TjTNode *tn, gpointer data);

static gboolean
finish_row (Eval       *ev,
            TableState *st,
            int         line)
{
  guint cols = 0;
  for (guint i = 0; i < st->row->cells->len; i++)
    cols += ((TjCell *) g_ptr_array_index (st->row->cells, i))->span;
  if (cols != st->table->n_cols)
    return fail (ev, line, _("this row has %u columns but the table has %u"), cols,
                 st->table->n_cols);
  return TRUE;
}

static gboolean
eval_table_item (Eval     *ev,
                 TjTNode  *tn,
                 gpointer  data)
{
  TableState *st = data;

  switch (tn->kind)
    {
    case TN_HEADER:
    case TN_ROW:
      st->row = row_new ();
      if (!eval_items (ev, tn->children, eval_row_item, st) || !finish_row (ev, st, tn->line))
        {
          row_free (st->row);
          return FALSE;
        }
      if (tn->kind == TN_HEADER)
        {
          if (st->table->header != NULL || st->table->rows->len > 0)
            {
              row_free (st->row);
              return fail (ev, tn->line, _("a table has one <header>, before its rows"));
            }
          st->table->header = st->row;
        }
      else
        g_ptr_array_add (st->table->rows, st->row);
      st->row = NULL;
      break;
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

static gboolean
eval_row_item (Eval     *ev,
               TjTNode  *tn,
               gpointer  data)
{
  TableState *st = data;

  switch (tn->kind)
    {
    case TN_CELL:
      {
        TjCell *cell = g_new0 (TjCell, 1);
        cell->span = tn->span;
        cell->para = eval_para (ev, tn->children, TJ_STYLE_CELL, tn->bold);
        if (cell->para == NULL)
          {
            g_free (cell);
            return FALSE;
          }
        cell->para->align = tn->align != TJ_ALIGN_DEFAULT ? tn->align : TJ_ALIGN_LEFT;
        g_ptr_array_add (st->row->cells, cell);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

/* ---- blocks ---- */

static gboolean
eval_signature (Eval     *ev,
                TjTNode  *tn,
                gpointer  data)
{
  GPtrArray *sigs = data;

  switch (tn->kind)
    {
    case TN_SIGNATURE:
      {
        TjSignature *sig = g_new0 (TjSignature, 1);
        sig->label = eval_para (ev, tn->children, TJ_STYLE_BODY, FALSE);
        if (sig->label == NULL)
          {
            g_free (sig);
            return FALSE;
          }
        sig->marks = tn->marks;
        sig->date = tn->date;
        sig->space_mm = tn->height_mm;
        g_ptr_array_add (sigs, sig);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

static gboolean
eval_block (Eval     *ev,
            TjTNode  *tn,
            gpointer  data)
{
  TjDocument *doc = data;
  TjBlock *block;

  switch (tn->kind)
    {
    case TN_TITLE:
    case TN_SUBTITLE:
    case TN_HEADING:
    case TN_PARAGRAPH:
      {
        TjStyle style = tn->kind == TN_TITLE ? TJ_STYLE_TITLE
                        : tn->kind == TN_SUBTITLE ? TJ_STYLE_SUBTITLE
                        : tn->kind == TN_HEADING ? TJ_STYLE_HEADING
                        : tn->small ? TJ_STYLE_SMALL : TJ_STYLE_BODY;
        TjPara *para = eval_para (ev, tn->children, style,
                                  tn->bold || tn->kind == TN_HEADING || tn->kind == TN_TITLE);
        if (para == NULL)
          return FALSE;
        if (tn->align != TJ_ALIGN_DEFAULT)
          para->align = tn->align;
        else if (tn->kind == TN_TITLE || tn->kind == TN_SUBTITLE)
          para->align = TJ_ALIGN_CENTER;
        else if (tn->kind == TN_PARAGRAPH)
          para->align = TJ_ALIGN_JUSTIFY;
        else
          para->align = TJ_ALIGN_LEFT;
        if (tn->indent >= 0)
          para->indent = tn->indent;
        else
          para->indent = tn->kind == TN_PARAGRAPH && para->align == TJ_ALIGN_JUSTIFY ? 2 : 0;
        /* Justification would stretch the lines before a <br/>. */
        if (para->align == TJ_ALIGN_JUSTIFY)
          {
            for (guint r = 0; r < para->runs->len; r++)
              if (((TjRun *) g_ptr_array_index (para->runs, r))->flags & TJ_RUN_BREAK)
                para->align = TJ_ALIGN_LEFT;
          }
        if (tn->kind == TN_TITLE && doc->title == NULL)
          doc->title = tj_para_plain_text (para);
        block = g_new0 (TjBlock, 1);
        block->kind = TJ_BLOCK_PARA;
        block->para = para;
        g_ptr_array_add (doc->blocks, block);
      }
      break;

    case TN_TABLE:
      {
        TableState st = { 0 };
        double sum = 0;
        block = g_new0 (TjBlock, 1);
        block->kind = TJ_BLOCK_TABLE;
        block->table = g_new0 (TjTable, 1);
        block->table->n_cols = tn->n_cols;
        block->table->min_row_mm = tn->min_row_mm;
        block->table->widths = g_new0 (double, tn->n_cols);
        block->table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
        for (guint c = 0; c < tn->n_cols; c++)
          sum += tn->widths[c];
        for (guint c = 0; c < tn->n_cols; c++)
          block->table->widths[c] = tn->widths[c] / sum;
        g_ptr_array_add (doc->blocks, block);
        st.table = block->table;
        st.line = tn->line;
        if (!eval_items (ev, tn->children, eval_table_item, &st))
          return FALSE;
      }
      break;

    case TN_SIGNATURES:
      block = g_new0 (TjBlock, 1);
      block->kind = TJ_BLOCK_SIGNATURES;
      block->columns = tn->columns;
      block->signatures = g_ptr_array_new_with_free_func ((GDestroyNotify) signature_free);
      g_ptr_array_add (doc->blocks, block);
      if (!eval_items (ev, tn->children, eval_signature, block->signatures))
        return FALSE;
      break;

    case TN_PAGEBREAK:
    case TN_SPACER:
      block = g_new0 (TjBlock, 1);
      block->kind = tn->kind == TN_PAGEBREAK ? TJ_BLOCK_PAGEBREAK : TJ_BLOCK_SPACER;
      block->height_mm = tn->height_mm;
      g_ptr_array_add (doc->blocks, block);
      break;

    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

TjDocument *
tj_docgen_evaluate (TjTemplate             *tmpl,
                    JsonObject             *model,
                    const TjDocgenOptions  *options,
                    GError                **error)
{
  g_autoptr(JsonObject) scope = NULL;
  g_autoptr(TjDocument) doc = NULL;
  JsonObject *docinfo;
  Eval ev = { 0 };
  gboolean ok;

  g_return_val_if_fail (tmpl != NULL, NULL);
  g_return_val_if_fail (model != NULL, NULL);

  /* The only way a model reaches a template: through the whitelist. */
  scope = tj_docgen_model_from_case (model, error);
  if (scope == NULL)
    return NULL;

  docinfo = json_object_new ();
  {
    g_autofree char *today = tj_date_today_iso (options ? options->today : NULL);
    json_object_set_string_member (docinfo, "today", today);
  }
  json_object_set_string_member (docinfo, "template", tmpl->name);
  json_object_set_string_member (docinfo, "title", tmpl->title);
  json_object_set_object_member (scope, "doc", docinfo);

  doc = g_new0 (TjDocument, 1);
  doc->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);

  ev.tmpl = tmpl;
  ev.model = scope;
  ev.bindings = g_array_new (FALSE, FALSE, sizeof (Binding));
  ev.error = error;
  ok = eval_items (&ev, tmpl->root->children, eval_block, doc);
  g_array_unref (ev.bindings);
  if (!ok)
    return NULL;
  if (doc->title == NULL)
    doc->title = g_strdup (tmpl->title);
  return g_steal_pointer (&doc);
}
