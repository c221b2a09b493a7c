/* Unit tests of extract_pdf's loading of poppler-glib: only on the first PDF, once for
 * all threads, and a clear failure (the run goes on) when it cannot be loaded. */
/* link: util utf8 extract extract_html extract_pdf gazetteer subproc subproc_feed */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tiacheck/extract.h"
#include "tiacheck/util.h"
#include "tu.h"

#define PDF_WORDS "Example Cloud Ltd hosts the service in Ireland"
#define NTHREADS 4

/* Build a one-page PDF showing PDF_WORDS in Helvetica, with an exact xref. Returns an
 * owned buffer of *len bytes. */
static char *tiny_pdf(size_t *len)
{
	static const char *const objs[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
		"/Resources << /Font << /F1 5 0 R >> >> >>",
		NULL, /* the content stream, below */
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		"<< /Title (Tiny test PDF) >>",
	};
	const char *stream = "BT /F1 12 Tf 72 720 Td (" PDF_WORDS ") Tj ET";
	size_t n = sizeof(objs) / sizeof(objs[0]), off[8], xref;
	tc_buf b = TC_BUF_INIT;

	tc_buf_init(&b, 1 << 16);
	tc_buf_printf(&b, "%%PDF-1.4\n");
	for (size_t i = 0; i < n; i++) {
		off[i] = b.len;
		if (objs[i])
			tc_buf_printf(&b, "%zu 0 obj\n%s\nendobj\n", i + 1, objs[i]);
		else
			tc_buf_printf(&b, "%zu 0 obj\n<< /Length %zu >>\nstream\n%s\nendstream\nendobj\n",
				      i + 1, strlen(stream), stream);
	}
	xref = b.len;
	tc_buf_printf(&b, "xref\n0 %zu\n0000000000 65535 f \n", n + 1);
	for (size_t i = 0; i < n; i++)
		tc_buf_printf(&b, "%010zu 00000 n \n", off[i]);
	tc_buf_printf(&b, "trailer\n<< /Size %zu /Root 1 0 R /Info 6 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
		      n + 1, xref);
	*len = b.len;
	return tc_buf_detach(&b);
}

/* 1 when a mapping of this process has needle in its path. */
static int mapped(const char *needle)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[4096];
	int found = 0;

	if (!f)
		return -1;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, needle) != NULL;
	fclose(f);
	return found;
}

/* Extract body (no minimum size); the status, and in *what an owned copy of the first
 * line of the text (or of the detail when not OK). */
static int extract(const char *body, size_t len, int format, char **what)
{
	tc_extract_opts o = { 0 };
	tc_extract_result r;
	int st;

	o.format = format;
	o.min_chars = 1;
	tc_extract(body, len, &o, &r);
	st = (int)r.status;
	*what = tc_xstrdup(st == TC_EX_OK ? r.text : r.detail);
	(*what)[strcspn(*what, "\n")] = '\0';   /* one line: the tests' texts have one */
	tc_extract_result_release(&r);
	return st;
}

/*
 * In a child process with $TIACHECK_POPPLER_LIB set to lib: extract the PDF twice and
 * then an HTML page; the child writes "status detail" per line into out (owned).
 * Returns the child's exit status (0 when it ended normally).
 */
static int child_run(const char *lib, const char *pdf, size_t pdflen, char **out)
{
	int fd[2], status = -1;
	tc_buf b = TC_BUF_INIT;
	pid_t pid;

	tc_buf_init(&b, 1 << 16);
	*out = NULL;
	if (pipe(fd) < 0)
		goto out;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		const char *html = "<html><body><p>Example Cloud Ltd, Ireland</p></body></html>";
		FILE *w = fdopen(fd[1], "w");
		char *what;
		int st;

		close(fd[0]);
		setenv("TIACHECK_POPPLER_LIB", lib, 1);
		for (int i = 0; i < 2; i++) {
			st = extract(pdf, pdflen, TC_FMT_AUTO, &what);
			fprintf(w, "%d %s\n", st, what);
			free(what);
		}
		st = extract(html, strlen(html), TC_FMT_AUTO, &what);
		fprintf(w, "%d %s\n", st, what);
		free(what);
		fprintf(w, "mapped %d\n", mapped("libpoppler"));
		exit(fclose(w) == 0 ? 0 : 3);
	}
	close(fd[1]);
	if (pid > 0) {
		char chunk[512];
		ssize_t k;

		while ((k = read(fd[0], chunk, sizeof(chunk))) > 0 && b.len < 60000)
			tc_buf_add(&b, chunk, (size_t)k);
		if (waitpid(pid, &status, 0) < 0)
			status = -1;
	}
	close(fd[0]);
	*out = tc_buf_detach(&b);
out:
	tc_buf_release(&b);
	return status;
}

/* The library cannot be loaded, or lacks poppler's functions: each PDF fails with
 * the reason, the next documents are extracted, poppler never gets mapped. */
static void test_load_failures(const char *pdf, size_t len)
{
	static const struct {
		const char *lib, *detail;
	} rows[] = {
		{ "/nonexistent/libx.so",
		  "PDF text needs poppler-glib (/nonexistent/libx.so): /nonexistent/libx.so: "
		  "cannot open shared object file: No such file or directory\n" },
		/* a library that is there (the test links it) but is not poppler-glib */
		{ "libzstd.so.1", "PDF text needs poppler-glib (libzstd.so.1): " },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *out = NULL, *second, *html;
		int rc = child_run(rows[i].lib, pdf, len, &out);
		char *want = tc_xasprintf("%d %s", TC_EX_UNSUPPORTED, rows[i].detail);

		TU_CASE(rows[i].lib);
		TU_INT(rc, 0);
		TU_CHECK(out && strncmp(out, want, strlen(want)) == 0,
			 "%s: first PDF: %s", rows[i].lib, out ? out : "(none)");
		second = out ? strchr(out, '\n') : NULL;
		TU_CHECK(second && strncmp(second + 1, want, strlen(want)) == 0,
			 "%s: second PDF: %s", rows[i].lib, second ? second + 1 : "(none)");
		html = second ? strchr(second + 1, '\n') : NULL;
		TU_CHECK(html && strcmp(html + 1, "0 Example Cloud Ltd, Ireland\nmapped 0\n") == 0,
			 "%s: the HTML after it: %s", rows[i].lib, html ? html + 1 : "(none)");
		if (i == 1)
			TU_CHECK(out && strstr(out, "undefined symbol: poppler_") != NULL,
				 "no poppler function named: %s", out ? out : "(none)");
		free(want);
		free(out);
	}
}

struct job {
	const char *pdf;
	size_t len;
	int status;
	char *text;
};

static void *job_run(void *arg)
{
	struct job *j = arg;

	j->status = extract(j->pdf, j->len, TC_FMT_PDF, &j->text);
	return NULL;
}

/* No poppler in a process that has seen no PDF; several threads whose first PDFs come
 * at once all get their text, and then poppler is mapped. */
static void test_loaded_on_first_pdf(const char *pdf, size_t len)
{
	pthread_t th[NTHREADS];
	struct job jobs[NTHREADS];
	int started = 0;

	TU_CASE("poppler is not mapped before the first PDF");
	TU_INT(mapped("libpoppler"), 0);
	TU_INT(mapped("libglib-2.0"), 0);

	TU_CASE("the first PDFs of several threads at once");
	for (int i = 0; i < NTHREADS; i++) {
		jobs[i] = (struct job){ pdf, len, -1, NULL };
		if (pthread_create(&th[i], NULL, job_run, &jobs[i]) != 0)
			break;
		started++;
	}
	TU_INT(started, NTHREADS);
	for (int i = 0; i < started; i++) {
		pthread_join(th[i], NULL);
		TU_CHECK(jobs[i].status == TC_EX_OK && jobs[i].text &&
			 strcmp(jobs[i].text, PDF_WORDS) == 0,
			 "thread %d: status %d: %s", i, jobs[i].status,
			 jobs[i].text ? jobs[i].text : "(null)");
		free(jobs[i].text);
	}

	TU_CASE("poppler is mapped after the first PDF");
	TU_INT(mapped("libpoppler-glib.so"), 1);
	TU_INT(mapped("libpoppler.so"), 1);
}

int main(void)
{
	size_t len;
	char *pdf = tiny_pdf(&len);

	/* the children first: they must not inherit a loaded poppler */
	test_load_failures(pdf, len);
	test_loaded_on_first_pdf(pdf, len);
	free(pdf);
	return TU_END("test_extract_pdf");
}
