/*
 * i18n: one sorted index over the message tables of every area, built once, and
 * binary search. See include/tiacheck/i18n.h.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tiacheck/i18n.h"
#include "tiacheck/util.h"

/* The areas' tables (src/base/msg_*.c), each ending with a { NULL } row. */
extern const tc_msg tc_msgs_vocab[];
extern const tc_msg tc_msgs_report[];
extern const tc_msg tc_msgs_policy[];
extern const tc_msg tc_msgs_tia[];
extern const tc_msg tc_msgs_flows[];
extern const tc_msg tc_msgs_cli[];

static const tc_msg *const tables[] = {
	tc_msgs_vocab, tc_msgs_report, tc_msgs_policy, tc_msgs_tia, tc_msgs_flows,
	tc_msgs_cli,
};

static const tc_msg **index_rows;
static size_t index_n;
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static int cmp_rows(const void *a, const void *b)
{
	const tc_msg *x = *(const tc_msg *const *)a, *y = *(const tc_msg *const *)b;
	return strcmp(x->id, y->id);
}

static void build_index(void)
{
	size_t n = 0;
	for (size_t t = 0; t < TC_ARRAY_LEN(tables); t++)
		for (const tc_msg *m = tables[t]; m->id; m++)
			n++;
	index_rows = tc_xcalloc(n ? n : 1, sizeof(*index_rows));
	for (size_t t = 0; t < TC_ARRAY_LEN(tables); t++)
		for (const tc_msg *m = tables[t]; m->id; m++)
			index_rows[index_n++] = m;
	qsort(index_rows, index_n, sizeof(*index_rows), cmp_rows);
}

static const tc_msg *find(const char *id)
{
	pthread_once(&index_once, build_index);
	size_t lo = 0, hi = index_n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(id, index_rows[mid]->id);
		if (c == 0)
			return index_rows[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

int tc_lang_parse(const char *s, enum tc_lang *out)
{
	if (!s || strlen(s) < 2 || (s[2] && s[2] != '-' && s[2] != '_'))
		return -1;
	if (strncasecmp(s, "sv", 2) == 0)
		*out = TC_LANG_SV;
	else if (strncasecmp(s, "en", 2) == 0)
		*out = TC_LANG_EN;
	else
		return -1;
	return 0;
}

enum tc_lang tc_lang_or(const char *s, enum tc_lang def)
{
	enum tc_lang l;
	return tc_lang_parse(s, &l) == 0 ? l : def;
}

const char *tc_lang_code(enum tc_lang lang)
{
	return lang == TC_LANG_EN ? "en" : "sv";
}

const char *tc_tr_opt(enum tc_lang lang, const char *id)
{
	const tc_msg *m = id ? find(id) : NULL;
	if (!m)
		return NULL;
	return lang == TC_LANG_EN ? m->en : m->sv;
}

const char *tc_tr(enum tc_lang lang, const char *id)
{
	const char *s = tc_tr_opt(lang, id);
	return s ? s : (id ? id : "");
}

const char *tc_label_opt(enum tc_lang lang, const char *vocab, const char *code)
{
	char id[128];
	if (!vocab || !code)
		return NULL;
	int n = snprintf(id, sizeof(id), "%s.%s", vocab, code);
	if (n < 0 || (size_t)n >= sizeof(id))
		return NULL;
	return tc_tr_opt(lang, id);
}

const char *tc_label(enum tc_lang lang, const char *vocab, const char *code)
{
	const char *s = tc_label_opt(lang, vocab, code);
	return s ? s : (code ? code : "");
}

void tc_i18n_each(void (*fn)(const tc_msg *m, void *ud), void *ud)
{
	for (size_t t = 0; t < TC_ARRAY_LEN(tables); t++)
		for (const tc_msg *m = tables[t]; m->id; m++)
			fn(m, ud);
}
