/*
 * cmd_policy: `tiacheck policy` writes the external-services / sub-processor section
 * of the privacy policy from the catalogue; `tiacheck policy --check FILE|URL` reads
 * a published policy (text, HTML or PDF; a file or a URL) and lists where it
 * disagrees with the catalogue.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "tiacheck/cmd.h"
#include "tiacheck/config.h"
#include "tiacheck/embedded.h"
#include "tiacheck/extract.h"
#include "tiacheck/fetch.h"
#include "tiacheck/fetch_setup.h"
#include "tiacheck/policy.h"
#include "tiacheck/util.h"

#define POLICY_INPUT_MAX ((size_t)32 << 20)

/* What was fetched for --check URL. */
typedef struct fetched {
	tc_buf body;
	char *content_type;
	char *final_url;
	long status;
	enum tc_fetch_error error;
	char message[512];
} fetched;

static void on_fetched(const tc_fetch_request *req, size_t index, tc_fetch_response *resp, void *arg)
{
	fetched *f = arg;

	(void)req;
	(void)index;
	f->status = resp->status;
	f->error = resp->error;
	snprintf(f->message, sizeof(f->message), "%s", resp->message);
	f->content_type = resp->content_type;
	resp->content_type = NULL;
	f->final_url = resp->final_url;
	resp->final_url = NULL;
	f->body = resp->body;
	memset(&resp->body, 0, sizeof(resp->body));
}

/* Fetch one URL given on the command line, with the run's fetch rules: the user named
 * it, so its origin may be internal; redirects elsewhere follow the address policy.
 * 0 ok; -1 with err. */
static int fetch_url(const tc_ctx *ctx, const tc_catalog *cat, const char *url, fetched *f,
		     char *err, size_t errlen)
{
	tc_fetch_setup fs;
	tc_fetch_request req = { 0 };
	long n;

	if (tc_fetch_setup_init(&fs, ctx->config, cat, url, err, errlen) < 0)
		return -1;
	fs.opts.on_done = on_fetched;
	fs.opts.arg = f;
	req.url = url;
	n = tc_fetch_run(&req, 1, &fs.opts, err, errlen);
	tc_fetch_setup_release(&fs);
	if (n < 0)
		return -1;
	if (f->error != TC_FETCH_OK) {
		if (f->error == TC_FETCH_HTTP_4XX || f->error == TC_FETCH_HTTP_5XX)
			tc_seterr(err, errlen, "HTTP %ld (%s)", f->status, tc_fetch_error_name(f->error));
		else
			tc_seterr(err, errlen, "%s: %s", tc_fetch_error_name(f->error), f->message);
		return -1;
	}
	return 0;
}

static int looks_like_html(const char *path, const char *s, size_t n)
{
	static const char *const marks[] = { "<html", "<body", "<!doctype html", "<p>", "<p ", "<h1",
					     "<h2", "<div", "<section", "<article" };
	size_t i = 0;

	if (path && (tc_endswith(path, ".html") || tc_endswith(path, ".htm") ||
		     tc_endswith(path, ".HTML")))
		return 1;
	while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
		i++;
	if (i >= n || s[i] != '<')
		return 0;
	for (size_t k = 0; k < TC_ARRAY_LEN(marks); k++) {
		size_t m = strlen(marks[k]);

		for (size_t j = i; j + m <= n && j < i + 4096; j++)
			if (strncasecmp(s + j, marks[k], m) == 0)
				return 1;
	}
	return 0;
}

/*
 * The text of the policy: plain text as it is (so line numbers are the file's),
 * HTML and PDF through the extractor (line numbers of its normalised text).
 * 0 ok (text owned by out); -1 with err.
 */
static int policy_text(const tc_ctx *ctx, const tc_catalog *cat, const char *src, tc_buf *out,
		       char *err, size_t errlen)
{
	tc_buf raw = TC_BUF_INIT;
	fetched f = { 0 };
	const char *ctype = NULL, *url = NULL;
	int is_url = !strncasecmp(src, "http://", 7) || !strncasecmp(src, "https://", 8);
	int html, pdf, ret = -1;

	if (is_url) {
		if (fetch_url(ctx, cat, src, &f, err, errlen) < 0)
			goto out;
		raw = f.body;
		memset(&f.body, 0, sizeof(f.body));
		ctype = f.content_type;
		url = f.final_url;
	} else if (tc_read_file(src, POLICY_INPUT_MAX, &raw, err, errlen) < 0) {
		goto out;
	}
	pdf = (raw.len >= 5 && memcmp(raw.data, "%PDF-", 5) == 0) ||
	      (ctype && strcasestr(ctype, "application/pdf"));
	html = !pdf && ((ctype && strcasestr(ctype, "html")) ||
			(!ctype && looks_like_html(is_url ? NULL : src, tc_buf_str(&raw), raw.len)) ||
			(ctype && !strcasestr(ctype, "text/plain") &&
			 looks_like_html(NULL, tc_buf_str(&raw), raw.len)));
	if (html || pdf) {
		tc_extract_opts eo = { 0 };
		tc_extract_result r = { 0 };

		eo.content_type = ctype ? ctype : (pdf ? "application/pdf" : "text/html");
		eo.url = url;
		if (tc_extract(raw.data ? raw.data : "", raw.len, &eo, &r) < 0) {
			tc_seterr(err, errlen, "cannot extract the text (%s: %s)",
				  tc_extract_status_name(r.status), r.detail);
			tc_extract_result_release(&r);
			goto out;
		}
		tc_buf_reset(out);
		tc_buf_add(out, r.text, r.len);
		tc_extract_result_release(&r);
	} else {
		*out = raw;
		memset(&raw, 0, sizeof(raw));
	}
	ret = 0;
out:
	tc_buf_release(&raw);
	tc_buf_release(&f.body);
	free(f.content_type);
	free(f.final_url);
	return ret;
}

/* Print the findings for a reader, in lang. */
static void print_findings(const tc_pcheck *pc, const char *src, const char *lang)
{
	int sv = strcmp(lang, "sv") == 0;
	size_t notes = pc->n - pc->ndiscrepancies;
	tc_buf safe = TC_BUF_INIT;

	for (size_t i = 0; i < pc->n; i++) {
		const tc_pcheck_finding *f = &pc->v[i];
		const char *msg = sv ? f->message_sv : f->message_en;

		tc_buf_reset(&safe);
		fputs(tc_term_safe(&safe, src), stdout);
		if (f->line)
			printf(":%d", f->line);
		printf(": %s: %s\n", tc_pcheck_severity_name(f->severity), msg ? msg : "");
		if (f->snippet && *f->snippet) {
			tc_buf_reset(&safe);
			printf("    \"%s\"\n", tc_term_safe(&safe, f->snippet));
		}
	}
	if (pc->ndiscrepancies == 0 && notes == 0)
		puts(sv ? "Policyn stämmer med katalogen." : "The policy agrees with the catalogue.");
	else if (sv)
		printf("%zu %s, %zu %s.\n", pc->ndiscrepancies,
		       pc->ndiscrepancies == 1 ? "avvikelse" : "avvikelser", notes,
		       notes == 1 ? "notering" : "noteringar");
	else
		printf("%zu %s, %zu %s.\n", pc->ndiscrepancies,
		       pc->ndiscrepancies == 1 ? "discrepancy" : "discrepancies", notes,
		       notes == 1 ? "note" : "notes");
	tc_buf_release(&safe);
}

static int run_check(tc_ctx *ctx, const tc_catalog *cat, const tc_refdata *ref, const char *src,
		     const char *lang, int json)
{
	tc_policy_vocab voc = TC_POLICY_VOCAB_INIT;
	tc_pcheck pc = TC_PCHECK_INIT;
	tc_buf text = TC_BUF_INIT;
	char err[1024], *vpath = NULL, *refdir = tc_path_join(ctx->catalog_dir, "reference");
	int have_voc = 0, rc = TC_EXIT_FAILURE;

	vpath = tc_path_join(refdir, "known-services.json");
	if (tc_policy_vocab_load(vpath, &voc, err, sizeof(err)) == 0) {
		have_voc = 1;
	} else if (access(vpath, F_OK) == 0) {
		tc_error("%s", err);
		goto out;
	} else {
		/* a catalogue made before the list existed: use the one built in */
		for (const tc_embedded_file *e = tc_reference_files; e->name && !have_voc; e++)
			if (strcmp(e->name, "known-services.json") == 0 &&
			    tc_policy_vocab_parse(e->data, e->len, e->name, &voc, err, sizeof(err)) == 0)
				have_voc = 1;
		if (have_voc)
			tc_note("no '%s': using the built-in list of known services", vpath);
		else
			tc_warn("no list of known services at '%s': only the catalogue's own names are "
				"recognised", vpath);
	}
	if (policy_text(ctx, cat, src, &text, err, sizeof(err)) < 0) {
		tc_error("cannot read the policy '%s': %s", src, err);
		goto out;
	}
	if (tc_policy_check(tc_buf_str(&text), text.len, cat, ref, have_voc ? &voc : NULL, &pc, err,
			    sizeof(err)) < 0) {
		tc_error("cannot check '%s': %s", src, err);
		goto out;
	}
	if (json) {
		char *s = tc_pcheck_to_json(&pc, src);

		puts(s);
		free(s);
	} else {
		print_findings(&pc, src, lang);
	}
	rc = pc.ndiscrepancies ? TC_EXIT_ATTENTION : TC_EXIT_OK;
out:
	tc_pcheck_release(&pc);
	tc_policy_vocab_release(&voc);
	tc_buf_release(&text);
	free(vpath);
	free(refdir);
	return rc;
}

static int run_render(const tc_catalog *cat, const tc_refdata *ref, const tc_policy_opts *po,
		      const char *outpath)
{
	tc_buf b = TC_BUF_INIT;
	char err[512];
	int rc = TC_EXIT_FAILURE;

	if (tc_policy_render(cat, ref, po, &b, err, sizeof(err)) < 0) {
		tc_error("cannot write the policy text: %s", err);
		goto out;
	}
	if (outpath) {
		if (tc_write_file_atomic(outpath, b.data ? b.data : "", b.len, 0644, err, sizeof(err)) < 0) {
			tc_error("cannot write '%s': %s", outpath, err);
			goto out;
		}
	} else if (b.len && fwrite(b.data, 1, b.len, stdout) != b.len) {
		tc_error("cannot write to standard output");
		goto out;
	}
	rc = TC_EXIT_OK;
out:
	tc_buf_release(&b);
	return rc;
}

int cmd_policy(int argc, char **argv, tc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "lang", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "date", optional_argument, NULL, 'd' },
		{ "check", required_argument, NULL, 'k' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	tc_refdata ref = TC_REFDATA_INIT;
	tc_catalog cat = TC_CATALOG_INIT;
	tc_policy_opts po = { 0 };
	const char *lang = NULL, *outpath = NULL, *check = NULL, *date_arg = NULL;
	char date[16];
	int c, json = 0, want_date = 0, have_format = 0, rc;

	while ((c = getopt_long(argc, argv, "l:f:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'l': lang = optarg; break;
		case 'f':
			if (tc_policy_format_parse(optarg, &po.format) < 0)
				return tc_cmd_usage_error("policy", "--format takes md, html or text, not '%s'",
							  optarg);
			have_format = 1;
			break;
		case 'o': outpath = optarg; break;
		case 'd': want_date = 1; date_arg = optarg; break;
		case 'k': check = optarg; break;
		case 'j': json = 1; break;
		case 'h': tc_cmd_help("policy", stdout); return TC_EXIT_OK;
		default: return tc_cmd_usage_error("policy", "unknown option");
		}
	}
	if (optind < argc)
		return tc_cmd_usage_error("policy", "unexpected argument '%s'", argv[optind]);
	if (lang && strcmp(lang, "sv") != 0 && strcmp(lang, "en") != 0)
		return tc_cmd_usage_error("policy", "--lang takes sv or en, not '%s'", lang);
	if (check && (outpath || have_format || want_date))
		return tc_cmd_usage_error("policy", "--check does not take -o, --format or --date");
	if (!check && json)
		return tc_cmd_usage_error("policy", "--json goes with --check");
	if (want_date) {
		time_t t;

		if (date_arg && tc_parse_date(date_arg, &t) < 0)
			return tc_cmd_usage_error("policy", "--date takes YYYY-MM-DD, not '%s'", date_arg);
		if (date_arg)
			snprintf(date, sizeof(date), "%s", date_arg);
		else
			tc_date_utc(tc_now(), date);
		po.date = date;
	}

	rc = tc_cmd_load_catalog(ctx, &ref, &cat, 1);
	if (rc != TC_EXIT_OK)
		goto out;
	if (!lang)
		lang = tc_cmd_lang(ctx, &cat);
	po.lang = lang;
	if (check)
		rc = run_check(ctx, &cat, &ref, check, lang, json);
	else
		rc = run_render(&cat, &ref, &po, outpath);
out:
	tc_catalog_release(&cat);
	tc_refdata_release(&ref);
	return rc;
}
