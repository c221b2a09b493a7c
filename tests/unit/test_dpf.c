/* link: util utf8 extract extract_html extract_pdf dpf */
/* Unit tests of dpf: participant pages of our own making (tests/fixtures/dpf), put
 * through the extractor as a run does, then read; and text variants line by line. */
#include <stdlib.h>
#include <string.h>

#include "tiacheck/dpf.h"
#include "tiacheck/extract.h"
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

int main(void)
{
	test_pages();
	test_texts();
	test_names();
	return TU_END("test_dpf");
}
