/*
 * runlock: one run at a time on a database. `run`, `fetch` and `reextract` take the
 * lock DB.lock (flock; the kernel drops it when the process dies) before they write.
 * Never prints: the caller says what err says and exits with TC_EXIT_LOCKED only for
 * TC_RUNLOCK_HELD.
 */
#ifndef TIACHECK_RUNLOCK_H
#define TIACHECK_RUNLOCK_H

#include <stddef.h>

#include "tiacheck/store.h"

enum tc_runlock_rc {
	TC_RUNLOCK_OK = 0,
	TC_RUNLOCK_HELD = 1,    /* another run holds it: err names its pid when known */
	TC_RUNLOCK_ERROR = -1   /* the lock file cannot be opened, locked or written */
};

/* Take the run lock of the database at db_path into *lk (release with
 * tc_runlock_release; releasing an untaken TC_STORE_LOCK_INIT handle is a no-op). */
int tc_runlock_take(const char *db_path, tc_store_lock_handle *lk, char *err, size_t errlen);
void tc_runlock_release(tc_store_lock_handle *lk);

#endif
