/*
 * cli_diff_print: what `tiacheck diff` prints for one comparison of two snapshots
 * (src/cli/cli_diff_print.c): a heading, the counts and the word diff on standard
 * output, or one JSON object. Printing only; module diff compares.
 */
#ifndef TIACHECK_CLI_DIFF_PRINT_H
#define TIACHECK_CLI_DIFF_PRINT_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "tiacheck/diff.h"
#include "tiacheck/i18n.h"

/* The comparison of snapshot from (fetched at ia) with to (at ib): added to the JSON
 * array jout when it is not NULL (stable codes), else as text in lang on standard
 * output (coloured when color). */
void tc_diff_print(const char *heading, int64_t from, const char *ia, int64_t to,
		   const char *ib, const tc_diff *d, cJSON *jout, int color, enum tc_lang lang);

#endif
