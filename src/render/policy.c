/*
 * policy: render the external-services / sub-processor section of the privacy policy
 * from the catalogue, through the render layer (render.h) in its three formats, with
 * the words of msg_policy.c (ids "policy.KEY"). See include/tiacheck/policy.h.
 *
 * The section is published: it shows what a reader of the policy needs and nothing
 * meant for the DPO (notes, references, unverified parts of reference data), and it
 * leaves out a fact the catalogue does not state rather than print "not stated".
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tiacheck/i18n.h"
#include "tiacheck/policy.h"
#include "tiacheck/render.h"

#define POLICY_MAX_OUT ((size_t)16 << 20)

/* A text in lang, else in the other language; NULL when neither has one. */
static const char *i18n(const tc_i18n *t, enum tc_lang lang)
{
	int sv = lang == TC_LANG_SV;
	const char *a = sv ? t->sv : t->en, *b = sv ? t->en : t->sv;

	return a && *a ? a : (b && *b ? b : NULL);
}

static const tc_mechanism *find_mech(const tc_service *s, const char *country)
{
	for (size_t i = 0; i < s->nmechanisms; i++)
		if (tc_streq(s->mechanisms[i].country, country))
			return &s->mechanisms[i];
	return NULL;
}


/* ==================================================================== */
/* Rendering                                                              */
/* ==================================================================== */

typedef struct pol {
	tc_render r;
	const tc_refdata *ref;
} pol;

/* The words of id in the text's language. */
static const char *W(const pol *p, const char *id)
{
	return tc_tr(p->r.lang, id);
}

static int is_sv(const pol *p)
{
	return p->r.lang == TC_LANG_SV;
}

/* Country name for running text (owned): the Swedish "Förenta staterna (USA)"
 * becomes "USA". */
static char *country_short(const pol *p, const char *code)
{
	const char *name = tc_refdata_country_name(p->ref, code, p->r.lang);
	const char *open = strrchr(name, '(');
	size_t n = strlen(name);

	if (is_sv(p) && open && n > 2 && name[n - 1] == ')') {
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
static char *country_in_sentence(const pol *p, const char *code)
{
	char *name = country_short(p, code), *s;

	if (is_sv(p) || !needs_article(name))
		return name;
	s = tc_xasprintf("the %s", name);
	free(name);
	return s;
}

/* Append "a, b och c" of the n strings to b. */
static void join_list(const pol *p, tc_buf *b, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			tc_buf_printf(b, i + 1 == n ? " %s " : ", ", W(p, "policy.and"));
		tc_buf_adds(b, v[i]);
	}
}

/* "Nederländerna (Amsterdam)": the country with the places recorded for it. */
static char *country_with_places(const pol *p, const tc_service *s, const char *code)
{
	tc_buf b = TC_BUF_INIT;
	tc_strset places = { 0 };
	char *name = country_short(p, code);

	tc_buf_adds(&b, name);
	free(name);
	for (size_t i = 0; i < s->nlocations; i++)
		if (tc_streq(s->locations[i].country, code) && s->locations[i].place &&
		    *s->locations[i].place &&
		    (s->locations[i].kinds & (TC_LOC_STORAGE | TC_LOC_PROCESSING)))
			tc_strset_add(&places, s->locations[i].place);
	if (places.n) {
		tc_buf_adds(&b, " (");
		for (size_t i = 0; i < places.n; i++)
			tc_buf_printf(&b, "%s%s", i ? ", " : "", places.v[i]);
		tc_buf_adds(&b, ")");
	}
	tc_strset_release(&places);
	return tc_buf_detach(&b);
}

/* Append one group of the location text: "EU – Irland och Tyskland". */
static void location_group(const pol *p, const tc_service *s, const tc_strset *set,
			   const char *label, tc_buf *b)
{
	char **names = tc_xcalloc(set->n, sizeof(*names));

	if (b->len)
		tc_buf_adds(b, "; ");
	tc_buf_printf(b, "%s – ", label);
	for (size_t i = 0; i < set->n; i++)
		names[i] = country_with_places(p, s, set->v[i]);
	join_list(p, b, (const char *const *)names, set->n);
	for (size_t i = 0; i < set->n; i++)
		free(names[i]);
	free(names);
}

/* "EU/EES – Norge, Irland och Nederländerna (Amsterdam); utanför EU/EES – USA", or
 * NULL (owned) when the catalogue records no place of storage or processing. */
static char *location_text(const pol *p, const tc_service *s)
{
	tc_strset in = { 0 }, out = { 0 };
	tc_buf b = TC_BUF_INIT;
	int all_eu = 1, any_in = 0;
	const char *in_label;

	for (size_t i = 0; i < s->nlocations; i++) {
		const tc_location *l = &s->locations[i];

		if (!l->country || !(l->kinds & (TC_LOC_STORAGE | TC_LOC_PROCESSING)))
			continue;
		if (tc_refdata_in_eea(p->ref, l->country)) {
			const tc_country *k = tc_refdata_country(p->ref, l->country);

			/* a region code ("EU", "EEA") is said by the group's name */
			if (!k || !k->region)
				tc_strset_add(&in, l->country);
			if (tc_refdata_status(p->ref, l->country) != TC_CS_EU)
				all_eu = 0;
			any_in = 1;
		} else {
			tc_strset_add(&out, l->country);
		}
	}
	in_label = W(p, all_eu ? "policy.loc_eu" : "policy.loc_eea");
	if (any_in && !in.n)
		tc_buf_adds(&b, in_label);
	else if (in.n)
		location_group(p, s, &in, in_label, &b);
	if (out.n)
		location_group(p, s, &out, W(p, "policy.loc_outside"), &b);
	tc_strset_release(&in);
	tc_strset_release(&out);
	if (!b.len) {
		tc_buf_release(&b);
		return NULL;
	}
	return tc_buf_detach(&b);
}

static void categories_item(pol *p, const tc_service *s)
{
	tc_buf b = TC_BUF_INIT;

	for (size_t i = 0; i < s->ncategories; i++)
		tc_buf_printf(&b, "%s%s", i ? ", " : "",
			      tc_refdata_category_name(p->ref, s->categories[i],
						       p->r.lang));
	tc_r_item(&p->r, W(p, "policy.cat_label"), b.len ? tc_buf_str(&b) : W(p, "policy.cat_none"));
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

/*
 * The number of an adequacy decision as it may be published: the reference data's
 * "decision" up to the end of its first citation ("(EU) 2021/1772"), so that a working
 * note after it ("+ renewal (number unconfirmed)") stays with the DPO. Owned; NULL
 * when the field has no citation.
 */
static char *decision_citation(const char *d)
{
	for (const char *p = d; p && *p; p++) {
		const char *q = p;

		if (!isdigit((unsigned char)*p) || (p > d && isdigit((unsigned char)p[-1])))
			continue;
		while (isdigit((unsigned char)*q))
			q++;
		if (*q != '/' || !isdigit((unsigned char)q[1]))
			continue;
		for (q++; isdigit((unsigned char)*q); q++)
			;
		/* "2000/518/EC" */
		if (q[0] == '/' && isupper((unsigned char)q[1]) && isupper((unsigned char)q[2]))
			q += 3;
		return tc_xstrndup(d, (size_t)(q - d));
	}
	return NULL;
}

/* " (beslut (EU) 2021/1772)" for a country with a citable decision, else "" (owned). */
static char *decision_phrase(const pol *p, const tc_country *c)
{
	char *cite = c ? decision_citation(c->decision) : NULL, *words, *s;

	if (!cite)
		return tc_xstrdup("");
	words = tc_xasprintf(W(p, "policy.decision"), cite);
	s = tc_xasprintf(" (%s)", words);
	free(words);
	free(cite);
	return s;
}

static void dpf_sentence(const pol *p, const tc_service *s, const tc_mechanism *m,
			 const char *country, tc_buf *b)
{
	const char *who = dpf_entity(s, country);
	int active = !m->dpf_status || strcasecmp(m->dpf_status, "active") == 0;

	if (active && m->dpf_checked)
		tc_buf_printf(b, W(p, "policy.dpf_ok"), who, m->dpf_checked);
	else if (active)
		tc_buf_printf(b, W(p, "policy.dpf_ok_nodate"), who);
	else if (m->dpf_checked)
		tc_buf_printf(b, W(p, "policy.dpf_other"), who, m->dpf_status, m->dpf_checked);
	else
		tc_buf_printf(b, W(p, "policy.dpf_other_nodate"), who, m->dpf_status);
}

/* The plain-words sentence on the legal ground of the transfer to country. */
static void mechanism_sentence(const pol *p, const tc_service *s, const char *country, tc_buf *b)
{
	const tc_mechanism *m = find_mech(s, country);
	const tc_country *c = tc_refdata_country(p->ref, country);
	char *cname = country_in_sentence(p, country);
	char *dec = decision_phrase(p, c);

	switch (m ? m->type : TC_MECH_NONE) {
	case TC_MECH_DPF:
		dpf_sentence(p, s, m, country, b);
		break;
	case TC_MECH_SCC:
		if (m->scc_module && *m->scc_module)
			tc_buf_printf(b, W(p, "policy.scc_module"), m->scc_module);
		else
			tc_buf_adds(b, W(p, "policy.scc"));
		break;
	case TC_MECH_BCR:
		tc_buf_adds(b, W(p, "policy.bcr"));
		break;
	case TC_MECH_ADEQUACY:
		tc_buf_printf(b, W(p, "policy.adequacy"), cname, dec);
		break;
	case TC_MECH_ART49:
		if (m->art49_ground && *m->art49_ground)
			tc_buf_printf(b, W(p, "policy.art49_ground"), m->art49_ground);
		else
			tc_buf_adds(b, W(p, "policy.art49"));
		break;
	case TC_MECH_NONE:
		if (c && (c->status == TC_CS_ADEQUATE || c->status == TC_CS_ADEQUATE_IO))
			tc_buf_printf(b, W(p, "policy.adequate_country"), cname, dec);
		else
			tc_buf_adds(b, W(p, "policy.no_mechanism"));
		break;
	}
	free(cname);
	free(dec);
}

/* What happens to the data in country code: "lagring, behandling" ("" when nothing
 * is recorded), owned. */
static char *transfer_kinds(const pol *p, const tc_service *s, const char *code)
{
	static const char *const kind_codes[] = { "storage", "processing", "remote_access",
						  "support" };
	unsigned kinds = 0;
	tc_buf k = TC_BUF_INIT;

	for (size_t j = 0; j < s->nlocations; j++)
		if (tc_streq(s->locations[j].country, code))
			kinds |= s->locations[j].kinds;
	if (!kinds && tc_streq(s->entity_country, code))
		kinds = TC_LOC_REMOTE_ACCESS;
	for (size_t bit = 0; bit < TC_ARRAY_LEN(kind_codes); bit++)
		if (kinds & (1u << bit))
			tc_buf_printf(&k, "%s%s", k.len ? ", " : "",
				      tc_label(p->r.lang, "location_kind", kind_codes[bit]));
	return tc_buf_detach(&k);
}

static void transfer_item(pol *p, const tc_service *s, const tc_strset *outside)
{
	tc_buf b = TC_BUF_INIT;

	for (size_t i = 0; i < outside->n; i++) {
		const char *code = outside->v[i];
		char *kinds = transfer_kinds(p, s, code);
		char *cname = country_in_sentence(p, code);

		if (b.len)
			tc_buf_adds(&b, " ");
		if (*kinds)
			tc_buf_printf(&b, W(p, "policy.transfer_to"), cname, kinds);
		else
			tc_buf_printf(&b, W(p, "policy.transfer_to_nokind"), cname);
		tc_buf_adds(&b, " ");
		mechanism_sentence(p, s, code, &b);
		free(kinds);
		free(cname);
	}
	tc_r_item(&p->r, W(p, "policy.transfer_label"), tc_buf_str(&b));
	tc_buf_release(&b);
}

static void parent_item(pol *p, const tc_service *s, const tc_strset *outside)
{
	char *cname, *text;

	if (!s->parent_name || !s->parent_country || tc_refdata_in_eea(p->ref, s->parent_country))
		return;
	cname = country_in_sentence(p, s->parent_country);
	if (outside->n == 0 && s->nlocations > 0)
		text = tc_xasprintf(W(p, "policy.parent_eu_only"), s->parent_name, cname, cname);
	else
		text = tc_xasprintf(W(p, "policy.parent"), s->parent_name, cname);
	tc_r_item(&p->r, W(p, "policy.parent_label"), text);
	free(text);
	free(cname);
}

static void contact_item(pol *p, const tc_service *s)
{
	int n = 0;

	if (!s->phone && !s->email && !s->website)
		return;
	tc_r_item_begin(&p->r, W(p, "policy.contact_label"));
	if (s->phone) {
		tc_r_text(&p->r, s->phone);
		n++;
	}
	if (s->email) {
		if (n++)
			tc_r_raw(&p->r, ", ");
		tc_r_email(&p->r, s->email);
	}
	if (s->website) {
		if (n++)
			tc_r_raw(&p->r, ", ");
		tc_r_link(&p->r, NULL, s->website);
	}
	tc_r_item_end(&p->r);
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

/* The label of a document kind. */
static const char *doc_label(const pol *p, enum tc_doc_kind kind)
{
	switch (kind) {
	case TC_DOC_DPA: return W(p, "policy.doc_dpa");
	case TC_DOC_PRIVACY: return W(p, "policy.doc_privacy");
	case TC_DOC_SUBPROCESSORS: return W(p, "policy.doc_subprocessors");
	case TC_DOC_OTHER: case TC_DOC_DPF: break;
	}
	return W(p, "policy.doc_other");
}

static void documents_item(pol *p, const tc_service *s)
{
	int any = 0;

	for (size_t i = 0; i < s->ndocuments; i++)
		if (s->documents[i].url)
			any = 1;
	if (!any)
		return;
	if (p->r.kind == TC_RENDER_TEXT) {
		/* plain text: one line per document, the URL in full */
		for (size_t i = 0; i < s->ndocuments; i++)
			if (s->documents[i].url)
				tc_r_item(&p->r, doc_label(p, s->documents[i].kind), s->documents[i].url);
		return;
	}
	tc_r_item_begin(&p->r, W(p, "policy.docs_label"));
	for (size_t i = 0, n = 0; i < s->ndocuments; i++) {
		const tc_document *d = &s->documents[i];
		int other = d->kind != TC_DOC_DPA && d->kind != TC_DOC_PRIVACY &&
			    d->kind != TC_DOC_SUBPROCESSORS;
		char *text;

		if (!d->url)
			continue;
		if (n++)
			tc_r_raw(&p->r, ", ");
		/* other documents are told apart by their address: "www.brevo.com/gdpr" */
		text = other ? url_label(d->url) : tc_xstrdup(doc_label(p, d->kind));
		tc_r_link(&p->r, text, d->url);
		free(text);
	}
	tc_r_item_end(&p->r);
}

static char *service_title(const tc_service *s)
{
	const char *name = s->name ? s->name : s->id;

	if (s->legal_entity && *s->legal_entity && strcasecmp(s->legal_entity, name) != 0)
		return tc_xasprintf(strchr(name, '(') ? "%s – %s" : "%s (%s)", name, s->legal_entity);
	return tc_xstrdup(name);
}

static const char *role_words(const pol *p, enum tc_role role)
{
	return W(p, role == TC_ROLE_CONTROLLER ? "policy.role_controller"
		    : role == TC_ROLE_SUBPROCESSOR ? "policy.role_subprocessor"
		    : "policy.role_processor");
}

static void service_block(pol *p, const tc_service *s, int show_role)
{
	char *title = service_title(s);
	const char *purpose = i18n(&s->purpose, p->r.lang);
	tc_strset outside = { 0 };
	char *loc;

	tc_r_heading(&p->r, 3, title);
	if (purpose)
		tc_r_para_text(&p->r, purpose);
	tc_service_outside_countries(s, p->ref, &outside);
	tc_r_ul(&p->r);
	if (show_role)
		tc_r_item(&p->r, W(p, "policy.role_label"), role_words(p, s->role));
	categories_item(p, s);
	loc = location_text(p, s);
	if (loc)
		tc_r_item(&p->r, W(p, "policy.loc_label"), loc);
	free(loc);
	if (outside.n)
		transfer_item(p, s, &outside);
	parent_item(p, s, &outside);
	if (s->address && *s->address)
		tc_r_item(&p->r, W(p, "policy.addr_label"), s->address);
	contact_item(p, s);
	documents_item(p, s);
	tc_r_ul_end(&p->r);
	tc_strset_release(&outside);
	free(title);
}

/* A known sub-processor of a vendor (catalogue "subprocessors"), shown like a
 * service: its own name, what it does, where, and what covers each transfer; the
 * data are the vendor's categories. */
static void known_sub_block(pol *p, const tc_service *vendor, const tc_subprocessor *sp)
{
	tc_service view;
	char *of;

	memset(&view, 0, sizeof(view));
	view.id = vendor->id;
	view.name = sp->name;
	view.role = TC_ROLE_SUBPROCESSOR;
	view.purpose = sp->purpose;
	view.categories = vendor->categories;
	view.ncategories = vendor->ncategories;
	view.locations = sp->locations;
	view.nlocations = sp->nlocations;
	view.mechanisms = sp->mechanisms;
	view.nmechanisms = sp->nmechanisms;
	view.sector = sp->sector;
	service_block(p, &view, 0);
	of = tc_xasprintf(W(p, "policy.sub_of"), vendor->name ? vendor->name : vendor->id);
	tc_r_para_text(&p->r, of);
	free(of);
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

/* The heading and introduction of one group (0 external services, 1 sub-processors). */
static void group_intro(pol *p, const tc_catalog *cat, const tc_policy_opts *opts, int group,
			size_t n)
{
	tc_buf intro = TC_BUF_INIT;

	tc_r_heading(&p->r, 2, W(p, group ? "policy.sub_title" : "policy.ext_title"));
	tc_buf_adds(&intro, W(p, group ? "policy.sub_intro" : "policy.ext_intro"));
	if (group == 0 && cat->org.policy_reviewed) {
		tc_buf_adds(&intro, " ");
		tc_buf_printf(&intro, W(p, "policy.reviewed"), cat->org.policy_reviewed);
	}
	if (group == 0 && opts && opts->date) {
		tc_buf_adds(&intro, " ");
		tc_buf_printf(&intro, W(p, "policy.dated"), opts->date);
	}
	if (n == 0) {
		tc_buf_adds(&intro, " ");
		tc_buf_adds(&intro, W(p, group ? "policy.sub_none" : "policy.ext_none"));
	}
	tc_r_para_text(&p->r, tc_buf_str(&intro));
	tc_buf_release(&intro);
}

static enum tc_render_kind render_kind(enum tc_policy_format f)
{
	return f == TC_POLICY_HTML ? TC_RENDER_HTML : f == TC_POLICY_TEXT ? TC_RENDER_TEXT
	       : TC_RENDER_MD;
}

int tc_policy_render(const tc_catalog *cat, const tc_refdata *ref, const tc_policy_opts *opts,
		     tc_buf *out, char *err, size_t errlen)
{
	pol p = { .ref = ref };
	const tc_service **order;

	if (!out->max)
		out->max = POLICY_MAX_OUT;
	tc_render_init(&p.r, out, render_kind(opts ? opts->format : TC_POLICY_MD),
		       opts ? opts->lang : TC_LANG_DEFAULT);
	p.r.plain_headings = 1;
	order = tc_xcalloc(cat->nservices ? cat->nservices : 1, sizeof(*order));
	for (size_t i = 0; i < cat->nservices; i++)
		order[i] = &cat->services[i];
	qsort(order, cat->nservices, sizeof(*order), cmp_service_ptr);
	for (int group = 0; group < 2; group++) {
		size_t n = 0;

		for (size_t i = 0; i < cat->nservices; i++) {
			if ((order[i]->role == TC_ROLE_SUBPROCESSOR) == (group == 1))
				n++;
			if (group == 1)
				n += order[i]->nsubprocessors;
		}
		group_intro(&p, cat, opts, group, n);
		for (size_t i = 0; i < cat->nservices; i++)
			if ((order[i]->role == TC_ROLE_SUBPROCESSOR) == (group == 1))
				service_block(&p, order[i], group == 0);
		/* the vendors' sub-processors the catalogue knows */
		for (size_t i = 0; group == 1 && i < cat->nservices; i++)
			for (size_t k = 0; k < order[i]->nsubprocessors; k++)
				known_sub_block(&p, order[i], &order[i]->subprocessors[k]);
	}
	free(order);
	/* one newline at the end, never a blank line */
	while (!p.r.fail && out->len >= 2 && out->data[out->len - 1] == '\n' &&
	       out->data[out->len - 2] == '\n')
		out->data[--out->len] = '\0';
	if (p.r.fail) {
		tc_seterr(err, errlen, "the policy text is larger than %zu bytes", out->max);
		return -1;
	}
	return 0;
}

/* ==================================================================== */
/* The findings of policy --check                                         */
/* ==================================================================== */

int tc_policy_check_render(const tc_pcheck *pc, const char *source, enum tc_lang lang,
			   tc_buf *out)
{
	tc_render r;
	size_t notes = pc->n - pc->ndiscrepancies;

	tc_render_init(&r, out, TC_RENDER_TEXT, lang);
	for (size_t i = 0; i < pc->n; i++) {
		const tc_pcheck_finding *f = &pc->v[i];
		const char *msg = lang == TC_LANG_SV ? f->message_sv : f->message_en;

		tc_r_text_or_empty(&r, source);
		if (f->line)
			tc_r_rawf(&r, ":%d", f->line);
		tc_r_raw(&r, ": ");
		tc_r_text(&r, tc_label(lang, "severity", tc_pcheck_severity_name(f->severity)));
		tc_r_raw(&r, ": ");
		tc_r_text_or_empty(&r, msg);
		tc_r_raw(&r, "\n");
		if (f->snippet && *f->snippet) {
			tc_r_raw(&r, "    \"");
			tc_r_text(&r, f->snippet);
			tc_r_raw(&r, "\"\n");
		}
	}
	if (pc->ndiscrepancies == 0 && notes == 0) {
		tc_r_tr(&r, "policy.check_ok");
	} else {
		tc_r_rawf(&r, "%zu ", pc->ndiscrepancies);
		tc_r_tr(&r, pc->ndiscrepancies == 1 ? "policy.check_discrepancy"
						    : "policy.check_discrepancies");
		tc_r_rawf(&r, ", %zu ", notes);
		tc_r_tr(&r, notes == 1 ? "policy.check_note" : "policy.check_notes");
		tc_r_raw(&r, ".");
	}
	tc_r_raw(&r, "\n");
	return r.fail ? -1 : 0;
}
