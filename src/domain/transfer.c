/*
 * transfer: flows, their classification, and transfer-impact records.
 * See include/tiacheck/transfer.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

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
	const char *name;
	const char *en, *sv;
} kind_table[] = {
	{ TC_LOC_STORAGE, "storage", "storage", "lagring" },
	{ TC_LOC_PROCESSING, "processing", "processing", "behandling" },
	{ TC_LOC_REMOTE_ACCESS, "remote_access", "remote access", "fjärråtkomst" },
	{ TC_LOC_SUPPORT, "support", "support", "support" },
	{ TC_FLOW_KIND_PARENT, "parent", "parent company", "moderbolag" },
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

static char *kinds_text(unsigned kinds, const char *lang)
{
	tc_buf b = TC_BUF_INIT;

	tc_buf_init(&b, 256);
	for (size_t i = 0; i < TC_ARRAY_LEN(kind_table); i++)
		if (kinds & kind_table[i].bit)
			tc_buf_printf(&b, "%s%s", b.len ? ", " : "",
				      tc_streq(lang, "sv") ? kind_table[i].sv : kind_table[i].en);
	return tc_buf_detach(&b);
}

/* en or sv by lang. */
static const char *T(const char *lang, const char *en, const char *sv)
{
	return tc_streq(lang, "sv") ? sv : en;
}

static long days_between(const char *date, time_t now)
{
	time_t t;

	if (!date || tc_parse_date(date, &t) < 0)
		return 0;
	return (long)((now - t) / DAY);
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

static const char *mech_text(const tc_mechanism *m, enum tc_mech_type t, const char *lang)
{
	switch (t) {
	case TC_MECH_ADEQUACY: return T(lang, "adequacy decision", "beslut om adekvat skyddsnivå");
	case TC_MECH_DPF: return T(lang, "EU-US Data Privacy Framework", "EU-US Data Privacy Framework");
	case TC_MECH_SCC:
		return T(lang, "standard contractual clauses (2021/914)",
			 "standardavtalsklausuler (2021/914)");
	case TC_MECH_BCR: return T(lang, "binding corporate rules", "bindande företagsbestämmelser");
	case TC_MECH_ART49:
		(void)m;
		return T(lang, "an Art. 49 derogation", "ett undantag enligt artikel 49");
	case TC_MECH_NONE:
	default: return T(lang, "none recorded", "ingen registrerad");
	}
}

/* The reason of a classification, in one language. */
static char *reason_text(const tc_refdata *ref, const tc_flow *fl, const tc_mechanism *m,
			 time_t now, const char *lang)
{
	const tc_country *c = tc_refdata_country(ref, fl->country);
	const char *name = tc_refdata_country_name(ref, fl->country, lang);
	int sv = tc_streq(lang, "sv");
	tc_buf b = TC_BUF_INIT;
	long age;

	tc_buf_init(&b, 4096);
	if (fl->depth > 1 && fl->via)
		tc_buf_printf(&b, sv ? "Anges av %s som underbiträde. " : "Listed by %s as a "
			      "sub-processor. ", fl->service_name ? fl->service_name : fl->via);
	if ((fl->kinds & TC_FLOW_KIND_PARENT) && fl->leaves_eea &&
	    !(fl->kinds & (TC_LOC_STORAGE | TC_LOC_PROCESSING)))
		tc_buf_printf(&b, sv ? "Moderbolaget %s i %s kan tvingas lämna ut uppgifter "
				       "(t.ex. enligt CLOUD Act) även när de lagras inom EU/EES. "
				     : "The parent company %s in %s can be compelled to give access "
				       "(e.g. under the CLOUD Act) even when the data is stored in "
				       "the EU/EEA. ", fl->entity, name);
	else if ((fl->kinds & (TC_LOC_REMOTE_ACCESS | TC_LOC_SUPPORT)) &&
		 !(fl->kinds & (TC_LOC_STORAGE | TC_LOC_PROCESSING)) && fl->leaves_eea)
		tc_buf_printf(&b, sv ? "Fjärråtkomst eller support från %s är en överföring även "
				       "när uppgifterna lagras inom EU/EES. "
				     : "Remote access or support from %s is a transfer even when "
				       "the data is stored in the EU/EEA. ", name);
	switch (fl->cls) {
	case TC_FC_EU:
		if (c && c->region)
			tc_buf_adds(&b, sv ? "Inom EU (medlemsland ej angivet): ingen överföring."
					   : "In the EU (member state not stated): no transfer.");
		else
			tc_buf_printf(&b, sv ? "%s ingår i EU: ingen överföring."
					     : "%s is in the EU: no transfer.", name);
		break;
	case TC_FC_EEA:
		if (c && c->region)
			tc_buf_adds(&b, sv ? "Inom EES (land ej angivet): ingen överföring enligt "
					     "GDPR, men kontrollera vilket land."
					   : "In the EEA (country not stated): no transfer under the "
					     "GDPR, but check which country.");
		else
			tc_buf_printf(&b, sv ? "%s ingår i EES men inte i EU: ingen överföring "
					       "enligt GDPR (EES-avtalet gör GDPR tillämplig där)."
					     : "%s is in the EEA but not in the EU: no transfer under "
					       "the GDPR (the EEA Agreement applies it there).", name);
		break;
	case TC_FC_ADEQUATE:
		tc_buf_printf(&b, sv ? "%s har ett beslut om adekvat skyddsnivå (%s, %s): "
				       "överföring tillåten utan ytterligare skyddsåtgärder."
				     : "%s has an adequacy decision (%s of %s): transfer allowed "
				       "without further tools.", name,
			      c && c->decision ? c->decision : "?",
			      c && c->decision_date ? c->decision_date : "?");
		break;
	case TC_FC_PARTIAL_COVERED:
		if (m && m->type == TC_MECH_DPF)
			tc_buf_printf(&b, sv ? "%s: beslutet om adekvat skyddsnivå %s gäller endast "
					       "organisationer på EU-US Data Privacy Framework-listan; "
					       "omfattas bara "
					       "eftersom %s är registrerad som aktiv deltagare "
					       "(kontrollerad %s)."
					     : "%s: the adequacy decision %s covers only organisations "
					       "on the EU-US Data Privacy Framework List; covered only "
					       "because %s is "
					       "recorded as an active participant (checked %s).",
				      name, c && c->decision ? c->decision : "?", fl->entity,
				      m->dpf_checked);
		else
			tc_buf_printf(&b, sv ? "%s: partiellt beslut om adekvat skyddsnivå (%s, %s); "
					       "omfattas eftersom katalogen anger att mottagaren ligger "
					       "inom beslutets tillämpningsområde."
					     : "%s: partial adequacy (%s, %s); covered because the "
					       "catalogue records that the importer is within its "
					       "scope.", name, c && c->decision ? c->decision : "?",
				      c && c->scope ? c->scope : "");
		break;
	case TC_FC_PARTIAL_NOT_COVERED: {
		const char *why;

		if (tc_streq(c ? c->partial_evidence : NULL, "dpf")) {
			switch (dpf_check(m, now, &age)) {
			case DPF_NO_URL:
				why = T(lang, "the DPF mechanism has no participant page URL",
					"DPF-mekanismen saknar länk till deltagarsidan");
				break;
			case DPF_NO_DATE:
				why = T(lang, "the DPF mechanism has no check date",
					"DPF-mekanismen saknar kontrolldatum");
				break;
			case DPF_STATUS:
				why = T(lang, "the recorded DPF status is not 'active'",
					"registrerad DPF-status är inte 'active'");
				break;
			case DPF_STALE:
				why = T(lang, "the DPF status was checked more than a year ago",
					"DPF-statusen kontrollerades för mer än ett år sedan");
				break;
			case DPF_FUTURE:
				why = T(lang, "the DPF check date is in the future",
					"DPF-kontrolldatumet ligger i framtiden");
				break;
			default:
				why = T(lang, "no active DPF participation is recorded",
					"inget aktivt DPF-deltagande är registrerat");
				break;
			}
		} else {
			why = T(lang, "the catalogue does not record that the importer is within "
				"the decision's scope", "katalogen anger inte att mottagaren ligger "
				"inom beslutets tillämpningsområde");
		}
		tc_buf_printf(&b, sv ? "%s: adekvat skyddsnivå endast inom ett begränsat område "
				       "(%s); %s, så mottagaren behandlas som i ett tredjeland. "
				       "Mekanism: %s."
				     : "%s: adequacy only within a limited scope (%s); %s, so it is "
				       "treated as a third country. Mechanism: %s.",
			      name, c && c->scope ? c->scope : "", why,
			      mech_text(m, fl->mechanism, lang));
		break;
	}
	case TC_FC_THIRD:
	default:
		if (!c)
			tc_buf_printf(&b, sv ? "'%s' finns inte i referenstabellen och behandlas som "
					       "tredjeland. "
					     : "'%s' is not in the reference table and is treated as a "
					       "third country. ", fl->country);
		tc_buf_printf(&b, sv ? "%s är ett tredjeland utan beslut om adekvat skyddsnivå: "
				       "överföringen kräver en överföringsmekanism "
				       "(standardavtalsklausuler, BCR) och en konsekvensbedömning, "
				       "eller ett undantag enligt artikel 49. Mekanism: %s."
				     : "%s is a third country without an adequacy decision: the "
				       "transfer needs a transfer tool (SCC, BCR) and a "
				       "transfer-impact assessment, or an Art. 49 derogation. "
				       "Mechanism: %s.", name, mech_text(m, fl->mechanism, lang));
		break;
	}
	return tc_buf_detach(&b);
}

static int is_outside(enum tc_flow_class c)
{
	return c != TC_FC_EU && c != TC_FC_EEA;
}

int tc_flows_add(tc_flows *f, const tc_refdata *ref, const tc_flow_in *in, time_t now)
{
	tc_flow fl = { 0 };

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
	fl.leaves_eea = is_outside(fl.cls);
	fl.place = tc_xstrdup(in->place);
	fl.note = tc_xstrdup(in->note);
	if (in->mechanism && in->mechanism->type == TC_MECH_DPF)
		fl.dpf_checked = tc_xstrdup(in->mechanism->dpf_checked);
	if (in->ncategories) {
		fl.categories = tc_xcalloc(in->ncategories, sizeof(*fl.categories));
		for (size_t i = 0; i < in->ncategories; i++) {
			const tc_category *c = tc_refdata_category(ref, in->categories[i]);

			fl.categories[fl.ncategories++] = tc_xstrdup(in->categories[i]);
			if (c) {
				fl.personnummer |= c->national_id;
				fl.special |= c->special;
				if (c->weight > fl.weight)
					fl.weight = c->weight;
			}
		}
	}
	fl.reason.en = reason_text(ref, &fl, in->mechanism, now, "en");
	fl.reason.sv = reason_text(ref, &fl, in->mechanism, now, "sv");
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

static int in_eea(const tc_refdata *ref, const char *code)
{
	enum tc_country_status st = tc_refdata_status(ref, code);

	return st == TC_CS_EU || st == TC_CS_EEA;
}

/* The flows of one service: each location; the parent company's country (merged
 * into a location there of the parent itself); the contracting entity's country when
 * it is outside the EU/EEA and no location covers it. */
static void service_flows(const tc_service *s, const tc_refdata *ref, time_t now,
			  tc_flows *out)
{
	int parent_done = !s->parent_country || in_eea(ref, s->parent_country);
	int entity_done = !s->entity_country || in_eea(ref, s->entity_country);
	tc_flow_in in = { 0 };

	in.service = s->id;
	in.service_name = s->name;
	in.depth = 1;
	in.categories = (const char *const *)s->categories;
	in.ncategories = s->ncategories;
	for (size_t i = 0; i < s->nlocations; i++) {
		const tc_location *l = &s->locations[i];

		in.entity = l->entity ? l->entity : s->legal_entity;
		in.role = (enum tc_flow_role)(l->role ? l->role : s->role);
		in.country = l->country;
		in.kinds = l->kinds;
		in.place = l->place;
		in.note = l->note;
		in.mechanism = tc_service_mechanism(s, l->country);
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
	if (!entity_done) {
		in.entity = s->legal_entity;
		in.role = (enum tc_flow_role)s->role;
		in.country = s->entity_country;
		in.kinds = TC_LOC_REMOTE_ACCESS;
		in.mechanism = tc_service_mechanism(s, s->entity_country);
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
		in.mechanism = tc_service_mechanism(s, s->parent_country);
		tc_flows_add(out, ref, &in, now);
	}
}

int tc_flows_build(const tc_catalog *cat, const tc_refdata *ref, time_t now, tc_flows *out)
{
	for (size_t i = 0; i < cat->nservices; i++)
		service_flows(&cat->services[i], ref, now, out);
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
	for (size_t i = 0; i < ncountries; i++) {
		in.country = countries[i];
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
			      i18n_json(tc_refdata_country_name(ref, fl->country, "en"),
					tc_refdata_country_name(ref, fl->country, "sv")));
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

/* ---- transfer-impact records ---- */

const char *tc_rating_name(enum tc_rating r)
{
	return r == TC_RATING_RED ? "red" : r == TC_RATING_AMBER ? "amber" : "green";
}

static void add_line(tc_tia *t, int points, char *en, char *sv)
{
	t->lines = tc_xrealloc(t->lines, (t->nlines + 1) * sizeof(*t->lines));
	t->lines[t->nlines++] = (tc_tia_line){ points, { sv, en } };
	t->score += points;
}

static void add_action(tc_tia *t, char *en, char *sv)
{
	t->actions = tc_xrealloc(t->actions, (t->nactions + 1) * sizeof(*t->actions));
	t->actions[t->nactions++] = (tc_i18n){ sv, en };
}

/* "name (weight)" list of the flow's categories in lang. */
static char *categories_text(const tc_refdata *ref, const tc_flow *fl, const char *lang,
			     int weights)
{
	tc_buf b = TC_BUF_INIT;

	tc_buf_init(&b, 4096);
	for (size_t i = 0; i < fl->ncategories; i++) {
		const tc_category *c = tc_refdata_category(ref, fl->categories[i]);

		tc_buf_printf(&b, "%s%s", i ? ", " : "",
			      tc_refdata_category_name(ref, fl->categories[i], lang));
		if (weights && c)
			tc_buf_printf(&b, " (%d)", c->weight);
	}
	if (!fl->ncategories)
		tc_buf_adds(&b, T(lang, "none recorded", "inga registrerade"));
	return tc_buf_detach(&b);
}

static void date_plus(time_t base, long days, char out[16])
{
	tc_date_utc(base + days * DAY, out);
}

/* Keep the earlier of two YYYY-MM-DD dates in cur. */
static void keep_earlier(char cur[16], const char *cand)
{
	if (cand && *cand && (!*cur || strcmp(cand, cur) < 0)) {
		snprintf(cur, 16, "%.15s", cand);
	}
}

static void tia_destination(tc_tia *t, const tc_refdata *ref, const tc_flow *fl,
			    const tc_mechanism *m)
{
	const char *en = tc_refdata_country_name(ref, fl->country, "en");
	const char *sv = tc_refdata_country_name(ref, fl->country, "sv");

	switch (fl->cls) {
	case TC_FC_ADEQUATE:
		add_line(t, 0, tc_xasprintf("Destination %s: adequacy decision, no further tool "
					    "needed.", en),
			 tc_xasprintf("Mottagarland %s: beslut om adekvat skyddsnivå, ingen "
				      "ytterligare skyddsåtgärd krävs.", sv));
		break;
	case TC_FC_PARTIAL_COVERED:
		add_line(t, 1, tc_xasprintf("Destination %s: partial adequacy, covered only by the "
					    "recorded %s evidence%s%s.", en,
					    m && m->type == TC_MECH_DPF ? "DPF" : "scope",
					    m && m->dpf_checked ? " checked " : "",
					    m && m->dpf_checked ? m->dpf_checked : ""),
			 tc_xasprintf("Mottagarland %s: partiell adekvat skyddsnivå, omfattas bara "
				      "genom registrerat %s%s%s.", sv,
				      m && m->type == TC_MECH_DPF ? "DPF-deltagande" : "underlag",
				      m && m->dpf_checked ? " kontrollerat " : "",
				      m && m->dpf_checked ? m->dpf_checked : ""));
		break;
	default:
		if (fl->mechanism == TC_MECH_NONE || fl->mechanism == TC_MECH_DPF ||
		    fl->mechanism == TC_MECH_ADEQUACY) {
			add_line(t, 5, tc_xasprintf("Destination %s: treated as a third country and "
						    "no transfer tool covers it.", en),
				 tc_xasprintf("Mottagarland %s: behandlas som tredjeland och ingen "
					      "överföringsmekanism täcker det.", sv));
		} else {
			add_line(t, 3, tc_xasprintf("Destination %s: treated as a third country; "
						    "relies on %s, which needs this assessment and "
						    "supplementary measures.", en,
						    mech_text(m, fl->mechanism, "en")),
				 tc_xasprintf("Mottagarland %s: behandlas som tredjeland; vilar på "
					      "%s, som kräver denna bedömning och kompletterande "
					      "skyddsåtgärder.", sv, mech_text(m, fl->mechanism, "sv")));
		}
		break;
	}
}

static void tia_data(tc_tia *t, const tc_refdata *ref, const tc_flow *fl)
{
	char *en = categories_text(ref, fl, "en", 1), *sv = categories_text(ref, fl, "sv", 1);
	const char *why_en = fl->special ? "; special categories (Art. 9/10) weigh most"
			     : fl->personnummer ? "; personnummer is a national identification "
						  "number and weighs most" : "";
	const char *why_sv = fl->special ? "; särskilda kategorier (art. 9/10) väger tyngst"
			     : fl->personnummer ? "; personnummer är ett nationellt "
						  "identifikationsnummer och väger tyngst" : "";

	add_line(t, fl->weight, tc_xasprintf("Data: %s: highest weight %d%s.", en, fl->weight,
					     why_en),
		 tc_xasprintf("Uppgifter: %s: högsta vikt %d%s.", sv, fl->weight, why_sv));
	free(en);
	free(sv);
}

static void tia_exposure(tc_tia *t, const tc_flow *fl)
{
	if (fl->kinds & (TC_LOC_STORAGE | TC_LOC_PROCESSING))
		add_line(t, 2, tc_xstrdup("Exposure: the data is stored or processed there (+2)."),
			 tc_xstrdup("Exponering: uppgifterna lagras eller behandlas där (+2)."));
	else if (fl->kinds & (TC_LOC_REMOTE_ACCESS | TC_LOC_SUPPORT))
		add_line(t, 1, tc_xstrdup("Exposure: remote access or support from there (+1)."),
			 tc_xstrdup("Exponering: fjärråtkomst eller support därifrån (+1)."));
	if (fl->kinds & TC_FLOW_KIND_PARENT)
		add_line(t, 1, tc_xasprintf("Exposure: parent company %s is there and can be "
					    "compelled to give access (+1).", fl->entity),
			 tc_xasprintf("Exponering: moderbolaget %s finns där och kan tvingas lämna "
				      "ut uppgifter (+1).", fl->entity));
	if (fl->depth > 1)
		add_line(t, fl->depth - 1,
			 tc_xasprintf("Exposure: %d more link(s) in the chain (a sub-processor of "
				      "the vendor) (+%d).", fl->depth - 1, fl->depth - 1),
			 tc_xasprintf("Exponering: %d länk(ar) till i kedjan (leverantörens "
				      "underbiträde) (+%d).", fl->depth - 1, fl->depth - 1));
}

static void tia_measures(tc_tia *t, const tc_service *s)
{
	if (!s)
		return;
	if (s->measures_eu_keys)
		add_line(t, -2, tc_xstrdup("Measures: encryption with keys held in the EU (-2)."),
			 tc_xstrdup("Skyddsåtgärder: kryptering med nycklar som hålls inom EU (-2)."));
	if (s->measures_pseudonymised)
		add_line(t, -1, tc_xstrdup("Measures: data pseudonymised before transfer (-1)."),
			 tc_xstrdup("Skyddsåtgärder: uppgifterna pseudonymiseras före överföring "
				    "(-1)."));
}

static void tia_actions(tc_tia *t, const tc_catalog *cat, const tc_refdata *ref,
			const tc_flow *fl, const tc_service *s, const tc_mechanism *m, time_t now)
{
	const char *en = tc_refdata_country_name(ref, fl->country, "en");
	const char *sv = tc_refdata_country_name(ref, fl->country, "sv");
	long age;

	(void)cat;
	if (fl->cls == TC_FC_ADEQUATE) {
		add_action(t, tc_xasprintf("Keep the adequacy decision for %s under watch "
					   "(reference data checked %s).", en,
					   ref->countries_checked ? ref->countries_checked : "?"),
			   tc_xasprintf("Bevaka beslutet om adekvat skyddsnivå för %s "
					"(referensdata kontrollerade %s).", sv,
					ref->countries_checked ? ref->countries_checked : "?"));
	} else if (fl->cls == TC_FC_PARTIAL_COVERED && m && m->type == TC_MECH_DPF) {
		char due[16];
		time_t checked;

		if (tc_parse_date(m->dpf_checked, &checked) == 0)
			date_plus(checked, TC_DPF_MAX_AGE_DAYS, due);
		else
			date_plus(now, 0, due);
		add_action(t, tc_xasprintf("Re-check %s on the DPF participant list (%s) before "
					   "%s, and at once if the DPF's validity changes (appeal "
					   "C-703/25 P is pending); without it this flow has no "
					   "transfer tool.", fl->entity, m->dpf_url, due),
			   tc_xasprintf("Kontrollera %s på DPF-listan (%s) igen före %s, och genast "
					"om DPF:s giltighet ändras (överklagandet C-703/25 P pågår); "
					"utan den saknar flödet överföringsmekanism.", fl->entity,
					m->dpf_url, due));
	} else if (fl->mechanism == TC_MECH_NONE ||
		   (fl->mechanism == TC_MECH_DPF && dpf_check(m, now, &age) != DPF_OK) ||
		   fl->mechanism == TC_MECH_ADEQUACY) {
		if (m && m->type == TC_MECH_DPF)
			add_action(t, tc_xasprintf("Check %s on the DPF participant list and record "
						   "status and date, or put standard contractual "
						   "clauses in place.", fl->entity),
				   tc_xasprintf("Kontrollera %s på DPF-listan och registrera status och "
						"datum, eller inför standardavtalsklausuler.",
						fl->entity));
		else
			add_action(t, tc_xasprintf("Put a transfer tool in place for %s (standard "
						   "contractual clauses 2021/914) or stop the "
						   "transfer.", en),
				   tc_xasprintf("Inför en överföringsmekanism för %s "
						"(standardavtalsklausuler 2021/914) eller upphör med "
						"överföringen.", sv));
	} else if (fl->mechanism == TC_MECH_ART49) {
		add_action(t, tc_xstrdup("Art. 49 derogations are for occasional transfers only: "
					 "confirm this one is occasional or put SCCs in place."),
			   tc_xstrdup("Undantag enligt artikel 49 gäller bara tillfälliga "
				      "överföringar: bekräfta att denna är tillfällig eller inför "
				      "standardavtalsklausuler."));
	} else {
		add_action(t, tc_xasprintf("Document the assessment of the law and practice in %s "
					   "and the supplementary measures (encryption with "
					   "EU-held keys, pseudonymisation, access controls).", en),
			   tc_xasprintf("Dokumentera bedömningen av lagstiftning och praxis i %s "
					"och de kompletterande skyddsåtgärderna (kryptering med "
					"nycklar inom EU, pseudonymisering, åtkomstkontroll).", sv));
	}
	if (fl->personnummer)
		add_action(t, tc_xasprintf("Personnummer reaches %s: confirm it is clearly "
					   "justified (Data Protection Act 2018:218 ch. 3 s. 10)%s.",
					   en, s && s->pnr_justification ? "; a justification is "
					   "recorded" : "; no justification is recorded"),
			   tc_xasprintf("Personnummer når %s: bekräfta att det är klart motiverat "
					"(dataskyddslagen 2018:218 3 kap. 10 §)%s.", sv,
					s && s->pnr_justification ? "; motivering finns registrerad"
					: "; ingen motivering är registrerad"));
	if (fl->special)
		add_action(t, tc_xstrdup("Special categories (Art. 9/10) leave the EU/EEA: confirm "
					 "the Art. 9 exemption and strong supplementary measures."),
			   tc_xstrdup("Särskilda kategorier (art. 9/10) lämnar EU/EES: bekräfta "
				      "undantaget enligt art. 9 och starka kompletterande "
				      "skyddsåtgärder."));
	if ((fl->kinds & (TC_FLOW_KIND_PARENT | TC_LOC_REMOTE_ACCESS | TC_LOC_SUPPORT)) &&
	    fl->cls != TC_FC_ADEQUATE)
		add_action(t, tc_xasprintf("Ask %s for its commitments on government access "
					   "requests (challenge, notify, transparency report) and "
					   "record them as measures.", fl->entity),
			   tc_xasprintf("Begär %s åtaganden om myndigheters begäran om åtkomst "
					"(bestrida, underrätta, transparensrapport) och registrera dem "
					"som skyddsåtgärder.", fl->entity));
	if (fl->depth > 1)
		add_action(t, tc_xasprintf("Check the notice period and right to object for new "
					   "sub-processors in %s's DPA.", fl->service_name),
			   tc_xasprintf("Kontrollera uppsägningstid och rätt att invända mot nya "
					"underbiträden i %ss personuppgiftsbiträdesavtal.",
					fl->service_name));
	if (!s || !s->decision.outcome) {
		add_action(t, tc_xasprintf("Record the DPO's decision for %s in the catalogue "
					   "('decision': outcome, by, date, next_review).",
					   fl->service_name),
			   tc_xasprintf("Registrera dataskyddsombudets beslut för %s i katalogen "
					"('decision': outcome, by, date, next_review).",
					fl->service_name));
	} else if (t->decision_age_days > 365 ||
		   (s->decision.next_review && days_between(s->decision.next_review, now) > 0)) {
		add_action(t, tc_xasprintf("The decision of %s (%ld days old) is due for review.",
					   s->decision.date, t->decision_age_days),
			   tc_xasprintf("Beslutet från %s (%ld dagar gammalt) ska omprövas.",
					s->decision.date, t->decision_age_days));
	}
}

static void tia_one(tc_tia *t, const tc_catalog *cat, const tc_refdata *ref,
		    const tc_flow *fl, time_t now)
{
	const tc_service *s = tc_catalog_find(cat, fl->service);
	const tc_mechanism *m = s && fl->depth == 1 ? tc_service_mechanism(s, fl->country) : NULL;
	time_t dt;

	t->decision_age_days = -1;
	if (s && s->decision.date && tc_parse_date(s->decision.date, &dt) == 0)
		t->decision_age_days = (long)((now - dt) / DAY);
	tia_destination(t, ref, fl, m);
	tia_data(t, ref, fl);
	tia_exposure(t, fl);
	if (fl->depth == 1)
		tia_measures(t, s);
	if (t->score < 0)
		t->score = 0;
	t->rating = t->score <= TC_TIA_GREEN_MAX ? TC_RATING_GREEN
		  : t->score <= TC_TIA_AMBER_MAX ? TC_RATING_AMBER : TC_RATING_RED;
	/* the destination decides the extremes: an adequacy decision needs no more, and a
	 * flow without any transfer tool is unlawful whatever the data */
	if (fl->cls == TC_FC_ADEQUATE)
		t->rating = TC_RATING_GREEN;
	if (t->nlines && t->lines[0].points >= 5)
		t->rating = TC_RATING_RED;
	tia_actions(t, cat, ref, fl, s, m, now);
	/* next review: the earliest of the recorded one, a year after the DPF check, and
	 * a period set by the rating */
	date_plus(now, t->rating == TC_RATING_RED ? 30 : t->rating == TC_RATING_AMBER ? 180 : 365,
		  t->next_review);
	if (s)
		keep_earlier(t->next_review, s->decision.next_review);
	if (m && m->type == TC_MECH_DPF && m->dpf_checked && tc_parse_date(m->dpf_checked, &dt) == 0) {
		char due[16];

		date_plus(dt, TC_DPF_MAX_AGE_DAYS, due);
		keep_earlier(t->next_review, due);
	}
}

int tc_tia_build(const tc_catalog *cat, const tc_refdata *ref, const tc_flows *flows,
		 time_t now, tc_tias *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < flows->n; i++) {
		tc_tia t = { 0 };

		if (!flows->v[i].leaves_eea)
			continue;
		t.flow = i;
		tia_one(&t, cat, ref, &flows->v[i], now);
		out->v = tc_xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
		out->v[out->n++] = t;
	}
	return 0;
}

void tc_tias_release(tc_tias *t)
{
	for (size_t i = 0; i < t->n; i++) {
		for (size_t k = 0; k < t->v[i].nlines; k++) {
			free(t->v[i].lines[k].text.en);
			free(t->v[i].lines[k].text.sv);
		}
		free(t->v[i].lines);
		for (size_t k = 0; k < t->v[i].nactions; k++) {
			free(t->v[i].actions[k].en);
			free(t->v[i].actions[k].sv);
		}
		free(t->v[i].actions);
	}
	free(t->v);
	memset(t, 0, sizeof(*t));
}

/* ---- the record's groups, shared by Markdown and JSON ---- */

/* Countries of a service's locations with any of the kinds bits, as names. */
static char *countries_with(const tc_refdata *ref, const tc_service *s, unsigned kinds,
			    const char *lang)
{
	tc_buf b = TC_BUF_INIT;

	tc_buf_init(&b, 4096);
	for (size_t i = 0; s && i < s->nlocations; i++) {
		if (!(s->locations[i].kinds & kinds))
			continue;
		tc_buf_printf(&b, "%s%s", b.len ? ", " : "",
			      tc_refdata_country_name(ref, s->locations[i].country, lang));
		if (s->locations[i].place)
			tc_buf_printf(&b, " (%s)", s->locations[i].place);
	}
	if (!b.len)
		tc_buf_adds(&b, "-");
	return tc_buf_detach(&b);
}

/* Onward (depth 2) flows of a service, as "entity (country)". */
static char *onward_text(const tc_refdata *ref, const tc_flows *flows, const char *service,
			 const char *lang)
{
	tc_buf b = TC_BUF_INIT;

	tc_buf_init(&b, 16384);
	for (size_t i = 0; i < flows->n; i++)
		if (flows->v[i].depth > 1 && tc_streq(flows->v[i].via, service))
			tc_buf_printf(&b, "%s%s (%s)", b.len ? ", " : "", flows->v[i].entity,
				      tc_refdata_country_name(ref, flows->v[i].country, lang));
	if (!b.len)
		tc_buf_adds(&b, T(lang, "none known", "inga kända"));
	return tc_buf_detach(&b);
}

static char *legal_text(const tc_refdata *ref, const tc_flow *fl, const tc_mechanism *m,
			time_t now, const char *lang)
{
	const tc_country *c = tc_refdata_country(ref, fl->country);
	tc_buf b = TC_BUF_INIT;

	tc_buf_init(&b, 4096);
	tc_buf_adds(&b, mech_text(m, fl->mechanism, lang));
	if (fl->mechanism == TC_MECH_ADEQUACY && c && c->decision)
		tc_buf_printf(&b, " %s (%s)", c->decision, c->decision_date ? c->decision_date : "?");
	if (m && m->type == TC_MECH_DPF)
		tc_buf_printf(&b, T(lang, "; DPF page %s, status '%s', checked %s (%ld days ago)",
				    "; DPF-sida %s, status '%s', kontrollerad %s (för %ld dagar sedan)"),
			      m->dpf_url ? m->dpf_url : "-", m->dpf_status ? m->dpf_status : "-",
			      m->dpf_checked ? m->dpf_checked : "-", days_between(m->dpf_checked, now));
	if (m && m->type == TC_MECH_SCC && m->scc_module)
		tc_buf_printf(&b, T(lang, "; module %s", "; modul %s"), m->scc_module);
	if (m && m->type == TC_MECH_ART49 && m->art49_ground)
		tc_buf_printf(&b, T(lang, "; ground: %s", "; grund: %s"), m->art49_ground);
	if (m && m->reference)
		tc_buf_printf(&b, "; %s", m->reference);
	return tc_buf_detach(&b);
}

static char *laws_text(const tc_refdata *ref, const char *country, const char *lang)
{
	const tc_country *c = tc_refdata_country(ref, country);
	tc_buf b = TC_BUF_INIT;

	tc_buf_init(&b, 4096);
	for (size_t i = 0; c && i < c->nlaws; i++)
		tc_buf_printf(&b, "%s%s", i ? "; " : "", c->laws[i]);
	if (!b.len)
		tc_buf_adds(&b, T(lang, "not recorded in the reference data: assess the "
				  "destination's laws on public-authority access",
				  "inte registrerade i referensdata: bedöm mottagarlandets lagar om "
				  "myndigheters åtkomst"));
	return tc_buf_detach(&b);
}

static char *measures_text(const tc_service *s, const char *lang)
{
	tc_buf b = TC_BUF_INIT;

	tc_buf_init(&b, 8192);
	if (s && s->measures_eu_keys)
		tc_buf_printf(&b, "%s", T(lang, "encryption with keys held in the EU",
					  "kryptering med nycklar inom EU"));
	if (s && s->measures_pseudonymised)
		tc_buf_printf(&b, "%s%s", b.len ? "; " : "",
			      T(lang, "pseudonymisation", "pseudonymisering"));
	for (size_t i = 0; s && i < s->nmeasures; i++) {
		size_t n = strlen(s->measures[i]);

		if (n && s->measures[i][n - 1] == '.')
			n--;
		tc_buf_printf(&b, "%s%.*s", b.len ? "; " : "", (int)n, s->measures[i]);
	}
	if (!b.len)
		tc_buf_adds(&b, T(lang, "none recorded", "inga registrerade"));
	return tc_buf_detach(&b);
}

static const char *form_text(const tc_service *s, const char *lang)
{
	if (s && s->measures_eu_keys)
		return T(lang, "encrypted (keys in the EU)", "krypterade (nycklar inom EU)");
	if (s && s->measures_pseudonymised)
		return T(lang, "pseudonymised", "pseudonymiserade");
	return T(lang, "in clear at the importer (not recorded otherwise)",
		 "i klartext hos mottagaren (inget annat registrerat)");
}

/* ---- Markdown ---- */

/* A table cell: '|' escaped, line breaks as spaces. Returns a pointer into out. */
static const char *md_cell(tc_buf *out, const char *s)
{
	tc_buf_reset(out);
	for (; s && *s; s++) {
		if (*s == '|')
			tc_buf_adds(out, "\\|");
		else
			tc_buf_addc(out, *s == '\n' || *s == '\r' ? ' ' : *s);
	}
	return tc_buf_str(out);
}

static const char *rating_label(enum tc_rating r, const char *lang)
{
	if (!tc_streq(lang, "sv"))
		return tc_rating_name(r);
	return r == TC_RATING_RED ? "röd" : r == TC_RATING_AMBER ? "gul" : "grön";
}

static void md_row(tc_buf *b, const char *label, const char *value)
{
	tc_buf_printf(b, "- **%s:** %s\n", label, value && *value ? value : "-");
}

static void md_record(tc_buf *b, size_t no, const tc_catalog *cat, const tc_refdata *ref,
		      const tc_flows *flows, const tc_tia *t, const char *lang, time_t now)
{
	const tc_flow *fl = &flows->v[t->flow];
	const tc_service *s = tc_catalog_find(cat, fl->service);
	const tc_mechanism *m = s && fl->depth == 1 ? tc_service_mechanism(s, fl->country) : NULL;
	const char *cname = tc_refdata_country_name(ref, fl->country, lang);
	char *x;

	tc_buf_printf(b, "\n## %zu. %s → %s, %s: %s\n\n", no, fl->service_name, fl->entity, cname,
		      rating_label(t->rating, lang));
	tc_buf_printf(b, "%s\n\n", tc_i18n_get(&fl->reason, lang));

	tc_buf_printf(b, "### %s\n\n", T(lang, "1. Identity (EDPB step 1: know the transfer)",
					 "1. Identitet (EDPB steg 1: känn till överföringen)"));
	md_row(b, T(lang, "Service", "Tjänst"), fl->service_name);
	x = tc_xasprintf("%s (%s)", cat->org.name ? cat->org.name : "-",
			 cat->org.country ? tc_refdata_country_name(ref, cat->org.country, lang) : "-");
	md_row(b, T(lang, "Exporter", "Exportör"), x);
	free(x);
	x = tc_xasprintf("%s (%s)", fl->entity, tc_flow_role_name(fl->role));
	md_row(b, T(lang, "Importer and role", "Mottagare och roll"), x);
	free(x);
	x = fl->via ? tc_xasprintf("%d (via %s)", fl->depth, fl->via) : tc_xasprintf("%d", fl->depth);
	md_row(b, T(lang, "Depth in the chain", "Led i kedjan"), x);
	free(x);
	x = s && s->parent_name ? tc_xasprintf("%s (%s)", s->parent_name,
					       tc_refdata_country_name(ref, s->parent_country, lang))
				: tc_xstrdup("-");
	md_row(b, T(lang, "Parent company", "Moderbolag"), x);
	free(x);

	tc_buf_printf(b, "\n### %s\n\n", T(lang, "2. Data", "2. Uppgifter"));
	md_row(b, T(lang, "Data subjects", "Registrerade"),
	       s && tc_i18n_get(&s->data_subjects, lang) ? tc_i18n_get(&s->data_subjects, lang)
	       : T(lang, "not recorded", "inte registrerat"));
	x = categories_text(ref, fl, lang, 1);
	md_row(b, T(lang, "Categories (weight)", "Kategorier (vikt)"), x);
	free(x);
	x = tc_xasprintf("%d%s%s", fl->weight,
			 fl->personnummer ? T(lang, "; personnummer", "; personnummer") : "",
			 fl->special ? T(lang, "; special categories", "; särskilda kategorier") : "");
	md_row(b, T(lang, "Sensitivity", "Känslighet"), x);
	free(x);
	md_row(b, T(lang, "Volume and frequency", "Omfattning och frekvens"),
	       T(lang, "not recorded", "inte registrerat"));
	md_row(b, T(lang, "Form", "Form"), form_text(fl->depth == 1 ? s : NULL, lang));

	tc_buf_printf(b, "\n### %s\n\n", T(lang, "3. Geography", "3. Geografi"));
	md_row(b, T(lang, "Contracting country", "Avtalsland"),
	       s ? tc_refdata_country_name(ref, s->entity_country, lang) : "-");
	x = countries_with(ref, s, TC_LOC_STORAGE | TC_LOC_PROCESSING, lang);
	md_row(b, T(lang, "Storage and processing", "Lagring och behandling"), x);
	free(x);
	x = countries_with(ref, s, TC_LOC_REMOTE_ACCESS | TC_LOC_SUPPORT, lang);
	md_row(b, T(lang, "Remote access and support", "Fjärråtkomst och support"), x);
	free(x);
	x = kinds_text(fl->kinds, lang);
	md_row(b, T(lang, "This flow", "Detta flöde"), x);
	free(x);
	x = onward_text(ref, flows, fl->service, lang);
	md_row(b, T(lang, "Onward transfers", "Vidareöverföringar"), x);
	free(x);

	tc_buf_printf(b, "\n### %s\n\n", T(lang, "4. Legal basis for the transfer (EDPB step 2)",
					   "4. Rättslig grund för överföringen (EDPB steg 2)"));
	x = legal_text(ref, fl, m, now, lang);
	md_row(b, T(lang, "Mechanism", "Mekanism"), x);
	free(x);
	x = s && (s->dpa_version || s->dpa_date)
		    ? tc_xasprintf("%s %s", s->dpa_version ? s->dpa_version : "",
				   s->dpa_date ? s->dpa_date : "")
		    : tc_xstrdup(T(lang, "not recorded", "inte registrerat"));
	md_row(b, T(lang, "DPA version and date", "Version och datum för biträdesavtalet"), x);
	free(x);
	md_row(b, T(lang, "Sub-processor authorisation", "Godkännande av underbiträden"),
	       T(lang, "as in the DPA (general authorisation with notice; not recorded here)",
		 "enligt biträdesavtalet (allmänt godkännande med underrättelse; inte "
		 "registrerat här)"));

	tc_buf_printf(b, "\n### %s\n\n", T(lang, "5. Assessment (EDPB steps 3 and 4)",
					   "5. Bedömning (EDPB steg 3 och 4)"));
	x = laws_text(ref, fl->country, lang);
	md_row(b, T(lang, "Laws of concern", "Lagar att beakta"), x);
	free(x);
	x = measures_text(fl->depth == 1 ? s : NULL, lang);
	md_row(b, T(lang, "Supplementary measures", "Kompletterande skyddsåtgärder"), x);
	free(x);
	tc_buf_printf(b, "- **%s:** %d → %s (%s)\n", T(lang, "Score", "Poäng"), t->score,
		      rating_label(t->rating, lang),
		      T(lang, "0–4 green, 5–8 amber, 9+ red", "0–4 grön, 5–8 gul, 9+ röd"));
	for (size_t i = 0; i < t->nlines; i++)
		tc_buf_printf(b, "  - %+d %s\n", t->lines[i].points,
			      tc_i18n_get(&t->lines[i].text, lang));

	tc_buf_printf(b, "\n### %s\n\n", T(lang, "6. Decision and review (EDPB steps 5 and 6)",
					   "6. Beslut och omprövning (EDPB steg 5 och 6)"));
	if (s && s->decision.outcome) {
		x = tc_xasprintf("%s (%s, %s; %ld %s)", s->decision.outcome,
				 s->decision.by ? s->decision.by : "-",
				 s->decision.date ? s->decision.date : "-", t->decision_age_days,
				 T(lang, "days old", "dagar gammalt"));
		md_row(b, T(lang, "Decision", "Beslut"), x);
		free(x);
		if (s->decision.note)
			md_row(b, T(lang, "Note", "Anteckning"), s->decision.note);
	} else {
		md_row(b, T(lang, "Decision", "Beslut"),
		       T(lang, "none recorded", "inget registrerat"));
	}
	md_row(b, T(lang, "Next review", "Nästa omprövning"), t->next_review);
	x = tc_xasprintf("%s sha256 %s", T(lang, "catalogue", "katalog"),
			 cat->hash ? cat->hash : "-");
	md_row(b, T(lang, "Evidence", "Underlag"), x);
	free(x);
	tc_buf_printf(b, "\n**%s**\n\n", T(lang, "Actions", "Åtgärder"));
	for (size_t i = 0; i < t->nactions; i++)
		tc_buf_printf(b, "- [ ] %s\n", tc_i18n_get(&t->actions[i], lang));
}

char *tc_tia_markdown(const tc_catalog *cat, const tc_refdata *ref, const tc_flows *flows,
		      const tc_tias *t, const char *lang, time_t now)
{
	tc_buf b = TC_BUF_INIT;
	char today[16];

	tc_date_utc(now, today);
	tc_buf_init(&b, (size_t)64 << 20);
	tc_buf_printf(&b, "# %s: %s\n\n",
		      T(lang, "Transfer-impact assessment", "Konsekvensbedömning av överföringar"),
		      cat->org.name ? cat->org.name : "-");
	tc_buf_printf(&b, T(lang, "Date %s. One record per data flow that leaves the EU/EEA, "
			    "following EDPB Recommendations 01/2020 (six steps). Reference data "
			    "checked %s.\n\n",
			    "Datum %s. En post per dataflöde som lämnar EU/EES, enligt EDPB:s "
			    "rekommendationer 01/2020 (sex steg). Referensdata kontrollerade "
			    "%s.\n\n"), today,
		      ref->countries_checked ? ref->countries_checked : "?");
	if (!t->n) {
		tc_buf_adds(&b, T(lang, "No data flow leaves the EU/EEA.\n",
				  "Inga dataflöden lämnar EU/EES.\n"));
		return tc_buf_detach(&b);
	}
	tc_buf_printf(&b, "| # | %s | %s | %s | %s | %s | %s | %s |\n| --- | --- | --- | --- | "
		      "--- | --- | --- | --- |\n",
		      T(lang, "Service", "Tjänst"), T(lang, "Importer", "Mottagare"),
		      T(lang, "Country", "Land"), T(lang, "Classification", "Klassificering"),
		      T(lang, "Mechanism", "Mekanism"), T(lang, "Score", "Poäng"),
		      T(lang, "Rating", "Bedömning"));
	for (size_t i = 0; i < t->n; i++) {
		const tc_flow *fl = &flows->v[t->v[i].flow];
		tc_buf c1 = TC_BUF_INIT, c2 = TC_BUF_INIT, c3 = TC_BUF_INIT;

		tc_buf_printf(&b, "| %zu | %s | %s | %s | %s | %s | %d | %s%s |\n", i + 1,
			      md_cell(&c1, fl->service_name), md_cell(&c2, fl->entity),
			      md_cell(&c3, tc_refdata_country_name(ref, fl->country, lang)),
			      tc_flow_class_name(fl->cls), tc_mech_type_name(fl->mechanism),
			      t->v[i].score, rating_label(t->v[i].rating, lang),
			      fl->personnummer ? " (personnummer)" : "");
		tc_buf_release(&c1);
		tc_buf_release(&c2);
		tc_buf_release(&c3);
	}
	for (size_t i = 0; i < t->n; i++)
		md_record(&b, i + 1, cat, ref, flows, &t->v[i], lang, now);
	return tc_buf_detach(&b);
}

/* ---- JSON ---- */

static cJSON *both(char *(*fn)(const tc_refdata *, const char *, const char *),
		   const tc_refdata *ref, const char *arg)
{
	char *en = fn(ref, arg, "en"), *sv = fn(ref, arg, "sv");
	cJSON *o = i18n_json(en, sv);

	free(en);
	free(sv);
	return o;
}

static cJSON *json_record(const tc_catalog *cat, const tc_refdata *ref, const tc_flows *flows,
			  const tc_tia *t, time_t now)
{
	const tc_flow *fl = &flows->v[t->flow];
	const tc_service *s = tc_catalog_find(cat, fl->service);
	const tc_service *sm = fl->depth == 1 ? s : NULL;
	const tc_mechanism *m = sm ? tc_service_mechanism(sm, fl->country) : NULL;
	cJSON *o = cJSON_CreateObject(), *g, *a;
	char *en, *sv;

	cJSON_AddItemToObject(o, "flow", tc_flow_to_cjson(fl, ref));

	g = cJSON_AddObjectToObject(o, "identity");
	cJSON_AddStringToObject(g, "service", fl->service);
	cJSON_AddItemToObject(g, "exporter", str_or_null(cat->org.name));
	cJSON_AddStringToObject(g, "importer", fl->entity);
	cJSON_AddStringToObject(g, "role", tc_flow_role_name(fl->role));
	cJSON_AddNumberToObject(g, "depth", fl->depth);
	cJSON_AddItemToObject(g, "parent", str_or_null(s ? s->parent_name : NULL));
	cJSON_AddItemToObject(g, "parent_country", str_or_null(s ? s->parent_country : NULL));

	g = cJSON_AddObjectToObject(o, "data");
	cJSON_AddItemToObject(g, "data_subjects",
			      s ? i18n_json(s->data_subjects.en, s->data_subjects.sv)
				: cJSON_CreateNull());
	a = cJSON_AddArrayToObject(g, "categories");
	for (size_t i = 0; i < fl->ncategories; i++) {
		const tc_category *c = tc_refdata_category(ref, fl->categories[i]);
		cJSON *co = cJSON_CreateObject();

		cJSON_AddStringToObject(co, "code", fl->categories[i]);
		cJSON_AddItemToObject(co, "name", i18n_json(c ? c->name_en : NULL,
							   c ? c->name_sv : NULL));
		cJSON_AddNumberToObject(co, "weight", c ? c->weight : 0);
		cJSON_AddItemToArray(a, co);
	}
	cJSON_AddNumberToObject(g, "sensitivity", fl->weight);
	cJSON_AddBoolToObject(g, "personnummer", fl->personnummer);
	cJSON_AddBoolToObject(g, "special", fl->special);
	cJSON_AddItemToObject(g, "form", i18n_json(form_text(sm, "en"), form_text(sm, "sv")));

	g = cJSON_AddObjectToObject(o, "geography");
	cJSON_AddItemToObject(g, "contracting_country", str_or_null(s ? s->entity_country : NULL));
	a = cJSON_AddArrayToObject(g, "storage");
	for (size_t i = 0; s && i < s->nlocations; i++)
		if (s->locations[i].kinds & (TC_LOC_STORAGE | TC_LOC_PROCESSING))
			cJSON_AddItemToArray(a, cJSON_CreateString(s->locations[i].country));
	a = cJSON_AddArrayToObject(g, "remote_access");
	for (size_t i = 0; s && i < s->nlocations; i++)
		if (s->locations[i].kinds & (TC_LOC_REMOTE_ACCESS | TC_LOC_SUPPORT))
			cJSON_AddItemToArray(a, cJSON_CreateString(s->locations[i].country));
	en = onward_text(ref, flows, fl->service, "en");
	sv = onward_text(ref, flows, fl->service, "sv");
	cJSON_AddItemToObject(g, "onward", i18n_json(en, sv));
	free(en);
	free(sv);

	g = cJSON_AddObjectToObject(o, "legal");
	cJSON_AddItemToObject(g, "mechanism", fl->mechanism == TC_MECH_NONE ? cJSON_CreateNull()
				: cJSON_CreateString(tc_mech_type_name(fl->mechanism)));
	en = legal_text(ref, fl, m, now, "en");
	sv = legal_text(ref, fl, m, now, "sv");
	cJSON_AddItemToObject(g, "detail", i18n_json(en, sv));
	free(en);
	free(sv);
	cJSON_AddItemToObject(g, "dpf_url", str_or_null(m ? m->dpf_url : NULL));
	cJSON_AddItemToObject(g, "dpf_status", str_or_null(m ? m->dpf_status : NULL));
	cJSON_AddItemToObject(g, "dpf_checked", str_or_null(m ? m->dpf_checked : NULL));
	cJSON_AddItemToObject(g, "dpa_version", str_or_null(s ? s->dpa_version : NULL));
	cJSON_AddItemToObject(g, "dpa_date", str_or_null(s ? s->dpa_date : NULL));

	g = cJSON_AddObjectToObject(o, "assessment");
	cJSON_AddItemToObject(g, "laws", both(laws_text, ref, fl->country));
	en = measures_text(sm, "en");
	sv = measures_text(sm, "sv");
	cJSON_AddItemToObject(g, "measures", i18n_json(en, sv));
	free(en);
	free(sv);
	cJSON_AddNumberToObject(g, "score", t->score);
	cJSON_AddStringToObject(g, "rating", tc_rating_name(t->rating));
	a = cJSON_AddArrayToObject(g, "score_lines");
	for (size_t i = 0; i < t->nlines; i++) {
		cJSON *l = cJSON_CreateObject();

		cJSON_AddNumberToObject(l, "points", t->lines[i].points);
		cJSON_AddItemToObject(l, "text", i18n_json(t->lines[i].text.en, t->lines[i].text.sv));
		cJSON_AddItemToArray(a, l);
	}

	g = cJSON_AddObjectToObject(o, "decision");
	cJSON_AddItemToObject(g, "outcome", str_or_null(s ? s->decision.outcome : NULL));
	cJSON_AddItemToObject(g, "by", str_or_null(s ? s->decision.by : NULL));
	cJSON_AddItemToObject(g, "date", str_or_null(s ? s->decision.date : NULL));
	if (t->decision_age_days >= 0)
		cJSON_AddNumberToObject(g, "age_days", (double)t->decision_age_days);
	else
		cJSON_AddNullToObject(g, "age_days");
	cJSON_AddStringToObject(g, "next_review", t->next_review);
	cJSON_AddItemToObject(g, "evidence", str_or_null(cat->hash));
	a = cJSON_AddArrayToObject(g, "actions");
	for (size_t i = 0; i < t->nactions; i++)
		cJSON_AddItemToArray(a, i18n_json(t->actions[i].en, t->actions[i].sv));
	return o;
}

char *tc_tia_json(const tc_catalog *cat, const tc_refdata *ref, const tc_flows *flows,
		  const tc_tias *t, time_t now)
{
	cJSON *o = cJSON_CreateObject(), *recs;
	char iso[32];

	tc_iso_utc(now, iso);
	cJSON_AddNumberToObject(o, "tiacheck_tia", 1);
	cJSON_AddStringToObject(o, "generated", iso);
	cJSON_AddItemToObject(o, "organisation", str_or_null(cat->org.name));
	cJSON_AddItemToObject(o, "catalog_hash", str_or_null(cat->hash));
	cJSON_AddItemToObject(o, "reference_checked", str_or_null(ref->countries_checked));
	recs = cJSON_AddArrayToObject(o, "records");
	for (size_t i = 0; i < t->n; i++)
		cJSON_AddItemToArray(recs, json_record(cat, ref, flows, &t->v[i], now));
	return print_owned(o, 1);
}
