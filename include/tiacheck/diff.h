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
 * Memory is bounded by the input (a few times its size plus a constant), also for
 * texts of millions of tiny lines: lines are 8-byte (offset, length) pairs, the edit
 * script is sized once, and the result is capped:
 *  - a diff of more than TC_DIFF_FULL_LINES lines (both texts) keeps only the same
 *    lines within TC_DIFF_KEEP_CONTEXT of a change (tc_diff.elided is set; line
 *    numbers stay those of the texts, so a jump in aline marks the gap);
 *  - at most TC_DIFF_MAX_BLOCKS blocks are stored; the counts still count every
 *    line and tc_diff.omitted says how many added/removed/changed lines have no block;
 *  - a run of more than TC_DIFF_PAIR_MAX_LINES deleted + added lines is not paired
 *    into changes (all deleted, then all added).
 * Below these sizes (every real page so far) the result is the full diff.
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
#define TC_DIFF_FULL_LINES 200000        /* larger: same lines far from changes elided */
#define TC_DIFF_KEEP_CONTEXT 3           /* same lines kept around each change then */
#define TC_DIFF_MAX_BLOCKS ((size_t)200000)
#define TC_DIFF_PAIR_MAX_LINES 20000

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
	int elided;                /* large: same lines far from changes not stored */
	size_t omitted;            /* changed lines counted but beyond TC_DIFF_MAX_BLOCKS */
} tc_diff;

#define TC_DIFF_INIT { NULL, 0, 0, 0, 0, 0, 0, 0 }

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
