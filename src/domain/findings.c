/* findings: see include/tiacheck/findings.h */
#include "tiacheck/findings.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tiacheck/diff.h"
#include "tiacheck/dpf.h"
#include "tiacheck/i18n.h"
#include "tiacheck/phrases.h"
#include "tiacheck/util.h"

#define EVIDENCE_MAX 300
#define LIST_NAMES_MAX 3

/*
 * Key terms: one row each, patterns are case-folded phrases separated by "|",
 * matched as whole words. Severity when a term appears / disappears.
 */
static const struct term {
	const char *id;            /* also the key of its name: findings.term.ID */
	enum tc_severity added, removed;
	const char *patterns;
} key_terms[] = {
	{ "scc", TC_SEV_MEDIUM, TC_SEV_HIGH,
	  "standard contractual clauses|standard data protection clauses|scc|sccs|"
	  "model clauses|standardavtalsklausuler|standardavtalsklausulerna|"
	  "standardavtalsklausul|standardvertragsklauseln|standarddatenschutzklauseln|"
	  "clauses contractuelles types" },
	{ "dpf", TC_SEV_MEDIUM, TC_SEV_HIGH,
	  "data privacy framework|dpf|dataskyddsramverket|datenschutzrahmen|"
	  "cadre de protection des données" },
	{ "bcr", TC_SEV_MEDIUM, TC_SEV_MEDIUM,
	  "binding corporate rules|bcr|bcrs|bindande företagsbestämmelser|"
	  "verbindliche interne datenschutzvorschriften|règles d'entreprise contraignantes" },
	{ "adequacy", TC_SEV_INFO, TC_SEV_MEDIUM,
	  "adequacy decision|adequacy decisions|adequate level of protection|"
	  "beslut om adekvat skyddsnivå|adekvat skyddsnivå|angemessenheitsbeschluss|"
	  "angemessenes schutzniveau|décision d'adéquation|niveau de protection adéquat" },
	{ "transfer", TC_SEV_MEDIUM, TC_SEV_INFO,
	  "transfer|transfers|transferred|international transfers|överföring|överföringar|överföringen|överföras|"
	  "överförs|übermittlung|übermittlungen|transfert|transferts" },
	{ "third_country", TC_SEV_MEDIUM, TC_SEV_INFO,
	  "third country|third countries|tredjeland|tredjeländer|tredje land|drittland|"
	  "drittländer|drittstaat|drittstaaten|pays tiers" },
	{ "subprocessor", TC_SEV_MEDIUM, TC_SEV_INFO,
	  "sub-processor|sub-processors|subprocessor|subprocessors|sub processor|"
	  "sub processors|underbiträde|underbiträden|underbiträdet|underbiträdena|"
	  "unterauftragsverarbeiter|sous-traitant ultérieur|sous-traitants ultérieurs" },
	{ "notice_period", TC_SEV_MEDIUM, TC_SEV_MEDIUM,
	  "notice period|prior notice|advance notice|days' notice|days notice|"
	  "uppsägningstid|varsel|förhandsbesked|kündigungsfrist|vorankündigung|préavis" },
	{ "art49", TC_SEV_MEDIUM, TC_SEV_INFO,
	  "article 49|art. 49|artikel 49|derogation|derogations|undantag i särskilda situationer" },
	{ "government_access", TC_SEV_MEDIUM, TC_SEV_INFO,
	  "cloud act|fisa|government access|government requests|law enforcement requests|"
	  "executive order 12333|myndigheters åtkomst|behörden" },
	{ "tia", TC_SEV_INFO, TC_SEV_MEDIUM,
	  "transfer impact assessment|transfer impact assessments|"
	  "konsekvensbedömning av överföring|transfer risk assessment" },
};

/* Mechanisms that no longer work; a new text naming one is a finding. */
static const struct stale {
	const char *id, *patterns;  /* id: also the key of its name, findings.stale.ID */
} stale_mechanisms[] = {
	{ "privacy_shield", "privacy shield|eu-us privacy shield|eu-u.s. privacy shield" },
	{ "safe_harbor", "safe harbor|safe harbour" },
	{ "old_scc", "2010/87/eu|2010/87|2001/497/ec|2001/497|2004/915/ec|2004/915" },
};

/* Words that introduce the page's version and date. */
static const char *const version_markers[] = { "version", "fassung", "ver." };
static const char *const date_markers[] = {
	"last updated", "last modified", "last revised", "last update", "updated on",
	"effective date", "effective as of", "effective from", "effective on", "effective",
	"date of last revision", "senast uppdaterad", "senast ändrad", "uppdaterad",
	"gäller från", "giltig från", "ikraftträdande", "zuletzt aktualisiert",
	"letzte aktualisierung", "gültig ab", "stand", "dernière mise à jour",
	"date d'entrée en vigueur", "en vigueur le", "mis à jour le",
};
static const struct { const char *name; int month; } month_names[] = {
	{ "january", 1 }, { "jan", 1 }, { "januari", 1 }, { "januar", 1 }, { "janvier", 1 },
	{ "february", 2 }, { "feb", 2 }, { "februari", 2 }, { "februar", 2 }, { "février", 2 },
	{ "march", 3 }, { "mar", 3 }, { "mars", 3 }, { "märz", 3 },
	{ "april", 4 }, { "apr", 4 }, { "avril", 4 },
	{ "may", 5 }, { "maj", 5 }, { "mai", 5 },
	{ "june", 6 }, { "jun", 6 }, { "juni", 6 }, { "juin", 6 },
	{ "july", 7 }, { "jul", 7 }, { "juli", 7 }, { "juillet", 7 },
	{ "august", 8 }, { "aug", 8 }, { "augusti", 8 }, { "août", 8 },
	{ "september", 9 }, { "sep", 9 }, { "sept", 9 }, { "septembre", 9 },
	{ "october", 10 }, { "oct", 10 }, { "oktober", 10 }, { "okt", 10 }, { "octobre", 10 },
	{ "november", 11 }, { "nov", 11 }, { "novembre", 11 },
	{ "december", 12 }, { "dec", 12 }, { "dezember", 12 }, { "dez", 12 }, { "décembre", 12 },
};

/*
 * Every marker and pattern above as one phrase set, built once per process, so that
 * a text is searched in one pass (tc_phrases_find) instead of once per phrase. The
 * searches below keep their meaning: a pattern must start and end a word, a marker
 * must start one, and a marker search that resumes after each occurrence it read
 * finds the same first match because no marker overlaps itself at a word start
 * (checked here: if one did, set stays NULL and each phrase is searched alone).
 */
enum ph_group { PH_VERSION, PH_DATE, PH_STALE, PH_TERM };

/* What a text is searched for: what the analysis will ask of it. */
enum ph_look { LOOK_STALE, LOOK_MARKERS, LOOK_ALL };

static struct phrase_table {
	tc_phrases *set;           /* everything (LOOK_ALL); NULL: search phrase by phrase */
	tc_phrases *markers;       /* the phrases before the terms (same ids) */
	tc_phrases *stale;         /* the stale mechanisms (ids less nvd) */
	size_t nvd, nmarkers;      /* version and date markers; and the stale ones too */
	char **str;                /* per phrase id: the phrase */
	size_t *len;
	enum ph_group *group;
	size_t *index;             /* its marker, stale mechanism or term */
	size_t n;
} ptab;
static pthread_once_t ptab_once = PTHREAD_ONCE_INIT;

static void ptab_add(const char *s, size_t n, enum ph_group g, size_t index, size_t *cap)
{
	if (n == 0)
		return;
	if (ptab.n == *cap) {
		*cap = *cap ? *cap * 2 : 128;
		ptab.str = tc_xrealloc(ptab.str, *cap * sizeof(char *));
		ptab.len = tc_xrealloc(ptab.len, *cap * sizeof(size_t));
		ptab.group = tc_xrealloc(ptab.group, *cap * sizeof(enum ph_group));
		ptab.index = tc_xrealloc(ptab.index, *cap * sizeof(size_t));
	}
	ptab.str[ptab.n] = tc_xstrndup(s, n);
	ptab.len[ptab.n] = n;
	ptab.group[ptab.n] = g;
	ptab.index[ptab.n] = index;
	ptab.n++;
}

/* Add the "|"-separated patterns of p. */
static void ptab_add_patterns(const char *p, enum ph_group g, size_t index, size_t *cap)
{
	while (*p) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);

		ptab_add(p, n, g, index, cap);
		p += n;
		if (*p == '|')
			p++;
	}
}

static void ptab_build(void)
{
	size_t cap = 0;
	int overlaps = 0;

	for (size_t i = 0; i < TC_ARRAY_LEN(version_markers); i++)
		ptab_add(version_markers[i], strlen(version_markers[i]), PH_VERSION, i, &cap);
	for (size_t i = 0; i < TC_ARRAY_LEN(date_markers); i++)
		ptab_add(date_markers[i], strlen(date_markers[i]), PH_DATE, i, &cap);
	ptab.nvd = ptab.n;
	for (size_t i = 0; i < TC_ARRAY_LEN(stale_mechanisms); i++)
		ptab_add_patterns(stale_mechanisms[i].patterns, PH_STALE, i, &cap);
	ptab.nmarkers = ptab.n;
	for (size_t i = 0; i < TC_ARRAY_LEN(key_terms); i++)
		ptab_add_patterns(key_terms[i].patterns, PH_TERM, i, &cap);
	for (size_t i = 0; i < ptab.n; i++)
		overlaps |= (ptab.group[i] == PH_VERSION || ptab.group[i] == PH_DATE) &&
			    tc_phrase_self_overlaps(ptab.str[i]);
	if (!overlaps)
		ptab.set = tc_phrases_new((const char *const *)ptab.str, ptab.n);
	if (ptab.set) {
		ptab.markers = tc_phrases_new((const char *const *)ptab.str, ptab.nmarkers);
		ptab.stale = tc_phrases_new((const char *const *)ptab.str + ptab.nvd,
					    ptab.nmarkers - ptab.nvd);
	}
	if (!ptab.markers || !ptab.stale) {
		tc_phrases_free(ptab.set);
		tc_phrases_free(ptab.markers);
		tc_phrases_free(ptab.stale);
		ptab.set = ptab.markers = ptab.stale = NULL;
	}
}

/* ---- analysis context ---- */

typedef struct text_info {
	const char *text;          /* original */
	char *fold;                /* case-folded copy, same offsets */
	size_t len;
	size_t *line_start;        /* offsets of line starts */
	size_t nlines;
	unsigned char *skip;       /* per line: a sub-processor table row */
	unsigned char *changed;    /* per line: added or changed in this version */
	tc_phrase_hit *hits;       /* the phrases of ptab in fold (when ptab.set) */
	size_t nhits;
	enum ph_look look;         /* which of them were looked for */
	long term_at[TC_ARRAY_LEN(key_terms)];          /* first whole-word occurrence of */
	long stale_at[TC_ARRAY_LEN(stale_mechanisms)];  /* each, -1 none (when ptab.set) */
} text_info;

typedef struct actx {
	const tc_findings_input *in;
	const tc_gazetteer *gz;
	tc_findings *out;
	size_t cap;
} actx;

static int word_byte(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch >= 0x80 ||
	       (ch >= 'A' && ch <= 'Z');
}

/* Does the occurrence of p (n bytes) at off of t's folded text end a word (and so
 * make a whole-word match when it starts one)? */
static int ends_word(const text_info *t, size_t off, const char *p, size_t n)
{
	return off + n >= t->len || !word_byte((unsigned char)t->fold[off + n]) ||
	       !word_byte((unsigned char)p[n - 1]);
}

/* Find the phrases of the marker and pattern tables that look names in t (one
 * pass), and the first whole-word occurrence of each term and stale mechanism among
 * them (a term not looked for stays -1). */
static void text_phrases(text_info *t, enum ph_look look)
{
	pthread_once(&ptab_once, ptab_build);
	t->look = look;
	if (!ptab.set)
		return;
	t->nhits = tc_phrases_find(look == LOOK_ALL ? ptab.set : look == LOOK_MARKERS ? ptab.markers
									: ptab.stale,
				   t->fold, t->len, &t->hits);
	for (size_t i = 0; look == LOOK_STALE && i < t->nhits; i++)
		t->hits[i].id += ptab.nvd;
	for (size_t i = 0; i < TC_ARRAY_LEN(key_terms); i++)
		t->term_at[i] = -1;
	for (size_t i = 0; i < TC_ARRAY_LEN(stale_mechanisms); i++)
		t->stale_at[i] = -1;
	for (size_t i = 0; i < t->nhits; i++) {
		size_t id = t->hits[i].id, k = ptab.index[id];
		long *at = ptab.group[id] == PH_TERM ? &t->term_at[k]
			   : ptab.group[id] == PH_STALE ? &t->stale_at[k] : NULL;

		if (at && *at < 0 && ends_word(t, t->hits[i].off, ptab.str[id], ptab.len[id]))
			*at = (long)t->hits[i].off;
	}
}

static void text_init(text_info *t, const char *text, enum ph_look look)
{
	size_t n = 0;

	memset(t, 0, sizeof(*t));
	t->text = text ? text : "";
	t->len = strlen(t->text);
	t->fold = tc_gz_fold_dup(t->text, t->len);
	/* a line starts after each newline that is not the last byte */
	for (const char *p = t->text, *end = t->text + t->len;
	     (p = memchr(p, '\n', (size_t)(end - p))) != NULL && p + 1 < end; p++)
		n++;
	t->line_start = tc_xmalloc((n + 2) * sizeof(size_t));
	t->line_start[t->nlines++] = 0;
	for (const char *p = t->text, *end = t->text + t->len;
	     (p = memchr(p, '\n', (size_t)(end - p))) != NULL && p + 1 < end; p++)
		t->line_start[t->nlines++] = (size_t)(p - t->text) + 1;
	t->skip = tc_xcalloc(t->nlines + 1, 1);
	t->changed = tc_xcalloc(t->nlines + 1, 1);
	text_phrases(t, look);
}

static void text_release(text_info *t)
{
	free(t->fold);
	free(t->line_start);
	free(t->skip);
	free(t->changed);
	free(t->hits);
}

/* 0-based line of byte offset off. */
static size_t line_of(const text_info *t, size_t off)
{
	size_t lo = 0, hi = t->nlines;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (t->line_start[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static size_t line_end(const text_info *t, size_t line)
{
	const char *nl = memchr(t->text + t->line_start[line], '\n',
				t->len - t->line_start[line]);

	return nl ? (size_t)(nl - t->text) : t->len;
}

/* Owned copy of at most EVIDENCE_MAX bytes of s[0..n), cut at a character. */
static char *clip(const char *s, size_t n)
{
	tc_buf b = TC_BUF_INIT;

	if (n > EVIDENCE_MAX) {
		n = EVIDENCE_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		tc_buf_add(&b, s, n);
		tc_buf_adds(&b, "…");
	} else {
		tc_buf_add(&b, s, n);
	}
	return tc_buf_detach(&b);
}

/* The sentence of the text around byte offset off (within its line). */
static char *sentence_at(const text_info *t, size_t off)
{
	size_t line = line_of(t, off);
	size_t ls = t->line_start[line], le = line_end(t, line);
	size_t s = ls, e = le;

	for (size_t i = off; i > ls + 1; i--)
		if ((t->text[i - 2] == '.' || t->text[i - 2] == '!' || t->text[i - 2] == '?') &&
		    t->text[i - 1] == ' ') {
			s = i;
			break;
		}
	for (size_t i = off; i + 1 < le; i++)
		if ((t->text[i] == '.' || t->text[i] == '!' || t->text[i] == '?') &&
		    t->text[i + 1] == ' ') {
			e = i + 1;
			break;
		}
	if (e - s > EVIDENCE_MAX && off > s + EVIDENCE_MAX / 2)
		s = off - EVIDENCE_MAX / 2;
	while (s < off && ((unsigned char)t->text[s] & 0xC0) == 0x80)
		s++;
	return clip(t->text + s, e - s);
}

/* ---- names and messages ---- */

static const char *cname(const actx *c, const char *code, enum tc_lang lang)
{
	const char *n = NULL;

	if (!tc_gazetteer_is_region(code) && tc_refdata_country(c->in->ref, code))
		n = tc_refdata_country_name(c->in->ref, code, lang);
	if (!n || strcmp(n, code) == 0)
		n = tc_gazetteer_name(c->gz, code, lang);
	return n ? n : code;
}

static enum tc_country_status status_of(const actx *c, const char *code)
{
	const tc_country *k = tc_refdata_country(c->in->ref, code);

	return k ? k->status : TC_CS_THIRD;
}

static const char *status_label(enum tc_country_status s, enum tc_lang lang)
{
	return tc_label(lang, "findings.status", tc_country_status_name(s));
}

/* A finding's message: the format findings.KEY in lang with its arguments. Owned. */
static char *say(enum tc_lang lang, const char *key, ...)
{
	char id[96];
	tc_buf b = TC_BUF_INIT;
	va_list ap;

	snprintf(id, sizeof(id), "findings.%s", key);
	va_start(ap, key);
	tc_buf_vprintf(&b, tc_tr(lang, id), ap);
	va_end(ap);
	return tc_buf_detach(&b);
}

/* "India, Ireland and the United States" (sv: "Indien, Irland och USA"). */
static char *names_list(const actx *c, char *const *codes, size_t n, enum tc_lang lang)
{
	tc_buf b = TC_BUF_INIT;

	if (n == 0)
		return tc_xstrdup(tc_tr(lang, "findings.no_location"));
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && i + 1 == n)
			tc_buf_printf(&b, " %s ", tc_tr(lang, "findings.and"));
		else if (i > 0)
			tc_buf_adds(&b, ", ");
		tc_buf_adds(&b, cname(c, codes[i], lang));
	}
	return tc_buf_detach(&b);
}

static int declared(const actx *c, const char *code)
{
	for (size_t i = 0; i < c->in->ndeclared; i++)
		if (c->in->declared[i] && strcmp(c->in->declared[i], code) == 0)
			return 1;
	return 0;
}

/* Does data there need a transfer tool? 2: third country (or worldwide), 1: partial
 * adequacy (covered only within its scope, e.g. DPF), 0: no. */
static int needs_tool(const actx *c, const char *code)
{
	enum tc_country_status s;

	if (tc_gazetteer_is_region(code))
		return (strcmp(code, "WORLD") == 0 || strcmp(code, "THIRD") == 0) ? 2 : 0;
	s = status_of(c, code);
	return s == TC_CS_THIRD ? 2 : s == TC_CS_ADEQUATE_PARTIAL ? 1 : 0;
}

static int is_doc(const actx *c, const char *kind)
{
	return c->in->doc_kind && strcmp(c->in->doc_kind, kind) == 0;
}

/* ---- building findings ---- */

static char **dup_codes(char *const *v, size_t n)
{
	char **d = tc_xcalloc(n + 1, sizeof(char *));

	for (size_t i = 0; i < n; i++)
		d[i] = tc_xstrdup(v[i]);
	return d;
}

/* Append a finding; takes ownership of evidence, en and sv. */
static tc_finding *add(actx *c, enum tc_finding_kind kind, enum tc_severity sev,
		       const char *subject, const char *country, char *evidence, char *en, char *sv)
{
	tc_finding *f;
	tc_buf key = TC_BUF_INIT;

	if (c->out->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->out->v = tc_xrealloc(c->out->v, c->cap * sizeof(*c->out->v));
	}
	f = &c->out->v[c->out->n++];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->severity = sev;
	f->subject = tc_xstrdup(subject);
	f->country = tc_xstrdup(country);
	f->evidence = evidence ? evidence : tc_xstrdup("");
	f->msg_en = en;
	f->msg_sv = sv;
	f->before = tc_xcalloc(1, sizeof(char *));
	f->after = tc_xcalloc(1, sizeof(char *));
	tc_buf_printf(&key, "%s:%s:%s", tc_finding_kind_name(kind), subject ? subject : "",
		      country ? country : "");
	f->key = tc_buf_detach(&key);
	return f;
}

static void set_lists(tc_finding *f, char *const *b, size_t nb, char *const *a, size_t na)
{
	free(f->before);
	free(f->after);
	f->before = dup_codes(b, nb);
	f->nbefore = nb;
	f->after = dup_codes(a, na);
	f->nafter = na;
}

/* Countries of a row: processing, else corporate. */
static void row_codes(const tc_subproc_row *r, char ***v, size_t *n)
{
	if (r->ncountries) {
		*v = r->countries;
		*n = r->ncountries;
	} else {
		*v = r->corp_countries;
		*n = r->ncorp;
	}
}

static void subprocessor_findings(actx *c, const tc_subproc_changes *ch)
{
	for (size_t i = 0; i < ch->n; i++) {
		const tc_subproc_change *x = &ch->v[i];
		char **after = x->after, **before = x->before;
		size_t nafter = x->nafter, nbefore = x->nbefore;
		enum tc_severity sev = TC_SEV_INFO;
		char *ln_en, *ln_sv, *lo_en, *lo_sv;
		tc_finding *f = NULL;
		int tool = 0, added_any = 0;

		if (x->kind == TC_SPC_ADDED && nafter == 0 && x->new_row)
			row_codes(x->new_row, &after, &nafter);
		if (x->kind == TC_SPC_REMOVED && nbefore == 0 && x->old_row)
			row_codes(x->old_row, &before, &nbefore);
		for (size_t k = 0; k < nafter; k++) {
			int is_new = 1;

			for (size_t j = 0; j < nbefore; j++)
				is_new &= strcmp(before[j], after[k]) != 0;
			if (is_new) {
				int t = needs_tool(c, after[k]);

				added_any = 1;
				tool = t > tool ? t : tool;
			}
		}
		ln_en = names_list(c, after, nafter, TC_LANG_EN);
		ln_sv = names_list(c, after, nafter, TC_LANG_SV);
		lo_en = names_list(c, before, nbefore, TC_LANG_EN);
		lo_sv = names_list(c, before, nbefore, TC_LANG_SV);
		switch (x->kind) {
		case TC_SPC_ADDED:
			sev = tool == 2 ? TC_SEV_HIGH : TC_SEV_MEDIUM;
			f = add(c, TC_FK_SUBPROCESSOR_ADDED, sev, x->entity, NULL,
				clip(x->new_row->raw, strlen(x->new_row->raw)),
				say(TC_LANG_EN, "subprocessor_added", x->entity, ln_en),
				say(TC_LANG_SV, "subprocessor_added", x->entity, ln_sv));
			break;
		case TC_SPC_REMOVED:
			f = add(c, TC_FK_SUBPROCESSOR_REMOVED, TC_SEV_INFO, x->entity, NULL,
				clip(x->old_row->raw, strlen(x->old_row->raw)),
				say(TC_LANG_EN, "subprocessor_removed", x->entity, lo_en),
				say(TC_LANG_SV, "subprocessor_removed", x->entity, lo_sv));
			break;
		case TC_SPC_LOCATION:
			sev = tool == 2 ? TC_SEV_HIGH : added_any ? TC_SEV_MEDIUM : TC_SEV_INFO;
			f = add(c, TC_FK_SUBPROCESSOR_LOCATION_CHANGED, sev, x->entity, NULL,
				clip(x->new_row->raw, strlen(x->new_row->raw)),
				say(TC_LANG_EN, "subprocessor_location_changed", x->entity, lo_en, ln_en),
				say(TC_LANG_SV, "subprocessor_location_changed", x->entity, lo_sv, ln_sv));
			break;
		case TC_SPC_REWORDED:
			f = add(c, TC_FK_SUBPROCESSOR_REWORDED, TC_SEV_INFO, x->entity, NULL,
				clip(x->new_row->raw, strlen(x->new_row->raw)),
				say(TC_LANG_EN, "subprocessor_reworded", x->entity, ln_en),
				say(TC_LANG_SV, "subprocessor_reworded", x->entity, ln_sv));
			break;
		}
		if (f) {
			/* key: kind, normalised entity; locations tell location changes apart */
			tc_buf k = TC_BUF_INIT;

			set_lists(f, before, nbefore, after, nafter);
			tc_buf_printf(&k, "%s:%s", tc_finding_kind_name(f->kind), x->key);
			for (size_t j = 0; x->kind == TC_SPC_LOCATION && j < nafter; j++)
				tc_buf_printf(&k, "%s%s", j ? "," : ":", after[j]);
			free(f->key);
			f->key = tc_buf_detach(&k);
		}
		free(ln_en);
		free(ln_sv);
		free(lo_en);
		free(lo_sv);
	}
}

/* ---- country mentions ---- */

typedef struct mention {
	const char *code;
	size_t off;                /* first mention (in a changed line when there is one) */
	int in_changed;
} mention;

/* ISO codes named in t outside sub-processor rows, first mention each. */
static size_t mentions(const actx *c, const text_info *t, mention **out)
{
	tc_gz_match *m;
	size_t nm = tc_gazetteer_scan_folded(c->gz, t->text, t->fold, t->len, TC_GZ_TEXT, &m);
	mention *v = tc_xcalloc(nm + 1, sizeof(*v));
	size_t n = 0;

	for (size_t i = 0; i < nm; i++) {
		size_t line = line_of(t, m[i].start), k;

		if (m[i].kind == TC_GZ_GROUP || t->skip[line])
			continue;
		for (k = 0; k < n && strcmp(v[k].code, m[i].code) != 0; k++)
			;
		if (k == n) {
			v[n].code = m[i].code;
			v[n].off = m[i].start;
			v[n].in_changed = t->changed[line];
			n++;
		} else if (!v[k].in_changed && t->changed[line]) {
			v[k].off = m[i].start;
			v[k].in_changed = 1;
		}
	}
	free(m);
	*out = v;
	return n;
}

static const mention *find_mention(const mention *v, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].code, code) == 0)
			return &v[i];
	return NULL;
}

static void country_findings(actx *c, const mention *mo, size_t no, const text_info *to,
			     const mention *mn, size_t nn, const text_info *tn)
{
	int strong = is_doc(c, "dpa") || is_doc(c, "privacy");

	for (size_t i = 0; i < nn; i++) {
		const char *code = mn[i].code;
		enum tc_country_status s = status_of(c, code);
		enum tc_severity sev = TC_SEV_INFO;

		if (find_mention(mo, no, code))
			continue;
		if (s == TC_CS_THIRD)
			sev = strong ? TC_SEV_HIGH : TC_SEV_MEDIUM;
		else if (s == TC_CS_ADEQUATE_PARTIAL)
			sev = TC_SEV_MEDIUM;
		add(c, TC_FK_COUNTRY_ADDED, sev, NULL, code, sentence_at(tn, mn[i].off),
		    say(TC_LANG_EN, "country_added", cname(c, code, TC_LANG_EN),
			status_label(s, TC_LANG_EN)),
		    say(TC_LANG_SV, "country_added", cname(c, code, TC_LANG_SV),
			status_label(s, TC_LANG_SV)));
	}
	for (size_t i = 0; i < no; i++) {
		const char *code = mo[i].code;

		if (find_mention(mn, nn, code))
			continue;
		add(c, TC_FK_COUNTRY_REMOVED, TC_SEV_INFO, NULL, code, sentence_at(to, mo[i].off),
		    say(TC_LANG_EN, "country_removed", cname(c, code, TC_LANG_EN)),
		    say(TC_LANG_SV, "country_removed", cname(c, code, TC_LANG_SV)));
	}
}

/* Sub-processor rows and changed sentences naming an undeclared country that needs a
 * transfer tool: one finding per country. */
static void undeclared_findings(actx *c, const tc_subproc_list *rows, const mention *mn,
				size_t nn, const text_info *tn, int whole_text)
{
	const char *done[64];
	size_t ndone = 0;

	for (size_t i = 0; i < rows->nrows; i++) {
		const tc_subproc_row *r = &rows->rows[i];
		char **codes;
		size_t ncodes;

		row_codes(r, &codes, &ncodes);
		for (size_t k = 0; k < ncodes; k++) {
			const char *code = codes[k];
			int seen = 0;
			int world = strcmp(code, "WORLD") == 0;

			if (!needs_tool(c, code) || declared(c, code) || strcmp(code, "THIRD") == 0)
				continue;
			for (size_t j = 0; j < ndone && !seen; j++)
				seen = strcmp(done[j], code) == 0;
			if (seen || ndone == TC_ARRAY_LEN(done))
				continue;
			done[ndone++] = code;
			if (world) {
				add(c, TC_FK_UNDECLARED_TRANSFER, TC_SEV_MEDIUM, r->entity, NULL,
				    clip(r->raw, strlen(r->raw)),
				    say(TC_LANG_EN, "undeclared_world", r->entity),
				    say(TC_LANG_SV, "undeclared_world", r->entity));
				free(c->out->v[c->out->n - 1].key);
				c->out->v[c->out->n - 1].key = tc_xstrdup("undeclared_transfer::WORLD");
				continue;
			}
			add(c, TC_FK_UNDECLARED_TRANSFER, TC_SEV_HIGH, r->entity, code,
			    clip(r->raw, strlen(r->raw)),
			    say(TC_LANG_EN, "undeclared_row", r->entity, cname(c, code, TC_LANG_EN),
				status_label(status_of(c, code), TC_LANG_EN)),
			    say(TC_LANG_SV, "undeclared_row", r->entity, cname(c, code, TC_LANG_SV),
				status_label(status_of(c, code), TC_LANG_SV)));
			free(c->out->v[c->out->n - 1].key);   /* one per country and document */
			c->out->v[c->out->n - 1].key = tc_xasprintf("undeclared_transfer::%s", code);
		}
	}
	for (size_t i = 0; i < nn; i++) {
		const char *code = mn[i].code;
		int seen = 0;

		if (!(whole_text || mn[i].in_changed) || !needs_tool(c, code) || declared(c, code))
			continue;
		for (size_t j = 0; j < ndone && !seen; j++)
			seen = strcmp(done[j], code) == 0;
		if (seen || ndone == TC_ARRAY_LEN(done))
			continue;
		done[ndone++] = code;
		add(c, TC_FK_UNDECLARED_TRANSFER, TC_SEV_HIGH, NULL, code, sentence_at(tn, mn[i].off),
		    say(TC_LANG_EN, "undeclared_text", cname(c, code, TC_LANG_EN),
			status_label(status_of(c, code), TC_LANG_EN)),
		    say(TC_LANG_SV, "undeclared_text", cname(c, code, TC_LANG_SV),
			status_label(status_of(c, code), TC_LANG_SV)));
	}
}

/* ---- terms ---- */


/* First whole-word occurrence of any "|"-separated pattern in t's folded text,
 * outside skipped lines when skip_rows; -1 when none. g and idx name the patterns
 * in ptab, whose hits give the answer when there is a phrase set. */
static long find_phrase(const text_info *t, const char *patterns, int skip_rows,
			enum ph_group g, size_t idx)
{
	long best = -1;
	const char *p = patterns;

	if (ptab.set && !skip_rows)
		return g == PH_TERM ? t->term_at[idx] : t->stale_at[idx];
	while (*p) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		const char *hay = t->fold;

		while (n && (hay = memmem(hay, t->len - (size_t)(hay - t->fold), p, n)) != NULL) {
			size_t off = (size_t)(hay - t->fold);
			int left = off == 0 || !word_byte((unsigned char)t->fold[off - 1]) ||
				   !word_byte((unsigned char)p[0]);
			int right = ends_word(t, off, p, n);

			if (left && right && !(skip_rows && t->skip[line_of(t, off)])) {
				if (best < 0 || (long)off < best)
					best = (long)off;
				break;
			}
			hay++;
		}
		p += n;
		if (*p == '|')
			p++;
	}
	return best;
}

static void term_findings(actx *c, const text_info *to, const text_info *tn)
{
	for (size_t i = 0; i < TC_ARRAY_LEN(key_terms); i++) {
		const struct term *k = &key_terms[i];
		long po = find_phrase(to, k->patterns, 0, PH_TERM, i);
		long pn = find_phrase(tn, k->patterns, 0, PH_TERM, i);

		if (po < 0 && pn >= 0)
			add(c, TC_FK_TERM_ADDED, k->added, k->id, NULL, sentence_at(tn, (size_t)pn),
			    say(TC_LANG_EN, "term_added", tc_label(TC_LANG_EN, "findings.term", k->id)),
			    say(TC_LANG_SV, "term_added", tc_label(TC_LANG_SV, "findings.term", k->id)));
		else if (po >= 0 && pn < 0)
			add(c, TC_FK_TERM_REMOVED, k->removed, k->id, NULL, sentence_at(to, (size_t)po),
			    say(TC_LANG_EN, "term_removed", tc_label(TC_LANG_EN, "findings.term", k->id)),
			    say(TC_LANG_SV, "term_removed", tc_label(TC_LANG_SV, "findings.term", k->id)));
	}
}

static void stale_findings(actx *c, const text_info *tn)
{
	for (size_t i = 0; i < TC_ARRAY_LEN(stale_mechanisms); i++) {
		const struct stale *s = &stale_mechanisms[i];
		long p = find_phrase(tn, s->patterns, 0, PH_STALE, i);

		if (p >= 0)
			add(c, TC_FK_STALE_MECHANISM, TC_SEV_MEDIUM, s->id, NULL,
			    sentence_at(tn, (size_t)p),
			    say(TC_LANG_EN, "stale_mechanism", tc_label(TC_LANG_EN, "findings.stale", s->id)),
			    say(TC_LANG_SV, "stale_mechanism",
				tc_label(TC_LANG_SV, "findings.stale", s->id)));
	}
}

/* ---- version and date ---- */

typedef struct page_version {
	char version[32];          /* "3.2" or "" */
	char date[16];             /* YYYY-MM-DD or "" */
	size_t voff, doff;         /* where they stand */
	int has_v, has_d;
} page_version;

static int is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

/* Parse a date at s (folded): ISO, "March 3, 2026", "3 March 2026", "3. März 2026",
 * "03.03.2026". Fills out (YYYY-MM-DD); 0 ok. */
static int parse_date(const char *s, char out[16])
{
	int y = 0, m = 0, d = 0;
	const char *p = s;

	while (*p == ' ' || *p == ':' || *p == '-')
		p++;
	if (is_digit(p[0]) && is_digit(p[1]) && is_digit(p[2]) && is_digit(p[3]) && p[4] == '-') {
		if (sscanf(p, "%4d-%2d-%2d", &y, &m, &d) != 3)
			return -1;
	} else if (is_digit(p[0])) {
		char *end;

		d = (int)strtol(p, &end, 10);
		p = end;
		if (*p == '.' && is_digit(p[1])) {            /* 03.03.2026 */
			m = (int)strtol(p + 1, &end, 10);
			if (*end != '.')
				return -1;
			y = (int)strtol(end + 1, &end, 10);
		} else {
			while (*p == '.' || *p == ' ' || (p[0] == 'e' && p[1] == 'r'))
				p += *p == 'e' ? 2 : 1;
			for (size_t i = 0; i < TC_ARRAY_LEN(month_names) && !m; i++) {
				size_t n = strlen(month_names[i].name);

				if (strncmp(p, month_names[i].name, n) == 0 && !word_byte((unsigned char)p[n]))
					m = month_names[i].month, p += n;
			}
			while (*p == ' ' || *p == ',' || *p == '.')
				p++;
			y = (int)strtol(p, &end, 10);
		}
	} else {
		char *end;

		for (size_t i = 0; i < TC_ARRAY_LEN(month_names) && !m; i++) {
			size_t n = strlen(month_names[i].name);

			if (strncmp(p, month_names[i].name, n) == 0 && !word_byte((unsigned char)p[n]))
				m = month_names[i].month, p += n;
		}
		while (*p == ' ' || *p == '.')
			p++;
		d = (int)strtol(p, &end, 10);
		p = end;
		while (*p == ',' || *p == ' ' || (p[0] == 's' && p[1] == 't') ||
		       (p[0] == 'n' && p[1] == 'd') || (p[0] == 'r' && p[1] == 'd') ||
		       (p[0] == 't' && p[1] == 'h'))
			p += (*p == ',' || *p == ' ') ? 1 : 2;
		y = (int)strtol(p, &end, 10);
	}
	if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
	return 0;
}

/* Version number after a marker at s: "3.2", "v3", "2026-01". 0 ok. */
static int parse_version(const char *s, char out[32])
{
	size_t n = 0;

	while (*s == ' ' || *s == ':' || *s == '#')
		s++;
	if (strncmp(s, "no.", 3) == 0 || strncmp(s, "nr", 2) == 0)
		s += s[1] == 'o' ? 3 : 2;
	while (*s == ' ' || *s == ':' || *s == '.')
		s++;
	if (*s == 'v' && is_digit(s[1]))
		s++;
	if (!is_digit(*s))
		return -1;
	while (n + 1 < 32 && (is_digit(s[n]) || ((s[n] == '.' || s[n] == '-') && is_digit(s[n + 1]))))
		n++;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

/* A version after the marker (n bytes) at off of t's folded text, which must start
 * a word: into out, 0; else -1. */
static int version_at(const text_info *t, size_t off, size_t n, char out[32])
{
	if (off > 0 && word_byte((unsigned char)t->fold[off - 1]))
		return -1;
	return parse_version(t->fold + off + n, out);
}

/* The same for a date ("Last updated: on 3 March 2026"). */
static int date_at(const text_info *t, size_t off, size_t n, char out[16])
{
	const char *q = t->fold + off + n;

	while (*q == ' ' || *q == ':')
		q++;
	if (strncmp(q, "on ", 3) == 0 || strncmp(q, "le ", 3) == 0 ||
	    strncmp(q, "am ", 3) == 0 || strncmp(q, "den ", 4) == 0)
		q += q[0] == 'd' ? 4 : 3;
	if (strncmp(q, "as of ", 6) == 0)
		q += 6;
	if (off > 0 && word_byte((unsigned char)t->fold[off - 1]))
		return -1;
	return parse_date(q, out);
}

/* First occurrence of marker m followed by a version (dates: a date), searching on
 * after each occurrence read; -1 when none. */
static long marker_at(const text_info *t, const char *m, int date, char *out)
{
	const char *p = t->fold;
	size_t n = strlen(m);

	while ((p = memmem(p, t->len - (size_t)(p - t->fold), m, n)) != NULL) {
		size_t off = (size_t)(p - t->fold);

		if ((date ? date_at(t, off, n, out) : version_at(t, off, n, out)) == 0)
			return (long)off;
		p += n;
	}
	return -1;
}

/* The same for every marker from t's phrase hits, in one pass: the first marker of
 * each table that has a match, at its first match. */
static void page_version_hits(const text_info *t, page_version *pv)
{
	size_t vbest = TC_ARRAY_LEN(version_markers), dbest = TC_ARRAY_LEN(date_markers);

	for (size_t i = 0; i < t->nhits; i++) {
		size_t id = t->hits[i].id, k = ptab.index[id], off = t->hits[i].off;
		char v[32], d[16];

		if (ptab.group[id] == PH_VERSION && k < vbest &&
		    version_at(t, off, ptab.len[id], v) == 0) {
			vbest = k;
			memcpy(pv->version, v, sizeof(v));
			pv->voff = off;
		} else if (ptab.group[id] == PH_DATE && k < dbest &&
			   date_at(t, off, ptab.len[id], d) == 0) {
			dbest = k;
			memcpy(pv->date, d, sizeof(d));
			pv->doff = off;
		}
	}
	pv->has_v = vbest < TC_ARRAY_LEN(version_markers);
	pv->has_d = dbest < TC_ARRAY_LEN(date_markers);
}

/* The first version and first date the page shows after their markers (the first
 * marker of each table that is followed by one). */
static void page_version_of(const text_info *t, page_version *pv)
{
	long off;

	memset(pv, 0, sizeof(*pv));
	if (ptab.set && t->look != LOOK_STALE) {
		page_version_hits(t, pv);
		return;
	}
	for (size_t i = 0; i < TC_ARRAY_LEN(version_markers) && !pv->has_v; i++)
		if ((off = marker_at(t, version_markers[i], 0, pv->version)) >= 0) {
			pv->has_v = 1;
			pv->voff = (size_t)off;
		}
	for (size_t i = 0; i < TC_ARRAY_LEN(date_markers) && !pv->has_d; i++)
		if ((off = marker_at(t, date_markers[i], 1, pv->date)) >= 0) {
			pv->has_d = 1;
			pv->doff = (size_t)off;
		}
}

/* Compare dotted numbers "3.10" > "3.2"; <0, 0, >0. */
static int version_cmp(const char *a, const char *b)
{
	while (*a || *b) {
		char *ea, *eb;
		long x = strtol(a, &ea, 10), y = strtol(b, &eb, 10);

		if (x != y)
			return x < y ? -1 : 1;
		if (ea == a && eb == b)
			return strcmp(a, b);
		a = *ea ? ea + 1 : ea;
		b = *eb ? eb + 1 : eb;
	}
	return 0;
}

static char *line_evidence(const text_info *t, size_t off)
{
	size_t line = line_of(t, off), s = t->line_start[line];

	return clip(t->text + s, line_end(t, line) - s);
}

static void version_findings(actx *c, const text_info *to, const text_info *tn, int has_old)
{
	page_version po, pn;
	enum tc_severity sev = is_doc(c, "dpa") ? TC_SEV_MEDIUM : TC_SEV_INFO;
	const char *rec = c->in->recorded_version;
	char shown[64] = "";

	if (!has_old && !(rec && *rec))
		return;         /* no version to compare the page's with */
	page_version_of(tn, &pn);
	if (has_old) {
		page_version_of(to, &po);
		if (pn.has_v && po.has_v && strcmp(pn.version, po.version) != 0) {
			add(c, TC_FK_DPA_VERSION_CHANGED, sev, pn.version, NULL,
			    line_evidence(tn, pn.voff),
			    say(TC_LANG_EN, "version_changed", po.version, pn.version),
			    say(TC_LANG_SV, "version_changed", po.version, pn.version));
			snprintf(shown, sizeof(shown), "%s", pn.version);
		} else if (pn.has_d && po.has_d && strcmp(pn.date, po.date) != 0) {
			add(c, TC_FK_DPA_VERSION_CHANGED, sev, pn.date, NULL, line_evidence(tn, pn.doff),
			    say(TC_LANG_EN, "date_changed", po.date, pn.date),
			    say(TC_LANG_SV, "date_changed", po.date, pn.date));
			snprintf(shown, sizeof(shown), "%s", pn.date);
		}
	}
	if (rec && *rec && !shown[0]) {
		char rdate[16], rver[32] = "";
		int rd = 0;
		const char *subject = NULL;
		size_t off = 0;

		for (const char *p = rec; *p && !rd; p++)
			rd = parse_date(p, rdate) == 0 && (p == rec || !is_digit(p[-1]));
		{
			tc_buf f = TC_BUF_INIT;
			const char *fr = tc_gz_fold(&f, rec, strlen(rec)), *v = strstr(fr, "version");

			if (parse_version(v ? v + 7 : fr, rver) < 0)
				rver[0] = '\0';
			tc_buf_release(&f);
		}
		if (rd && rver[0] && strncmp(rver, rdate, strlen(rver)) == 0)
			rver[0] = '\0';   /* the "version" was the date */
		if (pn.has_v && rver[0] && version_cmp(pn.version, rver) > 0) {
			subject = pn.version;
			off = pn.voff;
		} else if (pn.has_d && rd && strcmp(pn.date, rdate) > 0 && !(pn.has_v && rver[0])) {
			subject = pn.date;
			off = pn.doff;
		}
		if (subject)
			add(c, TC_FK_DPA_VERSION_CHANGED, sev, subject, NULL, line_evidence(tn, off),
			    say(TC_LANG_EN, "version_newer", subject, rec),
			    say(TC_LANG_SV, "version_newer", subject, rec));
	}
}

/* ---- the analysis ---- */

/* Mark the lines that sub-processor rows were read from (a block row spans
 * line..line_end) so that their places are not counted again as mentions. */
static void mark_rows(text_info *t, const tc_subproc_list *l)
{
	for (size_t i = 0; i < l->nrows; i++) {
		size_t first = l->rows[i].line, last = l->rows[i].line_end;

		if (last < first)
			last = first;
		for (size_t k = first; k >= 1 && k <= last && k <= t->nlines; k++)
			t->skip[k - 1] = 1;
	}
}

/* Mark the lines of the new text that are added or changed. The diff numbers the
 * non-empty lines; map those numbers back to lines of the text. */
static void mark_changed(text_info *tn, const tc_diff *d)
{
	size_t *nonempty = tc_xmalloc((tn->nlines + 1) * sizeof(size_t)), nn = 0;

	for (size_t l = 0; l < tn->nlines; l++) {
		size_t s = tn->line_start[l], e = line_end(tn, l);

		if (e > s && tn->text[e - 1] == '\r')
			e--;
		if (e > s)
			nonempty[nn++] = l;
	}
	for (size_t i = 0; i < d->nblocks; i++) {
		const tc_diff_block *b = &d->blocks[i];

		if ((b->op == TC_DIFF_ADD || b->op == TC_DIFF_CHANGE) && b->bline >= 1 &&
		    b->bline <= nn)
			tn->changed[nonempty[b->bline - 1]] = 1;
	}
	free(nonempty);
}

/* ---- a participant's page on the DPF List (doc_kind "dpf") ---- */

/* 1 when the service's subjects include an HR group, or are not known. */
static int hr_subjects(const actx *c)
{
	if (!c->in->subjects)
		return 1;
	for (size_t i = 0; i < c->in->nsubjects; i++) {
		const tc_code_entry *e = tc_refscope_subject(&c->in->ref->scope, c->in->subjects[i]);

		if (e && e->hr)
			return 1;
	}
	return 0;
}

/* The de-duplication key of a DPF finding: the transition and the certification
 * date the new page shows, so that a later lapse of a renewed certification is new. */
static void dpf_key(tc_finding *f, const char *from, const char *to, const tc_dpf_page *pn)
{
	free(f->key);
	f->key = tc_xasprintf("%s:%s>%s:%s", tc_finding_kind_name(f->kind), from, to,
			      pn->next_cert[0] ? pn->next_cert : "-");
}

/* The message of a status finding in lang. Owned. */
static char *dpf_status_msg(enum tc_lang lang, const char *who, const char *from,
			    const char *to, int first)
{
	const char *tail = tc_tr(lang, tc_streq(to, "active") ? "findings.dpf_now_covered"
				 : tc_streq(to, "unknown") ? "findings.dpf_unreadable"
							   : "findings.dpf_not_covered");

	if (first)
		return say(lang, "dpf_status_first", who, tc_label(lang, "flows.dpf_status", to), tail);
	return say(lang, "dpf_status_changed", who, tc_label(lang, "flows.dpf_status", from),
		   tc_label(lang, "flows.dpf_status", to), tail);
}

static void dpf_status_finding(actx *c, const tc_dpf_page *po, const tc_dpf_page *pn,
			       const char *who)
{
	const char *from = po ? tc_dpf_status_name(po->status) : "none";
	const char *to = tc_dpf_status_name(pn->status);
	enum tc_severity sev = tc_dpf_status_lapsed(pn->status) ? TC_SEV_HIGH : TC_SEV_MEDIUM;
	tc_finding *f;

	if (po ? po->status == pn->status : pn->status == TC_DPF_ACTIVE)
		return;
	f = add(c, TC_FK_DPF_STATUS_CHANGED, sev, who, "US", tc_xstrdup(pn->status_line),
		dpf_status_msg(TC_LANG_EN, who, from, to, !po),
		dpf_status_msg(TC_LANG_SV, who, from, to, !po));
	dpf_key(f, from, to, pn);
}

static void dpf_hr_finding(actx *c, const tc_dpf_page *po, const tc_dpf_page *pn, const char *who)
{
	const char *from = tc_dpf_hr_name(po->hr), *to = tc_dpf_hr_name(pn->hr);
	enum tc_severity sev = TC_SEV_MEDIUM;
	const char *tail = "findings.dpf_hr_unknown";
	tc_finding *f;

	if (po->hr == pn->hr)
		return;
	if (pn->hr == TC_DPF_HR_YES) {
		sev = TC_SEV_INFO;
		tail = "findings.dpf_hr_now";
	} else if (pn->hr == TC_DPF_HR_NO) {
		sev = hr_subjects(c) ? TC_SEV_HIGH : TC_SEV_MEDIUM;
		tail = hr_subjects(c) ? "findings.dpf_hr_lost" : "findings.dpf_hr_lost_none";
	}
	f = add(c, TC_FK_DPF_HR_CHANGED, sev, who, "US",
		tc_xstrdup(pn->hr_line),
		say(TC_LANG_EN, "dpf_hr_changed", who, tc_label(TC_LANG_EN, "flows.dpf_hr", from),
		    tc_label(TC_LANG_EN, "flows.dpf_hr", to), tc_tr(TC_LANG_EN, tail)),
		say(TC_LANG_SV, "dpf_hr_changed", who, tc_label(TC_LANG_SV, "flows.dpf_hr", from),
		    tc_label(TC_LANG_SV, "flows.dpf_hr", to), tc_tr(TC_LANG_SV, tail)));
	dpf_key(f, from, to, pn);
}

/* The findings of a DPF page: its status and HR coverage, old against new. */
static void dpf_findings(actx *c)
{
	tc_dpf_page po, pn;
	const char *who;

	tc_dpf_parse(c->in->new_text, &pn);
	if (c->in->old_text)
		tc_dpf_parse(c->in->old_text, &po);
	who = pn.name[0] ? pn.name : c->in->old_text && po.name[0] ? po.name : "-";
	dpf_status_finding(c, c->in->old_text ? &po : NULL, &pn, who);
	if (c->in->old_text)
		dpf_hr_finding(c, &po, &pn, who);
}

/* ---- ordering ---- */

/* Stable sort by severity (qsort is not stable: sort an index). */
static void sort_findings(tc_findings *f)
{
	size_t *idx = tc_xmalloc((f->n + 1) * sizeof(size_t));
	tc_finding *copy = tc_xmalloc((f->n + 1) * sizeof(tc_finding));
	size_t k = 0;

	for (int sev = TC_SEV_HIGH; sev >= TC_SEV_INFO; sev--)
		for (size_t i = 0; i < f->n; i++)
			if ((int)f->v[i].severity == sev)
				idx[k++] = i;
	for (size_t i = 0; i < f->n; i++)
		copy[i] = f->v[idx[i]];
	if (f->n)
		memcpy(f->v, copy, f->n * sizeof(tc_finding));
	free(copy);
	free(idx);
}

static const tc_gazetteer *default_gz;

const tc_gazetteer *tc_findings_default_gazetteer(char *err, size_t errlen)
{
	const char *env = getenv("TIACHECK_GAZETTEER"), *cat = getenv("TIACHECK_CATALOG");
	char *path;
	tc_gazetteer *g = NULL;

	if (default_gz)
		return default_gz;
	if (env && *env)
		path = tc_xstrdup(env);
	else if (cat && *cat)
		path = tc_path_join(cat, "reference/gazetteer.json");
	else
		path = tc_xstrdup("catalog/reference/gazetteer.json");
	if (tc_gazetteer_load(path, &g, err, errlen) == 0)
		default_gz = g;
	free(path);
	return default_gz;
}

int tc_findings_subprocessors(const tc_gazetteer *gz, const char *text, tc_subproc_list *out,
			      char *err, size_t errlen)
{
	if (!gz && !(gz = tc_findings_default_gazetteer(err, errlen))) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	return tc_subproc_parse(gz, text, out, err, errlen);
}

int tc_findings_analyse(const tc_findings_input *in, tc_findings *out, char *err, size_t errlen)
{
	tc_subproc_list lo = TC_SUBPROC_LIST_INIT, ln = TC_SUBPROC_LIST_INIT;
	tc_subproc_changes ch = TC_SUBPROC_CHANGES_INIT;
	tc_diff d = TC_DIFF_INIT;
	text_info to, tn;
	mention *mo = NULL, *mn = NULL;
	size_t no = 0, nn = 0;
	int has_old = in->old_text != NULL;
	actx c = { in, in->gz, out, 0 };
	int ret = -1;

	memset(out, 0, sizeof(*out));
	/* key terms are compared between versions, the page's version with the old one
	 * or the recorded one: a first snapshot without a recorded version needs neither */
	text_init(&to, in->old_text, has_old ? LOOK_ALL : LOOK_STALE);
	text_init(&tn, in->new_text, has_old ? LOOK_ALL
				     : in->recorded_version && *in->recorded_version ? LOOK_MARKERS
										: LOOK_STALE);
	if (!in->ref) {
		tc_seterr(err, errlen, "no reference data to classify countries with");
		goto out;
	}
	if (is_doc(&c, "dpf")) {
		/* a list entry, not terms: only what it says about the participation */
		dpf_findings(&c);
		sort_findings(out);
		ret = 0;
		goto out;
	}
	if (!c.gz && !(c.gz = tc_findings_default_gazetteer(err, errlen)))
		goto out;
	if (tc_subproc_parse_folded(c.gz, tn.text, tn.fold, &ln, err, errlen) < 0)
		goto out;
	mark_rows(&tn, &ln);
	if (has_old) {
		if (!in->diff && tc_diff_texts(to.text, tn.text, &d, err, errlen) < 0)
			goto out;
		if (tc_subproc_parse_folded(c.gz, to.text, to.fold, &lo, err, errlen) < 0)
			goto out;
		mark_rows(&to, &lo);
		mark_changed(&tn, in->diff ? in->diff : &d);
		tc_subproc_diff(&lo, &ln, &ch);
		subprocessor_findings(&c, &ch);
	}
	nn = mentions(&c, &tn, &mn);
	undeclared_findings(&c, &ln, mn, nn, &tn, !has_old);
	if (has_old) {
		no = mentions(&c, &to, &mo);
		country_findings(&c, mo, no, &to, mn, nn, &tn);
		term_findings(&c, &to, &tn);
	}
	version_findings(&c, &to, &tn, has_old);
	stale_findings(&c, &tn);
	sort_findings(out);
	ret = 0;
out:
	free(mo);
	free(mn);
	tc_diff_release(&d);
	tc_subproc_changes_release(&ch);
	tc_subproc_list_release(&lo);
	tc_subproc_list_release(&ln);
	text_release(&to);
	text_release(&tn);
	if (ret < 0)
		tc_findings_release(out);
	return ret;
}

void tc_findings_release(tc_findings *f)
{
	for (size_t i = 0; i < f->n; i++) {
		tc_finding *x = &f->v[i];

		free(x->subject);
		free(x->country);
		for (size_t k = 0; k < x->nbefore; k++)
			free(x->before[k]);
		for (size_t k = 0; k < x->nafter; k++)
			free(x->after[k]);
		free(x->before);
		free(x->after);
		free(x->evidence);
		free(x->msg_en);
		free(x->msg_sv);
		free(x->key);
	}
	free(f->v);
	memset(f, 0, sizeof(*f));
}

/* ---- output ---- */

const char *tc_finding_message(const tc_finding *f, enum tc_lang lang)
{
	const char *m = lang == TC_LANG_EN ? f->msg_en : f->msg_sv;

	return m ? m : "";
}

const char *tc_finding_kind_name(enum tc_finding_kind k)
{
	static const char *const names[] = {
		"unknown", "subprocessor_added", "subprocessor_removed",
		"subprocessor_location_changed", "subprocessor_reworded", "country_added",
		"country_removed", "term_added", "term_removed", "undeclared_transfer",
		"dpa_version_changed", "stale_mechanism", "dpf_status_changed", "dpf_hr_changed",
	};

	return (size_t)k < TC_ARRAY_LEN(names) ? names[k] : "unknown";
}

const char *tc_finding_severity_name(enum tc_severity s)
{
	switch (s) {
	case TC_SEV_HIGH: return "high";
	case TC_SEV_MEDIUM: return "medium";
	case TC_SEV_INFO: return "info";
	}
	return "info";
}

static cJSON *codes_json(char *const *v, size_t n)
{
	cJSON *a = cJSON_CreateArray();

	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(v[i]));
	return a;
}

cJSON *tc_finding_to_json(const tc_finding *f, const tc_refdata *ref)
{
	cJSON *o = cJSON_CreateObject(), *msg;

	(void)ref;   /* messages are composed at analysis time with the names of ref */
	cJSON_AddStringToObject(o, "kind", tc_finding_kind_name(f->kind));
	cJSON_AddStringToObject(o, "severity", tc_finding_severity_name(f->severity));
	cJSON_AddItemToObject(o, "subject", f->subject ? cJSON_CreateString(f->subject)
						       : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "country", f->country ? cJSON_CreateString(f->country)
						       : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "countries_before", codes_json(f->before, f->nbefore));
	cJSON_AddItemToObject(o, "countries_after", codes_json(f->after, f->nafter));
	cJSON_AddStringToObject(o, "evidence", f->evidence ? f->evidence : "");
	msg = cJSON_AddObjectToObject(o, "message");
	cJSON_AddStringToObject(msg, "en", f->msg_en ? f->msg_en : "");
	cJSON_AddStringToObject(msg, "sv", f->msg_sv ? f->msg_sv : "");
	return o;
}

cJSON *tc_findings_to_json(const tc_findings *f, const tc_refdata *ref)
{
	cJSON *a = cJSON_CreateArray();

	for (size_t i = 0; i < f->n; i++)
		cJSON_AddItemToArray(a, tc_finding_to_json(&f->v[i], ref));
	return a;
}
