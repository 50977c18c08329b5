/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Options of every command, parsed from the command tables with
 * GOptionContext: what a table does not declare (a misspelt option, a
 * missing value, a stray argument) is refused with exit 1 and the
 * command's usage, before anything is read or written. */

#include <stdarg.h>
#include <string.h>

#include "tj-cli-private.h"
#include "tj-error.h"
#include "tj-i18n.h"

struct _TjCliArgs {
  const TjCliGroup   *group;
  const TjCliCommand *command;
  char              **rest;                         /* positional arguments */
  char               *values[TJ_CLI_MAX_OPTIONS];   /* TJ_CLI_VALUE options */
  gboolean            flags[TJ_CLI_MAX_OPTIONS];    /* TJ_CLI_FLAG options */
  gboolean            help;
};

static guint
count_options (const TjCliCommand *command)
{
  guint n = 0;

  while (n < TJ_CLI_MAX_OPTIONS && command->options[n].name != NULL)
    n++;
  return n;
}

/* "doc get", "agenda" */
static char *
command_title (const TjCliGroup   *group,
               const TjCliCommand *command)
{
  return command->name ? g_strdup_printf ("%s %s", group->name, command->name)
                       : g_strdup (group->name);
}

/* The options and arguments after the command: "ID [--rev REV] [--conflicts]". */
static char *
command_arguments (const TjCliCommand *command)
{
  GString *s = g_string_new (command->arguments ? command->arguments : "");
  guint n = count_options (command);

  /* Required options first: they are what a reader must not miss. */
  for (guint i = 0; i < n; i++)
    {
      const TjCliOption *o = &command->options[i];
      if (o->required)
        g_string_append_printf (s, "%s--%s %s", s->len ? " " : "", o->name, o->value_name);
    }
  for (guint i = 0; i < n; i++)
    {
      const TjCliOption *o = &command->options[i];
      if (o->required)
        continue;
      if (o->kind == TJ_CLI_FLAG)
        g_string_append_printf (s, "%s[--%s]", s->len ? " " : "", o->name);
      else
        g_string_append_printf (s, "%s[--%s %s]", s->len ? " " : "", o->name, o->value_name);
    }
  return g_string_free (s, FALSE);
}

static char *
command_synopsis (const TjCliGroup   *group,
                  const TjCliCommand *command)
{
  g_autofree char *title = command_title (group, command);
  g_autofree char *arguments = command_arguments (command);

  return g_strdup_printf ("tiaojie-cli %s%s%s", title, *arguments ? " " : "", arguments);
}

static void
print_usage_line (const TjCliGroup   *group,
                  const TjCliCommand *command,
                  FILE               *out)
{
  g_autofree char *synopsis = command_synopsis (group, command);

  fprintf (out, "%s %s\n", _("Usage:"), synopsis);
}

static void
print_commands (const TjCliGroup   *group,
                const TjCliCommand *except,
                FILE               *out)
{
  for (guint i = 0; i < group->n_commands; i++)
    {
      const TjCliCommand *c = &group->commands[i];
      g_autofree char *synopsis = NULL;

      if (c == except)
        continue;
      synopsis = command_synopsis (group, c);
      fprintf (out, "  %s\n      %s\n", synopsis, _(c->summary));
    }
}

static void
print_command_help (const TjCliGroup   *group,
                    const TjCliCommand *command,
                    FILE               *out)
{
  guint n = count_options (command);
  int width = (int) strlen ("-h, --help");

  print_usage_line (group, command, out);
  fprintf (out, "\n%s\n", _(command->summary));

  for (guint i = 0; i < n; i++)
    {
      const TjCliOption *o = &command->options[i];
      int w = (int) strlen (o->name) + 2 + (o->value_name ? (int) strlen (o->value_name) + 1 : 0);
      width = MAX (width, MIN (w, 28));
    }
  fprintf (out, "\n%s\n", _("Options:"));
  for (guint i = 0; i < n; i++)
    {
      const TjCliOption *o = &command->options[i];
      g_autofree char *left = o->value_name ? g_strdup_printf ("--%s %s", o->name, o->value_name)
                                            : g_strdup_printf ("--%s", o->name);
      const char *description = _(o->description);

      if ((int) strlen (left) > width)
        fprintf (out, "  %s\n  %-*s  %s", left, width, "", description);
      else
        fprintf (out, "  %-*s  %s", width, left, description);
      if (o->required)
        fprintf (out, " %s", _("(required)"));
      fputc ('\n', out);
    }
  fprintf (out, "  %-*s  %s\n", width, "-h, --help", _("Show this help"));

  if (command->name == NULL && group->n_commands > 1)
    {
      fprintf (out, "\n%s\n", _("Other commands:"));
      print_commands (group, command, out);
    }
}

void
tj_cli_print_group_help (const TjCliGroup *group,
                         FILE             *out)
{
  g_autofree char *usage = g_strdup_printf ("tiaojie-cli [--db PATH] %s COMMAND [ARGUMENTS…]", group->name);
  g_autofree char *more = NULL;

  fprintf (out, "%s %s\n%s\n\n%s\n", _("Usage:"), usage, _(group->summary), _("Commands:"));
  print_commands (group, NULL, out);
  more = g_strdup_printf (_("Run “tiaojie-cli %s COMMAND --help” for a command’s options."), group->name);
  fprintf (out, "\n%s\n", more);
}

static int
group_usage_error (const TjCliGroup *group,
                   const char       *message)
{
  fprintf (stderr, "tiaojie-cli: %s\n", message);
  tj_cli_print_group_help (group, stderr);
  return TJ_EXIT_USAGE;
}

int
tj_cli_usage_error (TjCliArgs  *args,
                    const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list ap;

  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);
  /* One line for the error, whatever it holds; the usage below it. */
  g_strdelimit (message, "\n\r", ' ');
  fprintf (stderr, "tiaojie-cli: %s\n", message);
  print_usage_line (args->group, args->command, stderr);
  return TJ_EXIT_USAGE;
}

/* The @index-th word of the arguments' usage ("ID STATUS" → "STATUS"),
 * to name what is missing. */
static char *
argument_name (const TjCliCommand *command,
               guint               index)
{
  g_auto(GStrv) words = g_strsplit (command->arguments ? command->arguments : "", " ", -1);

  if (index < g_strv_length (words))
    return g_strdup (g_strstrip (g_strdelimit (words[index], "[]", ' ')));
  return g_strdup ("");
}

/* argv[1…] are the command's arguments (argv[0] is not read). */
static int
run_command (TjCli              *cli,
             const TjCliGroup   *group,
             const TjCliCommand *command,
             int                 argc,
             char              **argv)
{
  TjCliArgs args = { group, command, NULL, { NULL }, { FALSE }, FALSE };
  GOptionEntry entries[TJ_CLI_MAX_OPTIONS + 3];
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = command_title (group, command);
  g_auto(GStrv) strv = NULL;
  GPtrArray *copy = g_ptr_array_new ();
  guint n = count_options (command);
  guint n_rest;
  int status;

  memset (entries, 0, sizeof entries);
  for (guint i = 0; i < n; i++)
    {
      const TjCliOption *o = &command->options[i];
      entries[i].long_name = o->name;
      entries[i].description = o->description;
      if (o->kind == TJ_CLI_FLAG)
        {
          entries[i].arg = G_OPTION_ARG_NONE;
          entries[i].arg_data = &args.flags[i];
        }
      else
        {
          /* FILENAME, not STRING: values are passed on as given (names,
           * amounts, paths), whatever the locale's encoding. */
          entries[i].arg = G_OPTION_ARG_FILENAME;
          entries[i].arg_data = &args.values[i];
          entries[i].arg_description = o->value_name;
        }
    }
  entries[n] = (GOptionEntry) { "help", 'h', 0, G_OPTION_ARG_NONE, &args.help, N_("Show this help"), NULL };
  entries[n + 1] = (GOptionEntry) { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args.rest, NULL, NULL };

  /* Help is ours (stdout, exit 0 from main), not GOption's exit(). */
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  g_ptr_array_add (copy, g_strdup (title));
  for (int i = 1; i < argc; i++)
    g_ptr_array_add (copy, g_strdup (argv[i]));
  g_ptr_array_add (copy, NULL);
  strv = (GStrv) g_ptr_array_free (copy, FALSE);

  if (!g_option_context_parse_strv (context, &strv, &error))
    {
      status = tj_cli_usage_error (&args, "%s", error->message);
      goto out;
    }
  if (args.help)
    {
      print_command_help (group, command, stdout);
      status = TJ_EXIT_OK;
      goto out;
    }

  n_rest = args.rest ? g_strv_length (args.rest) : 0;
  if (n_rest < command->min_args)
    {
      g_autofree char *name = argument_name (command, n_rest);
      status = tj_cli_usage_error (&args, _("Missing argument %s"), name);
      goto out;
    }
  if (n_rest > command->max_args)
    {
      status = tj_cli_usage_error (&args, _("Unexpected argument “%s”"), args.rest[command->max_args]);
      goto out;
    }
  for (guint i = 0; i < n; i++)
    if (command->options[i].required && args.values[i] == NULL)
      {
        status = tj_cli_usage_error (&args, _("Missing option --%s"), command->options[i].name);
        goto out;
      }

  /* What a command says about who and where overrides the preferences
   * for this run (tj-context.h). */
  if (tj_cli_opt_maybe (&args, "actor"))
    tj_context_override (cli->context, TJ_CONTEXT_MEDIATOR_NAME, tj_cli_opt_maybe (&args, "actor"));
  if (tj_cli_opt_maybe (&args, "station"))
    tj_context_override (cli->context, TJ_CONTEXT_STATION_CODE, tj_cli_opt_maybe (&args, "station"));

  status = command->run (cli, &args);

out:
  g_strfreev (args.rest);
  for (guint i = 0; i < n; i++)
    g_free (args.values[i]);
  return status;
}

static gboolean
is_help (const char *arg)
{
  return strcmp (arg, "--help") == 0 || strcmp (arg, "-h") == 0;
}

int
tj_cli_run_group (TjCli            *cli,
                  const TjCliGroup *group,
                  int               argc,
                  char            **argv)
{
  const TjCliCommand *fallback = NULL;

  for (guint i = 0; i < group->n_commands; i++)
    if (group->commands[i].name == NULL)
      fallback = &group->commands[i];

  if (argc >= 2 && argv[1][0] != '-')
    {
      g_autofree char *unknown = NULL;

      for (guint i = 0; i < group->n_commands; i++)
        {
          const TjCliCommand *c = &group->commands[i];
          g_auto(GStrv) words = NULL;
          guint n_words, j;

          if (c->name == NULL)
            continue;
          words = g_strsplit (c->name, " ", -1);
          n_words = g_strv_length (words);
          for (j = 0; j < n_words && (int) j + 1 < argc; j++)
            if (strcmp (words[j], argv[j + 1]) != 0)
              break;
          if (j == n_words)
            return run_command (cli, group, c, argc - (int) n_words, argv + n_words);
          /* "case party frob": name both words. */
          if (j >= 1 && unknown == NULL)
            unknown = g_strdup_printf ("%s %s", argv[1], (int) j + 1 < argc ? argv[j + 1] : "");
        }
      /* A group with only its own command (sync): a stray argument of
       * that command. */
      if (fallback && group->n_commands == 1)
        return run_command (cli, group, fallback, argc, argv);
      {
        g_autofree char *message = g_strdup_printf (_("Unknown command “%s %s”"), group->name,
                                                    unknown ? g_strstrip (unknown) : argv[1]);
        return group_usage_error (group, message);
      }
    }

  if (fallback)
    return run_command (cli, group, fallback, argc, argv);
  if (argc >= 2 && is_help (argv[1]))
    {
      tj_cli_print_group_help (group, stdout);
      return TJ_EXIT_OK;
    }
  return group_usage_error (group, _("Missing command"));
}

JsonArray *
tj_cli_describe_commands (const TjCliGroup * const *groups,
                          guint                     n_groups)
{
  JsonArray *list = json_array_new ();

  for (guint g = 0; g < n_groups; g++)
    for (guint i = 0; i < groups[g]->n_commands; i++)
      {
        const TjCliCommand *c = &groups[g]->commands[i];
        JsonObject *o = json_object_new ();
        JsonArray *options = json_array_new ();
        g_autofree char *synopsis = command_synopsis (groups[g], c);

        json_object_set_string_member (o, "group", groups[g]->name);
        if (c->name)
          json_object_set_string_member (o, "command", c->name);
        else
          json_object_set_null_member (o, "command");
        json_object_set_string_member (o, "usage", synopsis);
        json_object_set_int_member (o, "min_args", c->min_args);
        json_object_set_int_member (o, "max_args", c->max_args);
        for (guint k = 0; k < count_options (c); k++)
          {
            const TjCliOption *opt = &c->options[k];
            JsonObject *oo = json_object_new ();
            json_object_set_string_member (oo, "name", opt->name);
            json_object_set_boolean_member (oo, "value", opt->kind == TJ_CLI_VALUE);
            json_object_set_boolean_member (oo, "required", opt->required);
            json_array_add_object_element (options, oo);
          }
        json_object_set_array_member (o, "options", options);
        json_array_add_object_element (list, o);
      }
  return list;
}

static gssize
find_option (TjCliArgs  *args,
             const char *name)
{
  for (guint i = 0; i < count_options (args->command); i++)
    if (strcmp (args->command->options[i].name, name) == 0)
      return i;
  /* Asking for an option the table does not declare is a bug: the
   * option could never be given. */
  g_error ("tiaojie-cli %s: option --%s is not declared", args->group->name, name);
  return -1;
}

const char *
tj_cli_command_name (TjCliArgs *args)
{
  return args->command->name;
}

const char *
tj_cli_arg (TjCliArgs *args,
            guint      index)
{
  return args->rest && index < g_strv_length (args->rest) ? args->rest[index] : NULL;
}

guint
tj_cli_n_args (TjCliArgs *args)
{
  return args->rest ? g_strv_length (args->rest) : 0;
}

const char *
tj_cli_opt (TjCliArgs  *args,
            const char *name)
{
  gssize i = find_option (args, name);

  g_assert (args->command->options[i].kind == TJ_CLI_VALUE);
  return args->values[i];
}

const char *
tj_cli_opt_maybe (TjCliArgs  *args,
                  const char *name)
{
  for (guint i = 0; i < count_options (args->command); i++)
    if (strcmp (args->command->options[i].name, name) == 0)
      return tj_cli_opt (args, name);
  return NULL;
}

gboolean
tj_cli_flag (TjCliArgs  *args,
             const char *name)
{
  gssize i = find_option (args, name);

  g_assert (args->command->options[i].kind == TJ_CLI_FLAG);
  return args->flags[i];
}

gboolean
tj_cli_count (TjCliArgs   *args,
              const char  *name,
              gint64      *out,
              GError     **error)
{
  const char *text = tj_cli_opt (args, name);
  guint64 value;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    {
      g_autofree char *option = g_strconcat ("--", name, NULL);
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("%s must be a whole number, not “%s”"), option, text);
      return FALSE;
    }
  *out = (gint64) value;
  return TRUE;
}
