/* link: util cli_opts cmd_help cli_help_lint cli_help_text cli_help_man */
/*
 * The command entries' machinery on entries made here: the lint catches an option
 * without help (and every other incomplete entry), the parser built from an option
 * table, the generated help (every option, wrapped, exit codes) and the man page.
 * The real entries are linted by `tiacheck help --lint` in tests/e2e/test_cli.sh.
 */
#include <stdlib.h>
#include <string.h>

#include "tiacheck/cmd.h"
#include "tu.h"

static int run_nothing(int argc, char **argv, tc_ctx *ctx)
{
	(void)argc;
	(void)argv;
	(void)ctx;
	return 0;
}

static const tc_cmd_option good_options[] = {
	{ "json", 'j', NULL, TC_ARG_NONE, "print JSON", 0 },
	{ "out", 'o', "FILE", TC_ARG_REQUIRED,
	  "write FILE instead of standard output; a long help text that has to be wrapped "
	  "over more than one line of the terminal", 0 },
	{ "date", 0, "DATE", TC_ARG_OPTIONAL, "print a date", 'd' },
	{ "only", 0, "X", TC_ARG_REQUIRED, "only X (repeatable)", 300 },
	{ NULL, 0, NULL, TC_ARG_NONE, NULL, 0 },
};
static const tc_cmd_exit good_exits[] = { { 0, "done" }, { 2, NULL }, { 3, "no file" },
					  { -1, NULL } };
static const tc_cmd_entry good = {
	"good", "a complete entry", "[--json] [-o FILE] [--date[=DATE]] ARG...",
	"What it does.\n\nA second paragraph.", good_options, good_exits, run_nothing,
};

const tc_cmd_entry tc_main_entry = {
	"tiacheck", "the test program", "[GLOBAL OPTIONS] COMMAND", "Tests.", NULL,
	good_exits, NULL,
};
const tc_cmd_entry *const tc_commands[] = { &good, &cmd_help_entry, NULL };

struct problems {
	size_t n;
	char last[512];
};

static void note_problem(void *ud, const char *cmd, const char *what)
{
	struct problems *p = ud;

	p->n++;
	snprintf(p->last, sizeof(p->last), "%s: %s", cmd, what);
}

static size_t lint(const tc_cmd_entry *e, struct problems *p)
{
	memset(p, 0, sizeof(*p));
	return tc_cmd_entry_lint(e, note_problem, p);
}

/* One bad option row in an otherwise good entry. */
static size_t lint_option(tc_cmd_option bad, struct problems *p)
{
	tc_cmd_option opts[] = { good_options[0], bad, { NULL, 0, NULL, TC_ARG_NONE, NULL, 0 } };
	tc_cmd_entry e = good;

	e.options = opts;
	return lint(&e, p);
}

static void test_lint(void)
{
	struct problems p;
	tc_cmd_entry e;
	static const tc_cmd_exit no_usage[] = { { 0, NULL }, { -1, NULL } };

	TU_CASE("complete entries pass");
	TU_INT(lint(&good, &p), 0);
	TU_INT(lint(&cmd_help_entry, &p), 0);
	TU_INT(lint(&cmd_version_entry, &p), 0);

	TU_CASE("an option without help");
	TU_INT(lint_option((tc_cmd_option){ "x", 'x', NULL, TC_ARG_NONE, "", 0 }, &p), 1);
	TU_CHECK(strstr(p.last, "--x has no help") != NULL, "%s", p.last);
	TU_INT(lint_option((tc_cmd_option){ "x", 'x', NULL, TC_ARG_NONE, NULL, 0 }, &p), 1);

	TU_CASE("an argument name that does not match has_arg");
	TU_INT(lint_option((tc_cmd_option){ "x", 'x', NULL, TC_ARG_REQUIRED, "h", 0 }, &p), 1);
	TU_INT(lint_option((tc_cmd_option){ "x", 'x', "V", TC_ARG_NONE, "h", 0 }, &p), 1);

	TU_CASE("clashes: name, letter, key, help, no key");
	TU_CHECK(lint_option((tc_cmd_option){ "json", 'x', NULL, TC_ARG_NONE, "h", 0 }, &p) >= 1,
		 "same name");
	TU_CHECK(lint_option((tc_cmd_option){ "x", 'j', NULL, TC_ARG_NONE, "h", 0 }, &p) >= 1,
		 "same letter");
	TU_INT(lint_option((tc_cmd_option){ "x", 0, NULL, TC_ARG_NONE, "h", 'j' }, &p), 1);
	TU_INT(lint_option((tc_cmd_option){ "help", 'x', NULL, TC_ARG_NONE, "h", 0 }, &p), 1);
	TU_INT(lint_option((tc_cmd_option){ "x", 'h', NULL, TC_ARG_NONE, "h", 0 }, &p), 1);
	TU_INT(lint_option((tc_cmd_option){ "x", 0, NULL, TC_ARG_NONE, "h", 0 }, &p), 1);

	TU_CASE("summary, synopsis, description, exit codes");
	e = good;
	e.summary = "";
	TU_INT(lint(&e, &p), 1);
	e = good;
	e.synopsis = NULL;
	TU_INT(lint(&e, &p), 1);
	e = good;
	e.summary = "ends with a period.";
	TU_INT(lint(&e, &p), 1);
	e = good;
	e.exits = no_usage;
	TU_INT(lint(&e, &p), 1);
	e = good;
	e.exits = NULL;
	TU_INT(lint(&e, &p), 1);
}

/* Parse ARGS (a NULL-terminated list, "good" first) and return the keys seen as
 * text ("j o=F d= d=X 300=A |ind"). */
static int parse(char **args, char *seen, size_t len, int *ind)
{
	tc_cmd_opts o;
	int argc = 0, c;

	while (args[argc])
		argc++;
	seen[0] = '\0';
	tc_cmd_opts_init(&o, &good, argc, args);
	while ((c = tc_cmd_opts_next(&o)) > 0) {
		size_t n = strlen(seen);

		snprintf(seen + n, len - n, "%s%d=%s", n ? " " : "", c, o.arg ? o.arg : "");
	}
	*ind = o.ind;
	return c < 0 ? o.rc : 0;
}

static void test_parse(void)
{
	char seen[256];
	int ind;

	TU_CASE("options and operands mixed");
	{
		char *args[] = { "good", "a", "-j", "--out", "F", "--date", "b", "--date=X",
				 "--only=Y", "-oG", NULL };

		TU_INT(parse(args, seen, sizeof(seen), &ind), 0);
		TU_STR(seen, "106= 111=F 100= 100=X 300=Y 111=G");
		TU_INT(ind, 8);
		TU_STR(args[ind], "a");
		TU_STR(args[ind + 1], "b");
	}
	TU_CASE("usage errors exit 2, help exits 0");
	{
		char *unknown[] = { "good", "--nope", NULL }, *missing[] = { "good", "--out", NULL };
		char *letter[] = { "good", "-z", NULL }, *value[] = { "good", "--json=1", NULL };
		char *help[] = { "good", "x", "--help", NULL };

		TU_INT(parse(unknown, seen, sizeof(seen), &ind), TC_EXIT_USAGE);
		TU_INT(parse(missing, seen, sizeof(seen), &ind), TC_EXIT_USAGE);
		TU_INT(parse(letter, seen, sizeof(seen), &ind), TC_EXIT_USAGE);
		TU_INT(parse(value, seen, sizeof(seen), &ind), TC_EXIT_USAGE);
		TU_INT(parse(help, seen, sizeof(seen), &ind), TC_EXIT_OK);
	}
}

/* The help of an entry as a string. Owned. */
static char *help_of(const tc_cmd_entry *e)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	tc_cmd_help_entry(e, f);
	fclose(f);
	return s;
}

static void test_help_text(void)
{
	char *h = help_of(&good), *m = NULL;
	size_t n = 0, col = 0;
	FILE *f;

	TU_CASE("the help and the man page");
	TU_CHECK(strncmp(h, "usage: tiacheck good [--json]", 29) == 0, "%s", h);
	for (const tc_cmd_option *o = good_options; o->name; o++) {
		char want[64];

		snprintf(want, sizeof(want), "--%s", o->name);
		TU_CHECK(strstr(h, want) != NULL, "help lacks %s", want);
	}
	TU_CHECK(strstr(h, "  -o, --out FILE        write FILE") != NULL, "%s", h);
	TU_CHECK(strstr(h, "      --date[=DATE]     print a date") != NULL, "%s", h);
	TU_CHECK(strstr(h, "  -h, --help ") != NULL, "no --help line");
	TU_CHECK(strstr(h, "Exit codes:\n  0  done\n  2  usage error") != NULL, "%s", h);
	TU_CHECK(strstr(h, "\nA second paragraph.\n") != NULL, "%s", h);
	for (const char *p = h; *p; p++) {
		col = *p == '\n' ? 0 : col + 1;
		TU_CHECK(col <= 79, "a line longer than 79 columns at '%.30s'", p - col + 1);
		if (col > 79)
			break;
	}
	free(h);
	h = help_of(&tc_main_entry);
	TU_CHECK(strstr(h, "Commands:\n  good       a complete entry\n") != NULL, "%s", h);
	TU_CHECK(strstr(h, "  4  another 'tiacheck run' holds the lock") == NULL, "%s", h);
	free(h);

	f = open_memstream(&m, &n);
	tc_cmd_man(f);
	fclose(f);
	TU_CHECK(strncmp(m, ".\\\" Generated", 13) == 0, "man starts with %.20s", m);
	TU_CHECK(strstr(m, ".SS good\n.B tiacheck good\n[\\-\\-json]") != NULL, "%s", m);
	TU_CHECK(strstr(m, "\\fB\\-o\\fR, \\fB\\-\\-out\\fR \\fIFILE\\fR\n") != NULL, "%s", m);
	TU_CHECK(strstr(m, ".PP\nA complete entry.\n") != NULL, "%s", m);
	free(m);
}

int main(void)
{
	test_lint();
	test_parse();
	test_help_text();
	return TU_END("test_cmd_help");
}
