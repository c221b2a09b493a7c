/*
 * cli_opts: the option parser of every command, built from the option table of its
 * entry (so that what is parsed and what --help describes are one table), usage
 * errors, and finding a command by name. See include/tiacheck/cmd.h.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tiacheck/cmd.h"
#include "tiacheck/util.h"

/* getopt_long's value for a long-only option: above every character. */
#define LONG_BASE 256
#define HELP_VAL 'h'

const tc_cmd_entry *tc_command_find(const char *name)
{
	for (size_t i = 0; tc_commands[i]; i++)
		if (strcmp(tc_commands[i]->name, name) == 0)
			return tc_commands[i];
	return NULL;
}

static int option_key(const tc_cmd_option *opt)
{
	return opt->key ? opt->key : opt->short_name;
}

const tc_cmd_option *tc_cmd_option_find(const tc_cmd_entry *cmd, int key)
{
	for (const tc_cmd_option *opt = cmd->options; opt && opt->name; opt++)
		if (option_key(opt) == key)
			return opt;
	return NULL;
}

int tc_cmd_usage_error(const char *name, const char *fmt, ...)
{
	va_list ap;

	fputs("tiacheck: ", stderr);
	if (name)
		fprintf(stderr, "%s: ", name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (name)
		fprintf(stderr, "\nTry 'tiacheck help %s'.\n", name);
	else
		fputs("\nTry 'tiacheck --help'.\n", stderr);
	return TC_EXIT_USAGE;
}

void tc_cmd_opts_init(tc_cmd_opts *o, const tc_cmd_entry *cmd, int argc, char **argv)
{
	memset(o, 0, sizeof(*o));
	o->cmd = cmd;
	o->argc = argc;
	o->argv = argv;
	o->ind = argc;
}

static int getopt_has_arg(enum tc_cmd_arg a)
{
	return a == TC_ARG_REQUIRED ? required_argument
	       : a == TC_ARG_OPTIONAL ? optional_argument : no_argument;
}

/* The getopt_long tables: ':' first (a missing value is reported as ':'), '+' when
 * options stop at the first operand. Rows past TC_CMD_MAX_OPTIONS are ignored (the
 * lint of the entries reports them). */
static void build_tables(tc_cmd_opts *o)
{
	char *s = o->shortopts;
	size_t n = 0;

	if (o->in_order)
		*s++ = '+';
	*s++ = ':';
	*s++ = HELP_VAL;
	for (const tc_cmd_option *opt = o->cmd->options; opt && opt->name; opt++) {
		if (n == TC_CMD_MAX_OPTIONS)
			break;
		o->longopts[n] = (struct option){ opt->name, getopt_has_arg(opt->has_arg), NULL,
						  opt->short_name ? opt->short_name
								  : LONG_BASE + (int)n };
		if (opt->short_name) {
			*s++ = (char)opt->short_name;
			if (opt->has_arg != TC_ARG_NONE)
				*s++ = ':';
			if (opt->has_arg == TC_ARG_OPTIONAL)
				*s++ = ':';
		}
		n++;
	}
	*s = '\0';
	o->longopts[n++] = (struct option){ "help", no_argument, NULL, HELP_VAL };
	o->longopts[n] = (struct option){ NULL, 0, NULL, 0 };
}

/* The table row getopt_long returned VAL for (NULL for help or an unknown value). */
static const tc_cmd_option *row_of(const tc_cmd_opts *o, int val)
{
	size_t n = 0;

	for (const tc_cmd_option *opt = o->cmd->options; opt && opt->name && n < TC_CMD_MAX_OPTIONS;
	     opt++, n++)
		if (opt->short_name ? opt->short_name == val : LONG_BASE + (int)n == val)
			return opt;
	return NULL;
}

/* "--name" for the message about the option getopt stopped at. */
static int report_bad(tc_cmd_opts *o, int c)
{
	const char *name = o->cmd == &tc_main_entry ? NULL : o->cmd->name;
	const char *word = optind > 0 && optind <= o->argc ? o->argv[optind - 1] : "?";
	const tc_cmd_option *opt = optopt ? row_of(o, optopt) : NULL;

	if (c == ':' && opt)
		return tc_cmd_usage_error(name, "option '--%s' needs a value (%s)", opt->name,
					  opt->arg ? opt->arg : "a value");
	if (opt && strncmp(word, "--", 2) == 0)
		return tc_cmd_usage_error(name, "option '--%s' takes no value", opt->name);
	if (optopt && !opt && strncmp(word, "--", 2) != 0)
		return tc_cmd_usage_error(name, "unknown option '-%c'", optopt);
	return tc_cmd_usage_error(name, "unknown or ambiguous option '%s'", word);
}

int tc_cmd_opts_next(tc_cmd_opts *o)
{
	const tc_cmd_option *opt;
	int c;

	if (!o->started) {
		build_tables(o);
		o->started = 1;
		optind = 0; /* glibc: start again at argv[1] */
	}
	opterr = 0; /* the usage error is reported below, in tiacheck's words */
	c = getopt_long(o->argc, o->argv, o->shortopts, o->longopts, NULL);
	o->arg = optarg;
	if (c == -1) {
		o->ind = optind;
		return 0;
	}
	if (c == HELP_VAL) {
		tc_cmd_help_entry(o->cmd, stdout);
		o->rc = TC_EXIT_OK;
		return -1;
	}
	opt = (c == '?' || c == ':') ? NULL : row_of(o, c);
	if (!opt) {
		o->rc = report_bad(o, c);
		return -1;
	}
	return option_key(opt);
}
