/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Fuzz"

#include "tj-fuzz.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "tj-arrears.h"
#include "tj-json.h"
#include "tj-test-util.h"

static char *tmp_dir;
static TjStore *store;
static char *case_id;
static TjCaseContext context;

static void
log_handler (const char     *domain,
             GLogLevelFlags  level,
             const char     *message,
             gpointer        user_data)
{
  /* Debug and info chatter would drown the fuzzer's own output. Anything
   * worse is a finding: printed, then abort() here, because GLib's own
   * fatal path raises SIGTRAP, which libFuzzer does not take for a
   * crash (it would keep no input). */
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      /* Not g_log_default_handler(): for an error it traps itself. */
      fprintf (stderr, "%s-%s **: %s\n", domain ? domain : "?",
               (level & G_LOG_LEVEL_ERROR) ? "ERROR" : (level & G_LOG_LEVEL_CRITICAL) ? "CRITICAL" : "WARNING",
               message);
      abort ();
    }
}

static void
clean_up (void)
{
  g_clear_object (&store);
  g_clear_pointer (&case_id, g_free);
  if (tmp_dir)
    tj_test_remove_tree (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
}

void
tj_fuzz_init (void)
{
  static gsize once = 0;

  if (!g_once_init_enter (&once))
    return;
  /* The sanitizers see every block only when GLib does not pool them. */
  g_setenv ("G_SLICE", "always-malloc", TRUE);
  g_setenv ("G_DEBUG", "gc-friendly", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* Dates in messages and deadlines never depend on the day of the run. */
  g_setenv ("TIAOJIE_TODAY", "2026-11-22", TRUE);
  tmp_dir = g_dir_make_tmp ("tj-fuzz-XXXXXX", NULL);
  g_assert (tmp_dir != NULL);
  /* No custom templates or data files of the machine leak in. */
  {
    g_autofree char *data = g_build_filename (tmp_dir, "data", NULL);
    g_mkdir_with_parents (data, 0700);
    g_setenv ("XDG_DATA_HOME", data, TRUE);
  }
  g_log_set_default_handler (log_handler, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  atexit (clean_up);
  g_once_init_leave (&once, 1);
}

static void
open_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) added = NULL;
  g_autofree char *path = NULL;

  tj_fuzz_init ();
  path = g_build_filename (tmp_dir, "fuzz.db", NULL);
  store = tj_store_open (path, &error);
  g_assert_no_error (error);
  /* Nothing is ever committed after this set-up: no need to wait for
   * the disk. */
  g_assert_true (tj_store_exec (store, "PRAGMA synchronous = OFF", &error));
  g_assert_true (tj_case_attach (store, &error));
  g_assert_true (tj_arrears_attach (store, &error));
  g_assert_no_error (error);

  tj_case_context_init_defaults (&context);
  context.station_code = "海";
  context.actor = "调解员";
  context.today = "2026-11-22";

  /* A case with one worker (ID number 110105197001019016), for the
   * roster targets to add to and collide with. */
  input = tj_json_parse_object ("{\"title\":\"城南工地农民工欠薪\",\"kind\":\"wage_arrears\","
                                "\"source\":\"hotline\",\"received_on\":\"2026-11-16\","
                                "\"employer\":{\"name\":\"华建劳务有限公司\"},"
                                "\"workers\":[{\"name\":\"赵六\",\"id_number\":\"110105197001019016\","
                                "\"owed_fen\":300000}]}", -1, &error);
  g_assert_no_error (error);
  added = tj_case_add (store, &context, input, &error);
  g_assert_no_error (error);
  case_id = g_strdup (tj_json_get_string (added, "id", NULL));
}

TjStore *
tj_fuzz_store (void)
{
  if (store == NULL)
    open_store ();
  return store;
}

const char *
tj_fuzz_case_id (void)
{
  tj_fuzz_store ();
  return case_id;
}

const TjCaseContext *
tj_fuzz_context (void)
{
  tj_fuzz_store ();
  return &context;
}

void
tj_fuzz_begin (void)
{
  g_autoptr(GError) error = NULL;

  tj_fuzz_store ();
  if (!tj_store_begin (store, &error))
    g_error ("fuzz: cannot begin a transaction: %s", error->message);
}

void
tj_fuzz_end (void)
{
  tj_store_rollback (store);
  /* A function that left a transaction or savepoint open (a begin
   * without its commit or rollback) would leave one open here. */
  if (!sqlite3_get_autocommit (tj_store_get_sqlite (store)))
    g_error ("fuzz: a transaction was left open by the code under test");
}

void
tj_fuzz_check_error (const GError *error)
{
  if (error == NULL)
    g_error ("fuzz: a failure without a GError");
  if (error->domain != TJ_ERROR)
    g_error ("fuzz: an error outside TJ_ERROR: %s %d: %s",
             g_quark_to_string (error->domain), error->code, error->message);
  if (error->message == NULL || *error->message == '\0')
    g_error ("fuzz: an error without a message");
  if (!g_utf8_validate (error->message, -1, NULL))
    g_error ("fuzz: an error message that is not UTF-8");
  /* To see what a seed reaches: TJ_FUZZ_VERBOSE=1 fuzz-NAME FILE. */
  if (g_getenv ("TJ_FUZZ_VERBOSE"))
    g_printerr ("refused: %s\n", error->message);
}

void
tj_fuzz_check_utf8 (JsonNode *node)
{
  if (node == NULL)
    return;
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *o = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (o);
        for (GList *l = members; l; l = l->next)
          {
            if (!g_utf8_validate (l->data, -1, NULL))
              g_error ("fuzz: a member name is not UTF-8");
            tj_fuzz_check_utf8 (json_object_get_member (o, l->data));
          }
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *a = json_node_get_array (node);
        for (guint i = 0; i < json_array_get_length (a); i++)
          tj_fuzz_check_utf8 (json_array_get_element (a, i));
      }
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING &&
          !g_utf8_validate (json_node_get_string (node), -1, NULL))
        g_error ("fuzz: a string value is not UTF-8");
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
}

char *
tj_fuzz_fixture (const char *name)
{
  return g_build_filename (TJ_FUZZ_FIXTURES, name, NULL);
}
