/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the unit tests of the list models share: a repository on a fresh
 * database in a folder of its own, a case context of a station "海"
 * pinned to 2026-11-22, and waiting on the main loop for the worker's
 * answers, bounded so that a lost answer fails instead of hanging, and
 * the rows of a paged list once their page is read.
 */
#pragma once

#include <glib/gstdio.h>

#include "tj-case.h"
#include "tj-paged-list.h"
#include "tj-repository.h"
#include "tj-test-store.h"
#include "tj-test-util.h"

#define TJ_REPO_TEST_WAIT_MS 20000

typedef struct {
  char          *dir;
  char          *path;
  TjRepository  *repo;
  TjStore       *store;
  TjCaseContext  ctx;
} Fixture;

static inline void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("tj-repo-test-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "test.db", NULL);
  f->repo = tj_repository_open (f->path, &error);
  g_assert_no_error (error);
  f->store = tj_repository_get_store (f->repo);
  tj_test_case_context_init (&f->ctx);
}

static inline void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->repo);
  tj_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static inline gboolean
tj_repo_test_expired_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until *@flag is set. */
static inline void
wait_for (gboolean *flag)
{
  gboolean expired = FALSE;
  guint bound = g_timeout_add (TJ_REPO_TEST_WAIT_MS, tj_repo_test_expired_cb, &expired);

  while (!*flag && !expired)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (expired);
  g_source_remove (bound);
}

/* A paged list's reload, as its callback saw it. */
typedef struct {
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Reload;

static inline void
reloaded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Reload *r = user_data;

  r->ok = tj_paged_list_reload_finish (TJ_PAGED_LIST (source), result, &r->error);
  r->done = TRUE;
}

static inline void
loaded_cb (TjRow      *row,
           GParamSpec *pspec,
           gboolean   *loaded)
{
  *loaded = tj_row_get_loaded (row);
}

/* The row at @position of a paged list, waiting for its page when it is
 * a placeholder. */
static inline gpointer
get_loaded (GListModel *list,
            guint       position)
{
  TjRow *row = g_list_model_get_item (list, position);
  gboolean loaded;

  g_assert_nonnull (row);
  loaded = tj_row_get_loaded (row);
  if (!loaded)
    {
      gulong handler = g_signal_connect (row, "notify::loaded", G_CALLBACK (loaded_cb), &loaded);
      wait_for (&loaded);
      g_signal_handler_disconnect (row, handler);
    }
  return row;
}
