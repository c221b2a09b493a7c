/*
 * fuzz_catalog: libFuzzer harness for the catalogue loader (catalog + jsondoc +
 * refdata). The loader reads files, so each input is written into a private temporary
 * catalogue directory that holds the shipped reference data: as services/ID.json
 * (ID taken from the input's "id" when it is a valid one, so the id/file-name check
 * passes too) or, when the input looks like an organisation file ("dpo" or
 * "activities" in it), as organisation.json next to a shipped service. Then
 * tc_catalog_load() runs and its results are walked (lookups, diagnostics as JSON).
 *
 * Needs the repository top: $TC_TOP, else the TC_FUZZ_TOP the build defines, else ".".
 * tests/unit/test_fuzz_regressions.c includes this file with TC_FUZZ_NO_MAIN.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tiacheck/catalog.h"
#include "tiacheck/refdata.h"
#include "tiacheck/util.h"

#ifndef TC_FUZZ_TOP
#define TC_FUZZ_TOP "."
#endif

static struct {
	int ready;
	tc_refdata ref;
	char *dir;          /* the temporary catalogue */
	char *svc_dir;
	tc_buf org;         /* shipped organisation.json */
	tc_buf svc;         /* a shipped service file (hubspot.json) */
} fc;

static const char *fc_top(void)
{
	const char *t = getenv("TC_TOP");

	return t && *t ? t : TC_FUZZ_TOP;
}

static void fc_cleanup(void)
{
	char *p;

	if (!fc.dir)
		return;
	p = tc_path_join(fc.dir, "organisation.json");
	unlink(p);
	free(p);
	rmdir(fc.svc_dir);
	rmdir(fc.dir);
}

/* Load the reference data and make the temporary catalogue once; 0 ok. */
static int fc_setup(char *err, size_t errlen)
{
	char *refdir, *p, tmpl[4096];
	const char *tmp = getenv("TMPDIR");
	int rc;

	if (fc.ready)
		return 0;
	setenv("TIACHECK_NOW", "2026-11-25T06:00:00Z", 1);
	p = tc_path_join(fc_top(), "catalog");
	refdir = tc_path_join(p, "reference");
	free(p);
	rc = tc_refdata_load(refdir, &fc.ref, err, errlen);
	free(refdir);
	if (rc < 0)
		return -1;
	p = tc_path_join(fc_top(), "catalog/organisation.json");
	tc_buf_init(&fc.org, TC_CATALOG_MAX_FILE);
	rc = tc_read_file(p, TC_CATALOG_MAX_FILE, &fc.org, err, errlen);
	free(p);
	if (rc < 0)
		return -1;
	p = tc_path_join(fc_top(), "catalog/services/hubspot.json");
	tc_buf_init(&fc.svc, TC_CATALOG_MAX_FILE);
	rc = tc_read_file(p, TC_CATALOG_MAX_FILE, &fc.svc, err, errlen);
	free(p);
	if (rc < 0)
		return -1;
	snprintf(tmpl, sizeof(tmpl), "%s/tcfuzz-catalog.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(tmpl)) {
		snprintf(err, errlen, "cannot create a directory in %s", tmp ? tmp : "/tmp");
		return -1;
	}
	fc.dir = tc_xstrdup(tmpl);
	fc.svc_dir = tc_path_join(fc.dir, "services");
	if (tc_mkdir_p(fc.svc_dir, 0700, err, errlen) < 0)
		return -1;
	atexit(fc_cleanup);
	fc.ready = 1;
	return 0;
}

/* Write a file plainly (no fsync: this runs thousands of times a second). 0 ok. */
static int fc_write(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	int ok;

	if (!f)
		return -1;
	ok = fwrite(data, 1, n, f) == n;
	ok = fclose(f) == 0 && ok;
	return ok ? 0 : -1;
}

/* The file stem to use: the first "id" value when it is a plausible service id. */
static void fc_stem(const char *s, size_t n, char *out, size_t outlen)
{
	const char *k = memmem(s, n, "\"id\"", 4);
	size_t i, j = 0;

	snprintf(out, outlen, "fuzz");
	if (!k)
		return;
	i = (size_t)(k - s) + 4;
	while (i < n && (s[i] == ' ' || s[i] == ':' || s[i] == '\n'))
		i++;
	if (i >= n || s[i] != '"')
		return;
	for (i++; i < n && j + 1 < outlen && j < 64; i++, j++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			break;
		out[j] = c;
	}
	if (j == 0 || i >= n || s[i] != '"' || out[0] == '-')
		snprintf(out, outlen, "fuzz");
	else
		out[j] = '\0';
}

/* Walk what the loader returned, so that half-filled structures are read too. */
static void fc_walk(const tc_catalog *cat, const tc_diags *diags)
{
	char *json = tc_diags_to_json(diags, 0);

	free(json);
	json = tc_diags_to_json(diags, 1);
	free(json);
	for (size_t i = 0; i < cat->nservices; i++) {
		const tc_service *s = &cat->services[i];

		(void)tc_catalog_find(cat, s->id);
		(void)tc_role_name(s->role);
		(void)tc_i18n_get(&s->purpose, TC_LANG_EN);
		(void)tc_service_has_category(s, "personnummer");
		for (size_t k = 0; k < s->nlocations; k++)
			if (s->locations[k].country)
				(void)tc_service_mechanism(s, s->locations[k].country);
		for (size_t k = 0; k < s->ndocuments; k++) {
			(void)tc_doc_kind_name(s->documents[k].kind);
			if (s->documents[k].id)
				(void)tc_service_find_doc(s, s->documents[k].id);
		}
		for (size_t k = 0; k < s->nmechanisms; k++)
			(void)tc_mech_type_name(s->mechanisms[k].type);
	}
}

/* Write data as one catalogue file, load, walk, clean up; 0 unless the harness
 * itself failed (why[] says how). */
static int fuzz_catalog_one(const uint8_t *data, size_t size, char *why, size_t whylen)
{
	const char *s = (const char *)data;
	int as_org = memmem(s, size, "\"dpo\"", 5) || memmem(s, size, "\"activities\"", 12);
	tc_catalog cat = TC_CATALOG_INIT;
	tc_diags diags = TC_DIAGS_INIT;
	char stem[80], name[96];
	char *org_path = NULL, *svc_path = NULL;
	int ret = -1;

	if (fc_setup(why, whylen) < 0)
		return -1;
	if (size > TC_CATALOG_MAX_FILE + 16)
		return 0;
	if (as_org)
		snprintf(stem, sizeof(stem), "hubspot");
	else
		fc_stem(s, size, stem, sizeof(stem));
	snprintf(name, sizeof(name), "%s.json", stem);
	org_path = tc_path_join(fc.dir, "organisation.json");
	svc_path = tc_path_join(fc.svc_dir, name);
	if (fc_write(org_path, as_org ? s : fc.org.data, as_org ? size : fc.org.len) < 0 ||
	    fc_write(svc_path, as_org ? fc.svc.data : s, as_org ? fc.svc.len : size) < 0) {
		snprintf(why, whylen, "cannot write the catalogue in %s", fc.dir);
		goto out;
	}
	(void)tc_catalog_load(fc.dir, &fc.ref, &cat, &diags);
	if (!cat.hash) {
		snprintf(why, whylen, "loader left hash NULL");
		tc_catalog_release(&cat);
		tc_diags_release(&diags);
		goto out;
	}
	fc_walk(&cat, &diags);
	tc_catalog_release(&cat);
	tc_diags_release(&diags);
	ret = 0;
out:
	if (svc_path)
		unlink(svc_path);
	free(svc_path);
	free(org_path);
	return ret;
}

#ifndef TC_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[512];

	if (fuzz_catalog_one(data, size, why, sizeof(why)) < 0) {
		fprintf(stderr, "fuzz_catalog: %s\n", why);
		abort();
	}
	return 0;
}
#endif
