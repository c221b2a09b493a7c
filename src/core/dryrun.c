/* dryrun: a private copy of the database for a dry run (see include/tiacheck/dryrun.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tiacheck/dryrun.h"
#include "tiacheck/util.h"

/* Copy a file (the database and its WAL); a missing source is fine. */
static int copy_file(const char *from, const char *to, char *err, size_t errlen)
{
	tc_buf b = TC_BUF_INIT;
	int rc;

	if (access(from, F_OK) != 0)
		return 0;
	rc = tc_read_file(from, (size_t)1 << 40, &b, err, errlen);
	if (rc == 0)
		rc = tc_write_file_atomic(to, b.data, b.len, 0600, err, errlen);
	tc_buf_release(&b);
	return rc;
}

int tc_dryrun_copy(const char *db_path, char **dir, char **db_copy, char *err, size_t errlen)
{
	const char *tmpdir = getenv("TMPDIR");
	char *tmpl, *from_wal, *to_wal, why[512];
	size_t n;
	int rc;

	*dir = *db_copy = NULL;
	/* mkdtemp wants the template to end in six 'X' */
	tmpl = tc_xasprintf("%s/tiacheck-dry-run.______", tmpdir && *tmpdir ? tmpdir : "/tmp");
	n = strlen(tmpl);
	memset(tmpl + n - 6, 'X', 6);
	if (!mkdtemp(tmpl)) {
		tc_seterr(err, errlen, "cannot create a temporary directory for the dry run: %s",
			  strerror(errno));
		free(tmpl);
		return -1;
	}
	*dir = tmpl;
	*db_copy = tc_path_join(*dir, "tiacheck.db");
	from_wal = tc_xasprintf("%s-wal", db_path);
	to_wal = tc_xasprintf("%s-wal", *db_copy);
	rc = copy_file(db_path, *db_copy, why, sizeof(why));
	if (rc == 0)
		rc = copy_file(from_wal, to_wal, why, sizeof(why));
	if (rc < 0)
		tc_seterr(err, errlen, "cannot copy the database for the dry run: %s", why);
	free(from_wal);
	free(to_wal);
	return rc < 0 ? -1 : 0;
}

void tc_dryrun_cleanup(char *dir)
{
	static const char *const names[] = { "tiacheck.db", "tiacheck.db-wal", "tiacheck.db-shm",
					     "tiacheck.db.lock" };

	if (!dir)
		return;
	for (size_t i = 0; i < TC_ARRAY_LEN(names); i++) {
		char *p = tc_path_join(dir, names[i]);

		unlink(p);
		free(p);
	}
	rmdir(dir);
	free(dir);
}
