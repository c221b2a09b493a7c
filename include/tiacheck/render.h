/*
 * render: the one output layer of tiacheck. Every text a user reads (the report, the
 * alert e-mail, the policy section, TIA records) is written through a tc_render, which
 * knows three backends: Markdown, HTML and plain text. A new output format is one more
 * backend here, not one more copy of the helpers in every renderer.
 *
 * Escaping happens here and only here. Every string that may come from outside
 * (vendors' documents, the catalogue, the run JSON) is written with tc_r_text (or one
 * of the writers that take text: tc_r_code, tc_r_url, tc_r_link, tc_r_item, ...);
 * only fixed markup goes through tc_r_raw. Per backend:
 *   - HTML: < > & " ' become entities; links only for http(s) URLs.
 *   - Markdown: HTML (< > &) becomes entities; \ ` * _ [ ] | ~ # are backslashed, so
 *     no emphasis, link, code span, table cell or heading can start inside a value; at
 *     the start of a paragraph (tc_r_para_text) also - + = and "1." / "1)".
 *   - text: nothing is markup.
 * In every backend invalid UTF-8 becomes U+FFFD (utf8.h), control characters and line
 * breaks (C0, DEL, C1, U+2028/2029) become a space, and bidirectional overrides
 * (U+202A-202E, U+2066-2069) become U+FFFD, so a value stays on its line and reads
 * in the order it is written.
 *
 * Ownership: a tc_render borrows its tc_buf (which keeps its own maximum) and owns
 * nothing; there is nothing to release. A full buffer sets r->fail (sticky) and
 * later writes do nothing; the caller checks fail once at the end. Labels are looked
 * up by id through i18n.h in r->lang (tc_r_tr); the render layer never prints.
 */
#ifndef TIACHECK_RENDER_H
#define TIACHECK_RENDER_H

#include <stddef.h>

#include "tiacheck/i18n.h"
#include "tiacheck/util.h"

enum tc_render_kind { TC_RENDER_MD = 0, TC_RENDER_HTML, TC_RENDER_TEXT };

/* How tc_render_escape treats ASCII punctuation (cleaning is the same for all). */
enum tc_esc {
	TC_ESC_TEXT = 0,       /* plain text: nothing escaped */
	TC_ESC_HTML,           /* HTML entities */
	TC_ESC_MD,             /* Markdown inline text */
	TC_ESC_MD_LINE,        /* Markdown at the start of a paragraph */
	TC_ESC_MD_CODE_CELL    /* inside a code span in a Markdown table: only | */
};

typedef struct tc_render {
	tc_buf *b;                  /* borrowed output */
	enum tc_render_kind kind;
	enum tc_lang lang;
	int fail;                   /* the buffer reached its maximum (sticky) */
	size_t maxline;             /* bytes of one untrusted value (0: all); cut with "…" */
	int plain_headings;         /* text backend: no underline under headings */
	int in_table;               /* inside a table (Markdown: | in code spans) */
	size_t mark;                /* start of the current plain-text heading */
	int labels;                 /* HTML: each cell carries its column's name
	                               (data-label), for a narrow card layout in CSS */
	const char *cols[16];       /* labels: the current table's column names (borrowed) */
	size_t ncols, col;
} tc_render;

/* A renderer writing to b (borrowed). maxline 0, underlined text headings. */
void tc_render_init(tc_render *r, tc_buf *b, enum tc_render_kind kind, enum tc_lang lang);

/*
 * Append s to b cleaned (see above) and escaped for mode. max > 0 cuts after max
 * bytes of input, on a character, and adds "…". 0 ok, -1 when b is full. The one
 * escaping function; every writer below calls it.
 */
int tc_render_escape(tc_buf *b, const char *s, enum tc_esc mode, size_t max);

/* ---- text ---- */
void tc_r_raw(tc_render *r, const char *markup);                    /* trusted markup */
void tc_r_rawf(tc_render *r, const char *fmt, ...) TC_PRINTF(2, 3);  /* trusted markup */
void tc_r_text(tc_render *r, const char *s);        /* untrusted; NULL or "" shows "–" */
void tc_r_text_or_empty(tc_render *r, const char *s);  /* untrusted; NULL or "" writes nothing */
void tc_r_num(tc_render *r, long n);
/* A printf-formatted text (numbers, cleaned words), escaped like tc_r_text. */
void tc_r_textf(tc_render *r, const char *fmt, ...) TC_PRINTF(2, 3);
/* The label of id in r->lang (i18n.h), escaped. */
void tc_r_tr(tc_render *r, const char *id);
/* The label of id as a format with number arguments, escaped. */
void tc_r_trf(tc_render *r, const char *id, ...);
/* The text of id in r->lang (not written). */
const char *tc_r_word(const tc_render *r, const char *id);

/* A command or code: a code span in Markdown (fenced by more backticks than it holds),
 * <code> in HTML, as is in plain text. */
void tc_r_code(tc_render *r, const char *s);
void tc_r_codef(tc_render *r, const char *fmt, ...) TC_PRINTF(2, 3);
/* A URL shown, never a live link in Markdown: <a> in HTML for http(s) only, a code
 * span elsewhere (the report's style). */
void tc_r_url(tc_render *r, const char *u);
/* A link with words: [text](url) in Markdown, <a> in HTML, "text url" in text; only
 * for http(s) URLs without spaces or quotes, else the text and the URL as text.
 * text NULL: the URL is its own text (<url> in Markdown). */
void tc_r_link(tc_render *r, const char *text, const char *url);
/* An e-mail address: a mailto: link in HTML when it looks like one, else text. */
void tc_r_email(tc_render *r, const char *addr);
int tc_render_is_web_url(const char *u);

/* ---- blocks ---- */
int tc_r_at_block_start(const tc_render *r);   /* output empty or ends with a blank line */
void tc_r_h(tc_render *r, int level);        /* then text, then tc_r_h_end */
void tc_r_h_end(tc_render *r, int level);
void tc_r_heading(tc_render *r, int level, const char *text);   /* untrusted text */
void tc_r_p(tc_render *r);
void tc_r_p_end(tc_render *r);
void tc_r_para(tc_render *r, const char *id);          /* a paragraph of one label */
/* Each non-empty line of text is a paragraph (untrusted, escaped at line start). */
void tc_r_para_text(tc_render *r, const char *text);
void tc_r_strong(tc_render *r);
void tc_r_strong_end(tc_render *r);
/* An attention flag: <span class="flag"> in HTML, ** in Markdown, nothing in text. */
void tc_r_flag(tc_render *r);
void tc_r_flag_end(tc_render *r);
void tc_r_sep(tc_render *r);                           /* " · " between items */

/* Lists: ul/li in HTML, "- " in Markdown, "* " in text. */
void tc_r_ul(tc_render *r);
void tc_r_ul_end(tc_render *r);
void tc_r_li(tc_render *r);
void tc_r_li_end(tc_render *r);
/* A labelled list item: "- **Label:** " / <li><strong>Label:</strong> / "Label: ". */
void tc_r_item_begin(tc_render *r, const char *label);
void tc_r_item_end(tc_render *r);
void tc_r_item(tc_render *r, const char *label, const char *value);   /* both untrusted */

/* Label-value lines: a list in Markdown, a two-column table in HTML, "Label: value"
 * in text. kv writes the label; the value follows; then kv_val_end. */
void tc_r_kv_begin(tc_render *r);
void tc_r_kv(tc_render *r, const char *label);
void tc_r_kv_val_end(tc_render *r);
void tc_r_kv_end(tc_render *r);

/* Tables (Markdown and HTML; in text the same pipes as Markdown). cols are labels. */
void tc_r_table(tc_render *r, const char *const *cols, size_t n);
void tc_r_row(tc_render *r, const char *cls);          /* cls: a fixed CSS class or NULL */
void tc_r_row_end(tc_render *r);
void tc_r_cell(tc_render *r);
void tc_r_cell_end(tc_render *r);
void tc_r_tcell(tc_render *r, const char *s);          /* a cell of one untrusted text */
void tc_r_table_end(tc_render *r);

/* The longest run of backticks in s (to fence a code block around it). */
size_t tc_r_backtick_run(const char *s);

/* ---- HTML documents ---- */
/* <!DOCTYPE html> … <title>: then the title as text, then tc_r_html_head_end. The
 * document has a Content-Security-Policy that allows no script and no external asset. */
void tc_r_html_begin(tc_render *r);
void tc_r_html_head_end(tc_render *r, const char *style);   /* style: trusted CSS or NULL */
void tc_r_html_end(tc_render *r);

#endif
