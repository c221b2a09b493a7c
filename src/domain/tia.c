/*
 * tia: transfer-impact records as data (score lines, rating, actions, review date).
 * See include/tiacheck/tia.h. Each line and action is written in both languages from
 * the message table "tia" (ids tia.line.CODE and tia.action.CODE).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tiacheck/i18n.h"
#include "tiacheck/tia.h"
#include "tiacheck/util.h"

#define DAY 86400L
#define NLANG 2
#define EACH_LANG(l) for (enum tc_lang l = TC_LANG_SV; l <= TC_LANG_EN; l = (enum tc_lang)(l + 1))

const char *tc_rating_name(enum tc_rating r)
{
	return r == TC_RATING_RED ? "red" : r == TC_RATING_AMBER ? "amber" : "green";
}

const char *tc_rating_label(enum tc_rating r, enum tc_lang lang)
{
	return tc_label(lang, "rating", tc_rating_name(r));
}

/* The format of tia.GROUP.CODE in lang. */
static const char *fmt(enum tc_lang lang, const char *group, const char *code)
{
	char id[96];

	snprintf(id, sizeof(id), "tia.%s.%s", group, code);
	return tc_tr(lang, id);
}

/* Append a score line; takes ownership of the texts (indexed by language). */
static void add_line(tc_tia *t, const char *code, int points, char *const text[NLANG])
{
	t->lines = tc_xrealloc(t->lines, (t->nlines + 1) * sizeof(*t->lines));
	t->lines[t->nlines++] = (tc_tia_line){ code, points,
					       { text[TC_LANG_SV], text[TC_LANG_EN] } };
	t->score += points;
}

/* A score line whose sentence takes the arguments a (string) then n (number). */
static void line_s(tc_tia *t, const char *code, int points, const char *const a[NLANG])
{
	char *x[NLANG];

	EACH_LANG(l) x[l] = tc_xasprintf(fmt(l, "line", code), a ? a[l] : "");
	add_line(t, code, points, x);
}

static void add_action(tc_tia *t, const char *code, char *const text[NLANG])
{
	t->actions = tc_xrealloc(t->actions, (t->nactions + 1) * sizeof(*t->actions));
	t->actions[t->nactions++] = (tc_tia_action){ code, { text[TC_LANG_SV], text[TC_LANG_EN] } };
}

/* An action whose sentence takes up to three string arguments, the same in both
 * languages except a, which is per language (NULL: none). */
static void action_s(tc_tia *t, const char *code, const char *const a[NLANG], const char *b,
		     const char *c)
{
	char *x[NLANG];

	EACH_LANG(l) x[l] = tc_xasprintf(fmt(l, "action", code), a ? a[l] : "", b, c);
	add_action(t, code, x);
}

char *tc_tia_categories_text(const tc_refdata *ref, const tc_flow *fl, enum tc_lang lang,
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
		tc_buf_adds(&b, tc_tr(lang, "tia.none_recorded"));
	return tc_buf_detach(&b);
}

static long days_between(const char *date, time_t now)
{
	time_t t;

	if (!date || tc_parse_date(date, &t) < 0)
		return 0;
	return (long)((now - t) / DAY);
}

static void date_plus(time_t base, long days, char out[16])
{
	tc_date_utc(base + days * DAY, out);
}

/* Keep the earlier of two YYYY-MM-DD dates in cur. */
static void keep_earlier(char cur[16], const char *cand)
{
	if (cand && *cand && (!*cur || strcmp(cand, cur) < 0))
		snprintf(cur, 16, "%.15s", cand);
}

/* The destination's country name in each language. */
static void country_names(const tc_refdata *ref, const char *code, const char *out[NLANG])
{
	EACH_LANG(l) out[l] = tc_refdata_country_name(ref, code, l);
}

/* A flow covered by an adequacy decision (whole country, or a partial decision
 * whose scope the catalogue records), not by the DPF: nothing to score but the
 * destination. */
static int adequacy_covered(const tc_flow *fl)
{
	return fl->cls == TC_FC_ADEQUATE ||
	       (fl->cls == TC_FC_PARTIAL_COVERED && fl->mechanism != TC_MECH_DPF);
}

/* A flow that relies on a transfer tool of its own (SCC, BCR). */
static int has_tool(const tc_flow *fl)
{
	return !tc_flow_covered(fl) &&
	       (fl->mechanism == TC_MECH_SCC || fl->mechanism == TC_MECH_BCR);
}

static int is_art49(const tc_flow *fl)
{
	return !tc_flow_covered(fl) && fl->mechanism == TC_MECH_ART49;
}

static void tia_destination(tc_tia *t, const tc_refdata *ref, const tc_flow *fl)
{
	const char *name[NLANG];
	char *x[NLANG];

	country_names(ref, fl->country, name);
	if (fl->cls == TC_FC_ADEQUATE) {
		line_s(t, "dest_adequate", 0, name);
	} else if (fl->cls == TC_FC_PARTIAL_COVERED && fl->mechanism == TC_MECH_DPF) {
		const char *code = fl->dpf_checked ? "dest_partial_dpf_checked" : "dest_partial_dpf";

		EACH_LANG(l) x[l] = tc_xasprintf(fmt(l, "line", code), name[l],
						 fl->dpf_checked ? fl->dpf_checked : "");
		add_line(t, code, 1, x);
	} else if (fl->cls == TC_FC_PARTIAL_COVERED) {
		line_s(t, "dest_partial_scope", 0, name);
	} else if (is_art49(fl)) {
		EACH_LANG(l) x[l] = tc_xasprintf(fmt(l, "line", "dest_art49"), name[l],
						 fl->art49_ground ? fl->art49_ground
								  : tc_tr(l, "tia.not_recorded"),
						 TC_TIA_GREEN_MAX + 1);
		add_line(t, "dest_art49", TC_TIA_GREEN_MAX + 1, x);
	} else if (has_tool(fl)) {
		EACH_LANG(l) x[l] = tc_xasprintf(fmt(l, "line", "dest_tool"), name[l],
						 tc_mech_text(fl->mechanism, l));
		add_line(t, "dest_tool", 3, x);
	} else {
		EACH_LANG(l) x[l] = tc_xasprintf(fmt(l, "line", "dest_no_tool"), name[l],
						 TC_TIA_AMBER_MAX + 1);
		add_line(t, "dest_no_tool", TC_TIA_AMBER_MAX + 1, x);
	}
}

/* The data line: its weight counts except under an adequacy decision. */
static void tia_data(tc_tia *t, const tc_refdata *ref, const tc_flow *fl)
{
	const char *code = adequacy_covered(fl) ? "data_adequate"
			 : fl->special ? "data_special" : fl->personnummer ? "data_pnr" : "data";
	char *x[NLANG];

	EACH_LANG(l) {
		char *cats = tc_tia_categories_text(ref, fl, l, 1);

		x[l] = tc_xasprintf(fmt(l, "line", code), cats, fl->weight);
		free(cats);
	}
	add_line(t, code, adequacy_covered(fl) ? 0 : fl->weight, x);
}

static void tia_exposure(tc_tia *t, const tc_flow *fl)
{
	const char *entity[NLANG] = { fl->entity, fl->entity };
	char *x[NLANG];

	if (fl->kinds & (TC_LOC_STORAGE | TC_LOC_PROCESSING))
		line_s(t, "exposure_stored", 2, NULL);
	else if (fl->kinds & (TC_LOC_REMOTE_ACCESS | TC_LOC_SUPPORT))
		line_s(t, "exposure_remote", 1, NULL);
	if (fl->kinds & TC_FLOW_KIND_PARENT)
		line_s(t, "exposure_parent", 1, entity);
	if (fl->depth > 1) {
		EACH_LANG(l) x[l] = tc_xasprintf(fmt(l, "line", "exposure_chain"), fl->depth - 1);
		add_line(t, "exposure_chain", fl->depth - 1, x);
	}
}

/* Supplementary measures, credited only where they work for this flow's kinds (EDPB
 * Recommendations 01/2020): keys held in the EU protect data at rest (use case 1),
 * not data processed, accessed or supported in clear there (use cases 6 and 7);
 * pseudonymisation not where staff reach the data in clear (remote access, support). */
static void tia_measures(tc_tia *t, const tc_service *s, const tc_flow *fl)
{
	const unsigned clear = TC_LOC_PROCESSING | TC_LOC_REMOTE_ACCESS | TC_LOC_SUPPORT;
	const unsigned staff = TC_LOC_REMOTE_ACCESS | TC_LOC_SUPPORT;

	if (!s)
		return;
	if (s->measures_eu_keys)
		line_s(t, fl->kinds & clear ? "measures_keys_clear" : "measures_keys",
		       fl->kinds & clear ? 0 : -2, NULL);
	if (s->measures_pseudonymised)
		line_s(t, fl->kinds & staff ? "measures_pseudonymised_clear"
					    : "measures_pseudonymised",
		       fl->kinds & staff ? 0 : -1, NULL);
}

/* The scope text of a destination's decision in lang (the coded rules' summary, else
 * the table's note, else "-"). */
static const char *scope_summary(const tc_refdata *ref, const char *country, enum tc_lang lang)
{
	const tc_country *c = tc_refdata_country(ref, country);

	if (c && c->rules && (lang == TC_LANG_SV ? c->rules->summary.sv : c->rules->summary.en))
		return lang == TC_LANG_SV ? c->rules->summary.sv : c->rules->summary.en;
	return c && c->scope ? c->scope : "-";
}

/* A flow without a transfer tool of its own: what to put in place. */
static void action_no_tool(tc_tia *t, const tc_flow *fl, const char *const name[NLANG])
{
	const char *entity[NLANG] = { fl->entity, fl->entity };

	if (tc_streq(fl->scope_rule, "dpf_hr") || tc_streq(fl->scope_rule, "dpf_hr_unstated"))
		action_s(t, fl->scope_rule, entity, NULL, NULL);
	else if (fl->mechanism == TC_MECH_DPF)
		action_s(t, "check_dpf", entity, NULL, NULL);
	else
		action_s(t, "put_tool", name, NULL, NULL);
}

/* The first action: what the flow's classification needs. No transfer-tool action
 * for a flow that an adequacy decision or the DPF covers. */
static void action_tool(tc_tia *t, const tc_refdata *ref, const tc_flow *fl, time_t now)
{
	const char *name[NLANG], *scope[NLANG];

	country_names(ref, fl->country, name);
	if (fl->cls == TC_FC_ADEQUATE) {
		action_s(t, "watch_adequacy", name,
			 ref->countries_checked ? ref->countries_checked : "?", NULL);
	} else if (fl->cls == TC_FC_PARTIAL_COVERED && fl->mechanism == TC_MECH_DPF) {
		const char *entity[NLANG] = { fl->entity, fl->entity };
		char due[16];
		time_t checked;

		if (tc_parse_date(fl->dpf_checked, &checked) == 0)
			date_plus(checked, TC_DPF_MAX_AGE_DAYS, due);
		else
			date_plus(now, 0, due);
		action_s(t, "recheck_dpf", entity, fl->dpf_url ? fl->dpf_url : "-", due);
	} else if (fl->cls == TC_FC_PARTIAL_COVERED) {
		char *x[NLANG];

		EACH_LANG(l) scope[l] = scope_summary(ref, fl->country, l);
		EACH_LANG(l) x[l] = tc_xasprintf(fmt(l, "action", "watch_scope"), name[l], scope[l]);
		add_action(t, "watch_scope", x);
	} else if (is_art49(fl)) {
		char *x[NLANG];

		EACH_LANG(l) x[l] = tc_xasprintf(fmt(l, "action", "art49"),
						 fl->art49_ground ? fl->art49_ground
								  : tc_tr(l, "tia.not_recorded"));
		add_action(t, "art49", x);
	} else if (has_tool(fl)) {
		action_s(t, "document", name, NULL, NULL);
	} else {
		action_no_tool(t, fl, name);
	}
}

/* Facts the scope of the destination's decision needs: record them, or confirm a
 * grey zone. */
static void action_scope(tc_tia *t, const tc_refdata *ref, const tc_flow *fl)
{
	const char *name[NLANG], *entity[NLANG] = { fl->entity, fl->entity };
	char *x[NLANG];

	country_names(ref, fl->country, name);
	if (fl->scope_missing) {
		EACH_LANG(l) x[l] = tc_xasprintf(fmt(l, "action", "scope_fact"), fl->scope_missing,
						 name[l]);
		add_action(t, "scope_fact", x);
	}
	if (fl->scope_warn && tc_flow_covered(fl))
		action_s(t, "scope_warn", entity, NULL, NULL);
}

/* Special categories (Art. 9) and criminal-offence data (Art. 10). */
static void action_sensitive(tc_tia *t, const tc_refdata *ref, const tc_flow *fl)
{
	const char *name[NLANG];

	country_names(ref, fl->country, name);
	if (fl->art9)
		action_s(t, tc_flow_covered(fl) ? "special_covered" : "special", name, NULL, NULL);
	if (fl->criminal)
		action_s(t, "criminal", name, NULL, NULL);
}

/* The other actions: personnummer, sensitive data, government access, the vendor's
 * own sub-processors, the DPO's decision. */
static void action_more(tc_tia *t, const tc_refdata *ref, const tc_flow *fl,
			const tc_service *s, time_t now)
{
	const char *name[NLANG], *entity[NLANG] = { fl->entity, fl->entity };
	const char *service[NLANG] = { fl->service_name, fl->service_name };

	country_names(ref, fl->country, name);
	action_scope(t, ref, fl);
	if (fl->personnummer)
		action_s(t, s && s->pnr_justification ? "pnr_justified" : "pnr_unjustified", name,
			 NULL, NULL);
	action_sensitive(t, ref, fl);
	if (has_tool(fl))
		action_s(t, "government_access", entity, NULL, NULL);
	if (fl->depth > 1)
		action_s(t, "notice_period", service, NULL, NULL);
	if (!s || !s->decision.outcome) {
		action_s(t, "record_decision", service, NULL, NULL);
	} else if (t->decision_age_days > 365 ||
		   (s->decision.next_review && days_between(s->decision.next_review, now) > 0)) {
		char *x[NLANG];

		EACH_LANG(l) x[l] = tc_xasprintf(fmt(l, "action", "review_decision"),
						 s->decision.date, t->decision_age_days);
		add_action(t, "review_decision", x);
	}
}

enum tc_rating tc_rating_of_score(int score)
{
	return score <= TC_TIA_GREEN_MAX ? TC_RATING_GREEN
	     : score <= TC_TIA_AMBER_MAX ? TC_RATING_AMBER : TC_RATING_RED;
}

const char *tc_reach_name(enum tc_reach r)
{
	return r == TC_REACH_YES ? "yes" : r == TC_REACH_NO ? "no" : "not_compelled";
}

/* Whether law reaches the importer of fl: every organisation; or providers of
 * communications, hosting or remote computing services, which an importer is when it
 * stores or processes the data as a service for us (a cloud or SaaS processor or
 * sub-processor) or is the parent company of one, and an independent controller is
 * not; telecom operators only: not unless it is one (not recorded). */
static enum tc_reach law_reach(const tc_law *law, const tc_flow *fl)
{
	int provider = fl->role != TC_FLOW_CONTROLLER;

	if (tc_streq(law->reaches, "any_organisation"))
		return TC_REACH_YES;
	if (tc_streq(law->reaches, "communications_providers"))
		return provider ? TC_REACH_YES : TC_REACH_NO;
	if (tc_streq(law->reaches, "telecom_operators"))
		return TC_REACH_NO;
	return TC_REACH_NOT_COMPELLED;
}

/* The names of the laws whose reach on this importer is r and whose reaches code is
 * code (NULL: any), joined with "; ". Owned; NULL when none. */
static char *law_names(const tc_tia *t, enum tc_reach r, const char *code)
{
	tc_buf b = TC_BUF_INIT;

	tc_buf_init(&b, 4096);
	for (size_t i = 0; i < t->law->nlaws; i++)
		if (t->law_reach[i] == r && (!code || tc_streq(t->law->laws[i].reaches, code)))
			tc_buf_printf(&b, "%s%s", b.len ? "; " : "", t->law->laws[i].name);
	if (!b.len) {
		tc_buf_release(&b);
		return NULL;
	}
	return tc_buf_detach(&b);
}

/* The conclusion in one language: likely in reach (which laws, why) or not, and
 * whether the Commission assessed government access there. Owned. */
static char *reach_text(const tc_tia *t, const tc_flow *fl, const char *name, enum tc_lang l)
{
	char *any = law_names(t, TC_REACH_YES, "any_organisation");
	char *prov = law_names(t, TC_REACH_YES, "communications_providers");
	tc_buf b = TC_BUF_INIT;

	tc_buf_init(&b, 8192);
	if (any)
		tc_buf_printf(&b, tc_tr(l, "tia.reach.yes_any"), any, name, fl->entity);
	if (prov) {
		if (b.len)
			tc_buf_addc(&b, ' ');
		tc_buf_printf(&b, tc_tr(l, any ? "tia.reach.also_provider" : "tia.reach.yes_provider"),
			      fl->entity, prov);
	}
	if (!any && !prov)
		tc_buf_printf(&b, tc_tr(l, "tia.reach.no"), fl->entity);
	if (tc_streq(t->law->assessment, "adequacy_assessed")) {
		tc_buf_addc(&b, ' ');
		tc_buf_printf(&b, tc_tr(l, "tia.reach.assessed"), name);
	}
	free(any);
	free(prov);
	return tc_buf_detach(&b);
}

/* Step 3 of the record: the destination's law and practice, and whether it reaches
 * this importer. */
static void tia_law(tc_tia *t, const tc_refdata *ref, const tc_flow *fl)
{
	const char *name[NLANG];

	t->law = tc_refscope_laws(&ref->scope, fl->country);
	if (!t->law)
		return;
	country_names(ref, fl->country, name);
	t->law_reach = tc_xcalloc(t->law->nlaws ? t->law->nlaws : 1, sizeof(*t->law_reach));
	for (size_t i = 0; i < t->law->nlaws; i++) {
		t->law_reach[i] = law_reach(&t->law->laws[i], fl);
		if (t->law_reach[i] > t->reach)
			t->reach = t->law_reach[i];
	}
	if (t->reach == TC_REACH_NOT_COMPELLED && t->law->nlaws)
		t->reach = TC_REACH_NO;
	t->reach_text.sv = reach_text(t, fl, name[TC_LANG_SV], TC_LANG_SV);
	t->reach_text.en = reach_text(t, fl, name[TC_LANG_EN], TC_LANG_EN);
}

/* The score lines of one flow. */
static void tia_score(tc_tia *t, const tc_refdata *ref, const tc_flow *fl, const tc_service *s)
{
	tia_destination(t, ref, fl);
	tia_data(t, ref, fl);
	if (!adequacy_covered(fl) && !is_art49(fl))
		tia_exposure(t, fl);
	/* measures lower the risk of a transfer that has a tool (or the DPF); they never
	 * make up for a missing one */
	if (fl->depth == 1 && (has_tool(fl) || fl->cls == TC_FC_PARTIAL_COVERED) &&
	    !adequacy_covered(fl))
		tia_measures(t, s, fl);
	if (t->score < 0)
		t->score = 0;
	t->rating = tc_rating_of_score(t->score);
}

static void tia_one(tc_tia *t, const tc_catalog *cat, const tc_refdata *ref,
		    const tc_flow *fl, time_t now)
{
	const tc_service *s = tc_catalog_find(cat, fl->service);
	time_t dt;

	t->decision_age_days = -1;
	if (s && s->decision.date && tc_parse_date(s->decision.date, &dt) == 0)
		t->decision_age_days = (long)((now - dt) / DAY);
	tia_score(t, ref, fl, s);
	tia_law(t, ref, fl);
	action_tool(t, ref, fl, now);
	action_more(t, ref, fl, s, now);
	/* next review: the earliest of the recorded one, a year after the DPF check, and
	 * a period set by the rating */
	date_plus(now, t->rating == TC_RATING_RED ? 30 : t->rating == TC_RATING_AMBER ? 180 : 365,
		  t->next_review);
	if (s)
		keep_earlier(t->next_review, s->decision.next_review);
	if (fl->mechanism == TC_MECH_DPF && fl->dpf_checked &&
	    tc_parse_date(fl->dpf_checked, &dt) == 0) {
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
			free(t->v[i].actions[k].text.en);
			free(t->v[i].actions[k].text.sv);
		}
		free(t->v[i].actions);
		free(t->v[i].law_reach);
		free(t->v[i].reach_text.sv);
		free(t->v[i].reach_text.en);
	}
	free(t->v);
	memset(t, 0, sizeof(*t));
}
