/*
 * render: the one output layer (Markdown, HTML, plain text) and the one escaping
 * function. See include/tiacheck/render.h.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tiacheck/render.h"
#include "tiacheck/utf8.h"

/* Markdown characters that could start emphasis, code, links, tables, headings, HTML. */
static const char md_special[] = "\\`*_[]|~#<>&";

/* Is cp a character that must not reach any output as is? 1: becomes a space (control
 * characters, line breaks), 2: becomes U+FFFD (bidirectional overrides). */
static int unsafe_cp(uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 ||
	    cp == 0x2029)
		return 1;
	if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return 2;
	return 0;
}

/* One ASCII character c escaped for mode. */
static int add_ascii(tc_buf *b, char c, enum tc_esc mode)
{
	switch (mode) {
	case TC_ESC_HTML: {
		char one[2] = { c, 0 };
		return tc_buf_add_html(b, one);
	}
	case TC_ESC_MD_CODE_CELL:
		/* a GFM table splits cells on | even inside code spans */
		return c == '|' ? tc_buf_adds(b, "\\|") : tc_buf_addc(b, c);
	case TC_ESC_MD:
	case TC_ESC_MD_LINE:
		if (!strchr(md_special, c))
			return tc_buf_addc(b, c);
		if (c == '<')
			return tc_buf_adds(b, "&lt;");
		if (c == '>')
			return tc_buf_adds(b, "&gt;");
		if (c == '&')
			return tc_buf_adds(b, "&amp;");
		return tc_buf_printf(b, "\\%c", c);
	case TC_ESC_TEXT:
		break;
	}
	return tc_buf_addc(b, c);
}

/* At the start of a Markdown paragraph: what would make it a list, a setext heading
 * or an ordered list ("-", "+", "=", "1.", "1)") gets a backslash. */
static int md_line_start(tc_buf *b, const char *s)
{
	size_t digits = 0;

	if (*s == '-' || *s == '+' || *s == '=')
		return tc_buf_addc(b, '\\');
	while (isdigit((unsigned char)s[digits]) && digits < 10)
		digits++;
	if (digits && (s[digits] == '.' || s[digits] == ')')) {
		if (tc_buf_add(b, s, digits) < 0 || tc_buf_addc(b, '\\') < 0)
			return -1;
		return (int)digits;
	}
	return 0;
}

int tc_render_escape(tc_buf *b, const char *s, enum tc_esc mode, size_t max)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p), i = 0;
	int r = 0;

	if (mode == TC_ESC_MD_LINE) {
		r = md_line_start(b, (const char *)p);
		if (r > 0)
			i = (size_t)r;
		r = r < 0 ? -1 : 0;
	}
	while (i < n && r == 0) {
		size_t len;
		uint32_t cp = tc_utf8_decode(p + i, n - i, &len);

		if (max && i + len > max) {
			r = tc_buf_adds(b, "…");
			break;
		}
		if (cp == TC_UTF8_INVALID || unsafe_cp(cp) == 2)
			r = tc_buf_adds(b, "\xef\xbf\xbd");
		else if (unsafe_cp(cp) == 1)
			r = tc_buf_addc(b, ' ');
		else if (cp >= 0x80)
			r = tc_buf_add(b, p + i, len);
		else
			r = add_ascii(b, (char)cp, mode);
		i += len;
	}
	return r;
}

void tc_render_init(tc_render *r, tc_buf *b, enum tc_render_kind kind, enum tc_lang lang)
{
	*r = (tc_render){ .b = b, .kind = kind, .lang = lang };
}

/* ---- text ---- */

static enum tc_esc text_mode(const tc_render *r)
{
	return r->kind == TC_RENDER_HTML ? TC_ESC_HTML
	       : r->kind == TC_RENDER_MD ? TC_ESC_MD : TC_ESC_TEXT;
}

static void esc(tc_render *r, const char *s, enum tc_esc mode)
{
	if (!r->fail && tc_render_escape(r->b, s, mode, r->maxline) < 0)
		r->fail = 1;
}

void tc_r_raw(tc_render *r, const char *markup)
{
	if (!r->fail && tc_buf_adds(r->b, markup) < 0)
		r->fail = 1;
}

void tc_r_rawf(tc_render *r, const char *fmt, ...)
{
	va_list ap;

	if (r->fail)
		return;
	va_start(ap, fmt);
	if (tc_buf_vprintf(r->b, fmt, ap) < 0)
		r->fail = 1;
	va_end(ap);
}

void tc_r_text(tc_render *r, const char *s)
{
	esc(r, s && *s ? s : "–", text_mode(r));
}

void tc_r_text_or_empty(tc_render *r, const char *s)
{
	if (s && *s)
		esc(r, s, text_mode(r));
}

void tc_r_num(tc_render *r, long n)
{
	tc_r_rawf(r, "%ld", n);
}

void tc_r_textf(tc_render *r, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	tc_r_text(r, tmp);
}

const char *tc_r_word(const tc_render *r, const char *id)
{
	return tc_tr(r->lang, id);
}

void tc_r_tr(tc_render *r, const char *id)
{
	tc_r_text(r, tc_tr(r->lang, id));
}

void tc_r_trf(tc_render *r, const char *id, ...)
{
	char tmp[1024];
	va_list ap;

	va_start(ap, id);
	vsnprintf(tmp, sizeof(tmp), tc_tr(r->lang, id), ap);
	va_end(ap);
	tc_r_text(r, tmp);
}

size_t tc_r_backtick_run(const char *s)
{
	size_t best = 0, cur = 0;

	for (; s && *s; s++) {
		cur = *s == '`' ? cur + 1 : 0;
		if (cur > best)
			best = cur;
	}
	return best;
}

void tc_r_code(tc_render *r, const char *s)
{
	size_t n;

	if (!s)
		s = "";
	switch (r->kind) {
	case TC_RENDER_HTML:
		tc_r_raw(r, "<code>");
		tc_r_text(r, s);
		tc_r_raw(r, "</code>");
		break;
	case TC_RENDER_MD:
		n = tc_r_backtick_run(s) + 1;
		for (size_t i = 0; i < n; i++)
			tc_r_raw(r, "`");
		if (n > 1)
			tc_r_raw(r, " ");
		esc(r, *s ? s : " ", r->in_table ? TC_ESC_MD_CODE_CELL : TC_ESC_TEXT);
		if (n > 1)
			tc_r_raw(r, " ");
		for (size_t i = 0; i < n; i++)
			tc_r_raw(r, "`");
		break;
	case TC_RENDER_TEXT:
		esc(r, s, TC_ESC_TEXT);
		break;
	}
}

void tc_r_codef(tc_render *r, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	tc_r_code(r, tmp);
}

void tc_r_url(tc_render *r, const char *u)
{
	if (!u || !*u) {
		tc_r_text(r, NULL);
		return;
	}
	if (r->kind == TC_RENDER_HTML && (tc_startswith(u, "https://") ||
					  tc_startswith(u, "http://"))) {
		tc_r_raw(r, "<a href=\"");
		tc_r_text(r, u);
		tc_r_raw(r, "\" rel=\"noreferrer noopener\">");
		tc_r_text(r, u);
		tc_r_raw(r, "</a>");
		return;
	}
	tc_r_code(r, u);
}

int tc_render_is_web_url(const char *u)
{
	if (!u || !(strncasecmp(u, "https://", 8) == 0 || strncasecmp(u, "http://", 7) == 0))
		return 0;
	for (const unsigned char *p = (const unsigned char *)u; *p; p++)
		if (*p <= 0x20 || *p == 0x7f || strchr("\"'<>`\\", *p))
			return 0;
	return 1;
}

/* A web URL inside Markdown link syntax: only ( ) need encoding (the URL has no
 * space, quote, angle bracket or backslash, see tc_render_is_web_url). */
static void md_url(tc_render *r, const char *u)
{
	for (const char *p = u; *p; p++) {
		char one[2] = { *p, 0 };

		tc_r_raw(r, *p == '(' ? "%28" : *p == ')' ? "%29" : one);
	}
}

void tc_r_link(tc_render *r, const char *text, const char *url)
{
	if (!tc_render_is_web_url(url)) {
		tc_r_text_or_empty(r, text);
		if (text && *text && url && *url)
			tc_r_raw(r, " ");
		tc_r_text_or_empty(r, url);
		return;
	}
	switch (r->kind) {
	case TC_RENDER_MD:
		if (!text) {
			tc_r_raw(r, "<");
			md_url(r, url);
			tc_r_raw(r, ">");
			break;
		}
		tc_r_raw(r, "[");
		tc_r_text(r, text);
		tc_r_raw(r, "](");
		md_url(r, url);
		tc_r_raw(r, ")");
		break;
	case TC_RENDER_HTML:
		tc_r_raw(r, "<a href=\"");
		tc_r_text(r, url);
		tc_r_raw(r, "\">");
		tc_r_text(r, text ? text : url);
		tc_r_raw(r, "</a>");
		break;
	case TC_RENDER_TEXT:
		if (text) {
			tc_r_text(r, text);
			tc_r_raw(r, " ");
		}
		tc_r_text(r, url);
		break;
	}
}

void tc_r_email(tc_render *r, const char *addr)
{
	if (r->kind == TC_RENDER_HTML && addr && strchr(addr, '@') &&
	    !strpbrk(addr, " \t\"'<>&?")) {
		tc_r_raw(r, "<a href=\"mailto:");
		tc_r_text(r, addr);
		tc_r_raw(r, "\">");
		tc_r_text(r, addr);
		tc_r_raw(r, "</a>");
		return;
	}
	tc_r_text(r, addr);
}

/* ---- blocks ---- */

int tc_r_at_block_start(const tc_render *r)
{
	const tc_buf *b = r->b;

	return b->len == 0 || (b->len >= 2 && b->data[b->len - 1] == '\n' &&
			       b->data[b->len - 2] == '\n');
}

void tc_r_h(tc_render *r, int level)
{
	switch (r->kind) {
	case TC_RENDER_MD:
		if (!tc_r_at_block_start(r))
			tc_r_raw(r, "\n");
		for (int i = 0; i < level && i < 6; i++)
			tc_r_raw(r, "#");
		tc_r_raw(r, " ");
		break;
	case TC_RENDER_HTML:
		tc_r_rawf(r, "<h%d>", level);
		break;
	case TC_RENDER_TEXT:
		if (!tc_r_at_block_start(r))
			tc_r_raw(r, "\n");
		r->mark = r->b->len;
		break;
	}
}

/* Close a heading; in plain text underline it (= for level 1, - for 2) to its width
 * in characters, unless plain_headings. */
void tc_r_h_end(tc_render *r, int level)
{
	size_t chars;

	switch (r->kind) {
	case TC_RENDER_MD:
		tc_r_raw(r, "\n\n");
		break;
	case TC_RENDER_HTML:
		tc_r_rawf(r, "</h%d>\n", level);
		break;
	case TC_RENDER_TEXT:
		if (r->plain_headings) {
			tc_r_raw(r, "\n\n");
			break;
		}
		chars = r->b->data && r->mark < r->b->len
			? tc_utf8_count(r->b->data + r->mark, r->b->len - r->mark) : 0;
		tc_r_raw(r, "\n");
		for (size_t i = 0; i < chars && level < 3; i++)
			tc_r_raw(r, level == 1 ? "=" : "-");
		tc_r_raw(r, level < 3 ? "\n\n" : "\n");
		break;
	}
}

void tc_r_heading(tc_render *r, int level, const char *text)
{
	tc_r_h(r, level);
	tc_r_text(r, text);
	tc_r_h_end(r, level);
}

void tc_r_p(tc_render *r)
{
	if (r->kind == TC_RENDER_HTML)
		tc_r_raw(r, "<p>");
}

void tc_r_p_end(tc_render *r)
{
	tc_r_raw(r, r->kind == TC_RENDER_HTML ? "</p>\n" : "\n\n");
}

void tc_r_para(tc_render *r, const char *id)
{
	tc_r_p(r);
	tc_r_tr(r, id);
	tc_r_p_end(r);
}

void tc_r_para_text(tc_render *r, const char *text)
{
	const char *p = text ? text : "";

	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *line = tc_xstrndup(p, n);
		char *t = tc_trim(line);

		if (*t) {
			tc_r_p(r);
			esc(r, t, r->kind == TC_RENDER_MD ? TC_ESC_MD_LINE : text_mode(r));
			tc_r_p_end(r);
		}
		free(line);
		p = e ? e + 1 : p + n;
	}
}

void tc_r_strong(tc_render *r)
{
	tc_r_raw(r, r->kind == TC_RENDER_HTML ? "<strong>" : r->kind == TC_RENDER_MD ? "**" : "");
}

void tc_r_strong_end(tc_render *r)
{
	tc_r_raw(r, r->kind == TC_RENDER_HTML ? "</strong>" : r->kind == TC_RENDER_MD ? "**" : "");
}

void tc_r_flag(tc_render *r)
{
	tc_r_raw(r, r->kind == TC_RENDER_HTML ? "<span class=\"flag\">"
		    : r->kind == TC_RENDER_MD ? "**" : "");
}

void tc_r_flag_end(tc_render *r)
{
	tc_r_raw(r, r->kind == TC_RENDER_HTML ? "</span>" : r->kind == TC_RENDER_MD ? "**" : "");
}

void tc_r_sep(tc_render *r)
{
	tc_r_raw(r, " · ");
}

void tc_r_ul(tc_render *r)
{
	if (r->kind == TC_RENDER_HTML)
		tc_r_raw(r, "<ul>\n");
}

void tc_r_ul_end(tc_render *r)
{
	tc_r_raw(r, r->kind == TC_RENDER_HTML ? "</ul>\n" : "\n");
}

void tc_r_li(tc_render *r)
{
	tc_r_raw(r, r->kind == TC_RENDER_HTML ? "<li>" : r->kind == TC_RENDER_MD ? "- " : "* ");
}

void tc_r_li_end(tc_render *r)
{
	tc_r_raw(r, r->kind == TC_RENDER_HTML ? "</li>\n" : "\n");
}

void tc_r_item_begin(tc_render *r, const char *label)
{
	switch (r->kind) {
	case TC_RENDER_MD:
		tc_r_raw(r, "- **");
		tc_r_text(r, label);
		tc_r_raw(r, ":** ");
		break;
	case TC_RENDER_HTML:
		tc_r_raw(r, "<li><strong>");
		tc_r_text(r, label);
		tc_r_raw(r, ":</strong> ");
		break;
	case TC_RENDER_TEXT:
		tc_r_text(r, label);
		tc_r_raw(r, ": ");
		break;
	}
}

void tc_r_item_end(tc_render *r)
{
	tc_r_raw(r, r->kind == TC_RENDER_HTML ? "</li>\n" : "\n");
}

void tc_r_item(tc_render *r, const char *label, const char *value)
{
	tc_r_item_begin(r, label);
	tc_r_text(r, value);
	tc_r_item_end(r);
}

void tc_r_kv_begin(tc_render *r)
{
	if (r->kind == TC_RENDER_HTML)
		tc_r_raw(r, "<table class=\"kv\">\n<tbody>\n");
}

void tc_r_kv(tc_render *r, const char *label)
{
	switch (r->kind) {
	case TC_RENDER_MD:
		tc_r_raw(r, "- **");
		tc_r_text(r, label);
		tc_r_raw(r, ":** ");
		break;
	case TC_RENDER_HTML:
		tc_r_raw(r, "<tr><th>");
		tc_r_text(r, label);
		tc_r_raw(r, "</th><td>");
		break;
	case TC_RENDER_TEXT:
		tc_r_text(r, label);
		tc_r_raw(r, ": ");
		break;
	}
}

void tc_r_kv_val_end(tc_render *r)
{
	tc_r_raw(r, r->kind == TC_RENDER_HTML ? "</td></tr>\n" : "\n");
}

void tc_r_kv_end(tc_render *r)
{
	tc_r_raw(r, r->kind == TC_RENDER_HTML ? "</tbody>\n</table>\n" : "\n");
}

void tc_r_table(tc_render *r, const char *const *cols, size_t n)
{
	r->in_table = 1;
	r->ncols = 0;
	for (size_t i = 0; r->labels && i < n && i < sizeof(r->cols) / sizeof(r->cols[0]); i++)
		r->cols[r->ncols++] = cols[i];
	if (r->kind == TC_RENDER_HTML) {
		tc_r_raw(r, "<table>\n<thead><tr>");
		for (size_t i = 0; i < n; i++) {
			tc_r_raw(r, "<th>");
			tc_r_text(r, cols[i]);
			tc_r_raw(r, "</th>");
		}
		tc_r_raw(r, "</tr></thead>\n<tbody>\n");
		return;
	}
	tc_r_raw(r, "|");
	for (size_t i = 0; i < n; i++) {
		tc_r_raw(r, " ");
		tc_r_text(r, cols[i]);
		tc_r_raw(r, " |");
	}
	tc_r_raw(r, "\n|");
	for (size_t i = 0; i < n; i++)
		tc_r_raw(r, " --- |");
	tc_r_raw(r, "\n");
}

void tc_r_row(tc_render *r, const char *cls)
{
	r->col = 0;
	if (r->kind != TC_RENDER_HTML)
		tc_r_raw(r, "|");
	else if (cls)
		tc_r_rawf(r, "<tr class=\"%s\">", cls);
	else
		tc_r_raw(r, "<tr>");
}

void tc_r_row_end(tc_render *r)
{
	tc_r_raw(r, r->kind == TC_RENDER_HTML ? "</tr>\n" : "\n");
}

void tc_r_cell(tc_render *r)
{
	if (r->kind == TC_RENDER_HTML && r->labels && r->col < r->ncols) {
		tc_r_raw(r, "<td data-label=\"");
		tc_r_text(r, r->cols[r->col++]);
		tc_r_raw(r, "\">");
		return;
	}
	r->col++;
	tc_r_raw(r, r->kind == TC_RENDER_HTML ? "<td>" : " ");
}

void tc_r_cell_end(tc_render *r)
{
	tc_r_raw(r, r->kind == TC_RENDER_HTML ? "</td>" : " |");
}

void tc_r_tcell(tc_render *r, const char *s)
{
	tc_r_cell(r);
	tc_r_text(r, s);
	tc_r_cell_end(r);
}

void tc_r_table_end(tc_render *r)
{
	r->in_table = 0;
	tc_r_raw(r, r->kind == TC_RENDER_HTML ? "</tbody>\n</table>\n" : "\n");
}

/* ---- HTML documents ---- */

void tc_r_html_begin(tc_render *r)
{
	tc_r_raw(r, "<!DOCTYPE html>\n");
	tc_r_rawf(r, "<html lang=\"%s\">\n<head>\n", tc_lang_code(r->lang));
	tc_r_raw(r, "<meta charset=\"utf-8\">\n");
	tc_r_raw(r, "<meta http-equiv=\"Content-Security-Policy\" "
		    "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
	tc_r_raw(r, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
	tc_r_raw(r, "<meta name=\"referrer\" content=\"no-referrer\">\n");
	tc_r_raw(r, "<title>");
}

void tc_r_html_head_end(tc_render *r, const char *style)
{
	tc_r_raw(r, "</title>\n");
	if (style) {
		tc_r_raw(r, "<style>\n");
		tc_r_raw(r, style);
		tc_r_raw(r, "</style>\n");
	}
	tc_r_raw(r, "</head>\n<body>\n");
}

void tc_r_html_end(tc_render *r)
{
	tc_r_raw(r, "</body>\n</html>\n");
}
