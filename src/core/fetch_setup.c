/*
 * fetch_setup: fetch options from the config and the catalogue. See fetch_setup.h.
 */
#include "tiacheck/fetch_setup.h"

#include <stdlib.h>
#include <string.h>

#include "tiacheck/catalog.h"
#include "tiacheck/config.h"
#include "tiacheck/util.h"

char *tc_fetch_user_agent(const tc_config *cfg, const tc_catalog *cat)
{
	const char *contact = cfg && cfg->contact && *cfg->contact ? cfg->contact
			      : cat ? cat->org.dpo_email : NULL;

	if (contact && *contact)
		return tc_xasprintf("tiacheck/%s (+%s)", TC_VERSION, contact);
	return tc_xasprintf("tiacheck/%s", TC_VERSION);
}

/* The limits of the config into o. */
static void set_limits(tc_fetch_options *o, const tc_config *cfg)
{
	o->max_parallel = cfg->parallel;
	o->per_host = cfg->per_host;
	o->connect_timeout_ms = (long)cfg->connect_timeout * 1000;
	o->timeout_ms = (long)cfg->timeout * 1000;
	o->max_body = (size_t)cfg->max_body;
	o->max_redirects = cfg->max_redirects;
	o->retries = cfg->retries;
	o->retry_delay_ms = cfg->retry_delay_ms;
}

/*
 * The origins of the catalogue's documents whose host is itself a non-public address
 * or a loopback name (what an empty policy refuses as not public). A document on a
 * public host name does not make that name's origin allowed: its DNS could otherwise
 * be turned to an internal address (rebinding) and the check at connect would let it.
 */
static int allow_catalogue(tc_addr_policy *p, const tc_catalog *cat, char *err, size_t errlen)
{
	tc_addr_policy none = TC_ADDR_POLICY_INIT;
	tc_addr_verdict v;

	for (size_t i = 0; i < cat->nservices; i++) {
		const tc_service *s = &cat->services[i];

		for (size_t k = 0; k < s->ndocuments; k++) {
			const char *url = s->documents[k].url;

			if (!url || tc_addr_policy_check_url(&none, url, &v) == 0 ||
			    v.refusal != TC_ADDR_NOT_PUBLIC)
				continue;
			if (tc_addr_policy_allow_origin(p, url, err, errlen) < 0)
				return -1;
		}
	}
	return 0;
}

int tc_fetch_setup_init(tc_fetch_setup *fs, const tc_config *cfg, const tc_catalog *cat,
			const char *named_url, char *err, size_t errlen)
{
	static const tc_config defaults = TC_CONFIG_INIT;

	memset(fs, 0, sizeof(*fs));
	tc_fetch_options_init(&fs->opts);
	tc_addr_policy_init(&fs->policy);
	set_limits(&fs->opts, cfg ? cfg : &defaults);
	fs->policy.refuse_other_site = 1;
	if (cat && allow_catalogue(&fs->policy, cat, err, errlen) < 0)
		goto fail;
	/* the user typed it: its origin may be internal, whatever its host looks like */
	if (named_url && tc_addr_policy_allow_origin(&fs->policy, named_url, err, errlen) < 0)
		goto fail;
	fs->user_agent = tc_fetch_user_agent(cfg, cat);
	fs->opts.user_agent = fs->user_agent;
	fs->opts.policy = &fs->policy;
	return 0;
fail:
	tc_fetch_setup_release(fs);
	return -1;
}

void tc_fetch_setup_release(tc_fetch_setup *fs)
{
	if (!fs)
		return;
	tc_addr_policy_release(&fs->policy);
	free(fs->user_agent);
	fs->user_agent = NULL;
	fs->opts.user_agent = NULL;
	fs->opts.policy = NULL;
}
