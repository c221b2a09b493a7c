/*
 * fetch_browser: the browser backend. Pages are rendered by headless Chromium (Debian's
 * `chromium` package) driven over the DevTools protocol on a pipe, and the response's
 * body is the rendered DOM.
 *
 * One browser per tc_fetch_run_with() call: started at the first request, reused for
 * every page of the batch (one tab each, closed after the page), stopped at the end.
 * Pages are rendered one after another, each bounded in time (opts->timeout_ms: load,
 * then network idle or a short settle) and memory (a V8 heap limit; the DOM returned is
 * capped at opts->max_body, else TC_FETCH_TOO_LARGE).
 *
 * The address policy holds for every request the browser makes, twice over:
 *   (a) every request (document, redirect hop, script, frame, XHR, fetch, image) is
 *       paused by the DevTools Fetch domain and checked with tc_addr_policy_check_url
 *       (the main document's redirects with tc_addr_policy_check_redirect) before it
 *       may go on;
 *   (b) the browser reaches the network only through a proxy of ours on loopback
 *       (fetch_proxy.h, loopback included) that resolves each host itself and checks
 *       every address it connects to (websockets and anything (a) cannot see).
 *
 * The response: status and final URL of the main document, content_type "text/html;
 * charset=utf-8", no etag/last_modified (a rendered page is never fetched
 * conditionally), body the rendered HTML. Network errors map to the fetch error kinds;
 * a missing browser to TC_FETCH_NEEDS_BROWSER with the install hint. opts->ca_file is
 * not used (Chromium checks TLS with the system's store).
 *
 * The binary: $TIACHECK_CHROMIUM when set (and nothing else then), else
 * /usr/lib/chromium/chromium, else `chromium` or `chromium-browser` on PATH.
 */
#ifndef TIACHECK_FETCH_BROWSER_H
#define TIACHECK_FETCH_BROWSER_H

#include <stddef.h>

#include "tiacheck/fetch.h"

#define TC_CHROMIUM_HINT "install it with: apt-get install chromium " \
			 "(or set TIACHECK_CHROMIUM to the browser's binary)"

extern const tc_fetch_backend tc_fetch_backend_browser;

/* "auto", "static", "browser"; "auto" for unknown values. */
const char *tc_fetch_mode_name(enum tc_fetch_mode r);
/* 0 and *out set when s is one of the names; -1 otherwise. */
int tc_fetch_mode_parse(const char *s, enum tc_fetch_mode *out);

/* The Chromium binary that would be used, into buf; 0 found (executable), -1 not
 * (buf then names what was looked for). */
int tc_chromium_find(char *buf, size_t len);

/*
 * Fetch n requests, each as render[i] says (render NULL: all auto):
 *   - static: the curl backend;
 *   - browser: the browser backend;
 *   - auto: the curl backend first; when its answer is HTML that looks like an app
 *     shell or a block page (tc_html_needs_browser, appshell.h), or a 403/406, the
 *     request is fetched again with the browser and only that answer is handed back.
 * on_done is called exactly once per request, with req pointing into reqs and index
 * its index there; on_progress counts over all n. All browser pages share one browser
 * (started only when a page needs it). Returns the number of failed requests, or -1
 * when nothing could be started (err set, no callback called).
 *
 * This is what the monitor calls with the render field of each catalogue document
 * (tc_document.render) in place of tc_fetch_run.
 */
long tc_fetch_run_mixed(const tc_fetch_request *reqs, const enum tc_fetch_mode *render, size_t n,
			const tc_fetch_options *opts, char *err, size_t errlen);

/* ---- for tests and the benchmark ---- */

/* The two policy layers, for tests that prove each one alone: 1 the Fetch-domain
 * interception, 2 the proxy; 3 (both) is the default and what users get. */
void tc_fetch_browser_set_layers(int mask);
/* Browsers started by this process so far. */
unsigned tc_fetch_browser_starts(void);

#endif
