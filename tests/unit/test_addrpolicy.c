/* link: util fetch fetch_curl */
/*
 * test_addrpolicy: the address policy of fetch.h as tables, one case per row: a URL
 * (first request or redirect hop) or an address at connect, and what the policy says
 * (allowed, or refused with its reason and the kind of address). Also the backend seam:
 * tc_fetch_run_with hands a second backend the merged policy, and the shared retry rule.
 * No network.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "tiacheck/fetch.h"
#include "tiacheck/util.h"
#include "tu.h"

/* The policies of the tables. */
enum { P_NONE, P_NAMED, P_NAMED_SAME_SITE };

static tc_addr_policy policies[3];

static void make_policies(void)
{
	static const char *const named[] = {
		"http://127.0.0.1:8080/dpa", "http://localhost:9000/", "https://[::1]:8443/x",
		"http://10.0.0.5/intranet/policy",
	};

	for (int i = 0; i < 3; i++)
		tc_addr_policy_init(&policies[i]);
	for (size_t i = 0; i < TC_ARRAY_LEN(named); i++) {
		tc_addr_policy_allow_origin(&policies[P_NAMED], named[i], NULL, 0);
		tc_addr_policy_allow_origin(&policies[P_NAMED_SAME_SITE], named[i], NULL, 0);
	}
	policies[P_NAMED_SAME_SITE].refuse_other_site = 1;
}

/* refusal and kind by name, so that a failing row prints words */
static void expect(const char *row, int rc, const tc_addr_verdict *v, const char *refusal,
		   const char *kind, const char *words)
{
	TU_CASE(row);
	TU_STR(tc_addr_refusal_name(v->refusal), refusal);
	TU_CHECK((rc == 0) == (strcmp(refusal, "none") == 0), "%s: rc %d for %s", row, rc,
		 refusal);
	if (kind)
		TU_STR(tc_addr_kind_name(v->kind), kind);
	if (rc == 0)
		TU_CHECK(v->message[0] == '\0', "%s: message when allowed: %s", row, v->message);
	else
		TU_CHECK(v->message[0] != '\0', "%s: no message", row);
	if (words)
		TU_CHECK(strstr(v->message, words) != NULL, "%s: message lacks '%s': %s", row,
			 words, v->message);
}

static void test_urls(void)
{
	static const struct {
		int pol;
		const char *url, *refusal, *kind, *words;
	} rows[] = {
		/* schemes and shapes */
		{ P_NONE, "https://www.example.com/dpa", "none", "public", NULL },
		{ P_NONE, "http://93.184.216.34/", "none", "public", NULL },
		{ P_NONE, "http://internal.corp/", "none", "public", NULL }, /* decided at connect */
		{ P_NONE, "ftp://example.com/x", "scheme", NULL, "only http and https" },
		{ P_NONE, "file:///etc/passwd", "scheme", NULL, "'file:///etc/passwd'" },
		{ P_NONE, "javascript:alert(1)", "bad_url", NULL, NULL },
		{ P_NONE, "not a url", "bad_url", NULL, NULL },
		{ P_NONE, "https://example.com:0/", "bad_url", NULL, NULL },
		/* every non-public range, refused when the origin is not named */
		{ P_NONE, "http://127.0.0.1/", "not_public", "loopback", "127.0.0.1 is a loopback" },
		{ P_NONE, "http://127.1/", "not_public", "loopback", NULL },
		{ P_NONE, "http://0x7f.0.0.1/", "not_public", "loopback", NULL },
		{ P_NONE, "http://2130706433/", "not_public", "loopback", NULL },
		{ P_NONE, "http://evil.example\\@127.0.0.1/", "not_public", "loopback", NULL },
		{ P_NONE, "http://localhost/", "not_public", "loopback", "localhost" },
		{ P_NONE, "http://LocalHost./", "not_public", "loopback", NULL },
		{ P_NONE, "http://app.localhost/", "not_public", "loopback", NULL },
		{ P_NONE, "http://10.1.2.3/", "not_public", "private", "a private address" },
		{ P_NONE, "http://172.16.0.1/", "not_public", "private", NULL },
		{ P_NONE, "http://172.32.0.1/", "none", "public", NULL },
		{ P_NONE, "http://192.168.1.1/", "not_public", "private", NULL },
		{ P_NONE, "http://169.254.169.254/latest/meta-data/", "not_public", "link_local",
		  "link-local" },
		{ P_NONE, "http://100.64.0.1/", "not_public", "shared", NULL },
		{ P_NONE, "http://0.0.0.0/", "not_public", "unspecified", NULL },
		{ P_NONE, "http://224.0.0.1/", "not_public", "multicast", NULL },
		{ P_NONE, "http://255.255.255.255/", "not_public", "reserved", NULL },
		{ P_NONE, "http://198.18.0.1/", "not_public", "reserved", NULL },
		{ P_NONE, "http://[::1]/", "not_public", "loopback", NULL },
		{ P_NONE, "http://[::]/", "not_public", "unspecified", NULL },
		{ P_NONE, "http://[fe80::1%25eth0]/", "not_public", "link_local", NULL },
		{ P_NONE, "http://[fd00::1]/", "not_public", "private", NULL },
		{ P_NONE, "http://[::ffff:127.0.0.1]/", "not_public", "loopback", NULL },
		{ P_NONE, "http://[::ffff:169.254.169.254]/", "not_public", "link_local", NULL },
		{ P_NONE, "http://[64:ff9b::a9fe:a9fe]/", "not_public", "link_local", NULL },
		{ P_NONE, "http://[ff02::1]/", "not_public", "multicast", NULL },
		{ P_NONE, "http://[2001:db8::1]/", "not_public", "reserved", NULL },
		{ P_NONE, "http://[2001:4860:4860::8888]/", "none", "public", NULL },
		/* named origins: exactly those (scheme, host, port) */
		{ P_NAMED, "http://127.0.0.1:8080/other/page", "none", "loopback", NULL },
		{ P_NAMED, "http://127.1:8080/", "none", "loopback", NULL },
		{ P_NAMED, "http://user:pw@127.0.0.1:8080/", "none", "loopback", NULL },
		{ P_NAMED, "http://127.0.0.1:8081/", "not_public", "loopback",
		  "http://127.0.0.1:8081 is not an origin the catalogue names" },
		{ P_NAMED, "http://127.0.0.1/", "not_public", "loopback", NULL },
		{ P_NAMED, "https://127.0.0.1:8080/", "not_public", "loopback", NULL },
		{ P_NAMED, "http://127.0.0.2:8080/", "not_public", "loopback", NULL },
		{ P_NAMED, "http://localhost:9000/x", "none", "loopback", NULL },
		{ P_NAMED, "http://LOCALHOST.:9000/x", "none", "loopback", NULL },
		{ P_NAMED, "http://localhost:9001/", "not_public", "loopback", NULL },
		{ P_NAMED, "https://[::1]:8443/", "none", "loopback", NULL },
		{ P_NAMED, "http://[::1]:8443/", "not_public", "loopback", "http://[::1]:8443" },
		{ P_NAMED, "http://10.0.0.5/", "none", "private", NULL },
		{ P_NAMED, "http://10.0.0.5:80/other", "none", "private", NULL },
		{ P_NAMED, "http://10.0.0.5:8080/", "not_public", "private", NULL },
		{ P_NAMED, "http://10.0.0.6/", "not_public", "private", NULL },
	};
	tc_addr_verdict v;

	for (size_t i = 0; i < TC_ARRAY_LEN(rows); i++) {
		int rc = tc_addr_policy_check_url(&policies[rows[i].pol], rows[i].url, &v);
		char *row = tc_xasprintf("url %s", rows[i].url);

		expect(row, rc, &v, rows[i].refusal, rows[i].kind, rows[i].words);
		free(row);
	}
}

static void test_redirects(void)
{
	static const struct {
		int pol;
		const char *from, *to, *refusal, *words;
	} rows[] = {
		{ P_NAMED_SAME_SITE, "http://127.0.0.1:8080/a", "http://127.0.0.1:8080/b", "none", NULL },
		/* the defect: another port of an allowed loopback host */
		{ P_NAMED_SAME_SITE, "http://127.0.0.1:8080/a", "http://127.0.0.1:9999/",
		  "not_public", "redirect to 'http://127.0.0.1:9999/' refused" },
		{ P_NAMED, "http://127.0.0.1:8080/a", "http://127.0.0.1:9999/", "not_public", NULL },
		{ P_NAMED_SAME_SITE, "http://127.0.0.1:8080/a", "http://localhost:9000/",
		  "other_site", "(from 127.0.0.1 to localhost)" },
		{ P_NAMED_SAME_SITE, "http://127.0.0.1:8080/a", "http://localhost:9001/",
		  "other_site", "(from 127.0.0.1 to localhost, a loopback address)" },
		{ P_NAMED, "http://127.0.0.1:8080/a", "http://localhost:9000/", "none", NULL },
		{ P_NAMED_SAME_SITE, "http://127.0.0.1:8080/a", "https://www.example.com/",
		  "other_site", "another site 'https://www.example.com/'" },
		{ P_NAMED_SAME_SITE, "http://127.0.0.1:8080/a", "ftp://127.0.0.1:8080/", "scheme",
		  "redirect to 'ftp://127.0.0.1:8080/'" },
		{ P_NAMED_SAME_SITE, "https://www.example.com/dpa", "https://legal.example.com/dpa",
		  "none", NULL },
		{ P_NAMED_SAME_SITE, "https://www.example.com/dpa", "https://example.org/",
		  "other_site", "(from example.com to example.org)" },
		{ P_NAMED, "https://www.example.com/dpa", "https://example.org/", "none", NULL },
		{ P_NAMED_SAME_SITE, "https://www.example.com/dpa", "http://10.0.0.1/",
		  "other_site", "a private address" },
		{ P_NAMED, "https://www.example.com/dpa", "http://10.0.0.1/", "not_public", NULL },
		{ P_NAMED_SAME_SITE, "https://www.example.com/dpa", "file:///etc/passwd", "scheme",
		  NULL },
	};
	tc_addr_verdict v;

	for (size_t i = 0; i < TC_ARRAY_LEN(rows); i++) {
		int rc = tc_addr_policy_check_redirect(&policies[rows[i].pol], rows[i].from,
						       rows[i].to, &v);
		char *row = tc_xasprintf("redirect %s -> %s%s", rows[i].from, rows[i].to,
					 rows[i].pol == P_NAMED_SAME_SITE ? " (same site)" : "");

		expect(row, rc, &v, rows[i].refusal, NULL, rows[i].words);
		free(row);
	}
}

/* The check at connect: the address actually connected to, for the hop's URL. */
static void test_connect(void)
{
	static const struct {
		int pol;
		const char *url, *ip, *refusal, *kind, *words;
	} rows[] = {
		{ P_NAMED, "http://127.0.0.1:8080/", "127.0.0.1", "none", "loopback", NULL },
		/* DNS rebinding: a public name that answers with an internal address */
		{ P_NAMED, "http://vendor.example/", "127.0.0.1", "not_public", "loopback",
		  "refused to connect to 127.0.0.1, a loopback address, for 'http://vendor.example/'" },
		{ P_NAMED, "http://vendor.example/", "169.254.169.254", "not_public", "link_local",
		  NULL },
		{ P_NAMED, "http://vendor.example/", "::ffff:10.0.0.1", "not_public", "private", NULL },
		{ P_NAMED, "http://vendor.example/", "93.184.216.34", "none", "public", NULL },
		{ P_NAMED, "http://localhost:9000/", "::1", "none", "loopback", NULL },
		{ P_NAMED, "http://localhost:9000/", "127.0.0.1", "none", "loopback", NULL },
		{ P_NAMED, "http://localhost:9001/", "127.0.0.1", "not_public", "loopback", NULL },
		{ P_NAMED, "http://10.0.0.5/", "10.0.0.5", "none", "private", NULL },
		{ P_NONE, "http://10.0.0.5/", "10.0.0.5", "not_public", "private", NULL },
		{ P_NAMED, "http://vendor.example/", "not-an-ip", "not_public", "not_ip", NULL },
	};
	tc_addr_verdict v;

	for (size_t i = 0; i < TC_ARRAY_LEN(rows); i++) {
		int rc = tc_addr_policy_check_ip(&policies[rows[i].pol], rows[i].url, rows[i].ip, &v);
		char *row = tc_xasprintf("connect %s for %s", rows[i].ip, rows[i].url);

		expect(row, rc, &v, rows[i].refusal, rows[i].kind, rows[i].words);
		free(row);
	}
}

static void test_sockaddrs(void)
{
	struct sockaddr_in s4;
	struct sockaddr_in6 s6;
	struct sockaddr_un su;
	tc_addr_verdict v;
	int rc;

	memset(&s4, 0, sizeof(s4));
	s4.sin_family = AF_INET;
	inet_pton(AF_INET, "192.168.0.10", &s4.sin_addr);
	rc = tc_addr_policy_check_sockaddr(&policies[P_NAMED], "http://vendor.example/",
					   (struct sockaddr *)&s4, &v);
	expect("sockaddr 192.168.0.10", rc, &v, "not_public", "private", "192.168.0.10");
	inet_pton(AF_INET, "8.8.8.8", &s4.sin_addr);
	rc = tc_addr_policy_check_sockaddr(&policies[P_NAMED], "http://vendor.example/",
					   (struct sockaddr *)&s4, &v);
	expect("sockaddr 8.8.8.8", rc, &v, "none", "public", NULL);
	memset(&s6, 0, sizeof(s6));
	s6.sin6_family = AF_INET6;
	inet_pton(AF_INET6, "::1", &s6.sin6_addr);
	rc = tc_addr_policy_check_sockaddr(&policies[P_NAMED], "https://[::1]:8443/",
					   (struct sockaddr *)&s6, &v);
	expect("sockaddr [::1] for the named origin", rc, &v, "none", "loopback", NULL);
	rc = tc_addr_policy_check_sockaddr(&policies[P_NAMED], "https://[::1]:8444/",
					   (struct sockaddr *)&s6, &v);
	expect("sockaddr [::1] for another port", rc, &v, "not_public", "loopback", NULL);
	memset(&su, 0, sizeof(su));
	su.sun_family = AF_UNIX;
	rc = tc_addr_policy_check_sockaddr(&policies[P_NAMED], "http://127.0.0.1:8080/",
					   (struct sockaddr *)&su, &v);
	expect("sockaddr unix", rc, &v, "not_public", "not_ip", NULL);
}

static void test_policy_object(void)
{
	tc_addr_policy p = TC_ADDR_POLICY_INIT, c;
	char err[256] = "";

	TU_CASE("allow_origin: origins are exact and kept once");
	TU_INT(tc_addr_policy_allow_origin(&p, "http://127.0.0.1:8080/a", err, sizeof(err)), 0);
	TU_INT(tc_addr_policy_allow_origin(&p, "HTTP://127.0.0.1:8080/b", err, sizeof(err)), 0);
	TU_INT(p.norigins, 1);
	TU_INT(tc_addr_policy_allow_origin(&p, "https://127.0.0.1:8080/", err, sizeof(err)), 0);
	TU_INT(p.norigins, 2);
	TU_INT(tc_addr_policy_origin_allowed(&p, "http://127.0.0.1:8080/zzz"), 1);
	TU_INT(tc_addr_policy_origin_allowed(&p, "http://127.0.0.1:8081/"), 0);
	TU_INT(tc_addr_policy_allow_origin(&p, "not a url", err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "not a url") != NULL, "err: %s", err);
	TU_INT(tc_addr_policy_allow_origin(&p, "file:///etc/passwd", err, sizeof(err)), -1);

	TU_CASE("copy is deep");
	tc_addr_policy_copy(&c, &p);
	tc_addr_policy_release(&p);
	TU_INT(p.norigins, 0);
	TU_INT(c.norigins, 2);
	TU_INT(tc_addr_policy_check_url(&c, "https://127.0.0.1:8080/", NULL), 0);
	tc_addr_policy_release(&c);

	TU_CASE("names");
	TU_STR(tc_addr_kind_name(TC_ADDR_LINK_LOCAL), "link_local");
	TU_STR(tc_addr_refusal_name(TC_ADDR_OTHER_SITE), "other_site");
	TU_INT(tc_fetch_error_of_refusal(TC_ADDR_SCHEME, 1), TC_FETCH_REDIRECT_SCHEME);
	TU_INT(tc_fetch_error_of_refusal(TC_ADDR_SCHEME, 0), TC_FETCH_OTHER);
	TU_INT(tc_fetch_error_of_refusal(TC_ADDR_NOT_PUBLIC, 0), TC_FETCH_REDIRECT_PRIVATE);
	TU_INT(tc_fetch_error_of_refusal(TC_ADDR_OTHER_SITE, 1), TC_FETCH_REDIRECT_OTHER_SITE);
	TU_INT(tc_fetch_error_of_refusal(TC_ADDR_ALLOWED, 1), TC_FETCH_OK);
}

static void test_retry_rule(void)
{
	tc_fetch_options o;

	tc_fetch_options_init(&o);
	o.retries = 2;
	o.retry_delay_ms = 1000;
	o.retry_after_max_ms = 60000;
	TU_CASE("retry: transient kinds only");
	TU_CHECK(tc_fetch_retry_delay_ms(&o, TC_FETCH_HTTP_4XX, 404, 1, -1, 0.5) == -1, "404");
	TU_CHECK(tc_fetch_retry_delay_ms(&o, TC_FETCH_REDIRECT_PRIVATE, 0, 1, -1, 0.5) == -1,
		 "refused by the policy");
	TU_CHECK(tc_fetch_retry_delay_ms(&o, TC_FETCH_HTTP_4XX, 429, 1, -1, 0.5) == 1000, "429");
	TU_CASE("retry: backoff doubles, jitter 0.75..1.25, attempts bounded");
	TU_CHECK(tc_fetch_retry_delay_ms(&o, TC_FETCH_CONNECT, 0, 1, -1, 0.0) == 750, "first");
	TU_CHECK(tc_fetch_retry_delay_ms(&o, TC_FETCH_TIMEOUT, 0, 2, -1, 0.5) == 2000, "second");
	TU_CHECK(tc_fetch_retry_delay_ms(&o, TC_FETCH_CONNECT, 0, 3, -1, 0.5) == -1, "no more");
	TU_CASE("retry: Retry-After");
	TU_CHECK(tc_fetch_retry_delay_ms(&o, TC_FETCH_HTTP_5XX, 503, 1, 5000, 0.5) == 5000,
		 "honoured");
	TU_CHECK(tc_fetch_retry_delay_ms(&o, TC_FETCH_HTTP_5XX, 503, 1, 10, 0.5) == 1000,
		 "never shorter than the backoff");
	TU_CHECK(tc_fetch_retry_delay_ms(&o, TC_FETCH_HTTP_5XX, 500, 1, 5000, 0.5) == 1000,
		 "only for 429 and 503");
	TU_CHECK(tc_fetch_retry_delay_ms(&o, TC_FETCH_HTTP_4XX, 429, 1, 3600000, 0.5) == -2,
		 "longer than we wait");
}

/* A second backend, as a browser backend would be: it sees the merged policy. */
static struct {
	int calls, allowed_own, refuses_other_site, done;
	const char *name;
} seen;

static long fake_run(const tc_fetch_request *reqs, size_t n, const tc_fetch_options *o,
		     char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	seen.calls++;
	seen.allowed_own = o->policy &&
			   tc_addr_policy_check_url(o->policy, reqs[0].url, NULL) == 0 &&
			   tc_addr_policy_check_url(o->policy, "http://127.0.0.1:1/", NULL) < 0;
	seen.refuses_other_site = o->policy && o->policy->refuse_other_site;
	for (size_t i = 0; i < n; i++) {
		tc_fetch_response resp;

		memset(&resp, 0, sizeof(resp));
		resp.final_url = (char *)reqs[i].url;
		o->on_done(&reqs[i], i, &resp, o->arg);
	}
	return 0;
}

static void count_done(const tc_fetch_request *req, size_t index, tc_fetch_response *resp,
		       void *arg)
{
	(void)req;
	(void)index;
	(void)resp;
	(void)arg;
	seen.done++;
}

static void test_backend_seam(void)
{
	static const tc_fetch_backend fake = { "fake", fake_run };
	tc_addr_policy mine = TC_ADDR_POLICY_INIT;
	tc_fetch_request req = { "http://127.0.0.1:8080/x", NULL, NULL, 1, NULL };
	tc_fetch_options o;
	char err[128] = "";

	TU_CASE("backend seam: merged policy, caller's untouched");
	tc_fetch_options_init(&o);
	o.on_done = count_done;
	o.policy = &mine;
	o.fail_other_site = 1;
	TU_INT(tc_fetch_run_with(&fake, &req, 1, &o, err, sizeof(err)), 0);
	TU_INT(seen.calls, 1);
	TU_INT(seen.done, 1);
	TU_INT(seen.allowed_own, 1);
	TU_INT(seen.refuses_other_site, 1);
	TU_INT(mine.norigins, 0);
	TU_INT(mine.refuse_other_site, 0);
	TU_STR(tc_fetch_backend_curl.name, "curl");

	TU_CASE("backend seam: bad options never reach the backend");
	o.max_parallel = 0;
	TU_INT(tc_fetch_run_with(&fake, &req, 1, &o, err, sizeof(err)), -1);
	TU_INT(seen.calls, 1);
	TU_INT(tc_fetch_run_with(NULL, &req, 1, &o, err, sizeof(err)), -1);
}

int main(void)
{
	make_policies();
	test_urls();
	test_redirects();
	test_connect();
	test_sockaddrs();
	test_policy_object();
	test_retry_rule();
	test_backend_seam();
	for (int i = 0; i < 3; i++)
		tc_addr_policy_release(&policies[i]);
	return TU_END("test_addrpolicy");
}
