/*
 * policy_check: check a published privacy policy against the catalogue, and read the
 * vocabulary that helps (catalog/reference/known-services.json). See
 * include/tiacheck/policy_check.h.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "tiacheck/embedded.h"
#include "tiacheck/i18n.h"
#include "tiacheck/policy_check.h"
#include "tiacheck/utf8.h"

#define POLICY_MAX_TEXT ((size_t)32 << 20)
#define VOCAB_MAX_FILE ((size_t)1 << 20)

static int has_category(const tc_service *s, const char *code)
{
	for (size_t i = 0; i < s->ncategories; i++)
		if (tc_streq(s->categories[i], code))
			return 1;
	return 0;
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

int tc_policy_vocab_find(const char *catalog_dir, tc_policy_vocab *v,
			 enum tc_vocab_source *src, char *err, size_t errlen)
{
	char *refdir = tc_path_join(catalog_dir ? catalog_dir : ".", "reference");
	char *vpath = tc_path_join(refdir, "known-services.json");
	int ret = 0;

	*src = TC_VOCAB_NONE;
	if (tc_policy_vocab_load(vpath, v, err, errlen) == 0)
		*src = TC_VOCAB_FILE;
	else if (access(vpath, F_OK) == 0)
		ret = -1;
	/* a catalogue made before the list existed: the one built in */
	for (const tc_embedded_file *e = tc_reference_files;
	     ret == 0 && *src == TC_VOCAB_NONE && e->name; e++)
		if (strcmp(e->name, "known-services.json") == 0 &&
		    tc_policy_vocab_parse(e->data, e->len, e->name, v, err, errlen) == 0)
			*src = TC_VOCAB_BUILTIN;
	free(vpath);
	free(refdir);
	return ret;
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
	size_t len;
	uint32_t cp;

	if (isupper((unsigned char)p[0]))
		return 1;
	if (!p[0])
		return 0;
	/* Latin-1 capitals À..Þ except × (U+00D7) */
	cp = tc_utf8_decode((const unsigned char *)p, strnlen(p, 4), &len);
	return cp >= 0xc0 && cp <= 0xde && cp != 0xd7;
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
/* The length of the HTML entity at p that stands for one ASCII character (*c), or 0. */
static size_t entity(const char *p, char *c)
{
	static const struct { const char *name; char c; } ents[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' },
		{ "&#39;", '\'' },
	};

	for (size_t i = 0; i < TC_ARRAY_LEN(ents); i++) {
		if (strncmp(p, ents[i].name, strlen(ents[i].name)) == 0) {
			*c = ents[i].c;
			return strlen(ents[i].name);
		}
	}
	return 0;
}

static void strip_markup(char *s, int *heading)
{
	char *w = s, *p = s, c;
	size_t n;

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
		if (*p == '\\' && p[1] && strchr("\\`*_[]<>#-+.|~=)", p[1]))
			p++;
		else if (*p == '&' && (n = entity(p, &c)) > 0) {
			/* the entities Markdown escaping writes: &amp; &lt; &gt; &quot; &#39; */
			*w++ = c;
			p += n - 1;
			continue;
		}
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

/* The message id's text in lang, formatted with the arguments (owned). */
static char *msgf(enum tc_lang lang, const char *id, ...)
{
	tc_buf b = TC_BUF_INIT;
	va_list ap;

	va_start(ap, id);
	tc_buf_vprintf(&b, tc_tr(lang, id), ap);
	va_end(ap);
	return tc_buf_detach(&b);
}

/* Both messages of f from id, with one string argument per language. */
static void set_messages(tc_pcheck_finding *f, const char *id, const char *arg_en,
			 const char *arg_sv)
{
	f->message_en = msgf(TC_LANG_EN, id, arg_en);
	f->message_sv = msgf(TC_LANG_SV, id, arg_sv);
}

/* The part of a line around [start, start+len) to quote: at most ~160 bytes. */
static char *snippet(const char *line, size_t start, size_t len)
{
	size_t n = strlen(line), a, b;
	tc_buf out = TC_BUF_INIT;

	if (n <= 160)
		return tc_xstrdup(line);
	a = start > 70 ? tc_utf8_start(line, n, start - 70) : 0;
	b = start + len + 70 < n ? tc_utf8_start(line, n, start + len + 70) : n;
	while (a > 0 && a < start && line[a - 1] != ' ')
		a++;
	a = a < n ? tc_utf8_start(line, n, a) : a;
	while (b < n && b > start + len && line[b] != ' ')
		b--;
	if (a > 0)
		tc_buf_adds(&out, "…");
	tc_buf_add(&out, line + a, b - a);
	if (b < n)
		tc_buf_adds(&out, "…");
	return tc_buf_detach(&out);
}

static char *service_title(const tc_service *s)
{
	const char *name = s->name ? s->name : s->id;

	if (s->legal_entity && *s->legal_entity && strcasecmp(s->legal_entity, name) != 0)
		return tc_xasprintf(strchr(name, '(') ? "%s – %s" : "%s (%s)", name, s->legal_entity);
	return tc_xstrdup(name);
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

		set_messages(f, "policy.chk_unknown", u.v[i].name, u.v[i].name);
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
static void countries_in(const checker *c, const char *text, tc_strset *out)
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
			tc_strset_add(out, code);
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

static char *names_of(const checker *c, const tc_strset *codes, enum tc_lang lang)
{
	tc_buf b = TC_BUF_INIT;

	for (size_t i = 0; i < codes->n; i++)
		tc_buf_printf(&b, "%s%s", i ? ", " : "", tc_refdata_country_name(c->ref, codes->v[i], lang));
	return tc_buf_detach(&b);
}

static void set_countries(tc_pcheck_finding *f, const tc_strset *codes)
{
	f->countries = tc_xcalloc(codes->n + 1, sizeof(char *));
	for (size_t i = 0; i < codes->n; i++)
		f->countries[i] = tc_xstrdup(codes->v[i]);
	f->ncountries = codes->n;
}

/* (c): where the policy says the data is, against where the catalogue says it goes. */
static void check_location(checker *c, const tc_service *s, int si, const pline *title)
{
	tc_strset outside = { 0 }, named = { 0 }, hidden = { 0 }, eea_only = { 0 }, extra = { 0 };
	const pline *loc_line = NULL;
	const char *loc = NULL;
	int eu = 0, eea = 0;

	tc_service_outside_countries(s, c->ref, &outside);
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
		if (!tc_strset_has(&named, outside.v[i]))
			tc_strset_add(&hidden, outside.v[i]);
	if (hidden.n) {
		const pline *at = loc_line ? loc_line : title;
		char *en = names_of(c, &hidden, TC_LANG_EN), *sv = names_of(c, &hidden, TC_LANG_SV);
		tc_pcheck_finding *f = add_finding(c, TC_PC_LOCATION, TC_PC_HIGH, s, svc_name(s), at->no,
						   at->text);

		set_countries(f, &hidden);
		if (eu) {
			const char *area = eea ? "policy.loc_eea" : "policy.loc_eu";

			f->message_en = msgf(TC_LANG_EN, "policy.chk_hidden_eu", svc_name(s),
					     tc_tr(TC_LANG_EN, area), en);
			f->message_sv = msgf(TC_LANG_SV, "policy.chk_hidden_eu", svc_name(s),
					     tc_tr(TC_LANG_SV, area), sv);
		} else {
			f->message_en = msgf(TC_LANG_EN, "policy.chk_hidden", svc_name(s), en);
			f->message_sv = msgf(TC_LANG_SV, "policy.chk_hidden", svc_name(s), sv);
		}
		free(en);
		free(sv);
	}
	if (loc && eu && !eea) {
		for (size_t i = 0; i < s->nlocations; i++)
			if (s->locations[i].country &&
			    tc_refdata_status(c->ref, s->locations[i].country) == TC_CS_EEA &&
			    !tc_strset_has(&named, s->locations[i].country))
				tc_strset_add(&eea_only, s->locations[i].country);
		if (eea_only.n) {
			char *en = names_of(c, &eea_only, TC_LANG_EN), *sv = names_of(c, &eea_only, TC_LANG_SV);
			tc_pcheck_finding *f = add_finding(c, TC_PC_LOCATION, TC_PC_MEDIUM, s, svc_name(s),
							   loc_line->no, loc_line->text);

			set_countries(f, &eea_only);
			f->message_en = msgf(TC_LANG_EN, "policy.chk_eea_not_eu", svc_name(s), en);
			f->message_sv = msgf(TC_LANG_SV, "policy.chk_eea_not_eu", svc_name(s), sv);
			free(en);
			free(sv);
		}
	}
	if (loc) {
		tc_strset in_loc = { 0 };

		countries_in(c, loc, &in_loc);
		for (size_t i = 0; i < in_loc.n; i++) {
			int have = tc_streq(in_loc.v[i], s->parent_country) ||
				   tc_streq(in_loc.v[i], s->entity_country);

			for (size_t k = 0; k < s->nlocations && !have; k++)
				have = tc_streq(s->locations[k].country, in_loc.v[i]);
			if (!have)
				tc_strset_add(&extra, in_loc.v[i]);
		}
		tc_strset_release(&in_loc);
		if (extra.n) {
			char *en = names_of(c, &extra, TC_LANG_EN), *sv = names_of(c, &extra, TC_LANG_SV);
			tc_pcheck_finding *f = add_finding(c, TC_PC_LOCATION, TC_PC_MEDIUM, s, svc_name(s),
							   loc_line->no, loc_line->text);

			set_countries(f, &extra);
			f->message_en = msgf(TC_LANG_EN, "policy.chk_extra_country", en, svc_name(s));
			f->message_sv = msgf(TC_LANG_SV, "policy.chk_extra_country", sv, svc_name(s));
			free(en);
			free(sv);
		}
	}
	/* a parent outside the EU/EEA that the entry does not name: a note */
	if (s->parent_name && s->parent_country && !tc_refdata_in_eea(c->ref, s->parent_country) &&
	    !tc_strset_has(&outside, s->parent_country) && !tc_strset_has(&named, s->parent_country)) {
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
			tc_strset one = { 0 };

			tc_strset_add(&one, s->parent_country);
			set_countries(f, &one);
			tc_strset_release(&one);
			f->message_en = msgf(TC_LANG_EN, "policy.chk_parent", svc_name(s),
					     s->parent_name, cen);
			f->message_sv = msgf(TC_LANG_SV, "policy.chk_parent", svc_name(s),
					     s->parent_name, csv);
		}
	}
	tc_strset_release(&outside);
	tc_strset_release(&named);
	tc_strset_release(&hidden);
	tc_strset_release(&eea_only);
	tc_strset_release(&extra);
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
/* Length of a category name of the reference data written at p (either language),
 * 0 when none: such a name may hold a separator ("Payment and invoicing data"). */
static size_t known_name_at(const checker *c, const char *p)
{
	size_t best = 0;

	for (size_t i = 0; i < c->ref->ncategories; i++) {
		const char *names[2] = { c->ref->categories[i].name_sv, c->ref->categories[i].name_en };

		for (int k = 0; k < 2; k++) {
			size_t n = names[k] ? strlen(names[k]) : 0;

			if (n > best && strncasecmp(p, names[k], n) == 0 &&
			    (!p[n] || strchr(",;. ", p[n])))
				best = n;
		}
	}
	return best;
}

static void split_labels(const char *value, tc_strset *codes, char ***unknown, size_t *nunknown,
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
		for (char *h = p + known_name_at(c, p); *h && !sep; h++) {
			depth += *h == '(' ? 1 : *h == ')' && depth > 0 ? -1 : 0;
			/* "Betalnings- och fakturauppgifter" is one name (a suspended hyphen) */
			for (size_t i = 0; depth == 0 && i < TC_ARRAY_LEN(seps) && !sep; i++)
				if (strncmp(h, seps[i], strlen(seps[i])) == 0 &&
				    !(h > p && h[-1] == '-' && seps[i][0] == ' ')) {
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
				tc_strset_add(codes, code);
			} else {
				push_str(unknown, nunknown, q);
			}
		}
		p = sep ? sep + skip : NULL;
	}
	free(copy);
}

/* (d): the categories the policy lists for a service, against the catalogue's. */
/* "The data categories of X differ from the catalogue: not in the policy: a, b; only
 * in the policy: c." in lang, appended to b. */
static void categories_message(const checker *c, const tc_service *s, enum tc_lang lang,
			       char **missing, size_t nmissing, char **extra, size_t nextra,
			       tc_buf *b)
{
	tc_buf_printf(b, tc_tr(lang, "policy.chk_categories"), svc_name(s));
	for (size_t i = 0; i < nmissing; i++) {
		if (i == 0)
			tc_buf_printf(b, " %s", tc_tr(lang, "policy.chk_cat_missing"));
		tc_buf_printf(b, "%s %s", i ? "," : "",
			      tc_refdata_category_name(c->ref, missing[i], lang));
	}
	for (size_t i = 0; i < nextra; i++) {
		int known = tc_refdata_category(c->ref, extra[i]) != NULL;

		if (i == 0)
			tc_buf_printf(b, "%s %s", nmissing ? ";" : "", tc_tr(lang, "policy.chk_cat_extra"));
		tc_buf_printf(b, "%s %s", i ? "," : "",
			      known ? tc_refdata_category_name(c->ref, extra[i], lang) : extra[i]);
	}
	tc_buf_adds(b, ".");
}

static void check_categories(checker *c, const tc_service *s, int si)
{
	const pline *at = NULL;
	const char *value = NULL;
	tc_strset codes = { 0 };
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
		if (!tc_strset_has(&codes, s->categories[i])) {
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

		categories_message(c, s, TC_LANG_EN, missing, nmissing, extra, nextra, &en);
		categories_message(c, s, TC_LANG_SV, missing, nmissing, extra, nextra, &sv);
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
	tc_strset_release(&codes);
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

			set_messages(f, "policy.chk_not_mentioned", who, who);
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
		tc_strset named = { 0 };
		int outside = 0;

		if (c->lines[i].block < 0)
			continue;
		countries_in(c, c->lines[i].text, &named);
		for (size_t k = 0; k < named.n && !outside; k++)
			outside = !tc_refdata_in_eea(c->ref, named.v[k]);
		tc_strset_release(&named);
		if (outside)
			return;
	}
	{
		char *snip = snippet(said->text, at, len);
		tc_pcheck_finding *f = add_finding(c, TC_PC_OUTSIDE_UNNAMED, TC_PC_MEDIUM, NULL, "", said->no,
						   snip);

		f->message_en = tc_xstrdup(tc_tr(TC_LANG_EN, "policy.chk_outside_unnamed"));
		f->message_sv = tc_xstrdup(tc_tr(TC_LANG_SV, "policy.chk_outside_unnamed"));
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
	if (!tc_utf8_is_valid(text, len) || memchr(text, '\0', len)) {
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
