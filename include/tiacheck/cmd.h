/*
 * cmd: what every command shares: the global context filled by main() from global
 * options, the environment and the config file; exit codes; the command entry (name,
 * summary, synopsis, description, options with their help, exit codes) from which
 * the option parser, `--help`, `tiacheck help NAME` and the man page are generated.
 *
 * Adding a command: see the checklist next to the command list in src/cli/main.c.
 * Commands print; modules below them do not. Messages go through tc_error/tc_warn,
 * usage errors through tc_cmd_usage_error.
 */
#ifndef TIACHECK_CMD_H
#define TIACHECK_CMD_H

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

#include "tiacheck/catalog.h"
#include "tiacheck/i18n.h"
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

enum tc_cmd_arg { TC_ARG_NONE, TC_ARG_REQUIRED, TC_ARG_OPTIONAL };

/* One option of a command. A table of them ends with a { NULL } row; `--help`
 * (and -h) is implicit in every table. */
typedef struct tc_cmd_option {
	const char *name;          /* long name without "--" */
	int short_name;            /* the short letter accepted, 0 for none */
	const char *arg;           /* argument name in the help ("FILE"); NULL without one */
	enum tc_cmd_arg has_arg;
	const char *help;          /* what it does: sentences, wrapped when printed */
	int key;                   /* what tc_cmd_opts_next returns; 0: the short letter */
} tc_cmd_option;

/* An exit code a command uses; meaning NULL: the general meaning (see --help).
 * A table of them ends with a { -1, NULL } row. */
typedef struct tc_cmd_exit {
	int code;
	const char *meaning;
} tc_cmd_exit;

/* A command's entry: everything its help says, and the function that runs it. */
typedef struct tc_cmd_entry {
	const char *name;
	const char *summary;       /* one line for the command list, no final period */
	const char *synopsis;      /* what follows "tiacheck NAME"; one form a line */
	const char *description;   /* paragraphs separated by a blank line; a paragraph
	                              starting with a space is printed as it is */
	const tc_cmd_option *options;
	const tc_cmd_exit *exits;
	tc_cmd_fn fn;              /* runs the command: argv[0] is NAME; it parses the
	                              options with tc_cmd_opts_* from `options` */
} tc_cmd_entry;

/* The program's own entry (global options, all exit codes) and every command, in
 * the order `tiacheck --help` lists them; NULL-terminated (src/cli/main.c). */
extern const tc_cmd_entry tc_main_entry;
extern const tc_cmd_entry *const tc_commands[];

const tc_cmd_entry *tc_command_find(const char *name);
/* The option of CMD whose key is KEY (NULL if none). */
const tc_cmd_option *tc_cmd_option_find(const tc_cmd_entry *cmd, int key);
/* Print the help of command NAME, generated from its entry, to f. */
void tc_cmd_help(const char *name, FILE *f);
/* Print the help of an entry to f (tc_main_entry: the global help with the list of
 * commands and every exit code). */
void tc_cmd_help_entry(const tc_cmd_entry *cmd, FILE *f);
/* The general meaning of exit code CODE (0..4), "" for another. Static. */
const char *tc_cmd_exit_meaning(int code);
/* Print the manual page (troff) of tiacheck, generated from the entries, to f. */
void tc_cmd_man(FILE *f);
/* Check an entry: summary, synopsis, description, a help text for every option,
 * argument names that match has_arg, unique names, letters and keys, exit codes
 * 0..4. Calls problem() for each finding; returns how many there were. */
size_t tc_cmd_entry_lint(const tc_cmd_entry *cmd,
			 void (*problem)(void *ud, const char *cmd, const char *what), void *ud);
/* Report a usage error of command NAME ("tiacheck: NAME: ..." then "Try 'tiacheck
 * help NAME'."; NAME NULL: a global one) on stderr; returns TC_EXIT_USAGE. */
int tc_cmd_usage_error(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * The option parser, built from an entry's option table (getopt_long underneath):
 *
 *	tc_cmd_opts o;
 *	tc_cmd_opts_init(&o, &cmd_x_entry, argc, argv);
 *	while ((c = tc_cmd_opts_next(&o)) > 0)
 *		switch (c) { case 'j': json = 1; break; case 'o': path = o.arg; break; }
 *	if (c < 0)
 *		return o.rc;     (help was printed: 0; a usage error was: 2)
 *	operands: argv[o.ind] .. argv[argc - 1]
 *
 * Options and operands may be mixed (the operands are moved to the end), except
 * with in_order set (stop at the first operand, as for the global options).
 */
#define TC_CMD_MAX_OPTIONS 32

typedef struct tc_cmd_opts {
	const tc_cmd_entry *cmd;
	int argc;
	char **argv;
	int in_order;              /* set before the first call: stop at an operand */
	const char *arg;           /* the current option's argument, NULL when none */
	int ind;                   /* after the loop: the index of the first operand */
	int rc;                    /* after a negative return: the exit code */
	/* private: the getopt_long tables built from the entry */
	int started;
	char shortopts[3 * TC_CMD_MAX_OPTIONS + 8];
	struct option longopts[TC_CMD_MAX_OPTIONS + 2];
} tc_cmd_opts;

void tc_cmd_opts_init(tc_cmd_opts *o, const tc_cmd_entry *cmd, int argc, char **argv);
/* The key of the next option (> 0); 0 after the last option; -1 when the command
 * must return o->rc now (help printed, or a usage error reported). */
int tc_cmd_opts_next(tc_cmd_opts *o);

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
/* Load reference data and the catalogue, printing nothing: every problem goes to
 * *diags (sorted; the caller releases it). Returns TC_EXIT_FAILURE (message printed)
 * when the catalogue directory cannot be read, TC_EXIT_ATTENTION when it has errors
 * (cat is then partial), else TC_EXIT_OK; the caller releases ref and cat. */
int tc_cmd_read_catalog(tc_ctx *ctx, tc_refdata *ref, tc_catalog *cat, tc_diags *diags);
/* The one printer of diagnostics: "file:line:col: level: message" on stderr, made
 * safe for a terminal; errors always, warnings when show_warnings and not quiet. */
void tc_cmd_print_diags(const tc_ctx *ctx, const tc_diags *diags, int show_warnings);
/* A positive record number as typed by a user ("12" or "#12"): 0 ok, -1 not one. */
int tc_cmd_parse_id(const char *s, int64_t *out);
/* The language of what a command writes (reports, documents, its standard output):
 * --lang, else the config's `lang`, else the organisation's default_lang (when cat is
 * not NULL: commands that load the catalogue pass it), else Swedish. Texts come from
 * the message tables: tc_tr(tc_cmd_lang(ctx, cat), "cli.KEY"). */
enum tc_lang tc_cmd_lang(const tc_ctx *ctx, const tc_catalog *cat_or_null);

/* The entries of the commands (each in its src/cli/cmd_NAME.c). */
extern const tc_cmd_entry cmd_help_entry, cmd_version_entry, cmd_init_entry,
	cmd_check_entry, cmd_extract_entry, cmd_diff_entry, cmd_ack_entry, cmd_gc_entry,
	cmd_flows_entry, cmd_tia_entry, cmd_policy_entry, cmd_fetch_entry,
	cmd_adopt_entry, cmd_history_entry, cmd_reextract_entry, cmd_run_entry,
	cmd_report_entry, cmd_mail_entry;

#endif
