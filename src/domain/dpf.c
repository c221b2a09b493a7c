/*
 * dpf: a participant's page on the Data Privacy Framework List. See
 * include/tiacheck/dpf.h.
 *
 * Each line is read as "key: value" (a table row of two cells counts as one), a
 * heading, or a bare word ("Active"). Keys are compared in a folded form: lower-case
 * letters and digits only ("EU-U.S. Data Privacy Framework" -> "euusdataprivacyframework").
 * Statuses are collected with a rank (the EU-U.S. DPF line over a general "Status"
 * line over a bare badge); two different statuses of the best rank are a
 * contradiction, and the result is unknown.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tiacheck/dpf.h"
#include "tiacheck/utf8.h"
#include "tiacheck/util.h"

#define LINES_MAX 20000          /* a participant page is short: stop after these */
#define FOLD_MAX 128

enum rank { RANK_BADGE, RANK_STATUS, RANK_EU, NRANKS };

typedef struct obs {
	enum tc_dpf_status status[NRANKS];
	int conflict[NRANKS];
	char line[NRANKS][TC_DPF_LINE_MAX];
	int withdrawal;              /* a withdrawal date or reason was shown */
	enum tc_dpf_hr hr;
	int hr_conflict;
	int hr_list;                 /* the lines after a "Covered Data" key list the kinds */
	unsigned hr_tokens;          /* the kinds listed so far (HR_BIT_*) */
	char hr_line[TC_DPF_LINE_MAX];
	char name_key[TC_DPF_NAME_MAX];
	char name_heading[TC_DPF_NAME_MAX];
} obs;

#define HR_BIT_HR 1u
#define HR_BIT_NONHR 2u

/* Fold s[0..n) to lower-case ASCII letters and digits. */
static void fold(const char *s, size_t n, char out[FOLD_MAX])
{
	size_t k = 0;

	for (size_t i = 0; i < n && k + 1 < FOLD_MAX; i++)
		if (isalnum((unsigned char)s[i]))
			out[k++] = (char)tolower((unsigned char)s[i]);
	out[k] = '\0';
}

/* Copy s[0..n) into a fixed field, cut on a character boundary. */
static void copy_field(char *dst, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		n = tc_utf8_cut(s, cap - 1);
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static int has(const char *folded, const char *part)
{
	return strstr(folded, part) != NULL;
}

/* ---- dates ---- */

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int valid_ymd(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (y < 1990 || y > 2200 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && leap(y));
}

static int month_of(const char *word)
{
	static const char *const names[] = { "jan", "feb", "mar", "apr", "may", "jun",
					     "jul", "aug", "sep", "oct", "nov", "dec" };
	char f[FOLD_MAX];

	fold(word, strlen(word), f);
	if (strlen(f) < 3)
		return 0;
	for (int i = 0; i < 12; i++)
		if (strncmp(f, names[i], 3) == 0)
			return i + 1;
	return 0;
}

/* A date in the forms the list and its copies use: 2026-10-01, 10/01/2026 (US
 * order), October 1, 2026, 1 October 2026. 0 and out = "YYYY-MM-DD", or -1. */
static int parse_date(const char *v, char out[11])
{
	unsigned uy, um, ud;
	char word[32];
	int y = 0, m = 0, d = 0, n = 0;

	while (*v && !isalnum((unsigned char)*v))
		v++;
	if (sscanf(v, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == 10)
		;
	else if (sscanf(v, "%2d/%2d/%4d%n", &m, &d, &y, &n) == 3 && n >= 8)
		;
	else if (sscanf(v, "%31[A-Za-z]. %d, %d", word, &d, &y) == 3 ||
		 sscanf(v, "%31[A-Za-z] %d, %d", word, &d, &y) == 3 ||
		 sscanf(v, "%31[A-Za-z] %d %d", word, &d, &y) == 3)
		m = month_of(word);
	else if (sscanf(v, "%d %31[A-Za-z] %d", &d, word, &y) == 3)
		m = month_of(word);
	if (!valid_ymd(y, m, d))
		return -1;
	uy = (unsigned)y % 10000u;
	um = (unsigned)m % 100u;
	ud = (unsigned)d % 100u;
	snprintf(out, 11, "%04u-%02u-%02u", uy, um, ud);
	return 0;
}

/* ---- values ---- */

/* The status a value states, or UNKNOWN when it states none. */
static enum tc_dpf_status status_of(const char *value)
{
	char f[FOLD_MAX];

	fold(value, strlen(value), f);
	if (has(f, "withdr"))
		return TC_DPF_WITHDRAWN;
	if (has(f, "inactive") || has(f, "notactive") || has(f, "nolonger") ||
	    has(f, "removed") || has(f, "lapsed"))
		return TC_DPF_INACTIVE;
	if (tc_startswith(f, "active") || tc_startswith(f, "currentlyactive"))
		return TC_DPF_ACTIVE;
	return TC_DPF_UNKNOWN;
}

/* The kinds of data a value lists ("HR, Non-HR", "Non-HR Data", "Human resources"):
 * HR_BIT_* set; 0 when any part is not a kind (the value is not such a list). */
static unsigned hr_kinds(const char *value)
{
	unsigned bits = 0;
	const char *p = value;

	while (*p) {
		size_t n = strcspn(p, ",;/&+");
		char f[FOLD_MAX];
		size_t fl;

		fold(p, n, f);
		fl = strlen(f);
		if (fl > 4 && strcmp(f + fl - 4, "data") == 0)
			f[fl - 4] = '\0';
		if (strcmp(f, "hr") == 0 || strcmp(f, "humanresources") == 0)
			bits |= HR_BIT_HR;
		else if (strcmp(f, "nonhr") == 0 || strcmp(f, "nonhumanresources") == 0)
			bits |= HR_BIT_NONHR;
		else if (f[0])
			return 0;
		p += n;
		if (*p)
			p++;
	}
	return bits;
}

static void note_hr(obs *o, enum tc_dpf_hr hr, const char *line, size_t len)
{
	if (hr == TC_DPF_HR_UNKNOWN)
		return;
	if (o->hr != TC_DPF_HR_UNKNOWN && o->hr != hr)
		o->hr_conflict = 1;
	if (o->hr == TC_DPF_HR_UNKNOWN) {
		o->hr = hr;
		copy_field(o->hr_line, sizeof(o->hr_line), line, len);
	}
}

static void note_status(obs *o, enum rank r, enum tc_dpf_status st, const char *line,
			size_t len)
{
	if (st == TC_DPF_UNKNOWN)
		return;
	if (o->status[r] != TC_DPF_UNKNOWN && o->status[r] != st)
		o->conflict[r] = 1;
	if (o->status[r] == TC_DPF_UNKNOWN) {
		o->status[r] = st;
		copy_field(o->line[r], sizeof(o->line[r]), line, len);
	}
}

/* A "Covered Data" list ends: what it listed is one observation. */
static void end_hr_list(obs *o)
{
	if (!o->hr_list)
		return;
	if (o->hr_tokens)
		note_hr(o, o->hr_tokens & HR_BIT_HR ? TC_DPF_HR_YES : TC_DPF_HR_NO,
			o->hr_tokens & HR_BIT_HR ? "HR" : "Non-HR", o->hr_tokens & HR_BIT_HR ? 2 : 6);
	o->hr_list = 0;
	o->hr_tokens = 0;
}

/* ---- lines ---- */

/* Keys, folded. A key naming another framework (the UK Extension, the Swiss-U.S.
 * DPF) is not about the EU-U.S. DPF. */
static int other_framework(const char *k)
{
	return tc_startswith(k, "uk") || has(k, "swiss") || has(k, "switzerland") ||
	       has(k, "ukextension") || has(k, "unitedkingdom");
}

static int is_hr_key(const char *k)
{
	return has(k, "covereddata") || has(k, "datacovered") || has(k, "typesofdata") ||
	       has(k, "datatypes") || strcmp(k, "datacollected") == 0;
}

static int is_hr_yesno_key(const char *k)
{
	return strcmp(k, "hr") == 0 || strcmp(k, "hrdata") == 0 || strcmp(k, "hrdatacovered") == 0 ||
	       strcmp(k, "humanresourcesdata") == 0;
}

static int is_status_key(const char *k)
{
	static const char *const keys[] = { "status", "participationstatus", "dpfstatus",
					    "participantstatus", "dpfparticipationstatus",
					    "programstatus", "certificationstatus" };

	for (size_t i = 0; i < TC_ARRAY_LEN(keys); i++)
		if (strcmp(k, keys[i]) == 0)
			return 1;
	return 0;
}

static int is_name_key(const char *k)
{
	static const char *const keys[] = { "organizationname", "organisationname", "organization",
					    "organisation", "participantname", "participant",
					    "companyname", "legalname" };

	for (size_t i = 0; i < TC_ARRAY_LEN(keys); i++)
		if (strcmp(k, keys[i]) == 0)
			return 1;
	return 0;
}

static int is_next_cert_key(const char *k)
{
	return has(k, "nextcertification") || has(k, "nextrecertification") ||
	       has(k, "recertificationdue") || has(k, "certificationduedate") ||
	       has(k, "recertificationdate");
}

/* A value that shows a withdrawal (a date, "yes", a reason naming it). */
static int shows_withdrawal(const char *value)
{
	char f[FOLD_MAX];

	fold(value, strlen(value), f);
	if (has(f, "withdr") || strcmp(f, "yes") == 0)
		return 1;
	for (const char *p = f; *p; p++)
		if (isdigit((unsigned char)*p))
			return 1;
	return 0;
}

/* One "key: value" pair. */
static void key_value(obs *o, tc_dpf_page *pg, const char *key, size_t klen, const char *value,
		      const char *line, size_t len)
{
	char k[FOLD_MAX];
	unsigned bits;

	fold(key, klen, k);
	if (!k[0] || other_framework(k))
		return;
	if (is_hr_key(k)) {
		if (!*value) {
			o->hr_list = 1;
		} else if ((bits = hr_kinds(value)) != 0) {
			note_hr(o, bits & HR_BIT_HR ? TC_DPF_HR_YES : TC_DPF_HR_NO, line, len);
		}
	} else if (is_hr_yesno_key(k)) {
		char f[FOLD_MAX];

		fold(value, strlen(value), f);
		note_hr(o, tc_startswith(f, "yes") || tc_startswith(f, "covered") ? TC_DPF_HR_YES
			   : tc_startswith(f, "no") ? TC_DPF_HR_NO : TC_DPF_HR_UNKNOWN, line, len);
	} else if (has(k, "withdraw") || has(k, "reason")) {
		if (has(k, "withdraw") ? shows_withdrawal(value) : status_of(value) == TC_DPF_WITHDRAWN)
			o->withdrawal = 1;
	} else if (is_next_cert_key(k)) {
		if (!pg->next_cert[0])
			parse_date(value, pg->next_cert);
	} else if (tc_startswith(k, "euus")) {
		note_status(o, RANK_EU, status_of(value), line, len);
	} else if (is_status_key(k)) {
		note_status(o, RANK_STATUS, status_of(value), line, len);
	} else if (is_name_key(k) && *value && !o->name_key[0]) {
		copy_field(o->name_key, sizeof(o->name_key), value, strlen(value));
	}
}

/* A heading: the organisation's name, unless it is the site's title; "Covered Data"
 * as a heading starts a list. */
static void heading(obs *o, const char *text, int level)
{
	char f[FOLD_MAX];

	fold(text, strlen(text), f);
	if (is_hr_key(f)) {
		o->hr_list = 1;
		return;
	}
	if (level > 2 || o->name_heading[0] || !f[0] || has(f, "dataprivacyframework") ||
	    has(f, "dpfprogram") || has(f, "dpflist") || has(f, "participantsearch") ||
	    has(f, "search") || is_status_key(f))
		return;
	copy_field(o->name_heading, sizeof(o->name_heading), text, strlen(text));
}

/* The text of a line without its Markdown marks and emphasis, trimmed, in buf. */
static char *clean_line(const char *s, size_t n, char *buf, size_t cap, int *level, int *item)
{
	size_t k = 0;

	*level = 0;
	*item = 0;
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && *s == '#')
		(*level)++, s++, n--;
	if (n >= 2 && (*s == '-' || *s == '*' || *s == '+') && s[1] == ' ')
		*item = 1, s += 2, n -= 2;
	for (size_t i = 0; i < n && k + 1 < cap; i++)
		if (s[i] != '*' && s[i] != '`')
			buf[k++] = s[i];
	k = tc_utf8_cut(buf, k);
	buf[k] = '\0';
	return tc_trim(buf);
}

/* A table row: its two non-empty cells as key and value (cut in place). 1 when it
 * had exactly two. */
static int table_cells(char *t, char **key, char **value)
{
	char *cells[2];
	int n = 0;

	for (char *p = t; p; ) {
		char *bar = strchr(p, '|');

		if (bar)
			*bar = '\0';
		p = tc_trim(p);
		if (*p && strspn(p, "-: ") != strlen(p)) {
			if (n == 2)
				return 0;
			cells[n++] = p;
		}
		p = bar ? bar + 1 : NULL;
	}
	if (n != 2)
		return 0;
	*key = cells[0];
	*value = cells[1];
	return 1;
}

static void one_line(obs *o, tc_dpf_page *pg, const char *s, size_t n)
{
	char buf[1024], *t, *key, *value, *colon;
	int level, item;
	unsigned bits;

	t = clean_line(s, n, buf, sizeof(buf), &level, &item);
	if (!*t)
		return;
	if (o->hr_list && !level && (bits = hr_kinds(t)) != 0) {
		o->hr_tokens |= bits;
		return;
	}
	end_hr_list(o);
	if (level) {
		heading(o, t, level);
	} else if (*t == '|' || strchr(t, '|')) {
		if (table_cells(t, &key, &value))
			key_value(o, pg, key, strlen(key), value, s, n);
	} else if ((colon = strchr(t, ':')) != NULL) {
		value = tc_trim(colon + 1);
		key_value(o, pg, t, (size_t)(colon - t), value, s, n);
	} else {
		char f[FOLD_MAX];

		fold(t, strlen(t), f);
		if (strlen(f) <= 24 && (tc_startswith(f, "active") || tc_startswith(f, "inactive") ||
					tc_startswith(f, "withdrawn")))
			note_status(o, RANK_BADGE, status_of(t), s, n);
	}
}

/* The status the observations support; UNKNOWN when the best rank contradicts
 * itself or an active status sits next to a withdrawal. */
static enum tc_dpf_status conclude(const obs *o, tc_dpf_page *pg)
{
	for (int r = NRANKS - 1; r >= 0; r--) {
		enum tc_dpf_status st = o->status[r];

		if (st == TC_DPF_UNKNOWN)
			continue;
		if (o->conflict[r])
			return TC_DPF_UNKNOWN;
		snprintf(pg->status_line, sizeof(pg->status_line), "%s", o->line[r]);
		if (o->withdrawal && st == TC_DPF_ACTIVE)
			return TC_DPF_UNKNOWN;
		return o->withdrawal && st == TC_DPF_INACTIVE ? TC_DPF_WITHDRAWN : st;
	}
	return o->withdrawal ? TC_DPF_WITHDRAWN : TC_DPF_UNKNOWN;
}

int tc_dpf_parse(const char *text, tc_dpf_page *out)
{
	obs *o = tc_xcalloc(1, sizeof(*o));
	const char *p = text ? text : "";
	size_t lines = 0;

	memset(out, 0, sizeof(*out));
	while (*p && lines++ < LINES_MAX) {
		size_t n = strcspn(p, "\n");

		one_line(o, out, p, n);
		p += n;
		if (*p)
			p++;
	}
	end_hr_list(o);
	out->status = conclude(o, out);
	if (out->status == TC_DPF_UNKNOWN)
		out->status_line[0] = '\0';
	out->hr = o->hr_conflict ? TC_DPF_HR_UNKNOWN : o->hr;
	if (out->hr != TC_DPF_HR_UNKNOWN)
		snprintf(out->hr_line, sizeof(out->hr_line), "%s", o->hr_line);
	snprintf(out->name, sizeof(out->name), "%s", o->name_key[0] ? o->name_key : o->name_heading);
	free(o);
	return out->status != TC_DPF_UNKNOWN && out->hr != TC_DPF_HR_UNKNOWN ? 0 : 1;
}
