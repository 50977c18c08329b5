/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One home for the tests' "run tiaojie-cli and read what it said". */

#include <gio/gio.h>
#include <string.h>

#include "tj-json.h"
#include "tj-test-cli.h"

/* The tiaojie-cli of this build tree (meson builds it before the tests
 * run), or NULL when it is not there: the caller skips. */
const char *
tj_test_cli_path (void)
{
  return g_file_test (TJ_TEST_CLI, G_FILE_TEST_IS_EXECUTABLE) ? TJ_TEST_CLI : NULL;
}

void
tj_test_cli_run_clear (TjTestCliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

static char *
bytes_to_text (GBytes   *bytes,
               gboolean  binary)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  /* What g_subprocess_communicate_utf8() would refuse. */
  if (!binary)
    g_assert_true (g_utf8_validate (data ? data : "", len, NULL));
  return g_strndup (data ? data : "", len);
}

void
tj_test_cli_run_argv (TjTestCliRun       *run,
                      const TjTestCli    *cli,
                      const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GBytes) in = g_bytes_new (cli->input, cli->input ? strlen (cli->input) : 0);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (char *) TJ_TEST_CLI);
  if (cli->db)
    {
      g_ptr_array_add (argv, (char *) "--db");
      g_ptr_array_add (argv, (char *) cli->db);
    }
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (cli->today)
    g_subprocess_launcher_setenv (launcher, "TIAOJIE_TODAY", cli->today, TRUE);
  if (cli->chinese)
    {
      g_subprocess_launcher_setenv (launcher, "LC_ALL", "zh_CN.UTF-8", TRUE);
      g_subprocess_launcher_setenv (launcher, "LANGUAGE", "zh_CN", TRUE);
      g_subprocess_launcher_setenv (launcher, "TIAOJIE_LOCALEDIR", TJ_TEST_LOCALEDIR, TRUE);
    }
  else
    {
      g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
      g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
    }
  for (guint i = 0; cli->env && cli->env[i]; i += 2)
    g_subprocess_launcher_setenv (launcher, cli->env[i], cli->env[i + 1], TRUE);

  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (proc, in, NULL, &out, &err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (proc);
  run->out = bytes_to_text (out, cli->binary);
  run->err = bytes_to_text (err, FALSE);
}

void
tj_test_cli_run_va (TjTestCliRun    *run,
                    const TjTestCli *cli,
                    va_list          args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;

  while ((arg = va_arg (args, const char *)))
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);
  tj_test_cli_run_argv (run, cli, (const char * const *) argv->pdata);
}

void
tj_test_cli_run (TjTestCliRun    *run,
                 const TjTestCli *cli,
                 ...)
{
  va_list args;

  va_start (args, cli);
  tj_test_cli_run_va (run, cli, args);
  va_end (args);
}

/* Stdout parsed, or NULL when it is empty or not JSON. */
JsonNode *
tj_test_cli_run_json (const TjTestCliRun *run)
{
  return run->out && *run->out ? tj_json_parse (run->out, -1, NULL) : NULL;
}

typedef enum {
  OUT_TEXT,
  OUT_NODE,
  OUT_OBJECT,
} OutKind;

/* Runs tiaojie-cli; stdout into *@out (unless NULL) as @kind says: the
 * text, or parsed (NULL when it is empty or not JSON, or for OUT_OBJECT
 * not an object); stderr in *@out_err (unless NULL); returns the exit
 * status. */
static int
run_collect (const TjTestCli  *cli,
             OutKind           kind,
             gpointer          out,
             char            **out_err,
             va_list           args)
{
  g_auto(TjTestCliRun) run = { 0 };

  tj_test_cli_run_va (&run, cli, args);
  if (out_err)
    *out_err = g_steal_pointer (&run.err);
  if (out == NULL)
    return run.status;
  switch (kind)
    {
    case OUT_TEXT:
      *(char **) out = g_steal_pointer (&run.out);
      break;
    case OUT_NODE:
      *(JsonNode **) out = tj_test_cli_run_json (&run);
      break;
    case OUT_OBJECT:
      *(JsonObject **) out = *run.out ? tj_json_parse_object (run.out, -1, NULL) : NULL;
      break;
    }
  return run.status;
}

/* Stdout parsed into *@out_json: NULL when it is empty or not JSON. */
int
tj_test_cli (const TjTestCli  *cli,
             JsonNode        **out_json,
             char            **out_err,
             ...)
{
  va_list args;
  int status;

  va_start (args, out_err);
  status = run_collect (cli, OUT_NODE, out_json, out_err, args);
  va_end (args);
  return status;
}

/* Stdout parsed into *@out_json: NULL when it is empty or not an object. */
int
tj_test_cli_object (const TjTestCli  *cli,
                    JsonObject      **out_json,
                    char            **out_err,
                    ...)
{
  va_list args;
  int status;

  va_start (args, out_err);
  status = run_collect (cli, OUT_OBJECT, out_json, out_err, args);
  va_end (args);
  return status;
}

int
tj_test_cli_text (const TjTestCli  *cli,
                  char            **out_text,
                  char            **out_err,
                  ...)
{
  va_list args;
  int status;

  va_start (args, out_err);
  status = run_collect (cli, OUT_TEXT, out_text, out_err, args);
  va_end (args);
  return status;
}
