/*
 * report: renders a run (Run report JSON) as Markdown, HTML or JSON and composes the
 * alert e-mail. See include/tiacheck/report.h and docs/report-json.md.
 *
 * One walker per document (the report, the alert body) writes through the render
 * layer (render.h), which escapes every string from the JSON for the output kind.
 * Words come from the i18n tables: sentences and labels "report.KEY"
 * (src/base/msg_report.c), coded values from the shared vocabulary (run_status,
 * severity, class, mechanism, role, failure, finding, doc, doc_its). No code from the
 * JSON reaches a reader when the vocabulary knows it.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tiacheck/i18n.h"
#include "tiacheck/render.h"
#include "tiacheck/report.h"
#include "tiacheck/util.h"

/* A document being written: the renderer and the run it comes from (to look up
 * service names). */
typedef struct out {
	tc_render r;
	const cJSON *root;
} out;

/* The words of id in the report's language. */
static const char *W(const out *o, const char *id)
{
	return tc_tr(o->r.lang, id);
}

/* The words for a coded value, the code itself when the vocabulary lacks it. */
static const char *V(const out *o, const char *vocab, const char *code)
{
	return tc_label(o->r.lang, vocab, code);
}

/* Untrusted text escaped as mode (a diff line), cut at the renderer's maxline. */
static void esc(out *o, const char *s, enum tc_esc mode)
{
	if (!o->r.fail && tc_render_escape(o->r.b, s, mode, o->r.maxline) < 0)
		o->r.fail = 1;
}

/* A table whose column labels are message ids. */
static void table_ids(out *o, const char *const *ids, size_t n)
{
	const char *cols[16];

	for (size_t i = 0; i < n && i < TC_ARRAY_LEN(cols); i++)
		cols[i] = W(o, ids[i]);
	tc_r_table(&o->r, cols, n < TC_ARRAY_LEN(cols) ? n : TC_ARRAY_LEN(cols));
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
static const char *ji18n(const cJSON *o, const char *k, enum tc_lang lang)
{
	int en = lang == TC_LANG_EN;
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

/* ---- pieces shared by the report and the alert ---- */

static void when(out *o, const char *iso)
{
	time_t t;
	char tmp[48];
	struct tm tm;

	if (iso && tc_parse_iso(iso, &t) == 0) {
		gmtime_r(&t, &tm);
		strftime(tmp, sizeof(tmp), "%Y-%m-%d %H:%M UTC", &tm);
		tc_r_text(&o->r, tmp);
	} else {
		tc_r_text(&o->r, iso);
	}
}

static void doc_name(out *o, const char *kind, const char *doc)
{
	const char *w = tc_label_opt(o->r.lang, "doc", kind);

	tc_r_text(&o->r, w ? w : doc);
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
	const char *w = V(o, "severity", sev);

	if (o->r.kind == TC_RENDER_HTML) {
		tc_r_rawf(&o->r, "<span class=\"sev %s\">",
		     tc_streq(sev, "high") ? "high" : tc_streq(sev, "medium") ? "medium" : "info");
		tc_r_text(&o->r, w);
		tc_r_raw(&o->r, "</span>");
	} else {
		tc_r_text(&o->r, w);
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
	const char *msg = ji18n(f, "message", o->r.lang);
	const char *kind = jstr(f, "kind");

	if (msg && *msg)
		tc_r_text(&o->r, msg);
	else
		tc_r_text(&o->r, V(o, "finding", kind));
}

/* "… N more changed blocks were left out": blocks the run itself did not keep (the
 * change's "blocks_omitted", or its diff's). */
static void blocks_omitted(out *o, const cJSON *ch)
{
	long n = jint(ch, "blocks_omitted", 0);

	if (n <= 0)
		n = jint(jget(ch, "diff"), "blocks_omitted", 0);
	if (n <= 0)
		return;
	tc_r_p(&o->r);
	tc_r_trf(&o->r, "report.blocks_omitted", n);
	tc_r_p_end(&o->r);
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
		tc_r_para(&o->r, "report.no_blocks");
		return;
	}
	if (o->r.kind == TC_RENDER_MD) {
		cJSON_ArrayForEach(bl, blocks) {
			size_t a = tc_r_backtick_run(jstr(bl, "a")), b = tc_r_backtick_run(jstr(bl, "b"));

			if (a + 1 > fence)
				fence = a + 1;
			if (b + 1 > fence)
				fence = b + 1;
		}
		for (size_t i = 0; i < fence; i++)
			tc_r_raw(&o->r, "`");
		tc_r_raw(&o->r, "diff\n");
	} else if (o->r.kind == TC_RENDER_HTML) {
		tc_r_raw(&o->r, "<div class=\"diff\">\n");
	}
	cJSON_ArrayForEach(bl, blocks) {
		const char *op = jstr(bl, "op");
		const char *a = jstr(bl, "a"), *b = jstr(bl, "b");
		const cJSON *words = jarr(bl, "words");
		int same = tc_streq(op, "same");
		enum tc_esc e = o->r.kind == TC_RENDER_HTML ? TC_ESC_HTML : TC_ESC_TEXT;
		const char *pre = o->r.kind == TC_RENDER_TEXT ? "    " : "";

		if (!same && maxblocks > 0 && shown >= maxblocks) {
			more++;
			continue;
		}
		if (same && maxblocks > 0 && shown >= maxblocks)
			continue;
		if (!same)
			shown++;
		if (same) {
			if (o->r.kind == TC_RENDER_HTML)
				tc_r_raw(&o->r, "<div class=\"ctx\"><span class=\"sign\"> </span>");
			else
				tc_r_rawf(&o->r, "%s  ", pre);
			esc(o, a ? a : b ? b : "", e);
			tc_r_raw(&o->r, o->r.kind == TC_RENDER_HTML ? "</div>\n" : "\n");
			continue;
		}
		if (o->r.kind == TC_RENDER_HTML && tc_streq(op, "change") && cJSON_GetArraySize(words)) {
			const cJSON *w;
			int prev_space = 1, prev_del = 0;

			tc_r_raw(&o->r, "<div class=\"chg\"><span class=\"sign\">~</span>");
			cJSON_ArrayForEach(w, words) {
				const char *wop = jstr(w, "op"), *t = jstr(w, "text");

				if (!t || !*t)
					continue;
				/* tokens may come without their spaces: keep words apart,
				 * but show a replacement (del then add) as one unit */
				if (!prev_space && !isspace((unsigned char)t[0]) &&
				    !(prev_del && tc_streq(wop, "add")))
					tc_r_raw(&o->r, " ");
				prev_space = isspace((unsigned char)t[strlen(t) - 1]);
				prev_del = tc_streq(wop, "del");
				tc_r_raw(&o->r, tc_streq(wop, "add") ? "<ins>" : tc_streq(wop, "del") ? "<del>" : "");
				if (!o->r.fail && tc_render_escape(o->r.b, t, TC_ESC_HTML, 0) < 0)
					o->r.fail = 1;
				tc_r_raw(&o->r, tc_streq(wop, "add") ? "</ins>" : tc_streq(wop, "del") ? "</del>" : "");
			}
			tc_r_raw(&o->r, "</div>\n");
			continue;
		}
		if (a && !tc_streq(op, "add")) {
			if (o->r.kind == TC_RENDER_HTML)
				tc_r_raw(&o->r, "<div class=\"del\"><span class=\"sign\">-</span><del>");
			else
				tc_r_rawf(&o->r, "%s- ", pre);
			esc(o, a, e);
			tc_r_raw(&o->r, o->r.kind == TC_RENDER_HTML ? "</del></div>\n" : "\n");
		}
		if (b && !tc_streq(op, "del")) {
			if (o->r.kind == TC_RENDER_HTML)
				tc_r_raw(&o->r, "<div class=\"add\"><span class=\"sign\">+</span><ins>");
			else
				tc_r_rawf(&o->r, "%s+ ", pre);
			esc(o, b, e);
			tc_r_raw(&o->r, o->r.kind == TC_RENDER_HTML ? "</ins></div>\n" : "\n");
		}
	}
	if (o->r.kind == TC_RENDER_MD) {
		for (size_t i = 0; i < fence; i++)
			tc_r_raw(&o->r, "`");
		tc_r_raw(&o->r, "\n\n");
	} else if (o->r.kind == TC_RENDER_HTML) {
		tc_r_raw(&o->r, "</div>\n");
	} else {
		tc_r_raw(&o->r, "\n");
	}
	if (more) {
		tc_r_p(&o->r);
		tc_r_trf(&o->r, "report.more_blocks", more);
		tc_r_p_end(&o->r);
	}
}

/* "tiacheck diff SERVICE/DOC" and "tiacheck ack ID" for one change. */
static void review_cmds(out *o, const cJSON *ch)
{
	tc_r_kv(&o->r, W(o, "report.review"));
	tc_r_codef(&o->r, "tiacheck diff %s/%s", jstr(ch, "service") ? jstr(ch, "service") : "?",
	     jstr(ch, "document") ? jstr(ch, "document") : "?");
	tc_r_kv_val_end(&o->r);
	tc_r_kv(&o->r, W(o, "report.ack"));
	tc_r_codef(&o->r, "tiacheck ack %ld", jint(ch, "id", 0));
	tc_r_kv_val_end(&o->r);
}

/* A table of findings (Markdown/HTML), high severity first, order kept otherwise. */
static void findings_table(out *o, const cJSON **fs, size_t n)
{
	static const char *const cols[] = { "report.severity", "report.document", "report.finding", "report.evidence" };

	table_ids(o, cols, TC_ARRAY_LEN(cols));
	for (int rank = 0; rank < 3; rank++) {
		for (size_t i = 0; i < n; i++) {
			if (sev_rank(fs[i]) != rank)
				continue;
			tc_r_row(&o->r, NULL);
			tc_r_cell(&o->r);
			severity(o, jstr(fs[i], "severity"));
			tc_r_cell_end(&o->r);
			tc_r_cell(&o->r);
			doc_name(o, jstr(fs[i], "doc_kind"), jstr(fs[i], "document"));
			tc_r_cell_end(&o->r);
			tc_r_cell(&o->r);
			finding_text(o, fs[i]);
			tc_r_cell_end(&o->r);
			tc_r_tcell(&o->r, jstr(fs[i], "evidence"));
			tc_r_row_end(&o->r);
		}
	}
	tc_r_table_end(&o->r);
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
	tc_r_h(&o->r, level);
	tc_r_text(&o->r, svc_name(o, ch));
	tc_r_raw(&o->r, " – ");
	doc_name(o, jstr(ch, "doc_kind"), jstr(ch, "document"));
	tc_r_raw(&o->r, " (");
	tc_r_tr(&o->r, "report.change");
	tc_r_rawf(&o->r, " %ld)", jint(ch, "id", 0));
	tc_r_h_end(&o->r, level);
}

/* One change: where, when, how much, the diff, review commands. */
static void change(out *o, const cJSON *ch, int level, long maxblocks, int with_findings)
{
	const cJSON *d = jget(ch, "diff");
	const cJSON *fa = jarr(ch, "findings");

	change_heading(o, ch, level);
	if (tc_streq(jstr(ch, "class"), "cosmetic"))
		tc_r_para(&o->r, "report.cosmetic");
	else if (jbool(ch, "technical", 0))
		tc_r_para(&o->r, "report.technical");
	tc_r_kv_begin(&o->r);
	tc_r_kv(&o->r, W(o, "report.url"));
	tc_r_url(&o->r, jstr(ch, "url"));
	tc_r_kv_val_end(&o->r);
	tc_r_kv(&o->r, W(o, "report.compared"));
	when(o, jstr(ch, "from"));
	tc_r_raw(&o->r, " → ");
	when(o, jstr(ch, "to"));
	tc_r_kv_val_end(&o->r);
	tc_r_kv(&o->r, W(o, "report.extent"));
	tc_r_trf(&o->r, "report.diff_counts", jint(d, "added", 0), jint(d, "removed", 0), jint(d, "changed", 0));
	tc_r_kv_val_end(&o->r);
	review_cmds(o, ch);
	tc_r_kv_end(&o->r);
	diff(o, d, maxblocks);
	blocks_omitted(o, ch);
	if (with_findings && cJSON_GetArraySize(fa)) {
		size_t n;
		const cJSON **fs = objects(fa, &n);

		tc_r_p(&o->r);
		tc_r_strong(&o->r);
		tc_r_tr(&o->r, "report.change_findings");
		tc_r_strong_end(&o->r);
		tc_r_p_end(&o->r);
		findings_table(o, fs, n);
		free(fs);
	}
}

/* ---- the report ---- */

static const char html_style[] =
	"body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,Arial,sans-serif;"
	"max-width:80em;margin:1em auto;padding:0 1em;color:#1b1b1b;background:#fff;"
	"overflow-wrap:break-word;"
	"line-height:1.45}\n"
	"h1{font-size:1.6em;border-bottom:2px solid #333}h2{margin-top:1.6em;"
	"border-bottom:1px solid #bbb}h3{margin-top:1.2em}\n"
	"table{border-collapse:collapse;margin:.5em 0 1em;font-size:.92em}\n"
	"th,td{border:1px solid #c8c8c8;padding:.25em .4em;text-align:left;"
	"vertical-align:top}\n"
	"th{background:#f0f0f0}table.kv th{width:14em}\n"
	"td{overflow-wrap:break-word;hyphens:manual}a{overflow-wrap:anywhere}\n"
	"td code{overflow-wrap:anywhere}\n"
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
	".flag{color:#b60205;font-weight:bold}.note{color:#555}tr.pnr td{background:#fff5f5}\n"
	".st{font-weight:bold;padding:0 .3em;border-radius:3px;white-space:nowrap}"
	".st.red{background:#b60205;color:#fff}.st.amber{background:#fbca04;color:#000}"
	".st.green{background:#2da44e;color:#fff}\n"
	"tr.overdue td{background:#ffebe9}tr.nomech td{background:#fff1e5}\n"
	"@media (max-width:600px){body{margin:.5em auto;padding:0 .5em}"
	"table,thead,tbody,tr,th,td{display:block;width:auto}"
	"thead{display:none}tr{border:1px solid #c8c8c8;margin:0 0 .8em}"
	"td,th{border:0;border-bottom:1px solid #eee}"
	"td[data-label]::before{content:attr(data-label);display:block;font-weight:bold;"
	"font-size:.85em;color:#555}table.kv th{width:auto;border:0}"
	"td{overflow-wrap:break-word}}\n";

static void html_open(out *o, const char *title_date, const char *org)
{
	tc_r_html_begin(&o->r);
	tc_r_tr(&o->r, "report.title");
	if (title_date) {
		tc_r_raw(&o->r, " ");
		tc_r_text(&o->r, title_date);
	}
	if (org) {
		tc_r_raw(&o->r, " – ");
		tc_r_text(&o->r, org);
	}
	tc_r_html_head_end(&o->r, html_style);
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
	const char *sw = V(o, "run_status", status);
	char date[11];
	const char *d = run_date(root, date);

	tc_r_h(&o->r, 1);
	tc_r_tr(&o->r, "report.title");
	if (d) {
		tc_r_raw(&o->r, " ");
		tc_r_text(&o->r, d);
	}
	if (jstr(org, "name")) {
		tc_r_raw(&o->r, " – ");
		tc_r_text(&o->r, jstr(org, "name"));
	}
	tc_r_h_end(&o->r, 1);
	tc_r_kv_begin(&o->r);
	tc_r_kv(&o->r, W(o, "report.org"));
	tc_r_text(&o->r, jstr(org, "name"));
	tc_r_kv_val_end(&o->r);
	if (jstr(org, "dpo_email")) {
		tc_r_kv(&o->r, W(o, "report.dpo"));
		tc_r_text(&o->r, jstr(org, "dpo_email"));
		tc_r_kv_val_end(&o->r);
	}
	tc_r_kv(&o->r, W(o, "report.run"));
	tc_r_num(&o->r, jint(run, "id", 0));
	tc_r_kv_val_end(&o->r);
	tc_r_kv(&o->r, W(o, "report.started"));
	when(o, jstr(run, "started"));
	tc_r_kv_val_end(&o->r);
	tc_r_kv(&o->r, W(o, "report.finished"));
	when(o, jstr(run, "finished"));
	tc_r_kv_val_end(&o->r);
	tc_r_kv(&o->r, W(o, "report.status"));
	if (!tc_streq(status, "ok"))
		tc_r_strong(&o->r);
	tc_r_text(&o->r, sw);
	if (!tc_streq(status, "ok"))
		tc_r_strong_end(&o->r);
	tc_r_kv_val_end(&o->r);
	tc_r_kv_end(&o->r);
	if (jbool(run, "dry_run", 0))
		tc_r_para(&o->r, "report.dry_run");
}

/* A level-2 section heading, then "None." and 0 when root's array key is empty
 * (key NULL: the heading only, 1). */
static int section(out *o, const char *title, const cJSON *root, const char *key)
{
	tc_r_h(&o->r, 2);
	tc_r_tr(&o->r, title);
	tc_r_h_end(&o->r, 2);
	if (key && !jcount(root, key)) {
		tc_r_para(&o->r, "report.none");
		return 0;
	}
	return 1;
}

static void r_summary(out *o, const cJSON *root)
{
	static const struct { const char *key; const char *label; int attention; } rows[] = {
		{ "documents", "report.s_documents", 0 },
		{ "fetched", "report.s_fetched", 0 },
		{ "new", "report.s_new", 0 },
		{ "unchanged", "report.s_unchanged", 0 },
		{ "changed", "report.s_changed", 1 },
		{ "failed", "report.s_failed", 1 },
		{ "new_findings", "report.s_findings", 1 },
		{ "open_changes", "report.s_open", 1 },
		{ "open_items", "report.s_open_items", 1 },
		{ "overdue_items", "report.s_overdue", 1 },
		{ "flows", "report.s_flows", 0 },
		{ "flows_outside", "report.s_outside", 1 },
	};
	const cJSON *s = jget(root, "summary");

	section(o, "report.summary", NULL, NULL);
	tc_r_kv_begin(&o->r);
	for (size_t i = 0; i < TC_ARRAY_LEN(rows); i++) {
		long v = jint(s, rows[i].key, 0);

		if (!jget(s, rows[i].key) && (tc_streq(rows[i].key, "new") ||
					      strstr(rows[i].key, "_items")))
			continue;   /* a report from before these counts */

		tc_r_kv(&o->r, W(o, rows[i].label));
		if (rows[i].attention && v > 0)
			tc_r_strong(&o->r);
		tc_r_num(&o->r, v);
		if (rows[i].attention && v > 0)
			tc_r_strong_end(&o->r);
		tc_r_kv_val_end(&o->r);
	}
	tc_r_kv_end(&o->r);
}

static void r_changes(out *o, const cJSON *root)
{
	const cJSON *ch;

	if (!section(o, "report.changes", root, "changes"))
		return;
	cJSON_ArrayForEach(ch, jarr(root, "changes"))
		if (cJSON_IsObject(ch))
			change(o, ch, 3, 0, !cJSON_IsArray(jget(root, "items")));
}

/* Findings grouped by service, services in order of first appearance. */
static void r_findings(out *o, const cJSON *root)
{
	size_t n, ng;
	const cJSON **all = objects(jarr(root, "findings"), &n);
	const cJSON **group = tc_xcalloc(n + 1, sizeof(*group));
	char *done = tc_xcalloc(n + 1, 1);

	section(o, "report.findings", NULL, NULL);
	if (!n)
		tc_r_para(&o->r, "report.none");
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
		tc_r_h(&o->r, 3);
		tc_r_text(&o->r, svc_name(o, all[i]));
		tc_r_h_end(&o->r, 3);
		findings_table(o, group, ng);
	}
	free(done);
	free(group);
	free(all);
}

static void r_open(out *o, const cJSON *root)
{
	static const char *const cols[] = { "report.change_col", "report.service", "report.document", "report.detected",
					 "report.extent", "report.commands" };
	const cJSON *c;
	char tmp[96];

	if (!section(o, "report.open", root, "open_changes"))
		return;
	table_ids(o, cols, TC_ARRAY_LEN(cols));
	cJSON_ArrayForEach(c, jarr(root, "open_changes")) {
		if (!cJSON_IsObject(c))
			continue;
		tc_r_row(&o->r, NULL);
		tc_r_cell(&o->r);
		tc_r_num(&o->r, jint(c, "id", 0));
		tc_r_cell_end(&o->r);
		tc_r_tcell(&o->r, svc_name(o, c));
		tc_r_cell(&o->r);
		doc_name(o, jstr(c, "doc_kind"), jstr(c, "document"));
		tc_r_cell_end(&o->r);
		tc_r_cell(&o->r);
		when(o, jstr(c, "detected"));
		tc_r_cell_end(&o->r);
		snprintf(tmp, sizeof(tmp), "+%ld −%ld ~%ld", jint(c, "added", 0),
			 jint(c, "removed", 0), jint(c, "changed", 0));
		tc_r_tcell(&o->r, tmp);
		tc_r_cell(&o->r);
		tc_r_codef(&o->r, "tiacheck diff %s/%s", jstr(c, "service") ? jstr(c, "service") : "?",
		     jstr(c, "document") ? jstr(c, "document") : "?");
		tc_r_raw(&o->r, " ");
		tc_r_codef(&o->r, "tiacheck ack %ld", jint(c, "id", 0));
		tc_r_cell_end(&o->r);
		tc_r_row_end(&o->r);
	}
	tc_r_table_end(&o->r);
}

/* A 404/410 or a recorded redirect to elsewhere: the document probably moved. */
static int failure_moved(const cJSON *f)
{
	long st = jint(f, "http_status", 0);
	const char *k = jstr(f, "kind");

	return jbool(f, "moved", 0) || st == 404 || st == 410 ||
	       tc_streq(k, "http_404") || tc_streq(k, "http_410");
}

/* The HTTP status of a failure: "http_status", else the number of an "http_NNN" kind;
 * 0 when none. */
static long failure_status(const cJSON *f)
{
	long st = jint(f, "http_status", 0);
	const char *k = jstr(f, "kind");

	if (st <= 0 && k && tc_startswith(k, "http_") && isdigit((unsigned char)k[5]))
		st = strtol(k + 5, NULL, 10);
	return st > 0 && st < 1000 ? st : 0;
}

/* The kind in words: the vocabulary's label; an "http_NNN" the vocabulary does not
 * name is an HTTP error with its status. */
static void failure_kind(out *o, const cJSON *f)
{
	const char *k = jstr(f, "kind");
	const char *w = tc_label_opt(o->r.lang, "failure", k);
	long st = failure_status(f);

	if (!w && k && tc_startswith(k, "http_"))
		w = tc_label(o->r.lang, "failure", "http_error");
	tc_r_text(&o->r, w ? w : k);
	if (st > 0 && !(w && strstr(w, "(HTTP ")))
		tc_r_rawf(&o->r, " (HTTP %ld)", st);
	if (failure_moved(f)) {
		tc_r_raw(&o->r, o->r.kind == TC_RENDER_HTML ? " <span class=\"flag\">"
				: o->r.kind == TC_RENDER_MD ? " **" : " – ");
		tc_r_tr(&o->r, "report.moved");
		tc_r_raw(&o->r, o->r.kind == TC_RENDER_HTML ? "</span>"
				: o->r.kind == TC_RENDER_MD ? "**" : "");
	}
}

/* Does the failure have a detail worth a parenthesis in the alert? An HTTP status
 * alone is not one: the kind already shows it. */
static int failure_has_detail(const cJSON *f)
{
	const char *d = jstr(f, "detail");

	if (jint(f, "chars", -1) >= 0 && jint(f, "min_chars", -1) > 0)
		return 1;
	return jint(f, "http_status", 0) <= 0 && d && *d;
}

/* The detail in words: a sentence from the numbers the run records ("chars" and
 * "min_chars" of an extraction, "http_status"), else the technical detail quoted as
 * it came (it is in the words of a library or a server, not the reader's language).
 * "–" when there is nothing to say. */
static void failure_detail(out *o, const cJSON *f)
{
	long chars = jint(f, "chars", -1), min = jint(f, "min_chars", -1);
	long st = jint(f, "http_status", 0);
	const char *d = jstr(f, "detail");

	if (chars >= 0 && min > 0) {
		tc_r_trf(&o->r, "report.detail_chars", chars, min);
	} else if (st > 0) {
		tc_r_trf(&o->r, "report.detail_http", st);
	} else if (d && *d) {
		tc_r_tr(&o->r, "report.detail_technical");
		tc_r_raw(&o->r, o->r.kind == TC_RENDER_HTML ? ": &quot;" : ": \"");
		tc_r_text(&o->r, d);
		tc_r_raw(&o->r, o->r.kind == TC_RENDER_HTML ? "&quot;" : "\"");
	} else {
		tc_r_text(&o->r, NULL);
	}
}

static void r_failures(out *o, const cJSON *root)
{
	static const char *const cols[] = { "report.service", "report.document", "report.kind", "report.detail", "report.since",
					 "report.in_a_row", "report.url" };
	const cJSON *f;

	if (!section(o, "report.failures", root, "failures"))
		return;
	table_ids(o, cols, TC_ARRAY_LEN(cols));
	cJSON_ArrayForEach(f, jarr(root, "failures")) {
		if (!cJSON_IsObject(f))
			continue;
		tc_r_row(&o->r, NULL);
		tc_r_tcell(&o->r, svc_name(o, f));
		tc_r_cell(&o->r);
		doc_name(o, jstr(f, "doc_kind"), jstr(f, "document"));
		tc_r_cell_end(&o->r);
		tc_r_cell(&o->r);
		failure_kind(o, f);
		tc_r_cell_end(&o->r);
		tc_r_cell(&o->r);
		failure_detail(o, f);
		tc_r_cell_end(&o->r);
		tc_r_cell(&o->r);
		when(o, jstr(f, "since"));
		tc_r_cell_end(&o->r);
		tc_r_cell(&o->r);
		tc_r_num(&o->r, jint(f, "consecutive", 1));
		tc_r_cell_end(&o->r);
		tc_r_cell(&o->r);
		tc_r_url(&o->r, jstr(f, "url"));
		tc_r_cell_end(&o->r);
		tc_r_row_end(&o->r);
	}
	tc_r_table_end(&o->r);
}

static void join_strings(out *o, const cJSON *arr)
{
	const cJSON *it;
	int first = 1;

	cJSON_ArrayForEach(it, arr) {
		if (!cJSON_IsString(it))
			continue;
		if (!first)
			tc_r_raw(&o->r, ", ");
		tc_r_text(&o->r, it->valuestring);
		first = 0;
	}
	if (first)
		tc_r_text(&o->r, NULL);
}

/* One table of flows: those leaving the EU/EEA (outside = 1) or the others. */
static void flows_table(out *o, const cJSON *root, int outside)
{
	static const char *const cols_out_md[] = { "report.service", "report.entity", "report.role", "report.country",
						"report.class", "report.mech", "report.categories", "report.pnr",
						"report.reason" };
	static const char *const cols_in_md[] = { "report.service", "report.entity", "report.role", "report.country",
					       "report.class", "report.categories", "report.pnr" };
	const char *const *cols_out = cols_out_md, *const *cols_in = cols_in_md;
	const cJSON *f;
	int any = 0;
	static const char *const cols_out_hy[] = { "report.service", "report.entity", "report.role", "report.country",
						"report.class", "report.mech", "report.categories_hy", "report.pnr",
						"report.reason" };
	static const char *const cols_in_hy[] = { "report.service", "report.entity", "report.role", "report.country",
					       "report.class", "report.categories_hy", "report.pnr" };

	/* HTML: the long Swedish compound may break at its syllable (a soft hyphen) */
	if (o->r.kind == TC_RENDER_HTML) {
		cols_out = cols_out_hy;
		cols_in = cols_in_hy;
	}
	cJSON_ArrayForEach(f, jarr(root, "flows")) {
		const char *cls, *mech, *cname;
		int pnr;

		if (!cJSON_IsObject(f) || jbool(f, "leaves_eea", 0) != outside)
			continue;
		if (!any) {
			if (outside)
				table_ids(o, cols_out, TC_ARRAY_LEN(cols_out_md));
			else
				table_ids(o, cols_in, TC_ARRAY_LEN(cols_in_md));
		}
		any = 1;
		cls = jstr(f, "classification");
		mech = jstr(f, "mechanism");
		pnr = jbool(f, "personnummer", 0);
		tc_r_row(&o->r, pnr ? "pnr" : outside && !mech && (tc_streq(cls, "third") ||
				   tc_streq(cls, "partial_not_covered")) ? "nomech" : NULL);
		tc_r_tcell(&o->r, svc_name(o, f));
		tc_r_cell(&o->r);
		tc_r_text(&o->r, jstr(f, "entity"));
		if (jstr(f, "via")) {
			tc_r_raw(&o->r, " (");
			tc_r_tr(&o->r, "report.via");
			tc_r_raw(&o->r, " ");
			tc_r_text(&o->r, jstr(f, "via"));
			tc_r_raw(&o->r, ")");
		}
		tc_r_cell_end(&o->r);
		tc_r_cell(&o->r);
		tc_r_text(&o->r, V(o, "role", jstr(f, "role")));
		tc_r_cell_end(&o->r);
		tc_r_cell(&o->r);
		cname = ji18n(f, "country_name", o->r.lang);
		if (cname) {
			tc_r_text(&o->r, cname);
			tc_r_raw(&o->r, " – ");
			tc_r_text(&o->r, jstr(f, "country"));
		} else {
			tc_r_text(&o->r, jstr(f, "country"));
		}
		tc_r_cell_end(&o->r);
		tc_r_cell(&o->r);
		tc_r_text(&o->r, V(o, "class", cls));
		tc_r_cell_end(&o->r);
		if (outside) {
			tc_r_cell(&o->r);
			if (mech) {
				tc_r_text(&o->r, V(o, "mechanism", mech));
			} else if (tc_streq(cls, "third") || tc_streq(cls, "partial_not_covered")) {
				tc_r_raw(&o->r, o->r.kind == TC_RENDER_HTML ? "<span class=\"flag\">" : "**");
				tc_r_text(&o->r, V(o, "mechanism", "none"));
				tc_r_raw(&o->r, o->r.kind == TC_RENDER_HTML ? "</span>" : "**");
			} else {
				tc_r_text(&o->r, V(o, "mechanism", "none"));
			}
			tc_r_cell_end(&o->r);
		}
		tc_r_cell(&o->r);
		{
			/* names in the report's language when the run carries them */
			const cJSON *names = cJSON_GetObjectItemCaseSensitive(
				cJSON_GetObjectItemCaseSensitive(f, "category_names"), (o->r.lang == TC_LANG_EN) ? "en" : "sv");

			join_strings(o, cJSON_IsArray(names) ? names : jarr(f, "categories"));
		}
		tc_r_cell_end(&o->r);
		tc_r_cell(&o->r);
		if (pnr) {
			tc_r_raw(&o->r, o->r.kind == TC_RENDER_HTML ? "<span class=\"flag\">" : "**");
			tc_r_tr(&o->r, "report.yes");
			tc_r_raw(&o->r, o->r.kind == TC_RENDER_HTML ? "</span>" : "**");
		} else {
			tc_r_tr(&o->r, "report.no");
		}
		tc_r_cell_end(&o->r);
		if (outside)
			tc_r_tcell(&o->r, ji18n(f, "reason", o->r.lang));
		tc_r_row_end(&o->r);
	}
	if (any)
		tc_r_table_end(&o->r);
	else
		tc_r_para(&o->r, "report.none");
}

static void r_flows(out *o, const cJSON *root)
{
	section(o, "report.flows_out", NULL, NULL);
	flows_table(o, root, 1);
	section(o, "report.flows_in", NULL, NULL);
	flows_table(o, root, 0);
}

static void r_warnings(out *o, const cJSON *root)
{
	const cJSON *w;

	if (!section(o, "report.warnings", root, "catalog_warnings"))
		return;
	tc_r_ul(&o->r);
	cJSON_ArrayForEach(w, jarr(root, "catalog_warnings")) {
		char pos[64];

		if (!cJSON_IsObject(w))
			continue;
		tc_r_li(&o->r);
		tc_r_code(&o->r, jstr(w, "file") ? jstr(w, "file") : "?");
		snprintf(pos, sizeof(pos), ":%ld:%ld: ", jint(w, "line", 0), jint(w, "col", 0));
		tc_r_raw(&o->r, pos);
		tc_r_text(&o->r, jstr(w, "message"));
		tc_r_li_end(&o->r);
	}
	tc_r_ul_end(&o->r);
}

/* ---- the DPO's dashboard: status per service, action list, decisions ---- */

static int item_open(const cJSON *it)
{
	return tc_streq(jstr(it, "state"), "open") && !jbool(it, "covered", 0);
}

/* A fixed-class span in HTML, plain text otherwise. */
static void span_begin(out *o, const char *cls)
{
	if (o->r.kind == TC_RENDER_HTML)
		tc_r_rawf(&o->r, "<span class=\"%s\">", cls);
}

static void span_end(out *o)
{
	if (o->r.kind == TC_RENDER_HTML)
		tc_r_raw(&o->r, "</span>");
}

static void service_status_word(out *o, const char *st)
{
	const char *cls = tc_streq(st, "red") ? "st red" : tc_streq(st, "amber") ? "st amber" : "st green";
	const char *id = tc_streq(st, "red") ? "report.st_red" : tc_streq(st, "amber") ? "report.st_amber"
		       : "report.st_green";

	span_begin(o, cls);
	tc_r_tr(&o->r, id);
	span_end(o);
}

static void r_status(out *o, const cJSON *root)
{
	static const char *const cols[] = { "report.service", "report.col_status", "report.s_open_items",
					    "report.col_unprotected", "report.s_failed" };
	const cJSON *sv;

	if (!cJSON_IsArray(jget(root, "services")))
		return;
	if (!section(o, "report.status_services", root, "services"))
		return;
	table_ids(o, cols, TC_ARRAY_LEN(cols));
	cJSON_ArrayForEach(sv, jarr(root, "services")) {
		tc_r_row(&o->r, NULL);
		tc_r_tcell(&o->r, svc_name(o, sv));
		tc_r_cell(&o->r);
		service_status_word(o, jstr(sv, "status"));
		tc_r_cell_end(&o->r);
		tc_r_cell(&o->r);
		tc_r_num(&o->r, jint(sv, "open_items", 0));
		tc_r_cell_end(&o->r);
		tc_r_cell(&o->r);
		tc_r_num(&o->r, jint(sv, "flows_without_mechanism", 0));
		tc_r_cell_end(&o->r);
		tc_r_cell(&o->r);
		tc_r_num(&o->r, jint(sv, "failures", 0));
		tc_r_cell_end(&o->r);
		tc_r_row_end(&o->r);
	}
	tc_r_table_end(&o->r);
}

/* What an item is: its finding's sentence, else a changed document or a failure. */
static void item_what(out *o, const cJSON *it)
{
	const char *type = jstr(it, "type");

	if (tc_streq(type, "finding")) {
		finding_text(o, it);
	} else if (tc_streq(type, "failure")) {
		doc_name(o, jstr(it, "doc_kind"), jstr(it, "document"));
		tc_r_raw(&o->r, ": ");
		tc_r_trf(&o->r, "report.item_failure", jint(it, "consecutive", 1));
	} else {
		tc_r_tr(&o->r, "report.item_changed");
		tc_r_raw(&o->r, " ");
		doc_name(o, jstr(it, "doc_kind"), jstr(it, "document"));
	}
	if (jget(it, "covered_by")) {
		tc_r_raw(&o->r, " ");
		tc_r_tr(&o->r, "report.covered");
		tc_r_raw(&o->r, " ");
		tc_r_text(&o->r, jstr(jget(it, "covered_by"), "name"));
	}
}

/* The item's countries by name in the report's language ("–" when none). */
static void item_where(out *o, const cJSON *it)
{
	const cJSON *names = jget(jget(it, "country_names"), o->r.lang == TC_LANG_EN ? "en" : "sv");

	join_strings(o, cJSON_IsArray(names) ? names : jarr(it, "countries"));
}

/* "2026-12-09 (30 days left)", overdue in red. */
static void item_due(out *o, const cJSON *it)
{
	long left = jint(it, "days_left", 0);
	int overdue = jbool(it, "overdue", 0);

	if (!jstr(it, "due")) {
		tc_r_text(&o->r, NULL);
		return;
	}
	if (overdue)
		span_begin(o, "flag");
	tc_r_text(&o->r, jstr(it, "due"));
	if (jget(it, "days_left")) {
		tc_r_raw(&o->r, " (");
		if (overdue)
			tc_r_trf(&o->r, "report.overdue", -left);
		else
			tc_r_trf(&o->r, "report.days_left", left);
		tc_r_raw(&o->r, ")");
	}
	if (overdue)
		span_end(o);
}

static void item_actions(out *o, const cJSON *it)
{
	const cJSON *a;
	int first = 1;

	cJSON_ArrayForEach(a, jarr(it, "actions")) {
		if (!cJSON_IsString(a))
			continue;
		const char *cmd = a->valuestring, *ph = NULL;
		size_t n = strlen(cmd);
		char buf[256];

		if (!first)
			tc_r_raw(&o->r, o->r.kind == TC_RENDER_TEXT ? " | " : " ");
		/* a placeholder at the end in the reader's language */
		if (n > 5 && strcmp(cmd + n - 5, " TEXT") == 0)
			ph = W(o, "report.ph_note");
		else if (n > 4 && strcmp(cmd + n - 4, " HOW") == 0)
			ph = W(o, "report.ph_how");
		if (ph) {
			snprintf(buf, sizeof(buf), "%.*s %s", (int)(cmd[n - 1] == 'W' ? n - 4 : n - 5), cmd, ph);
			cmd = buf;
		}
		tc_r_code(&o->r, cmd);
		first = 0;
	}
	if (first)
		tc_r_text(&o->r, NULL);
}

static void item_name(out *o, const cJSON *it)
{
	const cJSON *also = jarr(it, "also"), *a;

	tc_r_text(&o->r, jstr(it, "id"));
	cJSON_ArrayForEach(a, also)
		if (cJSON_IsString(a)) {
			tc_r_raw(&o->r, "+");
			tc_r_text(&o->r, a->valuestring);
		}
}

static void r_actions(out *o, const cJSON *root)
{
	static const char *const cols[] = { "report.item", "report.severity", "report.service", "report.what",
					    "report.where", "report.due", "report.settle" };
	const cJSON *it;
	int any = 0;

	if (!cJSON_IsArray(jget(root, "items")))
		return;
	section(o, "report.actions", NULL, NULL);
	cJSON_ArrayForEach(it, jarr(root, "items")) {
		if (!item_open(it))
			continue;
		if (!any++)
			table_ids(o, cols, TC_ARRAY_LEN(cols));
		tc_r_row(&o->r, jbool(it, "overdue", 0) ? "overdue" : NULL);
		tc_r_cell(&o->r);
		item_name(o, it);
		tc_r_cell_end(&o->r);
		tc_r_cell(&o->r);
		severity(o, jstr(it, "severity"));
		tc_r_cell_end(&o->r);
		tc_r_tcell(&o->r, svc_name(o, it));
		tc_r_cell(&o->r);
		item_what(o, it);
		tc_r_cell_end(&o->r);
		tc_r_cell(&o->r);
		item_where(o, it);
		tc_r_cell_end(&o->r);
		tc_r_cell(&o->r);
		item_due(o, it);
		tc_r_cell_end(&o->r);
		tc_r_cell(&o->r);
		item_actions(o, it);
		tc_r_cell_end(&o->r);
		tc_r_row_end(&o->r);
	}
	if (any)
		tc_r_table_end(&o->r);
	else
		tc_r_para(&o->r, "report.none");
}

static void item_state(out *o, const char *state)
{
	char id[48];

	snprintf(id, sizeof(id), "report.state_%s", state && strlen(state) < 24 ? state : "open");
	tc_r_text(&o->r, tc_tr(o->r.lang, id));
}

/* Items decided on (and sub-processors the catalogue already knows). */
static void r_decisions(out *o, const cJSON *root)
{
	static const char *const cols[] = { "report.item", "report.service", "report.what", "report.state",
					    "report.decided_by", "report.decided_at", "report.note" };
	const cJSON *it, *d;
	int any = 0;

	if (!cJSON_IsArray(jget(root, "items")))
		return;
	section(o, "report.decisions", NULL, NULL);
	cJSON_ArrayForEach(it, jarr(root, "items")) {
		if (item_open(it) || (tc_streq(jstr(it, "state"), "open") && !jbool(it, "covered", 0)))
			continue;
		if (!any++)
			table_ids(o, cols, TC_ARRAY_LEN(cols));
		d = jget(it, "decision");
		tc_r_row(&o->r, NULL);
		tc_r_cell(&o->r);
		item_name(o, it);
		tc_r_cell_end(&o->r);
		tc_r_tcell(&o->r, svc_name(o, it));
		tc_r_cell(&o->r);
		item_what(o, it);
		tc_r_cell_end(&o->r);
		tc_r_cell(&o->r);
		if (d)
			item_state(o, jstr(it, "state"));
		else
			tc_r_tr(&o->r, "report.state_known");
		tc_r_cell_end(&o->r);
		tc_r_tcell(&o->r, jstr(d, "by"));
		tc_r_cell(&o->r);
		when(o, jstr(d, "at"));
		tc_r_cell_end(&o->r);
		tc_r_tcell(&o->r, jstr(d, "note") ? jstr(d, "note") : jstr(d, "how"));
		tc_r_row_end(&o->r);
	}
	if (any)
		tc_r_table_end(&o->r);
	else
		tc_r_para(&o->r, "report.none");
}

/* One item as a list entry (the alert): severity, what, where, due, commands. */
static void item_li(out *o, const cJSON *it)
{
	tc_r_li(&o->r);
	tc_r_raw(&o->r, "[");
	severity(o, jstr(it, "severity"));
	tc_r_raw(&o->r, "] ");
	item_name(o, it);
	tc_r_raw(&o->r, " ");
	tc_r_text(&o->r, svc_name(o, it));
	tc_r_raw(&o->r, ": ");
	item_what(o, it);
	if (jcount(it, "countries")) {
		tc_r_sep(&o->r);
		tc_r_tr(&o->r, "report.where");
		tc_r_raw(&o->r, ": ");
		item_where(o, it);
	}
	if (jstr(it, "due")) {
		tc_r_sep(&o->r);
		tc_r_tr(&o->r, "report.due");
		tc_r_raw(&o->r, ": ");
		item_due(o, it);
	}
	tc_r_sep(&o->r);
	tc_r_tr(&o->r, "report.settle");
	tc_r_raw(&o->r, ": ");
	item_actions(o, it);
	tc_r_li_end(&o->r);
}

static void report_doc(out *o, const cJSON *root)
{
	char date[11];

	if (o->r.kind == TC_RENDER_HTML)
		html_open(o, run_date(root, date), jstr(jget(root, "organisation"), "name"));
	r_header(o, root);
	r_status(o, root);
	r_actions(o, root);
	r_summary(o, root);
	r_changes(o, root);
	r_findings(o, root);
	r_decisions(o, root);
	r_open(o, root);
	r_failures(o, root);
	r_flows(o, root);
	r_warnings(o, root);
	if (o->r.kind == TC_RENDER_HTML)
		tc_r_raw(&o->r, "<hr>\n<p class=\"note\">");
	else
		tc_r_raw(&o->r, tc_r_at_block_start(&o->r) ? "---\n\n" : "\n---\n\n");
	tc_r_trf(&o->r, "report.footer", TC_REPORT_VERSION);
	tc_r_raw(&o->r, o->r.kind == TC_RENDER_HTML ? "</p>\n" : "\n");
	if (o->r.kind == TC_RENDER_HTML)
		tc_r_html_end(&o->r);
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

/* ---- public: render ---- */

enum tc_lang tc_report_lang(const cJSON *run, enum tc_lang def)
{
	return tc_lang_or(jstr(jget(run, "run"), "lang"), def);
}

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

int tc_report_render(const cJSON *run, enum tc_report_format fmt, enum tc_lang lang,
		     tc_buf *outb, char *err, size_t errlen)
{
	out o = { .root = run };

	if (check_run(run, err, errlen) < 0)
		return -1;
	tc_render_init(&o.r, outb, TC_RENDER_MD, lang);
	o.r.labels = 1;
	switch (fmt) {
	case TC_REPORT_JSON: {
		char *s = cJSON_Print(run);

		if (!s) {
			tc_seterr(err, errlen, "cannot print the run report as JSON");
			return -1;
		}
		tc_r_raw(&o.r, s);
		tc_r_raw(&o.r, "\n");
		cJSON_free(s);
		break;
	}
	case TC_REPORT_MD:
		o.r.kind = TC_RENDER_MD;
		report_doc(&o, run);
		break;
	case TC_REPORT_HTML:
		o.r.kind = TC_RENDER_HTML;
		report_doc(&o, run);
		break;
	default:
		tc_seterr(err, errlen, "unknown report format %d", (int)fmt);
		return -1;
	}
	if (o.r.fail) {
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
		    enum tc_lang lang, char **paths_out, char *err, size_t errlen)
{
	return tc_report_write_ex(run, dir, basename, lang, 1, paths_out, err, errlen);
}

int tc_report_write_ex(const cJSON *run, const char *dir, const char *basename,
		       enum tc_lang lang, int update_latest, char **paths_out, char *err,
		       size_t errlen)
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
	for (int i = 0; update_latest && i < TC_REPORT_NFORMATS; i++, nstaged++) {
		if (tc_write_file_atomic(staged[i], bufs[i].data, bufs[i].len, 0644, e2,
					 sizeof(e2)) < 0) {
			tc_seterr(err, errlen, "cannot write the report '%s': %s", latest[i], e2);
			goto out;
		}
	}
	for (int i = 0; update_latest && i < TC_REPORT_NFORMATS; i++) {
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
	const cJSON **items;     /* open items (not failures: they have their section) */
	size_t nitems;
	int has_items;           /* the document carries "items" */
} alert_set;

static void alert_set_release(alert_set *a)
{
	free(a->changes);
	free(a->findings);
	free(a->failures);
	free(a->items);
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
	a->has_items = cJSON_IsArray(jget(root, "items"));
	all = objects(jarr(root, "items"), &n);
	a->items = all;
	a->nitems = 0;
	for (size_t i = 0; i < n; i++)
		if (item_open(all[i]) && !tc_streq(jstr(all[i], "type"), "failure"))
			a->items[a->nitems++] = all[i];
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
	tc_render_escape(b, s && *s ? s : "?", TC_ESC_TEXT, 80);
}

/* "Kundkort CRM ändrade sin lista över underbiträden" for each change (at most two). */
static void subject_changes(out *o, tc_buf *b, const alert_set *a)
{
	for (size_t i = 0; i < a->nchanges && i < 2; i++) {
		const char *its = tc_label_opt(o->r.lang, "doc_its", jstr(a->changes[i], "doc_kind"));

		if (i)
			tc_buf_adds(b, ", ");
		subj_add(b, svc_name(o, a->changes[i]));
		tc_buf_printf(b, " %s ", W(o, "report.subj_changed"));
		tc_buf_adds(b, its ? its : W(o, "report.subj_its_document"));
	}
	if (a->nchanges > 2) {
		tc_buf_adds(b, "; ");
		tc_buf_printf(b, W(o, "report.subj_more_changes"), (long)(a->nchanges - 2));
	}
}

/* The most severe item first: "Nytt underbiträde i Indien hos Kundkort CRM", else
 * "Kundkort CRM: <the finding>"; then "; 2 ändringar till" for the other changes. */
static void subject_lead(out *o, tc_buf *b, const alert_set *a)
{
	const cJSON *it = a->items[0];
	const cJSON *names = jget(jget(it, "country_names"), o->r.lang == TC_LANG_EN ? "en" : "sv");
	long change = jint(it, "change", 0), more = 0;

	if (tc_streq(jstr(it, "kind"), "subprocessor_added") && cJSON_GetArraySize(names) > 0) {
		tc_buf_printf(b, "%s ", W(o, "report.subj_new_sub"));
		subj_add(b, cJSON_GetStringValue(cJSON_GetArrayItem(names, 0)));
		tc_buf_printf(b, " %s ", W(o, "report.subj_at"));
		subj_add(b, svc_name(o, it));
	} else if (tc_streq(jstr(it, "type"), "finding")) {
		const char *msg = ji18n(it, "message", o->r.lang);

		subj_add(b, svc_name(o, it));
		tc_buf_adds(b, ": ");
		subj_add(b, msg && *msg ? msg : V(o, "finding", jstr(it, "kind")));
	} else {
		subj_add(b, svc_name(o, it));
		tc_buf_printf(b, " %s ", W(o, "report.subj_changed"));
		subj_add(b, tc_label_opt(o->r.lang, "doc_its", jstr(it, "doc_kind")));
	}
	for (size_t i = 0; i < a->nchanges; i++)
		more += jint(a->changes[i], "id", 0) != change;
	if (more) {
		tc_buf_adds(b, "; ");
		if (more == 1)
			tc_buf_adds(b, W(o, "report.subj_more_change"));
		else
			tc_buf_printf(b, W(o, "report.subj_more_changes"), more);
	}
}

/* "tiacheck: HubSpot ändrade sitt personuppgiftsbiträdesavtal (DPA); 2 nya fynd" */
static char *alert_subject(const cJSON *root, const alert_set *a, enum tc_lang lang)
{
	tc_buf b = TC_BUF_INIT, s = TC_BUF_INIT;
	out o = { .r = { .lang = lang }, .root = root };
	const char *cut;

	tc_buf_adds(&b, "tiacheck: ");
	if (a->has_items && a->nitems) {
		subject_lead(&o, &b, a);
	} else if (a->has_items && !a->nfindings) {
		/* only changes that settle nothing: say which documents */
		if (a->nchanges)
			subject_changes(&o, &b, a);
	} else if (a->nchanges && a->nchanges <= 2) {
		for (size_t i = 0; i < a->nchanges; i++) {
			const char *its = tc_label_opt(lang, "doc_its", jstr(a->changes[i], "doc_kind"));

			if (i)
				tc_buf_adds(&b, ", ");
			subj_add(&b, svc_name(&o, a->changes[i]));
			tc_buf_printf(&b, " %s ", W(&o, "report.subj_changed"));
			if (its) {
				tc_buf_adds(&b, its);
			} else {
				tc_buf_printf(&b, "%s \"", W(&o, "report.subj_its_document"));
				subj_add(&b, jstr(a->changes[i], "document"));
				tc_buf_adds(&b, "\"");
			}
		}
	} else if (a->nchanges > 2) {
		tc_buf_printf(&b, W(&o, "report.subj_changed_many"), (long)a->nchanges);
		tc_buf_adds(&b, " (");
		for (size_t i = 0; i < a->nchanges && i < 3; i++) {
			if (i)
				tc_buf_adds(&b, ", ");
			subj_add(&b, svc_name(&o, a->changes[i]));
		}
		tc_buf_adds(&b, a->nchanges > 3 ? ", …)" : ")");
	}
	if (a->nfindings && !a->has_items) {
		if (a->nchanges)
			tc_buf_adds(&b, "; ");
		if (a->nfindings == 1)
			tc_buf_adds(&b, W(&o, "report.subj_finding"));
		else
			tc_buf_printf(&b, W(&o, "report.subj_findings"), (long)a->nfindings);
	}
	if (a->nfailures) {
		if (strlen(tc_buf_str(&b)) > strlen("tiacheck: "))
			tc_buf_adds(&b, "; ");
		if (a->nfailures == 1) {
			subj_add(&b, svc_name(&o, a->failures[0]));
			tc_buf_adds(&b, "/");
			subj_add(&b, jstr(a->failures[0], "document"));
			tc_buf_adds(&b, " ");
			tc_buf_printf(&b, W(&o, "report.subj_failure"),
				      jint(a->failures[0], "consecutive", 1));
		} else {
			tc_buf_printf(&b, W(&o, "report.subj_failures"), (long)a->nfailures);
		}
	}
	/* one line, bounded, cut on a character */
	cut = tc_buf_str(&b);
	tc_render_escape(&s, cut, TC_ESC_TEXT, TC_REPORT_SUBJECT_MAX - strlen("…"));
	tc_buf_release(&b);
	return tc_buf_detach(&s);
}

/* "… 3 more are in the full report." when n items were more than shown. */
static void alert_more(out *o, const char *id, size_t n, size_t shown)
{
	if (n <= shown)
		return;
	tc_r_p(&o->r);
	tc_r_trf(&o->r, id, (long)(n - shown));
	tc_r_p_end(&o->r);
}

/* One line of an alert: "Svc/doc: ". */
static void alert_item_start(out *o, const cJSON *f)
{
	tc_r_li(&o->r);
	tc_r_text(&o->r, svc_name(o, f));
	tc_r_raw(&o->r, "/");
	tc_r_text(&o->r, jstr(f, "document"));
	tc_r_raw(&o->r, ": ");
}

static void alert_findings(out *o, const alert_set *a)
{
	section(o, "report.alert_findings", NULL, NULL);
	tc_r_ul(&o->r);
	for (int rank = 0, shown = 0; rank < 3; rank++) {
		for (size_t i = 0; i < a->nfindings; i++) {
			const cJSON *f = a->findings[i];

			if (sev_rank(f) != rank || shown >= TC_REPORT_ALERT_ITEMS)
				continue;
			shown++;
			tc_r_li(&o->r);
			tc_r_raw(&o->r, "[");
			severity(o, jstr(f, "severity"));
			tc_r_raw(&o->r, "] ");
			tc_r_text(&o->r, svc_name(o, f));
			tc_r_raw(&o->r, "/");
			tc_r_text(&o->r, jstr(f, "document"));
			tc_r_raw(&o->r, ": ");
			finding_text(o, f);
			if (jstr(f, "evidence")) {
				tc_r_sep(&o->r);
				tc_r_tr(&o->r, "report.evidence");
				tc_r_raw(&o->r, ": ");
				tc_r_text(&o->r, jstr(f, "evidence"));
			}
			tc_r_li_end(&o->r);
		}
	}
	tc_r_ul_end(&o->r);
	alert_more(o, "report.more_items", a->nfindings, TC_REPORT_ALERT_ITEMS);
}

static void alert_failures(out *o, const alert_set *a)
{
	section(o, "report.alert_failures", NULL, NULL);
	tc_r_ul(&o->r);
	for (size_t i = 0; i < a->nfailures && i < TC_REPORT_ALERT_ITEMS; i++) {
		const cJSON *f = a->failures[i];

		alert_item_start(o, f);
		failure_kind(o, f);
		if (failure_has_detail(f)) {
			tc_r_raw(&o->r, " (");
			failure_detail(o, f);
			tc_r_raw(&o->r, ")");
		}
		tc_r_sep(&o->r);
		tc_r_trf(&o->r, "report.runs_in_a_row", jint(f, "consecutive", 1));
		if (jstr(f, "since")) {
			tc_r_sep(&o->r);
			tc_r_tr(&o->r, "report.since");
			tc_r_raw(&o->r, " ");
			when(o, jstr(f, "since"));
		}
		tc_r_sep(&o->r);
		tc_r_url(&o->r, jstr(f, "url"));
		if (jstr(f, "item")) {
			char cmd[96];

			snprintf(cmd, sizeof(cmd), "tiacheck ack %.24s --note %s", jstr(f, "item"),
				 W(o, "report.ph_note"));
			tc_r_sep(&o->r);
			tc_r_tr(&o->r, "report.settle");
			tc_r_raw(&o->r, ": ");
			tc_r_code(&o->r, cmd);
		}
		tc_r_li_end(&o->r);
	}
	tc_r_ul_end(&o->r);
	alert_more(o, "report.more_items", a->nfailures, TC_REPORT_ALERT_ITEMS);
}

/* Where the full report is, and how to review. */
static void alert_footer(out *o, const cJSON *root)
{
	const char *where;

	section(o, "report.full_report", NULL, NULL);
	tc_r_p(&o->r);
	where = jstr(root, "report_url");
	if (where && *where) {
		tc_r_url(&o->r, where);
	} else if ((where = jstr(root, "report_path")) && *where) {
		tc_r_code(&o->r, where);
	} else {
		char tmp[64];

		snprintf(tmp, sizeof(tmp), W(o, "report.full_report_cmd"),
			 jint(jget(root, "run"), "id", 0));
		tc_r_code(&o->r, tmp);
	}
	tc_r_p_end(&o->r);
	tc_r_p(&o->r);
	tc_r_tr(&o->r, "report.how_review");
	tc_r_raw(&o->r, " ");
	tc_r_codef(&o->r, "tiacheck diff %s", W(o, "report.how_review3"));
	tc_r_raw(&o->r, " ");
	tc_r_tr(&o->r, "report.how_review2");
	tc_r_raw(&o->r, " ");
	tc_r_code(&o->r, "tiacheck ack ID");
	tc_r_raw(&o->r, ".");
	tc_r_p_end(&o->r);
}

static void alert_doc(out *o, const cJSON *root, const alert_set *a)
{
	const char *org = jstr(jget(root, "organisation"), "name");
	char date[11];
	const char *d = run_date(root, date);

	if (o->r.kind == TC_RENDER_HTML)
		html_open(o, d, org);
	tc_r_h(&o->r, 1);
	tc_r_tr(&o->r, "report.title");
	if (d) {
		tc_r_raw(&o->r, " ");
		tc_r_text(&o->r, d);
	}
	if (org) {
		tc_r_raw(&o->r, " – ");
		tc_r_text(&o->r, org);
	}
	tc_r_h_end(&o->r, 1);
	tc_r_p(&o->r);
	tc_r_tr(&o->r, "report.alert_intro");
	tc_r_raw(&o->r, " ");
	tc_r_tr(&o->r, "report.run");
	tc_r_rawf(&o->r, " %ld.", jint(jget(root, "run"), "id", 0));
	tc_r_p_end(&o->r);
	if (a->nitems) {
		tc_r_h(&o->r, 2);
		tc_r_tr(&o->r, "report.alert_actions");
		tc_r_h_end(&o->r, 2);
		tc_r_ul(&o->r);
		for (size_t i = 0; i < a->nitems && i < TC_REPORT_ALERT_ITEMS; i++)
			item_li(o, a->items[i]);
		tc_r_ul_end(&o->r);
		alert_more(o, "report.more_items", a->nitems, TC_REPORT_ALERT_ITEMS);
	}
	if (a->nchanges) {
		tc_r_h(&o->r, 2);
		tc_r_tr(&o->r, "report.alert_changes");
		tc_r_h_end(&o->r, 2);
		for (size_t i = 0; i < a->nchanges && i < TC_REPORT_ALERT_CHANGES; i++)
			change(o, a->changes[i], 3, TC_REPORT_ALERT_BLOCKS, 0);
		alert_more(o, "report.more_changes", a->nchanges, TC_REPORT_ALERT_CHANGES);
	}
	if (a->nfindings && !a->has_items)
		alert_findings(o, a);
	if (a->nfailures)
		alert_failures(o, a);
	alert_footer(o, root);
	if (o->r.kind == TC_RENDER_HTML)
		tc_r_html_end(&o->r);
}

int tc_report_alert(const cJSON *run, enum tc_lang lang, char **subject, char **text,
		    char **html, char *err, size_t errlen)
{
	alert_set a = { 0 };
	tc_buf tb, hb;
	out ot, oh;
	int ret = -1;

	*subject = *text = *html = NULL;
	tc_buf_init(&tb, TC_REPORT_MAX);
	tc_buf_init(&hb, TC_REPORT_MAX);
	if (check_run(run, err, errlen) < 0)
		goto out;
	alert_collect(run, &a);
	if (!a.nchanges && !a.nfailures && (a.has_items ? !a.nitems : !a.nfindings)) {
		ret = 0;
		goto out;
	}
	ot = (out){ .root = run };
	oh = (out){ .root = run };
	tc_render_init(&ot.r, &tb, TC_RENDER_TEXT, lang);
	tc_render_init(&oh.r, &hb, TC_RENDER_HTML, lang);
	ot.r.maxline = oh.r.maxline = TC_REPORT_ALERT_LINE;
	alert_doc(&ot, run, &a);
	alert_doc(&oh, run, &a);
	if (ot.r.fail || oh.r.fail) {
		tc_seterr(err, errlen, "the alert is larger than its limit of %zu bytes",
			  TC_REPORT_MAX);
		goto out;
	}
	*subject = alert_subject(run, &a, lang);
	*text = tc_buf_detach(&tb);
	*html = tc_buf_detach(&hb);
	ret = 1;
out:
	alert_set_release(&a);
	tc_buf_release(&tb);
	tc_buf_release(&hb);
	return ret;
}
