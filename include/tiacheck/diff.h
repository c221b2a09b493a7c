/*
 * diff: block and word diff of two normalised texts (one block per line, see
 * formats.md). Lines are compared exactly. The line diff anchors on lines that occur
 * once in both texts (patience diff) and fills the gaps with Myers' O((N+M)D) diff;
 * a gap needing more than TC_DIFF_MAX_D edits is given as "all deleted, all added"
 * (tc_diff.coarse is set) so a 500 KB rewrite stays fast. Within each run of
 * deleted and added lines, a deleted line and an added line that share at least half
 * of their words are paired into one "change" block with a word-level diff inside
 * (tokens: words, single punctuation characters, whitespace).
 *
 * Counts: added = "add" blocks, removed = "del" blocks, changed = "change" blocks.
 *
 * Ownership: tc_diff owns all its blocks and strings; release with tc_diff_release().
 * tc_diff_to_json() returns a new cJSON tree the caller owns (cJSON_Delete);
 * tc_diff_to_json_str() an owned string (free).
 */
#ifndef TIACHECK_DIFF_H
#define TIACHECK_DIFF_H

#include <stddef.h>

#include "tiacheck/util.h"

#define TC_DIFF_MAX_D 2000             /* per gap, in lines or words */
#define TC_DIFF_MAX_INPUT ((size_t)64 << 20)

enum tc_diff_op { TC_DIFF_SAME = 0, TC_DIFF_ADD, TC_DIFF_DEL, TC_DIFF_CHANGE };

typedef struct tc_diff_word {
	enum tc_diff_op op;        /* SAME, ADD or DEL */
	char *text;                /* may contain spaces */
} tc_diff_word;

typedef struct tc_diff_block {
	enum tc_diff_op op;
	char *a;                   /* old line (SAME, DEL, CHANGE), else NULL */
	char *b;                   /* new line (SAME, ADD, CHANGE), else NULL */
	size_t aline, bline;       /* 1-based line numbers in each text, 0 when absent */
	tc_diff_word *words;       /* CHANGE only */
	size_t nwords;
} tc_diff_block;

typedef struct tc_diff {
	tc_diff_block *blocks;     /* every line of both texts, in order */
	size_t nblocks;
	size_t added, removed, changed;
	int coarse;                /* some gap was too different to align */
} tc_diff;

#define TC_DIFF_INIT { NULL, 0, 0, 0, 0, 0 }

/* Diff old text a against new text b (either may be NULL = empty). Empty lines are
 * ignored. 0 ok; -1 with err when an input exceeds TC_DIFF_MAX_INPUT. */
int tc_diff_texts(const char *a, const char *b, tc_diff *out, char *err, size_t errlen);
void tc_diff_release(tc_diff *d);

/* 1 when the diff has no add/del/change block. */
int tc_diff_is_empty(const tc_diff *d);

/* Diff JSON of formats.md: "same" blocks only as one line of context before and
 * after each run of changes. */
struct cJSON *tc_diff_to_json(const tc_diff *d);
char *tc_diff_to_json_str(const tc_diff *d);

/*
 * Render for a terminal into out: hunks headed "@@ -A +B @@", context lines "  x",
 * deleted "- x", added "+ x", changed "~ x" with [-removed-]{+added+} inside.
 * context = same lines shown around each run of changes; color = ANSI colours.
 * Control characters in the texts are made inert. 0 ok, -1 when out is full.
 */
int tc_diff_render(const tc_diff *d, size_t context, int color, tc_buf *out);

#endif
