/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The list models of core that the pages bind to (issue 15): counted in
 * SQL and read a page at a time on the repository's worker, rows given
 * at once as placeholders and filled in place. Waits end when the result
 * arrives (bounded by a generous timeout); nothing sleeps. */

#include <glib/gstdio.h>

#include "tj-agenda-model.h"
#include "tj-arrears-list.h"
#include "tj-case-list.h"
#include "tj-json.h"
#include "tj-repository.h"
#include "tj-repo-test.h"
#include "tj-test-store.h"

#define add_case(f, json) tj_test_add_case ((f)->store, &(f)->ctx, (json))

static void
reload (TjPagedList *list)
{
  Reload r = { 0 };

  tj_paged_list_reload_async (list, NULL, reloaded_cb, &r);
  g_assert_true (tj_paged_list_get_loading (list));
  wait_for (&r.done);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *count)
{
  (*count)++;
}

/* The case list: a count, the first page with it, later pages on demand. */
static void
test_case_list (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjCaseList) list = tj_case_list_new (f->repo);
  g_autoptr(TjCaseRow) first = NULL;
  g_autoptr(TjCaseRow) mid = NULL;
  g_autoptr(TjCaseRow) last = NULL;
  g_autoptr(TjCaseRow) placeholder = NULL;
  TjCaseQuery q;
  guint changes = 0;

  g_assert_true (tj_store_begin (f->store, &error));
  for (int i = 0; i < 250; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"kind\":\"other\",\"source\":\"walk_in\","
                                               "\"received_on\":\"2026-%02d-%02d\",\"title\":\"案件%d\","
                                               "\"workers\":[{\"name\":\"%s\"}]}",
                                               1 + i / 28, 1 + i % 28, i, i % 2 ? "张三" : "李四");
      g_free (add_case (f, json));
    }
  g_assert_true (tj_store_commit (f->store, &error));

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == TJ_TYPE_CASE_ROW);
  tj_case_query_init (&q);
  tj_case_list_set_query (list, &q);
  /* Nothing is read on this thread: the count arrives later. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  reload (TJ_PAGED_LIST (list));
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 250);

  /* The first page came with the count; the second is a placeholder
   * until its page is read. Newest first, across page boundaries. */
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (tj_row_get_loaded (TJ_ROW (first)));
  g_assert_cmpstr (tj_case_row_get_title (first), ==, "案件249");
  placeholder = g_list_model_get_item (G_LIST_MODEL (list), 120);
  g_assert_false (tj_row_get_loaded (TJ_ROW (placeholder)));
  g_assert_cmpstr (tj_case_row_get_title (placeholder), ==, "");
  mid = get_loaded (G_LIST_MODEL (list), 120);
  g_assert_true (mid == placeholder);   /* filled in place */
  g_assert_cmpstr (tj_case_row_get_title (mid), ==, "案件129");
  last = get_loaded (G_LIST_MODEL (list), 249);
  g_assert_cmpstr (tj_case_row_get_title (last), ==, "案件0");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 250));
  g_assert_cmpuint (changes, ==, 1);
  {
    g_autofree char *title = NULL;
    guint workers = 0;
    g_object_get (first, "title", &title, "workers", &workers, NULL);
    g_assert_cmpstr (title, ==, "案件249");
    g_assert_cmpuint (workers, ==, 1);
  }

  /* A search narrows the model; the query strings are copied. */
  {
    g_autofree char *text = g_strdup ("张三");
    q.query = text;
    tj_case_list_set_query (list, &q);
  }
  reload (TJ_PAGED_LIST (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 125);
}

/* Typing a search: each keystroke reloads; only the last one counts, the
 * earlier ones end cancelled and change nothing. */
static void
test_superseded (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TjCaseList) list = tj_case_list_new (f->repo);
  static const char * const typed[] = { "张", "张三", "李" };
  Reload r[G_N_ELEMENTS (typed)] = { 0 };
  TjCaseQuery q;

  g_free (add_case (f, "{\"kind\":\"other\",\"source\":\"walk_in\",\"title\":\"案1\",\"received_on\":\"2026-03-01\",\"workers\":[{\"name\":\"张三\"}]}"));
  g_free (add_case (f, "{\"kind\":\"other\",\"source\":\"walk_in\",\"title\":\"案2\",\"received_on\":\"2026-03-02\",\"workers\":[{\"name\":\"李四\"}]}"));
  g_free (add_case (f, "{\"kind\":\"other\",\"source\":\"walk_in\",\"title\":\"案3\",\"received_on\":\"2026-03-03\",\"workers\":[{\"name\":\"李五\"}]}"));

  tj_case_query_init (&q);
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      q.query = typed[i];
      tj_case_list_set_query (list, &q);
      tj_paged_list_reload_async (TJ_PAGED_LIST (list), NULL, reloaded_cb, &r[i]);
    }
  wait_for (&r[2].done);
  g_assert_no_error (r[2].error);
  for (guint i = 0; i < 2; i++)
    {
      wait_for (&r[i].done);
      g_assert_error (r[i].error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&r[i].error);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_false (tj_paged_list_get_loading (TJ_PAGED_LIST (list)));
}

/* A reload asked (by a change in the data) while the reload of a new
 * search is still under way reads that search, not the list shown before
 * it: here the first query ever, so there is no older one at all. */
static void
test_reload_during_search (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(TjCaseList) list = tj_case_list_new (f->repo);
  Reload r[2] = { 0 };
  TjCaseQuery q;

  g_free (add_case (f, "{\"kind\":\"other\",\"source\":\"walk_in\",\"title\":\"案1\",\"received_on\":\"2026-03-01\",\"workers\":[{\"name\":\"张三\"}]}"));
  g_free (add_case (f, "{\"kind\":\"other\",\"source\":\"walk_in\",\"title\":\"案2\",\"received_on\":\"2026-03-02\",\"workers\":[{\"name\":\"李四\"}]}"));

  tj_case_query_init (&q);
  q.query = "李";
  tj_case_list_set_query (list, &q);
  tj_paged_list_reload_async (TJ_PAGED_LIST (list), NULL, reloaded_cb, &r[0]);
  tj_paged_list_reload_async (TJ_PAGED_LIST (list), NULL, reloaded_cb, &r[1]);
  wait_for (&r[1].done);
  g_assert_no_error (r[1].error);
  wait_for (&r[0].done);
  g_clear_error (&r[0].error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);

  /* And once shown, a plain reload keeps it. */
  reload (TJ_PAGED_LIST (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
}

typedef struct {
  gboolean  done;
  gboolean  ok;
  GError   *error;
} SummaryLoad;

static void
summary_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SummaryLoad *l = user_data;

  l->ok = tj_agenda_summary_reload_finish (TJ_AGENDA_SUMMARY (source), result, &l->error);
  l->done = TRUE;
}

static void
reload_summary (TjAgendaSummary     *summary,
                const TjCaseContext *ctx)
{
  SummaryLoad l = { 0 };

  tj_agenda_summary_reload_async (summary, ctx, 7, NULL, summary_loaded_cb, &l);
  g_assert_true (tj_agenda_summary_get_loading (summary));
  wait_for (&l.done);
  g_assert_no_error (l.error);
  g_assert_true (l.ok);
  g_assert_false (tj_agenda_summary_get_loading (summary));
}

/* Today's agenda as models: the summary holds the most urgent five of a
 * list and its count, the whole list is paged; both in the order and
 * with the items of tj_agenda(), which the CLI prints. */
static void
test_agenda (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) agenda = NULL;
  g_autoptr(TjAgendaSummary) summary = tj_agenda_summary_new (f->repo);
  g_autoptr(TjAgendaList) all = tj_agenda_list_new (f->repo);
  g_autoptr(TjAgendaItem) kept = NULL;
  g_autoptr(TjAgendaItem) again = NULL;
  g_autoptr(JsonArray) page = NULL;
  GListModel *top;
  JsonArray *overdue;
  guint n = 0;

  /* Accepted in October: their 15-day mediation limits passed before
   * 2026-11-22, the earliest accepted the longest overdue. */
  g_assert_true (tj_store_begin (f->store, &error));
  for (int i = 0; i < 12; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"title\":\"欠薪%d\",\"kind\":\"wage_arrears\","
                                               "\"source\":\"walk_in\",\"received_on\":\"2026-10-%02d\","
                                               "\"accepted_on\":\"2026-10-%02d\",\"employment_ongoing\":true,"
                                               "\"workers\":[{\"name\":\"工人%d\"}]}",
                                               i, 1 + i, 1 + i, i);
      g_free (add_case (f, json));
    }
  g_assert_true (tj_store_commit (f->store, &error));

  agenda = tj_agenda (f->store, &f->ctx, 7, &error);
  g_assert_no_error (error);
  overdue = tj_json_get_array (agenda, "overdue");
  g_assert_cmpuint (json_array_get_length (overdue), >=, 12);
  g_assert_true (tj_agenda_count (f->store, &f->ctx, "overdue", 7, &n, &error));
  g_assert_cmpuint (n, ==, json_array_get_length (overdue));
  /* A page from the middle is the same slice of the whole. */
  page = tj_agenda_items (f->store, &f->ctx, "overdue", 7, 3, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (page), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *a = json_array_get_object_element (page, i);
      JsonObject *b = json_array_get_object_element (overdue, 3 + i);

      g_assert_cmpstr (tj_json_get_string (a, "case_id", NULL), ==, tj_json_get_string (b, "case_id", NULL));
      g_assert_cmpstr (tj_json_get_string (a, "kind", NULL), ==, tj_json_get_string (b, "kind", NULL));
    }

  /* The summary: five rows and the count, nothing read on this thread. */
  reload_summary (summary, &f->ctx);
  g_assert_cmpuint (tj_agenda_summary_get_count (summary, "overdue"), ==, n);
  top = tj_agenda_summary_get_items (summary, "overdue");
  g_assert_true (g_list_model_get_item_type (top) == TJ_TYPE_AGENDA_ITEM);
  g_assert_cmpuint (g_list_model_get_n_items (top), ==, TJ_AGENDA_SUMMARY_TOP);
  kept = g_list_model_get_item (top, 0);
  g_assert_cmpstr (tj_agenda_item_get_section (kept), ==, "overdue");
  g_assert_cmpstr (tj_agenda_item_get_case_id (kept), ==,
                   tj_json_get_string (json_array_get_object_element (overdue, 0), "case_id", NULL));
  g_assert_cmpint (tj_agenda_item_get_days_left (kept), <, 0);
  g_assert_cmpint (tj_agenda_item_get_days_left (kept), ==,
                   tj_json_get_int (json_array_get_object_element (overdue, 0), "days_left", 0));
  g_assert_cmpstr (tj_agenda_summary_get_today (summary), ==, "2026-11-22");
  g_assert_cmpuint (tj_agenda_summary_get_total (summary), >=, n);

  /* Read again with nothing changed: the same rows stay (a row under the
   * pointer is not replaced). */
  reload_summary (summary, &f->ctx);
  again = g_list_model_get_item (top, 0);
  g_assert_true (again == kept);

  /* The whole list, paged: every item, the last one too. */
  tj_agenda_list_set_query (all, &f->ctx, "overdue", 7);
  reload (TJ_PAGED_LIST (all));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (all)), ==, n);
  {
    g_autoptr(TjAgendaItem) last = get_loaded (G_LIST_MODEL (all), n - 1);

    g_assert_cmpstr (tj_agenda_item_get_case_id (last), ==,
                     tj_json_get_string (json_array_get_object_element (overdue, n - 1), "case_id", NULL));
    g_assert_cmpstr (tj_agenda_list_get_section (all), ==, "overdue");
  }

  /* A case closed: it leaves the count on the next read. */
  {
    const char *id = tj_agenda_item_get_case_id (kept);
    guint before = tj_agenda_summary_get_count (summary, "overdue");
    g_autoptr(JsonObject) doc = tj_store_get (f->store, id, NULL, TJ_GET_NONE, &error);

    g_assert_no_error (error);
    json_object_set_string_member (doc, "status", "closed");
    g_free (tj_store_put (f->store, doc, NULL, &error));
    g_assert_no_error (error);
    reload_summary (summary, &f->ctx);
    g_assert_cmpuint (tj_agenda_summary_get_count (summary, "overdue"), <, before);
  }
}

/* The wage arrears: counted with their totals on the worker, the rows and
 * totals those of tj_arrears_list(), in the order asked for. */
static void
test_arrears_list (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const sorts[] = { "owed", "due", "overdue" };
  g_autoptr(TjArrearsList) list = tj_arrears_list_new (f->repo);
  g_autoptr(GError) error = NULL;
  g_autofree char *closed = NULL;

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"title\":\"欠薪%u\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                                               "\"employer\":{\"name\":\"公司%u\"},"
                                               "\"workers\":[{\"name\":\"甲\",\"owed_fen\":%u},{\"name\":\"乙\"}]}",
                                               i, i, 100000 * (i + 1));
      g_free (add_case (f, json));
    }
  closed = add_case (f, "{\"title\":\"撤回\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                        "\"employer\":{\"name\":\"某公司\"},\"workers\":[{\"name\":\"丙\",\"owed_fen\":100}]}");
  g_assert_true (tj_case_set_status (f->store, &f->ctx, closed, "withdrawn", "test", NULL, &error));
  g_assert_no_error (error);

  g_assert_null (tj_arrears_list_get_totals (list));
  for (guint s = 0; s < G_N_ELEMENTS (sorts); s++)
    {
      g_autoptr(JsonObject) expected = tj_arrears_list (f->store, sorts[s], f->ctx.today, &error);
      JsonArray *cases = tj_json_get_array (expected, "cases");
      JsonObject *totals;

      g_assert_no_error (error);
      tj_arrears_list_set_query (list, sorts[s], f->ctx.today);
      reload (TJ_PAGED_LIST (list));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 4);
      g_assert_cmpuint (json_array_get_length (cases), ==, 4);
      totals = tj_arrears_list_get_totals (list);
      g_assert_nonnull (totals);
      g_assert_cmpstr (tj_json_get_string (totals, "today", NULL), ==, f->ctx.today);
      g_assert_cmpint (tj_json_get_int (totals, "owed_fen", 0), ==, 1000000);
      g_assert_cmpint (tj_json_get_int (totals, "workers_owed", 0), ==, 4);
      g_assert_cmpint (tj_json_get_int (totals, "workers", 0), ==, 8);
      for (guint i = 0; i < 4; i++)
        {
          g_autoptr(TjArrearsRow) row = get_loaded (G_LIST_MODEL (list), i);
          JsonObject *c = json_array_get_object_element (cases, i);

          g_assert_cmpstr (tj_arrears_row_get_id (row), ==, tj_json_get_string (c, "id", NULL));
          g_assert_cmpint (tj_arrears_row_get_owed_fen (row), ==, tj_json_get_int (c, "owed_fen", -1));
          g_assert_cmpint (tj_arrears_row_get_outstanding_fen (row), ==, tj_json_get_int (c, "outstanding_fen", -1));
          g_assert_cmpuint (tj_arrears_row_get_workers_owed (row), ==, 1);
          g_assert_null (tj_arrears_row_get_settlement_status (row));
          g_assert_null (tj_arrears_row_get_next_due_on (row));
        }
    }
  /* Largest amount owed first. */
  tj_arrears_list_set_query (list, "owed", f->ctx.today);
  reload (TJ_PAGED_LIST (list));
  {
    g_autoptr(TjArrearsRow) first = get_loaded (G_LIST_MODEL (list), 0);
    g_assert_cmpint (tj_arrears_row_get_owed_fen (first), ==, 400000);
    g_assert_cmpstr (tj_arrears_row_get_title (first), ==, "欠薪3");
  }
  /* A wrong order fails the reload and keeps what was read. */
  {
    Reload r = { 0 };

    tj_arrears_list_set_query (list, "name", f->ctx.today);
    tj_paged_list_reload_async (TJ_PAGED_LIST (list), NULL, reloaded_cb, &r);
    wait_for (&r.done);
    g_assert_false (r.ok);
    g_assert_error (r.error, TJ_ERROR, TJ_ERROR_INVALID);
    g_clear_error (&r.error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 4);
  }
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TIAOJIE_TODAY", "2026-11-22", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_setenv ("XDG_DATA_HOME", "/nonexistent-tiaojie-test", TRUE);

#define ADD(name, func) g_test_add ("/lists/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("case-list", test_case_list);
  ADD ("superseded", test_superseded);
  ADD ("reload-during-search", test_reload_during_search);
  ADD ("agenda", test_agenda);
  ADD ("arrears-list", test_arrears_list);
#undef ADD
  return g_test_run ();
}
