/*
 * policy: the section of the organisation's privacy policy on external services (role
 * processor or controller) and sub-processors, written from the catalogue, in Swedish
 * or English, as Markdown, an HTML fragment (h2/h3/p/ul, no scripts) or plain text.
 * Everything goes through the render layer (render.h), which escapes every string
 * from the catalogue; the words come from msg_policy.c ("policy.KEY"). The same
 * catalogue always gives the same bytes: services are sorted by name, and no date
 * appears unless the caller passes one.
 *
 * The section is meant for publication: it shows no internal note (notes and
 * references in the catalogue, working notes in the reference data's decision
 * numbers) and leaves out a location the catalogue does not state.
 *
 * Checking a published policy against the catalogue is policy_check.h;
 * tc_policy_check_render() writes its findings for a reader.
 *
 * Ownership: the catalogue and refdata are borrowed; tc_policy_render appends to the
 * caller's buffer. Nothing here prints.
 */
#ifndef TIACHECK_POLICY_H
#define TIACHECK_POLICY_H

#include <stddef.h>

#include "tiacheck/catalog.h"
#include "tiacheck/i18n.h"
#include "tiacheck/policy_check.h"
#include "tiacheck/refdata.h"
#include "tiacheck/util.h"

enum tc_policy_format { TC_POLICY_MD = 0, TC_POLICY_HTML, TC_POLICY_TEXT };

/* "md", "html", "text" (also "markdown", "txt"). 0 ok, -1 unknown. */
int tc_policy_format_parse(const char *s, enum tc_policy_format *out);

typedef struct tc_policy_opts {
	enum tc_lang lang;
	enum tc_policy_format format;
	const char *date;                 /* YYYY-MM-DD shown as the date of the text; NULL: none */
} tc_policy_opts;

/* Append the section to out (opts NULL: Swedish Markdown without a date). 0 ok; -1
 * with err set when out reached its maximum. */
int tc_policy_render(const tc_catalog *cat, const tc_refdata *ref, const tc_policy_opts *opts,
		     tc_buf *out, char *err, size_t errlen);

/*
 * The findings of a check, for a terminal, in lang: "SOURCE:LINE: SEVERITY: MESSAGE"
 * with the quoted snippet below, then a summary line ("8 avvikelser, 1 notering.").
 * Text from the policy (source name, snippets) has its control characters made inert.
 * 0 ok; -1 when out reached its maximum.
 */
int tc_policy_check_render(const tc_pcheck *pc, const char *source, enum tc_lang lang,
			   tc_buf *out);

#endif
