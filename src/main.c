/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie"

#include <glib/gi18n.h>
#include <locale.h>

#include "tj-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TjApplication) app = NULL;
  const char *localedir = g_getenv ("TIAOJIE_LOCALEDIR");

  /* TIAOJIE_LOCALEDIR lets `build-aux/dev run` show the translations from
   * the build tree without installing them. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, (localedir && *localedir) ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Tiaojie"));

  app = tj_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
