/*
 * cmd_policy: `tiacheck policy` writes the external-services / sub-processor section
 * of the privacy policy from the catalogue (policy.h); `tiacheck policy --check
 * FILE|URL` reads a published policy (text, HTML or PDF; a file or a URL) and lists
 * where it disagrees with the catalogue (policy_check.h).
 */
#include <stdio.h>

#include "tiacheck/cmd.h"
#include "tiacheck/cli_policy_print.h"
#include "tiacheck/fetch_setup.h"
#include "tiacheck/i18n.h"
#include "tiacheck/policy.h"
#include "tiacheck/policy_check.h"
#include "tiacheck/policy_source.h"
#include "tiacheck/util.h"

static int cmd_policy(int argc, char **argv, tc_ctx *ctx);

static const tc_cmd_option policy_options[] = {
	{ "lang", 'l', "sv|en", TC_ARG_REQUIRED,
	  "the language (default: the global --lang, the config's lang, else the "
	  "organisation's default_lang)", 0 },
	{ "format", 'f', "md|html|text", TC_ARG_REQUIRED,
	  "md (default), html (a fragment to paste into a CMS) or text", 0 },
	{ "output", 'o', "FILE", TC_ARG_REQUIRED,
	  "write FILE (replaced atomically) instead of standard output", 0 },
	{ "date", 0, "YYYY-MM-DD", TC_ARG_OPTIONAL,
	  "print a generation date: DATE, or today without one (default: no date, so that "
	  "the same catalogue gives the same bytes)", 'd' },
	{ "check", 0, "FILE|URL", TC_ARG_REQUIRED,
	  "compare a published policy (text, HTML, PDF, or a URL fetched under the same "
	  "address rules as 'tiacheck fetch') with the catalogue and list each discrepancy "
	  "with its line and a quote; for HTML, PDF and URLs the lines are those of the "
	  "extracted text", 'k' },
	{ "json", 0, NULL, TC_ARG_NONE, "with --check: the discrepancies as JSON", 'j' },
	{ NULL, 0, NULL, TC_ARG_NONE, NULL, 0 },
};
static const tc_cmd_exit policy_exits[] = {
	{ 0, "the section was written; with --check: the policy matches the catalogue" },
	{ 1, "--check found discrepancies, or the catalogue has errors (listed on "
	     "standard error)" },
	{ 2, "a bad option (--check goes without -o, --format and --date; --json only "
	     "with --check)" },
	{ 3, "the catalogue, FILE or URL cannot be read, or the output cannot be written" },
	{ -1, NULL },
};
const tc_cmd_entry cmd_policy_entry = {
	.name = "policy",
	.summary = "write the sub-processor section of the privacy policy",
	.synopsis = "[--lang sv|en] [--format md|html|text] [-o FILE] [--date[=YYYY-MM-DD]]\n"
		    "--check FILE|URL [--json]",
	.description = "Generate the section of the privacy policy about external services "
		       "and sub-processors from the catalogue, in Swedish or English.\n\n"
		       "With --check, compare a published policy with the catalogue instead: "
		       "services it does not name, names the catalogue does not know, "
		       "locations that hide a transfer, categories.",
	.options = policy_options,
	.exits = policy_exits,
	.fn = cmd_policy,
};

/* The text of the policy at src into out, fetched (for a URL) with the run's fetch rules
 * (fetch_setup.h): the user named the URL, so its own origin may be internal; redirects
 * elsewhere follow the address policy. 0 ok; -1 with err. */
static int policy_text(const tc_ctx *ctx, const tc_catalog *cat, const char *src, tc_buf *out,
		       char *err, size_t errlen)
{
	tc_fetch_setup fs;
	int ret;

	if (!tc_policy_source_is_url(src))
		return tc_policy_source_read(src, NULL, 0, out, err, errlen);
	if (tc_fetch_setup_init(&fs, ctx->config, cat, src, err, errlen) < 0)
		return -1;
	ret = tc_policy_source_read(src, &fs.opts, 1, out, err, errlen);
	tc_fetch_setup_release(&fs);
	return ret;
}

static int run_check(tc_ctx *ctx, const tc_catalog *cat, const tc_refdata *ref, const char *src,
		     enum tc_lang lang, int json)
{
	tc_policy_vocab voc = TC_POLICY_VOCAB_INIT;
	tc_pcheck pc = TC_PCHECK_INIT;
	tc_buf text = TC_BUF_INIT;
	char err[1024];
	enum tc_vocab_source vs;
	int rc = TC_EXIT_FAILURE;

	if (tc_policy_vocab_find(ctx->catalog_dir, &voc, &vs, err, sizeof(err)) < 0) {
		tc_error("%s", err);
		goto out;
	}
	tc_policy_print_vocab(ctx->catalog_dir, vs);
	if (policy_text(ctx, cat, src, &text, err, sizeof(err)) < 0) {
		tc_error("cannot read the policy '%s': %s", src, err);
		goto out;
	}
	if (tc_policy_check(tc_buf_str(&text), text.len, cat, ref, vs != TC_VOCAB_NONE ? &voc : NULL, &pc,
			    err, sizeof(err)) < 0) {
		tc_error("cannot check '%s': %s", src, err);
		goto out;
	}
	tc_policy_print_check(&pc, src, lang, json);
	rc = pc.ndiscrepancies ? TC_EXIT_ATTENTION : TC_EXIT_OK;
out:
	tc_pcheck_release(&pc);
	tc_policy_vocab_release(&voc);
	tc_buf_release(&text);
	return rc;
}

/* What the command line asked for. */
typedef struct policy_args {
	tc_policy_opts po;
	const char *lang, *outpath, *check;
	char date[16];
	int json;
} policy_args;

/* Parse the options into a; returns -1 to go on, else the exit code. */
static int parse_args(int argc, char **argv, policy_args *a)
{
	tc_cmd_opts o;
	int c, want_date = 0, have_format = 0;
	const char *date_arg = NULL;
	time_t t;

	tc_cmd_opts_init(&o, &cmd_policy_entry, argc, argv);
	while ((c = tc_cmd_opts_next(&o)) > 0) {
		switch (c) {
		case 'l': a->lang = o.arg; break;
		case 'f':
			if (tc_policy_format_parse(o.arg, &a->po.format) < 0)
				return tc_cmd_usage_error("policy", "--format takes md, html or text, not '%s'",
							  o.arg);
			have_format = 1;
			break;
		case 'o': a->outpath = o.arg; break;
		case 'd': want_date = 1; date_arg = o.arg; break;
		case 'k': a->check = o.arg; break;
		case 'j': a->json = 1; break;
		default: break;
		}
	}
	if (c < 0)
		return o.rc;
	if (o.ind < argc)
		return tc_cmd_usage_error("policy", "unexpected argument '%s'", argv[o.ind]);
	if (a->lang && tc_lang_parse(a->lang, &a->po.lang) < 0)
		return tc_cmd_usage_error("policy", "--lang takes sv or en, not '%s'", a->lang);
	if (a->check && (a->outpath || have_format || want_date))
		return tc_cmd_usage_error("policy", "--check does not take -o, --format or --date");
	if (!a->check && a->json)
		return tc_cmd_usage_error("policy", "--json goes with --check");
	if (date_arg && tc_parse_date(date_arg, &t) < 0)
		return tc_cmd_usage_error("policy", "--date takes YYYY-MM-DD, not '%s'", date_arg);
	if (date_arg)
		snprintf(a->date, sizeof(a->date), "%s", date_arg);
	else if (want_date)
		tc_date_utc(tc_now(), a->date);
	a->po.date = want_date ? a->date : NULL;
	return -1;
}

static int cmd_policy(int argc, char **argv, tc_ctx *ctx)
{
	tc_refdata ref = TC_REFDATA_INIT;
	tc_catalog cat = TC_CATALOG_INIT;
	policy_args a = { 0 };
	int rc = parse_args(argc, argv, &a);

	if (rc >= 0)
		return rc;
	rc = tc_cmd_load_catalog(ctx, &ref, &cat, 1);
	if (rc != TC_EXIT_OK)
		goto out;
	if (!a.lang)
		a.po.lang = tc_cmd_lang(ctx, &cat);
	if (a.check)
		rc = run_check(ctx, &cat, &ref, a.check, a.po.lang, a.json);
	else
		rc = tc_policy_print_section(&cat, &ref, &a.po, a.outpath);
out:
	tc_catalog_release(&cat);
	tc_refdata_release(&ref);
	return rc;
}
