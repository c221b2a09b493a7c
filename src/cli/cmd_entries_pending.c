/*
 * cmd_entries_pending: the entries (summary, synopsis, description, options with
 * their help, exit codes) of the commands whose cmd_NAME.c files were being
 * rewritten while the entries were introduced: history, reextract, run, report,
 * mail. Their generated --help already describes every option they accept.
 *
 * This file is a waiting room. At merge, each entry moves into its cmd_NAME.c (the
 * lead does it): the entry and its tables go there, cmd_NAME becomes static, the
 * command's own getopt table is replaced by tc_cmd_opts_init/next over the entry
 * (its `switch` keeps the same letters: each row's key is the value its getopt table
 * returned), and the row here is deleted. When the file is empty, it goes.
 *
 * Until then each command parses with its own getopt table, which the rows below
 * describe one for one (same long names, same short letters); tests/e2e/test_cli.sh
 * fails when a getopt row in a cmd file has no row here.
 */
#include "tiacheck/cmd.h"

#define END_OPTIONS { NULL, 0, NULL, TC_ARG_NONE, NULL, 0 }
#define END_EXITS { -1, NULL }
#define CATALOGUE_ERRORS "the catalogue has errors (listed on standard error)"

/* ---- history ---- */
static const tc_cmd_option history_options[] = {
	{ "json", 'j', NULL, TC_ARG_NONE,
	  "print the snapshots and changes of each document as JSON", 0 },
	{ "export", 0, NULL, TC_ARG_NONE,
	  "write the exact bytes fetched for snapshot SNAPSHOT to FILE ('-': standard "
	  "output), as evidence", 'e' },
	{ "text", 0, NULL, TC_ARG_NONE,
	  "with --export: write the snapshot's normalised text instead of the bytes "
	  "fetched", 't' },
	END_OPTIONS,
};
static const tc_cmd_exit history_exits[] = {
	{ 0, "the history was listed" },
	{ 2, "a bad option, or not exactly one SERVICE[/DOC]" },
	{ 3, "no such service or document in the database, or it cannot be read" },
	END_EXITS,
};
const tc_cmd_entry cmd_history_entry = {
	.name = "history",
	.summary = "list the snapshots and changes of a document",
	.synopsis = "[--json] SERVICE[/DOC]\n--export [--text] SNAPSHOT FILE|-",
	.description = "The snapshots (when, HTTP status, hashes) and the changes (number, "
		       "open or acknowledged and by whom) of a document, or of every document "
		       "of a service, newest first. Show a change with 'tiacheck diff CHANGE'. "
		       "With --export, one snapshot's evidence as it was fetched.",
	.options = history_options,
	.exits = history_exits,
	.fn = cmd_history,
};

/* ---- reextract ---- */
static const tc_cmd_exit reextract_exits[] = {
	{ 0, "the texts were rebuilt" }, { 1, CATALOGUE_ERRORS },
	{ 2, "SERVICE is not in the catalogue" },
	{ 3, "the database cannot be read or written" }, { 4, NULL }, END_EXITS,
};
const tc_cmd_entry cmd_reextract_entry = {
	.name = "reextract",
	.summary = "rebuild the normalised texts from the stored raw bodies",
	.synopsis = "[SERVICE[/DOC]...]",
	.description = "After an upgrade with better extraction rules, rebuild the "
		       "normalised texts of every stored snapshot (or of the documents named) "
		       "from the raw bodies kept as evidence. A text that differs only because "
		       "of the new rules is recorded as a technical change: shown in 'tiacheck "
		       "history', never alerted.",
	.options = NULL,
	.exits = reextract_exits,
	.fn = cmd_reextract,
};

/* ---- run ---- */
static const tc_cmd_option run_options[] = {
	{ "no-mail", 'n', NULL, TC_ARG_NONE,
	  "send no alert e-mail this time (changes not yet alerted are alerted by the next "
	  "run)", 0 },
	{ "dry-run", 'd', NULL, TC_ARG_NONE,
	  "fetch and compare on a throw-away copy of the database: keep nothing, write no "
	  "report file, send no e-mail; print the report instead", 0 },
	{ "only", 'o', "SERVICE", TC_ARG_REQUIRED,
	  "only this service, or SERVICE/DOC only this document (repeatable); the report is "
	  "then written as tiacheck-DATE-runN-only.* and latest.* stay as they were", 0 },
	{ "strict", 's', NULL, TC_ARG_NONE,
	  "exit 1 when something needs attention: changes, open changes, new findings or "
	  "fetch failures", 0 },
	END_OPTIONS,
};
static const tc_cmd_exit run_exits[] = {
	{ 0, "the run completed" },
	{ 1, "with --strict: changes, open changes, new findings or fetch failures" },
	{ 2, "a bad option, or --only names no service of the catalogue" },
	{ 3, "the catalogue has errors (nothing was written), every document failed, the "
	     "report could not be written or an alert could not be sent (it stays pending), "
	     "or the run was interrupted" },
	{ 4, NULL }, END_EXITS,
};
const tc_cmd_entry cmd_run_entry = {
	.name = "run",
	.summary = "the weekly job: check, fetch, compare, assess, report, alert",
	.synopsis = "[--no-mail] [--dry-run] [--only SERVICE[/DOC]]... [--strict]",
	.description = "In order: validate the catalogue (stop on errors, nothing written), "
		       "take the run lock, fetch and compare every monitored document, assess "
		       "the data flows, write the report (Markdown, HTML and JSON in the "
		       "reports directory), then send the alerts still pending and a new one "
		       "when something changed. A run killed anywhere is completed by the next "
		       "one: no change is lost and no alert is sent twice.",
	.options = run_options,
	.exits = run_exits,
	.fn = cmd_run,
};

/* ---- report ---- */
static const tc_cmd_option report_options[] = {
	{ "format", 'f', "md|html|json", TC_ARG_REQUIRED, "the format (default: md)", 0 },
	{ "output", 'o', "FILE", TC_ARG_REQUIRED,
	  "write FILE (replaced atomically) instead of standard output", 0 },
	{ "list", 'l', NULL, TC_ARG_NONE,
	  "list the runs instead (number, start time, command, status)", 0 },
	END_OPTIONS,
};
static const tc_cmd_exit report_exits[] = {
	{ 0, "the report was written" },
	{ 2, "a bad option, or RUN is not a run number" },
	{ 3, "no such run, no run with a report yet, the database cannot be read or FILE "
	     "cannot be written" },
	END_EXITS,
};
const tc_cmd_entry cmd_report_entry = {
	.name = "report",
	.summary = "re-render the report of a past run",
	.synopsis = "[--format md|html|json] [-o FILE] [RUN]\n--list",
	.description = "Render again the report of run RUN (default: the latest run with a "
		       "report) from the JSON kept in the database, in any format and in the "
		       "language of the global --lang.",
	.options = report_options,
	.exits = report_exits,
	.fn = cmd_report,
};

/* ---- mail ---- */
static const tc_cmd_option mail_options[] = {
	{ "test", 't', NULL, TC_ARG_NONE,
	  "send a test message to the recipients of the config (smtp.to) to check the "
	  "settings", 0 },
	{ "pending", 'p', NULL, TC_ARG_NONE,
	  "send the alerts still pending (an SMTP server was down during a run)", 0 },
	END_OPTIONS,
};
static const tc_cmd_exit mail_exits[] = {
	{ 0, "the message or the pending alerts were sent" },
	{ 2, "neither or both of --test and --pending" },
	{ 3, "no SMTP server is configured, or sending failed (pending alerts stay "
	     "pending)" },
	END_EXITS,
};
const tc_cmd_entry cmd_mail_entry = {
	.name = "mail",
	.summary = "send the pending alerts, or a test message",
	.synopsis = "--test | --pending",
	.description = "Alert e-mails go out during 'tiacheck run'; one that could not be "
		       "sent stays pending and is retried by the next run, or now with "
		       "--pending. The SMTP settings are the config's smtp.* keys; the "
		       "password comes from $TIACHECK_SMTP_PASSWORD or smtp.password_file.",
	.options = mail_options,
	.exits = mail_exits,
	.fn = cmd_mail,
};
