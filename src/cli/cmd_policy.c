/*
 * cmd_policy: `tiacheck policy` writes the external-services / sub-processor section
 * of the privacy policy from the catalogue (policy.h); `tiacheck policy --check
 * FILE|URL` reads a published policy (text, HTML or PDF; a file or a URL) and lists
 * where it disagrees with the catalogue (policy_check.h).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tiacheck/cmd.h"
#include "tiacheck/config.h"
#include "tiacheck/fetch.h"
#include "tiacheck/fetch_setup.h"
#include "tiacheck/i18n.h"
#include "tiacheck/policy.h"
#include "tiacheck/policy_check.h"
#include "tiacheck/policy_source.h"
#include "tiacheck/util.h"

/* The fetch options of `policy --check URL`, from the config. ua receives the owned
 * user agent (free it after the fetch). */
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
	tc_buf text = TC_BUF_INIT, shown = TC_BUF_INIT;
	char err[1024], *s = NULL;
	enum tc_vocab_source vs;
	int rc = TC_EXIT_FAILURE;

	if (tc_policy_vocab_find(ctx->catalog_dir, &voc, &vs, err, sizeof(err)) < 0) {
		tc_error("%s", err);
		goto out;
	}
	if (vs == TC_VOCAB_BUILTIN)
		tc_note("no '%s/reference/known-services.json': using the built-in list of known services",
			ctx->catalog_dir);
	else if (vs == TC_VOCAB_NONE)
		tc_warn("no list of known services in '%s': only the catalogue's own names are "
			"recognised", ctx->catalog_dir);
	if (policy_text(ctx, cat, src, &text, err, sizeof(err)) < 0) {
		tc_error("cannot read the policy '%s': %s", src, err);
		goto out;
	}
	if (tc_policy_check(tc_buf_str(&text), text.len, cat, ref, vs != TC_VOCAB_NONE ? &voc : NULL, &pc,
			    err, sizeof(err)) < 0) {
		tc_error("cannot check '%s': %s", src, err);
		goto out;
	}
	if (json)
		puts(s = tc_pcheck_to_json(&pc, src));
	else if (tc_policy_check_render(&pc, src, lang, &shown) == 0)
		fputs(tc_buf_str(&shown), stdout);
	rc = pc.ndiscrepancies ? TC_EXIT_ATTENTION : TC_EXIT_OK;
out:
	free(s);
	tc_pcheck_release(&pc);
	tc_policy_vocab_release(&voc);
	tc_buf_release(&text);
	tc_buf_release(&shown);
	return rc;
}

static int run_render(const tc_catalog *cat, const tc_refdata *ref, const tc_policy_opts *po,
		      const char *outpath)
{
	tc_buf b = TC_BUF_INIT;
	char err[512];
	int rc = TC_EXIT_FAILURE;

	if (tc_policy_render(cat, ref, po, &b, err, sizeof(err)) < 0)
		tc_error("cannot write the policy text: %s", err);
	else if (outpath && tc_write_file_atomic(outpath, b.data ? b.data : "", b.len, 0644, err,
						 sizeof(err)) < 0)
		tc_error("cannot write '%s': %s", outpath, err);
	else if (!outpath && b.len && fwrite(b.data, 1, b.len, stdout) != b.len)
		tc_error("cannot write to standard output");
	else
		rc = TC_EXIT_OK;
	tc_buf_release(&b);
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
	static const struct option opts[] = {
		{ "lang", required_argument, NULL, 'l' }, { "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' }, { "date", optional_argument, NULL, 'd' },
		{ "check", required_argument, NULL, 'k' }, { "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	int c, want_date = 0, have_format = 0;
	const char *date_arg = NULL;
	time_t t;

	while ((c = getopt_long(argc, argv, "l:f:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'l': a->lang = optarg; break;
		case 'f':
			if (tc_policy_format_parse(optarg, &a->po.format) < 0)
				return tc_cmd_usage_error("policy", "--format takes md, html or text, not '%s'",
							  optarg);
			have_format = 1;
			break;
		case 'o': a->outpath = optarg; break;
		case 'd': want_date = 1; date_arg = optarg; break;
		case 'k': a->check = optarg; break;
		case 'j': a->json = 1; break;
		case 'h': tc_cmd_help("policy", stdout); return TC_EXIT_OK;
		default: return tc_cmd_usage_error("policy", "unknown option");
		}
	}
	if (optind < argc)
		return tc_cmd_usage_error("policy", "unexpected argument '%s'", argv[optind]);
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

int cmd_policy(int argc, char **argv, tc_ctx *ctx)
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
		a.po.lang = tc_lang_or(tc_cmd_lang(ctx, &cat), TC_LANG_DEFAULT);
	if (a.check)
		rc = run_check(ctx, &cat, &ref, a.check, a.po.lang, a.json);
	else
		rc = run_render(&cat, &ref, &a.po, a.outpath);
out:
	tc_catalog_release(&cat);
	tc_refdata_release(&ref);
	return rc;
}
