/* link: util fetch fetch_curl fetch_setup */
/*
 * test_fetch_setup: the one builder of fetch options from config and catalogue: limits,
 * User-Agent, and the address policy (the catalogue's internal origins, a URL the user
 * named, redirects to other sites refused). No network, no files.
 */
#include <stdlib.h>
#include <string.h>

#include "tiacheck/catalog.h"
#include "tiacheck/config.h"
#include "tiacheck/fetch_setup.h"
#include "tiacheck/util.h"
#include "tu.h"

static void test_defaults(void)
{
	tc_fetch_setup fs;
	char err[256] = "";

	TU_INT(tc_fetch_setup_init(&fs, NULL, NULL, NULL, err, sizeof(err)), 0);
	TU_INT(fs.opts.max_parallel, 16);
	TU_INT(fs.opts.per_host, 2);
	TU_INT(fs.opts.timeout_ms, 60000);
	TU_INT(fs.opts.connect_timeout_ms, 10000);
	TU_INT(fs.opts.max_body, 20 << 20);
	TU_INT(fs.opts.max_redirects, 5);
	TU_INT(fs.opts.retries, 2);
	TU_CHECK(fs.opts.policy == &fs.policy, "policy in place");
	TU_INT(fs.policy.refuse_other_site, 1);
	TU_INT(fs.policy.norigins, 0);
	TU_STR(fs.opts.user_agent, "tiacheck/" TC_VERSION);
	tc_fetch_setup_release(&fs);
}

static void test_from_config_and_catalogue(void)
{
	tc_config cfg = TC_CONFIG_INIT;
	tc_document docs[] = {
		{ .id = (char *)"dpa", .url = (char *)"https://vendor.example/dpa" },
		{ .id = (char *)"local", .url = (char *)"http://127.0.0.1:8080/dpa" },
		{ .id = (char *)"lh", .url = (char *)"http://localhost:9000/list" },
		{ .id = (char *)"intra", .url = (char *)"http://10.0.0.5/policy" },
	};
	tc_service svc = { .id = (char *)"vendor", .documents = docs, .ndocuments = 4 };
	tc_catalog cat = { .services = &svc, .nservices = 1 };
	tc_fetch_setup fs;
	char err[256] = "";
	static const struct { const char *url; int allowed; } origins[] = {
		{ "http://127.0.0.1:8080/other", 1 }, { "http://127.0.0.1:8081/", 0 },
		{ "http://localhost:9000/", 1 }, { "http://10.0.0.5:80/", 1 },
		{ "https://10.0.0.5/", 0 },
		/* a public host name in the catalogue does not make its origin internal */
		{ "https://vendor.example/", 0 },
		/* the URL the user named, whatever its host looks like */
		{ "http://intranet.corp:81/", 1 },
	};

	cat.org.dpo_email = (char *)"dpo@example.se";
	cfg.parallel = 4;
	cfg.per_host = 1;
	cfg.timeout = 7;
	cfg.connect_timeout = 3;
	cfg.max_body = 1000;
	cfg.max_redirects = 2;
	cfg.retries = 0;
	cfg.retry_delay_ms = 10;
	TU_CASE("limits and user agent from config and catalogue");
	TU_INT(tc_fetch_setup_init(&fs, &cfg, &cat, "http://intranet.corp:81/p", err, sizeof(err)), 0);
	TU_INT(fs.opts.max_parallel, 4);
	TU_INT(fs.opts.per_host, 1);
	TU_INT(fs.opts.timeout_ms, 7000);
	TU_INT(fs.opts.connect_timeout_ms, 3000);
	TU_INT(fs.opts.max_body, 1000);
	TU_INT(fs.opts.max_redirects, 2);
	TU_INT(fs.opts.retries, 0);
	TU_INT(fs.opts.retry_delay_ms, 10);
	TU_STR(fs.opts.user_agent, "tiacheck/" TC_VERSION " (+dpo@example.se)");
	TU_CASE("allowed origins: the catalogue's internal ones and the named URL's");
	for (size_t i = 0; i < TC_ARRAY_LEN(origins); i++)
		TU_CHECK(tc_addr_policy_origin_allowed(&fs.policy, origins[i].url) ==
				 origins[i].allowed,
			 "%s: want %d", origins[i].url, origins[i].allowed);
	tc_fetch_setup_release(&fs);

	TU_CASE("the config's contact wins over the DPO's address");
	cfg.contact = (char *)"https://example.se/contact";
	TU_INT(tc_fetch_setup_init(&fs, &cfg, &cat, NULL, err, sizeof(err)), 0);
	TU_STR(fs.opts.user_agent, "tiacheck/" TC_VERSION " (+https://example.se/contact)");
	TU_INT(tc_addr_policy_origin_allowed(&fs.policy, "http://intranet.corp:81/"), 0);
	tc_fetch_setup_release(&fs);

	TU_CASE("a named URL without an origin is an error");
	TU_INT(tc_fetch_setup_init(&fs, &cfg, &cat, "not a url", err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "not a url") != NULL, "err: %s", err);
}

int main(void)
{
	test_defaults();
	test_from_config_and_catalogue();
	return TU_END("test_fetch_setup");
}
