/*
 * cli_fetch_print: what `tiacheck fetch` prints (src/cli/cli_fetch_print.c): one line
 * per document that is not plainly unchanged and the totals, or all of it as JSON.
 * Printing only; the monitor does the work.
 */
#ifndef TIACHECK_CLI_FETCH_PRINT_H
#define TIACHECK_CLI_FETCH_PRINT_H

#include "tiacheck/i18n.h"
#include "tiacheck/monitor.h"

/* The outcome of a fetch on standard output: as text in lang (coloured when color is
 * non-zero; values made safe for a terminal) or as JSON (stable codes). */
void tc_fetch_print_result(const tc_monitor_result *res, int color, int json,
			   enum tc_lang lang);

#endif
