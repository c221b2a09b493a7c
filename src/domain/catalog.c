/*
 * catalog: organisation.json + services/ *.json → tc_catalog, through declarative
 * field tables (jsondoc), then cross-field checks (mechanisms with the fix that fits
 * each destination, DPF evidence, the facts that the scope rules of the reference
 * data need, personnummer, documents). A service's known sub-processors are read and
 * checked by the service's own handlers and checks. Every problem becomes a tc_diag
 * with file:line:col.
 */
#include <dirent.h>
#include <errno.h>
#include <regex.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "tiacheck/catalog.h"
#include "tiacheck/jsondoc.h"
#include "tiacheck/util.h"

#define DAY 86400L

/* ---- diagnostics ---- */

const char *tc_diag_level_name(enum tc_diag_level l)
{
	return l == TC_DIAG_ERROR ? "error" : "warning";
}

void tc_diags_add(tc_diags *d, enum tc_diag_level level, const char *file, int line, int col,
		  const char *fmt, ...)
{
	tc_buf b = TC_BUF_INIT;
	va_list ap;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->v = tc_xrealloc(d->v, d->cap * sizeof(*d->v));
	}
	tc_buf_init(&b, 8192);
	va_start(ap, fmt);
	tc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	d->v[d->n++] = (tc_diag){ level, tc_xstrdup(file), line, col, tc_buf_detach(&b) };
	if (level == TC_DIAG_ERROR)
		d->nerrors++;
	else
		d->nwarnings++;
}

void tc_diags_release(tc_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].message);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

static int diag_cmp(const tc_diag *a, const tc_diag *b)
{
	int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");

	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return 0;
}

void tc_diags_sort(tc_diags *d)
{
	/* insertion sort: stable, and the lists are short */
	for (size_t i = 1; i < d->n; i++) {
		tc_diag x = d->v[i];
		size_t j = i;

		while (j > 0 && diag_cmp(&d->v[j - 1], &x) > 0) {
			d->v[j] = d->v[j - 1];
			j--;
		}
		d->v[j] = x;
	}
}

char *tc_diags_to_json(const tc_diags *d, int warnings_only)
{
	cJSON *arr = cJSON_CreateArray();
	char *s, *out;

	for (size_t i = 0; i < d->n; i++) {
		const tc_diag *g = &d->v[i];
		cJSON *o;

		if (warnings_only && g->level != TC_DIAG_WARNING)
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "file", g->file ? g->file : "");
		cJSON_AddNumberToObject(o, "line", g->line);
		cJSON_AddNumberToObject(o, "col", g->col);
		if (!warnings_only)
			cJSON_AddStringToObject(o, "level", tc_diag_level_name(g->level));
		cJSON_AddStringToObject(o, "message", g->message);
		cJSON_AddItemToArray(arr, o);
	}
	s = cJSON_PrintUnformatted(arr);
	out = tc_xstrdup(s ? s : "[]");
	cJSON_free(s);
	cJSON_Delete(arr);
	return out;
}

const char *tc_i18n_get(const tc_i18n *t, enum tc_lang lang)
{
	if (lang == TC_LANG_EN)
		return t->en ? t->en : t->sv;
	return t->sv ? t->sv : t->en;
}

/* ---- enums as tables ---- */

struct name_val {
	const char *name;
	int val;
};

static const struct name_val role_names[] = {
	{ "processor", TC_ROLE_PROCESSOR },
	{ "subprocessor", TC_ROLE_SUBPROCESSOR },
	{ "controller", TC_ROLE_CONTROLLER },
};
static const struct name_val kind_names[] = {
	{ "storage", TC_LOC_STORAGE },
	{ "processing", TC_LOC_PROCESSING },
	{ "remote_access", TC_LOC_REMOTE_ACCESS },
	{ "support", TC_LOC_SUPPORT },
};
static const struct name_val mech_names[] = {
	{ "none", TC_MECH_NONE },
	{ "adequacy", TC_MECH_ADEQUACY },
	{ "dpf", TC_MECH_DPF },
	{ "scc", TC_MECH_SCC },
	{ "bcr", TC_MECH_BCR },
	{ "art49", TC_MECH_ART49 },
};
static const struct name_val doc_kind_names[] = {
	{ "dpa", TC_DOC_DPA },
	{ "privacy", TC_DOC_PRIVACY },
	{ "subprocessors", TC_DOC_SUBPROCESSORS },
	{ "other", TC_DOC_OTHER },
	{ "dpf", TC_DOC_DPF },
};
static const struct name_val format_names[] = {
	{ "auto", TC_FMT_AUTO },
	{ "html", TC_FMT_HTML },
	{ "pdf", TC_FMT_PDF },
	{ "text", TC_FMT_TEXT },
};
static const struct name_val render_names[] = {
	{ "auto", TC_FETCH_MODE_AUTO },
	{ "static", TC_FETCH_MODE_STATIC },
	{ "browser", TC_FETCH_MODE_BROWSER },
};

static const char *nv_name(const struct name_val *t, size_t n, int v, const char *dflt)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].val == v)
			return t[i].name;
	return dflt;
}

const char *tc_role_name(enum tc_role r)
{
	return nv_name(role_names, TC_ARRAY_LEN(role_names), (int)r, "processor");
}

const char *tc_doc_kind_name(enum tc_doc_kind k)
{
	return nv_name(doc_kind_names, TC_ARRAY_LEN(doc_kind_names), (int)k, "other");
}

const char *tc_mech_type_name(enum tc_mech_type t)
{
	return nv_name(mech_names, TC_ARRAY_LEN(mech_names), (int)t, "none");
}

const char *tc_loc_kind_name(enum tc_loc_kind k)
{
	return nv_name(kind_names, TC_ARRAY_LEN(kind_names), (int)k, "storage");
}

/* ---- loading context ---- */

struct lctx {
	const tc_refdata *ref;
	tc_catalog *cat;
	tc_diags *diags;
	const char *stem;       /* file name without .json: the expected id */
	time_t now;
};

static void to_diags(void *ud, int level, const char *file, int line, int col, const char *msg)
{
	struct lctx *L = ud;

	tc_diags_add(L->diags, level == TC_JLEVEL_ERROR ? TC_DIAG_ERROR : TC_DIAG_WARNING, file,
		     line, col, "%s", msg);
}

/* Look a name up in a table; on failure report with the nearest name. */
static int nv_parse(tc_jdoc *d, const char *path, const char *what, const struct name_val *t,
		    size_t n, const char *s, int *out)
{
	const char *names[16] = { 0 };
	const char *near;

	for (size_t i = 0; i < n; i++) {
		if (strcmp(t[i].name, s) == 0) {
			*out = t[i].val;
			return 0;
		}
		names[i] = t[i].name;
	}
	near = tc_nearest_name(s, names, n);
	if (near) {
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0, "unknown %s '%s'; did you mean '%s'?", what,
			     s, near);
	} else {
		tc_buf all = TC_BUF_INIT;

		tc_buf_init(&all, 1024);
		for (size_t i = 0; i < n; i++)
			tc_buf_printf(&all, "%s%s", i ? ", " : "", names[i]);
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0, "unknown %s '%s'; expected one of: %s",
			     what, s, tc_buf_str(&all));
		tc_buf_release(&all);
	}
	return -1;
}

#define ENUM_HANDLER(fn, table, what)                                                   \
	static int fn(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud) \
	{                                                                               \
		int val;                                                                \
		(void)ud;                                                               \
		if (nv_parse(d, path, what, table, TC_ARRAY_LEN(table), v->valuestring,   \
			     &val) < 0)                                                 \
			return -1;                                                      \
		*(int *)slot = val;                                                     \
		return 1;                                                               \
	}
ENUM_HANDLER(h_role, role_names, "role")
ENUM_HANDLER(h_mech_type, mech_names, "mechanism type")
ENUM_HANDLER(h_doc_kind, doc_kind_names, "document kind")
ENUM_HANDLER(h_format, format_names, "format")
ENUM_HANDLER(h_render, render_names, "render")

static int h_kind(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	int val;

	(void)slot;
	(void)ud;
	return nv_parse(d, path, "location kind", kind_names, TC_ARRAY_LEN(kind_names),
			v->valuestring, &val);
}

/* A boolean fact: stated true or false (unstated stays TC_FACT_UNSTATED). */
static int h_fact(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	(void)d;
	(void)path;
	(void)ud;
	*(enum tc_fact *)slot = cJSON_IsTrue(v) ? TC_FACT_TRUE : TC_FACT_FALSE;
	return 1;
}

static int h_ignore(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	(void)d;
	(void)v;
	(void)path;
	(void)slot;
	(void)ud;
	return 1;
}

/* A date: malformed (not YYYY-MM-DD) and impossible ("2026-02-30") are told apart. */
static int h_date(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	int k = tc_date_check(v->valuestring);

	(void)slot;
	(void)ud;
	if (k == TC_DATE_MALFORMED)
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0,
			     "malformed date '%s'; expected YYYY-MM-DD", v->valuestring);
	else if (k == TC_DATE_IMPOSSIBLE)
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0,
			     "'%s' is not a date of the calendar (that day does not exist)",
			     v->valuestring);
	return k < 0 ? -1 : 0;
}

/* A number of days in a DPA's terms: 0 to 366. */
static int h_days(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	(void)slot;
	(void)ud;
	if (v->valueint < 0 || v->valueint > 366) {
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0, "%d days: expected 0 to 366", v->valueint);
		return -1;
	}
	return 0;
}

/* A free region code within a country ("west_bank"): lower-case letters, digits, '_'. */
static int h_region(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	const char *s = v->valuestring;

	(void)slot;
	(void)ud;
	if (!*s || strlen(s) > 64 || strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(s)) {
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0,
			     "region '%s' must be a code of lower-case letters, digits and '_' "
			     "(such as 'west_bank')", s);
		return -1;
	}
	return 0;
}

/* http(s)://host[...] with no spaces or control characters. */
static int url_ok(const char *s)
{
	const char *host;

	if (tc_startswith(s, "https://"))
		host = s + 8;
	else if (tc_startswith(s, "http://"))
		host = s + 7;
	else
		return 0;
	if (!*host || *host == '/' || *host == ':' || *host == '?')
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == 0x7F)
			return 0;
	return 1;
}

static int h_url(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	(void)slot;
	(void)ud;
	if (!url_ok(v->valuestring)) {
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0,
			     "'%s' is not an http(s) URL", v->valuestring);
		return -1;
	}
	return 0;
}

static int h_email(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	const char *s = v->valuestring, *at = strchr(s, '@');

	(void)slot;
	(void)ud;
	if (!at || at == s || !strchr(at, '.') || strpbrk(s, " \t<>,;") || strchr(at + 1, '@')) {
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0, "'%s' is not an e-mail address", s);
		return -1;
	}
	return 0;
}

static int h_lang(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	(void)slot;
	(void)ud;
	if (strcmp(v->valuestring, "sv") != 0 && strcmp(v->valuestring, "en") != 0) {
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0, "language must be 'sv' or 'en', not '%s'",
			     v->valuestring);
		return -1;
	}
	return 0;
}

static int h_id(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	const char *s = v->valuestring;

	(void)slot;
	(void)ud;
	if (strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(s) || *s == '-' ||
	    strlen(s) > 64) {
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0,
			     "id '%s' must be lower-case letters, digits and '-' (at most 64)", s);
		return -1;
	}
	return 0;
}

static int h_service_id(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	struct lctx *L = ud;

	if (h_id(d, v, path, slot, ud) < 0)
		return -1;
	if (L->stem && strcmp(L->stem, v->valuestring) != 0) {
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0,
			     "id '%s' does not match the file name '%s.json'", v->valuestring,
			     L->stem);
		return -1;
	}
	return 0;
}

/* "; did you mean 'SE' (Sweden) or 'CH' (Switzerland)?" for the countries whose name
 * starts with the first letters of an unknown code (its first two for a two-letter
 * code: "SW"; three for a longer one: "SWE", "Fra"), at most three; else nothing. */
static void country_hint(const tc_refdata *ref, const char *s, tc_buf *out)
{
	size_t n = 0, len = strlen(s) > 2 ? 3 : 2;

	if (strlen(s) < 2)
		return;

	for (size_t i = 0; i < ref->ncountries && n < 3; i++) {
		const tc_country *k = &ref->countries[i];

		if (k->region || (strncasecmp(k->name_en, s, len) != 0 &&
				  strncasecmp(k->name_sv, s, len) != 0))
			continue;
		tc_buf_printf(out, "%s'%s' (%s)", n ? " or " : "; did you mean ", k->code, k->name_en);
		n++;
	}
	if (n)
		tc_buf_addc(out, '?');
}

/* A country code: canonical, an alias (warning, stored canonical), an unlisted ISO
 * code (warning: third country) or wrong (error, with a suggestion). */
static int h_country(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	struct lctx *L = ud;
	const char *s = v->valuestring;
	const tc_country *c = tc_refdata_country(L->ref, s);
	size_t n = strlen(s);

	if (c && strcmp(c->code, s) == 0)
		return 0;
	if (c) {
		tc_jdoc_diag(d, TC_JLEVEL_WARNING, path, 0, "'%s' stands for '%s' (%s); use '%s'",
			     s, c->code, c->name_en, c->code);
		*(char **)slot = tc_xstrdup(c->code);
		return 1;
	}
	if (n == 2 && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == 2) {
		tc_buf hint = TC_BUF_INIT;

		tc_buf_init(&hint, 1024);
		country_hint(L->ref, s, &hint);
		tc_jdoc_diag(d, TC_JLEVEL_WARNING, path, 0,
			     "unknown country code '%s'%s; it is not in reference/countries.json, "
			     "so it counts as a third country: add it there with its names", s,
			     tc_buf_str(&hint));
		tc_buf_release(&hint);
		return 0;
	}
	for (size_t i = 0; i < L->ref->ncountries; i++) {
		const tc_country *k = &L->ref->countries[i];

		if (strcasecmp(k->code, s) == 0 || strcasecmp(k->name_en, s) == 0 ||
		    strcasecmp(k->name_sv, s) == 0) {
			tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0,
				     "unknown country code '%s'; did you mean '%s'?", s, k->code);
			return -1;
		}
	}
	{
		tc_buf hint = TC_BUF_INIT;

		tc_buf_init(&hint, 1024);
		country_hint(L->ref, s, &hint);
		if (hint.len)
			tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0, "unknown country code '%s'%s", s,
				     tc_buf_str(&hint));
		else
			tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0, "unknown country code '%s'; use "
				     "an ISO 3166-1 alpha-2 code such as 'SE'", s);
		tc_buf_release(&hint);
	}
	return -1;
}

/* A code of subjects.json or sectors.json; unknown: error with the nearest code, or the
 * code whose Swedish or English name was written. */
static int coded(tc_jdoc *d, const char *path, const char *what, const char *file,
		 const tc_code_entry *v, size_t n, const char *s)
{
	const char *names[128];
	const char *near = NULL;
	size_t nn = 0;

	for (size_t i = 0; i < n; i++) {
		if (strcmp(v[i].code, s) == 0)
			return 0;
		if (strcasecmp(v[i].sv, s) == 0 || strcasecmp(v[i].en, s) == 0 ||
		    strcasecmp(v[i].code, s) == 0)
			near = v[i].code;
		if (nn < TC_ARRAY_LEN(names))
			names[nn++] = v[i].code;
	}
	if (!near)
		near = tc_nearest_name(s, names, nn);
	if (near)
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0, "unknown %s '%s'; did you mean '%s'?",
			     what, s, near);
	else
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0, "unknown %s '%s' (see %s)", what, s, file);
	return -1;
}

static int h_subject(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	struct lctx *L = ud;

	(void)slot;
	return coded(d, path, "data-subject group", "reference/subjects.json",
		     L->ref->scope.subjects, L->ref->scope.nsubjects, v->valuestring);
}

static int h_sector(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	struct lctx *L = ud;

	(void)slot;
	return coded(d, path, "sector", "reference/sectors.json", L->ref->scope.sectors,
		     L->ref->scope.nsectors, v->valuestring);
}

static int h_category(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	struct lctx *L = ud;
	const char *s = v->valuestring;
	const char *names[256];
	const char *near;
	size_t n = 0;

	(void)slot;
	if (tc_refdata_category(L->ref, s))
		return 0;
	for (size_t i = 0; i < L->ref->ncategories; i++) {
		const tc_category *c = &L->ref->categories[i];

		if (strcasecmp(c->name_sv, s) == 0 || strcasecmp(c->name_en, s) == 0 ||
		    strcasecmp(c->code, s) == 0) {
			tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0,
				     "unknown data category '%s'; did you mean '%s'?", s, c->code);
			return -1;
		}
		if (n < TC_ARRAY_LEN(names))
			names[n++] = c->code;
	}
	near = tc_nearest_name(s, names, n);
	if (near)
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0,
			     "unknown data category '%s'; did you mean '%s'?", s, near);
	else
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0,
			     "unknown data category '%s' (see reference/categories.json)", s);
	return -1;
}

/* {"sv": ..., "en": ...}: at least one. */
static const tc_jfield i18n_fields[] = {
	{ "sv", TC_JT_STRING, 0, offsetof(tc_i18n, sv), 0, NULL },
	{ "en", TC_JT_STRING, 0, offsetof(tc_i18n, en), 0, NULL },
};

static int h_i18n(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	tc_i18n *t = slot;

	if (tc_jdoc_walk(d, v, path, i18n_fields, TC_ARRAY_LEN(i18n_fields), t, ud) < 0)
		return -1;
	if ((!t->sv || !*t->sv) && (!t->en || !*t->en)) {
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0, "needs a text in 'sv' or 'en'");
		return -1;
	}
	return 0;
}

/* ---- service sub-objects ---- */

static const tc_jfield parent_fields[] = {
	{ "name", TC_JT_STRING, 1, offsetof(tc_service, parent_name), 0, NULL },
	{ "country", TC_JT_STRING, 1, offsetof(tc_service, parent_country), 0, h_country },
};

static int h_parent(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	return tc_jdoc_walk(d, v, path, parent_fields, TC_ARRAY_LEN(parent_fields), slot, ud);
}

static const tc_jfield measures_fields[] = {
	{ "eu_keys", TC_JT_BOOL, 0, offsetof(tc_service, measures_eu_keys), 0, NULL },
	{ "pseudonymised", TC_JT_BOOL, 0, offsetof(tc_service, measures_pseudonymised), 0, NULL },
	{ "notes", TC_JT_STRARRAY, 0, offsetof(tc_service, measures),
	  offsetof(tc_service, nmeasures), NULL },
};

static int h_measures(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	return tc_jdoc_walk(d, v, path, measures_fields, TC_ARRAY_LEN(measures_fields), slot, ud);
}

static const tc_jfield dpa_fields[] = {
	{ "version", TC_JT_STRING, 0, offsetof(tc_service, dpa_version), 0, NULL },
	{ "date", TC_JT_STRING, 0, offsetof(tc_service, dpa_date), 0, h_date },
	{ "notice_days", TC_JT_INT, 0, offsetof(tc_service, dpa_notice_days), 0, h_days },
	{ "objection_days", TC_JT_INT, 0, offsetof(tc_service, dpa_objection_days), 0, h_days },
};

static int h_dpa(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	return tc_jdoc_walk(d, v, path, dpa_fields, TC_ARRAY_LEN(dpa_fields), slot, ud);
}

static const tc_jfield decision_fields[] = {
	{ "outcome", TC_JT_STRING, 1, offsetof(tc_decision, outcome), 0, NULL },
	{ "by", TC_JT_STRING, 1, offsetof(tc_decision, by), 0, NULL },
	{ "date", TC_JT_STRING, 1, offsetof(tc_decision, date), 0, h_date },
	{ "next_review", TC_JT_STRING, 0, offsetof(tc_decision, next_review), 0, h_date },
	{ "note", TC_JT_STRING, 0, offsetof(tc_decision, note), 0, NULL },
};

static int h_decision(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	return tc_jdoc_walk(d, v, path, decision_fields, TC_ARRAY_LEN(decision_fields), slot, ud);
}

/* A location while parsing: kinds as names first. */
struct loc_in {
	tc_location loc;
	char **kinds;
	size_t nkinds;
};

static const tc_jfield location_fields[] = {
	{ "country", TC_JT_STRING, 1, offsetof(struct loc_in, loc.country), 0, h_country },
	{ "kinds", TC_JT_STRARRAY, 1, offsetof(struct loc_in, kinds),
	  offsetof(struct loc_in, nkinds), h_kind },
	{ "place", TC_JT_STRING, 0, offsetof(struct loc_in, loc.place), 0, NULL },
	{ "entity", TC_JT_STRING, 0, offsetof(struct loc_in, loc.entity), 0, NULL },
	{ "role", TC_JT_STRING, 0, offsetof(struct loc_in, loc.role), 0, h_role },
	{ "note", TC_JT_STRING, 0, offsetof(struct loc_in, loc.note), 0, NULL },
	{ "sector", TC_JT_STRING, 0, offsetof(struct loc_in, loc.sector), 0, h_sector },
	{ "region", TC_JT_STRING, 0, offsetof(struct loc_in, loc.region), 0, h_region },
};

static void location_release(tc_location *l)
{
	free(l->country);
	free(l->place);
	free(l->entity);
	free(l->note);
	free(l->sector);
	free(l->region);
}

static int pos_line(tc_jdoc *d, const char *path)
{
	const tc_jpos *p = tc_jdoc_find(d, path);

	return p ? p->vline : 0;
}

/* Walk an array of objects, calling one(d, element, path, index, slot, ud). */
static int each_object(tc_jdoc *d, const cJSON *v, const char *path, const char *what,
		       int (*one)(tc_jdoc *, const cJSON *, const char *, void *, void *),
		       void *slot, void *ud)
{
	size_t idx = 0;
	int ret = 0;

	for (const cJSON *e = v->child; e; e = e->next, idx++) {
		char *sub = tc_jpath_index(path, idx);

		if (!cJSON_IsObject(e)) {
			tc_jdoc_diag(d, TC_JLEVEL_ERROR, sub, 0, "%s must be an object, not %s", what,
				     tc_jtype_name(e));
			ret = -1;
		} else if (one(d, e, sub, slot, ud) < 0) {
			ret = -1;
		}
		free(sub);
	}
	return ret;
}

static int one_location(tc_jdoc *d, const cJSON *e, const char *path, void *slot, void *ud)
{
	tc_service *s = slot;
	struct loc_in in = { 0 };

	tc_jdoc_walk(d, e, path, location_fields, TC_ARRAY_LEN(location_fields), &in, ud);
	for (size_t k = 0; k < in.nkinds; k++) {
		for (size_t j = 0; j < TC_ARRAY_LEN(kind_names); j++)
			if (strcmp(kind_names[j].name, in.kinds[k]) == 0)
				in.loc.kinds |= (unsigned)kind_names[j].val;
		free(in.kinds[k]);
	}
	free(in.kinds);
	if (cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(e, "kinds")) && !in.loc.kinds &&
	    in.nkinds == 0) {
		char *p = tc_jpath_key(path, "kinds");

		tc_jdoc_diag(d, TC_JLEVEL_ERROR, p, 0,
			     "'kinds' needs at least one of storage, processing, remote_access, "
			     "support");
		free(p);
	}
	if (!in.loc.country) {
		location_release(&in.loc);
		return -1;
	}
	in.loc.line = pos_line(d, path);
	s->locations = tc_xrealloc(s->locations, (s->nlocations + 1) * sizeof(*s->locations));
	s->locations[s->nlocations++] = in.loc;
	return 0;
}

static int h_locations(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	if (!v->child) {
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0,
			     "'locations' needs at least one location (where the data is)");
		return -1;
	}
	return each_object(d, v, path, "a location", one_location, slot, ud);
}

static const tc_jfield mechanism_fields[] = {
	{ "country", TC_JT_STRING, 1, offsetof(tc_mechanism, country), 0, h_country },
	{ "type", TC_JT_STRING, 1, offsetof(tc_mechanism, type), 0, h_mech_type },
	{ "dpf_url", TC_JT_STRING, 0, offsetof(tc_mechanism, dpf_url), 0, h_url },
	{ "dpf_status", TC_JT_STRING, 0, offsetof(tc_mechanism, dpf_status), 0, NULL },
	{ "dpf_checked", TC_JT_STRING, 0, offsetof(tc_mechanism, dpf_checked), 0, h_date },
	{ "scc_module", TC_JT_STRING, 0, offsetof(tc_mechanism, scc_module), 0, NULL },
	{ "art49_ground", TC_JT_STRING, 0, offsetof(tc_mechanism, art49_ground), 0, NULL },
	{ "reference", TC_JT_STRING, 0, offsetof(tc_mechanism, reference), 0, NULL },
	{ "note", TC_JT_STRING, 0, offsetof(tc_mechanism, note), 0, NULL },
	{ "hr", TC_JT_BOOL, 0, offsetof(tc_mechanism, hr), 0, h_fact },
};

static void mechanism_release(tc_mechanism *m)
{
	free(m->country);
	free(m->dpf_url);
	free(m->dpf_status);
	free(m->dpf_checked);
	free(m->scc_module);
	free(m->art49_ground);
	free(m->reference);
	free(m->note);
}

static int one_mechanism(tc_jdoc *d, const cJSON *e, const char *path, void *slot, void *ud)
{
	tc_service *s = slot;
	tc_mechanism m = { 0 };

	tc_jdoc_walk(d, e, path, mechanism_fields, TC_ARRAY_LEN(mechanism_fields), &m, ud);
	if (!m.country) {
		mechanism_release(&m);
		return -1;
	}
	m.line = pos_line(d, path);
	s->mechanisms = tc_xrealloc(s->mechanisms, (s->nmechanisms + 1) * sizeof(*s->mechanisms));
	s->mechanisms[s->nmechanisms++] = m;
	return 0;
}

static int h_mechanisms(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	return each_object(d, v, path, "a mechanism", one_mechanism, slot, ud);
}

/* A noise rule: a POSIX extended regular expression (what regcomp says when not). */
static int h_ignore_regex(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	regex_t re;
	char why[256];
	int rc;

	(void)slot;
	(void)ud;
	if (!*v->valuestring) {
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0,
			     "an empty ignore rule would match every line");
		return -1;
	}
	rc = regcomp(&re, v->valuestring, REG_EXTENDED | REG_NOSUB);
	if (rc != 0) {
		regerror(rc, &re, why, sizeof(why));
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0,
			     "ignore rule '%s' is not a POSIX extended regular expression: %s",
			     v->valuestring, why);
		return -1;
	}
	regfree(&re);
	return 0;
}

static int h_min_chars(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	(void)slot;
	(void)ud;
	if (v->valueint < 1 || v->valueint > TC_EXTRACT_MAX_MIN_CHARS) {
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0, "min_chars %d: expected 1 to %d",
			     v->valueint, TC_EXTRACT_MAX_MIN_CHARS);
		return -1;
	}
	return 0;
}

static const tc_jfield document_fields[] = {
	{ "id", TC_JT_STRING, 1, offsetof(tc_document, id), 0, h_id },
	{ "kind", TC_JT_STRING, 1, offsetof(tc_document, kind), 0, h_doc_kind },
	{ "url", TC_JT_STRING, 1, offsetof(tc_document, url), 0, h_url },
	{ "format", TC_JT_STRING, 0, offsetof(tc_document, format), 0, h_format },
	{ "render", TC_JT_STRING, 0, offsetof(tc_document, render), 0, h_render },
	{ "select", TC_JT_STRARRAY, 0, offsetof(tc_document, select),
	  offsetof(tc_document, nselect), NULL },
	{ "remove", TC_JT_STRARRAY, 0, offsetof(tc_document, remove),
	  offsetof(tc_document, nremove), NULL },
	{ "ignore", TC_JT_STRARRAY, 0, offsetof(tc_document, ignore),
	  offsetof(tc_document, nignore), h_ignore_regex },
	{ "min_chars", TC_JT_INT, 0, offsetof(tc_document, min_chars), 0, h_min_chars },
	{ "version", TC_JT_STRING, 0, offsetof(tc_document, version), 0, NULL },
};

static void document_release(tc_document *doc)
{
	free(doc->id);
	free(doc->url);
	for (size_t i = 0; i < doc->nselect; i++)
		free(doc->select[i]);
	free(doc->select);
	for (size_t i = 0; i < doc->nremove; i++)
		free(doc->remove[i]);
	free(doc->remove);
	for (size_t i = 0; i < doc->nignore; i++)
		free(doc->ignore[i]);
	free(doc->ignore);
	free(doc->version);
}

static int one_document(tc_jdoc *d, const cJSON *e, const char *path, void *slot, void *ud)
{
	tc_service *s = slot;
	tc_document doc = { 0 };

	tc_jdoc_walk(d, e, path, document_fields, TC_ARRAY_LEN(document_fields), &doc, ud);
	if (!doc.id || !doc.url || !doc.kind) {
		document_release(&doc);
		return -1;
	}
	doc.line = pos_line(d, path);
	s->documents = tc_xrealloc(s->documents, (s->ndocuments + 1) * sizeof(*s->documents));
	s->documents[s->ndocuments++] = doc;
	return 0;
}

static int h_documents(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	return each_object(d, v, path, "a document", one_document, slot, ud);
}

/* A sub-processor while parsing: its facts are read into a service so that the
 * service's handlers for locations, mechanisms, purpose and sector fill them. */
struct sub_in {
	tc_service f;
	char **aliases;
	size_t naliases;
	char *note;
};

static const tc_jfield sub_fields[] = {
	{ "name", TC_JT_STRING, 1, offsetof(struct sub_in, f.name), 0, NULL },
	{ "aliases", TC_JT_STRARRAY, 0, offsetof(struct sub_in, aliases),
	  offsetof(struct sub_in, naliases), NULL },
	{ "purpose", TC_JT_OBJECT, 0, offsetof(struct sub_in, f.purpose), 0, h_i18n },
	{ "sector", TC_JT_STRING, 0, offsetof(struct sub_in, f.sector), 0, h_sector },
	{ "locations", TC_JT_ARRAY, 1, offsetof(struct sub_in, f), 0, h_locations },
	{ "mechanisms", TC_JT_ARRAY, 0, offsetof(struct sub_in, f), 0, h_mechanisms },
	{ "note", TC_JT_STRING, 0, offsetof(struct sub_in, note), 0, NULL },
	{ "comment", TC_JT_STRING, 0, offsetof(struct sub_in, note), 0, h_ignore },
};

static void subprocessor_release(tc_subprocessor *p)
{
	free(p->name);
	for (size_t i = 0; i < p->naliases; i++)
		free(p->aliases[i]);
	free(p->aliases);
	free(p->purpose.sv);
	free(p->purpose.en);
	free(p->sector);
	for (size_t i = 0; i < p->nlocations; i++)
		location_release(&p->locations[i]);
	free(p->locations);
	for (size_t i = 0; i < p->nmechanisms; i++)
		mechanism_release(&p->mechanisms[i]);
	free(p->mechanisms);
	free(p->note);
}

static int one_subprocessor(tc_jdoc *d, const cJSON *e, const char *path, void *slot, void *ud)
{
	tc_service *s = slot;
	struct sub_in in = { 0 };
	tc_subprocessor p;

	tc_jdoc_walk(d, e, path, sub_fields, TC_ARRAY_LEN(sub_fields), &in, ud);
	p = (tc_subprocessor){ in.f.name, in.aliases, in.naliases, in.f.purpose, in.f.sector,
			       in.f.locations, in.f.nlocations, in.f.mechanisms,
			       in.f.nmechanisms, in.note, pos_line(d, path) };
	if (!p.name || !p.nlocations) {
		subprocessor_release(&p);
		return -1;
	}
	s->subprocessors = tc_xrealloc(s->subprocessors,
				       (s->nsubprocessors + 1) * sizeof(*s->subprocessors));
	s->subprocessors[s->nsubprocessors++] = p;
	return 0;
}

static int h_subprocessors(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	return each_object(d, v, path, "a sub-processor", one_subprocessor, slot, ud);
}

#define SF(name, type, req, member, h) \
	{ name, type, req, offsetof(tc_service, member), 0, h }
static const tc_jfield service_fields[] = {
	SF("id", TC_JT_STRING, 1, id, h_service_id),
	SF("name", TC_JT_STRING, 1, name, NULL),
	SF("legal_entity", TC_JT_STRING, 1, legal_entity, NULL),
	SF("country", TC_JT_STRING, 1, entity_country, h_country),
	SF("role", TC_JT_STRING, 1, role, h_role),
	SF("purpose", TC_JT_OBJECT, 1, purpose, h_i18n),
	SF("parent", TC_JT_OBJECT, 0, id, h_parent),
	SF("address", TC_JT_STRING, 0, address, NULL),
	SF("phone", TC_JT_STRING, 0, phone, NULL),
	SF("email", TC_JT_STRING, 0, email, h_email),
	SF("website", TC_JT_STRING, 0, website, h_url),
	{ "categories", TC_JT_STRARRAY, 1, offsetof(tc_service, categories),
	  offsetof(tc_service, ncategories), h_category },
	SF("data_subjects", TC_JT_OBJECT, 0, data_subjects, h_i18n),
	SF("locations", TC_JT_ARRAY, 1, id, h_locations),
	SF("mechanisms", TC_JT_ARRAY, 0, id, h_mechanisms),
	SF("measures", TC_JT_OBJECT, 0, id, h_measures),
	SF("personnummer_justification", TC_JT_STRING, 0, pnr_justification, NULL),
	SF("dpa", TC_JT_OBJECT, 0, id, h_dpa),
	SF("decision", TC_JT_OBJECT, 0, decision, h_decision),
	SF("documents", TC_JT_ARRAY, 0, id, h_documents),
	SF("comment", TC_JT_STRING, 0, id, h_ignore),
	{ "subjects", TC_JT_STRARRAY, 0, offsetof(tc_service, subjects),
	  offsetof(tc_service, nsubjects), h_subject },
	SF("sector", TC_JT_STRING, 0, sector, h_sector),
	SF("subprocessors", TC_JT_ARRAY, 0, id, h_subprocessors),
};

/* Fix up: the OBJECT/ARRAY handlers above that fill the service itself are given
 * the service (offset of its first member, id, is 0). */
_Static_assert(offsetof(tc_service, id) == 0, "service handlers expect id first");

/* The DPA's windows: TC_DPA_DEFAULT_DAYS for each one the catalogue does not state. */
static void dpa_defaults(tc_service *s)
{
	s->dpa_days_default = s->dpa_notice_days < 0 && s->dpa_objection_days < 0;
	if (s->dpa_notice_days < 0)
		s->dpa_notice_days = TC_DPA_DEFAULT_DAYS;
	if (s->dpa_objection_days < 0)
		s->dpa_objection_days = TC_DPA_DEFAULT_DAYS;
}

/* ---- organisation ---- */

static const tc_jfield dpo_fields[] = {
	{ "name", TC_JT_STRING, 0, offsetof(tc_org, dpo_name), 0, NULL },
	{ "email", TC_JT_STRING, 1, offsetof(tc_org, dpo_email), 0, h_email },
	{ "phone", TC_JT_STRING, 0, offsetof(tc_org, dpo_phone), 0, NULL },
};

static int h_dpo(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	return tc_jdoc_walk(d, v, path, dpo_fields, TC_ARRAY_LEN(dpo_fields), slot, ud);
}

static const tc_jfield activity_fields[] = {
	{ "id", TC_JT_STRING, 1, offsetof(tc_activity, id), 0, h_id },
	{ "name", TC_JT_OBJECT, 1, offsetof(tc_activity, name), 0, h_i18n },
	{ "legal_basis", TC_JT_OBJECT, 1, offsetof(tc_activity, legal_basis), 0, h_i18n },
	{ "categories", TC_JT_STRARRAY, 0, offsetof(tc_activity, categories),
	  offsetof(tc_activity, ncategories), h_category },
};

static void activity_release(tc_activity *a)
{
	free(a->id);
	free(a->name.sv);
	free(a->name.en);
	free(a->legal_basis.sv);
	free(a->legal_basis.en);
	for (size_t i = 0; i < a->ncategories; i++)
		free(a->categories[i]);
	free(a->categories);
}

static int one_activity(tc_jdoc *d, const cJSON *e, const char *path, void *slot, void *ud)
{
	tc_org *o = slot;
	tc_activity a = { 0 };

	tc_jdoc_walk(d, e, path, activity_fields, TC_ARRAY_LEN(activity_fields), &a, ud);
	if (!a.id) {
		activity_release(&a);
		return -1;
	}
	for (size_t i = 0; i < o->nactivities; i++) {
		if (strcmp(o->activities[i].id, a.id) == 0) {
			char *p = tc_jpath_key(path, "id");

			tc_jdoc_diag(d, TC_JLEVEL_ERROR, p, 0, "duplicate activity id '%s'", a.id);
			free(p);
			activity_release(&a);
			return -1;
		}
	}
	o->activities = tc_xrealloc(o->activities, (o->nactivities + 1) * sizeof(*o->activities));
	o->activities[o->nactivities++] = a;
	return 0;
}

static int h_activities(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	return each_object(d, v, path, "an activity", one_activity, slot, ud);
}

#define OF(name, type, req, member, h) \
	{ name, type, req, offsetof(tc_org, member), 0, h }
static const tc_jfield org_fields[] = {
	OF("name", TC_JT_STRING, 1, name, NULL),
	OF("legal_name", TC_JT_STRING, 0, legal_name, NULL),
	OF("country", TC_JT_STRING, 1, country, h_country),
	OF("dpo", TC_JT_OBJECT, 1, name, h_dpo),
	{ "languages", TC_JT_STRARRAY, 0, offsetof(tc_org, languages),
	  offsetof(tc_org, nlanguages), h_lang },
	OF("default_lang", TC_JT_STRING, 1, default_lang, h_lang),
	OF("policy_reviewed", TC_JT_STRING, 0, policy_reviewed, h_date),
	OF("website", TC_JT_STRING, 0, website, h_url),
	OF("activities", TC_JT_ARRAY, 0, name, h_activities),
	OF("comment", TC_JT_STRING, 0, name, h_ignore),
};
_Static_assert(offsetof(tc_org, name) == 0, "org handlers expect name first");

/* ---- cross-field checks ---- */

static long days_since(const char *date, time_t now)
{
	time_t t;

	if (tc_parse_date(date, &t) < 0)
		return 0;
	return (long)((now - t) / DAY);
}

/* Whether a country needs a transfer mechanism (third or partial adequacy). */
static int needs_mechanism(const tc_refdata *ref, const char *code)
{
	enum tc_country_status st = tc_refdata_status(ref, code);

	return st == TC_CS_THIRD || st == TC_CS_ADEQUATE_PARTIAL;
}

static const tc_mechanism *mech_in(const tc_mechanism *v, size_t n, const char *country)
{
	for (size_t i = 0; i < n; i++)
		if (tc_streq(v[i].country, country))
			return &v[i];
	return NULL;
}

const tc_mechanism *tc_service_mechanism(const tc_service *s, const char *country)
{
	return mech_in(s->mechanisms, s->nmechanisms, country);
}

const tc_mechanism *tc_subprocessor_mechanism(const tc_subprocessor *p, const char *country)
{
	return mech_in(p->mechanisms, p->nmechanisms, country);
}

int tc_service_has_subject(const tc_service *s, const char *code)
{
	return tc_code_in(code, s->subjects, s->nsubjects);
}

/*
 * Who holds a set of locations and mechanisms: the service itself, or one of its
 * sub-processors. Every check below runs on an owner, so that a sub-processor is
 * validated by the service's own rules, its messages under /subprocessors/N.
 */
struct owner {
	const tc_service *svc;      /* the service (its subjects, its id) */
	char *base;                 /* JSON path of the owner: "" or "/subprocessors/N" */
	const char *name;           /* a sub-processor's name; NULL for the service */
	const char *sector;         /* the owner's sector, or NULL */
	const char *parent_country; /* the service's parent; NULL for a sub-processor */
	const tc_location *locations;
	size_t nlocations;
	const tc_mechanism *mechanisms;
	size_t nmechanisms;
};

/* Report at base + where (a format with one %zu) + /key. */
static void odiag(tc_jdoc *d, int level, const struct owner *o, const char *where, size_t idx,
		  const char *key, const char *fmt, ...) TC_PRINTF(7, 8);
static void odiag(tc_jdoc *d, int level, const struct owner *o, const char *where, size_t idx,
		  const char *key, const char *fmt, ...)
{
	char *rel = tc_xasprintf(where, idx);
	char *base = tc_xasprintf("%s%s", o->base, rel);
	char *p = key ? tc_jpath_key(base, key) : tc_xstrdup(base);
	tc_buf msg = TC_BUF_INIT;
	va_list ap;

	tc_buf_init(&msg, 8192);
	va_start(ap, fmt);
	tc_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	tc_jdoc_diag(d, level, p, 0, "%s", tc_buf_str(&msg));
	tc_buf_release(&msg);
	free(p);
	free(base);
	free(rel);
}

static const tc_mechanism *owner_mech(const struct owner *o, const char *country)
{
	return mech_in(o->mechanisms, o->nmechanisms, country);
}

/* The mechanism that covers a country, 'none' counting as no mechanism. */
static const tc_mechanism *owner_cover(const struct owner *o, const char *country)
{
	const tc_mechanism *m = owner_mech(o, country);

	return m && m->type != TC_MECH_NONE ? m : NULL;
}

/* Where a missing fact is to be written, for messages; owned. */
static char *fact_place(const struct owner *o, const tc_location *l, const char *field)
{
	if (l && l->entity)
		return tc_xasprintf("\"%s\" to this location (its entity '%s' receives the data)",
				    field, l->entity);
	if (o->name)
		return tc_xasprintf("\"%s\" to sub-processor '%s' in services/%s.json", field,
				    o->name, o->svc->id);
	return tc_xasprintf("\"%s\" to services/%s.json", field, o->svc->id);
}

static void join_codes(tc_buf *b, char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tc_buf_printf(b, "%s%s", i ? ", " : "", v[i]);
}

/* Why the facts put an importer outside a decision's scope, or NULL; owned. */
static char *scope_out(const tc_scope_rules *r, const char *sector, const char *region)
{
	tc_buf b = TC_BUF_INIT;

	if (region && tc_code_in(region, r->regions_excluded, r->nregions_excluded))
		return tc_xasprintf("the region '%s' is outside it", region);
	if (sector && tc_code_in(sector, r->sectors_excluded, r->nsectors_excluded))
		return tc_xasprintf("it excludes importers of the sector '%s'", sector);
	if (!sector || !r->nsectors_only || tc_code_in(sector, r->sectors_only, r->nsectors_only))
		return NULL;
	tc_buf_init(&b, 4096);
	tc_buf_printf(&b, "it covers only importers of the sectors ");
	join_codes(&b, r->sectors_only, r->nsectors_only);
	tc_buf_printf(&b, ", not '%s'", sector);
	return tc_buf_detach(&b);
}

/* The transfer tools to suggest for a country without a mechanism: from its status
 * and the evidence its partial decision needs (reference data, no per-country code). */
static const char *fix_for(const tc_country *c, int out_of_scope)
{
	if (!c || out_of_scope || c->status == TC_CS_THIRD)
		return "scc, bcr or art49";
	if (tc_streq(c->partial_evidence, "dpf"))
		return "dpf when the importer is active on the Data Privacy Framework List, "
		       "else scc";
	return "adequacy when the importer is within the decision's scope, else scc, bcr "
	       "or art49";
}

/* Index of the owner's first location in the country of location i. */
static size_t first_in_country(const struct owner *o, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (tc_streq(o->locations[k].country, o->locations[i].country))
			return k;
	return i;
}

/* Data in a country that needs a transfer tool, with none recorded: one error per
 * country, suggesting the tools that fit that destination. */
static void missing_mechanism(tc_jdoc *d, struct lctx *L, const struct owner *o, size_t i,
			      const char *why_out)
{
	const tc_location *l = &o->locations[i];
	const tc_country *c = tc_refdata_country(L->ref, l->country);
	const tc_mechanism *none = owner_mech(o, l->country);
	char *where = c ? tc_xasprintf("%s (%s)", c->name_en, c->code)
			: tc_xasprintf("'%s' (a code not in reference/countries.json, so a third "
				       "country)", l->country);
	char *scope = why_out ? tc_xasprintf(" (the adequacy decision for %s does not cover this "
					     "importer: %s)", c->name_en, why_out)
			      : tc_xstrdup("");

	if (none)
		odiag(d, TC_JLEVEL_ERROR, o, "/locations/%zu", i, "country",
		      "data in %s leaves the EU/EEA and the mechanism recorded for %s (line %d) is "
		      "'none': nothing covers this transfer; record %s%s", where, l->country,
		      none->line, fix_for(c, why_out != NULL), scope);
	else
		odiag(d, TC_JLEVEL_ERROR, o, "/locations/%zu", i, "country",
		      "data in %s leaves the EU/EEA but no transfer mechanism is recorded for %s; "
		      "add one to 'mechanisms': %s%s", where, l->country,
		      fix_for(c, why_out != NULL), scope);
	free(scope);
	free(where);
}

/* Facts missing for a flow that relies on a scoped decision: the importer's sector,
 * and the subjects for a decision with a grey zone for some of them. */
static void missing_facts(tc_jdoc *d, const struct owner *o, size_t i, const tc_country *c)
{
	const tc_scope_rules *r = c->rules;
	const tc_location *l = &o->locations[i];
	const tc_service *s = o->svc;
	int first = first_in_country(o, i) == i;
	tc_buf b = TC_BUF_INIT;
	char *place;

	tc_buf_init(&b, 4096);
	if ((r->nsectors_only || r->nsectors_excluded) && !l->sector && !o->sector &&
	    (first || l->entity)) {
		place = fact_place(o, l, "sector");
		if (r->nsectors_only) {
			tc_buf_printf(&b, "covers only importers of the sectors ");
			join_codes(&b, r->sectors_only, r->nsectors_only);
		} else {
			tc_buf_printf(&b, "excludes importers of the sectors ");
			join_codes(&b, r->sectors_excluded, r->nsectors_excluded);
		}
		odiag(d, TC_JLEVEL_WARNING, o, "/locations/%zu", i, "country",
		      "add %s (a code of reference/sectors.json): the adequacy decision for %s %s",
		      place, c->name_en, tc_buf_str(&b));
		free(place);
	}
	tc_buf_reset(&b);
	if (!r->nsubjects_warn || !first) {
		tc_buf_release(&b);
		return;
	}
	for (size_t k = 0; k < r->nsubjects_warn; k++)
		if (tc_service_has_subject(s, r->subjects_warn[k]))
			tc_buf_printf(&b, "%s%s", b.len ? ", " : "", r->subjects_warn[k]);
	if (!s->nsubjects) {
		tc_buf_reset(&b);
		join_codes(&b, r->subjects_warn, r->nsubjects_warn);
		odiag(d, TC_JLEVEL_WARNING, o, "/locations/%zu", i, "country",
		      "add \"subjects\" to services/%s.json (codes of reference/subjects.json): "
		      "the adequacy decision for %s is a grey zone for %s", s->id, c->name_en,
		      tc_buf_str(&b));
	} else if (b.len) {
		odiag(d, TC_JLEVEL_WARNING, o, "/locations/%zu", i, "country",
		      "the adequacy decision for %s is a grey zone for %s: %s", c->name_en,
		      tc_buf_str(&b),
		      r->subjects_warn_reason.en ? r->subjects_warn_reason.en : "see its scope");
	}
	tc_buf_release(&b);
}

/* One location: a mechanism where one is needed, and the scope of the decision it
 * relies on (reference data scope_rules). */
static void check_location(tc_jdoc *d, struct lctx *L, const struct owner *o, size_t i)
{
	const tc_location *l = &o->locations[i];
	const tc_country *c = tc_refdata_country(L->ref, l->country);
	const tc_scope_rules *r = c ? c->rules : NULL;
	const tc_mechanism *m = owner_cover(o, l->country);
	int relies = m ? (m->type == TC_MECH_ADEQUACY || m->type == TC_MECH_DPF)
		       : !needs_mechanism(L->ref, l->country);
	char *out = r ? scope_out(r, l->sector ? l->sector : o->sector, l->region) : NULL;

	if (l->sector && !l->entity)
		odiag(d, TC_JLEVEL_WARNING, o, "/locations/%zu", i, "sector",
		      "'sector' of a location is the sector of its 'entity': name the entity, "
		      "or state the sector once for the %s", o->name ? "sub-processor" : "service");
	if (m && !relies)
		goto out;       /* a transfer tool: the decision's scope does not matter */
	if (m && out) {
		odiag(d, TC_JLEVEL_ERROR, o, "/locations/%zu", i, "country",
		      "the %s mechanism for %s (line %d) does not cover this importer: the "
		      "adequacy decision for %s: %s; record %s", tc_mech_type_name(m->type),
		      l->country, m->line, c->name_en, out, fix_for(c, 1));
	} else if (!m && (out || needs_mechanism(L->ref, l->country))) {
		if (out || first_in_country(o, i) == i)
			missing_mechanism(d, L, o, i, out);
	} else if (r && relies) {
		missing_facts(d, o, i, c);
	}
out:
	free(out);
}

/* The hand-recorded evidence of a DPF mechanism whose page is not monitored. */
static void check_dpf_recorded(tc_jdoc *d, struct lctx *L, const struct owner *o, size_t i)
{
	const tc_mechanism *m = &o->mechanisms[i];
	const char *mp = "/mechanisms/%zu";

	if (!m->dpf_url)
		odiag(d, TC_JLEVEL_ERROR, o, mp, i, NULL, "a DPF mechanism needs 'dpf_url': the "
		      "importer's page on the DPF participant list "
		      "(https://www.dataprivacyframework.gov/list)");
	if (!m->dpf_checked) {
		odiag(d, TC_JLEVEL_ERROR, o, mp, i, NULL, "a DPF mechanism needs 'dpf_checked': "
		      "the date its participant status was checked (YYYY-MM-DD)");
	} else {
		long age = days_since(m->dpf_checked, L->now);

		if (age < 0)
			odiag(d, TC_JLEVEL_ERROR, o, mp, i, "dpf_checked",
			      "dpf_checked %s is in the future", m->dpf_checked);
		else if (age > 365)
			odiag(d, TC_JLEVEL_WARNING, o, mp, i, "dpf_checked", "DPF status was checked "
			      "%ld days ago (%s), more than a year: check the participant page "
			      "again", age, m->dpf_checked);
	}
	if (!m->dpf_status)
		odiag(d, TC_JLEVEL_WARNING, o, mp, i, NULL, "no 'dpf_status': the flow is not "
		      "treated as covered until an 'active' status is recorded");
	else if (strcmp(m->dpf_status, "active") != 0)
		odiag(d, TC_JLEVEL_WARNING, o, mp, i, "dpf_status", "DPF status is '%s', not "
		      "'active': the transfer is not covered by the DPF", m->dpf_status);
}

/* A DPF mechanism: the participant's evidence (its monitored page, else what the DPO
 * recorded), and HR data under hr_requires_dpf_hr. */
static void check_dpf(tc_jdoc *d, struct lctx *L, const struct owner *o, size_t i,
		      const tc_country *c)
{
	const tc_mechanism *m = &o->mechanisms[i];
	const tc_service *s = o->svc;
	const char *mp = "/mechanisms/%zu";
	/* a sub-processor's certification is not the service's page */
	int monitored = !o->name && tc_service_dpf_doc(s) != NULL;
	tc_buf hr = TC_BUF_INIT;

	if (!c || !tc_streq(c->partial_evidence, "dpf"))
		odiag(d, TC_JLEVEL_ERROR, o, mp, i, "type", "the Data Privacy Framework covers only "
		      "the United States, not '%s'; record scc, bcr or art49", m->country);
	if (!monitored && !o->name)
		odiag(d, TC_JLEVEL_WARNING, o, mp, i, "type", "no document of kind 'dpf' to "
		      "monitor: add the participant's page on the DPF List to 'documents' "
		      "({\"id\": \"dpf\", \"kind\": \"dpf\", \"url\": ..., \"render\": "
		      "\"browser\"}) so that every run reads its status and HR coverage");
	if (monitored) {
		if (m->dpf_checked && days_since(m->dpf_checked, L->now) < 0)
			odiag(d, TC_JLEVEL_ERROR, o, mp, i, "dpf_checked",
			      "dpf_checked %s is in the future", m->dpf_checked);
	} else {
		check_dpf_recorded(d, L, o, i);
	}
	if (!c || !c->rules || !c->rules->hr_requires_dpf_hr)
		return;
	tc_buf_init(&hr, 4096);
	for (size_t k = 0; k < s->nsubjects; k++) {
		const tc_code_entry *e = tc_refscope_subject(&L->ref->scope, s->subjects[k]);

		if (e && e->hr)
			tc_buf_printf(&hr, "%s%s", hr.len ? ", " : "", e->code);
	}
	if (!s->nsubjects)
		odiag(d, TC_JLEVEL_WARNING, o, mp, i, "type", "add \"subjects\" to services/%s.json "
		      "(codes of reference/subjects.json): the Data Privacy Framework covers HR "
		      "data (employees, applicants) only when the participant's certification "
		      "covers HR data", s->id);
	else if (hr.len && m->hr == TC_FACT_UNSTATED && !monitored)
		odiag(d, TC_JLEVEL_WARNING, o, mp, i, "type", "add \"hr\" to this DPF mechanism "
		      "(true when the participant's certification covers HR data): 'subjects' "
		      "has %s, and the Data Privacy Framework covers HR data only then", hr.data);
	else if (hr.len && m->hr == TC_FACT_FALSE && !monitored)
		odiag(d, TC_JLEVEL_WARNING, o, mp, i, "hr", "the participant's DPF certification "
		      "does not cover HR data, and 'subjects' has %s: those transfers are not "
		      "covered by the DPF; record scc for them", hr.data);
	tc_buf_release(&hr);
}

static void check_mechanism(tc_jdoc *d, struct lctx *L, const struct owner *o, size_t i)
{
	const tc_mechanism *m = &o->mechanisms[i];
	const tc_country *c = tc_refdata_country(L->ref, m->country);
	const char *mp = "/mechanisms/%zu";
	int used = tc_streq(o->parent_country, m->country);

	for (size_t k = 0; k < o->nlocations; k++)
		used |= tc_streq(o->locations[k].country, m->country);
	if (!used)
		odiag(d, TC_JLEVEL_WARNING, o, mp, i, "country", "mechanism for %s, but no location "
		      "%sis there", m->country, o->name ? "of this sub-processor "
							 : "or parent of this service ");
	for (size_t k = 0; k < i; k++) {
		if (tc_streq(o->mechanisms[k].country, m->country)) {
			odiag(d, TC_JLEVEL_WARNING, o, mp, i, "country", "a second mechanism for %s: "
			      "only the first one (line %d) is used", m->country,
			      o->mechanisms[k].line);
			break;
		}
	}
	if (m->hr != TC_FACT_UNSTATED && m->type != TC_MECH_DPF)
		odiag(d, TC_JLEVEL_WARNING, o, mp, i, "hr", "'hr' is a fact of a DPF certification; "
		      "it has no effect on a '%s' mechanism", tc_mech_type_name(m->type));
	switch (m->type) {
	case TC_MECH_DPF:
		check_dpf(d, L, o, i, c);
		break;
	case TC_MECH_ADEQUACY:
		if (!c || c->status < TC_CS_ADEQUATE)
			odiag(d, TC_JLEVEL_ERROR, o, mp, i, "type", "no adequacy decision for '%s' in "
			      "reference/countries.json; record scc, bcr or art49", m->country);
		else if (c->rules && c->rules->requires_dpf)
			odiag(d, TC_JLEVEL_ERROR, o, mp, i, "type", "the adequacy decision for %s "
			      "covers only participants of the Data Privacy Framework: record type "
			      "'dpf' (with the participant's page), or scc", c->name_en);
		break;
	case TC_MECH_ART49:
		if (!m->art49_ground)
			odiag(d, TC_JLEVEL_ERROR, o, mp, i, NULL, "an Art. 49 derogation needs "
			      "'art49_ground' (e.g. explicit consent, contract performance)");
		break;
	case TC_MECH_NONE:
		/* where a mechanism is needed, the location's error says it once */
		if (!needs_mechanism(L->ref, m->country))
			odiag(d, TC_JLEVEL_WARNING, o, mp, i, "type", "mechanism type 'none' records "
			      "that nothing covers this transfer");
		break;
	default:
		break;
	}
}

/* Locations, parent and mechanisms of one owner. */
static void check_owner(tc_jdoc *d, struct lctx *L, const struct owner *o)
{
	int parent_at_location = 0;

	for (size_t i = 0; i < o->nlocations; i++) {
		check_location(d, L, o, i);
		parent_at_location |= tc_streq(o->locations[i].country, o->parent_country);
	}
	/* a parent where a location is already checked is one problem, said once there */
	if (o->parent_country && !parent_at_location && needs_mechanism(L->ref, o->parent_country) &&
	    !owner_cover(o, o->parent_country))
		tc_jdoc_diag(d, TC_JLEVEL_WARNING, "/parent/country", 0,
			     "parent company '%s' in %s may be compelled to give access to the "
			     "data (e.g. CLOUD Act): record what covers it in 'mechanisms' (%s)",
			     o->svc->parent_name ? o->svc->parent_name : "?",
			     tc_refdata_country_name(L->ref, o->parent_country, TC_LANG_EN),
			     fix_for(tc_refdata_country(L->ref, o->parent_country), 0));
	for (size_t i = 0; i < o->nmechanisms; i++)
		check_mechanism(d, L, o, i);
}

/* The sub-processors: each checked as an owner; names and aliases unique. */
static void check_subprocessors(tc_jdoc *d, struct lctx *L, const tc_service *s)
{
	for (size_t i = 0; i < s->nsubprocessors; i++) {
		const tc_subprocessor *p = &s->subprocessors[i];
		struct owner o = { s, tc_xasprintf("/subprocessors/%zu", i), p->name, p->sector,
				   NULL, p->locations, p->nlocations, p->mechanisms,
				   p->nmechanisms };

		for (size_t k = 0; k < i; k++) {
			const tc_subprocessor *q = &s->subprocessors[k];
			int same = strcasecmp(q->name, p->name) == 0;

			for (size_t a = 0; !same && a < q->naliases; a++)
				same = strcasecmp(q->aliases[a], p->name) == 0;
			if (same) {
				odiag(d, TC_JLEVEL_ERROR, &o, "", 0, "name", "sub-processor '%s' is "
				      "listed twice (first at line %d)", p->name, q->line);
				break;
			}
		}
		check_owner(d, L, &o);
		free(o.base);
	}
}

static void check_categories(tc_jdoc *d, struct lctx *L, const tc_service *s)
{
	int has_pnr = 0;

	for (size_t i = 0; i < s->ncategories; i++) {
		const tc_category *c = tc_refdata_category(L->ref, s->categories[i]);
		char *p = tc_xasprintf("/categories/%zu", i);

		for (size_t k = 0; k < i; k++) {
			if (strcmp(s->categories[k], s->categories[i]) == 0) {
				tc_jdoc_diag(d, TC_JLEVEL_WARNING, p, 0, "category '%s' listed twice",
					     s->categories[i]);
				break;
			}
		}
		if (c && c->national_id && !has_pnr) {
			has_pnr = 1;
			if (!s->pnr_justification || !*s->pnr_justification)
				tc_jdoc_diag(d, TC_JLEVEL_ERROR, p, 0,
					     "'%s' is a national identification number: add "
					     "'personnummer_justification' (why %s must receive it; "
					     "Data Protection Act 2018:218 ch. 3 s. 10)", c->code,
					     s->name ? s->name : "this service");
		}
		free(p);
	}
	if (s->pnr_justification && !has_pnr)
		tc_jdoc_diag(d, TC_JLEVEL_WARNING, "/personnummer_justification", 1,
			     "'personnummer_justification' given but no national-id category is "
			     "listed in 'categories'");
	for (size_t i = 0; i < s->nsubjects; i++) {
		for (size_t k = 0; k < i; k++) {
			if (strcmp(s->subjects[k], s->subjects[i]) == 0) {
				char *p = tc_xasprintf("/subjects/%zu", i);

				tc_jdoc_diag(d, TC_JLEVEL_WARNING, p, 0, "subject group '%s' listed "
					     "twice", s->subjects[i]);
				free(p);
				break;
			}
		}
	}
}

static void check_documents(tc_jdoc *d, const tc_service *s)
{
	for (size_t i = 0; i < s->ndocuments; i++) {
		for (size_t k = 0; k < i; k++) {
			char *p = tc_xasprintf("/documents/%zu", i);
			char *pid = tc_jpath_key(p, "id"), *purl = tc_jpath_key(p, "url");
			int stop = 1;

			if (strcmp(s->documents[k].id, s->documents[i].id) == 0)
				tc_jdoc_diag(d, TC_JLEVEL_ERROR, pid, 0, "duplicate document id '%s' "
					     "(first at line %d)", s->documents[i].id,
					     s->documents[k].line);
			else if (strcmp(s->documents[k].url, s->documents[i].url) == 0)
				tc_jdoc_diag(d, TC_JLEVEL_WARNING, purl, 0,
					     "same URL as document '%s'", s->documents[k].id);
			else
				stop = 0;
			free(purl);
			free(pid);
			free(p);
			if (stop)
				break;
		}
	}
}

static void check_service(tc_jdoc *d, struct lctx *L, const tc_service *s)
{
	struct owner o = { s, "", NULL, s->sector, s->parent_country, s->locations,
			   s->nlocations, s->mechanisms, s->nmechanisms };

	check_categories(d, L, s);
	check_owner(d, L, &o);
	check_subprocessors(d, L, s);
	check_documents(d, s);
	if (s->decision.date && days_since(s->decision.date, L->now) < 0)
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, "/decision/date", 0,
			     "decision date %s is in the future", s->decision.date);
	if (s->decision.next_review && days_since(s->decision.next_review, L->now) > 0)
		tc_jdoc_diag(d, TC_JLEVEL_WARNING, "/decision/next_review", 0,
			     "the review of this decision was due on %s", s->decision.next_review);
}

static void check_org(tc_jdoc *d, struct lctx *L, const tc_org *o)
{
	int found = o->nlanguages == 0;

	for (size_t i = 0; i < o->nlanguages; i++)
		found |= tc_streq(o->languages[i], o->default_lang);
	if (!found && o->default_lang)
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, "/default_lang", 0,
			     "default_lang '%s' is not one of 'languages'", o->default_lang);
	if (o->policy_reviewed) {
		long age = days_since(o->policy_reviewed, L->now);

		if (age < 0)
			tc_jdoc_diag(d, TC_JLEVEL_ERROR, "/policy_reviewed", 0,
				     "policy_reviewed %s is in the future", o->policy_reviewed);
		else if (age > 365)
			tc_jdoc_diag(d, TC_JLEVEL_WARNING, "/policy_reviewed", 0,
				     "the list was last reviewed %ld days ago (%s): review it "
				     "at least once a year", age, o->policy_reviewed);
	}
}

/* ---- release ---- */

static void service_release(tc_service *s)
{
	free(s->id);
	free(s->name);
	free(s->legal_entity);
	free(s->entity_country);
	free(s->purpose.sv);
	free(s->purpose.en);
	free(s->parent_name);
	free(s->parent_country);
	free(s->address);
	free(s->phone);
	free(s->email);
	free(s->website);
	for (size_t i = 0; i < s->ncategories; i++)
		free(s->categories[i]);
	free(s->categories);
	free(s->data_subjects.sv);
	free(s->data_subjects.en);
	for (size_t i = 0; i < s->nlocations; i++)
		location_release(&s->locations[i]);
	free(s->locations);
	for (size_t i = 0; i < s->nmechanisms; i++)
		mechanism_release(&s->mechanisms[i]);
	free(s->mechanisms);
	for (size_t i = 0; i < s->nmeasures; i++)
		free(s->measures[i]);
	free(s->measures);
	free(s->pnr_justification);
	free(s->dpa_version);
	free(s->dpa_date);
	free(s->decision.outcome);
	free(s->decision.by);
	free(s->decision.date);
	free(s->decision.next_review);
	free(s->decision.note);
	for (size_t i = 0; i < s->ndocuments; i++)
		document_release(&s->documents[i]);
	free(s->documents);
	free(s->file);
	for (size_t i = 0; i < s->nsubjects; i++)
		free(s->subjects[i]);
	free(s->subjects);
	free(s->sector);
	for (size_t i = 0; i < s->nsubprocessors; i++)
		subprocessor_release(&s->subprocessors[i]);
	free(s->subprocessors);
}

static void org_release(tc_org *o)
{
	free(o->name);
	free(o->legal_name);
	free(o->country);
	free(o->dpo_name);
	free(o->dpo_email);
	free(o->dpo_phone);
	free(o->default_lang);
	free(o->policy_reviewed);
	for (size_t i = 0; i < o->nactivities; i++)
		activity_release(&o->activities[i]);
	free(o->activities);
	for (size_t i = 0; i < o->nlanguages; i++)
		free(o->languages[i]);
	free(o->languages);
	free(o->website);
	free(o->file);
}

void tc_catalog_release(tc_catalog *cat)
{
	free(cat->dir);
	org_release(&cat->org);
	for (size_t i = 0; i < cat->nservices; i++)
		service_release(&cat->services[i]);
	free(cat->services);
	free(cat->hash);
	memset(cat, 0, sizeof(*cat));
}

/* ---- lookups ---- */

const tc_service *tc_catalog_find(const tc_catalog *cat, const char *id)
{
	for (size_t i = 0; i < cat->nservices; i++)
		if (tc_streq(cat->services[i].id, id))
			return &cat->services[i];
	return NULL;
}

const tc_document *tc_service_dpf_doc(const tc_service *s)
{
	for (size_t i = 0; s && i < s->ndocuments; i++)
		if (s->documents[i].kind == TC_DOC_DPF)
			return &s->documents[i];
	return NULL;
}

const tc_document *tc_service_find_doc(const tc_service *s, const char *doc_id)
{
	for (size_t i = 0; i < s->ndocuments; i++)
		if (tc_streq(s->documents[i].id, doc_id))
			return &s->documents[i];
	return NULL;
}

int tc_service_has_category(const tc_service *s, const char *code)
{
	for (size_t i = 0; i < s->ncategories; i++)
		if (tc_streq(s->categories[i], code))
			return 1;
	return 0;
}

/* ---- canonical JSON: keys sorted at every level ---- */

static void sort_keys(cJSON *o)
{
	if (!o)
		return;
	for (cJSON *c = o->child; c; c = c->next)
		sort_keys(c);
	if (!cJSON_IsObject(o) || !o->child)
		return;
	/* insertion sort of the child list by key, rebuilding prev/next */
	{
		cJSON *sorted = NULL, *c = o->child;

		while (c) {
			cJSON *next = c->next, **pp = &sorted;

			while (*pp && strcmp((*pp)->string, c->string) <= 0)
				pp = &(*pp)->next;
			c->next = *pp;
			*pp = c;
			c = next;
		}
		o->child = sorted;
		for (cJSON *p = sorted, *prev = NULL; p; prev = p, p = p->next)
			p->prev = prev;
		/* cJSON keeps the last element in child->prev */
		for (cJSON *p = sorted; p; p = p->next)
			if (!p->next)
				sorted->prev = p;
	}
}

/* ---- loading files ---- */

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read and parse one file; NULL root on failure (reported). The caller releases doc. */
static int parse_file(struct lctx *L, const char *path, tc_jdoc *doc, tc_buf *text)
{
	char err[512];

	tc_jdoc_init(doc, path, to_diags, L);
	if (tc_read_file(path, TC_CATALOG_MAX_FILE, text, err, sizeof(err)) < 0) {
		tc_diags_add(L->diags, TC_DIAG_ERROR, path, 1, 1, "%s", err);
		return -1;
	}
	if (tc_jdoc_parse(doc, text->data, text->len, TC_JDOC_MAX_DEPTH) < 0)
		return -1;
	if (!cJSON_IsObject(doc->root)) {
		tc_jdoc_diag(doc, TC_JLEVEL_ERROR, "", 0, "the file must hold a JSON object, not %s",
			     tc_jtype_name(doc->root));
		return -1;
	}
	return 0;
}

static int svc_cmp(const void *a, const void *b)
{
	return strcmp(((const tc_service *)a)->id, ((const tc_service *)b)->id);
}

/* Add "name\nlength\n" + bytes to the catalogue's hash. */
static void hash_add(tc_sha256 *h, const char *name, const tc_buf *text)
{
	char *head = tc_xasprintf("%s\n%zu\n", name, text->len);

	tc_sha256_add(h, head, strlen(head));
	tc_sha256_add(h, text->data ? text->data : "", text->len);
	free(head);
}

/* Append one member of the canonical JSON: ,"key": then root with its keys sorted
 * (the root is the caller's parsed file, sorted in place). */
static void canon_add(tc_buf *c, const char *key, cJSON *root)
{
	char *s;

	sort_keys(root);
	s = cJSON_PrintUnformatted(root);
	if (key)
		tc_buf_printf(c, "%s\"%s\":", c->len > 1 ? "," : "", key);
	else if (c->data[c->len - 1] != '[')
		tc_buf_addc(c, ',');
	tc_buf_adds(c, s ? s : "null");
	cJSON_free(s);
}

static char **list_services(struct lctx *L, const char *dir, size_t *n)
{
	DIR *dh = opendir(dir);
	struct dirent *de;
	char **names = NULL;

	*n = 0;
	if (!dh) {
		tc_diags_add(L->diags, TC_DIAG_ERROR, dir, 1, 1, "cannot read directory: %s",
			     strerror(errno));
		return NULL;
	}
	while ((de = readdir(dh))) {
		if (de->d_name[0] == '.' || !tc_endswith(de->d_name, ".json"))
			continue;
		if (*n >= TC_CATALOG_MAX_SERVICES) {
			tc_diags_add(L->diags, TC_DIAG_ERROR, dir, 1, 1,
				     "more than %d service files", TC_CATALOG_MAX_SERVICES);
			break;
		}
		names = tc_xrealloc(names, (*n + 1) * sizeof(*names));
		names[(*n)++] = tc_xstrdup(de->d_name);
	}
	closedir(dh);
	if (*n)
		qsort(names, *n, sizeof(*names), name_cmp);
	return names;
}

int tc_catalog_load(const char *dir, const tc_refdata *ref, tc_catalog *cat, tc_diags *diags)
{
	struct lctx L = { ref, cat, diags, NULL, tc_now() };
	char *org_path = tc_path_join(dir, "organisation.json");
	char *svc_dir = tc_path_join(dir, "services");
	/* The hash of every file's bytes, made file by file: at no time does the loader
	 * hold more than one file's text and tree. */
	tc_sha256 *hash = tc_sha256_new();
	tc_buf text = TC_BUF_INIT;
	size_t before = diags->nerrors, nnames = 0;
	char **names = NULL;
	tc_jdoc doc;

	memset(cat, 0, sizeof(*cat));
	cat->dir = tc_xstrdup(dir);

	/* organisation */
	if (parse_file(&L, org_path, &doc, &text) == 0) {
		cat->org.file = tc_xstrdup(org_path);
		tc_jdoc_walk(&doc, doc.root, "", org_fields, TC_ARRAY_LEN(org_fields), &cat->org, &L);
		check_org(&doc, &L, &cat->org);
	}
	if (text.data)
		hash_add(hash, "organisation.json", &text);
	tc_jdoc_release(&doc);

	/* services */
	names = list_services(&L, svc_dir, &nnames);
	for (size_t i = 0; i < nnames; i++) {
		char *path = tc_path_join(svc_dir, names[i]);
		char *stem = tc_xstrndup(names[i], strlen(names[i]) - 5);
		tc_service svc = { .dpa_notice_days = -1, .dpa_objection_days = -1 };

		L.stem = stem;
		tc_buf_reset(&text);
		if (parse_file(&L, path, &doc, &text) == 0) {
			svc.file = tc_xstrdup(path);
			tc_jdoc_walk(&doc, doc.root, "", service_fields, TC_ARRAY_LEN(service_fields),
				     &svc, &L);
			dpa_defaults(&svc);
			if (svc.id) {
				const tc_service *dup = tc_catalog_find(cat, svc.id);

				check_service(&doc, &L, &svc);
				if (dup) {
					tc_jdoc_diag(&doc, TC_JLEVEL_ERROR, "/id", 0,
						     "duplicate service id '%s' (also in %s)", svc.id,
						     dup->file);
					service_release(&svc);
				} else {
					cat->services = tc_xrealloc(cat->services,
								    (cat->nservices + 1) *
								    sizeof(*cat->services));
					cat->services[cat->nservices++] = svc;
				}
			} else {
				service_release(&svc);
			}
		}
		if (text.data) {
			char *rel = tc_path_join("services", names[i]);

			hash_add(hash, rel, &text);
			free(rel);
		}
		tc_jdoc_release(&doc);
		free(stem);
		free(path);
		free(names[i]);
	}
	free(names);
	L.stem = NULL;
	if (cat->nservices)
		qsort(cat->services, cat->nservices, sizeof(*cat->services), svc_cmp);

	cat->hash = tc_xmalloc(65);
	tc_sha256_finish(hash, cat->hash);
	tc_buf_release(&text);
	free(org_path);
	free(svc_dir);
	tc_diags_sort(diags);
	return diags->nerrors > before ? -1 : 0;
}


/* One file of the catalogue for the canonical JSON: hashed, parsed (a UTF-8 BOM
 * skipped, as the loader does) and added when it holds an object. */
static void canon_file(tc_sha256 *h, tc_buf *canon, const char *path, const char *name,
		       const char *key, tc_buf *text)
{
	char why[512];
	size_t skip;
	cJSON *root;

	tc_buf_reset(text);
	if (tc_read_file(path, TC_CATALOG_MAX_FILE, text, why, sizeof(why)) < 0)
		return;     /* unreadable now: the hash will not match */
	hash_add(h, name, text);
	skip = text->len >= 3 && memcmp(text->data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	root = cJSON_ParseWithLengthOpts(text->data + skip, text->len - skip + 1, NULL, 1);
	if (cJSON_IsObject(root))
		canon_add(canon, key, root);
	cJSON_Delete(root);
}

int tc_catalog_canonical_json(const tc_catalog *cat, char **out, char *err, size_t errlen)
{
	char *org_path = tc_path_join(cat->dir, "organisation.json");
	char *svc_dir = tc_path_join(cat->dir, "services");
	struct lctx L = { NULL, NULL, NULL, NULL, 0 };
	tc_diags diags = TC_DIAGS_INIT;
	tc_sha256 *hash = tc_sha256_new();
	tc_buf canon = TC_BUF_INIT, text = TC_BUF_INIT;
	size_t nnames = 0;
	char **names, hex[65];

	*out = NULL;
	L.diags = &diags;
	tc_buf_addc(&canon, '{');
	canon_file(hash, &canon, org_path, "organisation.json", "organisation", &text);
	tc_buf_printf(&canon, "%s\"services\":[", canon.len > 1 ? "," : "");
	names = list_services(&L, svc_dir, &nnames);
	for (size_t i = 0; i < nnames; i++) {
		char *path = tc_path_join(svc_dir, names[i]), *rel = tc_path_join("services", names[i]);

		canon_file(hash, &canon, path, rel, NULL, &text);
		free(rel);
		free(path);
		free(names[i]);
	}
	free(names);
	tc_buf_adds(&canon, "],\"tiacheck_catalog\":\"1\"}");
	tc_sha256_finish(hash, hex);
	tc_buf_release(&text);
	tc_diags_release(&diags);
	free(org_path);
	free(svc_dir);
	if (canon.full || !tc_streq(hex, cat->hash)) {
		tc_seterr(err, errlen, "%s: the catalogue changed while tiacheck was running; run "
			  "again", cat->dir);
		tc_buf_release(&canon);
		return -1;
	}
	*out = tc_buf_detach(&canon);
	return 0;
}

void tc_service_outside_countries(const tc_service *s, const tc_refdata *ref, tc_strset *out)
{
	for (size_t i = 0; i < s->nlocations; i++)
		if (s->locations[i].country && !tc_refdata_in_eea(ref, s->locations[i].country))
			tc_strset_add(out, s->locations[i].country);
	if (s->entity_country && !tc_refdata_in_eea(ref, s->entity_country))
		tc_strset_add(out, s->entity_country);
}
