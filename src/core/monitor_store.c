/*
 * monitor_store: the monitor's dealings with the store around a fetch: open it (and
 * refuse to start a new database next to earlier reports), register the catalogue,
 * resolve selectors, notice a database deleted under us, re-extract baselines.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tiacheck/util.h"

#include "monitor_int.h"

tc_gazetteer *tc_monitor_gazetteer(const tc_catalog *cat, char *err, size_t errlen)
{
	char *path = tc_xasprintf("%s/reference/gazetteer.json", cat->dir ? cat->dir : "catalog");
	tc_gazetteer *gz = NULL;
	char why[384];

	if (tc_gazetteer_load(path, &gz, why, sizeof(why)) < 0) {
		tc_seterr(err, errlen, "cannot load the country gazetteer: %s", why);
		gz = NULL;
	}
	free(path);
	return gz;
}

int tc_monitor_check_selectors(const tc_catalog *cat, const char *const *only, size_t nonly,
			       char *err, size_t errlen)
{
	for (size_t i = 0; i < nonly; i++) {
		const char *sel = only[i];
		const char *slash = strchr(sel, '/');
		char *sid = tc_xstrndup(sel, slash ? (size_t)(slash - sel) : strlen(sel));
		const tc_service *s = tc_catalog_find(cat, sid);

		free(sid);
		if (!s) {
			tc_seterr(err, errlen, "'%s': no such service in the catalogue", sel);
			return TC_MONITOR_BADSEL;
		}
		if (slash && !tc_service_find_doc(s, slash + 1)) {
			tc_seterr(err, errlen, "'%s': service '%s' has no document '%s'", sel, s->id,
				  slash + 1);
			return TC_MONITOR_BADSEL;
		}
	}
	return TC_MONITOR_OK;
}

/* The name of a run report in DIR (tiacheck-YYYY-MM-DD-runN.json), or NULL. */
static char *earlier_report(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *found = NULL;
	size_t seen = 0;

	if (!d)
		return NULL;
	while (!found && seen++ < 100000 && (e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);

		if (n > 14 && strncmp(e->d_name, "tiacheck-", 9) == 0 &&
		    strcmp(e->d_name + n - 5, ".json") == 0 && strstr(e->d_name, "-run"))
			found = tc_xstrdup(e->d_name);
	}
	closedir(d);
	return found;
}

int tc_monitor_open(const char *db_path, const char *reports_dir, tc_store **st,
		    char *err, size_t errlen)
{
	char why[512], *rep;

	*st = NULL;
	if (reports_dir && access(db_path, F_OK) != 0 && errno == ENOENT &&
	    (rep = earlier_report(reports_dir)) != NULL) {
		tc_seterr(err, errlen, "the database '%s' is missing, but '%s' holds reports of "
			  "earlier runs ('%s'): a new database would number its runs from 1 again "
			  "and overwrite them. Restore the database from a backup, or to start "
			  "over move the old reports out of '%s' first", db_path, reports_dir, rep,
			  reports_dir);
		free(rep);
		return TC_MONITOR_REFUSED;
	}
	if (tc_store_open(db_path, st, why, sizeof(why)) < 0) {
		tc_seterr(err, errlen, "cannot open the database: %s", why);
		return TC_MONITOR_ERROR;
	}
	return TC_MONITOR_OK;
}

int tc_monitor_check_db(tc_store *st, const char *db_path, char *err, size_t errlen)
{
	char why[512];
	int gone = 0;

	if (tc_store_file_gone(st, &gone, why, sizeof(why)) < 0)
		return TC_MONITOR_OK; /* cannot tell (another VFS): the writes themselves will say */
	if (!gone)
		return TC_MONITOR_OK;
	tc_seterr(err, errlen, "the database '%s' was deleted or replaced while this run wrote "
		  "to it: what this run found is lost; run again", db_path ? db_path : "?");
	return TC_MONITOR_DB_GONE;
}

int tc_monitor_sync(const tc_catalog *cat, tc_store *st, time_t now, char *err, size_t errlen)
{
	char why[512];
	int64_t version, id;
	int is_new = 0, rc;

	if (tc_store_begin(st, why, sizeof(why)) < 0)
		goto fail;
	/* the catalogue's canonical JSON is made (its files read again) only when this
	 * version is not the one recorded last */
	if ((rc = tc_store_catalog_current(st, cat->hash, &version, why, sizeof(why))) < 0)
		goto fail_rb;
	if (rc == 0) {
		char *json = NULL;

		if (tc_catalog_canonical_json(cat, &json, why, sizeof(why)) < 0)
			goto fail_rb;
		rc = tc_store_sync_catalog(st, cat->hash, json, now, &version, &is_new,
					   why, sizeof(why));
		free(json);
		if (rc < 0)
			goto fail_rb;
	}
	for (size_t i = 0; i < cat->nservices; i++) {
		const tc_service *s = &cat->services[i];

		for (size_t j = 0; j < s->ndocuments; j++)
			if (tc_store_document_id(st, s->id, s->documents[j].id,
						 tc_doc_kind_name(s->documents[j].kind),
						 s->documents[j].url, &id, why, sizeof(why)) < 0)
				goto fail_rb;
	}
	if (tc_store_commit(st, why, sizeof(why)) < 0)
		goto fail_rb;
	(void)is_new;
	return TC_MONITOR_OK;
fail_rb:
	tc_store_rollback(st);
fail:
	tc_seterr(err, errlen, "cannot record the catalogue in the database: %s", why);
	return TC_MONITOR_ERROR;
}

int tc_monitor_select_docs(tc_store *st, const char *sel, tc_doc_row **rows, size_t *n,
			   char *err, size_t errlen)
{
	const char *slash = strchr(sel, '/');
	char *service = tc_xstrndup(sel, slash ? (size_t)(slash - sel) : strlen(sel));
	int rc;

	*rows = NULL;
	*n = 0;
	if (slash) {
		*rows = tc_xcalloc(1, sizeof(**rows));
		rc = tc_store_document_find(st, service, slash + 1, *rows, err, errlen);
		if (rc == TC_STORE_OK)
			*n = 1;
	} else {
		rc = tc_store_document_list(st, service, rows, n, err, errlen);
		if (rc == TC_STORE_OK && *n == 0)
			rc = TC_STORE_NOTFOUND;
	}
	free(service);
	if (rc != TC_STORE_OK) {
		tc_doc_row_list_free(*rows, *n ? *n : (slash ? 1 : 0));
		*rows = NULL;
		*n = 0;
	}
	return rc;
}

void tc_monitor_result_release(tc_monitor_result *res)
{
	for (size_t i = 0; i < res->n; i++) {
		free(res->docs[i].failure_kind);
		free(res->docs[i].failure_detail);
		free(res->docs[i].moved_to);
	}
	free(res->docs);
	memset(res, 0, sizeof(*res));
}

/* Re-extract one catalogue document when it has a baseline; *had_base says so. */
static int reextract_doc(mon_state *ps, const tc_service *s, const tc_document *d,
			 int *had_base, int *failed, char *err, size_t errlen)
{
	tc_doc_result r = { .service = s, .doc = d, .chars = -1 };
	mon_job j = { .service = s, .doc = d, .res = &r };
	char why[512];
	int rc, changed = 0;

	*had_base = 0;
	if (tc_store_document_id(ps->st, s->id, d->id, tc_doc_kind_name(d->kind), d->url,
				 &j.doc_id, err, errlen) < 0)
		return -1;
	r.doc_id = j.doc_id;
	rc = tc_store_snapshot_last_good(ps->st, j.doc_id, &j.base, err, errlen);
	if (rc == TC_STORE_NOTFOUND)
		return 0;
	if (rc < 0)
		return -1;
	*had_base = 1;
	{
		char stored[65];

		tc_mon_job_rules(&j);
		j.rules_stale = tc_store_snapshot_rules(ps->st, j.base.id, stored, why, sizeof(why)) == 0 &&
				strcmp(stored, j.rules_sha ? j.rules_sha : "") != 0;
	}
	if (tc_mon_reextract_one(ps, &j, &changed, why, sizeof(why)) < 0) {
		*failed = 1;
		tc_mon_event(ps, TC_MON_DOC_ERROR, &r, why);
	} else if (changed) {
		tc_mon_event(ps, TC_MON_TECHNICAL, &r, NULL);
	}
	tc_snapshot_release(&j.base);
	free(j.rules_sha);
	return changed;
}

int tc_monitor_reextract(const tc_catalog *cat, tc_store *st, const tc_monitor_opts *mo,
			 size_t *ndocs, size_t *nchanged, char *err, size_t errlen)
{
	mon_state ps = { .cat = cat, .st = st, .mo = mo };
	char why[512];
	int failed = 0, ret;

	*ndocs = *nchanged = 0;
	ret = tc_monitor_check_selectors(cat, mo->only, mo->nonly, err, errlen);
	if (ret < 0)
		return ret;
	/* feeds read country names in item titles: the same text as a fetch makes */
	ps.gz = tc_monitor_gazetteer(cat, why, sizeof(why));
	for (size_t i = 0; i < cat->nservices; i++) {
		const tc_service *s = &cat->services[i];

		for (size_t k = 0; k < s->ndocuments; k++) {
			int had_base, rc;

			if (!tc_mon_selected(mo, s, &s->documents[k]))
				continue;
			rc = reextract_doc(&ps, s, &s->documents[k], &had_base, &failed, why, sizeof(why));
			if (rc < 0) {
				tc_seterr(err, errlen, "cannot read the database: %s", why);
				tc_gazetteer_free(ps.gz);
				return TC_MONITOR_ERROR;
			}
			*ndocs += (size_t)had_base;
			*nchanged += (size_t)rc;
		}
	}
	tc_gazetteer_free(ps.gz);
	if (failed && errlen)
		err[0] = '\0'; /* each was an event already */
	return failed ? TC_MONITOR_ERROR : TC_MONITOR_OK;
}
