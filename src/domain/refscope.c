/*
 * refscope: scope rules of adequacy decisions, subject groups, importer sectors and
 * the law and practice of destinations, read through jsondoc field tables. See
 * include/tiacheck/refscope.h.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "tiacheck/refscope.h"
#include "tiacheck/util.h"

#define SCOPE_MAX_FILE ((size_t)1 << 20)

static void text2_free(tc_text2 *t)
{
	free(t->sv);
	free(t->en);
}

static void strs_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void sources_free(tc_source *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(s[i].title);
		free(s[i].url);
	}
	free(s);
}

int tc_code_in(const char *code, char *const *list, size_t n)
{
	for (size_t i = 0; code && i < n; i++)
		if (strcmp(list[i], code) == 0)
			return 1;
	return 0;
}

int tc_date_check(const char *s)
{
	static const char shape[] = "dddd-dd-dd";
	time_t t;

	if (!s || strlen(s) != sizeof(shape) - 1)
		return TC_DATE_MALFORMED;
	for (size_t i = 0; i < sizeof(shape) - 1; i++)
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
			return TC_DATE_MALFORMED;
	return tc_parse_date(s, &t) < 0 ? TC_DATE_IMPOSSIBLE : 0;
}

int tc_ref_check_date(tc_jdoc *d, const cJSON *v, const char *path, void *t, void *ud)
{
	int k = tc_date_check(v->valuestring);

	(void)t;
	(void)ud;
	if (k == TC_DATE_MALFORMED)
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0, "malformed date '%s'; expected YYYY-MM-DD",
			     v->valuestring);
	else if (k == TC_DATE_IMPOSSIBLE)
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0,
			     "'%s' is not a date of the calendar (YYYY-MM-DD, a real day)",
			     v->valuestring);
	return k < 0 ? -1 : 0;
}

static int check_url(tc_jdoc *d, const cJSON *v, const char *path, void *t, void *ud)
{
	(void)t;
	(void)ud;
	if (!tc_startswith(v->valuestring, "https://") && !tc_startswith(v->valuestring, "http://")) {
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0, "a source URL must start with https://");
		return -1;
	}
	return 0;
}

static const tc_jfield text2_fields[] = {
	{ "sv", TC_JT_STRING, 1, offsetof(tc_text2, sv), 0, NULL },
	{ "en", TC_JT_STRING, 1, offsetof(tc_text2, en), 0, NULL },
};

static int parse_text2(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	tc_text2 *t = slot;

	(void)ud;
	return tc_jdoc_walk(d, v, path, text2_fields, TC_ARRAY_LEN(text2_fields), t, NULL);
}

static const tc_jfield source_fields[] = {
	{ "title", TC_JT_STRING, 1, offsetof(tc_source, title), 0, NULL },
	{ "url", TC_JT_STRING, 0, offsetof(tc_source, url), 0, check_url },
};

/* "sources": [ {title, url} ] into a (tc_source *, size_t) pair at slot. */
struct src_list {
	tc_source *v;
	size_t n;
};

static int parse_sources(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	struct src_list *l = slot;
	size_t idx = 0;
	int ret = 0;

	(void)ud;
	for (const cJSON *e = v->child; e; e = e->next, idx++) {
		char *sub = tc_jpath_index(path, idx);
		tc_source s = { 0 };

		if (!cJSON_IsObject(e)) {
			tc_jdoc_diag(d, TC_JLEVEL_ERROR, sub, 0, "a source must be an object, not %s",
				     tc_jtype_name(e));
			ret = -1;
		} else if (tc_jdoc_walk(d, e, sub, source_fields, TC_ARRAY_LEN(source_fields), &s,
					NULL) == 0) {
			l->v = tc_xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
			l->v[l->n++] = s;
			free(sub);
			continue;
		} else {
			ret = -1;
		}
		free(s.title);
		free(s.url);
		free(sub);
	}
	return ret;
}

/* ---- scope rules ---- */

/* The rules with their sources as one struct for the walker. */
struct rules_in {
	tc_scope_rules r;
	struct src_list src;
};

#define SR(name, type, member, h) \
	{ name, type, 0, offsetof(struct rules_in, r.member), 0, h }
#define SL(name, member) \
	{ name, TC_JT_STRARRAY, 0, offsetof(struct rules_in, r.member), \
	  offsetof(struct rules_in, r.n##member), NULL }
static const tc_jfield rules_fields[] = {
	{ "importer_sectors_only", TC_JT_STRARRAY, 0, offsetof(struct rules_in, r.sectors_only),
	  offsetof(struct rules_in, r.nsectors_only), NULL },
	{ "importer_sectors_excluded", TC_JT_STRARRAY, 0,
	  offsetof(struct rules_in, r.sectors_excluded),
	  offsetof(struct rules_in, r.nsectors_excluded), NULL },
	SL("subjects_warn", subjects_warn),
	SR("subjects_warn_reason", TC_JT_OBJECT, subjects_warn_reason, parse_text2),
	SL("regions_excluded", regions_excluded),
	SR("requires_dpf", TC_JT_BOOL, requires_dpf, NULL),
	SR("hr_subjects_require_dpf_hr", TC_JT_BOOL, hr_requires_dpf_hr, NULL),
	SR("summary", TC_JT_OBJECT, summary, parse_text2),
	{ "sources", TC_JT_ARRAY, 1, offsetof(struct rules_in, src), 0, parse_sources },
	{ "checked", TC_JT_STRING, 1, offsetof(struct rules_in, r.checked), 0, tc_ref_check_date },
};

void tc_scope_rules_free(tc_scope_rules *r)
{
	if (!r)
		return;
	strs_free(r->sectors_only, r->nsectors_only);
	strs_free(r->sectors_excluded, r->nsectors_excluded);
	strs_free(r->subjects_warn, r->nsubjects_warn);
	text2_free(&r->subjects_warn_reason);
	strs_free(r->regions_excluded, r->nregions_excluded);
	text2_free(&r->summary);
	sources_free(r->sources, r->nsources);
	free(r->checked);
	free(r);
}

int tc_refscope_parse_rules(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	tc_scope_rules **out = slot;
	struct rules_in in = { 0 };

	(void)ud;
	if (tc_jdoc_walk(d, v, path, rules_fields, TC_ARRAY_LEN(rules_fields), &in, NULL) < 0) {
		in.r.sources = in.src.v;
		in.r.nsources = in.src.n;
		tc_scope_rules *tmp = tc_xcalloc(1, sizeof(*tmp));
		*tmp = in.r;
		tc_scope_rules_free(tmp);
		return -1;
	}
	in.r.sources = in.src.v;
	in.r.nsources = in.src.n;
	*out = tc_xcalloc(1, sizeof(**out));
	**out = in.r;
	return 0;
}

/* ---- subjects and sectors ---- */

int tc_ref_check_code(tc_jdoc *d, const cJSON *v, const char *path, void *t, void *ud)
{
	const char *s = v->valuestring;

	(void)t;
	(void)ud;
	if (!*s || strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(s)) {
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0,
			     "code '%s' must be lower-case letters, digits and '_'", s);
		return -1;
	}
	return 0;
}

static const tc_jfield code_fields[] = {
	{ "code", TC_JT_STRING, 1, offsetof(tc_code_entry, code), 0, tc_ref_check_code },
	{ "sv", TC_JT_STRING, 1, offsetof(tc_code_entry, sv), 0, NULL },
	{ "en", TC_JT_STRING, 1, offsetof(tc_code_entry, en), 0, NULL },
	{ "hr", TC_JT_BOOL, 0, offsetof(tc_code_entry, hr), 0, NULL },
	{ "vulnerable", TC_JT_BOOL, 0, offsetof(tc_code_entry, vulnerable), 0, NULL },
};

struct code_list {
	tc_code_entry *v;
	size_t n;
};

static void code_entry_free(tc_code_entry *e)
{
	free(e->code);
	free(e->sv);
	free(e->en);
}

static int parse_codes(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	struct code_list *l = slot;
	size_t idx = 0;

	(void)ud;
	for (const cJSON *e = v->child; e; e = e->next, idx++) {
		char *sub = tc_jpath_index(path, idx);
		tc_code_entry c = { 0 };
		int dup = 0;

		if (!cJSON_IsObject(e)) {
			tc_jdoc_diag(d, TC_JLEVEL_ERROR, sub, 0, "an entry must be an object, not %s",
				     tc_jtype_name(e));
		} else if (tc_jdoc_walk(d, e, sub, code_fields, TC_ARRAY_LEN(code_fields), &c,
					NULL) == 0) {
			for (size_t i = 0; i < l->n; i++)
				dup |= strcmp(l->v[i].code, c.code) == 0;
			if (!dup) {
				l->v = tc_xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
				l->v[l->n++] = c;
				free(sub);
				continue;
			}
			char *p = tc_jpath_key(sub, "code");
			tc_jdoc_diag(d, TC_JLEVEL_ERROR, p, 0, "duplicate code '%s'", c.code);
			free(p);
		}
		code_entry_free(&c);
		free(sub);
	}
	return 0;
}

/* ---- laws ---- */

static int check_reach(tc_jdoc *d, const cJSON *v, const char *path, void *t, void *ud)
{
	static const char *const reaches[] = { "any_organisation", "communications_providers",
					       "telecom_operators", "none" };
	(void)t;
	(void)ud;
	for (size_t i = 0; i < TC_ARRAY_LEN(reaches); i++)
		if (strcmp(v->valuestring, reaches[i]) == 0)
			return 0;
	tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0,
		     "unknown reach '%s'; expected any_organisation, communications_providers, "
		     "telecom_operators or none", v->valuestring);
	return -1;
}

static int check_assessment(tc_jdoc *d, const cJSON *v, const char *path, void *t, void *ud)
{
	(void)t;
	(void)ud;
	if (tc_streq(v->valuestring, "adequacy_assessed") || tc_streq(v->valuestring, "concerns") ||
	    tc_streq(v->valuestring, "serious_concerns"))
		return 0;
	tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0,
		     "unknown assessment '%s'; expected adequacy_assessed, concerns or "
		     "serious_concerns", v->valuestring);
	return -1;
}

static const tc_jfield law_fields[] = {
	{ "name", TC_JT_STRING, 1, offsetof(tc_law, name), 0, NULL },
	{ "reaches", TC_JT_STRING, 1, offsetof(tc_law, reaches), 0, check_reach },
	{ "sv", TC_JT_STRING, 1, offsetof(tc_law, text.sv), 0, NULL },
	{ "en", TC_JT_STRING, 1, offsetof(tc_law, text.en), 0, NULL },
};

struct law_list {
	tc_law *v;
	size_t n;
};

static int parse_laws(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	struct law_list *l = slot;
	size_t idx = 0;

	(void)ud;
	for (const cJSON *e = v->child; e; e = e->next, idx++) {
		char *sub = tc_jpath_index(path, idx);
		tc_law w = { 0 };

		if (cJSON_IsObject(e) &&
		    tc_jdoc_walk(d, e, sub, law_fields, TC_ARRAY_LEN(law_fields), &w, NULL) == 0) {
			l->v = tc_xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
			l->v[l->n++] = w;
		} else {
			if (!cJSON_IsObject(e))
				tc_jdoc_diag(d, TC_JLEVEL_ERROR, sub, 0, "a law must be an object");
			free(w.name);
			free(w.reaches);
			text2_free(&w.text);
		}
		free(sub);
	}
	return 0;
}

struct profile_in {
	tc_law_profile p;
	struct law_list laws;
	struct src_list src;
};

int tc_ref_check_country(tc_jdoc *d, const cJSON *v, const char *path, void *t, void *ud)
{
	size_t n = strlen(v->valuestring);

	(void)t;
	(void)ud;
	if (n < 2 || n > 4 || strspn(v->valuestring, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != n) {
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0,
			     "country code '%s' must be 2-4 upper-case letters", v->valuestring);
		return -1;
	}
	return 0;
}

static const tc_jfield profile_fields[] = {
	{ "country", TC_JT_STRING, 1, offsetof(struct profile_in, p.country), 0, tc_ref_check_country },
	{ "assessment", TC_JT_STRING, 1, offsetof(struct profile_in, p.assessment), 0,
	  check_assessment },
	{ "laws", TC_JT_ARRAY, 1, offsetof(struct profile_in, laws), 0, parse_laws },
	{ "redress", TC_JT_OBJECT, 1, offsetof(struct profile_in, p.redress), 0, parse_text2 },
	{ "scc", TC_JT_OBJECT, 1, offsetof(struct profile_in, p.scc), 0, parse_text2 },
	{ "sources", TC_JT_ARRAY, 1, offsetof(struct profile_in, src), 0, parse_sources },
};

static void profile_free(tc_law_profile *p)
{
	free(p->country);
	free(p->assessment);
	for (size_t i = 0; i < p->nlaws; i++) {
		free(p->laws[i].name);
		free(p->laws[i].reaches);
		text2_free(&p->laws[i].text);
	}
	free(p->laws);
	text2_free(&p->redress);
	text2_free(&p->scc);
	sources_free(p->sources, p->nsources);
}

struct profile_list {
	tc_law_profile *v;
	size_t n;
};

static int parse_profiles(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	struct profile_list *l = slot;
	size_t idx = 0;

	(void)ud;
	for (const cJSON *e = v->child; e; e = e->next, idx++) {
		char *sub = tc_jpath_index(path, idx);
		struct profile_in in = { 0 };
		int ok = cJSON_IsObject(e) &&
			 tc_jdoc_walk(d, e, sub, profile_fields, TC_ARRAY_LEN(profile_fields), &in,
				      NULL) == 0;

		in.p.laws = in.laws.v;
		in.p.nlaws = in.laws.n;
		in.p.sources = in.src.v;
		in.p.nsources = in.src.n;
		for (size_t i = 0; ok && i < l->n; i++)
			if (strcmp(l->v[i].country, in.p.country) == 0) {
				tc_jdoc_diag(d, TC_JLEVEL_ERROR, sub, 0, "country '%s' twice",
					     in.p.country);
				ok = 0;
			}
		if (ok) {
			l->v = tc_xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
			l->v[l->n++] = in.p;
		} else {
			if (!cJSON_IsObject(e))
				tc_jdoc_diag(d, TC_JLEVEL_ERROR, sub, 0,
					     "a destination must be an object");
			profile_free(&in.p);
		}
		free(sub);
	}
	return 0;
}

/* ---- aliases ---- */

static const tc_jfield alias_fields[] = {
	{ "id", TC_JT_STRING, 1, offsetof(tc_alias_group, id), 0, tc_ref_check_code },
	{ "names", TC_JT_STRARRAY, 1, offsetof(tc_alias_group, names),
	  offsetof(tc_alias_group, nnames), NULL },
	{ "note", TC_JT_STRING, 0, offsetof(tc_alias_group, note), 0, NULL },
};

static void alias_free(tc_alias_group *g)
{
	free(g->id);
	strs_free(g->names, g->nnames);
	free(g->note);
}

struct alias_list {
	tc_alias_group *v;
	size_t n;
};

/* The group of l that already holds name (case-insensitive), or NULL. */
static const tc_alias_group *alias_holder(const struct alias_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		for (size_t k = 0; k < l->v[i].nnames; k++)
			if (strcasecmp(l->v[i].names[k], name) == 0)
				return &l->v[i];
	return NULL;
}

/* Add g to l unless its id or one of its names is already there (reported). */
static int alias_add(tc_jdoc *d, const char *path, struct alias_list *l, tc_alias_group *g)
{
	for (size_t i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].id, g->id) == 0) {
			tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0, "duplicate group id '%s'", g->id);
			return -1;
		}
	}
	for (size_t k = 0; k < g->nnames; k++) {
		const tc_alias_group *h = alias_holder(l, g->names[k]);

		if (h) {
			tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0,
				     "name '%s' is already in group '%s'", g->names[k], h->id);
			return -1;
		}
	}
	if (!g->nnames) {
		tc_jdoc_diag(d, TC_JLEVEL_ERROR, path, 0, "group '%s' needs at least one name",
			     g->id);
		return -1;
	}
	l->v = tc_xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = *g;
	return 0;
}

static int parse_aliases(tc_jdoc *d, const cJSON *v, const char *path, void *slot, void *ud)
{
	struct alias_list *l = slot;
	size_t idx = 0;

	(void)ud;
	for (const cJSON *e = v->child; e; e = e->next, idx++) {
		char *sub = tc_jpath_index(path, idx);
		tc_alias_group g = { 0 };

		if (!cJSON_IsObject(e))
			tc_jdoc_diag(d, TC_JLEVEL_ERROR, sub, 0, "a group must be an object, not %s",
				     tc_jtype_name(e));
		else if (tc_jdoc_walk(d, e, sub, alias_fields, TC_ARRAY_LEN(alias_fields), &g,
				      NULL) == 0 &&
			 alias_add(d, sub, l, &g) == 0)
			g = (tc_alias_group){ 0 };
		alias_free(&g);
		free(sub);
	}
	return 0;
}

/* ---- files ---- */

struct root_in {
	char *checked;
	char *source;
	struct code_list subjects;
	struct code_list sectors;
	struct profile_list laws;
	struct alias_list aliases;
};

static const tc_jfield subjects_root[] = {
	{ "checked", TC_JT_STRING, 1, offsetof(struct root_in, checked), 0, tc_ref_check_date },
	{ "source", TC_JT_STRING, 0, offsetof(struct root_in, source), 0, NULL },
	{ "subjects", TC_JT_ARRAY, 1, offsetof(struct root_in, subjects), 0, parse_codes },
};
static const tc_jfield sectors_root[] = {
	{ "checked", TC_JT_STRING, 1, offsetof(struct root_in, checked), 0, tc_ref_check_date },
	{ "source", TC_JT_STRING, 0, offsetof(struct root_in, source), 0, NULL },
	{ "sectors", TC_JT_ARRAY, 1, offsetof(struct root_in, sectors), 0, parse_codes },
};
static const tc_jfield laws_root[] = {
	{ "checked", TC_JT_STRING, 1, offsetof(struct root_in, checked), 0, tc_ref_check_date },
	{ "source", TC_JT_STRING, 0, offsetof(struct root_in, source), 0, NULL },
	{ "destinations", TC_JT_ARRAY, 1, offsetof(struct root_in, laws), 0, parse_profiles },
};

static const tc_jfield aliases_root[] = {
	{ "checked", TC_JT_STRING, 1, offsetof(struct root_in, checked), 0, tc_ref_check_date },
	{ "source", TC_JT_STRING, 1, offsetof(struct root_in, source), 0, NULL },
	{ "groups", TC_JT_ARRAY, 1, offsetof(struct root_in, aliases), 0, parse_aliases },
};

/* Parse dir/name through root into *in. 1 when the file is absent, 0 ok, -1 error. */
static int load_file(const char *dir, const char *name, const tc_jfield *root, size_t nroot,
		     struct root_in *in, tc_jreport_fn report, void *ud)
{
	char *path = tc_path_join(dir, name);
	tc_buf text = TC_BUF_INIT;
	char err[512];
	struct stat sb;
	tc_jdoc doc;
	int ret = -1;

	tc_jdoc_init(&doc, path, report, ud);
	if (stat(path, &sb) < 0 && errno == ENOENT) {
		ret = 1;
		goto out;
	}
	if (tc_read_file(path, SCOPE_MAX_FILE, &text, err, sizeof(err)) < 0) {
		report(ud, TC_JLEVEL_ERROR, path, 1, 1, err);
		goto out;
	}
	if (tc_jdoc_parse(&doc, text.data, text.len, TC_JDOC_MAX_DEPTH) < 0)
		goto out;
	if (!cJSON_IsObject(doc.root)) {
		tc_jdoc_diag(&doc, TC_JLEVEL_ERROR, "", 0, "the file must hold a JSON object");
		goto out;
	}
	tc_jdoc_walk(&doc, doc.root, "", root, nroot, in, NULL);
	ret = doc.nerrors ? -1 : 0;
out:
	tc_jdoc_release(&doc);
	tc_buf_release(&text);
	free(path);
	return ret;
}

static void root_free(struct root_in *in)
{
	free(in->checked);
	free(in->source);
	in->checked = in->source = NULL;
}

int tc_refscope_load(const char *dir, tc_refscope *out, tc_jreport_fn report, void *ud)
{
	struct root_in in = { 0 };
	int ret = 0;

	memset(out, 0, sizeof(*out));
	if (load_file(dir, "subjects.json", subjects_root, TC_ARRAY_LEN(subjects_root), &in,
		      report, ud) < 0)
		ret = -1;
	root_free(&in);
	if (load_file(dir, "sectors.json", sectors_root, TC_ARRAY_LEN(sectors_root), &in, report,
		      ud) < 0)
		ret = -1;
	root_free(&in);
	if (load_file(dir, "laws.json", laws_root, TC_ARRAY_LEN(laws_root), &in, report, ud) < 0)
		ret = -1;
	out->laws_checked = in.checked;
	in.checked = NULL;
	root_free(&in);
	if (load_file(dir, "aliases.json", aliases_root, TC_ARRAY_LEN(aliases_root), &in, report,
		      ud) < 0)
		ret = -1;
	out->aliases_checked = in.checked;
	in.checked = NULL;
	root_free(&in);
	out->aliases = in.aliases.v;
	out->naliases = in.aliases.n;
	out->subjects = in.subjects.v;
	out->nsubjects = in.subjects.n;
	out->sectors = in.sectors.v;
	out->nsectors = in.sectors.n;
	out->laws = in.laws.v;
	out->nlaws = in.laws.n;
	return ret;
}

void tc_refscope_release(tc_refscope *s)
{
	for (size_t i = 0; i < s->nsubjects; i++)
		code_entry_free(&s->subjects[i]);
	free(s->subjects);
	for (size_t i = 0; i < s->nsectors; i++)
		code_entry_free(&s->sectors[i]);
	free(s->sectors);
	for (size_t i = 0; i < s->nlaws; i++)
		profile_free(&s->laws[i]);
	free(s->laws);
	free(s->laws_checked);
	for (size_t i = 0; i < s->naliases; i++)
		alias_free(&s->aliases[i]);
	free(s->aliases);
	free(s->aliases_checked);
	memset(s, 0, sizeof(*s));
}

static const tc_code_entry *find_code(const tc_code_entry *v, size_t n, const char *code)
{
	for (size_t i = 0; code && i < n; i++)
		if (strcmp(v[i].code, code) == 0)
			return &v[i];
	return NULL;
}

const tc_code_entry *tc_refscope_subject(const tc_refscope *s, const char *code)
{
	return s ? find_code(s->subjects, s->nsubjects, code) : NULL;
}

const tc_code_entry *tc_refscope_sector(const tc_refscope *s, const char *code)
{
	return s ? find_code(s->sectors, s->nsectors, code) : NULL;
}

const tc_law_profile *tc_refscope_laws(const tc_refscope *s, const char *country)
{
	for (size_t i = 0; s && country && i < s->nlaws; i++)
		if (strcmp(s->laws[i].country, country) == 0)
			return &s->laws[i];
	return NULL;
}
