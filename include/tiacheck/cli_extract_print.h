/*
 * cli_extract_print: what `tiacheck extract` prints (src/cli/cli_extract_print.c):
 * the extracted text (or what was seen when extraction fails) or all of it as JSON
 * on standard output, and why it failed on standard error. Printing only.
 */
#ifndef TIACHECK_CLI_EXTRACT_PRINT_H
#define TIACHECK_CLI_EXTRACT_PRINT_H

#include "tiacheck/extract.h"

/* Print the result of extracting PATH; TC_EXIT_OK, or TC_EXIT_ATTENTION when the
 * extraction failed (the reason printed). */
int tc_extract_print_result(const tc_extract_result *r, const char *path, int json);

#endif
