/*
 * dpfstatus: the monitored DPF pages as evidence for the flows. See
 * include/tiacheck/dpfstatus.h.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tiacheck/dpfstatus.h"
#include "tiacheck/util.h"

/* The evidence of one service's page into *ev. 1 when it has a good snapshot with
 * text, 0 when not (yet), -1 with err on a store error. */
static int read_one(tc_store *st, const tc_service *s, const tc_document *d,
		    tc_dpf_evidence *ev, char *err, size_t errlen)
{
	tc_doc_row row = { 0 };
	tc_snapshot snap = { 0 };
	char *text = NULL, why[384];
	size_t len = 0;
	int rc = tc_store_document_find(st, s->id, d->id, &row, why, sizeof(why)), ret = 0;

	if (rc == TC_STORE_OK)
		rc = tc_store_snapshot_last_good(st, row.id, &snap, why, sizeof(why));
	if (rc == TC_STORE_OK && snap.text_sha)
		rc = tc_store_get_blob(st, snap.text_sha, &text, &len, why, sizeof(why));
	if (rc < 0) {
		tc_seterr(err, errlen, "cannot read the DPF page %s/%s: %s", s->id, d->id, why);
		ret = -1;
	} else if (rc == TC_STORE_OK && text) {
		time_t at = snap.confirmed_until > snap.fetched_at ? snap.confirmed_until
								   : snap.fetched_at;
		char day[16];

		memset(ev, 0, sizeof(*ev));
		ev->service = s->id;
		ev->url = d->url;
		tc_date_utc(at, day);
		memcpy(ev->checked, day, sizeof(ev->checked) - 1);   /* YYYY-MM-DD */
		tc_dpf_parse(text, &ev->page);
		ret = 1;
	}
	free(text);
	tc_snapshot_release(&snap);
	tc_doc_row_release(&row);
	return ret;
}

int tc_dpfstatus_read(tc_store *st, const tc_catalog *cat, tc_dpf_evidence **out, size_t *n,
		      char *err, size_t errlen)
{
	tc_dpf_evidence *v = tc_xcalloc(cat->nservices + 1, sizeof(*v));
	size_t k = 0;

	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < cat->nservices; i++) {
		const tc_service *s = &cat->services[i];
		const tc_document *d = tc_service_dpf_doc(s);
		int rc = d && st ? read_one(st, s, d, &v[k], err, errlen) : 0;

		if (rc < 0) {
			free(v);
			return -1;
		}
		if (d && rc == 0) {
			/* not fetched successfully yet: the recorded evidence stands */
			memset(&v[k], 0, sizeof(v[k]));
			v[k].service = s->id;
			v[k].url = d->url;
		}
		k += d != NULL;
	}
	*out = v;
	*n = k;
	return 0;
}

void tc_dpfstatus_free(tc_dpf_evidence *v, size_t n)
{
	(void)n;   /* nothing owned inside: the strings are the catalogue's */
	free(v);
}

int tc_dpfstatus_apply(const tc_catalog *cat, const tc_refdata *ref, tc_store *st,
		       tc_flows *flows, char *err, size_t errlen)
{
	tc_dpf_evidence *ev = NULL;
	size_t n = 0;

	if (tc_dpfstatus_read(st, cat, &ev, &n, err, errlen) < 0)
		return -1;
	tc_flows_apply_dpf(flows, cat, ref, ev, n, tc_now());
	tc_dpfstatus_free(ev, n);
	return 0;
}

/* 1 when some service has a DPF page to monitor. */
static int any_page(const tc_catalog *cat)
{
	for (size_t i = 0; i < cat->nservices; i++)
		if (tc_service_dpf_doc(&cat->services[i]))
			return 1;
	return 0;
}

int tc_dpfstatus_apply_db(const char *db_path, const tc_catalog *cat, const tc_refdata *ref,
			  tc_flows *flows, char *err, size_t errlen)
{
	tc_store *st = NULL;
	char why[512];
	int rc;

	if (!any_page(cat))
		return 0;
	if (access(db_path, F_OK) != 0)   /* nothing fetched yet */
		return tc_dpfstatus_apply(cat, ref, NULL, flows, err, errlen);
	if (tc_store_open(db_path, &st, why, sizeof(why)) < 0) {
		tc_seterr(err, errlen, "cannot open the database: %s", why);
		return -1;
	}
	rc = tc_dpfstatus_apply(cat, ref, st, flows, err, errlen);
	tc_store_close(st);
	return rc;
}
