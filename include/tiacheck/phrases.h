/*
 * phrases: every place where one of a fixed set of phrases starts a word of a text,
 * found in one pass over the text instead of one search per phrase. For tables of
 * words looked up in the same text again and again (findings: version and date
 * markers, key terms, stale transfer mechanisms). Pure: no I/O, nothing printed.
 *
 * A word starts at offset 0 and after any byte that is not a word byte; word bytes
 * are ASCII letters and digits and every byte >= 0x80 (so a folded UTF-8 letter is
 * part of its word). Phrases are byte strings compared exactly (give folded phrases
 * to search a folded text); each must start with a word byte.
 *
 * A set is built once and may then be searched by several threads at a time.
 *
 * Ownership: tc_phrases_new() returns an owned set (tc_phrases_free), holding copies
 * of the phrases; tc_phrases_find() returns an owned array (free).
 */
#ifndef TIACHECK_PHRASES_H
#define TIACHECK_PHRASES_H

#include <stddef.h>

typedef struct tc_phrases tc_phrases;

typedef struct tc_phrase_hit {
	size_t off;          /* byte offset of the phrase in the text */
	size_t id;           /* index of the phrase in the set */
} tc_phrase_hit;

/* 1 for a word byte (see above). */
int tc_phrase_word_byte(unsigned char c);

/* A set of n phrases. NULL when one is empty or does not start with a word byte. */
tc_phrases *tc_phrases_new(const char *const *v, size_t n);
void tc_phrases_free(tc_phrases *p);

/*
 * Every occurrence of a phrase of p that starts a word of text[0..len) and ends
 * within it, in text order (at one offset by id). *out gets an owned array (NULL
 * when none). Returns the count.
 */
size_t tc_phrases_find(const tc_phrases *p, const char *text, size_t len, tc_phrase_hit **out);

/*
 * 1 when an occurrence of phrase s can begin inside another occurrence of s at a
 * word start (a border of s that follows a non-word byte of s: "a-a"). For such a
 * phrase, a search that resumes after each occurrence ("skip what was read") may
 * miss occurrences at word starts that tc_phrases_find() reports.
 */
int tc_phrase_self_overlaps(const char *s);

#endif
