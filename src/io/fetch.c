/*
 * fetch: the interface every fetch backend implements, and the address policy they all
 * enforce. See fetch.h. The backends live in their own files (fetch_curl.c); nothing
 * here opens a connection.
 *
 * URLs are taken apart with libcurl's URL parser, the same one the curl backend
 * connects with: a URL cannot mean one host to the policy and another to the backend
 * (and the parser already turns "127.1", "0x7f.0.0.1" or "2130706433" into 127.0.0.1).
 */
#include "tiacheck/fetch.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include <curl/curl.h>

#define ORIGINS_MAX 100000      /* origins in one policy: a catalogue has far fewer */

static const char *const error_names[] = {
	[TC_FETCH_OK] = "none",
	[TC_FETCH_DNS] = "dns",
	[TC_FETCH_CONNECT] = "connect",
	[TC_FETCH_TIMEOUT] = "timeout",
	[TC_FETCH_TLS] = "tls",
	[TC_FETCH_HTTP_4XX] = "http_4xx",
	[TC_FETCH_HTTP_5XX] = "http_5xx",
	[TC_FETCH_TOO_LARGE] = "too_large",
	[TC_FETCH_TOO_MANY_REDIRECTS] = "too_many_redirects",
	[TC_FETCH_REDIRECT_SCHEME] = "redirect_scheme",
	[TC_FETCH_REDIRECT_PRIVATE] = "redirect_private",
	[TC_FETCH_REDIRECT_OTHER_SITE] = "redirect_other_site",
	[TC_FETCH_BAD_ENCODING] = "bad_encoding",
	[TC_FETCH_INTERRUPTED] = "interrupted",
	[TC_FETCH_OTHER] = "other",
	[TC_FETCH_NEEDS_BROWSER] = "needs_browser",
};

const char *tc_fetch_error_name(enum tc_fetch_error e)
{
	if ((size_t)e < TC_ARRAY_LEN(error_names) && error_names[e])
		return error_names[e];
	return "other";
}

enum tc_fetch_error tc_fetch_error_of_refusal(enum tc_addr_refusal r, int redirect)
{
	switch (r) {
	case TC_ADDR_ALLOWED: return TC_FETCH_OK;
	case TC_ADDR_SCHEME: return redirect ? TC_FETCH_REDIRECT_SCHEME : TC_FETCH_OTHER;
	case TC_ADDR_NOT_PUBLIC: return TC_FETCH_REDIRECT_PRIVATE;
	case TC_ADDR_OTHER_SITE: return TC_FETCH_REDIRECT_OTHER_SITE;
	case TC_ADDR_BAD_URL: break;
	}
	return TC_FETCH_OTHER;
}

void tc_fetch_options_init(tc_fetch_options *o)
{
	memset(o, 0, sizeof(*o));
	o->max_parallel = 16;
	o->per_host = 2;
	o->connect_timeout_ms = 10000;
	o->timeout_ms = 60000;
	o->low_speed_bytes = 100;
	o->low_speed_secs = 20;
	o->max_body = (size_t)20 << 20;
	o->max_redirects = 5;
	o->retries = 2;
	o->retry_delay_ms = 1000;
	o->retry_after_max_ms = 60000;
}

/* ---- addresses ---- */

static const struct {
	const char *name;
	const char *phrase;     /* for messages: "127.0.0.1 is PHRASE" */
} kinds[] = {
	[TC_ADDR_PUBLIC] = { "public", "a public address" },
	[TC_ADDR_LOOPBACK] = { "loopback", "a loopback address" },
	[TC_ADDR_PRIVATE] = { "private", "a private address" },
	[TC_ADDR_LINK_LOCAL] = { "link_local", "a link-local address" },
	[TC_ADDR_SHARED] = { "shared", "a shared (carrier-grade NAT) address" },
	[TC_ADDR_UNSPECIFIED] = { "unspecified", "an unspecified address" },
	[TC_ADDR_MULTICAST] = { "multicast", "a multicast address" },
	[TC_ADDR_RESERVED] = { "reserved", "a reserved address" },
	[TC_ADDR_NOT_IP] = { "not_ip", "not an IP address" },
};

const char *tc_addr_kind_name(enum tc_addr_kind k)
{
	return (size_t)k < TC_ARRAY_LEN(kinds) ? kinds[k].name : "not_ip";
}

static const char *kind_phrase(enum tc_addr_kind k)
{
	return (size_t)k < TC_ARRAY_LEN(kinds) ? kinds[k].phrase : "not an IP address";
}

const char *tc_addr_refusal_name(enum tc_addr_refusal r)
{
	static const char *const names[] = {
		[TC_ADDR_ALLOWED] = "none", [TC_ADDR_BAD_URL] = "bad_url",
		[TC_ADDR_SCHEME] = "scheme", [TC_ADDR_NOT_PUBLIC] = "not_public",
		[TC_ADDR_OTHER_SITE] = "other_site",
	};
	return (size_t)r < TC_ARRAY_LEN(names) && names[r] ? names[r] : "bad_url";
}

/* IPv4 ranges that are not the public internet (RFC 6890 and friends). */
static const struct {
	uint32_t net;
	int bits;
	enum tc_addr_kind kind;
} v4_ranges[] = {
	{ 0x00000000, 8, TC_ADDR_UNSPECIFIED },  /* 0/8 "this network" */
	{ 0x0A000000, 8, TC_ADDR_PRIVATE },      /* 10/8 */
	{ 0x64400000, 10, TC_ADDR_SHARED },      /* 100.64/10 carrier-grade NAT */
	{ 0x7F000000, 8, TC_ADDR_LOOPBACK },     /* 127/8 */
	{ 0xA9FE0000, 16, TC_ADDR_LINK_LOCAL },  /* 169.254/16 (cloud metadata) */
	{ 0xAC100000, 12, TC_ADDR_PRIVATE },     /* 172.16/12 */
	{ 0xC0000000, 24, TC_ADDR_RESERVED },    /* 192.0.0/24 IETF assignments */
	{ 0xC0000200, 24, TC_ADDR_RESERVED },    /* 192.0.2/24 documentation */
	{ 0xC0A80000, 16, TC_ADDR_PRIVATE },     /* 192.168/16 */
	{ 0xC6120000, 15, TC_ADDR_RESERVED },    /* 198.18/15 benchmarking */
	{ 0xC6336400, 24, TC_ADDR_RESERVED },    /* 198.51.100/24 documentation */
	{ 0xCB007100, 24, TC_ADDR_RESERVED },    /* 203.0.113/24 documentation */
	{ 0xE0000000, 4, TC_ADDR_MULTICAST },    /* 224/4 */
	{ 0xF0000000, 4, TC_ADDR_RESERVED },     /* 240/4 reserved, broadcast */
};

static enum tc_addr_kind v4_kind(uint32_t a)
{
	for (size_t i = 0; i < TC_ARRAY_LEN(v4_ranges); i++) {
		uint32_t mask = 0xFFFFFFFFu << (32 - v4_ranges[i].bits);
		if ((a & mask) == v4_ranges[i].net)
			return v4_ranges[i].kind;
	}
	return TC_ADDR_PUBLIC;
}

static uint32_t v4_at(const unsigned char *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static enum tc_addr_kind v6_kind(const unsigned char *b)
{
	static const unsigned char zero[16];
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	static const unsigned char nat64[12] = { 0, 0x64, 0xff, 0x9b };
	static const unsigned char doc[4] = { 0x20, 0x01, 0x0d, 0xb8 };

	if (memcmp(b, zero, 15) == 0 && b[15] == 0)
		return TC_ADDR_UNSPECIFIED;             /* :: */
	if (memcmp(b, zero, 15) == 0 && b[15] == 1)
		return TC_ADDR_LOOPBACK;                /* ::1 */
	/* IPv4 inside IPv6: mapped, compatible, NAT64 well-known prefix */
	if (memcmp(b, mapped, 12) == 0 || memcmp(b, zero, 12) == 0 || memcmp(b, nat64, 12) == 0)
		return v4_kind(v4_at(b + 12));
	if ((b[0] & 0xfe) == 0xfc)                      /* fc00::/7 unique local */
		return TC_ADDR_PRIVATE;
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)      /* fe80::/10 */
		return TC_ADDR_LINK_LOCAL;
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)      /* fec0::/10 old site-local */
		return TC_ADDR_PRIVATE;
	if (b[0] == 0xff)
		return TC_ADDR_MULTICAST;
	if (memcmp(b, doc, 4) == 0)                     /* 2001:db8::/32 documentation */
		return TC_ADDR_RESERVED;
	return TC_ADDR_PUBLIC;
}

enum tc_addr_kind tc_addr_classify(const char *addr)
{
	struct in_addr a4;
	struct in6_addr a6;

	if (!addr)
		return TC_ADDR_NOT_IP;
	if (inet_pton(AF_INET, addr, &a4) == 1)
		return v4_kind(ntohl(a4.s_addr));
	if (inet_pton(AF_INET6, addr, &a6) == 1)
		return v6_kind(a6.s6_addr);
	return TC_ADDR_NOT_IP;
}

int tc_fetch_addr_is_private(const char *addr)
{
	enum tc_addr_kind k = tc_addr_classify(addr);

	return k == TC_ADDR_NOT_IP ? -1 : k != TC_ADDR_PUBLIC;
}

/* The kind of a socket address; its text into text (for messages). */
static enum tc_addr_kind sockaddr_kind(const struct sockaddr *sa, char *text, size_t textlen)
{
	if (sa && sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)(const void *)sa;
		inet_ntop(AF_INET, &s4->sin_addr, text, (socklen_t)textlen);
		return v4_kind(ntohl(s4->sin_addr.s_addr));
	}
	if (sa && sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)(const void *)sa;
		inet_ntop(AF_INET6, &s6->sin6_addr, text, (socklen_t)textlen);
		return v6_kind(s6->sin6_addr.s6_addr);
	}
	tc_seterr(text, textlen, "address family %d", sa ? sa->sa_family : -1);
	return TC_ADDR_NOT_IP;                  /* unix sockets and the like: never */
}

void tc_fetch_site(const char *host, char *out, size_t outlen)
{
	const char *start;
	size_t len, i;
	int dots = 0;

	if (!outlen)
		return;
	out[0] = '\0';
	if (!host)
		return;
	len = strlen(host);
	if (len && host[len - 1] == '.')        /* "example.com." */
		len--;
	start = host;
	if (tc_fetch_addr_is_private(host) < 0 && !strchr(host, ':')) {
		for (i = len; i > 0; i--) {
			if (host[i - 1] == '.' && ++dots == 2) {
				start = host + i;
				break;
			}
		}
	}
	len -= (size_t)(start - host);
	for (i = 0; i < len && i + 1 < outlen; i++)
		out[i] = (char)tolower((unsigned char)start[i]);
	out[i] = '\0';
}

/* ---- origins ---- */

static void origin_release(tc_origin *o)
{
	free(o->scheme);
	free(o->host);
	memset(o, 0, sizeof(*o));
}

/* Lowercase, without IPv6 brackets and trailing dots. Owned. */
static char *host_normal(const char *h)
{
	char *s = tc_xstrdup(h), *p;
	size_t n;

	for (p = s; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	n = strlen(s);
	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		memmove(s, s + 1, n - 2);
		s[n - 2] = '\0';
	}
	n = strlen(s);
	while (n > 1 && s[n - 1] == '.')
		s[--n] = '\0';
	return s;
}

/*
 * Take url apart into o (owned strings; release with origin_release). What is missing
 * stays NULL/0: scheme NULL when the URL cannot be parsed, host NULL when it has none,
 * port 0 when the scheme has no default and none is given.
 */
static void origin_parse(const char *url, tc_origin *o)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL;

	memset(o, 0, sizeof(*o));
	if (!u || !url || curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
		goto out;
	if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK)
		o->scheme = host_normal(scheme);
	if (curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK && host[0])
		o->host = host_normal(host);
	if (curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK)
		o->port = atoi(port);
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
}

static int origin_same(const tc_origin *a, const tc_origin *b)
{
	return a->scheme && b->scheme && a->host && b->host && a->port == b->port &&
	       strcmp(a->scheme, b->scheme) == 0 && strcmp(a->host, b->host) == 0;
}

/* "http://[::1]:8080" into buf. */
static const char *origin_text(const tc_origin *o, char *buf, size_t len)
{
	int v6 = o->host && strchr(o->host, ':');

	snprintf(buf, len, "%s://%s%s%s:%d", o->scheme ? o->scheme : "?", v6 ? "[" : "",
		 o->host ? o->host : "", v6 ? "]" : "", o->port);
	return buf;
}

static unsigned scheme_bit(const char *scheme)
{
	if (scheme && strcmp(scheme, "http") == 0)
		return TC_SCHEME_HTTP;
	if (scheme && strcmp(scheme, "https") == 0)
		return TC_SCHEME_HTTPS;
	return 0;
}

/* What a host in a URL is: an address literal by its range, a loopback name, or a name
 * (public until connect says otherwise). */
static enum tc_addr_kind host_kind(const char *host)
{
	enum tc_addr_kind k = tc_addr_classify(host);
	size_t n = strlen(host);

	if (k != TC_ADDR_NOT_IP)
		return k;
	if (strcmp(host, "localhost") == 0 ||
	    (n > 10 && strcmp(host + n - 10, ".localhost") == 0))
		return TC_ADDR_LOOPBACK;                /* RFC 6761: never leaves the host */
	return TC_ADDR_PUBLIC;
}

/* ---- the policy ---- */

void tc_addr_policy_init(tc_addr_policy *p)
{
	static const tc_addr_policy init = TC_ADDR_POLICY_INIT;

	*p = init;
}

void tc_addr_policy_release(tc_addr_policy *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->norigins; i++)
		origin_release(&p->origins[i]);
	free(p->origins);
	tc_addr_policy_init(p);
}

void tc_addr_policy_copy(tc_addr_policy *dst, const tc_addr_policy *src)
{
	*dst = *src;
	dst->origins = NULL;
	dst->norigins = dst->cap = 0;
	if (!src->norigins)
		return;
	dst->origins = tc_xcalloc(src->norigins, sizeof(*dst->origins));
	dst->cap = src->norigins;
	for (size_t i = 0; i < src->norigins; i++) {
		dst->origins[i].scheme = tc_xstrdup(src->origins[i].scheme);
		dst->origins[i].host = tc_xstrdup(src->origins[i].host);
		dst->origins[i].port = src->origins[i].port;
	}
	dst->norigins = src->norigins;
}

static int origin_listed(const tc_addr_policy *p, const tc_origin *o)
{
	for (size_t i = 0; i < p->norigins; i++)
		if (origin_same(&p->origins[i], o))
			return 1;
	return 0;
}

int tc_addr_policy_allow_origin(tc_addr_policy *p, const char *url, char *err, size_t errlen)
{
	tc_origin o;

	origin_parse(url, &o);
	if (!o.scheme || !o.host || o.port <= 0) {
		tc_seterr(err, errlen, "'%.300s' has no origin (scheme, host, port)", url ? url : "");
		origin_release(&o);
		return -1;
	}
	if (origin_listed(p, &o)) {
		origin_release(&o);
		return 0;
	}
	if (p->norigins >= ORIGINS_MAX) {
		tc_seterr(err, errlen, "more than %d allowed origins", ORIGINS_MAX);
		origin_release(&o);
		return -1;
	}
	if (p->norigins == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 8;
		p->origins = tc_xrealloc(p->origins, p->cap * sizeof(*p->origins));
	}
	p->origins[p->norigins++] = o;
	return 0;
}

int tc_addr_policy_origin_allowed(const tc_addr_policy *p, const char *url)
{
	tc_origin o;
	int ok;

	origin_parse(url, &o);
	ok = origin_listed(p, &o);
	origin_release(&o);
	return ok;
}

static int refuse(tc_addr_verdict *v, enum tc_addr_refusal r, enum tc_addr_kind k,
		  const char *fmt, ...) TC_PRINTF(4, 5);

static int refuse(tc_addr_verdict *v, enum tc_addr_refusal r, enum tc_addr_kind k,
		  const char *fmt, ...)
{
	va_list ap;

	if (!v)
		return -1;
	v->refusal = r;
	v->kind = k;
	va_start(ap, fmt);
	vsnprintf(v->message, sizeof(v->message), fmt, ap);
	va_end(ap);
	return -1;
}

static int allow(tc_addr_verdict *v, enum tc_addr_kind k)
{
	if (v) {
		v->refusal = TC_ADDR_ALLOWED;
		v->kind = k;
		v->message[0] = '\0';
	}
	return 0;
}

/* check_url with the message starting with what ("" or "redirect to "). */
static int check_url_as(const tc_addr_policy *p, const char *url, const char *what,
			tc_addr_verdict *v)
{
	tc_origin o;
	enum tc_addr_kind k = TC_ADDR_PUBLIC;
	char ot[300];
	int ret;

	origin_parse(url, &o);
	if (!o.scheme) {
		ret = refuse(v, TC_ADDR_BAD_URL, k, "%s'%.300s' refused: not a usable URL", what,
			     url ? url : "");
	} else if (!(scheme_bit(o.scheme) & p->schemes)) {
		ret = refuse(v, TC_ADDR_SCHEME, k,
			     "%s'%.300s' refused: only http and https are followed", what, url);
	} else if (!o.host || o.port <= 0) {
		ret = refuse(v, TC_ADDR_BAD_URL, k, "%s'%.300s' refused: no host or port", what, url);
	} else if ((k = host_kind(o.host)) != TC_ADDR_PUBLIC && !origin_listed(p, &o)) {
		ret = refuse(v, TC_ADDR_NOT_PUBLIC, k,
			     "%s'%.300s' refused: %s is %s, and %s is not an origin the "
			     "catalogue names", what, url, o.host, kind_phrase(k),
			     origin_text(&o, ot, sizeof(ot)));
	} else {
		ret = allow(v, k);
	}
	origin_release(&o);
	return ret;
}

int tc_addr_policy_check_url(const tc_addr_policy *p, const char *url, tc_addr_verdict *v)
{
	return check_url_as(p, url, "", v);
}

/* 1 when next leads to another site than first (sites written for the message). */
static int other_site(const char *first, const char *next, char *a, char *b, size_t len)
{
	tc_origin oa, ob;
	int other;

	origin_parse(first, &oa);
	origin_parse(next, &ob);
	tc_fetch_site(oa.host, a, len);
	tc_fetch_site(ob.host, b, len);
	other = ob.host && strcmp(a, b) != 0;
	origin_release(&oa);
	origin_release(&ob);
	return other;
}

int tc_addr_policy_check_redirect(const tc_addr_policy *p, const char *first,
				  const char *next, tc_addr_verdict *v)
{
	tc_addr_verdict uv;
	char site_a[256], site_b[256];
	int rc = check_url_as(p, next, "redirect to ", &uv);

	/* a scheme or URL the policy refuses is named as such; a non-public host on
	 * another site is named as another site (what the DPO can act on) */
	if ((rc == 0 || uv.refusal == TC_ADDR_NOT_PUBLIC) && p->refuse_other_site &&
	    other_site(first, next, site_a, site_b, sizeof(site_a)))
		return refuse(v, TC_ADDR_OTHER_SITE, uv.kind,
			      "redirect to another site '%.300s' (from %s to %s%s%s)", next, site_a,
			      site_b, rc < 0 ? ", " : "", rc < 0 ? kind_phrase(uv.kind) : "");
	if (v)
		*v = uv;
	return rc;
}

/* The connect-time rule for an address of kind k (text addr) for url. */
static int check_kind(const tc_addr_policy *p, const char *url, enum tc_addr_kind k,
		      const char *addr, tc_addr_verdict *v)
{
	tc_origin o;
	char ot[300];
	int ret;

	if (k == TC_ADDR_PUBLIC)
		return allow(v, k);
	origin_parse(url, &o);
	if (k != TC_ADDR_NOT_IP && origin_listed(p, &o))
		ret = allow(v, k);
	else if (k == TC_ADDR_NOT_IP)
		ret = refuse(v, TC_ADDR_NOT_PUBLIC, k, "refused to connect to %s for '%.300s': "
			     "not an IP address", addr, url ? url : "");
	else
		ret = refuse(v, TC_ADDR_NOT_PUBLIC, k, "refused to connect to %s, %s, for "
			     "'%.300s': %s is not an origin the catalogue names", addr,
			     kind_phrase(k), url ? url : "", origin_text(&o, ot, sizeof(ot)));
	origin_release(&o);
	return ret;
}

int tc_addr_policy_check_sockaddr(const tc_addr_policy *p, const char *url,
				  const struct sockaddr *sa, tc_addr_verdict *v)
{
	char text[INET6_ADDRSTRLEN + 32] = "";
	enum tc_addr_kind k = sockaddr_kind(sa, text, sizeof(text));

	return check_kind(p, url, k, text, v);
}

int tc_addr_policy_check_ip(const tc_addr_policy *p, const char *url, const char *ip,
			    tc_addr_verdict *v)
{
	return check_kind(p, url, tc_addr_classify(ip), ip ? ip : "(none)", v);
}

/* ---- running a backend ---- */

int tc_fetch_is_transient(enum tc_fetch_error e, long status)
{
	return e == TC_FETCH_CONNECT || e == TC_FETCH_TIMEOUT || e == TC_FETCH_HTTP_5XX ||
	       (e == TC_FETCH_HTTP_4XX && status == 429);
}

double tc_fetch_retry_delay_ms(const tc_fetch_options *o, enum tc_fetch_error e, long status,
			       int attempts, long retry_after_ms, double jitter01)
{
	double delay;

	if (!tc_fetch_is_transient(e, status) || attempts > o->retries)
		return -1;
	delay = (double)o->retry_delay_ms;
	for (int i = 1; i < attempts && delay < 3600e3; i++)
		delay *= 2;
	delay *= 0.75 + 0.5 * jitter01;
	if ((status == 429 || status == 503) && retry_after_ms >= 0) {
		if (retry_after_ms > o->retry_after_max_ms)
			return -2;
		if ((double)retry_after_ms > delay)
			delay = (double)retry_after_ms;
	}
	return delay;
}

static int check_options(const tc_fetch_options *o, char *err, size_t errlen)
{
	if (!o || !o->on_done) {
		tc_seterr(err, errlen, "fetch: no completion callback");
		return -1;
	}
	if (o->max_parallel < 1 || o->per_host < 1 || o->max_body < 1 || o->timeout_ms < 1 ||
	    o->connect_timeout_ms < 1 || o->max_redirects < 0 || o->max_redirects > 50 ||
	    o->retries < 0 || o->retries > 20 || o->retry_delay_ms < 0 ||
	    o->low_speed_bytes < 0 || o->low_speed_secs < 0) {
		tc_seterr(err, errlen, "fetch: option out of range");
		return -1;
	}
	return 0;
}

long tc_fetch_run_with(const tc_fetch_backend *b, const tc_fetch_request *reqs, size_t n,
		       const tc_fetch_options *opts, char *err, size_t errlen)
{
	tc_addr_policy pol;
	tc_fetch_options o;
	long ret;

	if (!b || !b->run) {
		tc_seterr(err, errlen, "fetch: no backend");
		return -1;
	}
	if (check_options(opts, err, errlen) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!reqs[i].url) {
			tc_seterr(err, errlen, "fetch: request %zu has no URL", i);
			return -1;
		}
	}
	if (opts->policy)
		tc_addr_policy_copy(&pol, opts->policy);
	else
		tc_addr_policy_init(&pol);
	/* a request that names its own URL allows that origin; a URL without one is
	 * refused by the backend's URL check, with its message */
	for (size_t i = 0; i < n; i++)
		if (reqs[i].allow_private)
			tc_addr_policy_allow_origin(&pol, reqs[i].url, NULL, 0);
	if (opts->fail_other_site)
		pol.refuse_other_site = 1;
	o = *opts;
	o.policy = &pol;
	ret = b->run(reqs, n, &o, err, errlen);
	tc_addr_policy_release(&pol);
	return ret;
}

long tc_fetch_run(const tc_fetch_request *reqs, size_t n, const tc_fetch_options *opts,
		  char *err, size_t errlen)
{
	return tc_fetch_run_with(&tc_fetch_backend_curl, reqs, n, opts, err, errlen);
}
