/*
 * eval_corpus: measured noise immunity of extraction. Replays every history of the
 * corpus (CORPUS_DIR/<history>/NNN.html + labels.tsv) in order with no per-service
 * configuration. Two tables: "text differs" (both sides extract OK and their
 * normalised texts differ) and "would alert" (the text differs and the change class
 * of tc_diff_classify, given the history's earlier versions, is substantive: what the
 * monitor alerts). Prints them per history and in total, each failing pair with a
 * one-line reason, and the throughput of a bare libxml2 parse and of the full
 * extraction. The target applies to "would alert".
 *
 * usage: eval_corpus [--dump DIR] CORPUS_DIR
 *   --dump DIR   write each extraction to DIR/<history>/NNN.txt (for inspection)
 * Exit: 0 when >= 97% of substantive pairs alert and >= 97% of noise pairs stay
 * silent, 1 when not, 2 on usage or read errors.
 */
/* link: util utf8 extract extract_html extract_pdf gazetteer subproc subproc_feed diff */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <libxml/HTMLparser.h>

#include "tiacheck/diff.h"
#include "tiacheck/extract.h"
#include "tiacheck/util.h"

#define MAX_DOCS 1000
#define REPEAT 3

typedef struct doc {
	int num;
	tc_extract_result r;
} doc;

typedef struct tally {
	int sub_alert, sub_miss, noise_silent, noise_alert;
} tally;

/* Both tables: [0] text differs, [1] would alert (change classes applied). */
typedef struct tallies {
	tally t[2];
} tallies;

static void count(tally *t, int substantive, int alert)
{
	if (substantive && alert)
		t->sub_alert++;
	else if (substantive)
		t->sub_miss++;
	else if (!alert)
		t->noise_silent++;
	else
		t->noise_alert++;
}

/* The distinct good texts of the history before page index upto (file order), newest
 * first, without old: the "recent versions" the monitor passes. */
static size_t recent_versions(doc *docs, int upto, const char *old, const char **out, size_t max)
{
	size_t n = 0;

	for (int i = upto - 1; i >= 0 && n < max; i--) {
		int dup = docs[i].r.status != TC_EX_OK || strcmp(docs[i].r.text, old) == 0;

		for (size_t k = 0; !dup && k < n; k++)
			dup = strcmp(out[k], docs[i].r.text) == 0;
		if (!dup)
			out[n++] = docs[i].r.text;
	}
	return n;
}

static int cmp_doc(const void *a, const void *b)
{
	return ((const doc *)a)->num - ((const doc *)b)->num;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static doc *find_doc(doc *docs, int ndocs, int num)
{
	for (int i = 0; i < ndocs; i++)
		if (docs[i].num == num)
			return &docs[i];
	return NULL;
}

/* One line of s starting at p, copied (truncated) into out. */
static void line_at(const char *p, char *out, size_t outlen)
{
	size_t k = 0;

	while (p && *p && *p != '\n' && k + 1 < outlen)
		out[k++] = *p++;
	out[k] = '\0';
}

/* Describe the first difference of two texts. */
static void first_diff(const char *a, const char *b, char *out, size_t outlen)
{
	const char *la = a, *lb = b;
	char x[100], y[100];
	int line = 1;

	while (*la && *lb) {
		const char *ea = strchr(la, '\n'), *eb = strchr(lb, '\n');
		size_t na = ea ? (size_t)(ea - la) : strlen(la), nb = eb ? (size_t)(eb - lb) : strlen(lb);

		if (na != nb || memcmp(la, lb, na) != 0)
			break;
		la += na + (ea ? 1 : 0);
		lb += nb + (eb ? 1 : 0);
		line++;
	}
	line_at(la, x, sizeof(x));
	line_at(lb, y, sizeof(y));
	snprintf(out, outlen, "line %d: '%s' -> '%s'", line, x, y);
}

/* Evaluate one history; returns 0, or -1 when it cannot be read. */
static int eval_history(const char *top, const char *name, const char *dump, tallies *total,
			double *bytes, double *t_parse, double *t_extract)
{
	char *dir = tc_path_join(top, name), *labels = tc_path_join(dir, "labels.tsv");
	tc_buf lb = TC_BUF_INIT, body = TC_BUF_INIT;
	char err[256];
	doc *docs = tc_xcalloc(MAX_DOCS, sizeof(*docs));
	int ndocs = 0, ret = -1;
	tallies t;
	DIR *d = NULL;
	struct dirent *de;
	char *line, *save = NULL;

	if (tc_read_file(labels, 1 << 20, &lb, err, sizeof(err)) < 0) {
		fprintf(stderr, "eval_corpus: %s\n", err);
		goto out;
	}
	if (!(d = opendir(dir)))
		goto out;
	while ((de = readdir(d)) != NULL && ndocs < MAX_DOCS) {
		int num;
		char tail[16];
		char *path;

		if (sscanf(de->d_name, "%d.%15s", &num, tail) != 2 || strcmp(tail, "html") != 0)
			continue;
		path = tc_path_join(dir, de->d_name);
		tc_buf_reset(&body);
		if (tc_read_file(path, (size_t)64 << 20, &body, err, sizeof(err)) < 0) {
			fprintf(stderr, "eval_corpus: %s\n", err);
			free(path);
			goto out;
		}
		free(path);
		/* bare parse, then the full extraction, REPEAT times each */
		{
			double t0 = now_s();

			for (int k = 0; k < REPEAT; k++) {
				htmlDocPtr hd = htmlReadMemory(body.data, (int)body.len, NULL, NULL,
							       HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
							       HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
				xmlFreeDoc(hd);
			}
			*t_parse += now_s() - t0;
			t0 = now_s();
			for (int k = 0; k < REPEAT; k++) {
				tc_extract_result r;

				tc_extract(body.data, body.len, NULL, &r);
				if (k == REPEAT - 1)
					docs[ndocs].r = r;
				else
					tc_extract_result_release(&r);
			}
			*t_extract += now_s() - t0;
			*bytes += (double)body.len * REPEAT;
		}
		docs[ndocs].num = num;
		if (dump) {
			char *dd = tc_path_join(dump, name), fname[32], *fp;

			tc_mkdir_p(dd, 0755, err, sizeof(err));
			snprintf(fname, sizeof(fname), "%03d.txt", num);
			fp = tc_path_join(dd, fname);
			if (docs[ndocs].r.status == TC_EX_OK)
				tc_write_file_atomic(fp, docs[ndocs].r.text, docs[ndocs].r.len, 0644,
						     err, sizeof(err));
			else {
				char *msg = tc_xasprintf("[%s] %s\n",
							 tc_extract_status_name(docs[ndocs].r.status),
							 docs[ndocs].r.detail);

				tc_write_file_atomic(fp, msg, strlen(msg), 0644, err, sizeof(err));
				free(msg);
			}
			free(fp);
			free(dd);
		}
		ndocs++;
	}
	memset(&t, 0, sizeof(t));
	qsort(docs, (size_t)ndocs, sizeof(*docs), cmp_doc);
	printf("== %s (%d pages)\n", name, ndocs);
	for (line = strtok_r(lb.data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		int a, b, alert, differs, substantive;
		char label[32], why[300];
		const char *recent[8];
		doc *da, *db;

		if (sscanf(line, "%d-%d\t%31[a-z]", &a, &b, label) != 3)
			continue;
		da = find_doc(docs, ndocs, a);
		db = find_doc(docs, ndocs, b);
		if (!da || !db) {
			printf("  %03d-%03d: missing page\n", a, b);
			continue;
		}
		substantive = strcmp(label, "substantive") == 0;
		differs = da->r.status == TC_EX_OK && db->r.status == TC_EX_OK &&
			  strcmp(da->r.text, db->r.text) != 0;
		alert = differs;
		if (differs) {
			size_t nr = recent_versions(docs, (int)(da - docs), da->r.text, recent, 8);
			tc_change_class cc = tc_diff_classify(da->r.text, db->r.text, recent, nr);

			alert = cc.kind == TC_CHANGE_SUBSTANTIVE;
			if (!alert && substantive)
				printf("  (%03d-%03d substantive, classed cosmetic: %s)\n", a, b,
				       tc_change_reason_name(cc.reason));
		}
		count(&t.t[0], substantive, differs);
		count(&t.t[1], substantive, alert);
		if (substantive == alert && !(da->r.status != TC_EX_OK || db->r.status != TC_EX_OK))
			continue;
		if (da->r.status != TC_EX_OK || db->r.status != TC_EX_OK) {
			const doc *f = da->r.status != TC_EX_OK ? da : db;

			snprintf(why, sizeof(why), "%03d: %s (%s)", f->num,
				 tc_extract_status_name(f->r.status), f->r.detail);
		} else if (alert) {
			first_diff(da->r.text, db->r.text, why, sizeof(why));
		} else {
			snprintf(why, sizeof(why), "texts identical");
		}
		printf("  %s %03d-%03d %-11s %s\n", substantive == alert ? "ok  " : "FAIL", a, b,
		       label, why);
	}
	for (int k = 0; k < 2; k++) {
		printf("  %s: substantive alerted %d / missed %d; noise silent %d / alerted %d\n",
		       k ? "would alert " : "text differs", t.t[k].sub_alert, t.t[k].sub_miss,
		       t.t[k].noise_silent, t.t[k].noise_alert);
		total->t[k].sub_alert += t.t[k].sub_alert;
		total->t[k].sub_miss += t.t[k].sub_miss;
		total->t[k].noise_silent += t.t[k].noise_silent;
		total->t[k].noise_alert += t.t[k].noise_alert;
	}
	ret = 0;
out:
	if (d)
		closedir(d);
	for (int i = 0; i < ndocs; i++)
		tc_extract_result_release(&docs[i].r);
	free(docs);
	tc_buf_release(&lb);
	tc_buf_release(&body);
	free(labels);
	free(dir);
	return ret;
}

int main(int argc, char **argv)
{
	const char *top, *dump = NULL;
	char *names[256];
	int nnames = 0, rc = 0;
	DIR *d;
	struct dirent *de;
	tallies all;
	tally t;
	double bytes = 0, tp = 0, te = 0, sub_pct = 0, noise_pct = 0;

	memset(&all, 0, sizeof(all));

	if (argc == 4 && strcmp(argv[1], "--dump") == 0) {
		dump = argv[2];
		top = argv[3];
	} else if (argc == 2) {
		top = argv[1];
	} else {
		fprintf(stderr, "usage: eval_corpus [--dump DIR] CORPUS_DIR\n");
		return 2;
	}
	if (!(d = opendir(top))) {
		fprintf(stderr, "eval_corpus: cannot open '%s'\n", top);
		return 2;
	}
	while ((de = readdir(d)) != NULL && nnames < 256) {
		char *dir = tc_path_join(top, de->d_name), *l = tc_path_join(dir, "labels.tsv");
		struct stat st;

		if (de->d_name[0] != '.' && stat(l, &st) == 0)
			names[nnames++] = tc_xstrdup(de->d_name);
		free(l);
		free(dir);
	}
	closedir(d);
	qsort(names, (size_t)nnames, sizeof(names[0]), cmp_str);
	for (int i = 0; i < nnames; i++) {
		if (eval_history(top, names[i], dump, &all, &bytes, &tp, &te) < 0)
			rc = 2;
		free(names[i]);
	}
	for (int k = 0; k < 2; k++) {
		t = all.t[k];
		sub_pct = t.sub_alert + t.sub_miss ?
			100.0 * t.sub_alert / (t.sub_alert + t.sub_miss) : 100;
		noise_pct = t.noise_silent + t.noise_alert ?
			100.0 * t.noise_silent / (t.noise_silent + t.noise_alert) : 100;
		printf("\n== total (%d histories): %s\n", nnames,
		       k ? "would alert (change classes applied)" : "text differs");
		printf("                 alert   silent\n");
		printf("  substantive  %7d  %7d   %.1f%% alerted\n", t.sub_alert, t.sub_miss, sub_pct);
		printf("  noise        %7d  %7d   %.1f%% silent\n", t.noise_alert, t.noise_silent,
		       noise_pct);
	}
	printf("throughput: bare htmlReadMemory %.1f MB/s, full extraction %.1f MB/s (%.0f%%)\n",
	       bytes / 1e6 / (tp > 0 ? tp : 1e-9), bytes / 1e6 / (te > 0 ? te : 1e-9),
	       te > 0 ? 100.0 * tp / te : 0.0);
	printf("target (>= 97%% both, no per-service rules): %s\n",
	       sub_pct >= 97 && noise_pct >= 97 ? "met" : "NOT met");
	if (rc == 0 && !(sub_pct >= 97 && noise_pct >= 97))
		rc = 1;
	return rc;
}
