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

static int is_name_byte(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c >= 0x80;
}

/* Owned copy of s[0..n) without leading and trailing blanks (spaces, tabs). */
static char *trim_dupn(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return tc_xstrndup(s, n);
}

static char *trim_dup(const char *s)
{
	return trim_dupn(s, strlen(s));
}

/* Owned, trimmed text without Markdown links and images: "[x](u)" -> "x",
 * "![a](u)" -> "". Text before the first "[" is copied as it is. */
static char *clean_cell(const char *s)
{
	tc_buf b = TC_BUF_INIT;
	const char *bracket = strchr(s, '[');
	char *t, *r;

	if (!bracket)
		return trim_dup(s);
	/* the byte before the "[" may be the "!" of an image: leave it to the loop */
	if (bracket > s && bracket[-1] == '!')
		bracket--;
	tc_buf_add(&b, s, (size_t)(bracket - s));
	s = bracket;
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
	tc_buf f = TC_BUF_INIT;
	size_t n = strlen(s);
	const char *p = tc_gz_fold(&f, s, n);
	char *out = tc_xmalloc(n + 3), *d = out;   /* each byte gives at most one */
	int space = 1;

	*d++ = ' ';
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
			*d++ = (char)c;
			space = 0;
		} else if (!space) {
			*d++ = ' ';
			space = 1;
		}
	}
	if (!space)
		*d++ = ' ';
	*d = '\0';
	tc_buf_release(&f);
	return out;
}

/* The role of the first synonym row whose words occur as whole words in the cell.
 * The words of w stand between single spaces, so a row occurs when it starts right
 * after a space and a space follows it; each word start is tried against the rows
 * before the best one found so far. */
static enum col_role header_role(const char *cell)
{
	char *w = header_words(cell);
	size_t best = TC_ARRAY_LEN(column_synonyms);

	for (const char *p = w; *p; p++) {
		const char *s = p + 1;

		if (*p != ' ' || !*s)
			continue;
		for (size_t i = 0; i < best; i++) {
			const char *x = column_synonyms[i].words;
			size_t n;

			if (x[0] != s[0])
				continue;
			n = strlen(x);
			if (strncmp(s, x, n) == 0 && s[n] == ' ') {
				best = i;
				break;
			}
		}
	}
	free(w);
	return best < TC_ARRAY_LEN(column_synonyms) ? column_synonyms[best].role : COL_NONE;
}

enum tc_subproc_field tc_subproc_field_of(const char *label)
{
	/* enum col_role and enum tc_subproc_field list the same roles in one order */
	return (enum tc_subproc_field)header_role(label ? label : "");
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
		r.line_end = i + 1;
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

/* ---- lists that are not tables: cards, definition lists, headings, items ---- */

/*
 * The normalised text of a page whose list is not a table gives each entity as a
 * short run of lines (cards, definition lists, a heading per entity) or as one line
 * with separators (list items). Lines are first cleaned: list markers, heading
 * marks and icon-font ligatures ("check_circle", "public" glued to a country) are
 * dropped, and separator-only lines ("·", "•", "|") are noted. A line "Label: value"
 * whose label is a known column name (column_synonyms[]) is a labelled field.
 * A line reads as a location when the gazetteer finds a country or region in it
 * and what remains is only connectors ("and", "och", ...), a parenthesis, or a city
 * before a comma.
 *
 * These layouts are only looked for when the text names sub-processors (see
 * subproc_words[]), and only lines outside tables are used.
 */
enum bl_kind { BL_EMPTY = 0, BL_TABLE, BL_SEP, BL_HEAD, BL_TEXT };

typedef struct bline {
	enum bl_kind kind;
	int item;                 /* was a "- " list item */
	char *text;               /* cleaned line (in the lines' one allocation) */
	enum col_role label;      /* role of a "Label: value" line, else COL_NONE */
	const char *value;        /* the value of a labelled line, else text */
	int loc;                  /* value reads as a location */
	int linkonly;             /* the line is only a link */
	size_t lineno;            /* 1-based */
} bline;

#define REC_MAX_LINES 8        /* lines of one record after its name */
#define REC_MAX_FIELD 200      /* longer lines are prose: no record */
#define NAME_MAX_BYTES 120
#define NAME_MAX_WORDS 12

/* Words (folded) showing that a text is about sub-processors. */
static const char *const subproc_words[] = {
	"processor", "biträde", "auftragsverarbeit", "sous-traitant", "sous traitant",
	"subencargado", "subprocesador", "subresponsabile",
};

/* Icon-font ligatures that render as an icon but extract as a word. Snake_case
 * words ("check_circle") are recognised by their shape; these are the common
 * single-word ones. */
static const char *const icon_words[] = {
	"public", "language", "place", "room", "check", "done", "info", "launch", "cloud",
	"dns", "storage", "business", "domain", "flag", "map", "verified", "shield",
	"lock", "mail", "link", "apartment", "location", "globe", "pin", "star",
};

/* Words that may remain in a location line besides the places. */
static const char *const loc_connectors[] = {
	"and", "or", "och", "eller", "und", "oder", "et", "ou", "y", "the", "of", "de",
	"du", "des", "in", "i", "am", "also", "only",
};

static int word_in(const char *w, size_t n, const char *const *list, size_t nlist)
{
	for (size_t i = 0; i < nlist; i++)
		if (strlen(list[i]) == n && strncasecmp(w, list[i], n) == 0)
			return 1;
	return 0;
}

static int is_snake_icon(const char *s, size_t n)
{
	int under = 0;

	if (n < 3)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '_')
			under = 1;
		else if (s[i] < 'a' || s[i] > 'z')
			return 0;
	}
	return under && s[0] != '_' && s[n - 1] != '_';
}

/* Drop icon ligatures from the start of s[0..end): whole snake_case or icon words,
 * and an icon word glued to a capitalised word ("publicUnited States"). Returns
 * where the text starts. */
static const char *drop_icons(const char *s, const char *end)
{
	for (int guard = 0; guard < 4; guard++) {
		size_t n = 0;
		char next;

		while (s + n < end && ((s[n] >= 'a' && s[n] <= 'z') || s[n] == '_'))
			n++;
		if (n == 0)
			break;
		next = s + n < end ? s[n] : '\0';
		if ((next == ' ' || next == '\0') &&
		    (is_snake_icon(s, n) || (next == ' ' && word_in(s, n, icon_words,
								  TC_ARRAY_LEN(icon_words))))) {
			s += n;
			while (s < end && *s == ' ')
				s++;
			continue;
		}
		if (next >= 'A' && next <= 'Z' &&
		    (is_snake_icon(s, n) || word_in(s, n, icon_words, TC_ARRAY_LEN(icon_words)))) {
			s += n;
			continue;
		}
		break;
	}
	return s;
}

static int is_sep_only(const char *s)
{
	/* at most 3 bytes each (SEP_ONLY_MAX): a longer line is none of them */
	static const char *const seps[] = { "·", "•", "|", "-", "–", "—", "‧", "∙", "*", "/",
					    "⋅", ":", "." };
	enum { SEP_ONLY_MAX = 3 };

	if (strnlen(s, SEP_ONLY_MAX + 1) > SEP_ONLY_MAX)
		return 0;
	for (size_t i = 0; i < TC_ARRAY_LEN(seps); i++)
		if (strcmp(s, seps[i]) == 0)
			return 1;
	return 0;
}

/* Does s read as a location (see above)? Digits (addresses, counts) never do. */
static int loc_like(const tc_gazetteer *gz, const char *s)
{
	tc_gz_match *m;
	size_t n = strlen(s), nm, at = 0, other = 0, capital = 0;
	int depth = 0;

	if (n == 0 || n > 160 || strpbrk(s, "0123456789"))
		return 0;
	nm = tc_gazetteer_scan(gz, s, n, TC_GZ_CELL, &m);
	if (nm == 0)
		return 0;
	for (size_t i = 0; i < n;) {
		size_t e = i;

		if (at < nm && i >= m[at].start) {
			i = m[at].end > i ? m[at].end : i + 1;
			at++;
			continue;
		}
		if (s[i] == '(' || s[i] == ')') {
			depth += s[i] == '(' ? 1 : (depth > 0 ? -1 : 0);
			i++;
			continue;
		}
		while (e < n && (is_name_byte((unsigned char)s[e])) && !(at < nm && e >= m[at].start))
			e++;
		if (e == i) {
			i++;
			continue;
		}
		if (depth == 0 && !word_in(s + i, e - i, loc_connectors, TC_ARRAY_LEN(loc_connectors))) {
			other++;
			capital += s[i] >= 'A' && s[i] <= 'Z';
		}
		i = e;
	}
	free(m);
	return other == 0 || (other <= 2 && capital == other && strchr(s, ','));
}

/* loc_like() of clean_cell(s), without making the copy when cleaning would not
 * change s (no link, nothing to trim). */
static int loc_like_cell(const tc_gazetteer *gz, const char *s)
{
	size_t n = strlen(s);
	char *v;
	int r;

	if (!strchr(s, '[') && !(n && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' ||
				     s[n - 1] == '\t')))
		return loc_like(gz, s);
	v = clean_cell(s);
	r = loc_like(gz, v);
	free(v);
	return r;
}

/* "Label: value" (a label of at most five words): the label's role (COL_IGNORE for
 * labels we do not use), and *value set; else COL_NONE. */
static enum col_role line_label(const char *s, const char **value)
{
	const char *colon = strchr(s, ':');
	size_t words = 1;
	char lab[64];
	enum col_role r;

	if (!colon || colon == s || (size_t)(colon - s) >= sizeof(lab) || colon[1] != ' ' ||
	    s[0] == '[')
		return COL_NONE;
	for (const char *p = s; p < colon; p++)
		words += *p == ' ';
	if (words > 5)
		return COL_NONE;
	memcpy(lab, s, (size_t)(colon - s));
	lab[colon - s] = '\0';
	r = header_role(lab);
	if (r == COL_NONE)
		r = COL_IGNORE;     /* a field of another kind ("Data: e-mail") */
	*value = colon + 2;
	while (**value == ' ')
		(*value)++;
	return r;
}

static int link_only(const char *s)
{
	size_t n = strlen(s);
	const char *close = strstr(s, "](");

	return n > 4 && s[0] == '[' && s[n - 1] == ')' && close && !strstr(close + 2, "](");
}

/* Clean every line of the text (see the block comment above). The cleaned texts
 * share one allocation, *arena (free it with blines_free). */
static bline *prep_lines(const tc_gazetteer *gz, const line *lines, size_t nlines,
			 char **arena)
{
	bline *b = tc_xcalloc(nlines + 1, sizeof(bline));
	size_t total = 1, used = 0;

	for (size_t i = 0; i < nlines; i++)
		total += lines[i].n + 1;
	*arena = tc_xmalloc(total);

	for (size_t i = 0; i < nlines; i++) {
		const char *s = lines[i].s, *c;
		size_t n = lines[i].n;

		b[i].lineno = i + 1;
		b[i].label = COL_NONE;
		if (n && s[0] == '|') {
			b[i].kind = BL_TABLE;
			continue;
		}
		b[i].kind = BL_TEXT;
		if (n && s[0] == '#') {
			while (n && s[0] == '#') {
				s++;
				n--;
			}
			b[i].kind = BL_HEAD;
		} else if (n >= 2 && s[0] == '-' && s[1] == ' ') {
			b[i].item = 1;
			s += 2;
			n -= 2;
		}
		/* trimmed (as tc_trim), icons dropped, trimmed of blanks: one copy */
		while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
			s++;
			n--;
		}
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' ||
			     s[n - 1] == '\r'))
			n--;
		c = drop_icons(s, s + n);
		n -= (size_t)(c - s);
		while (n && (*c == ' ' || *c == '\t')) {
			c++;
			n--;
		}
		while (n && (c[n - 1] == ' ' || c[n - 1] == '\t'))
			n--;
		b[i].text = *arena + used;
		memcpy(b[i].text, c, n);
		b[i].text[n] = '\0';
		used += n + 1;
		b[i].value = b[i].text;
		if (!*b[i].text) {
			b[i].kind = BL_EMPTY;
			continue;
		}
		if (is_sep_only(b[i].text)) {
			b[i].kind = BL_SEP;
			continue;
		}
		b[i].label = line_label(b[i].text, &b[i].value);
		b[i].linkonly = link_only(b[i].text);
		if (b[i].label == COL_NONE || b[i].label == COL_LOCATION)
			b[i].loc = loc_like_cell(gz, b[i].value);
	}
	return b;
}

static void blines_free(bline *b, char *arena)
{
	free(arena);
	free(b);
}

/* The tests of name_like() before the location test. */
static int name_shape(const char *s)
{
	size_t n = strlen(s), words = 1;
	char last = n ? s[n - 1] : '\0';

	if (n == 0 || n > NAME_MAX_BYTES || strchr(":?!", last))
		return 0;
	for (size_t i = 0; i < n; i++)
		words += s[i] == ' ';
	return !(words > NAME_MAX_WORDS || (last == '.' && words > 5));
}

/* Could s be the name of an entity? */
static int name_like(const tc_gazetteer *gz, const char *s)
{
	return name_shape(s) && !loc_like(gz, s);
}

/* name_like() of a line's text. prep_lines() tested an unlabelled text or heading
 * for a location already (clean_cell() of a text without a link is the text, which
 * is trimmed): that answer is reused. */
static int line_name_like(const tc_gazetteer *gz, const bline *l)
{
	if ((l->kind == BL_TEXT || l->kind == BL_HEAD) && l->label == COL_NONE &&
	    !strchr(l->text, '['))
		return name_shape(l->text) && !l->loc;
	return name_like(gz, l->text);
}

/* Does the text name sub-processors? fold: its folded copy, or NULL to make one. */
static int gate_text(const char *text, const char *fold)
{
	tc_buf f = TC_BUF_INIT;
	size_t n = strlen(text);
	const char *folded = fold ? fold : tc_gz_fold(&f, text, n);
	int hit = 0;

	for (size_t i = 0; i < TC_ARRAY_LEN(subproc_words) && !hit; i++)
		hit = memmem(folded, n, subproc_words[i], strlen(subproc_words[i])) != NULL;
	tc_buf_release(&f);
	return hit;
}

/* Append a row (taking ownership of r's strings). */
static void push_row(tc_subproc_list *out, size_t *cap, const tc_subproc_row *r)
{
	if (out->nrows == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		out->rows = tc_xrealloc(out->rows, *cap * sizeof(*out->rows));
	}
	out->rows[out->nrows++] = *r;
}

/* Add one field value to row r under role. */
static void row_field(const tc_gazetteer *gz, tc_subproc_row *r, enum col_role role,
		      const char *value)
{
	char *v = clean_cell(value);

	switch (role) {
	case COL_PURPOSE:
		join(&r->purpose, v);
		break;
	case COL_LOCATION:
		join(&r->location, v);
		cell_countries(gz, v, &r->countries, &r->ncountries);
		break;
	case COL_CORPORATE:
		join(&r->corporate, v);
		cell_countries(gz, v, &r->corp_countries, &r->ncorp);
		break;
	case COL_MECHANISM:
		join(&r->mechanism, v);
		break;
	default:
		break;
	}
	free(v);
}

/* A new row for the entity named s at line lineno (raw is set by the caller). */
static void row_start(tc_subproc_row *r, const char *name, size_t lineno, size_t table,
		      enum tc_subproc_layout layout)
{
	memset(r, 0, sizeof(*r));
	r->entity = clean_cell(name);
	r->key = tc_subproc_entity_key(r->entity);
	r->line = lineno;
	r->line_end = lineno;
	r->table = table;
	r->layout = layout;
}

/* Index of the next line after i that is not empty (n when none). */
static size_t next_line(const bline *b, size_t n, size_t i)
{
	for (i++; i < n && b[i].kind == BL_EMPTY; i++)
		;
	return i;
}

/* Does the heading whose next line is j head one entity's block: one location in
 * it (a heading over a whole list has many), after at most one unlabelled line (the
 * purpose)? 'H' or 0. */
static int head_record(const bline *b, size_t n, size_t j)
{
	size_t locs = 0, early = 0, before = 0;

	for (size_t k = j, c = 0; k < n && c < 64; k++) {
		if (b[k].kind == BL_HEAD || b[k].kind == BL_TABLE)
			break;
		if (b[k].kind == BL_EMPTY)
			continue;
		if ((b[k].label == COL_NONE && b[k].loc) || b[k].label == COL_LOCATION ||
		    b[k].label == COL_CORPORATE) {
			locs++;
			early += c < 4 && before <= 1;
		} else if (b[k].label == COL_NONE && locs == 0) {
			before++;
		}
		c++;
	}
	return locs == 1 && early == 1 ? 'H' : 0;
}

/* How line i starts a record: 'S' a name followed by a separator line (cards),
 * 'H' a heading whose lines hold a location, 'L' a name followed by a labelled
 * field; 0 when it does not. */
static int record_start(const tc_gazetteer *gz, const bline *b, size_t n, size_t i)
{
	size_t j;
	int how = 0;

	if ((b[i].kind != BL_TEXT && b[i].kind != BL_HEAD) || b[i].label != COL_NONE ||
	    b[i].item || b[i].linkonly || (j = next_line(b, n, i)) >= n)
		return 0;
	/* the layout first, then (only where it fits) whether line i names an entity */
	if (b[i].kind == BL_TEXT && b[j].kind == BL_SEP) {
		size_t k = next_line(b, n, j);

		how = k < n && b[k].kind == BL_TEXT ? 'S' : 0;
	} else if (b[i].kind == BL_HEAD) {
		how = head_record(b, n, j);
	}
	return how && line_name_like(gz, &b[i]) ? how : 0;
}

static int field_label(enum col_role r)
{
	return r == COL_PURPOSE || r == COL_LOCATION || r == COL_CORPORATE || r == COL_MECHANISM;
}

/*
 * Records made of labelled fields ("Purpose: ...", "Location: ..."): each is a run
 * of unlabelled lines (name, maybe a description) then a run of labelled lines, at
 * least one a known field. The runs before the labels may also hold the list's
 * introduction, so the name is taken at the same distance before the labels in
 * every record: the most common length of these runs (at most 3).
 */
static size_t labelled_starts(const tc_gazetteer *gz, const bline *b, size_t n,
			      size_t *starts, int *how)
{
	size_t *first = tc_xmalloc((n + 1) * sizeof(size_t)), ng = 0, ns = 0;
	size_t *len = tc_xmalloc((n + 1) * sizeof(size_t));
	size_t *idx = tc_xmalloc((n + 1) * sizeof(size_t)), ni = 0;
	size_t count[4] = { 0 }, mode = 1;

	/* the lines that count: no empty or separator lines */
	for (size_t i = 0; i < n; i++)
		if (b[i].kind == BL_TEXT || b[i].kind == BL_HEAD || b[i].kind == BL_TABLE)
			idx[ni++] = i;
	for (size_t x = 0; x < ni; x++) {
		size_t u = 0, y = x;
		int field = 0;

		if (b[idx[x]].kind != BL_TEXT || b[idx[x]].label != COL_NONE)
			continue;
		while (y < ni && b[idx[y]].kind == BL_TEXT && b[idx[y]].label == COL_NONE)
			y++, u++;
		for (size_t k = y; k < ni && b[idx[k]].kind == BL_TEXT && b[idx[k]].label != COL_NONE;
		     k++)
			field |= field_label(b[idx[k]].label);
		if (field) {
			first[ng] = x;
			len[ng++] = u;
			count[u < 4 ? u : 0]++;
		}
		x = y;
	}
	for (size_t m = 1; m < 4; m++)
		if (count[m] > count[mode])
			mode = m;
	for (size_t g = 0; g < ng; g++) {
		size_t name;

		if (len[g] < mode)
			continue;
		name = idx[first[g] + len[g] - mode];
		if (!b[name].linkonly && !b[name].item && line_name_like(gz, &b[name])) {
			starts[ns] = name;
			how[ns++] = 'L';
		}
	}
	free(first);
	free(len);
	free(idx);
	return ns;
}

/* Fill row r from the field lines b[from..to). */
static void record_fields(const tc_gazetteer *gz, const bline *b, size_t from, size_t to,
			  tc_subproc_row *r, tc_buf *raw)
{
	int have_loc = 0, have_purpose = 0;

	for (size_t k = from; k < to; k++) {
		if (b[k].kind != BL_TEXT)
			continue;
		r->line_end = b[k].lineno;
		if (b[k].label != COL_NONE) {
			if (b[k].label == COL_IGNORE || b[k].label == COL_ENTITY)
				continue;
			row_field(gz, r, b[k].label, b[k].value);
			have_loc |= b[k].label == COL_LOCATION;
			have_purpose |= b[k].label == COL_PURPOSE;
		} else if (b[k].loc && !have_loc) {
			row_field(gz, r, COL_LOCATION, b[k].text);
			have_loc = 1;
		} else if (!b[k].linkonly && !have_purpose && !b[k].loc) {
			row_field(gz, r, COL_PURPOSE, b[k].text);
			have_purpose = 1;
		} else {
			continue;
		}
		tc_buf_printf(raw, " · %s", b[k].text);
	}
}

/* The records starting at starts[0..ns) (line indices, kinds in how[]). */
static size_t take_records(const tc_gazetteer *gz, bline *b, size_t n, const size_t *starts,
			   const int *how, size_t ns, tc_subproc_list *out, size_t *cap,
			   enum tc_subproc_layout layout)
{
	size_t added = 0;

	for (size_t s = 0; s < ns; s++) {
		size_t i = starts[s], end = s + 1 < ns ? starts[s + 1] : n, c = 0, k;
		int long_line = 0;
		tc_subproc_row r;
		tc_buf raw = TC_BUF_INIT;

		for (k = i + 1; k < end && c < REC_MAX_LINES; k++) {
			if (b[k].kind == BL_TABLE || b[k].kind == BL_HEAD)
				break;
			if (b[k].kind != BL_EMPTY)
				c++;
			if (b[k].kind == BL_TEXT && strlen(b[k].text) > REC_MAX_FIELD)
				long_line = 1;   /* prose, not a record's fields */
		}
		row_start(&r, b[i].text, b[i].lineno, out->ntables, layout);
		tc_buf_adds(&raw, b[i].text);
		record_fields(gz, b, i + 1, k, &r, &raw);
		if (!*r.entity || long_line || (!r.location && !r.purpose && !r.corporate) ||
		    (how[s] == 'H' && !r.ncountries && !r.ncorp)) {
			row_release(&r);
			tc_buf_release(&raw);
			continue;
		}
		r.raw = tc_buf_detach(&raw);
		push_row(out, cap, &r);
		added++;
		for (size_t u = i; u < k; u++)
			if (b[u].kind == BL_TEXT || b[u].kind == BL_SEP)
				b[u].kind = BL_EMPTY;   /* used: not read again as an item */
	}
	return added;
}

/* Records in periodic blocks without other signals: location lines every P lines
 * (2..5), each block "name, fields..., location". Fills starts[]; returns count. */
static size_t periodic_starts(const tc_gazetteer *gz, const bline *b, size_t n,
			      size_t *starts, int *how)
{
	size_t *loc = tc_xmalloc((n + 1) * sizeof(size_t)), nl = 0, ns = 0, p = 0;

	for (size_t i = 0; i < n; i++)
		if (b[i].kind == BL_TEXT && b[i].label == COL_NONE && b[i].loc && !b[i].item)
			loc[nl++] = i;
	for (size_t a = 0; a + 1 < nl; a++) {
		size_t e = a + 1, period = loc[a + 1] - loc[a];
		int ok = period >= 2 && period <= 5 && loc[a] + 1 >= period;

		while (ok && e + 1 < nl && loc[e + 1] - loc[e] == period)
			e++;
		for (size_t k = a; ok && k <= e; k++) {
			size_t name = loc[k] + 1 - period;

			ok = b[name].kind == BL_TEXT && b[name].label == COL_NONE && !b[name].loc &&
			     line_name_like(gz, &b[name]);
			for (size_t f = name + 1; ok && f < loc[k]; f++)
				ok = b[f].kind == BL_TEXT && !b[f].loc;
		}
		if (!ok)
			continue;
		for (size_t k = a; k <= e; k++) {
			starts[ns] = loc[k] + 1 - period;
			how[ns++] = 'P';
		}
		a = e;
		p++;
	}
	free(loc);
	return p ? ns : 0;
}

/* Records of a text (cards, definition lists, a heading per entity). */
static void parse_records(const tc_gazetteer *gz, bline *b, size_t n, tc_subproc_list *out,
			  size_t *cap)
{
	size_t *starts = tc_xmalloc((n + 1) * sizeof(size_t)), ns = 0, taken;
	int *how = tc_xmalloc((n + 1) * sizeof(int));

	for (size_t i = 0; i < n; i++) {
		int h = record_start(gz, b, n, i);

		if (h) {
			starts[ns] = i;
			how[ns++] = h;
		}
	}
	if (ns == 0)
		ns = labelled_starts(gz, b, n, starts, how);
	if (ns == 0)
		ns = periodic_starts(gz, b, n, starts, how);
	taken = ns ? take_records(gz, b, n, starts, how, ns, out, cap, TC_SUBPROC_BLOCKS) : 0;
	if (taken == 1)   /* one record alone is more likely a contact or party block */
		row_release(&out->rows[--out->nrows]);
	else if (taken > 1)
		out->ntables++;
	free(starts);
	free(how);
}

/* Separators of one-line entries, tried in this order; the first found decides. */
static const char *const item_seps[] = { " | ", " – ", " — ", " - ", "\t", ", " };
/* (item_row: ", " must stay last) */

#define ITEM_MAX_PARTS 6

/* Is s made only of legal forms ("Inc.", "GmbH & Co. KG")? */
static int header_words_legal(const char *s)
{
	char *w = header_words(s);
	int all = 1, any = 0;

	for (char *save = NULL, *t = strtok_r(w, " ", &save); t && all;
	     t = strtok_r(NULL, " ", &save)) {
		int legal = 0;

		for (size_t i = 0; i < TC_ARRAY_LEN(legal_forms) && !legal; i++)
			legal = strcmp(t, legal_forms[i]) == 0;
		all = legal;
		any = 1;
	}
	free(w);
	return all && any;
}

/* Index of the first of item_seps[] that occurs in s (the array's length: none).
 * One pass: each separator is looked for where its first byte that is not a space
 * stands ("|" of " | "), the stops of strpbrk. */
static size_t first_sep(const char *s)
{
	enum { NSEPS = TC_ARRAY_LEN(item_seps) };
	char stops[NSEPS + 1];
	size_t key[NSEPS], best = NSEPS, ns = 0;

	for (size_t i = 0; i < NSEPS; i++) {
		size_t k = 0;

		key[i] = 0;
		while (item_seps[i][key[i]] == ' ')
			key[i]++;
		while (k < ns && stops[k] != item_seps[i][key[i]])
			k++;
		if (k == ns)
			stops[ns++] = item_seps[i][key[i]];
	}
	stops[ns] = '\0';
	for (const char *q = s; best > 0 && (q = strpbrk(q, stops)) != NULL; q++)
		for (size_t i = 0; i < best; i++)
			if (item_seps[i][key[i]] == *q && (size_t)(q - s) >= key[i] &&
			    strncmp(q - key[i], item_seps[i], strlen(item_seps[i])) == 0) {
				best = i;
				break;
			}
	return best;
}

/* Split s at its separator (item_seps[sep], the first of them in s; none when sep
 * is the array's length) into parts (owned, trimmed). Parts that are only a
 * legal form ("Inc.") are joined to the one before (comma lists). Returns count. */
static size_t split_item(const char *s, size_t first, char **parts)
{
	const char *sep = first < TC_ARRAY_LEN(item_seps) ? item_seps[first] : NULL;
	size_t np = 0, sl;

	if (!sep)
		return 0;
	sl = strlen(sep);
	for (const char *p = s; np < ITEM_MAX_PARTS;) {
		const char *e = strstr(p, sep);
		char *part = e ? tc_xstrndup(p, (size_t)(e - p)) : tc_xstrdup(p);
		char *t = trim_dup(part);

		free(part);
		if (np && header_words_legal(t)) {
			char *j = tc_xasprintf("%s,%s%s", parts[np - 1], *sep == ',' ? " " : sep, t);

			free(parts[np - 1]);
			free(t);
			parts[np - 1] = j;
		} else {
			parts[np++] = t;
		}
		if (!e)
			break;
		p = e + sl;
	}
	return np;
}

/* Is line b a one-line entry "Name <sep> purpose <sep> location"? Fills row r. */
static int item_row(const tc_gazetteer *gz, const bline *b, size_t table, tc_subproc_row *r)
{
	char *parts[ITEM_MAX_PARTS];
	size_t np, locp = 0, sep;
	int ok;

	if (b->kind != BL_TEXT || b->label != COL_NONE || strlen(b->text) > 300)
		return 0;
	/* comma lists with digits are addresses; long ones are sentences (", " is the
	 * last separator: a first one before it is another kind) */
	sep = first_sep(b->text);
	if (sep + 1 >= TC_ARRAY_LEN(item_seps) &&
	    (strpbrk(b->text, "0123456789") || strlen(b->text) > 160))
		return 0;
	np = split_item(b->text, sep, parts);
	/* the cheap tests first; the location is the last part that reads as one */
	ok = np >= 2 && !strchr(parts[0], ':');
	for (size_t i = np; ok && !locp && i-- > 1;)
		if (loc_like_cell(gz, parts[i]))
			locp = i;
	ok = ok && locp > 0 && name_like(gz, parts[0]);
	if (ok) {
		row_start(r, parts[0], b->lineno, table, TC_SUBPROC_ITEMS);
		for (size_t i = 1; i < np; i++)
			row_field(gz, r, i == locp ? COL_LOCATION : COL_PURPOSE, parts[i]);
		r->raw = tc_xstrdup(b->text);
		ok = *r->entity != '\0';
		if (!ok)
			row_release(r);
	}
	for (size_t i = 0; i < np; i++)
		free(parts[i]);
	return ok;
}

/* One-line entries: list items, or runs of two or more such lines. */
static void parse_items(const tc_gazetteer *gz, bline *b, size_t n, tc_subproc_list *out,
			size_t *cap)
{
	tc_subproc_row *rows = tc_xcalloc(n + 1, sizeof(*rows));
	int *is = tc_xcalloc(n + 1, sizeof(int)), *keep = tc_xcalloc(n + 1, sizeof(int));
	size_t added = 0, nkeep = 0;

	for (size_t i = 0; i < n; i++)
		is[i] = item_row(gz, &b[i], out->ntables, &rows[i]);
	for (size_t i = 0; i < n; i++) {
		size_t p = i, q = next_line(b, n, i);

		while (p > 0 && b[p - 1].kind == BL_EMPTY)
			p--;
		keep[i] = is[i] && (b[i].item || (p > 0 && is[p - 1]) || (q < n && is[q]));
		nkeep += keep[i];
	}
	/* one entry alone is more likely a sentence with dashes than a list */
	for (size_t i = 0; i < n; i++) {
		if (keep[i] && nkeep >= 2) {
			push_row(out, cap, &rows[i]);
			added++;
		} else if (is[i]) {
			row_release(&rows[i]);
		}
	}
	if (added)
		out->ntables++;
	free(keep);
	free(rows);
	free(is);
}

static int row_line_cmp(const void *x, const void *y)
{
	size_t a = ((const tc_subproc_row *)x)->line, b = ((const tc_subproc_row *)y)->line;

	return a < b ? -1 : a > b;
}

int tc_subproc_parse(const tc_gazetteer *gz, const char *text, tc_subproc_list *out,
		     char *err, size_t errlen)
{
	return tc_subproc_parse_folded(gz, text, NULL, out, err, errlen);
}

int tc_subproc_parse_folded(const tc_gazetteer *gz, const char *text, const char *fold,
			    tc_subproc_list *out, char *err, size_t errlen)
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
	if (nlines && gate_text(text, fold)) {
		char *arena;
		bline *b = prep_lines(gz, lines, nlines, &arena);

		parse_records(gz, b, nlines, out, &cap);
		parse_items(gz, b, nlines, out, &cap);
		blines_free(b, arena);
		if (out->nrows > 1)   /* rows in text order, whatever their layout */
			qsort(out->rows, out->nrows, sizeof(*out->rows), row_line_cmp);
	}
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
