/* link: util utf8 render */
/*
 * Tests of the render layer: the escaping of each backend (Markdown, HTML, text) with
 * hostile strings (HTML tags, Markdown links and emphasis, table pipes, headings,
 * control characters, invalid UTF-8, bidirectional overrides), and the block writers.
 */
#include <stdlib.h>
#include <string.h>

#include "tiacheck/render.h"
#include "tu.h"

/* s escaped in mode (max bytes, 0: all), as an owned string. */
static char *escape(const char *s, enum tc_esc mode, size_t max)
{
	tc_buf b = TC_BUF_INIT;

	if (tc_render_escape(&b, s, mode, max) < 0)
		return tc_xstrdup("(full)");
	return tc_buf_detach(&b);
}

typedef struct esc_case {
	const char *name;
	const char *in;
	enum tc_esc mode;
	const char *want;
} esc_case;

static const esc_case cases[] = {
	/* HTML */
	{ "html tag", "<script>alert(1)</script>", TC_ESC_HTML,
	  "&lt;script&gt;alert(1)&lt;/script&gt;" },
	{ "html attribute quotes", "\" onmouseover='x'", TC_ESC_HTML,
	  "&quot; onmouseover=&#39;x&#39;" },
	{ "html ampersand", "A & B &amp;", TC_ESC_HTML, "A &amp; B &amp;amp;" },
	{ "html markdown stays", "**bold** [x](y)", TC_ESC_HTML, "**bold** [x](y)" },
	/* Markdown */
	{ "md html tag", "<img src=x onerror=y>", TC_ESC_MD, "&lt;img src=x onerror=y&gt;" },
	{ "md link", "[click](javascript:alert(1))", TC_ESC_MD, "\\[click\\](javascript:alert(1))" },
	{ "md image", "![x](http://evil/)", TC_ESC_MD, "!\\[x\\](http://evil/)" },
	{ "md emphasis", "*a* _b_ ~~c~~", TC_ESC_MD, "\\*a\\* \\_b\\_ \\~\\~c\\~\\~" },
	{ "md code span", "`rm -rf`", TC_ESC_MD, "\\`rm -rf\\`" },
	{ "md pipe", "a | b", TC_ESC_MD, "a \\| b" },
	{ "md heading", "# Title", TC_ESC_MD, "\\# Title" },
	{ "md backslash", "a\\*b", TC_ESC_MD, "a\\\\\\*b" },
	{ "md entity", "&copy;", TC_ESC_MD, "&amp;copy;" },
	{ "md line list", "- item", TC_ESC_MD_LINE, "\\- item" },
	{ "md line ordered", "12. item", TC_ESC_MD_LINE, "12\\. item" },
	{ "md line setext", "=== x", TC_ESC_MD_LINE, "\\=== x" },
	{ "md line heading", "## x", TC_ESC_MD_LINE, "\\#\\# x" },
	{ "md line quote", "> x", TC_ESC_MD_LINE, "&gt; x" },
	{ "md inline dash kept", "a - b", TC_ESC_MD, "a - b" },
	{ "md code cell pipe", "a|b*c", TC_ESC_MD_CODE_CELL, "a\\|b*c" },
	/* text */
	{ "text markup kept", "<b>*x*</b> | # [a](b)", TC_ESC_TEXT, "<b>*x*</b> | # [a](b)" },
	{ "text newline", "line1\nline2\r\n", TC_ESC_TEXT, "line1 line2  " },
	{ "text escape sequence", "\x1b[31mred\x1b[0m", TC_ESC_TEXT, " [31mred [0m" },
	{ "text tab del", "a\tb\x7f", TC_ESC_TEXT, "a b " },
	{ "text c1", "a\xc2\x85" "b", TC_ESC_TEXT, "a b" },
	{ "text line separator", "a\xe2\x80\xa8" "b", TC_ESC_TEXT, "a b" },
	/* every backend: UTF-8 */
	{ "valid utf8 kept", "Göteborg – Ωmega 😀", TC_ESC_MD, "Göteborg – Ωmega 😀" },
	{ "invalid byte", "a\xff" "b", TC_ESC_TEXT, "a\xef\xbf\xbd" "b" },
	{ "overlong", "\xc0\xaf", TC_ESC_HTML, "\xef\xbf\xbd\xef\xbf\xbd" },
	{ "surrogate", "\xed\xa0\x80", TC_ESC_MD, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
	{ "truncated", "ab\xe2\x82", TC_ESC_TEXT, "ab\xef\xbf\xbd\xef\xbf\xbd" },
	{ "bidi override", "abc\xe2\x80\xae" "fdp.exe", TC_ESC_HTML, "abc\xef\xbf\xbd" "fdp.exe" },
	{ "bidi isolate", "\xe2\x81\xa6x", TC_ESC_MD, "\xef\xbf\xbdx" },
};

static void test_escape_table(void)
{
	for (size_t i = 0; i < TC_ARRAY_LEN(cases); i++) {
		char *got = escape(cases[i].in, cases[i].mode, 0);

		TU_CASE(cases[i].name);
		TU_STR(got, cases[i].want);
		free(got);
	}
}

static void test_escape_cut(void)
{
	char *s = escape("abcdef", TC_ESC_TEXT, 3);

	TU_CASE("escape_cut");

	TU_STR(s, "abc…");
	free(s);
	/* never inside a character: "ö" is 2 bytes, a cut at 2 keeps "a" */
	s = escape("aöb", TC_ESC_TEXT, 2);
	TU_STR(s, "a…");
	free(s);
	s = escape(NULL, TC_ESC_HTML, 0);
	TU_STR(s, "");
	free(s);
}

static void test_escape_full_buffer(void)
{
	tc_buf b;
	tc_render r;

	TU_CASE("escape_full_buffer");

	tc_buf_init(&b, 8);
	TU_INT(tc_render_escape(&b, "0123456789abcdef", TC_ESC_TEXT, 0), -1);
	tc_buf_reset(&b);
	tc_render_init(&r, &b, TC_RENDER_MD, TC_LANG_EN);
	tc_r_text(&r, "0123456789abcdef");
	TU_INT(r.fail, 1);
	tc_buf_release(&b);
}

/* What one backend writes for a little document of hostile values. */
static char *doc(enum tc_render_kind kind, const char *hostile)
{
	static const char *const cols[] = { "Name", "Value" };
	tc_buf b = TC_BUF_INIT;
	tc_render r;

	tc_render_init(&r, &b, kind, TC_LANG_SV);
	tc_r_heading(&r, 2, hostile);
	tc_r_para_text(&r, hostile);
	tc_r_ul(&r);
	tc_r_item(&r, "Label", hostile);
	tc_r_ul_end(&r);
	tc_r_table(&r, cols, 2);
	tc_r_row(&r, NULL);
	tc_r_tcell(&r, hostile);
	tc_r_cell(&r);
	tc_r_code(&r, hostile);
	tc_r_cell_end(&r);
	tc_r_row_end(&r);
	tc_r_table_end(&r);
	tc_r_link(&r, hostile, "javascript:alert(1)");
	return tc_buf_detach(&b);
}

static void test_backends_hostile(void)
{
	const char *hostile = "# <b>x</b> | [y](javascript:z) *e* \x01\xff";
	char *md = doc(TC_RENDER_MD, hostile);
	char *html = doc(TC_RENDER_HTML, hostile);
	char *text = doc(TC_RENDER_TEXT, hostile);

	TU_CASE("markdown document");
	TU_CHECK(strstr(md, "`# <b>x</b> \\| [y](javascript:z) *e*") != NULL, "code cell: %s", md);
	/* outside the code span (a code span shows its text literally) */
	*strchr(md, '`') = '\0';
	TU_CHECK(!strstr(md, "<b>") && !strstr(md, "[y](") && !strstr(md, "\x01"),
		 "raw markup in: %s", md);
	TU_CHECK(strstr(md, "## \\# &lt;b&gt;x&lt;/b&gt; \\| \\[y\\](javascript:z) \\*e\\*") != NULL,
		 "heading: %s", md);
	TU_CHECK(strstr(md, "| \\# &lt;b&gt;") != NULL, "cell: %s", md);
	TU_CASE("html document");
	TU_CHECK(!strstr(html, "<b>") && !strstr(html, "href=\"javascript"), "raw markup in: %s",
		 html);
	TU_CHECK(strstr(html, "<h2># &lt;b&gt;x&lt;/b&gt; | [y](javascript:z) *e*  \xef\xbf\xbd</h2>")
		 != NULL, "heading: %s", html);
	TU_CASE("text document");
	TU_CHECK(strstr(text, "# <b>x</b> | [y](javascript:z) *e*  \xef\xbf\xbd\n---") != NULL,
		 "heading: %s", text);
	TU_CHECK(!strchr(text, '\x01'), "control character in: %s", text);
	free(md);
	free(html);
	free(text);
}

static void test_links(void)
{
	tc_buf b = TC_BUF_INIT;
	tc_render r;

	TU_CASE("links");

	tc_render_init(&r, &b, TC_RENDER_MD, TC_LANG_EN);
	tc_r_link(&r, "DPA", "https://x.example/a_(b)");
	tc_r_raw(&r, " ");
	tc_r_link(&r, NULL, "https://x.example/");
	tc_r_raw(&r, " ");
	tc_r_url(&r, "https://x.example/`q`");
	TU_STR(tc_buf_str(&b), "[DPA](https://x.example/a_%28b%29) <https://x.example/> "
	       "`` https://x.example/`q` ``");
	tc_buf_reset(&b);
	tc_render_init(&r, &b, TC_RENDER_HTML, TC_LANG_EN);
	tc_r_link(&r, "a\"b", "http://x.example/?a=1&b=2");
	tc_r_raw(&r, " ");
	tc_r_url(&r, "data:text/html,<x>");
	tc_r_raw(&r, " ");
	tc_r_email(&r, "dpo@x.example");
	TU_STR(tc_buf_str(&b), "<a href=\"http://x.example/?a=1&amp;b=2\">a&quot;b</a> "
	       "<code>data:text/html,&lt;x&gt;</code> "
	       "<a href=\"mailto:dpo@x.example\">dpo@x.example</a>");
	TU_INT(tc_render_is_web_url("https://a.example/x y"), 0);
	TU_INT(tc_render_is_web_url("HTTPS://a.example/"), 1);
	TU_INT(tc_render_is_web_url("javascript:alert(1)"), 0);
	tc_buf_release(&b);
}

static void test_text_headings(void)
{
	tc_buf b = TC_BUF_INIT;
	tc_render r;

	TU_CASE("text_headings");

	tc_render_init(&r, &b, TC_RENDER_TEXT, TC_LANG_SV);
	tc_r_heading(&r, 1, "Åäö");
	tc_r_heading(&r, 2, "ab");
	r.plain_headings = 1;
	tc_r_heading(&r, 2, "cd");
	TU_STR(tc_buf_str(&b), "Åäö\n===\n\nab\n--\n\ncd\n\n");
	tc_buf_release(&b);
}

static void test_labels(void)
{
	tc_buf b = TC_BUF_INIT;
	tc_render r;

	TU_CASE("labels");

	tc_render_init(&r, &b, TC_RENDER_TEXT, TC_LANG_SV);
	tc_r_tr(&r, "role.processor");
	TU_STR(tc_buf_str(&b), "personuppgiftsbiträde");
	tc_buf_reset(&b);
	r.lang = TC_LANG_EN;
	tc_r_tr(&r, "class.third");
	TU_STR(tc_buf_str(&b), "third country");
	tc_buf_release(&b);
}

int main(void)
{
	test_escape_table();
	test_escape_cut();
	test_escape_full_buffer();
	test_backends_hostile();
	test_links();
	test_text_headings();
	test_labels();
	return TU_END("test_render");
}
