/*
 * cli_init_files: the texts of the files `tiacheck init` scaffolds
 * (src/cli/cli_init_files.c). Static texts, and one built per organisation.
 */
#ifndef TIACHECK_CLI_INIT_FILES_H
#define TIACHECK_CLI_INIT_FILES_H

/* services/example.json: one example service to replace. */
extern const char tc_init_example_service[];
/* tiacheck.conf: every setting commented out, with its default. */
extern const char tc_init_config_template[];
/* organisation.json for NAME, reviewed today (Swedish and English texts). Owned. */
char *tc_init_organisation_json(const char *name);

#endif
