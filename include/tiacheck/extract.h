/*
 * extract: turn a fetched document (HTML, PDF or plain text bytes plus the HTTP
 * content type) into the normalised text of formats.md: one block per line,
 * "# heading", "- item", "| cell | cell |" table rows with a separator after the
 * first row of each table, "[text](url)" links, whitespace and Unicode compatibility
 * forms normalised. Boilerplate (scripts, navigation, page header/footer, cookie and
 * consent banners, hidden elements) is dropped by generic rules, so that two
 * snapshots differ in their normalised text exactly when the meaningful text changed.
 *
 * Ownership: tc_extract fills a caller-provided tc_extract_result whose text and
 * title are owned by it; release them with tc_extract_result_release(). The input
 * body is never modified nor retained. Nothing here prints.
 */
#ifndef TIACHECK_EXTRACT_H
#define TIACHECK_EXTRACT_H

#include <stddef.h>

#define TC_EXTRACT_VERSION 1   /* bump when rules change (reextract records "technical") */

/* Largest body tc_extract accepts (larger: TC_EX_BAD_INPUT). */
#define TC_EXTRACT_MAX_INPUT ((size_t)64 << 20)
/* Texts shorter than this many characters are TC_EX_TOO_SMALL. */
#define TC_EXTRACT_MIN_CHARS 200

enum tc_extract_status { TC_EX_OK = 0, TC_EX_EMPTY, TC_EX_TOO_SMALL, TC_EX_CHALLENGE,
	TC_EX_CONSENT_WALL, TC_EX_NO_MATCH, TC_EX_UNSUPPORTED, TC_EX_BAD_INPUT };

/* How to read a body: by its Content-Type and sniffing (AUTO), or forced. */
enum tc_doc_format { TC_FMT_AUTO = 0, TC_FMT_HTML, TC_FMT_PDF, TC_FMT_TEXT };

typedef struct tc_extract_opts {
	const char *content_type;   /* from the HTTP header, may be NULL */
	const char *url;            /* for resolving relative links, may be NULL */
	int format;                 /* enum tc_doc_format: 0 auto */
	const char *const *select;  size_t nselect;   /* XPath: keep only matches */
	const char *const *remove;  size_t nremove;   /* XPath: drop matches */
} tc_extract_opts;

typedef struct tc_extract_result {
	enum tc_extract_status status;
	char *text;                 /* owned normalised text ("" when not OK) */
	size_t len;
	char *title;                /* owned, may be NULL */
	char detail[256];           /* why, when status != OK */
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

/*
 * Normalise a fragment of text as extraction does (whitespace collapsed, NBSP,
 * soft hyphens, zero-width and control characters, ligatures, fullwidth forms);
 * appends to out. Exposed for other modules that compare user-entered text with
 * extracted text. Returns 0, or -1 when out is full.
 */
struct tc_buf;
int tc_extract_normalise_inline(struct tc_buf *out, const char *s, size_t n);

#endif
