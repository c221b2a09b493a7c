/*
 * cli_help_lint: the lint of the command entries (tc_cmd_entry_lint, see cmd.h): what
 * `tiacheck help --lint` and the tests check, so that every --help, `tiacheck help
 * NAME` and the man page are complete.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tiacheck/cmd.h"
#include "tiacheck/util.h"

struct lint_state {
	const tc_cmd_entry *cmd;
	void (*problem)(void *ud, const char *cmd, const char *what);
	void *ud;
	size_t n;
};

static void TC_PRINTF(2, 3) lint_problem(struct lint_state *ls, const char *fmt, ...)
{
	va_list ap;
	char what[256];

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	ls->problem(ls->ud, ls->cmd->name ? ls->cmd->name : "?", what);
	ls->n++;
}

static int empty(const char *s)
{
	return !s || !*s;
}

/* One option row, and its clashes with the rows before it. */
static void lint_option(struct lint_state *ls, const tc_cmd_option *opt)
{
	int key = opt->key ? opt->key : opt->short_name;

	if (empty(opt->name) || strcmp(opt->name, "help") == 0 || opt->name[0] == '-')
		lint_problem(ls, "an option is named '%s'", opt->name ? opt->name : "");
	if (empty(opt->help))
		lint_problem(ls, "option --%s has no help text", opt->name);
	if ((opt->has_arg == TC_ARG_NONE) != (opt->arg == NULL))
		lint_problem(ls, "option --%s: the argument name does not match has_arg", opt->name);
	if (key <= 0)
		lint_problem(ls, "option --%s has neither a key nor a short letter", opt->name);
	if (opt->short_name == 'h' || opt->short_name == ':' || opt->short_name == '?')
		lint_problem(ls, "option --%s cannot use the letter '%c'", opt->name, opt->short_name);
	for (const tc_cmd_option *q = ls->cmd->options; q < opt; q++) {
		if (strcmp(q->name, opt->name) == 0)
			lint_problem(ls, "option --%s is there twice", opt->name);
		if (opt->short_name && q->short_name == opt->short_name)
			lint_problem(ls, "options --%s and --%s share -%c", q->name, opt->name,
				     opt->short_name);
		if ((q->key ? q->key : q->short_name) == key)
			lint_problem(ls, "options --%s and --%s share a key", q->name, opt->name);
	}
}

size_t tc_cmd_entry_lint(const tc_cmd_entry *cmd,
			 void (*problem)(void *ud, const char *cmd, const char *what), void *ud)
{
	struct lint_state ls = { cmd, problem, ud, 0 };
	int seen[5] = { 0 };
	size_t nopts = 0;

	if (empty(cmd->name) || empty(cmd->summary) || !cmd->synopsis || empty(cmd->description))
		lint_problem(&ls, "a name, a summary, a synopsis and a description are needed");
	else if (cmd->summary[strlen(cmd->summary) - 1] == '.')
		lint_problem(&ls, "the summary ends with a period");
	if (!cmd->fn && cmd != &tc_main_entry)
		lint_problem(&ls, "no function runs it");
	for (const tc_cmd_option *opt = cmd->options; opt && opt->name; opt++, nopts++)
		lint_option(&ls, opt);
	if (nopts > TC_CMD_MAX_OPTIONS)
		lint_problem(&ls, "more than %d options", TC_CMD_MAX_OPTIONS);
	for (const tc_cmd_exit *x = cmd->exits; x && x->code >= 0; x++) {
		if (x->code > 4 || seen[x->code]++)
			lint_problem(&ls, "exit code %d is not one of 0..4 or is listed twice", x->code);
	}
	if (!seen[0] || !seen[2])
		lint_problem(&ls, "the exit codes must include 0 (success) and 2 (usage error)");
	return ls.n;
}
