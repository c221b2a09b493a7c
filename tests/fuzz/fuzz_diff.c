/*
 * fuzz_diff: libFuzzer harness for the diff module. An input is two texts separated
 * by the first 0x1E byte (ASCII record separator; no separator: the second text is
 * empty); each text ends at its first NUL, as texts handed to tc_diff_texts() do.
 * The diff must account for every non-empty line of both texts in order, "same"
 * blocks must hold equal lines, each "change" block's words must rebuild both lines,
 * the counts must match the blocks, a text diffed with itself must be empty, and the
 * Diff JSON must parse and carry the same counts. The terminal rendering runs too.
 *
 * tests/unit/test_fuzz_regressions.c includes this file with TC_FUZZ_NO_MAIN.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tiacheck/diff.h"
#include "tiacheck/util.h"

/* Check that the lines a side of the blocks holds are the non-empty lines of text
 * (a trailing CR dropped, as the diff reads lines). NULL when they are. */
static const char *fd_check_side(const tc_diff *d, const char *text, int side_b)
{
	const char *t = text;
	size_t k = 0;

	while (*t) {
		const char *e = strchr(t, '\n');
		size_t len = e ? (size_t)(e - t) : strlen(t);

		if (len && t[len - 1] == '\r')
			len--;
		if (len) {
			const char *line = NULL;

			while (k < d->nblocks && !(line = side_b ? d->blocks[k].b : d->blocks[k].a))
				k++;
			if (!line)
				return "a line of the text is missing from the blocks";
			if (strlen(line) != len || memcmp(line, t, len) != 0)
				return "blocks hold the lines in another order or altered";
			k++;
		}
		if (!e)
			break;
		t = e + 1;
	}
	for (; k < d->nblocks; k++)
		if (side_b ? d->blocks[k].b : d->blocks[k].a)
			return "blocks hold a line the text does not have";
	return NULL;
}

/* Words of a change block rebuild a (SAME + DEL) and b (SAME + ADD). */
static const char *fd_check_words(const tc_diff_block *blk, tc_buf *tmp)
{
	for (int side = 0; side < 2; side++) {
		enum tc_diff_op keep = side ? TC_DIFF_ADD : TC_DIFF_DEL;

		tc_buf_reset(tmp);
		for (size_t w = 0; w < blk->nwords; w++) {
			if (!blk->words[w].text)
				return "word without text";
			if (blk->words[w].op == TC_DIFF_SAME || blk->words[w].op == keep)
				tc_buf_adds(tmp, blk->words[w].text);
		}
		if (strcmp(tc_buf_str(tmp), side ? blk->b : blk->a) != 0)
			return side ? "words do not rebuild the new line" : "words do not rebuild the old line";
	}
	return NULL;
}

/* All structural checks of one diff of a against b. */
static const char *fd_check(const tc_diff *d, const char *a, const char *b, tc_buf *tmp)
{
	size_t n[4] = { 0, 0, 0, 0 };
	const char *why;

	if ((why = fd_check_side(d, a, 0)) || (why = fd_check_side(d, b, 1)))
		return why;
	for (size_t i = 0; i < d->nblocks; i++) {
		const tc_diff_block *blk = &d->blocks[i];

		if ((unsigned)blk->op > TC_DIFF_CHANGE)
			return "block with an unknown op";
		n[blk->op]++;
		if ((blk->op == TC_DIFF_ADD) != !blk->a || (blk->op == TC_DIFF_DEL) != !blk->b)
			return "block sides do not match its op";
		if (blk->op == TC_DIFF_SAME && strcmp(blk->a, blk->b) != 0)
			return "same block with different lines";
		if (blk->op != TC_DIFF_CHANGE && blk->nwords)
			return "words on a block that is not a change";
		if (blk->op == TC_DIFF_CHANGE && (why = fd_check_words(blk, tmp)))
			return why;
	}
	if (n[TC_DIFF_ADD] != d->added || n[TC_DIFF_DEL] != d->removed ||
	    n[TC_DIFF_CHANGE] != d->changed)
		return "counts do not match the blocks";
	if (tc_diff_is_empty(d) != (d->added + d->removed + d->changed == 0))
		return "tc_diff_is_empty disagrees with the counts";
	return NULL;
}

/* The Diff JSON parses back with the same counts. */
static const char *fd_check_json(const tc_diff *d)
{
	char *s = tc_diff_to_json_str(d);
	cJSON *j = s ? cJSON_Parse(s) : NULL;
	const char *why = NULL;
	static const char *const keys[] = { "added", "removed", "changed" };
	const size_t want[] = { d->added, d->removed, d->changed };

	if (!j) {
		why = "Diff JSON does not parse";
		goto out;
	}
	for (size_t i = 0; i < 3 && !why; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, keys[i]);

		if (!cJSON_IsNumber(v) || (size_t)v->valuedouble != want[i])
			why = "Diff JSON counts differ from the diff";
	}
	if (!why && !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(j, "blocks")))
		why = "Diff JSON has no blocks array";
out:
	cJSON_Delete(j);
	free(s);
	return why;
}

/* Diff, check, render; 0 when sane, -1 with a message in why[]. */
static int fuzz_diff_one(const uint8_t *data, size_t size, char *why, size_t whylen)
{
	const char *in = (const char *)data;
	const char *sep = memchr(in, 0x1e, size);
	size_t na = sep ? (size_t)(sep - in) : size;
	char *a = tc_xstrndup(in, na);
	char *b = sep ? tc_xstrndup(sep + 1, size - na - 1) : tc_xstrdup("");
	tc_diff d = TC_DIFF_INIT, self = TC_DIFF_INIT;
	tc_buf tmp = TC_BUF_INIT, out = TC_BUF_INIT;
	char err[256];
	const char *w = NULL;
	int ret = -1;

	tc_buf_init(&tmp, (size_t)64 << 20);
	if (tc_diff_texts(a, b, &d, err, sizeof(err)) < 0) {
		snprintf(why, whylen, "tc_diff_texts failed: %s", err);
		goto out;
	}
	if ((w = fd_check(&d, a, b, &tmp)) || (w = fd_check_json(&d)))
		goto out;
	for (size_t ctx = 0; ctx < 3; ctx++) {
		tc_buf_init(&out, (size_t)64 << 20);
		(void)tc_diff_render(&d, ctx, (int)ctx & 1, &out);
		tc_buf_release(&out);
	}
	if (tc_diff_texts(a, a, &self, err, sizeof(err)) < 0) {
		snprintf(why, whylen, "tc_diff_texts(a, a) failed: %s", err);
		goto out;
	}
	if ((w = fd_check(&self, a, a, &tmp)))
		goto out;
	if (!tc_diff_is_empty(&self)) {
		w = "a text diffed with itself is not empty";
		goto out;
	}
	ret = 0;
out:
	if (w)
		snprintf(why, whylen, "%s", w);
	tc_diff_release(&d);
	tc_diff_release(&self);
	tc_buf_release(&tmp);
	free(a);
	free(b);
	return ret;
}

#ifndef TC_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[512];

	if (fuzz_diff_one(data, size, why, sizeof(why)) < 0) {
		fprintf(stderr, "fuzz_diff: %s\n", why);
		abort();
	}
	return 0;
}
#endif
