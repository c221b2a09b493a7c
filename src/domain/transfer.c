/*
 * transfer: flows and their classification. See include/tiacheck/transfer.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "tiacheck/dpf.h"
#include "tiacheck/entity.h"
#include "tiacheck/i18n.h"
#include "tiacheck/transfer.h"
#include "tiacheck/util.h"

#define DAY 86400L

static const char *const class_names[] = {
	[TC_FC_EU] = "eu",
	[TC_FC_EEA] = "eea",
	[TC_FC_ADEQUATE] = "adequate",
	[TC_FC_PARTIAL_COVERED] = "partial_covered",
	[TC_FC_PARTIAL_NOT_COVERED] = "partial_not_covered",
	[TC_FC_THIRD] = "third",
};

const char *tc_flow_class_name(enum tc_flow_class c)
{
	if ((size_t)c < TC_ARRAY_LEN(class_names) && class_names[c])
		return class_names[c];
	return "third";
}

const char *tc_flow_role_name(enum tc_flow_role r)
{
	return r == TC_FLOW_PARENT ? "parent" : tc_role_name((enum tc_role)r);
}

static const struct {
	unsigned bit;
	const char *name;          /* code, and key in the vocabulary "location_kind" */
} kind_table[] = {
	{ TC_LOC_STORAGE, "storage" },
	{ TC_LOC_PROCESSING, "processing" },
	{ TC_LOC_REMOTE_ACCESS, "remote_access" },
	{ TC_LOC_SUPPORT, "support" },
	{ TC_FLOW_KIND_PARENT, "parent" },
};

char *tc_flow_kinds_str(unsigned kinds)
{
	tc_buf b = TC_BUF_INIT;

	tc_buf_init(&b, 256);
	for (size_t i = 0; i < TC_ARRAY_LEN(kind_table); i++)
		if (kinds & kind_table[i].bit)
			tc_buf_printf(&b, "%s%s", b.len ? "," : "", kind_table[i].name);
	return tc_buf_detach(&b);
}

char *tc_flow_kinds_text(unsigned kinds, enum tc_lang lang)
{
	tc_buf b = TC_BUF_INIT;

	tc_buf_init(&b, 256);
	for (size_t i = 0; i < TC_ARRAY_LEN(kind_table); i++)
		if (kinds & kind_table[i].bit)
			tc_buf_printf(&b, "%s%s", b.len ? ", " : "",
				      tc_label(lang, "location_kind", kind_table[i].name));
	return tc_buf_detach(&b);
}

const char *tc_flow_class_label(enum tc_flow_class c, enum tc_lang lang)
{
	return tc_label(lang, "class", tc_flow_class_name(c));
}

const char *tc_flow_role_label(enum tc_flow_role r, enum tc_lang lang)
{
	return tc_label(lang, "role", tc_flow_role_name(r));
}

const char *tc_mech_text(enum tc_mech_type t, enum tc_lang lang)
{
	return tc_label(lang, "flows.mech", tc_mech_type_name(t));
}

const char *tc_flow_reason(const tc_flow *fl, enum tc_lang lang)
{
	return tc_i18n_get(&fl->reason, lang);
}

/* ---- classification ---- */

/* Why a DPF mechanism is (not) evidence of coverage. */
enum dpf_gap { DPF_OK, DPF_NONE, DPF_NO_URL, DPF_NO_DATE, DPF_STATUS, DPF_STALE, DPF_FUTURE };

static enum dpf_gap dpf_check(const tc_mechanism *m, time_t now, long *age)
{
	time_t t;

	*age = 0;
	if (!m || m->type != TC_MECH_DPF)
		return DPF_NONE;
	if (!m->dpf_url)
		return DPF_NO_URL;
	if (!m->dpf_checked || tc_parse_date(m->dpf_checked, &t) < 0)
		return DPF_NO_DATE;
	if (!tc_streq(m->dpf_status, "active"))
		return DPF_STATUS;
	*age = (long)((now - t) / DAY);
	if (t > now + DAY)
		return DPF_FUTURE;
	if (*age > TC_DPF_MAX_AGE_DAYS)
		return DPF_STALE;
	return DPF_OK;
}

enum tc_flow_class tc_classify(const tc_refdata *ref, const char *country,
			       const tc_mechanism *m, time_t now, enum tc_mech_type *mech)
{
	const tc_country *c = tc_refdata_country(ref, country);
	enum tc_mech_type dummy;
	long age;

	if (!mech)
		mech = &dummy;
	*mech = TC_MECH_NONE;
	switch (c ? c->status : TC_CS_THIRD) {
	case TC_CS_EU:
		return TC_FC_EU;
	case TC_CS_EEA:
		return TC_FC_EEA;
	case TC_CS_ADEQUATE:
	case TC_CS_ADEQUATE_IO:
		*mech = TC_MECH_ADEQUACY;
		return TC_FC_ADEQUATE;
	case TC_CS_ADEQUATE_PARTIAL:
		if (tc_streq(c->partial_evidence, "dpf") ? dpf_check(m, now, &age) == DPF_OK
							   : (m && m->type == TC_MECH_ADEQUACY)) {
			*mech = m->type;
			return TC_FC_PARTIAL_COVERED;
		}
		*mech = m ? m->type : TC_MECH_NONE;
		return TC_FC_PARTIAL_NOT_COVERED;
	case TC_CS_THIRD:
	default:
		*mech = m ? m->type : TC_MECH_NONE;
		return TC_FC_THIRD;
	}
}

int tc_dpf_covers(const tc_mechanism *m, time_t now)
{
	long age;

	return dpf_check(m, now, &age) == DPF_OK;
}

/* The message id of why partial adequacy does not cover a flow. */
static const char *partial_gap_id(const tc_country *c, const tc_mechanism *m, time_t now)
{
	static const char *const dpf_ids[] = {
		[DPF_NO_URL] = "flows.why.dpf_no_url",
		[DPF_NO_DATE] = "flows.why.dpf_no_date",
		[DPF_STATUS] = "flows.why.dpf_status",
		[DPF_STALE] = "flows.why.dpf_stale",
		[DPF_FUTURE] = "flows.why.dpf_future",
	};
	enum dpf_gap gap;
	long age;

	if (!tc_streq(c ? c->partial_evidence : NULL, "dpf"))
		return "flows.why.scope";
	gap = dpf_check(m, now, &age);
	if ((size_t)gap < TC_ARRAY_LEN(dpf_ids) && dpf_ids[gap])
		return dpf_ids[gap];
	return "flows.why.dpf_none";
}

/* ---- the scope of an adequacy decision (scope_rules in countries.json) ---- */

/* What the rules of the destination's decision say about one flow. Codes are static;
 * fact points into the flow's input. */
typedef struct scope_res {
	const char *rule;              /* the rule that leaves the flow out, or NULL */
	const char *fact;              /* the fact that decided it (a code) */
	const char *missing;           /* a field the rules need but the catalogue lacks */
	const char *warn;              /* a subject group in the decision's grey zone */
	const char *hr_subject;        /* an HR subject group of the flow */
} scope_res;

/* The first subject group of in that is HR data (subjects.json "hr"), or NULL. */
static const char *hr_subject(const tc_refdata *ref, const tc_flow_in *in)
{
	for (size_t i = 0; i < in->nsubjects; i++) {
		const tc_code_entry *e = tc_refscope_subject(&ref->scope, in->subjects[i]);

		if (e && e->hr)
			return in->subjects[i];
	}
	return NULL;
}

/* The sector rules: excluded sectors, or a list of the only ones covered. */
static void scope_sector(const tc_scope_rules *r, const tc_flow_in *in, scope_res *out)
{
	if (!r->nsectors_only && !r->nsectors_excluded)
		return;
	if (!in->sector) {
		out->missing = "sector";
	} else if (tc_code_in(in->sector, r->sectors_excluded, r->nsectors_excluded)) {
		out->rule = "sector_excluded";
		out->fact = in->sector;
	} else if (r->nsectors_only && !tc_code_in(in->sector, r->sectors_only, r->nsectors_only)) {
		out->rule = "sector_not_included";
		out->fact = in->sector;
	}
}

/* The subject rules: HR data under a DPF certification without HR, and the grey zone
 * of some subject groups. */
static void scope_subjects(const tc_refdata *ref, const tc_scope_rules *r,
			   const tc_flow_in *in, scope_res *out)
{
	const tc_mechanism *m = in->mechanism;

	if (!r->hr_requires_dpf_hr && !r->nsubjects_warn)
		return;
	if (!in->nsubjects) {
		if (!out->missing)
			out->missing = "subjects";
		return;
	}
	out->hr_subject = hr_subject(ref, in);
	/* HR data is covered only by a certification recorded as covering it: like the
	 * DPF status itself, an unstated 'hr' is no evidence */
	if (r->hr_requires_dpf_hr && out->hr_subject && m && m->type == TC_MECH_DPF &&
	    m->hr != TC_FACT_TRUE) {
		out->rule = m->hr == TC_FACT_FALSE ? "dpf_hr" : "dpf_hr_unstated";
		out->fact = out->hr_subject;
		return;
	}
	for (size_t i = 0; i < in->nsubjects && !out->warn; i++)
		if (tc_code_in(in->subjects[i], r->subjects_warn, r->nsubjects_warn))
			out->warn = in->subjects[i];
}

/* Apply the rules of c's decision to a flow. A location without a region is in the
 * country's own territory; only a recorded region can be excluded. */
static void scope_apply(const tc_refdata *ref, const tc_country *c, const tc_flow_in *in,
			scope_res *out)
{
	const tc_scope_rules *r = c ? c->rules : NULL;

	memset(out, 0, sizeof(*out));
	if (!r)
		return;
	if (in->region && tc_code_in(in->region, r->regions_excluded, r->nregions_excluded)) {
		out->rule = "region_excluded";
		out->fact = in->region;
		return;
	}
	scope_sector(r, in, out);
	if (out->rule)
		return;
	scope_subjects(ref, r, in, out);
}

/* A code of subjects.json or sectors.json in lang; the code itself when unknown. */
static const char *code_name(const tc_code_entry *e, const char *code, enum tc_lang lang)
{
	if (!e)
		return code;
	return lang == TC_LANG_SV ? (e->sv ? e->sv : code) : (e->en ? e->en : code);
}

/* The decision's scope in words: the coded rules' summary in lang, else the table's
 * note. */
static const char *scope_words(const tc_country *c, enum tc_lang lang)
{
	const tc_scope_rules *r = c ? c->rules : NULL;
	const char *s = r ? (lang == TC_LANG_SV ? r->summary.sv : r->summary.en) : NULL;

	return s ? s : c && c->scope ? c->scope : "";
}

/* The sentence of the rule that leaves the flow out (which rule, which fact). */
static void scope_rule_text(tc_buf *b, const tc_refdata *ref, const tc_country *c,
			    const tc_flow *fl, const scope_res *sr, enum tc_lang lang)
{
	const tc_scope_rules *r = c->rules;
	const tc_refscope *rs = &ref->scope;
	char id[96];

	snprintf(id, sizeof(id), "flows.scope.%s", sr->rule);
	if (tc_streq(sr->rule, "sector_not_included")) {
		tc_buf only = TC_BUF_INIT;

		tc_buf_init(&only, 4096);
		for (size_t i = 0; i < r->nsectors_only; i++)
			tc_buf_printf(&only, "%s\"%s\"", i ? ", " : "",
				      code_name(tc_refscope_sector(rs, r->sectors_only[i]),
						r->sectors_only[i], lang));
		tc_buf_printf(b, tc_tr(lang, id), tc_buf_str(&only), fl->entity,
			      code_name(tc_refscope_sector(rs, sr->fact), sr->fact, lang));
		tc_buf_release(&only);
	} else if (tc_streq(sr->rule, "sector_excluded")) {
		tc_buf_printf(b, tc_tr(lang, id),
			      code_name(tc_refscope_sector(rs, sr->fact), sr->fact, lang), fl->entity);
	} else if (tc_streq(sr->rule, "region_excluded")) {
		const char *region = tc_label_opt(lang, "flows.region", sr->fact);

		tc_buf_printf(b, tc_tr(lang, id), region ? region : sr->fact);
	} else {
		tc_buf_printf(b, tc_tr(lang, id), fl->entity,
			      code_name(tc_refscope_subject(rs, sr->fact), sr->fact, lang));
	}
}

/* After the classification: the fact a scoped decision needs but the catalogue
 * lacks, and the grey zone of a subject group. */
static void scope_notes(tc_buf *b, const tc_refdata *ref, const tc_country *c,
			const tc_flow *fl, const scope_res *sr, enum tc_lang lang)
{
	char id[96];

	if (!tc_flow_covered(fl))
		return;
	if (sr->missing) {
		snprintf(id, sizeof(id), "flows.scope_missing.%s", sr->missing);
		tc_buf_addc(b, ' ');
		tc_buf_printf(b, tc_tr(lang, id), fl->entity,
			      code_name(tc_refscope_subject(&ref->scope, sr->hr_subject),
					sr->hr_subject ? sr->hr_subject : "-", lang));
	}
	if (sr->warn && c->rules) {
		const tc_text2 *why = &c->rules->subjects_warn_reason;
		const char *text = lang == TC_LANG_SV ? why->sv : why->en;

		tc_buf_addc(b, ' ');
		tc_buf_printf(b, tc_tr(lang, "flows.scope_warn"),
			      code_name(tc_refscope_subject(&ref->scope, sr->warn), sr->warn, lang),
			      text ? text : "-");
	}
}

/* The sentence before the classification: a fourth party, or exposure without data
 * stored there (a parent company, remote access or support). */
static void reason_exposure(tc_buf *b, const tc_flow *fl, const char *name, enum tc_lang lang)
{
	const unsigned here = TC_LOC_STORAGE | TC_LOC_PROCESSING;

	if (fl->depth > 1 && fl->via) {
		tc_buf_printf(b, tc_tr(lang, "flows.reason.listed_by"),
			      fl->service_name ? fl->service_name : fl->via);
		tc_buf_addc(b, ' ');
	}
	if ((fl->kinds & TC_FLOW_KIND_PARENT) && fl->leaves_eea && !(fl->kinds & here)) {
		tc_buf_printf(b, tc_tr(lang, "flows.reason.parent"), fl->entity, name);
		tc_buf_addc(b, ' ');
	} else if ((fl->kinds & (TC_LOC_REMOTE_ACCESS | TC_LOC_SUPPORT)) &&
		   !(fl->kinds & here) && fl->leaves_eea) {
		tc_buf_printf(b, tc_tr(lang, "flows.reason.remote"), name);
		tc_buf_addc(b, ' ');
	}
}

/* The reason of a classification, in one language. */
static char *reason_text(const tc_refdata *ref, const tc_flow *fl, const tc_mechanism *m,
			 const scope_res *sr, time_t now, enum tc_lang lang)
{
	const tc_country *c = tc_refdata_country(ref, fl->country);
	const char *name = tc_refdata_country_name(ref, fl->country, lang);
	const char *decision = c && c->decision ? c->decision : "?";
	const char *scope = scope_words(c, lang);
	tc_buf b = TC_BUF_INIT;

	tc_buf_init(&b, 8192);
	reason_exposure(&b, fl, name, lang);
	if (sr->rule && c && c->rules && !tc_flow_covered(fl)) {
		tc_buf_printf(&b, tc_tr(lang, "flows.reason.scope_out"), name, decision, scope);
		tc_buf_addc(&b, ' ');
		scope_rule_text(&b, ref, c, fl, sr, lang);
		tc_buf_printf(&b, tc_tr(lang, "flows.reason.scope_out_end"),
			      tc_mech_text(fl->mechanism, lang));
		return tc_buf_detach(&b);
	}
	switch (fl->cls) {
	case TC_FC_EU:
		if (c && c->region)
			tc_buf_adds(&b, tc_tr(lang, "flows.reason.eu_region"));
		else
			tc_buf_printf(&b, tc_tr(lang, "flows.reason.eu"), name);
		break;
	case TC_FC_EEA:
		if (c && c->region)
			tc_buf_adds(&b, tc_tr(lang, "flows.reason.eea_region"));
		else
			tc_buf_printf(&b, tc_tr(lang, "flows.reason.eea"), name);
		break;
	case TC_FC_ADEQUATE:
		tc_buf_printf(&b, tc_tr(lang, "flows.reason.adequate"), name, decision,
			      c && c->decision_date ? c->decision_date : "?");
		break;
	case TC_FC_PARTIAL_COVERED:
		if (m && m->type == TC_MECH_DPF)
			tc_buf_printf(&b, tc_tr(lang, "flows.reason.partial_dpf"), name, decision,
				      fl->entity, m->dpf_checked);
		else
			tc_buf_printf(&b, tc_tr(lang, "flows.reason.partial_scope"), name, decision,
				      c && c->decision_date ? c->decision_date : "?", scope);
		break;
	case TC_FC_PARTIAL_NOT_COVERED:
		tc_buf_printf(&b, tc_tr(lang, "flows.reason.partial_not"), name, scope,
			      tc_tr(lang, partial_gap_id(c, m, now)), tc_mech_text(fl->mechanism, lang));
		break;
	case TC_FC_THIRD:
	default:
		if (!c) {
			tc_buf_printf(&b, tc_tr(lang, "flows.reason.unknown_country"), fl->country);
			tc_buf_addc(&b, ' ');
		}
		tc_buf_printf(&b, tc_tr(lang, "flows.reason.third"), name,
			      tc_mech_text(fl->mechanism, lang));
		break;
	}
	scope_notes(&b, ref, c, fl, sr, lang);
	return tc_buf_detach(&b);
}

static int is_outside(enum tc_flow_class c)
{
	return c != TC_FC_EU && c != TC_FC_EEA;
}

int tc_flows_add(tc_flows *f, const tc_refdata *ref, const tc_flow_in *in, time_t now)
{
	tc_flow fl = { 0 };
	scope_res sr;

	if (!in->country || !in->service)
		return -1;
	fl.service = tc_xstrdup(in->service);
	fl.service_name = tc_xstrdup(in->service_name ? in->service_name : in->service);
	fl.entity = tc_xstrdup(in->entity ? in->entity : fl.service_name);
	fl.role = in->role ? in->role : TC_FLOW_PROCESSOR;
	fl.depth = in->depth > 0 ? in->depth : 1;
	fl.via = tc_xstrdup(in->via);
	fl.country = tc_xstrdup(in->country);
	fl.kinds = in->kinds;
	fl.status = tc_refdata_status(ref, in->country);
	fl.known_country = tc_refdata_country(ref, in->country) != NULL;
	fl.cls = tc_classify(ref, in->country, in->mechanism, now, &fl.mechanism);
	scope_apply(ref, tc_refdata_country(ref, in->country), in, &sr);
	if (sr.rule && tc_flow_covered(&fl) && fl.cls != TC_FC_EU && fl.cls != TC_FC_EEA) {
		/* outside the decision's scope: as a third country, with what is recorded */
		fl.cls = TC_FC_PARTIAL_NOT_COVERED;
		fl.mechanism = in->mechanism ? in->mechanism->type : TC_MECH_NONE;
	}
	fl.scope_rule = sr.rule;
	if (tc_flow_covered(&fl) && fl.cls != TC_FC_EU && fl.cls != TC_FC_EEA) {
		fl.scope_missing = sr.missing;
		fl.scope_warn = sr.warn != NULL;
	}
	fl.leaves_eea = is_outside(fl.cls);
	fl.place = tc_xstrdup(in->place);
	fl.note = tc_xstrdup(in->note);
	if (in->mechanism && in->mechanism->type == TC_MECH_DPF) {
		fl.dpf_checked = tc_xstrdup(in->mechanism->dpf_checked);
		fl.dpf_url = tc_xstrdup(in->mechanism->dpf_url);
		fl.dpf_status = tc_xstrdup(in->mechanism->dpf_status);
	}
	if (in->mechanism && in->mechanism->type == TC_MECH_ART49)
		fl.art49_ground = tc_xstrdup(in->mechanism->art49_ground);
	if (in->ncategories) {
		fl.categories = tc_xcalloc(in->ncategories, sizeof(*fl.categories));
		for (size_t i = 0; i < in->ncategories; i++) {
			const tc_category *c = tc_refdata_category(ref, in->categories[i]);

			fl.categories[fl.ncategories++] = tc_xstrdup(in->categories[i]);
			if (c) {
				fl.personnummer |= c->national_id;
				fl.special |= c->special;
				if (c->special && tc_streq(c->code, "criminal"))
					fl.criminal = 1;
				else if (c->special)
					fl.art9 = 1;
				if (c->weight > fl.weight)
					fl.weight = c->weight;
			}
		}
	}
	if (!fl.scope_missing)
		sr.missing = NULL;
	if (!fl.scope_warn)
		sr.warn = NULL;
	fl.reason.en = reason_text(ref, &fl, in->mechanism, &sr, now, TC_LANG_EN);
	fl.reason.sv = reason_text(ref, &fl, in->mechanism, &sr, now, TC_LANG_SV);
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 32;
		f->v = tc_xrealloc(f->v, f->cap * sizeof(*f->v));
	}
	f->v[f->n++] = fl;
	return 0;
}

static void flow_release(tc_flow *fl)
{
	free(fl->service);
	free(fl->service_name);
	free(fl->entity);
	free(fl->via);
	free(fl->country);
	for (size_t i = 0; i < fl->ncategories; i++)
		free(fl->categories[i]);
	free(fl->categories);
	free(fl->reason.en);
	free(fl->reason.sv);
	free(fl->place);
	free(fl->note);
	free(fl->dpf_checked);
	free(fl->dpf_url);
	free(fl->dpf_status);
	free(fl->art49_ground);
}

void tc_flows_release(tc_flows *f)
{
	for (size_t i = 0; i < f->n; i++)
		flow_release(&f->v[i]);
	free(f->v);
	memset(f, 0, sizeof(*f));
}

void tc_flows_filter(tc_flows *f, int (*keep)(const tc_flow *fl, void *ud), void *ud)
{
	size_t k = 0;

	for (size_t i = 0; i < f->n; i++) {
		if (keep(&f->v[i], ud))
			f->v[k++] = f->v[i];
		else
			flow_release(&f->v[i]);
	}
	f->n = k;
}

size_t tc_flows_count_outside(const tc_flows *f)
{
	size_t n = 0;

	for (size_t i = 0; i < f->n; i++)
		n += f->v[i].leaves_eea != 0;
	return n;
}

int tc_flow_covered(const tc_flow *fl)
{
	return fl->cls == TC_FC_EU || fl->cls == TC_FC_EEA || fl->cls == TC_FC_ADEQUATE ||
	       fl->cls == TC_FC_PARTIAL_COVERED;
}

static int in_eea(const tc_refdata *ref, const char *code)
{
	enum tc_country_status st = tc_refdata_status(ref, code);

	return st == TC_CS_EU || st == TC_CS_EEA;
}

/* The mechanism of s for country; dpf (when not NULL) stands in for its DPF one. */
static const tc_mechanism *mech_for(const tc_service *s, const char *country,
				    const tc_mechanism *dpf)
{
	const tc_mechanism *m = tc_service_mechanism(s, country);

	return dpf && m && m->type == TC_MECH_DPF ? dpf : m;
}

/* The flows of one service: each location; the parent company's country (merged
 * into a location there of the parent itself); the contracting entity's country when
 * it is outside the EU/EEA and no location covers it. */
static void service_flows(const tc_service *s, const tc_refdata *ref, time_t now,
			  tc_flows *out, const tc_mechanism *dpf)
{
	int parent_done = !s->parent_country || in_eea(ref, s->parent_country);
	int entity_done = !s->entity_country || in_eea(ref, s->entity_country);
	tc_flow_in in = { 0 };

	in.service = s->id;
	in.service_name = s->name;
	in.depth = 1;
	in.categories = (const char *const *)s->categories;
	in.ncategories = s->ncategories;
	in.subjects = (const char *const *)s->subjects;
	in.nsubjects = s->nsubjects;
	for (size_t i = 0; i < s->nlocations; i++) {
		const tc_location *l = &s->locations[i];

		in.sector = l->sector ? l->sector : s->sector;
		in.region = l->region;
		in.entity = l->entity ? l->entity : s->legal_entity;
		in.role = (enum tc_flow_role)(l->role ? l->role : s->role);
		in.country = l->country;
		in.kinds = l->kinds;
		in.place = l->place;
		in.note = l->note;
		in.mechanism = mech_for(s, l->country, dpf);
		if (!parent_done && tc_streq(l->country, s->parent_country) &&
		    (!l->entity || tc_streq(l->entity, s->parent_name))) {
			in.kinds |= TC_FLOW_KIND_PARENT;
			parent_done = 1;
		}
		if (tc_streq(l->country, s->entity_country))
			entity_done = 1;
		tc_flows_add(out, ref, &in, now);
	}
	in.place = in.note = NULL;
	in.sector = s->sector;
	in.region = NULL;
	if (!entity_done) {
		in.entity = s->legal_entity;
		in.role = (enum tc_flow_role)s->role;
		in.country = s->entity_country;
		in.kinds = TC_LOC_REMOTE_ACCESS;
		in.mechanism = mech_for(s, s->entity_country, dpf);
		if (!parent_done && tc_streq(s->entity_country, s->parent_country)) {
			in.kinds |= TC_FLOW_KIND_PARENT;
			parent_done = 1;
		}
		tc_flows_add(out, ref, &in, now);
	}
	if (!parent_done) {
		in.entity = s->parent_name;
		in.role = TC_FLOW_PARENT;
		in.country = s->parent_country;
		in.kinds = TC_FLOW_KIND_PARENT;
		in.mechanism = mech_for(s, s->parent_country, dpf);
		tc_flows_add(out, ref, &in, now);
	}
}

/* The onward flows of one service: each location of each sub-processor the catalogue
 * declares for it (depth 2), with the sub-processor's own mechanism and sector and the
 * service's data. */
static void declared_flows(const tc_service *s, const tc_refdata *ref, time_t now,
			   tc_flows *out)
{
	tc_flow_in in = { 0 };

	in.service = s->id;
	in.service_name = s->name;
	in.role = TC_FLOW_SUBPROCESSOR;
	in.depth = 2;
	in.via = s->id;
	in.categories = (const char *const *)s->categories;
	in.ncategories = s->ncategories;
	in.subjects = (const char *const *)s->subjects;
	in.nsubjects = s->nsubjects;
	for (size_t i = 0; i < s->nsubprocessors; i++) {
		const tc_subprocessor *p = &s->subprocessors[i];

		for (size_t k = 0; k < p->nlocations; k++) {
			const tc_location *l = &p->locations[k];

			in.entity = l->entity ? l->entity : p->name;
			in.country = l->country;
			in.kinds = l->kinds;
			in.place = l->place;
			in.note = l->note;
			in.sector = l->sector ? l->sector : p->sector;
			in.region = l->region;
			in.mechanism = tc_subprocessor_mechanism(p, l->country);
			tc_flows_add(out, ref, &in, now);
		}
	}
}

int tc_flows_build(const tc_catalog *cat, const tc_refdata *ref, time_t now, tc_flows *out)
{
	for (size_t i = 0; i < cat->nservices; i++) {
		service_flows(&cat->services[i], ref, now, out, NULL);
		declared_flows(&cat->services[i], ref, now, out);
	}
	return 0;
}

/* ---- DPF evidence from the monitored participant page ---- */

/* Append " sentence" to an owned reason string. */
static void reason_append(char **reason, const char *sentence)
{
	char *s = tc_xasprintf("%s %s", *reason ? *reason : "", sentence);

	free(*reason);
	*reason = s;
}

/* The sentence saying where the DPF facts of a flow come from, in lang. Owned. */
static char *evidence_text(const tc_dpf_evidence *ev, enum tc_lang lang)
{
	if (!ev->checked[0])
		return tc_xasprintf(tc_tr(lang, "flows.dpf_evidence_none"), ev->url);
	if (ev->page.status == TC_DPF_UNKNOWN)
		return tc_xasprintf(tc_tr(lang, "flows.dpf_evidence_unread"), ev->url, ev->checked);
	return tc_xasprintf(tc_tr(lang, "flows.dpf_evidence"), ev->url, ev->checked,
			    tc_label(lang, "flows.dpf_status", tc_dpf_status_name(ev->page.status)),
			    tc_label(lang, "flows.dpf_hr", tc_dpf_hr_name(ev->page.hr)));
}

/* The index in f of the depth-1 flow nf replaces (same service, country, entity and
 * kinds), not yet replaced; f->n when none. */
static size_t same_flow(const tc_flows *f, const tc_flow *nf, const unsigned char *done)
{
	for (size_t i = 0; i < f->n; i++) {
		const tc_flow *fl = &f->v[i];

		if (!done[i] && fl->depth == 1 && tc_streq(fl->service, nf->service) &&
		    tc_streq(fl->country, nf->country) && tc_streq(fl->entity, nf->entity) &&
		    fl->kinds == nf->kinds)
			return i;
	}
	return f->n;
}

/* Classify the depth-1 flows of s again with its DPF mechanism m as the page shows
 * it, and put them in place of the flows in f. */
static void apply_one(tc_flows *f, const tc_service *s, const tc_mechanism *m,
		      const tc_refdata *ref, const tc_dpf_evidence *ev, time_t now,
		      unsigned char *done)
{
	tc_mechanism mc = *m;
	tc_flows tmp = TC_FLOWS_INIT;

	/* the page's status and its fetch date stand in for the hand-written ones; an
	 * unreadable page leaves them as recorded (never a guess) */
	if (!mc.dpf_url)
		mc.dpf_url = (char *)ev->url;
	if (ev->checked[0] && ev->page.status != TC_DPF_UNKNOWN) {
		mc.dpf_status = (char *)tc_dpf_status_name(ev->page.status);
		mc.dpf_checked = (char *)ev->checked;
	}
	if (ev->checked[0] && ev->page.hr != TC_DPF_HR_UNKNOWN)
		mc.hr = ev->page.hr == TC_DPF_HR_YES ? TC_FACT_TRUE : TC_FACT_FALSE;
	service_flows(s, ref, now, &tmp, &mc);
	for (size_t k = 0; k < tmp.n; k++) {
		tc_flow *nf = &tmp.v[k];
		size_t i = same_flow(f, nf, done);

		if (i == f->n || !tc_streq(nf->country, m->country))
			continue;
		for (int l = 0; l < 2; l++) {
			char *t = evidence_text(ev, l ? TC_LANG_SV : TC_LANG_EN);

			reason_append(l ? &nf->reason.sv : &nf->reason.en, t);
			free(t);
		}
		flow_release(&f->v[i]);
		f->v[i] = *nf;
		memset(nf, 0, sizeof(*nf));
		done[i] = 1;
	}
	tc_flows_release(&tmp);
}

int tc_flows_apply_dpf(tc_flows *f, const tc_catalog *cat, const tc_refdata *ref,
		       const tc_dpf_evidence *ev, size_t nev, time_t now)
{
	unsigned char *done = tc_xcalloc(f->n + 1, 1);

	for (size_t e = 0; e < nev; e++) {
		const tc_service *s = tc_catalog_find(cat, ev[e].service);

		for (size_t k = 0; s && k < s->nmechanisms; k++)
			if (s->mechanisms[k].type == TC_MECH_DPF &&
			    tc_service_mechanism(s, s->mechanisms[k].country) == &s->mechanisms[k])
				apply_one(f, s, &s->mechanisms[k], ref, &ev[e], now, done);
	}
	free(done);
	return 0;
}

/* 1 when two names are the same legal name (entity.h keys: case, accents,
 * punctuation and legal forms aside: "Infosys BPM Ltd" is "Infosys BPM Limited"). */
static int same_name(const char *a, const char *b)
{
	char ka[TC_ENTITY_KEY_MAX], kb[TC_ENTITY_KEY_MAX];

	if (!a || !b)
		return 0;
	if (!tc_entity_norm(a, ka, sizeof(ka)) || !tc_entity_norm(b, kb, sizeof(kb)))
		return strcasecmp(a, b) == 0;
	return strcmp(ka, kb) == 0;
}

/* The sub-processor of s that name means (its name or an alias), or NULL. */
static const tc_subprocessor *declared_as(const tc_service *s, const char *name)
{
	for (size_t i = 0; name && i < s->nsubprocessors; i++) {
		const tc_subprocessor *p = &s->subprocessors[i];

		if (same_name(p->name, name))
			return p;
		for (size_t k = 0; k < p->naliases; k++)
			if (same_name(p->aliases[k], name))
				return p;
	}
	return NULL;
}

const tc_subprocessor *tc_flow_declared(const tc_service *s, const tc_flow *fl)
{
	const tc_subprocessor *p;

	if (!s || fl->depth < 2 || !tc_streq(fl->via, s->id))
		return NULL;
	p = declared_as(s, fl->entity);
	for (size_t i = 0; p && i < p->nlocations; i++)
		if (tc_streq(p->locations[i].country, fl->country))
			return p;
	return NULL;
}

const tc_mechanism *tc_flow_mechanism(const tc_service *s, const tc_flow *fl)
{
	const tc_subprocessor *p;

	if (!s)
		return NULL;
	if (fl->depth == 1)
		return tc_service_mechanism(s, fl->country);
	p = tc_flow_declared(s, fl);
	return p ? tc_subprocessor_mechanism(p, fl->country) : NULL;
}

/* 1 when f already has a depth-2 flow of service s to country for the organisation
 * that entity names (the same name, or a sub-processor the catalogue declares under
 * that name or alias). */
static int onward_known(const tc_flows *f, const tc_service *s, const char *entity,
			const char *country)
{
	const tc_subprocessor *p = declared_as(s, entity);

	for (size_t i = 0; i < f->n; i++) {
		const tc_flow *fl = &f->v[i];

		if (fl->depth < 2 || !tc_streq(fl->via, s->id) || !tc_streq(fl->country, country))
			continue;
		if (same_name(fl->entity, entity) || (p && declared_as(s, fl->entity) == p))
			return 1;
	}
	return 0;
}

int tc_flows_add_subprocessor(tc_flows *f, const tc_catalog *cat, const tc_refdata *ref,
			      const char *via_service, const char *entity,
			      const char *const *countries, size_t ncountries, time_t now)
{
	const tc_service *s = tc_catalog_find(cat, via_service);
	tc_flow_in in = { 0 };

	if (!s)
		return -1;
	in.service = s->id;
	in.service_name = s->name;
	in.entity = entity;
	in.role = TC_FLOW_SUBPROCESSOR;
	in.depth = 2;
	in.via = s->id;
	in.kinds = TC_LOC_PROCESSING;
	in.categories = (const char *const *)s->categories;
	in.ncategories = s->ncategories;
	in.subjects = (const char *const *)s->subjects;
	in.nsubjects = s->nsubjects;
	for (size_t i = 0; i < ncountries; i++) {
		in.country = countries[i];
		if (onward_known(f, s, entity, countries[i]))
			continue;
		if (tc_flows_add(f, ref, &in, now) < 0)
			return -1;
	}
	return 0;
}

/* ---- Flow JSON ---- */

static cJSON *i18n_json(const char *en, const char *sv)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddItemToObject(o, "en", en ? cJSON_CreateString(en) : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "sv", sv ? cJSON_CreateString(sv) : cJSON_CreateNull());
	return o;
}

static cJSON *str_or_null(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

/* What the scope of the destination's decision says: the rule that leaves the flow
 * out, the fact the catalogue lacks, a grey zone (codes). */
static cJSON *scope_json(const tc_flow *fl)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddItemToObject(o, "rule", str_or_null(fl->scope_rule));
	cJSON_AddItemToObject(o, "missing", str_or_null(fl->scope_missing));
	cJSON_AddBoolToObject(o, "grey_zone", fl->scope_warn);
	return o;
}

struct cJSON *tc_flow_to_cjson(const tc_flow *fl, const tc_refdata *ref)
{
	cJSON *o = cJSON_CreateObject(), *kinds = cJSON_CreateArray(), *cats;

	cJSON_AddStringToObject(o, "service", fl->service);
	cJSON_AddStringToObject(o, "service_name", fl->service_name);
	cJSON_AddStringToObject(o, "entity", fl->entity);
	cJSON_AddStringToObject(o, "role", tc_flow_role_name(fl->role));
	cJSON_AddNumberToObject(o, "depth", fl->depth);
	cJSON_AddItemToObject(o, "via", str_or_null(fl->via));
	cJSON_AddStringToObject(o, "country", fl->country);
	cJSON_AddItemToObject(o, "country_name",
			      i18n_json(tc_refdata_country_name(ref, fl->country, TC_LANG_EN),
					tc_refdata_country_name(ref, fl->country, TC_LANG_SV)));
	for (size_t i = 0; i < TC_ARRAY_LEN(kind_table); i++)
		if (fl->kinds & kind_table[i].bit)
			cJSON_AddItemToArray(kinds, cJSON_CreateString(kind_table[i].name));
	cJSON_AddItemToObject(o, "kinds", kinds);
	cJSON_AddStringToObject(o, "status", tc_country_status_name(fl->status));
	cJSON_AddStringToObject(o, "classification", tc_flow_class_name(fl->cls));
	cJSON_AddBoolToObject(o, "leaves_eea", fl->leaves_eea);
	cJSON_AddItemToObject(o, "mechanism", fl->mechanism == TC_MECH_NONE ? cJSON_CreateNull()
				: cJSON_CreateString(tc_mech_type_name(fl->mechanism)));
	cats = cJSON_CreateArray();
	for (size_t i = 0; i < fl->ncategories; i++)
		cJSON_AddItemToArray(cats, cJSON_CreateString(fl->categories[i]));
	cJSON_AddItemToObject(o, "categories", cats);
	cJSON_AddBoolToObject(o, "personnummer", fl->personnummer);
	cJSON_AddItemToObject(o, "scope", scope_json(fl));
	cJSON_AddItemToObject(o, "reason", i18n_json(fl->reason.en, fl->reason.sv));
	return o;
}

struct cJSON *tc_flows_to_cjson(const tc_flows *f, const tc_refdata *ref)
{
	cJSON *a = cJSON_CreateArray();

	for (size_t i = 0; i < f->n; i++)
		cJSON_AddItemToArray(a, tc_flow_to_cjson(&f->v[i], ref));
	return a;
}

static char *print_owned(cJSON *j, int formatted)
{
	char *s = formatted ? cJSON_Print(j) : cJSON_PrintUnformatted(j);
	char *out = tc_xstrdup(s ? s : "null");

	cJSON_free(s);
	cJSON_Delete(j);
	return out;
}

char *tc_flows_to_json(const tc_flows *f, const tc_refdata *ref)
{
	return print_owned(tc_flows_to_cjson(f, ref), 1);
}

