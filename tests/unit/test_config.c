/* link: util utf8 config mail */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tiacheck/config.h"
#include "tiacheck/util.h"
#include "tu.h"

static char dir[256];
static char err[600];

static char *write_conf(const char *name, const char *text, int mode)
{
	char *path = tc_xasprintf("%s/%s", dir, name);

	tc_write_file_atomic(path, text, strlen(text), mode, NULL, 0);
	chmod(path, (mode_t)mode);
	return path;
}

/* Load text as a config; returns tc_config_load's result, cfg filled. */
static int load(const char *text, tc_config *cfg)
{
	char *path = write_conf("t.conf", text, 0644);
	int r;

	*cfg = (tc_config)TC_CONFIG_INIT;
	r = tc_config_load(path, cfg, err, sizeof(err));
	free(path);
	return r;
}

static void test_all_keys(void)
{
	tc_config c;
	const char *text =
		"# tiacheck.conf\n"
		"\n"
		"catalog_dir = /srv/tia/catalog\n"
		"db = /srv/tia/tiacheck.db\n"
		"  reports_dir=reports   \n"
		"report_url = https://intranet.elinfo.se/tia/\n"
		"lang = en\n"
		"contact = \"dpo@elinfo.se # not a comment\"\n"
		"fetch.parallel = 8   # inline comment\n"
		"fetch.per_host = 3\n"
		"fetch.connect_timeout = 5\n"
		"fetch.timeout = 120\n"
		"fetch.max_body = 10M\n"
		"fetch.max_redirects = 0\n"
		"fetch.retries = 4\n"
		"fetch.retry_delay_ms = 250\n"
		"fetch.failures_alert = 2\n"
		"smtp.url = smtp://mail.elinfo.se:587\n"
		"smtp.from = tiacheck@elinfo.se\n"
		"smtp.from_name = tiacheck – Elinfo\n"
		"smtp.to = dpo@elinfo.se, it@elinfo.se ,ceo@elinfo.se\r\n"
		"smtp.user = tiacheck\n"
		"smtp.password_file = /etc/tiacheck/smtp.pw\n"
		"smtp.starttls = try\n"
		"smtp.timeout = 45\n"
		"smtp.cafile = /etc/ssl/local-ca.pem\n";

	TU_INT(load(text, &c), 0);
	TU_CHECK(err[0] == '\0' || 1, "%s", err);
	TU_STR(c.catalog_dir, "/srv/tia/catalog");
	TU_STR(c.db_path, "/srv/tia/tiacheck.db");
	TU_STR(c.reports_dir, "reports");
	TU_STR(c.report_url, "https://intranet.elinfo.se/tia/");
	TU_STR(c.lang, "en");
	TU_STR(c.contact, "dpo@elinfo.se # not a comment");
	TU_INT(c.parallel, 8);
	TU_INT(c.per_host, 3);
	TU_INT(c.connect_timeout, 5);
	TU_INT(c.timeout, 120);
	TU_INT(c.max_body, 10L << 20);
	TU_INT(c.max_redirects, 0);
	TU_INT(c.retries, 4);
	TU_INT(c.retry_delay_ms, 250);
	TU_INT(c.failures_alert, 2);
	TU_STR(c.smtp_url, "smtp://mail.elinfo.se:587");
	TU_STR(c.smtp_from, "tiacheck@elinfo.se");
	TU_STR(c.smtp_from_name, "tiacheck – Elinfo");
	TU_INT(c.nsmtp_to, 3);
	if (c.nsmtp_to == 3) {
		TU_STR(c.smtp_to[0], "dpo@elinfo.se");
		TU_STR(c.smtp_to[1], "it@elinfo.se");
		TU_STR(c.smtp_to[2], "ceo@elinfo.se");
	}
	TU_STR(c.smtp_user, "tiacheck");
	TU_STR(c.smtp_password_file, "/etc/tiacheck/smtp.pw");
	TU_INT(c.smtp_starttls, 1);
	TU_INT(c.smtp_timeout, 45);
	TU_STR(c.smtp_cafile, "/etc/ssl/local-ca.pem");
	TU_CHECK(c.path && tc_endswith(c.path, "t.conf"), "path");
	tc_config_release(&c);
	TU_CHECK(c.smtp_to == NULL && c.nsmtp_to == 0 && c.db_path == NULL, "released");

	/* defaults stay when keys are absent; an empty file is fine */
	TU_INT(load("", &c), 0);
	TU_INT(c.parallel, 16);
	TU_INT(c.smtp_starttls, 2);
	TU_INT(c.max_body, 20L << 20);
	TU_CHECK(c.smtp_url == NULL && c.lang == NULL, "no strings");
	tc_config_release(&c);

	TU_INT(load("smtp.starttls = off\nsmtp.url = smtps://mail.elinfo.se:465\n"
		    "fetch.max_body = 4096\n", &c), 0);
	TU_INT(c.smtp_starttls, 0);
	TU_INT(c.max_body, 4096);
	tc_config_release(&c);
	TU_INT(load("smtp.starttls = required\nfetch.max_body = 1g\n", &c), 0);
	TU_INT(c.smtp_starttls, 2);
	TU_INT(c.max_body, 1L << 30);
	tc_config_release(&c);
}

static void test_errors(void)
{
	static const struct { const char *text, *want; } cases[] = {
		{ "smtp.uesr = x\n", "t.conf:1: unknown key 'smtp.uesr'; did you mean 'smtp.user'?" },
		{ "smtp.ulr = x\n", "t.conf:1: unknown key 'smtp.ulr'; did you mean 'smtp.url'?" },
		{ "# c\n\nfetch.paralel = 4\n", "t.conf:3: unknown key 'fetch.paralel'; did you mean 'fetch.parallel'?" },
		{ "colour = blue\n", "t.conf:1: unknown key 'colour'" },
		{ "smtp.password = hunter2\n", "t.conf:1: unknown key 'smtp.password': the SMTP password does not belong in the config file" },
		{ "smtp.port = 25\n", "t.conf:1: unknown key 'smtp.port': the port goes in smtp.url = smtp://HOST:PORT" },
		{ "just words\n", "t.conf:1: expected 'key = value', got 'just words'" },
		{ "fetch.parallel = 0\n", "t.conf:1: fetch.parallel must be a whole number from 1 to 256, not '0'" },
		{ "fetch.parallel = 8x\n", "t.conf:1: fetch.parallel must be a whole number from 1 to 256, not '8x'" },
		{ "fetch.timeout = 99999999999999999999\n", "t.conf:1: fetch.timeout must be a whole number from 1 to 3600 (seconds)" },
		{ "fetch.max_body = 2G\n", "t.conf:1: fetch.max_body must be a size from 1024 to 1073741824" },
		{ "fetch.max_body = 10Q\n", "t.conf:1: fetch.max_body must be a size" },
		{ "lang = de\n", "t.conf:1: lang must be 'sv' or 'en', not 'de'" },
		{ "smtp.starttls = yes\n", "t.conf:1: smtp.starttls must be 'required', 'try' or 'off', not 'yes'" },
		{ "smtp.url = http://mail.elinfo.se\n", "t.conf:1: smtp.url must look like smtp://host:587" },
		{ "smtp.url = smtp://me:hunter2@mail.elinfo.se\n", "t.conf:1: smtp.url must not contain a user name or password" },
		{ "report_url = ftp://x\n", "t.conf:1: report_url must be an http:// or https:// URL" },
		{ "smtp.from = Bot <bot@elinfo.se>\n", "t.conf:1: smtp.from: 'Bot <bot@elinfo.se>' is not an e-mail address" },
		{ "smtp.to = a@elinfo.se,,b@elinfo.se\n", "t.conf:1: smtp.to: a comma-separated list" },
		{ "smtp.to = a@elinfo.se, nope\n", "t.conf:1: smtp.to: 'nope' is not an e-mail address" },
		{ "db = a.db\n\ndb = b.db\n", "t.conf:3: 'db' is already set on line 1" },
		{ "db =\n", "t.conf:1: 'db' has no value" },
		{ "contact = a\tb\n", "t.conf:1: contact: the value contains control characters" },
	};
	tc_config c;

	for (size_t i = 0; i < TC_ARRAY_LEN(cases); i++) {
		const char *e;

		err[0] = '\0';
		TU_INT(load(cases[i].text, &c), -1);
		e = strstr(err, "t.conf:");
		TU_CHECK(e && strncmp(e, cases[i].want, strlen(cases[i].want)) == 0,
			 "case %zu\n  got:  %s\n  want: %s", i, err, cases[i].want);
		TU_CHECK(strstr(err, "hunter2") == NULL, "secret echoed: %s", err);
		tc_config_release(&c);
	}
	/* the key is smtp.url: a guessed smtp.host gets a pointer to a real key */
	TU_INT(load("smtp.host = x\n", &c), -1);
	TU_CHECK(strstr(err, "smtp.url = smtp://HOST:587") != NULL, "err: %s", err);
	tc_config_release(&c);

	c = (tc_config)TC_CONFIG_INIT;
	TU_INT(tc_config_load("/nonexistent/tiacheck.conf", &c, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "cannot read '/nonexistent/tiacheck.conf'") != NULL, "err: %s", err);
	tc_config_release(&c);
}

static void test_password(void)
{
	tc_config c = TC_CONFIG_INIT;
	char *pw, *path;
	int failed = -1;

	unsetenv("TIACHECK_SMTP_PASSWORD");
	pw = tc_config_smtp_password(&c, &failed, err, sizeof(err));
	TU_CHECK(pw == NULL && failed == 0, "no password configured");

	setenv("TIACHECK_SMTP_PASSWORD", "from-env", 1);
	pw = tc_config_smtp_password(&c, &failed, err, sizeof(err));
	TU_STR(pw, "from-env");
	TU_INT(failed, 0);
	free(pw);
	unsetenv("TIACHECK_SMTP_PASSWORD");

	path = write_conf("smtp.pw", "s3cret pass\n", 0600);
	c.smtp_password_file = path;
	pw = tc_config_smtp_password(&c, &failed, err, sizeof(err));
	TU_STR(pw, "s3cret pass");
	TU_INT(failed, 0);
	free(pw);

	/* the environment wins over the file */
	setenv("TIACHECK_SMTP_PASSWORD", "from-env", 1);
	pw = tc_config_smtp_password(&c, &failed, err, sizeof(err));
	TU_STR(pw, "from-env");
	free(pw);
	unsetenv("TIACHECK_SMTP_PASSWORD");

	chmod(path, 0640);
	pw = tc_config_smtp_password(&c, &failed, err, sizeof(err));
	TU_CHECK(pw == NULL && failed == 1, "group-readable password file accepted");
	TU_CHECK(strstr(err, "must be readable by its owner only (chmod 600)") && strstr(err, path),
		 "err: %s", err);
	TU_CHECK(strstr(err, "s3cret") == NULL, "password in error");
	chmod(path, 0604);
	pw = tc_config_smtp_password(&c, &failed, err, sizeof(err));
	TU_CHECK(pw == NULL && failed == 1, "world-readable password file accepted");
	chmod(path, 0400);
	pw = tc_config_smtp_password(&c, &failed, err, sizeof(err));
	TU_STR(pw, "s3cret pass");
	free(pw);
	free(path);

	path = write_conf("empty.pw", "\n", 0600);
	c.smtp_password_file = path;
	pw = tc_config_smtp_password(&c, &failed, err, sizeof(err));
	TU_CHECK(pw == NULL && failed == 1, "empty password accepted");
	TU_CHECK(strstr(err, "one line") != NULL, "err: %s", err);
	free(path);

	path = write_conf("crlf.pw", "pw\r\n", 0600);
	c.smtp_password_file = path;
	pw = tc_config_smtp_password(&c, &failed, err, sizeof(err));
	TU_STR(pw, "pw");
	free(pw);
	free(path);

	c.smtp_password_file = "/nonexistent/pw";
	pw = tc_config_smtp_password(&c, &failed, err, sizeof(err));
	TU_CHECK(pw == NULL && failed == 1 && strstr(err, "/nonexistent/pw"), "err: %s", err);

	c.smtp_password_file = dir;
	pw = tc_config_smtp_password(&c, &failed, err, sizeof(err));
	TU_CHECK(pw == NULL && failed == 1 && strstr(err, "not a regular file"), "err: %s", err);
}

int main(void)
{
	snprintf(dir, sizeof(dir), "%s/tc-config-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_all_keys();
	test_errors();
	test_password();
	{
		char *cmd = tc_xasprintf("rm -rf '%s'", dir);

		if (system(cmd) != 0)
			printf("note: could not remove %s\n", dir);
		free(cmd);
	}
	return TU_END("test_config");
}
