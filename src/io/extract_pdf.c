/*
 * extract_pdf: PDF → normalised text through poppler-glib. Each text line of a page
 * is a paragraph; where consecutive lines split into the same number (two or more)
 * of columns separated by wide horizontal gaps, they are written as a table, so a
 * sub-processor list laid out in columns becomes table rows.
 *
 * poppler-glib is loaded on the first PDF (dlopen), not linked: linking it maps
 * poppler, libstdc++, glib, gobject, gio, cairo, pixman, X11, nss3 and ICU into every
 * run (about 7 MB of resident pages and 15 ms of dynamic linking at each start),
 * though most runs never see a PDF. Its headers still give every type; the functions
 * below are looked up once per process (pthread_once: extraction runs in worker
 * threads) from the library's handle, which also reaches glib and gobject, its
 * dependencies. The library then stays loaded until the process ends. When it cannot
 * be loaded, each PDF fails (TC_EX_UNSUPPORTED) with the loader's reason and the
 * other documents go on.
 *
 * $TIACHECK_POPPLER_LIB (a test and override knob) names the file to load instead of
 * Debian's libpoppler-glib.so.8 (then the -dev package's libpoppler-glib.so): a path
 * that does not exist makes every PDF fail the way a missing library does.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <poppler.h>

#include "tiacheck/extract.h"
#include "tiacheck/utf8.h"
#include "tiacheck/util.h"
#include "extract_int.h"

#define PDF_LIB "libpoppler-glib.so.8"   /* the runtime package libpoppler-glib8 */
#define PDF_LIB_DEV "libpoppler-glib.so" /* the -dev package's link, as a fallback */

/* The functions used here: (function, field of pdf_api). The field's type is the
 * function's own pointer type, from the headers. */
#define PDF_FUNCS(X)                                                       \
	X(poppler_document_new_from_bytes, document_new_from_bytes)        \
	X(poppler_document_get_title, document_get_title)                  \
	X(poppler_document_get_n_pages, document_get_n_pages)              \
	X(poppler_document_get_page, document_get_page)                    \
	X(poppler_page_get_text, page_get_text)                            \
	X(poppler_page_get_text_layout, page_get_text_layout)              \
	X(g_bytes_new, bytes_new)                                          \
	X(g_bytes_unref, bytes_unref)                                      \
	X(g_object_unref, object_unref)                                    \
	X(g_error_free, error_free)                                        \
	X(g_free, gfree)

typedef struct pdf_api {
#define PDF_FIELD(fn, field) __typeof__(&fn) field;
	PDF_FUNCS(PDF_FIELD)
#undef PDF_FIELD
} pdf_api;

static const struct pdf_sym {
	const char *name;
	size_t off;
} pdf_syms[] = {
#define PDF_ROW(fn, field) { #fn, offsetof(pdf_api, field) },
	PDF_FUNCS(PDF_ROW)
#undef PDF_ROW
};

/* POSIX: dlsym's object pointer converts to a function pointer of the same size. */
_Static_assert(sizeof(void *) == sizeof(void (*)(void)), "function pointers differ");

/* Set once by pdf_load (under pdf_once), read-only afterwards. */
static pdf_api pdf;
static int pdf_ok;
static char pdf_why[256];
static pthread_once_t pdf_once = PTHREAD_ONCE_INIT;

/* Look up every function of pdf_syms in h; 0, or -1 with pdf_why set. */
static int pdf_resolve(void *h, const char *name)
{
	for (size_t i = 0; i < sizeof(pdf_syms) / sizeof(pdf_syms[0]); i++) {
		void *sym;
		const char *e;

		dlerror();
		sym = dlsym(h, pdf_syms[i].name);
		if (!sym) {
			e = dlerror();
			tc_seterr(pdf_why, sizeof(pdf_why), "PDF text needs poppler-glib (%s): %s",
				  name, e ? e : pdf_syms[i].name);
			return -1;
		}
		memcpy((char *)&pdf + pdf_syms[i].off, &sym, sizeof(sym));
	}
	return 0;
}

/* Load poppler-glib and resolve its functions; runs once per process. RTLD_LAZY binds
 * poppler's own calls as linking did (RTLD_NOW added 3 ms to a run with a PDF); the
 * functions we call are all checked here by dlsym. */
static void pdf_load(void)
{
	const char *env = getenv("TIACHECK_POPPLER_LIB");
	const char *name = env && *env ? env : PDF_LIB;
	void *h = dlopen(name, RTLD_LAZY | RTLD_LOCAL);

	if (!h) {
		const char *e = dlerror();

		tc_seterr(pdf_why, sizeof(pdf_why), "PDF text needs poppler-glib (%s): %s", name,
			  e ? e : "cannot load it");
		if (name != env)
			h = dlopen(PDF_LIB_DEV, RTLD_LAZY | RTLD_LOCAL);
		if (!h)
			return;
		name = PDF_LIB_DEV;
	}
	if (pdf_resolve(h, name) < 0) {
		memset(&pdf, 0, sizeof(pdf));
		dlclose(h);
		return;
	}
	pdf_ok = 1;
}

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
	char *text = pdf.page_get_text(page);
	PopplerRectangle *rects = NULL;
	guint nrects = 0, ci = 0;
	pdf_line *lines = NULL;
	size_t nlines = 0, cap = 0, len, i = 0, run;

	if (!text)
		return;
	if (!pdf.page_get_text_layout(page, &rects, &nrects))
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
	pdf.gfree(rects);
	pdf.gfree(text);
}

int tx_pdf(const char *body, size_t len, tx_writer *w, char **title,
	   enum tc_extract_status *status, char *detail, size_t detaillen)
{
	GBytes *bytes = NULL;
	GError *gerr = NULL;
	PopplerDocument *doc = NULL;
	int n, ret = -1;
	char *t;

	pthread_once(&pdf_once, pdf_load);
	if (!pdf_ok) {
		*status = TC_EX_UNSUPPORTED;
		tc_seterr(detail, detaillen, "%s", pdf_why);
		goto out;
	}
	bytes = pdf.bytes_new(body, len);
	doc = pdf.document_new_from_bytes(bytes, NULL, &gerr);
	if (!doc) {
		*status = TC_EX_BAD_INPUT;
		tc_seterr(detail, detaillen, "cannot read PDF: %s",
			  gerr && gerr->message ? gerr->message : "unknown error");
		goto out;
	}
	t = pdf.document_get_title(doc);
	if (t && *t) {
		tc_buf b = TC_BUF_INIT;

		tc_buf_init(&b, 4096);
		tc_extract_normalise_inline(&b, t, strlen(t));
		*title = b.len ? tc_buf_detach(&b) : NULL;
		tc_buf_release(&b);
	}
	pdf.gfree(t);
	n = pdf.document_get_n_pages(doc);
	if (n > PDF_MAX_PAGES)
		n = PDF_MAX_PAGES;
	for (int i = 0; i < n && !w->full; i++) {
		PopplerPage *page = pdf.document_get_page(doc, i);

		if (!page)
			continue;
		pdf_page(page, w);
		pdf.object_unref(page);
	}
	ret = 0;
out:
	if (gerr)
		pdf.error_free(gerr);
	if (doc)
		pdf.object_unref(doc);
	if (bytes)
		pdf.bytes_unref(bytes);
	return ret;
}
