/*
 * fetch_proxy: the address policy as a forward proxy on loopback. See fetch_proxy.h.
 *
 * Shape: one accept thread polls the listening socket (and the stop flag every
 * POLL_MS); each accepted connection gets a slot and a thread of its own, joined by
 * the accept thread when it ends. A connection thread reads one request head, decides
 * where it goes, checks every address the host resolves to, connects to the first
 * allowed one, and relays bytes both ways until either side is done or a bound is hit.
 */
#include "tiacheck/fetch_proxy.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "tiacheck/util.h"

#define POLL_MS 200            /* how often threads look at the stop flag */
#define HEAD_MAX 16384         /* longest request head */
#define HEAD_MS 10000          /* time to read it */
#define RELAY_CHUNK 16384
#define FAIL_SLOTS 32          /* recent failures remembered */
#define HALF_CLOSED_MS 2000    /* grace for the other direction after one ends */

struct failure {
	char hostport[300];
	enum tc_fetch_error kind;
	char msg[512];
};

struct slot {
	pthread_t th;
	int used;
	atomic_int done;
	int fd;
	struct tc_fetch_proxy *p;
};

struct tc_fetch_proxy {
	tc_addr_policy policy;
	tc_proxy_limits lim;
	int lfd, port;
	atomic_int stop;
	pthread_t accept_th;
	struct slot *slots;
	pthread_mutex_t mu;         /* stats and failures */
	tc_proxy_stats stats;
	struct failure fails[FAIL_SLOTS];
	unsigned nfails;            /* total recorded; the ring holds the last FAIL_SLOTS */
};

void tc_proxy_limits_init(tc_proxy_limits *l)
{
	l->max_conns = 64;
	l->connect_timeout_ms = 10000;
	l->idle_timeout_ms = 30000;
	l->max_ms = 120000;
	l->max_bytes = 256ULL << 20;
}

static double mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* ---- bookkeeping ---- */

static void count(struct tc_fetch_proxy *p, unsigned long *field)
{
	pthread_mutex_lock(&p->mu);
	(*field)++;
	pthread_mutex_unlock(&p->mu);
}

static void remember(struct tc_fetch_proxy *p, const char *host, int port,
		     enum tc_fetch_error kind, const char *msg)
{
	struct failure *f;

	pthread_mutex_lock(&p->mu);
	f = &p->fails[p->nfails++ % FAIL_SLOTS];
	snprintf(f->hostport, sizeof(f->hostport), "%s:%d", host, port);
	f->kind = kind;
	snprintf(f->msg, sizeof(f->msg), "%s", msg);
	if (kind == TC_FETCH_REDIRECT_PRIVATE)
		p->stats.refused++;
	else
		p->stats.failed++;
	pthread_mutex_unlock(&p->mu);
}

void tc_fetch_proxy_stats(tc_fetch_proxy *p, tc_proxy_stats *out)
{
	pthread_mutex_lock(&p->mu);
	*out = p->stats;
	pthread_mutex_unlock(&p->mu);
}

/* Host (lowercase, no brackets) and port of url; 0 ok. */
static int url_hostport(const char *url, char *host, size_t hostlen, int *port)
{
	CURLU *u = curl_url();
	char *h = NULL, *pt = NULL;
	int ok = 0;

	if (u && curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &pt, CURLU_DEFAULT_PORT) == CURLUE_OK) {
		const char *s = h;
		size_t n = strlen(s);
		if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
			s++;
			n -= 2;
		}
		snprintf(host, hostlen, "%.*s", (int)n, s);
		for (char *c = host; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		*port = atoi(pt);
		ok = 1;
	}
	curl_free(h);
	curl_free(pt);
	curl_url_cleanup(u);
	return ok ? 0 : -1;
}

int tc_fetch_proxy_last_failure(tc_fetch_proxy *p, const char *url, enum tc_fetch_error *kind,
				char *msg, size_t msglen)
{
	char host[256], hp[300];
	int port, found = 0;

	if (!p || url_hostport(url, host, sizeof(host), &port) < 0)
		return 0;
	snprintf(hp, sizeof(hp), "%s:%d", host, port);
	pthread_mutex_lock(&p->mu);
	for (unsigned i = 0; i < FAIL_SLOTS && i < p->nfails; i++) {
		const struct failure *f = &p->fails[(p->nfails - 1 - i) % FAIL_SLOTS];
		if (strcmp(f->hostport, hp) == 0) {
			*kind = f->kind;
			snprintf(msg, msglen, "%s", f->msg);
			found = 1;
			break;
		}
	}
	pthread_mutex_unlock(&p->mu);
	return found;
}

/* ---- one connection ---- */

/* Write all of buf, bounded by the stop flag and deadline; 0 ok. */
static int send_all(struct tc_fetch_proxy *p, int fd, const char *buf, size_t len,
		    double deadline)
{
	while (len > 0) {
		struct pollfd pf = { fd, POLLOUT, 0 };
		ssize_t w;

		if (atomic_load(&p->stop) || mono_ms() > deadline)
			return -1;
		if (poll(&pf, 1, POLL_MS) <= 0)
			continue;
		w = send(fd, buf, len, MSG_NOSIGNAL);
		if (w < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

/* An answer of the proxy's own to the client, then the connection ends. */
static void answer(struct tc_fetch_proxy *p, int fd, int code, const char *reason,
		   enum tc_fetch_error kind, const char *msg)
{
	char *r = tc_xasprintf("HTTP/1.1 %d %s\r\nContent-Type: text/plain; charset=utf-8\r\n"
			       "X-Tiacheck-Proxy: %s\r\nContent-Length: %zu\r\n"
			       "Connection: close\r\n\r\n%s",
			       code, reason, tc_fetch_error_name(kind), strlen(msg), msg);

	send_all(p, fd, r, strlen(r), mono_ms() + 2000);
	free(r);
}

/* Read until the end of the request head. Returns the head's length (through the
 * blank line) with *got the bytes in buf, or -1. */
static long read_head(struct tc_fetch_proxy *p, int fd, char *buf, size_t cap, size_t *got)
{
	double deadline = mono_ms() + HEAD_MS;

	*got = 0;
	while (*got < cap - 1) {
		struct pollfd pf = { fd, POLLIN, 0 };
		ssize_t r;
		char *end;

		if (atomic_load(&p->stop) || mono_ms() > deadline)
			return -1;
		if (poll(&pf, 1, POLL_MS) <= 0)
			continue;
		r = recv(fd, buf + *got, cap - 1 - *got, 0);
		if (r < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (r <= 0)
			return -1;
		*got += (size_t)r;
		buf[*got] = '\0';
		if ((end = strstr(buf, "\r\n\r\n")))
			return (long)(end + 4 - buf);
	}
	return -1;
}

/* Connect to one address within the time left; the socket or -1. */
static int connect_addr(struct tc_fetch_proxy *p, const struct addrinfo *ai, double deadline,
			int *timed_out)
{
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
			ai->ai_protocol);

	if (fd < 0)
		return -1;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
		return fd;
	if (errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	while (!atomic_load(&p->stop) && mono_ms() < deadline) {
		struct pollfd pf = { fd, POLLOUT, 0 };
		int e = 0;
		socklen_t el = sizeof(e);

		if (poll(&pf, 1, POLL_MS) <= 0)
			continue;
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el) == 0 && e == 0)
			return fd;
		break;
	}
	if (mono_ms() >= deadline)
		*timed_out = 1;
	close(fd);
	return -1;
}

/*
 * Resolve host, check every address against the policy for url, connect to the first
 * allowed one. The socket, or -1 with *kind and msg set (a refusal when every address
 * was refused).
 */
static int open_upstream(struct tc_fetch_proxy *p, const char *url, const char *host, int port,
			 enum tc_fetch_error *kind, char *msg, size_t msglen)
{
	struct addrinfo hints, *res = NULL;
	char ps[16];
	double deadline = mono_ms() + (double)p->lim.connect_timeout_ms;
	int fd = -1, rc, refused = 0, tried = 0, timed_out = 0;
	tc_addr_verdict v;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(ps, sizeof(ps), "%d", port);
	rc = getaddrinfo(host, ps, &hints, &res);
	if (rc != 0 || !res) {
		*kind = TC_FETCH_DNS;
		tc_seterr(msg, msglen, "could not resolve host '%s': %s", host, gai_strerror(rc));
		return -1;
	}
	for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
		if (tc_addr_policy_check_sockaddr(&p->policy, url, ai->ai_addr, &v) < 0) {
			if (!refused)
				tc_seterr(msg, msglen, "%s", v.message);
			refused++;
			continue;
		}
		tried++;
		fd = connect_addr(p, ai, deadline, &timed_out);
	}
	freeaddrinfo(res);
	if (fd >= 0)
		return fd;
	if (refused && !tried) {
		*kind = TC_FETCH_REDIRECT_PRIVATE;
		return -1;
	}
	*kind = timed_out ? TC_FETCH_TIMEOUT : TC_FETCH_CONNECT;
	tc_seterr(msg, msglen, "could not connect to '%s' port %d%s", host, port,
		  timed_out ? " (timed out)" : "");
	return -1;
}

/* Relay bytes between a and b until both sides are done or a bound is hit. */
static void relay(struct tc_fetch_proxy *p, int a, int b)
{
	double start = mono_ms(), last = start;
	unsigned long long total = 0;
	int open_ab = 1, open_ba = 1;   /* a->b and b->a still flowing */
	char *buf = tc_xmalloc(RELAY_CHUNK);

	while ((open_ab || open_ba) && !atomic_load(&p->stop)) {
		struct pollfd pf[2] = { { a, open_ab ? POLLIN : 0, 0 }, { b, open_ba ? POLLIN : 0, 0 } };
		double now = mono_ms();
		/* once one side is done, the other gets a short grace, not the idle time */
		double idle = open_ab && open_ba ? (double)p->lim.idle_timeout_ms : HALF_CLOSED_MS;

		if (now - start > (double)p->lim.max_ms || now - last > idle ||
		    total > p->lim.max_bytes)
			break;
		if (poll(pf, 2, POLL_MS) <= 0)
			continue;
		for (int i = 0; i < 2; i++) {
			int from = i ? b : a, to = i ? a : b, *open = i ? &open_ba : &open_ab;
			ssize_t r;

			if (!*open || !(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			r = recv(from, buf, RELAY_CHUNK, 0);
			if (r < 0 && (errno == EAGAIN || errno == EINTR))
				continue;
			if (r <= 0 || send_all(p, to, buf, (size_t)r, start + (double)p->lim.max_ms) < 0) {
				*open = 0;
				shutdown(to, SHUT_WR);
				if (r != 0)                 /* an error: end both ways */
					open_ab = open_ba = 0;
				continue;
			}
			total += (unsigned long long)r;
			last = mono_ms();
		}
	}
	free(buf);
}

/* Is header line (name: value) one that must not be forwarded upstream? */
static int hop_header(const char *line, size_t len)
{
	static const char *const names[] = { "proxy-connection:", "proxy-authorization:",
					     "connection:", "keep-alive:" };

	for (size_t i = 0; i < TC_ARRAY_LEN(names); i++) {
		size_t n = strlen(names[i]);
		if (len >= n && strncasecmp(line, names[i], n) == 0)
			return 1;
	}
	return 0;
}

/* The head for the origin server: origin-form request line, hop headers dropped. */
static char *origin_head(const char *method, const char *url, const char *version,
			 const char *headers)
{
	CURLU *u = curl_url();
	char *path = NULL, *query = NULL;
	tc_buf out;

	tc_buf_init(&out, HEAD_MAX * 2);
	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK) {
		curl_url_get(u, CURLUPART_PATH, &path, 0);
		curl_url_get(u, CURLUPART_QUERY, &query, 0);
	}
	tc_buf_printf(&out, "%s %s%s%s %s\r\n", method, path ? path : "/", query ? "?" : "",
		      query ? query : "", version);
	for (const char *l = headers; *l;) {
		const char *e = strstr(l, "\r\n");
		size_t len = e ? (size_t)(e - l) : strlen(l);
		if (len == 0)
			break;
		if (!hop_header(l, len)) {
			tc_buf_add(&out, l, len);
			tc_buf_adds(&out, "\r\n");
		}
		l += len + (e ? 2 : 0);
	}
	tc_buf_adds(&out, "Connection: close\r\n\r\n");
	curl_free(path);
	curl_free(query);
	curl_url_cleanup(u);
	return tc_buf_detach(&out);
}

/* One client connection: read the head, check, connect, relay. */
static void serve(struct tc_fetch_proxy *p, int cfd)
{
	char *buf = tc_xmalloc(HEAD_MAX), method[16], target[HEAD_MAX / 2], version[16];
	char host[256], msg[512], *url = NULL, *head = NULL;
	size_t got = 0;
	long hlen = read_head(p, cfd, buf, HEAD_MAX, &got);
	int port = 0, ufd = -1, tunnel;
	enum tc_fetch_error kind = TC_FETCH_OTHER;
	tc_addr_verdict v;

	if (hlen < 0)
		goto out;
	count(p, &p->stats.requests);
	if (sscanf(buf, "%15s %8191s %15s", method, target, version) != 3) {
		answer(p, cfd, 400, "Bad Request", TC_FETCH_OTHER, "bad request line");
		goto out;
	}
	tunnel = strcmp(method, "CONNECT") == 0;
	url = tunnel ? tc_xasprintf("https://%s/", target) : tc_xstrdup(target);
	if (tc_addr_policy_check_url(&p->policy, url, &v) < 0 ||
	    url_hostport(url, host, sizeof(host), &port) < 0) {
		snprintf(msg, sizeof(msg), "%s", v.refusal ? v.message : "unusable request target");
		kind = v.refusal == TC_ADDR_NOT_PUBLIC ? TC_FETCH_REDIRECT_PRIVATE : TC_FETCH_OTHER;
		if (v.refusal && url_hostport(url, host, sizeof(host), &port) == 0)
			remember(p, host, port, kind, msg);
		answer(p, cfd, 403, "Forbidden", kind, msg);
		goto out;
	}
	ufd = open_upstream(p, url, host, port, &kind, msg, sizeof(msg));
	if (ufd < 0) {
		remember(p, host, port, kind, msg);
		if (kind == TC_FETCH_REDIRECT_PRIVATE)
			answer(p, cfd, 403, "Forbidden", kind, msg);
		else
			answer(p, cfd, kind == TC_FETCH_TIMEOUT ? 504 : 502,
			       kind == TC_FETCH_TIMEOUT ? "Gateway Timeout" : "Bad Gateway", kind, msg);
		goto out;
	}
	count(p, &p->stats.connected);
	if (tunnel) {
		static const char ok[] = "HTTP/1.1 200 Connection Established\r\n\r\n";
		if (send_all(p, cfd, ok, sizeof(ok) - 1, mono_ms() + 5000) < 0)
			goto out;
	} else {
		const char *hdrs = strstr(buf, "\r\n");
		buf[hlen - 2] = '\0';   /* keep the head's last CRLF, drop the blank line */
		head = origin_head(method, url, version, hdrs ? hdrs + 2 : "");
		if (send_all(p, ufd, head, strlen(head), mono_ms() + 10000) < 0)
			goto out;
	}
	if ((size_t)hlen < got &&
	    send_all(p, ufd, buf + hlen, got - (size_t)hlen, mono_ms() + 10000) < 0)
		goto out;
	relay(p, cfd, ufd);
out:
	if (ufd >= 0)
		close(ufd);
	free(url);
	free(head);
	free(buf);
}

static void *conn_main(void *arg)
{
	struct slot *s = arg;

	serve(s->p, s->fd);
	close(s->fd);
	atomic_store(&s->done, 1);
	return NULL;
}

/* Join the threads that have ended; with all set, wait for every one. */
static void reap(struct tc_fetch_proxy *p, int all)
{
	for (int i = 0; i < p->lim.max_conns; i++) {
		struct slot *s = &p->slots[i];
		if (s->used && (all || atomic_load(&s->done))) {
			pthread_join(s->th, NULL);
			s->used = 0;
		}
	}
}

static void start_conn(struct tc_fetch_proxy *p, int cfd)
{
	for (int i = 0; i < p->lim.max_conns; i++) {
		struct slot *s = &p->slots[i];
		if (s->used)
			continue;
		s->fd = cfd;
		s->p = p;
		atomic_store(&s->done, 0);
		if (pthread_create(&s->th, NULL, conn_main, s) == 0) {
			s->used = 1;
			return;
		}
		break;
	}
	count(p, &p->stats.dropped);
	close(cfd);
}

static void *accept_main(void *arg)
{
	struct tc_fetch_proxy *p = arg;

	while (!atomic_load(&p->stop)) {
		struct pollfd pf = { p->lfd, POLLIN, 0 };
		int cfd;

		reap(p, 0);
		if (poll(&pf, 1, POLL_MS) <= 0)
			continue;
		cfd = accept4(p->lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (cfd >= 0)
			start_conn(p, cfd);
	}
	reap(p, 1);
	return NULL;
}

static int listen_loopback(int *port, char *err, size_t errlen)
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, 64) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &al) < 0) {
		tc_seterr(err, errlen, "proxy: cannot listen on 127.0.0.1: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*port = ntohs(a.sin_port);
	return fd;
}

tc_fetch_proxy *tc_fetch_proxy_start(const tc_addr_policy *policy, const tc_proxy_limits *lim,
				     char *err, size_t errlen)
{
	struct tc_fetch_proxy *p = tc_xcalloc(1, sizeof(*p));

	if (lim)
		p->lim = *lim;
	else
		tc_proxy_limits_init(&p->lim);
	if (p->lim.max_conns < 1)
		p->lim.max_conns = 1;
	tc_addr_policy_copy(&p->policy, policy);
	pthread_mutex_init(&p->mu, NULL);
	atomic_init(&p->stop, 0);
	p->slots = tc_xcalloc((size_t)p->lim.max_conns, sizeof(*p->slots));
	p->lfd = listen_loopback(&p->port, err, errlen);
	if (p->lfd < 0)
		goto fail;
	if (pthread_create(&p->accept_th, NULL, accept_main, p) != 0) {
		tc_seterr(err, errlen, "proxy: cannot start a thread");
		close(p->lfd);
		goto fail;
	}
	return p;
fail:
	tc_addr_policy_release(&p->policy);
	pthread_mutex_destroy(&p->mu);
	free(p->slots);
	free(p);
	return NULL;
}

int tc_fetch_proxy_port(const tc_fetch_proxy *p)
{
	return p ? p->port : 0;
}

void tc_fetch_proxy_stop(tc_fetch_proxy *p)
{
	if (!p)
		return;
	atomic_store(&p->stop, 1);
	pthread_join(p->accept_th, NULL);
	close(p->lfd);
	tc_addr_policy_release(&p->policy);
	pthread_mutex_destroy(&p->mu);
	free(p->slots);
	free(p);
}
