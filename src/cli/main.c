/*
 * main: the global options, the list of commands, and dispatch. Each command lives
 * in src/cli/cmd_NAME.c with its entry (include/tiacheck/cmd.h): its options and
 * help are there, the help and the man page are generated from it.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tiacheck/cmd.h"
#include "tiacheck/config.h"
#include "tiacheck/util.h"

/*
 * The commands, in the order `tiacheck --help` and the man page list them.
 *
 * Adding a command (the checklist):
 *   1. src/cli/cmd_NAME.c: a static `cmd_NAME(int argc, char **argv, tc_ctx *ctx)`
 *      and `const tc_cmd_entry cmd_NAME_entry` (name, summary, synopsis,
 *      description, options each with its help, exit codes, the function). The
 *      function parses with tc_cmd_opts_init/tc_cmd_opts_next over the entry (help
 *      and usage errors are handled there), calls one module function and prints.
 *   2. `extern const tc_cmd_entry cmd_NAME_entry;` in include/tiacheck/cmd.h and one
 *      line in the list below.
 *   3. Tests: tests/e2e/test_NAME.sh (exit codes, stdout, stderr, --json validity);
 *      test_cli.sh checks the help of every command and runs `tiacheck help --lint`.
 *   4. `./tiacheck help --man > doc/tiacheck.1`, and the README's command list.
 */
const tc_cmd_entry *const tc_commands[] = {
	&cmd_init_entry,
	&cmd_check_entry,
	&cmd_flows_entry,
	&cmd_tia_entry,
	&cmd_policy_entry,
	&cmd_fetch_entry,
	&cmd_extract_entry,
	&cmd_diff_entry,
	&cmd_history_entry,
	&cmd_ack_entry,
	&cmd_adopt_entry,
	&cmd_reextract_entry,
	&cmd_gc_entry,
	&cmd_run_entry,
	&cmd_report_entry,
	&cmd_mail_entry,
	&cmd_help_entry,
	&cmd_version_entry,
	NULL,
};

enum { G_CATALOG = 'C', G_CONFIG = 'c', G_QUIET = 'q', G_VERBOSE = 'v', G_DB = 256, G_LANG,
       G_NO_COLOR, G_VERSION };

static const tc_cmd_option global_options[] = {
	{ "catalog", 'C', "DIR", TC_ARG_REQUIRED,
	  "the catalogue directory (default: $TIACHECK_CATALOG, else the config's "
	  "catalog_dir, else catalog)", 0 },
	{ "db", 0, "FILE", TC_ARG_REQUIRED,
	  "the database (default: $TIACHECK_DB, else the config's db, else tiacheck.db)",
	  G_DB },
	{ "config", 'c', "FILE", TC_ARG_REQUIRED,
	  "the config file (default: $TIACHECK_CONFIG, else tiacheck.conf when present)", 0 },
	{ "lang", 0, "sv|en", TC_ARG_REQUIRED,
	  "the language of reports and texts (default: the config's lang, else the "
	  "organisation's default_lang)", G_LANG },
	{ "no-color", 0, NULL, TC_ARG_NONE,
	  "no colour even on a terminal (NO_COLOR is honoured too)", G_NO_COLOR },
	{ "quiet", 'q', NULL, TC_ARG_NONE, "only errors on standard error", 0 },
	{ "verbose", 'v', NULL, TC_ARG_NONE, "more detail on standard error", 0 },
	{ "version", 0, NULL, TC_ARG_NONE, "print the version and exit", G_VERSION },
	{ NULL, 0, NULL, TC_ARG_NONE, NULL, 0 },
};

static const tc_cmd_exit all_exits[] = {
	{ 0, NULL }, { 1, NULL }, { 2, NULL }, { 3, NULL }, { 4, NULL }, { -1, NULL },
};

const tc_cmd_entry tc_main_entry = {
	.name = "tiacheck",
	.summary = "keep the list of sub-processors, DPAs and international transfers true",
	.synopsis = "[GLOBAL OPTIONS] COMMAND [ARGS]",
	.description =
		"Keeps a company's list of external services and sub-processors true: where "
		"personal data goes, which vendor changed its DPA, and which data flows leave "
		"the EU/EEA and on what legal ground.\n\n"
		"A Data Protection Officer runs it weekly ('tiacheck run'): it loads the "
		"catalogue, fetches every vendor's published DPA, privacy policy and "
		"sub-processor list, keeps dated snapshots, detects real changes and what they "
		"mean, classifies every data flow (EU, EEA, adequacy, partial adequacy, third "
		"country), writes a report and e-mails the DPO when something changed.",
	.options = global_options,
	.exits = all_exits,
	.fn = NULL,
};

static const char *env_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);

	return v && *v ? v : fallback;
}

/* Check stdout once at the end: a full disk or closed pipe must not pass silently. */
static int finish_stdout(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fputs("tiacheck: error: cannot write to standard output\n", stderr);
		return rc ? rc : TC_EXIT_FAILURE;
	}
	return rc;
}

struct globals {
	const char *catalog, *db, *config;
	int no_color;
};

/* The global options, up to the command name. Returns -1 with argv[*ind] the
 * command, or the exit code when main must stop (help printed, misuse). */
static int parse_globals(int argc, char **argv, tc_ctx *ctx, struct globals *g, int *ind)
{
	tc_cmd_opts o;
	int c;

	tc_cmd_opts_init(&o, &tc_main_entry, argc, argv);
	o.in_order = 1; /* stop at the command name; the command parses the rest */
	while ((c = tc_cmd_opts_next(&o)) > 0) {
		switch (c) {
		case G_CATALOG: g->catalog = o.arg; break;
		case G_DB: g->db = o.arg; break;
		case G_CONFIG: g->config = o.arg; break;
		case G_LANG: ctx->lang = o.arg; break;
		case G_NO_COLOR: g->no_color = 1; break;
		case G_QUIET: ctx->quiet = 1; break;
		case G_VERBOSE: ctx->verbose = 1; break;
		case G_VERSION: printf("tiacheck %s\n", TC_VERSION); return TC_EXIT_OK;
		default: break;
		}
	}
	if (c < 0)
		return o.rc;
	if (o.ind >= argc) {
		tc_cmd_help_entry(&tc_main_entry, stderr);
		return TC_EXIT_USAGE;
	}
	if (ctx->lang && strcmp(ctx->lang, "sv") != 0 && strcmp(ctx->lang, "en") != 0)
		return tc_cmd_usage_error(NULL, "--lang takes 'sv' or 'en', not '%s'", ctx->lang);
	*ind = o.ind;
	return -1;
}

/* The config file, and the paths by precedence: command line, environment, config
 * file, default. 0, or -1 with the message printed. */
static int settle(tc_ctx *ctx, const struct globals *g, tc_config *cfg)
{
	char err[512];

	ctx->config_path = g->config ? g->config : env_or("TIACHECK_CONFIG", NULL);
	if (ctx->config_path || access("tiacheck.conf", F_OK) == 0) {
		const char *path = ctx->config_path ? ctx->config_path : "tiacheck.conf";

		if (tc_config_load(path, cfg, err, sizeof(err)) < 0) {
			tc_error("%s", err);
			return -1;
		}
		ctx->config_path = path;
	}
	ctx->config = cfg;
	ctx->catalog_dir = g->catalog ? g->catalog
			   : env_or("TIACHECK_CATALOG", cfg->catalog_dir ? cfg->catalog_dir : "catalog");
	ctx->db_path = g->db ? g->db
		       : env_or("TIACHECK_DB", cfg->db_path ? cfg->db_path : "tiacheck.db");
	ctx->reports_dir = cfg->reports_dir ? cfg->reports_dir : "reports";
	return 0;
}

int main(int argc, char **argv)
{
	tc_ctx ctx = { 0 };
	tc_config cfg = TC_CONFIG_INIT;
	struct globals g = { 0 };
	const tc_cmd_entry *cmd;
	int ind = 0, rc;

	rc = parse_globals(argc, argv, &ctx, &g, &ind);
	if (rc >= 0)
		return finish_stdout(rc);
	cmd = tc_command_find(argv[ind]);
	if (!cmd) {
		tc_error("'%s' is not a tiacheck command; see 'tiacheck --help'", argv[ind]);
		return TC_EXIT_USAGE;
	}
	tc_msg_quiet = ctx.quiet;
	tc_msg_verbose = ctx.verbose;
	ctx.color = !g.no_color && tc_color_enabled(stdout);
	if (settle(&ctx, &g, &cfg) < 0) {
		rc = TC_EXIT_FAILURE;
	} else {
		rc = cmd->fn(argc - ind, argv + ind, &ctx);
	}
	tc_config_release(&cfg);
	return finish_stdout(rc);
}
