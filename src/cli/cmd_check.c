/*
 * cmd_check: `tiacheck check`: validate the reference data and the catalogue and
 * list every problem (file:line:col: level: message), or as JSON. Writes nothing.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "tiacheck/cmd.h"
#include "tiacheck/util.h"

static void ref_to_diags(void *ud, int level, const char *file, int line, int col,
			 const char *msg)
{
	tc_diags_add(ud, level == 1 ? TC_DIAG_ERROR : TC_DIAG_WARNING, file, line, col, "%s",
		     msg);
}

static void print_json(const tc_diags *d, const tc_catalog *cat, int ok)
{
	char *diags = tc_diags_to_json(d, 0);
	cJSON *o = cJSON_CreateObject();
	char *s;

	cJSON_AddBoolToObject(o, "ok", ok);
	cJSON_AddNumberToObject(o, "errors", (double)d->nerrors);
	cJSON_AddNumberToObject(o, "warnings", (double)d->nwarnings);
	cJSON_AddNumberToObject(o, "services", (double)cat->nservices);
	if (cat->hash)
		cJSON_AddStringToObject(o, "hash", cat->hash);
	else
		cJSON_AddNullToObject(o, "hash");
	cJSON_AddItemToObject(o, "diagnostics", cJSON_Parse(diags));
	s = cJSON_Print(o);
	printf("%s\n", s ? s : "{}");
	cJSON_free(s);
	cJSON_Delete(o);
	free(diags);
}

int cmd_check(int argc, char **argv, tc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "strict", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	tc_diags diags = TC_DIAGS_INIT;
	tc_refdata ref = TC_REFDATA_INIT;
	tc_catalog cat = TC_CATALOG_INIT;
	int c, json = 0, strict = 0, rc;
	struct stat st;
	char *refdir;
	tc_buf safe = TC_BUF_INIT;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 's': strict = 1; break;
		case 'h': tc_cmd_help("check", stdout); return TC_EXIT_OK;
		default:
			return tc_cmd_usage_error("check", "unknown option or missing value: '%s'",
						  argv[optind - 1]);
		}
	}
	if (optind < argc)
		return tc_cmd_usage_error("check", "unexpected argument '%s'", argv[optind]);
	errno = 0;
	if (stat(ctx->catalog_dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		tc_error("cannot read catalogue '%s': %s (create one with 'tiacheck init')",
			 ctx->catalog_dir, errno ? strerror(errno) : "not a directory");
		return TC_EXIT_FAILURE;
	}
	refdir = tc_path_join(ctx->catalog_dir, "reference");
	if (tc_refdata_load_report(refdir, &ref, ref_to_diags, &diags) == 0)
		tc_catalog_load(ctx->catalog_dir, &ref, &cat, &diags);
	free(refdir);
	tc_diags_sort(&diags);

	if (json) {
		print_json(&diags, &cat, diags.nerrors == 0);
	} else {
		tc_buf_init(&safe, 1 << 16);
		for (size_t i = 0; i < diags.n; i++) {
			const tc_diag *g = &diags.v[i];

			if (ctx->quiet && g->level != TC_DIAG_ERROR)
				continue;
			fprintf(stderr, "%s:%d:%d: %s: %s\n", g->file ? g->file : "?", g->line,
				g->col, tc_diag_level_name(g->level), tc_term_safe(&safe, g->message));
		}
		if (diags.nerrors)
			tc_error("the catalogue '%s' has %zu error%s and %zu warning%s",
				 ctx->catalog_dir, diags.nerrors, diags.nerrors == 1 ? "" : "s",
				 diags.nwarnings, diags.nwarnings == 1 ? "" : "s");
		else if (!ctx->quiet)
			printf("%s: %zu service%s, %zu error%s, %zu warning%s\n", ctx->catalog_dir,
			       cat.nservices, cat.nservices == 1 ? "" : "s", diags.nerrors,
			       diags.nerrors == 1 ? "" : "s", diags.nwarnings,
			       diags.nwarnings == 1 ? "" : "s");
	}
	rc = diags.nerrors || (strict && diags.nwarnings) ? TC_EXIT_ATTENTION : TC_EXIT_OK;
	tc_buf_release(&safe);
	tc_catalog_release(&cat);
	tc_refdata_release(&ref);
	tc_diags_release(&diags);
	return rc;
}
