/*
 * cmd_init: `tiacheck init`: scaffold a catalogue (organisation, one example service,
 * the reference data shipped with tiacheck) and a commented tiacheck.conf in DIR.
 * Refuses to overwrite existing files without --force.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tiacheck/cli_init_files.h"
#include "tiacheck/cmd.h"
#include "tiacheck/embedded.h"
#include "tiacheck/store.h"
#include "tiacheck/util.h"

struct scaffold_file {
	char *path;
	const char *text;
	int mode;
};

/* "created PATH" in the user's language, unless quiet. */
static void print_created(const tc_ctx *ctx, const char *path)
{
	printf(tc_tr(tc_cmd_lang(ctx, NULL), "cli.init.created"), path);
	putchar('\n');
}

static int cmd_init(int argc, char **argv, tc_ctx *ctx)
{
	tc_cmd_opts o;
	const char *dir = ".", *name = "My organisation";
	struct scaffold_file files[16];
	char *catdir = NULL, *sub = NULL, *org = NULL, err[512];
	size_t nfiles = 0, existing = 0;
	int c, force = 0, rc = TC_EXIT_OK;

	tc_cmd_opts_init(&o, &cmd_init_entry, argc, argv);
	while ((c = tc_cmd_opts_next(&o)) > 0) {
		switch (c) {
		case 'f': force = 1; break;
		case 'n': name = o.arg; break;
		default: break;
		}
	}
	if (c < 0)
		return o.rc;
	if (argc - o.ind > 1)
		return tc_cmd_usage_error("init", "at most one directory, not '%s' too",
					  argv[o.ind + 1]);
	if (o.ind < argc)
		dir = argv[o.ind];
	if (!*name || strlen(name) > 200)
		return tc_cmd_usage_error("init", "--name needs 1 to 200 characters");

	catdir = tc_path_join(dir, ctx->catalog_dir);
	org = tc_init_organisation_json(name);
	files[nfiles++] = (struct scaffold_file){ tc_path_join(catdir, "organisation.json"), org, 0644 };
	files[nfiles++] = (struct scaffold_file){ tc_path_join(catdir, "services/example.json"),
						  tc_init_example_service, 0644 };
	for (const tc_embedded_file *e = tc_reference_files; e->name && nfiles < 14; e++) {
		char *rel = tc_xasprintf("reference/%s", e->name);

		files[nfiles++] = (struct scaffold_file){ tc_path_join(catdir, rel), e->data, 0644 };
		free(rel);
	}
	files[nfiles++] = (struct scaffold_file){ tc_path_join(dir, "tiacheck.conf"),
						  tc_init_config_template, 0600 };
	for (size_t i = 0; i < nfiles; i++) {
		if (access(files[i].path, F_OK) == 0) {
			existing++;
			if (!force)
				tc_error("'%s' exists; not overwriting it (use --force)", files[i].path);
		}
	}
	if (existing && !force) {
		rc = TC_EXIT_FAILURE;
		goto out;
	}
	for (const char *const *d = (const char *const[]){ "services", "reference", NULL }; *d; d++) {
		free(sub);
		sub = tc_path_join(catdir, *d);
		if (tc_mkdir_p(sub, 0755, err, sizeof(err)) < 0) {
			tc_error("%s", err);
			rc = TC_EXIT_FAILURE;
			goto out;
		}
	}
	for (size_t i = 0; i < nfiles; i++) {
		if (tc_write_file_atomic(files[i].path, files[i].text, strlen(files[i].text),
					 files[i].mode, err, sizeof(err)) < 0) {
			tc_error("%s", err);
			rc = TC_EXIT_FAILURE;
			goto out;
		}
		if (!ctx->quiet)
			print_created(ctx, files[i].path);
	}
	{
		/* the database, so that permissions and schema are right from the start */
		char *dbpath = tc_path_join(dir, ctx->db_path);
		tc_store *st = NULL;

		if (tc_store_open(dbpath, &st, err, sizeof(err)) < 0) {
			tc_error("cannot create the database: %s", err);
			free(dbpath);
			rc = TC_EXIT_FAILURE;
			goto out;
		}
		tc_store_close(st);
		if (!ctx->quiet)
			print_created(ctx, dbpath);
		free(dbpath);
	}
	tc_note("next: edit '%s/organisation.json', describe each service in '%s/services/', "
		"then run 'tiacheck check'", catdir, catdir);
out:
	for (size_t i = 0; i < nfiles; i++)
		free(files[i].path);
	free(org);
	free(sub);
	free(catdir);
	return rc;
}

static const tc_cmd_option init_options[] = {
	{ "name", 0, "NAME", TC_ARG_REQUIRED,
	  "the organisation's name, 1 to 200 characters (default: \"My organisation\")",
	  'n' },
	{ "force", 'f', NULL, TC_ARG_NONE, "overwrite the files that exist", 0 },
	{ NULL, 0, NULL, TC_ARG_NONE, NULL, 0 },
};

static const tc_cmd_exit init_exits[] = {
	{ 0, "the files were created" },
	{ 2, NULL },
	{ 3, "a file exists (without --force), or a file or the database cannot be created" },
	{ -1, NULL },
};

const tc_cmd_entry cmd_init_entry = {
	.name = "init",
	.summary = "create a new catalogue, config and database",
	.synopsis = "[--force] [--name NAME] [DIR]",
	.description = "Scaffold a catalogue in DIR (default: the current directory): the "
		       "organisation, one example service and the reference data shipped with "
		       "tiacheck, a commented tiacheck.conf (mode 0600) and the database. "
		       "Refuses to overwrite a file that exists unless --force.",
	.options = init_options,
	.exits = init_exits,
	.fn = cmd_init,
};
