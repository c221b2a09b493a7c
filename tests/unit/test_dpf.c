/* link: util utf8 extract extract_html extract_pdf subproc_feed dpf jsondoc refdata refscope catalog entity transfer gazetteer subproc diff phrases findings */
/* Unit tests of dpf: participant pages of our own making (tests/fixtures/dpf), put
 * through the extractor as a run does, then read; text variants line by line; the
 * findings of a changed page; the flows classified with a page as evidence. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tiacheck/dpf.h"
#include "tiacheck/extract.h"
#include "tiacheck/findings.h"
#include "tiacheck/transfer.h"
#include "tiacheck/util.h"
#include "tu.h"

/* The normalised text of fixture NAME (owned; "" when it cannot be read). */
static char *page_text(const char *name)
{
	const char *top = getenv("TC_TOP");
	char *path = tc_xasprintf("%s/tests/fixtures/dpf/%s", top ? top : ".", name);
	tc_extract_opts o = { .content_type = "text/html; charset=utf-8" };
	tc_extract_result r;
	tc_buf b = TC_BUF_INIT;
	char err[256], *text;

	if (tc_read_file(path, 1 << 20, &b, err, sizeof(err)) < 0) {
		printf("cannot read fixture: %s\n", err);
		free(path);
		return tc_xstrdup("");
	}
	free(path);
	memset(&r, 0, sizeof(r));
	tc_extract(b.data, b.len, &o, &r);
	text = tc_xstrdup(r.text ? r.text : "");
	tc_extract_result_release(&r);
	tc_buf_release(&b);
	return text;
}

static const struct {
	const char *file;
	enum tc_dpf_status status;
	enum tc_dpf_hr hr;
	const char *next;
	int rc;
} pages[] = {
	{ "active-hr.html", TC_DPF_ACTIVE, TC_DPF_HR_YES, "2027-03-14", 0 },
	{ "active-nonhr.html", TC_DPF_ACTIVE, TC_DPF_HR_NO, "2027-03-14", 0 },
	{ "inactive.html", TC_DPF_INACTIVE, TC_DPF_HR_YES, "2026-03-14", 0 },
	{ "withdrawn.html", TC_DPF_WITHDRAWN, TC_DPF_HR_NO, "", 0 },
	{ "unreadable.html", TC_DPF_UNKNOWN, TC_DPF_HR_UNKNOWN, "", 1 },
	{ "contradictory.html", TC_DPF_UNKNOWN, TC_DPF_HR_UNKNOWN, "", 1 },
};

static void test_pages(void)
{
	for (size_t i = 0; i < TC_ARRAY_LEN(pages); i++) {
		char *text = page_text(pages[i].file);
		tc_dpf_page pg;
		int rc = tc_dpf_parse(text, &pg);

		TU_CASE(pages[i].file);
		TU_INT(pg.status, pages[i].status);
		TU_INT(pg.hr, pages[i].hr);
		TU_INT(rc, pages[i].rc);
		TU_STR(pg.next_cert, pages[i].next);
		TU_STR(pg.name, "Example Analytics, Inc.");
		TU_CHECK((pg.status == TC_DPF_UNKNOWN) == (pg.status_line[0] == '\0'),
			 "status line '%s' for status %d", pg.status_line, pg.status);
		free(text);
	}
}

/* Texts as other layouts of the list could show them. */
static const struct {
	const char *name;
	const char *text;
	enum tc_dpf_status status;
	enum tc_dpf_hr hr;
	const char *next;
} texts[] = {
	{ "status key", "# Acme Corp\nStatus: Active\nHR Data: Yes\n",
	  TC_DPF_ACTIVE, TC_DPF_HR_YES, "" },
	{ "status key inactive", "# Acme Corp\nParticipation Status: Not active\nHR Data: No\n",
	  TC_DPF_INACTIVE, TC_DPF_HR_NO, "" },
	{ "eu line beats badge", "# Acme Corp\nActive\nEU-U.S. DPF: Inactive\n",
	  TC_DPF_INACTIVE, TC_DPF_HR_UNKNOWN, "" },
	{ "uk and swiss lines skipped", "# Acme Corp\nUK Extension: Inactive\n"
	  "Swiss-U.S. DPF: Inactive\nStatus: Active\nCovered Data:\n- HR\n- Non-HR\nDone\n",
	  TC_DPF_ACTIVE, TC_DPF_HR_YES, "" },
	{ "withdrawal without status", "# Acme Corp\nWithdrawal date: 1 June 2026\n",
	  TC_DPF_WITHDRAWN, TC_DPF_HR_UNKNOWN, "" },
	{ "active with a withdrawal is a contradiction",
	  "# Acme Corp\nStatus: Active\nDate of withdrawal: 2026-06-01\n",
	  TC_DPF_UNKNOWN, TC_DPF_HR_UNKNOWN, "" },
	{ "withdrawal shown as none", "# Acme Corp\nStatus: Active\nWithdrawal date: -\n",
	  TC_DPF_ACTIVE, TC_DPF_HR_UNKNOWN, "" },
	{ "status in the value", "# Acme Corp\nStatus: Inactive (withdrawn)\n",
	  TC_DPF_WITHDRAWN, TC_DPF_HR_UNKNOWN, "" },
	{ "dates", "# Acme Corp\n**Status:** Active\nNext Recertification Date: Feb 29, 2028\n",
	  TC_DPF_ACTIVE, TC_DPF_HR_UNKNOWN, "2028-02-29" },
	{ "impossible date", "# Acme Corp\nStatus: Active\nNext Certification Due Date: 02/30/2027\n",
	  TC_DPF_ACTIVE, TC_DPF_HR_UNKNOWN, "" },
	{ "empty", "", TC_DPF_UNKNOWN, TC_DPF_HR_UNKNOWN, "" },
	{ "prose only", "# Acme Corp\nWe are active in many markets and proud of it.\n"
	  "Our HR team is hiring.\n", TC_DPF_UNKNOWN, TC_DPF_HR_UNKNOWN, "" },
	{ "covered data of other kinds", "# Acme Corp\nStatus: Active\nCovered Data: "
	  "customer data\n", TC_DPF_ACTIVE, TC_DPF_HR_UNKNOWN, "" },
};

static void test_texts(void)
{
	for (size_t i = 0; i < TC_ARRAY_LEN(texts); i++) {
		tc_dpf_page pg;

		TU_CASE(texts[i].name);
		tc_dpf_parse(texts[i].text, &pg);
		TU_INT(pg.status, texts[i].status);
		TU_INT(pg.hr, texts[i].hr);
		TU_STR(pg.next_cert, texts[i].next);
	}
}

static void test_names(void)
{
	tc_dpf_page pg;

	TU_CASE("names");
	tc_dpf_parse("# Data Privacy Framework\n## Participant Search\n"
		     "Organization Name: Beta Labs LLC\n# Beta\nStatus: Active\n", &pg);
	TU_STR(pg.name, "Beta Labs LLC");
	tc_dpf_parse("# Data Privacy Framework List\n# Gamma Inc.\nActive\n", &pg);
	TU_STR(pg.name, "Gamma Inc.");
	TU_INT(pg.status, TC_DPF_ACTIVE);
	tc_dpf_parse(NULL, &pg);
	TU_STR(pg.name, "");
	TU_STR(tc_dpf_status_name(TC_DPF_WITHDRAWN), "withdrawn");
	TU_STR(tc_dpf_status_name(TC_DPF_UNKNOWN), "unknown");
	TU_STR(tc_dpf_hr_name(TC_DPF_HR_NO), "no");
	TU_CHECK(tc_dpf_status_lapsed(TC_DPF_WITHDRAWN) && !tc_dpf_status_lapsed(TC_DPF_UNKNOWN),
		 "lapsed");
}

/* ---- findings of a changed page ---- */

/* Analyse old -> new (fixture names; old NULL: first snapshot) for a service with
 * subjects (NULL: not known). */
static void analyse(const tc_refdata *ref, const char *old, const char *new,
		    const char *const *subjects, size_t nsubjects, tc_findings *out)
{
	char *to = old ? page_text(old) : NULL, *tn = page_text(new), err[256];
	tc_findings_input in = { .old_text = to, .new_text = tn, .doc_kind = "dpf", .ref = ref,
				 .subjects = subjects, .nsubjects = nsubjects };

	if (tc_findings_analyse(&in, out, err, sizeof(err)) < 0)
		printf("analyse: %s\n", err);
	free(to);
	free(tn);
}

static const tc_finding *find_kind(const tc_findings *f, enum tc_finding_kind k)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].kind == k)
			return &f->v[i];
	return NULL;
}

static void test_findings(const tc_refdata *ref)
{
	static const char *const hr_groups[] = { "customers", "employees" };
	static const char *const customers[] = { "customers" };
	tc_findings f = TC_FINDINGS_INIT;
	const tc_finding *x;

	TU_CASE("findings: active -> inactive");
	analyse(ref, "active-hr.html", "inactive.html", customers, 1, &f);
	x = find_kind(&f, TC_FK_DPF_STATUS_CHANGED);
	TU_CHECK(x && x->severity == TC_SEV_HIGH, "status change is high");
	TU_STR(x ? x->subject : NULL, "Example Analytics, Inc.");
	TU_CHECK(x && strstr(x->msg_en, "from an active participant to inactive") &&
		 strstr(x->msg_en, "no longer covered") && strstr(x->msg_sv, "inaktiv"),
		 "message: %s", x ? x->msg_en : "-");
	TU_STR(x ? x->key : NULL, "dpf_status_changed:active>inactive:2026-03-14");
	TU_INT(f.n, 1);
	tc_findings_release(&f);

	TU_CASE("findings: HR lost with HR subjects");
	analyse(ref, "active-hr.html", "active-nonhr.html", hr_groups, 2, &f);
	x = find_kind(&f, TC_FK_DPF_HR_CHANGED);
	TU_CHECK(x && x->severity == TC_SEV_HIGH && !find_kind(&f, TC_FK_DPF_STATUS_CHANGED),
		 "HR lost is high, status unchanged");
	TU_CHECK(x && strstr(x->msg_en, "was covered, now not covered"), "message: %s",
		 x ? x->msg_en : "-");
	tc_findings_release(&f);

	TU_CASE("findings: HR lost without HR subjects");
	analyse(ref, "active-hr.html", "active-nonhr.html", customers, 1, &f);
	x = find_kind(&f, TC_FK_DPF_HR_CHANGED);
	TU_CHECK(x && x->severity == TC_SEV_MEDIUM, "medium");
	tc_findings_release(&f);
	analyse(ref, "active-hr.html", "active-nonhr.html", NULL, 0, &f);
	x = find_kind(&f, TC_FK_DPF_HR_CHANGED);
	TU_CHECK(x && x->severity == TC_SEV_HIGH, "subjects not known: high");
	tc_findings_release(&f);

	TU_CASE("findings: withdrawn, unreadable, back, unchanged, first");
	analyse(ref, "active-nonhr.html", "withdrawn.html", customers, 1, &f);
	x = find_kind(&f, TC_FK_DPF_STATUS_CHANGED);
	TU_CHECK(x && x->severity == TC_SEV_HIGH && strstr(x->msg_en, "withdrawn"), "withdrawn");
	tc_findings_release(&f);
	analyse(ref, "active-hr.html", "unreadable.html", customers, 1, &f);
	x = find_kind(&f, TC_FK_DPF_STATUS_CHANGED);
	TU_CHECK(x && x->severity == TC_SEV_MEDIUM && strstr(x->msg_en, "unknown") &&
		 strstr(x->msg_en, "recorded in the catalogue applies") &&
		 !strstr(x->msg_en, "no longer covered"), "unreadable: %s", x ? x->msg_en : "-");
	tc_findings_release(&f);
	analyse(ref, "inactive.html", "active-hr.html", customers, 1, &f);
	x = find_kind(&f, TC_FK_DPF_STATUS_CHANGED);
	TU_CHECK(x && x->severity == TC_SEV_MEDIUM && strstr(x->msg_en, "covered again"), "back");
	tc_findings_release(&f);
	analyse(ref, "active-hr.html", "active-hr.html", customers, 1, &f);
	TU_INT(f.n, 0);
	tc_findings_release(&f);
	analyse(ref, NULL, "active-hr.html", customers, 1, &f);
	TU_INT(f.n, 0);
	tc_findings_release(&f);
	analyse(ref, NULL, "inactive.html", customers, 1, &f);
	x = find_kind(&f, TC_FK_DPF_STATUS_CHANGED);
	TU_CHECK(x && x->severity == TC_SEV_HIGH && strstr(x->msg_en, "does not show an active"),
		 "first snapshot inactive");
	TU_STR(tc_finding_kind_name(TC_FK_DPF_HR_CHANGED), "dpf_hr_changed");
	tc_findings_release(&f);
}

/* ---- classification with the page as evidence ---- */

static const char org_json[] =
	"{\"name\": \"Test AB\", \"country\": \"SE\", \"dpo\": {\"email\": \"dpo@test.example\"},"
	" \"languages\": [\"sv\", \"en\"], \"default_lang\": \"en\"}\n";

/* A service relying on the DPF in the US for its parent and a US location, the
 * hand-written evidence active with HR data and checked recently. */
static const char svc_json[] =
	"{\"id\": \"acme\", \"name\": \"Acme\", \"legal_entity\": \"Acme Europe Ltd\","
	" \"country\": \"IE\", \"role\": \"processor\","
	" \"purpose\": {\"sv\": \"Statistik\", \"en\": \"Statistics\"},"
	" \"parent\": {\"name\": \"Acme, Inc.\", \"country\": \"US\"},"
	" \"categories\": [\"email\"], \"subjects\": [\"employees\"], \"sector\": \"commercial\","
	" \"locations\": [{\"country\": \"IE\", \"kinds\": [\"storage\"]},"
	"   {\"country\": \"US\", \"kinds\": [\"processing\"], \"entity\": \"Acme, Inc.\"}],"
	" \"mechanisms\": [{\"country\": \"US\", \"type\": \"dpf\","
	"   \"dpf_url\": \"https://dpf.example/participant/1\", \"dpf_status\": \"active\","
	"   \"dpf_checked\": \"2026-11-01\", \"hr\": true}],"
	" \"documents\": [{\"id\": \"dpf\", \"kind\": \"dpf\","
	"   \"url\": \"https://dpf.example/participant/1\", \"render\": \"static\"}]}\n";

static int write_text(const char *dir, const char *name, const char *text)
{
	char *p = tc_path_join(dir, name), err[256];
	int rc = tc_write_file_atomic(p, text, strlen(text), 0644, err, sizeof(err));

	free(p);
	return rc;
}

static const tc_flow *us_flow(const tc_flows *f)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].depth == 1 && tc_streq(f->v[i].country, "US"))
			return &f->v[i];
	return NULL;
}

/* The US flow of acme with evidence from fixture page (NULL: none), into *cls. */
static void classify_with(const tc_catalog *cat, const tc_refdata *ref, const char *page,
			  const char *checked, tc_flows *f)
{
	tc_dpf_evidence ev;
	char *text = page ? page_text(page) : NULL;

	memset(&ev, 0, sizeof(ev));
	tc_flows_build(cat, ref, tc_now(), f);
	if (page) {
		ev.service = "acme";
		ev.url = "https://dpf.example/participant/1";
		snprintf(ev.checked, sizeof(ev.checked), "%s", checked);
		tc_dpf_parse(text, &ev.page);
		if (!checked[0])
			memset(&ev.page, 0, sizeof(ev.page));   /* not fetched yet */
		tc_flows_apply_dpf(f, cat, ref, &ev, 1, tc_now());
	}
	free(text);
}

static void test_classify(const tc_refdata *ref)
{
	char dir[] = "/tmp/tc-dpf-XXXXXX", *sdir;
	tc_catalog cat = TC_CATALOG_INIT;
	tc_diags d = TC_DIAGS_INIT;
	tc_flows f = TC_FLOWS_INIT;
	const tc_flow *fl;
	size_t n0;

	TU_CASE("classification: setup");
	TU_CHECK(mkdtemp(dir) != NULL, "mkdtemp");
	sdir = tc_path_join(dir, "services");
	TU_INT(tc_mkdir_p(sdir, 0755, NULL, 0), 0);
	TU_INT(write_text(dir, "organisation.json", org_json), 0);
	TU_INT(write_text(sdir, "acme.json", svc_json), 0);
	TU_INT(tc_catalog_load(dir, ref, &cat, &d), 0);

	TU_CASE("classification: hand-written evidence");
	classify_with(&cat, ref, NULL, NULL, &f);
	fl = us_flow(&f);
	TU_CHECK(fl && fl->cls == TC_FC_PARTIAL_COVERED, "covered by the recorded status");
	n0 = f.n;
	tc_flows_release(&f);

	TU_CASE("classification: page active with HR");
	classify_with(&cat, ref, "active-hr.html", "2026-11-24", &f);
	fl = us_flow(&f);
	TU_CHECK(fl && fl->cls == TC_FC_PARTIAL_COVERED && f.n == n0, "covered");
	TU_STR(fl ? fl->dpf_checked : NULL, "2026-11-24");
	TU_CHECK(fl && strstr(fl->reason.en, "read from the participant's page on the DPF List "
			      "(https://dpf.example/participant/1), fetched 2026-11-24: an active "
			      "participant; HR data: covered."), "reason: %s", fl ? fl->reason.en : "-");
	TU_CHECK(fl && strstr(fl->reason.sv, "hämtad 2026-11-24"), "reason sv");
	tc_flows_release(&f);

	TU_CASE("classification: page inactive");
	classify_with(&cat, ref, "inactive.html", "2026-11-24", &f);
	fl = us_flow(&f);
	TU_CHECK(fl && fl->cls == TC_FC_PARTIAL_NOT_COVERED && fl->mechanism == TC_MECH_DPF,
		 "not covered");
	TU_CHECK(fl && strstr(fl->reason.en, "fetched 2026-11-24: inactive"), "reason: %s",
		 fl ? fl->reason.en : "-");
	tc_flows_release(&f);

	TU_CASE("classification: page without HR, employees' data");
	classify_with(&cat, ref, "active-nonhr.html", "2026-11-24", &f);
	fl = us_flow(&f);
	TU_CHECK(fl && fl->cls == TC_FC_PARTIAL_NOT_COVERED && tc_streq(fl->scope_rule, "dpf_hr"),
		 "HR data outside the certification");
	tc_flows_release(&f);

	TU_CASE("classification: page fetched long ago");
	classify_with(&cat, ref, "active-hr.html", "2025-06-01", &f);
	fl = us_flow(&f);
	TU_CHECK(fl && fl->cls == TC_FC_PARTIAL_NOT_COVERED, "stale");
	tc_flows_release(&f);

	TU_CASE("classification: page unreadable");
	classify_with(&cat, ref, "unreadable.html", "2026-11-24", &f);
	fl = us_flow(&f);
	TU_CHECK(fl && fl->cls == TC_FC_PARTIAL_COVERED, "the recorded status applies");
	TU_STR(fl ? fl->dpf_checked : NULL, "2026-11-01");
	TU_CHECK(fl && strstr(fl->reason.en, "shows no status that can be read"), "reason: %s",
		 fl ? fl->reason.en : "-");
	tc_flows_release(&f);

	TU_CASE("classification: page not fetched yet");
	classify_with(&cat, ref, "inactive.html", "", &f);
	fl = us_flow(&f);
	TU_CHECK(fl && fl->cls == TC_FC_PARTIAL_COVERED, "the recorded status applies");
	TU_CHECK(fl && strstr(fl->reason.en, "(https://dpf.example/participant/1) has not been "
			      "fetched successfully yet"), "reason: %s", fl ? fl->reason.en : "-");
	tc_flows_release(&f);

	tc_catalog_release(&cat);
	tc_diags_release(&d);
	{
		char *p = tc_path_join(sdir, "acme.json");

		unlink(p);
		free(p);
		p = tc_path_join(dir, "organisation.json");
		unlink(p);
		free(p);
	}
	rmdir(sdir);
	rmdir(dir);
	free(sdir);
}

int main(void)
{
	tc_refdata ref = TC_REFDATA_INIT;
	const char *top = getenv("TC_TOP");
	char *refdir = tc_path_join(top ? top : ".", "catalog/reference"), err[512];

	setenv("TIACHECK_NOW", "2026-11-25T06:00:00Z", 1);
	test_pages();
	test_texts();
	test_names();
	if (tc_refdata_load(refdir, &ref, err, sizeof(err)) < 0) {
		printf("setup: %s\n", err);
		free(refdir);
		return 1;
	}
	test_findings(&ref);
	test_classify(&ref);
	tc_refdata_release(&ref);
	free(refdir);
	return TU_END("test_dpf");
}
