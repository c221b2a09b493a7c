/*
 * fetch_curl: the default fetch backend, over libcurl's multi interface. See fetch.h.
 *
 * Shape: requests wait in their array; a transfer (struct xfer) exists only while a
 * request is active or waiting for a retry, so memory is bounded by max_parallel plus
 * the retry queue. Redirects are followed here, not by libcurl, so that every hop's
 * scheme, loop and site are checked and permanent hops recorded. The address policy
 * (fetch.c) is asked before the first request, at every hop, where sockets are opened,
 * and again before a request goes out on a reused connection, so neither DNS nor a
 * redirect can steer us to an internal host.
 */
#include "tiacheck/fetch.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#define HEADER_MAX 4096       /* longest header value kept */
#define POLL_MAX_MS 200       /* how often the stop flag and retry queue are looked at */
#define PENDING_SCAN_MAX 4096 /* requests looked at when the next hosts are busy */

/* libcurl result codes and what they mean for the DPO. Unlisted codes: other. */
static const struct {
	CURLcode code;
	enum tc_fetch_error kind;
} curl_kinds[] = {
	{ CURLE_COULDNT_RESOLVE_HOST, TC_FETCH_DNS },
	{ CURLE_COULDNT_RESOLVE_PROXY, TC_FETCH_DNS },
	{ CURLE_COULDNT_CONNECT, TC_FETCH_CONNECT },
	{ CURLE_GOT_NOTHING, TC_FETCH_CONNECT },
	{ CURLE_RECV_ERROR, TC_FETCH_CONNECT },
	{ CURLE_SEND_ERROR, TC_FETCH_CONNECT },
	{ CURLE_PARTIAL_FILE, TC_FETCH_CONNECT },
	{ CURLE_HTTP2, TC_FETCH_CONNECT },
	{ CURLE_HTTP2_STREAM, TC_FETCH_CONNECT },
	{ CURLE_OPERATION_TIMEDOUT, TC_FETCH_TIMEOUT },
	{ CURLE_SSL_CONNECT_ERROR, TC_FETCH_TLS },
	{ CURLE_PEER_FAILED_VERIFICATION, TC_FETCH_TLS },
	{ CURLE_SSL_CERTPROBLEM, TC_FETCH_TLS },
	{ CURLE_SSL_CIPHER, TC_FETCH_TLS },
	{ CURLE_SSL_CACERT_BADFILE, TC_FETCH_TLS },
	{ CURLE_SSL_ISSUER_ERROR, TC_FETCH_TLS },
	{ CURLE_SSL_PINNEDPUBKEYNOTMATCH, TC_FETCH_TLS },
	{ CURLE_SSL_INVALIDCERTSTATUS, TC_FETCH_TLS },
	{ CURLE_SSL_CRL_BADFILE, TC_FETCH_TLS },
	{ CURLE_USE_SSL_FAILED, TC_FETCH_TLS },
	{ CURLE_FILESIZE_EXCEEDED, TC_FETCH_TOO_LARGE },
	{ CURLE_BAD_CONTENT_ENCODING, TC_FETCH_BAD_ENCODING },
	{ CURLE_TOO_MANY_REDIRECTS, TC_FETCH_TOO_MANY_REDIRECTS },
};

/* ---- transfers ---- */

struct run;

struct xfer {
	struct run *run;
	size_t idx;
	const tc_fetch_request *req;
	const char *host;           /* original host, for the site rule */
	size_t host_id;             /* for the per-host limit */
	CURL *easy;                 /* only while an attempt is under way */
	struct curl_slist *headers;
	char *url;                  /* current hop */
	char **visited;             /* hops of this attempt, for loop detection */
	int nvisited;
	int perm_chain;             /* every hop so far was permanent */
	int too_large;
	int blocked;                /* the policy refused the address connected to */
	tc_addr_verdict verdict;    /* why, when blocked */
	char reason[64];            /* status line reason phrase */
	char *location;
	long retry_after_ms;        /* -1 none */
	double first_start, attempt_start, due;
	char errbuf[CURL_ERROR_SIZE];
	tc_fetch_response resp;
	struct xfer *next;          /* in the active or waiting list */
};

struct run {
	const tc_fetch_request *reqs;
	size_t n;
	const tc_fetch_options *o;
	CURLM *multi;
	char **hosts;               /* original host of each request */
	size_t *host_id;            /* per request: index into host_active */
	int *host_active;           /* active transfers per distinct host */
	unsigned char *started;
	size_t next_pending;        /* no request before this one is unstarted */
	struct xfer *active;
	int nactive;
	struct xfer *waiting;       /* retries, any order */
	size_t done, failed;
	uint64_t rng;
	size_t nhosts;              /* distinct hosts */
	int epfd;                   /* the sockets libcurl waits on (socket API) */
	long curl_timeout_ms;       /* libcurl's next timeout, -1 none */
};

static double now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double jitter(struct run *r)
{
	r->rng ^= r->rng << 13;
	r->rng ^= r->rng >> 7;
	r->rng ^= r->rng << 17;
	return (double)(r->rng >> 11) / (double)(1ULL << 53);
}

/* The host of url, lowercased, owned; "" when it has none. */
static char *url_host(const char *url)
{
	CURLU *u = curl_url();
	char *host = NULL, *ret;

	if (u && curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK)
		curl_url_get(u, CURLUPART_HOST, &host, 0);
	ret = tc_xstrdup(host ? host : "");
	for (char *p = ret; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (ret[0] == '[') {                    /* IPv6 literal */
		memmove(ret, ret + 1, strlen(ret));
		if (*ret && ret[strlen(ret) - 1] == ']')
			ret[strlen(ret) - 1] = '\0';
	}
	curl_free(host);
	curl_url_cleanup(u);
	return ret;
}

static void clear_hop_headers(struct xfer *x)
{
	free(x->resp.etag);
	free(x->resp.last_modified);
	free(x->resp.content_type);
	free(x->location);
	x->resp.etag = x->resp.last_modified = x->resp.content_type = x->location = NULL;
	x->retry_after_ms = -1;
	x->reason[0] = '\0';
}

/* Retry-After: delta seconds or an HTTP date. */
static long parse_retry_after(const char *v)
{
	char *end;
	long s;
	time_t t;

	errno = 0;
	s = strtol(v, &end, 10);
	if (end != v && *end == '\0' && errno == 0)
		return s < 0 ? 0 : (s > 86400 * 7 ? 86400L * 7 * 1000 : s * 1000);
	t = curl_getdate(v, NULL);
	if (t < 0)
		return -1;
	s = (long)(t - time(NULL));
	return s < 0 ? 0 : (s > 86400 * 7 ? 86400L * 7 * 1000 : s * 1000);
}

/* Header lines: a status line starts a new response (1xx, proxy, or the real one). */
static size_t on_header(char *line, size_t size, size_t nitems, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * nitems, nlen;
	const char *colon, *v;
	char *value;

	if (len >= 5 && memcmp(line, "HTTP/", 5) == 0) {
		const char *sp = memchr(line, ' ', len), *sp2;
		clear_hop_headers(x);
		if (sp && (sp2 = memchr(sp + 1, ' ', len - (size_t)(sp + 1 - line)))) {
			const char *rs = sp2 + 1;
			size_t rl = len - (size_t)(rs - line);
			while (rl && (rs[rl - 1] == '\r' || rs[rl - 1] == '\n' || rs[rl - 1] == ' '))
				rl--;
			snprintf(x->reason, sizeof(x->reason), "%.*s", (int)rl, rs);
		}
		return len;
	}
	colon = memchr(line, ':', len);
	if (!colon)
		return len;
	nlen = (size_t)(colon - line);
	v = colon + 1;
	if (len - nlen - 1 > HEADER_MAX)
		return len;                     /* absurd value: ignore it */
	{
		size_t vlen = len - nlen - 1;
		while (vlen && (*v == ' ' || *v == '\t')) {
			v++;
			vlen--;
		}
		while (vlen && (v[vlen - 1] == '\r' || v[vlen - 1] == '\n' ||
				v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
			vlen--;
		value = tc_xstrndup(v, vlen);
	}
#define HDR(name) (nlen == sizeof(name) - 1 && strncasecmp(line, name, nlen) == 0)
	if (HDR("etag")) {
		free(x->resp.etag);
		x->resp.etag = value;
	} else if (HDR("last-modified")) {
		free(x->resp.last_modified);
		x->resp.last_modified = value;
	} else if (HDR("content-type")) {
		free(x->resp.content_type);
		x->resp.content_type = value;
	} else if (HDR("location")) {
		free(x->location);
		x->location = value;
	} else if (HDR("content-length")) {
		/* a size hint: the body is read into one allocation of its size (a
		 * length over max_body is refused by curl before any byte) */
		char *end;
		unsigned long long n = strtoull(value, &end, 10);

		if (end != value && !*end && x->resp.body.len == 0 && n <= x->run->o->max_body)
			tc_buf_reserve(&x->resp.body, (size_t)n);
		free(value);
	} else if (HDR("retry-after")) {
		x->retry_after_ms = parse_retry_after(value);
		free(value);
	} else {
		free(value);
	}
#undef HDR
	return len;
}

/* Body bytes, already decoded: the cap applies to what we would store. */
static size_t on_body(char *data, size_t size, size_t nitems, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * nitems;

	if (tc_buf_add(&x->resp.body, data, len) < 0) {
		x->too_large = 1;
		return 0;                       /* CURLE_WRITE_ERROR */
	}
	return len;
}

/* Every new connection: the address policy for the address actually connected to. */
static curl_socket_t on_open_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct xfer *x = arg;

	(void)purpose;
	if (tc_addr_policy_check_sockaddr(x->run->o->policy, x->url, &a->addr, &x->verdict) < 0) {
		x->blocked = 1;
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

#if LIBCURL_VERSION_NUM >= 0x075000
/* Before each request, also on a reused connection: the same rule. */
static int on_prereq(void *arg, char *primary_ip, char *local_ip, int primary_port,
		     int local_port)
{
	struct xfer *x = arg;

	(void)local_ip;
	(void)primary_port;
	(void)local_port;
	if (tc_addr_policy_check_ip(x->run->o->policy, x->url, primary_ip, &x->verdict) < 0) {
		x->blocked = 1;
		return CURL_PREREQFUNC_ABORT;
	}
	return CURL_PREREQFUNC_OK;
}
#endif

static void xfer_free(struct xfer *x)
{
	if (!x)
		return;
	if (x->easy)
		curl_easy_cleanup(x->easy);
	curl_slist_free_all(x->headers);
	free(x->url);
	for (int i = 0; i < x->nvisited; i++)
		free(x->visited[i]);
	free(x->visited);
	clear_hop_headers(x);
	free(x->resp.final_url);
	free(x->resp.permanent_location);
	tc_buf_release(&x->resp.body);
	free(x);
}

static int set_common_options(struct xfer *x)
{
	const tc_fetch_options *o = x->run->o;
	CURL *e = x->easy;
	CURLcode rc = CURLE_OK;

#define SET(opt, val) do { if (rc == CURLE_OK) rc = curl_easy_setopt(e, opt, val); } while (0)
	SET(CURLOPT_PRIVATE, (void *)x);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	SET(CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	SET(CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	if (o->ca_file)
		SET(CURLOPT_CAINFO, o->ca_file);
	SET(CURLOPT_ACCEPT_ENCODING, "");
	SET(CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
	SET(CURLOPT_LOW_SPEED_LIMIT, o->low_speed_bytes);
	SET(CURLOPT_LOW_SPEED_TIME, o->low_speed_secs);
	SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_body);
	if (o->user_agent)
		SET(CURLOPT_USERAGENT, o->user_agent);
	SET(CURLOPT_HTTPHEADER, x->headers);
	SET(CURLOPT_ERRORBUFFER, x->errbuf);
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_HEADERDATA, (void *)x);
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, (void *)x);
	SET(CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
	SET(CURLOPT_OPENSOCKETDATA, (void *)x);
#if LIBCURL_VERSION_NUM >= 0x075000
	SET(CURLOPT_PREREQFUNCTION, on_prereq);
	SET(CURLOPT_PREREQDATA, (void *)x);
#endif
#undef SET
	if (rc != CURLE_OK) {
		tc_seterr(x->resp.message, sizeof(x->resp.message), "libcurl option: %s",
			  curl_easy_strerror(rc));
		return -1;
	}
	return 0;
}

/* End x with the policy's refusal v (of a redirect hop when redirect). -1. */
static int refused(struct xfer *x, const tc_addr_verdict *v, int redirect)
{
	x->resp.error = tc_fetch_error_of_refusal(v->refusal, redirect);
	tc_seterr(x->resp.message, sizeof(x->resp.message), "%s", v->message);
	return -1;
}

/* Start (or continue with) the hop to x->url. -1 with resp set when it cannot. */
static int start_hop(struct xfer *x)
{
	struct run *r = x->run;
	long left = r->o->timeout_ms - (long)((now_mono() - x->attempt_start) * 1000.0);

	if (left <= 0) {
		x->resp.error = TC_FETCH_TIMEOUT;
		tc_seterr(x->resp.message, sizeof(x->resp.message),
			  "timed out after %ld ms (redirects included)", r->o->timeout_ms);
		return -1;
	}
	x->errbuf[0] = '\0';
	x->too_large = 0;
	x->blocked = 0;
	clear_hop_headers(x);
	tc_buf_release(&x->resp.body);
	tc_buf_init(&x->resp.body, r->o->max_body);
	if (curl_easy_setopt(x->easy, CURLOPT_URL, x->url) != CURLE_OK ||
	    curl_easy_setopt(x->easy, CURLOPT_TIMEOUT_MS, left) != CURLE_OK ||
	    curl_multi_add_handle(r->multi, x->easy) != CURLM_OK) {
		x->resp.error = TC_FETCH_OTHER;
		tc_seterr(x->resp.message, sizeof(x->resp.message), "cannot start '%s'", x->url);
		return -1;
	}
	return 0;
}

static void forget_hops(struct xfer *x)
{
	for (int i = 0; i < x->nvisited; i++)
		free(x->visited[i]);
	x->nvisited = 0;
}

/* A new attempt from the original URL. */
static int start_attempt(struct xfer *x)
{
	tc_addr_verdict v;

	x->attempt_start = now_mono();
	if (!x->resp.attempts)
		x->first_start = x->attempt_start;
	x->resp.attempts++;
	x->resp.error = TC_FETCH_OK;
	x->resp.message[0] = '\0';
	x->resp.status = 0;
	x->resp.not_modified = 0;
	x->resp.redirects = 0;
	x->resp.permanent_redirect = 0;
	x->resp.other_site = 0;
	free(x->resp.permanent_location);
	x->resp.permanent_location = NULL;
	x->perm_chain = 1;
	forget_hops(x);
	free(x->url);
	x->url = tc_xstrdup(x->req->url);
	x->visited[x->nvisited++] = tc_xstrdup(x->url);
	if (tc_addr_policy_check_url(x->run->o->policy, x->url, &v) < 0)
		return refused(x, &v, 0);
	if (!x->easy) {
		x->easy = curl_easy_init();
		if (!x->easy || set_common_options(x) < 0) {
			x->resp.error = TC_FETCH_OTHER;
			if (!x->resp.message[0])
				tc_seterr(x->resp.message, sizeof(x->resp.message),
					  "cannot create a libcurl handle");
			return -1;
		}
	}
	return start_hop(x);
}

static struct xfer *xfer_new(struct run *r, size_t idx)
{
	struct xfer *x = tc_xcalloc(1, sizeof(*x));
	const tc_fetch_request *req = &r->reqs[idx];

	x->run = r;
	x->idx = idx;
	x->req = req;
	x->host = r->hosts[idx];
	x->host_id = r->host_id[idx];
	x->retry_after_ms = -1;
	x->visited = tc_xcalloc((size_t)r->o->max_redirects + 2, sizeof(char *));
	tc_buf_init(&x->resp.body, r->o->max_body);
	x->headers = curl_slist_append(NULL, "Accept: text/html,application/xhtml+xml,"
				       "application/pdf;q=0.9,text/plain;q=0.8,*/*;q=0.5");
	if (req->etag && *req->etag && !strpbrk(req->etag, "\r\n")) {
		char *h = tc_xasprintf("If-None-Match: %s", req->etag);
		x->headers = curl_slist_append(x->headers, h);
		free(h);
	}
	if (req->last_modified && *req->last_modified && !strpbrk(req->last_modified, "\r\n")) {
		char *h = tc_xasprintf("If-Modified-Since: %s", req->last_modified);
		x->headers = curl_slist_append(x->headers, h);
		free(h);
	}
	return x;
}

/* Hand the final response to the caller, then free everything. */
static void finish(struct xfer *x)
{
	struct run *r = x->run;

	if (x->easy) {
		curl_multi_remove_handle(r->multi, x->easy);
		curl_easy_cleanup(x->easy);
		x->easy = NULL;
	}
	if (!x->resp.final_url)
		x->resp.final_url = tc_xstrdup(x->url ? x->url : x->req->url);
	if (x->resp.error != TC_FETCH_OK && x->resp.error != TC_FETCH_HTTP_4XX &&
	    x->resp.error != TC_FETCH_HTTP_5XX) {
		tc_buf_release(&x->resp.body);  /* partial bodies are not evidence */
		tc_buf_init(&x->resp.body, r->o->max_body);
	}
	x->resp.elapsed = x->resp.attempts ? now_mono() - x->first_start : 0.0;
	r->done++;
	if (x->resp.error != TC_FETCH_OK)
		r->failed++;
	r->o->on_done(x->req, x->idx, &x->resp, r->o->arg);
	if (r->o->on_progress)
		r->o->on_progress(r->done, r->n, r->failed, r->o->arg);
	xfer_free(x);
}

static void deactivate(struct run *r, struct xfer *x);

static void list_remove(struct xfer **head, struct xfer *x)
{
	for (struct xfer **p = head; *p; p = &(*p)->next) {
		if (*p == x) {
			*p = x->next;
			x->next = NULL;
			return;
		}
	}
}

/* Retry x later if the failure is transient and attempts remain; 1 when queued. */
static int maybe_retry(struct xfer *x)
{
	struct run *r = x->run;
	double delay_ms;
	size_t mlen;

	delay_ms = tc_fetch_retry_delay_ms(r->o, x->resp.error, x->resp.status, x->resp.attempts,
					   x->retry_after_ms, jitter(r));
	if (delay_ms == -2) {
		mlen = strlen(x->resp.message);
		snprintf(x->resp.message + mlen, sizeof(x->resp.message) - mlen,
			 " (Retry-After %ld s is longer than we wait)", x->retry_after_ms / 1000);
		return 0;
	}
	if (delay_ms < 0)
		return 0;
	curl_easy_cleanup(x->easy);           /* a waiting request holds no handle */
	x->easy = NULL;
	tc_buf_release(&x->resp.body);
	clear_hop_headers(x);
	x->due = now_mono() + delay_ms / 1000.0;
	x->next = r->waiting;
	r->waiting = x;
	return 1;
}

/* Where the redirect of the current hop leads: resolved against x->url. Owned; NULL
 * with the message set when the Location cannot be used. */
static char *resolve_location(struct xfer *x, char **scheme)
{
	CURLU *u = curl_url();
	char *abs = NULL, *ret = NULL;

	*scheme = NULL;
	if (u && curl_url_set(u, CURLUPART_URL, x->url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_URL, x->location,
			 CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_URL, &abs, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, scheme, 0) == CURLUE_OK) {
		ret = tc_xstrdup(abs);
	} else {
		x->resp.error = TC_FETCH_OTHER;
		tc_seterr(x->resp.message, sizeof(x->resp.message),
			  "HTTP %ld with an unusable Location '%.200s'", x->resp.status, x->location);
	}
	curl_free(abs);
	curl_url_cleanup(u);
	return ret;
}

/* A 3xx with Location: check the next hop and start it. 0 when started, -1 when the
 * request ends here (resp set). */
static int follow(struct xfer *x)
{
	const tc_fetch_options *o = x->run->o;
	tc_addr_verdict v;
	char *scheme = NULL, *next, *h;
	char site_a[256], site_b[256];
	int ret = -1, allowed;

	next = resolve_location(x, &scheme);
	if (!next)
		goto out;
	allowed = tc_addr_policy_check_redirect(o->policy, x->req->url, next, &v) == 0;
	if (!allowed && (v.refusal == TC_ADDR_SCHEME || v.refusal == TC_ADDR_BAD_URL)) {
		refused(x, &v, 1);
		goto out;
	}
	for (int i = 0; i < x->nvisited; i++) {
		if (strcmp(x->visited[i], next) == 0) {
			x->resp.error = TC_FETCH_TOO_MANY_REDIRECTS;
			tc_seterr(x->resp.message, sizeof(x->resp.message),
				  "redirect loop: '%.300s' was already visited", next);
			goto out;
		}
	}
	if (x->resp.redirects >= o->max_redirects) {
		x->resp.error = TC_FETCH_TOO_MANY_REDIRECTS;
		tc_seterr(x->resp.message, sizeof(x->resp.message),
			  "more than %d redirects (next: '%.300s')", o->max_redirects, next);
		goto out;
	}
	h = url_host(next);
	tc_fetch_site(h, site_b, sizeof(site_b));
	free(h);
	tc_fetch_site(x->host, site_a, sizeof(site_a));
	x->resp.other_site = strcmp(site_a, site_b) != 0;   /* the last hop decides */
	if (!allowed) {
		refused(x, &v, 1);
		goto out;
	}
	if (x->perm_chain && (x->resp.status == 301 || x->resp.status == 308)) {
		x->resp.permanent_redirect = 1;
		free(x->resp.permanent_location);
		x->resp.permanent_location = tc_xstrdup(next);
	} else {
		x->perm_chain = 0;
	}
	x->resp.redirects++;
	x->visited[x->nvisited++] = tc_xstrdup(next);
	free(x->url);
	x->url = next;
	next = NULL;
	ret = start_hop(x);
out:
	free(next);
	curl_free(scheme);
	return ret;
}

static int is_redirect(long status)
{
	return status == 301 || status == 302 || status == 303 || status == 307 ||
	       status == 308;
}

/* The result of one hop of x: follow, retry, or finish. */
static void hop_done(struct xfer *x, CURLcode code)
{
	struct run *r = x->run;
	long status = 0;

	curl_multi_remove_handle(r->multi, x->easy);
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	x->resp.status = status;
	if (code != CURLE_OK) {
		x->resp.error = TC_FETCH_OTHER;
		for (size_t i = 0; i < TC_ARRAY_LEN(curl_kinds); i++)
			if (curl_kinds[i].code == code)
				x->resp.error = curl_kinds[i].kind;
		if (x->blocked) {
			refused(x, &x->verdict, x->resp.redirects > 0);
		} else if (x->too_large || code == CURLE_FILESIZE_EXCEEDED) {
			x->resp.error = TC_FETCH_TOO_LARGE;
			tc_seterr(x->resp.message, sizeof(x->resp.message),
				  "body larger than the limit of %zu bytes", r->o->max_body);
		} else {
			tc_seterr(x->resp.message, sizeof(x->resp.message), "%s",
				  x->errbuf[0] ? x->errbuf : curl_easy_strerror(code));
		}
	} else if (is_redirect(status) && x->location) {
		if (follow(x) == 0)
			return;
	} else if (status >= 200 && status < 300) {
		x->resp.error = TC_FETCH_OK;
	} else if (status == 304) {
		x->resp.error = TC_FETCH_OK;
		x->resp.not_modified = 1;
		tc_buf_release(&x->resp.body);
		tc_buf_init(&x->resp.body, r->o->max_body);
	} else {
		x->resp.error = status >= 500 && status < 600 ? TC_FETCH_HTTP_5XX :
				status >= 400 && status < 500 ? TC_FETCH_HTTP_4XX : TC_FETCH_OTHER;
		tc_seterr(x->resp.message, sizeof(x->resp.message), "HTTP %ld%s%s", status,
			  x->reason[0] ? " " : "", x->reason);
	}
	deactivate(r, x);
	if (x->resp.error != TC_FETCH_OK && maybe_retry(x))
		return;
	finish(x);
}

static int host_busy(struct run *r, size_t host_id)
{
	return r->host_active[host_id] >= r->o->per_host;
}

static void deactivate(struct run *r, struct xfer *x)
{
	list_remove(&r->active, x);
	r->nactive--;
	r->host_active[x->host_id]--;
}

static void activate(struct run *r, struct xfer *x)
{
	x->next = r->active;
	r->active = x;
	r->nactive++;
	r->host_active[x->host_id]++;
	if (start_attempt(x) < 0) {
		deactivate(r, x);
		finish(x);
	}
}

/* Start retries that are due, then new requests, within both limits. Returns the
 * seconds until the next retry is due (or a large number). */
static double fill(struct run *r)
{
	double now = now_mono(), next_due = 1e9;
	struct xfer **p = &r->waiting;

	while (*p) {
		struct xfer *x = *p;
		if (x->due <= now && r->nactive < r->o->max_parallel && !host_busy(r, x->host_id)) {
			*p = x->next;
			x->next = NULL;
			activate(r, x);
			continue;
		}
		if (x->due - now < next_due)
			next_due = x->due - now;
		p = &x->next;
	}
	while (r->next_pending < r->n && r->started[r->next_pending])
		r->next_pending++;
	for (size_t i = r->next_pending, seen = 0;
	     i < r->n && seen < PENDING_SCAN_MAX && r->nactive < r->o->max_parallel; i++) {
		if (r->started[i])
			continue;
		seen++;
		if (host_busy(r, r->host_id[i]))
			continue;
		r->started[i] = 1;
		activate(r, xfer_new(r, i));
	}
	return next_due;
}

/* The stop flag: everything not yet final ends as interrupted. */
static void interrupt_all(struct run *r)
{
	struct xfer *x;

	while ((x = r->active)) {
		deactivate(r, x);
		x->resp.error = TC_FETCH_INTERRUPTED;
		tc_seterr(x->resp.message, sizeof(x->resp.message), "interrupted");
		finish(x);
	}
	while ((x = r->waiting)) {
		r->waiting = x->next;
		x->resp.error = TC_FETCH_INTERRUPTED;
		tc_seterr(x->resp.message, sizeof(x->resp.message),
			  "interrupted while waiting to retry (%s)", tc_fetch_error_name(x->resp.error));
		finish(x);
	}
	for (size_t i = 0; i < r->n; i++) {
		if (r->started[i])
			continue;
		r->started[i] = 1;
		x = xfer_new(r, i);
		x->resp.error = TC_FETCH_INTERRUPTED;
		tc_seterr(x->resp.message, sizeof(x->resp.message), "interrupted before it started");
		finish(x);
	}
}

static int cmp_host_index(const void *a, const void *b, void *hosts)
{
	char **h = hosts;
	return strcmp(h[*(const size_t *)a], h[*(const size_t *)b]);
}

/* Number the distinct hosts so that the per-host limit is a counter lookup. */
static void assign_host_ids(struct run *r)
{
	size_t *order = tc_xcalloc(r->n ? r->n : 1, sizeof(size_t)), id = 0;

	for (size_t i = 0; i < r->n; i++)
		order[i] = i;
	qsort_r(order, r->n, sizeof(size_t), cmp_host_index, r->hosts);
	r->host_id = tc_xcalloc(r->n ? r->n : 1, sizeof(size_t));
	for (size_t i = 0; i < r->n; i++) {
		if (i > 0 && strcmp(r->hosts[order[i]], r->hosts[order[i - 1]]) != 0)
			id++;
		r->host_id[order[i]] = id;
	}
	r->host_active = tc_xcalloc(id + 1, sizeof(int));
	r->nhosts = r->n ? id + 1 : 0;
	free(order);
}

/* The backend's entry: tc_fetch_run_with() has checked the options and the URLs, and
 * opts->policy is set. */
/*
 * libcurl's socket API: libcurl says which sockets it waits on (on_socket) and when
 * it wants to run again (on_timer); we wait on exactly those with epoll and tell it
 * which socket is ready. The easier curl_multi_perform + curl_multi_poll would
 * poll every transfer's socket at every turn (25 polls per document on a run of
 * 304s), which is most of the CPU of an unchanged run.
 */
static int on_socket(CURL *easy, curl_socket_t s, int what, void *arg, void *sockp)
{
	struct run *r = arg;
	struct epoll_event ev = { 0 };

	(void)easy;
	(void)sockp;
	if (what == CURL_POLL_REMOVE) {
		epoll_ctl(r->epfd, EPOLL_CTL_DEL, s, NULL);
		return 0;
	}
	ev.events = (what & CURL_POLL_IN ? EPOLLIN : 0u) | (what & CURL_POLL_OUT ? EPOLLOUT : 0u);
	ev.data.fd = s;
	if (epoll_ctl(r->epfd, EPOLL_CTL_MOD, s, &ev) < 0 && errno == ENOENT)
		epoll_ctl(r->epfd, EPOLL_CTL_ADD, s, &ev);
	return 0;
}

static int on_timer(CURLM *multi, long timeout_ms, void *arg)
{
	struct run *r = arg;

	(void)multi;
	r->curl_timeout_ms = timeout_ms;
	return 0;
}

/* Finished transfers: their hop is done (a redirect, a retry, or the result). */
static void reap(struct run *r)
{
	CURLMsg *m;
	int left = 0;

	while ((m = curl_multi_info_read(r->multi, &left))) {
		struct xfer *x = NULL;

		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		if (x)
			hop_done(x, m->data.result);
	}
}

/* One turn: wait for a socket, libcurl's timer or the next retry (at most
 * POLL_MAX_MS, for the stop flag), and let libcurl act on what is ready. */
static void turn(struct run *r, double next_due)
{
	struct epoll_event ev[32];
	int wait_ms = POLL_MAX_MS, nev, running = 0;
	double t0 = now_mono();

	if (next_due < 1e8 && next_due * 1000.0 < wait_ms)
		wait_ms = next_due <= 0 ? 0 : (int)(next_due * 1000.0) + 1;
	if (r->curl_timeout_ms >= 0 && r->curl_timeout_ms < wait_ms)
		wait_ms = (int)r->curl_timeout_ms;
	nev = epoll_wait(r->epfd, ev, (int)TC_ARRAY_LEN(ev), wait_ms);
	for (int i = 0; i < nev; i++) {
		int flags = (ev[i].events & EPOLLIN ? CURL_CSELECT_IN : 0) |
			    (ev[i].events & EPOLLOUT ? CURL_CSELECT_OUT : 0) |
			    (ev[i].events & (EPOLLERR | EPOLLHUP) ? CURL_CSELECT_ERR : 0);

		curl_multi_socket_action(r->multi, ev[i].data.fd, flags, &running);
	}
	if (r->curl_timeout_ms >= 0 &&
	    (nev <= 0 || (now_mono() - t0) * 1000.0 >= (double)r->curl_timeout_ms)) {
		r->curl_timeout_ms = -1;
		curl_multi_socket_action(r->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	}
}

static long curl_run(const tc_fetch_request *reqs, size_t n, const tc_fetch_options *opts,
		     char *err, size_t errlen)
{
	struct run r;
	long ret = -1;
	int global = 0;

	memset(&r, 0, sizeof(r));
	r.epfd = -1;
	r.curl_timeout_ms = -1;
	if (!opts->policy) {
		tc_seterr(err, errlen, "fetch: no address policy");
		return -1;
	}
	r.reqs = reqs;
	r.n = n;
	r.o = opts;
	r.rng = ((uint64_t)time(NULL) << 20) ^ (uint64_t)getpid() ^ 0x9E3779B97F4A7C15ULL;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		tc_seterr(err, errlen, "fetch: libcurl initialisation failed");
		goto out;
	}
	global = 1;
	r.multi = curl_multi_init();
	r.epfd = epoll_create1(EPOLL_CLOEXEC);
	if (!r.multi || r.epfd < 0) {
		tc_seterr(err, errlen, "fetch: cannot create a libcurl multi handle: %s",
			  r.epfd < 0 ? strerror(errno) : "out of memory");
		goto out;
	}
	curl_multi_setopt(r.multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)opts->per_host);
	curl_multi_setopt(r.multi, CURLMOPT_SOCKETFUNCTION, on_socket);
	curl_multi_setopt(r.multi, CURLMOPT_SOCKETDATA, &r);
	curl_multi_setopt(r.multi, CURLMOPT_TIMERFUNCTION, on_timer);
	curl_multi_setopt(r.multi, CURLMOPT_TIMERDATA, &r);
	r.hosts = tc_xcalloc(n ? n : 1, sizeof(char *));
	r.started = tc_xcalloc(n ? n : 1, 1);
	for (size_t i = 0; i < n; i++)
		r.hosts[i] = url_host(reqs[i].url);
	assign_host_ids(&r);
	{
		/* connections kept open for reuse: one per host and slot, within bounds
		 * (a new connection per request would be most of an unchanged run); how
		 * many transfers run at once is fill()'s business (max_parallel) */
		size_t keep = r.nhosts * (size_t)opts->per_host;

		if (keep < (size_t)opts->max_parallel)
			keep = (size_t)opts->max_parallel;
		if (keep > (size_t)opts->max_parallel * 4)
			keep = (size_t)opts->max_parallel * 4;
		curl_multi_setopt(r.multi, CURLMOPT_MAXCONNECTS, (long)keep);
		curl_multi_setopt(r.multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)keep);
	}

	while (r.done < n) {
		double next_due;

		if (opts->stop && *opts->stop) {
			interrupt_all(&r);
			break;
		}
		reap(&r);
		/* refill right away: freed slots must not wait for the next turn */
		next_due = fill(&r);
		if (r.done >= n)
			break;
		if (r.nactive > 0 || next_due > 0)
			turn(&r, next_due);
	}
	ret = (long)r.failed;
out:
	if (r.hosts)
		for (size_t i = 0; i < n; i++)
			free(r.hosts[i]);
	free(r.hosts);
	free(r.host_id);
	free(r.host_active);
	free(r.started);
	if (r.multi)
		curl_multi_cleanup(r.multi);
	if (r.epfd >= 0)
		close(r.epfd);
	if (global)
		curl_global_cleanup();
	return ret;
}

const tc_fetch_backend tc_fetch_backend_curl = { "curl", curl_run };
