/*
 * cmd_help: `tiacheck help` and `tiacheck version`; `tiacheck help --lint` runs the
 * lint of the command entries (src/cli/cli_help_lint.c; run by the tests: an option
 * without a help text, a command without a summary or synopsis fails it).
 */
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
