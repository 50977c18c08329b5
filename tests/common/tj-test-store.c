/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "tj-test-store.h"
#include "tj-test-util.h"

/* A new folder made from @tmpl ("tj-case-XXXXXX") with the database
 * @file opened in it. */
TjStore *
tj_test_store_open_tmp (const char  *tmpl,
                        const char  *file,
                        char       **out_dir,
                        char       **out_path)
{
  g_autoptr(GError) error = NULL;
  TjStore *store;

  *out_dir = g_dir_make_tmp (tmpl, &error);
  g_assert_no_error (error);
  *out_path = g_build_filename (*out_dir, file, NULL);
  store = tj_store_open (*out_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

void
tj_test_case_context_init (TjCaseContext *ctx)
{
  tj_case_context_init_defaults (ctx);
  ctx->station_code = "海";
  ctx->actor = "调解员甲";
  ctx->today = "2026-11-22";
}

void
tj_test_case_store_set_up (TjTestCaseStore *f,
                           gconstpointer    data)
{
  g_autoptr(GError) error = NULL;

  f->store = tj_test_store_open_tmp ("tj-case-store-XXXXXX", "cases.db", &f->dir, &f->path);
  g_assert_true (tj_case_attach (f->store, &error));
  g_assert_no_error (error);
  tj_test_case_context_init (&f->ctx);
}

/* The store closed, its folder removed with the database, -wal and -shm. */
void
tj_test_case_store_tear_down (TjTestCaseStore *f,
                              gconstpointer    data)
{
  g_clear_object (&f->store);
  tj_test_remove_tree (f->dir);
  g_clear_pointer (&f->path, g_free);
  g_clear_pointer (&f->dir, g_free);
}
