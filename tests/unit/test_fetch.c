/* link: util fetch fetch_curl */
/*
 * test_fetch: the fetch module against servers this test starts on 127.0.0.1 and
 * stops at the end: tests/servers/faultserver.py (every hostile path) and a real nginx
 * (tests/servers/nginx.sh: gzip, ETag/304, redirects, TLS with a self-signed
 * certificate). Every wait is bounded; the servers also end by themselves.
 */
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

#include "tiacheck/fetch.h"
#include "tiacheck/util.h"
#include "tu.h"
#include "tu_proc.h"


static char tmpdir[] = "/tmp/tc-test-fetch.XXXXXX";
static const char *top = ".";
/* The origins of the servers this test starts: what a catalogue naming them allows. */
static tc_addr_policy servers = TC_ADDR_POLICY_INIT;

/* Allow the origin SCHEME://HOST:PORT in servers. */
static void allow_server(const char *scheme, const char *host, int port)
{
	char *u = tc_xasprintf("%s://%s:%d/", scheme, host, port);

	if (port > 0 && tc_addr_policy_allow_origin(&servers, u, NULL, 0) < 0)
		printf("cannot allow %s\n", u);
	free(u);
}

/* ---- servers ---- */

static int port_open(int port)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), ok;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	a.sin_addr.s_addr = htonl(0x7F000001);
	ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

/* Wait (at most ~10 s) for the port file and for the first port to accept. Fills up to
 * two ports; returns how many were read, 0 on timeout or when the server died. */
static int wait_ports(pid_t pid, const char *file, int ports[2])
{
	for (int i = 0; i < 200; i++) {
		FILE *f = fopen(file, "r");
		int n = 0, st;
		if (f) {
			n = fscanf(f, "%d %d", &ports[0], &ports[1]);
			fclose(f);
		}
		if (n >= 1 && port_open(ports[0]))
			return n;
		if (waitpid(pid, &st, WNOHANG) == pid)
			return 0;
		sleep_ms(50);
	}
	return 0;
}

static pid_t start_faultserver(const char *name, const char *extra, int *port)
{
	char *script = tc_xasprintf("%s/tests/servers/faultserver.py", top);
	char *pf = tc_xasprintf("%s/%s.port", tmpdir, name);
	char *log = tc_xasprintf("%s/%s.log", tmpdir, name);
	char *root = tc_xasprintf("%s/pages", tmpdir);
	char *argv[12];
	int ports[2] = { 0, 0 }, i = 0;
	pid_t pid;

	argv[i++] = (char *)(access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3"
								      : "/usr/local/bin/python3");
	argv[i++] = script;
	argv[i++] = (char *)"--port-file";
	argv[i++] = pf;
	argv[i++] = (char *)"--lifetime";
	argv[i++] = (char *)"240";
	argv[i++] = (char *)"--root";
	argv[i++] = root;
	if (extra) {
		argv[i++] = (char *)"--delay-ms";
		argv[i++] = (char *)extra;
	}
	argv[i] = NULL;
	pid = spawn(argv, log);
	if (pid && !wait_ports(pid, pf, ports)) {
		stop_server(pid);
		pid = 0;
	}
	*port = ports[0];
	free(script);
	free(pf);
	free(log);
	free(root);
	return pid;
}

static pid_t start_nginx(int *port, int *tls_port)
{
	char *script = tc_xasprintf("%s/tests/servers/nginx.sh", top);
	char *dir = tc_xasprintf("%s/nginx", tmpdir);
	char *pf = tc_xasprintf("%s/nginx.port", tmpdir);
	char *log = tc_xasprintf("%s/nginx.log", tmpdir);
	char *argv[] = { (char *)"/bin/sh", script, (char *)"run", dir, pf, (char *)"240", NULL };
	int ports[2] = { 0, 0 }, n = 0;
	pid_t pid = 0;

	if (access("/usr/sbin/nginx", X_OK) == 0)
		pid = spawn(argv, log);
	if (pid && (n = wait_ports(pid, pf, ports)) == 0) {
		stop_server(pid);
		pid = 0;
	}
	*port = ports[0];
	*tls_port = n == 2 ? ports[1] : 0;
	free(script);
	free(dir);
	free(pf);
	free(log);
	return pid;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* ---- running the module ---- */

typedef struct result {
	int calls;
	long status;
	enum tc_fetch_error error;
	char message[512];
	char *final_url, *etag, *last_modified, *content_type, *permanent_location;
	char *body;
	size_t len;
	int not_modified, attempts, redirects, permanent, other_site;
	double elapsed;
	void *user;
} result;

typedef struct collect {
	result *res;
	size_t n;
	size_t progress_calls, last_done, last_failed;
	volatile sig_atomic_t stop;
	size_t stop_after;          /* raise the stop flag after this many (0: never) */
} collect;

static void on_done(const tc_fetch_request *req, size_t index, tc_fetch_response *resp,
		    void *arg)
{
	collect *c = arg;
	result *r;

	if (index >= c->n)
		return;
	r = &c->res[index];
	r->calls++;
	r->user = req->user;
	r->status = resp->status;
	r->error = resp->error;
	snprintf(r->message, sizeof(r->message), "%s", resp->message);
	/* take ownership, as the caller of the module does */
	free(r->final_url);
	r->final_url = resp->final_url;
	resp->final_url = NULL;
	free(r->etag);
	r->etag = resp->etag;
	resp->etag = NULL;
	free(r->last_modified);
	r->last_modified = resp->last_modified;
	resp->last_modified = NULL;
	free(r->content_type);
	r->content_type = resp->content_type;
	resp->content_type = NULL;
	free(r->permanent_location);
	r->permanent_location = resp->permanent_location;
	resp->permanent_location = NULL;
	free(r->body);
	r->len = resp->body.len;
	r->body = tc_buf_detach(&resp->body);
	r->not_modified = resp->not_modified;
	r->attempts = resp->attempts;
	r->redirects = resp->redirects;
	r->permanent = resp->permanent_redirect;
	r->other_site = resp->other_site;
	r->elapsed = resp->elapsed;
}

static void on_progress(size_t done, size_t total, size_t failed, void *arg)
{
	collect *c = arg;

	(void)total;
	c->progress_calls++;
	c->last_done = done;
	c->last_failed = failed;
	if (c->stop_after && done >= c->stop_after)
		c->stop = 1;
}

static void result_release(result *r)
{
	free(r->final_url);
	free(r->etag);
	free(r->last_modified);
	free(r->content_type);
	free(r->permanent_location);
	free(r->body);
	memset(r, 0, sizeof(*r));
}

static void base_options(tc_fetch_options *o)
{
	/* under valgrind (make valgrind sets VALGRIND=1) a TLS handshake alone takes
	 * seconds: give connections more time there */
	long slow = getenv("VALGRIND") && *getenv("VALGRIND") == '1' ? 5 : 1;

	tc_fetch_options_init(o);
	o->connect_timeout_ms = 2000 * slow;
	o->timeout_ms = 5000 * slow;
	o->low_speed_secs = 2;
	o->retries = 0;
	o->retry_delay_ms = 50;
	o->user_agent = "tiacheck/test (+https://example.test/contact)";
	o->policy = &servers;
	o->on_done = on_done;
	o->on_progress = on_progress;
}

/* Fetch one request; fills *r (release with result_release). */
static long fetch_one(const tc_fetch_request *req, tc_fetch_options *o, result *r)
{
	collect c;
	char err[256] = "";
	long failed;

	memset(&c, 0, sizeof(c));
	memset(r, 0, sizeof(*r));
	c.res = r;
	c.n = 1;
	o->arg = &c;
	failed = tc_fetch_run(req, 1, o, err, sizeof(err));
	TU_CHECK(failed >= 0, "tc_fetch_run: %s", err);
	TU_INT(r->calls, 1);
	TU_INT(c.progress_calls, 1);
	return failed;
}

static void get(const char *url, tc_fetch_options *o, result *r)
{
	tc_fetch_request req = { url, NULL, NULL, 0, NULL };
	fetch_one(&req, o, r);
}

static int has(const char *s, const char *needle)
{
	return s && strstr(s, needle) != NULL;
}

/* Ask the fault server's /__stats for a count. */
static long stat_count(int port, const char *query)
{
	tc_fetch_options o;
	result r;
	long n = -1;
	char *url = tc_xasprintf("http://127.0.0.1:%d/__stats?%s", port, query);

	base_options(&o);
	get(url, &o, &r);
	if (r.error == TC_FETCH_OK && r.body)
		n = strtol(r.body, NULL, 10);
	result_release(&r);
	free(url);
	return n;
}

/* "max_inflight": N from the fault server's stats JSON; -1 when absent. */
static long max_inflight(const char *json)
{
	const char *p = json ? strstr(json, "\"max_inflight\": ") : NULL;
	return p ? strtol(p + strlen("\"max_inflight\": "), NULL, 10) : -1;
}

#define URL(port, path) (snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", (port), (path)), url)

/* ---- pure helpers ---- */

static void test_addresses(void)
{
	static const struct { const char *addr; int want; } cases[] = {
		{ "127.0.0.1", 1 }, { "127.9.9.9", 1 }, { "10.1.2.3", 1 }, { "172.16.0.1", 1 },
		{ "172.31.255.255", 1 }, { "172.32.0.1", 0 }, { "192.168.1.1", 1 },
		{ "169.254.169.254", 1 }, { "0.0.0.0", 1 }, { "100.64.0.1", 1 },
		{ "8.8.8.8", 0 }, { "193.10.1.1", 0 }, { "::1", 1 }, { "::", 1 },
		{ "fc00::1", 1 }, { "fd12:3456::1", 1 }, { "fe80::1", 1 }, { "::ffff:127.0.0.1", 1 },
		{ "::ffff:10.0.0.1", 1 }, { "2001:4860:4860::8888", 0 }, { "::ffff:8.8.8.8", 0 },
		{ "example.com", -1 }, { "", -1 },
	};
	static const struct { const char *host, *site; } sites[] = {
		{ "www.example.com", "example.com" }, { "legal.Example.COM", "example.com" },
		{ "example.com", "example.com" }, { "a.b.c.example.org.", "example.org" },
		{ "localhost", "localhost" }, { "127.0.0.1", "127.0.0.1" }, { "::1", "::1" },
		{ "8.8.8.8", "8.8.8.8" },
	};
	char out[64];

	for (size_t i = 0; i < TC_ARRAY_LEN(cases); i++)
		TU_CHECK(tc_fetch_addr_is_private(cases[i].addr) == cases[i].want,
			 "addr_is_private(%s) want %d", cases[i].addr, cases[i].want);
	for (size_t i = 0; i < TC_ARRAY_LEN(sites); i++) {
		tc_fetch_site(sites[i].host, out, sizeof(out));
		TU_STR(out, sites[i].site);
	}
	TU_STR(tc_fetch_error_name(TC_FETCH_OK), "none");
	TU_STR(tc_fetch_error_name(TC_FETCH_REDIRECT_PRIVATE), "redirect_private");
	TU_STR(tc_fetch_error_name(TC_FETCH_HTTP_4XX), "http_4xx");
	TU_STR(tc_fetch_error_name((enum tc_fetch_error)99), "other");
}

static void test_bad_options(void)
{
	tc_fetch_options o;
	tc_fetch_request req = { "http://127.0.0.1:9/", NULL, NULL, 0, NULL };
	char err[128] = "";

	tc_fetch_options_init(&o);
	TU_INT(tc_fetch_run(&req, 1, &o, err, sizeof(err)), -1);   /* no callback */
	TU_CHECK(err[0] != '\0', "error text for missing callback");
	base_options(&o);
	o.max_parallel = 0;
	TU_INT(tc_fetch_run(&req, 1, &o, err, sizeof(err)), -1);
	base_options(&o);
	TU_INT(tc_fetch_run(NULL, 0, &o, err, sizeof(err)), 0);   /* nothing to do */
}

/* ---- against the fault server ---- */

static void test_ok_and_conditional(int fp)
{
	tc_fetch_options o;
	result r;
	char url[256];
	tc_fetch_request req = { URL(fp, "/ok"), NULL, NULL, 0, NULL };

	base_options(&o);
	fetch_one(&req, &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "none");
	TU_INT(r.status, 200);
	TU_STR(r.etag, "\"ok-v1\"");
	TU_STR(r.last_modified, "Mon, 02 Nov 2026 10:00:00 GMT");
	TU_CHECK(has(r.content_type, "text/html"), "content type %s", r.content_type);
	TU_CHECK(has(r.body, "Data Processing Agreement"), "body of /ok");
	TU_STR(r.final_url, url);
	TU_INT(r.attempts, 1);
	TU_INT(r.not_modified, 0);
	result_release(&r);

	/* If-None-Match → 304: no body, flagged, and the server did answer 304 */
	req.etag = "\"ok-v1\"";
	fetch_one(&req, &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "none");
	TU_INT(r.status, 304);
	TU_INT(r.not_modified, 1);
	TU_INT(r.len, 0);
	result_release(&r);
	/* If-Modified-Since alone → 304 */
	req.etag = NULL;
	req.last_modified = "Mon, 02 Nov 2026 10:00:00 GMT";
	fetch_one(&req, &o, &r);
	TU_INT(r.not_modified, 1);
	result_release(&r);
	TU_INT(stat_count(fp, "path=/ok&status=304"), 2);
	/* an old ETag → full body */
	req.etag = "\"ok-v0\"";
	req.last_modified = NULL;
	fetch_one(&req, &o, &r);
	TU_INT(r.status, 200);
	TU_INT(r.not_modified, 0);
	TU_CHECK(r.len > 100, "body after a changed ETag");
	result_release(&r);
}

static void test_http_errors(int fp)
{
	tc_fetch_options o;
	result r;
	char url[256];

	base_options(&o);
	o.retries = 2;                          /* 4xx are never retried */
	get(URL(fp, "/404?t=once"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "http_4xx");
	TU_INT(r.status, 404);
	TU_STR(r.message, "HTTP 404 Not Found");
	TU_INT(r.attempts, 1);
	result_release(&r);
	TU_INT(stat_count(fp, "target=/404%3Ft%3Donce"), 1);

	get(URL(fp, "/410"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "http_4xx");
	TU_INT(r.status, 410);
	result_release(&r);

	/* a challenge page is an error whose body is kept for the caller to recognise */
	get(URL(fp, "/challenge"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "http_4xx");
	TU_INT(r.status, 403);
	TU_CHECK(has(r.body, "Just a moment..."), "challenge body kept");
	result_release(&r);
	get(URL(fp, "/challenge?code=200"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "none");
	TU_CHECK(has(r.body, "Just a moment..."), "200 challenge body");
	result_release(&r);

	get(URL(fp, "/empty"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "none");
	TU_INT(r.status, 200);
	TU_INT(r.len, 0);
	TU_CHECK(r.body && r.body[0] == '\0', "empty body is an empty string");
	result_release(&r);

	get(URL(fp, "/charset-latin1"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "none");
	TU_CHECK(has(r.content_type, "utf-8"), "declared charset passed on: %s", r.content_type);
	TU_CHECK(has(r.body, "Personuppgiftsbitr\xe4"), "latin-1 bytes untouched");
	result_release(&r);
}

static void test_retries(int fp)
{
	tc_fetch_options o;
	result r;
	char url[256];
	double t0;

	base_options(&o);
	o.retries = 2;
	get(URL(fp, "/flaky?key=a&fail=2"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "none");
	TU_INT(r.attempts, 3);
	result_release(&r);
	TU_INT(stat_count(fp, "target=/flaky%3Fkey%3Da%26fail%3D2"), 3);

	get(URL(fp, "/flaky?key=b&fail=5"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "http_5xx");
	TU_INT(r.status, 503);
	TU_INT(r.attempts, 3);
	result_release(&r);

	o.retries = 0;
	get(URL(fp, "/flaky?key=c&fail=1&code=500"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "http_5xx");
	TU_INT(r.status, 500);
	TU_INT(r.attempts, 1);
	result_release(&r);

	/* 429 with Retry-After: 1 → waits about a second, then succeeds */
	o.retries = 1;
	t0 = mono();
	get(URL(fp, "/429?key=a"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "none");
	TU_INT(r.attempts, 2);
	TU_CHECK(r.elapsed >= 0.9 && mono() - t0 >= 0.9, "Retry-After honoured (%.2f s)",
		 r.elapsed);
	result_release(&r);
	/* a Retry-After beyond the cap ends the request instead of waiting */
	get(URL(fp, "/429?key=b&after=3600"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "http_4xx");
	TU_INT(r.status, 429);
	TU_INT(r.attempts, 1);
	TU_CHECK(has(r.message, "Retry-After"), "message: %s", r.message);
	result_release(&r);

	/* connection reset: a transient error, retried, then reported as connect */
	o.retries = 1;
	get(URL(fp, "/reset"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "connect");
	TU_INT(r.attempts, 2);
	TU_CHECK(r.message[0] != '\0', "reset message");
	result_release(&r);
}

/* Retries wait in a queue: other requests go on meanwhile, and every request still
 * ends exactly once. */
static void test_retry_queue(int fp)
{
	enum { N = 12 };
	tc_fetch_options o;
	tc_fetch_request reqs[N];
	result res[N];
	char *urls[N], err[256];
	collect c;
	int once = 1, ok = 1;
	double slowest_ok = 0;

	for (size_t i = 0; i < N; i++) {
		urls[i] = i < 4 ? tc_xasprintf("http://127.0.0.1:%d/flaky?key=q%zu&fail=1", fp, i)
				: tc_xasprintf("http://127.0.0.1:%d/ok?q=%zu", fp, i);
		reqs[i] = (tc_fetch_request){ urls[i], NULL, NULL, 0, NULL };
	}
	base_options(&o);
	o.retries = 1;
	o.retry_delay_ms = 1000;
	o.per_host = 3;
	memset(&c, 0, sizeof(c));
	memset(res, 0, sizeof(res));
	c.res = res;
	c.n = N;
	o.arg = &c;
	TU_INT(tc_fetch_run(reqs, N, &o, err, sizeof(err)), 0);
	for (size_t i = 0; i < N; i++) {
		once &= res[i].calls == 1;
		ok &= res[i].error == TC_FETCH_OK && res[i].attempts == (i < 4 ? 2 : 1);
		if (i >= 4 && res[i].elapsed > slowest_ok)
			slowest_ok = res[i].elapsed;
	}
	TU_CHECK(once, "callback once per request with retries queued");
	TU_CHECK(ok, "flaky ones retried once, the others not");
	TU_CHECK(slowest_ok < res[0].elapsed, "others did not wait for the retry (%.2f vs %.2f s)",
		 slowest_ok, res[0].elapsed);
	TU_CHECK(res[0].elapsed >= 0.7, "backoff about 1 s (%.2f s)", res[0].elapsed);
	for (size_t i = 0; i < N; i++) {
		result_release(&res[i]);
		free(urls[i]);
	}
}

static void test_redirects(int fp)
{
	tc_fetch_options o;
	result r;
	char url[256], want[256];

	base_options(&o);
	get(URL(fp, "/permanent"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "none");
	TU_INT(r.permanent, 1);
	TU_INT(r.redirects, 1);
	snprintf(want, sizeof(want), "http://127.0.0.1:%d/ok", fp);
	TU_STR(r.final_url, want);
	TU_STR(r.permanent_location, want);
	result_release(&r);
	get(URL(fp, "/permanent-308"), &o, &r);
	TU_INT(r.permanent, 1);
	TU_STR(r.final_url, want);
	result_release(&r);

	get(URL(fp, "/redirect-chain/3"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "none");
	TU_INT(r.redirects, 3);
	TU_INT(r.permanent, 0);
	TU_CHECK(r.permanent_location == NULL, "no permanent location for 302s");
	TU_CHECK(has(r.final_url, "/redirect-chain/0"), "final url %s", r.final_url);
	result_release(&r);
	get(URL(fp, "/redirect-chain/6"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "too_many_redirects");
	TU_CHECK(has(r.message, "more than 5 redirects"), "message: %s", r.message);
	result_release(&r);
	o.max_redirects = 0;
	get(URL(fp, "/permanent"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "too_many_redirects");
	result_release(&r);
	o.max_redirects = 5;

	get(URL(fp, "/redirect-loop"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "too_many_redirects");
	TU_CHECK(has(r.message, "loop"), "message: %s", r.message);
	result_release(&r);

	get(URL(fp, "/redirect-file"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "redirect_scheme");
	TU_CHECK(has(r.message, "file:///etc/passwd"), "message: %s", r.message);
	TU_CHECK(r.len == 0, "no body");
	result_release(&r);
	get(URL(fp, "/redirect-ftp"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "redirect_scheme");
	result_release(&r);

	/* to another host name: flagged; an error only when asked */
	get(URL(fp, "/redirect-other-site"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "none");
	TU_INT(r.other_site, 1);
	TU_CHECK(has(r.final_url, "//localhost:"), "final url %s", r.final_url);
	result_release(&r);
	get(URL(fp, "/permanent"), &o, &r);
	TU_INT(r.other_site, 0);
	result_release(&r);
	o.fail_other_site = 1;
	get(URL(fp, "/redirect-other-site"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "redirect_other_site");
	TU_INT(r.other_site, 1);
	result_release(&r);
}

static void test_limits(int fp)
{
	tc_fetch_options o;
	result r;
	char url[256];

	base_options(&o);
	o.max_body = 1 << 20;
	get(URL(fp, "/big?size=2000000"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "too_large");
	TU_CHECK(has(r.message, "1048576"), "message: %s", r.message);
	TU_INT(r.len, 0);
	result_release(&r);
	get(URL(fp, "/big?size=1000"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "none");
	TU_INT(r.len, 1000);
	result_release(&r);

	/* endless chunked body: stopped by the cap, quickly */
	get(URL(fp, "/endless"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "too_large");
	TU_CHECK(r.elapsed < 4.0, "endless stopped in %.2f s", r.elapsed);
	result_release(&r);

	/* 1 GiB of zeros in ~1 MB of gzip: stopped on decoded bytes */
	get(URL(fp, "/bomb"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "too_large");
	result_release(&r);
	o.max_body = (size_t)20 << 20;
	get(URL(fp, "/bomb"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "too_large");
	result_release(&r);
	/* a small compressed body within the limit is decoded */
	get(URL(fp, "/bomb?mb=1"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "none");
	TU_INT(r.len, 1 << 20);
	result_release(&r);

	/* slow drip and slow endless body: timeouts, within bounds */
	o.timeout_ms = 2000;
	o.low_speed_secs = 60;                 /* only the total timeout */
	get(URL(fp, "/slow-drip"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "timeout");
	TU_CHECK(r.elapsed < 4.0, "slow drip ended in %.2f s", r.elapsed);
	TU_CHECK(has(r.message, "imeout") || has(r.message, "timed out"), "message: %s", r.message);
	result_release(&r);
	o.timeout_ms = 30000;
	o.low_speed_bytes = 1000;              /* only the low-speed limit */
	o.low_speed_secs = 1;
	get(URL(fp, "/endless?slow=1"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "timeout");
	TU_CHECK(r.elapsed < 5.0, "low-speed limit ended it in %.2f s", r.elapsed);
	result_release(&r);
}

/* A host name other than "localhost" that resolves to 127.0.0.0/8 (the machine's own
 * name usually does), so that the check at connect is what refuses it; NULL if none. */
static const char *loopback_name(char *buf, size_t len)
{
	const char *cands[] = { buf, "localhost4", "localhost.localdomain", "ip6-localhost" };

	if (gethostname(buf, len) != 0)
		buf[0] = '\0';
	buf[len - 1] = '\0';
	for (size_t i = 0; i < TC_ARRAY_LEN(cands); i++) {
		struct addrinfo hints, *res = NULL;
		int ok = 0;

		if (!cands[i][0] || strcmp(cands[i], "localhost") == 0)
			continue;
		memset(&hints, 0, sizeof(hints));
		hints.ai_family = AF_INET;
		hints.ai_socktype = SOCK_STREAM;
		if (getaddrinfo(cands[i], NULL, &hints, &res) == 0 && res) {
			const struct sockaddr_in *a = (const void *)res->ai_addr;
			ok = (ntohl(a->sin_addr.s_addr) >> 24) == 127;
		}
		if (res)
			freeaddrinfo(res);
		if (ok)
			return cands[i];
	}
	return NULL;
}

/* The address policy in the curl backend: a loopback origin is reached only when the
 * policy names that exact origin; a redirect to another port, another loopback host
 * or a name that resolves to loopback is refused before any byte reaches it. */
static void test_private(int fp, int sp)
{
	tc_fetch_options o;
	tc_addr_policy only_fp = TC_ADDR_POLICY_INIT;
	char url[256], target[256], host[256], *u;
	const char *name;
	result r;

	base_options(&o);
	o.policy = NULL;                        /* nothing non-public allowed */
	tc_fetch_request req = { URL(fp, "/ok?unnamed"), NULL, NULL, 0, NULL };
	TU_CASE("loopback origin not named: refused before connecting");
	fetch_one(&req, &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "redirect_private");
	TU_CHECK(has(r.message, "127.0.0.1") && has(r.message, "loopback"), "message: %s",
		 r.message);
	TU_INT(r.attempts, 1);
	result_release(&r);
	TU_INT(stat_count(fp, "target=/ok%3Funnamed"), 0);

	TU_CASE("allow_private: the request's own origin");
	req.allow_private = 1;
	fetch_one(&req, &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "none");
	result_release(&r);

	/* the origin http://127.0.0.1:fp and nothing else */
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/", fp);
	TU_CHECK(tc_addr_policy_allow_origin(&only_fp, url, NULL, 0) == 0, "allow %s", url);
	base_options(&o);
	o.policy = &only_fp;
	TU_CASE("named origin: fetched");
	get(URL(fp, "/ok"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "none");
	result_release(&r);

	/* defect: a redirect to another port of the allowed host was followed */
	TU_CASE("redirect to another port of the named loopback host: refused");
	snprintf(target, sizeof(target), "http://127.0.0.1:%d/ok?otherport", sp);
	u = tc_xasprintf("/redirect-to?url=http://127.0.0.1:%d/ok%%3Fotherport", sp);
	get(URL(fp, u), &o, &r);
	free(u);
	TU_STR(tc_fetch_error_name(r.error), "redirect_private");
	TU_CHECK(has(r.message, target), "message names the URL: %s", r.message);
	TU_INT(r.redirects, 0);
	result_release(&r);
	if (sp)
		TU_INT(stat_count(sp, "target=/ok%3Fotherport"), 0);

	TU_CASE("redirect to another scheme of the named origin: refused");
	u = tc_xasprintf("/redirect-to?url=https://127.0.0.1:%d/ok", fp);
	get(URL(fp, u), &o, &r);
	free(u);
	TU_STR(tc_fetch_error_name(r.error), "redirect_private");
	result_release(&r);

	TU_CASE("redirect to another loopback host, same port: refused");
	u = tc_xasprintf("/redirect-to?url=http://127.0.0.2:%d/ok", fp);
	get(URL(fp, u), &o, &r);
	free(u);
	TU_STR(tc_fetch_error_name(r.error), "redirect_private");
	TU_CHECK(has(r.message, "127.0.0.2"), "message: %s", r.message);
	result_release(&r);

	TU_CASE("redirect to localhost, same port: refused");
	get(URL(fp, "/redirect-other-site"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "redirect_private");
	result_release(&r);
	TU_CASE("redirect to the link-local metadata address: refused");
	get(URL(fp, "/redirect-to?url=http://169.254.169.254/latest/meta-data/"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "redirect_private");
	TU_CHECK(has(r.message, "link-local"), "message: %s", r.message);
	result_release(&r);

	/* a name that resolves to loopback passes the URL check: the check at connect
	 * (the address actually connected to) refuses it */
	name = loopback_name(host, sizeof(host));
	if (name) {
		TU_CASE("redirect to a name resolving to loopback: refused at connect");
		u = tc_xasprintf("/redirect-to?url=http://%s:%d/ok%%3Fbyname", name, fp);
		get(URL(fp, u), &o, &r);
		free(u);
		TU_STR(tc_fetch_error_name(r.error), "redirect_private");
		TU_CHECK(has(r.message, "refused to connect to 127."), "message: %s", r.message);
		result_release(&r);
		TU_INT(stat_count(fp, "target=/ok%3Fbyname"), 0);
	} else {
		printf("skipped: no host name other than localhost resolves to 127/8\n");
	}
	tc_addr_policy_release(&only_fp);
}

static void test_connect_and_scheme(void)
{
	tc_fetch_options o;
	result r;
	char url[256];
	int fd, port = 0;
	struct sockaddr_in a;
	socklen_t alen = sizeof(a);

	/* a port that was just free: connection refused */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(0x7F000001);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &alen) == 0)
		port = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	base_options(&o);
	allow_server("http", "127.0.0.1", port);
	get(URL(port, "/"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "connect");
	TU_CHECK(r.message[0] != '\0', "connect message");
	result_release(&r);

	get("ftp://127.0.0.1/x", &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "other");
	TU_CHECK(r.message[0] != '\0', "scheme message");
	result_release(&r);
}

static void test_many(int fp, int slow_port)
{
	enum { N = 200 };
	tc_fetch_options o;
	tc_fetch_request *reqs = tc_xcalloc(N, sizeof(*reqs));
	char **urls = tc_xcalloc(N, sizeof(char *));
	result *res = tc_xcalloc(N, sizeof(*res));
	collect c;
	char err[256];
	long failed;
	int once = 1, ok = 1;
	double t0, t;
	long n;

	for (size_t i = 0; i < N; i++) {
		urls[i] = tc_xasprintf("http://127.0.0.1:%d/ok?i=%zu", fp, i);
		reqs[i] = (tc_fetch_request){ urls[i], NULL, NULL, 0, (void *)(urls[i]) };
	}
	base_options(&o);
	memset(&c, 0, sizeof(c));
	c.res = res;
	c.n = N;
	o.arg = &c;
	failed = tc_fetch_run(reqs, N, &o, err, sizeof(err));
	TU_INT(failed, 0);
	for (size_t i = 0; i < N; i++) {
		once &= res[i].calls == 1;
		ok &= res[i].error == TC_FETCH_OK && res[i].user == urls[i];
		result_release(&res[i]);
	}
	TU_CHECK(once, "completion callback exactly once per request");
	TU_CHECK(ok, "all %d fetched with their user pointer", N);
	TU_INT(c.last_done, N);
	TU_INT(c.progress_calls, N);

	/* parallelism against a server that takes 200 ms per response */
	if (slow_port) {
		stat_count(slow_port, "x");        /* warm up */
		base_options(&o);
		memset(&c, 0, sizeof(c));
		c.res = res;
		c.n = 20;
		o.arg = &c;
		o.per_host = 8;
		for (size_t i = 0; i < 20; i++) {
			free(urls[i]);
			urls[i] = tc_xasprintf("http://127.0.0.1:%d/ok?p=%zu", slow_port, i);
			reqs[i].url = urls[i];
		}
		t0 = mono();
		TU_INT(tc_fetch_run(reqs, 20, &o, err, sizeof(err)), 0);
		t = mono() - t0;
		printf("parallel: 20 requests x 200 ms with per_host 8: %.2f s (serial: 4 s)\n", t);
		TU_CHECK(t < 3.5, "parallel fetch took %.2f s", t);
		TU_CHECK(stat_count(slow_port, "path=/ok") == 20, "20 requests made");
		for (size_t i = 0; i < 20; i++)
			result_release(&res[i]);
		/* per-host limit: the server never saw more than per_host at once */
		{
			tc_fetch_options o2;
			result r;
			char url[256];
			base_options(&o2);
			get(URL(slow_port, "/__stats"), &o2, &r);
			n = max_inflight(r.body);
			TU_CHECK(n >= 2 && n <= 8, "max_inflight %ld with per_host 8", n);
			result_release(&r);
			get(URL(slow_port, "/__reset"), &o2, &r);
			result_release(&r);
		}
		o.per_host = 2;
		memset(&c, 0, sizeof(c));
		c.res = res;
		c.n = 6;
		o.arg = &c;
		TU_INT(tc_fetch_run(reqs, 6, &o, err, sizeof(err)), 0);
		for (size_t i = 0; i < 6; i++)
			result_release(&res[i]);
		{
			tc_fetch_options o2;
			result r;
			char url[256];
			base_options(&o2);
			get(URL(slow_port, "/__stats"), &o2, &r);
			n = max_inflight(r.body);
			TU_CHECK(n >= 1 && n <= 2, "max_inflight %ld with per_host 2", n);
			result_release(&r);
		}
	}

	/* interruption: stop after the first completion; the rest end as interrupted */
	if (slow_port) {
		base_options(&o);
		memset(&c, 0, sizeof(c));
		c.res = res;
		c.n = 20;
		c.stop_after = 1;
		o.stop = &c.stop;
		o.arg = &c;
		o.per_host = 1;
		TU_CHECK(tc_fetch_run(reqs, 20, &o, err, sizeof(err)) >= 18, "interrupted run");
		once = 1;
		ok = 0;
		for (size_t i = 0; i < 20; i++) {
			once &= res[i].calls == 1;
			ok += res[i].error == TC_FETCH_INTERRUPTED;
			result_release(&res[i]);
		}
		TU_CHECK(once, "callback once per request when interrupted");
		TU_CHECK(ok >= 18, "%d interrupted", ok);
		TU_INT(c.last_done, 20);
	}

	for (size_t i = 0; i < N; i++)
		free(urls[i]);
	free(urls);
	free(reqs);
	free(res);
}

/* ---- against nginx ---- */

/* Forty requests to two hosts (127.0.0.1 and .2, the same nginx) in pairs (1 1 2 2
 * 1 1 ...), two at a time and two per host: the four connections are kept and
 * reused (nginx's log names the connection of each request), not closed and opened
 * again at each change of host because only two transfers run at once. */
static void test_nginx_reuse(int np)
{
	enum { N = 40 };
	tc_fetch_request reqs[N];
	char *urls[N], line[512], err[256], *log = tc_xasprintf("%s/nginx/conn.log", tmpdir);
	long conns[N];
	size_t nconns = 0, seen = 0;
	tc_fetch_options o;
	result res[N];
	collect c;
	FILE *f;

	for (size_t i = 0; i < N; i++) {
		urls[i] = tc_xasprintf("http://127.0.0.%zu:%d/page.html?reuse=%zu", 1 + i / 2 % 2, np, i);
		reqs[i] = (tc_fetch_request){ urls[i], NULL, NULL, 0, NULL };
	}
	base_options(&o);
	o.per_host = 2;
	o.max_parallel = 2;
	memset(&c, 0, sizeof(c));
	memset(res, 0, sizeof(res));
	c.res = res;
	c.n = N;
	o.arg = &c;
	TU_INT(tc_fetch_run(reqs, N, &o, err, sizeof(err)), 0);
	/* nginx writes its log line after the response: give it a moment */
	for (int tries = 0; tries < 50 && seen < N; tries++) {
		seen = nconns = 0;
		if ((f = fopen(log, "r"))) {
			while (fgets(line, sizeof(line), f)) {
				long conn = strtol(line, NULL, 10);
				size_t k = 0;

				if (!strstr(line, "reuse="))
					continue;
				seen++;
				while (k < nconns && conns[k] != conn)
					k++;
				if (k == nconns && nconns < N)
					conns[nconns++] = conn;
			}
			fclose(f);
		}
		if (seen < N)
			sleep_ms(20);
	}
	TU_INT(seen, N);
	TU_CHECK(nconns >= 2 && nconns <= 4, "%zu requests over %zu connections (2 hosts, 2 each)",
		 seen, nconns);
	for (size_t i = 0; i < N; i++) {
		result_release(&res[i]);
		free(urls[i]);
	}
	free(log);
}

static void test_nginx(int np, int tls_port, const char *ca)
{
	tc_fetch_options o;
	result r;
	char url[256], want[256], *etag = NULL, *lm = NULL;
	tc_fetch_request req = { URL(np, "/page.html"), NULL, NULL, 0, NULL };

	base_options(&o);
	fetch_one(&req, &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "none");
	TU_CHECK(has(r.body, "<h1>Privacy policy</h1>") && r.len > 4000,
		 "gzip body decoded (%zu bytes)", r.len);
	TU_CHECK(has(r.content_type, "text/html"), "content type %s", r.content_type);
	TU_CHECK(r.etag != NULL && r.last_modified != NULL, "ETag and Last-Modified");
	etag = r.etag;
	lm = r.last_modified;
	r.etag = r.last_modified = NULL;
	result_release(&r);

	req.etag = etag;
	fetch_one(&req, &o, &r);
	TU_INT(r.status, 304);
	TU_INT(r.not_modified, 1);
	result_release(&r);
	req.etag = NULL;
	req.last_modified = lm;
	fetch_one(&req, &o, &r);
	TU_INT(r.not_modified, 1);
	result_release(&r);
	free(etag);
	free(lm);

	snprintf(want, sizeof(want), "http://127.0.0.1:%d/page.html", np);
	get(URL(np, "/moved-301"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "none");
	TU_INT(r.permanent, 1);
	TU_STR(r.final_url, want);
	TU_STR(r.permanent_location, want);
	result_release(&r);
	get(URL(np, "/moved-302"), &o, &r);
	TU_STR(tc_fetch_error_name(r.error), "none");
	TU_INT(r.permanent, 0);
	TU_INT(r.redirects, 1);
	TU_STR(r.final_url, want);
	result_release(&r);
	get(URL(np, "/gone"), &o, &r);
	TU_INT(r.status, 410);
	result_release(&r);
	get(URL(np, "/policy.txt"), &o, &r);
	TU_CHECK(has(r.body, "Example Mail Inc., United States"), "text body");
	result_release(&r);

	if (tls_port) {
		snprintf(url, sizeof(url), "https://127.0.0.1:%d/policy.txt", tls_port);
		get(url, &o, &r);
		TU_STR(tc_fetch_error_name(r.error), "tls");
		TU_CHECK(r.message[0] != '\0', "tls message");
		result_release(&r);
		o.ca_file = ca;
		get(url, &o, &r);
		TU_STR(tc_fetch_error_name(r.error), "none");
		TU_CHECK(has(r.body, "Sub-processors"), "https body");
		result_release(&r);
	} else {
		printf("skipped: TLS (no openssl)\n");
	}
}

int main(void)
{
	pid_t fault = 0, slow = 0, ng = 0;
	int fp = 0, sp = 0, np = 0, tp = 0;
	char *ca;

	signal(SIGPIPE, SIG_IGN);
	if (getenv("TC_TOP"))
		top = getenv("TC_TOP");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_addresses();
	test_bad_options();
	test_connect_and_scheme();

	fault = start_faultserver("fault", NULL, &fp);
	TU_CHECK(fault > 0, "fault server started (log in %s)", tmpdir);
	if (fault) {
		allow_server("http", "127.0.0.1", fp);
		allow_server("http", "localhost", fp);
		test_ok_and_conditional(fp);
		test_http_errors(fp);
		test_retries(fp);
		test_retry_queue(fp);
		test_redirects(fp);
		test_limits(fp);
		slow = start_faultserver("slow", "200", &sp);
		TU_CHECK(slow > 0, "slow server started");
		allow_server("http", "127.0.0.1", sp);
		test_private(fp, slow ? sp : 0);
		test_many(fp, slow ? sp : 0);
	}
	ng = start_nginx(&np, &tp);
	allow_server("http", "127.0.0.1", np);
	allow_server("http", "127.0.0.2", np);
	allow_server("https", "127.0.0.1", tp);
	if (access("/usr/sbin/nginx", X_OK) == 0)
		TU_CHECK(ng > 0, "nginx started (log in %s)", tmpdir);
	ca = tc_xasprintf("%s/nginx/cert.pem", tmpdir);
	if (ng) {
		test_nginx(np, tp, ca);
		test_nginx_reuse(np);
	}
	free(ca);

	stop_server(fault);
	stop_server(slow);
	stop_server(ng);
	tc_addr_policy_release(&servers);
	if (tu_failed == 0)
		nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return TU_END("test_fetch");
}
