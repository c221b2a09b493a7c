/*
 * dpfstatus: the evidence of the services' monitored pages on the DPF List. For each
 * service with a document of kind "dpf", the last good snapshot's text is read from
 * the store and parsed (module dpf); its fetch date (or the last date a later fetch
 * confirmed the same text) is the date checked. The flows that rely on the service's
 * DPF mechanism are then classified again with it (tc_flows_apply_dpf), on every run
 * and every `flows` / `tia`.
 *
 * A service whose page has no good snapshot yet keeps what the catalogue records, and
 * its flows' reason says that the page has not been fetched yet.
 * Never prints. Ownership: tc_dpfstatus_read fills an owned array released with
 * tc_dpfstatus_free (its strings are borrowed from the catalogue).
 */
#ifndef TIACHECK_DPFSTATUS_H
#define TIACHECK_DPFSTATUS_H

#include <stddef.h>

#include "tiacheck/catalog.h"
#include "tiacheck/dpf.h"
#include "tiacheck/refdata.h"
#include "tiacheck/store.h"
#include "tiacheck/transfer.h"

/* The evidence of every monitored DPF page: its last good snapshot, or an empty
 * "checked" (and an unknown page) when it has none yet or st is NULL. 0 ok (*n may
 * be 0); -1 with err on a store error. */
int tc_dpfstatus_read(tc_store *st, const tc_catalog *cat, tc_dpf_evidence **out, size_t *n,
		      char *err, size_t errlen);
void tc_dpfstatus_free(tc_dpf_evidence *v, size_t n);

/* Read the evidence from st (NULL: nothing fetched yet) and apply it to flows (built
 * by tc_flows_build). 0 ok; -1 with err. */
int tc_dpfstatus_apply(const tc_catalog *cat, const tc_refdata *ref, tc_store *st,
		       tc_flows *flows, char *err, size_t errlen);
/* The same with the database at db_path, opened and closed here; nothing to do when
 * it does not exist yet (nothing fetched). For `flows` and `tia`. */
int tc_dpfstatus_apply_db(const char *db_path, const tc_catalog *cat, const tc_refdata *ref,
			  tc_flows *flows, char *err, size_t errlen);

#endif
