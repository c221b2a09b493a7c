/* adopt: a published sub-processor written into the catalogue (see include/tiacheck/adopt.h). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "tiacheck/adopt.h"
#include "tiacheck/entity.h"
#include "tiacheck/jsondoc.h"
#include "tiacheck/util.h"

#define ADOPT_FILE_MAX (4u << 20)
#define ADOPT_MAX_COUNTRIES 32

void tc_adopt_plan_release(tc_adopt_plan *p)
{
	free(p->service);
	free(p->entity);
	free(p->path);
	free(p->text);
	free(p->diff);
	tc_diags_release(&p->diags);
	memset(p, 0, sizeof(*p));
}

/* A third country (or partial adequacy) needs a recorded mechanism. */
static int needs_mechanism(const tc_refdata *ref, const char *code)
{
	const tc_country *c = tc_refdata_country(ref, code);

	return !c || c->status == TC_CS_THIRD || c->status == TC_CS_ADEQUATE_PARTIAL;
}

/* "a,b" → ["a", "b"] (at most 8). */
static cJSON *kinds_array(const char *kinds)
{
	cJSON *arr = cJSON_CreateArray();
	const char *p = kinds && *kinds ? kinds : "processing";

	for (int n = 0; *p && n < 8; n++) {
		size_t len = strcspn(p, ",");
		char *k = tc_xstrndup(p, len);

		cJSON_AddItemToArray(arr, cJSON_CreateString(k));
		free(k);
		p += len + (p[len] == ',');
	}
	return arr;
}

/* The catalogue entry for the sub-processor. */
static cJSON *entry_json(const tc_refdata *ref, const char *name, const cJSON *countries,
			 const tc_adopt_opts *o)
{
	cJSON *e = cJSON_CreateObject(), *locs, *mechs = NULL, *c;

	cJSON_AddStringToObject(e, "name", name);
	if (o->purpose_sv || o->purpose_en) {
		cJSON *p = cJSON_AddObjectToObject(e, "purpose");

		cJSON_AddStringToObject(p, "sv", o->purpose_sv ? o->purpose_sv : o->purpose_en);
		cJSON_AddStringToObject(p, "en", o->purpose_en ? o->purpose_en : o->purpose_sv);
	}
	locs = cJSON_AddArrayToObject(e, "locations");
	cJSON_ArrayForEach(c, countries) {
		cJSON *l = cJSON_CreateObject();

		cJSON_AddStringToObject(l, "country", c->valuestring);
		cJSON_AddItemToObject(l, "kinds", kinds_array(o->kinds));
		cJSON_AddItemToArray(locs, l);
		if (o->mechanism && needs_mechanism(ref, c->valuestring)) {
			cJSON *m = cJSON_CreateObject();

			if (!mechs)
				mechs = cJSON_AddArrayToObject(e, "mechanisms");
			cJSON_AddStringToObject(m, "country", c->valuestring);
			cJSON_AddStringToObject(m, "type", o->mechanism);
			if (strcmp(o->mechanism, "scc") == 0)
				cJSON_AddStringToObject(m, "scc_module", o->scc_module ? o->scc_module : "3");
			cJSON_AddItemToArray(mechs, m);
		}
	}
	return e;
}

/* Byte offset of line:col (1-based, col in characters) in text. */
static size_t offset_of(const char *text, int line, int col)
{
	size_t i = 0;

	for (int l = 1; l < line && text[i]; i++)
		if (text[i] == '\n')
			l++;
	for (int c = 1; c < col && text[i] && text[i] != '\n'; i++)
		if (((unsigned char)text[i + 1] & 0xC0) != 0x80)
			c++;
	return i;
}

/* Index of the bracket closing the one at open (string-aware), or 0. */
static size_t closing(const char *t, size_t open)
{
	int depth = 0, in_str = 0;

	for (size_t i = open; t[i]; i++) {
		char c = t[i];

		if (in_str) {
			if (c == '\\' && t[i + 1])
				i++;
			else if (c == '"')
				in_str = 0;
		} else if (c == '"') {
			in_str = 1;
		} else if (c == '[' || c == '{') {
			depth++;
		} else if ((c == ']' || c == '}') && --depth == 0) {
			return i;
		}
	}
	return 0;
}

/* A value on one line in the catalogue's style: { "k": v }, ["a", "b"]. */
static void compact(tc_buf *b, const cJSON *v)
{
	const cJSON *c;
	int first = 1;

	if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
		int obj = cJSON_IsObject(v);
		int spaced = obj || (cJSON_GetArraySize(v) > 0 && cJSON_IsObject(v->child));

		tc_buf_adds(b, obj ? "{" : "[");
		cJSON_ArrayForEach(c, v) {
			tc_buf_adds(b, first ? (spaced ? " " : "") : ", ");
			if (obj) {
				cJSON *k = cJSON_CreateString(c->string);
				char *ks = cJSON_PrintUnformatted(k);

				tc_buf_printf(b, "%s: ", ks);
				cJSON_free(ks);
				cJSON_Delete(k);
			}
			compact(b, c);
			first = 0;
		}
		tc_buf_adds(b, first ? "" : spaced ? " " : "");
		tc_buf_adds(b, obj ? "}" : "]");
		return;
	}
	{
		char *s = cJSON_PrintUnformatted(v);

		tc_buf_adds(b, s ? s : "null");
		cJSON_free(s);
	}
}

/* The entry: one member a line, each value on one line, indented by indent. */
static void print_entry(tc_buf *b, const cJSON *entry, const char *indent)
{
	const cJSON *c;

	tc_buf_adds(b, "{");
	cJSON_ArrayForEach(c, entry) {
		cJSON *k = cJSON_CreateString(c->string);
		char *ks = cJSON_PrintUnformatted(k);

		tc_buf_printf(b, "\n%s  %s: ", indent, ks);
		compact(b, c);
		if (c->next)
			tc_buf_adds(b, ",");
		cJSON_free(ks);
		cJSON_Delete(k);
	}
	tc_buf_printf(b, "\n%s}", indent);
}

/* The new text: entry appended to "subprocessors" (created before the root's end). */
static int insert_entry(const char *text, const tc_jdoc *doc, const cJSON *entry, tc_buf *out,
			char *err, size_t errlen)
{
	const tc_jpos *pos = tc_jdoc_find(doc, "/subprocessors");
	size_t at, end;

	if (pos && cJSON_IsArray(cJSON_GetObjectItem(doc->root, "subprocessors"))) {
		size_t open = offset_of(text, pos->vline, pos->vcol);
		int empty = cJSON_GetArraySize(cJSON_GetObjectItem(doc->root, "subprocessors")) == 0;

		if (text[open] != '[' || !(end = closing(text, open)))
			goto bad;
		at = end;
		while (at > open + 1 && (text[at - 1] == ' ' || text[at - 1] == '\n' ||
					 text[at - 1] == '\t' || text[at - 1] == '\r'))
			at--;
		tc_buf_add(out, text, at);
		tc_buf_adds(out, empty ? "\n    " : ",\n    ");
		print_entry(out, entry, "    ");
		tc_buf_adds(out, "\n  ");
		tc_buf_adds(out, text + end);
		return 0;
	}
	end = strlen(text);
	while (end > 0 && text[end - 1] != '}')
		end--;
	if (!end)
		goto bad;
	at = end - 1;
	while (at > 0 && strchr(" \t\r\n", text[at - 1]))
		at--;
	tc_buf_add(out, text, at);
	tc_buf_adds(out, text[at - 1] == '{' ? "\n  \"subprocessors\": [\n    "
					      : ",\n  \"subprocessors\": [\n    ");
	print_entry(out, entry, "    ");
	tc_buf_adds(out, "\n  ]\n");
	tc_buf_adds(out, text + end - 1);
	return 0;
bad:
	tc_seterr(err, errlen, "cannot find where to add the sub-processor in the file");
	return -1;
}

/* Lines of the edit: the changed region with two lines of context. */
static char *line_diff(const char *a, const char *b)
{
	tc_buf d = TC_BUF_INIT;
	size_t pre = 0, la = strlen(a), lb = strlen(b), suf = 0, start, ctx;

	while (pre < la && pre < lb && a[pre] == b[pre])
		pre++;
	while (suf < la - pre && suf < lb - pre && a[la - 1 - suf] == b[lb - 1 - suf])
		suf++;
	/* whole lines: back to the start of the line, forward to its end */
	while (pre > 0 && a[pre - 1] != '\n')
		pre--;
	while (suf > 0 && a[la - suf] != '\n')
		suf--;
	start = pre;
	for (ctx = 0; start > 0 && ctx < 3; ) {
		start--;
		if (start == 0 || a[start - 1] == '\n')
			ctx++;
	}
	for (const char *p = a + start; p < a + pre; ) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		tc_buf_printf(&d, "  %.*s\n", (int)n, p);
		p += n + 1;
	}
	for (const char *p = a + pre; p < a + la - suf; ) {
		const char *e = memchr(p, '\n', (size_t)(a + la - suf - p));
		size_t n = e ? (size_t)(e - p) : (size_t)(a + la - suf - p);

		tc_buf_printf(&d, "- %.*s\n", (int)n, p);
		p += n + 1;
	}
	for (const char *p = b + pre; p < b + lb - suf; ) {
		const char *e = memchr(p, '\n', (size_t)(b + lb - suf - p));
		size_t n = e ? (size_t)(e - p) : (size_t)(b + lb - suf - p);

		tc_buf_printf(&d, "+ %.*s\n", (int)n, p);
		p += n + 1;
	}
	ctx = 0;
	for (const char *p = a + la - suf; *p && ctx < 2; ctx++) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (p == a + la - suf && *p == '\n') {
			p++;
			ctx--;
			continue;
		}
		tc_buf_printf(&d, "  %.*s\n", (int)n, p);
		p += n + (e != NULL);
	}
	return tc_buf_detach(&d);
}

/* Copy src to dst (a catalogue file) for the private validation copy. */
static int copy_file(const char *src, const char *dst, const char *replace, char *err, size_t errlen)
{
	tc_buf b = TC_BUF_INIT;
	int rc;

	if (replace)
		return tc_write_file_atomic(dst, replace, strlen(replace), 0600, err, errlen);
	if (tc_read_file(src, ADOPT_FILE_MAX, &b, err, errlen) < 0)
		return -1;
	rc = tc_write_file_atomic(dst, b.data ? b.data : "", b.len, 0600, err, errlen);
	tc_buf_release(&b);
	return rc;
}

/* Remove the private copy (only the files this module wrote). */
static void remove_copy(const char *tmp)
{
	char *svc = tc_path_join(tmp, "services"), *org = tc_path_join(tmp, "organisation.json");
	DIR *d = opendir(svc);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char *p;

		if (e->d_name[0] == '.')
			continue;
		p = tc_path_join(svc, e->d_name);
		unlink(p);
		free(p);
	}
	if (d)
		closedir(d);
	rmdir(svc);
	unlink(org);
	rmdir(tmp);
	free(svc);
	free(org);
}

/* Load the catalogue with the edited file in a private copy: diags, and 0 when it has
 * no error and the entity is now known to the service; -1 (err) when it cannot be
 * checked. *ok says whether it is valid. */
static int validate(const tc_catalog *cat, const tc_refdata *ref, const tc_adopt_plan *p,
		    tc_diags *diags, int *ok, char *err, size_t errlen)
{
	char *tmpl = NULL, *svc = NULL, *path, *src, why[256];
	tc_catalog edited = TC_CATALOG_INIT;
	int ret = -1;

	*ok = 0;
	tmpl = tc_make_temp_dir("tiacheck-adopt", why, sizeof(why));
	if (!tmpl) {
		tc_seterr(err, errlen, "cannot check the edit: %s", why);
		return -1;
	}
	svc = tc_path_join(tmpl, "services");
	if (tc_mkdir_p(svc, 0700, err, errlen) < 0)
		goto out;
	src = tc_path_join(cat->dir, "organisation.json");
	path = tc_path_join(tmpl, "organisation.json");
	ret = copy_file(src, path, NULL, err, errlen);
	free(src);
	free(path);
	for (size_t i = 0; ret == 0 && i < cat->nservices; i++) {
		const char *f = cat->services[i].file;
		const char *base = f && strrchr(f, '/') ? strrchr(f, '/') + 1 : f;

		if (!base)
			continue;
		path = tc_path_join(svc, base);
		ret = copy_file(f, path, strcmp(cat->services[i].id, p->service) == 0 ? p->text : NULL,
				err, errlen);
		free(path);
	}
	if (ret < 0)
		goto out;
	*ok = tc_catalog_load(tmpl, ref, &edited, diags) == 0;
	/* the diagnostics name the real files, not the copy */
	for (size_t i = 0; i < diags->n; i++) {
		char *f = diags->v[i].file;

		if (f && strncmp(f, tmpl, strlen(tmpl)) == 0) {
			diags->v[i].file = tc_xasprintf("%s%s", cat->dir, f + strlen(tmpl));
			free(f);
		}
	}
	if (*ok) {
		tc_entity_index idx = TC_ENTITY_INDEX_INIT;
		const tc_entity_match *m;

		tc_entity_index_build(&idx, &edited, &ref->scope);
		m = tc_entity_find_for(&idx, p->service, p->entity);
		*ok = m && m->kind == TC_ENTITY_SUBPROCESSOR && strcmp(m->service->id, p->service) == 0;
		if (!*ok)
			tc_diags_add(diags, TC_DIAG_ERROR, p->path, 0, 0,
				     "the edited catalogue does not match the name to the new entry");
		tc_entity_index_release(&idx);
	}
	ret = 0;
out:
	tc_catalog_release(&edited);
	remove_copy(tmpl);
	free(tmpl);
	free(svc);
	return ret;
}

/* The finding behind item: its service, entity and countries (owned *j). */
static int read_item(tc_store *st, const tc_review_ref *item, tc_review_info *info, cJSON **j,
		     char *err, size_t errlen)
{
	tc_finding_row f = { 0 };
	int rc;

	*j = NULL;
	rc = tc_review_info_get(st, item, info, err, errlen);
	if (rc == TC_REVIEW_NOTFOUND)
		return TC_ADOPT_NOTFOUND;
	if (rc != TC_REVIEW_OK)
		return TC_ADOPT_ERROR;
	if (item->type != 'F' || !tc_review_has_deadline(info->kind)) {
		tc_seterr(err, errlen, "%s is not a new or relocated sub-processor (it is %s): "
			  "acknowledge it with 'tiacheck ack %s' instead", item->name,
			  info->kind ? info->kind : "?", item->name);
		return TC_ADOPT_UNSUITABLE;
	}
	if (tc_store_finding_get(st, item->id, &f, err, errlen) != TC_STORE_OK)
		return TC_ADOPT_ERROR;
	*j = cJSON_Parse(f.json ? f.json : "{}");
	tc_finding_row_release(&f);
	if (!*j || !cJSON_GetStringValue(cJSON_GetObjectItem(*j, "subject")) ||
	    cJSON_GetArraySize(cJSON_GetObjectItem(*j, "countries_after")) == 0 ||
	    cJSON_GetArraySize(cJSON_GetObjectItem(*j, "countries_after")) > ADOPT_MAX_COUNTRIES) {
		tc_seterr(err, errlen, "%s names no sub-processor with a country to record", item->name);
		return TC_ADOPT_UNSUITABLE;
	}
	return TC_ADOPT_OK;
}

/* Already a known sub-processor of the service? err says as what. */
static int already_known(const tc_catalog *cat, const tc_refdata *ref, const char *service,
			 const char *name, char *err, size_t errlen)
{
	tc_entity_index idx = TC_ENTITY_INDEX_INIT;
	const tc_entity_match *m;
	int known;

	tc_entity_index_build(&idx, cat, &ref->scope);
	m = tc_entity_find_for(&idx, service, name);
	known = m && m->kind == TC_ENTITY_SUBPROCESSOR && strcmp(m->service->id, service) == 0;
	if (known)
		tc_seterr(err, errlen, "'%s' is already a known sub-processor of %s in the catalogue "
			  "(as '%s'): edit that entry, or acknowledge the item", name, service, m->name);
	tc_entity_index_release(&idx);
	return known;
}

int tc_adopt_plan_make(tc_store *st, const tc_catalog *cat, const tc_refdata *ref,
		       const tc_review_ref *item, const tc_adopt_opts *o, tc_adopt_plan *p,
		       char *err, size_t errlen)
{
	tc_review_info info;
	tc_buf old = TC_BUF_INIT, edited = TC_BUF_INIT;
	tc_jdoc doc;
	const tc_service *s;
	cJSON *j = NULL, *entry = NULL;
	int rc, ok = 0;

	memset(p, 0, sizeof(*p));
	memset(&info, 0, sizeof(info));
	tc_jdoc_init(&doc, "catalogue file", NULL, NULL);
	if ((rc = read_item(st, item, &info, &j, err, errlen)) != TC_ADOPT_OK)
		goto out;
	rc = TC_ADOPT_UNSUITABLE;
	if (!(s = tc_catalog_find(cat, info.service)) || !s->file) {
		tc_seterr(err, errlen, "the service '%s' of %s is not in the catalogue", info.service,
			  item->name);
		goto out;
	}
	p->service = tc_xstrdup(s->id);
	p->entity = tc_xstrdup(cJSON_GetStringValue(cJSON_GetObjectItem(j, "subject")));
	p->path = tc_xstrdup(s->file);
	if (already_known(cat, ref, s->id, p->entity, err, errlen))
		goto out;
	rc = TC_ADOPT_ERROR;
	if (tc_read_file(p->path, ADOPT_FILE_MAX, &old, err, errlen) < 0)
		goto out;
	if (tc_jdoc_parse(&doc, old.data, old.len, TC_JDOC_MAX_DEPTH) < 0 || !cJSON_IsObject(doc.root)) {
		tc_seterr(err, errlen, "'%s' is not a valid JSON object (see 'tiacheck check')", p->path);
		goto out;
	}
	entry = entry_json(ref, p->entity, cJSON_GetObjectItem(j, "countries_after"), o);
	if (insert_entry(old.data, &doc, entry, &edited, err, errlen) < 0)
		goto out;
	p->text = tc_buf_detach(&edited);
	p->diff = line_diff(old.data, p->text);
	if (validate(cat, ref, p, &p->diags, &ok, err, errlen) < 0)
		goto out;
	rc = ok ? TC_ADOPT_OK : TC_ADOPT_INVALID;
	if (!ok)
		tc_seterr(err, errlen, "adopting %s would make the catalogue invalid; nothing was "
			  "written", item->name);
out:
	cJSON_Delete(entry);
	cJSON_Delete(j);
	tc_jdoc_release(&doc);
	tc_buf_release(&old);
	tc_buf_release(&edited);
	tc_review_info_release(&info);
	return rc;
}

int tc_adopt_apply(tc_store *st, const tc_review_ref *item, const tc_adopt_plan *p,
		   const char *by, char *err, size_t errlen)
{
	char why[512], *note;
	int already = 0, rc;

	if (tc_write_file_atomic(p->path, p->text, strlen(p->text), 0644, why, sizeof(why)) < 0) {
		tc_seterr(err, errlen, "cannot write '%s': %s", p->path, why);
		return TC_ADOPT_ERROR;
	}
	note = tc_xasprintf("written into %s", p->path);
	rc = tc_review_decide(st, item, TC_ITEM_ADOPTED, by, note, NULL, tc_now(), &already, why,
			      sizeof(why));
	free(note);
	if (rc != TC_REVIEW_OK) {
		tc_seterr(err, errlen, "'%s' was written, but the decision on %s cannot be recorded: %s",
			  p->path, item->name, why);
		return TC_ADOPT_ERROR;
	}
	return TC_ADOPT_OK;
}
