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

static void tia_destination(tc_tia *t, const tc_refdata *ref, const tc_flow *fl,
			    const tc_mechanism *m)
{
	const char *name[NLANG];
	char *x[NLANG];

	country_names(ref, fl->country, name);
	switch (fl->cls) {
	case TC_FC_ADEQUATE:
		line_s(t, "dest_adequate", 0, name);
		break;
	case TC_FC_PARTIAL_COVERED: {
		const char *code = !(m && m->type == TC_MECH_DPF) ? "dest_partial_scope"
				   : m->dpf_checked ? "dest_partial_dpf_checked" : "dest_partial_dpf";

		EACH_LANG(l) x[l] = tc_xasprintf(fmt(l, "line", code), name[l],
						 m && m->dpf_checked ? m->dpf_checked : "");
		add_line(t, code, 1, x);
		break;
	}
	default:
		if (fl->mechanism == TC_MECH_NONE || fl->mechanism == TC_MECH_DPF ||
		    fl->mechanism == TC_MECH_ADEQUACY) {
			line_s(t, "dest_no_tool", 5, name);
		} else {
			EACH_LANG(l) x[l] = tc_xasprintf(fmt(l, "line", "dest_tool"), name[l],
							 tc_mech_text(fl->mechanism, l));
			add_line(t, "dest_tool", 3, x);
		}
		break;
	}
}

static void tia_data(tc_tia *t, const tc_refdata *ref, const tc_flow *fl)
{
	const char *code = fl->special ? "data_special" : fl->personnummer ? "data_pnr" : "data";
	char *x[NLANG];

	EACH_LANG(l) {
		char *cats = tc_tia_categories_text(ref, fl, l, 1);

		x[l] = tc_xasprintf(fmt(l, "line", code), cats, fl->weight);
		free(cats);
	}
	add_line(t, code, fl->weight, x);
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
		EACH_LANG(l) x[l] = tc_xasprintf(fmt(l, "line", "exposure_chain"), fl->depth - 1,
						 fl->depth - 1);
		add_line(t, "exposure_chain", fl->depth - 1, x);
	}
}

static void tia_measures(tc_tia *t, const tc_service *s)
{
	if (!s)
		return;
	if (s->measures_eu_keys)
		line_s(t, "measures_keys", -2, NULL);
	if (s->measures_pseudonymised)
		line_s(t, "measures_pseudonymised", -1, NULL);
}

/* The first action: what the flow's transfer tool needs. */
static void action_tool(tc_tia *t, const tc_refdata *ref, const tc_flow *fl,
			const tc_mechanism *m, time_t now)
{
	const char *name[NLANG];

	country_names(ref, fl->country, name);
	if (fl->cls == TC_FC_ADEQUATE) {
		action_s(t, "watch_adequacy", name,
			 ref->countries_checked ? ref->countries_checked : "?", NULL);
	} else if (fl->cls == TC_FC_PARTIAL_COVERED && m && m->type == TC_MECH_DPF) {
		const char *entity[NLANG] = { fl->entity, fl->entity };
		char due[16];
		time_t checked;

		if (tc_parse_date(m->dpf_checked, &checked) == 0)
			date_plus(checked, TC_DPF_MAX_AGE_DAYS, due);
		else
			date_plus(now, 0, due);
		action_s(t, "recheck_dpf", entity, m->dpf_url, due);
	} else if (fl->mechanism == TC_MECH_NONE || fl->mechanism == TC_MECH_ADEQUACY ||
		   (fl->mechanism == TC_MECH_DPF && !tc_dpf_covers(m, now))) {
		const char *entity[NLANG] = { fl->entity, fl->entity };

		if (m && m->type == TC_MECH_DPF)
			action_s(t, "check_dpf", entity, NULL, NULL);
		else
			action_s(t, "put_tool", name, NULL, NULL);
	} else if (fl->mechanism == TC_MECH_ART49) {
		action_s(t, "art49", NULL, NULL, NULL);
	} else {
		action_s(t, "document", name, NULL, NULL);
	}
}

/* The other actions: personnummer, special categories, government access, the
 * vendor's own sub-processors, the DPO's decision. */
static void action_more(tc_tia *t, const tc_refdata *ref, const tc_flow *fl,
			const tc_service *s, time_t now)
{
	const char *name[NLANG], *entity[NLANG] = { fl->entity, fl->entity };
	const char *service[NLANG] = { fl->service_name, fl->service_name };

	country_names(ref, fl->country, name);
	if (fl->personnummer)
		action_s(t, s && s->pnr_justification ? "pnr_justified" : "pnr_unjustified", name,
			 NULL, NULL);
	if (fl->special)
		action_s(t, "special", NULL, NULL, NULL);
	if ((fl->kinds & (TC_FLOW_KIND_PARENT | TC_LOC_REMOTE_ACCESS | TC_LOC_SUPPORT)) &&
	    fl->cls != TC_FC_ADEQUATE)
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

/* The rating from the score; the destination decides the extremes: an adequacy
 * decision needs no more, and a flow without any transfer tool is unlawful whatever
 * the data. */
static enum tc_rating rating_of(const tc_tia *t, const tc_flow *fl)
{
	if (fl->cls == TC_FC_ADEQUATE)
		return TC_RATING_GREEN;
	if (t->nlines && t->lines[0].points >= 5)
		return TC_RATING_RED;
	return t->score <= TC_TIA_GREEN_MAX ? TC_RATING_GREEN
	     : t->score <= TC_TIA_AMBER_MAX ? TC_RATING_AMBER : TC_RATING_RED;
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
	t->rating = rating_of(t, fl);
	action_tool(t, ref, fl, m, now);
	action_more(t, ref, fl, s, now);
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
			free(t->v[i].actions[k].text.en);
			free(t->v[i].actions[k].text.sv);
		}
		free(t->v[i].actions);
	}
	free(t->v);
	memset(t, 0, sizeof(*t));
}
