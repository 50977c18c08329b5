/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The session window's model, without a display: who looks at each step
 * (the table in the joint step, the mediator after a deliberate reveal
 * that ends with the step or the parties' screen), what each list holds
 * for that audience, and a reload when another connection writes (a
 * settlement agreed elsewhere). The model reads and writes on the
 * repository's worker: the async reload, writes in a row landing in order,
 * a refused write changing nothing, a reload asked during a write never
 * showing what was there before it. Waits end as soon as the worker's
 * answer or the repository's signal came, bounded by a generous timeout:
 * nothing sleeps. */

#include <glib/gstdio.h>
#include <string.h>

#include "tj-calendar.h"
#include "tj-case.h"
#include "tj-json.h"
#include "tj-repository.h"
#include "tj-session-model.h"
#include "tj-test-store.h"
#include "tj-test-util.h"

#define WAIT_MS 10000
#define SECRET_NOTE "春节前要拿现金回家 SENTINEL-5521"

typedef struct {
  char           *dir;
  char           *path;
  TjRepository   *repo;
  TjCaseContext   ctx;
  char           *case_id;
  char           *worker;     /* the worker side's caucus */
  char           *joint;
} Fixture;

static char *
start (Fixture    *f,
       const char *kind,
       const char *side)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) s = NULL;

  json_object_set_string_member (input, "case_id", f->case_id);
  json_object_set_string_member (input, "kind", kind);
  if (side)
    json_object_set_string_member (input, "party_side", side);
  s = tj_session_start_meeting (tj_repository_get_store (f->repo), &f->ctx, input, &error);
  g_assert_no_error (error);
  return g_strdup (tj_json_get_string (s, "id", NULL));
}

static void
offer (Fixture    *f,
       const char *session,
       const char *json)
{
  tj_test_add_offer (tj_repository_get_store (f->repo), &f->ctx, session, json);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = tj_test_object ("{\"title\":\"城南工地农民工欠薪\",\"kind\":\"wage_arrears\",\"source\":\"hotline\","
                                                "\"received_on\":\"2026-11-16\",\"accepted_on\":\"2026-11-16\","
                                                "\"knew_on\":\"2026-10-31\",\"employment_ended_on\":\"2026-10-31\","
                                                "\"employer\":{\"name\":\"华建劳务有限公司\"},"
                                                "\"workers\":[{\"name\":\"张三\",\"owed_fen\":60000000},"
                                                "{\"name\":\"王伟\",\"owed_fen\":50605000}]}");
  g_autoptr(JsonObject) added = NULL;
  g_autoptr(JsonObject) note = NULL;

  f->dir = g_dir_make_tmp ("tj-session-model-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "model.db", NULL);
  f->repo = tj_repository_open (f->path, &error);
  g_assert_no_error (error);
  tj_case_context_init_defaults (&f->ctx);
  f->ctx.actor = "调解员甲";
  f->ctx.today = "2026-11-22";
  added = tj_case_add (tj_repository_get_store (f->repo), &f->ctx, input, &error);
  g_assert_no_error (error);
  f->case_id = g_strdup (tj_json_get_string (added, "id", NULL));

  /* A caucus with a note and a bottom line; then both sides together. */
  f->worker = start (f, "separate", "worker");
  g_clear_pointer (&input, json_object_unref);
  input = tj_test_object ("{\"text\":\"" SECRET_NOTE "\"}");
  note = tj_session_note_add (tj_repository_get_store (f->repo), &f->ctx, f->worker, input, &error);
  g_assert_no_error (error);
  offer (f, f->worker, "{\"by\":\"worker\",\"issue\":\"wages_owed\",\"amount_fen\":110605000}");
  offer (f, f->worker, "{\"by\":\"worker\",\"issue\":\"wages_owed\",\"amount_fen\":86000000,\"visibility\":\"caucus\"}");
  f->joint = start (f, "joint", NULL);
  offer (f, f->joint, "{\"by\":\"employer\",\"issue\":\"wages_owed\",\"amount_fen\":60000000}");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->repo);
  tj_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
  g_free (f->case_id);
  g_free (f->worker);
  g_free (f->joint);
}

static gboolean
wait_for (gboolean (*condition) (gpointer),
          gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) WAIT_MS * 1000;

  while (!condition (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return condition (data);
}

static gboolean
idle (gpointer model)
{
  return tj_session_model_get_loaded (model) && !tj_session_model_get_busy (model);
}

/* Until every read and write asked of the model is shown. */
static void
settle (TjSessionModel *model)
{
  g_assert_true (wait_for (idle, model));
}

typedef struct {
  GAsyncResult *result;
  int           order;
} Done;

static int done_count;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Done *done = user_data;

  done->result = g_object_ref (result);
  done->order = ++done_count;
}

static gboolean
is_done (gpointer data)
{
  return ((Done *) data)->result != NULL;
}

static void
done_clear (Done *done)
{
  g_clear_object (&done->result);
}

static TjSessionModel *
model_new_unread (Fixture *f)
{
  TjSessionModel *model = tj_session_model_new (f->repo, f->case_id);
  g_autoptr(TjClock) clock = NULL;
  g_autoptr(TjContext) context = NULL;
  GDate today;

  /* The model writes with what its context says: the fixture's day and
   * mediator. */
  g_date_clear (&today, 1);
  g_assert_true (tj_date_parse_iso (f->ctx.today, &today));
  clock = tj_clock_new_pinned (&today);
  context = tj_context_new (NULL, clock);
  tj_context_override (context, TJ_CONTEXT_MEDIATOR_NAME, f->ctx.actor);
  tj_session_model_set_context (model, context);
  return model;
}

/* A model as the window has it: read on the worker. */
static TjSessionModel *
model_new (Fixture *f)
{
  TjSessionModel *model = model_new_unread (f);

  tj_session_model_queue_reload (model);
  settle (model);
  return model;
}

/* Everything the model hands the window, as one text. */
static char *
everything (TjSessionModel *model)
{
  static const char * const lists[] = {
    "flow", "checklist", "attendance", "main-note", "shared-notes", "interests", "meetings", "moves",
    "bottom-lines",
  };
  GListModel *issues = tj_session_model_get_list (model, "issues");
  GString *s = g_string_new (NULL);

  /* Every text property of every issue row, whatever it is called. */
  for (guint k = 0; k < g_list_model_get_n_items (issues); k++)
    {
      g_autoptr(GObject) issue = g_list_model_get_item (issues, k);
      guint n_props = 0;
      g_autofree GParamSpec **props = g_object_class_list_properties (G_OBJECT_GET_CLASS (issue), &n_props);

      for (guint p = 0; p < n_props; p++)
        if (props[p]->value_type == G_TYPE_STRING)
          {
            g_autofree char *v = NULL;
            g_object_get (issue, props[p]->name, &v, NULL);
            g_string_append_printf (s, "%s|", v ? v : "");
          }
      g_string_append_c (s, '\n');
    }

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      GListModel *list = tj_session_model_get_list (model, lists[i]);
      for (guint k = 0; k < g_list_model_get_n_items (list); k++)
        {
          g_autoptr(TjSessionItem) item = g_list_model_get_item (list, k);
          g_string_append_printf (s, "%s|%s\n", tj_session_item_get_title (item),
                                  tj_session_item_get_subtitle (item) ? tj_session_item_get_subtitle (item) : "");
        }
    }
  if (tj_session_model_get_view (model))
    {
      g_autofree char *v = tj_json_object_to_string (tj_session_model_get_view (model), FALSE);
      g_string_append (s, v);
    }
  if (tj_session_model_get_session (model))
    {
      g_autofree char *v = tj_json_object_to_string (tj_session_model_get_session (model), FALSE);
      g_string_append (s, v);
    }
  return g_string_free (s, FALSE);
}

static gboolean
shows_secret (TjSessionModel *model)
{
  g_autofree char *all = everything (model);
  return strstr (all, SECRET_NOTE) != NULL || strstr (all, "86000000") != NULL || strstr (all, "860,000.00") != NULL;
}

static void
test_audience (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(TjSessionModel) model = model_new (f);

  /* It opens at the meeting in progress: both sides at the table. */
  g_assert_cmpstr (tj_session_model_get_step (model), ==, "joint");
  g_assert_cmpint (tj_session_model_get_audience (model), ==, TJ_AUDIENCE_TABLE);
  g_assert_true (tj_session_model_get_can_reveal (model));
  g_assert_false (shows_secret (model));
  g_assert_cmpuint (g_list_model_get_n_items (tj_session_model_get_list (model, "moves")), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (tj_session_model_get_list (model, "interests")), ==, 0);

  /* The mediator reveals deliberately: now, and only now, it shows. */
  tj_session_model_set_reveal_private (model, TRUE);
  settle (model);
  g_assert_cmpint (tj_session_model_get_audience (model), ==, TJ_AUDIENCE_MEDIATOR);
  g_assert_true (shows_secret (model));
  g_assert_cmpuint (g_list_model_get_n_items (tj_session_model_get_list (model, "moves")), ==, 3);

  /* Another step ends the reveal; coming back, it is off. */
  tj_session_model_set_step (model, "separate_worker");
  g_assert_false (tj_session_model_get_reveal_private (model));
  settle (model);
  g_assert_cmpint (tj_session_model_get_audience (model), ==, TJ_AUDIENCE_MEDIATOR);
  {
    GListModel *note = tj_session_model_get_list (model, "main-note");
    g_autoptr(TjSessionItem) item = g_list_model_get_item (note, 0);
    g_assert_nonnull (item);
    g_assert_cmpstr (tj_session_item_get_title (item), ==, SECRET_NOTE);
  }
  /* Back at the table: nothing private from the moment the step changes,
   * before the table's view is read. */
  tj_session_model_set_step (model, "joint");
  g_assert_cmpint (tj_session_model_get_audience (model), ==, TJ_AUDIENCE_TABLE);
  g_assert_false (shows_secret (model));
  settle (model);
  g_assert_cmpint (tj_session_model_get_audience (model), ==, TJ_AUDIENCE_TABLE);
  g_assert_false (shows_secret (model));

  /* The parties' screen opens: a reveal ends and cannot start again, and
   * even the worker's caucus shows nothing private — at once, not only
   * once read. */
  tj_session_model_set_reveal_private (model, TRUE);
  settle (model);
  g_assert_true (shows_secret (model));
  tj_session_model_set_presenting (model, TRUE);
  g_assert_false (tj_session_model_get_reveal_private (model));
  g_assert_cmpint (tj_session_model_get_audience (model), ==, TJ_AUDIENCE_TABLE);
  g_assert_false (shows_secret (model));
  settle (model);
  g_assert_false (shows_secret (model));
  tj_session_model_set_reveal_private (model, TRUE);
  g_assert_false (tj_session_model_get_reveal_private (model));
  settle (model);
  g_assert_false (shows_secret (model));
  tj_session_model_set_step (model, "separate_worker");
  g_assert_false (shows_secret (model));
  settle (model);
  g_assert_cmpint (tj_session_model_get_audience (model), ==, TJ_AUDIENCE_TABLE);
  g_assert_false (shows_secret (model));
  g_assert_cmpuint (g_list_model_get_n_items (tj_session_model_get_list (model, "main-note")), ==, 0);
  tj_session_model_set_presenting (model, FALSE);
  settle (model);
  g_assert_true (shows_secret (model));

  /* The lock opened and F5 pressed before the mediator's view was read:
   * that read is set aside, never shown to the table. */
  tj_session_model_set_step (model, "joint");
  settle (model);
  tj_session_model_set_reveal_private (model, TRUE);
  g_assert_true (tj_session_model_get_busy (model));
  tj_session_model_set_presenting (model, TRUE);
  g_assert_false (shows_secret (model));
  settle (model);
  g_assert_cmpint (tj_session_model_get_audience (model), ==, TJ_AUDIENCE_TABLE);
  g_assert_false (shows_secret (model));
}

typedef struct {
  TjSessionModel *model;
  const char     *status;
} SettlementWait;

static gboolean
settlement_is (gpointer data)
{
  SettlementWait *w = data;
  JsonObject *s = tj_session_model_get_settlement (w->model);
  return s && g_strcmp0 (tj_json_get_string (s, "status", NULL), w->status) == 0;
}


static gboolean
has_moves (gpointer data)
{
  return g_list_model_get_n_items (tj_session_model_get_list (data, "moves")) == 3;
}

/* Written elsewhere (another connection, as the case page or the CLI):
 * the model reads again when the repository says so. */
static void
test_changed_elsewhere (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjSessionModel) model = model_new (f);
  g_autoptr(TjStore) other = tj_store_open (f->path, &error);
  g_autoptr(JsonObject) input = tj_test_object ("{\"by\":\"worker\",\"issue\":\"wages_owed\",\"amount_fen\":100000000}");
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) terms = tj_test_object ("{\"due_on\":\"2026-12-31\",\"total_fen\":87500000}");
  g_autoptr(JsonObject) doc = NULL;
  g_autofree char *rev = NULL;
  SettlementWait wait = { model, "draft" };

  g_assert_no_error (error);
  g_assert_true (tj_case_attach (other, &error));
  g_assert_cmpuint (g_list_model_get_n_items (tj_session_model_get_list (model, "moves")), ==, 2);
  g_clear_pointer (&result, json_object_unref);
  result = tj_session_offer_add (other, &f->ctx, f->joint, input, &error);
  g_assert_no_error (error);
  g_assert_true (wait_for (has_moves, model));

  /* Agreed here: the outcome step with a draft. */
  g_clear_pointer (&result, json_object_unref);
  {
    Done done = { NULL };
    tj_session_model_end_async (model, "agreed", NULL, terms, NULL, done_cb, &done);
    g_assert_true (wait_for (is_done, &done));
    result = tj_session_model_end_finish (model, done.result, &error);
    done_clear (&done);
  }
  g_assert_no_error (error);
  g_assert_cmpstr (tj_session_model_get_step (model), ==, "outcome");
  g_assert_true (settlement_is (&wait));

  /* Agreed on the case page (another connection): not a draft any more. */
  doc = tj_store_get (other, tj_json_get_string (result, "settlement_id", ""), NULL, TJ_GET_NONE, &error);
  g_assert_no_error (error);
  json_object_set_string_member (doc, "status", "agreed");
  rev = tj_store_put (other, doc, NULL, &error);
  g_assert_no_error (error);
  wait.status = "agreed";
  g_assert_true (wait_for (settlement_is, &wait));
}

/* The attendance of a collective case: every worker of the case, with
 * who is present, updated in place (the same rows, ticked). */
static void
test_lists (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjSessionModel) model = model_new (f);
  GListModel *attendance = tj_session_model_get_list (model, "attendance");
  g_autoptr(TjSessionItem) first = NULL;
  g_autoptr(TjSessionItem) again = NULL;
  g_autoptr(JsonObject) patch = json_object_new ();
  JsonArray *ids = json_array_new ();

  g_assert_cmpuint (g_list_model_get_n_items (attendance), ==, 3);
  first = g_list_model_get_item (attendance, 0);
  g_assert_cmpstr (tj_session_item_get_kind (first), ==, "worker");
  g_assert_false (tj_session_item_get_active (first));
  json_array_add_string_element (ids, tj_session_item_get_id (first));
  json_object_set_array_member (patch, "attendance", ids);
  {
    Done done = { NULL };
    tj_session_model_update_async (model, patch, NULL, done_cb, &done);
    g_assert_true (wait_for (is_done, &done));
    g_assert_true (tj_session_model_update_finish (model, done.result, &error));
    done_clear (&done);
  }
  g_assert_no_error (error);
  again = g_list_model_get_item (attendance, 0);
  g_assert_true (again == first);
  g_assert_true (tj_session_item_get_active (first));

  /* The flow: six steps, the joint one current. */
  {
    GListModel *flow = tj_session_model_get_list (model, "flow");
    g_autoptr(TjSessionItem) joint = g_list_model_get_item (flow, 4);
    g_assert_cmpuint (g_list_model_get_n_items (flow), ==, 6);
    g_assert_cmpstr (tj_session_item_get_id (joint), ==, "joint");
    g_assert_cmpstr (tj_session_item_get_state (joint), ==, "current");
  }
  /* Meetings: the worker's caucus ended when the joint one started. */
  {
    GListModel *meetings = tj_session_model_get_list (model, "meetings");
    g_autoptr(TjSessionItem) caucus = g_list_model_get_item (meetings, 0);
    g_assert_cmpuint (g_list_model_get_n_items (meetings), ==, 2);
    g_assert_cmpstr (tj_session_item_get_state (caucus), ==, "ended");
  }
}

static TjSessionIssueRow *
issue_at (TjSessionModel *model,
          guint           position)
{
  return g_list_model_get_item (tj_session_model_get_list (model, "issues"), position);
}

static gboolean
issue_crossed (gpointer data)
{
  g_autoptr(TjSessionIssueRow) issue = issue_at (data, 0);
  return issue && tj_session_issue_row_get_settled (issue);
}

/* The issues of the offers section: figures, gap and crossing from core,
 * the bottom line only in the mediator's rows, and a new row when a
 * figure is named elsewhere. */
static void
test_issues (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjSessionModel) model = model_new (f);
  GListModel *issues = tj_session_model_get_list (model, "issues");
  GListModel *bottom = tj_session_model_get_list (model, "bottom-lines");
  g_autoptr(TjSessionIssueRow) issue = NULL;
  g_autoptr(TjStore) other = tj_store_open (f->path, &error);
  g_autoptr(JsonObject) input = tj_test_object ("{\"by\":\"worker\",\"issue\":\"wages_owed\",\"amount_fen\":60000000}");
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(TjSessionItem) line = NULL;

  g_assert_no_error (error);
  g_assert_true (g_type_is_a (g_list_model_get_item_type (issues), TJ_TYPE_SESSION_ISSUE_ROW));

  /* At the table: both figures said there, the gap, nothing private. */
  g_assert_cmpint (tj_session_model_get_audience (model), ==, TJ_AUDIENCE_TABLE);
  g_assert_cmpuint (g_list_model_get_n_items (issues), ==, 1);
  issue = issue_at (model, 0);
  g_assert_cmpstr (tj_session_issue_row_get_key (issue), ==, "wages_owed");
  g_assert_cmpstr (tj_session_issue_row_get_label (issue), ==, "Wages owed");
  g_assert_cmpstr (tj_session_issue_row_get_status (issue), ==, "open");
  g_assert_false (tj_session_issue_row_get_settled (issue));
  g_assert_cmpstr (tj_session_issue_row_get_worker (issue), ==, "¥1,106,050.00");
  g_assert_cmpstr (tj_session_issue_row_get_employer (issue), ==, "¥600,000.00");
  g_assert_cmpstr (tj_session_issue_row_get_summary (issue), ==,
                   "Worker side: ¥1,106,050.00 · Employer side: ¥600,000.00");
  g_assert_cmpstr (tj_session_issue_row_get_gap (issue), ==, "Gap ¥506,050.00");
  g_assert_null (tj_session_issue_row_get_message (issue));
  g_assert_cmpint (tj_session_issue_row_get_round (issue), ==, 1);
  g_assert_null (tj_session_issue_row_get_worker_bottom_line (issue));
  g_assert_null (tj_session_issue_row_get_employer_bottom_line (issue));
  g_assert_cmpuint (g_list_model_get_n_items (bottom), ==, 0);
  g_clear_object (&issue);

  /* The mediator's own view: the worker side's bottom line, as a row. */
  tj_session_model_set_reveal_private (model, TRUE);
  settle (model);
  issue = issue_at (model, 0);
  g_assert_cmpstr (tj_session_issue_row_get_worker_bottom_line (issue), ==, "¥860,000.00");
  g_assert_null (tj_session_issue_row_get_employer_bottom_line (issue));
  g_assert_cmpuint (g_list_model_get_n_items (bottom), ==, 1);
  line = g_list_model_get_item (bottom, 0);
  g_assert_cmpstr (tj_session_item_get_title (line), ==, "Worker side’s bottom line: ¥860,000.00");
  g_assert_cmpstr (tj_session_item_get_subtitle (line), ==, "Wages owed");
  g_assert_true (tj_session_item_get_flag (line));
  g_clear_object (&issue);

  /* The parties' screen: gone again, from the rows and the list. */
  tj_session_model_set_presenting (model, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (bottom), ==, 0);
  settle (model);
  issue = issue_at (model, 0);
  g_assert_null (tj_session_issue_row_get_worker_bottom_line (issue));
  g_assert_cmpuint (g_list_model_get_n_items (bottom), ==, 0);
  g_clear_object (&issue);
  tj_session_model_set_presenting (model, FALSE);
  settle (model);

  /* The worker side comes down to the employer's figure, said through
   * another connection: the row says the ranges crossed. */
  g_assert_true (tj_case_attach (other, &error));
  result = tj_session_offer_add (other, &f->ctx, f->joint, input, &error);
  g_assert_no_error (error);
  g_assert_true (wait_for (issue_crossed, model));
  issue = issue_at (model, 0);
  g_assert_cmpstr (tj_session_issue_row_get_status (issue), ==, "crossed");
  g_assert_cmpstr (tj_session_issue_row_get_gap (issue), ==, "Crossed");
  g_assert_cmpstr (tj_session_issue_row_get_message (issue), ==,
                   "Wages owed: the ranges have crossed — both sides can meet at ¥600,000.00");
}


/* The first read on the worker: nothing until it is done, then every
 * list, as the main thread's reload fills them. */
static void
test_async_reload (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjSessionModel) model = model_new_unread (f);
  g_autoptr(TjSessionModel) direct = model_new_unread (f);
  g_autofree char *read_there = NULL;
  g_autofree char *read_here = NULL;

  tj_session_model_queue_reload (model);
  /* Asked twice while the first read runs: read once more, not twice. */
  tj_session_model_queue_reload (model);
  g_assert_false (tj_session_model_get_loaded (model));
  g_assert_true (tj_session_model_get_busy (model));
  g_assert_cmpuint (g_list_model_get_n_items (tj_session_model_get_list (model, "flow")), ==, 0);
  settle (model);
  g_assert_cmpstr (tj_session_model_get_step (model), ==, "joint");
  g_assert_cmpuint (g_list_model_get_n_items (tj_session_model_get_list (model, "flow")), ==, 6);
  g_assert_cmpuint (g_list_model_get_n_items (tj_session_model_get_list (model, "moves")), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (tj_session_model_get_list (model, "attendance")), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (tj_session_model_get_list (model, "issues")), ==, 1);
  g_assert_nonnull (tj_session_model_get_session (model));

  /* The same as the main thread's connection reads. */
  g_assert_true (tj_session_model_reload (direct, &error));
  g_assert_no_error (error);
  read_there = everything (model);
  read_here = everything (direct);
  g_assert_cmpstr (read_there, ==, read_here);
}

static void
read_failed_cb (TjSessionModel *model,
                GError         *error,
                GError        **out)
{
  g_clear_error (out);
  *out = g_error_copy (error);
}

static gboolean
not_busy (gpointer model)
{
  return !tj_session_model_get_busy (model);
}

/* A case that cannot be read: "read-failed" says why, and the model is
 * never "loaded" (the window keeps its sections without a model). */
static void
test_read_fails (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TjSessionModel) model = tj_session_model_new (f->repo, "case-that-is-not-there");
  g_autoptr(GError) error = NULL;

  g_signal_connect (model, "read-failed", G_CALLBACK (read_failed_cb), &error);
  tj_session_model_queue_reload (model);
  g_assert_true (wait_for (not_busy, model));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  g_assert_false (tj_session_model_get_loaded (model));
  g_assert_cmpuint (g_list_model_get_n_items (tj_session_model_get_list (model, "flow")), ==, 0);
}

static gboolean
issue_worker_is (TjSessionModel *model,
                 const char     *figure)
{
  g_autoptr(TjSessionIssueRow) issue = issue_at (model, 0);

  return issue && g_strcmp0 (tj_session_issue_row_get_worker (issue), figure) == 0;
}

/* Two figures asked for one after the other, without waiting: written in
 * that order (the later is the worker side's latest), each caller told in
 * that order, and told only once its figure is shown. */
static void
test_writes_in_order (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjSessionModel) model = model_new (f);
  g_autoptr(JsonObject) first = tj_test_object ("{\"by\":\"worker\",\"issue\":\"wages_owed\",\"amount_fen\":100000000}");
  g_autoptr(JsonObject) second = tj_test_object ("{\"by\":\"worker\",\"issue\":\"wages_owed\",\"amount_fen\":95000000}");
  g_autoptr(JsonObject) session = NULL;
  Done a = { NULL }, b = { NULL };
  JsonArray *offers;

  done_count = 0;
  tj_session_model_add_offer_async (model, first, NULL, done_cb, &a);
  tj_session_model_add_offer_async (model, second, NULL, done_cb, &b);
  g_assert_true (tj_session_model_get_busy (model));
  g_assert_true (wait_for (is_done, &a));
  g_assert_true (tj_session_model_add_offer_finish (model, a.result, &error));
  g_assert_no_error (error);
  /* Told once shown: the first figure is in the model's rows. */
  g_assert_cmpuint (g_list_model_get_n_items (tj_session_model_get_list (model, "moves")), >=, 3);
  g_assert_true (wait_for (is_done, &b));
  g_assert_true (tj_session_model_add_offer_finish (model, b.result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (a.order, ==, 1);
  g_assert_cmpint (b.order, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (tj_session_model_get_list (model, "moves")), ==, 4);
  g_assert_true (issue_worker_is (model, "¥950,000.00"));

  /* Stored in that order. */
  session = tj_session_show (tj_repository_get_store (f->repo), &f->ctx, f->joint, &error);
  g_assert_no_error (error);
  offers = tj_json_get_array (session, "offers");
  g_assert_nonnull (offers);
  g_assert_cmpuint (json_array_get_length (offers), ==, 3);
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (offers, 1), "amount_fen", 0), ==, 100000000);
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (offers, 2), "amount_fen", 0), ==, 95000000);
  done_clear (&a);
  done_clear (&b);
  settle (model);
}

/* A write the core refuses: the caller gets the core's message, nothing
 * is stored and the model shows exactly what it showed. */
static void
test_write_fails (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjSessionModel) model = model_new (f);
  g_autoptr(JsonObject) bad = tj_test_object ("{\"by\":\"worker\",\"issue\":\"wages_owed\",\"amount_fen\":-5}");
  g_autoptr(JsonObject) patch = tj_test_object ("{\"checklist\":{\"rights_explained\":true}}");
  g_autoptr(JsonObject) session = NULL;
  g_autofree char *before = everything (model);
  g_autofree char *after = NULL;
  gint64 seq = tj_store_get_update_seq (tj_repository_get_store (f->repo));
  Done done = { NULL };

  tj_session_model_add_offer_async (model, bad, NULL, done_cb, &done);
  g_assert_true (wait_for (is_done, &done));
  g_assert_false (tj_session_model_add_offer_finish (model, done.result, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (error->message);
  g_clear_error (&error);
  done_clear (&done);
  settle (model);
  after = everything (model);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (tj_store_get_update_seq (tj_repository_get_store (f->repo)), ==, seq);
  session = tj_session_show (tj_repository_get_store (f->repo), &f->ctx, f->joint, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (session, "offers")), ==, 1);

  /* Where there is no meeting to write to, the same. */
  tj_session_model_set_step (model, "preparation");
  settle (model);
  tj_session_model_update_async (model, patch, NULL, done_cb, &done);
  g_assert_true (wait_for (is_done, &done));
  g_assert_false (tj_session_model_update_finish (model, done.result, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  done_clear (&done);
  g_assert_cmpint (tj_store_get_update_seq (tj_repository_get_store (f->repo)), ==, seq);
}

static void
count_moves_cb (GListModel *list,
                guint       position,
                guint       removed,
                guint       added,
                GArray     *seen)
{
  guint n = g_list_model_get_n_items (list);

  g_array_append_val (seen, n);
}

/* Reloads asked for around a write (one before it, while it runs, one
 * after): the lists only ever go forward — what was read before the write
 * never replaces what the write shows — and the last word is the write's. */
static void
test_reload_during_write (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjSessionModel) model = model_new (f);
  g_autoptr(JsonObject) input = tj_test_object ("{\"by\":\"employer\",\"issue\":\"wages_owed\",\"amount_fen\":70000000}");
  g_autoptr(JsonObject) again = tj_test_object ("{\"by\":\"employer\",\"issue\":\"wages_owed\",\"amount_fen\":75000000}");
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (guint));
  GListModel *moves = tj_session_model_get_list (model, "moves");
  Done done = { NULL }, second = { NULL };

  g_signal_connect (moves, "items-changed", G_CALLBACK (count_moves_cb), seen);
  tj_session_model_queue_reload (model);
  tj_session_model_add_offer_async (model, input, NULL, done_cb, &done);
  tj_session_model_queue_reload (model);
  g_assert_true (wait_for (is_done, &done));
  g_assert_true (tj_session_model_add_offer_finish (model, done.result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (moves), ==, 3);
  g_assert_true (tj_session_model_get_session (model) != NULL);

  /* A reload asked while the next write waits behind it on the worker:
   * its read is older than the write and is set aside. */
  tj_session_model_queue_reload (model);
  tj_session_model_add_offer_async (model, again, NULL, done_cb, &second);
  settle (model);
  g_assert_true (is_done (&second));
  g_assert_true (tj_session_model_add_offer_finish (model, second.result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (moves), ==, 4);
  {
    g_autoptr(TjSessionIssueRow) issue = issue_at (model, 0);
    g_assert_cmpstr (tj_session_issue_row_get_employer (issue), ==, "¥750,000.00");
  }
  for (guint i = 1; i < seen->len; i++)
    g_assert_cmpuint (g_array_index (seen, guint, i), >=, g_array_index (seen, guint, i - 1));
  g_signal_handlers_disconnect_by_func (moves, count_moves_cb, seen);
  done_clear (&done);
  done_clear (&second);
}

int
main (int   argc,
      char *argv[])
{
  tj_test_pin_today ("2026-11-22");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("TIAOJIE_GUIDANCE", "/nonexistent/tiaojie-guidance.json", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/session-model/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("audience", test_audience);
  ADD ("changed-elsewhere", test_changed_elsewhere);
  ADD ("lists", test_lists);
  ADD ("issues", test_issues);
  ADD ("async-reload", test_async_reload);
  ADD ("read-fails", test_read_fails);
  ADD ("writes-in-order", test_writes_in_order);
  ADD ("write-fails", test_write_fails);
  ADD ("reload-during-write", test_reload_during_write);
#undef ADD
  return g_test_run ();
}
