/*
 * extract: turn a fetched document (HTML, PDF, plain text, or an RSS/Atom/JSON feed of
 * sub-processors, which becomes table text through subproc_feed.h; bytes plus the HTTP
 * content type) into the normalised text of formats.md: one block per line,
 * "# heading", "- item", "| cell | cell |" table rows with a separator after the
 * first row of each table, "[text](url)" links, whitespace and Unicode compatibility
 * forms normalised. Boilerplate (scripts, navigation, page header/footer, cookie and
 * consent banners, hidden elements) is dropped by generic rules, so that two
 * snapshots differ in their normalised text exactly when the meaningful text changed.
 * No generic rule may remove a page's main content, and a failure (challenge, consent
 * wall, too little text) is decided by positive signals, never by missing text alone.
 * A document's ignore rules drop lines of the text before it is judged and compared.
 *
 * Ownership: tc_extract fills a caller-provided tc_extract_result whose text and
 * title are owned by it; release them with tc_extract_result_release(). The input
 * body is never modified nor retained. Nothing here prints.
 */
#ifndef TIACHECK_EXTRACT_H
#define TIACHECK_EXTRACT_H

#include <stddef.h>

#define TC_EXTRACT_VERSION 2   /* bump when rules change (reextract records "technical") */

/* Largest body tc_extract accepts (larger: TC_EX_BAD_INPUT). */
#define TC_EXTRACT_MAX_INPUT ((size_t)64 << 20)
/*
 * "Too little text" is decided per document: the catalogue's min_chars when given;
 * else, when the document had a good text before (last_len), half of it but never
 * more than TC_EXTRACT_MIN_CHARS; else TC_EXTRACT_MIN_CHARS, or TC_EXTRACT_MIN_LIST
 * for a text that is a list or comes from the page's <main> (a table of two rows or
 * more, or three list items or more: a small vendor's
 * 2-row sub-processor list is 170-190 characters).
 */
#define TC_EXTRACT_MIN_CHARS 200
#define TC_EXTRACT_MIN_LIST 100
#define TC_EXTRACT_MAX_MIN_CHARS 100000
/* At most this many ignore rules per document. */
#define TC_EXTRACT_MAX_IGNORE 64

enum tc_extract_status { TC_EX_OK = 0, TC_EX_EMPTY, TC_EX_TOO_SMALL, TC_EX_CHALLENGE,
	TC_EX_CONSENT_WALL, TC_EX_NO_MATCH, TC_EX_UNSUPPORTED, TC_EX_BAD_INPUT };

/* How to read a body: by its Content-Type and sniffing (AUTO), or forced. */
enum tc_doc_format { TC_FMT_AUTO = 0, TC_FMT_HTML, TC_FMT_PDF, TC_FMT_TEXT, TC_FMT_FEED };

struct tc_gazetteer;

typedef struct tc_extract_opts {
	const char *content_type;   /* from the HTTP header, may be NULL */
	const char *url;            /* for resolving relative links, may be NULL */
	int format;                 /* enum tc_doc_format: 0 auto */
	const char *const *select;  size_t nselect;   /* XPath: keep only matches */
	const char *const *remove;  size_t nremove;   /* XPath: drop matches */
	/* POSIX extended regular expressions: lines of the normalised text that match
	 * one are dropped (an invalid one: TC_EX_BAD_INPUT) */
	const char *const *ignore;  size_t nignore;
	int min_chars;              /* > 0: fewer characters is TC_EX_TOO_SMALL */
	size_t last_len;            /* characters of the document's last good text, 0 none */
	const struct tc_gazetteer *gz; /* feeds: country names in item titles; may be NULL */
} tc_extract_opts;

typedef struct tc_extract_result {
	enum tc_extract_status status;
	char *text;                 /* owned normalised text ("" when not OK) */
	size_t len;
	char *title;                /* owned, may be NULL */
	char detail[256];           /* why, when status != OK */
	char *seen;                 /* owned, when status != OK: the text that was extracted
	                               before it was judged a failure (NULL if none) */
	size_t chars;               /* characters of text extracted (also on failure) */
	int min_chars;              /* the minimum that applied */
} tc_extract_result;

/*
 * Extract the normalised text of body[0..len) (any bytes; NULs and invalid UTF-8
 * are tolerated). opts may be NULL (auto-detect everything). Always fills *out
 * (release it even on failure). Returns 0 when out->status is TC_EX_OK, -1 otherwise;
 * out->detail then says why.
 */
int tc_extract(const char *body, size_t len, const tc_extract_opts *opts, tc_extract_result *out);
void tc_extract_result_release(tc_extract_result *r);
/* "ok", "empty", "too_small", "challenge", "consent_wall", "no_match",
 * "unsupported", "bad_input". */
const char *tc_extract_status_name(enum tc_extract_status s);

/* The SHA-256 hex of a document's text rules (select, remove, ignore), or "" when it
 * has none: stored with each snapshot so that a rule change is noticed. */
void tc_extract_rules_sha(const tc_extract_opts *opts, char out[65]);

/*
 * Normalise a fragment of text as extraction does (whitespace collapsed, NBSP,
 * soft hyphens, zero-width and control characters, ligatures, fullwidth forms);
 * appends to out. Exposed for other modules that compare user-entered text with
 * extracted text. Returns 0, or -1 when out is full.
 */
struct tc_buf;
int tc_extract_normalise_inline(struct tc_buf *out, const char *s, size_t n);

#endif
