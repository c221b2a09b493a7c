/* gazetteer: see include/tiacheck/gazetteer.h for the matching rules. */
#include "tiacheck/gazetteer.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tiacheck/utf8.h"
#include "tiacheck/util.h"

#define GZ_MAX_FILE ((size_t)4 << 20)
#define GZ_MAX_CAND 64
#define GZ_STEM_EXTRA 3
#define GZ_SMALL_TEXT 256      /* texts shorter than this are folded on the stack */
#define GZ_SMALL_TOKENS 64     /* tokens kept on the stack before the heap */

enum gz_case { GC_ANY = 0, GC_CAP, GC_EXACT };

typedef struct gz_list {
	char **v;
	size_t n;
} gz_list;

/* Context rules a name must pass (a named profile in the data). */
typedef struct gz_guard {
	char *name;
	gz_list not_after, not_before, not_after_caps;
	int next_cap, prev_cap;
} gz_guard;

typedef struct gz_code {
	char *code, *en, *sv;
	int region, ambiguous;
} gz_code;

typedef struct gz_entry {
	char **tok;        /* case-folded tokens */
	char **orig;       /* tokens as the data spells them */
	size_t ntok;
	int casing, stem;
	enum tc_gz_kind kind;
	int code;          /* index into codes; -1 for a stop phrase */
	int guard;         /* index into guards; -1 for none */
} gz_entry;

/* One distinct first token of the entries: where its entries start in e and in
 * stems (sorted, so entries sharing a first token are contiguous). */
typedef struct gz_slot {
	const char *key;       /* the folded first token (borrowed from an entry); NULL: free */
	size_t keylen;
	uint32_t hash;
	size_t first;          /* index into e + 1 of its first entry; 0: none */
	size_t nfirst;         /* its entries: e[first - 1 ..] (contiguous) */
	size_t stem;           /* index into stems + 1 of its first stem entry; 0: none */
	size_t nstem;          /* its stem entries: stems[stem - 1 ..] */
} gz_slot;

struct tc_gazetteer {
	gz_entry *e;           /* sorted by first token, longest first */
	size_t ne, cape;
	size_t *stems;         /* indices of one-token stem entries, same order */
	size_t nstems;
	gz_slot *slots;        /* hash table of first tokens, built once at load */
	size_t mask;           /* slots - 1 (a power of two minus one) */
	unsigned char seen[1 << 13];  /* bit set of the low 16 bits of those hashes: a
					 small first test that most words fail */
	uint64_t stem_lens;    /* bit k: a stem entry's first token has k bytes (k < 64) */
	unsigned char bigram[1 << 13];  /* bit set of the first two bytes of first tokens */
	gz_code *codes;
	size_t ncodes, capc;
	uint32_t code2[26 * 26];   /* two capitals "XY": index + 1 of the first code so
				      spelled, 0 none (built at load, for bare codes) */
	gz_guard *guards;
	size_t nguards;
};

typedef struct gz_tok {
	size_t s, e;       /* byte range in the text */
	unsigned char word;   /* letters/digits, else a single punctuation character */
	unsigned char bol;    /* a newline precedes it (or it is the first) */
	unsigned char url;    /* inside a URL: never a place */
} gz_tok;

static const char *const region_tokens[] = { "EU", "EEA", "WORLD", "CUSTOMER", "THIRD" };

/* Words after "XX-" that make a bare code a place: "SG-based". */
static const char *const code_suffixes[] = {
	"based", "hosted", "located", "headquartered", "only", "region", "regions",
	"resident", "residency", "baserad", "baserat", "baserade", "basiert", "gehostet",
	"datacenter", "datacenters",
};
static const char *const list_words[] = { "and", "or", "och", "eller", "und", "oder", "et", "ou" };

/* ---- UTF-8 helpers ---- */

/* The code point at s (n > 0 bytes available), its length in *len; an invalid byte
 * stands for itself with length 1 (never a letter that folds). */
static unsigned cp_at(const unsigned char *s, size_t n, size_t *len)
{
	uint32_t c = tc_utf8_decode(s, n, len);

	return c == TC_UTF8_INVALID ? s[0] : c;
}

/* Lowercase of a code point in the ranges we fold (same UTF-8 length both ways). */
static unsigned cp_lower(unsigned c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 32;
	if ((c >= 0x100 && c <= 0x12F) || (c >= 0x132 && c <= 0x137) ||
	    (c >= 0x14A && c <= 0x177))
		return (c % 2 == 0) ? c + 1 : c;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
		return (c % 2 == 1) ? c + 1 : c;
	return c;
}

static int cp_is_upper(unsigned c)
{
	return cp_lower(c) != c;
}

/* Fold d[0..n), a copy of s[0..n), in place (see tc_gz_fold). */
/*
 * Eight bytes at a time. between() sets the high bit of each byte b of x (all bytes
 * < 0x80) with lo < b < hi, a byte at a time without carries between bytes.
 */
#define ONES8 0x0101010101010101ull
#define HIGHS8 0x8080808080808080ull

static uint64_t between(uint64_t x, uint64_t lo, uint64_t hi)
{
	return (ONES8 * (127 + hi) - x) & ~x & (x + ONES8 * (127 - lo)) & HIGHS8;
}

/* Eight ASCII bytes x with 'A'..'Z' lowered (bit 5 set). */
static uint64_t lower8(uint64_t x)
{
	return x | (between(x, 'A' - 1, 'Z' + 1) >> 2);
}

/* How many of the 8 bytes at s, from the first, are ASCII letters or digits. */
static size_t alnum_run8(const unsigned char *s)
{
	uint64_t x, low, alnum;

	memcpy(&x, s, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	x = __builtin_bswap64(x);               /* byte k in bits 8k.. */
#endif
	low = x & ~HIGHS8;
	alnum = (between(low, '0' - 1, '9' + 1) | between(low, 'A' - 1, 'Z' + 1) |
		 between(low, 'a' - 1, 'z' + 1)) & ~(x & HIGHS8);
	alnum = ~alnum & HIGHS8;             /* the bytes that are not */
	return alnum ? (size_t)__builtin_ctzll(alnum) / 8 : 8;
}

/* Write the folded s[0..n) to d[0..n) (d may be s or a copy of it). */
static void fold_into(char *d, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		size_t len;
		unsigned c, l;
		uint64_t x;

		if (i + 8 <= n) {     /* eight ASCII bytes at once */
			memcpy(&x, p + i, 8);
			if (!(x & HIGHS8)) {
				x = lower8(x);
				memcpy(d + i, &x, 8);
				i += 8;
				continue;
			}
			for (; p[i] < 0x80; i++)   /* up to the other byte among them */
				d[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] + 32 : p[i]);
		}
		if (p[i] < 0x80) {
			d[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] + 32 : p[i]);
			i++;
			continue;
		}
		if (p[i] < 0xC3 || p[i] > 0xC5) {
			/* only letters led by C3..C5 fold (U+00C0..U+017F); a byte of any other
			 * character, or a stray byte, stays */
			d[i] = (char)p[i];
			i++;
			continue;
		}
		c = cp_at(p + i, n - i, &len);
		l = cp_lower(c);
		memmove(d + i, p + i, len);
		if (l != c) {
			char enc[4];

			/* the letters cp_lower folds keep their length (2 bytes) */
			if (tc_utf8_encode(l, enc) == len)
				memcpy(d + i, enc, len);
		}
		i += len;
	}
}

char *tc_gz_fold_dup(const char *s, size_t n)
{
	char *d = tc_xmalloc(n + 1);

	fold_into(d, s, n);
	d[n] = '\0';
	return d;
}

const char *tc_gz_fold(tc_buf *out, const char *s, size_t n)
{
	tc_buf_reset(out);
	if (tc_buf_add(out, s, n) < 0)
		return "";
	fold_into(out->data, s, n);
	return tc_buf_str(out);
}

/* Length of a non-ASCII punctuation or space character at s (NBSP, « », ·, §, and
 * U+2000..U+203F: spaces, dashes, quotes, bullets, …), 0 for a letter or an invalid
 * sequence. */
static size_t punct_len(const unsigned char *s, size_t n)
{
	size_t len;
	uint32_t c;

	if (s[0] != 0xC2 && s[0] != 0xE2)   /* the lead bytes of all of them */
		return 0;
	c = tc_utf8_decode(s, n, &len);

	if (c == 0xA0 || c == 0xAB || c == 0xBB || c == 0xB7 || c == 0xA7 ||
	    (c >= 0x2000 && c <= 0x203F))
		return len;
	return 0;
}

/* Byte classes for tokenize(): ASCII space, ASCII letter or digit, a byte of a
 * multi-byte character, any other ASCII byte (punctuation, control). */
enum { BC_SPACE, BC_ALNUM, BC_HIGH, BC_OTHER };
#define BC(c) ((c) >= 0x80 ? BC_HIGH                                                   \
	       : ((c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\r' || (c) == '\f' ||  \
		  (c) == '\v') ? BC_SPACE                                               \
	       : (((c) >= '0' && (c) <= '9') || ((c) >= 'a' && (c) <= 'z') ||            \
		  ((c) >= 'A' && (c) <= 'Z')) ? BC_ALNUM : BC_OTHER)
#define BC4(b) BC(b), BC((b) + 1), BC((b) + 2), BC((b) + 3)
#define BC16(b) BC4(b), BC4((b) + 4), BC4((b) + 8), BC4((b) + 12)
#define BC64(b) BC16(b), BC16((b) + 16), BC16((b) + 32), BC16((b) + 48)
static const unsigned char byte_class[256] = { BC64(0), BC64(64), BC64(128), BC64(192) };

/* Split text into word and punctuation tokens; returns the count. The tokens go to
 * *buf, of *cap tokens: scratch (caller's memory, never freed here) or an array this
 * grows (the caller frees it when it is not scratch). */
static size_t tokenize(const char *text, size_t len, gz_tok **buf, size_t *cap,
		       const gz_tok *scratch)
{
	const unsigned char *p = (const unsigned char *)text;
	gz_tok *v = *buf;
	size_t n = 0, i = 0;
	int bol = 1;

	while (i < len) {
		size_t pl;
		int k = byte_class[p[i]];

		if (k == BC_SPACE) {
			if (p[i] == '\n')
				bol = 1;
			i++;
			continue;
		}
		if (p[i] == 0xC2 && i + 1 < len && p[i + 1] == 0xA0) {   /* NBSP */
			i += 2;
			continue;
		}
		if (n == *cap) {
			*cap = *cap ? *cap * 2 : 256;
			if (v && v == scratch) {      /* leave the scratch for the heap */
				v = tc_xmalloc(*cap * sizeof(*v));
				memcpy(v, scratch, n * sizeof(*v));
			} else {
				v = tc_xrealloc(v, *cap * sizeof(*v));
			}
			*buf = v;
		}
		v[n].s = i;
		v[n].bol = bol;
		v[n].url = 0;
		bol = 0;
		if (k == BC_OTHER) {
			v[n].word = 0;
			i++;
		} else if (k == BC_HIGH && (pl = punct_len(p + i, len - i)) > 0) {
			v[n].word = 0;
			i += pl;
		} else {
			v[n].word = 1;
			while (i < len) {
				if (i + 8 <= len) {     /* ASCII letters and digits, 8 at a time */
					size_t r = alnum_run8(p + i);

					i += r;
					if (r == 8)
						continue;
				}
				if (i < len && (byte_class[p[i]] == BC_ALNUM ||
						(byte_class[p[i]] == BC_HIGH &&
						 punct_len(p + i, len - i) == 0)))
					i++;
				else
					break;
			}
		}
		v[n].e = i;
		n++;
	}
	return n;
}

/* ---- loading ---- */

static void list_free(gz_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void tc_gazetteer_free(tc_gazetteer *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->ne; i++) {
		for (size_t k = 0; k < g->e[i].ntok; k++) {
			free(g->e[i].tok[k]);
			free(g->e[i].orig[k]);
		}
		free(g->e[i].tok);
		free(g->e[i].orig);
	}
	free(g->e);
	free(g->stems);
	free(g->slots);
	for (size_t i = 0; i < g->ncodes; i++) {
		free(g->codes[i].code);
		free(g->codes[i].en);
		free(g->codes[i].sv);
	}
	free(g->codes);
	for (size_t i = 0; i < g->nguards; i++) {
		free(g->guards[i].name);
		list_free(&g->guards[i].not_after);
		list_free(&g->guards[i].not_before);
		list_free(&g->guards[i].not_after_caps);
	}
	free(g->guards);
	free(g);
}

/* Fill l with the folded strings of a JSON array of strings. -1 if not one. */
static int load_words(const cJSON *arr, gz_list *l)
{
	tc_buf f = TC_BUF_INIT;
	const cJSON *it;

	if (!arr)
		return 0;
	if (!cJSON_IsArray(arr))
		return -1;
	l->v = tc_xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(char *));
	cJSON_ArrayForEach(it, arr) {
		if (!cJSON_IsString(it)) {
			tc_buf_release(&f);
			return -1;
		}
		l->v[l->n++] = tc_xstrdup(tc_gz_fold(&f, it->valuestring, strlen(it->valuestring)));
	}
	tc_buf_release(&f);
	return 0;
}

static int find_guard(const tc_gazetteer *g, const char *name)
{
	for (size_t i = 0; i < g->nguards; i++)
		if (strcmp(g->guards[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int add_code(tc_gazetteer *g, const char *code, int region)
{
	if (g->ncodes == g->capc) {
		g->capc = g->capc ? g->capc * 2 : 64;
		g->codes = tc_xrealloc(g->codes, g->capc * sizeof(*g->codes));
	}
	memset(&g->codes[g->ncodes], 0, sizeof(g->codes[0]));
	g->codes[g->ncodes].code = tc_xstrdup(code);
	g->codes[g->ncodes].region = region;
	return (int)g->ncodes++;
}

/* Derive the case rule from the spelling: ALL-CAPS exact, Capitalised, lowercase. */
static int spelling_case(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, len;
	int upper = 0, lower = 0, first = -1;

	while (i < n) {
		unsigned c = cp_at(p + i, n - i, &len);

		if (cp_is_upper(c)) {
			upper++;
			if (first < 0)
				first = 1;
		} else if (cp_lower(c) == c && ((c >= 'a' && c <= 'z') || c >= 0xDF)) {
			lower++;
			if (first < 0)
				first = 0;
		}
		i += len;
	}
	if (upper >= 2 && lower == 0)
		return GC_EXACT;
	if (first == 1)
		return GC_CAP;
	return GC_ANY;
}

/* Add one name (a string or {"n":..., "guard":..., "case":...}). -1 with err. */
static int add_name(tc_gazetteer *g, const cJSON *item, enum tc_gz_kind kind, int code,
		    const char *where, char *err, size_t errlen)
{
	const char *name, *guard = NULL, *casing = NULL;
	tc_buf f = TC_BUF_INIT;
	gz_tok *t = NULL;
	gz_entry *e;
	size_t nt, nlen, tcap = 0;
	char *copy;
	int stem = 0;

	if (cJSON_IsString(item)) {
		name = item->valuestring;
	} else if (cJSON_IsObject(item) && cJSON_IsString(cJSON_GetObjectItem(item, "n"))) {
		const cJSON *gj = cJSON_GetObjectItem(item, "guard");
		const cJSON *cj = cJSON_GetObjectItem(item, "case");

		name = cJSON_GetObjectItem(item, "n")->valuestring;
		guard = cJSON_IsString(gj) ? gj->valuestring : NULL;
		casing = cJSON_IsString(cj) ? cj->valuestring : NULL;
	} else {
		tc_seterr(err, errlen, "%s: a name must be a string or {\"n\": ...}", where);
		return -1;
	}
	nlen = strlen(name);
	copy = tc_xstrndup(name, nlen);
	if (nlen > 1 && copy[nlen - 1] == '*') {
		stem = 1;
		copy[--nlen] = '\0';
	}
	nt = tokenize(copy, nlen, &t, &tcap, NULL);
	if (nt == 0 || nt > 12) {
		tc_seterr(err, errlen, "%s: bad name '%s'", where, name);
		free(t);
		free(copy);
		return -1;
	}
	if (g->ne == g->cape) {
		g->cape = g->cape ? g->cape * 2 : 512;
		g->e = tc_xrealloc(g->e, g->cape * sizeof(*g->e));
	}
	e = &g->e[g->ne];
	memset(e, 0, sizeof(*e));
	e->ntok = nt;
	e->tok = tc_xcalloc(nt, sizeof(char *));
	e->orig = tc_xcalloc(nt, sizeof(char *));
	for (size_t k = 0; k < nt; k++) {
		e->orig[k] = tc_xstrndup(copy + t[k].s, t[k].e - t[k].s);
		e->tok[k] = tc_xstrdup(tc_gz_fold(&f, e->orig[k], strlen(e->orig[k])));
	}
	e->stem = stem;
	e->kind = kind;
	e->code = code;
	e->casing = spelling_case(copy);
	if (casing)
		e->casing = strcmp(casing, "exact") == 0 ? GC_EXACT
			    : strcmp(casing, "cap") == 0 ? GC_CAP : GC_ANY;
	e->guard = guard ? find_guard(g, guard) : -1;
	g->ne++;
	free(t);
	free(copy);
	tc_buf_release(&f);
	if (guard && e->guard < 0) {
		tc_seterr(err, errlen, "%s: unknown guard '%s'", where, guard);
		return -1;
	}
	return 0;
}

static int add_names(tc_gazetteer *g, const cJSON *arr, enum tc_gz_kind kind, int code,
		     const char *where, char *err, size_t errlen)
{
	const cJSON *it;

	if (!arr)
		return 0;
	if (!cJSON_IsArray(arr)) {
		tc_seterr(err, errlen, "%s: expected an array", where);
		return -1;
	}
	cJSON_ArrayForEach(it, arr)
		if (add_name(g, it, kind, code, where, err, errlen) < 0)
			return -1;
	return 0;
}

/* First string of an array (the display name), or NULL. */
static char *first_string(const cJSON *arr)
{
	const cJSON *it = cJSON_IsArray(arr) ? cJSON_GetArrayItem(arr, 0) : NULL;

	if (cJSON_IsObject(it))
		it = cJSON_GetObjectItem(it, "n");
	return cJSON_IsString(it) ? tc_xstrdup(it->valuestring) : NULL;
}

/* The 8 bytes at s, byte k in bits 8k.. (on any machine). */
static inline uint64_t load8(const char *s)
{
	uint64_t x;

	memcpy(&x, s, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	x = __builtin_bswap64(x);
#endif
	return x;
}

/*
 * Hash of a token s[0..n): its first and last 8 bytes and its length, so that a
 * word costs the same whatever its length (equal keys are then compared in full).
 * room: bytes readable at s (>= n); with 8 or more, a short token is read at once.
 */
static inline uint32_t tok_hash_in(const char *s, size_t n, size_t room)
{
	uint64_t a = 0, b = 0, h;

	if (n >= 8) {
		a = load8(s);
		b = load8(s + n - 8);
	} else if (room >= 8) {
		a = load8(s) & (((uint64_t)1 << (8 * n)) - 1);
	} else {
		for (size_t i = 0; i < n; i++)
			a |= (uint64_t)(unsigned char)s[i] << (8 * i);
	}
	h = (a ^ (b * 0x9E3779B97F4A7C15ull) ^ n) * 0xC2B2AE3D27D4EB4Full;
	return (uint32_t)(h >> 32);
}

static uint32_t tok_hash(const char *s, size_t n)
{
	return tok_hash_in(s, n, n);
}

/* The slot of key[0..n) (hash h): its own, or the free one where it would go. */
static gz_slot *slot_of(const tc_gazetteer *g, const char *key, size_t n, uint32_t h)
{
	for (size_t i = h & g->mask;; i = (i + 1) & g->mask) {
		gz_slot *sl = &g->slots[i];

		if (!sl->key || (sl->hash == h && sl->keylen == n && memcmp(sl->key, key, n) == 0))
			return sl;
	}
}

/* The first two bytes of a key of n bytes (the second 0 when n is 1). */
static unsigned bigram_of(const char *k, size_t n)
{
	return (unsigned char)k[0] | (n > 1 ? (unsigned)(unsigned char)k[1] << 8 : 0u);
}

/* Build the first-token table: at most half full, so a probe ends at a free slot. */
static void build_slots(tc_gazetteer *g)
{
	size_t size = 64;

	while (size < 2 * (g->ne + 1))
		size *= 2;
	g->slots = tc_xcalloc(size, sizeof(gz_slot));
	g->mask = size - 1;
	for (size_t i = 0; i < g->ne; i++) {
		const char *k = g->e[i].tok[0];
		size_t n = strlen(k);
		uint32_t h = tok_hash(k, n);
		gz_slot *sl = slot_of(g, k, n, h);
		unsigned bg = bigram_of(k, n);

		g->bigram[bg >> 3] |= (unsigned char)(1u << (bg & 7));
		if (!sl->key) {
			sl->key = k;
			sl->keylen = n;
			sl->hash = h;
			g->seen[(h & 0xFFFF) >> 3] |= (unsigned char)(1u << (h & 7));
		}
		if (!sl->first)
			sl->first = i + 1;
		sl->nfirst++;
		if (g->e[i].stem && g->e[i].ntok == 1 && !sl->stem)
			sl->stem = g->nstems + 1;
		if (g->e[i].stem && g->e[i].ntok == 1)
			sl->nstem++;
		if (g->e[i].stem && g->e[i].ntok == 1) {
			g->stems[g->nstems++] = i;
			if (n < 64)
				g->stem_lens |= (uint64_t)1 << n;
		}
	}
}

static int entry_cmp(const void *pa, const void *pb)
{
	const gz_entry *a = pa, *b = pb;
	int c = strcmp(a->tok[0], b->tok[0]);

	if (c)
		return c;
	if (a->ntok != b->ntok)
		return a->ntok > b->ntok ? -1 : 1;
	return a->stem - b->stem;
}

static int load_guards(tc_gazetteer *g, const cJSON *guards, char *err, size_t errlen)
{
	const cJSON *it;

	if (!guards)
		return 0;
	if (!cJSON_IsObject(guards)) {
		tc_seterr(err, errlen, "guards: expected an object");
		return -1;
	}
	g->guards = tc_xcalloc((size_t)cJSON_GetArraySize(guards) + 1, sizeof(gz_guard));
	cJSON_ArrayForEach(it, guards) {
		gz_guard *gd = &g->guards[g->nguards++];

		gd->name = tc_xstrdup(it->string);
		if (load_words(cJSON_GetObjectItem(it, "not_after"), &gd->not_after) < 0 ||
		    load_words(cJSON_GetObjectItem(it, "not_before"), &gd->not_before) < 0 ||
		    load_words(cJSON_GetObjectItem(it, "not_after_caps"), &gd->not_after_caps) < 0) {
			tc_seterr(err, errlen, "guards.%s: word lists must be arrays of strings",
				  it->string);
			return -1;
		}
		gd->next_cap = cJSON_IsTrue(cJSON_GetObjectItem(it, "next_cap"));
		gd->prev_cap = cJSON_IsTrue(cJSON_GetObjectItem(it, "prev_cap"));
	}
	return 0;
}

static int load_tree(tc_gazetteer *g, const cJSON *root, char *err, size_t errlen)
{
	static const char *const langs[] = { "en", "sv", "de", "fr" };
	const cJSON *regions = cJSON_GetObjectItem(root, "regions");
	const cJSON *countries = cJSON_GetObjectItem(root, "countries");
	const cJSON *it;
	char where[96];
	size_t idx = 0;

	if (load_guards(g, cJSON_GetObjectItem(root, "guards"), err, errlen) < 0)
		return -1;
	if (add_names(g, cJSON_GetObjectItem(root, "stop"), TC_GZ_NAME, -1, "stop", err, errlen) < 0)
		return -1;
	if (!cJSON_IsArray(regions) || !cJSON_IsArray(countries)) {
		tc_seterr(err, errlen, "\"regions\" and \"countries\" must be arrays");
		return -1;
	}
	cJSON_ArrayForEach(it, regions) {
		const cJSON *tok = cJSON_GetObjectItem(it, "token");
		int c;

		snprintf(where, sizeof(where), "regions[%zu]", idx++);
		if (!cJSON_IsString(tok) || !tc_gazetteer_is_region(tok->valuestring)) {
			tc_seterr(err, errlen, "%s: \"token\" must be one of EU EEA WORLD CUSTOMER THIRD",
				  where);
			return -1;
		}
		c = add_code(g, tok->valuestring, 1);
		g->codes[c].en = tc_xstrdup(cJSON_GetStringValue(cJSON_GetObjectItem(it, "en")));
		g->codes[c].sv = tc_xstrdup(cJSON_GetStringValue(cJSON_GetObjectItem(it, "sv")));
		if (add_names(g, cJSON_GetObjectItem(it, "names"), TC_GZ_GROUP, c, where, err,
			      errlen) < 0)
			return -1;
	}
	idx = 0;
	cJSON_ArrayForEach(it, countries) {
		const cJSON *code = cJSON_GetObjectItem(it, "code");
		int c;

		snprintf(where, sizeof(where), "countries[%zu]", idx++);
		if (!cJSON_IsString(code) || strlen(code->valuestring) < 2 ||
		    strlen(code->valuestring) > 4) {
			tc_seterr(err, errlen, "%s: \"code\" must be an ISO code", where);
			return -1;
		}
		c = add_code(g, code->valuestring, 0);
		g->codes[c].en = first_string(cJSON_GetObjectItem(it, "en"));
		g->codes[c].sv = first_string(cJSON_GetObjectItem(it, "sv"));
		g->codes[c].ambiguous = cJSON_IsTrue(cJSON_GetObjectItem(it, "ambiguous_code"));
		for (size_t l = 0; l < TC_ARRAY_LEN(langs); l++)
			if (add_names(g, cJSON_GetObjectItem(it, langs[l]), TC_GZ_NAME, c, where,
				      err, errlen) < 0)
				return -1;
		if (add_names(g, cJSON_GetObjectItem(it, "adj"), TC_GZ_ADJ, c, where, err, errlen) < 0)
			return -1;
	}
	if (g->ne)
		qsort(g->e, g->ne, sizeof(*g->e), entry_cmp);
	g->stems = tc_xcalloc(g->ne + 1, sizeof(size_t));
	build_slots(g);
	for (size_t i = g->ncodes; i-- > 0;) {
		const char *k = g->codes[i].code;

		if (k[0] >= 'A' && k[0] <= 'Z' && k[1] >= 'A' && k[1] <= 'Z' && !k[2])
			g->code2[(k[0] - 'A') * 26 + (k[1] - 'A')] = (uint32_t)(i + 1);
	}
	return 0;
}

int tc_gazetteer_load_json(const char *json, size_t len, const char *name,
			   tc_gazetteer **out, char *err, size_t errlen)
{
	tc_gazetteer *g = tc_xcalloc(1, sizeof(*g));
	cJSON *root = cJSON_ParseWithLength(json, len);
	char inner[400];
	int ret = -1;

	*out = NULL;
	if (!root) {
		const char *at = cJSON_GetErrorPtr();
		int line = 1, col = 1;

		for (const char *p = json; at && p < at && p < json + len; p++) {
			if (*p == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
		}
		tc_seterr(err, errlen, "%s:%d:%d: invalid JSON", name, line, col);
		goto out;
	}
	if (!cJSON_IsObject(root)) {
		tc_seterr(err, errlen, "%s:1:1: expected an object", name);
		goto out;
	}
	if (load_tree(g, root, inner, sizeof(inner)) < 0) {
		tc_seterr(err, errlen, "%s: %s", name, inner);
		goto out;
	}
	*out = g;
	g = NULL;
	ret = 0;
out:
	cJSON_Delete(root);
	tc_gazetteer_free(g);
	return ret;
}

int tc_gazetteer_load(const char *path, tc_gazetteer **out, char *err, size_t errlen)
{
	tc_buf b = TC_BUF_INIT;
	int ret;

	*out = NULL;
	if (tc_read_file(path, GZ_MAX_FILE, &b, err, errlen) < 0)
		return -1;
	ret = tc_gazetteer_load_json(tc_buf_str(&b), b.len, path, out, err, errlen);
	tc_buf_release(&b);
	return ret;
}

/* ---- lookups ---- */

int tc_gazetteer_is_region(const char *code)
{
	for (size_t i = 0; code && i < TC_ARRAY_LEN(region_tokens); i++)
		if (strcmp(code, region_tokens[i]) == 0)
			return 1;
	return 0;
}

static const gz_code *find_code(const tc_gazetteer *g, const char *code, size_t n)
{
	for (size_t i = 0; g && i < g->ncodes; i++)
		if (strlen(g->codes[i].code) == n && memcmp(g->codes[i].code, code, n) == 0)
			return &g->codes[i];
	return NULL;
}

const char *tc_gazetteer_code(const tc_gazetteer *g, const char *code)
{
	const gz_code *c = code ? find_code(g, code, strlen(code)) : NULL;

	return c ? c->code : NULL;
}

const char *tc_gazetteer_name(const tc_gazetteer *g, const char *code, enum tc_lang lang)
{
	const gz_code *c = code ? find_code(g, code, strlen(code)) : NULL;

	if (!c)
		return NULL;
	if (lang == TC_LANG_SV && c->sv)
		return c->sv;
	return c->en;
}

size_t tc_gazetteer_count(const tc_gazetteer *g)
{
	return g ? g->ne : 0;
}

/* ---- scanning ---- */

typedef struct scan {
	const tc_gazetteer *g;
	const char *text;      /* original */
	const char *fold;      /* folded copy, same offsets */
	size_t len;
	gz_tok *t;
	size_t nt;
	enum tc_gz_mode mode;
} scan;

static size_t tlen(const scan *sc, size_t i)
{
	return sc->t[i].e - sc->t[i].s;
}

static int tok_is(const scan *sc, size_t i, const char *s)
{
	size_t n = strlen(s);

	return tlen(sc, i) == n && memcmp(sc->fold + sc->t[i].s, s, n) == 0;
}

static int tok_in(const scan *sc, size_t i, const gz_list *l)
{
	for (size_t k = 0; k < l->n; k++)
		if (tok_is(sc, i, l->v[k]))
			return 1;
	return 0;
}

static int tok_cap(const scan *sc, size_t i)
{
	size_t len;

	return sc->t[i].word &&
	       cp_is_upper(cp_at((const unsigned char *)sc->text + sc->t[i].s, tlen(sc, i), &len));
}

static int tok_allcaps(const scan *sc, size_t i)
{
	size_t n = tlen(sc, i);

	if (!sc->t[i].word || n < 2)
		return 0;
	for (size_t k = 0; k < n; k++) {
		char c = sc->text[sc->t[i].s + k];

		if (c >= 'a' && c <= 'z')
			return 0;
	}
	return 1;
}

/* The word before token i on the same line, skipping commas; -1 when none. */
static long prev_word(const scan *sc, size_t i)
{
	size_t j = i;

	while (j > 0 && !sc->t[j].bol) {
		j--;
		if (sc->t[j].word)
			return (long)j;
		if (!tok_is(sc, j, ","))
			return -1;
	}
	return -1;
}

/* The word at or after token j on the same line (j is the token after a match),
 * skipping commas; -1 when none. */
static long next_word(const scan *sc, size_t j)
{
	for (; j < sc->nt && !sc->t[j].bol; j++) {
		if (sc->t[j].word)
			return (long)j;
		if (!tok_is(sc, j, ","))
			return -1;
	}
	return -1;
}

/* Does token i (text) match entry token k (with stem and case rules)? */
static int tok_match(const scan *sc, size_t i, const gz_entry *e, size_t k)
{
	size_t n = tlen(sc, i), el = strlen(e->tok[k]);
	const char *f = sc->fold + sc->t[i].s;

	if (e->stem && k + 1 == e->ntok) {
		if (n < el || n > el + GZ_STEM_EXTRA || memcmp(f, e->tok[k], el) != 0)
			return 0;
		for (size_t x = el; x < n; x++)
			if (!((f[x] >= 'a' && f[x] <= 'z') || (unsigned char)f[x] >= 0x80))
				return 0;
	} else if (n != el || memcmp(f, e->tok[k], el) != 0) {
		return 0;
	}
	if (e->casing == GC_EXACT &&
	    memcmp(sc->text + sc->t[i].s, e->orig[k], strlen(e->orig[k])) != 0)
		return 0;
	return 1;
}

/* Context rules of the entry's guard for a match of tokens [i, j). */
static int guard_ok(const scan *sc, const gz_guard *gd, size_t i, size_t j)
{
	long p = prev_word(sc, i), nx = next_word(sc, j);

	if (p >= 0 && tok_in(sc, (size_t)p, &gd->not_after))
		return 0;
	if (nx >= 0 && tok_in(sc, (size_t)nx, &gd->not_before))
		return 0;
	/* a punctuation word in the lists ("$") counts when directly adjacent */
	if (i > 0 && !sc->t[i].bol && !sc->t[i - 1].word && tok_in(sc, i - 1, &gd->not_after))
		return 0;
	if (j < sc->nt && !sc->t[j].bol && !sc->t[j].word && tok_in(sc, j, &gd->not_before))
		return 0;
	if (i > 0 && !sc->t[i].bol && sc->t[i - 1].word && tok_allcaps(sc, i - 1) &&
	    tok_in(sc, i - 1, &gd->not_after_caps))
		return 0;
	if (gd->next_cap && j < sc->nt && !sc->t[j].bol && sc->t[j].word && tok_cap(sc, j))
		return 0;
	if (gd->prev_cap && i >= 2 && !sc->t[i].bol && sc->t[i - 1].word && tok_cap(sc, i - 1) &&
	    !sc->t[i - 1].bol && sc->t[i - 2].word)
		return 0;
	return 1;
}

static int entry_at(const scan *sc, const gz_entry *e, size_t i)
{
	if (i + e->ntok > sc->nt)
		return 0;
	for (size_t k = 0; k < e->ntok; k++) {
		if (k > 0 && sc->t[i + k].bol)
			return 0;
		if (!tok_match(sc, i + k, e, k))
			return 0;
	}
	if (e->casing == GC_CAP && !tok_cap(sc, i))
		return 0;
	if (e->guard >= 0 && !guard_ok(sc, &sc->g->guards[e->guard], i, i + e->ntok))
		return 0;
	return 1;
}

/* The slot of the first token key[0..n) (hash h), or NULL when no entry starts so. */
static const gz_slot *find_slot(const tc_gazetteer *g, const char *key, size_t n, uint32_t h)
{
	const gz_slot *sl;

	if (!(g->seen[(h & 0xFFFF) >> 3] & (1u << (h & 7))))
		return NULL;
	sl = slot_of(g, key, n, h);
	return sl->key ? sl : NULL;
}

/* Best entry starting at token i (longest first), or NULL. Candidates: the entries
 * whose first token is the token, then the stem entries whose first token is the
 * token less 1..3 bytes (of a token longer than 3 + that). */
static const gz_entry *best_entry(const scan *sc, size_t i)
{
	const gz_entry *cand[GZ_MAX_CAND];
	size_t nc = 0, n = tlen(sc, i);
	const char *f = sc->fold + sc->t[i].s;
	const tc_gazetteer *g = sc->g;
	size_t room = sc->len - sc->t[i].s;       /* readable bytes of the fold at f */
	const gz_slot *sl;
	unsigned bg = bigram_of(f, n);

	/* every candidate's first token (a stem's too: 3 bytes or more, a prefix of the
	 * token) begins with the token's first two bytes */
	if (!((g->bigram[bg >> 3] >> (bg & 7)) & 1))
		return NULL;
	sl = find_slot(g, f, n, tok_hash_in(f, n, room));

	/* the entries whose first token is the token (the slot compared it) */
	for (size_t x = 0; sl && x < sl->nfirst && nc < GZ_MAX_CAND; x++)
		cand[nc++] = &g->e[sl->first - 1 + x];
	for (size_t cut = 1; cut <= GZ_STEM_EXTRA && cut + 2 < n && g->nstems; cut++) {
		size_t k = n - cut;

		if (k < 64 && !(g->stem_lens & ((uint64_t)1 << k)))
			continue;               /* no stem has a first token of k bytes */
		sl = find_slot(g, f, k, tok_hash_in(f, k, room));
		for (size_t x = 0; sl && x < sl->nstem && nc < GZ_MAX_CAND; x++)
			cand[nc++] = &g->e[g->stems[sl->stem - 1 + x]];
	}
	/* longest first; the sort already orders each lookup, merge by ntok */
	for (size_t a = 1; a < nc; a++)
		for (size_t b = a; b > 0 && cand[b]->ntok > cand[b - 1]->ntok; b--) {
			const gz_entry *tmp = cand[b];

			cand[b] = cand[b - 1];
			cand[b - 1] = tmp;
		}
	for (size_t x = 0; x < nc; x++)
		if (entry_at(sc, cand[x], i))
			return cand[x];
	return NULL;
}

static int is_separator(const scan *sc, size_t i, int strict)
{
	static const char *const punct[] = { ",", "/", ";", "&" };

	for (size_t k = 0; k < TC_ARRAY_LEN(punct) - (strict ? 1 : 0); k++)
		if (tok_is(sc, i, punct[k]))
			return 1;
	for (size_t k = 0; !strict && k < TC_ARRAY_LEN(list_words); k++)
		if (tok_is(sc, i, list_words[k]))
			return 1;
	return 0;
}

/* A bare ISO code at token i: the context rules of the header. */
static const gz_code *bare_code(const scan *sc, size_t i, long last_end)
{
	const char *s = sc->text + sc->t[i].s;
	const gz_code *c;
	size_t j = i + 1;
	uint32_t at;

	if (tlen(sc, i) != 2 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z')
		return NULL;
	at = sc->g->code2[(s[0] - 'A') * 26 + (s[1] - 'A')];
	c = at ? &sc->g->codes[at - 1] : NULL;
	if (!c || c->region)
		return NULL;
	if (sc->mode == TC_GZ_CELL)
		return c;
	/* "SG-based" */
	if (j + 1 < sc->nt && tok_is(sc, j, "-") && sc->t[j].s == sc->t[i].e &&
	    sc->t[j + 1].s == sc->t[j].e && sc->t[j + 1].word) {
		for (size_t k = 0; k < TC_ARRAY_LEN(code_suffixes); k++)
			if (tok_is(sc, j + 1, code_suffixes[k]))
				return c;
	}
	if (i == 0 || sc->t[i].bol)
		return NULL;
	/* "(SG)", "(SG, HK)" */
	if (!c->ambiguous && tok_is(sc, i - 1, "(") && j < sc->nt && !sc->t[j].bol &&
	    (tok_is(sc, j, ")") || tok_is(sc, j, ",") || tok_is(sc, j, "/")))
		return c;
	/* "US, IN and CN": directly after another match and a separator */
	if (last_end >= 0 && (size_t)last_end + 1 == i && is_separator(sc, i - 1, c->ambiguous)) {
		if (!c->ambiguous)
			return c;
		if (j >= sc->nt || sc->t[j].bol || is_separator(sc, j, 0) || tok_is(sc, j, ")") ||
		    tok_is(sc, j, "."))
			return c;
	}
	return NULL;
}

/* First occurrence of needle (n bytes) in [p, end), or NULL. A short span is
 * searched byte by byte (a call to memmem costs more there). */
static const char *find_in(const char *p, const char *end, const char *needle, size_t n)
{
	const char *q;

	if (p >= end || (size_t)(end - p) < n)
		return NULL;
	if (end - p < 256) {
		for (; (size_t)(end - p) >= n; p++)
			if (*p == needle[0] && memcmp(p + 1, needle + 1, n - 1) == 0)
				return p;
		return NULL;
	}
	/* a long span: memchr to each place of the needle's last byte ("p" of "http",
	 * rarer than its first), then the bytes before it */
	for (q = p + n - 1; q < end && (q = memchr(q, needle[n - 1], (size_t)(end - q))) != NULL;
	     q++)
		if (memcmp(q - (n - 1), needle, n - 1) == 0)
			return q - (n - 1);
	return NULL;
}

/* The byte ranges of URLs ("https://x.example/en-US", "www.x.example"): their words
 * are not read as places. A URL ends at a space, a newline, ')', '>' or '"'. The next
 * "http" and "www." are looked up only once they lie behind: one pass. */
typedef struct url_span {
	size_t s, e;
} url_span;

/* First "http://" or "https://" starting in [p, end), or NULL: found from the rarer
 * ':' of "://". */
static const char *find_http(const char *p, const char *end)
{
	for (const char *q = p; q < end && (q = memchr(q, ':', (size_t)(end - q))) != NULL; q++) {
		if (q[1] != '/' || q[2] != '/')
			continue;
		if (q - p >= 4 && memcmp(q - 4, "http", 4) == 0)
			return q - 4;
		if (q - p >= 5 && memcmp(q - 5, "https", 5) == 0)
			return q - 5;
	}
	return NULL;
}

/* (An "http" that does not start "http://" or "https://" is passed over: no URL
 * start lies inside it, so the spans are those from each URL start in turn.) */
static size_t find_urls(const char *fold, size_t len, url_span **out)
{
	const char *p = fold, *end = fold + len, *stop = NULL;   /* the NUL strstr stops at */
	const char *h = NULL, *w = NULL;
	int have_h = 0, have_w = 0;
	url_span *v = NULL;
	size_t n = 0, cap = 0;

	while (p < end) {
		const char *u, *e;

		if (!stop || p > stop) {
			stop = memchr(p, '\0', (size_t)(end - p));
			stop = stop ? stop : end;
			have_h = have_w = 0;
		}
		if (!have_h || (h && h < p)) {
			h = find_http(p, stop);
			have_h = 1;
		}
		if (!have_w || (w && w < p)) {
			w = find_in(p, stop, "www.", 4);
			have_w = 1;
		}
		u = !h ? w : !w ? h : h < w ? h : w;
		if (!u)
			break;
		e = u;
		while (e < end && *e != ' ' && *e != '\n' && *e != ')' && *e != '>' && *e != '"')
			e++;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			v = tc_xrealloc(v, cap * sizeof(*v));
		}
		v[n].s = (size_t)(u - fold);
		v[n].e = (size_t)(e - fold);
		n++;
		p = e;
	}
	*out = v;
	return n;
}

/* Mark the tokens of sc (of the line at byte base) that start inside a URL; *at is
 * the first span that may still matter (spans and lines come in text order). */
static void mark_urls(scan *sc, size_t base, const url_span *u, size_t nu, size_t *at)
{
	while (*at < nu && u[*at].e <= base)
		(*at)++;
	if (*at == nu || u[*at].s >= base + sc->len)
		return;                 /* no URL on this line */
	for (size_t i = 0; i < sc->nt && *at < nu; i++) {
		size_t s = base + sc->t[i].s;

		while (*at < nu && u[*at].e <= s)
			(*at)++;
		if (*at < nu && u[*at].s <= s)
			sc->t[i].url = 1;
	}
}

/* Scan the tokens of one line (sc); matches are appended to *m with offsets + base.
 * *carry: the last match so far ended at the last token so far (a list "US, IN"
 * may go on at the start of the next line); updated. */
static void scan_line(scan *sc, size_t base, int *carry, tc_gz_match **m, size_t *nm,
		      size_t *cap)
{
	long last_end = *carry ? 0 : -1;    /* index of the token after the last match */
	size_t i = 0;

	while (i < sc->nt) {
		const gz_entry *e = NULL;
		const gz_code *c = NULL;
		enum tc_gz_kind kind = TC_GZ_CODE;
		size_t ntok = 1;

		if (!sc->t[i].word || sc->t[i].url) {
			i++;
			continue;
		}
		e = best_entry(sc, i);
		if (e) {
			ntok = e->ntok;
			kind = e->kind;
			c = e->code >= 0 ? &sc->g->codes[e->code] : NULL;
			if (!c) {          /* stop phrase */
				i += ntok;
				continue;
			}
		} else {
			c = bare_code(sc, i, last_end);
		}
		if (c) {
			if (*nm == *cap) {
				*cap = *cap ? *cap * 2 : 16;
				*m = tc_xrealloc(*m, *cap * sizeof(**m));
			}
			(*m)[*nm].code = c->code;
			(*m)[*nm].kind = kind;
			(*m)[*nm].start = base + sc->t[i].s;
			(*m)[*nm].end = base + sc->t[i + ntok - 1].e;
			(*nm)++;
			last_end = (long)(i + ntok);
		}
		i += ntok;
	}
	*carry = last_end == (long)sc->nt;
}

size_t tc_gazetteer_scan(const tc_gazetteer *g, const char *text, size_t len,
			 enum tc_gz_mode mode, tc_gz_match **out)
{
	tc_buf fold = TC_BUF_INIT;
	char small[GZ_SMALL_TEXT];
	const char *f = small;
	size_t nm;

	*out = NULL;
	if (!g || !text || len == 0)
		return 0;
	if (len < sizeof(small)) {     /* a cell or a line: no allocation */
		fold_into(small, text, len);
		small[len] = '\0';
	} else {
		f = tc_gz_fold(&fold, text, len);
	}
	nm = tc_gazetteer_scan_folded(g, text, f, len, mode, out);
	tc_buf_release(&fold);
	return nm;
}

/*
 * A name never spans two lines and every context rule looks within the line, so
 * the text is scanned a line at a time (tokens of one line at a time: a small,
 * reused array), with what crosses lines carried over: URL spans (found once over
 * the whole text) and whether the last match ended a line, for a list of codes
 * that goes on after a line break (tokens are numbered per line; the rules compare
 * a token with the one after the last match only).
 */
size_t tc_gazetteer_scan_folded(const tc_gazetteer *g, const char *text, const char *fold,
				size_t len, enum tc_gz_mode mode, tc_gz_match **out)
{
	gz_tok small[GZ_SMALL_TOKENS];
	tc_gz_match *m = NULL;
	url_span *urls = NULL;
	size_t nm = 0, cap = 0, tcap = TC_ARRAY_LEN(small), nurls, at = 0;
	int carry = 0;
	scan sc;

	*out = NULL;
	if (!g || !text || !fold || len == 0)
		return 0;
	nurls = find_urls(fold, len, &urls);
	sc.g = g;
	sc.mode = mode;
	sc.t = small;
	for (size_t ls = 0; ls < len;) {
		const char *nl = memchr(text + ls, '\n', len - ls);
		size_t le = nl ? (size_t)(nl - text) : len;

		sc.text = text + ls;
		sc.fold = fold + ls;
		sc.len = le - ls;
		sc.nt = tokenize(sc.text, sc.len, &sc.t, &tcap, small);
		if (sc.nt) {
			mark_urls(&sc, ls, urls, nurls, &at);
			scan_line(&sc, ls, &carry, &m, &nm, &cap);
		}
		ls = le + 1;
	}
	if (sc.t != small)
		free(sc.t);
	free(urls);
	*out = m;
	return nm;
}
