/*
 * report: renders a run (Run report JSON) as Markdown, HTML or JSON and composes the
 * alert e-mail. See include/tiacheck/report.h and docs/report-json.md.
 *
 * One walker per document (the report, the alert body) writes through a small set
 * of output helpers (headings, lists, tables, text, code, diffs) that know the three
 * output kinds: Markdown, HTML and plain text. Every string that comes from the JSON
 * goes through add_safe(), which cleans it (UTF-8, control characters) and escapes it
 * for the output kind; labels come from the sv/en table below.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tiacheck/report.h"
#include "tiacheck/util.h"

/* ---- labels: every word of the output, in Swedish and English ---- */

enum lbl {
	L_TITLE, L_ORG, L_DPO, L_RUN, L_STARTED, L_FINISHED, L_STATUS, L_DRY_RUN,
	L_SUMMARY, L_S_DOCUMENTS, L_S_FETCHED, L_S_UNCHANGED, L_S_CHANGED, L_S_FAILED,
	L_S_FINDINGS, L_S_OPEN, L_S_FLOWS, L_S_OUTSIDE,
	L_CHANGES, L_CHANGE, L_CHANGE_COL, L_URL, L_COMPARED, L_EXTENT, L_DIFF_COUNTS, L_TECHNICAL,
	L_NO_BLOCKS, L_MORE_BLOCKS, L_CHANGE_FINDINGS, L_REVIEW, L_ACK,
	L_FINDINGS, L_SEVERITY, L_DOCUMENT, L_FINDING, L_EVIDENCE,
	L_OPEN, L_DETECTED, L_COMMANDS,
	L_FAILURES, L_SERVICE, L_KIND, L_DETAIL, L_SINCE, L_IN_A_ROW, L_MOVED,
	L_FLOWS_OUT, L_FLOWS_IN, L_ENTITY, L_ROLE, L_COUNTRY, L_CLASS, L_MECH,
	L_CATEGORIES, L_PNR, L_REASON, L_VIA, L_YES, L_NO, L_MECH_NONE,
	L_WARNINGS, L_NONE, L_FOOTER,
	L_ALERT_INTRO, L_ALERT_CHANGES, L_ALERT_FINDINGS, L_ALERT_FAILURES,
	L_MORE_CHANGES, L_MORE_ITEMS, L_FULL_REPORT, L_FULL_REPORT_CMD, L_HOW_REVIEW,
	L_HOW_REVIEW2, L_HOW_REVIEW3, L_RUNS_IN_A_ROW,
	L_SUBJ_CHANGED_MANY, L_SUBJ_FINDING, L_SUBJ_FINDINGS, L_SUBJ_FAILURE,
	L_SUBJ_FAILURES,
	L__COUNT
};

/* [key] = { Swedish, English }. Strings with %ld/%s are printf formats whose
 * arguments are numbers or cleaned text. */
static const char *const labels[L__COUNT][2] = {
	[L_TITLE] = { "tiacheck-rapport", "tiacheck report" },
	[L_ORG] = { "Organisation", "Organisation" },
	[L_DPO] = { "Dataskyddsombud", "Data protection officer" },
	[L_RUN] = { "Körning", "Run" },
	[L_STARTED] = { "Startad", "Started" },
	[L_FINISHED] = { "Avslutad", "Finished" },
	[L_STATUS] = { "Status", "Status" },
	[L_DRY_RUN] = { "Provkörning: inget sparades och ingen e-post skickades.",
			"Dry run: nothing was stored and no e-mail was sent." },
	[L_SUMMARY] = { "Sammanfattning", "Summary" },
	[L_S_DOCUMENTS] = { "Bevakade dokument", "Monitored documents" },
	[L_S_FETCHED] = { "Hämtade", "Fetched" },
	[L_S_UNCHANGED] = { "Oförändrade", "Unchanged" },
	[L_S_CHANGED] = { "Ändrade", "Changed" },
	[L_S_FAILED] = { "Misslyckade hämtningar", "Failed fetches" },
	[L_S_FINDINGS] = { "Nya fynd", "New findings" },
	[L_S_OPEN] = { "Ogranskade ändringar", "Open (unreviewed) changes" },
	[L_S_FLOWS] = { "Dataflöden", "Data flows" },
	[L_S_OUTSIDE] = { "Flöden som lämnar EU/EES (tredjelandsöverföringar)",
			  "Flows leaving the EU/EEA" },
	[L_CHANGES] = { "Ändringar i leverantörernas dokument", "Changes in vendors' documents" },
	[L_CHANGE] = { "ändring", "change" },
	[L_CHANGE_COL] = { "Ändring", "Change" },
	[L_URL] = { "Adress", "URL" },
	[L_COMPARED] = { "Jämfört", "Compared" },
	[L_EXTENT] = { "Omfattning", "Extent" },
	[L_DIFF_COUNTS] = { "stycken tillagda: %ld, borttagna: %ld, ändrade: %ld",
			    "blocks added: %ld, removed: %ld, changed: %ld" },
	[L_TECHNICAL] = { "Teknisk ändring: texten tolkades om med nya regler; leverantören har inte ändrat dokumentet.",
			  "Technical change: the text was re-extracted with new rules; the vendor did not change the document." },
	[L_NO_BLOCKS] = { "Inga ändrade stycken att visa.", "No changed blocks to show." },
	[L_MORE_BLOCKS] = { "… ytterligare %ld ändrade stycken finns i den fullständiga rapporten.",
			    "… %ld more changed blocks are in the full report." },
	[L_CHANGE_FINDINGS] = { "Fynd i ändringen", "Findings in this change" },
	[L_REVIEW] = { "Granska", "Review" },
	[L_ACK] = { "Kvittera", "Acknowledge" },
	[L_FINDINGS] = { "Fynd", "Findings" },
	[L_SEVERITY] = { "Allvarlighet", "Severity" },
	[L_DOCUMENT] = { "Dokument", "Document" },
	[L_FINDING] = { "Fynd", "Finding" },
	[L_EVIDENCE] = { "Belägg", "Evidence" },
	[L_OPEN] = { "Ogranskade ändringar", "Open unreviewed changes" },
	[L_DETECTED] = { "Upptäckt", "Detected" },
	[L_COMMANDS] = { "Kommandon", "Commands" },
	[L_FAILURES] = { "Hämtningsfel", "Fetch failures" },
	[L_SERVICE] = { "Tjänst", "Service" },
	[L_KIND] = { "Typ", "Kind" },
	[L_DETAIL] = { "Detalj", "Detail" },
	[L_SINCE] = { "Sedan", "Since" },
	[L_IN_A_ROW] = { "Körningar i rad", "Runs in a row" },
	[L_MOVED] = { "flyttad eller borttagen? Kontrollera adressen i katalogen.",
		      "moved or removed? Check the URL in the catalogue." },
	[L_FLOWS_OUT] = { "Tredjelandsöverföringar (flöden som lämnar EU/EES)",
			  "Flows leaving the EU/EEA (transfers)" },
	[L_FLOWS_IN] = { "Övriga flöden (inom EU/EES)", "Other flows (within the EU/EEA)" },
	[L_ENTITY] = { "Juridisk person", "Legal entity" },
	[L_ROLE] = { "Roll", "Role" },
	[L_COUNTRY] = { "Land", "Country" },
	[L_CLASS] = { "Klassning", "Classification" },
	[L_MECH] = { "Skyddsåtgärd", "Mechanism" },
	[L_CATEGORIES] = { "Personuppgiftskategorier", "Data categories" },
	[L_PNR] = { "Personnummer", "Personnummer" },
	[L_REASON] = { "Motivering", "Reason" },
	[L_VIA] = { "via", "via" },
	[L_YES] = { "JA", "YES" },
	[L_NO] = { "nej", "no" },
	[L_MECH_NONE] = { "saknas", "none" },
	[L_WARNINGS] = { "Varningar från katalogen", "Catalogue warnings" },
	[L_NONE] = { "Inga.", "None." },
	[L_FOOTER] = { "Skapad av tiacheck från körningens JSON (rapportformat %d).",
		       "Generated by tiacheck from the run's JSON (report format %d)." },
	[L_ALERT_INTRO] = { "tiacheck har hittat något som behöver granskas.",
			    "tiacheck found something that needs review." },
	[L_ALERT_CHANGES] = { "Ändrade dokument", "Changed documents" },
	[L_ALERT_FINDINGS] = { "Nya fynd", "New findings" },
	[L_ALERT_FAILURES] = { "Återkommande hämtningsfel", "Persisting fetch failures" },
	[L_MORE_CHANGES] = { "… ytterligare %ld ändrade dokument finns i den fullständiga rapporten.",
			     "… %ld more changed documents are in the full report." },
	[L_MORE_ITEMS] = { "… ytterligare %ld finns i den fullständiga rapporten.",
			   "… %ld more are in the full report." },
	[L_FULL_REPORT] = { "Fullständig rapport", "Full report" },
	[L_FULL_REPORT_CMD] = { "tiacheck report %ld", "tiacheck report %ld" },
	[L_HOW_REVIEW] = { "Så granskar du: visa en ändring med",
			   "How to review: show a change with" },
	[L_HOW_REVIEW2] = { "och markera den som granskad med",
			    "and mark it as reviewed with" },
	[L_HOW_REVIEW3] = { "TJÄNST/DOKUMENT", "SERVICE/DOC" },
	[L_RUNS_IN_A_ROW] = { "%ld körningar i rad", "%ld runs in a row" },
	[L_SUBJ_CHANGED_MANY] = { "%ld dokument ändrades", "%ld documents changed" },
	[L_SUBJ_FINDING] = { "1 nytt fynd", "1 new finding" },
	[L_SUBJ_FINDINGS] = { "%ld nya fynd", "%ld new findings" },
	[L_SUBJ_FAILURE] = { "kunde inte hämtas %ld gånger i rad",
			     "could not be fetched %ld times in a row" },
	[L_SUBJ_FAILURES] = { "%ld dokument kunde inte hämtas upprepade gånger",
			      "%ld documents failed repeatedly" },
};

/* Value tables: a code from the JSON and its words in Swedish and English. */
typedef struct term {
	const char *code;
	const char *sv, *en;
} term;

static const term run_statuses[] = {
	{ "ok", "OK", "OK" },
	{ "partial", "delvis: vissa hämtningar misslyckades", "partial: some fetches failed" },
	{ "failed", "misslyckad", "failed" },
};

static const term severities[] = {
	{ "high", "hög", "high" },
	{ "medium", "medel", "medium" },
	{ "info", "info", "info" },
};

static const term classifications[] = {
	{ "eu", "EU", "EU" },
	{ "eea", "EES", "EEA" },
	{ "adequate", "adekvat skyddsnivå (beslut)", "adequacy decision" },
	{ "partial_covered", "delvis adekvat, omfattas", "partial adequacy, covered" },
	{ "partial_not_covered", "delvis adekvat, omfattas inte: tredjeland",
	  "partial adequacy, not covered: third country" },
	{ "third", "tredjeland", "third country" },
};

static const term mechanisms[] = {
	{ "dpf", "EU-US Data Privacy Framework (DPF)", "EU-US Data Privacy Framework (DPF)" },
	{ "scc", "standardavtalsklausuler (SCC)", "standard contractual clauses (SCC)" },
	{ "bcr", "bindande företagsbestämmelser (BCR)", "binding corporate rules (BCR)" },
	{ "art49", "undantag enligt art. 49", "Art. 49 derogation" },
	{ "adequacy", "beslut om adekvat skyddsnivå", "adequacy decision" },
};

static const term roles[] = {
	{ "processor", "personuppgiftsbiträde", "processor" },
	{ "subprocessor", "underbiträde", "sub-processor" },
	{ "controller", "personuppgiftsansvarig", "controller" },
	{ "parent", "moderbolag", "parent company" },
};

static const term failure_kinds[] = {
	{ "http_404", "sidan finns inte (HTTP 404)", "not found (HTTP 404)" },
	{ "http_410", "sidan är borttagen (HTTP 410)", "gone (HTTP 410)" },
	{ "http_error", "HTTP-fel", "HTTP error" },
	{ "timeout", "tidsgränsen överskreds", "timed out" },
	{ "dns", "namnet kunde inte slås upp", "name could not be resolved" },
	{ "connect", "ingen anslutning", "could not connect" },
	{ "tls", "TLS-fel", "TLS error" },
	{ "too_large", "för stort svar", "response too large" },
	{ "challenge", "blockerad av bot-kontroll", "blocked by a bot challenge" },
	{ "consent_wall", "blockerad av samtyckesruta", "blocked by a consent wall" },
	{ "empty", "ingen text kunde extraheras", "no text could be extracted" },
	{ "too_small", "för lite text extraherades", "too little text extracted" },
	{ "no_match", "urvalet i katalogen träffade inget", "the catalogue's selection matched nothing" },
	{ "unsupported", "format som inte stöds", "unsupported format" },
};

static const term finding_kinds[] = {
	{ "subprocessor_added", "nytt underbiträde", "sub-processor added" },
	{ "subprocessor_removed", "underbiträde borttaget", "sub-processor removed" },
	{ "subprocessor_location_changed", "underbiträdets plats ändrad",
	  "sub-processor location changed" },
	{ "subprocessor_reworded", "underbiträdets rad omformulerad", "sub-processor row reworded" },
	{ "country_added", "nytt land", "country added" },
	{ "country_removed", "land borttaget", "country removed" },
	{ "term_added", "nytt nyckelbegrepp", "key term added" },
	{ "term_removed", "nyckelbegrepp borttaget", "key term removed" },
	{ "undeclared_transfer", "odeklarerad tredjelandsöverföring", "undeclared transfer" },
	{ "dpa_version_changed", "ny version av personuppgiftsbiträdesavtalet",
	  "new DPA version" },
	{ "stale_mechanism", "inaktuell skyddsåtgärd", "stale mechanism" },
};

/* Document kinds: the name, and the possessive phrase of the subject
 * ("HubSpot ändrade sitt personuppgiftsbiträdesavtal (DPA)"). */
typedef struct doc_kind {
	const char *code;
	const char *sv, *en;
	const char *sv_its, *en_its;
} doc_kind;

static const doc_kind doc_kinds[] = {
	{ "dpa", "personuppgiftsbiträdesavtal (DPA)", "data processing agreement (DPA)",
	  "sitt personuppgiftsbiträdesavtal (DPA)", "its DPA" },
	{ "privacy", "integritetspolicy", "privacy policy",
	  "sin integritetspolicy", "its privacy policy" },
	{ "subprocessors", "lista över underbiträden", "sub-processor list",
	  "sin lista över underbiträden", "its sub-processor list" },
	{ "terms", "villkor", "terms", "sina villkor", "its terms" },
};

static const char *term_word(const term *t, size_t n, const char *code, int en)
{
	for (size_t i = 0; code && i < n; i++)
		if (strcmp(t[i].code, code) == 0)
			return en ? t[i].en : t[i].sv;
	return NULL;
}

#define TERM(table, code, en) term_word(table, TC_ARRAY_LEN(table), code, en)

static const doc_kind *doc_kind_find(const char *code)
{
	for (size_t i = 0; code && i < TC_ARRAY_LEN(doc_kinds); i++)
		if (strcmp(doc_kinds[i].code, code) == 0)
			return &doc_kinds[i];
	return NULL;
}

/* ---- JSON access (missing or mistyped members read as absent) ---- */

static const cJSON *jget(const cJSON *o, const char *k)
{
	return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
}

static const char *jstr(const cJSON *o, const char *k)
{
	const cJSON *v = jget(o, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static long jint(const cJSON *o, const char *k, long def)
{
	const cJSON *v = jget(o, k);
	double d;

	if (!cJSON_IsNumber(v))
		return def;
	d = v->valuedouble;
	if (isnan(d))
		return def;
	if (d > 1e15)
		return 1000000000000000L;
	if (d < -1e15)
		return -1000000000000000L;
	return (long)d;
}

/* 1 true, 0 false, def when absent or not a boolean. */
static int jbool(const cJSON *o, const char *k, int def)
{
	const cJSON *v = jget(o, k);

	if (cJSON_IsTrue(v))
		return 1;
	if (cJSON_IsFalse(v))
		return 0;
	return def;
}

/* A text in both languages ({"sv": …, "en": …}) or a plain string. */
static const char *ji18n(const cJSON *o, const char *k, int en)
{
	const cJSON *v = jget(o, k);
	const char *s;

	if (cJSON_IsString(v))
		return v->valuestring;
	s = jstr(v, en ? "en" : "sv");
	return s ? s : jstr(v, en ? "sv" : "en");
}

static const cJSON *jarr(const cJSON *o, const char *k)
{
	const cJSON *v = jget(o, k);

	return cJSON_IsArray(v) ? v : NULL;
}

static long jcount(const cJSON *o, const char *k)
{
	return (long)cJSON_GetArraySize(jarr(o, k));
}

/* ---- cleaning and escaping ---- */

enum esc { ESC_NONE, ESC_HTML, ESC_MD, ESC_MD_TABLE_CODE };

/* Decode one UTF-8 character at p; *cp = U+FFFD for an invalid sequence (then one
 * byte is consumed). Returns the bytes consumed. */
static size_t utf8_next(const unsigned char *p, unsigned *cp)
{
	unsigned c;
	size_t n;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xe0) == 0xc0) {
		n = 2;
		c = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		n = 3;
		c = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		n = 4;
		c = p[0] & 0x07;
	} else {
		*cp = 0xfffd;
		return 1;
	}
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return 1;
		}
		c = (c << 6) | (p[i] & 0x3f);
	}
	if ((n == 2 && c < 0x80) || (n == 3 && c < 0x800) ||
	    (n == 4 && (c < 0x10000 || c > 0x10ffff)) || (c >= 0xd800 && c <= 0xdfff)) {
		*cp = 0xfffd;
		return 1;
	}
	*cp = c;
	return n;
}

/* Markdown characters that could start emphasis, code, links, tables, HTML. */
static const char md_special[] = "\\`*_[]|~#<>&";

/*
 * Append s to b cleaned and escaped for mode: invalid UTF-8 becomes U+FFFD; control
 * characters and line breaks (C0, DEL, C1, U+2028/9) become a space; bidirectional
 * overrides become U+FFFD. max > 0 cuts after max bytes (on a character) with "…".
 * Returns -1 when b is full.
 */
static int add_safe(tc_buf *b, const char *s, enum esc mode, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *start = p;
	int r = 0;

	while (*p && r == 0) {
		unsigned cp;
		size_t n = utf8_next(p, &cp);

		if (max && (size_t)(p - start) + n > max) {
			r = tc_buf_adds(b, "…");
			break;
		}
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
		    cp == 0x2028 || cp == 0x2029) {
			r = tc_buf_addc(b, ' ');
		} else if (cp == 0xfffd || (cp >= 0x202a && cp <= 0x202e) ||
			   (cp >= 0x2066 && cp <= 0x2069)) {
			r = tc_buf_adds(b, "\xef\xbf\xbd");
		} else if (cp >= 0x80) {
			r = tc_buf_add(b, p, n);
		} else if (mode == ESC_HTML) {
			char one[2] = { (char)cp, 0 };

			r = tc_buf_add_html(b, one);
		} else if (mode == ESC_MD_TABLE_CODE && cp == '|') {
			/* a GFM table splits cells on | even inside code spans */
			r = tc_buf_adds(b, "\\|");
		} else if (mode == ESC_MD && strchr(md_special, (int)cp)) {
			if (cp == '<')
				r = tc_buf_adds(b, "&lt;");
			else if (cp == '>')
				r = tc_buf_adds(b, "&gt;");
			else if (cp == '&')
				r = tc_buf_adds(b, "&amp;");
			else
				r = tc_buf_printf(b, "\\%c", (char)cp);
		} else {
			r = tc_buf_addc(b, (char)cp);
		}
		p += n;
	}
	return r;
}

/* The longest run of backticks in s. */
static size_t backtick_run(const char *s)
{
	size_t best = 0, cur = 0;

	for (; s && *s; s++) {
		cur = *s == '`' ? cur + 1 : 0;
		if (cur > best)
			best = cur;
	}
	return best;
}

/* ---- output helpers ---- */

enum out_kind { OUT_MD, OUT_HTML, OUT_TEXT };

typedef struct out {
	tc_buf *b;
	enum out_kind kind;
	int en;             /* 0 Swedish, 1 English */
	int fail;           /* the buffer reached its maximum */
	size_t mark;        /* start of the current plain-text heading */
	size_t maxline;     /* bytes of one vendor line (0: all) */
	int in_table;       /* inside a Markdown table */
	const cJSON *root;  /* the run, to look up service names */
} out;

static const char *L(const out *o, enum lbl k)
{
	return labels[k][o->en];
}

static void raw(out *o, const char *s)
{
	if (tc_buf_adds(o->b, s) < 0)
		o->fail = 1;
}

static void rawf(out *o, const char *fmt, ...) TC_PRINTF(2, 3);
static void rawf(out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (tc_buf_vprintf(o->b, fmt, ap) < 0)
		o->fail = 1;
	va_end(ap);
}

/* Untrusted text (NULL shows as "–"). */
static void txt(out *o, const char *s)
{
	enum esc e = o->kind == OUT_HTML ? ESC_HTML : o->kind == OUT_MD ? ESC_MD : ESC_NONE;

	if (!s || !*s)
		s = "–";
	if (add_safe(o->b, s, e, o->maxline) < 0)
		o->fail = 1;
}

static void lbl(out *o, enum lbl k)
{
	txt(o, L(o, k));
}

/* A label with number arguments, escaped like text. */
static void lblf(out *o, enum lbl k, ...)
{
	char tmp[512];
	va_list ap;

	va_start(ap, k);
	vsnprintf(tmp, sizeof(tmp), L(o, k), ap);
	va_end(ap);
	txt(o, tmp);
}

static void num(out *o, long n)
{
	rawf(o, "%ld", n);
}

/* A command or code: a code span in Markdown (fenced by more backticks than it
 * holds), <code> in HTML, as is in plain text. */
static void code(out *o, const char *s)
{
	size_t n;

	if (!s)
		s = "";
	switch (o->kind) {
	case OUT_HTML:
		raw(o, "<code>");
		txt(o, s);
		raw(o, "</code>");
		break;
	case OUT_MD:
		n = backtick_run(s) + 1;
		for (size_t i = 0; i < n; i++)
			raw(o, "`");
		if (n > 1)
			raw(o, " ");
		if (add_safe(o->b, *s ? s : " ", o->in_table ? ESC_MD_TABLE_CODE : ESC_NONE,
			     o->maxline) < 0)
			o->fail = 1;
		if (n > 1)
			raw(o, " ");
		for (size_t i = 0; i < n; i++)
			raw(o, "`");
		break;
	case OUT_TEXT:
		if (add_safe(o->b, s, ESC_NONE, o->maxline) < 0)
			o->fail = 1;
		break;
	}
}

/* A command built from a fixed word and untrusted arguments. */
static void cmdf(out *o, const char *fmt, ...) TC_PRINTF(2, 3);
static void cmdf(out *o, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	code(o, tmp);
}

/* A URL: a link in HTML only for http(s), code elsewhere (never a live link in
 * Markdown, never javascript: or data: anywhere). */
static void url(out *o, const char *u)
{
	if (!u || !*u) {
		txt(o, NULL);
		return;
	}
	if (o->kind == OUT_HTML && (tc_startswith(u, "https://") || tc_startswith(u, "http://"))) {
		raw(o, "<a href=\"");
		txt(o, u);
		raw(o, "\" rel=\"noreferrer noopener\">");
		txt(o, u);
		raw(o, "</a>");
		return;
	}
	code(o, u);
}

/* Does the output end with a blank line (or is it empty)? */
static int at_block_start(const out *o)
{
	const tc_buf *b = o->b;

	return b->len == 0 || (b->len >= 2 && b->data[b->len - 1] == '\n' &&
			       b->data[b->len - 2] == '\n');
}

static void h(out *o, int level)
{
	switch (o->kind) {
	case OUT_MD:
		if (!at_block_start(o))
			raw(o, "\n");
		for (int i = 0; i < level; i++)
			raw(o, "#");
		raw(o, " ");
		break;
	case OUT_HTML:
		rawf(o, "<h%d>", level);
		break;
	case OUT_TEXT:
		if (!at_block_start(o))
			raw(o, "\n");
		o->mark = o->b->len;
		break;
	}
}

/* Close a heading; in plain text underline it (= = level 1, - below) to its width
 * in characters. */
static void h_end(out *o, int level)
{
	size_t chars = 0;

	switch (o->kind) {
	case OUT_MD:
		raw(o, "\n\n");
		break;
	case OUT_HTML:
		rawf(o, "</h%d>\n", level);
		break;
	case OUT_TEXT:
		for (size_t i = o->mark; o->b->data && i < o->b->len; i++)
			if (((unsigned char)o->b->data[i] & 0xc0) != 0x80)
				chars++;
		raw(o, "\n");
		for (size_t i = 0; i < chars && level < 3; i++)
			raw(o, level == 1 ? "=" : "-");
		raw(o, level < 3 ? "\n\n" : "\n");
		break;
	}
}

static void p(out *o)
{
	if (o->kind == OUT_HTML)
		raw(o, "<p>");
}

static void p_end(out *o)
{
	raw(o, o->kind == OUT_HTML ? "</p>\n" : "\n\n");
}

static void para(out *o, enum lbl k)
{
	p(o);
	lbl(o, k);
	p_end(o);
}

static void none(out *o)
{
	para(o, L_NONE);
}

static void strong(out *o)
{
	raw(o, o->kind == OUT_HTML ? "<strong>" : o->kind == OUT_MD ? "**" : "");
}

static void strong_end(out *o)
{
	raw(o, o->kind == OUT_HTML ? "</strong>" : o->kind == OUT_MD ? "**" : "");
}

static void ul(out *o)
{
	if (o->kind == OUT_HTML)
		raw(o, "<ul>\n");
}

static void ul_end(out *o)
{
	raw(o, o->kind == OUT_HTML ? "</ul>\n" : "\n");
}

static void li(out *o)
{
	raw(o, o->kind == OUT_HTML ? "<li>" : o->kind == OUT_MD ? "- " : "* ");
}

static void li_end(out *o)
{
	raw(o, o->kind == OUT_HTML ? "</li>\n" : "\n");
}

/* Label–value lines: a list in Markdown, a table in HTML, "Label: value" in text. */
static void kv_begin(out *o)
{
	if (o->kind == OUT_HTML)
		raw(o, "<table class=\"kv\">\n<tbody>\n");
}

static void kv(out *o, enum lbl k)
{
	switch (o->kind) {
	case OUT_MD:
		raw(o, "- **");
		lbl(o, k);
		raw(o, ":** ");
		break;
	case OUT_HTML:
		raw(o, "<tr><th>");
		lbl(o, k);
		raw(o, "</th><td>");
		break;
	case OUT_TEXT:
		lbl(o, k);
		raw(o, ": ");
		break;
	}
}

static void kv_val_end(out *o)
{
	raw(o, o->kind == OUT_HTML ? "</td></tr>\n" : "\n");
}

static void kv_end(out *o)
{
	raw(o, o->kind == OUT_HTML ? "</tbody>\n</table>\n" : "\n");
}

/* Tables (Markdown and HTML only; plain text uses lists). */
static void table(out *o, const enum lbl *cols, size_t n)
{
	o->in_table = 1;
	if (o->kind == OUT_HTML) {
		raw(o, "<table>\n<thead><tr>");
		for (size_t i = 0; i < n; i++) {
			raw(o, "<th>");
			lbl(o, cols[i]);
			raw(o, "</th>");
		}
		raw(o, "</tr></thead>\n<tbody>\n");
		return;
	}
	raw(o, "|");
	for (size_t i = 0; i < n; i++) {
		raw(o, " ");
		lbl(o, cols[i]);
		raw(o, " |");
	}
	raw(o, "\n|");
	for (size_t i = 0; i < n; i++)
		raw(o, " --- |");
	raw(o, "\n");
}

static void row(out *o, const char *cls)
{
	if (o->kind != OUT_HTML)
		raw(o, "|");
	else if (cls)
		rawf(o, "<tr class=\"%s\">", cls);
	else
		raw(o, "<tr>");
}

static void row_end(out *o)
{
	raw(o, o->kind == OUT_HTML ? "</tr>\n" : "\n");
}

static void cell(out *o)
{
	raw(o, o->kind == OUT_HTML ? "<td>" : " ");
}

static void cell_end(out *o)
{
	raw(o, o->kind == OUT_HTML ? "</td>" : " |");
}

static void table_end(out *o)
{
	o->in_table = 0;
	raw(o, o->kind == OUT_HTML ? "</tbody>\n</table>\n" : "\n");
}

/* A cell holding one untrusted string. */
static void tcell(out *o, const char *s)
{
	cell(o);
	txt(o, s);
	cell_end(o);
}

/* Separator between items inside one line. */
static void sep(out *o)
{
	raw(o, " · ");
}

/* ---- pieces shared by the report and the alert ---- */

static void when(out *o, const char *iso)
{
	time_t t;
	char tmp[48];
	struct tm tm;

	if (iso && tc_parse_iso(iso, &t) == 0) {
		gmtime_r(&t, &tm);
		strftime(tmp, sizeof(tmp), "%Y-%m-%d %H:%M UTC", &tm);
		txt(o, tmp);
	} else {
		txt(o, iso);
	}
}

static void doc_name(out *o, const char *kind, const char *doc)
{
	const doc_kind *k = doc_kind_find(kind);

	if (k && o->en)
		txt(o, k->en);
	else if (k)
		txt(o, k->sv);
	else
		txt(o, doc);
}

/* "HubSpot": the item's service_name, else the service_name another section gives
 * the same service id (findings carry only the id), else the id. */
static const char *svc_name(const out *o, const cJSON *item)
{
	static const char *const sections[] = { "changes", "open_changes", "failures", "flows" };
	const char *n = jstr(item, "service_name");
	const char *id = jstr(item, "service");
	const cJSON *it;

	if (n && *n)
		return n;
	for (size_t i = 0; id && i < TC_ARRAY_LEN(sections); i++) {
		cJSON_ArrayForEach(it, jarr(o->root, sections[i])) {
			n = jstr(it, "service_name");
			if (n && *n && tc_streq(jstr(it, "service"), id))
				return n;
		}
	}
	return id;
}

static void severity(out *o, const char *sev)
{
	const char *w = TERM(severities, sev, o->en);

	if (o->kind == OUT_HTML) {
		rawf(o, "<span class=\"sev %s\">",
		     tc_streq(sev, "high") ? "high" : tc_streq(sev, "medium") ? "medium" : "info");
		txt(o, w ? w : sev);
		raw(o, "</span>");
	} else {
		txt(o, w ? w : sev);
	}
}

/* Rank of a severity for ordering: high first. */
static int sev_rank(const cJSON *f)
{
	const char *s = jstr(f, "severity");

	return tc_streq(s, "high") ? 0 : tc_streq(s, "medium") ? 1 : 2;
}

static void finding_text(out *o, const cJSON *f)
{
	const char *msg = ji18n(f, "message", o->en);
	const char *kind = jstr(f, "kind");
	const char *kw = TERM(finding_kinds, kind, o->en);

	if (msg && *msg)
		txt(o, msg);
	else
		txt(o, kw ? kw : kind);
}

/* The block and word diff of a change. maxblocks > 0 shows only that many changed
 * blocks and says how many more there are. */
static void diff(out *o, const cJSON *d, long maxblocks)
{
	const cJSON *blocks = jarr(d, "blocks");
	const cJSON *bl;
	long shown = 0, more = 0;
	size_t fence = 3;

	if (!cJSON_GetArraySize(blocks)) {
		para(o, L_NO_BLOCKS);
		return;
	}
	if (o->kind == OUT_MD) {
		cJSON_ArrayForEach(bl, blocks) {
			size_t a = backtick_run(jstr(bl, "a")), b = backtick_run(jstr(bl, "b"));

			if (a + 1 > fence)
				fence = a + 1;
			if (b + 1 > fence)
				fence = b + 1;
		}
		for (size_t i = 0; i < fence; i++)
			raw(o, "`");
		raw(o, "diff\n");
	} else if (o->kind == OUT_HTML) {
		raw(o, "<div class=\"diff\">\n");
	}
	cJSON_ArrayForEach(bl, blocks) {
		const char *op = jstr(bl, "op");
		const char *a = jstr(bl, "a"), *b = jstr(bl, "b");
		const cJSON *words = jarr(bl, "words");
		int same = tc_streq(op, "same");
		enum esc e = o->kind == OUT_HTML ? ESC_HTML : ESC_NONE;
		const char *pre = o->kind == OUT_TEXT ? "    " : "";

		if (!same && maxblocks > 0 && shown >= maxblocks) {
			more++;
			continue;
		}
		if (same && maxblocks > 0 && shown >= maxblocks)
			continue;
		if (!same)
			shown++;
		if (same) {
			if (o->kind == OUT_HTML)
				raw(o, "<div class=\"ctx\"><span class=\"sign\"> </span>");
			else
				rawf(o, "%s  ", pre);
			if (add_safe(o->b, a ? a : b ? b : "", e, o->maxline) < 0)
				o->fail = 1;
			raw(o, o->kind == OUT_HTML ? "</div>\n" : "\n");
			continue;
		}
		if (o->kind == OUT_HTML && tc_streq(op, "change") && cJSON_GetArraySize(words)) {
			const cJSON *w;
			int prev_space = 1, prev_del = 0;

			raw(o, "<div class=\"chg\"><span class=\"sign\">~</span>");
			cJSON_ArrayForEach(w, words) {
				const char *wop = jstr(w, "op"), *t = jstr(w, "text");

				if (!t || !*t)
					continue;
				/* tokens may come without their spaces: keep words apart,
				 * but show a replacement (del then add) as one unit */
				if (!prev_space && !isspace((unsigned char)t[0]) &&
				    !(prev_del && tc_streq(wop, "add")))
					raw(o, " ");
				prev_space = isspace((unsigned char)t[strlen(t) - 1]);
				prev_del = tc_streq(wop, "del");
				raw(o, tc_streq(wop, "add") ? "<ins>" : tc_streq(wop, "del") ? "<del>" : "");
				if (add_safe(o->b, t, ESC_HTML, 0) < 0)
					o->fail = 1;
				raw(o, tc_streq(wop, "add") ? "</ins>" : tc_streq(wop, "del") ? "</del>" : "");
			}
			raw(o, "</div>\n");
			continue;
		}
		if (a && !tc_streq(op, "add")) {
			if (o->kind == OUT_HTML)
				raw(o, "<div class=\"del\"><span class=\"sign\">-</span><del>");
			else
				rawf(o, "%s- ", pre);
			if (add_safe(o->b, a, e, o->maxline) < 0)
				o->fail = 1;
			raw(o, o->kind == OUT_HTML ? "</del></div>\n" : "\n");
		}
		if (b && !tc_streq(op, "del")) {
			if (o->kind == OUT_HTML)
				raw(o, "<div class=\"add\"><span class=\"sign\">+</span><ins>");
			else
				rawf(o, "%s+ ", pre);
			if (add_safe(o->b, b, e, o->maxline) < 0)
				o->fail = 1;
			raw(o, o->kind == OUT_HTML ? "</ins></div>\n" : "\n");
		}
	}
	if (o->kind == OUT_MD) {
		for (size_t i = 0; i < fence; i++)
			raw(o, "`");
		raw(o, "\n\n");
	} else if (o->kind == OUT_HTML) {
		raw(o, "</div>\n");
	} else {
		raw(o, "\n");
	}
	if (more) {
		p(o);
		lblf(o, L_MORE_BLOCKS, more);
		p_end(o);
	}
}

/* "tiacheck diff SERVICE/DOC" and "tiacheck ack ID" for one change. */
static void review_cmds(out *o, const cJSON *ch)
{
	kv(o, L_REVIEW);
	cmdf(o, "tiacheck diff %s/%s", jstr(ch, "service") ? jstr(ch, "service") : "?",
	     jstr(ch, "document") ? jstr(ch, "document") : "?");
	kv_val_end(o);
	kv(o, L_ACK);
	cmdf(o, "tiacheck ack %ld", jint(ch, "id", 0));
	kv_val_end(o);
}

/* A table of findings (Markdown/HTML), high severity first, order kept otherwise. */
static void findings_table(out *o, const cJSON **fs, size_t n)
{
	static const enum lbl cols[] = { L_SEVERITY, L_DOCUMENT, L_FINDING, L_EVIDENCE };

	table(o, cols, TC_ARRAY_LEN(cols));
	for (int rank = 0; rank < 3; rank++) {
		for (size_t i = 0; i < n; i++) {
			if (sev_rank(fs[i]) != rank)
				continue;
			row(o, NULL);
			cell(o);
			severity(o, jstr(fs[i], "severity"));
			cell_end(o);
			tcell(o, jstr(fs[i], "document"));
			cell(o);
			finding_text(o, fs[i]);
			cell_end(o);
			tcell(o, jstr(fs[i], "evidence"));
			row_end(o);
		}
	}
	table_end(o);
}

/* The objects of an array, in order, in an owned array of *n pointers. */
static const cJSON **objects(const cJSON *arr, size_t *n)
{
	const cJSON **v = tc_xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(*v));
	const cJSON *it;

	*n = 0;
	cJSON_ArrayForEach(it, arr)
		if (cJSON_IsObject(it))
			v[(*n)++] = it;
	return v;
}

static void change_heading(out *o, const cJSON *ch, int level)
{
	h(o, level);
	txt(o, svc_name(o, ch));
	raw(o, " – ");
	doc_name(o, jstr(ch, "doc_kind"), jstr(ch, "document"));
	raw(o, " (");
	lbl(o, L_CHANGE);
	rawf(o, " %ld)", jint(ch, "id", 0));
	h_end(o, level);
}

/* One change: where, when, how much, the diff, review commands. */
static void change(out *o, const cJSON *ch, int level, long maxblocks, int with_findings)
{
	const cJSON *d = jget(ch, "diff");
	const cJSON *fa = jarr(ch, "findings");

	change_heading(o, ch, level);
	if (jbool(ch, "technical", 0))
		para(o, L_TECHNICAL);
	kv_begin(o);
	kv(o, L_URL);
	url(o, jstr(ch, "url"));
	kv_val_end(o);
	kv(o, L_COMPARED);
	when(o, jstr(ch, "from"));
	raw(o, " → ");
	when(o, jstr(ch, "to"));
	kv_val_end(o);
	kv(o, L_EXTENT);
	lblf(o, L_DIFF_COUNTS, jint(d, "added", 0), jint(d, "removed", 0), jint(d, "changed", 0));
	kv_val_end(o);
	review_cmds(o, ch);
	kv_end(o);
	diff(o, d, maxblocks);
	if (with_findings && cJSON_GetArraySize(fa)) {
		size_t n;
		const cJSON **fs = objects(fa, &n);

		p(o);
		strong(o);
		lbl(o, L_CHANGE_FINDINGS);
		strong_end(o);
		p_end(o);
		findings_table(o, fs, n);
		free(fs);
	}
}

/* ---- the report ---- */

static const char html_style[] =
	"body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,Arial,sans-serif;"
	"max-width:75em;margin:1em auto;padding:0 1em;color:#1b1b1b;background:#fff;"
	"line-height:1.45}\n"
	"h1{font-size:1.6em;border-bottom:2px solid #333}h2{margin-top:1.6em;"
	"border-bottom:1px solid #bbb}h3{margin-top:1.2em}\n"
	"table{border-collapse:collapse;margin:.5em 0 1em}\n"
	"th,td{border:1px solid #c8c8c8;padding:.25em .5em;text-align:left;"
	"vertical-align:top}\n"
	"th{background:#f0f0f0}table.kv th{width:14em}\n"
	"td{overflow-wrap:anywhere}\n"
	"code{font-family:ui-monospace,Menlo,Consolas,monospace;background:#f4f4f4;"
	"padding:0 .2em}\n"
	".diff{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em;"
	"border:1px solid #d0d0d0;margin:.5em 0 1em;white-space:pre-wrap;"
	"overflow-wrap:anywhere}\n"
	".diff div{padding:.1em .4em}.diff .sign{display:inline-block;width:1.2em;"
	"color:#777}\n"
	".ctx{color:#666}.del{background:#fff0f0}.add{background:#f0fff4}"
	".chg{background:#fffbe6}\n"
	"del{background:#ffd7d5;color:#82071e}ins{background:#ccffd8;color:#055d20;"
	"text-decoration:none}\n"
	".sev{font-weight:bold;padding:0 .3em;border-radius:3px}"
	".sev.high{background:#b60205;color:#fff}.sev.medium{background:#fbca04;"
	"color:#000}.sev.info{background:#ddd;color:#000}\n"
	".flag{color:#b60205;font-weight:bold}.note{color:#555}tr.pnr td{background:#fff5f5}\n";

static void html_open(out *o, const char *title_date, const char *org)
{
	raw(o, "<!DOCTYPE html>\n");
	rawf(o, "<html lang=\"%s\">\n<head>\n", o->en ? "en" : "sv");
	raw(o, "<meta charset=\"utf-8\">\n");
	raw(o, "<meta http-equiv=\"Content-Security-Policy\" "
	       "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
	raw(o, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
	raw(o, "<meta name=\"referrer\" content=\"no-referrer\">\n");
	raw(o, "<title>");
	lbl(o, L_TITLE);
	if (title_date) {
		raw(o, " ");
		txt(o, title_date);
	}
	if (org) {
		raw(o, " – ");
		txt(o, org);
	}
	raw(o, "</title>\n<style>\n");
	raw(o, html_style);
	raw(o, "</style>\n</head>\n<body>\n");
}

static void html_close(out *o)
{
	raw(o, "</body>\n</html>\n");
}

/* YYYY-MM-DD of run.started into out[11], or NULL. */
static const char *run_date(const cJSON *root, char out_date[11])
{
	const char *s = jstr(jget(root, "run"), "started");
	time_t t;

	if (!s || strlen(s) < 10)
		return NULL;
	memcpy(out_date, s, 10);
	out_date[10] = '\0';
	return tc_parse_date(out_date, &t) == 0 ? out_date : NULL;
}

static void r_header(out *o, const cJSON *root)
{
	const cJSON *run = jget(root, "run");
	const cJSON *org = jget(root, "organisation");
	const char *status = jstr(run, "status");
	const char *sw = TERM(run_statuses, status, o->en);
	char date[11];
	const char *d = run_date(root, date);

	h(o, 1);
	lbl(o, L_TITLE);
	if (d) {
		raw(o, " ");
		txt(o, d);
	}
	if (jstr(org, "name")) {
		raw(o, " – ");
		txt(o, jstr(org, "name"));
	}
	h_end(o, 1);
	kv_begin(o);
	kv(o, L_ORG);
	txt(o, jstr(org, "name"));
	kv_val_end(o);
	if (jstr(org, "dpo_email")) {
		kv(o, L_DPO);
		txt(o, jstr(org, "dpo_email"));
		kv_val_end(o);
	}
	kv(o, L_RUN);
	num(o, jint(run, "id", 0));
	kv_val_end(o);
	kv(o, L_STARTED);
	when(o, jstr(run, "started"));
	kv_val_end(o);
	kv(o, L_FINISHED);
	when(o, jstr(run, "finished"));
	kv_val_end(o);
	kv(o, L_STATUS);
	if (!tc_streq(status, "ok"))
		strong(o);
	txt(o, sw ? sw : status);
	if (!tc_streq(status, "ok"))
		strong_end(o);
	kv_val_end(o);
	kv_end(o);
	if (jbool(run, "dry_run", 0))
		para(o, L_DRY_RUN);
}

static void r_summary(out *o, const cJSON *root)
{
	static const struct { const char *key; enum lbl label; int attention; } rows[] = {
		{ "documents", L_S_DOCUMENTS, 0 },
		{ "fetched", L_S_FETCHED, 0 },
		{ "unchanged", L_S_UNCHANGED, 0 },
		{ "changed", L_S_CHANGED, 1 },
		{ "failed", L_S_FAILED, 1 },
		{ "new_findings", L_S_FINDINGS, 1 },
		{ "open_changes", L_S_OPEN, 1 },
		{ "flows", L_S_FLOWS, 0 },
		{ "flows_outside", L_S_OUTSIDE, 1 },
	};
	const cJSON *s = jget(root, "summary");

	h(o, 2);
	lbl(o, L_SUMMARY);
	h_end(o, 2);
	kv_begin(o);
	for (size_t i = 0; i < TC_ARRAY_LEN(rows); i++) {
		long v = jint(s, rows[i].key, 0);

		kv(o, rows[i].label);
		if (rows[i].attention && v > 0)
			strong(o);
		num(o, v);
		if (rows[i].attention && v > 0)
			strong_end(o);
		kv_val_end(o);
	}
	kv_end(o);
}

static void r_changes(out *o, const cJSON *root)
{
	const cJSON *ch;

	h(o, 2);
	lbl(o, L_CHANGES);
	h_end(o, 2);
	if (!jcount(root, "changes")) {
		none(o);
		return;
	}
	cJSON_ArrayForEach(ch, jarr(root, "changes"))
		if (cJSON_IsObject(ch))
			change(o, ch, 3, 0, 1);
}

/* Findings grouped by service, services in order of first appearance. */
static void r_findings(out *o, const cJSON *root)
{
	size_t n, ng;
	const cJSON **all = objects(jarr(root, "findings"), &n);
	const cJSON **group = tc_xcalloc(n + 1, sizeof(*group));
	char *done = tc_xcalloc(n + 1, 1);

	h(o, 2);
	lbl(o, L_FINDINGS);
	h_end(o, 2);
	if (!n)
		none(o);
	for (size_t i = 0; i < n; i++) {
		const char *svc = jstr(all[i], "service");

		if (done[i])
			continue;
		ng = 0;
		for (size_t j = i; j < n; j++) {
			if (!done[j] && tc_streq(jstr(all[j], "service"), svc)) {
				group[ng++] = all[j];
				done[j] = 1;
			}
		}
		h(o, 3);
		txt(o, svc_name(o, all[i]));
		h_end(o, 3);
		findings_table(o, group, ng);
	}
	free(done);
	free(group);
	free(all);
}

static void r_open(out *o, const cJSON *root)
{
	static const enum lbl cols[] = { L_CHANGE_COL, L_SERVICE, L_DOCUMENT, L_DETECTED,
					 L_EXTENT, L_COMMANDS };
	const cJSON *c;
	char tmp[96];

	h(o, 2);
	lbl(o, L_OPEN);
	h_end(o, 2);
	if (!jcount(root, "open_changes")) {
		none(o);
		return;
	}
	table(o, cols, TC_ARRAY_LEN(cols));
	cJSON_ArrayForEach(c, jarr(root, "open_changes")) {
		if (!cJSON_IsObject(c))
			continue;
		row(o, NULL);
		cell(o);
		num(o, jint(c, "id", 0));
		cell_end(o);
		tcell(o, svc_name(o, c));
		cell(o);
		doc_name(o, jstr(c, "doc_kind"), jstr(c, "document"));
		cell_end(o);
		cell(o);
		when(o, jstr(c, "detected"));
		cell_end(o);
		snprintf(tmp, sizeof(tmp), "+%ld −%ld ~%ld", jint(c, "added", 0),
			 jint(c, "removed", 0), jint(c, "changed", 0));
		tcell(o, tmp);
		cell(o);
		cmdf(o, "tiacheck diff %s/%s", jstr(c, "service") ? jstr(c, "service") : "?",
		     jstr(c, "document") ? jstr(c, "document") : "?");
		raw(o, " ");
		cmdf(o, "tiacheck ack %ld", jint(c, "id", 0));
		cell_end(o);
		row_end(o);
	}
	table_end(o);
}

/* A 404/410 or a recorded redirect to elsewhere: the document probably moved. */
static int failure_moved(const cJSON *f)
{
	long st = jint(f, "http_status", 0);
	const char *k = jstr(f, "kind");

	return jbool(f, "moved", 0) || st == 404 || st == 410 ||
	       tc_streq(k, "http_404") || tc_streq(k, "http_410");
}

static void failure_kind(out *o, const cJSON *f)
{
	const char *k = jstr(f, "kind");
	const char *w = TERM(failure_kinds, k, o->en);
	long st = jint(f, "http_status", 0);

	txt(o, w ? w : k);
	if (st > 0 && !(w && strstr(w, "HTTP")))
		rawf(o, " (HTTP %ld)", st);
	if (failure_moved(f)) {
		raw(o, o->kind == OUT_HTML ? " <span class=\"flag\">" : o->kind == OUT_MD ? " **" : " – ");
		lbl(o, L_MOVED);
		raw(o, o->kind == OUT_HTML ? "</span>" : o->kind == OUT_MD ? "**" : "");
	}
}

static void r_failures(out *o, const cJSON *root)
{
	static const enum lbl cols[] = { L_SERVICE, L_DOCUMENT, L_KIND, L_DETAIL, L_SINCE,
					 L_IN_A_ROW, L_URL };
	const cJSON *f;

	h(o, 2);
	lbl(o, L_FAILURES);
	h_end(o, 2);
	if (!jcount(root, "failures")) {
		none(o);
		return;
	}
	table(o, cols, TC_ARRAY_LEN(cols));
	cJSON_ArrayForEach(f, jarr(root, "failures")) {
		if (!cJSON_IsObject(f))
			continue;
		row(o, NULL);
		tcell(o, svc_name(o, f));
		tcell(o, jstr(f, "document"));
		cell(o);
		failure_kind(o, f);
		cell_end(o);
		tcell(o, jstr(f, "detail"));
		cell(o);
		when(o, jstr(f, "since"));
		cell_end(o);
		cell(o);
		num(o, jint(f, "consecutive", 1));
		cell_end(o);
		cell(o);
		url(o, jstr(f, "url"));
		cell_end(o);
		row_end(o);
	}
	table_end(o);
}

static void join_strings(out *o, const cJSON *arr)
{
	const cJSON *it;
	int first = 1;

	cJSON_ArrayForEach(it, arr) {
		if (!cJSON_IsString(it))
			continue;
		if (!first)
			raw(o, ", ");
		txt(o, it->valuestring);
		first = 0;
	}
	if (first)
		txt(o, NULL);
}

/* One table of flows: those leaving the EU/EEA (outside = 1) or the others. */
static void flows_table(out *o, const cJSON *root, int outside)
{
	static const enum lbl cols_out[] = { L_SERVICE, L_ENTITY, L_ROLE, L_COUNTRY, L_CLASS,
					     L_MECH, L_CATEGORIES, L_PNR, L_REASON };
	static const enum lbl cols_in[] = { L_SERVICE, L_ENTITY, L_ROLE, L_COUNTRY, L_CLASS,
					    L_CATEGORIES, L_PNR };
	const cJSON *f;
	int any = 0;

	cJSON_ArrayForEach(f, jarr(root, "flows")) {
		const char *cls, *mech, *cname;
		int pnr;

		if (!cJSON_IsObject(f) || jbool(f, "leaves_eea", 0) != outside)
			continue;
		if (!any) {
			if (outside)
				table(o, cols_out, TC_ARRAY_LEN(cols_out));
			else
				table(o, cols_in, TC_ARRAY_LEN(cols_in));
		}
		any = 1;
		cls = jstr(f, "classification");
		mech = jstr(f, "mechanism");
		pnr = jbool(f, "personnummer", 0);
		row(o, pnr ? "pnr" : NULL);
		tcell(o, svc_name(o, f));
		cell(o);
		txt(o, jstr(f, "entity"));
		if (jstr(f, "via")) {
			raw(o, " (");
			lbl(o, L_VIA);
			raw(o, " ");
			txt(o, jstr(f, "via"));
			raw(o, ")");
		}
		cell_end(o);
		cell(o);
		txt(o, TERM(roles, jstr(f, "role"), o->en) ? TERM(roles, jstr(f, "role"), o->en)
							     : jstr(f, "role"));
		cell_end(o);
		cell(o);
		cname = ji18n(f, "country_name", o->en);
		if (cname) {
			txt(o, cname);
			raw(o, " – ");
			txt(o, jstr(f, "country"));
		} else {
			txt(o, jstr(f, "country"));
		}
		cell_end(o);
		cell(o);
		txt(o, TERM(classifications, cls, o->en) ? TERM(classifications, cls, o->en) : cls);
		cell_end(o);
		if (outside) {
			cell(o);
			if (mech) {
				txt(o, TERM(mechanisms, mech, o->en) ? TERM(mechanisms, mech, o->en)
								     : mech);
			} else if (tc_streq(cls, "third") || tc_streq(cls, "partial_not_covered")) {
				raw(o, o->kind == OUT_HTML ? "<span class=\"flag\">" : "**");
				lbl(o, L_MECH_NONE);
				raw(o, o->kind == OUT_HTML ? "</span>" : "**");
			} else {
				lbl(o, L_MECH_NONE);
			}
			cell_end(o);
		}
		cell(o);
		{
			/* names in the report's language when the run carries them */
			const cJSON *names = cJSON_GetObjectItemCaseSensitive(
				cJSON_GetObjectItemCaseSensitive(f, "category_names"), o->en ? "en" : "sv");

			join_strings(o, cJSON_IsArray(names) ? names : jarr(f, "categories"));
		}
		cell_end(o);
		cell(o);
		if (pnr) {
			raw(o, o->kind == OUT_HTML ? "<span class=\"flag\">" : "**");
			lbl(o, L_YES);
			raw(o, o->kind == OUT_HTML ? "</span>" : "**");
		} else {
			lbl(o, L_NO);
		}
		cell_end(o);
		if (outside)
			tcell(o, ji18n(f, "reason", o->en));
		row_end(o);
	}
	if (any)
		table_end(o);
	else
		none(o);
}

static void r_flows(out *o, const cJSON *root)
{
	h(o, 2);
	lbl(o, L_FLOWS_OUT);
	h_end(o, 2);
	flows_table(o, root, 1);
	h(o, 2);
	lbl(o, L_FLOWS_IN);
	h_end(o, 2);
	flows_table(o, root, 0);
}

static void r_warnings(out *o, const cJSON *root)
{
	const cJSON *w;

	h(o, 2);
	lbl(o, L_WARNINGS);
	h_end(o, 2);
	if (!jcount(root, "catalog_warnings")) {
		none(o);
		return;
	}
	ul(o);
	cJSON_ArrayForEach(w, jarr(root, "catalog_warnings")) {
		char pos[64];

		if (!cJSON_IsObject(w))
			continue;
		li(o);
		code(o, jstr(w, "file") ? jstr(w, "file") : "?");
		snprintf(pos, sizeof(pos), ":%ld:%ld: ", jint(w, "line", 0), jint(w, "col", 0));
		raw(o, pos);
		txt(o, jstr(w, "message"));
		li_end(o);
	}
	ul_end(o);
}

static void report_doc(out *o, const cJSON *root)
{
	char date[11];

	if (o->kind == OUT_HTML)
		html_open(o, run_date(root, date), jstr(jget(root, "organisation"), "name"));
	r_header(o, root);
	r_summary(o, root);
	r_changes(o, root);
	r_findings(o, root);
	r_open(o, root);
	r_failures(o, root);
	r_flows(o, root);
	r_warnings(o, root);
	if (o->kind == OUT_HTML)
		raw(o, "<hr>\n<p class=\"note\">");
	else
		raw(o, at_block_start(o) ? "---\n\n" : "\n---\n\n");
	lblf(o, L_FOOTER, TC_REPORT_VERSION);
	raw(o, o->kind == OUT_HTML ? "</p>\n" : "\n");
	if (o->kind == OUT_HTML)
		html_close(o);
}

/* ---- checks shared by the entry points ---- */

/* Is root a run report this module can read? 0 yes, -1 with err. */
static int check_run(const cJSON *root, char *err, size_t errlen)
{
	static const char *const objs[] = { "run", "organisation", "summary" };
	static const char *const arrs[] = { "changes", "open_changes", "findings",
					    "failures", "flows", "catalog_warnings" };
	const cJSON *v;

	if (!cJSON_IsObject(root)) {
		tc_seterr(err, errlen, "not a run report: expected a JSON object");
		return -1;
	}
	v = jget(root, "tiacheck_report");
	if (!cJSON_IsNumber(v) || v->valuedouble != TC_REPORT_VERSION) {
		tc_seterr(err, errlen, "not a run report of format %d (\"tiacheck_report\": %d "
			  "expected)", TC_REPORT_VERSION, TC_REPORT_VERSION);
		return -1;
	}
	for (size_t i = 0; i < TC_ARRAY_LEN(objs); i++) {
		v = jget(root, objs[i]);
		if (v && !cJSON_IsNull(v) && !cJSON_IsObject(v)) {
			tc_seterr(err, errlen, "run report: \"%s\" is not an object", objs[i]);
			return -1;
		}
	}
	for (size_t i = 0; i < TC_ARRAY_LEN(arrs); i++) {
		const cJSON *it;
		int k = 0;

		v = jget(root, arrs[i]);
		if (v && !cJSON_IsNull(v) && !cJSON_IsArray(v)) {
			tc_seterr(err, errlen, "run report: \"%s\" is not an array", arrs[i]);
			return -1;
		}
		cJSON_ArrayForEach(it, jarr(root, arrs[i])) {
			if (!cJSON_IsObject(it)) {
				tc_seterr(err, errlen, "run report: \"%s[%d]\" is not an object",
					  arrs[i], k);
				return -1;
			}
			k++;
		}
	}
	return 0;
}

/* 0 Swedish, 1 English, -1 unknown (err set). */
static int pick_lang(const cJSON *root, const char *lang, char *err, size_t errlen)
{
	if (!lang)
		lang = jstr(jget(root, "run"), "lang");
	if (!lang || tc_streq(lang, "sv"))
		return 0;
	if (tc_streq(lang, "en"))
		return 1;
	tc_seterr(err, errlen, "unknown language '%s' (sv or en)", lang);
	return -1;
}

/* ---- public: render ---- */

const char *tc_report_format_name(enum tc_report_format fmt)
{
	switch (fmt) {
	case TC_REPORT_MD: return "md";
	case TC_REPORT_HTML: return "html";
	case TC_REPORT_JSON: return "json";
	}
	return "?";
}

int tc_report_format_parse(const char *s, enum tc_report_format *fmt)
{
	static const struct { const char *name; enum tc_report_format fmt; } names[] = {
		{ "md", TC_REPORT_MD }, { "markdown", TC_REPORT_MD },
		{ "html", TC_REPORT_HTML }, { "json", TC_REPORT_JSON },
	};

	for (size_t i = 0; s && i < TC_ARRAY_LEN(names); i++) {
		if (strcmp(names[i].name, s) == 0) {
			*fmt = names[i].fmt;
			return 0;
		}
	}
	return -1;
}

char *tc_report_basename(const cJSON *run)
{
	char date[11];
	const char *d = run_date(run, date);
	long id = jint(jget(run, "run"), "id", 0);

	if (d)
		return tc_xasprintf("tiacheck-%s-run%ld", d, id);
	return tc_xasprintf("tiacheck-run%ld", id);
}

int tc_report_render(const cJSON *run, enum tc_report_format fmt, const char *lang,
		     tc_buf *outb, char *err, size_t errlen)
{
	out o = { .b = outb, .root = run };
	int en;

	if (check_run(run, err, errlen) < 0)
		return -1;
	if ((en = pick_lang(run, lang, err, errlen)) < 0)
		return -1;
	o.en = en;
	switch (fmt) {
	case TC_REPORT_JSON: {
		char *s = cJSON_Print(run);

		if (!s) {
			tc_seterr(err, errlen, "cannot print the run report as JSON");
			return -1;
		}
		raw(&o, s);
		raw(&o, "\n");
		cJSON_free(s);
		break;
	}
	case TC_REPORT_MD:
		o.kind = OUT_MD;
		report_doc(&o, run);
		break;
	case TC_REPORT_HTML:
		o.kind = OUT_HTML;
		report_doc(&o, run);
		break;
	default:
		tc_seterr(err, errlen, "unknown report format %d", (int)fmt);
		return -1;
	}
	if (o.fail) {
		tc_seterr(err, errlen, "the report is larger than its limit of %zu bytes",
			  outb->max ? outb->max : TC_BUF_DEFAULT_MAX);
		return -1;
	}
	return 0;
}

/* ---- public: write ---- */

/* A base name is one plain file name: [A-Za-z0-9._-], not starting with '.'. */
static int basename_ok(const char *s)
{
	if (!s || !*s || *s == '.' || strlen(s) > 200)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("._-", *s))
			return 0;
	return 1;
}

int tc_report_write(const cJSON *run, const char *dir, const char *basename,
		    const char *lang, char **paths_out, char *err, size_t errlen)
{
	tc_buf bufs[TC_REPORT_NFORMATS];
	char *paths[TC_REPORT_NFORMATS] = { NULL };
	char *latest[TC_REPORT_NFORMATS] = { NULL };
	char *staged[TC_REPORT_NFORMATS] = { NULL };
	char *base = NULL, *name, e2[512];
	int ret = -1, nwritten = 0, nstaged = 0;

	for (int i = 0; i < TC_REPORT_NFORMATS; i++)
		tc_buf_init(&bufs[i], TC_REPORT_MAX);
	base = basename ? tc_xstrdup(basename) : tc_report_basename(run);
	if (!basename_ok(base) || tc_streq(base, "latest")) {
		tc_seterr(err, errlen, "bad report file name '%s'", base);
		goto out;
	}
	if (!dir || !*dir)
		dir = ".";
	/* render everything first: an error here leaves no file behind */
	for (int i = 0; i < TC_REPORT_NFORMATS; i++)
		if (tc_report_render(run, (enum tc_report_format)i, lang, &bufs[i], err,
				     errlen) < 0)
			goto out;
	if (tc_mkdir_p(dir, 0755, err, errlen) < 0)
		goto out;
	for (int i = 0; i < TC_REPORT_NFORMATS; i++) {
		const char *ext = tc_report_format_name((enum tc_report_format)i);

		name = tc_xasprintf("%s.%s", base, ext);
		paths[i] = tc_path_join(dir, name);
		free(name);
		name = tc_xasprintf("latest.%s", ext);
		latest[i] = tc_path_join(dir, name);
		free(name);
		staged[i] = tc_xasprintf("%s.new", latest[i]);
	}
	for (int i = 0; i < TC_REPORT_NFORMATS; i++, nwritten++) {
		if (tc_write_file_atomic(paths[i], bufs[i].data, bufs[i].len, 0644, e2,
					 sizeof(e2)) < 0) {
			tc_seterr(err, errlen, "cannot write the report '%s': %s", paths[i], e2);
			goto out;
		}
	}
	/* latest.*: stage all three, then rename them in one go */
	for (int i = 0; i < TC_REPORT_NFORMATS; i++, nstaged++) {
		if (tc_write_file_atomic(staged[i], bufs[i].data, bufs[i].len, 0644, e2,
					 sizeof(e2)) < 0) {
			tc_seterr(err, errlen, "cannot write the report '%s': %s", latest[i], e2);
			goto out;
		}
	}
	for (int i = 0; i < TC_REPORT_NFORMATS; i++) {
		if (rename(staged[i], latest[i]) < 0) {
			tc_seterr(err, errlen, "cannot rename '%s' to '%s': %s", staged[i],
				  latest[i], strerror(errno));
			goto out;
		}
	}
	nstaged = 0;
	ret = 0;
	if (paths_out) {
		for (int i = 0; i < TC_REPORT_NFORMATS; i++) {
			paths_out[i] = paths[i];
			paths[i] = NULL;
		}
	}
out:
	if (ret < 0) {
		for (int i = 0; i < nwritten; i++)
			unlink(paths[i]);
		for (int i = 0; i < nstaged; i++)
			unlink(staged[i]);
	}
	for (int i = 0; i < TC_REPORT_NFORMATS; i++) {
		tc_buf_release(&bufs[i]);
		free(paths[i]);
		free(latest[i]);
		free(staged[i]);
	}
	free(base);
	return ret;
}

/* ---- public: the alert ---- */

typedef struct alert_set {
	const cJSON **changes;   /* non-technical changes */
	size_t nchanges;
	const cJSON **findings;
	size_t nfindings;
	const cJSON **failures;  /* failures that persisted */
	size_t nfailures;
} alert_set;

static void alert_set_release(alert_set *a)
{
	free(a->changes);
	free(a->findings);
	free(a->failures);
}

static void alert_collect(const cJSON *root, alert_set *a)
{
	long threshold = jint(jget(root, "run"), "failures_alert", TC_REPORT_FAILURES_ALERT);
	size_t n;
	const cJSON **all;

	all = objects(jarr(root, "changes"), &n);
	a->changes = all;
	a->nchanges = 0;
	for (size_t i = 0; i < n; i++)
		if (!jbool(all[i], "technical", 0))
			a->changes[a->nchanges++] = all[i];
	a->findings = objects(jarr(root, "findings"), &a->nfindings);
	all = objects(jarr(root, "failures"), &n);
	a->failures = all;
	a->nfailures = 0;
	for (size_t i = 0; i < n; i++) {
		int al = jbool(all[i], "alert", -1);

		if (al == 1 || (al == -1 && jint(all[i], "consecutive", 1) >= threshold))
			a->failures[a->nfailures++] = all[i];
	}
}

/* Append s to b on one line: no CR/LF or other control characters. */
static void subj_add(tc_buf *b, const char *s)
{
	add_safe(b, s && *s ? s : "?", ESC_NONE, 80);
}

/* "tiacheck: HubSpot ändrade sitt personuppgiftsbiträdesavtal (DPA); 2 nya fynd" */
static char *alert_subject(const cJSON *root, const alert_set *a, int en)
{
	tc_buf b = TC_BUF_INIT, s = TC_BUF_INIT;
	out o = { .root = root };
	const char *cut;

	tc_buf_adds(&b, "tiacheck: ");
	if (a->nchanges && a->nchanges <= 2) {
		for (size_t i = 0; i < a->nchanges; i++) {
			const doc_kind *k = doc_kind_find(jstr(a->changes[i], "doc_kind"));

			if (i)
				tc_buf_adds(&b, ", ");
			subj_add(&b, svc_name(&o, a->changes[i]));
			tc_buf_adds(&b, en ? " changed " : " ändrade ");
			if (k) {
				tc_buf_adds(&b, en ? k->en_its : k->sv_its);
			} else {
				tc_buf_adds(&b, en ? "its document \"" : "sitt dokument \"");
				subj_add(&b, jstr(a->changes[i], "document"));
				tc_buf_adds(&b, "\"");
			}
		}
	} else if (a->nchanges > 2) {
		tc_buf_printf(&b, labels[L_SUBJ_CHANGED_MANY][en], (long)a->nchanges);
		tc_buf_adds(&b, " (");
		for (size_t i = 0; i < a->nchanges && i < 3; i++) {
			if (i)
				tc_buf_adds(&b, ", ");
			subj_add(&b, svc_name(&o, a->changes[i]));
		}
		tc_buf_adds(&b, a->nchanges > 3 ? ", …)" : ")");
	}
	if (a->nfindings) {
		if (a->nchanges)
			tc_buf_adds(&b, "; ");
		if (a->nfindings == 1)
			tc_buf_adds(&b, labels[L_SUBJ_FINDING][en]);
		else
			tc_buf_printf(&b, labels[L_SUBJ_FINDINGS][en], (long)a->nfindings);
	}
	if (a->nfailures) {
		if (a->nchanges || a->nfindings)
			tc_buf_adds(&b, "; ");
		if (a->nfailures == 1) {
			subj_add(&b, svc_name(&o, a->failures[0]));
			tc_buf_adds(&b, "/");
			subj_add(&b, jstr(a->failures[0], "document"));
			tc_buf_adds(&b, " ");
			tc_buf_printf(&b, labels[L_SUBJ_FAILURE][en],
				      jint(a->failures[0], "consecutive", 1));
		} else {
			tc_buf_printf(&b, labels[L_SUBJ_FAILURES][en], (long)a->nfailures);
		}
	}
	/* one line, bounded, cut on a character */
	cut = tc_buf_str(&b);
	add_safe(&s, cut, ESC_NONE, TC_REPORT_SUBJECT_MAX - strlen("…"));
	tc_buf_release(&b);
	return tc_buf_detach(&s);
}

static void alert_doc(out *o, const cJSON *root, const alert_set *a)
{
	const cJSON *run = jget(root, "run");
	const char *org = jstr(jget(root, "organisation"), "name");
	const char *where;
	char date[11];
	const char *d = run_date(root, date);

	if (o->kind == OUT_HTML)
		html_open(o, d, org);
	h(o, 1);
	lbl(o, L_TITLE);
	if (d) {
		raw(o, " ");
		txt(o, d);
	}
	if (org) {
		raw(o, " – ");
		txt(o, org);
	}
	h_end(o, 1);
	p(o);
	lbl(o, L_ALERT_INTRO);
	raw(o, " ");
	lbl(o, L_RUN);
	rawf(o, " %ld.", jint(run, "id", 0));
	p_end(o);

	if (a->nchanges) {
		h(o, 2);
		lbl(o, L_ALERT_CHANGES);
		h_end(o, 2);
		for (size_t i = 0; i < a->nchanges && i < TC_REPORT_ALERT_CHANGES; i++)
			change(o, a->changes[i], 3, TC_REPORT_ALERT_BLOCKS, 0);
		if (a->nchanges > TC_REPORT_ALERT_CHANGES) {
			p(o);
			lblf(o, L_MORE_CHANGES, (long)(a->nchanges - TC_REPORT_ALERT_CHANGES));
			p_end(o);
		}
	}
	if (a->nfindings) {
		h(o, 2);
		lbl(o, L_ALERT_FINDINGS);
		h_end(o, 2);
		ul(o);
		for (int rank = 0, shown = 0; rank < 3; rank++) {
			for (size_t i = 0; i < a->nfindings; i++) {
				const cJSON *f = a->findings[i];

				if (sev_rank(f) != rank || shown >= TC_REPORT_ALERT_ITEMS)
					continue;
				shown++;
				li(o);
				raw(o, "[");
				severity(o, jstr(f, "severity"));
				raw(o, "] ");
				txt(o, svc_name(o, f));
				raw(o, "/");
				txt(o, jstr(f, "document"));
				raw(o, ": ");
				finding_text(o, f);
				if (jstr(f, "evidence")) {
					sep(o);
					lbl(o, L_EVIDENCE);
					raw(o, ": ");
					txt(o, jstr(f, "evidence"));
				}
				li_end(o);
			}
		}
		ul_end(o);
		if (a->nfindings > TC_REPORT_ALERT_ITEMS) {
			p(o);
			lblf(o, L_MORE_ITEMS, (long)(a->nfindings - TC_REPORT_ALERT_ITEMS));
			p_end(o);
		}
	}
	if (a->nfailures) {
		h(o, 2);
		lbl(o, L_ALERT_FAILURES);
		h_end(o, 2);
		ul(o);
		for (size_t i = 0; i < a->nfailures && i < TC_REPORT_ALERT_ITEMS; i++) {
			const cJSON *f = a->failures[i];

			li(o);
			txt(o, svc_name(o, f));
			raw(o, "/");
			txt(o, jstr(f, "document"));
			raw(o, ": ");
			failure_kind(o, f);
			if (jstr(f, "detail")) {
				raw(o, " (");
				txt(o, jstr(f, "detail"));
				raw(o, ")");
			}
			sep(o);
			lblf(o, L_RUNS_IN_A_ROW, jint(f, "consecutive", 1));
			if (jstr(f, "since")) {
				sep(o);
				lbl(o, L_SINCE);
				raw(o, " ");
				when(o, jstr(f, "since"));
			}
			sep(o);
			url(o, jstr(f, "url"));
			li_end(o);
		}
		ul_end(o);
		if (a->nfailures > TC_REPORT_ALERT_ITEMS) {
			p(o);
			lblf(o, L_MORE_ITEMS, (long)(a->nfailures - TC_REPORT_ALERT_ITEMS));
			p_end(o);
		}
	}

	h(o, 2);
	lbl(o, L_FULL_REPORT);
	h_end(o, 2);
	p(o);
	where = jstr(root, "report_url");
	if (where && *where) {
		url(o, where);
	} else if ((where = jstr(root, "report_path")) && *where) {
		code(o, where);
	} else {
		char tmp[64];

		snprintf(tmp, sizeof(tmp), L(o, L_FULL_REPORT_CMD), jint(run, "id", 0));
		code(o, tmp);
	}
	p_end(o);
	p(o);
	lbl(o, L_HOW_REVIEW);
	raw(o, " ");
	cmdf(o, "tiacheck diff %s", L(o, L_HOW_REVIEW3));
	raw(o, " ");
	lbl(o, L_HOW_REVIEW2);
	raw(o, " ");
	code(o, "tiacheck ack ID");
	raw(o, ".");
	p_end(o);
	if (o->kind == OUT_HTML)
		html_close(o);
}

int tc_report_alert(const cJSON *run, const char *lang, char **subject, char **text,
		    char **html, char *err, size_t errlen)
{
	alert_set a = { 0 };
	tc_buf tb, hb;
	out ot, oh;
	int en, ret = -1;

	*subject = *text = *html = NULL;
	tc_buf_init(&tb, TC_REPORT_MAX);
	tc_buf_init(&hb, TC_REPORT_MAX);
	if (check_run(run, err, errlen) < 0)
		goto out;
	if ((en = pick_lang(run, lang, err, errlen)) < 0)
		goto out;
	alert_collect(run, &a);
	if (!a.nchanges && !a.nfindings && !a.nfailures) {
		ret = 0;
		goto out;
	}
	ot = (out){ .b = &tb, .kind = OUT_TEXT, .en = en, .maxline = TC_REPORT_ALERT_LINE,
		    .root = run };
	oh = (out){ .b = &hb, .kind = OUT_HTML, .en = en, .maxline = TC_REPORT_ALERT_LINE,
		    .root = run };
	alert_doc(&ot, run, &a);
	alert_doc(&oh, run, &a);
	if (ot.fail || oh.fail) {
		tc_seterr(err, errlen, "the alert is larger than its limit of %zu bytes",
			  TC_REPORT_MAX);
		goto out;
	}
	*subject = alert_subject(run, &a, en);
	*text = tc_buf_detach(&tb);
	*html = tc_buf_detach(&hb);
	ret = 1;
out:
	alert_set_release(&a);
	tc_buf_release(&tb);
	tc_buf_release(&hb);
	return ret;
}
