/*
 * cli_policy_print: what `tiacheck policy` prints (src/cli/cli_policy_print.c): the
 * note about the list of known services, the outcome of --check, the section itself.
 * Printing only; the policy modules do the work. Nothing returned is owned.
 */
#ifndef TIACHECK_CLI_POLICY_PRINT_H
#define TIACHECK_CLI_POLICY_PRINT_H

#include "tiacheck/catalog.h"
#include "tiacheck/i18n.h"
#include "tiacheck/policy.h"
#include "tiacheck/policy_check.h"
#include "tiacheck/refdata.h"

/* Say on standard error which list of known services --check uses: a note for the
 * built-in one, a warning when there is none. */
void tc_policy_print_vocab(const char *catalog_dir, enum tc_vocab_source vs);
/* The discrepancies of pc (the policy read from src) on standard output: as JSON, or
 * as text in lang. */
void tc_policy_print_check(const tc_pcheck *pc, const char *src, enum tc_lang lang, int json);
/* The policy section (tc_policy_render with po) to outpath (replaced atomically), or
 * to standard output when outpath is NULL. TC_EXIT_OK, or TC_EXIT_FAILURE after
 * printing why. */
int tc_policy_print_section(const tc_catalog *cat, const tc_refdata *ref,
			    const tc_policy_opts *po, const char *outpath);

#endif
