/*
 * fuzz_subproc: libFuzzer harness for the sub-processor table parser and what builds
 * on it (subproc, findings). An input is an old and a new normalised text separated
 * by the first 0x1E byte (no separator: there is no old text); each text ends at its
 * first NUL. Both are parsed with the shipped gazetteer; rows must be well formed
 * (entity, key, raw line, line number, table index, non-empty country codes); the row
 * diff must be consistent with its kinds and a list compared with itself must give
 * no change. Then tc_findings_analyse() runs on the pair as a sub-processor page and
 * as a DPA, and every finding must have its key, messages and a known kind.
 *
 * Needs the repository top: $TC_TOP, else the TC_FUZZ_TOP the build defines, else ".".
 * tests/unit/test_fuzz_regressions.c includes this file with TC_FUZZ_NO_MAIN.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tiacheck/findings.h"
#include "tiacheck/gazetteer.h"
#include "tiacheck/refdata.h"
#include "tiacheck/subproc.h"
#include "tiacheck/util.h"

#ifndef TC_FUZZ_TOP
#define TC_FUZZ_TOP "."
#endif

static struct {
	int ready;
	tc_gazetteer *gz;
	tc_refdata ref;
} fs;

/* Load the shipped gazetteer and reference data once; 0 ok. */
static int fs_setup(char *err, size_t errlen)
{
	const char *top = getenv("TC_TOP");
	char *path;
	int rc;

	if (fs.ready)
		return 0;
	if (!top || !*top)
		top = TC_FUZZ_TOP;
	path = tc_path_join(top, "catalog/reference/gazetteer.json");
	rc = tc_gazetteer_load(path, &fs.gz, err, errlen);
	free(path);
	if (rc < 0)
		return -1;
	path = tc_path_join(top, "catalog/reference");
	rc = tc_refdata_load(path, &fs.ref, err, errlen);
	free(path);
	if (rc < 0)
		return -1;
	fs.ready = 1;
	return 0;
}

static const char *fs_check_codes(char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!v || !v[i] || !v[i][0])
			return "empty or NULL country code";
	return NULL;
}

/* Rows of one parsed text are well formed; NULL when they are. */
static const char *fs_check_list(const tc_subproc_list *l)
{
	const char *why;

	if (l->nrows && !l->ntables)
		return "rows without a table";
	for (size_t i = 0; i < l->nrows; i++) {
		const tc_subproc_row *r = &l->rows[i];

		if (!r->entity || !r->key || !r->raw)
			return "row without entity, key or raw line";
		if (r->line == 0 || r->table >= l->ntables)
			return "row with line 0 or a table index out of range";
		if (i && r->line <= l->rows[i - 1].line)
			return "rows out of text order";
		if ((why = fs_check_codes(r->countries, r->ncountries)) ||
		    (why = fs_check_codes(r->corp_countries, r->ncorp)))
			return why;
	}
	return NULL;
}

/* The changes agree with their kinds; NULL when they do. */
static const char *fs_check_changes(const tc_subproc_changes *c)
{
	const char *why;

	for (size_t i = 0; i < c->n; i++) {
		const tc_subproc_change *x = &c->v[i];

		if (x->kind < TC_SPC_ADDED || x->kind > TC_SPC_REWORDED)
			return "change of an unknown kind";
		if (!x->entity || !x->key)
			return "change without entity or key";
		if ((x->kind == TC_SPC_ADDED) != !x->old_row ||
		    (x->kind == TC_SPC_REMOVED) != !x->new_row)
			return "change rows do not match its kind";
		if ((why = fs_check_codes(x->before, x->nbefore)) ||
		    (why = fs_check_codes(x->after, x->nafter)))
			return why;
		(void)tc_subproc_change_kind_name(x->kind);
	}
	return NULL;
}

/* Findings of the pair read as one kind of document; NULL when they are sane. */
static const char *fs_findings(const char *old_text, const char *new_text, const char *kind,
			       char *err, size_t errlen)
{
	static const char *const declared[] = { "SE", "IE", "US" };
	tc_findings_input in;
	tc_findings f = TC_FINDINGS_INIT;
	const char *why = NULL;

	memset(&in, 0, sizeof(in));
	in.old_text = old_text;
	in.new_text = new_text;
	in.doc_kind = kind;
	in.declared = declared;
	in.ndeclared = TC_ARRAY_LEN(declared);
	in.recorded_version = "2025-01-01";
	in.ref = &fs.ref;
	in.gz = fs.gz;
	if (tc_findings_analyse(&in, &f, err, errlen) < 0)
		return "tc_findings_analyse failed";
	for (size_t i = 0; i < f.n && !why; i++) {
		const tc_finding *x = &f.v[i];

		if (x->kind < TC_FK_SUBPROCESSOR_ADDED || x->kind > TC_FK_STALE_MECHANISM ||
		    x->severity < TC_SEV_INFO || x->severity > TC_SEV_HIGH)
			why = "finding of an unknown kind or severity";
		else if (!x->key || !x->msg_en || !x->msg_sv || !x->evidence)
			why = "finding without key, messages or evidence";
		else if (i && x->severity > f.v[i - 1].severity)
			why = "findings not ordered by severity";
		else
			why = fs_check_codes(x->before, x->nbefore) ?
			      fs_check_codes(x->before, x->nbefore) :
			      fs_check_codes(x->after, x->nafter);
	}
	tc_findings_release(&f);
	return why;
}

/* Parse, diff and analyse; 0 when sane, -1 with a message in why[]. */
static int fuzz_subproc_one(const uint8_t *data, size_t size, char *why, size_t whylen)
{
	const char *in = (const char *)data;
	const char *sep = memchr(in, 0x1e, size);
	size_t na = sep ? (size_t)(sep - in) : 0;
	char *old_text = sep ? tc_xstrndup(in, na) : NULL;
	char *new_text = sep ? tc_xstrndup(sep + 1, size - na - 1) : tc_xstrndup(in, size);
	tc_subproc_list lo = TC_SUBPROC_LIST_INIT, ln = TC_SUBPROC_LIST_INIT;
	tc_subproc_changes ch = TC_SUBPROC_CHANGES_INIT, self = TC_SUBPROC_CHANGES_INIT;
	char err[256] = "";
	const char *w = NULL;
	int ret = -1;

	if (fs_setup(why, whylen) < 0)
		goto out;
	if (tc_subproc_parse(fs.gz, old_text ? old_text : "", &lo, err, sizeof(err)) < 0 ||
	    tc_subproc_parse(fs.gz, new_text, &ln, err, sizeof(err)) < 0) {
		w = "tc_subproc_parse failed";
		goto out;
	}
	if ((w = fs_check_list(&lo)) || (w = fs_check_list(&ln)))
		goto out;
	tc_subproc_diff(&lo, &ln, &ch);
	if ((w = fs_check_changes(&ch)))
		goto out;
	tc_subproc_diff(&ln, &ln, &self);
	if (self.n) {
		w = "a list compared with itself has changes";
		goto out;
	}
	if (ln.nrows) {
		char *key = tc_subproc_entity_key(ln.rows[0].raw);

		free(key);
	}
	if ((w = fs_findings(old_text, new_text, "subprocessors", err, sizeof(err))) ||
	    (w = fs_findings(old_text, new_text, "dpa", err, sizeof(err))))
		goto out;
	ret = 0;
out:
	if (w)
		snprintf(why, whylen, "%s%s%s", w, err[0] ? ": " : "", err);
	tc_subproc_changes_release(&ch);
	tc_subproc_changes_release(&self);
	tc_subproc_list_release(&lo);
	tc_subproc_list_release(&ln);
	free(old_text);
	free(new_text);
	return ret;
}

#ifndef TC_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[512];

	if (fuzz_subproc_one(data, size, why, sizeof(why)) < 0) {
		fprintf(stderr, "fuzz_subproc: %s\n", why);
		abort();
	}
	return 0;
}
#endif
