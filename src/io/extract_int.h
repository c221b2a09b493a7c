/*
 * extract_int: what the parts of the extract module share (not a public API).
 * extract.c: dispatch, the text writer (normalisation, blocks, table rows), status
 * classification; extract_html.c: HTML; extract_pdf.c: PDF.
 */
#ifndef TIACHECK_EXTRACT_INT_H
#define TIACHECK_EXTRACT_INT_H

#include <stddef.h>

#include "tiacheck/extract.h"
#include "tiacheck/util.h"

/* Maximum size of the normalised text and of one block while it is collected. */
#define TX_MAX_OUT ((size_t)64 << 20)
#define TX_MAX_LINE ((size_t)16 << 20)

/*
 * The text writer: inline text goes into the current block (normalised as it comes,
 * whitespace collapsed); a block break writes the block as one line with its prefix
 * ("# ", "- ", ...). Inside a table cell, block breaks become spaces so that a cell
 * never spans lines.
 */
typedef struct tx_writer {
	tc_buf out;          /* finished lines */
	tc_buf line;         /* the block being collected */
	tc_buf row;          /* the table row being collected */
	const char *prefix;  /* prefix of the block being collected */
	int pending_space;   /* a space is owed before the next visible character */
	int in_cell;         /* > 0 inside a table cell */
	int row_cells;       /* cells in the row being collected */
	unsigned gen;        /* bumped at every block flush */
	int full;            /* a buffer reached its maximum */
} tx_writer;

void tx_init(tx_writer *w);
void tx_release(tx_writer *w);
/* Append inline text (any UTF-8; invalid bytes are dropped). */
void tx_text(tx_writer *w, const char *s, size_t n);
/* Owe a space (collapses with neighbours). */
void tx_space(tx_writer *w);
/* End the current block (a space inside a table cell). */
void tx_break(tx_writer *w);
/* End the current block and start one with this prefix ("# ", "- "). */
void tx_block(tx_writer *w, const char *prefix);
/* Table rows: cells are collected with tx_text; *rows counts rows already written
 * for the current table, so that the separator follows the first. */
void tx_row_begin(tx_writer *w);
void tx_cell_begin(tx_writer *w);
void tx_cell_end(tx_writer *w);
void tx_row_end(tx_writer *w, int *rows);

/* Format parts: fill w (and title) or set *status/detail and return -1. tx_html sets
 * *main_root when the text comes from the page's <main>, role=main or <article>. */
int tx_html(const char *body, size_t len, const tc_extract_opts *opts, tx_writer *w,
	    char **title, int *consent_chars, int *main_root, enum tc_extract_status *status,
	    char *detail, size_t detaillen);
int tx_pdf(const char *body, size_t len, tx_writer *w, char **title,
	   enum tc_extract_status *status, char *detail, size_t detaillen);

/* Charset handling shared by HTML and plain text: returns the body converted to
 * UTF-8 (NULs removed, invalid sequences handled); *conv is set when the result is
 * an owned buffer (free it), else the result points into body. enc_out receives the
 * name of a charset to leave to libxml2 ("" when the result is UTF-8). *plain is set
 * when the body is valid UTF-8 as is and declares no other charset in a <meta> (the
 * parser may then be left to its default, which is faster than forcing UTF-8). */
const char *tx_to_utf8(const char *body, size_t len, const char *content_type,
		       int sniff_meta, size_t *outlen, char **conv, char *enc_out,
		       size_t enc_outlen, int *plain);

/* ASCII case-insensitive search of needle in s[0..n). */
const char *tx_memcasemem(const char *s, size_t n, const char *needle);

#endif
