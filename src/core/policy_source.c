/*
 * policy_source: the text of a published policy to check, read from a file or fetched
 * from an http(s) URL. See include/tiacheck/policy_source.h.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tiacheck/extract.h"
#include "tiacheck/policy_source.h"

#define POLICY_INPUT_MAX ((size_t)32 << 20)

/* What was fetched. */
typedef struct fetched {
	tc_buf body;
	char *content_type;
	char *final_url;
	long status;
	enum tc_fetch_error error;
	char message[512];
} fetched;

static void on_fetched(const tc_fetch_request *req, size_t index, tc_fetch_response *resp,
		       void *arg)
{
	fetched *f = arg;

	(void)req;
	(void)index;
	f->status = resp->status;
	f->error = resp->error;
	snprintf(f->message, sizeof(f->message), "%s", resp->message);
	f->content_type = resp->content_type;
	resp->content_type = NULL;
	f->final_url = resp->final_url;
	resp->final_url = NULL;
	f->body = resp->body;
	memset(&resp->body, 0, sizeof(resp->body));
}

/* Fetch url with the caller's options into f. 0 ok; -1 with err. */
static int fetch_url(const char *url, const tc_fetch_options *fo, int allow_private, fetched *f,
		     char *err, size_t errlen)
{
	tc_fetch_options o = *fo;
	tc_fetch_request req = { 0 };

	o.on_done = on_fetched;
	o.arg = f;
	req.url = url;
	req.allow_private = allow_private;
	if (tc_fetch_run(&req, 1, &o, err, errlen) < 0)
		return -1;
	if (f->error == TC_FETCH_OK)
		return 0;
	if (f->error == TC_FETCH_HTTP_4XX || f->error == TC_FETCH_HTTP_5XX)
		tc_seterr(err, errlen, "HTTP %ld (%s)", f->status, tc_fetch_error_name(f->error));
	else
		tc_seterr(err, errlen, "%s: %s", tc_fetch_error_name(f->error), f->message);
	return -1;
}

int tc_policy_source_is_url(const char *src)
{
	return src && (!strncasecmp(src, "http://", 7) || !strncasecmp(src, "https://", 8));
}

int tc_policy_source_read(const char *src, const tc_fetch_options *fo, int allow_private,
			  tc_buf *out, char *err, size_t errlen)
{
	fetched f = { 0 };
	int is_url = tc_policy_source_is_url(src), ret = -1;

	if (is_url ? fetch_url(src, fo, allow_private, &f, err, errlen) == 0
		   : tc_read_file(src, POLICY_INPUT_MAX, &f.body, err, errlen) == 0)
		ret = tc_policy_source_text(f.body.data, f.body.len, f.content_type, f.final_url,
					    is_url ? NULL : src, out, err, errlen);
	tc_buf_release(&f.body);
	free(f.content_type);
	free(f.final_url);
	return ret;
}

/* Does a body without a trustworthy Content-Type look like HTML? It starts with a
 * tag and has one of the usual document tags near the start. */
static int looks_like_html(const char *path, const char *s, size_t n)
{
	static const char *const marks[] = { "<html", "<body", "<!doctype html", "<p>", "<p ",
					     "<h1", "<h2", "<div", "<section", "<article" };
	size_t i = 0;

	if (path && (tc_endswith(path, ".html") || tc_endswith(path, ".htm") ||
		     tc_endswith(path, ".HTML")))
		return 1;
	while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
		i++;
	if (i >= n || s[i] != '<')
		return 0;
	for (size_t k = 0; k < TC_ARRAY_LEN(marks); k++) {
		size_t m = strlen(marks[k]);

		for (size_t j = i; j + m <= n && j < i + 4096; j++)
			if (strncasecmp(s + j, marks[k], m) == 0)
				return 1;
	}
	return 0;
}

int tc_policy_source_text(const char *body, size_t len, const char *ctype, const char *url,
			  const char *path, tc_buf *out, char *err, size_t errlen)
{
	const char *s = body ? body : "";
	int pdf = (len >= 5 && memcmp(s, "%PDF-", 5) == 0) ||
		  (ctype && strcasestr(ctype, "application/pdf"));
	int html = !pdf && ((ctype && strcasestr(ctype, "html")) ||
			    (!ctype && looks_like_html(path, s, len)) ||
			    (ctype && !strcasestr(ctype, "text/plain") &&
			     looks_like_html(NULL, s, len)));
	tc_extract_opts eo = { 0 };
	tc_extract_result r = { 0 };
	int ret = -1;

	if (!html && !pdf) {
		if (tc_buf_add(out, s, len) < 0) {
			tc_seterr(err, errlen, "the policy is too large");
			return -1;
		}
		return 0;
	}
	eo.content_type = ctype ? ctype : (pdf ? "application/pdf" : "text/html");
	eo.url = url;
	if (tc_extract(s, len, &eo, &r) < 0)
		tc_seterr(err, errlen, "cannot extract the text (%s: %s)",
			  tc_extract_status_name(r.status), r.detail);
	else if (tc_buf_add(out, r.text, r.len) < 0)
		tc_seterr(err, errlen, "the policy is too large");
	else
		ret = 0;
	tc_extract_result_release(&r);
	return ret;
}
