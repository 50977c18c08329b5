/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every command of tiaojie-cli refuses what it does not know: a misspelt
 * option, an option without its value, a missing or a stray argument
 * exit 1 with one line naming the problem and the command's usage on
 * stderr, and write nothing; --help exits 0. The commands are those the
 * CLI itself lists (--list-commands), checked against the list below so a
 * command cannot appear or vanish unnoticed. */

#include <glib/gstdio.h>
#include <string.h>

#include "tj-json.h"
#include "tj-test-cli.h"
#include "tj-test-util.h"

/* Every command README documents, as "group command" ("agenda" for a
 * group's own command). A new command must be added here, with its README
 * entry: the test fails until both lists agree. */
static const char * const documented[] = {
  "case add", "case list", "case show", "case status", "case import", "case timeline",
  "case related", "case update", "case party add", "case party edit", "case party delete", "case chain",
  "case claim add", "case claim edit", "case claim delete",
  "case evidence add", "case evidence list", "case evidence get",
  "case reveal", "case export", "case consent", "audit list",
  "archive list", "archive due", "archive run", "archive restore",
  "consultation add", "consultation list", "consultation convert", "consultation reveal",
  "doc put", "doc get", "doc delete", "doc changes", "doc conflicts", "doc templates",
  "doc render", "doc list",
  "calc arrears", "calc overtime", "calc compensation", "calc unlawful_termination",
  "calc notice_pay", "calc compensation_with_notice",
  "calc double_wage", "calc annual_leave", "calc late_payment", "calc minimum_wage",
  "calc deadlines", "calc capital", "calc calendar", "calc figures", "calc kinds", "calc describe",
  "sync",
  "papers templates", "papers show", "papers render",
  "conflicts list", "conflicts resolve",
  "server provision",
  "roster import",
  "settlement set", "settlement show",
  "payment add", "payment import",
  "arrears list", "arrears overdue",
  "agenda", "agenda follow-up",
  "session start", "session note", "session note-update", "session release", "session offer",
  "session update", "session timer", "session end", "session cancel", "session show",
  "session list", "session joint", "session present", "session view", "session figures", "session interests",
  "session next-steps", "session chart", "session guidance", "session upcoming",
  "report summary", "report cases", "report export",
  "centre stations add", "centre stations list", "centre stations remove", "centre sync",
  "centre overview", "centre cases", "centre follow-ups", "centre follow-up",
};

static char *dir;
static char *db_path;

/* tiaojie-cli --db DB ARGS… with $TIAOJIE_TODAY set to @today, English
 * messages, @input (or nothing) on stdin. */
static void
run_argv_full (TjTestCliRun *run,
               GPtrArray    *args,
               const char   *today,
               const char   *input)
{
  const char *env[] = { "XDG_DATA_HOME", dir, NULL };
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  for (guint i = 0; i < args->len; i++)
    g_ptr_array_add (argv, g_ptr_array_index (args, i));
  g_ptr_array_add (argv, NULL);
  tj_test_cli_run_argv (run, &(TjTestCli) { .db = db_path, .today = today, .input = input, .env = env },
                        (const char * const *) argv->pdata);
}

/* tiaojie-cli --db DB ARGS… on a fixed day, nothing on stdin. */
static void
run_argv (TjTestCliRun *run,
          GPtrArray    *args)
{
  run_argv_full (run, args, "2026-11-22", NULL);
}

static void
run_cli (TjTestCliRun *run,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  va_start (ap, run);
  while ((arg = va_arg (ap, const char *)))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  run_argv (run, args);
}

static JsonArray *
list_commands (void)
{
  g_auto(TjTestCliRun) run = { 0 };
  JsonNode *node;

  run_cli (&run, "--list-commands", NULL);
  g_assert_cmpint (run.status, ==, 0);
  node = tj_json_parse (run.out, -1, NULL);
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_array_ref (json_node_get_array (node));
}

static char *
title_of (JsonObject *command)
{
  const char *name = tj_json_get_string (command, "command", NULL);

  return name ? g_strdup_printf ("%s %s", tj_json_get_string (command, "group", ""), name)
              : g_strdup (tj_json_get_string (command, "group", ""));
}

static void
test_every_command_listed (void)
{
  g_autoptr(JsonArray) commands = list_commands ();
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(TjTestCliRun) kinds = { 0 };
  g_autoptr(JsonNode) kinds_node = NULL;
  JsonArray *kind_list;

  for (guint i = 0; i < json_array_get_length (commands); i++)
    {
      char *title = title_of (json_array_get_object_element (commands, i));
      if (!g_strv_contains (documented, title))
        g_error ("tiaojie-cli has the command “%s”, which this test does not know: add it to "
                 "`documented` (and to README)", title);
      g_assert_false (g_hash_table_contains (listed, title));
      g_hash_table_add (listed, title);
    }
  for (guint i = 0; i < G_N_ELEMENTS (documented); i++)
    if (!g_hash_table_contains (listed, documented[i]))
      g_error ("“%s” is documented but tiaojie-cli --list-commands does not have it", documented[i]);

  /* Every calculator the core has is a command of its own. */
  run_cli (&kinds, "calc", "kinds", NULL);
  g_assert_cmpint (kinds.status, ==, 0);
  kinds_node = tj_json_parse (kinds.out, -1, NULL);
  kind_list = json_node_get_array (kinds_node);
  g_assert_cmpuint (json_array_get_length (kind_list), >, 0);
  for (guint i = 0; i < json_array_get_length (kind_list); i++)
    {
      g_autofree char *title = g_strdup_printf ("calc %s", json_array_get_string_element (kind_list, i));
      g_assert_true (g_hash_table_contains (listed, title));
    }
}

/* The arguments of a call that satisfies the table: the command's words,
 * a placeholder for each required positional argument and each required
 * option — except @drop_option, left out, and @n_args positional
 * arguments in all. */
static GPtrArray *
call_args (JsonObject *command,
           guint       n_args,
           const char *drop_option)
{
  GPtrArray *args = g_ptr_array_new_with_free_func (g_free);
  JsonArray *options = tj_json_get_array (command, "options");
  const char *name = tj_json_get_string (command, "command", NULL);

  g_ptr_array_add (args, g_strdup (tj_json_get_string (command, "group", "")));
  if (name)
    {
      g_auto(GStrv) words = g_strsplit (name, " ", -1);
      for (guint i = 0; words[i]; i++)
        g_ptr_array_add (args, g_strdup (words[i]));
    }
  for (guint i = 0; i < n_args; i++)
    g_ptr_array_add (args, g_strdup_printf ("arg%u", i));
  for (guint i = 0; i < json_array_get_length (options); i++)
    {
      JsonObject *o = json_array_get_object_element (options, i);
      const char *option = tj_json_get_string (o, "name", "");
      if (tj_json_get_bool (o, "required", FALSE) && g_strcmp0 (option, drop_option) != 0)
        {
          g_ptr_array_add (args, g_strconcat ("--", option, NULL));
          g_ptr_array_add (args, g_strdup ("value"));
        }
    }
  return args;
}

/* Exit 1, nothing on stdout, one line naming the problem (with @needle),
 * then the command's usage; nothing written. */
static void
assert_refused (JsonObject *command,
                GPtrArray  *args,
                const char *needle)
{
  g_autofree char *before = tj_test_snapshot (dir);
  g_autofree char *after = NULL;
  g_autofree char *title = title_of (command);
  g_autofree char *usage = g_strdup_printf ("Usage: tiaojie-cli %s", title);
  g_autofree char *joined = NULL;
  g_auto(TjTestCliRun) run = { 0 };
  g_auto(GStrv) lines = NULL;

  g_ptr_array_add (args, NULL);
  joined = g_strjoinv (" ", (char **) args->pdata);
  g_ptr_array_remove_index (args, args->len - 1);
  g_test_message ("tiaojie-cli %s", joined);

  run_argv (&run, args);
  after = tj_test_snapshot (dir);
  if (run.status != 1)
    g_error ("tiaojie-cli %s: exit %d, not 1 (stderr: %s)", joined, run.status, run.err);
  g_assert_cmpstr (run.out, ==, "");
  lines = g_strsplit (run.err, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);   /* error, usage, "" */
  g_assert_true (g_str_has_prefix (lines[0], "tiaojie-cli: "));
  if (strstr (lines[0], needle) == NULL)
    g_error ("tiaojie-cli %s: “%s” does not mention “%s”", joined, lines[0], needle);
  g_assert_true (g_str_has_prefix (lines[1], usage));
  g_assert_cmpstr (lines[2], ==, "");
  g_assert_cmpstr (after, ==, before);
}

static void
check_command (JsonObject *command)
{
  JsonArray *options = tj_json_get_array (command, "options");
  guint min_args = (guint) tj_json_get_int (command, "min_args", 0);
  guint max_args = (guint) tj_json_get_int (command, "max_args", 0);
  g_autofree char *title = title_of (command);

  /* --help: the usage and the options on stdout, exit 0, nothing written. */
  {
    g_autoptr(GPtrArray) args = call_args (command, 0, NULL);
    g_autofree char *before = tj_test_snapshot (dir);
    g_autofree char *after = NULL;
    g_autofree char *usage = g_strdup_printf ("Usage: tiaojie-cli %s", title);
    g_auto(TjTestCliRun) run = { 0 };

    g_auto(GStrv) words = g_strsplit (title, " ", -1);

    /* Only the command's words: --help needs nothing else. */
    g_ptr_array_set_size (args, g_strv_length (words));
    g_ptr_array_add (args, g_strdup ("--help"));
    run_argv (&run, args);
    after = tj_test_snapshot (dir);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_str_has_prefix (run.out, usage));
    for (guint i = 0; i < json_array_get_length (options); i++)
      {
        g_autofree char *option = g_strconcat ("--", tj_json_get_string (json_array_get_object_element (options, i),
                                                                         "name", ""), NULL);
        g_assert_nonnull (strstr (run.out, option));
      }
    g_assert_cmpstr (run.err, ==, "");
    g_assert_cmpstr (after, ==, before);
  }

  /* A misspelt option: the first one with a letter left out, as in
   * --cnflicts for --conflicts. */
  {
    g_autoptr(GPtrArray) args = call_args (command, min_args, NULL);
    g_autofree char *misspelt = NULL;

    if (json_array_get_length (options) > 0)
      {
        const char *name = tj_json_get_string (json_array_get_object_element (options, 0), "name", "");
        misspelt = g_strdup_printf ("--%c%s", name[0], name + 2);
      }
    else
      misspelt = g_strdup ("--verbose");
    g_ptr_array_add (args, g_strdup (misspelt));
    assert_refused (command, args, misspelt);
  }

  /* An option that takes a value, without it. */
  for (guint i = 0; i < json_array_get_length (options); i++)
    {
      JsonObject *o = json_array_get_object_element (options, i);
      const char *name = tj_json_get_string (o, "name", "");
      g_autoptr(GPtrArray) args = NULL;
      g_autofree char *option = g_strconcat ("--", name, NULL);

      if (!tj_json_get_bool (o, "value", FALSE))
        continue;
      args = call_args (command, min_args, name);
      g_ptr_array_add (args, g_strdup (option));
      assert_refused (command, args, option);
    }

  /* A required option left out. */
  for (guint i = 0; i < json_array_get_length (options); i++)
    {
      JsonObject *o = json_array_get_object_element (options, i);
      const char *name = tj_json_get_string (o, "name", "");
      g_autoptr(GPtrArray) args = NULL;
      g_autofree char *option = g_strconcat ("--", name, NULL);

      if (!tj_json_get_bool (o, "required", FALSE))
        continue;
      args = call_args (command, min_args, name);
      assert_refused (command, args, option);
    }

  /* A required argument left out. */
  if (min_args > 0)
    {
      g_autoptr(GPtrArray) args = call_args (command, min_args - 1, NULL);
      assert_refused (command, args, "Missing argument");
    }

  /* One argument too many, at the end. */
  {
    g_autoptr(GPtrArray) args = call_args (command, max_args, NULL);
    /* After "--": right after "agenda" a word names a command. */
    if (tj_json_get_string (command, "command", NULL) == NULL)
      g_ptr_array_add (args, g_strdup ("--"));
    g_ptr_array_add (args, g_strdup ("stray"));
    assert_refused (command, args, "stray");
  }
}

static void
test_command (gconstpointer data)
{
  g_autoptr(JsonArray) commands = list_commands ();

  for (guint i = 0; i < json_array_get_length (commands); i++)
    {
      JsonObject *command = json_array_get_object_element (commands, i);
      g_autofree char *title = title_of (command);
      if (g_str_equal (title, data))
        {
          check_command (command);
          return;
        }
    }
  g_error ("no command “%s”", (const char *) data);
}

/* The groups themselves: --help lists their commands, an unknown command
 * or none at all is a usage error. */
static void
test_groups (void)
{
  g_autoptr(JsonArray) commands = list_commands ();
  g_autoptr(GHashTable) groups = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) with_default = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *before = tj_test_snapshot (dir);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < json_array_get_length (commands); i++)
    {
      JsonObject *c = json_array_get_object_element (commands, i);
      g_hash_table_add (groups, (gpointer) tj_json_get_string (c, "group", ""));
      if (tj_json_get_string (c, "command", NULL) == NULL)
        g_hash_table_add (with_default, (gpointer) tj_json_get_string (c, "group", ""));
    }

  g_hash_table_iter_init (&iter, groups);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *group = key;
      g_autofree char *usage = g_strdup_printf ("Usage: tiaojie-cli %s", group);
      g_autofree char *prefixed = g_strdup_printf ("Usage: tiaojie-cli [--db PATH] %s", group);
      g_auto(TjTestCliRun) help = { 0 };
      g_auto(TjTestCliRun) unknown = { 0 };

      run_cli (&help, group, "--help", NULL);
      g_assert_cmpint (help.status, ==, 0);
      g_assert_true (g_str_has_prefix (help.out, usage) || g_str_has_prefix (help.out, prefixed));
      g_assert_cmpstr (help.err, ==, "");

      run_cli (&unknown, group, "frobnicate", NULL);
      g_assert_cmpint (unknown.status, ==, 1);
      g_assert_true (g_str_has_prefix (unknown.err, "tiaojie-cli: "));
      g_assert_nonnull (strstr (unknown.err, "frobnicate"));
      g_assert_cmpstr (unknown.out, ==, "");

      if (!g_hash_table_contains (with_default, group))
        {
          g_auto(TjTestCliRun) bare = { 0 };
          run_cli (&bare, group, NULL);
          g_assert_cmpint (bare.status, ==, 1);
          g_assert_nonnull (strstr (bare.err, prefixed));
        }
    }
  {
    g_autofree char *after = tj_test_snapshot (dir);
    g_assert_cmpstr (after, ==, before);
  }
}

/* The options before the group, and the rules README states for them. */
static void
test_global (void)
{
  g_autofree char *before = tj_test_snapshot (dir);
  g_autofree char *after = NULL;
  g_auto(TjTestCliRun) help = { 0 };
  g_auto(TjTestCliRun) bogus = { 0 };
  g_auto(TjTestCliRun) late_db = { 0 };
  g_auto(TjTestCliRun) group = { 0 };
  g_auto(TjTestCliRun) resolve = { 0 };
  g_auto(TjTestCliRun) guidance = { 0 };
  g_auto(TjTestCliRun) json_value = { 0 };

  run_cli (&help, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "--list-commands"));

  run_cli (&bogus, "--dbb", "x.db", "doc", "conflicts", NULL);
  g_assert_cmpint (bogus.status, ==, 1);
  g_assert_nonnull (strstr (bogus.err, "--dbb"));

  /* --db belongs before the group: after it, it is refused rather than
   * silently using another database. */
  run_cli (&late_db, "doc", "conflicts", "--db", "other.db", NULL);
  g_assert_cmpint (late_db.status, ==, 1);
  g_assert_nonnull (strstr (late_db.err, "--db"));

  run_cli (&group, "nosuchgroup", NULL);
  g_assert_cmpint (group.status, ==, 1);

  /* Rules a table cannot state, checked by the command before anything
   * is opened. */
  run_cli (&resolve, "conflicts", "resolve", "doc-1", NULL);
  g_assert_cmpint (resolve.status, ==, 1);
  g_assert_nonnull (strstr (resolve.err, "Usage: tiaojie-cli conflicts resolve"));
  run_cli (&guidance, "session", "guidance", NULL);
  g_assert_cmpint (guidance.status, ==, 1);

  /* --name=VALUE is the same as --name VALUE; a value may be "-". */
  run_cli (&json_value, "doc", "put", "--new-edits=maybe", "--json=-", NULL);
  g_assert_cmpint (json_value.status, ==, 1);
  g_assert_nonnull (strstr (json_value.err, "--new-edits"));

  after = tj_test_snapshot (dir);
  g_assert_cmpstr (after, ==, before);
}

/* A day given wrongly in $TIAOJIE_TODAY stops every command with exit 1
 * and one line naming the variable and the value, before anything is
 * read or written; its moved form counts from the real date. */
static void
test_today (void)
{
  static const char * const malformed[] = { "2026-02-30", "tomorrow", "+", "+3x", "22/11/2026", "+1000000" };
  static const char * const case_json = "{\"title\":\"南湖物流欠薪\",\"kind\":\"wage_arrears\","
                                        "\"source\":\"walk_in\",\"workers\":[{\"name\":\"李娜\"}]}";
  g_autofree char *before = tj_test_snapshot (dir);
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autoptr(GPtrArray) add = g_ptr_array_new ();
      g_autoptr(GPtrArray) agenda = g_ptr_array_new ();
      g_autofree char *quoted = g_strdup_printf ("“%s”", malformed[i]);
      g_auto(TjTestCliRun) written = { 0 };
      g_auto(TjTestCliRun) read = { 0 };

      g_ptr_array_add (add, "case");
      g_ptr_array_add (add, "add");
      g_ptr_array_add (add, "--json");
      g_ptr_array_add (add, "-");
      run_argv_full (&written, add, malformed[i], case_json);
      g_assert_cmpint (written.status, ==, 1);
      g_assert_cmpstr (written.out, ==, "");
      g_assert_true (g_str_has_prefix (written.err, "tiaojie-cli: TIAOJIE_TODAY: "));
      g_assert_nonnull (strstr (written.err, quoted));
      g_assert_nonnull (strstr (written.err, "YYYY-MM-DD"));
      g_assert_nonnull (strchr (written.err, '\n'));
      g_assert_cmpstr (strchr (written.err, '\n') + 1, ==, "");

      g_ptr_array_add (agenda, "agenda");
      run_argv_full (&read, agenda, malformed[i], NULL);
      g_assert_cmpint (read.status, ==, 1);
      g_assert_cmpstr (read.out, ==, "");
      g_assert_nonnull (strstr (read.err, quoted));
    }
  after = tj_test_snapshot (dir);
  g_assert_cmpstr (after, ==, before);

  /* Pinned, and moved thirty days back from the real date: the agenda
   * counts from that day. The real date is read before and after, so
   * that a run across midnight accepts either day. */
  {
    g_autoptr(GPtrArray) agenda = g_ptr_array_new ();
    g_autoptr(JsonObject) pinned = NULL;
    g_autoptr(JsonObject) moved = NULL;
    g_autoptr(GDateTime) now_before = NULL;
    g_autoptr(GDateTime) now_after = NULL;
    g_autoptr(GDateTime) back_before = NULL;
    g_autoptr(GDateTime) back_after = NULL;
    g_autofree char *expected_before = NULL;
    g_autofree char *expected_after = NULL;
    g_auto(TjTestCliRun) pinned_run = { 0 };
    g_auto(TjTestCliRun) moved_run = { 0 };
    const char *today;

    g_ptr_array_add (agenda, "agenda");
    run_argv_full (&pinned_run, agenda, "2026-11-22", NULL);
    g_assert_cmpint (pinned_run.status, ==, 0);
    pinned = tj_json_parse_object (pinned_run.out, -1, NULL);
    g_assert_nonnull (pinned);
    g_assert_cmpstr (tj_json_get_string (pinned, "today", NULL), ==, "2026-11-22");

    now_before = g_date_time_new_now_local ();
    run_argv_full (&moved_run, agenda, "-30", NULL);
    now_after = g_date_time_new_now_local ();
    g_assert_cmpint (moved_run.status, ==, 0);
    moved = tj_json_parse_object (moved_run.out, -1, NULL);
    g_assert_nonnull (moved);
    back_before = g_date_time_add_days (now_before, -30);
    back_after = g_date_time_add_days (now_after, -30);
    expected_before = g_date_time_format (back_before, "%Y-%m-%d");
    expected_after = g_date_time_format (back_after, "%Y-%m-%d");
    today = tj_json_get_string (moved, "today", NULL);
    if (g_strcmp0 (today, expected_before) != 0)
      g_assert_cmpstr (today, ==, expected_after);
  }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(JsonArray) commands = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = g_dir_make_tmp ("tj-cli-options-XXXXXX", NULL);
  db_path = g_build_filename (dir, "options.db", NULL);

  /* A database with a document in it, so "nothing written" means
   * something; the store is closed again when the CLI exits. */
  {
    g_autoptr(GSubprocess) proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                                                    NULL, g_getenv ("TJ_CLI"), "--db", db_path,
                                                    "doc", "put", "--json", "-", NULL);
    g_assert_nonnull (proc);
    g_assert_true (g_subprocess_communicate_utf8 (proc, "{\"_id\":\"doc-1\",\"type\":\"note\"}", NULL, NULL, NULL, NULL));
    g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  }

  g_test_add_func ("/cli/options/every-command-listed", test_every_command_listed);
  g_test_add_func ("/cli/options/groups", test_groups);
  g_test_add_func ("/cli/options/global", test_global);
  g_test_add_func ("/cli/options/today", test_today);
  commands = list_commands ();
  for (guint i = 0; i < json_array_get_length (commands); i++)
    {
      char *title = title_of (json_array_get_object_element (commands, i));
      g_autofree char *path = g_strdup_printf ("/cli/options/command/%s", title);
      g_strdelimit (path + strlen ("/cli/options/command/"), " ", '/');
      g_test_add_data_func_full (path, title, test_command, g_free);
    }
  status = g_test_run ();

  tj_test_remove_tree (dir);
  return status;
}
