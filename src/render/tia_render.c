/*
 * tia_render: transfer-impact records as a document (render layer) and as JSON, and
 * the flows table. See include/tiacheck/tia_render.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "tiacheck/i18n.h"
#include "tiacheck/render.h"
#include "tiacheck/tia_render.h"
#include "tiacheck/utf8.h"
#include "tiacheck/util.h"

#define DAY 86400L
#define DOC_MAX ((size_t)64 << 20)

static long days_between(const char *date, time_t now)
{
	time_t t;

	if (!date || tc_parse_date(date, &t) < 0)
		return 0;
	return (long)((now - t) / DAY);
}

/* ---- the record's groups, shared by the document and JSON ---- */

/* Countries of the locations with any of the kinds bits, as names. */
static char *countries_with(const tc_refdata *ref, const tc_location *locs, size_t n,
			    unsigned kinds, enum tc_lang lang)
{
	tc_buf b = TC_BUF_INIT;

	tc_buf_init(&b, 4096);
	for (size_t i = 0; i < n; i++) {
		if (!(locs[i].kinds & kinds))
			continue;
		tc_buf_printf(&b, "%s%s", b.len ? ", " : "",
			      tc_refdata_country_name(ref, locs[i].country, lang));
		if (locs[i].place)
			tc_buf_printf(&b, " (%s)", locs[i].place);
	}
	if (!b.len)
		tc_buf_adds(&b, "-");
	return tc_buf_detach(&b);
}

/* The data subjects: the coded groups (subjects.json) in lang, then the catalogue's
 * own words; "not recorded" when neither. Owned. */
static char *subjects_text(const tc_refdata *ref, const tc_service *s, enum tc_lang lang)
{
	const char *words = s ? tc_i18n_get(&s->data_subjects, lang) : NULL;
	tc_buf b = TC_BUF_INIT;

	tc_buf_init(&b, 8192);
	for (size_t i = 0; s && i < s->nsubjects; i++) {
		const tc_code_entry *e = tc_refscope_subject(&ref->scope, s->subjects[i]);
		const char *name = e ? (lang == TC_LANG_SV ? e->sv : e->en) : NULL;

		tc_buf_printf(&b, "%s%s", i ? ", " : "", name ? name : s->subjects[i]);
	}
	if (words)
		tc_buf_printf(&b, "%s%s", b.len ? "; " : "", words);
	if (!b.len)
		tc_buf_adds(&b, tc_tr(lang, "tia.not_recorded"));
	return tc_buf_detach(&b);
}

/* Onward flows of fl: for a flow of the vendor itself (depth 1), the sub-processors
 * of its service (depth 2), as "entity (country)"; none known below depth 2. */
static char *onward_text(const tc_refdata *ref, const tc_flows *flows, const tc_flow *fl,
			 enum tc_lang lang)
{
	tc_buf b = TC_BUF_INIT;

	tc_buf_init(&b, 16384);
	for (size_t i = 0; fl->depth == 1 && i < flows->n; i++)
		if (flows->v[i].depth > 1 && tc_streq(flows->v[i].via, fl->service))
			tc_buf_printf(&b, "%s%s (%s)", b.len ? ", " : "", flows->v[i].entity,
				      tc_refdata_country_name(ref, flows->v[i].country, lang));
	if (!b.len)
		tc_buf_adds(&b, tc_tr(lang, "tia.none_known"));
	return tc_buf_detach(&b);
}

static char *legal_text(const tc_refdata *ref, const tc_flow *fl, const tc_mechanism *m,
			time_t now, enum tc_lang lang)
{
	const tc_country *c = tc_refdata_country(ref, fl->country);
	tc_buf b = TC_BUF_INIT;

	tc_buf_init(&b, 4096);
	tc_buf_adds(&b, tc_mech_text(fl->mechanism, lang));
	if (fl->mechanism == TC_MECH_ADEQUACY && c && c->decision)
		tc_buf_printf(&b, " %s (%s)", c->decision, c->decision_date ? c->decision_date : "?");
	if (m && m->type == TC_MECH_DPF)
		tc_buf_printf(&b, tc_tr(lang, "tia.legal_dpf"), fl->dpf_url ? fl->dpf_url : "-",
			      fl->dpf_status ? tc_label(lang, "dpf_status", fl->dpf_status) : "-",
			      fl->dpf_checked ? fl->dpf_checked : "-", days_between(fl->dpf_checked, now));
	if (m && m->type == TC_MECH_SCC && m->scc_module)
		tc_buf_printf(&b, tc_tr(lang, "tia.legal_module"), m->scc_module);
	if (m && m->type == TC_MECH_ART49 && m->art49_ground)
		tc_buf_printf(&b, tc_tr(lang, "tia.legal_ground"), m->art49_ground);
	if (m && m->reference)
		tc_buf_printf(&b, "; %s", m->reference);
	return tc_buf_detach(&b);
}

static char *laws_text(const tc_refdata *ref, const char *country, enum tc_lang lang)
{
	const tc_country *c = tc_refdata_country(ref, country);
	tc_buf b = TC_BUF_INIT;

	tc_buf_init(&b, 4096);
	for (size_t i = 0; c && i < c->nlaws; i++)
		tc_buf_printf(&b, "%s%s", i ? "; " : "", c->laws[i]);
	if (!b.len)
		tc_buf_adds(&b, tc_tr(lang, "tia.laws_none"));
	return tc_buf_detach(&b);
}

/* One law of the destination: "name: what it allows (whom it reaches; this importer:
 * ...)". Owned. */
static char *law_item_text(const tc_tia *t, size_t i, enum tc_lang lang)
{
	const tc_law *law = &t->law->laws[i];
	char id[96];

	snprintf(id, sizeof(id), "tia.reaches.%s", law->reaches ? law->reaches : "none");
	return tc_xasprintf(tc_tr(lang, "tia.law_item"), law->name,
			    lang == TC_LANG_SV ? law->text.sv : law->text.en, tc_tr(lang, id),
			    tc_label(lang, "tia.in_reach", tc_reach_name(t->law_reach[i])));
}

static const char *text2(const tc_text2 *t, enum tc_lang lang)
{
	return lang == TC_LANG_SV ? t->sv : t->en;
}

/* The sources of a law profile: "title (url); ...". Owned. */
static char *sources_text(const tc_law_profile *p)
{
	tc_buf b = TC_BUF_INIT;

	tc_buf_init(&b, 8192);
	for (size_t i = 0; i < p->nsources; i++) {
		tc_buf_printf(&b, "%s%s", i ? "; " : "", p->sources[i].title);
		if (p->sources[i].url)
			tc_buf_printf(&b, " (%s)", p->sources[i].url);
	}
	if (!b.len)
		tc_buf_adds(&b, "-");
	return tc_buf_detach(&b);
}

static char *measures_text(const tc_service *s, enum tc_lang lang)
{
	tc_buf b = TC_BUF_INIT;

	tc_buf_init(&b, 8192);
	if (s && s->measures_eu_keys)
		tc_buf_adds(&b, tc_tr(lang, "tia.measure_keys"));
	if (s && s->measures_pseudonymised)
		tc_buf_printf(&b, "%s%s", b.len ? "; " : "", tc_tr(lang, "tia.measure_pseudonymised"));
	for (size_t i = 0; s && i < s->nmeasures; i++) {
		size_t n = strlen(s->measures[i]);

		if (n && s->measures[i][n - 1] == '.')
			n--;
		tc_buf_printf(&b, "%s%.*s", b.len ? "; " : "", (int)n, s->measures[i]);
	}
	if (!b.len)
		tc_buf_adds(&b, tc_tr(lang, "tia.none_recorded"));
	return tc_buf_detach(&b);
}

/* The form the data has at the importer for this flow: encrypted with keys held in
 * the EU only where the data rests there; in clear where it is processed, accessed or
 * supported there. */
static const char *form_text(const tc_service *s, const tc_flow *fl, enum tc_lang lang)
{
	const unsigned clear = TC_LOC_PROCESSING | TC_LOC_REMOTE_ACCESS | TC_LOC_SUPPORT;

	if (s && s->measures_eu_keys)
		return tc_tr(lang, fl->kinds & clear ? "tia.form_keys_clear" : "tia.form_keys");
	if (s && s->measures_pseudonymised)
		return tc_tr(lang, "tia.form_pseudonymised");
	return tc_tr(lang, "tia.form_clear");
}

/* ---- the document ---- */

/* One record being written. */
typedef struct rec {
	tc_render *r;
	enum tc_lang lang;
	const tc_catalog *cat;
	const tc_refdata *ref;
	const tc_flows *flows;
	const tc_tia *t;
	const tc_flow *fl;
	const tc_service *s;           /* the flow's service (NULL when not found) */
	const tc_service *sm;          /* the same at depth 1, else NULL */
	const tc_mechanism *m;         /* recorded for the flow's country (tc_flow_mechanism) */
	const tc_location *locs;       /* where the importer has the data: the service's
	                                  locations, a declared sub-processor's, or only
	                                  this flow's (one) */
	size_t nlocs;
	tc_location one;               /* this flow's place, for a published sub-processor */
	time_t now;
} rec;

/* Point x at flow fl: its service, mechanism and the locations of its importer. */
static void rec_bind(rec *x, const tc_flow *fl)
{
	const tc_subprocessor *p;

	x->fl = fl;
	x->s = tc_catalog_find(x->cat, fl->service);
	x->sm = fl->depth == 1 ? x->s : NULL;
	x->m = tc_flow_mechanism(x->s, fl);
	p = tc_flow_declared(x->s, fl);
	x->one = (tc_location){ .country = fl->country, .kinds = fl->kinds };
	if (x->sm) {
		x->locs = x->sm->locations;
		x->nlocs = x->sm->nlocations;
	} else if (p) {
		x->locs = p->locations;
		x->nlocs = p->nlocations;
	} else {
		x->locs = &x->one;
		x->nlocs = 1;
	}
}

/* "- **Label:** value": label by message id, value untrusted ("-" when empty). */
static void item(const rec *x, const char *label_id, const char *value)
{
	tc_r_item(x->r, tc_tr(x->lang, label_id), value && *value ? value : "-");
}

/* The same with an owned value, freed. */
static void item_own(const rec *x, const char *label_id, char *value)
{
	item(x, label_id, value);
	free(value);
}

static void section(const rec *x, const char *id)
{
	tc_r_ul_end(x->r);
	tc_r_h(x->r, 3);
	tc_r_tr(x->r, id);
	tc_r_h_end(x->r, 3);
	tc_r_ul(x->r);
}

static const char *cname(const rec *x, const char *code)
{
	return tc_refdata_country_name(x->ref, code, x->lang);
}

/* EDPB step 1 (identity) and the data. */
static void rec_identity(const rec *x)
{
	const tc_flow *fl = x->fl;
	const tc_service *s = x->s;
	enum tc_lang l = x->lang;

	tc_r_h(x->r, 3);
	tc_r_tr(x->r, "tia.s1");
	tc_r_h_end(x->r, 3);
	tc_r_ul(x->r);
	item(x, "tia.col.service", fl->service_name);
	item_own(x, "tia.exporter", tc_xasprintf("%s (%s)", x->cat->org.name ? x->cat->org.name : "-",
					       x->cat->org.country ? cname(x, x->cat->org.country) : "-"));
	item_own(x, "tia.importer_role", tc_xasprintf("%s (%s)", fl->entity,
						    tc_flow_role_label(fl->role, l)));
	item_own(x, "tia.depth", fl->via ? tc_xasprintf(tc_tr(l, "tia.depth_via"), fl->depth,
						      fl->service_name)
				       : tc_xasprintf("%d", fl->depth));
	item_own(x, "tia.parent", s && s->parent_name
		 ? tc_xasprintf("%s (%s)", s->parent_name, cname(x, s->parent_country))
		 : tc_xstrdup("-"));

	section(x, "tia.s2");
	item_own(x, "tia.subjects", subjects_text(x->ref, s, l));
	item_own(x, "tia.categories", tc_tia_categories_text(x->ref, fl, l, 1));
	item_own(x, "tia.sensitivity",
		 tc_xasprintf("%d%s%s%s%s", fl->weight, fl->personnummer ? "; " : "",
			      fl->personnummer ? tc_tr(l, "tia.sensitivity_pnr") : "",
			      fl->special ? "; " : "",
			      fl->special ? tc_tr(l, "tia.sensitivity_special") : ""));
	item(x, "tia.volume", tc_tr(l, "tia.not_recorded"));
	item(x, "tia.form", form_text(x->sm, x->fl, l));
}

/* Geography and EDPB step 2 (legal basis). */
static void rec_geography(const rec *x)
{
	const tc_service *s = x->s;
	enum tc_lang l = x->lang;

	section(x, "tia.s3");
	item(x, "tia.contracting", s ? cname(x, s->entity_country) : "-");
	item_own(x, "tia.storage", countries_with(x->ref, x->locs, x->nlocs,
						  TC_LOC_STORAGE | TC_LOC_PROCESSING, l));
	item_own(x, "tia.remote", countries_with(x->ref, x->locs, x->nlocs,
						 TC_LOC_REMOTE_ACCESS | TC_LOC_SUPPORT, l));
	item_own(x, "tia.this_flow", tc_flow_kinds_text(x->fl->kinds, l));
	item_own(x, "tia.onward", onward_text(x->ref, x->flows, x->fl, l));

	section(x, "tia.s4");
	item_own(x, "tia.mechanism", legal_text(x->ref, x->fl, x->m, x->now, l));
	item_own(x, "tia.dpa", s && (s->dpa_version || s->dpa_date)
		 ? tc_xasprintf("%s %s", s->dpa_version ? s->dpa_version : "",
				s->dpa_date ? s->dpa_date : "")
		 : tc_xstrdup(tc_tr(l, "tia.not_recorded")));
	item(x, "tia.authorisation", tc_tr(l, "tia.authorisation_value"));
}

/* A sub-item of the score: "  - +2 text" in Markdown, an item of its own elsewhere. */
static void score_line(const rec *x, const tc_tia_line *ln)
{
	tc_render *r = x->r;

	tc_r_raw(r, r->kind == TC_RENDER_HTML ? "<li>" : r->kind == TC_RENDER_MD ? "  - " : "  * ");
	tc_r_rawf(r, "%+d ", ln->points);
	tc_r_text(r, tc_i18n_get(&ln->text, x->lang));
	tc_r_li_end(r);
}

/* A check-box item: "- [ ] text" in Markdown and text, an item with a box in HTML. */
static void todo(const rec *x, const char *text)
{
	tc_render *r = x->r;

	tc_r_raw(r, r->kind == TC_RENDER_HTML ? "<li>&#9744; " : "- [ ] ");
	tc_r_text(r, text);
	tc_r_li_end(r);
}

/* A sub-item of untrusted text under the previous item. */
static void sub_item(const rec *x, const char *text)
{
	tc_render *r = x->r;

	tc_r_raw(r, r->kind == TC_RENDER_HTML ? "<li>" : r->kind == TC_RENDER_MD ? "  - " : "  * ");
	tc_r_text(r, text);
	tc_r_li_end(r);
}

/* EDPB step 3: the destination's law and practice (laws.json), whether it reaches
 * this importer, the redress and what it means for SCCs, with the sources; the
 * country table's list of laws where laws.json has no entry. */
static void rec_law(const rec *x)
{
	const tc_tia *t = x->t;
	const tc_law_profile *p = t->law;
	enum tc_lang l = x->lang;
	char id[96];

	if (!p) {
		item_own(x, "tia.laws", laws_text(x->ref, x->fl->country, l));
		return;
	}
	snprintf(id, sizeof(id), "tia.assessment.%s", p->assessment ? p->assessment : "concerns");
	item_own(x, "tia.law", tc_xasprintf(tc_tr(l, "tia.law_checked"), tc_tr(l, id),
					  x->ref->scope.laws_checked ? x->ref->scope.laws_checked
								     : "?"));
	for (size_t i = 0; i < p->nlaws; i++) {
		char *s = law_item_text(t, i, l);

		sub_item(x, s);
		free(s);
	}
	item(x, "tia.redress", text2(&p->redress, l));
	item(x, "tia.in_reach", tc_i18n_get(&t->reach_text, l));
	item(x, "tia.scc", text2(&p->scc, l));
	item_own(x, "tia.sources", sources_text(p));
}

/* EDPB steps 3 to 6: assessment, decision, review, actions. */
static void rec_assessment(const rec *x)
{
	const tc_service *s = x->s;
	const tc_tia *t = x->t;
	enum tc_lang l = x->lang;

	section(x, "tia.s5");
	rec_law(x);
	item_own(x, "tia.measures", measures_text(x->sm, l));
	item_own(x, "tia.score", tc_xasprintf("%d → %s", t->score, tc_rating_label(t->rating, l)));
	for (size_t i = 0; i < t->nlines; i++)
		score_line(x, &t->lines[i]);

	section(x, "tia.s6");
	if (s && s->decision.outcome) {
		item_own(x, "tia.decision",
			 tc_xasprintf("%s (%s, %s; %ld %s)", s->decision.outcome,
				      s->decision.by ? s->decision.by : "-",
				      s->decision.date ? s->decision.date : "-", t->decision_age_days,
				      tc_tr(l, "tia.days_old")));
		if (s->decision.note)
			item(x, "tia.note", s->decision.note);
	} else {
		item(x, "tia.decision", tc_tr(l, "tia.none_recorded_one"));
	}
	item(x, "tia.next_review", t->next_review);
	item_own(x, "tia.evidence", tc_xasprintf("%s sha256 %s", tc_tr(l, "tia.catalogue"),
					       x->cat->hash ? x->cat->hash : "-"));
	tc_r_ul_end(x->r);
	tc_r_p(x->r);
	tc_r_strong(x->r);
	tc_r_tr(x->r, "tia.actions");
	tc_r_strong_end(x->r);
	tc_r_p_end(x->r);
	tc_r_ul(x->r);
	for (size_t i = 0; i < t->nactions; i++)
		todo(x, tc_i18n_get(&t->actions[i].text, l));
	tc_r_ul_end(x->r);
}

static void rec_write(rec *x, size_t no)
{
	const tc_flow *fl = x->fl;

	rec_bind(x, fl);
	tc_r_h(x->r, 2);
	tc_r_rawf(x->r, "%zu. ", no);
	tc_r_text(x->r, fl->service_name);
	tc_r_raw(x->r, " → ");
	tc_r_text(x->r, fl->entity);
	tc_r_raw(x->r, ", ");
	tc_r_text(x->r, cname(x, fl->country));
	tc_r_raw(x->r, ": ");
	tc_r_text(x->r, tc_rating_label(x->t->rating, x->lang));
	tc_r_h_end(x->r, 2);
	tc_r_para_text(x->r, tc_flow_reason(fl, x->lang));
	rec_identity(x);
	rec_geography(x);
	rec_assessment(x);
}

/* The summary table: one row per record. */
static void summary_table(const rec *x, const tc_tias *t)
{
	static const char *const ids[] = { "tia.col.service", "tia.col.importer", "tia.col.country",
					   "tia.col.class", "tia.col.mechanism", "tia.col.score",
					   "tia.col.rating" };
	const char *cols[1 + TC_ARRAY_LEN(ids)];
	tc_render *r = x->r;

	cols[0] = tc_tr(x->lang, "tia.col.no");
	for (size_t i = 0; i < TC_ARRAY_LEN(ids); i++)
		cols[i + 1] = tc_tr(x->lang, ids[i]);
	tc_r_table(r, cols, TC_ARRAY_LEN(cols));
	for (size_t i = 0; i < t->n; i++) {
		const tc_flow *fl = &x->flows->v[t->v[i].flow];
		char *rating = tc_xasprintf("%s%s", tc_rating_label(t->v[i].rating, x->lang),
					    fl->personnummer ? " (personnummer)" : "");

		tc_r_row(r, NULL);
		tc_r_cell(r);
		tc_r_num(r, (long)(i + 1));
		tc_r_cell_end(r);
		tc_r_tcell(r, fl->service_name);
		tc_r_tcell(r, fl->entity);
		tc_r_tcell(r, cname(x, fl->country));
		tc_r_tcell(r, tc_flow_class_label(fl->cls, x->lang));
		tc_r_tcell(r, tc_label(x->lang, "mechanism", tc_mech_type_name(fl->mechanism)));
		tc_r_cell(r);
		tc_r_num(r, t->v[i].score);
		tc_r_cell_end(r);
		tc_r_tcell(r, rating);
		tc_r_row_end(r);
		free(rating);
	}
	tc_r_table_end(r);
}

char *tc_tia_render(const tc_catalog *cat, const tc_refdata *ref, const tc_flows *flows,
		    const tc_tias *t, enum tc_render_kind kind, enum tc_lang lang, time_t now)
{
	tc_buf b = TC_BUF_INIT;
	tc_render r;
	rec x = { .r = &r, .lang = lang, .cat = cat, .ref = ref, .flows = flows, .now = now };
	char today[16], *intro;

	tc_date_utc(now, today);
	tc_buf_init(&b, DOC_MAX);
	tc_render_init(&r, &b, kind, lang);
	if (kind == TC_RENDER_HTML) {
		tc_r_html_begin(&r);
		tc_r_tr(&r, "tia.title");
		tc_r_html_head_end(&r, NULL);
	}
	tc_r_h(&r, 1);
	tc_r_tr(&r, "tia.title");
	tc_r_raw(&r, ": ");
	tc_r_text(&r, cat->org.name ? cat->org.name : "-");
	tc_r_h_end(&r, 1);
	intro = tc_xasprintf(tc_tr(lang, "tia.intro"), today,
			     ref->countries_checked ? ref->countries_checked : "?");
	tc_r_para_text(&r, intro);
	free(intro);
	intro = tc_xasprintf(tc_tr(lang, "tia.scale"), TC_TIA_GREEN_MAX, TC_TIA_GREEN_MAX + 1,
			     TC_TIA_AMBER_MAX, TC_TIA_AMBER_MAX + 1);
	tc_r_para_text(&r, intro);
	free(intro);
	if (!t->n) {
		tc_r_para(&r, "tia.no_flows");
	} else {
		summary_table(&x, t);
		for (size_t i = 0; i < t->n; i++) {
			x.t = &t->v[i];
			x.fl = &flows->v[t->v[i].flow];
			rec_write(&x, i + 1);
		}
	}
	if (kind == TC_RENDER_HTML)
		tc_r_html_end(&r);
	while (kind != TC_RENDER_HTML && b.len > 1 && b.data[b.len - 1] == '\n' &&
	       b.data[b.len - 2] == '\n')
		b.data[--b.len] = '\0';    /* one newline at the end */
	if (r.fail) {
		tc_buf_release(&b);
		return NULL;
	}
	return tc_buf_detach(&b);
}

/* ---- JSON ---- */

static cJSON *i18n_json(const char *en, const char *sv)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddItemToObject(o, "en", en ? cJSON_CreateString(en) : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "sv", sv ? cJSON_CreateString(sv) : cJSON_CreateNull());
	return o;
}

/* Both languages of an owned text made by fn. */
static cJSON *both_owned(char *en, char *sv)
{
	cJSON *o = i18n_json(en, sv);

	free(en);
	free(sv);
	return o;
}

static cJSON *str_or_null(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static void json_identity_data(cJSON *o, const rec *x)
{
	const tc_flow *fl = x->fl;
	const tc_service *s = x->s;
	cJSON *g, *a;

	g = cJSON_AddObjectToObject(o, "identity");
	cJSON_AddStringToObject(g, "service", fl->service);
	cJSON_AddItemToObject(g, "exporter", str_or_null(x->cat->org.name));
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
		const tc_category *c = tc_refdata_category(x->ref, fl->categories[i]);
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
	cJSON_AddItemToObject(g, "form", i18n_json(form_text(x->sm, fl, TC_LANG_EN),
						   form_text(x->sm, fl, TC_LANG_SV)));
}

static void json_geography_legal(cJSON *o, const rec *x)
{
	const tc_flow *fl = x->fl;
	const tc_service *s = x->s;
	const tc_mechanism *m = x->m;
	cJSON *g, *a;

	g = cJSON_AddObjectToObject(o, "geography");
	cJSON_AddItemToObject(g, "contracting_country", str_or_null(s ? s->entity_country : NULL));
	a = cJSON_AddArrayToObject(g, "storage");
	for (size_t i = 0; i < x->nlocs; i++)
		if (x->locs[i].kinds & (TC_LOC_STORAGE | TC_LOC_PROCESSING))
			cJSON_AddItemToArray(a, cJSON_CreateString(x->locs[i].country));
	a = cJSON_AddArrayToObject(g, "remote_access");
	for (size_t i = 0; i < x->nlocs; i++)
		if (x->locs[i].kinds & (TC_LOC_REMOTE_ACCESS | TC_LOC_SUPPORT))
			cJSON_AddItemToArray(a, cJSON_CreateString(x->locs[i].country));
	cJSON_AddItemToObject(g, "onward",
			      both_owned(onward_text(x->ref, x->flows, fl, TC_LANG_EN),
					 onward_text(x->ref, x->flows, fl, TC_LANG_SV)));

	g = cJSON_AddObjectToObject(o, "legal");
	cJSON_AddItemToObject(g, "mechanism", fl->mechanism == TC_MECH_NONE ? cJSON_CreateNull()
				: cJSON_CreateString(tc_mech_type_name(fl->mechanism)));
	cJSON_AddItemToObject(g, "detail",
			      both_owned(legal_text(x->ref, fl, m, x->now, TC_LANG_EN),
					 legal_text(x->ref, fl, m, x->now, TC_LANG_SV)));
	cJSON_AddItemToObject(g, "dpf_url", str_or_null(m ? fl->dpf_url : NULL));
	cJSON_AddItemToObject(g, "dpf_status", str_or_null(m ? fl->dpf_status : NULL));
	cJSON_AddItemToObject(g, "dpf_checked", str_or_null(m ? fl->dpf_checked : NULL));
	cJSON_AddItemToObject(g, "dpa_version", str_or_null(s ? s->dpa_version : NULL));
	cJSON_AddItemToObject(g, "dpa_date", str_or_null(s ? s->dpa_date : NULL));
}

/* EDPB step 3 as data: codes, texts in both languages, the conclusion; null when
 * the reference data has no entry for the destination. */
static cJSON *law_json(const rec *x)
{
	const tc_tia *t = x->t;
	const tc_law_profile *p = t->law;
	cJSON *o, *a;

	if (!p)
		return cJSON_CreateNull();
	o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "assessment", str_or_null(p->assessment));
	a = cJSON_AddArrayToObject(o, "laws");
	for (size_t i = 0; i < p->nlaws; i++) {
		cJSON *j = cJSON_CreateObject();

		cJSON_AddStringToObject(j, "name", p->laws[i].name);
		cJSON_AddItemToObject(j, "reaches", str_or_null(p->laws[i].reaches));
		cJSON_AddItemToObject(j, "text", i18n_json(p->laws[i].text.en, p->laws[i].text.sv));
		cJSON_AddStringToObject(j, "in_reach", tc_reach_name(t->law_reach[i]));
		cJSON_AddItemToArray(a, j);
	}
	cJSON_AddStringToObject(o, "in_reach", tc_reach_name(t->reach));
	cJSON_AddItemToObject(o, "conclusion", i18n_json(t->reach_text.en, t->reach_text.sv));
	cJSON_AddItemToObject(o, "redress", i18n_json(p->redress.en, p->redress.sv));
	cJSON_AddItemToObject(o, "scc", i18n_json(p->scc.en, p->scc.sv));
	a = cJSON_AddArrayToObject(o, "sources");
	for (size_t i = 0; i < p->nsources; i++) {
		cJSON *j = cJSON_CreateObject();

		cJSON_AddStringToObject(j, "title", p->sources[i].title);
		cJSON_AddItemToObject(j, "url", str_or_null(p->sources[i].url));
		cJSON_AddItemToArray(a, j);
	}
	cJSON_AddItemToObject(o, "checked", str_or_null(x->ref->scope.laws_checked));
	return o;
}

static void json_assessment(cJSON *o, const rec *x)
{
	const tc_service *s = x->s;
	const tc_tia *t = x->t;
	cJSON *g, *a;

	g = cJSON_AddObjectToObject(o, "assessment");
	cJSON_AddItemToObject(g, "laws", both_owned(laws_text(x->ref, x->fl->country, TC_LANG_EN),
						    laws_text(x->ref, x->fl->country, TC_LANG_SV)));
	cJSON_AddItemToObject(g, "law_and_practice", law_json(x));
	cJSON_AddItemToObject(g, "measures", both_owned(measures_text(x->sm, TC_LANG_EN),
							measures_text(x->sm, TC_LANG_SV)));
	cJSON_AddNumberToObject(g, "score", t->score);
	cJSON_AddStringToObject(g, "rating", tc_rating_name(t->rating));
	a = cJSON_AddArrayToObject(g, "score_lines");
	for (size_t i = 0; i < t->nlines; i++) {
		cJSON *l = cJSON_CreateObject();

		cJSON_AddStringToObject(l, "code", t->lines[i].code);
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
	cJSON_AddItemToObject(g, "evidence", str_or_null(x->cat->hash));
	a = cJSON_AddArrayToObject(g, "actions");
	for (size_t i = 0; i < t->nactions; i++) {
		cJSON *ac = i18n_json(t->actions[i].text.en, t->actions[i].text.sv);

		cJSON_AddStringToObject(ac, "code", t->actions[i].code);
		cJSON_AddItemToArray(a, ac);
	}
}

char *tc_tia_json(const tc_catalog *cat, const tc_refdata *ref, const tc_flows *flows,
		  const tc_tias *t, time_t now)
{
	cJSON *o = cJSON_CreateObject(), *recs;
	rec x = { .cat = cat, .ref = ref, .flows = flows, .now = now };
	char iso[32], *s, *out;

	tc_iso_utc(now, iso);
	cJSON_AddNumberToObject(o, "tiacheck_tia", 1);
	cJSON_AddStringToObject(o, "generated", iso);
	cJSON_AddItemToObject(o, "organisation", str_or_null(cat->org.name));
	cJSON_AddItemToObject(o, "catalog_hash", str_or_null(cat->hash));
	cJSON_AddItemToObject(o, "reference_checked", str_or_null(ref->countries_checked));
	recs = cJSON_AddArrayToObject(o, "records");
	for (size_t i = 0; i < t->n; i++) {
		cJSON *j = cJSON_CreateObject();

		x.t = &t->v[i];
		rec_bind(&x, &flows->v[t->v[i].flow]);
		cJSON_AddItemToObject(j, "flow", tc_flow_to_cjson(x.fl, ref));
		json_identity_data(j, &x);
		json_geography_legal(j, &x);
		json_assessment(j, &x);
		cJSON_AddItemToArray(recs, j);
	}
	s = cJSON_Print(o);
	out = tc_xstrdup(s ? s : "null");
	cJSON_free(s);
	cJSON_Delete(o);
	return out;
}

/* ---- the flows table ---- */

#define COL_MAX 34

enum { C_MARK, C_SERVICE, C_ENTITY, C_ROLE, C_COUNTRY, C_KINDS, C_CLASS, C_MECH, C_PNR, NCOL };

static const char *const head_ids[NCOL] = {
	NULL, "flows.head.service", "flows.head.entity", "flows.head.role", "flows.head.country",
	"flows.head.kinds", "flows.head.class", "flows.head.mechanism", "flows.head.pnr",
};

/* s cleaned by the render layer (control characters inert), cut to at most max
 * characters with "…" (max 0: not cut). Owned. */
static char *cell(const char *s, size_t max)
{
	tc_buf b = TC_BUF_INIT;
	size_t keep;

	tc_buf_init(&b, 1 << 16);
	tc_render_escape(&b, s, TC_ESC_TEXT, 0);
	if (!max || tc_utf8_count(tc_buf_str(&b), b.len) <= max)
		return tc_buf_detach(&b);
	for (keep = b.len; keep && tc_utf8_count(b.data, keep) > max - 1; )
		keep = tc_utf8_start(b.data, b.len, keep - 1);
	b.len = keep;
	b.data[keep] = '\0';
	tc_buf_adds(&b, "…");
	return tc_buf_detach(&b);
}

static size_t width(const char *s)
{
	return tc_utf8_count(s, strlen(s));
}

static void table_line(tc_buf *out, char *const *cells, const size_t *w, const char *color)
{
	size_t start = out->len;

	if (color)
		tc_buf_adds(out, color);
	for (int i = 0; i < NCOL; i++) {
		tc_buf_adds(out, cells[i]);
		if (i < NCOL - 1)
			tc_buf_printf(out, "%*s  ", (int)(w[i] - width(cells[i])), "");
	}
	while (out->len > start && out->data[out->len - 1] == ' ')
		out->data[--out->len] = '\0';
	tc_buf_adds(out, color ? "\033[0m\n" : "\n");
}

/* The cells of one flow (owned). */
static void flow_cells(const tc_flow *fl, const tc_refdata *ref, enum tc_lang l, char **c)
{
	char *x = tc_xasprintf("%s %s", fl->country, tc_refdata_country_name(ref, fl->country, l));

	c[C_MARK] = tc_xstrdup(fl->leaves_eea ? tc_tr(l, "flows.outside") : "");
	c[C_SERVICE] = cell(fl->service, COL_MAX);
	c[C_ENTITY] = cell(fl->entity, COL_MAX);
	c[C_ROLE] = fl->depth > 1 ? tc_xasprintf(tc_tr(l, "flows.depth"),
						 tc_flow_role_label(fl->role, l), fl->depth)
				  : tc_xstrdup(tc_flow_role_label(fl->role, l));
	c[C_COUNTRY] = cell(x, COL_MAX);
	c[C_KINDS] = tc_flow_kinds_text(fl->kinds, l);
	c[C_CLASS] = tc_xstrdup(tc_flow_class_label(fl->cls, l));
	c[C_MECH] = tc_xstrdup(tc_label(l, "flows.mech_short", tc_mech_type_name(fl->mechanism)));
	c[C_PNR] = tc_xstrdup(fl->personnummer ? tc_tr(l, "flows.yes") : "");
	free(x);
}

static const char *row_color(const tc_flow *fl)
{
	if (!fl->leaves_eea)
		return NULL;
	return fl->cls == TC_FC_ADEQUATE || fl->cls == TC_FC_PARTIAL_COVERED ? "\033[33m"
									      : "\033[31m";
}

char *tc_flows_table(const tc_flows *f, const tc_refdata *ref, enum tc_lang lang, int color)
{
	char *(*rows)[NCOL] = tc_xcalloc(f->n ? f->n : 1, sizeof(*rows));
	char *head[NCOL];
	size_t w[NCOL], outside = 0, dpf = 0, uncovered = 0, pnr = 0;
	tc_buf out = TC_BUF_INIT;

	for (int i = 0; i < NCOL; i++) {
		head[i] = (char *)(head_ids[i] ? tc_tr(lang, head_ids[i]) : "");
		w[i] = width(head[i]);
	}
	w[C_MARK] = width(tc_tr(lang, "flows.outside"));
	for (size_t r = 0; r < f->n; r++) {
		const tc_flow *fl = &f->v[r];

		flow_cells(fl, ref, lang, rows[r]);
		for (int i = 0; i < NCOL; i++)
			if (width(rows[r][i]) > w[i])
				w[i] = width(rows[r][i]);
		outside += fl->leaves_eea != 0;
		dpf += fl->cls == TC_FC_PARTIAL_COVERED && fl->mechanism == TC_MECH_DPF;
		uncovered += fl->leaves_eea && !tc_flow_covered(fl) &&
			     fl->mechanism != TC_MECH_SCC && fl->mechanism != TC_MECH_BCR &&
			     fl->mechanism != TC_MECH_ART49;
		pnr += fl->personnummer != 0;
	}
	table_line(&out, head, w, NULL);
	for (size_t r = 0; r < f->n; r++) {
		table_line(&out, rows[r], w, color ? row_color(&f->v[r]) : NULL);
		for (int i = 0; i < NCOL; i++)
			free(rows[r][i]);
	}
	free(rows);
	tc_buf_addc(&out, '\n');
	tc_buf_printf(&out, tc_tr(lang, "flows.summary"), f->n, outside, dpf, uncovered, pnr);
	tc_buf_addc(&out, '\n');
	return tc_buf_detach(&out);
}
