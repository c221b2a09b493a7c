/* subproc_feed: see include/tiacheck/subproc_feed.h */
#include "tiacheck/subproc_feed.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "tiacheck/utf8.h"
#include "tiacheck/util.h"

#define CELL_MAX 400            /* bytes kept of one value */
#define FIELD_LINE_MAX 160      /* an unlabelled description line longer is prose */
#define XML_MAX_DEPTH 64

/* One entry of a feed. */
typedef struct entry {
	char *v[TC_SPF_IGNORE];     /* by enum tc_subproc_field; [0] unused */
} entry;

typedef struct entries {
	entry *v;
	size_t n;
	char *title;
} entries;

/* Column headers, in table order, for the fields that have values. */
static const struct { enum tc_subproc_field f; const char *header; } columns[] = {
	{ TC_SPF_ENTITY, "Entity" }, { TC_SPF_PURPOSE, "Purpose" },
	{ TC_SPF_LOCATION, "Location" }, { TC_SPF_CORPORATE, "Corporate location" },
	{ TC_SPF_MECHANISM, "Transfer mechanism" },
};

/* Announcement prefixes dropped from a title, and those that mark a removal
 * (folded ASCII, matched at the start). */
static const char *const title_prefixes[] = {
	"new sub-processor:", "new subprocessor:", "new sub processor:", "new vendor:",
	"added:", "addition:", "new:", "update:", "updated:", "change:", "nytt underbiträde:",
	"tillagt:", "neu:", "nouveau sous-traitant:",
};
static const char *const removal_prefixes[] = {
	"removed", "removal", "no longer", "deprecated", "discontinued", "borttaget",
	"borttagen", "entfernt", "retiré", "supprimé",
};

static void entries_release(entries *e)
{
	for (size_t i = 0; i < e->n; i++)
		for (size_t f = 0; f < TC_ARRAY_LEN(e->v[i].v); f++)
			free(e->v[i].v[f]);
	free(e->v);
	free(e->title);
	memset(e, 0, sizeof(*e));
}

/* Owned copy of s[0..n) on one line: control characters and runs of whitespace to
 * one space, trimmed, at most CELL_MAX bytes (cut at a character boundary). */
static char *one_line(const char *s, size_t n)
{
	tc_buf b = TC_BUF_INIT, clean = TC_BUF_INIT;
	int space = 1;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == 0x7f) {
			if (!space)
				tc_buf_addc(&b, ' ');
			space = 1;
			continue;
		}
		tc_buf_addc(&b, (char)c);
		space = 0;
	}
	while (b.len && b.data[b.len - 1] == ' ')
		b.len--;
	if (b.len > CELL_MAX)
		b.len = tc_utf8_cut(b.data, CELL_MAX);
	tc_utf8_clean(&clean, tc_buf_str(&b), b.len);
	tc_buf_release(&b);
	return tc_buf_detach(&clean);
}

static void set_field(entry *e, enum tc_subproc_field f, const char *s, size_t n)
{
	char *v;

	if (f <= TC_SPF_NONE || f >= TC_SPF_IGNORE)
		return;
	v = one_line(s, n);
	if (!*v) {
		free(v);
		return;
	}
	if (e->v[f]) {
		char *j = tc_xasprintf("%s, %s", e->v[f], v);

		free(e->v[f]);
		free(v);
		v = j;
	}
	e->v[f] = v;
}

/* ---- markup inside descriptions ---- */

/* The text of an HTML fragment as lines: tags that end a block become newlines,
 * other tags are dropped, the common entities decoded. */
static char *fragment_lines(const char *s)
{
	static const char *const breaks[] = { "br", "p", "/p", "li", "/li", "div", "/div",
					      "dt", "dd", "/dt", "/dd", "tr", "/tr", "h1", "h2",
					      "h3", "h4", "/h1", "/h2", "/h3", "/h4" };
	static const struct { const char *name; const char *text; } ents[] = {
		{ "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" },
		{ "apos", "'" }, { "nbsp", " " },
	};
	tc_buf b = TC_BUF_INIT;

	while (*s) {
		if (*s == '<') {
			const char *e = strchr(s, '>');
			char name[8];
			size_t k = 0;

			if (!e)
				break;
			for (const char *p = s + 1; p < e && k + 1 < sizeof(name) &&
			     (*p == '/' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			      (*p >= '0' && *p <= '9')); p++)
				name[k++] = (char)(*p | 0x20);
			name[k] = '\0';
			for (size_t i = 0; i < TC_ARRAY_LEN(breaks); i++)
				if (strcmp(name, breaks[i]) == 0) {
					tc_buf_addc(&b, '\n');
					break;
				}
			s = e + 1;
			continue;
		}
		if (*s == '&') {
			const char *semi = strchr(s, ';');
			int done = 0;

			if (semi && semi - s <= 10 && s[1] == '#') {
				unsigned long cp = s[2] == 'x' || s[2] == 'X' ? strtoul(s + 3, NULL, 16)
									   : strtoul(s + 2, NULL, 10);
				char u[4];

				if (cp > 0 && cp <= 0x10FFFF)
					tc_buf_add(&b, u, tc_utf8_encode((uint32_t)cp, u));
				done = 1;
			}
			for (size_t i = 0; semi && !done && i < TC_ARRAY_LEN(ents); i++)
				if ((size_t)(semi - s - 1) == strlen(ents[i].name) &&
				    strncmp(s + 1, ents[i].name, strlen(ents[i].name)) == 0) {
					tc_buf_adds(&b, ents[i].text);
					done = 1;
				}
			if (done) {
				s = semi + 1;
				continue;
			}
		}
		tc_buf_addc(&b, *s++);
	}
	return tc_buf_detach(&b);
}

static int starts_with_fold(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Fill e from the lines of a description: labelled fields, else the first short
 * line is the purpose. */
static void description_fields(entry *e, const char *html)
{
	char *text = fragment_lines(html), *save = NULL;

	for (char *ln = strtok_r(text, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
		char *colon = strchr(ln, ':');
		char *t = tc_trim(ln);

		if (!*t)
			continue;
		if (colon && colon - t < 40) {
			char *label = tc_xstrndup(t, (size_t)(colon - t));
			enum tc_subproc_field f = tc_subproc_field_of(label);

			free(label);
			if (f != TC_SPF_NONE) {
				if (f != TC_SPF_ENTITY || !e->v[TC_SPF_ENTITY])
					set_field(e, f, colon + 1, strlen(colon + 1));
				continue;
			}
		}
		if (!e->v[TC_SPF_PURPOSE] && strlen(t) <= FIELD_LINE_MAX)
			set_field(e, TC_SPF_PURPOSE, t, strlen(t));
	}
	free(text);
}

/* Does the gazetteer find a place in s? */
static int names_place(const tc_gazetteer *gz, const char *s)
{
	tc_gz_match *m = NULL;
	size_t n = gz ? tc_gazetteer_scan(gz, s, strlen(s), TC_GZ_CELL, &m) : 0;

	free(m);
	return n > 0;
}

/* The entity (and maybe purpose and location) of a title. 0: a removal notice. */
static int title_fields(const tc_gazetteer *gz, entry *e, const char *title)
{
	static const char *const seps[] = { " | ", " – ", " — ", " - " };
	char *t = one_line(title, strlen(title)), *p = t, *part[6];
	const char *sep = NULL;
	size_t np = 0;

	for (size_t i = 0; i < TC_ARRAY_LEN(removal_prefixes); i++)
		if (starts_with_fold(t, removal_prefixes[i])) {
			free(t);
			return 0;
		}
	for (size_t i = 0; i < TC_ARRAY_LEN(title_prefixes); i++)
		if (starts_with_fold(p, title_prefixes[i])) {
			p += strlen(title_prefixes[i]);
			break;
		}
	for (size_t i = 0; i < TC_ARRAY_LEN(seps) && !sep; i++)
		if (strstr(p, seps[i]))
			sep = seps[i];
	while (np < TC_ARRAY_LEN(part)) {
		char *end = sep ? strstr(p, sep) : NULL;

		if (end)
			*end = '\0';
		part[np++] = tc_trim(p);
		if (!end)
			break;
		p = end + strlen(sep);
	}
	set_field(e, TC_SPF_ENTITY, part[0], strlen(part[0]));
	for (size_t i = 1; i < np; i++)
		set_field(e, names_place(gz, part[i]) ? TC_SPF_LOCATION : TC_SPF_PURPOSE, part[i],
			  strlen(part[i]));
	free(t);
	return 1;
}

/* ---- XML feeds ---- */

static const char *local_name(const xmlNode *n)
{
	return n->name ? (const char *)n->name : "";
}

static char *node_text(const xmlNode *n)
{
	xmlChar *c = xmlNodeGetContent(n);
	char *s = tc_xstrdup(c ? (const char *)c : "");

	xmlFree(c);
	return s;
}

/* One RSS item or Atom entry. */
static void xml_item(const tc_gazetteer *gz, const xmlNode *item, entries *out)
{
	entry e;
	char *title = NULL, *desc = NULL;
	int keep;

	memset(&e, 0, sizeof(e));
	for (const xmlNode *c = item->children; c; c = c->next) {
		const char *nm = local_name(c);

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp(nm, "title") == 0 && !title) {
			title = node_text(c);
		} else if (!desc && (strcmp(nm, "description") == 0 || strcmp(nm, "summary") == 0 ||
				     strcmp(nm, "content") == 0 || strcmp(nm, "encoded") == 0)) {
			desc = node_text(c);
		} else if (strcmp(nm, "category") == 0) {
			xmlChar *term = xmlGetProp(c, (const xmlChar *)"term");
			char *v = term ? tc_xstrdup((const char *)term) : node_text(c);

			if (names_place(gz, v))
				set_field(&e, TC_SPF_LOCATION, v, strlen(v));
			xmlFree(term);
			free(v);
		}
	}
	keep = title && title_fields(gz, &e, title);
	if (keep && desc)
		description_fields(&e, desc);
	if (keep && e.v[TC_SPF_ENTITY] && out->n < TC_FEED_MAX_ITEMS) {
		out->v = tc_xrealloc(out->v, (out->n + 1) * sizeof(entry));
		out->v[out->n++] = e;
	} else {
		for (size_t f = 0; f < TC_ARRAY_LEN(e.v); f++)
			free(e.v[f]);
	}
	free(title);
	free(desc);
}

/* Walk the tree for items/entries (and the channel's or feed's title). */
static void xml_walk(const tc_gazetteer *gz, const xmlNode *n, int depth, entries *out)
{
	for (; n && depth < XML_MAX_DEPTH; n = n->next) {
		const char *nm = local_name(n);

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp(nm, "item") == 0 || strcmp(nm, "entry") == 0) {
			xml_item(gz, n, out);
			continue;
		}
		if (strcmp(nm, "title") == 0 && !out->title) {
			char *t = node_text(n);

			out->title = one_line(t, strlen(t));
			free(t);
			continue;
		}
		xml_walk(gz, n->children, depth + 1, out);
	}
}

static int xml_entries(const tc_gazetteer *gz, const char *body, size_t len, entries *out,
		       char *err, size_t errlen)
{
	xmlDocPtr doc = xmlReadMemory(body, (int)len, NULL, NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
				      XML_PARSE_NOCDATA);
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	const char *rn = root ? local_name(root) : "";

	if (!root || (strcmp(rn, "rss") != 0 && strcmp(rn, "RDF") != 0 && strcmp(rn, "feed") != 0)) {
		tc_seterr(err, errlen, "not an RSS or Atom feed%s", root ? "" : " (malformed XML)");
		xmlFreeDoc(doc);
		return -1;
	}
	xml_walk(gz, root->children, 0, out);
	xmlFreeDoc(doc);
	return 0;
}

/* ---- JSON lists ---- */

/* A JSON key as label words: "processingLocation" -> "processing Location". */
static enum tc_subproc_field key_field(const char *key)
{
	tc_buf b = TC_BUF_INIT;
	enum tc_subproc_field f;

	for (const char *p = key; *p && b.len < 64; p++) {
		if (*p >= 'A' && *p <= 'Z' && p > key && p[-1] >= 'a' && p[-1] <= 'z')
			tc_buf_addc(&b, ' ');
		tc_buf_addc(&b, *p);
	}
	f = tc_subproc_field_of(tc_buf_str(&b));
	tc_buf_release(&b);
	return f;
}

static void json_value(entry *e, enum tc_subproc_field f, const cJSON *v)
{
	if (cJSON_IsString(v)) {
		set_field(e, f, v->valuestring, strlen(v->valuestring));
	} else if (cJSON_IsNumber(v)) {
		char num[32];

		snprintf(num, sizeof(num), "%g", v->valuedouble);
		set_field(e, f, num, strlen(num));
	} else if (cJSON_IsArray(v)) {
		const cJSON *x;
		size_t k = 0;

		cJSON_ArrayForEach(x, v) {
			if (k++ >= 64)
				break;
			if (cJSON_IsString(x))
				set_field(e, f, x->valuestring, strlen(x->valuestring));
		}
	}
}

static const cJSON *object_array(const cJSON *root)
{
	const cJSON *c;

	if (cJSON_IsArray(root))
		return root;
	if (!cJSON_IsObject(root))
		return NULL;
	cJSON_ArrayForEach(c, root) {
		if (cJSON_IsArray(c) && cJSON_IsObject(cJSON_GetArrayItem(c, 0)))
			return c;
	}
	return NULL;
}

static int json_entries(const char *body, size_t len, entries *out, char *err, size_t errlen)
{
	cJSON *root = cJSON_ParseWithLength(body, len);
	const cJSON *arr = object_array(root), *o;

	if (!arr) {
		tc_seterr(err, errlen, "%s", root ? "no array of objects in the JSON document"
						  : "malformed JSON");
		cJSON_Delete(root);
		return -1;
	}
	cJSON_ArrayForEach(o, arr) {
		entry e;
		const cJSON *kv;

		if (!cJSON_IsObject(o) || out->n >= TC_FEED_MAX_ITEMS)
			continue;
		memset(&e, 0, sizeof(e));
		cJSON_ArrayForEach(kv, o) {
			enum tc_subproc_field f = kv->string ? key_field(kv->string) : TC_SPF_NONE;

			if (f == TC_SPF_ENTITY && e.v[TC_SPF_ENTITY])
				f = TC_SPF_PURPOSE;   /* a second name-like key describes */
			json_value(&e, f, kv);
		}
		if (e.v[TC_SPF_ENTITY]) {
			out->v = tc_xrealloc(out->v, (out->n + 1) * sizeof(entry));
			out->v[out->n++] = e;
		} else {
			for (size_t f = 0; f < TC_ARRAY_LEN(e.v); f++)
				free(e.v[f]);
		}
	}
	cJSON_Delete(root);
	return 0;
}

/* ---- the text ---- */

static void add_cell(tc_buf *b, const char *s)
{
	tc_buf_adds(b, " ");
	for (; s && *s; s++) {
		if (*s == '|')
			tc_buf_addc(b, '\\');
		tc_buf_addc(b, *s);
	}
	tc_buf_adds(b, " |");
}

static char *render(const entries *e)
{
	tc_buf b = TC_BUF_INIT;
	int used[TC_ARRAY_LEN(columns)] = { 0 };

	if (e->title && *e->title)
		tc_buf_printf(&b, "# %s\n", e->title);
	if (e->n == 0)
		return tc_buf_detach(&b);
	for (size_t c = 0; c < TC_ARRAY_LEN(columns); c++)
		for (size_t i = 0; i < e->n && !used[c]; i++)
			used[c] = e->v[i].v[columns[c].f] != NULL;
	used[1] = 1;   /* a table needs a column besides the entity: keep Purpose */
	tc_buf_adds(&b, "|");
	for (size_t c = 0; c < TC_ARRAY_LEN(columns); c++)
		if (used[c])
			add_cell(&b, columns[c].header);
	tc_buf_adds(&b, "\n|");
	for (size_t c = 0; c < TC_ARRAY_LEN(columns); c++)
		if (used[c])
			tc_buf_adds(&b, " --- |");
	tc_buf_addc(&b, '\n');
	for (size_t i = 0; i < e->n; i++) {
		tc_buf_adds(&b, "|");
		for (size_t c = 0; c < TC_ARRAY_LEN(columns); c++)
			if (used[c])
				add_cell(&b, e->v[i].v[columns[c].f]);
		tc_buf_addc(&b, '\n');
	}
	return tc_buf_detach(&b);
}

enum tc_feed_kind tc_subproc_feed_sniff(const char *body, size_t len, const char *content_type)
{
	size_t i = 0;

	if (content_type) {
		if (strstr(content_type, "rss+xml") || strstr(content_type, "rdf+xml"))
			return TC_FEED_RSS;
		if (strstr(content_type, "atom+xml"))
			return TC_FEED_ATOM;
		if (strstr(content_type, "json"))
			return TC_FEED_JSON;
	}
	if (!body)
		return TC_FEED_NONE;
	if (len >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n'))
		i++;
	if (i < len && (body[i] == '[' || body[i] == '{'))
		return TC_FEED_JSON;
	if (i < len && body[i] == '<') {
		size_t n = len - i < 1024 ? len - i : 1024;
		char head[1025];

		memcpy(head, body + i, n);
		head[n] = '\0';
		for (size_t k = 0; k < n; k++)
			if (head[k] == '\0')
				head[k] = ' ';
		if (strstr(head, "<rss") || strstr(head, "<rdf:RDF"))
			return TC_FEED_RSS;
		if (strstr(head, "<feed"))
			return TC_FEED_ATOM;
	}
	return TC_FEED_NONE;
}

int tc_subproc_feed_text(const tc_gazetteer *gz, const char *body, size_t len,
			 enum tc_feed_kind kind, char **text, char *err, size_t errlen)
{
	entries e;
	int rc;

	*text = NULL;
	memset(&e, 0, sizeof(e));
	if (!body || len > TC_FEED_MAX_INPUT || len > (size_t)INT32_MAX) {
		tc_seterr(err, errlen, "feed too large (limit %zu bytes)", TC_FEED_MAX_INPUT);
		return -1;
	}
	if (kind == TC_FEED_NONE)
		kind = tc_subproc_feed_sniff(body, len, NULL);
	if (kind == TC_FEED_NONE) {
		tc_seterr(err, errlen, "not a feed (RSS, Atom or JSON)");
		return -1;
	}
	rc = kind == TC_FEED_JSON ? json_entries(body, len, &e, err, errlen)
				  : xml_entries(gz, body, len, &e, err, errlen);
	if (rc == 0)
		*text = render(&e);
	entries_release(&e);
	return rc;
}

int tc_subproc_feed_parse(const tc_gazetteer *gz, const char *body, size_t len,
			  tc_subproc_list *out, char *err, size_t errlen)
{
	char *text = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!gz) {
		tc_seterr(err, errlen, "no gazetteer to read sub-processor locations with");
		return -1;
	}
	if (tc_subproc_feed_text(gz, body, len, TC_FEED_NONE, &text, err, errlen) < 0)
		return -1;
	rc = tc_subproc_parse(gz, text, out, err, errlen);
	for (size_t i = 0; rc == 0 && i < out->nrows; i++)
		out->rows[i].layout = TC_SUBPROC_FEED;
	free(text);
	return rc;
}

const char *tc_feed_kind_name(enum tc_feed_kind k)
{
	switch (k) {
	case TC_FEED_RSS: return "rss";
	case TC_FEED_ATOM: return "atom";
	case TC_FEED_JSON: return "json";
	case TC_FEED_NONE: break;
	}
	return "none";
}
