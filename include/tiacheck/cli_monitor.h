/*
 * cli_monitor: what the commands share around the monitor and the store: they print
 * what the core modules return (src/cli/cli_monitor.c).
 */
#ifndef TIACHECK_CLI_MONITOR_H
#define TIACHECK_CLI_MONITOR_H

#include <stdio.h>

#include "tiacheck/cmd.h"
#include "tiacheck/monitor.h"
#include "tiacheck/store.h"

/* Open the store at ctx->db_path, printing the error. NULL on failure. */
tc_store *tc_cmd_open_store(tc_ctx *ctx);

/* Resolve "SERVICE" or "SERVICE/DOC" to store document rows (owned list); prints the
 * error and returns -1 when nothing matches or the store cannot be read. */
int tc_cmd_select_docs(tc_store *st, const char *sel, tc_doc_row **rows, size_t *n);

/* tc_monitor_stored_fourth_party for `flows` and `tia`, printing the error. */
int tc_cmd_stored_fourth_party(tc_ctx *ctx, const tc_catalog *cat, const tc_refdata *ref,
			       struct tc_flows *flows);

/* Take the run lock of ctx->db_path. TC_EXIT_OK, or prints why and returns
 * TC_EXIT_LOCKED (another run holds it) or TC_EXIT_FAILURE (any other error). */
int tc_cmd_runlock(tc_ctx *ctx, tc_store_lock_handle *lk);

/* Open the store for `run` and `fetch` (with check_reports: refusing a new database
 * next to earlier reports), register the catalogue. NULL after printing why. */
tc_store *tc_cmd_monitor_open(tc_ctx *ctx, const tc_catalog *cat, time_t now, int check_reports);

/* The monitor's events printed on stderr: progress on one line (when progress is
 * set), document errors and warnings as messages. arg: a tc_cmd_events. */
typedef struct tc_cmd_events {
	int progress;          /* show the progress line (a TTY, not quiet) */
	int progress_shown;    /* a progress line is open: end it before a message */
} tc_cmd_events;
void tc_cmd_monitor_event(const tc_monitor_event *ev, void *arg);
/* End an open progress line. */
void tc_cmd_events_end(tc_cmd_events *ev);

/* With TIACHECK_TIMINGS=1 in the environment: one line of timings on stderr. */
void tc_cmd_print_timings(const tc_monitor_timings *t);

/* Send the pending alerts, printing what happens to each (tc_alerts_send_pending). */
int tc_cmd_send_pending(tc_ctx *ctx, tc_store *st, int *nsent);

#endif
