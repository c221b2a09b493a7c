/*
 * dryrun: `tiacheck run --dry-run` works on a throw-away copy of the database (and
 * its WAL) in a new temporary directory, so nothing of the real one changes.
 * Ownership: *dir and *db_copy are owned by the caller; tc_dryrun_cleanup removes
 * the directory and frees dir.
 */
#ifndef TIACHECK_DRYRUN_H
#define TIACHECK_DRYRUN_H

#include <stddef.h>

/* Copy db_path (a missing database is fine) into a new temporary directory. 0 ok,
 * -1 (err); *dir may be set even on error (clean it up). */
int tc_dryrun_copy(const char *db_path, char **dir, char **db_copy, char *err, size_t errlen);
void tc_dryrun_cleanup(char *dir);

#endif
