/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A fresh database in a folder of its own for a test, the case context
 * most tests write with (station "海", mediator 调解员甲, today
 * 2026-11-22), and settlements and payments made the simple way.
 */
#pragma once

#include "tj-case.h"
#include "tj-store.h"

G_BEGIN_DECLS

/* The fixture of tests that need no more than a store with the case
 * tables and a context. */
typedef struct {
  char          *dir;
  char          *path;
  TjStore       *store;
  TjCaseContext  ctx;
} TjTestCaseStore;

TjStore *tj_test_store_open_tmp        (const char       *tmpl,
                                        const char       *file,
                                        char            **out_dir,
                                        char            **out_path);
void     tj_test_store_close           (TjStore         **store,
                                        char            **dir,
                                        char            **path);
void     tj_test_case_context_init     (TjCaseContext    *ctx);
char    *tj_test_put                   (TjStore          *store,
                                        const char       *json);
char    *tj_test_add_case              (TjStore          *store,
                                        TjCaseContext    *ctx,
                                        const char       *json);
char    *tj_test_add_case_at           (const char       *path,
                                        const char       *json);
void     tj_test_case_store_set_up     (TjTestCaseStore  *f,
                                        gconstpointer     data);
void     tj_test_case_store_tear_down  (TjTestCaseStore  *f,
                                        gconstpointer     data);
guint    tj_test_settle_evenly         (TjStore          *store,
                                        const char       *case_id,
                                        gint64            per_worker,
                                        const char       *due_on,
                                        const char       *on);
gint64   tj_test_settle_halves         (TjStore             *store,
                                        const TjCaseContext *ctx,
                                        const char          *case_id,
                                        const char          *first_due,
                                        const char          *second_due,
                                        const char          *why);
void     tj_test_pay_worker            (TjStore          *store,
                                        const char       *case_id,
                                        guint             worker,
                                        gint64            amount_fen,
                                        const char       *on);
void     tj_test_add_caucus_note       (TjStore          *store,
                                        TjCaseContext    *ctx,
                                        const char       *case_id,
                                        const char       *scheduled_on,
                                        const char       *text);
void     tj_test_add_offer             (TjStore          *store,
                                        TjCaseContext    *ctx,
                                        const char       *session_id,
                                        const char       *json);

G_END_DECLS
