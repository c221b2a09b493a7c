/*
 * fourthparty: the fourth-party flows (depth 2) from the sub-processor lists the
 * vendors publish, as stored in their latest good "subprocessors" snapshot.
 */
#include <stdlib.h>
#include <unistd.h>

#include "tiacheck/findings.h"
#include "tiacheck/gazetteer.h"
#include "tiacheck/monitor.h"
#include "tiacheck/subproc.h"
#include "tiacheck/transfer.h"
#include "tiacheck/util.h"

/* The flows of one vendor's stored list; -1 with err on a store error. */
static int add_published(const tc_catalog *cat, const tc_refdata *ref, tc_store *st,
			 tc_gazetteer *gz, const tc_service *s, const tc_document *d,
			 tc_flows *flows, char *err, size_t errlen)
{
	tc_doc_row row = { 0 };
	tc_snapshot snap = { 0 };
	tc_subproc_list list = TC_SUBPROC_LIST_INIT;
	char *text = NULL, why[384];
	size_t len = 0;
	int rc = tc_store_document_find(st, s->id, d->id, &row, why, sizeof(why));

	if (rc == TC_STORE_OK)
		rc = tc_store_snapshot_last_good(st, row.id, &snap, why, sizeof(why));
	if (rc == TC_STORE_OK && snap.text_sha)
		rc = tc_store_get_blob(st, snap.text_sha, &text, &len, why, sizeof(why));
	if (rc < 0) {
		tc_seterr(err, errlen, "cannot read the sub-processor list of %s/%s: %s", s->id,
			  d->id, why);
	} else if (text && tc_findings_subprocessors(gz, text, &list, why, sizeof(why)) == 0) {
		for (size_t r = 0; r < list.nrows; r++) {
			const tc_subproc_row *sr = &list.rows[r];

			if (sr->ncountries == 0)
				continue;
			tc_flows_add_subprocessor(flows, cat, ref, s->id, sr->entity,
						  (const char *const *)sr->countries, sr->ncountries,
						  tc_now());
		}
	}
	tc_subproc_list_release(&list);
	free(text);
	tc_snapshot_release(&snap);
	tc_doc_row_release(&row);
	return rc < 0 ? -1 : 0;
}

int tc_monitor_fourth_party(const tc_catalog *cat, const tc_refdata *ref, tc_store *st,
			    tc_flows *flows, char *err, size_t errlen)
{
	tc_gazetteer *gz = tc_monitor_gazetteer(cat, err, errlen);
	int ret = TC_MONITOR_OK;

	if (!gz)
		return TC_MONITOR_ERROR;
	for (size_t i = 0; i < cat->nservices && ret == TC_MONITOR_OK; i++) {
		const tc_service *s = &cat->services[i];

		for (size_t k = 0; k < s->ndocuments && ret == TC_MONITOR_OK; k++)
			if (s->documents[k].kind == TC_DOC_SUBPROCESSORS &&
			    add_published(cat, ref, st, gz, s, &s->documents[k], flows, err, errlen) < 0)
				ret = TC_MONITOR_ERROR;
	}
	tc_gazetteer_free(gz);
	return ret;
}

int tc_monitor_stored_fourth_party(const char *db_path, const tc_catalog *cat,
				   const tc_refdata *ref, tc_flows *flows, char *err, size_t errlen)
{
	tc_store *st = NULL;
	char why[512];
	int rc;

	if (access(db_path, F_OK) != 0)
		return TC_MONITOR_OK; /* nothing fetched yet: no published lists to add */
	if (tc_store_open(db_path, &st, why, sizeof(why)) < 0) {
		tc_seterr(err, errlen, "cannot open the database: %s", why);
		return TC_MONITOR_ERROR;
	}
	rc = tc_monitor_fourth_party(cat, ref, st, flows, err, errlen);
	tc_store_close(st);
	return rc;
}
