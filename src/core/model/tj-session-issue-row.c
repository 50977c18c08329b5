/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Session"

/* The issues of the session model's "issues" list: each issue's state as
 * the offers section shows it (a card when the ranges crossed or a figure
 * was agreed, a row with the gap), with the figures already written as
 * the reader's language writes them. Built from the figures of
 * tj_session_view() for the model's audience; the bottom lines are copied
 * only for the mediator, so an issue seen by the table cannot carry one
 * even if the view had. See tj-session-model.h. */

#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-session-model.h"
#include "tj-session-model-private.h"

struct _TjSessionIssueRow
{
  GObject   parent_instance;

  char     *key;
  char     *label;
  char     *status;
  char     *worker;
  char     *employer;
  char     *summary;
  char     *gap;
  char     *message;
  char     *worker_bottom_line;
  char     *employer_bottom_line;
  int       round;
};

G_DEFINE_FINAL_TYPE (TjSessionIssueRow, tj_session_issue_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KEY,
  PROP_LABEL,
  PROP_STATUS,
  PROP_SETTLED,
  PROP_WORKER,
  PROP_EMPLOYER,
  PROP_SUMMARY,
  PROP_GAP,
  PROP_MESSAGE,
  PROP_WORKER_BOTTOM_LINE,
  PROP_EMPLOYER_BOTTOM_LINE,
  PROP_ROUND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tj_session_issue_row_finalize (GObject *object)
{
  TjSessionIssueRow *self = TJ_SESSION_ISSUE_ROW (object);

  g_free (self->key);
  g_free (self->label);
  g_free (self->status);
  g_free (self->worker);
  g_free (self->employer);
  g_free (self->summary);
  g_free (self->gap);
  g_free (self->message);
  g_free (self->worker_bottom_line);
  g_free (self->employer_bottom_line);
  G_OBJECT_CLASS (tj_session_issue_row_parent_class)->finalize (object);
}

static void
tj_session_issue_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TjSessionIssueRow *self = TJ_SESSION_ISSUE_ROW (object);

  switch (prop_id)
    {
    case PROP_KEY: g_value_set_string (value, self->key); break;
    case PROP_LABEL: g_value_set_string (value, self->label); break;
    case PROP_STATUS: g_value_set_string (value, self->status); break;
    case PROP_SETTLED: g_value_set_boolean (value, tj_session_issue_row_get_settled (self)); break;
    case PROP_WORKER: g_value_set_string (value, self->worker); break;
    case PROP_EMPLOYER: g_value_set_string (value, self->employer); break;
    case PROP_SUMMARY: g_value_set_string (value, self->summary); break;
    case PROP_GAP: g_value_set_string (value, self->gap); break;
    case PROP_MESSAGE: g_value_set_string (value, self->message); break;
    case PROP_WORKER_BOTTOM_LINE: g_value_set_string (value, self->worker_bottom_line); break;
    case PROP_EMPLOYER_BOTTOM_LINE: g_value_set_string (value, self->employer_bottom_line); break;
    case PROP_ROUND: g_value_set_int (value, self->round); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_session_issue_row_class_init (TjSessionIssueRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = tj_session_issue_row_finalize;
  object_class->get_property = tj_session_issue_row_get_property;

  properties[PROP_KEY] = g_param_spec_string ("key", NULL, NULL, NULL, flags);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);
  properties[PROP_SETTLED] = g_param_spec_boolean ("settled", NULL, NULL, FALSE, flags);
  properties[PROP_WORKER] = g_param_spec_string ("worker", NULL, NULL, NULL, flags);
  properties[PROP_EMPLOYER] = g_param_spec_string ("employer", NULL, NULL, NULL, flags);
  properties[PROP_SUMMARY] = g_param_spec_string ("summary", NULL, NULL, NULL, flags);
  properties[PROP_GAP] = g_param_spec_string ("gap", NULL, NULL, NULL, flags);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, flags);
  properties[PROP_WORKER_BOTTOM_LINE] = g_param_spec_string ("worker-bottom-line", NULL, NULL, NULL, flags);
  properties[PROP_EMPLOYER_BOTTOM_LINE] = g_param_spec_string ("employer-bottom-line", NULL, NULL, NULL, flags);
  properties[PROP_ROUND] = g_param_spec_int ("round", NULL, NULL, 0, G_MAXINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tj_session_issue_row_init (TjSessionIssueRow *self)
{
}

#define GETTER(type, name, fallback)                              \
  type                                                            \
  tj_session_issue_row_get_##name (TjSessionIssueRow *self)          \
  {                                                               \
    g_return_val_if_fail (TJ_IS_SESSION_ISSUE_ROW (self), fallback);  \
    return self->name;                                            \
  }
GETTER (const char *, key, NULL)
GETTER (const char *, label, NULL)
GETTER (const char *, status, NULL)
GETTER (const char *, worker, NULL)
GETTER (const char *, employer, NULL)
GETTER (const char *, summary, NULL)
GETTER (const char *, gap, NULL)
GETTER (const char *, message, NULL)
GETTER (const char *, worker_bottom_line, NULL)
GETTER (const char *, employer_bottom_line, NULL)
GETTER (int, round, 0)
#undef GETTER

gboolean
tj_session_issue_row_get_settled (TjSessionIssueRow *self)
{
  g_return_val_if_fail (TJ_IS_SESSION_ISSUE_ROW (self), FALSE);
  return g_strcmp0 (self->status, "crossed") == 0 || g_strcmp0 (self->status, "agreed") == 0;
}

/* ------------------------------------------------------------ building */

static char *
format_figure (JsonObject *figure)
{
  if (figure == NULL)
    return g_strdup ("—");
  if (json_object_has_member (figure, "date"))
    return _tj_session_format_date (tj_json_get_string (figure, "date", ""));
  if (json_object_has_member (figure, "amount_fen"))
    return tj_money_format (tj_json_get_int (figure, "amount_fen", 0));
  return g_strdup (tj_json_get_string (figure, "text", "—"));
}

/* A crossing is the news of the day: the offers section says it first. */
static char *
message_of (JsonObject *issue,
            const char *status,
            const char *label)
{
  g_autofree char *point = NULL;

  if (!g_str_equal (status, "crossed") && !g_str_equal (status, "agreed"))
    return NULL;
  if (json_object_has_member (issue, "meeting_point_fen") && g_str_equal (status, "crossed"))
    point = tj_money_format (tj_json_get_int (issue, "meeting_point_fen", 0));
  else if (json_object_has_member (issue, "meeting_point_date") && g_str_equal (status, "crossed"))
    point = _tj_session_format_date (tj_json_get_string (issue, "meeting_point_date", ""));
  else
    point = format_figure (tj_json_get_object (issue, "agreed"));
  return g_str_equal (status, "crossed")
           ? g_strdup_printf (_("%s: the ranges have crossed — both sides can meet at %s"), label, point)
           : g_strdup_printf (_("%s: agreed at %s"), label, point);
}

static char *
gap_of (JsonObject *issue,
        const char *status)
{
  if (json_object_has_member (issue, "gap_fen") && g_str_equal (status, "open"))
    {
      g_autofree char *money = tj_money_format (tj_json_get_int (issue, "gap_fen", 0));
      return g_strdup_printf (_("Gap %s"), money);
    }
  if (json_object_has_member (issue, "gap_days") && g_str_equal (status, "open"))
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Gap %d day", "Gap %d days",
                                         (gulong) ABS (tj_json_get_int (issue, "gap_days", 0))),
                            (int) tj_json_get_int (issue, "gap_days", 0));
  if (g_str_equal (status, "open"))
    /* Translators: an issue on which the sides have not met yet. */
    return g_strdup (C_("issue state", "Open"));
  return g_strdup (g_str_equal (status, "agreed") ? _("Agreed") : _("Crossed"));
}

static char *
bottom_line_of (JsonObject *issue,
                const char *side)
{
  JsonObject *figure = tj_json_get_object (tj_json_get_object (issue, "bottom_lines"), side);

  return figure ? format_figure (figure) : NULL;
}

TjSessionIssueRow *
_tj_session_issue_row_new (JsonObject *issue,
                       TjAudience  audience)
{
  TjSessionIssueRow *self = g_object_new (TJ_TYPE_SESSION_ISSUE_ROW, NULL);
  JsonArray *moves = tj_json_get_array (issue, "moves");
  const char *status = tj_json_get_string (issue, "status", "open");

  self->key = g_strdup (tj_json_get_string (issue, "key", ""));
  self->label = g_strdup (tj_json_get_string (issue, "label", ""));
  self->status = g_strdup (status);
  self->worker = format_figure (tj_json_get_object (issue, "worker"));
  self->employer = format_figure (tj_json_get_object (issue, "employer"));
  self->summary = g_strdup_printf (_("Worker side: %s · Employer side: %s"), self->worker, self->employer);
  self->gap = gap_of (issue, status);
  self->message = message_of (issue, status, self->label);
  for (guint i = 0; moves && i < json_array_get_length (moves); i++)
    self->round = MAX (self->round, (int) tj_json_get_int (json_array_get_object_element (moves, i), "round", 1));
  /* The confidentiality rule, once more where the rows are made: only the
   * mediator's issues carry what a side told in confidence. */
  if (audience == TJ_AUDIENCE_MEDIATOR)
    {
      self->worker_bottom_line = bottom_line_of (issue, "worker");
      self->employer_bottom_line = bottom_line_of (issue, "employer");
    }
  return self;
}

static gboolean
same_issue (TjSessionIssueRow *a,
            TjSessionIssueRow *b)
{
  return g_strcmp0 (a->key, b->key) == 0 && g_strcmp0 (a->label, b->label) == 0 &&
         g_strcmp0 (a->status, b->status) == 0 && g_strcmp0 (a->summary, b->summary) == 0 &&
         g_strcmp0 (a->gap, b->gap) == 0 && g_strcmp0 (a->message, b->message) == 0 &&
         g_strcmp0 (a->worker_bottom_line, b->worker_bottom_line) == 0 &&
         g_strcmp0 (a->employer_bottom_line, b->employer_bottom_line) == 0 && a->round == b->round;
}

void
_tj_session_issues_sync (GListStore *store,
                         GPtrArray  *issues)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  /* An issue's figures change together: a changed issue is replaced, and
   * the list is left alone when nothing changed (the echo of a write). */
  if (n == issues->len)
    {
      gboolean same = TRUE;
      for (guint i = 0; same && i < n; i++)
        {
          g_autoptr(TjSessionIssueRow) old = g_list_model_get_item (G_LIST_MODEL (store), i);
          same = same_issue (old, issues->pdata[i]);
        }
      if (same)
        return;
    }
  g_list_store_splice (store, 0, n, issues->pdata, issues->len);
}

GPtrArray *
_tj_session_rows_issues (JsonArray  *issues,
                         TjAudience  audience)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; issues && i < json_array_get_length (issues); i++)
    g_ptr_array_add (rows, _tj_session_issue_row_new (json_array_get_object_element (issues, i), audience));
  return rows;
}

GPtrArray *
_tj_session_rows_bottom_lines (GPtrArray *issues)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < issues->len; i++)
    {
      TjSessionIssueRow *issue = issues->pdata[i];
      const char *lines[] = { issue->worker_bottom_line, issue->employer_bottom_line };
      static const char * const sides[] = { "worker", "employer" };

      for (guint s = 0; s < G_N_ELEMENTS (sides); s++)
        {
          g_autofree char *id = NULL;
          g_autofree char *title = NULL;
          TjSessionItem *item;

          if (lines[s] == NULL)
            continue;
          id = g_strdup_printf ("%s:%s", issue->key, sides[s]);
          title = g_strdup_printf (s == 0 ? _("Worker side’s bottom line: %s") : _("Employer side’s bottom line: %s"),
                                   lines[s]);
          item = _tj_session_item_new (id, title, issue->label);
          _tj_session_item_set (item, issue->key, sides[s], NULL, FALSE, TRUE, 0);
          g_ptr_array_add (rows, item);
        }
    }
  return rows;
}
