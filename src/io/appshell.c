/*
 * appshell: app shells and block pages from the static bytes. See appshell.h.
 *
 * One pass over the bytes with a tiny tag scanner: text outside tags is counted
 * (without whitespace, characters not bytes), the content of script, style, noscript,
 * template and comments is skipped (scripts measured, noscripts searched), and the
 * root elements of app frameworks are checked for emptiness. The thresholds are in
 * one table of numbers below so that they can be read and tested together.
 */
#include "tiacheck/appshell.h"

#include <ctype.h>
#include <string.h>

#include "tiacheck/util.h"

/* The thresholds. */
#define SHELL_TEXT_MAX 500      /* an empty root with less text than this: a shell */
#define BARE_TEXT_MAX 200       /* scripts and less text than this: a shell */
#define NOTICE_TEXT_MAX 1000    /* "enable JavaScript" with less text: a shell */
#define HEAVY_TEXT_MAX 1000     /* scripts this many times the text ... */
#define HEAVY_RATIO 30
#define HEAVY_SCRIPT_MIN 102400 /* ... and at least this many bytes of them */
#define BLOCK_TEXT_MAX 3000     /* a block page says little */

/* ids (and tags) of the root elements app frameworks render into */
static const char *const root_ids[] = { "root", "app", "__next", "__nuxt", "___gatsby",
					"svelte", "app-root", "main-app", "react-root" };

/* Signals of a challenge or block page, searched case-insensitively in the whole
 * page (markup included): each names a vendor's challenge machinery, never a word a
 * sub-processor list would use. */
static const char *const block_signals[] = {
	"/cdn-cgi/challenge-platform/", "challenges.cloudflare.com", "cf-chl-",
	"<title>just a moment...</title>", "<title>attention required! | cloudflare</title>",
	"captcha-delivery.com", "geo.captcha-delivery", "_incapsula_resource",
	"px-captcha", "perimeterx", "awswaf", "aws-waf-token", "/_sec/cp_challenge/",
	"<title>access denied</title>", "checking your browser before accessing",
	"ddos protection by", "sucuri website firewall", "please verify you are a human",
};

/* Phrases of a <noscript> that says the page needs JavaScript. */
static const char *const notices[] = {
	"enable javascript", "javascript is required", "requires javascript",
	"javascript is disabled", "turn on javascript", "needs javascript",
	"you need to enable javascript", "aktivera javascript",
};

/* Case-insensitive search for needle (lowercase) in h[0..n). */
static const char *find_ci(const char *h, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; k && i + k <= n; i++) {
		size_t j = 0;
		while (j < k && tolower((unsigned char)h[i + j]) == needle[j])
			j++;
		if (j == k)
			return h + i;
	}
	return NULL;
}

/* The end of the element whose content starts at p: the position of "</name",
 * or end when it is not closed. */
static const char *close_tag(const char *p, const char *end, const char *name)
{
	char needle[32];
	const char *q;

	snprintf(needle, sizeof(needle), "</%s", name);
	q = find_ci(p, (size_t)(end - p), needle);
	return q ? q : end;
}

/* The tag name at p (just after '<') into name, lowercase; its length. */
static size_t tag_name(const char *p, const char *end, char *name, size_t cap)
{
	size_t i = 0;

	while (p + i < end && i + 1 < cap &&
	       (isalnum((unsigned char)p[i]) || p[i] == '-' || p[i] == '_')) {
		name[i] = (char)tolower((unsigned char)p[i]);
		i++;
	}
	name[i] = '\0';
	return i;
}

/* Is the attribute text of a tag (between its name and '>') naming a root id? */
static int root_attr(const char *a, size_t n)
{
	for (size_t i = 0; i < TC_ARRAY_LEN(root_ids); i++) {
		char pat[40];
		snprintf(pat, sizeof(pat), "id=\"%s\"", root_ids[i]);
		if (find_ci(a, n, pat))
			return 1;
		snprintf(pat, sizeof(pat), "id='%s'", root_ids[i]);
		if (find_ci(a, n, pat))
			return 1;
	}
	return 0;
}

/* Only whitespace (or nothing) in [p, e)? */
static int blank(const char *p, const char *e)
{
	for (; p < e; p++)
		if (!isspace((unsigned char)*p))
			return 0;
	return 1;
}

/* A tag at p (on '<'): measure what it opens. Returns where scanning goes on. */
static const char *on_tag(const char *p, const char *end, tc_html_shape *s)
{
	char name[24];
	const char *gt, *content, *stop;
	size_t nl;

	if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
		const char *c = find_ci(p + 4, (size_t)(end - p - 4), "-->");
		return c ? c + 3 : end;
	}
	nl = tag_name(p + 1, end, name, sizeof(name));
	gt = memchr(p, '>', (size_t)(end - p));
	if (!gt)
		return end;
	content = gt + 1;
	if (nl == 0)
		return content;                 /* </x>, <!doctype>, <?x?> */
	if (strcmp(name, "script") == 0 || strcmp(name, "style") == 0 ||
	    strcmp(name, "noscript") == 0 || strcmp(name, "template") == 0) {
		stop = close_tag(content, end, name);
		if (name[1] == 'c') {           /* script */
			s->scripts++;
			s->script_bytes += (size_t)(stop - content);
		} else if (name[0] == 'n') {
			for (size_t i = 0; i < TC_ARRAY_LEN(notices); i++)
				if (find_ci(content, (size_t)(stop - content), notices[i]))
					s->noscript_notice = 1;
		}
		return stop;
	}
	if (strcmp(name, "app-root") == 0 || root_attr(p + 1 + nl, (size_t)(gt - p - 1 - nl))) {
		char closing[32];
		const char *q;
		snprintf(closing, sizeof(closing), "</%s", name);
		q = find_ci(content, (size_t)(end - content), closing);
		if (q && blank(content, q))
			s->empty_root = 1;
	}
	return content;
}

void tc_html_measure(const char *html, size_t n, tc_html_shape *out)
{
	const char *p = html, *end = html + n;

	memset(out, 0, sizeof(*out));
	if (!html)
		return;
	while (p < end) {
		if (*p == '<' && p + 1 < end && (isalpha((unsigned char)p[1]) || p[1] == '/' ||
						 p[1] == '!' || p[1] == '?')) {
			p = on_tag(p, end, out);
			continue;
		}
		/* a character: count its first byte only, whitespace not at all */
		if (!isspace((unsigned char)*p) && ((unsigned char)*p & 0xC0) != 0x80)
			out->text_chars++;
		p++;
	}
	for (size_t i = 0; i < TC_ARRAY_LEN(block_signals); i++)
		if (find_ci(html, n, block_signals[i]))
			out->block_signals++;
}

static int shell_of(const tc_html_shape *s)
{
	if (s->empty_root && s->text_chars < SHELL_TEXT_MAX)
		return 1;
	if (s->scripts > 0 && s->text_chars < BARE_TEXT_MAX)
		return 1;
	if (s->noscript_notice && s->text_chars < NOTICE_TEXT_MAX)
		return 1;
	return s->text_chars < HEAVY_TEXT_MAX && s->script_bytes >= HEAVY_SCRIPT_MIN &&
	       s->script_bytes > HEAVY_RATIO * s->text_chars;
}

static int block_of(const tc_html_shape *s)
{
	return s->block_signals > 0 && s->text_chars < BLOCK_TEXT_MAX;
}

int tc_html_looks_like_app_shell(const char *html, size_t n)
{
	tc_html_shape s;

	tc_html_measure(html, n, &s);
	return shell_of(&s);
}

int tc_html_looks_like_block_page(const char *html, size_t n)
{
	tc_html_shape s;

	tc_html_measure(html, n, &s);
	return block_of(&s);
}

int tc_html_needs_browser(const char *html, size_t n)
{
	tc_html_shape s;

	tc_html_measure(html, n, &s);
	return shell_of(&s) || block_of(&s);
}
