/*
 * fetch_setup: the one place where a command's fetch options are made from the run's
 * config and the catalogue: limits (parallel, per host, timeouts, body cap, redirects,
 * retries), the User-Agent, and the address policy (http and https only, redirects to
 * another site refused, non-public addresses only for the origins the catalogue names,
 * plus a URL the user named on the command line).
 *
 * Ownership: tc_fetch_setup owns the user agent and the policy; its opts point into
 * it, so the struct must stay where it was initialised until tc_fetch_setup_release.
 * The caller fills opts.on_done, on_progress, arg and stop.
 */
#ifndef TIACHECK_FETCH_SETUP_H
#define TIACHECK_FETCH_SETUP_H

#include <stddef.h>

#include "tiacheck/fetch.h"

struct tc_config;
struct tc_catalog;

typedef struct tc_fetch_setup {
	tc_fetch_options opts;  /* ready but for the callbacks */
	tc_addr_policy policy;  /* opts.policy points here */
	char *user_agent;       /* opts.user_agent points here */
} tc_fetch_setup;

/* "tiacheck/VERSION (+contact)": the config's contact, else the catalogue's DPO
 * e-mail, else no contact. Either may be NULL. Returns an owned string. */
char *tc_fetch_user_agent(const struct tc_config *cfg, const struct tc_catalog *cat);

/* Fill fs from cfg (NULL: the defaults), cat (NULL: no catalogue origins) and
 * named_url (NULL, or a URL the user gave on the command line: its origin may be
 * non-public too). A catalogue URL allows its origin only when its host is itself a
 * non-public address or a loopback name: a vendor's public host name never gets to
 * resolve to an internal address (DNS rebinding). 0 ok; -1 with err (fs released). */
int tc_fetch_setup_init(tc_fetch_setup *fs, const struct tc_config *cfg,
			const struct tc_catalog *cat, const char *named_url, char *err,
			size_t errlen);
void tc_fetch_setup_release(tc_fetch_setup *fs);

#endif
