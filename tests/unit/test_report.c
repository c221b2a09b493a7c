/* link: util utf8 i18n msg_vocab msg_report msg_policy msg_tia msg_flows msg_cli render report */
/*
 * Unit tests of the report module: golden outputs (sv/en x md/html, JSON, alert)
 * from the fixtures in tests/fixtures/report (UPDATE_GOLDEN=1 rewrites the goldens
 * in tests/golden/report), escaping of hostile vendor text, atomic writing and the
 * alert's content.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tiacheck/i18n.h"
#include "tiacheck/report.h"
#include "tiacheck/util.h"
#include "tu.h"

static const char *top(void)
{
	const char *t = getenv("TC_TOP");

	return t && *t ? t : ".";
}

static cJSON *load(const char *name)
{
	char *path = tc_xasprintf("%s/tests/fixtures/report/%s", top(), name);
	tc_buf b = TC_BUF_INIT;
	char err[256];
	cJSON *j = NULL;

	if (tc_read_file(path, 1 << 20, &b, err, sizeof(err)) < 0)
		printf("cannot load fixture: %s\n", err);
	else
		j = cJSON_Parse(b.data);
	TU_CHECK(j != NULL, "fixture %s parses", name);
	tc_buf_release(&b);
	free(path);
	return j;
}

/* Compare s with tests/golden/report/NAME, or write it when UPDATE_GOLDEN=1. */
static void golden(const char *name, const char *s)
{
	char *path = tc_xasprintf("%s/tests/golden/report/%s", top(), name);
	const char *upd = getenv("UPDATE_GOLDEN");
	tc_buf b = TC_BUF_INIT;
	char err[256];

	if (upd && strcmp(upd, "1") == 0) {
		TU_CHECK(tc_write_file_atomic(path, s, strlen(s), 0644, err, sizeof(err)) == 0,
			 "write golden %s: %s", path, err);
	} else if (tc_read_file(path, 16 << 20, &b, err, sizeof(err)) < 0) {
		TU_CHECK(0, "golden %s: %s (UPDATE_GOLDEN=1 creates it)", name, err);
	} else {
		size_t i = 0, line = 1;

		while (s[i] && b.data[i] && s[i] == b.data[i]) {
			if (s[i] == '\n')
				line++;
			i++;
		}
		TU_CHECK(s[i] == b.data[i], "golden %s differs at line %zu: got \"%.60s\"",
			 name, line, s + i);
	}
	tc_buf_release(&b);
	free(path);
}

static char *render(const cJSON *run, enum tc_report_format fmt, enum tc_lang lang)
{
	tc_buf b = TC_BUF_INIT;
	char err[256] = "";

	TU_CHECK(tc_report_render(run, fmt, lang, &b, err, sizeof(err)) == 0, "render: %s", err);
	return tc_buf_detach(&b);
}

/* ---- HTML: only our own tags, no script, no active links ---- */

static const char *const allowed_tags[] = {
	"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "table",
	"thead", "tbody", "tr", "th", "td", "ul", "li", "code", "del", "ins", "div",
	"span", "strong", "a", "hr",
};

static int tag_allowed(const char *name, size_t n)
{
	for (size_t i = 0; i < TC_ARRAY_LEN(allowed_tags); i++)
		if (strlen(allowed_tags[i]) == n && strncasecmp(allowed_tags[i], name, n) == 0)
			return 1;
	return 0;
}

static size_t count(const char *h, const char *needle)
{
	size_t n = 0;

	for (const char *p = h; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static void check_html_safe(const char *what, const char *h)
{
	int bad = 0;

	TU_CHECK(tc_startswith(h, "<!DOCTYPE html>\n<html lang="), "%s: doctype", what);
	TU_CHECK(strstr(h, "<meta charset=\"utf-8\">") != NULL, "%s: charset", what);
	TU_CHECK(strstr(h, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
			   "'none'; style-src 'unsafe-inline'\">") != NULL, "%s: CSP", what);
	TU_INT(count(h, "<style"), 1);
	TU_INT(count(h, "</style>"), 1);
	TU_CHECK(strcasestr(h, "<script") == NULL, "%s: no <script", what);
	TU_CHECK(strcasestr(h, "<img") == NULL, "%s: no <img", what);
	TU_CHECK(strstr(h, "<!--") == NULL, "%s: no comment opener", what);
	TU_CHECK(strcasestr(h, "href=\"javascript") == NULL, "%s: no javascript: href", what);
	{
		const char *st = strstr(h, "<style>"), *en = strstr(h, "</style>");
		char *css = st && en > st ? tc_xstrndup(st, (size_t)(en - st)) : tc_xstrdup("");

		TU_CHECK(!strcasestr(css, "@import") && !strcasestr(css, "url(") &&
			 !strcasestr(css, "@font-face"), "%s: no external assets in CSS", what);
		free(css);
	}
	for (const char *p = h; (p = strchr(p, '<')); p++) {
		const char *n = p + 1, *gt = strchr(p, '>');
		char *tag = gt ? tc_xstrndup(p, (size_t)(gt - p)) : tc_xstrdup(p);
		size_t len = 0;

		TU_CHECK(!strcasestr(tag, "src=") && !strcasestr(tag, "style=") &&
			 !strcasestr(tag, " on"), "%s: no asset or handler attribute: %s", what, tag);
		free(tag);

		if (strncmp(p, "<!DOCTYPE html>", 15) == 0)
			continue;
		if (*n == '/')
			n++;
		while (isalnum((unsigned char)n[len]))
			len++;
		if (!tag_allowed(n, len)) {
			bad++;
			printf("  unexpected markup in %s: %.40s\n", what, p);
		}
		if (len == 1 && *n == 'a' && n[-1] != '/')
			TU_CHECK(tc_startswith(n + 1, " href=\"https://") ||
				 tc_startswith(n + 1, " href=\"http://"), "%s: link %.40s", what, p);
	}
	TU_INT(bad, 0);
	TU_CHECK(tc_endswith(h, "</body>\n</html>\n"), "%s: closed", what);
}

/* ---- Markdown: outside code fences no raw HTML, no link syntax ---- */

static void check_md_safe(const char *what, const char *md)
{
	char *copy = tc_xstrdup(md), *save = NULL;
	size_t fence = 0;
	int bad = 0, fences = 0;

	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t ticks = strspn(line, "`");

		if (fence) {
			if (ticks >= fence) {
				TU_CHECK(ticks == fence && line[ticks] == '\0',
					 "%s: fence closed only by our line: %s", what, line);
				fence = 0;
			}
			continue;
		}
		if (ticks >= 3 && strcmp(line + ticks, "diff") == 0) {
			fence = ticks;
			fences++;
			continue;
		}
		for (const char *p = line; *p; p++) {
			if (*p == '<' || (*p == ']' && p[1] == '(' && p[-1] != '\\') ||
			    (*p == '[' && (p == line || p[-1] != '\\'))) {
				bad++;
				printf("  active markdown in %s: %s\n", what, line);
				break;
			}
		}
	}
	TU_INT(fence, 0);
	TU_CHECK(fences > 0, "%s: has diff blocks", what);
	TU_INT(bad, 0);
	free(copy);
}

static void test_goldens(void)
{
	/* dashboard: a run with review items and service statuses (make demo, week 2) */
	static const char *const fixtures[] = { "full", "empty", "hostile", "dashboard" };
	static const enum tc_lang langs[] = { TC_LANG_SV, TC_LANG_EN };

	for (size_t f = 0; f < TC_ARRAY_LEN(fixtures); f++) {
		char *name = tc_xasprintf("%s.json", fixtures[f]);
		cJSON *run = load(name);

		free(name);
		if (!run)
			continue;
		for (size_t l = 0; l < TC_ARRAY_LEN(langs); l++) {
			for (int fmt = TC_REPORT_MD; fmt <= TC_REPORT_HTML; fmt++) {
				char *a = render(run, (enum tc_report_format)fmt, langs[l]);
				char *b = render(run, (enum tc_report_format)fmt, langs[l]);
				char *g = tc_xasprintf("%s.%s.%s", fixtures[f], tc_lang_code(langs[l]),
						       tc_report_format_name((enum tc_report_format)fmt));

				TU_STR(a, b); /* deterministic */
				golden(g, a);
				TU_CHECK(tc_utf8_valid(a, strlen(a)), "%s is valid UTF-8", g);
				if (fmt == TC_REPORT_HTML)
					check_html_safe(g, a);
				else if (f != 1)
					check_md_safe(g, a);
				free(a);
				free(b);
				free(g);
			}
			{
				char *subject, *text, *html, err[256] = "";
				int r = tc_report_alert(run, langs[l], &subject, &text, &html, err,
							sizeof(err));

				if (f == 1) {
					TU_INT(r, 0);
				} else {
					char *g = tc_xasprintf("%s.%s.alert.txt", fixtures[f], tc_lang_code(langs[l]));
					char *all;

					TU_INT(r, 1);
					all = tc_xasprintf("Subject: %s\n\n%s", subject ? subject : "",
							   text ? text : "");
					golden(g, all);
					free(g);
					free(all);
					g = tc_xasprintf("%s.%s.alert.html", fixtures[f], tc_lang_code(langs[l]));
					if (html) {
						golden(g, html);
						check_html_safe(g, html);
					}
					free(g);
				}
				free(subject);
				free(text);
				free(html);
			}
		}
		if (f == 0) {
			char *j = render(run, TC_REPORT_JSON, TC_LANG_SV);
			cJSON *back = cJSON_Parse(j);

			golden("full.out.json", j);
			TU_CHECK(tc_endswith(j, "}\n"), "JSON ends with a newline");
			TU_CHECK(back && cJSON_Compare(back, run, 1), "JSON round-trips");
			cJSON_Delete(back);
			free(j);
		}
		cJSON_Delete(run);
	}
}

/* Specific escaping facts about the hostile fixture. */
static void test_escaping(void)
{
	cJSON *run = load("hostile.json");
	char *h, *md, *subject, *text, *html, err[256];

	if (!run)
		return;
	h = render(run, TC_REPORT_HTML, TC_LANG_EN);
	TU_CHECK(strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL, "script escaped");
	TU_CHECK(strstr(h, "&lt;img src=x onerror=alert(1)&gt;") != NULL, "img escaped");
	TU_CHECK(strstr(h, "&lt;/style&gt;&lt;script&gt;") != NULL, "</style> escaped");
	TU_CHECK(strstr(h, "&lt;!-- unterminated comment") != NULL, "comment escaped");
	TU_CHECK(strstr(h, "&amp;lt;script&amp;gt;") != NULL, "entities in vendor text stay text");
	TU_CHECK(strstr(h, "<code>javascript:alert(6)</code>") != NULL, "javascript: URL as code");
	TU_CHECK(strstr(h, "\xef\xbf\xbd") != NULL, "invalid UTF-8 / bidi shown as U+FFFD");
	TU_CHECK(strchr(h, '\a') == NULL && strchr(h, '\r') == NULL, "no control characters");
	TU_CHECK(strstr(h, "\xe2\x80\xae") == NULL, "no bidi override");
	free(h);

	md = render(run, TC_REPORT_MD, TC_LANG_EN);
	TU_CHECK(strstr(md, "\\[click me\\](javascript:alert(3))") != NULL, "md link neutralised");
	TU_CHECK(strstr(md, "&lt;javascript:alert(4)&gt;") != NULL, "md autolink neutralised");
	TU_CHECK(strstr(md, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL, "md script inert");
	TU_CHECK(strstr(md, "&lt;!-- unterminated") != NULL, "md comment inert");
	TU_CHECK(strstr(md, "````diff\n") != NULL, "fence longer than the ``` in vendor text");
	TU_CHECK(strstr(md, "``tiacheck diff evil`svc/dpa``") != NULL ||
		 strstr(md, "`` tiacheck diff evil`svc/dpa ``") != NULL, "code span survives a backtick");
	TU_CHECK(strstr(md, "dpa\\|x") != NULL, "table pipe escaped");
	TU_CHECK(strchr(md, '\a') == NULL && strchr(md, '\r') == NULL, "md no control characters");
	free(md);

	TU_INT(tc_report_alert(run, TC_LANG_SV, &subject, &text, &html, err, sizeof(err)), 1);
	TU_CHECK(subject && !strchr(subject, '\r') && !strchr(subject, '\n'),
		 "subject on one line: %s", subject ? subject : "(null)");
	TU_CHECK(subject && strlen(subject) <= TC_REPORT_SUBJECT_MAX, "subject bounded");
	TU_CHECK(subject && strstr(subject, "Bcc: victim") != NULL &&
		 !strstr(subject, "\nBcc"), "header injection flattened");
	TU_CHECK(text && !strchr(text, '\r') && !strchr(text, '\a'), "text clean");
	free(subject);
	free(text);
	free(html);
	cJSON_Delete(run);
}

static cJSON *parse(const char *s)
{
	cJSON *j = cJSON_Parse(s);

	TU_CHECK(j != NULL, "test JSON parses: %.60s", s);
	return j;
}

static int alert_of(const char *json, enum tc_lang lang, char **subject, char **text)
{
	cJSON *run = parse(json);
	char *html = NULL, err[256] = "";
	int r;

	*subject = *text = NULL;
	if (!run)
		return -2;
	r = tc_report_alert(run, lang, subject, text, &html, err, sizeof(err));
	if (r < 0)
		printf("  alert error: %s\n", err);
	TU_CHECK(r != 1 || (html && tc_startswith(html, "<!DOCTYPE html>")), "html alternative");
	TU_CHECK(r == 1 || (!*subject && !*text && !html), "nothing returned without alert");
	free(html);
	cJSON_Delete(run);
	return r;
}

#define HUBSPOT_CHANGE \
	"{\"id\":3,\"service\":\"hubspot\",\"service_name\":\"HubSpot\",\"document\":\"dpa\"," \
	"\"doc_kind\":\"dpa\",\"url\":\"https://h.example/dpa\",\"from\":\"2026-11-18T06:00:00Z\"," \
	"\"to\":\"2026-11-25T06:00:00Z\",\"technical\":%s,\"diff\":{\"added\":1,\"removed\":0," \
	"\"changed\":0,\"blocks\":[{\"op\":\"add\",\"a\":null,\"b\":\"Ny rad\"}]},\"findings\":[]}"
#define FINDING(sev) \
	"{\"kind\":\"term_added\",\"severity\":\"" sev "\",\"evidence\":\"e\",\"message\":{\"en\":\"m\"," \
	"\"sv\":\"m\"},\"service\":\"hubspot\",\"document\":\"dpa\"}"

static void test_alert(void)
{
	char *s, *t, json[4096];
	const char *head = "{\"tiacheck_report\":1,\"run\":{\"id\":7,\"started\":\"2026-11-25T06:00:00Z\"},"
			   "\"organisation\":{\"name\":\"Elinfo\"},";

	/* the brief's example, in both languages */
	snprintf(json, sizeof(json), "%s\"changes\":[" HUBSPOT_CHANGE "],\"findings\":[" FINDING("high")
		 "," FINDING("info") "]}", head, "false");
	TU_INT(alert_of(json, TC_LANG_SV, &s, &t), 1);
	TU_STR(s, "tiacheck: HubSpot ändrade sitt personuppgiftsbiträdesavtal (DPA); 2 nya fynd");
	TU_CHECK(t && strstr(t, "tiacheck diff hubspot/dpa") && strstr(t, "tiacheck ack 3"),
		 "review commands in the text");
	TU_CHECK(t && strstr(t, "    + Ny rad\n"), "added line marked");
	TU_CHECK(t && strstr(t, "tiacheck report 7"), "pointer to the full report without a URL");
	free(s);
	free(t);
	TU_INT(alert_of(json, TC_LANG_EN, &s, &t), 1);
	TU_STR(s, "tiacheck: HubSpot changed its DPA; 2 new findings");
	free(s);
	free(t);

	/* report_url and report_path */
	snprintf(json, sizeof(json), "%s\"changes\":[" HUBSPOT_CHANGE "],\"report_path\":\"reports/x.html\"}",
		 head, "false");
	TU_INT(alert_of(json, TC_LANG_SV, &s, &t), 1);
	TU_STR(s, "tiacheck: HubSpot ändrade sitt personuppgiftsbiträdesavtal (DPA)");
	TU_CHECK(t && strstr(t, "reports/x.html"), "local path of the report");
	free(s);
	free(t);

	/* nothing: no sections at all, or only a technical change */
	TU_INT(alert_of("{\"tiacheck_report\":1}", TC_LANG_SV, &s, &t), 0);
	snprintf(json, sizeof(json), "%s\"changes\":[" HUBSPOT_CHANGE "]}", head, "true");
	TU_INT(alert_of(json, TC_LANG_SV, &s, &t), 0);

	/* failures: threshold default 3, run.failures_alert, explicit alert flag */
	TU_INT(alert_of("{\"tiacheck_report\":1,\"failures\":[{\"service\":\"a\",\"document\":\"d\","
			"\"kind\":\"timeout\",\"consecutive\":2}]}", TC_LANG_SV, &s, &t), 0);
	TU_INT(alert_of("{\"tiacheck_report\":1,\"failures\":[{\"service\":\"a\",\"service_name\":\"Å\","
			"\"document\":\"d\",\"kind\":\"timeout\",\"consecutive\":3}]}", TC_LANG_SV, &s, &t), 1);
	TU_STR(s, "tiacheck: Å/d kunde inte hämtas 3 gånger i rad");
	free(s);
	free(t);
	TU_INT(alert_of("{\"tiacheck_report\":1,\"run\":{\"failures_alert\":2},\"failures\":[{\"service\":\"a\","
			"\"document\":\"d\",\"kind\":\"timeout\",\"consecutive\":2}]}", TC_LANG_EN, &s, &t), 1);
	TU_STR(s, "tiacheck: a/d could not be fetched 2 times in a row");
	free(s);
	free(t);
	TU_INT(alert_of("{\"tiacheck_report\":1,\"failures\":[{\"service\":\"a\",\"document\":\"d\","
			"\"kind\":\"timeout\",\"consecutive\":1,\"alert\":true}]}", TC_LANG_SV, &s, &t), 1);
	free(s);
	free(t);
	TU_INT(alert_of("{\"tiacheck_report\":1,\"failures\":[{\"service\":\"a\",\"document\":\"d\","
			"\"kind\":\"timeout\",\"consecutive\":9,\"alert\":false}]}", TC_LANG_SV, &s, &t), 0);

	/* many changes: counted in the subject */
	snprintf(json, sizeof(json), "%s\"changes\":[" HUBSPOT_CHANGE "," HUBSPOT_CHANGE ","
		 HUBSPOT_CHANGE ",%s]}", head, "false", "false", "false",
		 "{\"id\":9,\"service\":\"slack\",\"service_name\":\"Slack\",\"document\":\"terms\","
		 "\"doc_kind\":\"other\"}");
	TU_INT(alert_of(json, TC_LANG_SV, &s, &t), 1);
	TU_STR(s, "tiacheck: 4 dokument ändrades (HubSpot, HubSpot, HubSpot, …)");
	free(s);
	free(t);
}

/* The alert shows only the first TC_REPORT_ALERT_BLOCKS changed blocks. */
static void test_alert_bounded(void)
{
	cJSON *run = parse("{\"tiacheck_report\":1,\"changes\":[{\"id\":1,\"service\":\"s\","
			   "\"document\":\"dpa\",\"doc_kind\":\"dpa\",\"diff\":{\"blocks\":[]}}]}");
	cJSON *blocks = cJSON_GetObjectItem(cJSON_GetObjectItem(
		cJSON_GetArrayItem(cJSON_GetObjectItem(run, "changes"), 0), "diff"), "blocks");
	char *s, *t, *h, err[256], line[4096];
	tc_buf report = TC_BUF_INIT;

	for (int i = 0; i < 20; i++) {
		cJSON *b = cJSON_CreateObject();

		snprintf(line, sizeof(line), "added block %02d", i);
		cJSON_AddStringToObject(b, "op", "add");
		cJSON_AddStringToObject(b, "b", line);
		cJSON_AddItemToArray(blocks, b);
	}
	memset(line, 'x', 1000);
	line[1000] = '\0';
	cJSON_AddStringToObject(cJSON_GetArrayItem(blocks, 0), "a", "");
	cJSON_ReplaceItemInObject(cJSON_GetArrayItem(blocks, 0), "b", cJSON_CreateString(line));
	TU_INT(tc_report_alert(run, TC_LANG_EN, &s, &t, &h, err, sizeof(err)), 1);
	TU_CHECK(t && strstr(t, "added block 05") && !strstr(t, "added block 06"),
		 "first %d blocks only", TC_REPORT_ALERT_BLOCKS);
	TU_CHECK(t && strstr(t, "14 more changed blocks"), "says how many more");
	TU_CHECK(t && !strstr(t, line) && strstr(t, "xxx…"), "long line cut");
	TU_CHECK(h && !strstr(h, "added block 06"), "html bounded too");
	free(s);
	free(t);
	free(h);
	/* the full report has them all */
	TU_INT(tc_report_render(run, TC_REPORT_MD, TC_LANG_EN, &report, err, sizeof(err)), 0);
	TU_CHECK(strstr(report.data, "+ added block 19") != NULL, "report unbounded");
	tc_buf_release(&report);
	cJSON_Delete(run);
}

static void test_errors(void)
{
	static const struct { const char *json; enum tc_lang lang; const char *want; } cases[] = {
		{ "[]", TC_LANG_SV, "expected a JSON object" },
		{ "{\"run\":{}}", TC_LANG_SV, "\"tiacheck_report\": 1" },
		{ "{\"tiacheck_report\":2}", TC_LANG_EN, "\"tiacheck_report\": 1" },
		{ "{\"tiacheck_report\":1,\"changes\":{}}", TC_LANG_SV, "\"changes\" is not an array" },
		{ "{\"tiacheck_report\":1,\"flows\":[1]}", TC_LANG_SV, "\"flows[0]\" is not an object" },
		{ "{\"tiacheck_report\":1,\"run\":[]}", TC_LANG_SV, "\"run\" is not an object" },
	};
	enum tc_report_format f;

	for (size_t i = 0; i < TC_ARRAY_LEN(cases); i++) {
		cJSON *run = parse(cases[i].json);
		tc_buf b = TC_BUF_INIT;
		char err[256] = "", *s, *t, *h;

		TU_INT(tc_report_render(run, TC_REPORT_HTML, cases[i].lang, &b, err, sizeof(err)), -1);
		TU_CHECK(strstr(err, cases[i].want) != NULL, "case %zu: err \"%s\" has \"%s\"", i, err,
			 cases[i].want);
		TU_INT(tc_report_alert(run, cases[i].lang, &s, &t, &h, err, sizeof(err)), -1);
		TU_CHECK(!s && !t && !h, "no output on error");
		tc_buf_release(&b);
		cJSON_Delete(run);
	}
	/* a full buffer */
	{
		cJSON *run = load("full.json");
		tc_buf b;
		char err[256] = "";

		tc_buf_init(&b, 1000);
		TU_INT(tc_report_render(run, TC_REPORT_MD, TC_LANG_SV, &b, err, sizeof(err)), -1);
		TU_CHECK(strstr(err, "limit of 1000 bytes") != NULL, "limit error: %s", err);
		tc_buf_release(&b);
		cJSON_Delete(run);
	}
	TU_INT(tc_report_format_parse("markdown", &f), 0);
	TU_INT(f, TC_REPORT_MD);
	TU_INT(tc_report_format_parse("pdf", &f), -1);
}

static int exists(const char *dir, const char *name)
{
	char *p = tc_path_join(dir, name);
	struct stat st;
	int r = stat(p, &st) == 0;

	free(p);
	return r;
}

/* Files in dir other than . and .. */
static int nfiles(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void rm_rf(const char *path)
{
	char *cmd = tc_xasprintf("chmod -R u+w '%s' 2>/dev/null; rm -rf '%s'", path, path);

	TU_CHECK(system(cmd) == 0, "cleanup %s", path);
	free(cmd);
}

static void test_write(void)
{
	char tmpl[] = "/tmp/tiacheck-report-XXXXXX";
	char *base = mkdtemp(tmpl), *dir, *paths[TC_REPORT_NFORMATS] = { NULL };
	cJSON *run = load("full.json");
	char err[512] = "";
	tc_buf got = TC_BUF_INIT;

	if (!base || !run) {
		TU_CHECK(0, "setup");
		cJSON_Delete(run);
		return;
	}
	dir = tc_path_join(base, "reports/weekly");
	TU_INT(tc_report_write(run, dir, NULL, TC_LANG_SV, paths, err, sizeof(err)), 0);
	TU_CHECK(paths[0] && tc_endswith(paths[0], "reports/weekly/tiacheck-2026-11-25-run7.md"),
		 "md path %s", paths[0] ? paths[0] : "(null)");
	TU_CHECK(paths[1] && tc_endswith(paths[1], "tiacheck-2026-11-25-run7.html"), "html path");
	TU_CHECK(paths[2] && tc_endswith(paths[2], "tiacheck-2026-11-25-run7.json"), "json path");
	TU_INT(nfiles(dir), 6);
	TU_CHECK(exists(dir, "latest.md") && exists(dir, "latest.html") && exists(dir, "latest.json"),
		 "latest.* written");
	for (int i = 0; i < TC_REPORT_NFORMATS; i++) {
		char *want = render(run, (enum tc_report_format)i, TC_LANG_SV);
		char *lp = tc_xasprintf("%s/latest.%s", dir, tc_report_format_name((enum tc_report_format)i));

		TU_CHECK(paths[i] && tc_read_file(paths[i], 16 << 20, &got, err, sizeof(err)) == 0 &&
			 strcmp(got.data, want) == 0, "file %d has the rendered report", i);
		TU_CHECK(tc_read_file(lp, 16 << 20, &got, err, sizeof(err)) == 0 &&
			 strcmp(got.data, want) == 0, "latest %d has the rendered report", i);
		free(lp);
		free(want);
		free(paths[i]);
		paths[i] = NULL;
	}
	/* again with a given name and English: latest.* follows */
	TU_INT(tc_report_write(run, dir, "custom-name", TC_LANG_EN, NULL, err, sizeof(err)), 0);
	TU_INT(nfiles(dir), 9);
	{
		char *lp = tc_path_join(dir, "latest.md");

		TU_CHECK(tc_read_file(lp, 1 << 24, &got, err, sizeof(err)) == 0, "read latest");
		free(lp);
	}
	TU_CHECK(got.data && strstr(got.data, "# tiacheck report 2026-11-25"), "latest is the English one");

	/* bad names never touch the disk */
	TU_INT(tc_report_write(run, dir, "../escape", TC_LANG_SV, NULL, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "bad report file name '../escape'") != NULL, "bad name: %s", err);
	TU_INT(tc_report_write(run, dir, "latest", TC_LANG_SV, NULL, err, sizeof(err)), -1);
	TU_INT(nfiles(dir), 9);

	/* a render error writes nothing */
	{
		cJSON *bad = parse("{\"tiacheck_report\":1,\"changes\":{}}");

		TU_INT(tc_report_write(bad, dir, "x", TC_LANG_SV, NULL, err, sizeof(err)), -1);
		cJSON_Delete(bad);
	}
	TU_INT(nfiles(dir), 9);

	/* a file where the html report should go: nothing half-written, path named */
	{
		char *rb = tc_path_join(base, "rollback"), *blocker;

		TU_INT(tc_mkdir_p(rb, 0755, err, sizeof(err)), 0);
		blocker = tc_path_join(rb, "tiacheck-2026-11-25-run7.html");
		TU_INT(mkdir(blocker, 0755), 0);
		TU_INT(tc_report_write(run, rb, NULL, TC_LANG_SV, paths, err, sizeof(err)), -1);
		TU_CHECK(strstr(err, blocker) != NULL, "error names the path: %s", err);
		TU_CHECK(!exists(rb, "tiacheck-2026-11-25-run7.md"), "md rolled back");
		TU_CHECK(!exists(rb, "latest.md") && !exists(rb, "latest.html"), "latest untouched");
		TU_INT(nfiles(rb), 1);
		TU_CHECK(paths[0] == NULL, "no paths on error");
		free(blocker);
		free(rb);
	}
	/* the directory cannot be created */
	{
		char *file = tc_path_join(base, "plainfile"), *sub = tc_path_join(file, "reports");

		TU_INT(tc_write_file_atomic(file, "x", 1, 0644, err, sizeof(err)), 0);
		TU_INT(tc_report_write(run, sub, NULL, TC_LANG_SV, NULL, err, sizeof(err)), -1);
		TU_CHECK(strstr(err, "plainfile") != NULL, "names the directory: %s", err);
		free(file);
		free(sub);
	}
	/* a read-only directory (permissions do not stop root: probe first) */
	{
		char *ro = tc_path_join(base, "readonly"), *probe = tc_path_join(ro, "probe");
		int fd;

		TU_INT(tc_mkdir_p(ro, 0755, err, sizeof(err)), 0);
		TU_INT(chmod(ro, 0555), 0);
		fd = open(probe, O_WRONLY | O_CREAT, 0644);
		if (fd >= 0) {
			close(fd);
			unlink(probe);
			printf("  note: read-only directory not enforced (root): skipped\n");
		} else {
			TU_INT(tc_report_write(run, ro, NULL, TC_LANG_SV, NULL, err, sizeof(err)), -1);
			TU_CHECK(strstr(err, ro) != NULL && strstr(err, "ermission") != NULL,
				 "read-only error names the path: %s", err);
			TU_INT(nfiles(ro), 0);
		}
		chmod(ro, 0755);
		free(ro);
		free(probe);
	}
	tc_buf_release(&got);
	free(dir);
	cJSON_Delete(run);
	rm_rf(base);
}

/* The n-th (parent, item) pair of a depth-first walk; *n counts down. */
static int nth_item(cJSON *parent, int *n, cJSON **par, cJSON **item)
{
	cJSON *it;

	cJSON_ArrayForEach(it, parent) {
		if ((*n)-- == 0) {
			*par = parent;
			*item = it;
			return 1;
		}
		if ((cJSON_IsObject(it) || cJSON_IsArray(it)) && nth_item(it, n, par, item))
			return 1;
	}
	return 0;
}

/* Every member of the full fixture replaced by every other JSON type: rendering
 * either works or fails with a message; never crashes (run under ASan). */
static void test_type_confusion(void)
{
	static const char *const repl[] = { "null", "1e300", "\"\"", "[]", "{}", "true", "[1]" };
	cJSON *run = load("full.json");
	int ok = 1, renders = 0;

	for (int i = 0; run; i++) {
		cJSON *copy = cJSON_Duplicate(run, 1), *par = NULL, *item = NULL;
		int n = i;

		if (!nth_item(copy, &n, &par, &item)) {
			cJSON_Delete(copy);
			break;
		}
		for (size_t r = 0; r < TC_ARRAY_LEN(repl); r++) {
			cJSON *c2 = cJSON_Duplicate(copy, 1), *p2 = NULL, *i2 = NULL;
			int m = i;

			nth_item(c2, &m, &p2, &i2);
			cJSON_ReplaceItemViaPointer(p2, i2, cJSON_Parse(repl[r]));
			for (int fmt = 0; fmt < TC_REPORT_NFORMATS; fmt++) {
				tc_buf b = TC_BUF_INIT;
				char err[256] = "";
				int rc = tc_report_render(c2, (enum tc_report_format)fmt, TC_LANG_EN, &b, err,
							  sizeof(err));

				if (rc != 0 && !*err)
					ok = 0;
				if (rc == 0 && fmt == TC_REPORT_HTML && !tc_endswith(b.data, "</html>\n"))
					ok = 0;
				renders++;
				tc_buf_release(&b);
			}
			{
				char *s, *t, *h, err[256] = "";
				int rc = tc_report_alert(c2, TC_LANG_SV, &s, &t, &h, err, sizeof(err));

				if (rc < 0 && !*err)
					ok = 0;
				if (rc == 1 && (!s || strchr(s, '\n')))
					ok = 0;
				free(s);
				free(t);
				free(h);
			}
			cJSON_Delete(c2);
		}
		cJSON_Delete(copy);
	}
	TU_CHECK(ok, "type confusion: every render succeeded or said why");
	TU_CHECK(renders > 1000, "type confusion covered the fixture (%d renders)", renders);
	cJSON_Delete(run);
}

/* The codes of vocabulary VOCAB ("failure", "role", ...) from the i18n tables. */
typedef struct codes {
	const char *vocab;
	const char *v[64];
	size_t n;
} codes;

static void collect_code(const tc_msg *m, void *ud)
{
	codes *c = ud;
	size_t k = strlen(c->vocab);

	if (strncmp(m->id, c->vocab, k) == 0 && m->id[k] == '.' && c->n < TC_ARRAY_LEN(c->v))
		c->v[c->n++] = m->id + k + 1;
}

static void vocab_codes(codes *c, const char *vocab)
{
	c->vocab = vocab;
	c->n = 0;
	tc_i18n_each(collect_code, c);
}

/* Is w in s as a whole word (case-sensitive; letters, digits and _ join words)? */
static int has_word(const char *s, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = strstr(s, w); p; p = strstr(p + 1, w)) {
		int before = p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '_');
		int after = isalnum((unsigned char)p[n]) || p[n] == '_';

		if (!before && !after)
			return 1;
	}
	return 0;
}

/* s without its HTML tags (owned). */
static char *strip_tags(const char *s)
{
	char *out = tc_xstrdup(s), *w = out;
	int in = 0;

	for (; *s; s++) {
		if (*s == '<')
			in = 1;
		else if (*s == '>')
			in = 0;
		else if (!in)
			*w++ = *s;
	}
	*w = '\0';
	return out;
}

/* A run with every failure kind (and an http_503), every finding kind and severity,
 * every classification, mechanism and role, every document kind. */
static cJSON *run_with_every_code(void)
{
	codes c;
	cJSON *run = parse("{\"tiacheck_report\":1,\"run\":{\"id\":9,\"status\":\"partial\","
			   "\"started\":\"2026-11-25T06:00:00Z\"},\"organisation\":{\"name\":\"Org\"}}");
	cJSON *arr, *it;
	const char *cls[64], *mech[64], *role[64];
	size_t ncls, nmech, nrole;

	arr = cJSON_AddArrayToObject(run, "failures");
	vocab_codes(&c, "failure");
	for (size_t i = 0; i <= c.n; i++) {
		it = cJSON_CreateObject();
		cJSON_AddStringToObject(it, "service", "svc");
		cJSON_AddStringToObject(it, "service_name", "Svc");
		cJSON_AddStringToObject(it, "document", "doc1");
		cJSON_AddStringToObject(it, "kind", i < c.n ? c.v[i] : "http_503");
		cJSON_AddStringToObject(it, "detail", "raw detail");
		if (i == c.n)
			cJSON_AddNumberToObject(it, "http_status", 503);
		cJSON_AddNumberToObject(it, "consecutive", 5);
		cJSON_AddItemToArray(arr, it);
	}
	arr = cJSON_AddArrayToObject(run, "findings");
	vocab_codes(&c, "finding");
	for (size_t i = 0; i < c.n; i++) {
		static const char *const sev[] = { "high", "medium", "info" };

		it = cJSON_CreateObject();
		cJSON_AddStringToObject(it, "service", "svc");
		cJSON_AddStringToObject(it, "document", "doc1");
		cJSON_AddStringToObject(it, "kind", c.v[i]);
		cJSON_AddStringToObject(it, "severity", sev[i % 3]);
		cJSON_AddItemToArray(arr, it);
	}
	arr = cJSON_AddArrayToObject(run, "changes");
	vocab_codes(&c, "doc");
	for (size_t i = 0; i < c.n; i++) {
		it = cJSON_CreateObject();
		cJSON_AddNumberToObject(it, "id", (double)i + 1);
		cJSON_AddStringToObject(it, "service", "svc");
		cJSON_AddStringToObject(it, "document", "doc1");
		cJSON_AddStringToObject(it, "doc_kind", c.v[i]);
		cJSON_AddItemToArray(arr, it);
	}
	vocab_codes(&c, "class");
	memcpy(cls, c.v, sizeof(cls));
	ncls = c.n;
	vocab_codes(&c, "mechanism");
	memcpy(mech, c.v, sizeof(mech));
	nmech = c.n;
	vocab_codes(&c, "role");
	memcpy(role, c.v, sizeof(role));
	nrole = c.n;
	arr = cJSON_AddArrayToObject(run, "flows");
	for (size_t i = 0; i < 2 * (ncls + nmech + nrole); i++) {
		it = cJSON_CreateObject();
		cJSON_AddStringToObject(it, "service", "svc");
		cJSON_AddStringToObject(it, "entity", "Entity");
		cJSON_AddStringToObject(it, "country", "XX");
		cJSON_AddStringToObject(it, "classification", cls[i % ncls]);
		cJSON_AddStringToObject(it, "mechanism", mech[i % nmech]);
		cJSON_AddStringToObject(it, "role", role[i % nrole]);
		cJSON_AddBoolToObject(it, "leaves_eea", i % 2);
		cJSON_AddItemToArray(arr, it);
	}
	return run;
}

/* No code of the shared vocabulary shows in a report whose language has words for it
 * (a code is allowed where its words contain it, as the English "processor"). */
static void check_no_codes(const char *what, const char *text, enum tc_lang lang)
{
	static const char *const vocabs[] = { "run_status", "severity", "class", "mechanism",
					      "role", "failure", "finding", "doc" };
	codes c;

	TU_CHECK(!strstr(text, "report."), "%s: a message id shows: %s", what, strstr(text, "report."));
	for (size_t k = 0; k < TC_ARRAY_LEN(vocabs); k++) {
		vocab_codes(&c, vocabs[k]);
		for (size_t i = 0; i < c.n; i++) {
			const char *words = tc_label(lang, vocabs[k], c.v[i]);

			if (has_word(words, c.v[i]))
				continue;
			TU_CHECK(!has_word(text, c.v[i]), "%s: raw code %s.%s in the output", what,
				 vocabs[k], c.v[i]);
		}
	}
	TU_CHECK(!has_word(text, "http_503"), "%s: raw http_503", what);
}

static void test_every_label(void)
{
	static const enum tc_lang langs[] = { TC_LANG_SV, TC_LANG_EN };
	cJSON *run = run_with_every_code();

	for (size_t l = 0; l < TC_ARRAY_LEN(langs); l++) {
		char *md = render(run, TC_REPORT_MD, langs[l]);
		char *html = render(run, TC_REPORT_HTML, langs[l]);
		char *visible = strip_tags(strstr(html, "<body>") ? strstr(html, "<body>") : html), *subject = NULL, *text = NULL, *ahtml = NULL;
		char err[256], what[32];

		snprintf(what, sizeof(what), "every label %s", tc_lang_code(langs[l]));
		TU_CASE(what);
		check_no_codes("md", md, langs[l]);
		check_no_codes("html", visible, langs[l]);
		TU_INT(tc_report_alert(run, langs[l], &subject, &text, &ahtml, err, sizeof(err)), 1);
		check_no_codes("alert", text ? text : "", langs[l]);
		check_no_codes("subject", subject ? subject : "", langs[l]);
		TU_CHECK(has_word(md, langs[l] == TC_LANG_SV ? "HTTP-fel" : "HTTP"), "http_503 in words");
		free(md);
		free(html);
		free(visible);
		free(subject);
		free(text);
		free(ahtml);
	}
	cJSON_Delete(run);
}

int main(void)
{
	unsetenv("TIACHECK_NOW");
	test_goldens();
	test_escaping();
	test_alert();
	test_alert_bounded();
	test_errors();
	test_type_confusion();
	test_write();
	test_every_label();
	return TU_END("test_report");
}
