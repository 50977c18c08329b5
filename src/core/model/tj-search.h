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
 *    digits match) are indexed as 4-grams at consecutive positions, and
 *    the last three characters beside the last one; a word of up to three
 *    characters is indexed whole. A query of 4+ characters becomes a
 *    phrase of 4-grams, so any fragment of an ID number, phone or case
 *    number matches; 1–3 characters match as a prefix (of a 4-gram, of
 *    the last three, of a short word): anywhere but the last one or two
 *    characters of a longer word, and any three anywhere. 4-grams rather
 *    than trigrams: a digit trigram is in a tenth of all ID numbers, so
 *    a phrase of them read long lists; there are ten times as many
 *    4-grams, each in a tenth as many cases. The whole word is not
 *    indexed (its first 4-gram starts the same).
 *  - Everything else separates tokens.
 */

/* Registers the tokenizer on @db (once per connection), and the SQL
 * function tj_search_matches(TEXT, QUERY) (tj_search_text_matches()). */
gboolean  tj_search_register         (sqlite3     *db,
                                      GError     **error);

/* The FTS5 MATCH expression for what the user typed; NULL when it holds
 * nothing searchable (only spaces or punctuation). */
char     *tj_search_match_expression (const char  *query);

/* Whether @text matches @query as the index would find it, read from the
 * text itself: tj-case-query.c scans the newest cases so for a query
 * with a short word, which FTS5 answers by merging the lists of every
 * term that starts so (hundreds for one digit). */
gboolean  tj_search_text_matches     (const char  *text,
                                      const char  *query);

/* Whether @query has a word of one or two letters or digits. */
gboolean  tj_search_has_short_word   (const char  *query);

G_END_DECLS
