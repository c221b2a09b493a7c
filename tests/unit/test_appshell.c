/* link: util appshell */
/*
 * test_appshell: which static pages need a browser. Pages written for the test,
 * imitating real shapes: framework shells (React, Vue, Next.js export, Angular), a
 * noscript notice, script-heavy pages, challenge pages; and pages that must stay
 * static: a short real list, server-rendered Next.js, a long table page with a large
 * JSON state blob and the word "captcha" in a script, a privacy text that talks about
 * captchas.
 */
#include <stdlib.h>
#include <string.h>

#include "tiacheck/appshell.h"
#include "tiacheck/util.h"
#include "tu.h"

typedef struct {
	const char *name;
	const char *html;
	int shell, block;
} page;

static const page pages[] = {
	{ "react shell", "<!DOCTYPE html><html><head><title>Trust Center</title>"
	  "<script type=\"module\" src=\"/assets/index-4f2a9c.js\"></script></head>"
	  "<body><div id=\"root\"></div></body></html>", 1, 0 },
	{ "vue shell with whitespace", "<html><head><title>Sub-processors</title></head><body>\n"
	  "  <div id='app'>\n  </div>\n<script src=\"/js/chunk-vendors.js\"></script>"
	  "<script src=\"/js/app.js\"></script></body></html>", 1, 0 },
	{ "next.js export, empty", "<html><body><div id=\"__next\"></div><script id=\"__NEXT_DATA__\" "
	  "type=\"application/json\">{\"props\":{}}</script></body></html>", 1, 0 },
	{ "angular", "<html><head><base href=\"/\"></head><body><app-root></app-root>"
	  "<script src=\"main.js\"></script></body></html>", 1, 0 },
	{ "noscript notice", "<html><head><title>Legal</title></head><body><noscript>You need to "
	  "enable JavaScript to run this app.</noscript><div class=\"container\">Loading…</div>"
	  "<script src=\"/static/js/main.js\"></script></body></html>", 1, 0 },
	{ "no root but only a script", "<html><body><h1>Loading</h1><script>boot()</script>"
	  "</body></html>", 1, 0 },
	{ "cloudflare challenge", "<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment..."
	  "</title></head><body><h1>example.test</h1><h2>Checking if the site connection is "
	  "secure</h2><script src=\"/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1\">"
	  "</script></body></html>", 1, 1 },
	{ "datadome block", "<html><head><title>example.test</title></head><body><p>Please enable "
	  "JS and disable any ad blocker</p><script>var dd={'cid':'x','host':'geo.captcha-delivery"
	  ".com'}</script><script src=\"https://ct.captcha-delivery.com/c.js\"></script></body></html>",
	  1, 1 },
	{ "short real list", "<!DOCTYPE html><html><head><title>Sub-processors</title></head><body>"
	  "<h1>Sub-processors</h1><table><tr><td>Acme Cloud Ltd</td><td>Hosting</td><td>Ireland</td>"
	  "</tr><tr><td>Example Mail Inc.</td><td>E-mail</td><td>United States</td></tr></table>"
	  "</body></html>", 0, 0 },
	{ "privacy text mentioning captcha", "<html><body><h1>Privacy policy</h1><p>We use a captcha "
	  "service (hCaptcha) on our sign-up form to keep bots out. It processes your IP address "
	  "and browser data on our behalf; see the list of sub-processors below for where it is "
	  "hosted and which safeguards apply to the transfer.</p><ul><li>Intuition Machines, Inc. – "
	  "captcha – United States</li></ul></body></html>", 0, 0 },
};

/* Server-rendered Next.js: the root is full of text. */
static char *ssr_next(void)
{
	tc_buf b;

	tc_buf_init(&b, 1 << 20);
	tc_buf_adds(&b, "<html><head><script src=\"/_next/static/chunks/main.js\" defer></script>"
		    "</head><body><div id=\"__next\"><main><h1>Sub-processors</h1><ul>");
	for (int i = 0; i < 12; i++)
		tc_buf_printf(&b, "<li>Vendor %d Ltd – analytics – Germany</li>", i);
	tc_buf_adds(&b, "</ul></main></div><script id=\"__NEXT_DATA__\" type=\"application/json\">"
		    "{\"props\":{}}</script></body></html>");
	return tc_buf_detach(&b);
}

/* The real shape: a 32-row table with generated classes, a big JSON state blob
 * and "captcha" somewhere in a script. It is a real page: no browser needed. */
static char *table_with_state(void)
{
	tc_buf b;

	tc_buf_init(&b, 1 << 22);
	tc_buf_adds(&b, "<html><head><title>Subprocessors</title><script>window.__STATE__=");
	tc_buf_adds(&b, "{\"captcha\":{\"enabled\":false},\"blob\":\"");
	for (int i = 0; i < 20000; i++)
		tc_buf_adds(&b, "abcdefgh");
	tc_buf_adds(&b, "\"}</script></head><body><div class=\"css-1x9f2k\"><table class=\"sc-a1b2\">");
	for (int i = 0; i < 32; i++)
		tc_buf_printf(&b, "<tr class=\"sc-r%d\"><td>Entity number %d GmbH</td><td>Customer "
			      "support tooling</td><td>European Union</td></tr>", i, i);
	tc_buf_adds(&b, "</table></div></body></html>");
	return tc_buf_detach(&b);
}

/* Little text, a megabyte of script, no root: the scripts build the page. */
static char *script_heavy(void)
{
	tc_buf b;

	tc_buf_init(&b, 1 << 22);
	tc_buf_adds(&b, "<html><body><header>Trust portal</header><main class=\"x\"><p>Our legal "
		    "documents and the list of the companies that help us run the service appear "
		    "here.</p></main><script>");
	for (int i = 0; i < 16384; i++)
		tc_buf_adds(&b, "var a=1;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;");
	tc_buf_adds(&b, "</script></body></html>");
	return tc_buf_detach(&b);
}

static void test_table(void)
{
	for (size_t i = 0; i < TC_ARRAY_LEN(pages); i++) {
		const page *p = &pages[i];
		size_t n = strlen(p->html);
		TU_CASE(p->name);
		TU_INT(tc_html_looks_like_app_shell(p->html, n), p->shell);
		TU_INT(tc_html_looks_like_block_page(p->html, n), p->block);
		TU_INT(tc_html_needs_browser(p->html, n), p->shell || p->block);
	}
}

static void test_built(void)
{
	char *ssr = ssr_next(), *tbl = table_with_state(), *heavy = script_heavy();
	tc_html_shape s;

	TU_CASE("server-rendered next.js is no shell");
	TU_INT(tc_html_needs_browser(ssr, strlen(ssr)), 0);
	TU_CASE("32-row table with a large state blob and 'captcha' is no shell nor block");
	tc_html_measure(tbl, strlen(tbl), &s);
	TU_CHECK(s.text_chars > 1500, "text %zu", s.text_chars);
	TU_CHECK(s.script_bytes > 150000, "script bytes %zu", s.script_bytes);
	TU_INT(tc_html_needs_browser(tbl, strlen(tbl)), 0);
	TU_CASE("a megabyte of script and a sentence is a shell");
	TU_INT(tc_html_looks_like_app_shell(heavy, strlen(heavy)), 1);
	TU_INT(tc_html_looks_like_block_page(heavy, strlen(heavy)), 0);
	free(ssr);
	free(tbl);
	free(heavy);
}

static void test_measure(void)
{
	static const char h[] = "<p>Hej v\xc3\xa4rlden</p><!-- a comment with text --><style>p{}"
				"</style><script src=x></script><script>abc</script>";
	tc_html_shape s;

	TU_CASE("measure: characters, not bytes; comments, styles, scripts skipped");
	tc_html_measure(h, strlen(h), &s);
	TU_INT(s.text_chars, 10);               /* "Hej" + "världen" */
	TU_INT(s.scripts, 2);
	TU_INT(s.script_bytes, 3);
	TU_INT(s.empty_root, 0);
	TU_CASE("measure: empty input, unclosed tags, NULL");
	tc_html_measure("", 0, &s);
	TU_INT(s.text_chars, 0);
	tc_html_measure("<div id=\"root\"", 14, &s);
	TU_INT(s.empty_root, 0);
	tc_html_measure("<script>never closed", 20, &s);
	TU_INT(s.scripts, 1);
	tc_html_measure(NULL, 0, &s);
	TU_INT(tc_html_needs_browser(NULL, 0), 0);
	TU_CASE("the fixtures: script.html a shell, static.html not");
	{
		char *top = getenv("TC_TOP") ? getenv("TC_TOP") : ".";
		const char *names[2] = { "script.html", "static.html" };
		for (int i = 0; i < 2; i++) {
			char *path = tc_xasprintf("%s/tests/fixtures/browser/%s", top, names[i]), err[256];
			tc_buf b;
			tc_buf_init(&b, 1 << 20);
			TU_CHECK(tc_read_file(path, 1 << 20, &b, err, sizeof(err)) == 0, "%s", err);
			TU_CHECK(tc_html_looks_like_app_shell(tc_buf_str(&b), b.len) == (i == 0),
				 "%s", names[i]);
			tc_buf_release(&b);
			free(path);
		}
	}
}

int main(void)
{
	test_table();
	test_built();
	test_measure();
	return TU_END("test_appshell");
}
