/*
 * cmd: what every command shares: the global context filled by main() from global
 * options, the environment and the config file; exit codes; the command table entry.
 *
 * Adding a command (the checklist):
 *   1. src/cli/cmd_NAME.c with `int cmd_NAME(int argc, char **argv, tc_ctx *ctx)`; argv[0]
 *      is "NAME"; it parses its own options (getopt_long) and handles --help by
 *      calling tc_cmd_help("NAME", stdout) and returning TC_EXIT_OK.
 *   2. Declare it below and add one row to the table in src/cli/main.c (name, function,
 *      one-line summary, usage text).
 *   3. Tests: tests/e2e/test_NAME.sh (exit codes, stdout, stderr, --json validity).
 *   4. The README's command list.
 * Commands print; modules below them do not. Messages go through tc_error/tc_warn.
 */
#ifndef TIACHECK_CMD_H
#define TIACHECK_CMD_H

#include <stdint.h>
#include <stdio.h>

#include "tiacheck/catalog.h"
#include "tiacheck/refdata.h"

/* Exit codes, documented in the README and `tiacheck --help`. */
enum tc_exit {
	TC_EXIT_OK = 0,         /* success, nothing needs attention */
	TC_EXIT_ATTENTION = 1,  /* success, but something needs the DPO's attention
	                           (invalid catalogue for `check`; with --strict: open
	                           changes, findings, failures) */
	TC_EXIT_USAGE = 2,      /* bad command line */
	TC_EXIT_FAILURE = 3,    /* runtime failure: cannot read, write, fetch at all, ... */
	TC_EXIT_LOCKED = 4      /* another run holds the lock */
};

typedef struct tc_ctx {
	const char *catalog_dir;   /* -C/--catalog, $TIACHECK_CATALOG, config, "catalog" */
	const char *db_path;       /* --db, $TIACHECK_DB, config, "tiacheck.db" */
	const char *config_path;   /* -c/--config, $TIACHECK_CONFIG, "tiacheck.conf" if present */
	const char *reports_dir;   /* config "reports_dir", "reports" */
	const char *lang;          /* --lang; NULL = organisation's default */
	int color;                 /* colour on stdout (TTY, no NO_COLOR, no --no-color) */
	int quiet, verbose;
	struct tc_config *config;  /* loaded config (may have no file behind it) */
} tc_ctx;

typedef int (*tc_cmd_fn)(int argc, char **argv, tc_ctx *ctx);

typedef struct tc_command {
	const char *name;
	tc_cmd_fn fn;
	const char *summary;
	const char *usage;         /* full usage and options text, ends with "\n" */
} tc_command;

const tc_command *tc_command_find(const char *name);
/* Print "usage: tiacheck NAME ..." and the options of a command to f. */
void tc_cmd_help(const char *name, FILE *f);
/* Report a usage error for command NAME ("tiacheck: NAME: ...", then a hint), return
 * TC_EXIT_USAGE. */
int tc_cmd_usage_error(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Load reference data and the catalogue for a command: prints every diagnostic
 * (errors always, warnings unless quiet) as "file:line:col: level: message" on
 * stderr. Returns TC_EXIT_OK, or TC_EXIT_ATTENTION when the catalogue has errors
 * (cat is then released), or TC_EXIT_FAILURE when it cannot be read at all.
 */
int tc_cmd_load_catalog(tc_ctx *ctx, tc_refdata *ref, tc_catalog *cat, int show_warnings);
/* The same, keeping the diagnostics in *diags (the caller releases them) so that a
 * report can list the catalogue's warnings. */
int tc_cmd_load_catalog_diags(tc_ctx *ctx, tc_refdata *ref, tc_catalog *cat,
			      int show_warnings, tc_diags *diags);
/* A positive record number as typed by a user ("12" or "#12"): 0 ok, -1 not one. */
int tc_cmd_parse_id(const char *s, int64_t *out);
/* The language to write in: ctx->lang, else the organisation's, else "sv". */
const char *tc_cmd_lang(const tc_ctx *ctx, const tc_catalog *cat);

int cmd_help(int argc, char **argv, tc_ctx *ctx);
int cmd_version(int argc, char **argv, tc_ctx *ctx);
int cmd_init(int argc, char **argv, tc_ctx *ctx);
int cmd_check(int argc, char **argv, tc_ctx *ctx);
int cmd_flows(int argc, char **argv, tc_ctx *ctx);
int cmd_tia(int argc, char **argv, tc_ctx *ctx);
int cmd_policy(int argc, char **argv, tc_ctx *ctx);
int cmd_fetch(int argc, char **argv, tc_ctx *ctx);
int cmd_extract(int argc, char **argv, tc_ctx *ctx);
int cmd_diff(int argc, char **argv, tc_ctx *ctx);
int cmd_history(int argc, char **argv, tc_ctx *ctx);
int cmd_ack(int argc, char **argv, tc_ctx *ctx);
int cmd_reextract(int argc, char **argv, tc_ctx *ctx);
int cmd_gc(int argc, char **argv, tc_ctx *ctx);
int cmd_run(int argc, char **argv, tc_ctx *ctx);
int cmd_report(int argc, char **argv, tc_ctx *ctx);
int cmd_mail(int argc, char **argv, tc_ctx *ctx);

#endif
