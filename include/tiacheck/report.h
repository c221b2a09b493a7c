/*
 * report: renders one run, given as the Run report JSON (docs/report-json.md, a cJSON
 * tree), as Markdown, self-contained HTML or JSON, in Swedish or English; writes the
 * three files of a run atomically into the reports directory; composes the content
 * of the alert e-mail (subject, plain text and HTML alternatives). Pure: no database,
 * no network, no clock; the same JSON always gives the same bytes.
 *
 * Vendor text in the JSON is untrusted. Everything is written through the render layer
 * (render.h), which escapes every string from the JSON: HTML output has no external
 * assets, no script and a Content-Security-Policy; Markdown output neutralises HTML,
 * links, emphasis, table pipes and headings in it; a subject never carries CR/LF or
 * other control characters. Invalid UTF-8 comes out as U+FFFD.
 *
 * Every word is in the report's language (sv or en) from the i18n tables: labels
 * "report.KEY" (src/base/msg_report.c) and the shared vocabulary for coded values
 * (run status, severity, classification, mechanism, role, failure and finding kinds,
 * document kinds). A failure's detail is a sentence built from "chars"/"min_chars"
 * or "http_status" when the run records them, else the technical detail, quoted. A
 * change's "blocks_omitted" (blocks the run left out) is said in words.
 *
 * Ownership: the run tree is borrowed, never modified. Rendered text is appended to
 * the caller's tc_buf (which keeps its own maximum). Strings returned through
 * char ** are owned by the caller (free()). Errors fill err and return -1; nothing
 * here prints.
 */
#ifndef TIACHECK_REPORT_H
#define TIACHECK_REPORT_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "tiacheck/i18n.h"
#include "tiacheck/util.h"

#define TC_REPORT_VERSION 1                 /* "tiacheck_report" this module reads */
#define TC_REPORT_MAX ((size_t)64 << 20)    /* largest rendered report */
#define TC_REPORT_FAILURES_ALERT 3          /* default failures in a row to alert */
#define TC_REPORT_ALERT_BLOCKS 6            /* diff blocks per change in an alert */
#define TC_REPORT_ALERT_CHANGES 10          /* changes shown in an alert */
#define TC_REPORT_ALERT_ITEMS 20            /* findings / failures shown in an alert */
#define TC_REPORT_ALERT_LINE 300            /* bytes of one vendor line in an alert */
#define TC_REPORT_SUBJECT_MAX 200           /* bytes of a subject (cut on a character) */

enum tc_report_format { TC_REPORT_MD = 0, TC_REPORT_HTML = 1, TC_REPORT_JSON = 2 };
#define TC_REPORT_NFORMATS 3

/* "md", "html", "json" (also the file name extensions). */
const char *tc_report_format_name(enum tc_report_format fmt);
/* Parse "md"/"markdown", "html", "json". 0 ok, -1 unknown. */
int tc_report_format_parse(const char *s, enum tc_report_format *out);

/*
 * The default base name of a run's files: "tiacheck-2026-11-25-run7" (date of
 * run.started, run id), "tiacheck-run7" without a valid start date. Owned string.
 */
char *tc_report_basename(const cJSON *run);

/* The language the run was made in (run.lang), def when it names none or an unknown
 * one: what a caller passes when the user did not choose. */
enum tc_lang tc_report_lang(const cJSON *run, enum tc_lang def);

/*
 * Append the report of run to out in format fmt, in lang. JSON is the run JSON
 * pretty-printed with a trailing newline. 0 ok; -1 (err set) when run is not a report
 * of version TC_REPORT_VERSION, a section has the wrong type or out reached its
 * maximum.
 */
int tc_report_render(const cJSON *run, enum tc_report_format fmt, enum tc_lang lang,
		     tc_buf *out, char *err, size_t errlen);

/*
 * Render all three formats and write them to DIR/BASENAME.{md,html,json} (dir is
 * created; basename NULL = tc_report_basename(run)), then update
 * DIR/latest.{md,html,json}. Every file is written to a temporary name and renamed;
 * all formats are rendered before anything is written, and on any error the files
 * written by this call are removed again, so no report is ever half-written. On
 * success, when paths_out is not NULL, paths_out[0..2] receive the owned paths of
 * the md, html and json files (the dated ones). 0 ok, -1 with err naming the path.
 */
int tc_report_write(const cJSON *run, const char *dir, const char *basename,
		    enum tc_lang lang, char **paths_out, char *err, size_t errlen);
/* The same; update_latest 0 leaves latest.* as they are (a partial run's report). */
int tc_report_write_ex(const cJSON *run, const char *dir, const char *basename,
		       enum tc_lang lang, int update_latest, char **paths_out, char *err,
		       size_t errlen);

/*
 * The alert e-mail's content for run. Something to alert is: a change that is not
 * technical, a new finding (the top-level findings), or a fetch failure that
 * persisted: failures[].alert true, or, without "alert", consecutive >=
 * run.failures_alert (default TC_REPORT_FAILURES_ALERT).
 * Returns 1 and sets *subject (one line, no CR/LF, at most TC_REPORT_SUBJECT_MAX
 * bytes), *text (plain text) and *html (a self-contained HTML document), all owned;
 * returns 0 with all three NULL when there is nothing to alert; -1 with err set on
 * a bad run (all three NULL). The body carries the first TC_REPORT_ALERT_BLOCKS
 * changed blocks of each change, the findings, the persisting failures, where the
 * full report is (report_url, else report_path, else `tiacheck report ID`) and the
 * review commands (`tiacheck diff SERVICE/DOC`, `tiacheck ack ID`).
 */
int tc_report_alert(const cJSON *run, enum tc_lang lang, char **subject, char **text,
		    char **html, char *err, size_t errlen);

#endif
