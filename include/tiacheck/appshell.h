/*
 * appshell: does a page's static HTML need a browser to show its content? Pure
 * functions over the bytes (no parser, no I/O), used by tc_fetch_run_mixed to decide
 * when a document with "render": "auto" is fetched again with the browser.
 *
 * An app shell: little visible text, and an empty root element (<div id="root"></div>,
 * id="app", "__next", "__nuxt", "___gatsby", "svelte", <app-root>), or a "please enable
 * JavaScript" notice, or scripts that outweigh the text many times. Little text alone
 * (a short, real list) is never an app shell: a script must be there to build the page.
 *
 * A block page: positive signals of a bot challenge or a web application firewall
 * (Cloudflare's challenge platform, "Just a moment...", DataDome, PerimeterX, Incapsula,
 * AWS WAF, Akamai), on a page with little text. A page that merely mentions "captcha"
 * in a script is no block page.
 */
#ifndef TIACHECK_APPSHELL_H
#define TIACHECK_APPSHELL_H

#include <stddef.h>

/* What was measured (for tests and messages). */
typedef struct tc_html_shape {
	size_t text_chars;      /* visible characters, outside tags, scripts, styles,
	                           noscript and comments, whitespace not counted */
	size_t script_bytes;    /* inside <script> elements (inline) */
	size_t scripts;         /* <script> elements (inline or src) */
	int empty_root;         /* an app root element with nothing in it */
	int noscript_notice;    /* a <noscript> that asks for JavaScript */
	int block_signals;      /* positive signals of a challenge or block page */
} tc_html_shape;

/* Measure html (n bytes, need not be NUL-terminated). */
void tc_html_measure(const char *html, size_t n, tc_html_shape *out);

/* 1 when html looks like an app shell (see above), else 0. */
int tc_html_looks_like_app_shell(const char *html, size_t n);
/* 1 when html looks like a bot challenge or block page, else 0. */
int tc_html_looks_like_block_page(const char *html, size_t n);
/* Either one. */
int tc_html_needs_browser(const char *html, size_t n);

#endif
