/*
 * dpf: what a participant's page on the Data Privacy Framework List says, read from
 * the normalised text the extractor makes of it (one block per line, Markdown-like:
 * "# Heading", "- item", "| a | b |", "Key: value"). Read are the organisation's name,
 * its participation status under the EU-U.S. DPF (active, inactive, or inactive after
 * a withdrawal), whether its certification covers HR data, and the next
 * (re)certification date when the page shows one.
 *
 * Never a guess: a status or an HR coverage that the page does not state in a form
 * the parser knows, or states twice in contradiction, is "unknown". Lines about the
 * UK Extension or the Swiss-U.S. DPF are not the EU-U.S. status and are skipped.
 *
 * Pure: no I/O. tc_dpf_page holds fixed-size copies (nothing to release).
 */
#ifndef TIACHECK_DPF_H
#define TIACHECK_DPF_H

#include <stddef.h>

enum tc_dpf_status {
	TC_DPF_UNKNOWN = 0,            /* not stated, unreadable, or contradictory */
	TC_DPF_ACTIVE,
	TC_DPF_INACTIVE,
	TC_DPF_WITHDRAWN               /* inactive: the organisation withdrew */
};

enum tc_dpf_hr {
	TC_DPF_HR_UNKNOWN = 0,
	TC_DPF_HR_YES,                 /* "Covered Data: HR, Non-HR" or "HR" */
	TC_DPF_HR_NO                   /* "Covered Data: Non-HR" */
};

#define TC_DPF_NAME_MAX 256
#define TC_DPF_LINE_MAX 256

typedef struct tc_dpf_page {
	char name[TC_DPF_NAME_MAX];    /* the organisation; "" when not found */
	enum tc_dpf_status status;
	enum tc_dpf_hr hr;
	char next_cert[11];            /* YYYY-MM-DD, "" when not shown */
	char status_line[TC_DPF_LINE_MAX];  /* the line the status was read from ("") */
	char hr_line[TC_DPF_LINE_MAX];      /* the line HR coverage was read from ("") */
} tc_dpf_page;

/* What one service's monitored DPF page said at its last good fetch (module
 * dpfstatus fills it from the store; transfer applies it to the flows). */
typedef struct tc_dpf_evidence {
	const char *service;           /* catalogue service id (borrowed) */
	const char *url;               /* the page's address (borrowed) */
	char checked[11];              /* YYYY-MM-DD of the last good fetch; "" when the
	                                  page has not been fetched successfully yet */
	tc_dpf_page page;
} tc_dpf_evidence;

/* Read text (NUL-terminated, may be NULL) into *out. Always fills *out; returns 0
 * when both the status and the HR coverage were read, 1 when either is unknown. */
int tc_dpf_parse(const char *text, tc_dpf_page *out);

/* Stable codes: "active", "inactive", "withdrawn", "unknown"; "yes", "no",
 * "unknown". Inline, so that modules that only carry a page need not link dpf. */
static inline const char *tc_dpf_status_name(enum tc_dpf_status s)
{
	return s == TC_DPF_ACTIVE ? "active" : s == TC_DPF_INACTIVE ? "inactive"
	       : s == TC_DPF_WITHDRAWN ? "withdrawn" : "unknown";
}

static inline const char *tc_dpf_hr_name(enum tc_dpf_hr h)
{
	return h == TC_DPF_HR_YES ? "yes" : h == TC_DPF_HR_NO ? "no" : "unknown";
}

/* 1 when s means the organisation is not (or no longer) a participant. */
static inline int tc_dpf_status_lapsed(enum tc_dpf_status s)
{
	return s == TC_DPF_INACTIVE || s == TC_DPF_WITHDRAWN;
}

#endif
