/*
 * main: global options, the command table, and dispatch. Each command lives in
 * src/cli/cmd_NAME.c and owns its options; see include/tiacheck/cmd.h for the checklist
 * to add one.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tiacheck/cmd.h"
#include "tiacheck/config.h"
#include "tiacheck/util.h"

static const tc_command commands[] = {
	{ "init", cmd_init, "create a new catalogue, config and database",
	  "usage: tiacheck init [--force] [--name NAME] [DIR]\n"
	  "Scaffold a catalogue (organisation, one example service, reference data) and a\n"
	  "config file in DIR (default: the current directory).\n"
	  "  --name NAME   the organisation's name\n"
	  "  --force       overwrite files that exist\n" },
	{ "check", cmd_check, "validate the catalogue and report every problem",
	  "usage: tiacheck check [--json] [--strict]\n"
	  "Validate catalog/: JSON syntax, fields, codes, dates, URLs, mechanisms.\n"
	  "Prints file:line:col: level: message for every problem. Writes nothing.\n"
	  "  --json     print the diagnostics as JSON on stdout\n"
	  "  --strict   warnings fail too (exit 1)\n" },
	{ "flows", cmd_flows, "list every data flow and whether it leaves the EU/EEA",
	  "usage: tiacheck flows [--json] [--depth N] [--outside] [SERVICE...]\n"
	  "One row per flow (service x location x role) with its classification.\n"
	  "  --json       machine-readable output\n"
	  "  --depth N    1: catalogue flows only; 2 (default): also the vendors'\n"
	  "               published sub-processors (fourth parties)\n"
	  "  --outside    only flows that leave the EU/EEA\n" },
	{ "tia", cmd_tia, "transfer-impact records for flows leaving the EU/EEA",
	  "usage: tiacheck tia [--json] [--lang sv|en] [-o FILE] [SERVICE...]\n"
	  "A transfer-impact record (EDPB Recommendations 01/2020, six steps) for every\n"
	  "flow that leaves the EU/EEA, with a green/amber/red rating and its reasons.\n" },
	{ "policy", cmd_policy, "write the sub-processor section of the privacy policy",
	  "usage: tiacheck policy [--lang sv|en] [--format md|html|text] [-o FILE]\n"
	  "                       [--date[=YYYY-MM-DD]]\n"
	  "       tiacheck policy --check FILE|URL [--json]\n"
	  "Generate section 9 (external services and sub-processors) from the catalogue,\n"
	  "or compare a published policy (text, HTML, PDF or a URL) with the catalogue.\n"
	  "  --lang sv|en      language (default: the organisation's)\n"
	  "  --format F        md (default), html (a fragment to paste into a CMS) or text\n"
	  "  -o FILE           write FILE (atomically) instead of standard output\n"
	  "  --date[=DATE]     print a generation date (default: none, so the output is\n"
	  "                    the same bytes for the same catalogue)\n"
	  "  --check FILE|URL  report discrepancies with the line and a quote; for HTML,\n"
	  "                    PDF and URLs the lines are those of the extracted text\n"
	  "  --json            the discrepancies as JSON\n"
	  "Exit: 0 consistent, 1 discrepancies, 2 usage, 3 cannot read FILE or URL.\n" },
	{ "fetch", cmd_fetch, "fetch monitored documents and detect changes",
	  "usage: tiacheck fetch [--parallel N] [--json] [SERVICE[/DOC]...]\n"
	  "Fetch every monitored document (or the ones named), store dated snapshots and\n"
	  "record real changes. No report, no e-mail (see `tiacheck run`).\n" },
	{ "extract", cmd_extract, "print the normalised text of a saved page",
	  "usage: tiacheck extract [--select XPATH]... [--remove XPATH]... [--content-type T]\n"
	  "                        [--format auto|html|pdf|text] [--url URL] [--json] FILE|-\n"
	  "Print the text tiacheck compares for a saved page, to check its extraction and\n"
	  "try select/remove rules before putting them in the catalogue.\n"
	  "  --select XPATH      keep only what matches (repeatable)\n"
	  "  --remove XPATH      drop what matches (repeatable)\n"
	  "  --content-type T    the HTTP Content-Type (charset, format)\n"
	  "  --format F          force the format (default: from the type, else sniffed)\n"
	  "  --url URL           the page's address (links within its site are text only)\n"
	  "  --json              {\"status\",\"detail\",\"title\",\"version\",\"text\"}\n"
	  "Exit: 0 ok, 1 extraction failed (challenge, consent wall, empty, ...), 2 usage or\n"
	  "bad XPath, 3 cannot read FILE.\n" },
	{ "diff", cmd_diff, "show a recorded change of a document",
	  "usage: tiacheck diff [--json] [--from SNAP --to SNAP] SERVICE[/DOC] | CHANGE\n" },
	{ "history", cmd_history, "list the snapshots and changes of a document",
	  "usage: tiacheck history [--json] SERVICE[/DOC]\n"
	  "       tiacheck history --export [--text] SNAPSHOT FILE|-\n"
	  "List the snapshots (with their numbers) and changes of a document, newest first.\n"
	  "  --json      machine-readable output\n"
	  "  --export    write snapshot SNAPSHOT to FILE (- for standard output): the exact\n"
	  "              bytes fetched, checked against the SHA-256 recorded with them\n"
	  "  --text      with --export: the normalised text that was compared instead\n" },
	{ "ack", cmd_ack, "mark a change as reviewed",
	  "usage: tiacheck ack [--note TEXT] [--by NAME] CHANGE...\n" },
	{ "reextract", cmd_reextract, "rebuild normalised texts from stored raw bodies",
	  "usage: tiacheck reextract [SERVICE[/DOC]...]\n" },
	{ "gc", cmd_gc, "apply the retention policy (store.keep) and compact the store", "usage: tiacheck gc [--keep all|changes+monthly:N]\nFold old confirmations as store.keep says, remove unused blobs, VACUUM; prints the\ndatabase size before and after.\n  --keep SPEC   this policy instead of store.keep (default: all, keep everything)\n" },
	{ "run", cmd_run, "the weekly job: check, fetch, compare, assess, report, alert",
	  "usage: tiacheck run [--no-mail] [--dry-run] [--only SERVICE]... [--strict]\n" },
	{ "report", cmd_report, "re-render the report of a past run",
	  "usage: tiacheck report [--format md|html|json] [-o FILE] [RUN]\n" },
	{ "mail", cmd_mail, "send pending alerts, or a test message",
	  "usage: tiacheck mail --test | --pending\n" },
	{ "help", cmd_help, "show help for a command", "usage: tiacheck help [COMMAND]\n" },
	{ "version", cmd_version, "print the version", "usage: tiacheck version\n" },
};

static const char global_usage[] =
	"usage: tiacheck [GLOBAL OPTIONS] COMMAND [ARGS]\n"
	"\n"
	"Keeps a company's list of external services and sub-processors true: where\n"
	"personal data goes, which vendor changed its DPA, and which data flows leave\n"
	"the EU/EEA and on what legal ground.\n"
	"\n"
	"Global options:\n"
	"  -C, --catalog DIR   catalogue directory (default: catalog, or $TIACHECK_CATALOG)\n"
	"      --db FILE       database (default: tiacheck.db, or $TIACHECK_DB)\n"
	"  -c, --config FILE   config file (default: tiacheck.conf if present, or\n"
	"                      $TIACHECK_CONFIG)\n"
	"      --lang sv|en    language of reports and texts\n"
	"      --no-color      no colour even on a terminal (NO_COLOR is honoured too)\n"
	"  -q, --quiet         only errors\n"
	"  -v, --verbose       more detail on stderr\n"
	"  -h, --help          this help;  --version  the version\n"
	"\n"
	"Exit codes:\n"
	"  0  success, nothing needs attention\n"
	"  1  success, but something needs attention (an invalid catalogue for `check`;\n"
	"     with --strict: open changes, findings or fetch failures)\n"
	"  2  usage error\n"
	"  3  runtime failure (cannot read, write or reach what is needed)\n"
	"  4  another `tiacheck run` is in progress\n"
	"\n"
	"Commands:\n";

static void print_usage(FILE *f)
{
	fputs(global_usage, f);
	for (size_t i = 0; i < TC_ARRAY_LEN(commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\nRun `tiacheck help COMMAND` for a command's options.\n", f);
}

const tc_command *tc_command_find(const char *name)
{
	for (size_t i = 0; i < TC_ARRAY_LEN(commands); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

void tc_cmd_help(const char *name, FILE *f)
{
	const tc_command *c = tc_command_find(name);

	if (!c)
		return;
	fputs(c->usage, f);
	fprintf(f, "\n%s.\nGlobal options and exit codes: tiacheck --help\n", c->summary);
}

int tc_cmd_usage_error(const char *name, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tiacheck: %s: ", name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'tiacheck help %s'.\n", name);
	return TC_EXIT_USAGE;
}

int cmd_help(int argc, char **argv, tc_ctx *ctx)
{
	(void)ctx;
	if (argc < 2) {
		print_usage(stdout);
		return TC_EXIT_OK;
	}
	if (!tc_command_find(argv[1]))
		return tc_cmd_usage_error("help", "unknown command '%s'", argv[1]);
	tc_cmd_help(argv[1], stdout);
	return TC_EXIT_OK;
}

int cmd_version(int argc, char **argv, tc_ctx *ctx)
{
	(void)argc;
	(void)argv;
	(void)ctx;
	printf("tiacheck %s\n", TC_VERSION);
	return TC_EXIT_OK;
}

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

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "catalog", required_argument, NULL, 'C' },
		{ "db", required_argument, NULL, 'D' },
		{ "config", required_argument, NULL, 'c' },
		{ "lang", required_argument, NULL, 'L' },
		{ "no-color", no_argument, NULL, 'N' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	tc_ctx ctx = { 0 };
	tc_config cfg = TC_CONFIG_INIT;
	const char *cli_catalog = NULL, *cli_db = NULL, *cli_config = NULL;
	const tc_command *cmd;
	char err[512];
	int c, no_color = 0, rc;

	/* '+': stop at the command name; the command parses the rest. */
	while ((c = getopt_long(argc, argv, "+C:c:qvh", opts, NULL)) != -1) {
		switch (c) {
		case 'C': cli_catalog = optarg; break;
		case 'D': cli_db = optarg; break;
		case 'c': cli_config = optarg; break;
		case 'L': ctx.lang = optarg; break;
		case 'N': no_color = 1; break;
		case 'q': ctx.quiet = 1; break;
		case 'v': ctx.verbose = 1; break;
		case 'h': print_usage(stdout); return finish_stdout(TC_EXIT_OK);
		case 'V': printf("tiacheck %s\n", TC_VERSION); return finish_stdout(TC_EXIT_OK);
		default:
			fputs("Try 'tiacheck --help'.\n", stderr);
			return TC_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		print_usage(stderr);
		return TC_EXIT_USAGE;
	}
	if (ctx.lang && strcmp(ctx.lang, "sv") != 0 && strcmp(ctx.lang, "en") != 0) {
		tc_error("--lang takes 'sv' or 'en', not '%s'", ctx.lang);
		return TC_EXIT_USAGE;
	}
	cmd = tc_command_find(argv[optind]);
	if (!cmd) {
		tc_error("'%s' is not a tiacheck command; see 'tiacheck --help'", argv[optind]);
		return TC_EXIT_USAGE;
	}
	tc_msg_quiet = ctx.quiet;
	tc_msg_verbose = ctx.verbose;
	ctx.color = !no_color && tc_color_enabled(stdout);

	/* Precedence: command line, environment, config file, default. */
	ctx.config_path = cli_config ? cli_config : env_or("TIACHECK_CONFIG", NULL);
	if (ctx.config_path || access("tiacheck.conf", F_OK) == 0) {
		const char *path = ctx.config_path ? ctx.config_path : "tiacheck.conf";

		if (tc_config_load(path, &cfg, err, sizeof(err)) < 0) {
			tc_error("%s", err);
			tc_config_release(&cfg);
			return TC_EXIT_FAILURE;
		}
		ctx.config_path = path;
	}
	ctx.config = &cfg;
	ctx.catalog_dir = cli_catalog ? cli_catalog
			  : env_or("TIACHECK_CATALOG", cfg.catalog_dir ? cfg.catalog_dir : "catalog");
	ctx.db_path = cli_db ? cli_db : env_or("TIACHECK_DB", cfg.db_path ? cfg.db_path : "tiacheck.db");
	ctx.reports_dir = cfg.reports_dir ? cfg.reports_dir : "reports";

	argc -= optind;
	argv += optind;
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		tc_cmd_help(cmd->name, stdout);
		rc = TC_EXIT_OK;
	} else {
		optind = 0; /* reset getopt for the command's own parsing */
		rc = cmd->fn(argc, argv, &ctx);
	}
	tc_config_release(&cfg);
	return finish_stdout(rc);
}
