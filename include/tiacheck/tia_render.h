/*
 * tia_render: what a user reads about transfers. The transfer-impact records (module
 * tia) as a document through the render layer (Markdown, HTML or plain text, in sv or
 * en, every catalogue value and every name from a vendor's published list escaped
 * there), the records as JSON (codes, with the texts in both languages), and the
 * terminal table of `tiacheck flows` (labels in the user's language; values cleaned
 * of control characters by the render layer; colour optional).
 *
 * Ownership: every char * returned is owned by the caller (free). Pure: nothing
 * printed.
 */
#ifndef TIACHECK_TIA_RENDER_H
#define TIACHECK_TIA_RENDER_H

#include <time.h>

#include "tiacheck/catalog.h"
#include "tiacheck/i18n.h"
#include "tiacheck/refdata.h"
#include "tiacheck/render.h"
#include "tiacheck/tia.h"
#include "tiacheck/transfer.h"

/* The records as a document of kind in lang: title, summary table, one section per
 * record (EDPB's six steps). NULL when the document would exceed 64 MB. */
char *tc_tia_render(const tc_catalog *cat, const tc_refdata *ref, const tc_flows *flows,
		    const tc_tias *t, enum tc_render_kind kind, enum tc_lang lang, time_t now);
/* The records as JSON: {"tiacheck_tia":1, ..., "records":[...]}; codes, texts in both
 * languages. */
char *tc_tia_json(const tc_catalog *cat, const tc_refdata *ref, const tc_flows *flows,
		  const tc_tias *t, time_t now);

/* The flows as an aligned terminal table in lang with a summary line; rows that leave
 * the EU/EEA coloured when color is non-zero. */
char *tc_flows_table(const tc_flows *f, const tc_refdata *ref, enum tc_lang lang, int color);

#endif
