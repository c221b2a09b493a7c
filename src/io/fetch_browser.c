/*
 * fetch_browser: the browser backend, headless Chromium over the DevTools protocol on
 * a pipe. See fetch_browser.h.
 *
 * Shape: struct cdp is one browser process and its pipe (a socketpair on the browser's
 * fds 3 and 4, so that writing to a browser that died gives EPIPE, never SIGPIPE);
 * messages are JSON objects ended by a NUL byte. struct page is one request being
 * rendered in a tab of its own: it is created, attached to (a flat session), navigated,
 * waited for, read and closed. While waiting for any reply, the events of the page are
 * handled: Fetch.requestPaused (the address policy, layer a), the main document's
 * responses and redirects, lifecycle events, dialogs. The proxy (fetch_proxy.c, layer b)
 * runs for the life of the browser.
 */
#include "tiacheck/fetch_browser.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "tiacheck/appshell.h"
#include "tiacheck/fetch_proxy.h"
#include "tiacheck/util.h"

extern char **environ;

#define START_MS 30000          /* the browser's first answer */
#define CALL_MS 10000           /* any other protocol call */
#define SETTLE_MS 3000          /* after load, the longest wait for network idle */
#define QUIET_MS 500            /* network idle: no request in flight for this long */
#define EVAL_GRACE_MS 5000      /* reading the DOM may run past the page's deadline */
#define JS_HEAP_MB 512          /* V8 heap limit of every page */
#define READ_CHUNK 65536
#define MAX_RESTARTS 3          /* browsers started per run after the first */
#define STR_(x) #x
#define STR(x) STR_(x)

static int layers = 3;          /* 1: Fetch interception, 2: the proxy */
static unsigned starts;

void tc_fetch_browser_set_layers(int mask)
{
	layers = mask & 3;
}

unsigned tc_fetch_browser_starts(void)
{
	return starts;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* ---- names ---- */

static const char *const render_names[] = {
	[TC_FETCH_MODE_AUTO] = "auto",
	[TC_FETCH_MODE_STATIC] = "static",
	[TC_FETCH_MODE_BROWSER] = "browser",
};

const char *tc_fetch_mode_name(enum tc_fetch_mode r)
{
	return (size_t)r < TC_ARRAY_LEN(render_names) ? render_names[r] : "auto";
}

int tc_fetch_mode_parse(const char *s, enum tc_fetch_mode *out)
{
	for (size_t i = 0; s && i < TC_ARRAY_LEN(render_names); i++) {
		if (strcmp(s, render_names[i]) == 0) {
			*out = (enum tc_fetch_mode)i;
			return 0;
		}
	}
	return -1;
}

/* ---- finding the binary ---- */

static int executable(const char *path)
{
	struct stat st;

	return path && *path && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	       access(path, X_OK) == 0;
}

int tc_chromium_find(char *buf, size_t len)
{
	static const char *const names[] = { "chromium", "chromium-browser" };
	const char *env = getenv("TIACHECK_CHROMIUM"), *path = getenv("PATH");

	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return executable(env) ? 0 : -1;
	}
	snprintf(buf, len, "/usr/lib/chromium/chromium");
	if (executable(buf))
		return 0;
	for (size_t i = 0; i < TC_ARRAY_LEN(names); i++) {
		const char *p = path ? path : "/usr/bin:/bin";
		while (*p) {
			size_t n = strcspn(p, ":");
			if (n > 0) {
				snprintf(buf, len, "%.*s/%s", (int)n, p, names[i]);
				if (executable(buf))
					return 0;
			}
			p += n + (p[n] == ':');
		}
	}
	snprintf(buf, len, "/usr/lib/chromium/chromium or chromium on PATH");
	return -1;
}

/* ---- one browser ---- */

struct cdp {
	pid_t pid;
	int fd;                     /* our end of the socketpair */
	char *profile;              /* the fresh --user-data-dir */
	char *in;                   /* bytes read, not yet a whole message */
	size_t len, cap, max;
	int discarding;             /* an oversized message is being skipped */
	int next_id;
	int broken;                 /* a call timed out or the pipe failed: stop it */
	char *user_agent;           /* for every page (owned) */
	tc_fetch_proxy *proxy;
};

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Wait up to ms for pid; 1 when it ended. */
static int wait_exit(pid_t pid, long ms)
{
	int st;

	for (long t = 0; t <= ms; t += 50) {
		pid_t r = waitpid(pid, &st, WNOHANG);
		if (r == pid || (r < 0 && errno == ECHILD))
			return 1;
		sleep_ms(50);
	}
	return 0;
}

static void cdp_stop(struct cdp *c)
{
	if (c->fd >= 0)
		close(c->fd);           /* the browser ends when its pipe closes */
	c->fd = -1;
	if (c->pid > 0) {
		if (!wait_exit(c->pid, 3000)) {
			kill(-c->pid, SIGTERM);
			if (!wait_exit(c->pid, 2000)) {
				kill(-c->pid, SIGKILL);
				waitpid(c->pid, NULL, 0);
			}
		}
		kill(-c->pid, SIGKILL); /* helpers left in its process group */
	}
	c->pid = 0;
	tc_fetch_proxy_stop(c->proxy);
	c->proxy = NULL;
	if (c->profile)
		nftw(c->profile, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(c->profile);
	c->profile = NULL;
	free(c->in);
	c->in = NULL;
	c->len = c->cap = 0;
	c->discarding = 0;
	free(c->user_agent);
	c->user_agent = NULL;
	c->broken = 0;
}

/* Send one message; its id, or -1 (the browser is then broken). Takes params. */
static int cdp_send(struct cdp *c, const char *method, cJSON *params, const char *session)
{
	cJSON *m = cJSON_CreateObject();
	char *text;
	int id = ++c->next_id, ret = id;
	size_t len, off = 0;
	double deadline = now_ms() + CALL_MS;

	cJSON_AddNumberToObject(m, "id", id);
	cJSON_AddStringToObject(m, "method", method);
	cJSON_AddItemToObject(m, "params", params ? params : cJSON_CreateObject());
	if (session)
		cJSON_AddStringToObject(m, "sessionId", session);
	text = cJSON_PrintUnformatted(m);
	cJSON_Delete(m);
	if (!text || c->fd < 0) {
		cJSON_free(text);
		c->broken = 1;
		return -1;
	}
	len = strlen(text) + 1;         /* the NUL ends the message */
	while (off < len) {
		struct pollfd pf = { c->fd, POLLOUT, 0 };
		ssize_t w;

		if (now_ms() > deadline) {
			ret = -1;
			break;
		}
		if (poll(&pf, 1, 100) <= 0)
			continue;
		w = send(c->fd, text + off, len - off, MSG_NOSIGNAL);
		if (w < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (w <= 0) {
			ret = -1;
			break;
		}
		off += (size_t)w;
	}
	cJSON_free(text);
	if (ret < 0)
		c->broken = 1;
	return ret;
}

/* The next whole message already read, or NULL. */
static cJSON *take_message(struct cdp *c)
{
	char *nul = c->len ? memchr(c->in, '\0', c->len) : NULL;
	cJSON *m;
	size_t used;

	if (!nul)
		return NULL;
	used = (size_t)(nul - c->in) + 1;
	m = cJSON_ParseWithLength(c->in, used - 1);
	memmove(c->in, c->in + used, c->len - used);
	c->len -= used;
	return m ? m : cJSON_CreateObject();    /* unparsable: an empty message */
}

/* Read more bytes. 0 ok, -1 the browser is gone. */
static int read_more(struct cdp *c)
{
	ssize_t r;

	if (c->cap - c->len < READ_CHUNK) {
		c->cap = c->len + READ_CHUNK * 2;
		c->in = tc_xrealloc(c->in, c->cap);
	}
	r = recv(c->fd, c->in + c->len, READ_CHUNK, 0);
	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (r <= 0)
		return -1;
	if (c->discarding) {            /* skip through the end of the oversized one */
		char *nul = memchr(c->in + c->len, '\0', (size_t)r);
		if (!nul)
			return 0;
		memmove(c->in, nul + 1, (size_t)(c->in + c->len + r - nul - 1));
		c->len = (size_t)(c->in + c->len + r - nul - 1);
		c->discarding = 0;
		return 0;
	}
	c->len += (size_t)r;
	if (c->len > c->max && !memchr(c->in, '\0', c->len)) {
		c->discarding = 1;
		c->len = 0;
	}
	return 0;
}

/* The next message before deadline: 1 with *out (owned), 0 on time out, -1 when the
 * browser is gone (then broken). */
static int cdp_next(struct cdp *c, double deadline, cJSON **out)
{
	*out = NULL;
	for (;;) {
		struct pollfd pf = { c->fd, POLLIN, 0 };
		double left;

		if ((*out = take_message(c)))
			return 1;
		left = deadline - now_ms();
		if (left <= 0)
			return 0;
		if (poll(&pf, 1, left > 200 ? 200 : (int)left + 1) <= 0)
			continue;
		if (read_more(c) < 0) {
			c->broken = 1;
			return -1;
		}
	}
}

static const char *jstr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* ---- one page ---- */

struct run;

struct page {
	struct run *r;
	const tc_fetch_request *req;
	char *target, *session;
	char *loader;               /* of the main frame's current document */
	int nav_sent;
	int load, dom_ready, idle;
	double load_at;
	int inflight;               /* requests of the page under way */
	double quiet_since;         /* when inflight last became 0 */
	int doc_requests;           /* main-frame document requests (hops) seen */
	int refused;                /* layer a refused a main-document request */
	int refused_hop;            /* ... that was a redirect hop */
	int too_many;
	tc_addr_verdict verdict;
	int blocked_sub;            /* sub-requests refused */
	int perm_chain;
	int crashed;
	char *proxy_kind;           /* the main document came from our proxy (an error) */
	char *mime;
	tc_fetch_response resp;
};

struct run {
	const tc_fetch_request *reqs;
	size_t n;
	const tc_fetch_options *o;
	struct cdp cdp;
	int started;                /* browsers started in this run */
	int unavailable;            /* TC_FETCH_NEEDS_BROWSER for every page */
	char unavailable_msg[512];
	size_t done, failed;
	uint64_t rng;
};

static int is_main_frame(const struct page *pg, const char *frame)
{
	return frame && pg->target && strcmp(frame, pg->target) == 0;
}

/* Layer a: every request of the page, before it goes out. */
static void on_request_paused(struct page *pg, const cJSON *p)
{
	struct cdp *c = &pg->r->cdp;
	const cJSON *rq = cJSON_GetObjectItemCaseSensitive(p, "request");
	const char *id = jstr(p, "requestId"), *url = jstr(rq, "url");
	const char *type = jstr(p, "resourceType");
	int main_doc = type && strcmp(type, "Document") == 0 && is_main_frame(pg, jstr(p, "frameId"));
	const tc_addr_policy *pol = pg->r->o->policy;
	tc_addr_verdict v;
	cJSON *a = cJSON_CreateObject();
	int ok;

	if (!id || !url) {
		cJSON_Delete(a);
		return;
	}
	if (main_doc && pg->doc_requests++ > 0)
		ok = tc_addr_policy_check_redirect(pol, pg->req->url, url, &v) == 0;
	else
		ok = tc_addr_policy_check_url(pol, url, &v) == 0;
	if (main_doc && pg->doc_requests > pg->r->o->max_redirects + 1) {
		ok = 0;
		pg->too_many = 1;
	}
	cJSON_AddStringToObject(a, "requestId", id);
	if (ok) {
		cdp_send(c, "Fetch.continueRequest", a, pg->session);
		return;
	}
	cJSON_AddStringToObject(a, "errorReason", "BlockedByClient");
	cdp_send(c, "Fetch.failRequest", a, pg->session);
	if (main_doc && !pg->too_many) {
		pg->refused = 1;
		pg->refused_hop = pg->doc_requests > 1;
		pg->verdict = v;
	} else if (!main_doc) {
		pg->blocked_sub++;
	}
}

/* A redirect of the main document: count it, follow the permanent chain. */
static void on_request_sent(struct page *pg, const cJSON *p)
{
	const cJSON *redir = cJSON_GetObjectItemCaseSensitive(p, "redirectResponse");
	const cJSON *rq = cJSON_GetObjectItemCaseSensitive(p, "request");
	const char *type = jstr(p, "type"), *url = jstr(rq, "url");
	long status;

	if (!redir)
		pg->inflight++;         /* a redirect hop goes on as the same request */
	if (!redir || !type || strcmp(type, "Document") != 0 || !is_main_frame(pg, jstr(p, "frameId")))
		return;
	status = (long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(redir, "status"));
	pg->resp.redirects++;
	if (pg->perm_chain && (status == 301 || status == 308) && url) {
		pg->resp.permanent_redirect = 1;
		free(pg->resp.permanent_location);
		pg->resp.permanent_location = tc_xstrdup(url);
	} else {
		pg->perm_chain = 0;
	}
}

/* The main document's response: status, URL, type, and whether our proxy made it. */
static void on_response(struct page *pg, const cJSON *p)
{
	const cJSON *rs = cJSON_GetObjectItemCaseSensitive(p, "response");
	const cJSON *h = cJSON_GetObjectItemCaseSensitive(rs, "headers"), *e;
	const char *type = jstr(p, "type"), *url = jstr(rs, "url");

	if (!type || strcmp(type, "Document") != 0 || !is_main_frame(pg, jstr(p, "frameId")))
		return;
	pg->resp.status = (long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(rs, "status"));
	if (url) {
		free(pg->resp.final_url);
		pg->resp.final_url = tc_xstrdup(url);
	}
	free(pg->mime);
	pg->mime = tc_xstrdup(jstr(rs, "mimeType"));
	free(pg->proxy_kind);
	pg->proxy_kind = NULL;
	cJSON_ArrayForEach(e, h) {
		if (e->string && strcasecmp(e->string, "x-tiacheck-proxy") == 0 && cJSON_IsString(e))
			pg->proxy_kind = tc_xstrdup(e->valuestring);
	}
}

static void on_lifecycle(struct page *pg, const cJSON *p)
{
	const char *name = jstr(p, "name"), *loader = jstr(p, "loaderId");

	if (!pg->nav_sent || !name || !loader || !is_main_frame(pg, jstr(p, "frameId")))
		return;
	if (strcmp(name, "init") == 0) {        /* a new document: wait for it instead */
		free(pg->loader);
		pg->loader = tc_xstrdup(loader);
		pg->load = pg->dom_ready = pg->idle = 0;
		return;
	}
	if (!pg->loader || strcmp(loader, pg->loader) != 0)
		return;
	if (strcmp(name, "DOMContentLoaded") == 0) {
		pg->dom_ready = 1;
	} else if (strcmp(name, "load") == 0) {
		pg->load = 1;
		pg->load_at = now_ms();
	} else if (strcmp(name, "networkIdle") == 0) {
		pg->idle = 1;
	}
}

/* One event of the page's session. */
static void page_event(struct page *pg, const cJSON *m)
{
	const char *method = jstr(m, "method"), *session = jstr(m, "sessionId");
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(m, "params");

	if (!method)
		return;
	if (strcmp(method, "Target.detachedFromTarget") == 0 ||
	    strcmp(method, "Target.targetCrashed") == 0) {
		const char *t = jstr(p, "targetId"), *s = jstr(p, "sessionId");
		if ((t && pg->target && strcmp(t, pg->target) == 0) ||
		    (s && pg->session && strcmp(s, pg->session) == 0))
			pg->crashed = 1;
		return;
	}
	if (!session || !pg->session || strcmp(session, pg->session) != 0)
		return;
	if (strcmp(method, "Fetch.requestPaused") == 0) {
		on_request_paused(pg, p);
	} else if (strcmp(method, "Network.requestWillBeSent") == 0) {
		on_request_sent(pg, p);
	} else if (strcmp(method, "Network.responseReceived") == 0) {
		on_response(pg, p);
	} else if (strcmp(method, "Network.loadingFinished") == 0 ||
		   strcmp(method, "Network.loadingFailed") == 0) {
		if (pg->inflight > 0 && --pg->inflight == 0)
			pg->quiet_since = now_ms();
	} else if (strcmp(method, "Page.lifecycleEvent") == 0) {
		on_lifecycle(pg, p);
	} else if (strcmp(method, "Inspector.targetCrashed") == 0) {
		pg->crashed = 1;
	} else if (strcmp(method, "Page.javascriptDialogOpening") == 0) {
		cJSON *a = cJSON_CreateObject();
		cJSON_AddBoolToObject(a, "accept", 0);
		cdp_send(&pg->r->cdp, "Page.handleJavaScriptDialog", a, pg->session);
	}
}

/*
 * Call method and wait for its answer, handling the page's events meanwhile (pg may be
 * NULL). 0 with *result (owned, may be NULL when not wanted) on success; -1 with err
 * on an error answer, a time out (the browser is then broken) or a dead browser.
 */
static int cdp_call(struct cdp *c, struct page *pg, const char *method, cJSON *params,
		    const char *session, double deadline, cJSON **result, char *err, size_t errlen)
{
	int id = cdp_send(c, method, params, session);

	if (result)
		*result = NULL;
	if (id < 0) {
		tc_seterr(err, errlen, "the browser does not read its pipe (%s)", method);
		return -1;
	}
	for (;;) {
		cJSON *m = NULL, *idv;
		int rc = cdp_next(c, deadline, &m);

		if (rc <= 0) {
			c->broken = 1;
			tc_seterr(err, errlen, rc == 0 ? "the browser did not answer %s in time"
						       : "the browser ended (during %s)", method);
			return -1;
		}
		idv = cJSON_GetObjectItemCaseSensitive(m, "id");
		if (cJSON_IsNumber(idv) && (int)idv->valuedouble == id) {
			const cJSON *e = cJSON_GetObjectItemCaseSensitive(m, "error");
			if (e) {
				tc_seterr(err, errlen, "%s: %s", method,
					  jstr(e, "message") ? jstr(e, "message") : "error");
				cJSON_Delete(m);
				return -1;
			}
			if (result) {
				*result = cJSON_DetachItemFromObjectCaseSensitive(m, "result");
			}
			cJSON_Delete(m);
			return 0;
		}
		if (pg && !idv)
			page_event(pg, m);
		cJSON_Delete(m);
	}
}

/* ---- starting the browser ---- */

static void set_args(char **argv, size_t max, const char *bin, const char *profile, int port)
{
	size_t i = 0;

	argv[i++] = tc_xstrdup(bin);
	static const char *const fixed[] = {
		"--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
		"--no-first-run", "--no-default-browser-check", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--disable-extensions",
		"--disable-dev-shm-usage", "--disable-breakpad", "--disable-crash-reporter",
		"--disable-domain-reliability", "--disable-client-side-phishing-detection",
		"--no-pings", "--mute-audio", "--hide-scrollbars", "--metrics-recording-only",
		"--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication",
		"--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
		"--js-flags=--max-old-space-size=" STR(JS_HEAP_MB),
	};
	for (size_t k = 0; k < TC_ARRAY_LEN(fixed) && i < max - 4; k++)
		argv[i++] = tc_xstrdup(fixed[k]);
	argv[i++] = tc_xasprintf("--user-data-dir=%s", profile);
	if (port > 0) {
		argv[i++] = tc_xasprintf("--proxy-server=http://127.0.0.1:%d", port);
		argv[i++] = tc_xstrdup("--proxy-bypass-list=<-loopback>");
	}
	argv[i] = NULL;
}

/* Spawn bin with our socketpair end on its fds 3 and 4. 0 ok. */
static int spawn_browser(struct cdp *c, const char *bin, char *err, size_t errlen)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, def;
	char *argv[40] = { NULL }, *log = tc_xasprintf("%s/browser.log", c->profile);
	int sv[2] = { -1, -1 }, child = -1, rc = -1;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		tc_seterr(err, errlen, "cannot make the browser's pipe: %s", strerror(errno));
		free(log);
		return -1;
	}
	/* above fd 4, so that dup2 onto 3 and 4 always makes new descriptors */
	child = fcntl(sv[1], F_DUPFD_CLOEXEC, 10);
	close(sv[1]);
	set_args(argv, TC_ARRAY_LEN(argv), bin, c->profile, tc_fetch_proxy_port(c->proxy));
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_adddup2(&fa, child, 3);
	posix_spawn_file_actions_adddup2(&fa, child, 4);
	posix_spawnattr_init(&at);
	sigemptyset(&none);
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE);
	sigaddset(&def, SIGTERM);
	sigaddset(&def, SIGINT);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &def);
	posix_spawnattr_setpgroup(&at, 0);      /* its own group: stopped as a whole */
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
				 POSIX_SPAWN_SETSIGDEF);
	if (child >= 0 && posix_spawn(&c->pid, bin, &fa, &at, argv, environ) == 0) {
		rc = 0;
		c->fd = sv[0];
		fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
	} else {
		c->pid = 0;
		tc_seterr(err, errlen, "cannot start '%s': %s", bin, strerror(errno));
		close(sv[0]);
	}
	if (child >= 0)
		close(child);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	for (size_t i = 0; argv[i]; i++)
		free(argv[i]);
	free(log);
	return rc;
}

/* The user agent for pages: the browser's own, marked as ours. Owned. */
static char *page_user_agent(const char *browser_ua, const char *ours)
{
	tc_buf b;
	const char *h = browser_ua ? strstr(browser_ua, "HeadlessChrome/") : NULL;

	tc_buf_init(&b, 4096);
	if (h) {
		tc_buf_add(&b, browser_ua, (size_t)(h - browser_ua));
		tc_buf_adds(&b, h + strlen("Headless"));
	} else if (browser_ua) {
		tc_buf_adds(&b, browser_ua);
	}
	if (ours && *ours)
		tc_buf_printf(&b, "%s%s", b.len ? " " : "", ours);
	return tc_buf_detach(&b);
}

/* Start the browser (and the proxy) for r. 0 ok; -1 with err. */
static int cdp_start(struct run *r, char *err, size_t errlen)
{
	struct cdp *c = &r->cdp;
	char bin[1024], why[256];
	cJSON *res = NULL, *a;

	if (tc_chromium_find(bin, sizeof(bin)) < 0) {
		tc_seterr(err, errlen, "headless Chromium is needed to render this page and was "
			  "not found (%.200s); %s", bin, TC_CHROMIUM_HINT);
		return -1;
	}
	c->max = r->o->max_body * 6 + ((size_t)1 << 20);
	c->profile = tc_make_temp_dir("tiacheck-chromium", why, sizeof(why));
	if (!c->profile) {
		tc_seterr(err, errlen, "cannot make a browser profile folder: %s", why);
		return -1;
	}
	if (layers & 2) {
		tc_proxy_limits lim;
		tc_proxy_limits_init(&lim);
		lim.connect_timeout_ms = r->o->connect_timeout_ms;
		lim.max_ms = r->o->timeout_ms + 10000;
		lim.max_bytes = (unsigned long long)r->o->max_body * 4 + (64ULL << 20);
		c->proxy = tc_fetch_proxy_start(r->o->policy, &lim, err, errlen);
		if (!c->proxy)
			goto fail;
	}
	if (spawn_browser(c, bin, err, errlen) < 0)
		goto fail;
	starts++;
	r->started++;
	if (cdp_call(c, NULL, "Browser.getVersion", NULL, NULL, now_ms() + START_MS, &res,
		     err, errlen) < 0) {
		size_t l = strlen(err);
		snprintf(err + l, errlen - l, "; '%.200s' did not start as a headless browser", bin);
		goto fail;
	}
	c->user_agent = page_user_agent(jstr(res, "userAgent"), r->o->user_agent);
	cJSON_Delete(res);
	a = cJSON_CreateObject();
	cJSON_AddStringToObject(a, "behavior", "deny");
	cdp_call(c, NULL, "Browser.setDownloadBehavior", a, NULL, now_ms() + CALL_MS, NULL,
		 err, errlen);
	err[0] = '\0';
	return 0;
fail:
	cdp_stop(c);
	return -1;
}

/* ---- rendering one page ---- */

/* Net error texts of Page.navigate and what they mean. */
static const struct {
	const char *text;
	enum tc_fetch_error kind;
} net_errors[] = {
	{ "net::ERR_NAME_NOT_RESOLVED", TC_FETCH_DNS },
	{ "net::ERR_NAME_RESOLUTION_FAILED", TC_FETCH_DNS },
	{ "net::ERR_CONNECTION_REFUSED", TC_FETCH_CONNECT },
	{ "net::ERR_CONNECTION_RESET", TC_FETCH_CONNECT },
	{ "net::ERR_CONNECTION_CLOSED", TC_FETCH_CONNECT },
	{ "net::ERR_CONNECTION_FAILED", TC_FETCH_CONNECT },
	{ "net::ERR_EMPTY_RESPONSE", TC_FETCH_CONNECT },
	{ "net::ERR_ADDRESS_UNREACHABLE", TC_FETCH_CONNECT },
	{ "net::ERR_TUNNEL_CONNECTION_FAILED", TC_FETCH_CONNECT },
	{ "net::ERR_PROXY_CONNECTION_FAILED", TC_FETCH_CONNECT },
	{ "net::ERR_TIMED_OUT", TC_FETCH_TIMEOUT },
	{ "net::ERR_CONNECTION_TIMED_OUT", TC_FETCH_TIMEOUT },
	{ "net::ERR_CERT_", TC_FETCH_TLS },
	{ "net::ERR_SSL_", TC_FETCH_TLS },
	{ "net::ERR_TOO_MANY_REDIRECTS", TC_FETCH_TOO_MANY_REDIRECTS },
	{ "net::ERR_UNSAFE_REDIRECT", TC_FETCH_REDIRECT_SCHEME },
	{ "net::ERR_CONTENT_DECODING_FAILED", TC_FETCH_BAD_ENCODING },
	{ "net::ERR_FILE_TOO_BIG", TC_FETCH_TOO_LARGE },
};

static void page_fail(struct page *pg, enum tc_fetch_error kind, const char *fmt, const char *a)
{
	pg->resp.error = kind;
	tc_seterr(pg->resp.message, sizeof(pg->resp.message), fmt, a);
}

/* A navigation that failed with errorText: the most precise reason we know. */
static void navigate_failed(struct page *pg, const char *text)
{
	enum tc_fetch_error kind = TC_FETCH_OTHER;
	char msg[512];
	const char *url = pg->resp.final_url ? pg->resp.final_url : pg->req->url;

	if (pg->too_many) {
		pg->resp.error = TC_FETCH_TOO_MANY_REDIRECTS;
		tc_seterr(pg->resp.message, sizeof(pg->resp.message), "more than %d redirects",
			  pg->r->o->max_redirects);
		return;
	}
	if (pg->refused) {
		pg->resp.error = tc_fetch_error_of_refusal(pg->verdict.refusal, pg->refused_hop);
		snprintf(pg->resp.message, sizeof(pg->resp.message), "%s", pg->verdict.message);
		return;
	}
	if (tc_fetch_proxy_last_failure(pg->r->cdp.proxy, url, &kind, msg, sizeof(msg))) {
		pg->resp.error = kind;
		snprintf(pg->resp.message, sizeof(pg->resp.message), "%s", msg);
		return;
	}
	for (size_t i = 0; i < TC_ARRAY_LEN(net_errors); i++)
		if (strncmp(text, net_errors[i].text, strlen(net_errors[i].text)) == 0)
			kind = net_errors[i].kind;
	pg->resp.error = kind;
	snprintf(pg->resp.message, sizeof(pg->resp.message), "the browser could not load '%.300s': %s",
		 url, text);
}

/* Open a tab, attach to it, enable what we listen to. 0 ok; -1 with resp set. */
static int page_open(struct page *pg, double deadline)
{
	struct cdp *c = &pg->r->cdp;
	cJSON *a = cJSON_CreateObject(), *res = NULL;
	char err[256];

	cJSON_AddStringToObject(a, "url", "about:blank");
	if (cdp_call(c, pg, "Target.createTarget", a, NULL, deadline, &res, err, sizeof(err)) < 0)
		goto fail;
	pg->target = tc_xstrdup(jstr(res, "targetId"));
	cJSON_Delete(res);
	a = cJSON_CreateObject();
	cJSON_AddStringToObject(a, "targetId", pg->target ? pg->target : "");
	cJSON_AddBoolToObject(a, "flatten", 1);
	if (cdp_call(c, pg, "Target.attachToTarget", a, NULL, deadline, &res, err, sizeof(err)) < 0)
		goto fail;
	pg->session = tc_xstrdup(jstr(res, "sessionId"));
	cJSON_Delete(res);
	res = NULL;
	if (!pg->target || !pg->session) {
		snprintf(err, sizeof(err), "no tab or session from the browser");
		goto fail;
	}
	if (layers & 1) {
		cJSON *pats = cJSON_AddArrayToObject(a = cJSON_CreateObject(), "patterns"), *one;
		cJSON_AddItemToArray(pats, one = cJSON_CreateObject());
		cJSON_AddStringToObject(one, "urlPattern", "*");
		if (cdp_call(c, pg, "Fetch.enable", a, pg->session, deadline, NULL, err, sizeof(err)) < 0)
			goto fail;
	}
	a = cJSON_CreateObject();
	cJSON_AddStringToObject(a, "userAgent", c->user_agent ? c->user_agent : "");
	if (cdp_call(c, pg, "Network.enable", NULL, pg->session, deadline, NULL, err, sizeof(err)) < 0 ||
	    cdp_call(c, pg, "Network.setUserAgentOverride", a, pg->session, deadline, NULL, err,
		     sizeof(err)) < 0 ||
	    cdp_call(c, pg, "Page.enable", NULL, pg->session, deadline, NULL, err, sizeof(err)) < 0 ||
	    cdp_call(c, pg, "Inspector.enable", NULL, pg->session, deadline, NULL, err,
		     sizeof(err)) < 0)
		goto fail;
	a = cJSON_CreateObject();
	cJSON_AddBoolToObject(a, "enabled", 1);
	if (cdp_call(c, pg, "Page.setLifecycleEventsEnabled", a, pg->session, deadline, NULL, err,
		     sizeof(err)) < 0)
		goto fail;
	return 0;
fail:
	page_fail(pg, c->broken ? TC_FETCH_TIMEOUT : TC_FETCH_OTHER, "browser: %s", err);
	return -1;
}

/* Loaded, and the network quiet (by our count or Chromium's), or settled long enough. */
static int settled(const struct page *pg)
{
	double now = now_ms();

	if (!pg->load)
		return 0;
	if (pg->idle || now - pg->load_at > SETTLE_MS)
		return 1;
	return pg->inflight == 0 && now - (pg->quiet_since > pg->load_at ? pg->quiet_since
									   : pg->load_at) >= QUIET_MS;
}

/* Navigate and wait for load, then network idle (or a settle time). 0 when the page
 * is there to be read; -1 with resp set. */
static int page_load(struct page *pg, double deadline)
{
	struct cdp *c = &pg->r->cdp;
	cJSON *a = cJSON_CreateObject(), *res = NULL, *m;
	const char *etext;
	char err[256];

	cJSON_AddStringToObject(a, "url", pg->req->url);
	pg->nav_sent = 1;
	if (cdp_call(c, pg, "Page.navigate", a, pg->session, deadline, &res, err, sizeof(err)) < 0) {
		page_fail(pg, c->broken ? TC_FETCH_TIMEOUT : TC_FETCH_OTHER, "browser: %s", err);
		return -1;
	}
	etext = jstr(res, "errorText");
	if (etext && *etext) {
		navigate_failed(pg, etext);
		cJSON_Delete(res);
		return -1;
	}
	cJSON_Delete(res);
	while (!pg->crashed && !settled(pg)) {
		const volatile sig_atomic_t *stop = pg->r->o->stop;
		int rc = cdp_next(c, deadline < now_ms() + 50 ? deadline : now_ms() + 50, &m);
		if (rc < 0) {
			page_fail(pg, TC_FETCH_OTHER, "the browser ended while loading '%.300s'",
				  pg->req->url);
			return -1;
		}
		if (rc > 0) {
			if (!cJSON_GetObjectItemCaseSensitive(m, "id"))
				page_event(pg, m);
			cJSON_Delete(m);
		}
		if (stop && *stop) {
			page_fail(pg, TC_FETCH_INTERRUPTED, "%s", "interrupted");
			return -1;
		}
		if (now_ms() >= deadline) {
			if (pg->dom_ready && pg->resp.status)
				break;          /* slow sub-resources: read what is there */
			pg->resp.error = TC_FETCH_TIMEOUT;
			tc_seterr(pg->resp.message, sizeof(pg->resp.message),
				  "the page did not load within %ld ms in the browser",
				  pg->r->o->timeout_ms);
			return -1;
		}
	}
	if (pg->crashed) {
		page_fail(pg, TC_FETCH_OTHER, "the browser's tab crashed on '%.300s' (memory limit?)",
			  pg->req->url);
		return -1;
	}
	return 0;
}

/* Read the rendered DOM into the body, within the body cap. 0 ok; -1 with resp set. */
static int page_read(struct page *pg, double deadline)
{
	struct cdp *c = &pg->r->cdp;
	cJSON *a = cJSON_CreateObject(), *res = NULL;
	const cJSON *val;
	const char *html;
	char err[256], *expr;
	int ret = -1;

	expr = tc_xasprintf(
		"(function(){var d=document,t=d.doctype?'<!DOCTYPE '+d.doctype.name+'>\\n':'';"
		"var h=t+(d.documentElement?d.documentElement.outerHTML:'');"
		"var n=new TextEncoder().encode(h).length;return n>%zu?{len:n}:{html:h};})()",
		pg->r->o->max_body);
	cJSON_AddStringToObject(a, "expression", expr);
	cJSON_AddBoolToObject(a, "returnByValue", 1);
	free(expr);
	if (cdp_call(c, pg, "Runtime.evaluate", a, pg->session, deadline, &res, err, sizeof(err)) < 0) {
		page_fail(pg, c->broken ? TC_FETCH_TIMEOUT : TC_FETCH_OTHER,
			  "cannot read the rendered page: %s", err);
		goto out;
	}
	val = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(res, "result"),
					       "value");
	html = jstr(val, "html");
	if (!html) {
		pg->resp.error = TC_FETCH_TOO_LARGE;
		tc_seterr(pg->resp.message, sizeof(pg->resp.message),
			  "rendered page larger than the limit of %zu bytes", pg->r->o->max_body);
		goto out;
	}
	tc_buf_release(&pg->resp.body);
	tc_buf_init(&pg->resp.body, pg->r->o->max_body);
	if (tc_buf_adds(&pg->resp.body, html) < 0) {
		pg->resp.error = TC_FETCH_TOO_LARGE;
		tc_seterr(pg->resp.message, sizeof(pg->resp.message),
			  "rendered page larger than the limit of %zu bytes", pg->r->o->max_body);
		goto out;
	}
	ret = 0;
out:
	cJSON_Delete(res);
	return ret;
}

/* The status of the main document decides the outcome of a loaded page. */
static void page_status(struct page *pg)
{
	long s = pg->resp.status;
	enum tc_fetch_error kind;
	char msg[512];

	if (pg->proxy_kind && tc_fetch_proxy_last_failure(pg->r->cdp.proxy, pg->resp.final_url,
							  &kind, msg, sizeof(msg))) {
		pg->resp.error = kind;
		pg->resp.status = 0;    /* our proxy answered, not the site */
		snprintf(pg->resp.message, sizeof(pg->resp.message), "%s", msg);
	} else if (s >= 200 && s < 300) {
		pg->resp.error = TC_FETCH_OK;
	} else if (s >= 400 && s < 600) {
		pg->resp.error = s >= 500 ? TC_FETCH_HTTP_5XX : TC_FETCH_HTTP_4XX;
		tc_seterr(pg->resp.message, sizeof(pg->resp.message), "HTTP %ld", s);
	} else {
		pg->resp.error = TC_FETCH_OTHER;
		tc_seterr(pg->resp.message, sizeof(pg->resp.message),
			  "the browser got no usable answer for '%.300s' (status %ld)", pg->req->url, s);
	}
}

/* Close the tab; a browser that does not answer is stopped (restarted when needed). */
static void page_close(struct page *pg)
{
	struct cdp *c = &pg->r->cdp;
	char err[256];

	if (pg->target && !c->broken) {
		cJSON *a = cJSON_CreateObject();
		cJSON_AddStringToObject(a, "targetId", pg->target);
		cdp_call(c, NULL, "Target.closeTarget", a, NULL, now_ms() + CALL_MS, NULL, err,
			 sizeof(err));
	}
	if (c->broken)
		cdp_stop(c);
}

static void page_release(struct page *pg)
{
	free(pg->target);
	free(pg->session);
	free(pg->loader);
	free(pg->proxy_kind);
	free(pg->mime);
	pg->target = pg->session = pg->loader = pg->proxy_kind = pg->mime = NULL;
}

/* Forget what an earlier attempt saw; the response keeps only its attempt count. */
static void page_reset(struct page *pg)
{
	struct run *r = pg->r;
	const tc_fetch_request *req = pg->req;
	tc_fetch_response resp = pg->resp;

	page_release(pg);
	free(resp.final_url);
	free(resp.permanent_location);
	memset(pg, 0, sizeof(*pg));
	pg->r = r;
	pg->req = req;
	pg->perm_chain = 1;
	pg->resp.attempts = resp.attempts;
	pg->resp.body = resp.body;
	tc_buf_reset(&pg->resp.body);
	pg->resp.error = TC_FETCH_OK;
}

/* Make sure a browser runs. 0 ok; -1 with resp set (needs_browser). */
static int ensure_browser(struct page *pg)
{
	struct run *r = pg->r;
	char err[512];

	if (r->cdp.pid > 0)
		return 0;
	if (!r->unavailable && r->started > MAX_RESTARTS) {
		r->unavailable = 1;
		snprintf(r->unavailable_msg, sizeof(r->unavailable_msg),
			 "the browser failed %d times in this run; %s", r->started, TC_CHROMIUM_HINT);
	}
	if (!r->unavailable && cdp_start(r, err, sizeof(err)) < 0) {
		int hinted = strstr(err, "apt-get") != NULL;
		r->unavailable = 1;
		snprintf(r->unavailable_msg, sizeof(r->unavailable_msg), "%.300s%s%s", err,
			 hinted ? "" : "; ", hinted ? "" : TC_CHROMIUM_HINT);
	}
	if (r->unavailable) {
		page_fail(pg, TC_FETCH_NEEDS_BROWSER, "%s", r->unavailable_msg);
		return -1;
	}
	return 0;
}

/* One attempt at rendering pg->req. */
static void page_attempt(struct page *pg)
{
	double start = now_ms(), deadline = start + (double)pg->r->o->timeout_ms;
	tc_addr_verdict v;

	page_reset(pg);
	if (tc_addr_policy_check_url(pg->r->o->policy, pg->req->url, &v) < 0) {
		pg->resp.error = tc_fetch_error_of_refusal(v.refusal, 0);
		snprintf(pg->resp.message, sizeof(pg->resp.message), "%s", v.message);
		return;
	}
	if (ensure_browser(pg) < 0)
		return;
	if (page_open(pg, deadline) == 0 && page_load(pg, deadline) == 0) {
		page_status(pg);
		if ((pg->resp.error == TC_FETCH_OK || pg->resp.error == TC_FETCH_HTTP_4XX ||
		     pg->resp.error == TC_FETCH_HTTP_5XX) && !pg->proxy_kind)
			page_read(pg, (deadline > now_ms() ? deadline : now_ms()) + EVAL_GRACE_MS);
	}
	page_close(pg);
	page_release(pg);
}

static double jitter(struct run *r)
{
	r->rng ^= r->rng << 13;
	r->rng ^= r->rng >> 7;
	r->rng ^= r->rng << 17;
	return (double)(r->rng >> 11) / (double)(1ULL << 53);
}

/* Wait ms, or less when the stop flag is raised; 0 when the wait was whole. */
static int wait_or_stop(const tc_fetch_options *o, double ms)
{
	double end = now_ms() + ms;

	while (now_ms() < end) {
		if (o->stop && *o->stop)
			return -1;
		sleep_ms(50);
	}
	return 0;
}

/* The site (tc_fetch_site) of url's host. */
static void url_site(const char *url, char *out, size_t len)
{
	const char *s = strstr(url, "://");
	char host[256];
	size_t n;

	s = s ? s + 3 : url;
	if (*s == '[') {                        /* an IPv6 literal */
		s++;
		n = strcspn(s, "]");
	} else {
		n = strcspn(s, "/?#:");
	}
	snprintf(host, sizeof(host), "%.*s", (int)n, s);
	tc_fetch_site(host, out, len);
}

/* Render request i, with retries, and hand the answer over. */
static void render_one(struct run *r, size_t i)
{
	struct page pg;
	double first = now_ms();
	char host_a[256], host_b[256];

	memset(&pg, 0, sizeof(pg));
	pg.r = r;
	pg.req = &r->reqs[i];
	tc_buf_init(&pg.resp.body, r->o->max_body);
	for (;;) {
		double delay;
		pg.resp.attempts++;
		if (r->o->stop && *r->o->stop) {
			page_fail(&pg, TC_FETCH_INTERRUPTED, "%s", "interrupted before it started");
			break;
		}
		page_attempt(&pg);
		if (pg.resp.error == TC_FETCH_OK)
			break;
		delay = tc_fetch_retry_delay_ms(r->o, pg.resp.error, pg.resp.status, pg.resp.attempts,
						-1, jitter(r));
		if (delay < 0 || wait_or_stop(r->o, delay) < 0)
			break;
	}
	if (!pg.resp.final_url)
		pg.resp.final_url = tc_xstrdup(pg.req->url);
	url_site(pg.req->url, host_a, sizeof(host_a));
	url_site(pg.resp.final_url, host_b, sizeof(host_b));
	pg.resp.other_site = strcmp(host_a, host_b) != 0;
	if (pg.resp.error != TC_FETCH_OK && pg.resp.error != TC_FETCH_HTTP_4XX &&
	    pg.resp.error != TC_FETCH_HTTP_5XX)
		tc_buf_reset(&pg.resp.body);
	else
		pg.resp.content_type = tc_xstrdup("text/html; charset=utf-8");
	pg.resp.elapsed = (now_ms() - first) / 1000.0;
	r->done++;
	if (pg.resp.error != TC_FETCH_OK)
		r->failed++;
	r->o->on_done(pg.req, i, &pg.resp, r->o->arg);
	if (r->o->on_progress)
		r->o->on_progress(r->done, r->n, r->failed, r->o->arg);
	page_release(&pg);
	free(pg.resp.final_url);
	free(pg.resp.content_type);
	free(pg.resp.etag);
	free(pg.resp.last_modified);
	free(pg.resp.permanent_location);
	tc_buf_release(&pg.resp.body);
}

static long browser_run(const tc_fetch_request *reqs, size_t n, const tc_fetch_options *opts,
			char *err, size_t errlen)
{
	struct run r;

	if (!opts->policy) {
		tc_seterr(err, errlen, "fetch: no address policy");
		return -1;
	}
	memset(&r, 0, sizeof(r));
	r.reqs = reqs;
	r.n = n;
	r.o = opts;
	r.cdp.fd = -1;
	r.rng = ((uint64_t)time(NULL) << 20) ^ (uint64_t)getpid() ^ 0x9E3779B97F4A7C15ULL;
	for (size_t i = 0; i < n; i++)
		render_one(&r, i);
	cdp_stop(&r.cdp);
	return (long)r.failed;
}

const tc_fetch_backend tc_fetch_backend_browser = { "browser", browser_run };
