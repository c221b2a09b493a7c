/* link: util jsondoc refdata refscope catalog transfer store runreport review entity */
/*
 * runreport: the one builder of the run JSON. A change whose record cannot be read is
 * listed all the same (with read_error) and counted; a change's diff is capped with
 * blocks_omitted; failure records carry http_status, chars and min_chars.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "tiacheck/runreport.h"
#include "tiacheck/util.h"
#include "tu.h"

static char err[512];

/* A Diff JSON with n "add" blocks (owned string, cJSON_free). */
static char *big_diff(int n)
{
	cJSON *d = cJSON_CreateObject(), *blocks = cJSON_AddArrayToObject(d, "blocks");
	char *s;

	cJSON_AddNumberToObject(d, "added", n);
	for (int i = 0; i < n; i++) {
		cJSON *b = cJSON_CreateObject();

		cJSON_AddStringToObject(b, "op", "add");
		cJSON_AddNullToObject(b, "a");
		cJSON_AddStringToObject(b, "b", "a new line");
		cJSON_AddItemToArray(blocks, b);
	}
	s = cJSON_PrintUnformatted(d);
	cJSON_Delete(d);
	return s;
}

static void test_cap_diff(void)
{
	char *s = big_diff(TC_RUNREPORT_MAX_BLOCKS + 7);
	cJSON *d = cJSON_Parse(s), *small = cJSON_Parse("{\"blocks\":[{\"op\":\"add\"}]}");

	TU_INT(tc_runreport_cap_diff(d, TC_RUNREPORT_MAX_BLOCKS), 7);
	TU_INT(cJSON_GetArraySize(cJSON_GetObjectItem(d, "blocks")), TC_RUNREPORT_MAX_BLOCKS);
	TU_INT(tc_runreport_cap_diff(small, TC_RUNREPORT_MAX_BLOCKS), 0);
	TU_INT(tc_runreport_cap_diff(NULL, 1), 0);
	cJSON_Delete(d);
	cJSON_Delete(small);
	cJSON_free(s);
}

static int64_t snapshot(tc_store *st, int64_t doc, int64_t run, const char *text)
{
	tc_snapshot s = { 0 };
	char sha[65];
	int64_t id = 0;

	tc_sha256_hex(text, strlen(text), sha);
	TU_INT(tc_store_put_blob(st, sha, text, strlen(text), "raw", err, sizeof(err)), 0);
	s.doc = doc;
	s.run = run;
	s.fetched_at = 1700000000;
	s.url = "https://acme.example/dpa";
	s.http_status = 200;
	s.raw_sha = sha;
	s.text_sha = sha;
	s.extractor_version = 1;
	TU_INT(tc_store_snapshot_insert(st, &s, &id, err, sizeof(err)), 0);
	return id;
}

static cJSON *find_change(cJSON *root, const char *arr, double id)
{
	cJSON *c;

	cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, arr))
		if (cJSON_GetNumberValue(cJSON_GetObjectItem(c, "id")) == id)
			return c;
	return NULL;
}

static cJSON *item_named(const cJSON *root, const char *id)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, cJSON_GetObjectItem(root, "items"))
		if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(it, "id")), id) == 0)
			return (cJSON *)it;
	return NULL;
}

static void finding(tc_store *st, int64_t doc, int64_t change, int64_t run, const char *kind,
		    const char *key, const char *json, int64_t *id)
{
	tc_finding_row f = { .doc = doc, .change = change, .run = run, .kind = (char *)kind,
			     .severity = "high", .key = (char *)key, .json = (char *)json,
			     .first_seen = 1700000000 };
	int is_new;

	TU_INT(tc_store_finding_insert(st, &f, id, &is_new, err, sizeof(err)), 0);
}

/* Items: a due date from the DPA's objection window, one item per entity, a known
 * sub-processor covered, the service's status. */
static void test_items(tc_runreport_in *in, tc_service *svc, int64_t doc, int64_t change,
		       int64_t run)
{
	tc_location loc = { .country = "DE" };
	tc_subprocessor known = { .name = "Acme Hosting GmbH", .locations = &loc, .nlocations = 1 };
	int64_t f1 = 0, f2 = 0, f3 = 0;
	char n1[24], n2[24], n3[24];
	cJSON *root = NULL, *it, *sv;

	TU_CASE("items");
	svc->dpa_objection_days = 10;
	svc->subprocessors = &known;
	svc->nsubprocessors = 1;
	finding(in->st, doc, change, run, "subprocessor_added", "sa:infosys",
		"{\"subject\":\"Infosys BPM Limited\",\"countries_after\":[\"IN\"]}", &f1);
	finding(in->st, doc, change, run, "undeclared_transfer", "ut:infosys",
		"{\"subject\":\"Infosys BPM Limited\",\"country\":\"IN\"}", &f2);
	finding(in->st, doc, change, run, "subprocessor_added", "sa:acme",
		"{\"subject\":\"Acme Hosting\",\"countries_after\":[\"DE\"]}", &f3);
	snprintf(n1, sizeof(n1), "F%lld", (long long)f1);
	snprintf(n2, sizeof(n2), "F%lld", (long long)f2);
	snprintf(n3, sizeof(n3), "F%lld", (long long)f3);
	setenv("TIACHECK_NOW", "2023-11-20T00:00:00Z", 1);
	TU_CHECK(tc_runreport_build(in, &root, err, sizeof(err)) >= 0, "built: %s", err);
	unsetenv("TIACHECK_NOW");
	it = item_named(root, n1);
	TU_CHECK(it != NULL, "the new sub-processor is an item");
	TU_STR(cJSON_GetStringValue(cJSON_GetObjectItem(it, "due")), "2023-11-24");
	TU_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(it, "days_left")), 4);
	TU_STR(cJSON_GetStringValue(cJSON_GetArrayItem(cJSON_GetObjectItem(it, "also"), 0)), n2);
	TU_CHECK(item_named(root, n2) == NULL, "its undeclared transfer is folded into it");
	it = item_named(root, n3);
	TU_CHECK(it && cJSON_IsTrue(cJSON_GetObjectItem(it, "covered")), "a known sub-processor is covered");
	TU_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(it, "covered_by"), "kind")),
	       "subprocessor");
	TU_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "summary"), "open_items")), 1);
	sv = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "services"), 0);
	TU_STR(cJSON_GetStringValue(cJSON_GetObjectItem(sv, "status")), "red");
	cJSON_Delete(root);
	root = NULL;
	/* past the due date: overdue, counted, the service red */
	setenv("TIACHECK_NOW", "2023-12-01T00:00:00Z", 1);
	TU_CHECK(tc_runreport_build(in, &root, err, sizeof(err)) >= 0, "built: %s", err);
	unsetenv("TIACHECK_NOW");
	it = item_named(root, n1);
	TU_CHECK(it && cJSON_IsTrue(cJSON_GetObjectItem(it, "overdue")), "overdue after its due date");
	TU_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(it, "days_left")), -6);
	TU_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "summary"), "overdue_items")), 1);
	cJSON_Delete(root);
	svc->subprocessors = NULL;
	svc->nsubprocessors = 0;
}

static void test_build(void)
{
	char path[] = "/tmp/tc-runreport-XXXXXX";
	int fd = mkstemp(path);
	tc_store *st = NULL;
	tc_document doc = { .id = "dpa", .kind = TC_DOC_DPA, .url = "https://acme.example/dpa" };
	tc_service svc = { .id = "acme", .name = "Acme Cloud", .documents = &doc, .ndocuments = 1 };
	tc_catalog cat = TC_CATALOG_INIT;
	tc_doc_result docs[3] = { 0 };
	tc_monitor_result res = { .docs = docs, .n = 3, .nchanged = 2, .nfailed = 1 };
	tc_runreport_in in = { .cat = &cat, .run_id = 0, .started = 1700000000, .status = "partial",
			       .lang = TC_LANG_EN, .threshold = 3, .res = &res };
	tc_runreport_ids ids = { 0 };
	tc_change ch = { 0 };
	int64_t run = 0, docid = 0, chid = 0;
	cJSON *root = NULL, *c, *f;
	char *diff = big_diff(TC_RUNREPORT_MAX_BLOCKS + 25);

	cat.services = &svc;
	cat.nservices = 1;
	cat.org.name = "Org";
	close(fd);
	unlink(path);
	TU_INT(tc_store_open(path, &st, err, sizeof(err)), 0);
	if (!st)
		goto out;
	in.st = st;
	TU_INT(tc_store_run_begin(st, 1700000000, "run", NULL, &run, err, sizeof(err)), 0);
	TU_INT(tc_store_document_id(st, "acme", "dpa", "dpa", doc.url, &docid, err, sizeof(err)), 0);
	ch.doc = docid;
	ch.run = run;
	ch.from_snapshot = snapshot(st, docid, run, "old text");
	ch.to_snapshot = snapshot(st, docid, run, "new text");
	ch.detected_at = 1700000000;
	ch.added = TC_RUNREPORT_MAX_BLOCKS + 25;
	ch.diff_json = diff;
	TU_INT(tc_store_change_insert(st, &ch, &chid, err, sizeof(err)), 0);
	in.run_id = run;
	for (int i = 0; i < 3; i++) {
		docs[i].service = &svc;
		docs[i].doc = &doc;
		docs[i].doc_id = docid;
		docs[i].outcome = TC_OUT_CHANGED;
		docs[i].chars = -1;
	}
	docs[0].change_id = chid;
	docs[1].change_id = chid + 1000; /* no such change: a read error, listed all the same */
	docs[2].outcome = TC_OUT_FAILED;
	docs[2].failure_kind = "too_small";
	docs[2].failure_detail = "only 171 characters of text (minimum 200)";
	docs[2].http_status = 200;
	docs[2].chars = 171;
	docs[2].min_chars = 200;

	TU_CASE("report");
	TU_INT(tc_runreport_build(&in, &root, err, sizeof(err)), 1);
	TU_CHECK(strstr(err, "no such change") != NULL, "err: %s", err);
	c = find_change(root, "changes", (double)chid);
	TU_CHECK(c != NULL, "the readable change is listed");
	TU_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(c, "blocks_omitted")), 25);
	TU_INT(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetObjectItem(c, "diff"), "blocks")),
	       TC_RUNREPORT_MAX_BLOCKS);
	c = find_change(root, "changes", (double)(chid + 1000));
	TU_CHECK(c != NULL, "the unreadable change is not dropped");
	TU_CHECK(cJSON_IsString(cJSON_GetObjectItem(c, "read_error")), "it carries read_error");
	TU_STR(cJSON_GetStringValue(cJSON_GetObjectItem(c, "service")), "acme");
	f = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "failures"), 0);
	TU_STR(cJSON_GetStringValue(cJSON_GetObjectItem(f, "kind")), "too_small");
	TU_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(f, "http_status")), 200);
	TU_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(f, "chars")), 171);
	TU_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(f, "min_chars")), 200);
	cJSON_Delete(root);
	root = NULL;

	TU_CASE("alert");
	TU_INT(tc_runreport_build_alert(&in, &root, &ids, err, sizeof(err)), 0);
	TU_INT(ids.nchanges, 1);
	c = find_change(root, "changes", (double)chid);
	TU_CHECK(c != NULL, "the change is in the alert");
	TU_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(c, "blocks_omitted")), 25);
	TU_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "run"), "lang")), "en");
	cJSON_Delete(root);
	root = NULL;
	test_items(&in, &svc, docid, chid, run);
out:
	tc_runreport_ids_release(&ids);
	cJSON_Delete(root);
	cJSON_free(diff);
	tc_store_close(st);
	unlink(path);
	{
		char *wal = tc_xasprintf("%s-wal", path), *shm = tc_xasprintf("%s-shm", path);

		unlink(wal);
		unlink(shm);
		free(wal);
		free(shm);
	}
}

int main(void)
{
	test_cap_diff();
	test_build();
	return TU_END("test_runreport");
}
