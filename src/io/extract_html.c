/*
 * extract_html: HTML → normalised text with libxml2's HTML parser. Boilerplate is
 * dropped by generic rules (no per-site configuration): scripts and other non-text
 * elements, form controls, hidden elements, navigation, the page-level header and
 * footer, asides, dialogs, cookie/consent banners. <main>, role=main or a single
 * dominant <article> is preferred when it holds most of the text. A removal rule is
 * not applied to an element holding most of the page's text and its main content
 * (keeps_main). Text nodes of any size are read (a JSON state blob of 10 MB or more
 * must not stop the parser before the list).
 */
#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "tiacheck/extract.h"
#include "tiacheck/util.h"
#include "extract_int.h"

/* Elements deeper than this are ignored (the parser bounds depth too). */
#define HX_MAX_DEPTH 400
/* <main> or an <article> needs this much text (non-space bytes) to be preferred. */
#define HX_MAIN_MIN 100
/* A banner-like element with more text than this is content, not a banner. */
#define HX_BANNER_MAX_TEXT 3000

/* Marks in xmlNode._private (free for applications). */
#define MARK_REMOVE ((void *)1)
#define MARK_SELECT ((void *)2)

enum hx_kind {
	K_BLOCK = 0,   /* unknown elements are blocks */
	K_INLINE,
	K_SKIP,        /* never text */
	K_DROP,        /* boilerplate (nav, aside, dialog, search): dropped unless it holds
	                  the page's main content */
	K_HEADER,      /* header/footer: dropped at page level */
	K_SECTION,     /* sectioning: article, section, main */
	K_H,           /* h1..h6 */
	K_LI,
	K_TABLE,
	K_TR,
	K_CELL,
	K_BR,
	K_A,
	K_PRE,
	K_TRANSPARENT  /* thead, tbody, tfoot, html, body */
};

static const struct hx_tag {
	const char *name;
	enum hx_kind kind;
} hx_tags[] = {
	/* sorted by name, to read; looked up by hash (tag_kind) */
	{ "a", K_A }, { "abbr", K_INLINE }, { "acronym", K_INLINE }, { "address", K_BLOCK },
	{ "applet", K_SKIP }, { "area", K_SKIP }, { "article", K_SECTION }, { "aside", K_DROP },
	{ "audio", K_SKIP }, { "b", K_INLINE }, { "base", K_SKIP }, { "bdi", K_INLINE },
	{ "bdo", K_INLINE }, { "big", K_INLINE }, { "body", K_TRANSPARENT }, { "br", K_BR },
	{ "button", K_SKIP }, { "canvas", K_SKIP }, { "cite", K_INLINE }, { "code", K_INLINE },
	{ "data", K_INLINE }, { "datalist", K_SKIP }, { "del", K_INLINE }, { "dfn", K_INLINE },
	{ "dialog", K_DROP }, { "em", K_INLINE }, { "embed", K_SKIP }, { "font", K_INLINE },
	{ "footer", K_HEADER }, { "frame", K_SKIP }, { "frameset", K_SKIP },
	{ "h1", K_H }, { "h2", K_H }, { "h3", K_H }, { "h4", K_H }, { "h5", K_H }, { "h6", K_H },
	{ "head", K_SKIP }, { "header", K_HEADER }, { "hr", K_BR }, { "html", K_TRANSPARENT },
	{ "i", K_INLINE }, { "iframe", K_SKIP }, { "img", K_SKIP }, { "input", K_SKIP },
	{ "ins", K_INLINE }, { "kbd", K_INLINE }, { "label", K_SKIP }, { "li", K_LI },
	{ "link", K_SKIP }, { "main", K_SECTION }, { "map", K_SKIP }, { "mark", K_INLINE },
	{ "math", K_SKIP }, { "meta", K_SKIP }, { "meter", K_SKIP }, { "nav", K_DROP },
	{ "nobr", K_INLINE }, { "noembed", K_SKIP }, { "noframes", K_SKIP },
	{ "noscript", K_SKIP }, { "object", K_SKIP }, { "optgroup", K_SKIP },
	{ "option", K_SKIP }, { "output", K_SKIP }, { "param", K_SKIP }, { "picture", K_SKIP },
	{ "pre", K_PRE }, { "progress", K_SKIP }, { "q", K_INLINE }, { "rp", K_SKIP },
	{ "rt", K_INLINE }, { "ruby", K_INLINE }, { "s", K_INLINE }, { "samp", K_INLINE },
	{ "script", K_SKIP }, { "search", K_DROP }, { "section", K_SECTION },
	{ "select", K_SKIP }, { "slot", K_INLINE }, { "small", K_INLINE }, { "source", K_SKIP },
	{ "span", K_INLINE }, { "strike", K_INLINE }, { "strong", K_INLINE },
	{ "style", K_SKIP }, { "sub", K_INLINE }, { "sup", K_INLINE }, { "svg", K_SKIP },
	{ "table", K_TABLE }, { "tbody", K_TRANSPARENT }, { "td", K_CELL },
	{ "template", K_SKIP }, { "textarea", K_SKIP }, { "tfoot", K_TRANSPARENT },
	{ "th", K_CELL }, { "thead", K_TRANSPARENT }, { "time", K_INLINE }, { "title", K_SKIP },
	{ "tr", K_TR }, { "track", K_SKIP }, { "tt", K_INLINE }, { "u", K_INLINE },
	{ "var", K_INLINE }, { "video", K_SKIP }, { "wbr", K_INLINE },
};

/* Tag names by hash: open addressing over HX_TAG_SLOTS slots holding an index into
 * hx_tags plus one (0: empty), filled once. A name longer than any in the table is
 * no known tag. */
#define HX_TAG_SLOTS 256
#define HX_TAG_MAXLEN 8
static unsigned char hx_tag_slot[HX_TAG_SLOTS];
static pthread_once_t hx_tag_once = PTHREAD_ONCE_INIT;

static unsigned tag_hash(const unsigned char *s, size_t *len)
{
	unsigned h = 5381;
	size_t i = 0;

	for (; s[i] && i <= HX_TAG_MAXLEN; i++)
		h = h * 33u + s[i];
	*len = i;
	return h;
}

static void tag_table_fill(void)
{
	for (size_t i = 0; i < TC_ARRAY_LEN(hx_tags); i++) {
		size_t len;
		unsigned h = tag_hash((const unsigned char *)hx_tags[i].name, &len);

		while (hx_tag_slot[h % HX_TAG_SLOTS])
			h++;
		hx_tag_slot[h % HX_TAG_SLOTS] = (unsigned char)(i + 1);
	}
}

static enum hx_kind tag_kind(const xmlNode *n)
{
	size_t len;
	unsigned h;

	h = tag_hash(n->name, &len);
	if (len > HX_TAG_MAXLEN)
		return K_BLOCK;
	for (unsigned s; (s = hx_tag_slot[h % HX_TAG_SLOTS]) != 0; h++) {
		const char *name = hx_tags[s - 1].name;
		size_t i = 0;

		while (i < len && name[i] == (char)n->name[i])
			i++;
		if (i == len && name[i] == '\0')
			return hx_tags[s - 1].kind;
	}
	return K_BLOCK;
}

/* ARIA roles whose element is never the document's text. */
static const char *const skip_roles[] = {
	"navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog",
	"search", "menubar", "toolbar", "tooltip",
};

/* Consent-management platforms: any id/class/aria-label containing these. */
static const char *const cmp_vendors[] = {
	"onetrust", "optanon", "ot-sdk", "cookiebot", "cybotcookiebot", "didomi",
	"usercentrics", "trustarc", "truste-", "qc-cmp", "quantcast-choice", "osano",
	"termly", "iubenda", "cookieyes", "cky-consent", "klaro", "cmplz", "complianz",
	"borlabs", "sp_message", "cookie-script", "cookiefirst", "consentmanager",
	"evidon", "axeptio", "tarteaucitron", "cookielaw", "cookie-law", "cookiehub",
	"gdpr-banner", "gdpr-consent", "gdpr-cookie", "cc-banner", "cc-window",
};
/* Or containing one of these topics together with one of the shapes below. */
static const char *const banner_topics[] = { "cookie", "consent", "gdpr", "ccpa" };
static const char *const banner_shapes[] = {
	"banner", "bar", "notice", "popup", "pop-up", "modal", "dialog", "overlay", "wall",
	"prompt", "toast", "snackbar", "layer", "alert", "manager", "container", "wrapper",
	"message", "notification", "box", "panel", "drawer", "sheet", "footer", "consent",
};

static int contains_any(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strstr(s, list[i]))
			return 1;
	return 0;
}

/*
 * The byte pairs that occur in a string, hashed into 1,024 bits: a word whose first two
 * bytes are not among them cannot occur in the string, so most of the 35 searches of
 * banner_like end without reading it (same answers, a fraction of the time).
 */
typedef struct pairset {
	uint64_t bits[16];
} pairset;

static unsigned pair_hash(unsigned char a, unsigned char b)
{
	return ((unsigned)a * 31u + b) & 1023u;
}

static void pairs_of(const char *s, pairset *ps)
{
	memset(ps, 0, sizeof(*ps));
	for (size_t i = 0; s[i] && s[i + 1]; i++) {
		unsigned h = pair_hash((unsigned char)s[i], (unsigned char)s[i + 1]);

		ps->bits[h >> 6] |= (uint64_t)1 << (h & 63);
	}
}

/* contains_any for s whose pairs are ps; every word of list has two bytes or more. */
static int contains_any_pairs(const char *s, const pairset *ps, const char *const *list,
			      size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned h = pair_hash((unsigned char)list[i][0], (unsigned char)list[i][1]);

		if ((ps->bits[h >> 6] >> (h & 63) & 1) && strstr(s, list[i]))
			return 1;
	}
	return 0;
}

/* Space as isspace() says in the C locale (tiacheck never sets another one). */
static inline int is_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Bytes of s that are not space. Blocks of 16 with a fixed trip count, which the
 * compiler turns into vector instructions at -O2, then the tail byte by byte. */
static size_t visible_bytes(const xmlChar *s)
{
	size_t n = s ? strlen((const char *)s) : 0, i = 0, spaces = 0;

	for (; i + 16 <= n; i += 16) {
		unsigned char block = 0;

		for (int k = 0; k < 16; k++)
			block += (unsigned char)((s[i + k] == ' ') |
						 ((unsigned char)(s[i + k] - '\t') < 5));
		spaces += block;
	}
	for (; i < n; i++)
		spaces += is_space(s[i]);
	return n - spaces;
}

/* Lower-cased copy of at most outlen-1 bytes of an attribute value. */
static void lower_copy(const xmlChar *v, char *out, size_t outlen)
{
	size_t i = 0;

	for (; v && v[i] && i + 1 < outlen; i++)
		out[i] = (char)tolower(v[i]);
	out[i] = '\0';
}

static const xmlChar *attr_value(const xmlAttr *a)
{
	if (a->children && a->children->type == XML_TEXT_NODE && a->children->content)
		return a->children->content;
	return (const xmlChar *)"";
}

/* Does a lower-cased id/class (tokens) or label (words) look like a cookie or
 * consent banner? */
static int banner_like(const char *s, int label)
{
	pairset ps;

	if (!*s || !s[1])
		return 0;
	pairs_of(s, &ps);
	if (contains_any_pairs(s, &ps, cmp_vendors, TC_ARRAY_LEN(cmp_vendors)))
		return 1;
	if (!contains_any_pairs(s, &ps, banner_topics, TC_ARRAY_LEN(banner_topics)))
		return 0;
	if (label)
		return contains_any_pairs(s, &ps, banner_shapes, TC_ARRAY_LEN(banner_shapes));
	for (const char *t = s; *t; t++) {
		/* "cookie"/"consent" followed (or preceded) by a shape word */
		if (strncmp(t, "cookie", 6) == 0 || strncmp(t, "consent", 7) == 0 ||
		    strncmp(t, "gdpr", 4) == 0 || strncmp(t, "ccpa", 4) == 0) {
			const char *end = strchr(t, ' ');
			size_t span = end ? (size_t)(end - t) : strlen(t);
			const char *start = t;
			char word[128];

			while (start > s && start[-1] != ' ')
				start--;
			span += (size_t)(t - start);
			if (span >= sizeof(word))
				span = sizeof(word) - 1;
			memcpy(word, start, span);
			word[span] = '\0';
			/* the class token must be more than the bare topic */
			if (strcmp(word, "cookie") && strcmp(word, "cookies") && strcmp(word, "consent") &&
			    contains_any(word, banner_shapes, TC_ARRAY_LEN(banner_shapes)))
				return 1;
		}
	}
	return 0;
}

enum hx_verdict { V_KEEP = 0, V_DROP, V_ROLE, V_BANNER };

/*
 * One pass over the attributes: is the element hidden, of a skipped role, a dialog,
 * or a cookie/consent banner? Also reports role=main.
 */
static enum hx_verdict judge_attrs(const xmlNode *n, int *role_main, const xmlChar **cfemail)
{
	char v[256];
	int banner = 0;

	*role_main = 0;
	*cfemail = NULL;
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		const char *name = (const char *)a->name;

		switch (name[0]) {
		case 'h':
			if (strcmp(name, "hidden") == 0) {
				lower_copy(attr_value(a), v, sizeof(v));
				if (strcmp(v, "until-found") != 0)
					return V_DROP;
			}
			break;
		case 'a':
			if (strcmp(name, "aria-hidden") == 0) {
				lower_copy(attr_value(a), v, sizeof(v));
				if (strcmp(v, "true") == 0)
					return V_DROP;
			} else if (strcmp(name, "aria-modal") == 0) {
				lower_copy(attr_value(a), v, sizeof(v));
				if (strcmp(v, "true") == 0)
					return V_DROP;
			} else if (strcmp(name, "aria-label") == 0 ||
				   strcmp(name, "aria-labelledby") == 0 ||
				   strcmp(name, "aria-describedby") == 0) {
				lower_copy(attr_value(a), v, sizeof(v));
				banner |= banner_like(v, 1);
			}
			break;
		case 's':
			if (strcmp(name, "style") == 0) {
				const xmlChar *s = attr_value(a);
				size_t k = 0;

				/* compact: lower case, no spaces */
				for (size_t i = 0; s[i] && k + 1 < sizeof(v); i++)
					if (!isspace(s[i]))
						v[k++] = (char)tolower(s[i]);
				v[k] = '\0';
				if (strstr(v, "display:none") || strstr(v, "visibility:hidden"))
					return V_DROP;
			}
			break;
		case 'd':
			if (strcmp(name, "data-cfemail") == 0)
				*cfemail = attr_value(a);
			break;
		case 'r':
			if (strcmp(name, "role") == 0) {
				lower_copy(attr_value(a), v, sizeof(v));
				if (strcmp(v, "main") == 0)
					*role_main = 1;
				for (size_t i = 0; i < TC_ARRAY_LEN(skip_roles); i++)
					if (strcmp(v, skip_roles[i]) == 0)
						return V_ROLE;
			}
			break;
		case 'i':
		case 'c':
			if (strcmp(name, "id") == 0 || strcmp(name, "class") == 0) {
				lower_copy(attr_value(a), v, sizeof(v));
				banner |= banner_like(v, 0);
			}
			break;
		default:
			break;
		}
	}
	return banner ? V_BANNER : V_KEEP;
}

/* Non-space bytes of text under n (scripts and the like not counted), up to stop. */
static size_t text_len(const xmlNode *n, int depth, size_t stop)
{
	size_t total = 0;

	if (depth > HX_MAX_DEPTH)
		return 0;
	for (const xmlNode *c = n->children; c && total < stop; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			for (const xmlChar *p = c->content; p && *p; p++)
				total += !is_space(*p);
		} else if (c->type == XML_ELEMENT_NODE) {
			enum hx_kind k = tag_kind(c);

			if (k != K_SKIP && k != K_DROP)
				total += text_len(c, depth + 1, stop - total);
		}
	}
	return total;
}

typedef struct hx {
	tx_writer *w;
	const xmlChar *base;     /* document URL for relative links, may be NULL */
	char base_host[256];     /* its host ("" none), worked out once per document */
	int sectioning;          /* article/section/main ancestors (or a chosen root) */
	int inline_only;         /* > 0 in headings: blocks become spaces */
	int in_link;
	int pre;
	int *table_rows;         /* rows written in the current real table, NULL otherwise */
	int consent_chars;       /* text in dropped consent banners */
	size_t root_len;         /* visible text (non-space bytes) of the walked root */
	int main_root;           /* the walked root is <main>, role=main or an <article> */
	tc_buf url;              /* scratch */
} hx;

static void walk(hx *h, xmlNode *n, int depth);

static void hx_break(hx *h)
{
	if (h->inline_only)
		tx_space(h->w);
	else
		tx_break(h->w);
}

/* Text of a <pre>: line breaks are block breaks. */
static void pre_text(hx *h, const char *s)
{
	for (;;) {
		const char *nl = strchr(s, '\n');

		if (!nl) {
			tx_text(h->w, s, strlen(s));
			return;
		}
		tx_text(h->w, s, (size_t)(nl - s));
		hx_break(h);
		s = nl + 1;
	}
}

/* Query parameters that only track, identify a session or bust caches. */
static const char *const drop_param_exact[] = {
	"gclid", "gclsrc", "dclid", "fbclid", "msclkid", "yclid", "igshid", "twclid", "ttclid",
	"li_fat_id", "wbraid", "gbraid", "_ga", "_gl", "_ke", "mkt_tok", "trk", "trkcampaign",
	"sc_cid", "s_cid", "ref", "ref_src", "ref_url", "referrer", "spm", "scid",
	"hsctatracking", "sessionid", "session_id", "sid", "phpsessid", "jsessionid",
	"aspsessionid", "sessid", "token", "csrf", "csrf_token", "_csrf", "authenticity_token",
	"nonce", "_", "_t", "ts", "timestamp", "cb", "cachebuster", "nocache", "_branch_match_id",
	"si", "feature", "campaign", "cmpid", "ncid", "ocid", "icid", "cvid", "wt.mc_id",
};
static const char *const drop_param_prefix[] = {
	"utm_", "mc_", "_hs", "__hs", "hsa_", "pk_", "mtm_", "vero_", "oly_", "_bta_",
	"matomo_", "piwik_", "ga_", "fb_", "trk_",
};

/* Does a query value look like a random token (long, letters and digits mixed)? */
static int random_value(const char *v, size_t n)
{
	size_t digits = 0, alpha = 0;

	if (n < 16)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (isdigit((unsigned char)v[i]))
			digits++;
		else if (isalpha((unsigned char)v[i]))
			alpha++;
		else if (!strchr("-_.%=+/", v[i]))
			return 0;
	}
	return digits >= 2 && alpha >= 2;
}

static int drop_param(const char *p, size_t n)
{
	const char *eq = memchr(p, '=', n);
	size_t kn = eq ? (size_t)(eq - p) : n;
	char key[64];

	if (kn == 0)
		return 1;
	if (kn >= sizeof(key))
		return 0;
	for (size_t i = 0; i < kn; i++)
		key[i] = (char)tolower((unsigned char)p[i]);
	key[kn] = '\0';
	for (size_t i = 0; i < TC_ARRAY_LEN(drop_param_exact); i++)
		if (key[0] == drop_param_exact[i][0] && strcmp(key, drop_param_exact[i]) == 0)
			return 1;
	for (size_t i = 0; i < TC_ARRAY_LEN(drop_param_prefix); i++)
		if (strncmp(key, drop_param_prefix[i], strlen(drop_param_prefix[i])) == 0)
			return 1;
	return eq && random_value(eq + 1, n - kn - 1);
}

/* The host of an absolute or protocol-relative URL, lower-cased ("" if none). */
static void url_host(const char *u, char *out, size_t outlen)
{
	const char *p = strstr(u, "//");
	size_t k = 0;

	out[0] = '\0';
	if (!p)
		return;
	for (const char *c = u; c < p; c++)
		if (!isalnum((unsigned char)*c) && !strchr("+-.:", *c))
			return;
	p += 2;
	if (strncasecmp(p, "www.", 4) == 0)
		p += 4;
	while (*p && !strchr("/?#:@", *p) && k + 1 < outlen)
		out[k++] = (char)tolower((unsigned char)*p++);
	out[k] = '\0';
}

/* Decode Cloudflare's e-mail obfuscation (hex: a key byte, then bytes XOR key) into
 * out; returns 0, or -1 when hex is not such a string. */
static int cf_email(const char *hex, size_t n, tc_buf *out)
{
	unsigned key, c;

	if (n < 4 || n % 2 || n > 1024 || sscanf(hex, "%2x", &key) != 1)
		return -1;
	for (size_t i = 2; i < n; i += 2) {
		if (!isxdigit((unsigned char)hex[i]) || !isxdigit((unsigned char)hex[i + 1]) ||
		    sscanf(hex + i, "%2x", &c) != 1)
			return -1;
		c ^= key;
		if (c < 0x20 || c == 0x7f)
			return -1;
		tc_buf_addc(out, (char)c);
	}
	return 0;
}

/*
 * The link target as it should appear in the text, or empty when the link names
 * nothing a reader of the text needs: links within the same site (relative, or to
 * the document's host: their paths churn with site restructuring, locale prefixes and
 * relative forms, and the link text says where they go), scripts, fragments.
 * Tracking, session and cache-busting query parameters are removed; spaces and
 * parentheses are escaped.
 */
static void clean_url_raw(hx *h, const xmlChar *href, tc_buf *out)
{
	const char *u = (const char *)href, *q, *frag, *end;
	char host[256];
	size_t plen;
	int first = 1;

	tc_buf_reset(out);
	while (*u && isspace((unsigned char)*u))
		u++;
	end = u + strlen(u);
	while (end > u && isspace((unsigned char)end[-1]))
		end--;
	if (strncasecmp(u, "mailto:", 7) == 0 || strncasecmp(u, "tel:", 4) == 0) {
		tc_buf_add(out, u, (size_t)(end - u));
		return;
	}
	url_host(u, host, sizeof(host));
	if (!host[0])
		return;     /* relative, fragment, javascript:, data: ... */
	if (strstr(u, "/cdn-cgi/l/email-protection#")) {
		const char *x = strchr(u, '#') + 1;

		tc_buf_adds(out, "mailto:");
		if (cf_email(x, (size_t)(end - x), out) < 0)
			tc_buf_reset(out);
		return;
	}
	if (h->base && strcmp(host, h->base_host) == 0)
		return;
	frag = memchr(u, '#', (size_t)(end - u));
	if (!frag)
		frag = end;
	q = memchr(u, '?', (size_t)(frag - u));
	plen = (size_t)((q ? q : frag) - u);
	/* path parameters like ;jsessionid=... */
	{
		const char *semi = memchr(u, ';', plen);

		if (semi && tx_memcasemem(semi, plen - (size_t)(semi - u), "sessionid"))
			plen = (size_t)(semi - u);
	}
	tc_buf_add(out, u, plen);
	if (q) {
		const char *p = q + 1;

		while (p < frag) {
			const char *amp = p;

			while (amp < frag && *amp != '&' && *amp != ';')
				amp++;
			if (amp > p && !drop_param(p, (size_t)(amp - p))) {
				tc_buf_addc(out, first ? '?' : '&');
				tc_buf_add(out, p, (size_t)(amp - p));
				first = 0;
			}
			p = amp + 1;
		}
	}
	if (frag < end && frag + 1 < end && strncmp(frag + 1, ":~:", 3) != 0)
		tc_buf_add(out, frag, (size_t)(end - frag));
}

/* clean_url_raw, then what a URL parser does with stray characters: tabs and line
 * breaks are dropped (WHATWG URL); other control characters, spaces and parentheses
 * are percent-encoded, so that a link never breaks [text](url) or the
 * one-block-per-line form. One pass into a new buffer: linear in the URL's length;
 * a URL past the buffer's maximum comes out empty (the link text stays). */
static void clean_url(hx *h, const xmlChar *href, tc_buf *out)
{
	tc_buf tmp = TC_BUF_INIT;
	size_t k = 0;

	clean_url_raw(h, href, out);
	/* most URLs hold nothing to escape: then they stay as they are */
	while (k < out->len) {
		unsigned char c = (unsigned char)out->data[k];

		if (c <= 0x20 || c == 0x7f || c == '(' || c == ')')
			break;
		k++;
	}
	if (k == out->len)
		return;
	tc_buf_init(&tmp, out->max ? out->max : (size_t)1 << 20);
	for (k = 0; k < out->len; k++) {
		unsigned char c = (unsigned char)out->data[k];

		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c < 0x20 || c == 0x7f || c == ' ' || c == '(' || c == ')')
			tc_buf_printf(&tmp, "%%%02X", c);
		else
			tc_buf_addc(&tmp, (char)c);
	}
	tc_buf_reset(out);
	if (tc_buf_add(out, tc_buf_str(&tmp), tmp.len) < 0)
		tc_buf_reset(out);
	tc_buf_release(&tmp);
}

/* s without scheme, "www.", "mailto:", trailing slash: for comparing text and URL. */
static void bare_url(const char *s, size_t n, const char **b, size_t *bn)
{
	static const char *const pre[] = { "https://", "http://", "mailto:", "tel:", "www." };

	for (size_t i = 0; i < TC_ARRAY_LEN(pre); i++) {
		size_t k = strlen(pre[i]);

		if (n >= k && strncasecmp(s, pre[i], k) == 0) {
			s += k;
			n -= k;
		}
	}
	while (n && s[n - 1] == '/')
		n--;
	*b = s;
	*bn = n;
}

/* Turn line[start..] (the link's text) into [text](url) when the URL adds
 * information. */
static void finish_link(hx *h, size_t start, const xmlChar *href)
{
	tc_buf *line = &h->w->line;
	const char *t, *u;
	size_t tn, un;

	if (start < line->len && line->data[start] == ' ')
		start++;
	if (start >= line->len)
		return;
	clean_url(h, href, &h->url);
	if (!h->url.len)
		return;
	bare_url(line->data + start, line->len - start, &t, &tn);
	bare_url(h->url.data, h->url.len, &u, &un);
	if (tn == un && strncasecmp(t, u, tn) == 0)
		return;
	if (tc_buf_addc(line, '[') < 0) {
		h->w->full = 1;
		return;
	}
	memmove(line->data + start + 1, line->data + start, line->len - start - 1);
	line->data[start] = '[';
	if (tc_buf_add(line, "](", 2) < 0 || tc_buf_add(line, h->url.data, h->url.len) < 0 ||
	    tc_buf_addc(line, ')') < 0)
		h->w->full = 1;
}

static const char *const heading_prefix[] = { "# ", "## ", "### ", "#### ", "##### ", "###### " };

/* Is this table a data table (rows of at least two cells, no table in a cell)? */
static int data_table(const xmlNode *t)
{
	int maxcells = 0;

	for (const xmlNode *g = t->children; g; g = g->next) {
		const xmlNode *rows = g;

		if (g->type != XML_ELEMENT_NODE)
			continue;
		if (tag_kind(g) == K_TRANSPARENT)
			rows = g->children;
		else if (tag_kind(g) == K_TR)
			rows = g;
		else
			continue;
		for (const xmlNode *r = rows; r; r = (rows == g ? NULL : r->next)) {
			int cells = 0;

			if (r->type != XML_ELEMENT_NODE || tag_kind(r) != K_TR)
				continue;
			for (const xmlNode *c = r->children; c; c = c->next) {
				if (c->type != XML_ELEMENT_NODE || tag_kind(c) != K_CELL)
					continue;
				cells++;
				for (const xmlNode *d = c->children; d; d = d->next)
					if (d->type == XML_ELEMENT_NODE && tag_kind(d) == K_TABLE)
						return 0;
			}
			if (cells > maxcells)
				maxcells = cells;
		}
	}
	return maxcells >= 2;
}

/* The value of the element's first href attribute (what xmlGetProp gives for a parsed
 * HTML attribute: its one text child, or ""), not copied; NULL when there is none. */
static const xmlChar *href_of(const xmlNode *n)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (strcmp((const char *)a->name, "href") == 0)
			return attr_value(a);
	return NULL;
}

static int role_is_main(const xmlNode *n);

/* Does n hold what reads as a page's main content: a <main> (or role=main), an <h1>,
 * or a data table? */
static int holds_content(const xmlNode *n, int depth)
{
	if (depth > HX_MAX_DEPTH)
		return 0;
	for (const xmlNode *c = n->children; c; c = c->next) {
		enum hx_kind k;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		k = tag_kind(c);
		if (k == K_SKIP)
			continue;
		if ((k == K_SECTION && strcmp((const char *)c->name, "main") == 0) ||
		    (k == K_H && c->name[1] == '1') || (k == K_TABLE && data_table(c)) ||
		    (c->properties && role_is_main(c)) || holds_content(c, depth + 1))
			return 1;
	}
	return 0;
}

/*
 * No generic removal rule may remove a page's main content: a rule (hidden, a
 * boilerplate role or tag, a banner-like class name) is not applied to an element
 * that holds more than half of the visible text of the walked root and what reads as
 * main content (see holds_content): a hidden wrapper, a page wrapper whose generated
 * class name looks like a banner's, a whole list inside <nav>. A consent banner
 * alone on a page (no table, no <h1>) is still dropped: that is a consent wall.
 */
static int keeps_main(const hx *h, const xmlNode *n, int depth)
{
	size_t half = h->root_len / 2, t;

	if (h->root_len < HX_MAIN_MIN)
		return 0;
	t = text_len(n, depth, half + 1);
	if (t <= half)
		return 0;
	return holds_content(n, depth);
}

static void element(hx *h, xmlNode *n, int depth)
{
	tx_writer *w = h->w;
	enum hx_kind kind;
	enum hx_verdict v;
	int role_main;
	const xmlChar *cfemail;

	if (depth > HX_MAX_DEPTH || n->_private == MARK_REMOVE)
		return;
	kind = tag_kind(n);
	if (kind == K_SKIP || (kind == K_DROP && !keeps_main(h, n, depth)))
		return;
	v = judge_attrs(n, &role_main, &cfemail);
	if ((v == V_DROP && !keeps_main(h, n, depth)) ||
	    (v == V_ROLE && !keeps_main(h, n, depth)))
		return;
	if (cfemail) {
		/* Cloudflare-obfuscated address: the real one, not "[email protected]" */
		tc_buf_reset(&h->url);
		if (cf_email((const char *)cfemail, strlen((const char *)cfemail), &h->url) == 0) {
			tx_text(w, h->url.data, h->url.len);
			return;
		}
	}
	if (v == V_BANNER) {
		size_t t = text_len(n, depth, HX_BANNER_MAX_TEXT + 1);

		if (t <= HX_BANNER_MAX_TEXT && !keeps_main(h, n, depth)) {
			h->consent_chars += (int)t;
			return;
		}
	}
	if (kind == K_HEADER && h->sectioning == 0 && n->_private != MARK_SELECT &&
	    !keeps_main(h, n, depth))
		return;
	switch (kind) {
	case K_INLINE:
		walk(h, n, depth);
		break;
	case K_TRANSPARENT:
		walk(h, n, depth);
		break;
	case K_BR:
		hx_break(h);
		break;
	case K_H:
		if (h->inline_only) {
			tx_space(w);
			walk(h, n, depth);
			tx_space(w);
			break;
		}
		tx_block(w, heading_prefix[n->name[1] - '1']);
		h->inline_only++;
		walk(h, n, depth);
		h->inline_only--;
		tx_block(w, "");
		break;
	case K_LI:
		if (h->inline_only) {
			tx_space(w);
			walk(h, n, depth);
			break;
		}
		tx_block(w, "- ");
		walk(h, n, depth);
		tx_block(w, "");
		break;
	case K_A: {
		const xmlChar *href = h->in_link ? NULL : href_of(n);
		size_t start = w->line.len;
		unsigned gen = w->gen;

		if (!href) {
			walk(h, n, depth);
			break;
		}
		h->in_link++;
		walk(h, n, depth);
		h->in_link--;
		if (gen == w->gen && w->line.len > start)
			finish_link(h, start, href);
		break;
	}
	case K_PRE:
		hx_break(h);
		h->pre++;
		walk(h, n, depth);
		h->pre--;
		hx_break(h);
		break;
	case K_TABLE: {
		int *saved = h->table_rows, rows = 0;

		hx_break(h);
		h->table_rows = (!w->in_cell && !h->inline_only && data_table(n)) ? &rows : NULL;
		walk(h, n, depth);
		h->table_rows = saved;
		hx_break(h);
		break;
	}
	case K_TR:
		if (h->table_rows && !w->in_cell) {
			tx_row_begin(w);
			walk(h, n, depth);
			if (w->in_cell == 0)
				tx_row_end(w, h->table_rows);
		} else {
			hx_break(h);
			walk(h, n, depth);
			hx_break(h);
		}
		break;
	case K_CELL:
		if (h->table_rows) {
			tx_space(w);
			tx_cell_begin(w);
			walk(h, n, depth);
			tx_cell_end(w);
		} else {
			hx_break(h);
			walk(h, n, depth);
			hx_break(h);
		}
		break;
	case K_SECTION:
	default:
		if (kind == K_SECTION || role_main)
			h->sectioning++;
		hx_break(h);
		walk(h, n, depth);
		hx_break(h);
		if (kind == K_SECTION || role_main)
			h->sectioning--;
		break;
	}
}

static void walk(hx *h, xmlNode *n, int depth)
{
	for (xmlNode *c = n->children; c; c = c->next) {
		switch (c->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (!c->content)
				break;
			if (h->pre)
				pre_text(h, (const char *)c->content);
			else
				tx_text(h->w, (const char *)c->content, strlen((const char *)c->content));
			break;
		case XML_ELEMENT_NODE:
			element(h, c, depth + 1);
			break;
		default:
			break;
		}
	}
}

/* Is role="main" among the element's attributes? */
static int role_is_main(const xmlNode *n)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (a->name[0] == 'r' && strcmp((const char *)a->name, "role") == 0)
			return strcasecmp((const char *)attr_value(a), "main") == 0;
	return 0;
}

typedef struct survey {
	xmlNode *main;          /* first <main> or role=main */
	size_t main_len;
	xmlNode *article;       /* outermost <article> with the most text */
	size_t article_len;
	size_t drop_len;        /* text in boilerplate elements (nav, aside, ...) */
} survey;

/* One pass over the tree: the text length of n, noting main and article candidates. */
static size_t survey_tree(xmlNode *n, int depth, int in_article, survey *sv)
{
	size_t total = 0;

	if (depth > HX_MAX_DEPTH)
		return 0;
	for (xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			total += visible_bytes(c->content);
		} else if (c->type == XML_ELEMENT_NODE) {
			enum hx_kind k = tag_kind(c);
			int is_main, is_article;
			size_t t;

			if (k == K_DROP)
				sv->drop_len += text_len(c, depth + 1, (size_t)-1);
			if (k == K_SKIP || k == K_DROP)
				continue;
			/* <main> and <article> are of kind K_SECTION: no name test for others */
			is_main = !sv->main &&
				  ((k == K_SECTION && strcmp((const char *)c->name, "main") == 0) ||
				   (c->properties && role_is_main(c)));
			is_article = !in_article && k == K_SECTION &&
				     strcmp((const char *)c->name, "article") == 0;
			if (is_main)
				sv->main = c;    /* claimed before descending: the first one */
			t = survey_tree(c, depth + 1, in_article || is_article, sv);
			if (is_main)
				sv->main_len = t;
			if (is_article && t > sv->article_len) {
				sv->article = c;
				sv->article_len = t;
			}
			total += t;
		}
	}
	return total;
}

/*
 * The content root: <main> (or role=main) when it holds a substantial part of the
 * text, else an <article> that holds most of it, else the whole document.
 */
static xmlNode *content_root(xmlNode *root, size_t *len)
{
	survey sv = { NULL, 0, NULL, 0, 0 };
	size_t all = survey_tree(root, 0, 0, &sv);

	if (sv.main && sv.main_len >= HX_MAIN_MIN && sv.main_len * 4 >= all) {
		*len = sv.main_len;
		return sv.main;
	}
	if (sv.article && sv.article_len >= HX_MAIN_MIN && sv.article_len * 2 >= all) {
		*len = sv.article_len;
		return sv.article;
	}
	*len = all + sv.drop_len; /* visible text, boilerplate included */
	return root;
}

/* Title of the document, normalised, owned. */
static char *doc_title(xmlNode *root)
{
	for (xmlNode *c = root ? root->children : NULL; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)c->name, "head") == 0) {
			for (xmlNode *t = c->children; t; t = t->next) {
				if (t->type == XML_ELEMENT_NODE &&
				    strcmp((const char *)t->name, "title") == 0) {
					xmlChar *s = xmlNodeGetContent(t);
					tc_buf b = TC_BUF_INIT;

					tc_buf_init(&b, 4096);
					if (s)
						tc_extract_normalise_inline(&b, (const char *)s,
									    strlen((const char *)s));
					xmlFree(s);
					if (!b.len) {
						tc_buf_release(&b);
						return NULL;
					}
					return tc_buf_detach(&b);
				}
			}
		}
	}
	return NULL;
}

/* Mark the nodes of an XPath expression; returns the node set (caller frees) or NULL
 * with detail set. */
static xmlXPathObjectPtr xpath_eval(xmlXPathContextPtr xc, const char *expr, char *detail,
				    size_t detaillen)
{
	xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr, xc);

	if (!o || o->type != XPATH_NODESET) {
		tc_seterr(detail, detaillen, "invalid XPath node-set expression '%s'", expr);
		xmlXPathFreeObject(o);
		return NULL;
	}
	return o;
}

/* Write every selected element under n (in document order, each once). */
static void emit_selected(hx *h, xmlNode *n, int depth)
{
	if (depth > HX_MAX_DEPTH)
		return;
	for (xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || c->_private == MARK_REMOVE)
			continue;
		if (c->_private == MARK_SELECT) {
			h->sectioning = 1;
			element(h, c, depth + 1);
			tx_break(h->w);
			h->sectioning = 0;
		} else {
			emit_selected(h, c, depth + 1);
		}
	}
}

/* Suppress libxml2's own error output (we use NOERROR, but XPath errors print). */
static void quiet_errors(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

int tx_html(const char *body, size_t len, const tc_extract_opts *opts, tx_writer *w,
	    char **title, int *consent_chars, int *main_root, enum tc_extract_status *status,
	    char *detail, size_t detaillen)
{
	char *conv = NULL, enc[64];
	size_t n;
	const char *s;
	int plain;
	int popts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
		    HTML_PARSE_NONET | HTML_PARSE_COMPACT | XML_PARSE_HUGE;
	htmlDocPtr doc = NULL;
	xmlXPathContextPtr xc = NULL;
	xmlNode *root;
	hx h;
	int ret = -1;

	pthread_once(&hx_tag_once, tag_table_fill); /* tag_kind's table */
	memset(&h, 0, sizeof(h));
	h.w = w;
	h.base = (const xmlChar *)(opts->url && *opts->url ? opts->url : NULL);
	if (h.base)
		url_host((const char *)h.base, h.base_host, sizeof(h.base_host));
	tc_buf_init(&h.url, 65536);
	if (len > INT32_MAX) {
		*status = TC_EX_BAD_INPUT;
		tc_seterr(detail, detaillen, "document too large");
		goto out;
	}
	s = tx_to_utf8(body, len, opts->content_type, 1, &n, &conv, enc, sizeof(enc), &plain);
	if (!enc[0] && !plain)
		popts |= HTML_PARSE_IGNORE_ENC;
	doc = htmlReadMemory(s, (int)n, opts->url, enc[0] ? enc : plain ? NULL : "UTF-8", popts);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root) {
		*status = TC_EX_EMPTY;
		tc_seterr(detail, detaillen, "no HTML document could be parsed");
		goto out;
	}
	*title = doc_title(root);
	if (opts->nremove || opts->nselect) {
		xmlSetGenericErrorFunc(NULL, quiet_errors);
		xc = xmlXPathNewContext(doc);
	}
	for (size_t i = 0; i < opts->nremove; i++) {
		xmlXPathObjectPtr o = xpath_eval(xc, opts->remove[i], detail, detaillen);

		if (!o) {
			*status = TC_EX_BAD_INPUT;
			goto out;
		}
		for (int k = 0; o->nodesetval && k < o->nodesetval->nodeNr; k++)
			o->nodesetval->nodeTab[k]->_private = MARK_REMOVE;
		xmlXPathFreeObject(o);
	}
	if (opts->nselect) {
		size_t matched = 0;

		for (size_t i = 0; i < opts->nselect; i++) {
			xmlXPathObjectPtr o = xpath_eval(xc, opts->select[i], detail, detaillen);

			if (!o) {
				*status = TC_EX_BAD_INPUT;
				goto out;
			}
			for (int k = 0; o->nodesetval && k < o->nodesetval->nodeNr; k++) {
				xmlNode *m = o->nodesetval->nodeTab[k];

				if (m->type == XML_ELEMENT_NODE && m->_private != MARK_REMOVE) {
					m->_private = MARK_SELECT;
					matched++;
				}
			}
			xmlXPathFreeObject(o);
		}
		if (!matched) {
			*status = TC_EX_NO_MATCH;
			tc_seterr(detail, detaillen, "the select rules match nothing");
			goto out;
		}
		if (root->_private == MARK_SELECT) {
			h.sectioning = 1;
			element(&h, root, 0);
		} else {
			emit_selected(&h, root, 0);
		}
	} else {
		xmlNode *croot = content_root(root, &h.root_len);

		h.main_root = croot != root;
		if (croot != root) {
			h.sectioning = 1;
			element(&h, croot, 0);
		} else {
			walk(&h, root, 0);
		}
	}
	tx_break(w);
	*consent_chars = h.consent_chars;
	*main_root = h.main_root;
	ret = 0;
out:
	if (xc)
		xmlXPathFreeContext(xc);
	if (doc)
		xmlFreeDoc(doc);
	tc_buf_release(&h.url);
	free(conv);
	return ret;
}
