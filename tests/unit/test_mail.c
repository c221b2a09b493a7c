/* link: util utf8 mail */
/*
 * mail: composition checked directly; sending checked against
 * tests/servers/smtpserver.py (started here with posix_spawn on 127.0.0.1, stopped
 * at the end of each case; every wait is bounded).
 */
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>

#include "tiacheck/mail.h"
#include "tiacheck/util.h"
#include "tu.h"

static char dir[256];
static char err[1024];
static int nserver;

static const char subject_sv[] =
	"Ändrat personuppgiftsbiträdesavtal för HubSpot: nya underbiträden i Kina och "
	"Indien – åtgärd krävs före årsskiftet";
static const char text_sv[] =
	"Hej!\n\nHubSpot har ändrat sitt biträdesavtal (DPA).\n"
	". a line starting with a dot\nFrom here a line that mbox would mangle\n"
	"trailing space \n= equals sign and tab\tinside\n";
static const char html_sv[] =
	"<html><body><h1>Ändring</h1><p>Överföring till tredjeland: <b>Kina</b> "
	"– ny.</p></body></html>";

typedef struct server {
	pid_t pid;
	int port;
	char *dir;          /* where it saves messages */
} server;

/* Start smtpserver.py with extra options; 0 when its port is known. */
static int server_start(server *sv, const char *const *extra)
{
	extern char **environ;
	const char *top = getenv("TC_TOP") ? getenv("TC_TOP") : ".";
	char *script = tc_xasprintf("%s/tests/servers/smtpserver.py", top);
	char *portfile, *argv[24];
	int argc = 0, ret = -1;
	tc_buf b = TC_BUF_INIT;

	nserver++;
	sv->pid = -1;
	sv->port = 0;
	sv->dir = tc_xasprintf("%s/srv%d", dir, nserver);
	portfile = tc_xasprintf("%s/port%d", dir, nserver);
	mkdir(sv->dir, 0700);
	argv[argc++] = "/usr/bin/python3";
	argv[argc++] = script;
	argv[argc++] = "--port-file";
	argv[argc++] = portfile;
	argv[argc++] = "--dir";
	argv[argc++] = sv->dir;
	argv[argc++] = "--lifetime";
	argv[argc++] = "60";
	for (size_t i = 0; extra && extra[i] && argc < 23; i++)
		argv[argc++] = (char *)extra[i];
	argv[argc] = NULL;
	if (posix_spawn(&sv->pid, argv[0], NULL, NULL, argv, environ) != 0) {
		printf("cannot start %s\n", script);
		sv->pid = -1;
		goto out;
	}
	/* at most 15 s for python to start listening */
	for (int i = 0; i < 300; i++) {
		if (access(portfile, F_OK) == 0 &&
		    tc_read_file(portfile, 64, &b, NULL, 0) == 0) {
			sv->port = atoi(tc_buf_str(&b));
			ret = sv->port > 0 ? 0 : -1;
			break;
		}
		if (waitpid(sv->pid, NULL, WNOHANG) == sv->pid) {
			printf("smtpserver.py exited early\n");
			sv->pid = -1;
			break;
		}
		usleep(50000);
	}
out:
	tc_buf_release(&b);
	free(script);
	free(portfile);
	return ret;
}

static void server_stop(server *sv)
{
	if (sv->pid > 0) {
		int i;

		kill(sv->pid, SIGTERM);
		for (i = 0; i < 100 && waitpid(sv->pid, NULL, WNOHANG) == 0; i++)
			usleep(50000);
		if (i == 100) {
			kill(sv->pid, SIGKILL);
			waitpid(sv->pid, NULL, 0);
		}
	}
	free(sv->dir);
	sv->dir = NULL;
	sv->pid = -1;
}

static char *server_url(const server *sv)
{
	return tc_xasprintf("smtp://127.0.0.1:%d", sv->port);
}

/* The parsed view of received message n, or NULL. */
static cJSON *received(const server *sv, int n)
{
	char *path = tc_xasprintf("%s/msg-%d.json", sv->dir, n);
	tc_buf b = TC_BUF_INIT;
	cJSON *j = NULL;

	if (tc_read_file(path, 1 << 22, &b, NULL, 0) == 0)
		j = cJSON_Parse(tc_buf_str(&b));
	tc_buf_release(&b);
	free(path);
	return j;
}

static const char *jstr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int count_files(const char *d)
{
	char *cmd = tc_xasprintf("ls '%s' | grep -c '\\.eml$'", d);
	FILE *p = popen(cmd, "r");
	int n = 0;

	if (p) {
		if (fscanf(p, "%d", &n) != 1)
			n = 0;
		pclose(p);
	}
	free(cmd);
	return n;
}

static char *compose_default(const char *subject, const char *const *to, size_t nto)
{
	tc_mail_msg m = { 0 };
	char *out = NULL;

	m.from = "tiacheck@elinfo.se";
	m.from_name = "tiacheck – Elinfo";
	m.to = to;
	m.nto = nto;
	m.subject = subject;
	m.text = text_sv;
	m.html = html_sv;
	if (tc_mail_compose(&m, &out, err, sizeof(err)) < 0)
		printf("compose: %s\n", err);
	return out;
}

#define TEST_MAIL_MAX ((size_t)32 << 20)   /* MAIL_MAX_BYTES in mail.c */

/* An HTML body of k lines of 70 letters and one of t letters (each line is its
 * length + 2 bytes once encoded). Owned. */
static char *html_lines(size_t k, size_t t)
{
	char *h = tc_xmalloc(k * 71 + t + 2), *p = h;

	for (size_t i = 0; i < k; i++, p += 71) {
		memset(p, 'a', 70);
		p[70] = '\n';
	}
	memset(p, 'a', t);
	p[t] = '\n';
	p[t + 1] = '\0';
	return h;
}

/* A message that does not fit is refused whole. Before tc_buf remembered a failed
 * append, a message sized so that only its closing MIME boundary did not fit passed
 * the final size check and was sent cut short. */
static void test_compose_too_large(void)
{
	const char *to[] = { "dpo@elinfo.se" };
	tc_mail_msg m = { 0 };
	char *out = NULL, *html, *last;
	size_t base, suffix, room, k, t;

	m.from = "tiacheck@elinfo.se";
	m.to = to;
	m.nto = 1;
	m.subject = "big";
	m.text = "text";
	m.message_id = "<fixed@elinfo.se>";
	m.date = 1764050400;
	/* measure the message around an HTML body of one 1-letter line */
	m.html = "a\n";
	TU_INT(tc_mail_compose(&m, &out, err, sizeof(err)), 0);
	if (!out)
		return;
	for (last = strstr(out, "\r\n--"); last && strstr(last + 1, "\r\n--");)
		last = strstr(last + 1, "\r\n--");
	suffix = last ? strlen(last) : 0;          /* "\r\n--BOUNDARY--\r\n" */
	base = strlen(out) - suffix - 3;           /* without the body's "a\r\n" */
	free(out);
	/* a body that leaves 10 bytes free before the closing boundary */
	room = TEST_MAIL_MAX - 10 - base;
	k = room / 72;
	t = room % 72;
	if (t < 3) {
		k--;
		t += 72;
	}
	html = html_lines(k, t - 2);
	m.html = html;
	out = (char *)"untouched";
	err[0] = '\0';
	TU_INT(tc_mail_compose(&m, &out, err, sizeof(err)), -1);
	TU_CHECK(out == NULL, "no message handed back (%zu bytes)", out ? strlen(out) : 0);
	TU_CHECK(strstr(err, "larger than") != NULL, "err: %s", err);
	free(html);
	/* 100 bytes smaller: it fits, closing boundary included */
	html = html_lines(k - 2, t);
	m.html = html;
	TU_INT(tc_mail_compose(&m, &out, err, sizeof(err)), 0);
	TU_CHECK(out && tc_endswith(out, "--\r\n"), "closing boundary present");
	free(out);
	free(html);
}

static void test_addresses(void)
{
	static const struct { const char *a; int ok; } cases[] = {
		{ "dpo@elinfo.se", 1 },
		{ "first.last+tag@sub.example.co.uk", 1 },
		{ "root@localhost", 1 },
		{ "o'brien@example.ie", 1 },
		{ "", 0 },
		{ "no-at.example.se", 0 },
		{ "a@b@c.se", 0 },
		{ "dpo@elinfo", 0 },
		{ ".dpo@elinfo.se", 0 },
		{ "dpo.@elinfo.se", 0 },
		{ "d..po@elinfo.se", 0 },
		{ "dpo@-elinfo.se", 0 },
		{ "dpo@elinfo-.se", 0 },
		{ "dpo@elinfo..se", 0 },
		{ "dpo@elinfo.se\r\nBcc: evil@x.se", 0 },
		{ "dpo @elinfo.se", 0 },
		{ "Dpo <dpo@elinfo.se>", 0 },
		{ "dpo@elinfo.se>", 0 },
		{ "åsa@elinfo.se", 0 },
		{ "dpo@elinfo.se,evil@x.se", 0 },
	};

	for (size_t i = 0; i < TC_ARRAY_LEN(cases); i++)
		TU_CHECK(tc_mail_address_valid(cases[i].a) == cases[i].ok, "address '%s' valid=%d",
			 cases[i].a, !cases[i].ok);
	TU_CHECK(!tc_mail_address_valid(NULL), "NULL address");
}

static void test_compose(void)
{
	const char *to[] = { "dpo@elinfo.se", "it@elinfo.se" };
	char *a, *b, *evil, *p;
	tc_mail_msg m = { 0 };
	char *out = NULL, *longline;
	size_t maxline = 0, cur = 0;

	setenv("TIACHECK_NOW", "2026-11-25T06:00:00Z", 1);
	a = compose_default(subject_sv, to, 2);
	b = compose_default(subject_sv, to, 2);
	TU_CHECK(a && b, "compose");
	if (!a || !b)
		goto out;
	TU_CHECK(strstr(a, "Date: Wed, 25 Nov 2026 06:00:00 +0000\r\n") != NULL, "Date header");
	TU_CHECK(strstr(a, "\r\nTo: dpo@elinfo.se, it@elinfo.se\r\n") != NULL, "To header");
	TU_CHECK(strstr(a, "\r\nMIME-Version: 1.0\r\n") != NULL, "MIME-Version");
	TU_CHECK(strstr(a, "\r\nSubject: =?UTF-8?B?") != NULL, "encoded subject");
	TU_CHECK(strstr(a, "@elinfo.se>\r\n") != NULL, "Message-ID domain");
	TU_CHECK(strstr(a, "multipart/alternative") != NULL, "multipart");
	/* boundary and Message-ID differ between two messages */
	{
		char *ba = strstr(a, "boundary=\""), *bb = strstr(b, "boundary=\"");
		char *ma = strstr(a, "Message-ID: "), *mb = strstr(b, "Message-ID: ");

		TU_CHECK(ba && bb && strncmp(ba, bb, 40) != 0, "boundaries unique");
		TU_CHECK(ma && mb && strncmp(ma, mb, 40) != 0, "Message-IDs unique");
	}
	/* every line ends with CRLF and is short */
	for (p = a; *p; p++) {
		if (*p == '\n') {
			TU_CHECK(p > a && p[-1] == '\r', "bare LF at offset %ld", (long)(p - a));
			if (cur > maxline)
				maxline = cur;
			cur = 0;
		} else if (*p != '\r') {
			cur++;
		}
	}
	TU_CHECK(maxline <= 78, "longest line %zu", maxline);

	/* header injection through subject and display name is inert */
	m.from = "tiacheck@elinfo.se";
	m.from_name = "Bot\r\nBcc: evil@example.com";
	m.to = to;
	m.nto = 1;
	m.subject = "Hej\r\nBcc: evil@example.com\r\n\r\nfake body";
	m.text = "x";
	TU_INT(tc_mail_compose(&m, &evil, err, sizeof(err)), 0);
	if (evil) {
		TU_CHECK(strstr(evil, "\nBcc:") == NULL, "injected header:\n%s", evil);
		TU_CHECK(strstr(evil, "Subject: Hej Bcc: evil@example.com fake body\r\n") != NULL,
			 "subject kept inert:\n%s", evil);
		TU_CHECK(strstr(evil, "From: \"Bot Bcc: evil@example.com\" <tiacheck@elinfo.se>\r\n"),
			 "from kept inert:\n%s", evil);
		free(evil);
	}
	/* an encoded-word look-alike in the subject is itself encoded */
	m.from_name = NULL;
	m.subject = "=?UTF-8?B?QmNjOiBldmls?=";
	TU_INT(tc_mail_compose(&m, &evil, err, sizeof(err)), 0);
	TU_CHECK(evil && strstr(evil, "Subject: =?UTF-8?B?PT9VVEYtOD9CP1FtTmpPaUJsZG1scz8")
		 != NULL, "look-alike encoded");
	free(evil);

	/* bad input refused */
	m.to = (const char *[]){ "evil@example.com\r\nBcc: x@y.se" };
	TU_INT(tc_mail_compose(&m, &out, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "not an e-mail address") != NULL, "err: %s", err);
	m.to = to;
	m.from = "not an address";
	TU_INT(tc_mail_compose(&m, &out, err, sizeof(err)), -1);
	m.from = "tiacheck@elinfo.se";
	m.nto = 0;
	TU_INT(tc_mail_compose(&m, &out, err, sizeof(err)), -1);
	m.nto = 1;
	m.text = "bad \xff utf-8";
	TU_INT(tc_mail_compose(&m, &out, err, sizeof(err)), -1);
	m.message_id = "<a\r\nBcc: x@y>";
	m.text = "ok";
	TU_INT(tc_mail_compose(&m, &out, err, sizeof(err)), -1);
	m.message_id = "<fixed.1@elinfo.se>";
	TU_INT(tc_mail_compose(&m, &out, err, sizeof(err)), 0);
	TU_CHECK(out && strstr(out, "\r\nMessage-ID: <fixed.1@elinfo.se>\r\n"), "given Message-ID");
	TU_CHECK(out && strstr(out, "Content-Type: text/plain; charset=UTF-8") &&
		 !strstr(out, "multipart"), "text only without html");
	free(out);

	/* a 5000-byte line is soft-broken into short quoted-printable lines */
	longline = tc_xmalloc(5001);
	memset(longline, 'x', 5000);
	longline[5000] = '\0';
	m.message_id = NULL;
	m.text = longline;
	TU_INT(tc_mail_compose(&m, &out, err, sizeof(err)), 0);
	if (out) {
		char *line = out;

		maxline = 0;
		while ((p = strstr(line, "\r\n"))) {
			if ((size_t)(p - line) > maxline)
				maxline = (size_t)(p - line);
			line = p + 2;
		}
		TU_CHECK(maxline <= 76, "qp line %zu", maxline);
	}
	free(out);
	free(longline);
	{
		char *id = tc_mail_message_id("x@elinfo.se");

		TU_CHECK(id[0] == '<' && tc_endswith(id, "@elinfo.se>") && strlen(id) > 40, "id %s", id);
		free(id);
	}
out:
	unsetenv("TIACHECK_NOW");
	free(a);
	free(b);
}

static void settings(tc_mail_settings *s, const char *url, int tls)
{
	memset(s, 0, sizeof(*s));
	s->url = url;
	s->from = "tiacheck@elinfo.se";
	s->starttls = tls;
	s->timeout = 10;
}

/* Plain SMTP, starttls off: the message and its envelope arrive intact. */
static void test_send_plain(void)
{
	const char *to[] = { "dpo@elinfo.se", "it@elinfo.se" };
	const char *inj_to[] = { "dpo@elinfo.se" };
	server sv;
	tc_mail_settings s;
	char *url, *msg;
	cJSON *j;

	if (server_start(&sv, NULL) < 0) {
		TU_CHECK(0, "server did not start");
		server_stop(&sv);
		return;
	}
	url = server_url(&sv);
	settings(&s, url, TC_MAIL_TLS_OFF);
	setenv("TIACHECK_NOW", "2026-11-25T06:00:00Z", 1);
	msg = compose_default(subject_sv, to, 2);
	unsetenv("TIACHECK_NOW");
	TU_INT(tc_mail_send(&s, NULL, msg, to, 2, err, sizeof(err)), 0);
	TU_CHECK(err[0] == '\0' || 1, "%s", err);
	j = received(&sv, 1);
	TU_CHECK(j != NULL, "message 1 not saved");
	if (j) {
		const cJSON *rcpt = cJSON_GetObjectItem(j, "rcpt");
		const cJSON *parts = cJSON_GetObjectItem(j, "parts");
		const cJSON *headers = cJSON_GetObjectItem(j, "headers");
		const cJSON *defects = cJSON_GetObjectItem(j, "defects");

		TU_STR(jstr(j, "from"), "tiacheck@elinfo.se");
		TU_INT(cJSON_GetArraySize(rcpt), 2);
		TU_STR(cJSON_GetArrayItem(rcpt, 1)->valuestring, "it@elinfo.se");
		TU_STR(jstr(j, "subject"), subject_sv);
		TU_STR(jstr(j, "date_iso"), "2026-11-25T06:00:00Z");
		TU_STR(jstr(j, "content_type"), "multipart/alternative");
		TU_CHECK(jstr(headers, "Message-ID") && jstr(headers, "Message-ID")[0] == '<',
			 "Message-ID");
		TU_STR(jstr(headers, "From"), "tiacheck – Elinfo <tiacheck@elinfo.se>");
		TU_STR(jstr(headers, "To"), "dpo@elinfo.se, it@elinfo.se");
		TU_STR(jstr(headers, "MIME-Version"), "1.0");
		TU_INT(cJSON_GetArraySize(defects), 0);
		TU_INT(cJSON_GetArraySize(parts), 2);
		if (cJSON_GetArraySize(parts) == 2) {
			const cJSON *p0 = cJSON_GetArrayItem(parts, 0), *p1 = cJSON_GetArrayItem(parts, 1);

			TU_STR(jstr(p0, "type"), "text/plain");
			TU_STR(jstr(p0, "charset"), "utf-8");
			TU_STR(jstr(p0, "text"), text_sv);
			TU_STR(jstr(p1, "type"), "text/html");
			TU_CHECK(jstr(p1, "text") && strncmp(jstr(p1, "text"), html_sv, strlen(html_sv)) == 0,
				 "html part: %s", jstr(p1, "text"));
			TU_INT(cJSON_GetArraySize(cJSON_GetObjectItem(p0, "defects")), 0);
		}
		TU_CHECK(cJSON_GetObjectItem(j, "max_line")->valueint <= 998, "line length");
		TU_CHECK(cJSON_IsFalse(cJSON_GetObjectItem(j, "bare_lf")), "bare LF");
		TU_CHECK(cJSON_IsFalse(cJSON_GetObjectItem(j, "tls")), "no TLS expected");
		cJSON_Delete(j);
	}
	free(msg);

	/* injection attempt in the subject: no extra header, no extra recipient */
	msg = compose_default("Hej\r\nBcc: evil@example.com", inj_to, 1);
	TU_INT(tc_mail_send(&s, NULL, msg, inj_to, 1, err, sizeof(err)), 0);
	j = received(&sv, 2);
	TU_CHECK(j != NULL, "message 2 not saved");
	if (j) {
		const cJSON *names = cJSON_GetObjectItem(j, "header_names"), *n;

		cJSON_ArrayForEach(n, names)
			TU_CHECK(strcmp(n->valuestring, "Bcc") != 0, "Bcc header arrived");
		TU_INT(cJSON_GetArraySize(cJSON_GetObjectItem(j, "rcpt")), 1);
		TU_STR(jstr(j, "subject"), "Hej Bcc: evil@example.com");
		cJSON_Delete(j);
	}
	free(msg);

	/* STARTTLS required against a server that does not offer it: refused */
	settings(&s, url, TC_MAIL_TLS_REQUIRED);
	msg = compose_default("must not arrive", inj_to, 1);
	TU_INT(tc_mail_send(&s, NULL, msg, inj_to, 1, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "STARTTLS") && strstr(err, "127.0.0.1"), "err: %s", err);
	/* 'try' falls back to clear text */
	settings(&s, url, TC_MAIL_TLS_TRY);
	TU_INT(tc_mail_send(&s, NULL, msg, inj_to, 1, err, sizeof(err)), 0);
	TU_INT(count_files(sv.dir), 3);
	free(msg);
	server_stop(&sv);

	/* nobody listening any more */
	settings(&s, url, TC_MAIL_TLS_OFF);
	msg = compose_default("x", inj_to, 1);
	TU_INT(tc_mail_send(&s, NULL, msg, inj_to, 1, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "cannot connect") != NULL, "err: %s", err);
	free(msg);
	free(url);
}

/* STARTTLS with a self-signed certificate: verified through smtp.cafile; refused
 * without it. */
static void test_send_starttls(void)
{
	const char *to[] = { "dpo@elinfo.se" };
	char *cert = tc_xasprintf("%s/cert.pem", dir), *key = tc_xasprintf("%s/key.pem", dir);
	char *cmd = tc_xasprintf("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
				 "-nodes -keyout '%s' -out '%s' -days 2 -subj /CN=localhost "
				 "-addext subjectAltName=IP:127.0.0.1,DNS:localhost >/dev/null 2>&1",
				 key, cert);
	const char *extra[] = { "--starttls", cert, key, NULL };
	server sv = { 0 };
	tc_mail_settings s;
	char *url = NULL, *msg = NULL;
	cJSON *j;

	TU_INT(system(cmd), 0);
	if (server_start(&sv, extra) < 0) {
		TU_CHECK(0, "TLS server did not start");
		goto out;
	}
	url = server_url(&sv);
	msg = compose_default("Säker överföring", to, 1);
	settings(&s, url, TC_MAIL_TLS_REQUIRED);
	TU_INT(tc_mail_send(&s, NULL, msg, to, 1, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "certificate") != NULL, "err: %s", err);
	s.cafile = cert;
	TU_INT(tc_mail_send(&s, NULL, msg, to, 1, err, sizeof(err)), 0);
	j = received(&sv, 1);
	TU_CHECK(j != NULL, "TLS message not saved: %s", err);
	if (j) {
		TU_CHECK(cJSON_IsTrue(cJSON_GetObjectItem(j, "tls")), "TLS used");
		TU_STR(jstr(j, "subject"), "Säker överföring");
		cJSON_Delete(j);
	}
out:
	server_stop(&sv);
	free(msg);
	free(url);
	free(cmd);
	free(cert);
	free(key);
}

/* AUTH PLAIN/LOGIN: the right password is accepted; a wrong one is refused and
 * never shows in the error. */
static void test_send_auth(void)
{
	const char *to[] = { "dpo@elinfo.se" };
	const char *extra[] = { "--require-auth", "tia:s3cret-pw", NULL };
	server sv;
	tc_mail_settings s;
	char *url, *msg, *pw;
	cJSON *j;

	if (server_start(&sv, extra) < 0) {
		TU_CHECK(0, "auth server did not start");
		server_stop(&sv);
		return;
	}
	url = server_url(&sv);
	msg = compose_default("auth", to, 1);
	settings(&s, url, TC_MAIL_TLS_OFF);
	s.user = "tia";
	TU_INT(tc_mail_send(&s, NULL, msg, to, 1, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "no password") != NULL, "err: %s", err);
	pw = tc_xstrdup("wrong-Pa55word");
	TU_INT(tc_mail_send(&s, pw, msg, to, 1, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "refused the login") != NULL, "err: %s", err);
	TU_CHECK(strstr(err, "wrong-Pa55word") == NULL, "password leaked: %s", err);
	tc_mail_wipe(pw);
	TU_CHECK(pw[0] == '\0' && pw[5] == '\0', "wiped");
	free(pw);
	TU_INT(tc_mail_send(&s, "s3cret-pw", msg, to, 1, err, sizeof(err)), 0);
	j = received(&sv, 1);
	TU_CHECK(j != NULL, "auth message not saved: %s", err);
	if (j) {
		TU_STR(jstr(j, "login"), "tia");
		cJSON_Delete(j);
	}
	/* without credentials the server refuses MAIL FROM */
	s.user = NULL;
	TU_INT(tc_mail_send(&s, NULL, msg, to, 1, err, sizeof(err)), -1);
	TU_INT(count_files(sv.dir), 1);
	free(msg);
	free(url);
	server_stop(&sv);
}

/* The server reads the message and drops the connection: an error, not success. */
static void test_send_drop(void)
{
	const char *to[] = { "dpo@elinfo.se" };
	const char *extra[] = { "--drop-after-data", NULL };
	server sv;
	tc_mail_settings s;
	char *url, *msg;
	time_t t0 = time(NULL);

	if (server_start(&sv, extra) < 0) {
		TU_CHECK(0, "drop server did not start");
		server_stop(&sv);
		return;
	}
	url = server_url(&sv);
	msg = compose_default("dropped", to, 1);
	settings(&s, url, TC_MAIL_TLS_OFF);
	TU_INT(tc_mail_send(&s, NULL, msg, to, 1, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "connection broke") != NULL || strstr(err, "127.0.0.1"), "err: %s", err);
	TU_CHECK(time(NULL) - t0 < 10, "drop took too long");
	free(msg);
	free(url);
	server_stop(&sv);
}

static void test_settings_errors(void)
{
	tc_mail_settings s;
	const char *to[] = { "dpo@elinfo.se" };

	settings(&s, "http://127.0.0.1:1", TC_MAIL_TLS_OFF);
	TU_INT(tc_mail_send(&s, NULL, "x", to, 1, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "smtp.url") != NULL, "err: %s", err);
	settings(&s, "smtp://user:hunter2@127.0.0.1:1", TC_MAIL_TLS_OFF);
	TU_INT(tc_mail_send(&s, NULL, "x", (const char *[]){ "bad" }, 1, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "hunter2") == NULL && strstr(err, "smtp://127.0.0.1:1"), "err: %s", err);
	settings(&s, "smtp://127.0.0.1:1", TC_MAIL_TLS_OFF);
	TU_INT(tc_mail_send(&s, NULL, "x", to, 0, err, sizeof(err)), -1);
	s.from = "nope";
	TU_INT(tc_mail_send(&s, NULL, "x", to, 1, err, sizeof(err)), -1);
}

int main(void)
{
	snprintf(dir, sizeof(dir), "%s/tc-mail-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_addresses();
	test_compose();
	test_compose_too_large();
	test_settings_errors();
	test_send_plain();
	test_send_starttls();
	test_send_auth();
	test_send_drop();
	{
		char *cmd = tc_xasprintf("rm -rf '%s'", dir);

		if (system(cmd) != 0)
			printf("note: could not remove %s\n", dir);
		free(cmd);
	}
	return TU_END("test_mail");
}
