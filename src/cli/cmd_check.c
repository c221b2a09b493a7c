/*
 * cmd_check: `tiacheck check`: validate the reference data and the catalogue and
 * list every problem (file:line:col: level: message), or as JSON. Writes nothing.
 */
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "tiacheck/cmd.h"
#include "tiacheck/util.h"

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

/* "catalog: 3 services, 0 errors, 1 warning" in the user's language. */
static void print_summary(const tc_ctx *ctx, const tc_catalog *cat, const tc_diags *d)
{
	enum tc_lang lang = tc_cmd_lang(ctx, cat);

	printf(tc_tr(lang, "cli.check.summary"), ctx->catalog_dir, cat->nservices,
	       tc_tr(lang, cat->nservices == 1 ? "cli.check.service" : "cli.check.services"),
	       d->nerrors, tc_tr(lang, d->nerrors == 1 ? "cli.check.error" : "cli.check.errors"),
	       d->nwarnings,
	       tc_tr(lang, d->nwarnings == 1 ? "cli.check.warning" : "cli.check.warnings"));
	putchar('\n');
}

static int cmd_check(int argc, char **argv, tc_ctx *ctx)
{
	tc_diags diags = TC_DIAGS_INIT;
	tc_refdata ref = TC_REFDATA_INIT;
	tc_catalog cat = TC_CATALOG_INIT;
	tc_cmd_opts o;
	int c, json = 0, strict = 0, rc;

	tc_cmd_opts_init(&o, &cmd_check_entry, argc, argv);
	while ((c = tc_cmd_opts_next(&o)) > 0) {
		switch (c) {
		case 'j': json = 1; break;
		case 's': strict = 1; break;
		default: break;
		}
	}
	if (c < 0)
		return o.rc;
	if (o.ind < argc)
		return tc_cmd_usage_error("check", "unexpected argument '%s'", argv[o.ind]);
	rc = tc_cmd_read_catalog(ctx, &ref, &cat, &diags);
	if (rc == TC_EXIT_FAILURE)
		goto out;
	if (json) {
		print_json(&diags, &cat, diags.nerrors == 0);
	} else {
		tc_cmd_print_diags(ctx, &diags, 1);
		if (diags.nerrors)
			tc_error("the catalogue '%s' has %zu error%s and %zu warning%s",
				 ctx->catalog_dir, diags.nerrors, diags.nerrors == 1 ? "" : "s",
				 diags.nwarnings, diags.nwarnings == 1 ? "" : "s");
		else if (!ctx->quiet)
			print_summary(ctx, &cat, &diags);
	}
	rc = diags.nerrors || (strict && diags.nwarnings) ? TC_EXIT_ATTENTION : TC_EXIT_OK;
out:
	tc_catalog_release(&cat);
	tc_refdata_release(&ref);
	tc_diags_release(&diags);
	return rc;
}

static const tc_cmd_option check_options[] = {
	{ "json", 0, NULL, TC_ARG_NONE,
	  "print the result as JSON on standard output: ok, the numbers of errors, warnings "
	  "and services, the catalogue's hash and every diagnostic", 'j' },
	{ "strict", 0, NULL, TC_ARG_NONE, "warnings fail too (exit 1)", 's' },
	{ NULL, 0, NULL, TC_ARG_NONE, NULL, 0 },
};

static const tc_cmd_exit check_exits[] = {
	{ 0, "the catalogue is valid (warnings allowed, unless --strict)" },
	{ 1, "the catalogue has errors (with --strict: or warnings)" },
	{ 2, NULL },
	{ 3, "the catalogue directory cannot be read" },
	{ -1, NULL },
};

const tc_cmd_entry cmd_check_entry = {
	.name = "check",
	.summary = "validate the catalogue and report every problem",
	.synopsis = "[--json] [--strict]",
	.description = "Validate the reference data and the catalogue: JSON syntax, fields, "
		       "codes, dates, URLs, transfer mechanisms. Every problem is printed as "
		       "file:line:col: level: message on standard error, errors and warnings "
		       "alike. Writes nothing.",
	.options = check_options,
	.exits = check_exits,
	.fn = cmd_check,
};
