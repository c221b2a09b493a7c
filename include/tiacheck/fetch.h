/*
 * fetch: download HTTP(S) documents concurrently with libcurl's multi interface.
 * It takes an array of requests and options, runs them in parallel (bounded overall
 * and per host), follows redirects itself so that every hop is checked, sends
 * conditional GETs, retries transient failures with backoff, and hands each final
 * response to a completion callback. It knows no database and prints nothing.
 *
 * Safety rules, all enforced here:
 *   - only http and https, also for every redirect hop (else TC_FETCH_REDIRECT_SCHEME);
 *   - TLS verification on;
 *   - at most max_redirects hops, loops detected (TC_FETCH_TOO_MANY_REDIRECTS);
 *   - the body is capped at max_body DECODED bytes (gzip/deflate/br bombs stop
 *     early: TC_FETCH_TOO_LARGE);
 *   - a total time per attempt, a connect time, and a low-speed limit (slow drip);
 *   - unless the request says allow_private, no connection to a loopback, private,
 *     link-local or unspecified address is ever made, whatever DNS answers or a
 *     redirect says (TC_FETCH_REDIRECT_PRIVATE; this also stops DNS rebinding). The
 *     check applies to the address actually connected to: with a proxy configured
 *     through the environment (https_proxy, ...) that is the proxy's address.
 *
 * Ownership: the requests stay the caller's. A tc_fetch_response belongs to the module;
 * it is valid only during the completion callback, which may take the body with
 * tc_buf_detach(&resp->body) (or take any string by setting the pointer to NULL).
 * Everything left is freed right after the callback, so memory stays flat however
 * many documents are fetched.
 */
#ifndef TIACHECK_FETCH_H
#define TIACHECK_FETCH_H

#include <signal.h>
#include <stddef.h>

#include "tiacheck/util.h"

/* Why a request failed. The name (tc_fetch_error_name) is stable: reports use it. */
enum tc_fetch_error {
	TC_FETCH_OK = 0,             /* "none": a 2xx response or a 304 */
	TC_FETCH_DNS,                /* "dns": host name did not resolve */
	TC_FETCH_CONNECT,            /* "connect": refused, reset, closed early */
	TC_FETCH_TIMEOUT,            /* "timeout": connect, total, or too slow */
	TC_FETCH_TLS,                /* "tls": handshake or certificate */
	TC_FETCH_HTTP_4XX,           /* "http_4xx": final status 4xx (status kept) */
	TC_FETCH_HTTP_5XX,           /* "http_5xx": final status 5xx (status kept) */
	TC_FETCH_TOO_LARGE,          /* "too_large": body over max_body decoded bytes */
	TC_FETCH_TOO_MANY_REDIRECTS, /* "too_many_redirects": over the limit, or a loop */
	TC_FETCH_REDIRECT_SCHEME,    /* "redirect_scheme": to file://, ftp://, ... */
	TC_FETCH_REDIRECT_PRIVATE,   /* "redirect_private": loopback/private address refused */
	TC_FETCH_REDIRECT_OTHER_SITE,/* "redirect_other_site": only with fail_other_site */
	TC_FETCH_BAD_ENCODING,       /* "bad_encoding": content decoding failed */
	TC_FETCH_INTERRUPTED,        /* "interrupted": the stop flag was raised */
	TC_FETCH_OTHER               /* "other": anything else (message says what) */
};
/* "none", "dns", ... as in the comments above; "other" for unknown values. */
const char *tc_fetch_error_name(enum tc_fetch_error e);

typedef struct tc_fetch_request {
	const char *url;            /* http:// or https:// */
	const char *etag;           /* from the last good snapshot: If-None-Match; may be NULL */
	const char *last_modified;  /* If-Modified-Since; may be NULL */
	int allow_private;          /* 1 when the catalogue itself names a loopback/private
	                               host: connections to such addresses are allowed */
	void *user;                 /* the caller's, handed back untouched */
} tc_fetch_request;

typedef struct tc_fetch_response {
	long status;                /* final HTTP status (0 when no response) */
	char *final_url;            /* URL of the last hop (owned, never NULL) */
	char *etag;                 /* response headers of the last hop (owned, may be NULL) */
	char *last_modified;
	char *content_type;
	tc_buf body;                /* decoded body of the last hop, also for 4xx/5xx pages
	                               (a challenge page is an error page with a body);
	                               empty after other errors; data may be NULL when
	                               len is 0 (tc_buf_detach still gives "") */
	int not_modified;           /* 1 on 304: body empty, keep the last snapshot */
	enum tc_fetch_error error;  /* TC_FETCH_OK when usable */
	char message[512];          /* why, when error != OK (libcurl's error text kept) */
	int attempts;               /* 1 + retries made */
	int redirects;              /* hops followed in the last attempt */
	int permanent_redirect;     /* 1 when the first hop was 301/308 */
	char *permanent_location;   /* where the chain of permanent hops from the start
	                               leads: the URL to put in the catalogue (owned) */
	int other_site;             /* the final host's site (last two labels, see
	                               tc_fetch_site) differs from the original host's */
	double elapsed;             /* seconds from the first attempt to the final answer */
} tc_fetch_response;

/* Called once per request, as soon as its response is final. Take what you keep. */
typedef void (*tc_fetch_done_fn)(const tc_fetch_request *req, size_t index,
				 tc_fetch_response *resp, void *arg);
/* Called after every completed request: done of total, failed so far. */
typedef void (*tc_fetch_progress_fn)(size_t done, size_t total, size_t failed, void *arg);

typedef struct tc_fetch_options {
	int max_parallel;           /* transfers at once (16) */
	int per_host;               /* transfers at once per original host (2); also
	                               libcurl's connection limit per host */
	long connect_timeout_ms;    /* (10000) */
	long timeout_ms;            /* total per attempt, all hops included (60000) */
	long low_speed_bytes;       /* abort when below this many bytes/s ... (100) */
	long low_speed_secs;        /* ... for this many seconds (20) */
	size_t max_body;            /* decoded bytes (20 MiB) */
	int max_redirects;          /* (5) */
	int retries;                /* extra attempts for transient failures: connect,
	                               timeout, 5xx, 429 (2); a waiting retry holds no
	                               slot, other requests go on */
	long retry_delay_ms;        /* first backoff, doubled each retry, jittered (1000) */
	long retry_after_max_ms;    /* honour Retry-After (429/503) up to this; a longer
	                               wait ends the request instead (60000) */
	int fail_other_site;        /* 1: a hop to another site ends the request with
	                               TC_FETCH_REDIRECT_OTHER_SITE (not followed);
	                               0 (default): followed, other_site flags it */
	const char *user_agent;     /* "tiacheck/VERSION (+contact)"; NULL: libcurl's none */
	const char *ca_file;        /* extra CA bundle (tests, private CAs); NULL: system */
	const volatile sig_atomic_t *stop; /* when it becomes non-zero, everything not yet
	                               final ends as TC_FETCH_INTERRUPTED; may be NULL */
	tc_fetch_done_fn on_done;   /* required */
	tc_fetch_progress_fn on_progress; /* may be NULL */
	void *arg;                  /* passed to both callbacks */
} tc_fetch_options;

/* The defaults above; fill the callbacks and the user agent after this. */
void tc_fetch_options_init(tc_fetch_options *o);

/* Fetch all n requests; on_done is called exactly once for each. Returns the number of
 * requests that failed (error != TC_FETCH_OK), or -1 when nothing could be started
 * (libcurl setup failed, bad options; err set, no callback called). */
long tc_fetch_run(const tc_fetch_request *reqs, size_t n, const tc_fetch_options *opts,
		  char *err, size_t errlen);

/* 1 when the numeric address (IPv4 or IPv6 text) is loopback, private, link-local,
 * unspecified or otherwise not public; 0 when public; -1 when not an address. */
int tc_fetch_addr_is_private(const char *addr);

/* The "site" of a host for the other-site rule: its last two labels, or the whole
 * host for IP literals. Writes lowercase into out. */
void tc_fetch_site(const char *host, char *out, size_t outlen);

#endif
