/* link: util fetch fetch_curl fetch_proxy fetch_browser fetch_mixed appshell */
/*
 * test_fetch_browser: the browser backend, its proxy and the mixed runner, against
 * servers this test starts on loopback and stops at the end: tests/servers/faultserver.py
 * serving tests/fixtures/browser/ (the pages), and two tests/servers/countserver.py
 * (another loopback port, and 127.0.0.2) that count every connection made to them:
 * the pages' scripts try to reach them and the counts must stay 0.
 *
 * When Chromium is not installed (or cannot start), the cases that need it are
 * counted as passed with a "skipped" note; everything else still runs.
 *
 * `test_fetch_browser --bench N` renders a page N times in one browser and prints the
 * time per page and the peak memory of the browser's processes plus this one (make
 * bench).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tiacheck/appshell.h"
#include "tiacheck/fetch.h"
#include "tiacheck/fetch_browser.h"
#include "tiacheck/fetch_proxy.h"
#include "tiacheck/util.h"
#include "tu.h"
#include "tu_proc.h"


static char tmpdir[] = "/tmp/tc-test-browser.XXXXXX";
static const char *top = ".";
static tc_addr_policy servers = TC_ADDR_POLICY_INIT;   /* the page server only */
static int fp, bp, cp;                                  /* pages, B (127.0.0.1), C (127.0.0.2) */
static int have_browser;                                /* 0: skip what needs it */
static char skip_why[512];

/* ---- servers ---- */

static int read_int_file(const char *file, int *v)
{
	FILE *f = fopen(file, "r");
	int n = 0;

	if (f) {
		n = fscanf(f, "%d", v);
		fclose(f);
	}
	return n == 1;
}

/* Wait (at most ~10 s) for the port file; 0 on timeout or when the server died. */
static int wait_port(pid_t pid, const char *file)
{
	for (int i = 0; i < 200; i++) {
		int port = 0, st;
		if (read_int_file(file, &port) && port > 0)
			return port;
		if (waitpid(pid, &st, WNOHANG) == pid)
			return 0;
		sleep_ms(50);
	}
	return 0;
}

static const char *python(void)
{
	return access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "/usr/local/bin/python3";
}

static pid_t start_pages(int *port)
{
	char *script = tc_xasprintf("%s/tests/servers/faultserver.py", top);
	char *pf = tc_xasprintf("%s/pages.port", tmpdir), *log = tc_xasprintf("%s/pages.log", tmpdir);
	char *root = tc_xasprintf("%s/tests/fixtures/browser", top);
	char *argv[] = { (char *)python(), script, (char *)"--port-file", pf, (char *)"--lifetime",
			 (char *)"240", (char *)"--root", root, NULL };
	pid_t pid = spawn(argv, log);

	*port = pid ? wait_port(pid, pf) : 0;
	if (pid && !*port) {
		stop_server(pid);
		pid = 0;
	}
	free(script);
	free(pf);
	free(log);
	free(root);
	return pid;
}

/* A connection counter on host; its count file is tmpdir/NAME.count. */
static pid_t start_counter(const char *name, const char *host, int *port)
{
	char *script = tc_xasprintf("%s/tests/servers/countserver.py", top);
	char *pf = tc_xasprintf("%s/%s.port", tmpdir, name);
	char *cf = tc_xasprintf("%s/%s.count", tmpdir, name);
	char *log = tc_xasprintf("%s/%s.log", tmpdir, name);
	char *argv[] = { (char *)python(), script, (char *)"--host", (char *)host,
			 (char *)"--port-file", pf, (char *)"--count-file", cf,
			 (char *)"--lifetime", (char *)"240", NULL };
	pid_t pid = spawn(argv, log);

	*port = pid ? wait_port(pid, pf) : 0;
	if (pid && !*port) {
		stop_server(pid);
		pid = 0;
	}
	free(script);
	free(pf);
	free(cf);
	free(log);
	return pid;
}

/* Connections (what 0) or requests (what 1: connections that sent a byte) the counter
 * NAME has seen; -1 when unreadable. */
static int counted(const char *name, int what)
{
	char *cf = tc_xasprintf("%s/%s.count", tmpdir, name);
	FILE *f = fopen(cf, "r");
	int v[2] = { -1, -1 };

	if (f) {
		if (fscanf(f, "%d %d", &v[0], &v[1]) != 2)
			v[0] = v[1] = -1;
		fclose(f);
	}
	free(cf);
	return v[what];
}

static int hits(const char *name)
{
	return counted(name, 0);
}

/* ---- running the backends ---- */

typedef struct result {
	int calls;
	long status;
	enum tc_fetch_error error;
	char message[512];
	char *final_url, *content_type, *body;
	int redirects, attempts;
} result;

typedef struct collect {
	result *res;
	size_t n, progress;
} collect;

static void on_done(const tc_fetch_request *req, size_t index, tc_fetch_response *resp,
		    void *arg)
{
	collect *c = arg;
	result *r;

	(void)req;
	if (index >= c->n)
		return;
	r = &c->res[index];
	r->calls++;
	r->status = resp->status;
	r->error = resp->error;
	r->redirects = resp->redirects;
	r->attempts = resp->attempts;
	snprintf(r->message, sizeof(r->message), "%s", resp->message);
	free(r->final_url);
	r->final_url = resp->final_url;
	resp->final_url = NULL;
	free(r->content_type);
	r->content_type = resp->content_type;
	resp->content_type = NULL;
	free(r->body);
	r->body = tc_buf_detach(&resp->body);
}

static void on_progress(size_t done, size_t total, size_t failed, void *arg)
{
	collect *c = arg;

	(void)done;
	(void)total;
	(void)failed;
	c->progress++;
}

static void result_release(result *r)
{
	free(r->final_url);
	free(r->content_type);
	free(r->body);
	memset(r, 0, sizeof(*r));
}

static void base_options(tc_fetch_options *o, collect *c)
{
	tc_fetch_options_init(o);
	o->connect_timeout_ms = 3000;
	o->timeout_ms = 15000;
	o->retries = 0;
	o->retry_delay_ms = 50;
	o->user_agent = "tiacheck/test (+https://example.test/contact)";
	o->policy = &servers;
	o->on_done = on_done;
	o->on_progress = on_progress;
	o->arg = c;
}

/* Render urls[0..n) with the browser backend into res. */
static long render(const char **urls, size_t n, result *res, tc_fetch_options *o)
{
	tc_fetch_request *reqs = tc_xcalloc(n, sizeof(*reqs));
	collect c = { res, n, 0 };
	char err[256] = "";
	long failed;

	for (size_t i = 0; i < n; i++) {
		memset(&res[i], 0, sizeof(res[i]));
		reqs[i].url = urls[i];
	}
	o->arg = &c;
	failed = tc_fetch_run_with(&tc_fetch_backend_browser, reqs, n, o, err, sizeof(err));
	TU_CHECK(failed >= 0, "browser run: %s", err);
	for (size_t i = 0; i < n; i++)
		TU_CHECK(res[i].calls == 1, "%s: %d calls", urls[i], res[i].calls);
	TU_CHECK(c.progress == n, "progress %zu of %zu", c.progress, n);
	free(reqs);
	return failed;
}

static int has(const char *s, const char *needle)
{
	return s && strstr(s, needle) != NULL;
}

static char *page(const char *path)
{
	return tc_xasprintf("http://127.0.0.1:%d%s", fp, path);
}

/* A case that needs the browser: counted as passed with a note when there is none. */
static int skipped(const char *name)
{
	if (have_browser)
		return 0;
	TU_CASE(name);
	TU_CHECK(1, "skipped");
	printf("skipped %s: %s\n", name, skip_why);
	return 1;
}

/* Chromium is there: can it run here? When it cannot (needs_browser), the cases that
 * need it are skipped with its message. */
static void probe_browser(void)
{
	char *u = page("/pages/static.html");
	tc_fetch_request req = { u, NULL, NULL, 0, NULL };
	result res;
	collect c = { &res, 1, 0 };
	tc_fetch_options o;
	char err[256] = "";

	memset(&res, 0, sizeof(res));
	base_options(&o, &c);
	if (tc_fetch_run_with(&tc_fetch_backend_browser, &req, 1, &o, err, sizeof(err)) < 0 ||
	    res.error == TC_FETCH_NEEDS_BROWSER) {
		have_browser = 0;
		snprintf(skip_why, sizeof(skip_why), "Chromium cannot run here: %.400s",
			 err[0] ? err : res.message);
	}
	result_release(&res);
	free(u);
}

/* ---- cases ---- */

static void test_names(void)
{
	enum tc_fetch_mode r = TC_FETCH_MODE_STATIC;

	TU_CASE("render names");
	TU_STR(tc_fetch_mode_name(TC_FETCH_MODE_AUTO), "auto");
	TU_STR(tc_fetch_mode_name(TC_FETCH_MODE_BROWSER), "browser");
	TU_INT(tc_fetch_mode_parse("browser", &r), 0);
	TU_INT(r, TC_FETCH_MODE_BROWSER);
	TU_INT(tc_fetch_mode_parse("static", &r), 0);
	TU_INT(r, TC_FETCH_MODE_STATIC);
	TU_INT(tc_fetch_mode_parse("chrome", &r), -1);
	TU_STR(tc_fetch_error_name(TC_FETCH_NEEDS_BROWSER), "needs_browser");
}

static void test_missing_browser(void)
{
	const char *old = getenv("TIACHECK_CHROMIUM");
	char *keep = old ? tc_xstrdup(old) : NULL, *u = page("/pages/script.html");
	const char *urls[2] = { u, u };
	result res[2];
	tc_fetch_options o;
	collect c;
	unsigned before = tc_fetch_browser_starts();

	TU_CASE("missing browser: needs_browser with the install hint");
	setenv("TIACHECK_CHROMIUM", "/nonexistent/chromium", 1);
	base_options(&o, &c);
	TU_INT(render(urls, 2, res, &o), 2);
	for (int i = 0; i < 2; i++) {
		TU_INT(res[i].error, TC_FETCH_NEEDS_BROWSER);
		TU_CHECK(has(res[i].message, "apt-get install chromium"), "hint: %s", res[i].message);
		TU_CHECK(has(res[i].message, "/nonexistent/chromium"), "names it: %s", res[i].message);
		result_release(&res[i]);
	}
	TU_INT(tc_fetch_browser_starts(), before);
	if (keep)
		setenv("TIACHECK_CHROMIUM", keep, 1);
	else
		unsetenv("TIACHECK_CHROMIUM");
	free(keep);
	free(u);
}

/* A page whose text exists only after its scripts ran; one browser for three pages. */
static void test_rendered(void)
{
	char *u = page("/pages/script.html"), *s = page("/pages/static.html");
	char *nf = page("/404");
	const char *urls[3] = { u, s, nf };
	result res[3];
	tc_fetch_options o;
	collect c;
	unsigned before = tc_fetch_browser_starts();

	if (skipped("page rendered only by script"))
		goto out;
	TU_CASE("page rendered only by script");
	base_options(&o, &c);
	render(urls, 3, res, &o);
	TU_INT(res[0].error, TC_FETCH_OK);
	TU_CHECK(res[0].error == TC_FETCH_OK || !printf("  (%s)\n", res[0].message), "ok");
	TU_INT(res[0].status, 200);
	TU_CHECK(has(res[0].body, "Acme Cloud Hosting Ltd") && has(res[0].body, "Nordic Support AB"),
		 "rendered rows missing: %.300s", res[0].body ? res[0].body : "");
	TU_CHECK(has(res[0].body, "Last updated by the API"), "late text (after load) missing");
	TU_CHECK(has(res[0].body, "<!DOCTYPE html>"), "doctype kept");
	TU_STR(res[0].content_type, "text/html; charset=utf-8");
	TU_STR(res[0].final_url, u);
	TU_INT(res[1].error, TC_FETCH_OK);
	TU_CHECK(has(res[1].body, "Example Mail Inc."), "static page through the browser");
	TU_CASE("browser: HTTP 404 keeps status and page");
	TU_INT(res[2].error, TC_FETCH_HTTP_4XX);
	TU_INT(res[2].status, 404);
	TU_CHECK(has(res[2].body, "Not Found"), "404 page body");
	TU_CASE("one browser for the whole run");
	TU_INT(tc_fetch_browser_starts() - before, 1);
	for (int i = 0; i < 3; i++)
		result_release(&res[i]);
out:
	free(u);
	free(s);
	free(nf);
}

/* The page's scripts try B and C by every means; with layers (1 Fetch, 2 proxy). */
static void probe(const char *name, int layer_mask, int ws, int want_reached)
{
	char *u = tc_xasprintf("http://127.0.0.1:%d/pages/forbidden.html?b=%d&c=%d&ws=%d&more=1",
			       fp, bp, cp, ws);
	const char *urls[1] = { u };
	result res[1];
	tc_fetch_options o;
	collect c;
	int b0 = hits("b"), c0 = hits("c"), db, dc;
	int rb0 = counted("b", 1), rc0 = counted("c", 1), rb, rc;

	if (skipped(name))
		goto out;
	TU_CASE(name);
	tc_fetch_browser_set_layers(layer_mask);
	base_options(&o, &c);
	render(urls, 1, res, &o);
	tc_fetch_browser_set_layers(3);
	sleep_ms(800);                          /* a straggler would be counted by now */
	db = hits("b") - b0;
	dc = hits("c") - c0;
	rb = counted("b", 1) - rb0;
	rc = counted("c", 1) - rc0;
	TU_INT(res[0].error, TC_FETCH_OK);
	TU_CHECK(has(res[0].body, "probes sent: 2"), "the probes ran: %.200s",
		 res[0].body ? res[0].body : res[0].message);
	if (want_reached) {
		TU_CHECK(rb >= 12 && rc >= 12, "control: without the policy the probes arrive (b %d, c %d)",
			 rb, rc);
	} else if (layer_mask == 1) {
		/* interception sees requests, not the sockets a browser opens ahead of them
		 * (preconnect): no request may arrive; connections are the proxy's job */
		TU_CHECK(rb == 0, "another loopback port got %d requests", rb);
		TU_CHECK(rc == 0, "127.0.0.2 got %d requests", rc);
		printf("note: interception alone: %d + %d bare connections (preconnects)\n", db, dc);
	} else {
		TU_CHECK(b0 >= 0 && db == 0, "another loopback port was reached %d times", db);
		TU_CHECK(c0 >= 0 && dc == 0, "127.0.0.2 was reached %d times", dc);
	}
	result_release(&res[0]);
out:
	free(u);
}

static void test_forbidden(void)
{
	probe("forbidden addresses: control without either layer", 0, 1, 1);
	probe("forbidden addresses: both layers (fetch, xhr, img, iframe, script, css, beacon, "
	      "websocket, worker, event source, css background, prefetch, object, video)", 3, 1, 0);
	probe("forbidden addresses: the proxy alone", 2, 1, 0);
	probe("forbidden addresses: request interception alone (no websocket, requests only)", 1, 0,
	      0);
}

static void test_redirects(void)
{
	char *target = page("/pages/script.html");
	char *ok = tc_xasprintf("http://127.0.0.1:%d/redirect-to?url=%s", fp, target);
	char *bad = tc_xasprintf("http://127.0.0.1:%d/redirect-to?url=http://127.0.0.1:%d/x", fp, bp);
	char *bad2 = tc_xasprintf("http://127.0.0.1:%d/redirect-to?url=http://127.0.0.2:%d/x", fp, cp);
	const char *urls[3] = { ok, bad, bad2 };
	result res[3];
	tc_fetch_options o;
	collect c;
	int b0 = hits("b"), c0 = hits("c");

	if (skipped("browser: redirect followed"))
		goto out;
	TU_CASE("browser: redirect followed");
	base_options(&o, &c);
	render(urls, 3, res, &o);
	TU_INT(res[0].error, TC_FETCH_OK);
	TU_STR(res[0].final_url, target);
	TU_INT(res[0].redirects, 1);
	TU_CHECK(has(res[0].body, "Acme Cloud Hosting Ltd"), "redirect target rendered");
	TU_CASE("browser: redirect to a forbidden address refused");
	TU_INT(res[1].error, TC_FETCH_REDIRECT_PRIVATE);
	TU_INT(res[2].error, TC_FETCH_REDIRECT_PRIVATE);
	TU_CHECK(has(res[1].message, "127.0.0.1"), "message names it: %s", res[1].message);
	sleep_ms(200);
	TU_INT(hits("b") - b0, 0);
	TU_INT(hits("c") - c0, 0);
	for (int i = 0; i < 3; i++)
		result_release(&res[i]);
out:
	free(target);
	free(ok);
	free(bad);
	free(bad2);
}

/* The first URL itself refused, before any browser starts. */
static void test_refused_first(void)
{
	char *u = tc_xasprintf("http://127.0.0.1:%d/x", bp);
	const char *urls[1] = { u };
	result res[1];
	tc_fetch_options o;
	collect c;
	int b0 = hits("b");
	unsigned before = tc_fetch_browser_starts();

	TU_CASE("browser: first URL refused by the policy, no browser started");
	base_options(&o, &c);
	render(urls, 1, res, &o);
	TU_INT(res[0].error, TC_FETCH_REDIRECT_PRIVATE);
	TU_INT(tc_fetch_browser_starts() - before, 0);
	TU_INT(hits("b") - b0, 0);
	result_release(&res[0]);
	free(u);
}

/* A script that never ends: the page times out, and the next page still renders. */
static void test_timeout(void)
{
	char *loop = page("/pages/loop.html"), *s = page("/pages/static.html");
	const char *urls[2] = { loop, s };
	result res[2];
	tc_fetch_options o;
	collect c;
	double t0 = mono();

	if (skipped("browser: endless script times out, next page fine"))
		goto out;
	TU_CASE("browser: endless script times out, next page fine");
	base_options(&o, &c);
	o.timeout_ms = 6000;
	render(urls, 2, res, &o);
	TU_INT(res[0].error, TC_FETCH_TIMEOUT);
	TU_INT(res[1].error, TC_FETCH_OK);
	TU_CHECK(has(res[1].body, "Example Mail Inc."), "next page: %s", res[1].message);
	TU_CHECK(mono() - t0 < 40, "bounded: %.1f s", mono() - t0);
	for (int i = 0; i < 2; i++)
		result_release(&res[i]);
out:
	free(loop);
	free(s);
}

/* A 503 then 200: the browser backend retries as the curl backend does; a raised stop
 * flag ends what is left as interrupted, without a browser. */
static void test_retry_and_stop(void)
{
	char *u = page("/flaky?key=browser-retry&fail=1");
	const char *urls[2] = { u, u };
	result res[2];
	tc_fetch_options o;
	collect c;
	volatile sig_atomic_t stop = 1;
	unsigned before;

	if (!skipped("browser: transient 503 retried")) {
		TU_CASE("browser: transient 503 retried");
		base_options(&o, &c);
		o.retries = 1;
		render(urls, 1, res, &o);
		TU_INT(res[0].error, TC_FETCH_OK);
		TU_INT(res[0].attempts, 2);
		result_release(&res[0]);
	}
	TU_CASE("browser: stop flag raised, everything interrupted, no browser");
	before = tc_fetch_browser_starts();
	base_options(&o, &c);
	o.stop = &stop;
	TU_INT(render(urls, 2, res, &o), 2);
	TU_INT(res[0].error, TC_FETCH_INTERRUPTED);
	TU_INT(res[1].error, TC_FETCH_INTERRUPTED);
	TU_INT(tc_fetch_browser_starts() - before, 0);
	result_release(&res[0]);
	result_release(&res[1]);
	free(u);
}

/* A script that eats memory: the tab ends at V8's heap limit, the next page renders. */
static void test_memory(void)
{
	char *oom = page("/pages/oom.html"), *s = page("/pages/static.html");
	const char *urls[2] = { oom, s };
	result res[2];
	tc_fetch_options o;
	collect c;

	if (skipped("browser: a script that eats memory ends its tab only"))
		goto out;
	TU_CASE("browser: a script that eats memory ends its tab only");
	base_options(&o, &c);
	o.timeout_ms = 20000;
	render(urls, 2, res, &o);
	TU_CHECK(res[0].error != TC_FETCH_OK, "the eating page failed: %s", res[0].message);
	printf("note: memory eater: %s: %s\n", tc_fetch_error_name(res[0].error), res[0].message);
	TU_INT(res[1].error, TC_FETCH_OK);
	TU_CHECK(has(res[1].body, "Example Mail Inc."), "next page: %s", res[1].message);
	for (int i = 0; i < 2; i++)
		result_release(&res[i]);
out:
	free(oom);
	free(s);
}

/* The DOM larger than the body cap. */
static void test_too_large(void)
{
	char *u = page("/pages/script.html");
	const char *urls[1] = { u };
	result res[1];
	tc_fetch_options o;
	collect c;

	if (skipped("browser: rendered page over the body cap"))
		goto out;
	TU_CASE("browser: rendered page over the body cap");
	base_options(&o, &c);
	o.max_body = 200;
	render(urls, 1, res, &o);
	TU_INT(res[0].error, TC_FETCH_TOO_LARGE);
	TU_CHECK(!res[0].body || !res[0].body[0], "no partial body");
	result_release(&res[0]);
out:
	free(u);
}

/* auto: static first, the app shell and the challenge again with the browser; static
 * and browser as told. */
static void test_mixed(void)
{
	char *shell = page("/pages/script.html"), *plain = page("/pages/static.html");
	char *chal = page("/challenge?code=403");
	tc_fetch_request reqs[5];
	enum tc_fetch_mode how[5] = { TC_FETCH_MODE_AUTO, TC_FETCH_MODE_AUTO, TC_FETCH_MODE_STATIC, TC_FETCH_MODE_BROWSER,
				  TC_FETCH_MODE_AUTO };
	result res[5];
	collect c = { res, 5, 0 };
	tc_fetch_options o;
	char err[256] = "";
	long failed;
	unsigned before = tc_fetch_browser_starts();

	if (skipped("mixed: auto renders the app shell only"))
		goto out;
	memset(reqs, 0, sizeof(reqs));
	memset(res, 0, sizeof(res));
	reqs[0].url = shell;
	reqs[1].url = plain;
	reqs[2].url = shell;
	reqs[3].url = plain;
	reqs[4].url = chal;
	TU_CASE("mixed: auto renders the app shell only");
	base_options(&o, &c);
	failed = tc_fetch_run_mixed(reqs, how, 5, &o, err, sizeof(err));
	TU_CHECK(failed == 1, "failed %ld: %s / %s / %s", failed, err, res[0].message, res[3].message);
	TU_INT(c.progress, 5);
	for (int i = 0; i < 5; i++)
		TU_CHECK(res[i].calls == 1, "request %d: %d calls", i, res[i].calls);
	TU_CHECK(has(res[0].body, "Nordic Support AB"), "auto app shell rendered");
	TU_STR(res[0].content_type, "text/html; charset=utf-8");
	TU_CHECK(has(res[1].body, "plain") && has(res[1].body, "<p>We use"), "auto static page kept");
	TU_CHECK(!has(res[2].body, "Nordic Support AB"), "static: the shell as served");
	TU_CHECK(has(res[3].body, "Example Mail Inc."), "browser: rendered");
	TU_INT(tc_fetch_browser_starts() - before, 1);
	TU_CASE("mixed: auto retries a 403 challenge with the browser");
	TU_INT(res[4].error, TC_FETCH_HTTP_4XX);
	TU_INT(res[4].status, 403);
	TU_STR(res[4].content_type, "text/html; charset=utf-8");
	TU_CHECK(has(res[4].body, "Just a moment"), "the challenge as the browser saw it");
	for (int i = 0; i < 5; i++)
		result_release(&res[i]);
out:
	free(shell);
	free(plain);
	free(chal);
}

/* Without any page that needs it, no browser starts. */
static void test_mixed_static_only(void)
{
	char *plain = page("/pages/static.html");
	tc_fetch_request reqs[1];
	result res[1];
	collect c = { res, 1, 0 };
	tc_fetch_options o;
	char err[256] = "";
	unsigned before = tc_fetch_browser_starts();

	memset(reqs, 0, sizeof(reqs));
	memset(res, 0, sizeof(res));
	reqs[0].url = plain;
	TU_CASE("mixed: static pages start no browser");
	base_options(&o, &c);
	TU_INT(tc_fetch_run_mixed(reqs, NULL, 1, &o, err, sizeof(err)), 0);
	TU_INT(res[0].calls, 1);
	TU_CHECK(has(res[0].content_type, "text/html") && !has(res[0].body, "Nordic"), "static");
	TU_INT(tc_fetch_browser_starts() - before, 0);
	result_release(&res[0]);
	free(plain);
}

/* The proxy alone, over raw sockets. */
static char *proxy_ask(int port, const char *request)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	tc_buf b;
	char buf[4096];
	struct timeval tv = { 5, 0 };

	tc_buf_init(&b, 1 << 20);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	a.sin_addr.s_addr = htonl(0x7F000001);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0) {
		ssize_t r;
		if (send(fd, request, strlen(request), MSG_NOSIGNAL) > 0)
			while ((r = recv(fd, buf, sizeof(buf), 0)) > 0)
				tc_buf_add(&b, buf, (size_t)r);
	}
	if (fd >= 0)
		close(fd);
	return tc_buf_detach(&b);
}

static void test_proxy(void)
{
	tc_fetch_proxy *p;
	char err[256] = "", *r, *q;
	int b0 = hits("b"), c0 = hits("c");
	tc_proxy_stats st;
	tc_addr_policy pol;

	TU_CASE("proxy: allowed origin relayed, others refused before connecting");
	/* a CONNECT is taken as https: allow that origin too for the tunnel below */
	tc_addr_policy_copy(&pol, &servers);
	q = tc_xasprintf("https://127.0.0.1:%d/", fp);
	tc_addr_policy_allow_origin(&pol, q, NULL, 0);
	free(q);
	p = tc_fetch_proxy_start(&pol, NULL, err, sizeof(err));
	tc_addr_policy_release(&pol);
	TU_CHECK(p != NULL, "proxy: %s", err);
	if (!p)
		return;
	q = tc_xasprintf("GET http://127.0.0.1:%d/pages/static.html HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
			 "Proxy-Connection: keep-alive\r\n\r\n", fp, fp);
	r = proxy_ask(tc_fetch_proxy_port(p), q);
	TU_CHECK(has(r, "200 OK") && has(r, "Example Mail Inc."), "relayed: %.200s", r);
	free(q);
	free(r);
	/* a tunnel to the allowed origin, with a request inside it (as https would) */
	q = tc_xasprintf("CONNECT 127.0.0.1:%d HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n"
			 "GET /pages/static.html HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", fp, fp);
	r = proxy_ask(tc_fetch_proxy_port(p), q);
	TU_CHECK(has(r, "200 Connection Established") && has(r, "Example Mail Inc."),
		 "tunnelled: %.200s", r);
	free(q);
	free(r);
	q = tc_xasprintf("GET http://127.0.0.1:%d/x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", bp);
	r = proxy_ask(tc_fetch_proxy_port(p), q);
	TU_CHECK(has(r, "403") && has(r, "X-Tiacheck-Proxy: redirect_private"), "refused: %.200s", r);
	free(q);
	free(r);
	q = tc_xasprintf("CONNECT 127.0.0.2:%d HTTP/1.1\r\nHost: 127.0.0.2:%d\r\n\r\n", cp, cp);
	r = proxy_ask(tc_fetch_proxy_port(p), q);
	TU_CHECK(has(r, "403"), "CONNECT refused: %.200s", r);
	free(q);
	free(r);
	q = tc_xasprintf("CONNECT localhost:%d HTTP/1.1\r\n\r\n", bp);
	r = proxy_ask(tc_fetch_proxy_port(p), q);
	TU_CHECK(has(r, "403"), "a loopback name refused: %.200s", r);
	free(q);
	free(r);
	{       /* a name that resolves to a non-public address: refused after resolving */
		char host[256] = "";
		struct addrinfo *ai = NULL, hints;
		memset(&hints, 0, sizeof(hints));
		hints.ai_socktype = SOCK_STREAM;
		if (gethostname(host, sizeof(host) - 1) == 0 && host[0] &&
		    getaddrinfo(host, NULL, &hints, &ai) == 0 && ai &&
		    tc_addr_policy_check_sockaddr(&servers, "http://x/", ai->ai_addr, NULL) < 0) {
			q = tc_xasprintf("GET http://%s:%d/x HTTP/1.1\r\nHost: %s\r\n\r\n", host, bp,
					 host);
			r = proxy_ask(tc_fetch_proxy_port(p), q);
			TU_CHECK(has(r, "403") && has(r, "redirect_private"),
				 "'%s' resolves to a non-public address: %.200s", host, r);
			free(q);
			free(r);
		} else {
			printf("note: the host name does not resolve to a non-public address here\n");
		}
		if (ai)
			freeaddrinfo(ai);
	}
	r = proxy_ask(tc_fetch_proxy_port(p), "GET /relative HTTP/1.1\r\n\r\n");
	TU_CHECK(has(r, "403") || has(r, "400"), "origin-form refused: %.200s", r);
	free(r);
	tc_fetch_proxy_stats(p, &st);
	TU_INT(st.connected, 2);
	TU_CHECK(st.refused >= 3, "refused %lu", st.refused);
	TU_INT(st.requests, st.connected + st.refused + st.failed + 1);   /* + the bad one */
	tc_fetch_proxy_stop(p);
	sleep_ms(200);
	TU_INT(hits("b") - b0, 0);
	TU_INT(hits("c") - c0, 0);
}

/* ---- the benchmark ---- */

/* The proportional set size of pid in kB (shared pages split among their users: the
 * browser's processes share most of their code), or fallback when unreadable. */
static long pss_kb(pid_t pid, long fallback)
{
	char path[64], line[256];
	FILE *f;
	long v = fallback;

	snprintf(path, sizeof(path), "/proc/%ld/smaps_rollup", (long)pid);
	if (!(f = fopen(path, "r")))
		return fallback;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Pss: %ld kB", &v) == 1)
			break;
	fclose(f);
	return v;
}

/* Memory (kB, proportional) of pid and all its descendants, but not those in skip. */
static long tree_rss_kb(pid_t root, const pid_t *skip, size_t nskip)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	pid_t pids[4096], ppids[4096];
	long rss[4096], total = 0;
	size_t n = 0;
	int in[4096];

	if (!d)
		return 0;
	while ((e = readdir(d)) && n < 4096) {
		char path[300], buf[1024];
		FILE *f;
		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		if (!(f = fopen(path, "r")))
			continue;
		if (fgets(buf, sizeof(buf), f)) {
			char *cl = strrchr(buf, ')');
			long pp = 0, pages = 0;
			/* fields after the name: state ppid ... rss is the 24th field overall */
			if (cl && sscanf(cl + 2, "%*c %ld %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u "
					 "%*d %*d %*d %*d %*d %*d %*u %*u %ld", &pp, &pages) == 2) {
				pids[n] = (pid_t)atol(e->d_name);
				ppids[n] = (pid_t)pp;
				rss[n] = pages * (sysconf(_SC_PAGESIZE) / 1024);
				n++;
			}
		}
		fclose(f);
	}
	closedir(d);
	for (size_t i = 0; i < n; i++)
		in[i] = pids[i] == root;
	for (int round = 0, changed = 1; changed && round < 64; round++) {
		changed = 0;
		for (size_t i = 0; i < n; i++) {
			int skipme = 0;
			for (size_t k = 0; k < nskip; k++)
				skipme |= pids[i] == skip[k];
			for (size_t j = 0; j < n && !in[i] && !skipme; j++)
				if (in[j] && ppids[i] == pids[j])
					in[i] = changed = 1;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (in[i])
			total += pss_kb(pids[i], rss[i]);
	return total;
}

static pid_t bench_skip[4];
static long bench_peak;
static double bench_first;      /* when the first page was done */

static void bench_done(const tc_fetch_request *req, size_t index, tc_fetch_response *resp,
		       void *arg)
{
	long kb = tree_rss_kb(getpid(), bench_skip, 4);

	(void)req;
	(void)index;
	if (kb > bench_peak)
		bench_peak = kb;
	if (bench_first == 0)
		bench_first = mono();
	if (resp->error != TC_FETCH_OK)
		(*(int *)arg)++;
}

static int bench(int n, pid_t pages)
{
	tc_fetch_request *reqs = tc_xcalloc((size_t)n + 1, sizeof(*reqs));
	char *u = page(getenv("BENCH_PAGE") ? getenv("BENCH_PAGE") : "/pages/script.html"), err[256] = "";
	tc_fetch_options o;
	int bad = 0;
	double t0, t1;

	bench_skip[0] = pages;
	for (int i = 0; i <= n; i++)
		reqs[i].url = u;
	tc_fetch_options_init(&o);
	o.timeout_ms = 15000;
	o.retries = 0;
	o.policy = &servers;
	o.on_done = bench_done;
	o.arg = &bad;
	/* one run of n + 1 pages: the first one starts the browser */
	t0 = mono();
	tc_fetch_run_with(&tc_fetch_backend_browser, reqs, (size_t)n + 1, &o, err, sizeof(err));
	t1 = bench_first;
	printf("browser page: first page %.0f ms (browser start included); %d pages in one "
	       "browser: %.0f ms/page; peak memory %.0f MiB PSS (browser processes + tiacheck); "
	       "%d failed\n", (t1 - t0) * 1000.0, n, (mono() - t1) * 1000.0 / n,
	       (double)bench_peak / 1024.0, bad);
	free(reqs);
	free(u);
	return bad ? 1 : 0;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int main(int argc, char **argv)
{
	pid_t pages = 0, b = 0, cs = 0;
	char bin[1024], *allow;
	int ret, bench_n = argc == 3 && strcmp(argv[1], "--bench") == 0 ? atoi(argv[2]) : 0;

	signal(SIGPIPE, SIG_IGN);
	if (getenv("TC_TOP"))
		top = getenv("TC_TOP");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	have_browser = tc_chromium_find(bin, sizeof(bin)) == 0;
	if (!have_browser)
		snprintf(skip_why, sizeof(skip_why), "Chromium not found (%.200s); %s", bin,
			 TC_CHROMIUM_HINT);
	else
		printf("browser: %s\n", bin);
	pages = start_pages(&fp);
	b = start_counter("b", "127.0.0.1", &bp);
	cs = start_counter("c", "127.0.0.2", &cp);
	TU_CASE("servers started");
	TU_CHECK(pages > 0 && b > 0 && cs > 0, "servers (logs in %s)", tmpdir);
	if (!(pages > 0 && b > 0 && cs > 0))
		goto out;
	allow = tc_xasprintf("http://127.0.0.1:%d/", fp);
	tc_addr_policy_allow_origin(&servers, allow, NULL, 0);
	free(allow);
	if (bench_n > 0) {
		ret = have_browser ? bench(bench_n, pages) : (printf("browser page: skipped (%s)\n",
								      skip_why), 0);
		stop_server(pages);
		stop_server(b);
		stop_server(cs);
		nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
		tc_addr_policy_release(&servers);
		return ret;
	}
	test_names();
	test_missing_browser();
	test_proxy();
	test_refused_first();
	if (have_browser)
		probe_browser();
	test_rendered();
	test_forbidden();
	test_redirects();
	test_timeout();
	test_too_large();
	test_memory();
	test_retry_and_stop();
	test_mixed();
	test_mixed_static_only();
out:
	stop_server(pages);
	stop_server(b);
	stop_server(cs);
	if (!tu_failed)
		nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	else
		printf("server logs kept in %s\n", tmpdir);
	tc_addr_policy_release(&servers);
	return TU_END("test_fetch_browser");
}
