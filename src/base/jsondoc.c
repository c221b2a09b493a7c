/*
 * jsondoc: cJSON parse + a position index built by a small tokenizer over the same
 * text, and a walker driven by field tables. See include/tiacheck/jsondoc.h.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tiacheck/jsondoc.h"
#include "tiacheck/utf8.h"
#include "tiacheck/util.h"

void tc_jdoc_init(tc_jdoc *d, const char *file, tc_jreport_fn fn, void *ud)
{
	memset(d, 0, sizeof(*d));
	d->file = tc_xstrdup(file);
	d->report = fn;
	d->ud = ud;
}

void tc_jdoc_release(tc_jdoc *d)
{
	for (size_t i = 0; i < d->npos; i++)
		free(d->pos[i].path);
	free(d->pos);
	cJSON_Delete(d->root);
	free(d->file);
	memset(d, 0, sizeof(*d));
}

void tc_text_linecol(const char *text, size_t off, int *line, int *col)
{
	int l = 1, c = 1;

	for (size_t i = 0; i < off && text[i]; i++) {
		unsigned char ch = (unsigned char)text[i];

		if (ch == '\n') {
			l++;
			c = 1;
		} else if ((ch & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

static void report_at(tc_jdoc *d, int level, int line, int col, const char *msg)
{
	if (level == TC_JLEVEL_ERROR)
		d->nerrors++;
	else
		d->nwarnings++;
	if (d->report)
		d->report(d->ud, level, d->file, line, col, msg);
}

static void report_atf(tc_jdoc *d, int level, int line, int col, const char *fmt, ...)
	TC_PRINTF(5, 6);
static void report_atf(tc_jdoc *d, int level, int line, int col, const char *fmt, ...)
{
	tc_buf b = TC_BUF_INIT;
	va_list ap;

	tc_buf_init(&b, 4096);
	va_start(ap, fmt);
	tc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	report_at(d, level, line, col, tc_buf_str(&b));
	tc_buf_release(&b);
}

/* ---- paths ---- */

char *tc_jpath_key(const char *path, const char *key)
{
	tc_buf b = TC_BUF_INIT;

	tc_buf_adds(&b, path);
	tc_buf_addc(&b, '/');
	for (; *key; key++) {
		if (*key == '~')
			tc_buf_adds(&b, "~0");
		else if (*key == '/')
			tc_buf_adds(&b, "~1");
		else
			tc_buf_addc(&b, *key);
	}
	return tc_buf_detach(&b);
}

char *tc_jpath_index(const char *path, size_t i)
{
	return tc_xasprintf("%s/%zu", path, i);
}

/* ---- the position index: a tokenizer over text cJSON already accepted ---- */

struct scan {
	tc_jdoc *d;
	const char *s;
	size_t len, i;
	int line, col;
	int max_depth;
};

static void adv(struct scan *sc)
{
	unsigned char ch = (unsigned char)sc->s[sc->i++];

	if (ch == '\n') {
		sc->line++;
		sc->col = 1;
	} else if ((ch & 0xC0) != 0x80) {
		sc->col++;
	}
}

static void skip_ws(struct scan *sc)
{
	while (sc->i < sc->len && strchr(" \t\r\n", sc->s[sc->i]) && sc->s[sc->i])
		adv(sc);
}

static void add_pos(tc_jdoc *d, const char *path, int kl, int kc, int vl, int vc)
{
	if (d->npos == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->pos = tc_xrealloc(d->pos, d->cap * sizeof(*d->pos));
	}
	d->pos[d->npos++] = (tc_jpos){ tc_xstrdup(path), kl, kc, vl, vc };
}

static int hex4(const char *p, unsigned long *out)
{
	unsigned long v = 0;

	for (int k = 0; k < 4; k++) {
		char c = p[k];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned long)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* Read a string token at sc->i (on the quote); decoded into out when out != NULL. */
static int scan_string(struct scan *sc, tc_buf *out)
{
	adv(sc);
	while (sc->i < sc->len) {
		char c = sc->s[sc->i];

		if (c == '"') {
			adv(sc);
			return 0;
		}
		if (c == '\\') {
			char e;

			if (sc->i + 1 >= sc->len)
				return -1;
			e = sc->s[sc->i + 1];
			if (e == 'u') {
				unsigned long cp, lo;
				int el = sc->line, ec = sc->col;
				char enc[4];

				if (sc->i + 6 > sc->len || hex4(sc->s + sc->i + 2, &cp) < 0)
					return -1;
				/* cJSON would end the C string there: the rest of the
				 * text would be lost without a word */
				if (cp == 0)
					report_at(sc->d, TC_JLEVEL_ERROR, el, ec,
						  "a string may not contain \\u0000 (a NUL "
						  "character): the text after it would be lost");
				for (int k = 0; k < 6; k++)
					adv(sc);
				if (cp >= 0xD800 && cp < 0xDC00 && sc->i + 6 <= sc->len &&
				    sc->s[sc->i] == '\\' && sc->s[sc->i + 1] == 'u' &&
				    hex4(sc->s + sc->i + 2, &lo) == 0 && lo >= 0xDC00 && lo < 0xE000) {
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
					for (int k = 0; k < 6; k++)
						adv(sc);
				}
				if (out)
					tc_buf_add(out, enc, tc_utf8_encode((uint32_t)cp, enc));
				continue;
			}
			if (out) {
				static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
				const char *p = strchr(from, e);

				tc_buf_addc(out, p && e ? to[p - from] : e);
			}
			adv(sc);
			adv(sc);
			continue;
		}
		if (out)
			tc_buf_addc(out, c);
		adv(sc);
	}
	return -1;
}

static int scan_value(struct scan *sc, const char *path, int kl, int kc, int depth);

static int scan_object(struct scan *sc, const char *path, int depth)
{
	char **keys = NULL;
	int *klines = NULL;
	size_t nkeys = 0;
	int ret = -1;

	adv(sc); /* { */
	skip_ws(sc);
	if (sc->i < sc->len && sc->s[sc->i] == '}') {
		adv(sc);
		return 0;
	}
	for (;;) {
		tc_buf key = TC_BUF_INIT;
		int kl, kc, r;
		char *sub;

		skip_ws(sc);
		if (sc->i >= sc->len || sc->s[sc->i] != '"')
			goto out;
		kl = sc->line;
		kc = sc->col;
		tc_buf_init(&key, 1 << 16);
		if (scan_string(sc, &key) < 0) {
			tc_buf_release(&key);
			goto out;
		}
		for (size_t k = 0; k < nkeys; k++) {
			if (strcmp(keys[k], tc_buf_str(&key)) == 0) {
				report_atf(sc->d, TC_JLEVEL_ERROR, kl, kc,
					   "duplicate key '%s' (first at line %d)", keys[k],
					   klines[k]);
				break;
			}
		}
		keys = tc_xrealloc(keys, (nkeys + 1) * sizeof(*keys));
		klines = tc_xrealloc(klines, (nkeys + 1) * sizeof(*klines));
		keys[nkeys] = tc_xstrdup(tc_buf_str(&key));
		klines[nkeys++] = kl;
		skip_ws(sc);
		if (sc->i >= sc->len || sc->s[sc->i] != ':') {
			tc_buf_release(&key);
			goto out;
		}
		adv(sc);
		sub = tc_jpath_key(path, tc_buf_str(&key));
		tc_buf_release(&key);
		r = scan_value(sc, sub, kl, kc, depth);
		free(sub);
		if (r < 0)
			goto out;
		skip_ws(sc);
		if (sc->i < sc->len && sc->s[sc->i] == ',') {
			adv(sc);
			continue;
		}
		if (sc->i < sc->len && sc->s[sc->i] == '}') {
			adv(sc);
			break;
		}
		goto out;
	}
	ret = 0;
out:
	for (size_t k = 0; k < nkeys; k++)
		free(keys[k]);
	free(keys);
	free(klines);
	return ret;
}

static int scan_array(struct scan *sc, const char *path, int depth)
{
	size_t idx = 0;

	adv(sc); /* [ */
	skip_ws(sc);
	if (sc->i < sc->len && sc->s[sc->i] == ']') {
		adv(sc);
		return 0;
	}
	for (;;) {
		char *sub = tc_jpath_index(path, idx++);
		int r = scan_value(sc, sub, 0, 0, depth);

		free(sub);
		if (r < 0)
			return -1;
		skip_ws(sc);
		if (sc->i < sc->len && sc->s[sc->i] == ',') {
			adv(sc);
			continue;
		}
		if (sc->i < sc->len && sc->s[sc->i] == ']') {
			adv(sc);
			return 0;
		}
		return -1;
	}
}

static int scan_value(struct scan *sc, const char *path, int kl, int kc, int depth)
{
	char c;

	skip_ws(sc);
	if (sc->i >= sc->len)
		return -1;
	add_pos(sc->d, path, kl, kc, sc->line, sc->col);
	c = sc->s[sc->i];
	if (c == '{' || c == '[') {
		if (depth + 1 > sc->max_depth) {
			report_atf(sc->d, TC_JLEVEL_ERROR, sc->line, sc->col,
				   "nesting deeper than %d levels", sc->max_depth);
			return -1;
		}
		return c == '{' ? scan_object(sc, path, depth + 1)
				: scan_array(sc, path, depth + 1);
	}
	if (c == '"')
		return scan_string(sc, NULL);
	while (sc->i < sc->len && !strchr(",]} \t\r\n", sc->s[sc->i]))
		adv(sc);
	return 0;
}

/* Offset of the first byte that does not start a well-formed UTF-8 sequence. */
static size_t first_bad_utf8(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, n;

	while (i < len) {
		if (tc_utf8_decode(s + i, len - i, &n) == TC_UTF8_INVALID)
			return i;
		i += n;
	}
	return 0;
}

int tc_jdoc_parse(tc_jdoc *d, const char *text, size_t len, int max_depth)
{
	const char *end = NULL;
	struct scan sc;
	size_t start = 0;

	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		start = 3;
	if (!tc_utf8_is_valid(text, len)) {
		int line, col;

		tc_text_linecol(text, first_bad_utf8(text, len), &line, &col);
		report_atf(d, TC_JLEVEL_ERROR, line, col, "invalid UTF-8");
		return -1;
	}
	if (memchr(text, '\0', len)) {
		int line, col;

		tc_text_linecol(text, (size_t)((const char *)memchr(text, '\0', len) - text),
				&line, &col);
		report_atf(d, TC_JLEVEL_ERROR, line, col, "NUL byte in JSON text");
		return -1;
	}
	/* len + 1: cJSON wants to see the terminating NUL to reject trailing text */
	d->root = cJSON_ParseWithLengthOpts(text + start, len - start + 1, &end, 1);
	if (!d->root) {
		const char *p = end ? end : cJSON_GetErrorPtr();
		size_t off = p && p >= text && p <= text + len ? (size_t)(p - text) : 0;
		tc_buf near = TC_BUF_INIT;
		int line, col;

		tc_text_linecol(text, off, &line, &col);
		tc_buf_init(&near, 64);
		for (size_t k = off; k < len && k < off + 12 && text[k] != '\n'; k++)
			tc_buf_addc(&near, text[k]);
		if (off >= len)
			report_atf(d, TC_JLEVEL_ERROR, line, col,
				   "JSON syntax error: unexpected end of file");
		else
			report_atf(d, TC_JLEVEL_ERROR, line, col, "JSON syntax error near '%s'",
				   tc_buf_str(&near));
		tc_buf_release(&near);
		return -1;
	}
	sc = (struct scan){ d, text, len, start, 1, 1, max_depth };
	if (scan_value(&sc, "", 0, 0, 0) < 0) {
		cJSON_Delete(d->root);
		d->root = NULL;
		return -1;
	}
	return 0;
}

const tc_jpos *tc_jdoc_find(const tc_jdoc *d, const char *path)
{
	for (size_t i = 0; i < d->npos; i++)
		if (strcmp(d->pos[i].path, path) == 0)
			return &d->pos[i];
	return NULL;
}

void tc_jdoc_diag(tc_jdoc *d, int level, const char *path, int at_key, const char *fmt, ...)
{
	char *p = tc_xstrdup(path ? path : "");
	const tc_jpos *pos;
	tc_buf b = TC_BUF_INIT;
	va_list ap;
	int line = 1, col = 1;

	while (!(pos = tc_jdoc_find(d, p)) && *p) {
		char *slash = strrchr(p, '/');

		if (!slash)
			break;
		*slash = '\0';
		at_key = 0;
	}
	if (pos) {
		if (at_key && pos->kline) {
			line = pos->kline;
			col = pos->kcol;
		} else {
			line = pos->vline;
			col = pos->vcol;
		}
	}
	tc_buf_init(&b, 4096);
	va_start(ap, fmt);
	tc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	report_at(d, level, line, col, tc_buf_str(&b));
	tc_buf_release(&b);
	free(p);
}

/* ---- the walker ---- */

const char *tc_jtype_name(const cJSON *v)
{
	if (cJSON_IsString(v))
		return "a string";
	if (cJSON_IsNumber(v))
		return "a number";
	if (cJSON_IsBool(v))
		return "a boolean";
	if (cJSON_IsNull(v))
		return "null";
	if (cJSON_IsArray(v))
		return "an array";
	if (cJSON_IsObject(v))
		return "an object";
	return "invalid";
}

static const char *want_name(enum tc_jtype t)
{
	switch (t) {
	case TC_JT_STRING: return "a string";
	case TC_JT_BOOL: return "true or false";
	case TC_JT_INT: return "an integer";
	case TC_JT_OBJECT: return "an object";
	case TC_JT_ARRAY: return "an array";
	case TC_JT_STRARRAY: return "an array of strings";
	}
	return "?";
}

static int type_ok(enum tc_jtype t, const cJSON *v)
{
	switch (t) {
	case TC_JT_STRING: return cJSON_IsString(v);
	case TC_JT_BOOL: return cJSON_IsBool(v);
	case TC_JT_INT:
		return cJSON_IsNumber(v) && v->valuedouble == (double)v->valueint;
	case TC_JT_OBJECT: return cJSON_IsObject(v);
	case TC_JT_ARRAY:
	case TC_JT_STRARRAY: return cJSON_IsArray(v);
	}
	return 0;
}

static int dup_of_earlier(const cJSON *obj, const cJSON *it)
{
	for (const cJSON *p = obj->child; p && p != it; p = p->next)
		if (p->string && it->string && strcmp(p->string, it->string) == 0)
			return 1;
	return 0;
}

static int store_strarray(tc_jdoc *d, const tc_jfield *f, const cJSON *v, const char *path,
			  void *target, void *ud)
{
	char ***arr = (char ***)(void *)((char *)target + f->off);
	size_t *n = (size_t *)(void *)((char *)target + f->off_n);
	size_t idx = 0;
	int ret = 0;

	for (const cJSON *e = v->child; e; e = e->next, idx++) {
		char *sub = tc_jpath_index(path, idx);

		if (!cJSON_IsString(e)) {
			tc_jdoc_diag(d, TC_JLEVEL_ERROR, sub, 0,
				     "'%s' must be an array of strings; element %zu is %s",
				     f->name, idx, tc_jtype_name(e));
			ret = -1;
		} else if (!f->handler || f->handler(d, e, sub, arr, ud) == 0) {
			*arr = tc_xrealloc(*arr, (*n + 1) * sizeof(**arr));
			(*arr)[(*n)++] = tc_xstrdup(e->valuestring);
		} else {
			ret = -1;
		}
		free(sub);
	}
	return ret;
}

int tc_jdoc_walk(tc_jdoc *d, const cJSON *obj, const char *path, const tc_jfield *fields,
		 size_t nfields, void *target, void *ud)
{
	unsigned char seen[64] = { 0 };
	const char *names[64];
	size_t before = d->nerrors;

	if (nfields > TC_ARRAY_LEN(seen))
		nfields = TC_ARRAY_LEN(seen);
	for (size_t i = 0; i < nfields; i++)
		names[i] = fields[i].name;
	for (const cJSON *it = obj->child; it; it = it->next) {
		const tc_jfield *f = NULL;
		char *sub;
		size_t fi;

		if (!it->string || dup_of_earlier(obj, it))
			continue;
		sub = tc_jpath_key(path, it->string);
		for (fi = 0; fi < nfields; fi++) {
			if (strcmp(fields[fi].name, it->string) == 0) {
				f = &fields[fi];
				break;
			}
		}
		if (!f) {
			const char *near = tc_nearest_name(it->string, names, nfields);

			if (near)
				tc_jdoc_diag(d, TC_JLEVEL_ERROR, sub, 1,
					     "unknown field '%s'; did you mean '%s'?", it->string,
					     near);
			else
				tc_jdoc_diag(d, TC_JLEVEL_ERROR, sub, 1, "unknown field '%s'",
					     it->string);
			free(sub);
			continue;
		}
		seen[fi] = 1;
		if (!type_ok(f->type, it)) {
			tc_jdoc_diag(d, TC_JLEVEL_ERROR, sub, 0, "'%s' must be %s, not %s",
				     f->name, want_name(f->type), tc_jtype_name(it));
			free(sub);
			continue;
		}
		if (f->type == TC_JT_STRING && f->required && !*it->valuestring) {
			tc_jdoc_diag(d, TC_JLEVEL_ERROR, sub, 0, "'%s' must not be empty", f->name);
			free(sub);
			continue;
		}
		switch (f->type) {
		case TC_JT_OBJECT:
		case TC_JT_ARRAY:
			if (f->handler)
				f->handler(d, it, sub, (char *)target + f->off, ud);
			break;
		case TC_JT_STRARRAY:
			store_strarray(d, f, it, sub, target, ud);
			break;
		default: {
			char *base = (char *)target + f->off;
			int r = f->handler ? f->handler(d, it, sub, base, ud) : 0;

			if (r == 0 && f->type == TC_JT_STRING) {
				char **sp = (char **)(void *)base;

				free(*sp);
				*sp = tc_xstrdup(it->valuestring);
			} else if (r == 0) {
				*(int *)(void *)base = f->type == TC_JT_BOOL ? cJSON_IsTrue(it)
									     : it->valueint;
			}
			break;
		}
		}
		free(sub);
	}
	for (size_t i = 0; i < nfields; i++)
		if (fields[i].required && !seen[i])
			tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0, "missing required field '%s'",
				     fields[i].name);
	return d->nerrors > before ? -1 : 0;
}
