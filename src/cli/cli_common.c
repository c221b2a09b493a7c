/*
 * cli_common: what several commands share: loading the reference data and the
 * catalogue, the one printer of its diagnostics, the language commands write their
 * output in (tc_cmd_lang), record
 * numbers typed by a user.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tiacheck/cmd.h"
#include "tiacheck/config.h"
#include "tiacheck/i18n.h"
#include "tiacheck/util.h"

/* Collects refdata problems as catalogue diagnostics. */
static void ref_to_diags(void *ud, int level, const char *file, int line, int col,
			 const char *msg)
{
	tc_diags_add(ud, level == 1 ? TC_DIAG_ERROR : TC_DIAG_WARNING, file, line, col, "%s",
		     msg);
}

void tc_cmd_print_diags(const tc_ctx *ctx, const tc_diags *diags, int show_warnings)
{
	tc_buf safe = TC_BUF_INIT;

	tc_buf_init(&safe, 1 << 16);
	for (size_t i = 0; i < diags->n; i++) {
		const tc_diag *g = &diags->v[i];

		if (g->level != TC_DIAG_ERROR && (!show_warnings || ctx->quiet))
			continue;
		fprintf(stderr, "%s:%d:%d: %s: ", g->file ? g->file : "?", g->line, g->col,
			tc_diag_level_name(g->level));
		fprintf(stderr, "%s\n", tc_term_safe(&safe, g->message));
	}
	tc_buf_release(&safe);
}

int tc_cmd_read_catalog(tc_ctx *ctx, tc_refdata *ref, tc_catalog *cat, tc_diags *diags)
{
	struct stat st;
	char *refdir;
	int bad;

	memset(ref, 0, sizeof(*ref));
	memset(cat, 0, sizeof(*cat));
	errno = 0;
	if (stat(ctx->catalog_dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		tc_error("cannot read catalogue '%s': %s (create one with 'tiacheck init')",
			 ctx->catalog_dir, errno ? strerror(errno) : "not a directory");
		return TC_EXIT_FAILURE;
	}
	refdir = tc_path_join(ctx->catalog_dir, "reference");
	bad = tc_refdata_load_report(refdir, ref, ref_to_diags, diags) < 0;
	if (!bad)
		bad = tc_catalog_load(ctx->catalog_dir, ref, cat, diags) < 0;
	free(refdir);
	tc_diags_sort(diags);
	return bad ? TC_EXIT_ATTENTION : TC_EXIT_OK;
}

int tc_cmd_load_catalog_diags(tc_ctx *ctx, tc_refdata *ref, tc_catalog *cat,
			      int show_warnings, tc_diags *keep)
{
	tc_diags diags = TC_DIAGS_INIT;
	int rc = tc_cmd_read_catalog(ctx, ref, cat, &diags);

	if (rc == TC_EXIT_FAILURE)
		return rc;
	tc_cmd_print_diags(ctx, &diags, show_warnings);
	if (rc == TC_EXIT_ATTENTION) {
		tc_error("the catalogue '%s' has %zu error%s; run 'tiacheck check' after fixing "
			 "them", ctx->catalog_dir, diags.nerrors, diags.nerrors == 1 ? "" : "s");
		tc_catalog_release(cat);
		tc_refdata_release(ref);
		rc = TC_EXIT_ATTENTION;
	}
	if (keep)
		*keep = diags;
	else
		tc_diags_release(&diags);
	return rc;
}

int tc_cmd_load_catalog(tc_ctx *ctx, tc_refdata *ref, tc_catalog *cat, int show_warnings)
{
	return tc_cmd_load_catalog_diags(ctx, ref, cat, show_warnings, NULL);
}

enum tc_lang tc_cmd_lang(const tc_ctx *ctx, const tc_catalog *cat)
{
	enum tc_lang lang;

	if (ctx->lang && tc_lang_parse(ctx->lang, &lang) == 0)
		return lang;
	if (ctx->config && ctx->config->lang && tc_lang_parse(ctx->config->lang, &lang) == 0)
		return lang;
	if (cat && cat->org.default_lang && tc_lang_parse(cat->org.default_lang, &lang) == 0)
		return lang;
	return TC_LANG_SV;
}

int tc_cmd_parse_id(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (*s == '#')
		s++;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v <= 0)
		return -1;
	*out = v;
	return 0;
}
