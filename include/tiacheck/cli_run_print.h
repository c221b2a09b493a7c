/*
 * cli_run_print: the summary `tiacheck run` prints when a run is done
 * (src/cli/cli_run_print.c): documents fetched, flows, what is left to review, the
 * report written. Printing only; core/weekly does the work.
 */
#ifndef TIACHECK_CLI_RUN_PRINT_H
#define TIACHECK_CLI_RUN_PRINT_H

#include "tiacheck/i18n.h"
#include "tiacheck/weekly.h"

/* The summary of run w on standard output, in lang. */
void tc_run_print_summary(const tc_weekly *w, enum tc_lang lang);

#endif
