/* runlock: the one run lock of a database (see include/tiacheck/runlock.h). */
#include <stdlib.h>

#include "tiacheck/runlock.h"
#include "tiacheck/util.h"

int tc_runlock_take(const char *db_path, tc_store_lock_handle *lk, char *err, size_t errlen)
{
	char *path = tc_xasprintf("%s.lock", db_path);
	char why[512];
	long holder = 0;
	int rc = tc_store_lock(path, lk, &holder, why, sizeof(why));

	free(path);
	if (rc == TC_STORE_OK)
		return TC_RUNLOCK_OK;
	if (rc == TC_STORE_HELD) {
		if (holder > 0)
			tc_seterr(err, errlen, "another tiacheck run (pid %ld) is using '%s'; try "
				  "again when it ends", holder, db_path);
		else
			tc_seterr(err, errlen, "another tiacheck run is using '%s'; try again when "
				  "it ends", db_path);
		return TC_RUNLOCK_HELD;
	}
	tc_seterr(err, errlen, "cannot take the run lock: %s", why);
	return TC_RUNLOCK_ERROR;
}

void tc_runlock_release(tc_store_lock_handle *lk)
{
	tc_store_unlock(lk);
}
