/*
 * policy: render the external-services / sub-processor section of the privacy policy,
 * and check a published policy against the catalogue. See include/tiacheck/policy.h.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "tiacheck/policy.h"

#define POLICY_MAX_OUT ((size_t)16 << 20)
#define POLICY_MAX_TEXT ((size_t)32 << 20)
#define VOCAB_MAX_FILE ((size_t)1 << 20)

/* ==================================================================== */
/* Small helpers shared by rendering and checking                        */
/* ==================================================================== */

static const char *i18n(const tc_i18n *t, int sv)
{
	const char *a = sv ? t->sv : t->en, *b = sv ? t->en : t->sv;

	return a && *a ? a : (b && *b ? b : NULL);
}

static int in_eea(const tc_refdata *ref, const char *code)
{
	enum tc_country_status st = tc_refdata_status(ref, code);

	return st == TC_CS_EU || st == TC_CS_EEA;
}

static int has_category(const tc_service *s, const char *code)
{
	for (size_t i = 0; i < s->ncategories; i++)
		if (tc_streq(s->categories[i], code))
			return 1;
	return 0;
}

static const tc_mechanism *find_mech(const tc_service *s, const char *country)
{
	for (size_t i = 0; i < s->nmechanisms; i++)
		if (tc_streq(s->mechanisms[i].country, country))
			return &s->mechanisms[i];
	return NULL;
}

/* A list of distinct strings (borrowed), in first-seen order. */
typedef struct strset {
	const char **v;
	size_t n, cap;
} strset;

static int strset_has(const strset *s, const char *x)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i], x) == 0)
			return 1;
	return 0;
}

static void strset_add(strset *s, const char *x)
{
	if (!x || strset_has(s, x))
		return;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->v = tc_xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n++] = x;
}

static void strset_release(strset *s)
{
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

/* Countries outside the EU/EEA that the service's data reaches (any kind), in order;
 * a contracting entity outside the EU/EEA reaches the data too (remote access). */
static void outside_countries(const tc_service *s, const tc_refdata *ref, strset *out)
{
	for (size_t i = 0; i < s->nlocations; i++)
		if (s->locations[i].country && !in_eea(ref, s->locations[i].country))
			strset_add(out, s->locations[i].country);
	if (s->entity_country && !in_eea(ref, s->entity_country))
		strset_add(out, s->entity_country);
}

/* ==================================================================== */
/* Rendering                                                              */
/* ==================================================================== */

/* The words of the generated text, one row per language. */
typedef struct wordset {
	const char *lang;
	const char *ext_title, *ext_intro, *ext_none;
	const char *sub_title, *sub_intro, *sub_none;
	const char *reviewed, *dated;                 /* "%s" = date */
	const char *role_label, *role_processor, *role_controller, *role_subprocessor;
	const char *cat_label, *cat_none;
	const char *loc_label, *loc_none, *loc_eu, *loc_eea, *loc_outside;
	const char *transfer_label, *transfer_to;     /* "%s" country, "%s" kinds */
	const char *kinds[4];                         /* storage, processing, remote, support */
	const char *dpf_ok, *dpf_ok_nodate;           /* entity, date */
	const char *dpf_other, *dpf_other_nodate;     /* entity, status, date */
	const char *scc, *scc_module;                 /* module */
	const char *bcr, *adequacy, *art49, *art49_ground;
	const char *adequate_country, *no_mechanism;  /* country, decision */
	const char *parent_label, *parent, *parent_eu_only; /* name, country (, country) */
	const char *addr_label, *contact_label, *docs_label;
	const char *docs[4];                          /* dpa, privacy, subprocessors, other */
	const char *and_word;
} wordset;

static const wordset words_sv = {
	.lang = "sv",
	.ext_title = "Externa tjänster",
	.ext_intro = "Vi använder externa tjänster i vår verksamhet. För varje tjänst anger vi "
		     "vad den används till, vilka personuppgifter som kan finnas där, var "
		     "uppgifterna finns och, när de lämnar EU/EES, på vilken grund de överförs.",
	.ext_none = "Vi använder för närvarande inga externa tjänster som behandlar personuppgifter.",
	.sub_title = "Underbiträden",
	.sub_intro = "Underbiträden är företag och konsulter som kan komma åt personuppgifter "
		     "när de hjälper oss. Vi har ett underbiträdesavtal med var och en av dem.",
	.sub_none = "Vi anlitar för närvarande inga underbiträden.",
	.reviewed = "Listan granskades senast %s.",
	.dated = "Texten uppdaterades %s.",
	.role_label = "Roll",
	.role_processor = "personuppgiftsbiträde åt oss",
	.role_controller = "självständigt personuppgiftsansvarig",
	.role_subprocessor = "underbiträde",
	.cat_label = "Personuppgifter som kan finnas här",
	.cat_none = "inga angivna",
	.loc_label = "Plats för data",
	.loc_none = "inte angiven",
	.loc_eu = "EU",
	.loc_eea = "EU/EES",
	.loc_outside = "utanför EU/EES",
	.transfer_label = "Överföring utanför EU/EES",
	.transfer_to = "Uppgifter överförs till %s (%s).",
	.kinds = { "lagring", "behandling", "fjärråtkomst", "support" },
	.dpf_ok = "Överföringen sker med stöd av EU–US Data Privacy Framework (%s är certifierat, kontrollerat %s).",
	.dpf_ok_nodate = "Överföringen sker med stöd av EU–US Data Privacy Framework (%s är certifierat).",
	.dpf_other = "%s är inte aktivt certifierat enligt EU–US Data Privacy Framework (status: %s, kontrollerat %s).",
	.dpf_other_nodate = "%s är inte aktivt certifierat enligt EU–US Data Privacy Framework (status: %s).",
	.scc = "Överföringen sker med stöd av EU-kommissionens standardavtalsklausuler.",
	.scc_module = "Överföringen sker med stöd av EU-kommissionens standardavtalsklausuler (modul %s).",
	.bcr = "Överföringen sker med stöd av bindande företagsbestämmelser (BCR).",
	.adequacy = "Överföringen sker med stöd av EU-kommissionens beslut om adekvat skyddsnivå för %s%s.",
	.art49 = "Överföringen sker med stöd av ett undantag i artikel 49 i dataskyddsförordningen.",
	.art49_ground = "Överföringen sker med stöd av ett undantag i artikel 49 i dataskyddsförordningen (%s).",
	.adequate_country = "EU-kommissionen har beslutat att %s har en adekvat skyddsnivå%s.",
	.no_mechanism = "Någon rättslig grund för överföringen är inte angiven.",
	.parent_label = "Moderbolag",
	.parent = "Moderbolaget %s finns i %s.",
	.parent_eu_only = "Moderbolaget %s finns i %s; uppgifterna finns inom EU/EES, men moderbolaget "
			  "kan omfattas av lagar i %s som ger myndigheter där rätt att begära ut uppgifter.",
	.addr_label = "Adress",
	.contact_label = "Kontakt",
	.docs_label = "Dokument",
	.docs = { "Personuppgiftsbiträdesavtal (DPA)", "Integritetspolicy", "Lista över underbiträden",
		  "Mer information" },
	.and_word = "och",
};

static const wordset words_en = {
	.lang = "en",
	.ext_title = "External services",
	.ext_intro = "We use external services to run our business. For each service we state what "
		     "it is used for, which personal data it may hold, where the data is and, when "
		     "it leaves the EU/EEA, on what legal ground it is transferred.",
	.ext_none = "We currently use no external services that process personal data.",
	.sub_title = "Sub-processors",
	.sub_intro = "Sub-processors are companies and consultants who may access personal data "
		     "while they help us. We have a sub-processing agreement with each of them.",
	.sub_none = "We currently use no sub-processors.",
	.reviewed = "This list was last reviewed on %s.",
	.dated = "This text was updated on %s.",
	.role_label = "Role",
	.role_processor = "processes personal data on our behalf (processor)",
	.role_controller = "independent controller",
	.role_subprocessor = "sub-processor",
	.cat_label = "Personal data that may be processed",
	.cat_none = "none stated",
	.loc_label = "Data location",
	.loc_none = "not stated",
	.loc_eu = "EU",
	.loc_eea = "EU/EEA",
	.loc_outside = "outside the EU/EEA",
	.transfer_label = "Transfer outside the EU/EEA",
	.transfer_to = "Data is transferred to %s (%s).",
	.kinds = { "storage", "processing", "remote access", "support" },
	.dpf_ok = "The transfer relies on the EU–US Data Privacy Framework (%s is certified, checked %s).",
	.dpf_ok_nodate = "The transfer relies on the EU–US Data Privacy Framework (%s is certified).",
	.dpf_other = "%s is not actively certified under the EU–US Data Privacy Framework (status: %s, checked %s).",
	.dpf_other_nodate = "%s is not actively certified under the EU–US Data Privacy Framework (status: %s).",
	.scc = "The transfer relies on the European Commission's standard contractual clauses.",
	.scc_module = "The transfer relies on the European Commission's standard contractual clauses (module %s).",
	.bcr = "The transfer relies on binding corporate rules (BCR).",
	.adequacy = "The transfer relies on the European Commission's adequacy decision for %s%s.",
	.art49 = "The transfer relies on a derogation in Article 49 of the GDPR.",
	.art49_ground = "The transfer relies on a derogation in Article 49 of the GDPR (%s).",
	.adequate_country = "The European Commission has decided that %s provides an adequate level of protection%s.",
	.no_mechanism = "No legal ground for the transfer is recorded.",
	.parent_label = "Parent company",
	.parent = "The parent company %s is in %s.",
	.parent_eu_only = "The parent company %s is in %s; the data stays in the EU/EEA, but the parent "
			  "may be subject to laws in %s that let authorities there demand access to it.",
	.addr_label = "Address",
	.contact_label = "Contact",
	.docs_label = "Documents",
	.docs = { "Data processing agreement (DPA)", "Privacy policy", "List of sub-processors",
		  "More information" },
	.and_word = "and",
};

typedef struct render {
	const tc_refdata *ref;
	const wordset *w;
	int sv;
	enum tc_policy_format fmt;
	tc_buf *out;
	int full;             /* sticky: the output buffer reached its maximum */
} render;

static void put(render *r, const char *s)
{
	if (!r->full && tc_buf_adds(r->out, s) < 0)
		r->full = 1;
}

static void putn(render *r, const char *s, size_t n)
{
	if (!r->full && tc_buf_add(r->out, s, n) < 0)
		r->full = 1;
}

/* Plain text of one line: control characters (newlines too) become spaces. */
static void put_text_raw(render *r, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f)
			putn(r, " ", 1);
		else
			putn(r, s, 1);
	}
}

/* Markdown: backslash the characters that would start markup; at the start of a
 * paragraph also what would make it a heading, list, quote or table. */
static void put_md(render *r, const char *s, int line_start)
{
	size_t digits = 0;

	while (line_start && isdigit((unsigned char)s[digits]))
		digits++;
	if (line_start && *s && strchr("#-+>=|", *s))
		putn(r, "\\", 1);
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c < 0x20 || c == 0x7f) {
			putn(r, " ", 1);
			continue;
		}
		if (strchr("\\`*_[]<>", *p) ||
		    (digits && (size_t)(p - s) == digits && (*p == '.' || *p == ')')))
			putn(r, "\\", 1);
		putn(r, p, 1);
	}
}

static void put_html(render *r, const char *s)
{
	tc_buf b = TC_BUF_INIT;

	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;

		tc_buf_addc(&b, (c < 0x20 || c == 0x7f) ? ' ' : *p);
	}
	if (!r->full && b.data && tc_buf_add_html(r->out, b.data) < 0)
		r->full = 1;
	tc_buf_release(&b);
}

/* Text of the current format, escaped as that format needs. */
static void put_esc(render *r, const char *s, int line_start)
{
	switch (r->fmt) {
	case TC_POLICY_MD: put_md(r, s, line_start); break;
	case TC_POLICY_HTML: put_html(r, s); break;
	case TC_POLICY_TEXT: put_text_raw(r, s); break;
	}
}

static void heading(render *r, int level, const char *text)
{
	switch (r->fmt) {
	case TC_POLICY_MD:
		put(r, level == 2 ? "## " : "### ");
		put_esc(r, text, 0);
		put(r, "\n\n");
		break;
	case TC_POLICY_HTML:
		put(r, level == 2 ? "<h2>" : "<h3>");
		put_esc(r, text, 0);
		put(r, level == 2 ? "</h2>\n" : "</h3>\n");
		break;
	case TC_POLICY_TEXT:
		put_esc(r, text, 0);
		put(r, "\n\n");
		break;
	}
}

/* One paragraph; text may hold several lines: each non-empty line is a paragraph. */
static void paragraphs(render *r, const char *text)
{
	const char *p = text;

	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *line = tc_xstrndup(p, n);
		char *t = tc_trim(line);

		if (*t) {
			if (r->fmt == TC_POLICY_HTML)
				put(r, "<p>");
			put_esc(r, t, 1);
			put(r, r->fmt == TC_POLICY_HTML ? "</p>\n" : "\n\n");
		}
		free(line);
		p = e ? e + 1 : p + n;
	}
}

static void list_begin(render *r)
{
	if (r->fmt == TC_POLICY_HTML)
		put(r, "<ul>\n");
}

static void list_end(render *r)
{
	put(r, r->fmt == TC_POLICY_HTML ? "</ul>\n" : "\n");
}

/* Start a list item with its label ("Label: "). */
static void item_begin(render *r, const char *label)
{
	switch (r->fmt) {
	case TC_POLICY_MD:
		put(r, "- **");
		put_esc(r, label, 0);
		put(r, ":** ");
		break;
	case TC_POLICY_HTML:
		put(r, "<li><strong>");
		put_esc(r, label, 0);
		put(r, ":</strong> ");
		break;
	case TC_POLICY_TEXT:
		put_esc(r, label, 0);
		put(r, ": ");
		break;
	}
}

static void item_end(render *r)
{
	put(r, r->fmt == TC_POLICY_HTML ? "</li>\n" : "\n");
}

static void item(render *r, const char *label, const char *value)
{
	item_begin(r, label);
	put_esc(r, value, 0);
	item_end(r);
}

static int is_web_url(const char *u)
{
	return u && (strncasecmp(u, "https://", 8) == 0 || strncasecmp(u, "http://", 7) == 0) &&
	       !strpbrk(u, " \t\r\n\"'<>`");
}

/* A link with text; only http(s) URLs become links, anything else stays text. */
static void link(render *r, const char *text, const char *url)
{
	if (!is_web_url(url)) {
		put_esc(r, text, 0);
		if (url) {
			put(r, " ");
			put_esc(r, url, 0);
		}
		return;
	}
	switch (r->fmt) {
	case TC_POLICY_MD:
		put(r, "[");
		put_esc(r, text, 0);
		put(r, "](");
		for (const char *p = url; *p; p++) {
			if (*p == '(')
				put(r, "%28");
			else if (*p == ')')
				put(r, "%29");
			else
				putn(r, p, 1);
		}
		put(r, ")");
		break;
	case TC_POLICY_HTML:
		put(r, "<a href=\"");
		put_esc(r, url, 0);
		put(r, "\">");
		put_esc(r, text, 0);
		put(r, "</a>");
		break;
	case TC_POLICY_TEXT:
		put_esc(r, text, 0);
		put(r, " ");
		put_esc(r, url, 0);
		break;
	}
}

/* Country name for running text (owned): the Swedish "Förenta staterna (USA)"
 * becomes "USA". */
static char *country_short(const render *r, const char *code)
{
	const char *name = tc_refdata_country_name(r->ref, code, (tc_streq(r->w->lang, "sv") ? TC_LANG_SV : TC_LANG_EN));
	const char *open = strrchr(name, '(');
	size_t n = strlen(name);

	if (r->sv && open && n > 2 && name[n - 1] == ')') {
		size_t k = (size_t)(name + n - 1 - open - 1);
		int caps = k >= 2 && k <= 5;

		for (size_t i = 1; caps && i <= k; i++)
			if (!isupper((unsigned char)open[i]))
				caps = 0;
		if (caps)
			return tc_xstrndup(open + 1, k);
	}
	return tc_xstrdup(name);
}

/* English names that take "the" in a sentence ("the United States"). */
static int needs_article(const char *name)
{
	static const char *const prefixes[] = { "United ", "Republic", "Isle of", "Czech Republic" };
	static const char *const suffixes[] = { "Islands", "Netherlands", "Philippines", "Bahamas",
						"Maldives", "Emirates" };

	for (size_t i = 0; i < TC_ARRAY_LEN(prefixes); i++)
		if (tc_startswith(name, prefixes[i]))
			return 1;
	for (size_t i = 0; i < TC_ARRAY_LEN(suffixes); i++)
		if (tc_endswith(name, suffixes[i]))
			return 1;
	return 0;
}

/* The country as it stands in a sentence, into an owned string. */
static char *country_in_sentence(const render *r, const char *code)
{
	char *name = country_short(r, code), *s;

	if (r->sv || !needs_article(name))
		return name;
	s = tc_xasprintf("the %s", name);
	free(name);
	return s;
}

/* Append "a, b och c" of the n strings to b. */
static void join_list(tc_buf *b, const char *const *v, size_t n, const char *and_word)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			tc_buf_printf(b, i + 1 == n ? " %s " : ", ", and_word);
		tc_buf_adds(b, v[i]);
	}
}

/* "Nederländerna (Amsterdam)": the country with the places recorded for it. */
static char *country_with_places(const render *r, const tc_service *s, const char *code)
{
	tc_buf b = TC_BUF_INIT;
	strset places = { 0 };
	char *name = country_short(r, code);

	tc_buf_adds(&b, name);
	free(name);
	for (size_t i = 0; i < s->nlocations; i++)
		if (tc_streq(s->locations[i].country, code) && s->locations[i].place &&
		    *s->locations[i].place &&
		    (s->locations[i].kinds & (TC_LOC_STORAGE | TC_LOC_PROCESSING)))
			strset_add(&places, s->locations[i].place);
	if (places.n) {
		tc_buf_adds(&b, " (");
		for (size_t i = 0; i < places.n; i++)
			tc_buf_printf(&b, "%s%s", i ? ", " : "", places.v[i]);
		tc_buf_adds(&b, ")");
	}
	strset_release(&places);
	return tc_buf_detach(&b);
}

/* "EU/EES – Norge, Irland och Nederländerna (Amsterdam); utanför EU/EES – USA" */
static char *location_text(const render *r, const tc_service *s)
{
	strset in = { 0 }, out = { 0 };
	tc_buf b = TC_BUF_INIT;
	int all_eu = 1, any_in = 0;

	for (size_t i = 0; i < s->nlocations; i++) {
		const tc_location *l = &s->locations[i];

		if (!l->country || !(l->kinds & (TC_LOC_STORAGE | TC_LOC_PROCESSING)))
			continue;
		if (in_eea(r->ref, l->country)) {
			const tc_country *k = tc_refdata_country(r->ref, l->country);

			/* a region code ("EU", "EEA") is said by the group's name */
			if (!k || !k->region)
				strset_add(&in, l->country);
			if (tc_refdata_status(r->ref, l->country) != TC_CS_EU)
				all_eu = 0;
			any_in = 1;
		} else {
			strset_add(&out, l->country);
		}
	}
	for (int g = 0; g < 2; g++) {
		strset *set = g ? &out : &in;
		char **names;

		if (g == 0 && any_in && !set->n) {
			tc_buf_adds(&b, all_eu ? r->w->loc_eu : r->w->loc_eea);
			continue;
		}
		if (!set->n)
			continue;
		if (b.len)
			tc_buf_adds(&b, "; ");
		tc_buf_printf(&b, "%s – ", g ? r->w->loc_outside : (all_eu ? r->w->loc_eu : r->w->loc_eea));
		names = tc_xcalloc(set->n, sizeof(*names));
		for (size_t i = 0; i < set->n; i++)
			names[i] = country_with_places(r, s, set->v[i]);
		join_list(&b, (const char *const *)names, set->n, r->w->and_word);
		for (size_t i = 0; i < set->n; i++)
			free(names[i]);
		free(names);
	}
	if (!b.len)
		tc_buf_adds(&b, r->w->loc_none);
	strset_release(&in);
	strset_release(&out);
	return tc_buf_detach(&b);
}

static void categories_item(render *r, const tc_service *s)
{
	tc_buf b = TC_BUF_INIT;

	for (size_t i = 0; i < s->ncategories; i++)
		tc_buf_printf(&b, "%s%s", i ? ", " : "",
			      tc_refdata_category_name(r->ref, s->categories[i], (tc_streq(r->w->lang, "sv") ? TC_LANG_SV : TC_LANG_EN)));
	item(r, r->w->cat_label, b.len ? tc_buf_str(&b) : r->w->cat_none);
	tc_buf_release(&b);
}

/* Who is certified under the DPF for data going to country: the entity there, the
 * parent when it sits there, else the service's legal entity. */
static const char *dpf_entity(const tc_service *s, const char *country)
{
	for (size_t i = 0; i < s->nlocations; i++)
		if (tc_streq(s->locations[i].country, country) && s->locations[i].entity)
			return s->locations[i].entity;
	if (s->parent_name && tc_streq(s->parent_country, country))
		return s->parent_name;
	return s->legal_entity ? s->legal_entity : s->name;
}

/* The plain-words sentence on the legal ground of the transfer to country. */
static void mechanism_sentence(const render *r, const tc_service *s, const char *country, tc_buf *b)
{
	const tc_mechanism *m = find_mech(s, country);
	const tc_country *c = tc_refdata_country(r->ref, country);
	char *cname = country_in_sentence(r, country);
	char *dec = c && c->decision ? tc_xasprintf(r->sv ? " (beslut %s)" : " (decision %s)", c->decision)
				     : tc_xstrdup("");
	const wordset *w = r->w;

	switch (m ? m->type : TC_MECH_NONE) {
	case TC_MECH_DPF: {
		const char *who = dpf_entity(s, country);
		int active = !m->dpf_status || strcasecmp(m->dpf_status, "active") == 0;

		if (active && m->dpf_checked)
			tc_buf_printf(b, w->dpf_ok, who, m->dpf_checked);
		else if (active)
			tc_buf_printf(b, w->dpf_ok_nodate, who);
		else if (m->dpf_checked)
			tc_buf_printf(b, w->dpf_other, who, m->dpf_status, m->dpf_checked);
		else
			tc_buf_printf(b, w->dpf_other_nodate, who, m->dpf_status);
		break;
	}
	case TC_MECH_SCC:
		if (m->scc_module && *m->scc_module)
			tc_buf_printf(b, w->scc_module, m->scc_module);
		else
			tc_buf_adds(b, w->scc);
		break;
	case TC_MECH_BCR:
		tc_buf_adds(b, w->bcr);
		break;
	case TC_MECH_ADEQUACY:
		tc_buf_printf(b, w->adequacy, cname, dec);
		break;
	case TC_MECH_ART49:
		if (m->art49_ground && *m->art49_ground)
			tc_buf_printf(b, w->art49_ground, m->art49_ground);
		else
			tc_buf_adds(b, w->art49);
		break;
	case TC_MECH_NONE:
		if (c && (c->status == TC_CS_ADEQUATE || c->status == TC_CS_ADEQUATE_IO))
			tc_buf_printf(b, w->adequate_country, cname, dec);
		else
			tc_buf_adds(b, w->no_mechanism);
		break;
	}
	free(cname);
	free(dec);
}

static void transfer_item(render *r, const tc_service *s, const strset *outside)
{
	tc_buf b = TC_BUF_INIT;

	for (size_t i = 0; i < outside->n; i++) {
		const char *code = outside->v[i];
		unsigned kinds = 0;
		tc_buf k = TC_BUF_INIT;
		char *cname = country_in_sentence(r, code);

		for (size_t j = 0; j < s->nlocations; j++)
			if (tc_streq(s->locations[j].country, code))
				kinds |= s->locations[j].kinds;
		if (!kinds && tc_streq(s->entity_country, code))
			kinds = TC_LOC_REMOTE_ACCESS;
		for (int bit = 0; bit < 4; bit++)
			if (kinds & (1u << bit))
				tc_buf_printf(&k, "%s%s", k.len ? ", " : "", r->w->kinds[bit]);
		if (b.len)
			tc_buf_adds(&b, " ");
		if (k.len) {
			tc_buf_printf(&b, r->w->transfer_to, cname, tc_buf_str(&k));
		} else {
			/* no kind recorded: the sentence without the parenthesis */
			tc_buf tmp = TC_BUF_INIT;

			tc_buf_printf(&tmp, r->w->transfer_to, cname, "");
			if (tmp.len > 4 && strcmp(tmp.data + tmp.len - 4, " ().") == 0) {
				tmp.data[tmp.len - 4] = '.';
				tmp.data[tmp.len - 3] = '\0';
				tmp.len -= 3;
			}
			tc_buf_adds(&b, tc_buf_str(&tmp));
			tc_buf_release(&tmp);
		}
		tc_buf_adds(&b, " ");
		mechanism_sentence(r, s, code, &b);
		tc_buf_release(&k);
		free(cname);
	}
	item(r, r->w->transfer_label, tc_buf_str(&b));
	tc_buf_release(&b);
}

static void parent_item(render *r, const tc_service *s, const strset *outside)
{
	char *cname, *text;

	if (!s->parent_name || !s->parent_country || in_eea(r->ref, s->parent_country))
		return;
	cname = country_in_sentence(r, s->parent_country);
	if (outside->n == 0 && s->nlocations > 0)
		text = tc_xasprintf(r->w->parent_eu_only, s->parent_name, cname, cname);
	else
		text = tc_xasprintf(r->w->parent, s->parent_name, cname);
	item(r, r->w->parent_label, text);
	free(text);
	free(cname);
}

static void contact_item(render *r, const tc_service *s)
{
	int n = 0;

	if (!s->phone && !s->email && !s->website)
		return;
	item_begin(r, r->w->contact_label);
	if (s->phone) {
		put_esc(r, s->phone, 0);
		n++;
	}
	if (s->email) {
		if (n++)
			put(r, ", ");
		if (r->fmt == TC_POLICY_HTML && !strpbrk(s->email, " \t\"'<>&?") && strchr(s->email, '@')) {
			put(r, "<a href=\"mailto:");
			put_esc(r, s->email, 0);
			put(r, "\">");
			put_esc(r, s->email, 0);
			put(r, "</a>");
		} else {
			put_esc(r, s->email, 0);
		}
	}
	if (s->website) {
		if (n++)
			put(r, ", ");
		if (r->fmt == TC_POLICY_MD && is_web_url(s->website)) {
			put(r, "<");
			put(r, s->website);
			put(r, ">");
		} else if (r->fmt == TC_POLICY_HTML) {
			link(r, s->website, s->website);
		} else {
			put_esc(r, s->website, 0);
		}
	}
	item_end(r);
}

/* "https://www.brevo.com/gdpr/" -> "www.brevo.com/gdpr" (owned). */
static char *url_label(const char *url)
{
	const char *p = strstr(url, "://");
	char *t = tc_xstrdup(p ? p + 3 : url);
	size_t n = strlen(t);

	while (n > 1 && t[n - 1] == '/')
		t[--n] = '\0';
	return t;
}

static void documents_item(render *r, const tc_service *s)
{
	int any = 0;

	for (size_t i = 0; i < s->ndocuments; i++)
		if (s->documents[i].url)
			any = 1;
	if (!any)
		return;
	if (r->fmt == TC_POLICY_TEXT) {
		/* plain text: one line per document, the URL in full */
		for (size_t i = 0; i < s->ndocuments; i++) {
			const tc_document *d = &s->documents[i];
			int k = d->kind >= TC_DOC_DPA && d->kind <= TC_DOC_OTHER ? d->kind - 1 : 3;

			if (d->url)
				item(r, r->w->docs[k], d->url);
		}
		return;
	}
	item_begin(r, r->w->docs_label);
	for (size_t i = 0, n = 0; i < s->ndocuments; i++) {
		const tc_document *d = &s->documents[i];
		int k = d->kind >= TC_DOC_DPA && d->kind <= TC_DOC_OTHER ? d->kind - 1 : 3;
		char *text;

		if (!d->url)
			continue;
		if (n++)
			put(r, ", ");
		/* other documents are told apart by their address: "www.brevo.com/gdpr" */
		text = k == 3 ? url_label(d->url) : tc_xstrdup(r->w->docs[k]);
		link(r, text, d->url);
		free(text);
	}
	item_end(r);
}

static char *service_title(const tc_service *s)
{
	const char *name = s->name ? s->name : s->id;

	if (s->legal_entity && *s->legal_entity && strcasecmp(s->legal_entity, name) != 0)
		return tc_xasprintf(strchr(name, '(') ? "%s – %s" : "%s (%s)", name, s->legal_entity);
	return tc_xstrdup(name);
}

static void service_block(render *r, const tc_service *s, int show_role)
{
	char *title = service_title(s);
	const char *purpose = i18n(&s->purpose, r->sv);
	strset outside = { 0 };
	char *loc;

	heading(r, 3, title);
	if (purpose)
		paragraphs(r, purpose);
	outside_countries(s, r->ref, &outside);
	list_begin(r);
	if (show_role)
		item(r, r->w->role_label, s->role == TC_ROLE_CONTROLLER ? r->w->role_controller
					  : s->role == TC_ROLE_SUBPROCESSOR ? r->w->role_subprocessor
					  : r->w->role_processor);
	categories_item(r, s);
	loc = location_text(r, s);
	item(r, r->w->loc_label, loc);
	free(loc);
	if (outside.n)
		transfer_item(r, s, &outside);
	parent_item(r, s, &outside);
	if (s->address && *s->address)
		item(r, r->w->addr_label, s->address);
	contact_item(r, s);
	documents_item(r, s);
	list_end(r);
	strset_release(&outside);
	free(title);
}

static int cmp_service_ptr(const void *a, const void *b)
{
	const tc_service *x = *(const tc_service *const *)a, *y = *(const tc_service *const *)b;
	const char *nx = x->name ? x->name : x->id, *ny = y->name ? y->name : y->id;
	int c = strcasecmp(nx, ny);

	if (c == 0)
		c = strcmp(nx, ny);
	return c ? c : strcmp(x->id ? x->id : "", y->id ? y->id : "");
}

int tc_policy_format_parse(const char *s, enum tc_policy_format *out)
{
	static const struct {
		const char *name;
		enum tc_policy_format f;
	} names[] = {
		{ "md", TC_POLICY_MD }, { "markdown", TC_POLICY_MD }, { "html", TC_POLICY_HTML },
		{ "text", TC_POLICY_TEXT }, { "txt", TC_POLICY_TEXT },
	};

	for (size_t i = 0; s && i < TC_ARRAY_LEN(names); i++)
		if (strcmp(s, names[i].name) == 0) {
			*out = names[i].f;
			return 0;
		}
	return -1;
}

int tc_policy_render(const tc_catalog *cat, const tc_refdata *ref, const tc_policy_opts *opts,
		     tc_buf *out, char *err, size_t errlen)
{
	const char *lang = opts && opts->lang ? opts->lang : "sv";
	render r = { 0 };
	const tc_service **order = NULL;
	int ret = -1;

	if (strcmp(lang, "sv") != 0 && strcmp(lang, "en") != 0) {
		tc_seterr(err, errlen, "unknown language '%s' (sv or en)", lang);
		goto out;
	}
	r.ref = ref;
	r.sv = strcmp(lang, "sv") == 0;
	r.w = r.sv ? &words_sv : &words_en;
	r.fmt = opts ? opts->format : TC_POLICY_MD;
	r.out = out;
	if (!out->max)
		out->max = POLICY_MAX_OUT;

	order = tc_xcalloc(cat->nservices ? cat->nservices : 1, sizeof(*order));
	for (size_t i = 0; i < cat->nservices; i++)
		order[i] = &cat->services[i];
	qsort(order, cat->nservices, sizeof(*order), cmp_service_ptr);

	for (int group = 0; group < 2; group++) {
		tc_buf intro = TC_BUF_INIT;
		size_t n = 0;

		for (size_t i = 0; i < cat->nservices; i++)
			if ((order[i]->role == TC_ROLE_SUBPROCESSOR) == (group == 1))
				n++;
		heading(&r, 2, group ? r.w->sub_title : r.w->ext_title);
		tc_buf_adds(&intro, group ? r.w->sub_intro : r.w->ext_intro);
		if (group == 0 && cat->org.policy_reviewed) {
			tc_buf_adds(&intro, " ");
			tc_buf_printf(&intro, r.w->reviewed, cat->org.policy_reviewed);
		}
		if (group == 0 && opts && opts->date) {
			tc_buf_adds(&intro, " ");
			tc_buf_printf(&intro, r.w->dated, opts->date);
		}
		if (n == 0) {
			tc_buf_adds(&intro, " ");
			tc_buf_adds(&intro, group ? r.w->sub_none : r.w->ext_none);
		}
		paragraphs(&r, tc_buf_str(&intro));
		tc_buf_release(&intro);
		for (size_t i = 0; i < cat->nservices; i++)
			if ((order[i]->role == TC_ROLE_SUBPROCESSOR) == (group == 1))
				service_block(&r, order[i], group == 0);
	}
	/* one newline at the end, never a blank line */
	while (!r.full && out->len >= 2 && out->data[out->len - 1] == '\n' &&
	       out->data[out->len - 2] == '\n')
		out->data[--out->len] = '\0';
	if (r.full) {
		tc_seterr(err, errlen, "the policy text is larger than %zu bytes", out->max);
		goto out;
	}
	ret = 0;
out:
	free(order);
	return ret;
}

/* ==================================================================== */
/* Vocabulary: catalog/reference/known-services.json                      */
/* ==================================================================== */

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* An array of strings under key; missing is fine. -1 when it is not such an array. */
static int json_strv(const cJSON *obj, const char *key, char ***out, size_t *n)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, key), *it;

	*out = NULL;
	*n = 0;
	if (!a)
		return 0;
	if (!cJSON_IsArray(a))
		return -1;
	*out = tc_xcalloc((size_t)cJSON_GetArraySize(a) + 1, sizeof(char *));
	cJSON_ArrayForEach(it, a) {
		if (!cJSON_IsString(it) || !*it->valuestring)
			return -1;
		(*out)[(*n)++] = tc_xstrdup(it->valuestring);
	}
	return 0;
}

/* An object {"text": "code", ...} under key. */
static int json_aliases(const cJSON *obj, const char *key, tc_policy_alias **out, size_t *n)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(obj, key), *it;

	*out = NULL;
	*n = 0;
	if (!o)
		return 0;
	if (!cJSON_IsObject(o))
		return -1;
	*out = tc_xcalloc((size_t)cJSON_GetArraySize(o) + 1, sizeof(**out));
	cJSON_ArrayForEach(it, o) {
		if (!cJSON_IsString(it) || !it->string || !*it->string)
			return -1;
		(*out)[*n].text = tc_xstrdup(it->string);
		(*out)[*n].code = tc_xstrdup(it->valuestring);
		(*n)++;
	}
	return 0;
}

int tc_policy_vocab_parse(const char *json, size_t len, const char *name, tc_policy_vocab *v,
			  char *err, size_t errlen)
{
	cJSON *root = cJSON_ParseWithLength(json, len);
	const cJSON *svcs, *it;
	const char *bad = NULL;
	int ret = -1;

	memset(v, 0, sizeof(*v));
	if (!root || !cJSON_IsObject(root)) {
		tc_seterr(err, errlen, "%s: not a JSON object", name);
		goto out;
	}
	svcs = cJSON_GetObjectItemCaseSensitive(root, "services");
	if (svcs && !cJSON_IsArray(svcs)) {
		bad = "services";
		goto out;
	}
	if (svcs) {
		v->services = tc_xcalloc((size_t)cJSON_GetArraySize(svcs) + 1, sizeof(*v->services));
		cJSON_ArrayForEach(it, svcs) {
			tc_known_service *k = &v->services[v->nservices];
			const cJSON *nm = cJSON_GetObjectItemCaseSensitive(it, "name");
			const cJSON *en = cJSON_GetObjectItemCaseSensitive(it, "entity");
			const cJSON *co = cJSON_GetObjectItemCaseSensitive(it, "country");

			if (!cJSON_IsObject(it) || !cJSON_IsString(nm) || !*nm->valuestring) {
				bad = "services[].name";
				goto out;
			}
			v->nservices++;
			k->name = tc_xstrdup(nm->valuestring);
			k->entity = cJSON_IsString(en) ? tc_xstrdup(en->valuestring) : NULL;
			k->country = cJSON_IsString(co) ? tc_xstrdup(co->valuestring) : NULL;
			if (json_strv(it, "aliases", &k->aliases, &k->naliases) < 0) {
				bad = "services[].aliases";
				goto out;
			}
		}
	}
	if (json_strv(root, "not_services", &v->not_services, &v->nnot_services) < 0)
		bad = "not_services";
	else if (json_strv(root, "triggers", &v->triggers, &v->ntriggers) < 0)
		bad = "triggers";
	else if (json_strv(root, "fillers", &v->fillers, &v->nfillers) < 0)
		bad = "fillers";
	else if (json_aliases(root, "country_aliases", &v->country_aliases, &v->ncountry_aliases) < 0)
		bad = "country_aliases";
	else if (json_aliases(root, "category_aliases", &v->category_aliases, &v->ncategory_aliases) < 0)
		bad = "category_aliases";
	else
		ret = 0;
out:
	if (bad)
		tc_seterr(err, errlen, "%s: '%s' has the wrong type", name, bad);
	if (ret < 0)
		tc_policy_vocab_release(v);
	cJSON_Delete(root);
	return ret;
}

int tc_policy_vocab_load(const char *path, tc_policy_vocab *v, char *err, size_t errlen)
{
	tc_buf b = TC_BUF_INIT;
	int ret;

	memset(v, 0, sizeof(*v));
	if (tc_read_file(path, VOCAB_MAX_FILE, &b, err, errlen) < 0)
		return -1;
	ret = tc_policy_vocab_parse(tc_buf_str(&b), b.len, path, v, err, errlen);
	tc_buf_release(&b);
	return ret;
}

static void aliases_release(tc_policy_alias *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(a[i].text);
		free(a[i].code);
	}
	free(a);
}

void tc_policy_vocab_release(tc_policy_vocab *v)
{
	for (size_t i = 0; v->services && i < v->nservices; i++) {
		free(v->services[i].name);
		free_strv(v->services[i].aliases, v->services[i].naliases);
		free(v->services[i].entity);
		free(v->services[i].country);
	}
	free(v->services);
	free_strv(v->not_services, v->nnot_services);
	free_strv(v->triggers, v->ntriggers);
	free_strv(v->fillers, v->nfillers);
	aliases_release(v->country_aliases, v->ncountry_aliases);
	aliases_release(v->category_aliases, v->ncategory_aliases);
	memset(v, 0, sizeof(*v));
}

/* ==================================================================== */
/* Checking a published policy                                            */
/* ==================================================================== */

/* A name that counts as a mention: of a catalogued service (svc >= 0) or of a known
 * service that the catalogue lacks (known >= 0, svc < 0). Weak names (a parent
 * company's) lose to any other name of the same length. */
typedef struct variant {
	char *text;
	size_t len;
	int svc;
	int known;
	int weak;
} variant;

typedef struct mention {
	int svc, known, weak;
	size_t start, len;
} mention;

typedef struct pline {
	char *text;        /* markup stripped */
	int no;            /* 1-based line number */
	unsigned char *skip; /* 1 for bytes inside a URL or e-mail address */
	mention *m;
	size_t nm;
	int title;         /* service index, -2 for a non-catalogued title, -1 none */
	int heading;
	int block;         /* service whose block holds the line, or -1 */
} pline;

/* A country name as it may stand in text. */
typedef struct cname {
	const char *text;
	const char *code;
	int exact;         /* compare case-sensitively (USA, UK) */
} cname;

typedef struct checker {
	const tc_catalog *cat;
	const tc_refdata *ref;
	const tc_policy_vocab *voc;
	variant *vars;
	size_t nvars, capvars;
	char **owned;      /* strings the checker allocated for cnames */
	size_t nowned, capowned;
	cname *cn;
	size_t ncn, capcn;
	char **org;        /* the organisation's own names */
	size_t norg;
	pline *lines;
	size_t nlines;
	tc_pcheck *out;
} checker;

static const char *const company_forms[] = {
	"AB", "AB (publ)", "Ltd", "Ltd.", "Limited", "Inc", "Inc.", "LLC", "L.L.C.", "SAS", "S.A.S.",
	"SA", "S.A.", "GmbH", "AG", "BV", "B.V.", "NV", "N.V.", "Oy", "AS", "ASA", "ApS", "A/S",
	"Corporation", "Corp", "Corp.", "Co.", "plc", "PLC", "SARL", "SRL", "S.r.l.", "SpA",
	"S.p.A.", "KB", "HB", "Unlimited Company", "UC", "DAC",
};

static int word_byte(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

static int upper_start(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	if (isupper(u[0]))
		return 1;
	/* Latin-1 capitals À..Þ except × (U+00D7) */
	return u[0] == 0xc3 && u[1] >= 0x80 && u[1] <= 0x9e && u[1] != 0x97;
}

/* Case-insensitive (ASCII) equality of n bytes, with '-' and ' ' the same. */
static int name_eq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];

		if (x == '-')
			x = ' ';
		if (y == '-')
			y = ' ';
		if (tolower(x) != tolower(y))
			return 0;
	}
	return 1;
}

static int name_eq_str(const char *a, const char *b)
{
	size_t n = strlen(a);

	return n == strlen(b) && name_eq(a, b, n);
}

/* The name without a trailing company form: "HubSpot, Inc." -> "HubSpot". Owned. */
static char *strip_company_form(const char *s)
{
	char *t = tc_xstrdup(s);
	int again = 1;

	while (again) {
		size_t n = strlen(t);

		again = 0;
		for (size_t i = 0; i < TC_ARRAY_LEN(company_forms); i++) {
			size_t k = strlen(company_forms[i]);

			if (n > k + 1 && strcmp(t + n - k, company_forms[i]) == 0 &&
			    (t[n - k - 1] == ' ' || t[n - k - 1] == ',')) {
				n -= k;
				while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == ','))
					n--;
				t[n] = '\0';
				again = 1;
				break;
			}
		}
	}
	return t;
}

static int is_country_text(const checker *c, const char *s)
{
	for (size_t i = 0; i < c->ncn; i++)
		if (c->cn[i].exact ? strcmp(c->cn[i].text, s) == 0 : name_eq_str(c->cn[i].text, s))
			return 1;
	return 0;
}

static int is_not_service(const checker *c, const char *s)
{
	for (size_t i = 0; c->voc && i < c->voc->nnot_services; i++)
		if (name_eq_str(c->voc->not_services[i], s))
			return 1;
	return 0;
}

static void add_variant(checker *c, const char *text, int svc, int known, int weak)
{
	char *t;

	if (!text)
		return;
	t = tc_xstrdup(text);
	tc_trim(t);
	if (strlen(t) < 3 || is_not_service(c, t) || is_country_text(c, t)) {
		free(t);
		return;
	}
	for (size_t i = 0; i < c->nvars; i++)
		if (name_eq_str(c->vars[i].text, t) && c->vars[i].svc == svc && c->vars[i].known == known) {
			if (!weak)
				c->vars[i].weak = 0;
			free(t);
			return;
		}
	if (c->nvars == c->capvars) {
		c->capvars = c->capvars ? c->capvars * 2 : 64;
		c->vars = tc_xrealloc(c->vars, c->capvars * sizeof(*c->vars));
	}
	c->vars[c->nvars++] = (variant){ t, strlen(t), svc, known, weak };
}

/* A name, its parts in and out of parentheses, and each without its company form. */
static void add_name_variants(checker *c, const char *name, int svc, int known, int weak)
{
	char *copy, *open, *close, *stripped;

	if (!name || !*name)
		return;
	add_variant(c, name, svc, known, weak);
	stripped = strip_company_form(name);
	add_variant(c, stripped, svc, known, weak);
	free(stripped);
	copy = tc_xstrdup(name);
	open = strchr(copy, '(');
	close = open ? strchr(open, ')') : NULL;
	if (open && close) {
		*open = '\0';
		*close = '\0';
		char *save = NULL;

		add_name_variants(c, copy, svc, known, weak);
		add_name_variants(c, open + 1, svc, known, weak);
		if (strpbrk(open + 1, ",/"))
			for (char *t = strtok_r(open + 1, ",/", &save); t; t = strtok_r(NULL, ",/", &save))
				add_name_variants(c, tc_trim(t), svc, known, weak);
	}
	free(copy);
}

static int cmp_variant(const void *a, const void *b)
{
	const variant *x = a, *y = b;

	if (x->len != y->len)
		return x->len > y->len ? -1 : 1;
	if (x->weak != y->weak)
		return x->weak - y->weak;
	if ((x->svc >= 0) != (y->svc >= 0))
		return x->svc >= 0 ? -1 : 1;
	return x->svc != y->svc ? x->svc - y->svc : x->known - y->known;
}

static void add_cname(checker *c, const char *text, const char *code, int exact)
{
	if (!text || !*text)
		return;
	if (c->ncn == c->capcn) {
		c->capcn = c->capcn ? c->capcn * 2 : 256;
		c->cn = tc_xrealloc(c->cn, c->capcn * sizeof(*c->cn));
	}
	c->cn[c->ncn++] = (cname){ text, code, exact };
}

static char *keep(checker *c, char *s)
{
	if (c->nowned == c->capowned) {
		c->capowned = c->capowned ? c->capowned * 2 : 64;
		c->owned = tc_xrealloc(c->owned, c->capowned * sizeof(*c->owned));
	}
	c->owned[c->nowned++] = s;
	return s;
}

static int all_caps(const char *s)
{
	for (; *s; s++)
		if (!isupper((unsigned char)*s))
			return 0;
	return 1;
}

/* Country names (both languages, the short form in parentheses, aliases of the
 * vocabulary) and the organisation's own names. */
static void build_names(checker *c)
{
	for (size_t i = 0; i < c->ref->ncountries; i++) {
		const tc_country *k = &c->ref->countries[i];
		const char *open = k->name_sv ? strrchr(k->name_sv, '(') : NULL;

		if (k->region)
			continue;
		add_cname(c, k->name_en, k->code, 0);
		add_cname(c, k->name_sv, k->code, 0);
		if (open) {
			char *inner = keep(c, tc_xstrdup(open + 1)), *close = strchr(inner, ')');
			char *outer = keep(c, tc_xstrndup(k->name_sv, (size_t)(open - k->name_sv)));

			if (close)
				*close = '\0';
			tc_trim(outer);
			add_cname(c, inner, k->code, all_caps(inner));
			add_cname(c, outer, k->code, 0);
		}
	}
	for (size_t i = 0; c->voc && i < c->voc->ncountry_aliases; i++)
		add_cname(c, c->voc->country_aliases[i].text, c->voc->country_aliases[i].code,
			  all_caps(c->voc->country_aliases[i].text));

	const char *orgnames[] = { c->cat->org.name, c->cat->org.legal_name };
	for (size_t i = 0; i < TC_ARRAY_LEN(orgnames); i++) {
		char *copy, *tok, *save = NULL;

		if (!orgnames[i])
			continue;
		copy = tc_xstrdup(orgnames[i]);
		for (tok = strtok_r(copy, "/(),", &save); tok; tok = strtok_r(NULL, "/(),", &save)) {
			char *t = strip_company_form(tc_trim(tok));

			if (strlen(t) >= 2) {
				c->org = tc_xrealloc(c->org, (c->norg + 1) * sizeof(*c->org));
				c->org[c->norg++] = t;
			} else {
				free(t);
			}
		}
		free(copy);
	}
}

static void build_variants(checker *c)
{
	const tc_catalog *cat = c->cat;

	for (size_t i = 0; i < cat->nservices; i++) {
		const tc_service *s = &cat->services[i];
		int si = (int)i;

		add_name_variants(c, s->name, si, -1, 0);
		add_name_variants(c, s->legal_entity, si, -1, 0);
		if (s->id && strlen(s->id) >= 4) {
			char *id = tc_xstrdup(s->id);

			add_variant(c, id, si, -1, 0);
			free(id);
		}
		add_name_variants(c, s->parent_name, si, -1, 1);
	}
	/* A known service whose name or alias is a catalogued name is that service. */
	for (size_t k = 0; c->voc && k < c->voc->nservices; k++) {
		const tc_known_service *ks = &c->voc->services[k];
		int svc = -1;

		for (size_t v = 0; v < c->nvars && svc < 0; v++) {
			if (c->vars[v].svc < 0 || c->vars[v].weak)
				continue;
			if (name_eq_str(c->vars[v].text, ks->name))
				svc = c->vars[v].svc;
			for (size_t a = 0; a < ks->naliases && svc < 0; a++)
				if (name_eq_str(c->vars[v].text, ks->aliases[a]))
					svc = c->vars[v].svc;
		}
		add_variant(c, ks->name, svc, svc >= 0 ? -1 : (int)k, 0);
		for (size_t a = 0; a < ks->naliases; a++)
			add_variant(c, ks->aliases[a], svc, svc >= 0 ? -1 : (int)k, 0);
	}
	qsort(c->vars, c->nvars, sizeof(*c->vars), cmp_variant);
}

/* Strip Markdown emphasis and block markers from a line (in place). */
static void strip_markup(char *s, int *heading)
{
	char *w = s, *p = s;

	*heading = 0;
	while (*p == ' ')
		p++;
	if (*p == '#') {
		while (*p == '#')
			p++;
		if (*p == ' ')
			*heading = 1;
	} else if ((*p == '-' || *p == '*' || *p == '>') && p[1] == ' ') {
		p++;
	} else if (!strncmp(p, "\xe2\x80\xa2", 3) || !strncmp(p, "\xe2\x80\x93 ", 4)) {
		p += 3;  /* "•" bullets, "– " dashes */
	}
	while (*p == ' ')
		p++;
	for (; *p; p++) {
		if ((p[0] == '*' && p[1] == '*') || (p[0] == '_' && p[1] == '_')) {
			p++;
			continue;
		}
		if (*p == '\\' && p[1] && strchr("\\`*_[]<>#-+.|", p[1]))
			p++;
		*w++ = *p;
	}
	*w = '\0';
	tc_trim(s);
}

/* Mark the bytes of URLs and e-mail addresses: names inside them are no mentions. */
static void mark_skips(pline *l)
{
	const char *s = l->text;
	size_t n = strlen(s);

	l->skip = tc_xcalloc(n + 1, 1);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		int url = 0;

		if (s[i] == ' ' || s[i] == '(' || s[i] == '<' || s[i] == '[') {
			i++;
			continue;
		}
		while (j < n && s[j] != ' ' && s[j] != '<' && s[j] != '>' && s[j] != '"' &&
		       !(s[j] == ')' && url))
		{
			if (j == i && (!strncasecmp(s + j, "http://", 7) || !strncasecmp(s + j, "https://", 8) ||
				       !strncasecmp(s + j, "www.", 4)))
				url = 1;
			if (s[j] == '@' || (s[j] == ':' && s[j + 1] == '/' && s[j + 2] == '/'))
				url = 1;
			j++;
		}
		if (url)
			memset(l->skip + i, 1, j - i);
		i = j > i ? j : i + 1;
	}
}

static int at_word_start(const pline *l, size_t pos)
{
	unsigned char prev = pos ? (unsigned char)l->text[pos - 1] : ' ';

	return !l->skip[pos] && !word_byte(prev) && prev != '@' && prev != '.' && prev != '/' &&
	       prev != '_';
}

static int at_word_end(const char *s, size_t end)
{
	unsigned char next = (unsigned char)s[end];

	if (!word_byte(next))
		return 1;
	/* genitive: "HubSpots", "Google's" */
	return (next == 's' && !word_byte((unsigned char)s[end + 1]));
}

static void find_mentions(checker *c, pline *l)
{
	size_t n = strlen(l->text), cap = 0;

	for (size_t pos = 0; pos < n; pos++) {
		if (!at_word_start(l, pos))
			continue;
		for (size_t v = 0; v < c->nvars; v++) {
			const variant *vr = &c->vars[v];

			if (vr->len > n - pos || !name_eq(l->text + pos, vr->text, vr->len) ||
			    !at_word_end(l->text, pos + vr->len) || l->skip[pos + vr->len - 1])
				continue;
			/* "Teams" the product, not "teams" the word */
			if (isupper((unsigned char)vr->text[0]) && !upper_start(l->text + pos))
				continue;
			if (l->nm == cap) {
				cap = cap ? cap * 2 : 4;
				l->m = tc_xrealloc(l->m, cap * sizeof(*l->m));
			}
			l->m[l->nm++] = (mention){ vr->svc, vr->known, vr->weak, pos, vr->len };
			pos += vr->len - 1;
			break;
		}
	}
}

/* "9.2 Underbiträden", "10. Ditt samtycke": a numbered section heading. */
static int numbered_heading(const char *s)
{
	const char *p = s;

	if (!isdigit((unsigned char)*p))
		return 0;
	while (isdigit((unsigned char)*p) || (*p == '.' && isdigit((unsigned char)p[1])))
		p++;
	if (*p == '.')
		p++;
	return *p == ' ' && upper_start(p + 1) && strlen(s) <= 80 && !tc_endswith(s, ".");
}

/* A short line that starts with a service name: the title of that service's entry. */
static int title_like(const pline *l)
{
	size_t n = strlen(l->text);
	int words = 1;

	if (n == 0 || n > 80 || strchr(".:;,!?", l->text[n - 1]) || strstr(l->text, ": "))
		return 0;
	for (const char *p = l->text; *p; p++)
		words += *p == ' ';
	return words <= 8 && l->nm > 0 && l->m[0].start == 0;
}

/* ---- findings ---- */

static tc_pcheck_finding *add_finding(checker *c, enum tc_pcheck_kind kind,
				      enum tc_pcheck_severity sev, const tc_service *s,
				      const char *name, int line, const char *snippet)
{
	tc_pcheck *o = c->out;
	tc_pcheck_finding *f;

	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 16;
		o->v = tc_xrealloc(o->v, o->cap * sizeof(*o->v));
	}
	f = &o->v[o->n++];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->severity = sev;
	f->service = s;
	f->name = tc_xstrdup(name ? name : "");
	f->line = line;
	f->snippet = tc_xstrdup(snippet ? snippet : "");
	if (sev != TC_PC_INFO)
		o->ndiscrepancies++;
	return f;
}

/* Back up to the start of a UTF-8 character. */
static size_t utf8_start(const char *s, size_t i)
{
	while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80)
		i--;
	return i;
}

/* The part of a line around [start, start+len) to quote: at most ~160 bytes. */
static char *snippet(const char *line, size_t start, size_t len)
{
	size_t n = strlen(line), a, b;
	tc_buf out = TC_BUF_INIT;

	if (n <= 160)
		return tc_xstrdup(line);
	a = start > 70 ? utf8_start(line, start - 70) : 0;
	b = start + len + 70 < n ? utf8_start(line, start + len + 70) : n;
	while (a > 0 && a < start && line[a - 1] != ' ')
		a++;
	a = utf8_start(line, a);
	while (b < n && b > start + len && line[b] != ' ')
		b--;
	if (a > 0)
		tc_buf_adds(&out, "…");
	tc_buf_add(&out, line + a, b - a);
	if (b < n)
		tc_buf_adds(&out, "…");
	return tc_buf_detach(&out);
}

static const char *svc_name(const tc_service *s)
{
	return s->name ? s->name : s->id;
}

/* ---- (a) names in the policy that the catalogue lacks ---- */

typedef struct unknown_name {
	char *key;         /* name folded for comparison */
	char *name;
	int line;
	size_t start, len;
} unknown_name;

typedef struct unknowns {
	unknown_name *v;
	size_t n, cap;
} unknowns;

static void note_unknown(unknowns *u, const char *name, const pline *l, size_t start, size_t len)
{
	for (size_t i = 0; i < u->n; i++)
		if (name_eq_str(u->v[i].name, name))
			return;
	if (u->n == u->cap) {
		u->cap = u->cap ? u->cap * 2 : 8;
		u->v = tc_xrealloc(u->v, u->cap * sizeof(*u->v));
	}
	u->v[u->n++] = (unknown_name){ NULL, tc_xstrdup(name), l->no, start, len };
}

static int starts_with_word_ci(const char *s, const char *w)
{
	size_t n = strlen(w);

	return strncasecmp(s, w, n) == 0 && !word_byte((unsigned char)s[n]);
}

/* Skip spaces and the optional quote marks before a name. */
static const char *skip_space_quotes(const char *p)
{
	for (;;) {
		if (*p == ' ' || *p == '"' || *p == '\'')
			p++;
		else if (!strncmp(p, "\xe2\x80\x9d", 3) || !strncmp(p, "\xe2\x80\x9c", 3) ||
			 !strncmp(p, "\xc2\xbb", 2) || !strncmp(p, "\xe2\x80\x9e", 3))
			p += (unsigned char)*p == 0xc2 ? 2 : 3;
		else
			return p;
	}
}

/* One capitalised run at p ("Google Search Console", "Microsoft 365"); its end. */
static const char *cap_run(const char *p)
{
	const char *end = p;
	int words = 0;

	while (words < 5) {
		const char *q = p;

		if (!(upper_start(q) || (words > 0 && isdigit((unsigned char)*q))))
			break;
		while (*q && *q != ' ' && !strchr(",;:()!?\"", *q) &&
		       !(*q == '.' && (q[1] == ' ' || q[1] == '\0')) &&
		       strncmp(q, "\xe2\x80\x9d", 3) != 0)
			q++;
		end = q;
		words++;
		if (*q != ' ')
			break;
		p = q + 1;
	}
	return words ? end : NULL;
}

static const mention *mention_at(const pline *l, size_t pos)
{
	for (size_t i = 0; i < l->nm; i++)
		if (pos >= l->m[i].start && pos < l->m[i].start + l->m[i].len)
			return &l->m[i];
	return NULL;
}

static int is_org_name(const checker *c, const char *run)
{
	for (size_t i = 0; i < c->norg; i++)
		if (starts_with_word_ci(run, c->org[i]) ||
		    (strncasecmp(run, c->org[i], strlen(c->org[i])) == 0 &&
		     run[strlen(c->org[i])] == '-'))
			return 1;
	return 0;
}

/* Names after phrases such as "med hjälp av" or "provided by", also lists of them
 * ("via Hubspot, Youtube och Google Search Console"). */
static void trigger_names(checker *c, const pline *l, unknowns *u)
{
	const char *s = l->text;

	for (size_t t = 0; c->voc && t < c->voc->ntriggers; t++) {
		const char *trig = c->voc->triggers[t];
		size_t tn = strlen(trig);

		for (const char *hit = s; (hit = strcasestr(hit, trig)) != NULL; hit += tn) {
			const char *p = hit + tn;
			size_t pos = (size_t)(hit - s);

			if (!at_word_start(l, pos) || word_byte((unsigned char)*p))
				continue;
			p = skip_space_quotes(p);
			for (int f = 0; f < 2; f++)
				for (size_t k = 0; k < c->voc->nfillers; k++)
					if (starts_with_word_ci(p, c->voc->fillers[k]) &&
					    !upper_start(p)) {
						p = skip_space_quotes(p + strlen(c->voc->fillers[k]));
						break;
					}
			for (int item = 0; item < 10; item++) {
				const char *end = cap_run(p);
				size_t start = (size_t)(p - s);
				const mention *m;
				char *run;

				if (!end)
					break;
				run = tc_xstrndup(p, (size_t)(end - p));
				m = mention_at(l, start);
				if (m && !(m->weak && m->start == start && (size_t)(end - p) > m->len)) {
					/* a catalogued or known name: counted already */
				} else if (!l->skip[start] && !is_not_service(c, run) &&
					   !is_country_text(c, run) && !is_org_name(c, run)) {
					char *first = tc_xstrdup(run), *sp = strchr(first, ' ');

					if (sp)
						*sp = '\0';
					if (!is_not_service(c, first) && !is_country_text(c, first))
						note_unknown(u, run, l, start, (size_t)(end - p));
					free(first);
				}
				free(run);
				/* the list goes on after ", ", " och ", " and ", " or ", " & " */
				p = end;
				if (*p == ',')
					p++;
				p = skip_space_quotes(p);
				if (starts_with_word_ci(p, "och") || starts_with_word_ci(p, "and") ||
				    starts_with_word_ci(p, "eller") || starts_with_word_ci(p, "or") ||
				    starts_with_word_ci(p, "samt"))
					p = skip_space_quotes(strchr(p, ' ') ? strchr(p, ' ') : p + strlen(p));
				else if (*p == '&')
					p = skip_space_quotes(p + 1);
				else if (p[-1] != ' ' || p == end)
					break;
				if (p == end)
					break;
			}
		}
	}
}

static void find_unknowns(checker *c)
{
	unknowns u = { 0 };

	for (size_t i = 0; i < c->nlines; i++) {
		pline *l = &c->lines[i];

		for (size_t k = 0; k < l->nm; k++)
			if (l->m[k].svc < 0 && l->m[k].known >= 0)
				note_unknown(&u, c->voc->services[l->m[k].known].name, l, l->m[k].start,
					     l->m[k].len);
		trigger_names(c, l, &u);
	}
	for (size_t i = 0; i < u.n; i++) {
		const pline *l = &c->lines[u.v[i].line - 1];
		char *snip = snippet(l->text, u.v[i].start, u.v[i].len);
		tc_pcheck_finding *f = add_finding(c, TC_PC_UNKNOWN_SERVICE, TC_PC_MEDIUM, NULL,
						   u.v[i].name, u.v[i].line, snip);

		f->message_en = tc_xasprintf("The policy names %s, which is not in the catalogue.",
					     u.v[i].name);
		f->message_sv = tc_xasprintf("Policyn nämner %s, som inte finns i katalogen.", u.v[i].name);
		free(snip);
		free(u.v[i].name);
	}
	free(u.v);
}

/* ---- per-service entries ---- */

static void assign_blocks(checker *c)
{
	int cur = -1;

	for (size_t i = 0; i < c->nlines; i++) {
		pline *l = &c->lines[i];

		l->title = -1;
		if (title_like(l))
			l->title = l->m[0].svc >= 0 ? l->m[0].svc : -2;
		if (l->title != -1)
			cur = l->title;
		else if ((l->heading && upper_start(l->text)) || numbered_heading(l->text))
			cur = -1;
		l->block = cur >= 0 ? cur : -1;
	}
}

static const char *const category_labels[] = {
	"personuppgifter", "kategorier av personuppgifter", "datakategorier", "uppgifter som",
	"personal data", "categories of personal data", "data categories", "categories of data",
};

static const char *const location_labels[] = {
	"plats", "var uppgifterna", "var data", "lagringsplats", "land", "länder",
	"location", "data location", "where the data", "where data", "storage location", "country",
	"countries",
};

/* When the line is "Label: value" with a label from the table, its value. */
static const char *labelled(const char *line, const char *const *labels, size_t n)
{
	const char *colon = strchr(line, ':');

	if (!colon || colon - line > 60 || colon[1] != ' ')
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (strncasecmp(line, labels[i], strlen(labels[i])) == 0)
			return colon + 2;
	return NULL;
}

/* Every country a text names (codes, in order, no repeats). */
static void countries_in(const checker *c, const char *text, strset *out)
{
	size_t n = strlen(text);

	for (size_t pos = 0; pos < n; pos++) {
		unsigned char prev = pos ? (unsigned char)text[pos - 1] : ' ';
		size_t best = 0;
		const char *code = NULL;

		if (word_byte(prev))
			continue;
		for (size_t i = 0; i < c->ncn; i++) {
			size_t k = strlen(c->cn[i].text);

			if (k <= best || k > n - pos || word_byte((unsigned char)text[pos + k]))
				continue;
			if (c->cn[i].exact ? strncmp(text + pos, c->cn[i].text, k) == 0
					   : name_eq(text + pos, c->cn[i].text, k)) {
				best = k;
				code = c->cn[i].code;
			}
		}
		if (code) {
			strset_add(out, code);
			pos += best - 1;
		}
	}
}

/* Does the text claim "EU" (or "EU/EES"...)? Sets *eea when EES/EEA is said too. */
static int claims_eu(const char *text, int *eea)
{
	static const char *const eu_words[] = { "EU", "Europa", "Europe", "Europeiska unionen",
						"European Union" };
	static const char *const eea_words[] = { "EES", "EEA", "EØS", "EWR" };
	int eu = 0;

	*eea = 0;
	for (const char *p = text; *p; p++) {
		if (p > text && word_byte((unsigned char)p[-1]))
			continue;
		for (size_t i = 0; i < TC_ARRAY_LEN(eu_words); i++) {
			size_t k = strlen(eu_words[i]);

			if (strncmp(p, eu_words[i], k) == 0 && !word_byte((unsigned char)p[k]))
				eu = 1;
		}
		for (size_t i = 0; i < TC_ARRAY_LEN(eea_words); i++) {
			size_t k = strlen(eea_words[i]);

			if (strncmp(p, eea_words[i], k) == 0 && !word_byte((unsigned char)p[k]))
				*eea = eu = 1;
		}
	}
	return eu;
}

static char *names_of(const checker *c, const strset *codes, const char *lang)
{
	tc_buf b = TC_BUF_INIT;

	for (size_t i = 0; i < codes->n; i++)
		tc_buf_printf(&b, "%s%s", i ? ", " : "", tc_refdata_country_name(c->ref, codes->v[i], (tc_streq(lang, "sv") ? TC_LANG_SV : TC_LANG_EN)));
	return tc_buf_detach(&b);
}

static void set_countries(tc_pcheck_finding *f, const strset *codes)
{
	f->countries = tc_xcalloc(codes->n + 1, sizeof(char *));
	for (size_t i = 0; i < codes->n; i++)
		f->countries[i] = tc_xstrdup(codes->v[i]);
	f->ncountries = codes->n;
}

/* (c): where the policy says the data is, against where the catalogue says it goes. */
static void check_location(checker *c, const tc_service *s, int si, const pline *title)
{
	strset outside = { 0 }, named = { 0 }, hidden = { 0 }, eea_only = { 0 }, extra = { 0 };
	const pline *loc_line = NULL;
	const char *loc = NULL;
	int eu = 0, eea = 0;

	outside_countries(s, c->ref, &outside);
	for (size_t i = 0; i < c->nlines; i++) {
		const pline *l = &c->lines[i];

		if (l->block != si)
			continue;
		countries_in(c, l->text, &named);
		if (!loc && (loc = labelled(l->text, location_labels, TC_ARRAY_LEN(location_labels))))
			loc_line = l;
	}
	if (loc)
		eu = claims_eu(loc, &eea);
	for (size_t i = 0; i < outside.n; i++)
		if (!strset_has(&named, outside.v[i]))
			strset_add(&hidden, outside.v[i]);
	if (hidden.n) {
		const pline *at = loc_line ? loc_line : title;
		char *en = names_of(c, &hidden, "en"), *sv = names_of(c, &hidden, "sv");
		tc_pcheck_finding *f = add_finding(c, TC_PC_LOCATION, TC_PC_HIGH, s, svc_name(s), at->no,
						   at->text);

		set_countries(f, &hidden);
		if (eu) {
			f->message_en = tc_xasprintf("The policy places %s's data in the %s, but the catalogue "
						     "has data going to %s: a transfer outside the EU/EEA.",
						     svc_name(s), eea ? "EU/EEA" : "EU", en);
			f->message_sv = tc_xasprintf("Policyn anger att uppgifterna hos %s finns inom %s, men "
						     "enligt katalogen går uppgifter till %s: en överföring "
						     "utanför EU/EES.", svc_name(s), eea ? "EU/EES" : "EU", sv);
		} else {
			f->message_en = tc_xasprintf("The policy does not say that data of %s goes to %s, "
						     "outside the EU/EEA.", svc_name(s), en);
			f->message_sv = tc_xasprintf("Policyn nämner inte att uppgifter hos %s går till %s, "
						     "utanför EU/EES.", svc_name(s), sv);
		}
		free(en);
		free(sv);
	}
	if (loc && eu && !eea) {
		for (size_t i = 0; i < s->nlocations; i++)
			if (s->locations[i].country &&
			    tc_refdata_status(c->ref, s->locations[i].country) == TC_CS_EEA &&
			    !strset_has(&named, s->locations[i].country))
				strset_add(&eea_only, s->locations[i].country);
		if (eea_only.n) {
			char *en = names_of(c, &eea_only, "en"), *sv = names_of(c, &eea_only, "sv");
			tc_pcheck_finding *f = add_finding(c, TC_PC_LOCATION, TC_PC_MEDIUM, s, svc_name(s),
							   loc_line->no, loc_line->text);

			set_countries(f, &eea_only);
			f->message_en = tc_xasprintf("The policy says EU for %s, but the catalogue has data "
						     "in %s (EEA, not EU).", svc_name(s), en);
			f->message_sv = tc_xasprintf("Policyn anger EU för %s, men enligt katalogen finns "
						     "uppgifter i %s (EES, inte EU).", svc_name(s), sv);
			free(en);
			free(sv);
		}
	}
	if (loc) {
		strset in_loc = { 0 };

		countries_in(c, loc, &in_loc);
		for (size_t i = 0; i < in_loc.n; i++) {
			int have = tc_streq(in_loc.v[i], s->parent_country) ||
				   tc_streq(in_loc.v[i], s->entity_country);

			for (size_t k = 0; k < s->nlocations && !have; k++)
				have = tc_streq(s->locations[k].country, in_loc.v[i]);
			if (!have)
				strset_add(&extra, in_loc.v[i]);
		}
		strset_release(&in_loc);
		if (extra.n) {
			char *en = names_of(c, &extra, "en"), *sv = names_of(c, &extra, "sv");
			tc_pcheck_finding *f = add_finding(c, TC_PC_LOCATION, TC_PC_MEDIUM, s, svc_name(s),
							   loc_line->no, loc_line->text);

			set_countries(f, &extra);
			f->message_en = tc_xasprintf("The policy names %s for %s, but the catalogue has no "
						     "location there.", en, svc_name(s));
			f->message_sv = tc_xasprintf("Policyn anger %s för %s, men katalogen har ingen plats "
						     "där.", sv, svc_name(s));
			free(en);
			free(sv);
		}
	}
	/* a parent outside the EU/EEA that the entry does not name: a note */
	if (s->parent_name && s->parent_country && !in_eea(c->ref, s->parent_country) &&
	    !strset_has(&outside, s->parent_country) && !strset_has(&named, s->parent_country)) {
		int said = 0;

		/* only the parent's full name counts: "Microsoft" alone is the brand */
		for (size_t i = 0; i < c->nlines && !said; i++)
			if (c->lines[i].block == si && strcasestr(c->lines[i].text, s->parent_name))
				said = 1;
		if (!said) {
			const char *cen = tc_refdata_country_name(c->ref, s->parent_country, TC_LANG_EN);
			const char *csv = tc_refdata_country_name(c->ref, s->parent_country, TC_LANG_SV);
			tc_pcheck_finding *f = add_finding(c, TC_PC_PARENT, TC_PC_INFO, s, svc_name(s),
							   title->no, title->text);
			strset one = { 0 };

			strset_add(&one, s->parent_country);
			set_countries(f, &one);
			strset_release(&one);
			f->message_en = tc_xasprintf("The parent company of %s, %s, is in %s; the policy does "
						     "not mention it.", svc_name(s), s->parent_name, cen);
			f->message_sv = tc_xasprintf("Moderbolaget till %s, %s, finns i %s; policyn nämner "
						     "det inte.", svc_name(s), s->parent_name, csv);
		}
	}
	strset_release(&outside);
	strset_release(&named);
	strset_release(&hidden);
	strset_release(&eea_only);
	strset_release(&extra);
}

/* A category label of the policy as a refdata code; NULL when unknown. */
static const char *category_code(const checker *c, const char *label)
{
	size_t n = strlen(label);

	for (size_t i = 0; i < c->ref->ncategories; i++) {
		const tc_category *k = &c->ref->categories[i];

		if (name_eq_str(label, k->code) || (k->name_sv && name_eq_str(label, k->name_sv)) ||
		    (k->name_en && name_eq_str(label, k->name_en)))
			return k->code;
	}
	for (size_t i = 0; c->voc && i < c->voc->ncategory_aliases; i++)
		if (name_eq_str(label, c->voc->category_aliases[i].text))
			return c->voc->category_aliases[i].code;
	/* "E-postadress" for "E-post", "Onlineidentifierare" for "Onlineidentifierare (…)" */
	for (size_t i = 0; n >= 4 && i < c->ref->ncategories; i++) {
		const tc_category *k = &c->ref->categories[i];
		const char *names[] = { k->name_sv, k->name_en };

		for (size_t j = 0; j < 2; j++) {
			size_t m = names[j] ? strlen(names[j]) : 0;

			if (m >= 4 && (name_eq(label, names[j], m < n ? m : n)))
				return k->code;
		}
	}
	return NULL;
}

static void push_str(char ***v, size_t *n, const char *s)
{
	*v = tc_xrealloc(*v, (*n + 2) * sizeof(char *));
	(*v)[(*n)++] = tc_xstrdup(s);
	(*v)[*n] = NULL;
}

/* Split "Adress, E-post, Namn och Telefonnummer." into labels. */
static void split_labels(const char *value, strset *codes, char ***unknown, size_t *nunknown,
			 const checker *c)
{
	char *copy = tc_xstrdup(value), *p = copy;

	while (p && *p) {
		char *sep = NULL, *q;
		size_t skip = 0;
		static const char *const seps[] = { ", ", ",", "; ", " och ", " and ", " samt ", " & ",
						    " eller ", " or " };

		int depth = 0;

		/* the first separator outside parentheses: "Onlineidentifierare (cookie-id, IP)" */
		for (char *h = p; *h && !sep; h++) {
			depth += *h == '(' ? 1 : *h == ')' && depth > 0 ? -1 : 0;
			for (size_t i = 0; depth == 0 && i < TC_ARRAY_LEN(seps) && !sep; i++)
				if (strncmp(h, seps[i], strlen(seps[i])) == 0) {
					sep = h;
					skip = strlen(seps[i]);
				}
		}
		if (sep)
			*sep = '\0';
		q = tc_trim(p);
		while (*q && (starts_with_word_ci(q, "och") || starts_with_word_ci(q, "and") ||
			      starts_with_word_ci(q, "samt")))
			q = tc_trim(q + 3 + (tolower((unsigned char)*q) == 's'));
		for (size_t n = strlen(q); n > 0 && strchr(".;:", q[n - 1]); n--)
			q[n - 1] = '\0';
		tc_trim(q);
		if (*q) {
			const char *code = category_code(c, q);

			if (code) {
				strset_add(codes, code);
			} else {
				push_str(unknown, nunknown, q);
			}
		}
		p = sep ? sep + skip : NULL;
	}
	free(copy);
}

/* (d): the categories the policy lists for a service, against the catalogue's. */
static void check_categories(checker *c, const tc_service *s, int si)
{
	const pline *at = NULL;
	const char *value = NULL;
	strset codes = { 0 };
	char **unknown = NULL, **missing = NULL, **extra = NULL;
	size_t nunknown = 0, nmissing = 0, nextra = 0;
	int sensitive = 0;

	for (size_t i = 0; i < c->nlines && !value; i++)
		if (c->lines[i].block == si &&
		    (value = labelled(c->lines[i].text, category_labels, TC_ARRAY_LEN(category_labels))))
			at = &c->lines[i];
	if (!value)
		return;
	split_labels(value, &codes, &unknown, &nunknown, c);
	for (size_t i = 0; i < s->ncategories; i++)
		if (!strset_has(&codes, s->categories[i])) {
			const tc_category *k = tc_refdata_category(c->ref, s->categories[i]);

			push_str(&missing, &nmissing, s->categories[i]);
			if (k && (k->national_id || k->special))
				sensitive = 1;
		}
	for (size_t i = 0; i < codes.n; i++)
		if (!has_category(s, codes.v[i]))
			push_str(&extra, &nextra, codes.v[i]);
	for (size_t i = 0; i < nunknown; i++)
		push_str(&extra, &nextra, unknown[i]);
	if (nmissing || nextra) {
		tc_pcheck_finding *f = add_finding(c, TC_PC_CATEGORIES, sensitive ? TC_PC_HIGH : TC_PC_MEDIUM,
						   s, svc_name(s), at->no, at->text);
		tc_buf en = TC_BUF_INIT, sv = TC_BUF_INIT;

		tc_buf_printf(&en, "The data categories of %s differ from the catalogue:", svc_name(s));
		tc_buf_printf(&sv, "Personuppgifterna för %s skiljer sig från katalogen:", svc_name(s));
		for (size_t i = 0; i < nmissing; i++) {
			tc_buf_printf(&en, "%s %s", i ? "," : " not in the policy:",
				      tc_refdata_category_name(c->ref, missing[i], TC_LANG_EN));
			tc_buf_printf(&sv, "%s %s", i ? "," : " saknas i policyn:",
				      tc_refdata_category_name(c->ref, missing[i], TC_LANG_SV));
		}
		for (size_t i = 0; i < nextra; i++) {
			int known = tc_refdata_category(c->ref, extra[i]) != NULL;

			tc_buf_printf(&en, "%s %s", i ? "," : (nmissing ? "; only in the policy:" : " only in the policy:"),
				      known ? tc_refdata_category_name(c->ref, extra[i], TC_LANG_EN) : extra[i]);
			tc_buf_printf(&sv, "%s %s", i ? "," : (nmissing ? "; bara i policyn:" : " bara i policyn:"),
				      known ? tc_refdata_category_name(c->ref, extra[i], TC_LANG_SV) : extra[i]);
		}
		tc_buf_adds(&en, ".");
		tc_buf_adds(&sv, ".");
		f->message_en = tc_buf_detach(&en);
		f->message_sv = tc_buf_detach(&sv);
		f->missing = missing;
		f->nmissing = nmissing;
		f->extra = extra;
		f->nextra = nextra;
		missing = extra = NULL;
		nmissing = nextra = 0;
	}
	free_strv(missing, nmissing);
	free_strv(extra, nextra);
	free_strv(unknown, nunknown);
	strset_release(&codes);
}

static void check_services(checker *c)
{
	for (size_t si = 0; si < c->cat->nservices; si++) {
		const tc_service *s = &c->cat->services[si];
		const pline *title = NULL;
		int named = 0;

		/* named anywhere; its entry starts at its first title line */
		for (size_t i = 0; i < c->nlines && !title; i++) {
			const pline *l = &c->lines[i];

			if (l->title == (int)si)
				title = l;
			for (size_t k = 0; k < l->nm && !named; k++)
				named = l->m[k].svc == (int)si;
		}
		if (!named && !title) {
			tc_pcheck_finding *f = add_finding(c, TC_PC_NOT_MENTIONED, TC_PC_MEDIUM, s,
							   svc_name(s), 0, "");
			char *who = service_title(s);

			f->message_en = tc_xasprintf("%s is in the catalogue, but the policy does not name it.",
						     who);
			f->message_sv = tc_xasprintf("%s finns i katalogen, men policyn nämner den inte.", who);
			free(who);
			continue;
		}
		if (!title)
			continue;
		check_location(c, s, (int)si, title);
		check_categories(c, s, (int)si);
	}
}

/* A general statement that some services are outside the EU/EEA, while no entry of a
 * service names a country outside it: the reader cannot tell which. */
static void check_outside_statement(checker *c)
{
	static const char *const phrases[] = { "utanför EU/EES", "utanför EES", "utanför EU",
					       "outside the EU/EEA", "outside the EEA", "outside the EU",
					       "outside EU/EEA", "outside of the EU" };
	const pline *said = NULL;
	size_t at = 0, len = 0;

	for (size_t i = 0; i < c->nlines && !said; i++) {
		const pline *l = &c->lines[i];
		const char *hit;

		if (l->block >= 0 || l->title != -1)
			continue;
		for (size_t k = 0; k < TC_ARRAY_LEN(phrases) && !said; k++)
			if ((hit = strcasestr(l->text, phrases[k])) != NULL) {
				said = l;
				at = (size_t)(hit - l->text);
				len = strlen(phrases[k]);
			}
	}
	if (!said)
		return;
	for (size_t i = 0; i < c->nlines; i++) {
		strset named = { 0 };
		int outside = 0;

		if (c->lines[i].block < 0)
			continue;
		countries_in(c, c->lines[i].text, &named);
		for (size_t k = 0; k < named.n && !outside; k++)
			outside = !in_eea(c->ref, named.v[k]);
		strset_release(&named);
		if (outside)
			return;
	}
	{
		char *snip = snippet(said->text, at, len);
		tc_pcheck_finding *f = add_finding(c, TC_PC_OUTSIDE_UNNAMED, TC_PC_MEDIUM, NULL, "", said->no,
						   snip);

		f->message_en = tc_xstrdup("The policy says some services are outside the EU/EEA, but no "
					   "service's entry names a country outside the EU/EEA.");
		f->message_sv = tc_xstrdup("Policyn säger att vissa tjänster finns utanför EU/EES, men ingen "
					   "tjänsts beskrivning anger något land utanför EU/EES.");
		free(snip);
	}
}

static int cmp_finding(const void *a, const void *b)
{
	const tc_pcheck_finding *x = a, *y = b;
	int lx = x->line ? x->line : 1 << 30, ly = y->line ? y->line : 1 << 30;

	if (lx != ly)
		return lx < ly ? -1 : 1;
	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	return strcmp(x->name, y->name);
}

static void checker_release(checker *c)
{
	for (size_t i = 0; i < c->nvars; i++)
		free(c->vars[i].text);
	free(c->vars);
	free_strv(c->owned, c->nowned);
	free(c->cn);
	free_strv(c->org, c->norg);
	for (size_t i = 0; i < c->nlines; i++) {
		free(c->lines[i].text);
		free(c->lines[i].skip);
		free(c->lines[i].m);
	}
	free(c->lines);
}

int tc_policy_check(const char *text, size_t len, const tc_catalog *cat, const tc_refdata *ref,
		    const tc_policy_vocab *vocab, tc_pcheck *out, char *err, size_t errlen)
{
	checker c = { 0 };
	size_t cap = 0;
	const char *p = text, *end = text + len;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (len > POLICY_MAX_TEXT) {
		tc_seterr(err, errlen, "the policy is larger than %zu bytes", POLICY_MAX_TEXT);
		goto out;
	}
	if (!tc_utf8_valid(text, len) || memchr(text, '\0', len)) {
		tc_seterr(err, errlen, "the policy is not UTF-8 text");
		goto out;
	}
	c.cat = cat;
	c.ref = ref;
	c.voc = vocab;
	c.out = out;
	build_names(&c);
	build_variants(&c);

	for (int no = 1; p < end; no++) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		size_t n = e ? (size_t)(e - p) : (size_t)(end - p);
		pline *l;

		if (c.nlines == cap) {
			cap = cap ? cap * 2 : 256;
			c.lines = tc_xrealloc(c.lines, cap * sizeof(*c.lines));
		}
		l = &c.lines[c.nlines++];
		memset(l, 0, sizeof(*l));
		l->text = tc_xstrndup(p, n);
		for (char *q = l->text; *q; q++)
			if (*q == '\r' || *q == '\t')
				*q = ' ';
		l->no = no;
		strip_markup(l->text, &l->heading);
		mark_skips(l);
		find_mentions(&c, l);
		p = e ? e + 1 : end;
	}
	assign_blocks(&c);
	find_unknowns(&c);
	check_services(&c);
	check_outside_statement(&c);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_finding);
	ret = 0;
out:
	checker_release(&c);
	return ret;
}

void tc_pcheck_release(tc_pcheck *c)
{
	for (size_t i = 0; i < c->n; i++) {
		tc_pcheck_finding *f = &c->v[i];

		free(f->name);
		free(f->snippet);
		free_strv(f->countries, f->ncountries);
		free_strv(f->missing, f->nmissing);
		free_strv(f->extra, f->nextra);
		free(f->message_en);
		free(f->message_sv);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}

const char *tc_pcheck_kind_name(enum tc_pcheck_kind k)
{
	static const char *const names[] = { "", "unknown_service", "not_mentioned",
					     "location_mismatch", "parent_not_mentioned",
					     "categories_mismatch", "outside_unnamed" };

	return (size_t)k < TC_ARRAY_LEN(names) ? names[k] : "";
}

const char *tc_pcheck_severity_name(enum tc_pcheck_severity s)
{
	return s == TC_PC_HIGH ? "high" : s == TC_PC_MEDIUM ? "medium" : "info";
}

static cJSON *json_strs(char **v, size_t n)
{
	cJSON *a = cJSON_CreateArray();

	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(v[i]));
	return a;
}

char *tc_pcheck_to_json(const tc_pcheck *c, const char *source)
{
	cJSON *root = cJSON_CreateObject(), *arr;
	char *s, *ret;

	cJSON_AddItemToObject(root, "source", source ? cJSON_CreateString(source) : cJSON_CreateNull());
	cJSON_AddBoolToObject(root, "consistent", c->ndiscrepancies == 0);
	cJSON_AddNumberToObject(root, "discrepancies", (double)c->ndiscrepancies);
	cJSON_AddNumberToObject(root, "notes", (double)(c->n - c->ndiscrepancies));
	arr = cJSON_AddArrayToObject(root, "findings");
	for (size_t i = 0; i < c->n; i++) {
		const tc_pcheck_finding *f = &c->v[i];
		cJSON *o = cJSON_CreateObject(), *msg;

		cJSON_AddStringToObject(o, "kind", tc_pcheck_kind_name(f->kind));
		cJSON_AddStringToObject(o, "severity", tc_pcheck_severity_name(f->severity));
		if (f->service) {
			cJSON_AddStringToObject(o, "service", f->service->id ? f->service->id : "");
			cJSON_AddStringToObject(o, "service_name", svc_name(f->service));
		} else {
			cJSON_AddNullToObject(o, "service");
			cJSON_AddNullToObject(o, "service_name");
		}
		cJSON_AddStringToObject(o, "name", f->name);
		if (f->line)
			cJSON_AddNumberToObject(o, "line", f->line);
		else
			cJSON_AddNullToObject(o, "line");
		cJSON_AddStringToObject(o, "snippet", f->snippet);
		cJSON_AddItemToObject(o, "countries", json_strs(f->countries, f->ncountries));
		cJSON_AddItemToObject(o, "missing", json_strs(f->missing, f->nmissing));
		cJSON_AddItemToObject(o, "extra", json_strs(f->extra, f->nextra));
		msg = cJSON_AddObjectToObject(o, "message");
		cJSON_AddStringToObject(msg, "en", f->message_en ? f->message_en : "");
		cJSON_AddStringToObject(msg, "sv", f->message_sv ? f->message_sv : "");
		cJSON_AddItemToArray(arr, o);
	}
	s = cJSON_PrintUnformatted(root);
	ret = tc_xstrdup(s ? s : "{}");
	cJSON_free(s);
	cJSON_Delete(root);
	return ret;
}
