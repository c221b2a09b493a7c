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

/*
 * Change classes. tc_diff_classify() says whether going from old_text to new_text
 * (two normalised texts of one document) is a change a DPO must read or a cosmetic
 * one to record without alerting:
 *
 *  - TC_CHANGE_R_FLIP_FLOP: new_text equals one of the recent versions (a page that
 *    alternates between variants). recent[0..nrecent) are the versions before
 *    old_text, newest first (at most 32 are looked at); each entry is either the
 *    SHA-256 hex of a text (64 hex digits, as the store's text_sha: equal texts) or
 *    the text (equal, or equal but for volatile stamps as below).
 *  - TC_CHANGE_R_LINK_TARGETS: the words are equal and only link targets were
 *    added ("[text](url)" of the normalised text: an e-mail address or a name turned
 *    into a link). Every target of the old text must remain (hash-like runs in
 *    targets aside): a target changed or removed may point the reader to another
 *    document (a new DPA version) and is an edit; the corpus labels such pairs
 *    substantive.
 *  - TC_CHANGE_R_STAMP: only volatile stamps differ (and maybe added links): a date
 *    or time after words like "generated", "printed", "last updated", "as of" (en, sv,
 *    de, fr), an ISO date-time anywhere, an id after "build", "request id", "trace
 *    id", "commit"..., and hash-like tokens (16+ hex digits). Only the stamp's own
 *    tokens are masked, so a real edit on the same line as a stamp is an edit. An
 *    effective date or a version number is not a stamp.
 *  - TC_CHANGE_R_EDIT: anything else (substantive).
 *  - identical texts: TC_CHANGE_NONE with TC_CHANGE_R_IDENTICAL.
 *
 * Pure: no allocation survives the call; NULL texts read as "". Cost: linear in the
 * texts (a canonical copy of each, at most twice).
 */
enum tc_change_kind { TC_CHANGE_NONE = 0, TC_CHANGE_SUBSTANTIVE, TC_CHANGE_COSMETIC };

enum tc_change_reason {
	TC_CHANGE_R_IDENTICAL = 0,
	TC_CHANGE_R_EDIT,
	TC_CHANGE_R_LINK_TARGETS,
	TC_CHANGE_R_STAMP,
	TC_CHANGE_R_FLIP_FLOP
};

typedef struct tc_change_class {
	enum tc_change_kind kind;
	enum tc_change_reason reason;
	int recent;                /* FLIP_FLOP: index into recent[], else -1 */
} tc_change_class;

tc_change_class tc_diff_classify(const char *old_text, const char *new_text,
				 const char *const *recent, size_t nrecent);

/* Stable codes for JSON and the store: "none", "substantive", "cosmetic";
 * "identical", "edit", "link_targets", "volatile_stamp", "flip_flop". */
const char *tc_change_kind_name(enum tc_change_kind k);
const char *tc_change_reason_name(enum tc_change_reason r);

#endif
