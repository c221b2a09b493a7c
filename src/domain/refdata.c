/*
 * refdata: countries and data categories read from the JSON files in catalog/reference through
 * field tables; the first problem becomes "file:line:col: message".
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tiacheck/jsondoc.h"
#include "tiacheck/refdata.h"
#include "tiacheck/util.h"

#define REF_MAX_FILE ((size_t)1 << 20)

static const struct {
	const char *name;
	enum tc_country_status status;
} status_names[] = {
	{ "THIRD", TC_CS_THIRD },
	{ "EU", TC_CS_EU },
	{ "EEA", TC_CS_EEA },
	{ "ADEQUATE", TC_CS_ADEQUATE },
	{ "ADEQUATE_PARTIAL", TC_CS_ADEQUATE_PARTIAL },
	{ "ADEQUATE_IO", TC_CS_ADEQUATE_IO },
};

const char *tc_country_status_name(enum tc_country_status s)
{
	for (size_t i = 0; i < TC_ARRAY_LEN(status_names); i++)
		if (status_names[i].status == s)
			return status_names[i].name;
	return "THIRD";
}

int tc_country_status_parse(const char *s)
{
	for (size_t i = 0; i < TC_ARRAY_LEN(status_names); i++)
		if (strcmp(status_names[i].name, s) == 0)
			return (int)status_names[i].status;
	return -1;
}

/* ---- loading ---- */

struct first_err {
	char *err;
	size_t errlen;
	int have;
	tc_jreport_fn fwd;      /* when set, every problem goes there too */
	void *fwd_ud;
};

static void keep_first(void *ud, int level, const char *file, int line, int col,
		       const char *msg)
{
	struct first_err *fe = ud;

	if (fe->fwd)
		fe->fwd(fe->fwd_ud, level, file, line, col, msg);
	if (level != TC_JLEVEL_ERROR || fe->have)
		return;
	fe->have = 1;
	tc_seterr(fe->err, fe->errlen, "%s:%d:%d: %s", file, line, col, msg);
}

static int set_status(tc_jdoc *d, const cJSON *v, const char *path, void *t, void *ud)
{
	int st = tc_country_status_parse(v->valuestring);

	(void)ud;
	if (st < 0) {
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0,
			     "unknown status '%s'; expected EU, EEA, ADEQUATE, ADEQUATE_PARTIAL, "
			     "ADEQUATE_IO or THIRD", v->valuestring);
		return -1;
	}
	*(enum tc_country_status *)t = (enum tc_country_status)st;
	return 1;
}

static int check_evidence(tc_jdoc *d, const cJSON *v, const char *path, void *t, void *ud)
{
	(void)t;
	(void)ud;
	if (strcmp(v->valuestring, "dpf") != 0 && strcmp(v->valuestring, "adequacy") != 0) {
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0,
			     "partial_evidence must be 'dpf' or 'adequacy', not '%s'",
			     v->valuestring);
		return -1;
	}
	return 0;
}

#define CF(name, type, req, member, h) \
	{ name, type, req, offsetof(tc_country, member), 0, h }
static const tc_jfield country_fields[] = {
	CF("code", TC_JT_STRING, 1, code, tc_ref_check_country),
	CF("en", TC_JT_STRING, 1, name_en, NULL),
	CF("sv", TC_JT_STRING, 1, name_sv, NULL),
	CF("status", TC_JT_STRING, 1, status, set_status),
	CF("scope", TC_JT_STRING, 0, scope, NULL),
	CF("decision", TC_JT_STRING, 0, decision, NULL),
	CF("date", TC_JT_STRING, 0, decision_date, tc_ref_check_date),
	CF("partial_evidence", TC_JT_STRING, 0, partial_evidence, check_evidence),
	{ "aliases", TC_JT_STRARRAY, 0, offsetof(tc_country, aliases),
	  offsetof(tc_country, naliases), tc_ref_check_country },
	{ "laws", TC_JT_STRARRAY, 0, offsetof(tc_country, laws), offsetof(tc_country, nlaws),
	  NULL },
	CF("region", TC_JT_BOOL, 0, region, NULL),
	CF("expires", TC_JT_STRING, 0, expires, tc_ref_check_date),
	{ "scope_rules", TC_JT_OBJECT, 0, offsetof(tc_country, rules), 0,
	  tc_refscope_parse_rules },
};

static int check_weight(tc_jdoc *d, const cJSON *v, const char *path, void *t, void *ud)
{
	(void)t;
	(void)ud;
	if (v->valueint < 0 || v->valueint > 10) {
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0, "weight must be between 0 and 10, not %d",
			     v->valueint);
		return -1;
	}
	return 0;
}

#define KF(name, type, req, member, h) \
	{ name, type, req, offsetof(tc_category, member), 0, h }
static const tc_jfield category_fields[] = {
	KF("code", TC_JT_STRING, 1, code, tc_ref_check_code),
	KF("sv", TC_JT_STRING, 1, name_sv, NULL),
	KF("en", TC_JT_STRING, 1, name_en, NULL),
	KF("weight", TC_JT_INT, 1, weight, check_weight),
	KF("group", TC_JT_STRING, 0, group, NULL),
	KF("special", TC_JT_BOOL, 0, special, NULL),
	KF("national_id", TC_JT_BOOL, 0, national_id, NULL),
};

static void country_release(tc_country *c)
{
	free(c->code);
	free(c->name_en);
	free(c->name_sv);
	free(c->scope);
	free(c->decision);
	free(c->decision_date);
	free(c->partial_evidence);
	for (size_t i = 0; i < c->naliases; i++)
		free(c->aliases[i]);
	free(c->aliases);
	for (size_t i = 0; i < c->nlaws; i++)
		free(c->laws[i]);
	free(c->laws);
	free(c->expires);
	tc_scope_rules_free(c->rules);
}

static void category_release(tc_category *c)
{
	free(c->code);
	free(c->name_sv);
	free(c->name_en);
	free(c->group);
}

/* The root of each file: "checked", "source" and the list. */
struct ref_root {
	char *checked;
	char *source;
	tc_refdata *ref;
};

static int add_countries(tc_jdoc *d, const cJSON *v, const char *path, void *t, void *ud)
{
	tc_refdata *ref = *(tc_refdata **)t;
	size_t idx = 0;

	(void)ud;
	for (const cJSON *e = v->child; e; e = e->next, idx++) {
		char *sub = tc_jpath_index(path, idx);
		tc_country c = { 0 };

		if (!cJSON_IsObject(e)) {
			tc_jdoc_diag(d, TC_JLEVEL_ERROR, sub, 0, "a country must be an object, not %s",
				     tc_jtype_name(e));
		} else if (tc_jdoc_walk(d, e, sub, country_fields, TC_ARRAY_LEN(country_fields),
					&c, NULL) == 0) {
			if (c.status == TC_CS_ADEQUATE_PARTIAL && !c.partial_evidence)
				c.partial_evidence = tc_xstrdup("adequacy");
			if (c.status >= TC_CS_ADEQUATE && !c.decision) {
				char *p = tc_jpath_key(sub, "status");

				tc_jdoc_diag(d, TC_JLEVEL_ERROR, p, 0,
					     "status %s needs the decision number ('decision')",
					     tc_country_status_name(c.status));
				free(p);
			}
			if (tc_refdata_country(ref, c.code)) {
				char *p = tc_jpath_key(sub, "code");

				tc_jdoc_diag(d, TC_JLEVEL_ERROR, p, 0, "duplicate country code '%s'",
					     c.code);
				free(p);
			} else {
				/* kept sorted by insertion so lookups can bsearch */
				size_t at = 0;

				while (at < ref->ncountries &&
				       strcmp(ref->countries[at].code, c.code) < 0)
					at++;
				ref->countries = tc_xrealloc(ref->countries, (ref->ncountries + 1) *
							     sizeof(*ref->countries));
				memmove(&ref->countries[at + 1], &ref->countries[at],
					(ref->ncountries - at) * sizeof(*ref->countries));
				ref->countries[at] = c;
				ref->ncountries++;
				free(sub);
				continue;
			}
		}
		country_release(&c);
		free(sub);
	}
	return 0;
}

static int add_categories(tc_jdoc *d, const cJSON *v, const char *path, void *t, void *ud)
{
	tc_refdata *ref = *(tc_refdata **)t;
	size_t idx = 0;

	(void)ud;
	for (const cJSON *e = v->child; e; e = e->next, idx++) {
		char *sub = tc_jpath_index(path, idx);
		tc_category c = { 0 };

		if (!cJSON_IsObject(e)) {
			tc_jdoc_diag(d, TC_JLEVEL_ERROR, sub, 0,
				     "a category must be an object, not %s", tc_jtype_name(e));
		} else if (tc_jdoc_walk(d, e, sub, category_fields,
					TC_ARRAY_LEN(category_fields), &c, NULL) == 0) {
			if (tc_refdata_category(ref, c.code)) {
				char *p = tc_jpath_key(sub, "code");

				tc_jdoc_diag(d, TC_JLEVEL_ERROR, p, 0, "duplicate category code '%s'",
					     c.code);
				free(p);
			} else {
				ref->categories = tc_xrealloc(ref->categories,
							      (ref->ncategories + 1) *
							      sizeof(*ref->categories));
				ref->categories[ref->ncategories++] = c;
				free(sub);
				continue;
			}
		}
		category_release(&c);
		free(sub);
	}
	return 0;
}

#define RF(name, type, req, member, h) \
	{ name, type, req, offsetof(struct ref_root, member), 0, h }
static const tc_jfield countries_root[] = {
	RF("checked", TC_JT_STRING, 1, checked, tc_ref_check_date),
	RF("source", TC_JT_STRING, 0, source, NULL),
	{ "countries", TC_JT_ARRAY, 1, offsetof(struct ref_root, ref), 0, add_countries },
};
static const tc_jfield categories_root[] = {
	RF("checked", TC_JT_STRING, 1, checked, tc_ref_check_date),
	RF("source", TC_JT_STRING, 0, source, NULL),
	{ "categories", TC_JT_ARRAY, 1, offsetof(struct ref_root, ref), 0, add_categories },
};

/* Load one reference file through its root table; "checked" goes to *checked. */
static int load_one(const char *dir, const char *name, const tc_jfield *root, size_t nroot,
		    tc_refdata *ref, char **checked, struct first_err *fe)
{
	struct ref_root rr = { NULL, NULL, ref };
	char *path = tc_path_join(dir, name);
	tc_buf text = TC_BUF_INIT;
	tc_jdoc doc;
	int ret = -1;

	tc_jdoc_init(&doc, path, keep_first, fe);
	if (tc_read_file(path, REF_MAX_FILE, &text, fe->err, fe->errlen) < 0) {
		if (fe->fwd)
			fe->fwd(fe->fwd_ud, TC_JLEVEL_ERROR, path, 1, 1, fe->err);
		fe->have = 1;
		goto out;
	}
	if (tc_jdoc_parse(&doc, text.data, text.len, TC_JDOC_MAX_DEPTH) < 0)
		goto out;
	if (!cJSON_IsObject(doc.root)) {
		tc_jdoc_diag(&doc, TC_JLEVEL_ERROR, "", 0, "the file must hold a JSON object");
		goto out;
	}
	tc_jdoc_walk(&doc, doc.root, "", root, nroot, &rr, NULL);
	if (doc.nerrors)
		goto out;
	*checked = rr.checked;
	rr.checked = NULL;
	ret = 0;
out:
	free(rr.checked);
	free(rr.source);
	tc_jdoc_release(&doc);
	tc_buf_release(&text);
	free(path);
	return ret;
}

static int load_both(const char *dir, tc_refdata *ref, struct first_err *fe)
{
	int a, b;

	memset(ref, 0, sizeof(*ref));
	ref->dir = tc_xstrdup(dir);
	a = load_one(dir, "countries.json", countries_root, TC_ARRAY_LEN(countries_root), ref,
		     &ref->countries_checked, fe);
	if (a < 0 && !fe->fwd)
		goto fail;
	b = load_one(dir, "categories.json", categories_root, TC_ARRAY_LEN(categories_root), ref,
		     &ref->categories_checked, fe);
	if (a < 0 || b < 0)
		goto fail;
	if (tc_refscope_load(dir, &ref->scope, keep_first, fe) < 0)
		goto fail;
	return 0;
fail:
	tc_refdata_release(ref);
	return -1;
}

int tc_refdata_load(const char *dir, tc_refdata *ref, char *err, size_t errlen)
{
	struct first_err fe = { err, errlen, 0, NULL, NULL };

	return load_both(dir, ref, &fe);
}

int tc_refdata_load_report(const char *dir, tc_refdata *ref,
			   void (*report)(void *ud, int level, const char *file, int line,
					  int col, const char *msg), void *ud)
{
	char err[512];
	struct first_err fe = { err, sizeof(err), 0, report, ud };

	return load_both(dir, ref, &fe);
}

void tc_refdata_release(tc_refdata *ref)
{
	for (size_t i = 0; i < ref->ncountries; i++)
		country_release(&ref->countries[i]);
	free(ref->countries);
	for (size_t i = 0; i < ref->ncategories; i++)
		category_release(&ref->categories[i]);
	free(ref->categories);
	free(ref->countries_checked);
	free(ref->categories_checked);
	tc_refscope_release(&ref->scope);
	free(ref->dir);
	memset(ref, 0, sizeof(*ref));
}

/* ---- lookups ---- */

static int cmp_code(const void *key, const void *elem)
{
	return strcmp(key, ((const tc_country *)elem)->code);
}

const tc_country *tc_refdata_country(const tc_refdata *ref, const char *code)
{
	const tc_country *c;

	if (!ref || !code || !ref->ncountries)
		return NULL;
	c = bsearch(code, ref->countries, ref->ncountries, sizeof(*ref->countries), cmp_code);
	if (c)
		return c;
	for (size_t i = 0; i < ref->ncountries; i++)
		for (size_t k = 0; k < ref->countries[i].naliases; k++)
			if (strcmp(ref->countries[i].aliases[k], code) == 0)
				return &ref->countries[i];
	return NULL;
}

int tc_refdata_in_eea(const tc_refdata *ref, const char *code)
{
	enum tc_country_status st = tc_refdata_status(ref, code);

	return st == TC_CS_EU || st == TC_CS_EEA;
}

enum tc_country_status tc_refdata_status(const tc_refdata *ref, const char *code)
{
	const tc_country *c = tc_refdata_country(ref, code);

	return c ? c->status : TC_CS_THIRD;
}

const tc_category *tc_refdata_category(const tc_refdata *ref, const char *code)
{
	if (!ref || !code)
		return NULL;
	for (size_t i = 0; i < ref->ncategories; i++)
		if (strcmp(ref->categories[i].code, code) == 0)
			return &ref->categories[i];
	return NULL;
}

const char *tc_refdata_country_name(const tc_refdata *ref, const char *code, enum tc_lang lang)
{
	const tc_country *c = tc_refdata_country(ref, code);

	if (!c)
		return code;
	return lang == TC_LANG_SV ? c->name_sv : c->name_en;
}

const char *tc_refdata_category_name(const tc_refdata *ref, const char *code, enum tc_lang lang)
{
	const tc_category *c = tc_refdata_category(ref, code);

	if (!c)
		return code;
	return lang == TC_LANG_SV ? c->name_sv : c->name_en;
}
