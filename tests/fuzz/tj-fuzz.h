/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by the fuzz targets (tests/fuzz/fuzz-*.c). A target defines
 * LLVMFuzzerTestOneInput(); it is linked either with libFuzzer (meson
 * -Dfuzzing=true, clang) or with fuzz-replay.c, which feeds it every file
 * of the committed corpus and regression folders (the unit suite). */

#include <json-glib/json-glib.h>
#include <stddef.h>
#include <stdint.h>

#include "tj-case.h"
#include "tj-store.h"

G_BEGIN_DECLS

int         LLVMFuzzerTestOneInput (const uint8_t *data,
                                    size_t         size);

/* Once per process: quiet logs, criticals and warnings fatal (a target
 * must refuse bad input with a GError, never with a g_return_if_fail),
 * malloc'd slices for the sanitizers, a private XDG_DATA_HOME. */
void        tj_fuzz_init           (void);

/* A store in a private temporary folder, opened once, with the case and
 * arrears indexers attached and one open case (tj_fuzz_case_id()). Each
 * input runs between tj_fuzz_begin() and tj_fuzz_end(), which rolls
 * everything back: every input meets the same store. */
TjStore    *tj_fuzz_store          (void);
const char *tj_fuzz_case_id        (void);
const TjCaseContext *tj_fuzz_context (void);
void        tj_fuzz_begin          (void);
void        tj_fuzz_end            (void);

/* Aborts (a finding) when @error is not a TJ_ERROR with a message: bad
 * input must be refused with a specific, non-empty message. */
void        tj_fuzz_check_error    (const GError *error);

/* Aborts when any string or member name in @node is not valid UTF-8. */
void        tj_fuzz_check_utf8     (JsonNode *node);

/* Path of a file under tests/fixtures. */
char       *tj_fuzz_fixture        (const char *name);

G_END_DECLS
