/*
 * entity: legal names normalised to keys, and the index that says which catalogue
 * entity a name from a vendor's sub-processor list is. See include/tiacheck/entity.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tiacheck/entity.h"
#include "tiacheck/utf8.h"
#include "tiacheck/util.h"

/* ASCII letters for U+00C0..U+017F (Latin-1 Supplement letters and Latin
 * Extended-A): the base letter without its accent; "" for × and ÷ (separators). */
static const char *const latin_fold[192] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", "d",
	"n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss", "a", "a",
	"a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", "d", "n", "o",
	"o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y", "a", "a", "a", "a",
	"a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d", "d", "d", "e", "e", "e",
	"e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g", "g", "g", "g", "g", "h", "h",
	"h", "h", "i", "i", "i", "i", "i", "i", "i", "i", "i", "i", "ij", "ij", "j", "j", "k",
	"k", "k", "l", "l", "l", "l", "l", "l", "l", "l", "l", "l", "n", "n", "n", "n", "n",
	"n", "n", "n", "n", "o", "o", "o", "o", "o", "o", "oe", "oe", "r", "r", "r", "r", "r",
	"r", "s", "s", "s", "s", "s", "s", "s", "s", "t", "t", "t", "t", "t", "t", "u", "u",
	"u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z",
	"z", "z", "z", "z", "s",
};

/*
 * Legal forms dropped from the end of a key, as they read once folded (dots joined:
 * "S.A." is "sa", "sp. z o.o." is "sp z oo"). Several may follow each other ("Co.,
 * Ltd.", "GmbH & Co. KG", "Pte. Ltd."): they are dropped one by one, never the last
 * word left.
 */
static const char *const legal_forms[] = {
	"sp z oo", "sa de cv", "sa rl", "unlimited company", "kabushiki kaisha",
	"inc", "incorporated", "llc", "llp", "lp", "ltd", "limited", "gmbh", "mbh", "ag", "kg",
	"ug", "sarl", "sas", "sasu", "sa", "bv", "nv", "bvba", "sprl", "ab", "publ", "oy", "oyj",
	"as", "asa", "aps", "pte", "pty", "kk", "gk", "co", "corp", "corporation", "company",
	"plc", "srl", "sl", "slu", "spa", "sro", "se", "ulc", "uc", "dac", "lda", "ltda", "kft",
	"zrt", "doo", "ou", "sagl", "pbc", "and",
};

/* Words that introduce another name of the same organisation. */
static const char *const name_markers[] = {
	" dba ", " doing business as ", " trading as ", " formerly ", " fka ", " aka ",
};

/* Append the folded form of one code point: a letter or digit, or a space. */
static void fold_cp(uint32_t cp, tc_buf *b)
{
	if (cp < 0x80) {
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
			tc_buf_addc(b, (char)cp);
		else if (cp >= 'A' && cp <= 'Z')
			tc_buf_addc(b, (char)(cp - 'A' + 'a'));
		else if (cp == '&')
			tc_buf_adds(b, " and ");
		else if (cp != '.' && cp != '\'' && cp != '/')
			tc_buf_addc(b, ' ');
	} else if (cp >= 0xC0 && cp < 0x180) {
		const char *f = latin_fold[cp - 0xC0];

		tc_buf_adds(b, *f ? f : " ");
	} else if (cp == 0x2018 || cp == 0x2019) {
		/* typographic apostrophes join like ' */
	} else if (cp < 0xC0 || (cp >= 0x2000 && cp <= 0x206F) || cp == TC_UTF8_INVALID ||
		   cp == 0x3000) {
		tc_buf_addc(b, ' ');
	} else {
		char enc[4];
		size_t n = tc_utf8_encode(cp, enc);

		tc_buf_add(b, enc, n);   /* other scripts: kept as written */
	}
}

/* s[0..n) folded, with single spaces between words and none at the ends. */
static void fold(const char *s, size_t n, tc_buf *out)
{
	tc_buf raw = TC_BUF_INIT;
	size_t len;

	tc_buf_init(&raw, 5 * n + 16);   /* '&' gives 5 bytes */
	for (size_t i = 0; i < n; i += len) {
		uint32_t cp = tc_utf8_decode((const unsigned char *)s + i, n - i, &len);

		fold_cp(cp, &raw);
	}
	tc_buf_reset(out);
	for (const char *p = tc_buf_str(&raw); *p; p++) {
		if (*p == ' ' && (out->len == 0 || out->data[out->len - 1] == ' '))
			continue;
		tc_buf_addc(out, *p);
	}
	if (out->len && out->data[out->len - 1] == ' ')
		out->data[--out->len] = '\0';
	tc_buf_release(&raw);
}

/* Drop a leading "the" and trailing legal forms from a folded part, in place. */
static void strip_forms(char *k)
{
	size_t n = strlen(k);
	int again = 1;

	if (strncmp(k, "the ", 4) == 0) {
		memmove(k, k + 4, n - 3);
		n -= 4;
	}
	while (again) {
		again = 0;
		for (size_t i = 0; i < TC_ARRAY_LEN(legal_forms); i++) {
			size_t f = strlen(legal_forms[i]);

			if (n > f + 1 && k[n - f - 1] == ' ' &&
			    strcmp(k + n - f, legal_forms[i]) == 0) {
				n -= f + 1;
				k[n] = '\0';
				again = 1;
				break;
			}
		}
	}
}

struct keyset {
	char v[TC_ENTITY_MAX_KEYS][TC_ENTITY_KEY_MAX];
	size_t n;
};

static void keyset_add(struct keyset *ks, const char *part, size_t n)
{
	char k[TC_ENTITY_KEY_MAX];
	size_t cut;

	while (n && *part == ' ') {
		part++;
		n--;
	}
	while (n && part[n - 1] == ' ')
		n--;
	cut = tc_utf8_cut(part, n < sizeof(k) ? n : sizeof(k) - 1);
	memcpy(k, part, cut);
	k[cut] = '\0';
	strip_forms(k);
	if (!*k || ks->n == TC_ENTITY_MAX_KEYS)
		return;
	for (size_t i = 0; i < ks->n; i++)
		if (strcmp(ks->v[i], k) == 0)
			return;
	memcpy(ks->v[ks->n++], k, sizeof(k));
}

/* The keys of one segment (text outside or inside parentheses): split at d/b/a and
 * the like, each part a key. */
static void segment_keys(struct keyset *ks, const char *s, size_t n)
{
	tc_buf f = TC_BUF_INIT, padded = TC_BUF_INIT;
	const char *p, *end;

	tc_buf_init(&f, 5 * n + 16);
	tc_buf_init(&padded, 5 * n + 32);
	fold(s, n, &f);
	tc_buf_printf(&padded, " %s ", tc_buf_str(&f));
	p = tc_buf_str(&padded);
	end = p + padded.len;
	while (p < end) {
		const char *hit = NULL;
		size_t mlen = 0;

		for (size_t i = 0; i < TC_ARRAY_LEN(name_markers); i++) {
			const char *h = strstr(p, name_markers[i]);

			if (h && (!hit || h < hit)) {
				hit = h;
				mlen = strlen(name_markers[i]);
			}
		}
		if (!hit) {
			keyset_add(ks, p, (size_t)(end - p));
			break;
		}
		keyset_add(ks, p, (size_t)(hit - p));
		p = hit + mlen - 1;     /* keep the marker's last space as a separator */
	}
	tc_buf_release(&padded);
	tc_buf_release(&f);
}

/* Every key of a name: the text outside parentheses first, then each parenthesised
 * part (brackets count as parentheses). */
static void name_keys(const char *name, struct keyset *ks)
{
	tc_buf outside = TC_BUF_INIT;
	size_t len = name ? strlen(name) : 0, open = 0;
	int depth = 0;

	ks->n = 0;
	tc_buf_init(&outside, len + 1);
	for (size_t i = 0; i < len; i++) {
		char c = name[i];

		if (c == '(' || c == '[') {
			if (depth++ == 0)
				open = i + 1;
			tc_buf_addc(&outside, ' ');
		} else if ((c == ')' || c == ']') && depth > 0) {
			if (--depth == 0)
				segment_keys(ks, name + open, i - open);
		} else if (depth == 0) {
			tc_buf_addc(&outside, c);
		}
	}
	if (depth > 0)
		segment_keys(ks, name + open, len - open);
	/* the text outside goes first: shift the parenthesised keys behind it */
	{
		struct keyset inner = *ks;

		ks->n = 0;
		segment_keys(ks, tc_buf_str(&outside), outside.len);
		for (size_t i = 0; i < inner.n; i++)
			keyset_add(ks, inner.v[i], strlen(inner.v[i]));
	}
	tc_buf_release(&outside);
}

size_t tc_entity_norm(const char *name, char *out, size_t outlen)
{
	struct keyset ks;
	size_t n;

	if (!outlen)
		return 0;
	name_keys(name, &ks);
	if (!ks.n) {
		out[0] = '\0';
		return 0;
	}
	n = tc_utf8_cut(ks.v[0], strlen(ks.v[0]) < outlen ? strlen(ks.v[0]) : outlen - 1);
	memcpy(out, ks.v[0], n);
	out[n] = '\0';
	return n;
}

/* ---- the index ---- */

static const char *alias_group(const tc_entity_index *idx, const char *key)
{
	for (size_t i = 0; i < idx->naliases; i++)
		if (strcmp(idx->aliases[i].key, key) == 0)
			return idx->aliases[i].group;
	return NULL;
}

static void add_aliases(tc_entity_index *idx, const tc_refscope *scope)
{
	struct keyset ks;

	for (size_t g = 0; scope && g < scope->naliases; g++) {
		const tc_alias_group *grp = &scope->aliases[g];

		for (size_t k = 0; k < grp->nnames; k++) {
			name_keys(grp->names[k], &ks);
			for (size_t i = 0; i < ks.n; i++) {
				if (alias_group(idx, ks.v[i]))
					continue;       /* the first group that names it keeps it */
				idx->aliases = tc_xrealloc(idx->aliases, (idx->naliases + 1) *
							   sizeof(*idx->aliases));
				idx->aliases[idx->naliases++] =
					(tc_entity_alias){ tc_xstrdup(ks.v[i]), grp->id };
			}
		}
	}
}

static void add_entity(tc_entity_index *idx, enum tc_entity_kind kind, const tc_service *s,
		       size_t sub, const char *name, const char *written)
{
	struct keyset ks;

	if (!written || !*written)
		return;
	name_keys(written, &ks);
	for (size_t i = 0; i < ks.n; i++) {
		idx->v = tc_xrealloc(idx->v, (idx->n + 1) * sizeof(*idx->v));
		idx->v[idx->n++] = (tc_entity_match){ kind, s, sub, name, written,
						      tc_xstrdup(ks.v[i]),
						      alias_group(idx, ks.v[i]) };
	}
}

void tc_entity_index_build(tc_entity_index *idx, const tc_catalog *cat,
			   const tc_refscope *scope)
{
	memset(idx, 0, sizeof(*idx));
	add_aliases(idx, scope);
	for (size_t i = 0; cat && i < cat->nservices; i++) {
		const tc_service *s = &cat->services[i];

		add_entity(idx, TC_ENTITY_SERVICE, s, 0, s->legal_entity, s->legal_entity);
		add_entity(idx, TC_ENTITY_SERVICE, s, 0, s->legal_entity, s->name);
		add_entity(idx, TC_ENTITY_PARENT, s, 0, s->parent_name, s->parent_name);
		for (size_t k = 0; k < s->nsubprocessors; k++) {
			const tc_subprocessor *p = &s->subprocessors[k];

			add_entity(idx, TC_ENTITY_SUBPROCESSOR, s, k, p->name, p->name);
			for (size_t a = 0; a < p->naliases; a++)
				add_entity(idx, TC_ENTITY_SUBPROCESSOR, s, k, p->name, p->aliases[a]);
		}
	}
}

void tc_entity_index_release(tc_entity_index *idx)
{
	for (size_t i = 0; i < idx->n; i++)
		free(idx->v[i].key);
	free(idx->v);
	for (size_t i = 0; i < idx->naliases; i++)
		free(idx->aliases[i].key);
	free(idx->aliases);
	memset(idx, 0, sizeof(*idx));
}

/* Lower is better: the service's own sub-processors, parent and itself (under their
 * legal names before other names); then the other services' entities, parents and
 * sub-processors, all under legal names before any under another name. */
static int rank(const tc_entity_match *e, const char *service_id)
{
	int own = service_id && tc_streq(e->service->id, service_id);
	int other_name = e->written != e->name;
	int kind = e->kind == TC_ENTITY_SUBPROCESSOR ? 0 : e->kind == TC_ENTITY_PARENT ? 1 : 2;

	if (own)
		return kind * 2 + other_name;
	return 6 + other_name * 3 + (2 - kind);
}

/* The best entry whose key (by_group 0) or group (by_group 1) is that of one of ks. */
static const tc_entity_match *best(const tc_entity_index *idx, const struct keyset *ks,
				   const char *service_id, int by_group)
{
	const tc_entity_match *top = NULL;

	for (size_t k = 0; k < ks->n; k++) {
		const char *g = by_group ? alias_group(idx, ks->v[k]) : NULL;

		if (by_group && !g)
			continue;
		for (size_t i = 0; i < idx->n; i++) {
			const tc_entity_match *e = &idx->v[i];
			int hit = by_group ? tc_streq(e->group, g) : strcmp(e->key, ks->v[k]) == 0;

			if (hit && (!top || rank(e, service_id) < rank(top, service_id)))
				top = e;
		}
		if (top)
			return top;
	}
	return NULL;
}

const tc_entity_match *tc_entity_find_for(const tc_entity_index *idx, const char *service_id,
					  const char *name)
{
	struct keyset ks;
	const tc_entity_match *m;

	name_keys(name, &ks);
	m = best(idx, &ks, service_id, 0);
	return m ? m : best(idx, &ks, service_id, 1);
}

const tc_entity_match *tc_entity_find(const tc_entity_index *idx, const char *name)
{
	return tc_entity_find_for(idx, NULL, name);
}

const char *tc_entity_group(const tc_entity_index *idx, const char *name)
{
	struct keyset ks;

	name_keys(name, &ks);
	for (size_t k = 0; k < ks.n; k++) {
		const char *g = alias_group(idx, ks.v[k]);

		if (g)
			return g;
	}
	return NULL;
}

int tc_entity_same(const tc_entity_index *idx, const char *a, const char *b)
{
	struct keyset ka, kb;
	const char *ga, *gb;

	name_keys(a, &ka);
	name_keys(b, &kb);
	for (size_t i = 0; i < ka.n; i++)
		for (size_t k = 0; k < kb.n; k++)
			if (strcmp(ka.v[i], kb.v[k]) == 0)
				return 1;
	ga = tc_entity_group(idx, a);
	gb = tc_entity_group(idx, b);
	return ga && gb && strcmp(ga, gb) == 0;
}
