/* phrases: see include/tiacheck/phrases.h */
#include "tiacheck/phrases.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tiacheck/util.h"

#define TRI_BITS 12

/* A hash of three bytes into TRI_BITS bits: a first test at each word start that
 * most words fail, before the phrases of the first byte are compared. */
static unsigned tri_hash(const unsigned char *s)
{
	return ((s[0] * 0x9E3779B1u) ^ (s[1] * 0x85EBCA77u) ^ (s[2] * 0xC2B2AE3Du)) >>
	       (32 - TRI_BITS);
}

struct tc_phrases {
	char **v;                  /* the phrases */
	size_t *len;
	uint32_t *head, *mask;     /* first (up to) 4 bytes, as head4() reads them */
	size_t n;
	size_t *order;             /* phrase ids grouped by first byte, ascending ids */
	size_t start[257];         /* ids starting with byte b: order[start[b]..start[b+1]) */
	unsigned char word[256];   /* tc_phrase_word_byte() of each byte */
	int filter;                /* 1: every phrase has 3 bytes or more, and tri holds
				      the hashes of their first three */
	unsigned char tri[1 << (TRI_BITS - 3)];
};

int tc_phrase_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80 ||
	       (c >= 'A' && c <= 'Z');
}

void tc_phrases_free(tc_phrases *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	free(p->len);
	free(p->head);
	free(p->mask);
	free(p->order);
	free(p);
}

/* The first min(n, 4) bytes of s as a number (the others 0). */
static uint32_t head4(const unsigned char *s, size_t n)
{
	uint32_t h = 0;

	for (size_t i = 0; i < n && i < 4; i++)
		h |= (uint32_t)s[i] << (8 * i);
	return h;
}

tc_phrases *tc_phrases_new(const char *const *v, size_t n)
{
	tc_phrases *p = tc_xcalloc(1, sizeof(*p));
	size_t k = 0;

	p->v = tc_xcalloc(n + 1, sizeof(char *));
	p->len = tc_xcalloc(n + 1, sizeof(size_t));
	p->head = tc_xcalloc(n + 1, sizeof(uint32_t));
	p->mask = tc_xcalloc(n + 1, sizeof(uint32_t));
	p->order = tc_xcalloc(n + 1, sizeof(size_t));
	for (size_t i = 0; i < n; i++) {
		if (!v[i] || !tc_phrase_word_byte((unsigned char)v[i][0])) {
			tc_phrases_free(p);
			return NULL;
		}
		p->v[i] = tc_xstrdup(v[i]);
		p->len[i] = strlen(v[i]);
		p->head[i] = head4((const unsigned char *)v[i], p->len[i]);
		p->mask[i] = p->len[i] >= 4 ? 0xFFFFFFFFu : (1u << (8 * p->len[i])) - 1;
		p->n++;
	}
	/* a counting sort by first byte keeps the ids of one byte ascending */
	for (size_t b = 0; b < 256; b++) {
		p->start[b] = k;
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)p->v[i][0] == b)
				p->order[k++] = i;
	}
	p->start[256] = k;
	for (size_t b = 0; b < 256; b++)
		p->word[b] = (unsigned char)tc_phrase_word_byte((unsigned char)b);
	p->filter = 1;
	for (size_t i = 0; i < n; i++) {
		unsigned h;

		if (p->len[i] < 3) {
			p->filter = 0;
			break;
		}
		h = tri_hash((const unsigned char *)p->v[i]);
		p->tri[h >> 3] |= (unsigned char)(1u << (h & 7));
	}
	return p;
}

/*
 * Word bytes eight at a time: the high bit of each byte of the result is set when
 * that byte of x is a word byte. between() marks the bytes b of x (all < 0x80) with
 * lo < b < hi, a byte at a time without carries between bytes.
 */
#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

static uint64_t between(uint64_t x, uint64_t lo, uint64_t hi)
{
	return (ONES * (127 + hi) - x) & ~x & (x + ONES * (127 - lo)) & HIGHS;
}

static uint64_t word_bytes8(const unsigned char *s)
{
	uint64_t x, low;

	memcpy(&x, s, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	x = __builtin_bswap64(x);               /* byte k in bits 8k.. */
#endif
	low = x & ~HIGHS;
	return (x & HIGHS) | between(low, '0' - 1, '9' + 1) | between(low, 'A' - 1, 'Z' + 1) |
	       between(low, 'a' - 1, 'z' + 1);
}

/* Can a phrase start at i? The quick test: its first three bytes (all phrases have
 * three or more when filter is set), else its first byte. One branch that is rarely
 * taken. */
static inline int could_start(const tc_phrases *p, const unsigned char *t, size_t len, size_t i)
{
	unsigned h;

	if (!p->filter)
		return p->start[t[i]] != p->start[t[i] + 1];
	if (len - i < 3)
		return 0;
	h = tri_hash(t + i);
	return (p->tri[h >> 3] >> (h & 7)) & 1;
}

/* Record the phrases that occur at word start i. */
static void phrases_at(const tc_phrases *p, const unsigned char *t, size_t len, size_t i,
		       tc_phrase_hit **v, size_t *nv, size_t *cap)
{
	unsigned char c = t[i];
	uint32_t head;

	head = head4(t + i, len - i);
	for (size_t x = p->start[c]; x < p->start[c + 1]; x++) {
		size_t id = p->order[x], n = p->len[id];

		if (n > len - i || (head & p->mask[id]) != p->head[id] ||
		    (n > 4 && memcmp(t + i + 4, p->v[id] + 4, n - 4) != 0))
			continue;
		if (*nv == *cap) {
			*cap = *cap ? *cap * 2 : 32;
			*v = tc_xrealloc(*v, *cap * sizeof(**v));
		}
		(*v)[*nv].off = i;
		(*v)[*nv].id = id;
		(*nv)++;
	}
}

size_t tc_phrases_find(const tc_phrases *p, const char *text, size_t len, tc_phrase_hit **out)
{
	const unsigned char *t = (const unsigned char *)text;
	tc_phrase_hit *v = NULL;
	size_t nv = 0, cap = 0, i = 0;
	uint64_t carry = 0;

	*out = NULL;
	if (!p || !text)
		return 0;
	/* eight bytes at a time: the word starts are the word bytes after a byte that
	 * is not one (carry: the last byte of the previous eight was one) */
	for (; i + 8 <= len; i += 8) {
		uint64_t w = word_bytes8(t + i), starts = w & ~((w << 8) | carry);

		carry = w >> 56;
		for (; starts; starts &= starts - 1) {
			size_t at = i + (size_t)__builtin_ctzll(starts) / 8;

			if (could_start(p, t, len, at))
				phrases_at(p, t, len, at, &v, &nv, &cap);
		}
	}
	for (int after = carry != 0; i < len; i++) {
		if (p->word[t[i]] && !after && could_start(p, t, len, i))
			phrases_at(p, t, len, i, &v, &nv, &cap);
		after = p->word[t[i]];
	}
	*out = v;
	return nv;
}

int tc_phrase_self_overlaps(const char *s)
{
	size_t n = strlen(s);

	for (size_t k = 1; k < n; k++)
		if (!tc_phrase_word_byte((unsigned char)s[k - 1]) && memcmp(s + k, s, n - k) == 0)
			return 1;
	return 0;
}
