/*
 * policy_source: the text of a published privacy policy, for policy_check. A file is
 * read; an http(s) URL is fetched (fetch.h, with the caller's options, so that the
 * address policy of the fetch module applies). Plain text is taken as it is (line
 * numbers are the file's); HTML and PDF go through the extractor (extract.h; line
 * numbers of its normalised text).
 *
 * Note: HTML is recognised here by a small sniffing rule of its own (a leading tag and
 * a document tag near the start, or a .html name): extract.h has no public sniffing
 * function, and a body that is not HTML or PDF must stay as it is rather than go
 * through the extractor's normalisation.
 *
 * Ownership: text is appended to the caller's buffer; nothing is kept. Nothing here
 * prints.
 */
#ifndef TIACHECK_POLICY_SOURCE_H
#define TIACHECK_POLICY_SOURCE_H

#include <stddef.h>

#include "tiacheck/fetch.h"
#include "tiacheck/util.h"

/* 1 when src is an http(s) URL (fetched), 0 for a file name. */
int tc_policy_source_is_url(const char *src);

/*
 * The text of the policy at src (a file or an http(s) URL) appended to out. fo: the
 * fetch options for a URL (its on_done/arg are replaced); allow_private: the request
 * may reach a private or loopback address (the user named it). 0 ok; -1 with err.
 */
int tc_policy_source_read(const char *src, const tc_fetch_options *fo, int allow_private,
			  tc_buf *out, char *err, size_t errlen);

/*
 * The text to check from body[0..len) as read: ctype is the Content-Type of a fetched
 * body (NULL for a file), url its final URL (NULL for a file), path the file's name
 * (NULL for a URL). PDF and HTML go through the extractor; anything else is taken as
 * it is. 0 ok (text appended to out); -1 with err when there is no usable text.
 */
int tc_policy_source_text(const char *body, size_t len, const char *ctype, const char *url,
			  const char *path, tc_buf *out, char *err, size_t errlen);

#endif
