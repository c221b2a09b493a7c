/* mail: see include/tiacheck/mail.h */
#include "tiacheck/mail.h"

#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "tiacheck/config.h"
#include "tiacheck/utf8.h"
#include "tiacheck/util.h"

#define MAIL_MAX_BYTES ((size_t)32 << 20)
#define QP_LINE 76            /* RFC 2045: encoded lines at most 76 characters */
#define EW_MAX_BYTES 45       /* bytes per encoded-word: 60 base64 chars, word <= 75 */

/* ---- addresses: tc_mail_address_valid is in util (the config checks them too) ---- */

char *tc_mail_message_id(const char *from)
{
	const char *at = from ? strchr(from, '@') : NULL;
	const char *domain = at && tc_mail_address_valid(from) ? at + 1 : "tiacheck.invalid";
	char r[33];

	tc_random_hex(r, 16);
	return tc_xasprintf("<%s.%lld@%s>", r, (long long)tc_now(), domain);
}

void tc_mail_wipe(char *secret)
{
	if (secret)
		explicit_bzero(secret, strlen(secret));
}

/* ---- encodings ---- */

static const char b64chars[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void add_base64(tc_buf *b, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;

		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		tc_buf_addc(b, b64chars[(v >> 18) & 63]);
		tc_buf_addc(b, b64chars[(v >> 12) & 63]);
		tc_buf_addc(b, i + 1 < n ? b64chars[(v >> 6) & 63] : '=');
		tc_buf_addc(b, i + 2 < n ? b64chars[v & 63] : '=');
	}
}

/* Length of the valid UTF-8 character at p (1..4), 0 for an invalid sequence. */
static size_t char_len(const unsigned char *p, size_t avail)
{
	size_t k;

	return tc_utf8_decode(p, avail, &k) == TC_UTF8_INVALID ? 0 : k;
}

/* Header text made inert: controls (C0, DEL, C1: CR and LF among them) become
 * spaces, invalid UTF-8 bytes become '?', runs of spaces collapse; trimmed. Owned. */
static char *header_text(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p);
	tc_buf b = TC_BUF_INIT;

	for (size_t i = 0; i < n;) {
		size_t k;
		uint32_t c = tc_utf8_decode(p + i, n - i, &k);

		if (c == TC_UTF8_INVALID) {
			tc_buf_addc(&b, '?');
			i++;
			continue;
		}
		if (c <= ' ' || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {   /* C0, DEL, C1 */
			if (b.len && b.data[b.len - 1] != ' ')
				tc_buf_addc(&b, ' ');
		} else {
			tc_buf_add(&b, p + i, k);
		}
		i += k;
	}
	while (b.len && b.data[b.len - 1] == ' ')
		b.data[--b.len] = '\0';
	return tc_buf_detach(&b);
}

/* Append s (already inert) as RFC 2047 "B" encoded-words of whole UTF-8 characters,
 * folded with CRLF SP between words. col: the current line's length. */
static void add_encoded_words(tc_buf *b, const char *s, size_t col)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0;

	while (i < n) {
		size_t start = i, k, room = col + 12 < 76 ? (76 - col - 12) / 4 * 3 : 0;

		if (room > EW_MAX_BYTES)
			room = EW_MAX_BYTES;
		if (room < 4) {
			tc_buf_adds(b, "\r\n ");
			col = 1;
			continue;
		}
		while (i < n && (k = char_len(p + i, n - i)) && i - start + k <= room)
			i += k;
		if (i == start)   /* header_text guarantees valid UTF-8; stay safe */
			i++;
		tc_buf_adds(b, "=?UTF-8?B?");
		add_base64(b, p + start, i - start);
		tc_buf_adds(b, "?=");
		col += 12 + ((i - start + 2) / 3) * 4;
		if (i < n) {
			tc_buf_adds(b, "\r\n ");
			col = 1;
		}
	}
}

/* 1 when s can go into a header as is: printable ASCII and no "=?". */
static int plain_ascii(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			return 0;
	return strstr(s, "=?") == NULL;
}

/* Subject: raw when plain ASCII and short, else encoded-words. */
static void add_subject(tc_buf *b, const char *subject)
{
	char *s = header_text(subject);

	tc_buf_adds(b, "Subject: ");
	if (plain_ascii(s) && strlen(s) <= 66)
		tc_buf_adds(b, s);
	else
		add_encoded_words(b, s, 9);
	tc_buf_adds(b, "\r\n");
	free(s);
}

/* "Name <addr>" with the name quoted or encoded; just "addr" without a name. */
static void add_mailbox(tc_buf *b, const char *name, const char *addr, size_t col)
{
	char *s = header_text(name);

	if (*s) {
		if (plain_ascii(s) && strlen(s) < 60) {
			tc_buf_addc(b, '"');
			for (const char *p = s; *p; p++) {
				if (*p == '"' || *p == '\\')
					tc_buf_addc(b, '\\');
				tc_buf_addc(b, *p);
			}
			tc_buf_addc(b, '"');
		} else {
			add_encoded_words(b, s, col);
		}
		tc_buf_printf(b, " <%s>", addr);
	} else {
		tc_buf_adds(b, addr);
	}
	free(s);
}

/* RFC 5322 date in UTC: "Wed, 25 Nov 2026 06:00:00 +0000" (no locale). */
static void add_date(tc_buf *b, time_t t)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;

	gmtime_r(&t, &tm);
	tc_buf_printf(b, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday],
		      tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
		      tm.tm_sec);
}

/* Quoted-printable body (RFC 2045) with CRLF line ends; LF or CRLF in the input are
 * line breaks. Lines start safe for SMTP and mbox ('.' and "From " encoded). */
static void add_qp(tc_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;
	size_t col = 0;

	for (; *p; p++) {
		char tok[4];
		size_t tl;
		unsigned char c = *p;
		int eol = p[1] == '\n' || p[1] == '\0' || (p[1] == '\r' && p[2] == '\n');

		if (c == '\r' && p[1] == '\n')
			continue;
		if (c == '\n') {
			tc_buf_adds(b, "\r\n");
			col = 0;
			continue;
		}
		if ((c >= 33 && c <= 126 && c != '=' && !(col == 0 && c == '.') &&
		     !(col == 0 && c == 'F' && strncmp((const char *)p, "From ", 5) == 0)) ||
		    ((c == ' ' || c == '\t') && !eol)) {
			tok[0] = (char)c;
			tl = 1;
		} else {
			tok[0] = '=';
			tok[1] = hex[c >> 4];
			tok[2] = hex[c & 15];
			tl = 3;
		}
		/* a soft break keeps every line within 76 characters including its '=' */
		if (col + tl > QP_LINE - 1 && !(eol && col + tl <= QP_LINE)) {
			tc_buf_adds(b, "=\r\n");
			col = 0;
			if (tl == 1 && (c == '.' || (c == 'F' && strncmp((const char *)p, "From ", 5) == 0))) {
				tok[0] = '=';
				tok[1] = hex[c >> 4];
				tok[2] = hex[c & 15];
				tl = 3;
			}
		}
		tc_buf_add(b, tok, tl);
		col += tl;
	}
	if (col)
		tc_buf_adds(b, "\r\n");
}

static void add_part(tc_buf *b, const char *type, const char *body)
{
	tc_buf_printf(b, "Content-Type: %s; charset=UTF-8\r\n"
		      "Content-Transfer-Encoding: quoted-printable\r\n\r\n", type);
	add_qp(b, body);
}

int tc_mail_compose(const tc_mail_msg *m, char **out, char *err, size_t errlen)
{
	tc_buf b = TC_BUF_INIT;
	char *mid = NULL;
	char boundary[48];
	size_t col;

	*out = NULL;
	if (!tc_mail_address_valid(m->from)) {
		tc_seterr(err, errlen, "the sender '%s' is not an e-mail address", m->from ? m->from : "");
		return -1;
	}
	if (m->nto == 0 || m->nto > TC_MAIL_MAX_RCPT) {
		tc_seterr(err, errlen, "a message needs 1 to %d recipients, not %zu",
			  TC_MAIL_MAX_RCPT, m->nto);
		return -1;
	}
	for (size_t i = 0; i < m->nto; i++) {
		if (!tc_mail_address_valid(m->to[i])) {
			tc_seterr(err, errlen, "the recipient '%s' is not an e-mail address",
				  m->to[i] ? m->to[i] : "");
			return -1;
		}
	}
	if (m->message_id && (m->message_id[0] != '<' || !tc_endswith(m->message_id, ">") ||
			      !plain_ascii(m->message_id) || strchr(m->message_id, ' ') ||
			      strlen(m->message_id) > 250)) {
		tc_seterr(err, errlen, "bad Message-ID '%s'", m->message_id);
		return -1;
	}
	if (!tc_utf8_is_valid(m->text ? m->text : "", strlen(m->text ? m->text : "")) ||
	    (m->html && !tc_utf8_is_valid(m->html, strlen(m->html)))) {
		tc_seterr(err, errlen, "the message body is not valid UTF-8");
		return -1;
	}
	tc_buf_init(&b, MAIL_MAX_BYTES);
	add_date(&b, m->date ? m->date : tc_now());
	tc_buf_adds(&b, "From: ");
	add_mailbox(&b, m->from_name, m->from, 6);
	tc_buf_adds(&b, "\r\nTo: ");
	col = 4;
	for (size_t i = 0; i < m->nto; i++) {
		size_t n = strlen(m->to[i]);

		if (i) {
			tc_buf_addc(&b, ',');
			col++;
			if (col + 1 + n > 76) {
				tc_buf_adds(&b, "\r\n");
				col = 0;
			}
			tc_buf_addc(&b, ' ');
			col++;
		}
		tc_buf_adds(&b, m->to[i]);
		col += n;
	}
	tc_buf_adds(&b, "\r\n");
	add_subject(&b, m->subject);
	mid = m->message_id ? tc_xstrdup(m->message_id) : tc_mail_message_id(m->from);
	tc_buf_printf(&b, "Message-ID: %s\r\n", mid);
	tc_buf_adds(&b, "MIME-Version: 1.0\r\n"
		    "Auto-Submitted: auto-generated\r\n"
		    "X-Mailer: tiacheck\r\n");
	if (m->html) {
		/* "=_" cannot occur in quoted-printable text, so the boundary is unique */
		memcpy(boundary, "=_tiacheck_", 11);
		tc_random_hex(boundary + 11, 16);
		tc_buf_printf(&b, "Content-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n\r\n"
			      "This is a MIME message.\r\n\r\n--%s\r\n", boundary, boundary);
		add_part(&b, "text/plain", m->text ? m->text : "");
		tc_buf_printf(&b, "\r\n--%s\r\n", boundary);
		add_part(&b, "text/html", m->html);
		tc_buf_printf(&b, "\r\n--%s--\r\n", boundary);
	} else {
		add_part(&b, "text/plain", m->text ? m->text : "");
	}
	free(mid);
	/* an append that did not fit would leave a silently truncated message */
	if (b.full) {
		tc_seterr(err, errlen, "the message is larger than %zu bytes", MAIL_MAX_BYTES);
		tc_buf_release(&b);
		return -1;
	}
	*out = tc_buf_detach(&b);
	return 0;
}

/* ---- sending ---- */

void tc_mail_settings_from_config(const struct tc_config *cfg, tc_mail_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->url = cfg->smtp_url;
	s->from = cfg->smtp_from;
	s->user = cfg->smtp_user;
	s->cafile = cfg->smtp_cafile;
	s->starttls = cfg->smtp_starttls;
	s->timeout = cfg->smtp_timeout;
}

typedef struct reader {
	const char *p;
	size_t left;
} reader;

static size_t read_cb(char *dst, size_t size, size_t nmemb, void *userp)
{
	reader *r = userp;
	size_t n = size * nmemb;

	if (n > r->left)
		n = r->left;
	memcpy(dst, r->p, n);
	r->p += n;
	r->left -= n;
	return n;
}

/* The URL for messages: scheme://host[:port] without any user information. */
static void safe_url(const char *url, char *out, size_t outlen)
{
	const char *host = strstr(url, "://"), *at, *end;

	if (!host) {
		snprintf(out, outlen, "%s", "smtp");
		return;
	}
	host += 3;
	end = host + strcspn(host, "/?#");
	at = memchr(host, '@', (size_t)(end - host));
	if (at)
		host = at + 1;
	snprintf(out, outlen, "%.*s://%.*s", (int)(strstr(url, "://") - url), url,
		 (int)(end - host), host);
}

/* A sentence for the DPO from a libcurl result. */
static const char *hint(CURLcode rc, const tc_mail_settings *s)
{
	switch (rc) {
	case CURLE_USE_SSL_FAILED:
		return "the server does not offer STARTTLS and smtp.starttls is 'required' "
		       "(use smtps:// or a server with STARTTLS; 'try' or 'off' would send "
		       "in clear text)";
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
		return s->cafile ? "cannot verify the server's TLS certificate with smtp.cafile"
				 : "cannot verify the server's TLS certificate (set smtp.cafile "
				   "to the CA that signed it)";
	case CURLE_LOGIN_DENIED:
		return "the server refused the login (check smtp.user and the password)";
	case CURLE_COULDNT_RESOLVE_HOST:
		return "cannot resolve the server's name";
	case CURLE_COULDNT_CONNECT:
		return "cannot connect to the server";
	case CURLE_OPERATION_TIMEDOUT:
		return "the server did not answer in time (smtp.timeout)";
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_WEIRD_SERVER_REPLY:
		return "the connection broke before the server confirmed the message";
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
		return "bad smtp.url";
	default:
		return "sending failed";
	}
}

int tc_mail_send(const tc_mail_settings *s, const char *password, const char *message,
		 const char *const *rcpt, size_t nrcpt, char *err, size_t errlen)
{
	char errbuf[CURL_ERROR_SIZE] = "", where[256], *from = NULL;
	struct curl_slist *list = NULL;
	reader r = { message, message ? strlen(message) : 0 };
	CURL *c = NULL;
	CURLcode rc;
	long code = 0;
	int ret = -1, timeout = s->timeout > 0 ? s->timeout : 30;

	if (!s->url || (!tc_startswith(s->url, "smtp://") && !tc_startswith(s->url, "smtps://"))) {
		tc_seterr(err, errlen, "smtp.url must be smtp://host:port or smtps://host:port");
		return -1;
	}
	safe_url(s->url, where, sizeof(where));
	if (!tc_mail_address_valid(s->from)) {
		tc_seterr(err, errlen, "%s: the sender (smtp.from) '%s' is not an e-mail address",
			  where, s->from ? s->from : "");
		return -1;
	}
	if (nrcpt == 0 || nrcpt > TC_MAIL_MAX_RCPT) {
		tc_seterr(err, errlen, "%s: no recipients (smtp.to)", where);
		return -1;
	}
	if (s->user && !password) {
		tc_seterr(err, errlen, "%s: smtp.user is set but there is no password "
			  "($TIACHECK_SMTP_PASSWORD or smtp.password_file)", where);
		return -1;
	}
	if (!message || !*message) {
		tc_seterr(err, errlen, "%s: empty message", where);
		return -1;
	}
	c = curl_easy_init();
	if (!c) {
		tc_seterr(err, errlen, "%s: cannot initialise libcurl", where);
		return -1;
	}
	for (size_t i = 0; i < nrcpt; i++) {
		char *a;
		struct curl_slist *l;

		if (!tc_mail_address_valid(rcpt[i])) {
			tc_seterr(err, errlen, "%s: the recipient '%s' is not an e-mail address",
				  where, rcpt[i] ? rcpt[i] : "");
			goto out;
		}
		a = tc_xasprintf("<%s>", rcpt[i]);
		l = curl_slist_append(list, a);
		free(a);
		if (!l) {
			tc_seterr(err, errlen, "%s: out of memory", where);
			goto out;
		}
		list = l;
	}
	from = tc_xasprintf("<%s>", s->from);
	curl_easy_setopt(c, CURLOPT_URL, s->url);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, list);
	/* all or nothing: one refused recipient ends the transaction before DATA, so a
	 * failed send never reached some of the recipients (libcurl's default, stated) */
#if LIBCURL_VERSION_NUM >= 0x080200
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT_ALLOWFAILS, 0L);
#else
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT_ALLLOWFAILS, 0L);
#endif
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &r);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)r.left);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)timeout);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)(timeout < 30 ? timeout : 30));
	if (tc_startswith(s->url, "smtps://"))
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	else
		curl_easy_setopt(c, CURLOPT_USE_SSL,
				 (long)(s->starttls == TC_MAIL_TLS_REQUIRED ? CURLUSESSL_ALL
					: s->starttls == TC_MAIL_TLS_TRY ? CURLUSESSL_TRY
					: CURLUSESSL_NONE));
	if (s->cafile)
		curl_easy_setopt(c, CURLOPT_CAINFO, s->cafile);
	if (s->user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, s->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, password);
	}
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (rc != CURLE_OK) {
		char said[48] = "";

		if (code >= 400)
			snprintf(said, sizeof(said), "; server said %ld", code);
		tc_seterr(err, errlen, "%s: %s: %s%s", where, hint(rc, s),
			  errbuf[0] ? errbuf : curl_easy_strerror(rc), said);
		goto out;
	}
	ret = 0;
out:
	if (c) {
		/* replace curl's copy of the password before it is freed */
		curl_easy_setopt(c, CURLOPT_PASSWORD, "");
		curl_easy_cleanup(c);
	}
	curl_slist_free_all(list);
	free(from);
	return ret;
}
