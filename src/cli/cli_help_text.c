/*
 * cli_help_text: the help of every command generated from its entry (synopsis,
 * description, options, exit codes), so that no option goes undescribed, and the
 * global help (global options, every exit code, the command list).
 */
#include <stdlib.h>
#include <string.h>

#include "tiacheck/cmd.h"
#include "tiacheck/util.h"

#define HELP_WIDTH 79
#define LABEL_COL 24 /* where an option's help starts */

/* The general meaning of each exit code; an entry's own row may say more. */
static const char *const exit_meanings[] = {
	"success, nothing needs attention",
	"success, but something needs attention (each command's help says what)",
	"usage error: a bad option or argument (the message is on standard error)",
	"runtime failure: cannot read, write or reach what is needed",
	"another 'tiacheck run' holds the lock",
};

/*
 * Print TEXT from column COL, breaking lines before HELP_WIDTH at spaces outside
 * brackets (so "[--from SNAP]" stays whole); continuation lines start at column
 * INDENT; "\n" in TEXT breaks the line there. Ends without a newline.
 */
static void put_wrapped(FILE *f, const char *text, int col, int indent)
{
	const char *p = text;
	int at_start = 1;

	while (*p) {
		const char *e = p;
		int depth = 0, len;

		if (*p == '\n' || *p == ' ') {
			if (*p++ == '\n') {
				fprintf(f, "\n%*s", indent, "");
				col = indent;
				at_start = 1;
			}
			continue;
		}
		while (*e && *e != '\n' && (*e != ' ' || depth > 0)) {
			if (*e == '[')
				depth++;
			else if (*e == ']' && depth > 0)
				depth--;
			e++;
		}
		len = (int)(e - p);
		if (!at_start && col + 1 + len > HELP_WIDTH) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
			at_start = 1;
		}
		if (!at_start) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, (size_t)len, f);
		col += len;
		at_start = 0;
		p = e;
	}
}

/* The "usage:" lines: one per form of the synopsis. */
static void put_synopsis(const tc_cmd_entry *cmd, FILE *f)
{
	char *prefix = cmd == &tc_main_entry ? tc_xstrdup("tiacheck")
					     : tc_xasprintf("tiacheck %s", cmd->name);
	const char *p = cmd->synopsis ? cmd->synopsis : "";
	int first = 1;

	do {
		const char *nl = strchr(p, '\n');
		int n = nl ? (int)(nl - p) : (int)strlen(p);
		char *form = tc_xasprintf("%s%s%.*s", prefix, n ? " " : "", n, p);

		fputs(first ? "usage: " : "       ", f);
		put_wrapped(f, form, 7, 8 + (int)strlen(prefix));
		fputc('\n', f);
		free(form);
		first = 0;
		p += n + (nl ? 1 : 0);
	} while (*p);
	free(prefix);
}

/* Paragraphs separated by a blank line; one starting with a space as it is. */
static void put_description(const char *text, FILE *f)
{
	const char *p = text;

	while (p && *p) {
		const char *end = strstr(p, "\n\n");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char *para = tc_xasprintf("%.*s", (int)n, p);

		fputc('\n', f);
		if (*para == ' ')
			fputs(para, f);
		else
			put_wrapped(f, para, 0, 0);
		if (n && para[n - 1] != '\n')
			fputc('\n', f);
		free(para);
		p = end ? end + 2 : p + n;
	}
}

/* "-j, --json", "    --from SNAP", "    --date[=DATE]". Owned. */
static char *option_label(const tc_cmd_option *opt)
{
	char lead[8] = "    ";

	if (opt->short_name)
		snprintf(lead, sizeof(lead), "-%c, ", opt->short_name);
	if (opt->has_arg == TC_ARG_OPTIONAL)
		return tc_xasprintf("%s--%s[=%s]", lead, opt->name, opt->arg ? opt->arg : "");
	if (opt->has_arg == TC_ARG_REQUIRED)
		return tc_xasprintf("%s--%s %s", lead, opt->name, opt->arg ? opt->arg : "");
	return tc_xasprintf("%s--%s", lead, opt->name);
}

static void put_option(FILE *f, const char *label, const char *help)
{
	int col = 2 + (int)strlen(label);

	fprintf(f, "  %s", label);
	if (col > LABEL_COL - 2) {
		fprintf(f, "\n%*s", LABEL_COL, "");
	} else {
		fprintf(f, "%*s", LABEL_COL - col, "");
	}
	put_wrapped(f, help, LABEL_COL, LABEL_COL);
	fputc('\n', f);
}

static void put_options(const tc_cmd_entry *cmd, FILE *f)
{
	fprintf(f, "\n%s:\n", cmd == &tc_main_entry ? "Global options" : "Options");
	for (const tc_cmd_option *opt = cmd->options; opt && opt->name; opt++) {
		char *label = option_label(opt);

		put_option(f, label, opt->help ? opt->help : "");
		free(label);
	}
	put_option(f, "-h, --help", "show this help and exit");
}

const char *tc_cmd_exit_meaning(int code)
{
	return code >= 0 && code < (int)TC_ARRAY_LEN(exit_meanings) ? exit_meanings[code] : "";
}

static void put_exits(const tc_cmd_entry *cmd, FILE *f)
{
	fputs("\nExit codes:\n", f);
	for (const tc_cmd_exit *x = cmd->exits; x && x->code >= 0; x++) {
		fprintf(f, "  %d  ", x->code);
		put_wrapped(f, x->meaning ? x->meaning : tc_cmd_exit_meaning(x->code), 5, 5);
		fputc('\n', f);
	}
}

void tc_cmd_help_entry(const tc_cmd_entry *cmd, FILE *f)
{
	put_synopsis(cmd, f);
	put_description(cmd->description, f);
	put_options(cmd, f);
	put_exits(cmd, f);
	if (cmd == &tc_main_entry) {
		fputs("\nCommands:\n", f);
		for (size_t i = 0; tc_commands[i]; i++)
			fprintf(f, "  %-10s %s\n", tc_commands[i]->name, tc_commands[i]->summary);
		fputs("\nRun 'tiacheck help COMMAND' or 'tiacheck COMMAND --help' for a command's\n"
		      "options and exit codes; 'man tiacheck' for all of them.\n", f);
	} else {
		fputs("\nGlobal options (-C DIR, --db FILE, -c FILE, --lang, -q, -v) and every\n"
		      "exit code: 'tiacheck --help'.\n", f);
	}
}

void tc_cmd_help(const char *name, FILE *f)
{
	const tc_cmd_entry *c = tc_command_find(name);

	if (c)
		tc_cmd_help_entry(c, f);
}
