/*
 * cli_history_print: what `tiacheck history` prints for one document
 * (src/cli/cli_history_print.c): its snapshots, and the changes with their decisions
 * and findings, as text or as JSON. Printing only; reads decisions from the store.
 */
#ifndef TIACHECK_CLI_HISTORY_PRINT_H
#define TIACHECK_CLI_HISTORY_PRINT_H

#include <cjson/cJSON.h>

#include "tiacheck/i18n.h"
#include "tiacheck/store.h"

/* The document as a JSON object (stable codes; the caller owns it). */
cJSON *tc_history_doc_json(tc_store *st, const tc_doc_row *d, const tc_snapshot *snaps,
			   size_t nsnaps, const tc_change *chs, size_t nchs);
/* The document as text on standard output in lang (coloured when color). */
void tc_history_doc_text(tc_store *st, const tc_doc_row *d, const tc_snapshot *snaps,
			 size_t nsnaps, const tc_change *chs, size_t nchs, int color,
			 enum tc_lang lang);

#endif
