/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/*
 * Search in Chinese (docs/DESIGN.md). FTS5's trigram tokenizer cannot match the
 * two-character names most people have (张三, 王伟), so Tiaojie registers
 * its own tokenizer "tj_cjk":
 *
 *  - Han characters are indexed one by one, and every pair of neighbours
 *    as a bigram at the same position (FTS5_TOKEN_COLOCATED); a query of
 *    one character matches the unigram, longer ones become a phrase of
 *    consecutive bigrams.
 *  - Letters and digits (folded with NFKC and lower-cased, so full-width
 *    digits match) are indexed as trigrams at consecutive positions plus
 *    the whole word; a query of 3+ characters becomes a phrase of
 *    trigrams, so any fragment of an ID number, phone or case number
 *    matches; 1–2 characters match as a prefix.
 *  - Everything else separates tokens.
 */

/* Registers the tokenizer on @db (once per connection). */
gboolean  tj_search_register         (sqlite3     *db,
                                      GError     **error);

/* The FTS5 MATCH expression for what the user typed; NULL when it holds
 * nothing searchable (only spaces or punctuation). */
char     *tj_search_match_expression (const char  *query);

G_END_DECLS
