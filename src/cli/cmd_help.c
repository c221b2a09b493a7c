/*
 * cmd_help: `tiacheck help` and `tiacheck version`, and the lint of the command
 * entries (`tiacheck help --lint`, run by the tests: an option without a help text,
 * a command without a summary or synopsis fails it).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tiacheck/cmd.h"
#include "tiacheck/util.h"

enum { OPT_COMMANDS = 256, OPT_OPTIONS, OPT_MAN, OPT_LINT };

static int cmd_help(int argc, char **argv, tc_ctx *ctx);
static int cmd_version(int argc, char **argv, tc_ctx *ctx);

static const tc_cmd_option help_options[] = {
	{ "commands", 0, NULL, TC_ARG_NONE,
	  "list the commands, one a line (for scripts and shell completion)", OPT_COMMANDS },
	{ "options", 0, NULL, TC_ARG_NONE,
	  "list the long options of COMMAND (without COMMAND: the global options), one a "
	  "line, for scripts and shell completion", OPT_OPTIONS },
	{ "man", 0, NULL, TC_ARG_NONE,
	  "print the manual page (troff), generated from the same entries as the help; "
	  "doc/tiacheck.1 is its output", OPT_MAN },
	{ "lint", 0, NULL, TC_ARG_NONE,
	  "check every command's entry (a summary, a synopsis, a help text for every option, "
	  "its exit codes) and list each problem", OPT_LINT },
	{ NULL, 0, NULL, TC_ARG_NONE, NULL, 0 },
};

static const tc_cmd_exit help_exits[] = {
	{ 0, "the help was printed (--lint: every entry is complete)" },
	{ 1, "--lint found a problem in an entry" },
	{ 2, "an unknown command or option" },
	{ -1, NULL },
};

const tc_cmd_entry cmd_help_entry = {
	.name = "help",
	.summary = "show the help of tiacheck or of a command",
	.synopsis = "[COMMAND]\n--options [COMMAND] | --commands | --man | --lint",
	.description = "Without COMMAND, the global help: global options, exit codes and the "
		       "list of commands. With COMMAND, the same help as 'tiacheck COMMAND "
		       "--help': its synopsis, what it does, every option and its exit codes.",
	.options = help_options,
	.exits = help_exits,
	.fn = cmd_help,
};

static const tc_cmd_exit version_exits[] = {
	{ 0, "the version was printed" },
	{ 2, NULL },
	{ -1, NULL },
};

const tc_cmd_entry cmd_version_entry = {
	.name = "version",
	.summary = "print the version",
	.synopsis = "",
	.description = "Print \"tiacheck VERSION\" on standard output (the same as 'tiacheck "
		       "--version').",
	.options = NULL,
	.exits = version_exits,
	.fn = cmd_version,
};

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

static void print_problem(void *ud, const char *cmd, const char *what)
{
	(void)ud;
	fprintf(stderr, "tiacheck: help: entry '%s': %s\n", cmd, what);
}

static int lint_all(void)
{
	size_t n = tc_cmd_entry_lint(&tc_main_entry, print_problem, NULL);

	for (size_t i = 0; tc_commands[i]; i++)
		n += tc_cmd_entry_lint(tc_commands[i], print_problem, NULL);
	if (n == 0)
		printf("every entry is complete\n");
	return n ? TC_EXIT_ATTENTION : TC_EXIT_OK;
}

static int cmd_help(int argc, char **argv, tc_ctx *ctx)
{
	const tc_cmd_entry *cmd = &tc_main_entry;
	tc_cmd_opts o;
	int c, mode = 0;

	(void)ctx;
	tc_cmd_opts_init(&o, &cmd_help_entry, argc, argv);
	while ((c = tc_cmd_opts_next(&o)) > 0) {
		if (mode && mode != c)
			return tc_cmd_usage_error("help", "--commands, --options, --man and --lint "
						  "go alone");
		mode = c;
	}
	if (c < 0)
		return o.rc;
	if (argc - o.ind > 1 || (o.ind < argc && mode && mode != OPT_OPTIONS))
		return tc_cmd_usage_error("help", "unexpected argument '%s'", argv[argc - 1]);
	if (o.ind < argc && !(cmd = tc_command_find(argv[o.ind])))
		return tc_cmd_usage_error("help", "unknown command '%s'", argv[o.ind]);
	switch (mode) {
	case OPT_COMMANDS:
		for (size_t i = 0; tc_commands[i]; i++)
			printf("%s\n", tc_commands[i]->name);
		return TC_EXIT_OK;
	case OPT_OPTIONS:
		for (const tc_cmd_option *opt = cmd->options; opt && opt->name; opt++)
			printf("--%s\n", opt->name);
		return TC_EXIT_OK;
	case OPT_MAN:
		tc_cmd_man(stdout);
		return TC_EXIT_OK;
	case OPT_LINT:
		return lint_all();
	default:
		tc_cmd_help_entry(cmd, stdout);
		return TC_EXIT_OK;
	}
}

static int cmd_version(int argc, char **argv, tc_ctx *ctx)
{
	tc_cmd_opts o;
	int c;

	(void)ctx;
	tc_cmd_opts_init(&o, &cmd_version_entry, argc, argv);
	while ((c = tc_cmd_opts_next(&o)) > 0)
		;
	if (c < 0)
		return o.rc;
	if (o.ind < argc)
		return tc_cmd_usage_error("version", "unexpected argument '%s'", argv[o.ind]);
	printf("tiacheck %s\n", TC_VERSION);
	return TC_EXIT_OK;
}
