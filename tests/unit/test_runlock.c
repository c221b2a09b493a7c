/* link: util store runlock */
/*
 * runlock: a lock held by another run is TC_RUNLOCK_HELD (the command exits 4); any
 * other error taking it is TC_RUNLOCK_ERROR (exit 3), and no message says "pid 0".
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tiacheck/runlock.h"
#include "tiacheck/util.h"
#include "tu.h"

static void test_runlock(void)
{
	char dir[] = "/tmp/tc-runlock-XXXXXX", err[512];
	tc_store_lock_handle a = TC_STORE_LOCK_INIT, b = TC_STORE_LOCK_INIT;
	char *db, *baddb, *badlock, *lock;

	if (!mkdtemp(dir)) {
		TU_CHECK(0, "mkdtemp");
		return;
	}
	db = tc_xasprintf("%s/t.db", dir);
	lock = tc_xasprintf("%s/t.db.lock", dir);
	baddb = tc_xasprintf("%s/bad.db", dir);
	badlock = tc_xasprintf("%s/bad.db.lock", dir);

	TU_CASE("free lock is taken");
	TU_INT(tc_runlock_take(db, &a, err, sizeof(err)), TC_RUNLOCK_OK);

	TU_CASE("held by another run");
	TU_INT(tc_runlock_take(db, &b, err, sizeof(err)), TC_RUNLOCK_HELD);
	TU_CHECK(strstr(err, "another tiacheck run") != NULL, "err: %s", err);
	TU_CHECK(strstr(err, "pid 0") == NULL, "err: %s", err);
	TU_INT(b.fd, -1);

	TU_CASE("released, taken again");
	tc_runlock_release(&a);
	TU_INT(tc_runlock_take(db, &b, err, sizeof(err)), TC_RUNLOCK_OK);
	tc_runlock_release(&b);
	tc_runlock_release(&b); /* twice is harmless */

	TU_CASE("other errors are not 'held'");
	TU_INT(mkdir(badlock, 0700), 0);
	TU_INT(tc_runlock_take(baddb, &a, err, sizeof(err)), TC_RUNLOCK_ERROR);
	TU_CHECK(strstr(err, "cannot take the run lock") != NULL, "err: %s", err);
	TU_CHECK(strstr(err, "pid") == NULL, "err: %s", err);

	rmdir(badlock);
	unlink(lock);
	rmdir(dir);
	free(db);
	free(lock);
	free(baddb);
	free(badlock);
}

int main(void)
{
	test_runlock();
	return TU_END("test_runlock");
}
