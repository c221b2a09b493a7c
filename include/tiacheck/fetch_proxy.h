/*
 * fetch_proxy: a forward HTTP proxy on 127.0.0.1 that keeps the address policy for
 * every connection a client (the headless browser) makes through it.
 *
 * The proxy resolves each host itself, checks every resolved address with
 * tc_addr_policy_check_sockaddr, and connects to the address it checked (no second
 * DNS lookup, so DNS rebinding cannot steer it). It serves CONNECT (tunnels: https,
 * wss) and absolute-URI requests (plain http: the request line is rewritten to origin
 * form and "Connection: close" sent upstream). A CONNECT is checked as the origin
 * https://HOST:PORT (a non-public origin allowed for http only opens no tunnel). A
 * refused or failed connection answers 403 (refused) or 502/504 with an
 * "X-Tiacheck-Proxy: KIND" header (KIND a fetch error name) and is remembered, so that
 * a caller can tell why its page failed.
 *
 * Bounds: connections at once (a thread each), the request head, the connect time,
 * the idle time and the total time and bytes of each connection. It runs in a thread
 * of its own from tc_fetch_proxy_start to tc_fetch_proxy_stop.
 *
 * Ownership: the proxy copies the policy and the limits; tc_fetch_proxy_stop joins
 * every thread, closes every socket and frees the proxy.
 */
#ifndef TIACHECK_FETCH_PROXY_H
#define TIACHECK_FETCH_PROXY_H

#include <stddef.h>

#include "tiacheck/fetch.h"

typedef struct tc_fetch_proxy tc_fetch_proxy;

typedef struct tc_proxy_limits {
	int max_conns;              /* connections at once; more are closed at once (64) */
	long connect_timeout_ms;    /* per upstream connection (10000) */
	long idle_timeout_ms;       /* no byte either way for this long ends it (30000) */
	long max_ms;                /* total life of one connection (120000) */
	unsigned long long max_bytes; /* both directions of one connection (256 MiB) */
} tc_proxy_limits;

/* The defaults above. */
void tc_proxy_limits_init(tc_proxy_limits *l);

/* Start a proxy on 127.0.0.1 (any free port) with a copy of policy. NULL with err
 * when it cannot listen. */
tc_fetch_proxy *tc_fetch_proxy_start(const tc_addr_policy *policy, const tc_proxy_limits *lim,
				     char *err, size_t errlen);
/* The port it listens on. */
int tc_fetch_proxy_port(const tc_fetch_proxy *p);

typedef struct tc_proxy_stats {
	unsigned long requests;     /* request heads read */
	unsigned long connected;    /* upstream connections made */
	unsigned long refused;      /* refused by the address policy */
	unsigned long failed;       /* DNS, connect or protocol failures */
	unsigned long dropped;      /* connections closed because all slots were busy */
} tc_proxy_stats;
void tc_fetch_proxy_stats(tc_fetch_proxy *p, tc_proxy_stats *out);

/* The last failure (refusal, DNS, connect) for the origin of url (scheme ignored:
 * host and port), since the proxy started: 1 and kind/msg filled when there is one,
 * else 0. */
int tc_fetch_proxy_last_failure(tc_fetch_proxy *p, const char *url, enum tc_fetch_error *kind,
				char *msg, size_t msglen);

/* Stop accepting, end every connection, join every thread, free p (NULL is fine). */
void tc_fetch_proxy_stop(tc_fetch_proxy *p);

#endif
