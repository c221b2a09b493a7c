/* subproc: see include/tiacheck/subproc.h */
#include "tiacheck/subproc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tiacheck/util.h"

#define MAX_CELLS 32

enum col_role { COL_NONE = 0, COL_ENTITY, COL_PURPOSE, COL_LOCATION, COL_CORPORATE,
		COL_MECHANISM, COL_IGNORE };

/*
 * Header words and what the column holds. The first row whose words occur (as
 * whole words, case-folded, punctuation as spaces) in a header cell decides, so the
 * specific names come before the general ones: "entity country" is a corporate
 * location, "sub-processor location" a location, "service provider" an entity.
 */
static const struct { const char *words; enum col_role role; } column_synonyms[] = {
	/* corporate location: where the entity is, not where data is processed */
	{ "corporate location", COL_CORPORATE }, { "corporate country", COL_CORPORATE },
	{ "headquarters", COL_CORPORATE }, { "headquartered", COL_CORPORATE },
	{ "hq", COL_CORPORATE }, { "registered address", COL_CORPORATE },
	{ "registered office", COL_CORPORATE }, { "entity country", COL_CORPORATE },
	{ "entity location", COL_CORPORATE }, { "country of incorporation", COL_CORPORATE },
	{ "address", COL_CORPORATE }, { "säte", COL_CORPORATE },
	{ "huvudkontor", COL_CORPORATE }, { "adress", COL_CORPORATE },
	{ "registrerad adress", COL_CORPORATE }, { "sitz", COL_CORPORATE },
	{ "firmensitz", COL_CORPORATE }, { "anschrift", COL_CORPORATE },
	{ "adresse", COL_CORPORATE }, { "siège", COL_CORPORATE },
	{ "siège social", COL_CORPORATE },
	/* parent company and data categories: known columns we do not use */
	{ "parent", COL_IGNORE }, { "parent company", COL_IGNORE },
	{ "moderbolag", COL_IGNORE }, { "muttergesellschaft", COL_IGNORE },
	{ "société mère", COL_IGNORE }, { "data shared", COL_IGNORE },
	{ "categories of data", COL_IGNORE }, { "data categories", COL_IGNORE },
	{ "personal data", COL_IGNORE }, { "kategorier", COL_IGNORE },
	{ "products", COL_IGNORE }, { "website", COL_IGNORE }, { "contact", COL_IGNORE },
	/* transfer mechanism */
	{ "transfer mechanism", COL_MECHANISM }, { "transfer mechanisms", COL_MECHANISM },
	{ "safeguards", COL_MECHANISM }, { "safeguard", COL_MECHANISM },
	{ "legal basis", COL_MECHANISM }, { "transfer basis", COL_MECHANISM },
	{ "mechanism", COL_MECHANISM }, { "transfer tool", COL_MECHANISM },
	{ "överföringsmekanism", COL_MECHANISM }, { "skyddsåtgärder", COL_MECHANISM },
	{ "skyddsåtgärd", COL_MECHANISM }, { "rättslig grund", COL_MECHANISM },
	{ "garantier", COL_MECHANISM }, { "übermittlungsmechanismus", COL_MECHANISM },
	{ "garantien", COL_MECHANISM }, { "rechtsgrundlage", COL_MECHANISM },
	{ "garanties", COL_MECHANISM }, { "mécanisme de transfert", COL_MECHANISM },
	/* processing location */
	{ "country of processing", COL_LOCATION }, { "countries of processing", COL_LOCATION },
	{ "processing location", COL_LOCATION }, { "processing locations", COL_LOCATION },
	{ "location of processing", COL_LOCATION }, { "processing country", COL_LOCATION },
	{ "processing countries", COL_LOCATION }, { "data location", COL_LOCATION },
	{ "data center location", COL_LOCATION }, { "hosting location", COL_LOCATION },
	{ "location", COL_LOCATION }, { "locations", COL_LOCATION },
	{ "country", COL_LOCATION }, { "countries", COL_LOCATION }, { "region", COL_LOCATION },
	{ "regions", COL_LOCATION }, { "where", COL_LOCATION },
	{ "plats", COL_LOCATION }, { "land", COL_LOCATION }, { "länder", COL_LOCATION },
	{ "behandlingsplats", COL_LOCATION }, { "lagringsplats", COL_LOCATION },
	{ "plats för behandling", COL_LOCATION }, { "standort", COL_LOCATION },
	{ "ort der verarbeitung", COL_LOCATION }, { "verarbeitungsort", COL_LOCATION },
	{ "lieu", COL_LOCATION }, { "pays", COL_LOCATION }, { "localisation", COL_LOCATION },
	{ "lieu de traitement", COL_LOCATION },
	/* the entity */
	{ "sub processor", COL_ENTITY }, { "sub processors", COL_ENTITY },
	{ "subprocessor", COL_ENTITY }, { "subprocessors", COL_ENTITY },
	{ "entity", COL_ENTITY }, { "legal entity", COL_ENTITY }, { "name", COL_ENTITY },
	{ "company", COL_ENTITY }, { "vendor", COL_ENTITY }, { "provider", COL_ENTITY },
	{ "supplier", COL_ENTITY }, { "third party", COL_ENTITY },
	{ "underbiträde", COL_ENTITY }, { "underbiträden", COL_ENTITY },
	{ "leverantör", COL_ENTITY }, { "leverantörer", COL_ENTITY },
	{ "företag", COL_ENTITY }, { "bolag", COL_ENTITY }, { "namn", COL_ENTITY },
	{ "unterauftragsverarbeiter", COL_ENTITY }, { "unterauftragnehmer", COL_ENTITY },
	{ "anbieter", COL_ENTITY }, { "dienstleister", COL_ENTITY }, { "firma", COL_ENTITY },
	{ "sous traitant", COL_ENTITY }, { "sous traitants", COL_ENTITY },
	{ "sous traitant ultérieur", COL_ENTITY }, { "prestataire", COL_ENTITY },
	{ "nom", COL_ENTITY }, { "société", COL_ENTITY }, { "entité", COL_ENTITY },
	/* purpose */
	{ "purpose", COL_PURPOSE }, { "purposes", COL_PURPOSE }, { "activity", COL_PURPOSE },
	{ "activities", COL_PURPOSE }, { "service", COL_PURPOSE }, { "services", COL_PURPOSE },
	{ "function", COL_PURPOSE }, { "description", COL_PURPOSE },
	{ "nature of processing", COL_PURPOSE }, { "processing activities", COL_PURPOSE },
	{ "ändamål", COL_PURPOSE }, { "syfte", COL_PURPOSE }, { "tjänst", COL_PURPOSE },
	{ "tjänster", COL_PURPOSE }, { "beskrivning", COL_PURPOSE },
	{ "aktivitet", COL_PURPOSE }, { "behandling", COL_PURPOSE }, { "zweck", COL_PURPOSE },
	{ "leistung", COL_PURPOSE }, { "dienst", COL_PURPOSE }, { "tätigkeit", COL_PURPOSE },
	{ "finalité", COL_PURPOSE }, { "objet", COL_PURPOSE }, { "activité", COL_PURPOSE },
};

/* Legal forms dropped from the end of an entity name for matching. */
static const char *const legal_forms[] = {
	"inc", "incorporated", "ltd", "limited", "llc", "gmbh", "ag", "ab", "publ", "oy",
	"oyj", "as", "asa", "aps", "bv", "nv", "sa", "sas", "sarl", "srl", "spa", "plc",
	"pty", "pte", "kk", "co", "corp", "corporation", "company", "lp", "llp", "se", "kg",
	"ug", "sl", "sro", "ltda", "uc", "dac", "pvt", "private", "unlimited", "the",
};

/* ---- text helpers ---- */

static int is_sep_line(const char *s, size_t n)
{
	int dashes = 0;

	if (n < 3 || s[0] != '|')
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '-')
			dashes++;
		else if (s[i] != '|' && s[i] != ' ' && s[i] != ':')
			return 0;
	}
	return dashes >= 3;
}

static int is_row_line(const char *s, size_t n)
{
	return n >= 2 && s[0] == '|' && s[n - 1] == '|';
}

/* tc_trim may return a pointer into the middle of its allocation; keep the
 * allocations to free them. */
typedef struct cellset {
	char *raw[MAX_CELLS];     /* allocations */
	char *v[MAX_CELLS];       /* trimmed copies */
	size_t n;
} cellset;

static void cells_split(cellset *c, const char *s, size_t n)
{
	size_t i = 1;
	tc_buf cur = TC_BUF_INIT;

	c->n = 0;
	while (i < n && c->n < MAX_CELLS) {
		if (s[i] == '\\' && i + 1 < n && s[i + 1] == '|') {
			tc_buf_addc(&cur, '|');
			i += 2;
			continue;
		}
		if (s[i] == '|') {
			c->raw[c->n] = tc_buf_detach(&cur);
			c->v[c->n] = tc_trim(c->raw[c->n]);
			c->n++;
			i++;
			continue;
		}
		tc_buf_addc(&cur, s[i]);
		i++;
	}
	tc_buf_release(&cur);
}

static void cells_free(cellset *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->raw[i]);
	c->n = 0;
}

static char *trim_dup(const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return tc_xstrndup(s, n);
}

/* Owned, trimmed text without Markdown links and images: "[x](u)" -> "x",
 * "![a](u)" -> "". */
static char *clean_cell(const char *s)
{
	tc_buf b = TC_BUF_INIT;
	char *t, *r;

	while (*s) {
		int img = s[0] == '!' && s[1] == '[';
		const char *open = s + img;

		if (*open == '[') {
			const char *close = strchr(open, ']');

			if (close && close[1] == '(' && strchr(close, ')')) {
				if (!img)
					tc_buf_add(&b, open + 1, (size_t)(close - open - 1));
				s = strchr(close, ')') + 1;
				continue;
			}
		}
		tc_buf_addc(&b, *s++);
	}
	t = tc_buf_detach(&b);
	r = trim_dup(t);
	free(t);
	return r;
}

/* Words of s, case-folded, punctuation as single spaces, with spaces around. */
static char *header_words(const char *s)
{
	tc_buf f = TC_BUF_INIT, out = TC_BUF_INIT;
	const char *p = tc_gz_fold(&f, s, strlen(s));
	int space = 1;

	tc_buf_addc(&out, ' ');
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
			tc_buf_addc(&out, (char)c);
			space = 0;
		} else if (!space) {
			tc_buf_addc(&out, ' ');
			space = 1;
		}
	}
	if (!space)
		tc_buf_addc(&out, ' ');
	tc_buf_release(&f);
	return tc_buf_detach(&out);
}

static enum col_role header_role(const char *cell)
{
	char *w = header_words(cell);
	enum col_role role = COL_NONE;
	char pat[96];

	for (size_t i = 0; i < TC_ARRAY_LEN(column_synonyms) && role == COL_NONE; i++) {
		snprintf(pat, sizeof(pat), " %s ", column_synonyms[i].words);
		if (strstr(w, pat))
			role = column_synonyms[i].role;
	}
	free(w);
	return role;
}

char *tc_subproc_entity_key(const char *s)
{
	tc_buf b = TC_BUF_INIT;
	char *noparen, *words, *tok[64];
	size_t nt = 0;
	int depth = 0;

	/* drop links and parenthesised parts */
	noparen = clean_cell(s);
	for (const char *p = noparen; *p; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')' && depth > 0)
			depth--;
		else if (depth == 0)
			tc_buf_addc(&b, *p);
	}
	free(noparen);
	words = header_words(tc_buf_str(&b));
	tc_buf_reset(&b);
	for (char *save = NULL, *t = strtok_r(words, " ", &save); t && nt < TC_ARRAY_LEN(tok);
	     t = strtok_r(NULL, " ", &save))
		tok[nt++] = t;
	while (nt > 1) {
		const char *last = tok[nt - 1];
		int legal = strlen(last) == 1;

		for (size_t i = 0; !legal && i < TC_ARRAY_LEN(legal_forms); i++)
			legal = strcmp(last, legal_forms[i]) == 0;
		if (!legal)
			break;
		nt--;
	}
	if (nt > 1 && strcmp(tok[0], "the") == 0) {
		memmove(tok, tok + 1, (nt - 1) * sizeof(char *));
		nt--;
	}
	for (size_t i = 0; i < nt; i++) {
		if (i)
			tc_buf_addc(&b, ' ');
		tc_buf_adds(&b, tok[i]);
	}
	free(words);
	return tc_buf_detach(&b);
}

/* ---- parsing ---- */

static void add_country(char ***v, size_t *n, const char *code)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i], code) == 0)
			return;
	*v = tc_xrealloc(*v, (*n + 1) * sizeof(char *));
	(*v)[(*n)++] = tc_xstrdup(code);
}

/* Countries of one cell (see the header for the cell/prose choice). */
static void cell_countries(const tc_gazetteer *gz, const char *cell, char ***v, size_t *n)
{
	tc_gz_match *m;
	enum tc_gz_mode mode = strpbrk(cell, "0123456789") ? TC_GZ_TEXT : TC_GZ_CELL;
	size_t nm = tc_gazetteer_scan(gz, cell, strlen(cell), mode, &m);

	for (size_t i = 0; i < nm; i++)
		add_country(v, n, m[i].code);
	free(m);
}

static void join(char **dst, const char *s)
{
	if (!*s)
		return;
	if (!*dst) {
		*dst = tc_xstrdup(s);
	} else {
		char *t = tc_xasprintf("%s; %s", *dst, s);

		free(*dst);
		*dst = t;
	}
}

static void row_release(tc_subproc_row *r)
{
	free(r->entity);
	free(r->key);
	free(r->purpose);
	free(r->location);
	for (size_t i = 0; i < r->ncountries; i++)
		free(r->countries[i]);
	free(r->countries);
	free(r->corporate);
	for (size_t i = 0; i < r->ncorp; i++)
		free(r->corp_countries[i]);
	free(r->corp_countries);
	free(r->mechanism);
	free(r->raw);
}

void tc_subproc_list_release(tc_subproc_list *l)
{
	for (size_t i = 0; i < l->nrows; i++)
		row_release(&l->rows[i]);
	free(l->rows);
	memset(l, 0, sizeof(*l));
}

/* Case-insensitive equality of a data row with the header (a repeated header). */
static int same_as_header(const cellset *row, const cellset *hdr)
{
	if (row->n != hdr->n)
		return 0;
	for (size_t i = 0; i < row->n; i++)
		if (strcasecmp(row->v[i], hdr->v[i]) != 0)
			return 0;
	return 1;
}

typedef struct line {
	const char *s;
	size_t n;
} line;

/* Parse the rows of one table whose header is lines[h] (separator at h + 1). */
static void parse_table(const tc_gazetteer *gz, const line *lines, size_t nlines, size_t h,
			tc_subproc_list *out, size_t *cap)
{
	cellset hdr, row;
	enum col_role role[MAX_CELLS];
	int have_entity = 0, have_other = 0, entity_col = -1;

	cells_split(&hdr, lines[h].s, lines[h].n);
	for (size_t c = 0; c < hdr.n; c++) {
		role[c] = header_role(hdr.v[c]);
		if (role[c] == COL_ENTITY) {
			if (entity_col < 0)
				entity_col = (int)c;
			else
				role[c] = COL_PURPOSE;   /* a second name-like column describes */
			have_entity = 1;
		}
		if (role[c] == COL_PURPOSE || role[c] == COL_LOCATION)
			have_other = 1;
	}
	if (!have_entity || !have_other) {
		cells_free(&hdr);
		return;
	}
	for (size_t i = h + 2; i < nlines && is_row_line(lines[i].s, lines[i].n) &&
			       !is_sep_line(lines[i].s, lines[i].n); i++) {
		tc_subproc_row r;
		char *entity;

		if (i + 1 < nlines && is_sep_line(lines[i + 1].s, lines[i + 1].n))
			break;                    /* the header of the next table */
		cells_split(&row, lines[i].s, lines[i].n);
		if (same_as_header(&row, &hdr) || (size_t)entity_col >= row.n) {
			cells_free(&row);
			continue;
		}
		entity = clean_cell(row.v[entity_col]);
		if (!*entity) {
			free(entity);
			cells_free(&row);
			continue;
		}
		memset(&r, 0, sizeof(r));
		r.entity = entity;
		r.key = tc_subproc_entity_key(entity);
		for (size_t c = 0; c < row.n && c < hdr.n; c++) {
			char *v;

			if (role[c] == COL_ENTITY || role[c] == COL_NONE || role[c] == COL_IGNORE)
				continue;
			v = clean_cell(row.v[c]);
			switch (role[c]) {
			case COL_PURPOSE:
				join(&r.purpose, v);
				break;
			case COL_LOCATION:
				join(&r.location, v);
				cell_countries(gz, v, &r.countries, &r.ncountries);
				break;
			case COL_CORPORATE:
				join(&r.corporate, v);
				cell_countries(gz, v, &r.corp_countries, &r.ncorp);
				break;
			case COL_MECHANISM:
				join(&r.mechanism, v);
				break;
			default:
				break;
			}
			free(v);
		}
		r.raw = tc_xstrndup(lines[i].s, lines[i].n);
		r.line = i + 1;
		r.table = out->ntables;
		if (out->nrows == *cap) {
			*cap = *cap ? *cap * 2 : 32;
			out->rows = tc_xrealloc(out->rows, *cap * sizeof(*out->rows));
		}
		out->rows[out->nrows++] = r;
		cells_free(&row);
	}
	out->ntables++;
	cells_free(&hdr);
}

int tc_subproc_parse(const tc_gazetteer *gz, const char *text, tc_subproc_list *out,
		     char *err, size_t errlen)
{
	line *lines = NULL;
	size_t nlines = 0, lcap = 0, cap = 0;

	memset(out, 0, sizeof(*out));
	if (!gz) {
		tc_seterr(err, errlen, "no gazetteer to read sub-processor locations with");
		return -1;
	}
	/* every line, including empty ones, so that line numbers are the text's */
	for (const char *t = text; t && *t;) {
		const char *e = strchr(t, '\n');
		size_t n = e ? (size_t)(e - t) : strlen(t);

		if (n && t[n - 1] == '\r')
			n--;
		if (nlines == lcap) {
			lcap = lcap ? lcap * 2 : 256;
			lines = tc_xrealloc(lines, lcap * sizeof(*lines));
		}
		lines[nlines].s = t;
		lines[nlines].n = n;
		nlines++;
		if (!e)
			break;
		t = e + 1;
	}
	for (size_t i = 0; i + 1 < nlines; i++)
		if (is_row_line(lines[i].s, lines[i].n) && !is_sep_line(lines[i].s, lines[i].n) &&
		    is_sep_line(lines[i + 1].s, lines[i + 1].n))
			parse_table(gz, lines, nlines, i, out, &cap);
	free(lines);
	return 0;
}

/* ---- comparing two lists ---- */

typedef struct entity_sum {
	const char *key;
	const tc_subproc_row *first;
	char **countries;          /* borrowed from the rows */
	size_t ncountries;
	size_t *rows;              /* indices of its rows */
	size_t nrows;
} entity_sum;

static size_t summarise(const tc_subproc_list *l, entity_sum **out)
{
	entity_sum *v = tc_xcalloc(l->nrows + 1, sizeof(*v));
	size_t n = 0;

	for (size_t i = 0; i < l->nrows; i++) {
		const tc_subproc_row *r = &l->rows[i];
		entity_sum *e = NULL;

		for (size_t k = 0; k < n && !e; k++)
			if (strcmp(v[k].key, r->key) == 0)
				e = &v[k];
		if (!e) {
			e = &v[n++];
			e->key = r->key;
			e->first = r;
		}
		e->rows = tc_xrealloc(e->rows, (e->nrows + 1) * sizeof(size_t));
		e->rows[e->nrows++] = i;
		for (size_t c = 0; c < r->ncountries; c++) {
			int dup = 0;

			for (size_t k = 0; k < e->ncountries && !dup; k++)
				dup = strcmp(e->countries[k], r->countries[c]) == 0;
			if (!dup) {
				e->countries = tc_xrealloc(e->countries,
							   (e->ncountries + 1) * sizeof(char *));
				e->countries[e->ncountries++] = r->countries[c];
			}
		}
	}
	*out = v;
	return n;
}

static void sums_free(entity_sum *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].countries);
		free(v[i].rows);
	}
	free(v);
}

static int has(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

static int same_set(char *const *a, size_t na, char *const *b, size_t nb)
{
	for (size_t i = 0; i < na; i++)
		if (!has(b, nb, a[i]))
			return 0;
	for (size_t i = 0; i < nb; i++)
		if (!has(a, na, b[i]))
			return 0;
	return 1;
}

/* Do the two entities' rows read the same (as sets of row lines)? */
static int same_rows(const tc_subproc_list *la, const entity_sum *a, const tc_subproc_list *lb,
		     const entity_sum *b)
{
	if (a->nrows != b->nrows)
		return 0;
	for (size_t i = 0; i < a->nrows; i++) {
		int found = 0;

		for (size_t k = 0; k < b->nrows && !found; k++)
			found = strcmp(la->rows[a->rows[i]].raw, lb->rows[b->rows[k]].raw) == 0;
		if (!found)
			return 0;
	}
	return 1;
}

static char **dup_list(char *const *v, size_t n)
{
	char **d = tc_xcalloc(n + 1, sizeof(char *));

	for (size_t i = 0; i < n; i++)
		d[i] = tc_xstrdup(v[i]);
	return d;
}

static void push(tc_subproc_changes *out, const tc_subproc_change *c)
{
	out->v = tc_xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
	out->v[out->n++] = *c;
}

void tc_subproc_diff(const tc_subproc_list *old, const tc_subproc_list *new_list,
		     tc_subproc_changes *out)
{
	entity_sum *so, *sn;
	size_t no = summarise(old, &so), nn = summarise(new_list, &sn);

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < nn; i++) {
		const entity_sum *e = &sn[i], *o = NULL;
		tc_subproc_change c;

		for (size_t k = 0; k < no && !o; k++)
			if (strcmp(so[k].key, e->key) == 0)
				o = &so[k];
		memset(&c, 0, sizeof(c));
		c.entity = e->first->entity;
		c.key = e->key;
		c.new_row = e->first;
		c.after = dup_list(e->countries, e->ncountries);
		c.nafter = e->ncountries;
		if (!o) {
			c.kind = TC_SPC_ADDED;
		} else {
			c.old_row = o->first;
			c.before = dup_list(o->countries, o->ncountries);
			c.nbefore = o->ncountries;
			if (!same_set(o->countries, o->ncountries, e->countries, e->ncountries)) {
				c.kind = TC_SPC_LOCATION;
				/* show the row that brings the first new country */
				for (size_t r = 0; r < e->nrows; r++) {
					const tc_subproc_row *row = &new_list->rows[e->rows[r]];
					int adds = 0;

					for (size_t k = 0; k < row->ncountries && !adds; k++)
						adds = !has(o->countries, o->ncountries, row->countries[k]);
					if (adds) {
						c.new_row = row;
						break;
					}
				}
			} else if (!same_rows(old, o, new_list, e)) {
				c.kind = TC_SPC_REWORDED;
			}
		}
		if (c.kind) {
			push(out, &c);
		} else {
			for (size_t k = 0; k < c.nbefore; k++)
				free(c.before[k]);
			for (size_t k = 0; k < c.nafter; k++)
				free(c.after[k]);
			free(c.before);
			free(c.after);
		}
	}
	for (size_t i = 0; i < no; i++) {
		int found = 0;
		tc_subproc_change c;

		for (size_t k = 0; k < nn && !found; k++)
			found = strcmp(sn[k].key, so[i].key) == 0;
		if (found)
			continue;
		memset(&c, 0, sizeof(c));
		c.kind = TC_SPC_REMOVED;
		c.entity = so[i].first->entity;
		c.key = so[i].key;
		c.old_row = so[i].first;
		c.before = dup_list(so[i].countries, so[i].ncountries);
		c.nbefore = so[i].ncountries;
		c.after = tc_xcalloc(1, sizeof(char *));
		push(out, &c);
	}
	sums_free(so, no);
	sums_free(sn, nn);
}

void tc_subproc_changes_release(tc_subproc_changes *c)
{
	for (size_t i = 0; i < c->n; i++) {
		for (size_t k = 0; k < c->v[i].nbefore; k++)
			free(c->v[i].before[k]);
		for (size_t k = 0; k < c->v[i].nafter; k++)
			free(c->v[i].after[k]);
		free(c->v[i].before);
		free(c->v[i].after);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}

const char *tc_subproc_change_kind_name(enum tc_subproc_change_kind k)
{
	switch (k) {
	case TC_SPC_ADDED: return "added";
	case TC_SPC_REMOVED: return "removed";
	case TC_SPC_LOCATION: return "location_changed";
	case TC_SPC_REWORDED: return "reworded";
	}
	return "unknown";
}
