/*
 * extract_pdf: PDF → normalised text through poppler-glib. Each text line of a page
 * is a paragraph; where consecutive lines split into the same number (two or more)
 * of columns separated by wide horizontal gaps, they are written as a table, so a
 * sub-processor list laid out in columns becomes table rows.
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <poppler.h>

#include "tiacheck/extract.h"
#include "tiacheck/utf8.h"
#include "tiacheck/util.h"
#include "extract_int.h"

/* A gap wider than this many times the character height separates columns. */
#define PDF_COL_GAP 1.5
#define PDF_MAX_PAGES 2000
#define PDF_MAX_CELLS 32

/* One text line split into cells (byte ranges of the page text). */
typedef struct pdf_line {
	size_t start[PDF_MAX_CELLS], end[PDF_MAX_CELLS];
	int ncells;
} pdf_line;

/* Bytes of the character at s[0..n) (1 for an invalid byte). */
static size_t char_len(const char *s, size_t n)
{
	size_t k;

	tc_utf8_decode((const unsigned char *)s, n, &k);
	return k;
}

/*
 * Split the line text[from..to) into cells where the gap between two visible
 * characters is wide. rects[ci...] are the character rectangles (one per code
 * point) starting with the line's first character, or NULL when unknown.
 */
static void split_line(const char *text, size_t from, size_t to, const PopplerRectangle *rects,
		       guint nrects, guint ci, pdf_line *l)
{
	const PopplerRectangle *prev = NULL;
	size_t i = from;

	l->ncells = 1;
	l->start[0] = from;
	l->end[0] = to;
	for (; i < to; i += char_len(text + i, to - i), ci++) {
		const PopplerRectangle *r;
		double h;

		if (!rects || ci >= nrects)
			return;
		r = &rects[ci];
		if (text[i] == ' ' || text[i] == '\t')
			continue;
		if (prev) {
			h = prev->y2 - prev->y1;
			if (h < 1)
				h = 1;
			if (r->x1 - prev->x2 > PDF_COL_GAP * h && l->ncells < PDF_MAX_CELLS) {
				l->end[l->ncells - 1] = i;
				l->start[l->ncells] = i;
				l->end[l->ncells] = to;
				l->ncells++;
			}
		}
		prev = r;
	}
}

/* Write lines [a, b) of a page: a table when they are two or more lines with the
 * same number of cells (>= 2), else one paragraph per line. */
static void write_lines(tx_writer *w, const char *text, const pdf_line *lines, size_t a, size_t b)
{
	int table = b - a >= 2 && lines[a].ncells >= 2;
	int rows = 0;

	for (size_t k = a; k < b; k++) {
		const pdf_line *l = &lines[k];

		if (table) {
			tx_row_begin(w);
			for (int c = 0; c < l->ncells; c++) {
				tx_cell_begin(w);
				tx_text(w, text + l->start[c], l->end[c] - l->start[c]);
				tx_cell_end(w);
			}
			tx_row_end(w, &rows);
		} else {
			for (int c = 0; c < l->ncells; c++) {
				tx_text(w, text + l->start[c], l->end[c] - l->start[c]);
				tx_space(w);
			}
			tx_break(w);
		}
	}
}

/* One page: lines, grouped into runs of equal cell counts. */
static void pdf_page(PopplerPage *page, tx_writer *w)
{
	char *text = poppler_page_get_text(page);
	PopplerRectangle *rects = NULL;
	guint nrects = 0, ci = 0;
	pdf_line *lines = NULL;
	size_t nlines = 0, cap = 0, len, i = 0, run;

	if (!text)
		return;
	if (!poppler_page_get_text_layout(page, &rects, &nrects))
		rects = NULL;
	len = strlen(text);
	while (i <= len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) : len;
		guint chars = 0;

		for (size_t k = i; k < e; k += char_len(text + k, e - k))
			chars++;
		if (nlines == cap) {
			cap = cap ? cap * 2 : 64;
			lines = tc_xrealloc(lines, cap * sizeof(*lines));
		}
		split_line(text, i, e, rects, nrects, ci, &lines[nlines]);
		if (e > i)
			nlines++;
		ci += chars + 1;   /* the newline has a rectangle too */
		if (!nl)
			break;
		i = e + 1;
	}
	for (size_t a = 0; a < nlines; a = run) {
		run = a + 1;
		if (lines[a].ncells >= 2)
			while (run < nlines && lines[run].ncells == lines[a].ncells)
				run++;
		write_lines(w, text, lines, a, run);
	}
	free(lines);
	g_free(rects);
	g_free(text);
}

int tx_pdf(const char *body, size_t len, tx_writer *w, char **title,
	   enum tc_extract_status *status, char *detail, size_t detaillen)
{
	GBytes *bytes = g_bytes_new(body, len);
	GError *gerr = NULL;
	PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
	int n, ret = -1;
	char *t;

	if (!doc) {
		*status = TC_EX_BAD_INPUT;
		tc_seterr(detail, detaillen, "cannot read PDF: %s",
			  gerr && gerr->message ? gerr->message : "unknown error");
		goto out;
	}
	t = poppler_document_get_title(doc);
	if (t && *t) {
		tc_buf b = TC_BUF_INIT;

		tc_buf_init(&b, 4096);
		tc_extract_normalise_inline(&b, t, strlen(t));
		*title = b.len ? tc_buf_detach(&b) : NULL;
		tc_buf_release(&b);
	}
	g_free(t);
	n = poppler_document_get_n_pages(doc);
	if (n > PDF_MAX_PAGES)
		n = PDF_MAX_PAGES;
	for (int i = 0; i < n && !w->full; i++) {
		PopplerPage *page = poppler_document_get_page(doc, i);

		if (!page)
			continue;
		pdf_page(page, w);
		g_object_unref(page);
	}
	ret = 0;
out:
	if (gerr)
		g_error_free(gerr);
	if (doc)
		g_object_unref(doc);
	g_bytes_unref(bytes);
	return ret;
}
