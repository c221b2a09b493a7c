/*
 * fetch: download HTTP(S) documents, with an address policy that no backend can skip.
 *
 * Three parts:
 *   - the address policy (tc_addr_policy): which schemes, hosts, ports and redirects
 *     may be reached. Loopback, private, link-local, multicast and other non-public
 *     addresses are refused unless the policy names that exact ORIGIN (scheme, host,
 *     port). It checks a URL (before the first request and at every redirect hop)
 *     and the socket address actually connected to (this stops DNS rebinding). It
 *     belongs to no backend: every backend calls the same checks for every request
 *     it makes (the curl backend from its callbacks; a browser backend for every
 *     request it intercepts: scripts, frames, XHR).
 *   - the request/response interface and its options (tc_fetch_run): an array of
 *     requests in, one completion callback per request out.
 *   - backends (tc_fetch_backend): "curl" (fetch_curl.c, libcurl's multi interface:
 *     parallel, bounded overall and per host, redirects followed hop by hop, conditional
 *     GET, retries with backoff and Retry-After) is the default.
 *
 * Safety rules every backend keeps:
 *   - only the policy's schemes (http and https), also for every redirect hop (else
 *     TC_FETCH_REDIRECT_SCHEME);
 *   - TLS verification on;
 *   - at most max_redirects hops, loops detected (TC_FETCH_TOO_MANY_REDIRECTS);
 *   - the body is capped at max_body DECODED bytes (gzip/deflate/br bombs stop
 *     early: TC_FETCH_TOO_LARGE);
 *   - a total time per attempt, a connect time, and a low-speed limit (slow drip);
 *   - the address policy for every URL and every connection (TC_FETCH_REDIRECT_PRIVATE;
 *     TC_FETCH_REDIRECT_OTHER_SITE when it refuses redirects to another site). With a
 *     proxy configured through the environment (https_proxy, ...) the address checked
 *     at connect is the proxy's.
 *
 * Ownership: the requests and the policy stay the caller's. A tc_fetch_response belongs
 * to the module; it is valid only during the completion callback, which may take the
 * body with tc_buf_detach(&resp->body) (or take any string by setting the pointer to
 * NULL). Everything left is freed right after the callback, so memory stays flat
 * however many documents are fetched.
 */
#ifndef TIACHECK_FETCH_H
#define TIACHECK_FETCH_H

#include <signal.h>
#include <stddef.h>

#include "tiacheck/util.h"

struct sockaddr;

/* ---- the address policy ---- */

/* What kind of address a host or socket address is. Names (tc_addr_kind_name) are
 * stable: "public", "loopback", "private", "link_local", "shared", "unspecified",
 * "multicast", "reserved", "not_ip". */
enum tc_addr_kind {
	TC_ADDR_PUBLIC = 0,
	TC_ADDR_LOOPBACK,       /* 127/8, ::1, the name "localhost" and *.localhost */
	TC_ADDR_PRIVATE,        /* 10/8, 172.16/12, 192.168/16, fc00::/7, fec0::/10 */
	TC_ADDR_LINK_LOCAL,     /* 169.254/16 (cloud metadata), fe80::/10 */
	TC_ADDR_SHARED,         /* 100.64/10 carrier-grade NAT */
	TC_ADDR_UNSPECIFIED,    /* 0/8, :: */
	TC_ADDR_MULTICAST,      /* 224/4, ff00::/8 */
	TC_ADDR_RESERVED,       /* 192.0.0/24, 198.18/15, 240/4, documentation ranges */
	TC_ADDR_NOT_IP          /* a socket that is not IPv4/IPv6 (unix, ...) */
};
const char *tc_addr_kind_name(enum tc_addr_kind k);

/* Why the policy refused. Names (tc_addr_refusal_name): "none", "bad_url", "scheme",
 * "not_public", "other_site". */
enum tc_addr_refusal {
	TC_ADDR_ALLOWED = 0,
	TC_ADDR_BAD_URL,        /* unparsable, no host, or port 0 */
	TC_ADDR_SCHEME,         /* a scheme the policy does not allow */
	TC_ADDR_NOT_PUBLIC,     /* a non-public address or name, origin not allowed */
	TC_ADDR_OTHER_SITE      /* a redirect to another site, and the policy refuses that */
};
const char *tc_addr_refusal_name(enum tc_addr_refusal r);

#define TC_SCHEME_HTTP 1u
#define TC_SCHEME_HTTPS 2u

/* An origin: lowercase scheme and host (IPv6 without brackets, no trailing dot) and
 * the port (the scheme's default when the URL names none). */
typedef struct tc_origin {
	char *scheme;
	char *host;
	int port;
} tc_origin;

typedef struct tc_addr_policy {
	unsigned schemes;       /* TC_SCHEME_* allowed (both by default) */
	int refuse_other_site;  /* 1: a redirect to another site (tc_fetch_site) than the
	                           request's own is refused; 0: followed and flagged */
	tc_origin *origins;     /* origins allowed to be non-public (owned) */
	size_t norigins, cap;
} tc_addr_policy;

#define TC_ADDR_POLICY_INIT { TC_SCHEME_HTTP | TC_SCHEME_HTTPS, 0, NULL, 0, 0 }

/* The decision of a check, with a sentence for the user that names the URL. */
typedef struct tc_addr_verdict {
	enum tc_addr_refusal refusal;   /* TC_ADDR_ALLOWED when allowed */
	enum tc_addr_kind kind;         /* of the host or address that decided */
	char message[512];              /* "" when allowed */
} tc_addr_verdict;

void tc_addr_policy_init(tc_addr_policy *p);
void tc_addr_policy_release(tc_addr_policy *p);
/* dst (uninitialised) becomes a deep copy of src; release it. */
void tc_addr_policy_copy(tc_addr_policy *dst, const tc_addr_policy *src);
/* Allow non-public addresses for the origin of url (an exact origin: another port of
 * the same host stays refused). 0 ok (also when already there); -1 when url has no
 * usable origin (err set). */
int tc_addr_policy_allow_origin(tc_addr_policy *p, const char *url, char *err, size_t errlen);
/* 1 when the origin of url is one the policy allows to be non-public. */
int tc_addr_policy_origin_allowed(const tc_addr_policy *p, const char *url);

/* A URL before it is requested (the first one and every redirect hop): the scheme,
 * the port, and a host that is an address literal or a loopback name. Host names are
 * decided at connect (tc_addr_policy_check_sockaddr). 0 allowed; -1 refused (v says
 * why). v may be NULL. */
int tc_addr_policy_check_url(const tc_addr_policy *p, const char *url, tc_addr_verdict *v);
/* A redirect from the request's first URL's chain to next: check_url on next, and
 * the other-site rule against first. 0 allowed; -1 refused (v says why). */
int tc_addr_policy_check_redirect(const tc_addr_policy *p, const char *first,
				  const char *next, tc_addr_verdict *v);
/* The address a connection for url is about to be made to (or was made to, on a
 * reused connection): refused when it is not public and url's origin is not allowed. */
int tc_addr_policy_check_sockaddr(const tc_addr_policy *p, const char *url,
				  const struct sockaddr *sa, tc_addr_verdict *v);
/* The same with the address as text ("10.0.0.1", "::1"); text that is no address is
 * refused (kind not_ip). */
int tc_addr_policy_check_ip(const tc_addr_policy *p, const char *url, const char *ip,
			    tc_addr_verdict *v);

/* The kind of a numeric address (IPv4 or IPv6 text); TC_ADDR_NOT_IP when not one. */
enum tc_addr_kind tc_addr_classify(const char *addr);
/* 1 when the numeric address is not public; 0 when public; -1 when not an address. */
int tc_fetch_addr_is_private(const char *addr);

/* The "site" of a host for the other-site rule: its last two labels, or the whole
 * host for IP literals. Writes lowercase into out. */
void tc_fetch_site(const char *host, char *out, size_t outlen);

/* ---- requests, responses, options ---- */

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
	TC_FETCH_REDIRECT_PRIVATE,   /* "redirect_private": a non-public address refused by
	                                the policy (first URL, a redirect, or at connect) */
	TC_FETCH_REDIRECT_OTHER_SITE,/* "redirect_other_site": refused by the policy */
	TC_FETCH_BAD_ENCODING,       /* "bad_encoding": content decoding failed */
	TC_FETCH_INTERRUPTED,        /* "interrupted": the stop flag was raised */
	TC_FETCH_OTHER,              /* "other": anything else (message says what) */
	TC_FETCH_NEEDS_BROWSER       /* "needs_browser": the page must be rendered and headless
	                                Chromium is missing or cannot run (message: the
	                                install hint); see fetch_browser.h */
};
/* "none", "dns", ... as in the comments above; "other" for unknown values. */
const char *tc_fetch_error_name(enum tc_fetch_error e);
/* The fetch error for a policy refusal: of a redirect hop, or of the first URL. */
enum tc_fetch_error tc_fetch_error_of_refusal(enum tc_addr_refusal r, int redirect);

typedef struct tc_fetch_request {
	const char *url;            /* http:// or https:// */
	const char *etag;           /* from the last good snapshot: If-None-Match; may be NULL */
	const char *last_modified;  /* If-Modified-Since; may be NULL */
	int allow_private;          /* 1: this URL's own origin is allowed to be non-public
	                               for the whole run, as if it were in the policy (for
	                               callers that name one URL); 0: the policy decides */
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
	const tc_addr_policy *policy; /* the caller's; NULL: TC_ADDR_POLICY_INIT (nothing
	                               non-public allowed, other sites followed) */
	int fail_other_site;        /* 1: also refuse redirects to another site (the same
	                               as policy->refuse_other_site; either one refuses) */
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

/* Fetch all n requests with the default backend (curl); on_done is called exactly once
 * for each. Returns the number of requests that failed (error != TC_FETCH_OK), or -1
 * when nothing could be started (backend setup failed, bad options; err set, no
 * callback called). */
long tc_fetch_run(const tc_fetch_request *reqs, size_t n, const tc_fetch_options *opts,
		  char *err, size_t errlen);

/* ---- backends ---- */

/*
 * A backend fetches a batch. tc_fetch_run_with() checks the options and hands the
 * backend options whose policy is never NULL (the caller's, with the origins of
 * allow_private requests and fail_other_site merged in). The backend must:
 *   - call tc_addr_policy_check_url before the first request of each tc_fetch_request,
 *     tc_addr_policy_check_redirect at every redirect hop, and
 *     tc_addr_policy_check_sockaddr (or _check_ip) for every connection it makes or
 *     reuses, also for sub-requests (a browser's scripts, frames, XHR);
 *   - map refusals with tc_fetch_error_of_refusal and keep the verdict's message;
 *   - keep the limits of the options, and retry transient failures as
 *     tc_fetch_retry_delay_ms says;
 *   - call on_done exactly once per request (also when interrupted) and on_progress
 *     after each, and return the number of failed requests, or -1 before any callback.
 */
typedef struct tc_fetch_backend {
	const char *name;           /* "curl", ... */
	long (*run)(const tc_fetch_request *reqs, size_t n, const tc_fetch_options *opts,
		    char *err, size_t errlen);
} tc_fetch_backend;

extern const tc_fetch_backend tc_fetch_backend_curl;

/* tc_fetch_run with backend b. */
long tc_fetch_run_with(const tc_fetch_backend *b, const tc_fetch_request *reqs, size_t n,
		       const tc_fetch_options *opts, char *err, size_t errlen);

/* Shared by backends: 1 when a failure of this kind (and HTTP status) is worth another
 * attempt (connect, timeout, 5xx, 429). */
int tc_fetch_is_transient(enum tc_fetch_error e, long status);
/* The wait before attempt number attempts+1: retry_delay_ms doubled per attempt made,
 * times jitter01 in [0,1) spread to 0.75..1.25; at least retry_after_ms (>= 0) for 429
 * and 503. -1 when the request should end instead (not transient, or no attempts
 * left); -2 when it should end because Retry-After asks more than retry_after_max_ms. */
double tc_fetch_retry_delay_ms(const tc_fetch_options *o, enum tc_fetch_error e, long status,
			       int attempts, long retry_after_ms, double jitter01);

/* ---- how a document is fetched (the browser backend: fetch_browser.h) ---- */

#include "tiacheck/fetch_mode.h"  /* enum tc_fetch_mode */

#endif
