/* diff: see include/tiacheck/diff.h */
#include "tiacheck/diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#define PATIENCE_MAX_DEPTH 64
#define PAIR_MAX_TRIES 4096      /* del x add comparisons per run before windowing */
#define PAIR_WINDOW 8
#define PAIR_MIN_SIM 0.5

/* ---- pieces of text and their interning to small integers ---- */

/* A line or a token: an offset and a length into a base string (8 bytes, so that a
 * text of millions of tiny lines stays small; inputs are below 4 GB). */
typedef struct piece {
	uint32_t off, n;
} piece;

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

/* One side of an interning: its base string and pieces. */
typedef struct side {
	const char *base;
	const piece *p;
	size_t n;
} side;

static const char *side_str(const side *sd, size_t i)
{
	return sd->base + sd->p[i].off;
}

/* Give each distinct piece of both sides an id (0..): ids[0..na) for the first side,
 * ids[na..na+nb) for the second. Returns the number of ids. */
static size_t intern_all(const side *sa, const side *sb, int *ids)
{
	size_t n = sa->n + sb->n, cap = 16, nid = 0;
	uint32_t *slot, *first;   /* slot: id + 1 (0 empty); first: global index of an id */

	while (cap < n * 2 + 2)
		cap *= 2;
	slot = tc_xcalloc(cap, sizeof(uint32_t));
	first = tc_xmalloc((n + 1) * sizeof(uint32_t));
	for (size_t g = 0; g < n; g++) {
		const side *sd = g < sa->n ? sa : sb;
		size_t i = g < sa->n ? g : g - sa->n;
		const char *str = side_str(sd, i);
		size_t len = sd->p[i].n;
		size_t h = (size_t)hash_bytes(str, len) & (cap - 1);

		for (;;) {
			uint32_t v = slot[h];
			size_t fg;
			const side *fs;
			size_t fi;

			if (v == 0) {
				slot[h] = (uint32_t)nid + 1;
				first[nid] = (uint32_t)g;
				ids[g] = (int)nid++;
				break;
			}
			fg = first[v - 1];
			fs = fg < sa->n ? sa : sb;
			fi = fg < sa->n ? fg : fg - sa->n;
			if (fs->p[fi].n == len && memcmp(side_str(fs, fi), str, len) == 0) {
				ids[g] = (int)(v - 1);
				break;
			}
			h = (h + 1) & (cap - 1);
		}
	}
	free(slot);
	free(first);
	return nid;
}

/* ---- edit script over two integer sequences ---- */

typedef struct edit {
	char op;                 /* 'S' same, 'D' delete a[i], 'A' add b[j] */
	int i, j;
} edit;

typedef struct script {
	edit *v;
	size_t n, cap;
	const int *a, *b;
	unsigned char *cnt_a, *cnt_b; /* per id scratch for patience (0, 1, 2 = more), */
	int *pos_b;                   /* all zero between uses */
	int coarse;
} script;

static void emit(script *s, char op, int i, int j)
{
	if (s->n == s->cap) {   /* sized by seq_diff: every element is in one edit */
		s->cap = s->cap ? s->cap * 2 : 256;
		s->v = tc_xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n].op = op;
	s->v[s->n].i = i;
	s->v[s->n].j = j;
	s->n++;
}

/*
 * Myers' greedy diff of a[a0..a1) and b[b0..b1) with the whole V history kept (at
 * most (maxd+1)^2 ints). Returns -1 when more than maxd edits are needed.
 */
static int myers(script *s, int a0, int a1, int b0, int b1, int maxd)
{
	const int *a = s->a + a0, *b = s->b + b0;
	int n = a1 - a0, m = b1 - b0;
	int off, dfound = -1, x, y;
	int *v, *trace;
	edit *rev;
	size_t nrev = 0;

	if (maxd > n + m)
		maxd = n + m;
	off = maxd + 1;
	v = tc_xcalloc((size_t)(2 * maxd + 3), sizeof(int));
	trace = tc_xmalloc((size_t)(maxd + 1) * (size_t)(maxd + 1) * sizeof(int));
	for (int d = 0; d <= maxd && dfound < 0; d++) {
		for (int k = -d; k <= d; k += 2) {
			if (k == -d || (k != d && v[off + k - 1] < v[off + k + 1]))
				x = v[off + k + 1];
			else
				x = v[off + k - 1] + 1;
			y = x - k;
			while (x < n && y < m && a[x] == b[y]) {
				x++;
				y++;
			}
			v[off + k] = x;
			if (x >= n && y >= m)
				dfound = d;
		}
		for (int k = -d; k <= d; k++)
			trace[(size_t)d * (size_t)d + (size_t)(k + d)] = v[off + k];
	}
	free(v);
	if (dfound < 0) {
		free(trace);
		return -1;
	}
	rev = tc_xmalloc((size_t)(n + m + 1) * sizeof(edit));
	x = n;
	y = m;
	for (int d = dfound; d > 0; d--) {
		const int *pv = trace + (size_t)(d - 1) * (size_t)(d - 1);   /* k in [-(d-1), d-1] */
		int k = x - y, pk, px, py;

#define PV(kk) pv[(kk) + d - 1]
		if (k == -d || (k != d && PV(k - 1) < PV(k + 1)))
			pk = k + 1;
		else
			pk = k - 1;
		px = PV(pk);
		py = px - pk;
#undef PV
		{
			/* the snake after this edit starts where the edit lands */
			int sx = pk == k + 1 ? px : px + 1, sy = sx - k;

			while (x > sx && y > sy) {
				rev[nrev].op = 'S';
				rev[nrev].i = a0 + x - 1;
				rev[nrev].j = b0 + y - 1;
				nrev++;
				x--;
				y--;
			}
		}
		if (pk == k + 1) {          /* came down: insertion of b[py] */
			rev[nrev].op = 'A';
			rev[nrev].i = a0 + x;
			rev[nrev].j = b0 + py;
			nrev++;
		} else {                    /* came right: deletion of a[px] */
			rev[nrev].op = 'D';
			rev[nrev].i = a0 + px;
			rev[nrev].j = b0 + y;
			nrev++;
		}
		x = px;
		y = py;
	}
	while (x > 0 && y > 0) {
		rev[nrev].op = 'S';
		rev[nrev].i = a0 + x - 1;
		rev[nrev].j = b0 + y - 1;
		nrev++;
		x--;
		y--;
	}
	while (nrev > 0) {
		nrev--;
		emit(s, rev[nrev].op, rev[nrev].i, rev[nrev].j);
	}
	free(rev);
	free(trace);
	return 0;
}

static void gap(script *s, int a0, int a1, int b0, int b1)
{
	if (myers(s, a0, a1, b0, b1, TC_DIFF_MAX_D) == 0)
		return;
	s->coarse = 1;
	for (int i = a0; i < a1; i++)
		emit(s, 'D', i, b0);
	for (int j = b0; j < b1; j++)
		emit(s, 'A', a1, j);
}

/* Longest increasing subsequence of bpos[0..n) (distinct values); indices into
 * keep[], returns its length. */
static size_t lis(const int *bpos, size_t n, size_t *keep)
{
	size_t *tail = tc_xmalloc((n + 1) * sizeof(size_t));
	size_t *prev = tc_xmalloc((n + 1) * sizeof(size_t));
	size_t len = 0;

	for (size_t i = 0; i < n; i++) {
		size_t lo = 0, hi = len;

		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (bpos[tail[mid]] < bpos[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[i] = lo ? tail[lo - 1] : SIZE_MAX;
		tail[lo] = i;
		if (lo == len)
			len++;
	}
	if (len) {
		size_t k = tail[len - 1];

		for (size_t r = len; r > 0; r--) {
			keep[r - 1] = k;
			k = prev[k];
		}
	}
	free(tail);
	free(prev);
	return len;
}

/* Patience diff of a[a0..a1) against b[b0..b1). */
static void patience(script *s, int a0, int a1, int b0, int b1, int depth)
{
	int suffix = 0;
	int *apos = NULL, *bpos = NULL;
	size_t nu = 0, nk;
	size_t *keep = NULL;

	while (a0 < a1 && b0 < b1 && s->a[a0] == s->b[b0]) {
		emit(s, 'S', a0, b0);
		a0++;
		b0++;
	}
	while (a1 - suffix > a0 && b1 - suffix > b0 && s->a[a1 - 1 - suffix] == s->b[b1 - 1 - suffix])
		suffix++;
	a1 -= suffix;
	b1 -= suffix;
	if (a0 == a1 || b0 == b1 || depth > PATIENCE_MAX_DEPTH) {
		gap(s, a0, a1, b0, b1);
		goto tail;
	}
	for (int i = a0; i < a1; i++)
		if (s->cnt_a[s->a[i]] < 2)
			s->cnt_a[s->a[i]]++;
	for (int j = b0; j < b1; j++) {
		if (s->cnt_b[s->b[j]] < 2)
			s->cnt_b[s->b[j]]++;
		s->pos_b[s->b[j]] = j;
	}
	apos = tc_xmalloc((size_t)(a1 - a0) * sizeof(int));
	bpos = tc_xmalloc((size_t)(a1 - a0) * sizeof(int));
	for (int i = a0; i < a1; i++) {
		int id = s->a[i];

		if (s->cnt_a[id] == 1 && s->cnt_b[id] == 1) {
			apos[nu] = i;
			bpos[nu] = s->pos_b[id];
			nu++;
		}
	}
	for (int i = a0; i < a1; i++)
		s->cnt_a[s->a[i]] = 0;
	for (int j = b0; j < b1; j++)
		s->cnt_b[s->b[j]] = 0;
	keep = tc_xmalloc((nu + 1) * sizeof(size_t));
	nk = lis(bpos, nu, keep);
	/* keep only the anchors (in apos/bpos, in place) while recursing */
	for (size_t k = 0; k < nk; k++) {
		int ai = apos[keep[k]], bj = bpos[keep[k]];

		apos[k] = ai;
		bpos[k] = bj;
	}
	free(keep);
	keep = NULL;
	if (nk < nu && nk > 0) {
		apos = tc_xrealloc(apos, nk * sizeof(int));
		bpos = tc_xrealloc(bpos, nk * sizeof(int));
	}
	if (nk == 0) {
		gap(s, a0, a1, b0, b1);
	} else {
		int pa = a0, pb = b0;

		for (size_t k = 0; k < nk; k++) {
			int ai = apos[k], bj = bpos[k];

			patience(s, pa, ai, pb, bj, depth + 1);
			emit(s, 'S', ai, bj);
			pa = ai + 1;
			pb = bj + 1;
		}
		patience(s, pa, a1, pb, b1, depth + 1);
	}
	free(apos);
	free(bpos);
tail:
	for (int k = 0; k < suffix; k++)
		emit(s, 'S', a1 + k, b1 + k);
}

/* Diff two interned sequences into s (s->v filled). */
static void seq_diff(script *s, const int *a, int na, const int *b, int nb, size_t nids)
{
	s->a = a;
	s->b = b;
	s->cnt_a = tc_xcalloc(nids + 1, 1);
	s->cnt_b = tc_xcalloc(nids + 1, 1);
	s->cap = (size_t)na + (size_t)nb + 1;
	s->v = tc_xmalloc(s->cap * sizeof(*s->v));
	s->pos_b = tc_xcalloc(nids + 1, sizeof(int));
	patience(s, 0, na, 0, nb, 0);
	free(s->cnt_a);
	free(s->cnt_b);
	free(s->pos_b);
}

/* Diff two sides: interns both, returns the script (caller frees s->v). */
static void diff_sides(const side *sa, const side *sb, script *s)
{
	int *ids = tc_xmalloc((sa->n + sb->n + 1) * sizeof(int));
	size_t nids = intern_all(sa, sb, ids);

	memset(s, 0, sizeof(*s));
	seq_diff(s, ids, (int)sa->n, ids + sa->n, (int)sb->n, nids);
	free(ids);
}

/* ---- splitting ---- */

/* The non-empty lines of t (NULL = empty) as pieces of t; the array is sized
 * exactly (a count first), since a text may hold millions of tiny lines. */
static size_t split_lines(const char *t, piece **out)
{
	piece *v;
	size_t n = 0, cap = 1;

	for (const char *p = t; p && (p = strchr(p, '\n')); p++)
		cap++;
	v = tc_xmalloc(cap * sizeof(*v));
	for (const char *p = t; p && *p && n < cap;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (len && p[len - 1] == '\r')
			len--;
		if (len) {
			v[n].off = (uint32_t)(p - t);
			v[n].n = (uint32_t)len;
			n++;
		}
		if (!e)
			break;
		p = e + 1;
	}
	*out = v;
	return n;
}

static int is_word_byte(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c >= 0x80;
}

/* Words, whitespace runs and single punctuation characters of one line. */
static size_t split_tokens(const char *s, size_t len, piece **out)
{
	piece *v = tc_xmalloc((len + 1) * sizeof(piece));
	size_t n = 0, i = 0;

	while (i < len) {
		size_t st = i;

		if (s[i] == ' ' || s[i] == '\t') {
			while (i < len && (s[i] == ' ' || s[i] == '\t'))
				i++;
		} else if (is_word_byte((unsigned char)s[i])) {
			while (i < len && is_word_byte((unsigned char)s[i]))
				i++;
		} else {
			i++;
		}
		v[n].off = (uint32_t)st;
		v[n].n = (uint32_t)(i - st);
		n++;
	}
	*out = v;
	return n;
}

/* ---- building the result ---- */

/* The diff being built: the blocks and the two sides' lines. */
typedef struct builder {
	tc_diff *d;
	size_t cap;
	side la, lb;
} builder;

/* A new block, or NULL when TC_DIFF_MAX_BLOCKS are stored (the caller then counts
 * the line as omitted). */
static tc_diff_block *new_block(builder *bd, enum tc_diff_op op)
{
	tc_diff *d = bd->d;
	tc_diff_block *b;

	if (d->nblocks >= TC_DIFF_MAX_BLOCKS)
		return NULL;
	if (d->nblocks == bd->cap) {
		bd->cap = bd->cap ? bd->cap * 2 : 64;
		if (bd->cap > TC_DIFF_MAX_BLOCKS)
			bd->cap = TC_DIFF_MAX_BLOCKS;
		d->blocks = tc_xrealloc(d->blocks, bd->cap * sizeof(*d->blocks));
	}
	b = &d->blocks[d->nblocks++];
	memset(b, 0, sizeof(*b));
	b->op = op;
	return b;
}

static void add_word(tc_diff_block *b, size_t *cap, enum tc_diff_op op, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (b->nwords && b->words[b->nwords - 1].op == op) {   /* merge with the previous */
		tc_diff_word *w = &b->words[b->nwords - 1];
		size_t old = strlen(w->text);

		w->text = tc_xrealloc(w->text, old + n + 1);
		memcpy(w->text + old, s, n);
		w->text[old + n] = '\0';
		return;
	}
	if (b->nwords == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		b->words = tc_xrealloc(b->words, *cap * sizeof(*b->words));
	}
	b->words[b->nwords].op = op;
	b->words[b->nwords].text = tc_xstrndup(s, n);
	b->nwords++;
}

static int is_blank_piece(const char *base, const piece *p)
{
	for (size_t i = 0; i < p->n; i++)
		if (base[p->off + i] != ' ' && base[p->off + i] != '\t')
			return 0;
	return 1;
}

/*
 * Word diff of one changed line. A run of deletions and additions is written as
 * all its deleted text then all its added text; a space between two edits joins
 * them (so "a b" -> "x y" reads [-a b-]{+x y+}).
 */
static void word_diff(tc_diff_block *blk, const char *a, const char *b)
{
	piece *pa, *pb;
	size_t na = split_tokens(a, strlen(a), &pa), nb = split_tokens(b, strlen(b), &pb);
	side sa = { a, pa, na }, sb = { b, pb, nb };
	size_t cap = 0;
	script s;
	tc_buf del = TC_BUF_INIT, add = TC_BUF_INIT;

	diff_sides(&sa, &sb, &s);
	for (size_t k = 0; k < s.n; k++) {
		const edit *e = &s.v[k];

		if (e->op == 'S') {
			int inner = is_blank_piece(a, &pa[e->i]) && (del.len || add.len) &&
				    k + 1 < s.n && s.v[k + 1].op != 'S';

			if (inner) {
				tc_buf_add(&del, a + pa[e->i].off, pa[e->i].n);
				tc_buf_add(&add, b + pb[e->j].off, pb[e->j].n);
				continue;
			}
			add_word(blk, &cap, TC_DIFF_DEL, tc_buf_str(&del), del.len);
			add_word(blk, &cap, TC_DIFF_ADD, tc_buf_str(&add), add.len);
			tc_buf_reset(&del);
			tc_buf_reset(&add);
			add_word(blk, &cap, TC_DIFF_SAME, a + pa[e->i].off, pa[e->i].n);
		} else if (e->op == 'D') {
			tc_buf_add(&del, a + pa[e->i].off, pa[e->i].n);
		} else {
			tc_buf_add(&add, b + pb[e->j].off, pb[e->j].n);
		}
	}
	add_word(blk, &cap, TC_DIFF_DEL, tc_buf_str(&del), del.len);
	add_word(blk, &cap, TC_DIFF_ADD, tc_buf_str(&add), add.len);
	tc_buf_release(&del);
	tc_buf_release(&add);
	free(s.v);
	free(pa);
	free(pb);
}

/* Sorted word hashes of a line, for the similarity of two lines. */
typedef struct bag {
	uint64_t *h;
	size_t n;
} bag;

static int u64_cmp(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

static bag make_bag(const side *sd, size_t line)
{
	const char *s = side_str(sd, line);
	piece *t;
	size_t n = split_tokens(s, sd->p[line].n, &t);
	bag g = { tc_xmalloc((n + 1) * sizeof(uint64_t)), 0 };

	for (size_t i = 0; i < n; i++)
		if (!is_blank_piece(s, &t[i]))
			g.h[g.n++] = hash_bytes(s + t[i].off, t[i].n);
	qsort(g.h, g.n, sizeof(uint64_t), u64_cmp);
	free(t);
	return g;
}

/* Dice coefficient of two bags: 2 * common / (|a| + |b|). */
static double similarity(const bag *a, const bag *b)
{
	size_t i = 0, j = 0, common = 0;

	if (a->n == 0 || b->n == 0)
		return 0;
	while (i < a->n && j < b->n) {
		if (a->h[i] == b->h[j]) {
			common++;
			i++;
			j++;
		} else if (a->h[i] < b->h[j]) {
			i++;
		} else {
			j++;
		}
	}
	return 2.0 * (double)common / (double)(a->n + b->n);
}

/*
 * For each deleted line the added line it is paired with (-1: none), in order.
 * Small runs compare every pair; larger ones compare each deleted line with a
 * window of added lines around its proportional place. The window only moves
 * forward, so the bags of added lines are made on demand and freed once behind it:
 * memory stays bounded by the window, not by the run.
 */
static int *pair_lines(const builder *bd, const int *dels, size_t nd, const int *adds, size_t na)
{
	int *pair = tc_xmalloc((nd + 1) * sizeof(int));
	bag *ba = tc_xcalloc(na + 1, sizeof(bag));
	int windowed = nd * na > PAIR_MAX_TRIES;
	size_t j0 = 0, freed = 0;

	for (size_t i = 0; i < nd; i++) {
		double best = PAIR_MIN_SIM - 1e-9;
		size_t lo = j0, hi = na;
		bag bdel = make_bag(&bd->la, (size_t)dels[i]);

		pair[i] = -1;
		if (windowed) {
			size_t centre = i * na / nd;

			lo = centre > PAIR_WINDOW ? centre - PAIR_WINDOW : 0;
			if (lo < j0)
				lo = j0;
			hi = centre + PAIR_WINDOW + 1 < na ? centre + PAIR_WINDOW + 1 : na;
			for (; freed < lo; freed++) {
				free(ba[freed].h);
				ba[freed].h = NULL;
			}
		}
		for (size_t j = lo; j < hi; j++) {
			double sim;

			if (!ba[j].h)
				ba[j] = make_bag(&bd->lb, (size_t)adds[j]);
			sim = similarity(&bdel, &ba[j]);
			if (sim > best) {
				best = sim;
				pair[i] = (int)j;
			}
		}
		if (pair[i] >= 0)
			j0 = (size_t)pair[i] + 1;
		free(bdel.h);
	}
	for (size_t j = 0; j < na; j++)
		free(ba[j].h);
	free(ba);
	return pair;
}

static void put_add(builder *bd, int j)
{
	tc_diff_block *b = new_block(bd, TC_DIFF_ADD);

	bd->d->added++;
	if (!b) {
		bd->d->omitted++;
		return;
	}
	b->b = tc_xstrndup(side_str(&bd->lb, (size_t)j), bd->lb.p[j].n);
	b->bline = (size_t)j + 1;
}

static void put_del(builder *bd, int i)
{
	tc_diff_block *b = new_block(bd, TC_DIFF_DEL);

	bd->d->removed++;
	if (!b) {
		bd->d->omitted++;
		return;
	}
	b->a = tc_xstrndup(side_str(&bd->la, (size_t)i), bd->la.p[i].n);
	b->aline = (size_t)i + 1;
}

static void put_change(builder *bd, int i, int j)
{
	tc_diff_block *b = new_block(bd, TC_DIFF_CHANGE);

	bd->d->changed++;
	if (!b) {
		bd->d->omitted++;
		return;
	}
	b->a = tc_xstrndup(side_str(&bd->la, (size_t)i), bd->la.p[i].n);
	b->b = tc_xstrndup(side_str(&bd->lb, (size_t)j), bd->lb.p[j].n);
	b->aline = (size_t)i + 1;
	b->bline = (size_t)j + 1;
	word_diff(b, b->a, b->b);
}

static void put_same(builder *bd, int i, int j)
{
	tc_diff_block *b = new_block(bd, TC_DIFF_SAME);

	if (!b)
		return;
	b->a = tc_xstrndup(side_str(&bd->la, (size_t)i), bd->la.p[i].n);
	b->b = tc_xstrdup(b->a);
	b->aline = (size_t)i + 1;
	b->bline = (size_t)j + 1;
}

/* Lines a[dels[]] were deleted and b[adds[]] added between two same lines: pair the
 * similar ones into changes and append all blocks in order. Runs longer than
 * TC_DIFF_PAIR_MAX_LINES are not paired (all deleted, then all added). */
static void emit_run(builder *bd, const int *dels, size_t nd, const int *adds, size_t na)
{
	int *pair = NULL;
	size_t ja = 0;

	if (nd && na && nd + na <= TC_DIFF_PAIR_MAX_LINES)
		pair = pair_lines(bd, dels, nd, adds, na);
	for (size_t i = 0; i < nd; i++) {
		if (pair && pair[i] >= 0) {
			for (; ja < (size_t)pair[i]; ja++)
				put_add(bd, adds[ja]);
			put_change(bd, dels[i], adds[ja]);
			ja++;
		} else {
			put_del(bd, dels[i]);
		}
	}
	for (; ja < na; ja++)
		put_add(bd, adds[ja]);
	free(pair);
}

/* In a large diff (TC_DIFF_FULL_LINES), is the same line at edit k within
 * TC_DIFF_KEEP_CONTEXT same lines of a change? */
static int near_change(const script *s, size_t k)
{
	for (size_t r = 1; r <= TC_DIFF_KEEP_CONTEXT; r++) {
		if (k >= r && s->v[k - r].op != 'S')
			return 1;
		if (k + r < s->n && s->v[k + r].op != 'S')
			return 1;
	}
	return 0;
}

int tc_diff_texts(const char *a, const char *b, tc_diff *out, char *err, size_t errlen)
{
	piece *la = NULL, *lb = NULL;
	size_t na, nb, nd = 0, nadd = 0;
	int *dels = NULL, *adds = NULL, large;
	builder bd;
	script s;

	memset(out, 0, sizeof(*out));
	if ((a && strlen(a) > TC_DIFF_MAX_INPUT) || (b && strlen(b) > TC_DIFF_MAX_INPUT)) {
		tc_seterr(err, errlen, "text too large to compare (limit %zu bytes)",
			  TC_DIFF_MAX_INPUT);
		return -1;
	}
	na = split_lines(a, &la);
	nb = split_lines(b, &lb);
	memset(&bd, 0, sizeof(bd));
	bd.d = out;
	bd.la = (side){ a ? a : "", la, na };
	bd.lb = (side){ b ? b : "", lb, nb };
	diff_sides(&bd.la, &bd.lb, &s);
	out->coarse = s.coarse;
	large = na + nb > TC_DIFF_FULL_LINES;
	out->elided = large;
	dels = tc_xmalloc((na + 1) * sizeof(int));
	adds = tc_xmalloc((nb + 1) * sizeof(int));
	for (size_t k = 0; k <= s.n; k++) {
		const edit *e = k < s.n ? &s.v[k] : NULL;

		if (e && e->op == 'D') {
			dels[nd++] = e->i;
		} else if (e && e->op == 'A') {
			adds[nadd++] = e->j;
		} else {
			if (nd || nadd)
				emit_run(&bd, dels, nd, adds, nadd);
			nd = nadd = 0;
			if (e && (!large || near_change(&s, k)))
				put_same(&bd, e->i, e->j);
		}
	}
	free(dels);
	free(adds);
	free(s.v);
	free(la);
	free(lb);
	return 0;
}

void tc_diff_release(tc_diff *d)
{
	for (size_t i = 0; i < d->nblocks; i++) {
		tc_diff_block *b = &d->blocks[i];

		free(b->a);
		free(b->b);
		for (size_t k = 0; k < b->nwords; k++)
			free(b->words[k].text);
		free(b->words);
	}
	free(d->blocks);
	memset(d, 0, sizeof(*d));
}

int tc_diff_is_empty(const tc_diff *d)
{
	return d->added == 0 && d->removed == 0 && d->changed == 0;
}

/* ---- output ---- */

static const char *op_name(enum tc_diff_op op)
{
	static const char *const names[] = { "same", "add", "del", "change" };

	return names[op];
}

/* Is block i shown: a change, or a same block within context of one? */
static int shown(const tc_diff *d, size_t i, size_t context)
{
	if (d->blocks[i].op != TC_DIFF_SAME)
		return 1;
	for (size_t k = 1; k <= context; k++) {
		if (i >= k && d->blocks[i - k].op != TC_DIFF_SAME)
			return 1;
		if (i + k < d->nblocks && d->blocks[i + k].op != TC_DIFF_SAME)
			return 1;
	}
	return 0;
}

static cJSON *str_or_null(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

cJSON *tc_diff_to_json(const tc_diff *d)
{
	cJSON *root = cJSON_CreateObject(), *blocks;

	cJSON_AddNumberToObject(root, "added", (double)d->added);
	cJSON_AddNumberToObject(root, "removed", (double)d->removed);
	cJSON_AddNumberToObject(root, "changed", (double)d->changed);
	blocks = cJSON_AddArrayToObject(root, "blocks");
	for (size_t i = 0; i < d->nblocks; i++) {
		const tc_diff_block *b = &d->blocks[i];
		cJSON *o;

		if (!shown(d, i, 1))
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "op", op_name(b->op));
		cJSON_AddItemToObject(o, "a", str_or_null(b->op == TC_DIFF_ADD ? NULL : b->a));
		cJSON_AddItemToObject(o, "b", str_or_null(b->op == TC_DIFF_DEL ? NULL : b->b));
		if (b->op == TC_DIFF_CHANGE) {
			cJSON *w = cJSON_AddArrayToObject(o, "words");

			for (size_t k = 0; k < b->nwords; k++) {
				cJSON *wo = cJSON_CreateObject();

				cJSON_AddStringToObject(wo, "op", op_name(b->words[k].op));
				cJSON_AddStringToObject(wo, "text", b->words[k].text);
				cJSON_AddItemToArray(w, wo);
			}
		}
		cJSON_AddItemToArray(blocks, o);
	}
	return root;
}

char *tc_diff_to_json_str(const tc_diff *d)
{
	cJSON *j = tc_diff_to_json(d);
	char *p = cJSON_PrintUnformatted(j), *s = tc_xstrdup(p ? p : "null");

	/* cJSON's buffer goes back through cJSON's allocator; the caller gets ours */
	cJSON_free(p);
	cJSON_Delete(j);
	return s;
}

#define RED "\033[31m"
#define GREEN "\033[32m"
#define YELLOW "\033[33m"
#define CYAN "\033[36m"
#define RESET "\033[0m"

/* Append s made terminal-safe. */
static int put_safe(tc_buf *out, tc_buf *tmp, const char *s)
{
	return tc_buf_adds(out, tc_term_safe(tmp, s));
}

static int put_line(tc_buf *out, tc_buf *tmp, int color, const char *col, const char *prefix,
		    const char *s)
{
	int r = 0;

	r |= tc_buf_printf(out, "%s%s", color ? col : "", prefix);
	r |= put_safe(out, tmp, s);
	r |= tc_buf_printf(out, "%s\n", color ? RESET : "");
	return r ? -1 : 0;
}

int tc_diff_render(const tc_diff *d, size_t context, int color, tc_buf *out)
{
	tc_buf tmp = TC_BUF_INIT;
	int r = 0, in_hunk = 0;

	for (size_t i = 0; i < d->nblocks && r == 0; i++) {
		const tc_diff_block *b = &d->blocks[i];

		if (!shown(d, i, context)) {
			in_hunk = 0;
			continue;
		}
		/* an elided stretch of same lines (large diffs) also ends a hunk */
		if (in_hunk && b->op == TC_DIFF_SAME && d->blocks[i - 1].op == TC_DIFF_SAME &&
		    b->aline > d->blocks[i - 1].aline + 1)
			in_hunk = 0;
		if (!in_hunk) {
			size_t al = b->aline, bl = b->bline;

			/* a hunk may start with an add (no aline) or a del (no bline) */
			for (size_t k = i; k < d->nblocks && (!al || !bl); k++) {
				if (!al && d->blocks[k].aline)
					al = d->blocks[k].aline;
				if (!bl && d->blocks[k].bline)
					bl = d->blocks[k].bline;
			}
			r |= tc_buf_printf(out, "%s@@ -%zu +%zu @@%s\n", color ? CYAN : "", al, bl,
					   color ? RESET : "");
			in_hunk = 1;
		}
		switch (b->op) {
		case TC_DIFF_SAME:
			r |= put_line(out, &tmp, 0, "", "  ", b->a);
			break;
		case TC_DIFF_DEL:
			r |= put_line(out, &tmp, color, RED, "- ", b->a);
			break;
		case TC_DIFF_ADD:
			r |= put_line(out, &tmp, color, GREEN, "+ ", b->b);
			break;
		case TC_DIFF_CHANGE:
			r |= tc_buf_printf(out, "%s~ %s", color ? YELLOW : "", color ? RESET : "");
			for (size_t k = 0; k < b->nwords; k++) {
				const tc_diff_word *w = &b->words[k];

				if (w->op == TC_DIFF_SAME) {
					r |= put_safe(out, &tmp, w->text);
				} else if (w->op == TC_DIFF_DEL) {
					r |= tc_buf_printf(out, "%s[-", color ? RED : "");
					r |= put_safe(out, &tmp, w->text);
					r |= tc_buf_printf(out, "-]%s", color ? RESET : "");
				} else {
					r |= tc_buf_printf(out, "%s{+", color ? GREEN : "");
					r |= put_safe(out, &tmp, w->text);
					r |= tc_buf_printf(out, "+}%s", color ? RESET : "");
				}
			}
			r |= tc_buf_addc(out, '\n');
			break;
		}
	}
	tc_buf_release(&tmp);
	return r ? -1 : 0;
}

/* ---- change classes ---- */

/*
 * A text is reduced to a canonical word sequence (words and punctuation, one space
 * apart, whitespace and line breaks ignored) in one of two strengths:
 *  - CANON_LINKS: link targets dropped ("[text](url)" reads "text", images "alt");
 *  - CANON_STAMPS: also every volatile stamp replaced by one mark.
 * Two texts with the same canonical form differ only in what that strength drops.
 */
enum canon_mode { CANON_LINKS = 1, CANON_STAMPS };

#define STAMP_MARK "\001"
#define CLASS_MAX_RECENT 32

/* Words after which a date or time is a stamp of the page, not of its content
 * (folded; several words are matched word by word). "effective" and "version" are
 * left out on purpose: a new effective date or version is news. */
static const char *const stamp_date_words[] = {
	"generated", "generated at", "generated on", "printed", "printed on", "printed at",
	"last updated", "updated", "last update", "last modified", "modified", "retrieved",
	"accessed", "rendered", "cached", "as of", "page generated", "snapshot",
	"genererad", "genererat", "utskriven", "utskrivet", "senast uppdaterad",
	"uppdaterad", "senast ändrad", "hämtad", "generiert", "erstellt am",
	"zuletzt aktualisiert", "aktualisiert", "stand", "généré", "mis à jour", "imprimé",
};

/* Words after which an identifier (a token with a digit) is volatile. */
static const char *const stamp_id_words[] = {
	"build", "build id", "request id", "request", "trace id", "trace", "ray id",
	"correlation id", "session id", "commit", "hash", "nonce", "cache key", "deploy",
	"deployment", "release build", "req id", "rid",
};

/* Date and time words a stamp may be made of (folded). */
static const char *const date_words[] = {
	"january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
	"jul", "aug", "sep", "sept", "oct", "nov", "dec", "januari", "februari", "mars",
	"maj", "juni", "juli", "augusti", "oktober", "januar", "februar", "märz", "mai",
	"dezember", "janvier", "février", "avril", "juin", "juillet", "août", "septembre",
	"octobre", "novembre", "décembre", "monday", "tuesday", "wednesday", "thursday",
	"friday", "saturday", "sunday", "mon", "tue", "wed", "thu", "fri", "sat", "sun",
	"måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag", "am", "pm",
	"utc", "gmt", "cet", "cest", "est", "edt", "pst", "pdt", "z", "on", "at", "kl", "um",
	"den", "le", "à", "the", "of", "de",
};

typedef struct tok {
	const char *s;
	size_t n;
	int word;                /* a run of word bytes (else one punctuation character) */
} tok;

static int tok_is(const tok *t, const char *w)
{
	return t->word && strlen(w) == t->n && strncasecmp(t->s, w, t->n) == 0;
}

/* Does the phrase (space-separated words) start at toks[i]? Returns its length in
 * tokens, 0 when not. */
static size_t phrase_at(const tok *toks, size_t n, size_t i, const char *phrase)
{
	size_t k = i;
	const char *p = phrase;

	while (*p) {
		const char *e = strchr(p, ' ');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (k >= n || !toks[k].word || toks[k].n != len || strncasecmp(toks[k].s, p, len) != 0)
			return 0;
		k++;
		p += len;
		if (*p == ' ')
			p++;
	}
	return k - i;
}

/* The longest phrase of list starting at toks[i] (its length in tokens, or 0). */
static size_t phrase_any(const tok *toks, size_t n, size_t i, const char *const *list,
			 size_t nlist)
{
	size_t best = 0;

	for (size_t k = 0; k < nlist; k++) {
		size_t m = phrase_at(toks, n, i, list[k]);

		if (m > best)
			best = m;
	}
	return best;
}

static int has_digit(const tok *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->s[i] >= '0' && t->s[i] <= '9')
			return 1;
	return 0;
}

/* Digits, an ordinal ("3rd"), an ISO date-time joint ("05T10", "33Z"), or a date
 * word. */
static int date_like(const tok *t)
{
	size_t d = 0;

	if (!t->word)
		return t->n == 1 && strchr(":/-.,+", t->s[0]) != NULL;
	while (d < t->n && t->s[d] >= '0' && t->s[d] <= '9')
		d++;
	if (d == t->n)
		return 1;
	if (d > 0 && d + 2 == t->n) {
		static const char *const ord[] = { "st", "nd", "rd", "th" };

		for (size_t k = 0; k < TC_ARRAY_LEN(ord); k++)
			if (strncasecmp(t->s + d, ord[k], 2) == 0)
				return 1;
	}
	if (d > 0 && (t->s[d] == 'T' || t->s[d] == 'Z' || t->s[d] == 'h')) {
		size_t e = d + 1;

		while (e < t->n && t->s[e] >= '0' && t->s[e] <= '9')
			e++;
		if (e == t->n)
			return 1;
	}
	for (size_t k = 0; k < TC_ARRAY_LEN(date_words); k++)
		if (tok_is(t, date_words[k]))
			return 1;
	return 0;
}

/* An ISO date-time joint anywhere ("2026-01-05T10:22"): digits 'T' digits. */
static int iso_joint(const tok *t)
{
	size_t d = 0;

	while (d < t->n && t->s[d] >= '0' && t->s[d] <= '9')
		d++;
	if (d == 0 || d >= t->n || t->s[d] != 'T' || d + 1 == t->n)
		return 0;
	for (size_t e = d + 1; e < t->n; e++)
		if (t->s[e] < '0' || t->s[e] > '9')
			return 0;
	return 1;
}

/* A hash-like token: 16 or more hex digits with both digits and letters. */
static int hash_like(const tok *t)
{
	int dig = 0, let = 0;

	if (!t->word || t->n < 16)
		return 0;
	for (size_t i = 0; i < t->n; i++) {
		char c = t->s[i];

		if (c >= '0' && c <= '9')
			dig = 1;
		else if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))
			let = 1;
		else
			return 0;
	}
	return dig && let;
}

static int connector(const tok *t)
{
	static const char *const w[] = { "on", "at", "kl", "um", "den", "le", "à", "the",
					 "of", "de" };

	for (size_t k = 0; k < TC_ARRAY_LEN(w); k++)
		if (tok_is(t, w[k]))
			return 1;
	return 0;
}

/* Mark the run of date-like tokens from i on (skipping nothing); returns its end.
 * A run without a digit is no stamp (nothing marked). */
static size_t mark_date_run(const tok *toks, size_t n, size_t i, unsigned char *mask)
{
	size_t e = i;
	int digit = 0;

	while (e < n && date_like(&toks[e])) {
		digit |= has_digit(&toks[e]);
		e++;
	}
	/* trailing punctuation and connectors belong to the sentence, not the stamp */
	while (e > i && (!toks[e - 1].word || connector(&toks[e - 1])))
		e--;
	if (!digit)
		return i;
	memset(mask + i, 1, e - i);
	return e;
}

/* Mark the volatile stamps among the tokens of one line. */
static void mark_stamps(const tok *toks, size_t n, unsigned char *mask)
{
	for (size_t i = 0; i < n; i++) {
		size_t m;

		if (hash_like(&toks[i])) {
			mask[i] = 1;
		} else if (iso_joint(&toks[i])) {
			/* the date before the joint: digits and separators */
			size_t s = i;

			while (s > 0 && !mask[s - 1] && (has_digit(&toks[s - 1]) || !toks[s - 1].word))
				s--;
			while (s < i && !toks[s].word)
				s++;
			i = mark_date_run(toks, n, s, mask) - 1;
		} else if ((m = phrase_any(toks, n, i, stamp_date_words,
					   TC_ARRAY_LEN(stamp_date_words))) > 0) {
			size_t s = i + m, e;

			while (s < n && !toks[s].word && (toks[s].s[0] == ':' || toks[s].s[0] == '-'))
				s++;
			e = s < n ? mark_date_run(toks, n, s, mask) : s;
			i = e - 1;
		} else if ((m = phrase_any(toks, n, i, stamp_id_words,
					   TC_ARRAY_LEN(stamp_id_words))) > 0) {
			size_t s = i + m;

			while (s < n && !toks[s].word && strchr(":#=", toks[s].s[0]))
				s++;
			if (s < n && toks[s].word && has_digit(&toks[s]))
				mask[s] = 1;
			i = s < n ? s : n - 1;
		}
	}
}

/* Tokens of s[0..len): words and single punctuation characters (whitespace
 * dropped). Returns the count; *out is owned. */
static size_t class_tokens(const char *s, size_t len, tok **out)
{
	tok *v = tc_xmalloc((len + 1) * sizeof(tok));
	size_t n = 0, i = 0;

	while (i < len) {
		size_t st = i;

		if (s[i] == ' ' || s[i] == '\t') {
			i++;
			continue;
		}
		if (is_word_byte((unsigned char)s[i])) {
			while (i < len && is_word_byte((unsigned char)s[i]))
				i++;
			v[n++] = (tok){ s + st, i - st, 1 };
		} else {
			v[n++] = (tok){ s + st, 1, 0 };
			i++;
		}
	}
	*out = v;
	return n;
}

/* One line without link targets and brackets: "[text](url)" -> "text",
 * "![alt](url)" -> "alt". A target is "](" then a run without spaces up to ")". */
static void drop_links(tc_buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ']' && i + 1 < n && s[i + 1] == '(') {
			size_t e = i + 2;

			while (e < n && s[e] != ')' && s[e] != ' ')
				e++;
			if (e < n && s[e] == ')') {
				i = e;
				continue;
			}
		}
		if (s[i] == '!' && i + 1 < n && s[i + 1] == '[')
			continue;
		if (s[i] == '[' || s[i] == ']')
			continue;
		tc_buf_addc(out, s[i]);
	}
}

/* The canonical form of text (owned). */
static char *canonical(const char *text, enum canon_mode mode)
{
	tc_buf out = TC_BUF_INIT, line = TC_BUF_INIT;

	for (const char *t = text ? text : ""; *t;) {
		const char *e = strchr(t, '\n');
		size_t len = e ? (size_t)(e - t) : strlen(t);
		tok *toks;
		size_t nt;
		unsigned char *mask;

		tc_buf_reset(&line);
		drop_links(&line, t, len);
		nt = class_tokens(tc_buf_str(&line), line.len, &toks);
		mask = tc_xcalloc(nt + 1, 1);
		if (mode == CANON_STAMPS)
			mark_stamps(toks, nt, mask);
		for (size_t i = 0; i < nt; i++) {
			if (mask[i] && i > 0 && mask[i - 1])
				continue;
			if (out.len)
				tc_buf_addc(&out, ' ');
			if (mask[i])
				tc_buf_adds(&out, STAMP_MARK);
			else
				tc_buf_add(&out, toks[i].s, toks[i].n);
		}
		free(mask);
		free(toks);
		if (!e)
			break;
		t = e + 1;
	}
	tc_buf_release(&line);
	return tc_buf_detach(&out);
}

static int str_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The link targets of text, each with hash-like runs (16+ hex digits with a digit
 * and a letter: cache busters, signatures) replaced by "#"; sorted. */
static size_t link_targets(const char *text, char ***out)
{
	char **v = NULL;
	size_t n = 0, cap = 0;

	for (const char *p = text; (p = strstr(p, "](")) != NULL;) {
		const char *u = p + 2, *e = u;
		tc_buf t = TC_BUF_INIT;

		while (*e && *e != ')' && *e != ' ' && *e != '\n')
			e++;
		p = e;
		if (*e != ')')
			continue;
		for (const char *q = u; q < e;) {
			const char *r = q;
			int dig = 0, let = 0;

			while (r < e && ((*r >= '0' && *r <= '9') || (*r >= 'a' && *r <= 'f') ||
					 (*r >= 'A' && *r <= 'F'))) {
				dig |= *r >= '0' && *r <= '9';
				let |= !(*r >= '0' && *r <= '9');
				r++;
			}
			if (r - q >= 16 && dig && let) {
				tc_buf_addc(&t, '#');
				q = r;
			} else if (r > q) {
				tc_buf_add(&t, q, (size_t)(r - q));
				q = r;
			} else {
				tc_buf_addc(&t, *q++);
			}
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = tc_xrealloc(v, cap * sizeof(char *));
		}
		v[n++] = tc_buf_detach(&t);
	}
	if (n)
		qsort(v, n, sizeof(char *), str_cmp);
	*out = v;
	return n;
}

/* Does every link target of old_text remain in new_text? (A link added around the
 * same words is cosmetic; a target changed or removed may point the reader to
 * another document, such as a new DPA version, and is an edit.) */
static int targets_kept(const char *old_text, const char *new_text)
{
	char **a, **b;
	size_t na = link_targets(old_text, &a), nb = link_targets(new_text, &b);
	int ok = 1;

	for (size_t i = 0; i < na && ok; i++)
		ok = nb && bsearch(&a[i], b, nb, sizeof(char *), str_cmp) != NULL;
	for (size_t i = 0; i < na; i++)
		free(a[i]);
	for (size_t i = 0; i < nb; i++)
		free(b[i]);
	free(a);
	free(b);
	return ok;
}

static int is_sha256_hex(const char *s)
{
	size_t i = 0;

	for (; s[i] && i < 65; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
		      (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	return i == 64;
}

/* The index of the recent version new_text returns to, or -1. A recent version
 * given as text also matches when only volatile stamps differ (a variant that
 * carries a "generated" time). */
static int find_recent(const char *new_text, const char *const *recent, size_t nrecent)
{
	char hex[65], *cn = NULL;
	int hashed = 0, found = -1;

	if (nrecent > CLASS_MAX_RECENT)
		nrecent = CLASS_MAX_RECENT;
	for (size_t i = 0; i < nrecent; i++) {
		if (!recent || !recent[i])
			continue;
		if (is_sha256_hex(recent[i])) {
			if (!hashed) {
				tc_sha256_hex(new_text, strlen(new_text), hex);
				hashed = 1;
			}
			if (strcasecmp(recent[i], hex) == 0)
				return (int)i;
		} else if (strcmp(recent[i], new_text) == 0) {
			return (int)i;
		}
	}
	for (size_t i = 0; i < nrecent && found < 0; i++) {
		char *cr;

		if (!recent || !recent[i] || is_sha256_hex(recent[i]))
			continue;
		if (!cn)
			cn = canonical(new_text, CANON_STAMPS);
		cr = canonical(recent[i], CANON_STAMPS);
		if (strcmp(cr, cn) == 0 && targets_kept(recent[i], new_text))
			found = (int)i;
		free(cr);
	}
	free(cn);
	return found;
}

tc_change_class tc_diff_classify(const char *old_text, const char *new_text,
				 const char *const *recent, size_t nrecent)
{
	tc_change_class c = { TC_CHANGE_NONE, TC_CHANGE_R_IDENTICAL, -1 };
	char *ca, *cb;

	old_text = old_text ? old_text : "";
	new_text = new_text ? new_text : "";
	if (strcmp(old_text, new_text) == 0)
		return c;
	c.kind = TC_CHANGE_COSMETIC;
	c.recent = find_recent(new_text, recent, nrecent);
	if (c.recent >= 0) {
		c.reason = TC_CHANGE_R_FLIP_FLOP;
		return c;
	}
	if (!targets_kept(old_text, new_text)) {
		c.kind = TC_CHANGE_SUBSTANTIVE;
		c.reason = TC_CHANGE_R_EDIT;
		return c;
	}
	ca = canonical(old_text, CANON_LINKS);
	cb = canonical(new_text, CANON_LINKS);
	c.reason = TC_CHANGE_R_LINK_TARGETS;
	if (strcmp(ca, cb) != 0) {
		free(ca);
		free(cb);
		ca = canonical(old_text, CANON_STAMPS);
		cb = canonical(new_text, CANON_STAMPS);
		c.reason = TC_CHANGE_R_STAMP;
		if (strcmp(ca, cb) != 0) {
			c.kind = TC_CHANGE_SUBSTANTIVE;
			c.reason = TC_CHANGE_R_EDIT;
		}
	}
	free(ca);
	free(cb);
	return c;
}

const char *tc_change_kind_name(enum tc_change_kind k)
{
	switch (k) {
	case TC_CHANGE_NONE: return "none";
	case TC_CHANGE_SUBSTANTIVE: return "substantive";
	case TC_CHANGE_COSMETIC: return "cosmetic";
	}
	return "unknown";
}

const char *tc_change_reason_name(enum tc_change_reason r)
{
	switch (r) {
	case TC_CHANGE_R_IDENTICAL: return "identical";
	case TC_CHANGE_R_EDIT: return "edit";
	case TC_CHANGE_R_LINK_TARGETS: return "link_targets";
	case TC_CHANGE_R_STAMP: return "volatile_stamp";
	case TC_CHANGE_R_FLIP_FLOP: return "flip_flop";
	}
	return "unknown";
}
