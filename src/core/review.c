/* review: the DPO's review items (see include/tiacheck/review.h). */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tiacheck/review.h"
#include "tiacheck/util.h"

int tc_review_parse(const char *s, tc_review_ref *out)
{
	char type = 'C';
	char *end = NULL;
	long long v;

	memset(out, 0, sizeof(*out));
	if (!s || !*s)
		return -1;
	if (*s == '#') {
		s++;
	} else if (strchr("cCfFsS", *s)) {
		type = (char)toupper((unsigned char)*s);
		s++;
	}
	if (!isdigit((unsigned char)*s))
		return -1;
	v = strtoll(s, &end, 10);
	if (*end || v <= 0 || end - s > 15)
		return -1;
	out->type = type;
	out->id = (int64_t)v;
	snprintf(out->name, sizeof(out->name), "%c%" PRId64, type, out->id);
	return 0;
}

void tc_review_info_release(tc_review_info *i)
{
	free(i->service);
	free(i->document);
	free(i->kind);
	free(i->subject);
	memset(i, 0, sizeof(*i));
}

static int sev_rank(const char *s)
{
	return !s ? 0 : strcmp(s, "high") == 0 ? 3 : strcmp(s, "medium") == 0 ? 2 : 1;
}

static void set_doc(tc_review_info *info, const tc_doc_row *d)
{
	info->doc = d->id;
	info->service = tc_xstrdup(d->service ? d->service : "?");
	info->document = tc_xstrdup(d->doc ? d->doc : "?");
}

static int info_finding(tc_store *st, int64_t id, tc_review_info *info, char *err, size_t errlen)
{
	tc_finding_row f = { 0 };
	tc_doc_row d = { 0 };
	cJSON *j;
	int rc = tc_store_finding_get(st, id, &f, err, errlen);

	if (rc == TC_STORE_OK)
		rc = tc_store_document_get(st, f.doc, &d, err, errlen);
	if (rc == TC_STORE_OK) {
		set_doc(info, &d);
		snprintf(info->severity, sizeof(info->severity), "%s", f.severity ? f.severity : "info");
		info->kind = tc_xstrdup(f.kind ? f.kind : "finding");
		info->change = f.change;
		info->detected = f.first_seen;
		j = cJSON_Parse(f.json ? f.json : "{}");
		if (tc_review_topic(j))
			info->subject = tc_xstrdup(tc_review_topic(j));
		cJSON_Delete(j);
	}
	tc_finding_row_release(&f);
	tc_doc_row_release(&d);
	return rc;
}

static int info_change(tc_store *st, int64_t id, tc_review_info *info, char *err, size_t errlen)
{
	tc_change c = { 0 };
	tc_doc_row d = { 0 };
	tc_finding_row *fs = NULL;
	size_t nf = 0;
	int rc = tc_store_change_get(st, id, &c, err, errlen), best = 1;

	if (rc == TC_STORE_OK)
		rc = tc_store_document_get(st, c.doc, &d, err, errlen);
	if (rc == TC_STORE_OK)
		rc = tc_store_finding_list_for_change(st, id, &fs, &nf, err, errlen);
	if (rc == TC_STORE_OK) {
		set_doc(info, &d);
		for (size_t i = 0; i < nf; i++)
			if (sev_rank(fs[i].severity) > best)
				best = sev_rank(fs[i].severity);
		snprintf(info->severity, sizeof(info->severity), "%s",
			 best == 3 ? "high" : best == 2 ? "medium" : "info");
		info->kind = tc_xstrdup("change");
		info->change = id;
		info->detected = c.detected_at;
	}
	tc_finding_row_list_free(fs, nf);
	tc_change_release(&c);
	tc_doc_row_release(&d);
	return rc;
}

static int info_streak(tc_store *st, int64_t doc, tc_review_info *info, char *err, size_t errlen)
{
	tc_doc_row d = { 0 };
	int rc = tc_store_document_get(st, doc, &d, err, errlen);

	if (rc == TC_STORE_OK && d.fail_streak <= 0)
		rc = TC_STORE_NOTFOUND;   /* no current streak: nothing to decide on */
	if (rc == TC_STORE_OK) {
		set_doc(info, &d);
		snprintf(info->severity, sizeof(info->severity), "medium");
		info->kind = tc_xstrdup("failure");
		info->detected = d.fail_since;
	}
	tc_doc_row_release(&d);
	return rc;
}

int tc_review_info_get(tc_store *st, const tc_review_ref *ref, tc_review_info *info,
		       char *err, size_t errlen)
{
	int rc;

	memset(info, 0, sizeof(*info));
	rc = ref->type == 'F' ? info_finding(st, ref->id, info, err, errlen)
	     : ref->type == 'S' ? info_streak(st, ref->id, info, err, errlen)
	     : info_change(st, ref->id, info, err, errlen);
	if (rc == TC_STORE_NOTFOUND) {
		tc_review_info_release(info);
		if (ref->type == 'C')
			tc_seterr(err, errlen, "no change %lld", (long long)ref->id);
		else
			tc_seterr(err, errlen, "there is no item %s", ref->name);
		return TC_REVIEW_NOTFOUND;
	}
	if (rc < 0) {
		tc_review_info_release(info);
		return TC_REVIEW_ERROR;
	}
	return TC_REVIEW_OK;
}

const char *tc_review_topic(const cJSON *finding)
{
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItem(finding, "subject"));

	if (s && *s)
		return s;
	s = cJSON_GetStringValue(cJSON_GetObjectItem(finding, "country"));
	return s && *s ? s : NULL;
}

int tc_review_fold_rank(const char *kind)
{
	if (!kind)
		return 0;
	if (strncmp(kind, "subprocessor_", 13) == 0)
		return 3;
	if (strcmp(kind, "undeclared_transfer") == 0)
		return 2;
	return strncmp(kind, "country_", 8) == 0 ? 1 : 0;
}

/* The other findings of the same document about the same entity. */
static int settle_siblings(tc_store *st, const tc_review_ref *ref, const tc_review_info *info,
			   const tc_item_row *row, char *err, size_t errlen)
{
	tc_finding_row *fs = NULL;
	size_t nf = 0;
	int rc = 0;

	if (ref->type != 'F' || !info->subject || !info->change)
		return 0;
	if (tc_store_finding_list_for_change(st, info->change, &fs, &nf, err, errlen) < 0)
		return -1;
	for (size_t i = 0; i < nf && rc == 0; i++) {
		cJSON *j = cJSON_Parse(fs[i].json ? fs[i].json : "{}");
		const char *subj = tc_review_topic(j);
		char name[24];
		int dummy;

		if (fs[i].id != ref->id && subj && strcmp(subj, info->subject) == 0) {
			tc_item_row r = *row;

			snprintf(name, sizeof(name), "F%" PRId64, fs[i].id);
			r.item = name;
			rc = tc_store_item_set(st, &r, &dummy, err, errlen);
		}
		cJSON_Delete(j);
	}
	tc_finding_row_list_free(fs, nf);
	return rc < 0 ? -1 : 0;
}

/* 1 when the item already has this decision (for a streak: on this streak). */
static int same_decision(tc_store *st, const tc_review_ref *ref, enum tc_item_state state,
			 time_t since)
{
	tc_item_row r;
	char err[256];
	int same = tc_store_item_get(st, ref->name, &r, err, sizeof(err)) == TC_STORE_OK &&
		   r.state == state && (ref->type != 'S' || r.streak_since == since);

	tc_item_row_release(&r);
	return same;
}

/* When every finding of change is decided on, the change is too (acknowledged, by
 * the same person): it leaves the open changes. */
static int settle_change(tc_store *st, int64_t change, const tc_item_row *row, char *err,
			 size_t errlen)
{
	tc_finding_row *fs = NULL;
	size_t nf = 0, decided = 0;
	int rc = 0;

	if (!change || tc_store_finding_list_for_change(st, change, &fs, &nf, err, errlen) < 0)
		return change ? -1 : 0;
	for (size_t i = 0; i < nf; i++) {
		tc_item_row r;
		char name[24];

		snprintf(name, sizeof(name), "F%" PRId64, fs[i].id);
		if (tc_store_item_get(st, name, &r, err, errlen) == TC_STORE_OK)
			decided++;
		tc_item_row_release(&r);
	}
	if (nf && decided == nf) {
		char name[24];
		tc_item_row c = { .item = name, .state = TC_ITEM_ACKNOWLEDGED, .at = row->at,
				  .by = row->by, .note = "every finding decided on" };
		tc_item_row old;
		int already, found;

		snprintf(name, sizeof(name), "C%" PRId64, change);
		found = tc_store_item_get(st, name, &old, err, errlen);
		tc_item_row_release(&old);
		if (found == TC_STORE_NOTFOUND)
			rc = tc_store_item_set(st, &c, &already, err, errlen);
	}
	tc_finding_row_list_free(fs, nf);
	return rc < 0 ? -1 : 0;
}

int tc_review_decide(tc_store *st, const tc_review_ref *ref, enum tc_item_state state,
		     const char *by, const char *note, const char *how, time_t at,
		     int *already, char *err, size_t errlen)
{
	tc_review_info info;
	tc_item_row row = { .item = (char *)ref->name, .state = state, .at = at,
			    .by = (char *)by, .note = (char *)note, .how = (char *)how };
	int rc = tc_review_info_get(st, ref, &info, err, errlen);

	*already = 0;
	if (rc != TC_REVIEW_OK)
		return rc;
	if (same_decision(st, ref, state, info.detected)) {
		*already = 1;
		goto out;
	}
	if (state == TC_ITEM_ACKNOWLEDGED && strcmp(info.severity, "high") == 0 &&
	    (!note || !*note)) {
		tc_seterr(err, errlen, "%s is of high severity: say what was decided with --note",
			  ref->name);
		rc = TC_REVIEW_NEEDS_NOTE;
		goto out;
	}
	row.streak_since = ref->type == 'S' ? info.detected : 0;
	if (tc_store_begin(st, err, errlen) < 0) {
		rc = TC_REVIEW_ERROR;
		goto out;
	}
	if (tc_store_item_set(st, &row, already, err, errlen) < 0 ||
	    (!*already && settle_siblings(st, ref, &info, &row, err, errlen) < 0) ||
	    (!*already && ref->type == 'F' && settle_change(st, info.change, &row, err, errlen) < 0) ||
	    tc_store_commit(st, err, errlen) < 0) {
		tc_store_rollback(st);
		rc = TC_REVIEW_ERROR;
	}
out:
	tc_review_info_release(&info);
	return rc;
}

int tc_review_has_deadline(const char *kind)
{
	return kind && (strcmp(kind, "subprocessor_added") == 0 ||
			strcmp(kind, "subprocessor_location_changed") == 0);
}

time_t tc_review_due(const tc_catalog *cat, const char *service, const char *kind,
		     time_t detected)
{
	const tc_service *s = cat ? tc_catalog_find(cat, service ? service : "") : NULL;
	int days = s && s->dpa_objection_days > 0 ? s->dpa_objection_days : TC_DPA_DEFAULT_DAYS;

	if (!tc_review_has_deadline(kind) || !detected)
		return 0;
	return detected + (time_t)days * 86400;
}
