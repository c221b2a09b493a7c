/*
 * fetch_mixed: one batch, each request with the backend its "render" asks for. See
 * tc_fetch_run_mixed in fetch_browser.h.
 *
 * Two phases: first every static and auto request goes to the curl backend (in
 * parallel, as before); an auto answer that needs a browser is not handed over but
 * queued. Then the explicit browser requests and the queued ones go to the browser
 * backend in one batch, so that one browser serves them all, and only when there is
 * at least one. Callbacks see the caller's request pointers and indexes.
 */
#include "tiacheck/fetch_browser.h"

#include <stdlib.h>
#include <string.h>

#include "tiacheck/appshell.h"
#include "tiacheck/util.h"

struct mixed {
	const tc_fetch_request *reqs;       /* the caller's */
	size_t n;
	const tc_fetch_options *o;          /* the caller's */
	const enum tc_fetch_mode *render;
	size_t *map;                        /* phase index -> caller index */
	size_t *again;                      /* auto requests for the browser */
	size_t nagain;
	size_t done, failed;
};

static enum tc_fetch_mode render_of(const struct mixed *m, size_t i)
{
	return m->render ? m->render[i] : TC_FETCH_MODE_AUTO;
}

/* Does a static answer of an auto request need the browser? */
static int wants_browser(const tc_fetch_response *resp)
{
	const char *ct = resp->content_type;

	if (resp->error != TC_FETCH_OK && resp->error != TC_FETCH_HTTP_4XX &&
	    resp->error != TC_FETCH_HTTP_5XX)
		return 0;
	if (resp->not_modified)
		return 0;
	if (resp->status == 403 || resp->status == 406)
		return 1;               /* how bot filters answer (Open Terms Archive's rule) */
	if (ct && !strstr(ct, "html"))
		return 0;
	return resp->body.len > 0 && tc_html_needs_browser(resp->body.data, resp->body.len);
}

static void hand_over(struct mixed *m, size_t i, tc_fetch_response *resp)
{
	m->done++;
	if (resp->error != TC_FETCH_OK)
		m->failed++;
	m->o->on_done(&m->reqs[i], i, resp, m->o->arg);
	if (m->o->on_progress)
		m->o->on_progress(m->done, m->n, m->failed, m->o->arg);
}

static void on_static(const tc_fetch_request *req, size_t index, tc_fetch_response *resp,
		      void *arg)
{
	struct mixed *m = arg;
	size_t i = m->map[index];

	(void)req;
	if (render_of(m, i) == TC_FETCH_MODE_AUTO && wants_browser(resp)) {
		m->again[m->nagain++] = i;
		return;
	}
	hand_over(m, i, resp);
}

static void on_browser(const tc_fetch_request *req, size_t index, tc_fetch_response *resp,
		       void *arg)
{
	struct mixed *m = arg;

	(void)req;
	hand_over(m, m->map[index], resp);
}

/* Run the requests idx[0..k) with backend b; done calls back with phase indexes. */
static long phase(struct mixed *m, const tc_fetch_backend *b, const size_t *idx, size_t k,
		  tc_fetch_done_fn done, char *err, size_t errlen)
{
	tc_fetch_request *sub = NULL;
	tc_fetch_options o = *m->o;
	int all = k == m->n;
	long ret;

	for (size_t j = 0; j < k && all; j++)
		all = idx[j] == j;
	/* every request in order (the usual static run): the caller's array as it is */
	if (all) {
		for (size_t j = 0; j < k; j++)
			m->map[j] = j;
	} else {
		sub = tc_xcalloc(k ? k : 1, sizeof(*sub));
		for (size_t j = 0; j < k; j++) {
			sub[j] = m->reqs[idx[j]];
			m->map[j] = idx[j];
		}
	}
	o.on_done = done;
	o.on_progress = NULL;
	o.arg = m;
	ret = k ? tc_fetch_run_with(b, sub ? sub : m->reqs, k, &o, err, errlen) : 0;
	free(sub);
	return ret;
}

/* Requests a failed phase never answered: each gets a response saying why. */
static void fail_rest(struct mixed *m, const size_t *idx, size_t k, const char *why)
{
	for (size_t j = 0; j < k; j++) {
		tc_fetch_response resp;
		memset(&resp, 0, sizeof(resp));
		resp.final_url = tc_xstrdup(m->reqs[idx[j]].url);
		resp.error = TC_FETCH_OTHER;
		tc_seterr(resp.message, sizeof(resp.message), "%s", why);
		tc_buf_init(&resp.body, 1);
		hand_over(m, idx[j], &resp);
		free(resp.final_url);
		tc_buf_release(&resp.body);
	}
}

long tc_fetch_run_mixed(const tc_fetch_request *reqs, const enum tc_fetch_mode *render, size_t n,
			const tc_fetch_options *opts, char *err, size_t errlen)
{
	struct mixed m;
	size_t *first = tc_xcalloc(n ? n : 1, sizeof(size_t)), nfirst = 0;
	size_t *second = tc_xcalloc(n ? n : 1, sizeof(size_t)), nsecond = 0;
	long ret = -1;

	memset(&m, 0, sizeof(m));
	m.reqs = reqs;
	m.n = n;
	m.o = opts;
	m.render = render;
	m.map = tc_xcalloc(n ? n : 1, sizeof(size_t));
	m.again = tc_xcalloc(n ? n : 1, sizeof(size_t));
	if (!opts || !opts->on_done) {
		tc_seterr(err, errlen, "fetch: no completion callback");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (render_of(&m, i) == TC_FETCH_MODE_BROWSER)
			second[nsecond++] = i;
		else
			first[nfirst++] = i;
	}
	if (phase(&m, &tc_fetch_backend_curl, first, nfirst, on_static, err, errlen) < 0)
		goto out;               /* nothing was called back yet */
	for (size_t j = 0; j < m.nagain; j++)
		second[nsecond++] = m.again[j];
	if (phase(&m, &tc_fetch_backend_browser, second, nsecond, on_browser, err, errlen) < 0)
		fail_rest(&m, second, nsecond, err);
	ret = (long)m.failed;
out:
	free(first);
	free(second);
	free(m.map);
	free(m.again);
	return ret;
}
