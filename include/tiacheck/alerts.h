/*
 * alerts: the alert delivery state machine. An alert is created (pending) from what
 * has not been alerted yet, in the same store as the changes it covers; it is sent,
 * and marked sent right after the server's OK; one that cannot be sent stays pending
 * and is retried by the next run (`tiacheck run` or `tiacheck mail --pending`), so
 * no change is lost and none is alerted twice (a crash between the server's OK and
 * the mark is the one window for a resend, with the same Message-ID).
 *
 * Never prints: what happens to each alert reaches the caller through a callback;
 * errors come back as -1 with err filled.
 */
#ifndef TIACHECK_ALERTS_H
#define TIACHECK_ALERTS_H

#include <stddef.h>
#include <stdint.h>

#include "tiacheck/config.h"
#include "tiacheck/runreport.h"
#include "tiacheck/store.h"

/* 1 when the config has an SMTP server, a sender and recipients. */
int tc_alerts_configured(const tc_config *cfg);

/*
 * Record one pending alert with everything not alerted yet (built by
 * tc_runreport_build_alert from in, rendered in in->lang). *alert_id 0 when there was
 * nothing to alert. 0 ok; -1 (err) on error. *read_errors: records that could not be
 * read into the alert (err names the first; the alert is created all the same).
 */
int tc_alerts_create(const tc_runreport_in *in, const tc_config *cfg, int64_t *alert_id,
		     int *read_errors, char *err, size_t errlen);

enum tc_alert_event_kind {
	TC_ALERT_SENT = 1,       /* sent and marked */
	TC_ALERT_NOT_SENT,       /* message: why; it stays pending */
	TC_ALERT_NOT_MARKED      /* sent, but cannot be marked sent (message: why) */
};

typedef struct tc_alert_event {
	enum tc_alert_event_kind kind;
	int64_t id;
	size_t nrecipients;
	const char *message;
} tc_alert_event;

typedef void (*tc_alert_event_fn)(const tc_alert_event *ev, void *arg);

/*
 * Send every pending alert (oldest first). Returns the number not sent (they stay
 * pending), or -1 (err) when mail is not configured, the password cannot be read or
 * the pending alerts cannot be listed. *nsent counts those sent.
 */
int tc_alerts_send_pending(const tc_config *cfg, tc_store *st, tc_alert_event_fn on_event,
			   void *arg, int *nsent, char *err, size_t errlen);

/* Send a bilingual test message to the configured recipients. 0 sent, -1 (err). */
int tc_alerts_send_test(const tc_config *cfg, char *err, size_t errlen);

#endif
