/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Realistic generated cases for the benchmarks: Chinese names and valid ID
 * numbers, employers, one to three workers (a few collective cases), dates
 * over 2024–2026. Shared by bench-cases (search at scale) and bench-window
 * (the window at scale). */

#include <json-glib/json-glib.h>

#include "tj-store.h"

G_BEGIN_DECLS

/* The fragments names and employers are made of, for the queries. */
extern const char * const tj_bench_trades[10];
extern const char * const tj_bench_forms[5];

/* Case @i of the interchange JSON (tj_case_add()), accepted on the day it
 * was received: its mediation limit is long past for most. */
JsonObject *tj_bench_make_case (GRand *rand,
                                int    i);

/* Fills @store (every index attached) with @n cases of tj_bench_make_case()
 * as a mediation centre accumulates them by @today: most still accepted
 * (their limits overdue), and among them cases that agreed a settlement
 * with an installment overdue, cases with a session in the coming week,
 * cases closed last month (follow-up calls), failed mediations (after
 * mediation) and a consultation for every twentieth case. Prints progress
 * to stdout. */
void        tj_bench_populate  (TjStore    *store,
                                int         n,
                                const char *today);

G_END_DECLS
