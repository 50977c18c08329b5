/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The consultations as the Consultations section and the CLI read them
 * (issue 15): newest first in SQL, a page at a time, searched by the
 * worker's name or phone, the employer or the problem, and the list
 * model read on the repository's worker that follows the repository's
 * "changed". Waits end when the result arrives (bounded by a generous
 * timeout); nothing sleeps. */

#include <glib/gstdio.h>

#include "tj-consultation-list.h"
#include "tj-json.h"
#include "tj-repository.h"
#include "tj-repo-test.h"

#define N_CONSULTATIONS 250

static char *
add (Fixture    *f,
     const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = tj_json_parse_object (json, -1, &error);
  g_autoptr(JsonObject) out = NULL;

  g_assert_no_error (error);
  out = tj_consultation_add (f->store, &f->ctx, input, &error);
  g_assert_no_error (error);
  return g_strdup (tj_json_get_string (out, "id", NULL));
}

/* Consultation i: held on a day of its own (i = 0 the oldest), worker
 * 张三 for odd i, 李四 for even; every tenth from "Acme Logistics"; the
 * phone ends in i. */
static void
add_many (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (tj_store_begin (f->store, &error));
  for (int i = 0; i < N_CONSULTATIONS; i++)
    {
      g_autofree char *json =
        g_strdup_printf ("{\"held_on\":\"2026-%02d-%02d\",\"channel\":\"hotline\","
                         "\"worker\":{\"name\":\"%s\",\"phone\":\"1390000%04d\"},"
                         "\"employer\":{\"name\":\"%s\"},\"problem\":\"问题%d：欠薪\"}",
                         1 + i / 28, 1 + i % 28, i % 2 ? "张三" : "李四", i,
                         i % 10 == 0 ? "Acme Logistics" : "城南物流", i);
      g_free (add (f, json));
    }
  g_assert_true (tj_store_commit (f->store, &error));
}

static void
loading_cb (TjPagedList *list,
            GParamSpec  *pspec,
            gboolean    *idle)
{
  *idle = !tj_paged_list_get_loading (list);
}

/* Reloads and waits until the model has read the query: a reload of its
 * own (the repository's "changed" after the writes of the test) may
 * supersede this one, which then ends cancelled. */
static void
reload (TjPagedList *list)
{
  Reload r = { 0 };

  tj_paged_list_reload_async (list, NULL, reloaded_cb, &r);
  wait_for (&r.done);
  if (g_error_matches (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gboolean idle = !tj_paged_list_get_loading (list);
      gulong handler = g_signal_connect (list, "notify::loading", G_CALLBACK (loading_cb), &idle);

      wait_for (&idle);
      g_signal_handler_disconnect (list, handler);
      g_clear_error (&r.error);
      r.ok = TRUE;
    }
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
}

static guint
count (Fixture    *f,
       const char *query)
{
  g_autoptr(GError) error = NULL;
  guint n = tj_consultation_count (f->store, query, &error);

  g_assert_no_error (error);
  return n;
}

/* In SQL: newest first, pages that join up to the whole list, the JSON
 * the CLI prints (the document without _id, _rev and type, with "id"). */
static void
test_order_and_pages (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) all = NULL;
  g_autoptr(JsonArray) limited = NULL;
  JsonObject *first;
  guint n;

  add_many (f);
  all = tj_consultation_list (f->store, NULL, 0, &error);
  g_assert_no_error (error);
  n = json_array_get_length (all);
  g_assert_cmpuint (n, ==, N_CONSULTATIONS);
  g_assert_cmpuint (count (f, NULL), ==, N_CONSULTATIONS);
  for (guint i = 1; i < n; i++)
    g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (all, i - 1), "held_on", ""), >,
                     tj_json_get_string (json_array_get_object_element (all, i), "held_on", ""));
  first = json_array_get_object_element (all, 0);
  g_assert_cmpstr (tj_json_get_string (first, "problem", NULL), ==, "问题249：欠薪");
  g_assert_nonnull (tj_json_get_string (first, "id", NULL));
  g_assert_nonnull (tj_json_get_string (first, "created_at", NULL));
  g_assert_cmpstr (tj_json_get_string (first, "advised_by", NULL), ==, "调解员甲");
  g_assert_cmpstr (tj_json_get_string (tj_json_get_object (first, "worker"), "phone", NULL), ==, "13900000249");
  g_assert_false (json_object_has_member (first, "_id"));
  g_assert_false (json_object_has_member (first, "_rev"));
  g_assert_false (json_object_has_member (first, "type"));

  /* Pages of 100 give the same rows in the same order. */
  for (guint offset = 0; offset < n; offset += 100)
    {
      g_autoptr(JsonArray) page = tj_consultation_list_page (f->store, NULL, offset, 100, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (json_array_get_length (page), ==, MIN (100, n - offset));
      for (guint i = 0; i < json_array_get_length (page); i++)
        g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (page, i), "id", ""), ==,
                         tj_json_get_string (json_array_get_object_element (all, offset + i), "id", ""));
    }
  limited = tj_consultation_list (f->store, NULL, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (limited), ==, 3);
}

/* The same fields as before: name, phone, employer (ASCII in any case),
 * problem; LIKE's wildcards typed are plain characters. */
static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) found = NULL;

  add_many (f);
  g_assert_cmpuint (count (f, "张三"), ==, N_CONSULTATIONS / 2);
  g_assert_cmpuint (count (f, "acme"), ==, N_CONSULTATIONS / 10);
  g_assert_cmpuint (count (f, "ACME LOG"), ==, N_CONSULTATIONS / 10);
  g_assert_cmpuint (count (f, "13900000123"), ==, 1);
  g_assert_cmpuint (count (f, "问题12："), ==, 1);
  g_assert_cmpuint (count (f, "欠薪"), ==, N_CONSULTATIONS);
  g_assert_cmpuint (count (f, "%"), ==, 0);
  g_assert_cmpuint (count (f, "_"), ==, 0);
  g_assert_cmpuint (count (f, "王五"), ==, 0);
  g_assert_cmpuint (count (f, ""), ==, N_CONSULTATIONS);

  found = tj_consultation_list_page (f->store, "acme", 10, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (found), ==, N_CONSULTATIONS / 10 - 10);
  /* Newest first among the matches too: 240, 230 … after the first ten. */
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (found, 0), "problem", ""), ==,
                   "问题140：欠薪");
}

/* The model: counted and read on the worker, the first page with the
 * count, a later one as placeholders filled in place; a search narrows
 * it. */
static void
test_model (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(TjConsultationList) list = tj_consultation_list_new (f->repo);
  g_autoptr(TjConsultationRow) first = NULL;
  g_autoptr(TjConsultationRow) placeholder = NULL;
  g_autoptr(TjConsultationRow) mid = NULL;
  g_autoptr(TjConsultationRow) last = NULL;

  add_many (f);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == TJ_TYPE_CONSULTATION_ROW);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  reload (TJ_PAGED_LIST (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_CONSULTATIONS);

  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (tj_row_get_loaded (TJ_ROW (first)));
  g_assert_cmpstr (tj_consultation_row_get_problem (first), ==, "问题249：欠薪");
  g_assert_cmpstr (tj_consultation_row_get_worker_name (first), ==, "张三");
  g_assert_cmpstr (tj_consultation_row_get_phone (first), ==, "13900000249");
  g_assert_cmpstr (tj_consultation_row_get_employer (first), ==, "城南物流");
  g_assert_cmpstr (tj_consultation_row_get_channel (first), ==, "hotline");
  g_assert_cmpstr (tj_consultation_row_get_held_on (first), ==, "2026-09-26");
  g_assert_cmpstr (tj_consultation_row_get_case_id (first), ==, "");
  g_assert_cmpint (tj_consultation_row_get_owed_fen (first), ==, -1);
  {
    g_autofree char *name = NULL;
    g_object_get (first, "worker-name", &name, NULL);
    g_assert_cmpstr (name, ==, "张三");
  }

  placeholder = g_list_model_get_item (G_LIST_MODEL (list), 150);
  g_assert_false (tj_row_get_loaded (TJ_ROW (placeholder)));
  g_assert_cmpstr (tj_consultation_row_get_problem (placeholder), ==, "");
  mid = get_loaded (G_LIST_MODEL (list), 150);
  g_assert_true (mid == placeholder);
  g_assert_cmpstr (tj_consultation_row_get_problem (mid), ==, "问题99：欠薪");
  last = get_loaded (G_LIST_MODEL (list), N_CONSULTATIONS - 1);
  g_assert_cmpstr (tj_consultation_row_get_problem (last), ==, "问题0：欠薪");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), N_CONSULTATIONS));

  tj_consultation_list_set_search (list, "Acme");
  g_assert_cmpstr (tj_consultation_list_get_search (list), ==, "Acme");
  reload (TJ_PAGED_LIST (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_CONSULTATIONS / 10);
  tj_consultation_list_set_search (list, NULL);
  reload (TJ_PAGED_LIST (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_CONSULTATIONS);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gboolean   *changed)
{
  *changed = TRUE;
}

/* Written elsewhere (here on the main thread's connection, as the CLI or
 * sync would): the model reads itself again, with no reload asked. */
static void
test_refresh (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(TjConsultationList) list = tj_consultation_list_new (f->repo);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) converted = NULL;
  g_autoptr(TjConsultationRow) row = NULL;
  g_autofree char *older = NULL;
  g_autofree char *newer = NULL;
  gboolean changed = FALSE;

  older = add (f, "{\"held_on\":\"2026-11-01\",\"worker\":{\"name\":\"李四\"},\"problem\":\"加班费\"}");
  reload (TJ_PAGED_LIST (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &changed);

  /* A new consultation comes first. */
  newer = add (f, "{\"held_on\":\"2026-11-20\",\"worker\":{\"name\":\"王五\"},\"problem\":\"欠薪\","
                  "\"owed_fen\":1234500}");
  wait_for (&changed);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  row = get_loaded (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (tj_consultation_row_get_id (row), ==, newer);
  g_assert_cmpint (tj_consultation_row_get_owed_fen (row), ==, 1234500);
  g_clear_object (&row);

  /* Converted: the row shows its case. */
  changed = FALSE;
  converted = tj_consultation_convert (f->store, &f->ctx, older, NULL, &error);
  g_assert_no_error (error);
  wait_for (&changed);
  row = get_loaded (G_LIST_MODEL (list), 1);
  g_assert_cmpstr (tj_consultation_row_get_id (row), ==, older);
  g_assert_cmpstr (tj_consultation_row_get_case_id (row), ==, tj_json_get_string (converted, "id", NULL));
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TIAOJIE_TODAY", "2026-11-22", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_setenv ("XDG_DATA_HOME", "/nonexistent-tiaojie-test", TRUE);

#define ADD(name, func) g_test_add ("/consultations/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("order-and-pages", test_order_and_pages);
  ADD ("search", test_search);
  ADD ("model", test_model);
  ADD ("refresh", test_refresh);
#undef ADD
  return g_test_run ();
}
