/* link: util diff */
/* Block and word diff: counts, pairing, word detail, JSON shape, rendering, speed. */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "tiacheck/diff.h"
#include "tiacheck/util.h"
#include "tu.h"

/* Time limits are for optimised builds; sanitizers make code ~10 times slower (and
 * hold freed memory in quarantine, so peak memory is not measured under them). */
#ifdef __SANITIZE_ADDRESS__
#define SLOW 10
#define MEASURE_PEAK 0
#else
#define SLOW 1
#define MEASURE_PEAK 1
#endif

static char *json_of(const char *a, const char *b)
{
	tc_diff d = TC_DIFF_INIT;
	char err[128];
	char *s;

	if (tc_diff_texts(a, b, &d, err, sizeof(err)) < 0)
		return tc_xstrdup(err);
	s = tc_diff_to_json_str(&d);
	tc_diff_release(&d);
	return s;
}

static char *render(const char *a, const char *b, size_t context, int color)
{
	tc_diff d = TC_DIFF_INIT;
	tc_buf out = TC_BUF_INIT;
	char err[128];

	tc_diff_texts(a, b, &d, err, sizeof(err));
	tc_diff_render(&d, context, color, &out);
	tc_diff_release(&d);
	return tc_buf_detach(&out);
}

/* The old and new texts rebuilt from the blocks (and from the words of changes). */
static int rebuilds(const tc_diff *d, const char *a, const char *b)
{
	tc_buf ra = TC_BUF_INIT, rb = TC_BUF_INIT;
	int ok;

	for (size_t i = 0; i < d->nblocks; i++) {
		const tc_diff_block *k = &d->blocks[i];

		if (k->op == TC_DIFF_CHANGE) {
			for (size_t w = 0; w < k->nwords; w++) {
				if (k->words[w].op != TC_DIFF_ADD)
					tc_buf_adds(&ra, k->words[w].text);
				if (k->words[w].op != TC_DIFF_DEL)
					tc_buf_adds(&rb, k->words[w].text);
			}
			tc_buf_addc(&ra, '\n');
			tc_buf_addc(&rb, '\n');
			continue;
		}
		if (k->op != TC_DIFF_ADD) {
			tc_buf_adds(&ra, k->a);
			tc_buf_addc(&ra, '\n');
		}
		if (k->op != TC_DIFF_DEL) {
			tc_buf_adds(&rb, k->b);
			tc_buf_addc(&rb, '\n');
		}
	}
	ok = strcmp(tc_buf_str(&ra), a) == 0 && strcmp(tc_buf_str(&rb), b) == 0;
	tc_buf_release(&ra);
	tc_buf_release(&rb);
	return ok;
}

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void test_json(void)
{
	char *j;

	j = json_of("a\nb\n", "a\nb\n");
	TU_STR(j, "{\"added\":0,\"removed\":0,\"changed\":0,\"blocks\":[]}");
	free(j);

	j = json_of(NULL, "# Title\n");
	TU_STR(j, "{\"added\":1,\"removed\":0,\"changed\":0,\"blocks\":"
		  "[{\"op\":\"add\",\"a\":null,\"b\":\"# Title\"}]}");
	free(j);

	/* one line of context each side; elided same lines are not listed */
	j = json_of("one\ntwo\nthree\nfour\nfive\nsix\nseven\n",
		    "one\ntwo\nthree\nFOUR HUNDRED\nfive\nsix\nseven\n");
	TU_STR(j, "{\"added\":1,\"removed\":1,\"changed\":0,\"blocks\":["
		  "{\"op\":\"same\",\"a\":\"three\",\"b\":\"three\"},"
		  "{\"op\":\"del\",\"a\":\"four\",\"b\":null},"
		  "{\"op\":\"add\",\"a\":null,\"b\":\"FOUR HUNDRED\"},"
		  "{\"op\":\"same\",\"a\":\"five\",\"b\":\"five\"}]}");
	free(j);

	/* a similar line pair becomes a change with words */
	j = json_of("# Sub-processors\n| Acme Inc. | Hosting | United States |\nEnd.\n",
		    "# Sub-processors\n| Acme Inc. | Hosting | United States, India |\nEnd.\n");
	TU_STR(j, "{\"added\":0,\"removed\":0,\"changed\":1,\"blocks\":["
		  "{\"op\":\"same\",\"a\":\"# Sub-processors\",\"b\":\"# Sub-processors\"},"
		  "{\"op\":\"change\",\"a\":\"| Acme Inc. | Hosting | United States |\","
		  "\"b\":\"| Acme Inc. | Hosting | United States, India |\",\"words\":["
		  "{\"op\":\"same\",\"text\":\"| Acme Inc. | Hosting | United States\"},"
		  "{\"op\":\"add\",\"text\":\", India\"},"
		  "{\"op\":\"same\",\"text\":\" |\"}]},"
		  "{\"op\":\"same\",\"a\":\"End.\",\"b\":\"End.\"}]}");
	free(j);

	/* words replaced in place: deletions before additions, spaces joined */
	j = json_of("We may transfer data to the United States.\n",
		    "We may transfer data to India and Brazil.\n");
	TU_STR(j, "{\"added\":0,\"removed\":0,\"changed\":1,\"blocks\":["
		  "{\"op\":\"change\",\"a\":\"We may transfer data to the United States.\","
		  "\"b\":\"We may transfer data to India and Brazil.\",\"words\":["
		  "{\"op\":\"same\",\"text\":\"We may transfer data to \"},"
		  "{\"op\":\"del\",\"text\":\"the United States\"},"
		  "{\"op\":\"add\",\"text\":\"India and Brazil\"},"
		  "{\"op\":\"same\",\"text\":\".\"}]}]}");
	free(j);

	/* two runs of changes far apart: context around each */
	j = json_of("a\nb\nc\nd\ne\nf\ng\n", "a\nB1\nc\nd\ne\nF1\ng\n");
	TU_STR(j, "{\"added\":2,\"removed\":2,\"changed\":0,\"blocks\":["
		  "{\"op\":\"same\",\"a\":\"a\",\"b\":\"a\"},"
		  "{\"op\":\"del\",\"a\":\"b\",\"b\":null},{\"op\":\"add\",\"a\":null,\"b\":\"B1\"},"
		  "{\"op\":\"same\",\"a\":\"c\",\"b\":\"c\"},"
		  "{\"op\":\"same\",\"a\":\"e\",\"b\":\"e\"},"
		  "{\"op\":\"del\",\"a\":\"f\",\"b\":null},{\"op\":\"add\",\"a\":null,\"b\":\"F1\"},"
		  "{\"op\":\"same\",\"a\":\"g\",\"b\":\"g\"}]}");
	free(j);
}

static void test_blocks(void)
{
	tc_diff d = TC_DIFF_INIT;
	char err[128];
	const char *a = "# Privacy\nWe use Acme for hosting in Ireland.\nContact us.\n"
			"- item one\n- item two\n";
	const char *b = "# Privacy\nNew paragraph about cookies.\nWe use Acme for hosting in "
			"Ireland and India.\nContact us.\n- item two\n";

	TU_INT(tc_diff_texts(a, b, &d, err, sizeof(err)), 0);
	TU_INT(d.added, 1);
	TU_INT(d.removed, 1);
	TU_INT(d.changed, 1);
	TU_CHECK(rebuilds(&d, a, b), "blocks rebuild both texts");
	TU_INT(d.blocks[1].op, TC_DIFF_ADD);
	TU_INT(d.blocks[1].bline, 2);
	TU_INT(d.blocks[2].op, TC_DIFF_CHANGE);
	TU_INT(d.blocks[2].aline, 2);
	TU_INT(d.blocks[2].bline, 3);
	TU_CHECK(!tc_diff_is_empty(&d), "not empty");
	tc_diff_release(&d);

	/* reordered lines, duplicates, CRLF and blank lines */
	a = "x\ny\nx\nz\n\n";
	b = "z\r\nx\ny\n\nx\n";
	TU_INT(tc_diff_texts(a, b, &d, err, sizeof(err)), 0);
	TU_CHECK(rebuilds(&d, "x\ny\nx\nz\n", "z\nx\ny\nx\n"), "reorder rebuilds");
	tc_diff_release(&d);

	TU_INT(tc_diff_texts(NULL, NULL, &d, err, sizeof(err)), 0);
	TU_INT(d.nblocks, 0);
	TU_CHECK(tc_diff_is_empty(&d), "empty");
	tc_diff_release(&d);
}

/* Random edits of random texts: the blocks always rebuild both sides. */
static void test_random(void)
{
	unsigned seed = 12345;
	int bad = 0;

	for (int round = 0; round < 300; round++) {
		tc_buf a = TC_BUF_INIT, b = TC_BUF_INIT;
		tc_diff d = TC_DIFF_INIT;
		char err[64];
		int n = (int)((seed = seed * 1103515245 + 12345) >> 16) % 30;

		for (int i = 0; i < n; i++) {
			unsigned r = (seed = seed * 1103515245 + 12345) >> 16;
			int w = (int)(r % 6);

			tc_buf_printf(&a, "line %d word%d\n", w, (int)(r % 3));
			if (r % 5 == 0)
				tc_buf_printf(&b, "line %d other%d\n", w, (int)(r % 4));
			else if (r % 7 != 0)
				tc_buf_printf(&b, "line %d word%d\n", w, (int)(r % 3));
			if (r % 11 == 0)
				tc_buf_printf(&b, "inserted %u\n", r % 13);
		}
		tc_diff_texts(tc_buf_str(&a), tc_buf_str(&b), &d, err, sizeof(err));
		bad += !rebuilds(&d, tc_buf_str(&a), tc_buf_str(&b));
		tc_diff_release(&d);
		tc_buf_release(&a);
		tc_buf_release(&b);
	}
	TU_INT(bad, 0);
}

static void test_render(void)
{
	const char *a = "one\ntwo\nthree\nfour\nfive\nsix\nWe transfer to Ireland.\nend\n";
	const char *b = "one\ntwo\nthree\nfour\nfive\nsix\nWe transfer to India.\nend\nnew \033[2Jline\n";
	char *r = render(a, b, 1, 0);

	TU_STR(r, "@@ -6 +6 @@\n"
		  "  six\n"
		  "~ We transfer to [-Ireland-]{+India+}.\n"
		  "  end\n"
		  "+ new \\x1b[2Jline\n");
	free(r);
	r = render(a, b, 0, 1);
	TU_CHECK(strstr(r, "\033[31m[-Ireland-]\033[0m") != NULL, "red deletion: %s", r);
	TU_CHECK(strstr(r, "\033[32m{+India+}\033[0m") != NULL, "green addition");
	TU_CHECK(strstr(r, "\033[2J") == NULL, "control characters made inert");
	free(r);
	r = render("a\nb\n", "a\nb\n", 3, 0);
	TU_STR(r, "");
	free(r);
}

static void test_speed(void)
{
	tc_buf a = TC_BUF_INIT, b = TC_BUF_INIT, c = TC_BUF_INIT;
	tc_diff d = TC_DIFF_INIT;
	char err[128];
	double t0, ms;

	for (int i = 0; a.len < 500000; i++) {
		tc_buf_printf(&a, "Paragraph %d: the processor shall process personal data only on "
			      "documented instructions from the controller, clause %d.\n", i, i % 17);
		if (i % 50 == 7)
			tc_buf_printf(&b, "Paragraph %d: the processor may process personal data in "
				      "India on instructions from the controller, clause %d.\n", i, i % 17);
		else if (i % 97 != 3)
			tc_buf_printf(&b, "Paragraph %d: the processor shall process personal data only "
				      "on documented instructions from the controller, clause %d.\n",
				      i, i % 17);
		if (i % 131 == 0)
			tc_buf_printf(&b, "A new sentence number %d.\n", i);
		tc_buf_printf(&c, "Completely different %d text %d.\n", i * 7, i % 5);
	}
	t0 = now_ms();
	TU_INT(tc_diff_texts(a.data, b.data, &d, err, sizeof(err)), 0);
	ms = now_ms() - t0;
	printf("diff of %zu / %zu bytes: +%zu -%zu ~%zu in %.1f ms\n", a.len, b.len, d.added,
	       d.removed, d.changed, ms);
	TU_CHECK(d.changed > 50 && d.removed > 20 && d.added > 20, "counts");
	TU_CHECK(!d.coarse, "aligned");
	TU_CHECK(rebuilds(&d, a.data, b.data), "large rebuild");
	TU_CHECK(ms < 2000 * SLOW, "too slow: %.1f ms", ms);
	tc_diff_release(&d);

	/* nothing in common: the guard keeps it fast */
	t0 = now_ms();
	TU_INT(tc_diff_texts(a.data, c.data, &d, err, sizeof(err)), 0);
	ms = now_ms() - t0;
	printf("diff of unrelated texts: +%zu -%zu ~%zu coarse=%d in %.1f ms\n", d.added,
	       d.removed, d.changed, d.coarse, ms);
	TU_CHECK(rebuilds(&d, a.data, c.data), "unrelated rebuild");
	TU_CHECK(ms < 3000 * SLOW, "unrelated too slow: %.1f ms", ms);
	tc_diff_release(&d);
	tc_buf_release(&a);
	tc_buf_release(&b);
	tc_buf_release(&c);
}

/* A large diff keeps only the same lines near changes, with the texts' line numbers;
 * the rendering starts a new hunk at each elided stretch. */
static void test_large(void)
{
	tc_buf a = TC_BUF_INIT, b = TC_BUF_INIT, r = TC_BUF_INIT;
	tc_diff d = TC_DIFF_INIT;
	char err[128];
	size_t hunks = 0, same = 0;

	for (size_t i = 0; i < TC_DIFF_FULL_LINES; i++) {
		tc_buf_printf(&a, "line %zu\n", i);
		tc_buf_printf(&b, i == 1000 || i == 90000 ? "edited %zu\n" : "line %zu\n", i);
	}
	TU_INT(tc_diff_texts(a.data, b.data, &d, err, sizeof(err)), 0);
	TU_INT(d.elided, 1);
	TU_INT(d.changed, 2);
	TU_INT(d.omitted, 0);
	for (size_t i = 0; i < d.nblocks; i++)
		same += d.blocks[i].op == TC_DIFF_SAME;
	TU_INT(same, 4 * TC_DIFF_KEEP_CONTEXT);
	TU_INT(tc_diff_render(&d, 1, 0, &r), 0);
	for (const char *p = r.data; p && (p = strstr(p, "@@ -")); p++)
		hunks++;
	TU_INT(hunks, 2);
	TU_CHECK(strstr(r.data, "@@ -90000 +90000 @@\n  line 89999\n~ [-line-]{+edited+} 90000\n") != NULL,
		 "second hunk: %s", r.data);
	tc_diff_release(&d);
	tc_buf_release(&a);
	tc_buf_release(&b);
	tc_buf_release(&r);
}

static long peak_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/*
 * Issue 11 defect 7: 16 MB of tiny paragraphs (few distinct lines, so nothing
 * anchors the alignment and every line is a change) took about 1 GB. The rise of
 * the process's peak resident size during the diff must stay under 8 times the two
 * inputs. Deterministic: the texts are generated, and the bound is on memory, not
 * time. Runs first, so that no earlier case has raised the peak.
 */
static void test_memory(void)
{
	size_t target = (size_t)16 << 20;
	tc_buf a = TC_BUF_INIT, b = TC_BUF_INIT;
	tc_diff d = TC_DIFF_INIT;
	char err[128];
	unsigned x = 1;
	long before, rise_kb;

	tc_buf_init(&a, target + 64);
	tc_buf_init(&b, target + 64);
	for (size_t i = 0; a.len < target; i++) {
		x = x * 1103515245u + 12345u;
		tc_buf_printf(&a, "p%u\n\n", (x >> 16) % 1000);
		if (i % 1000 == 7)
			tc_buf_printf(&b, "q%zu\n\n", i);
		else
			tc_buf_printf(&b, "p%u\n\n", (x >> 16) % 1000);
	}
	before = peak_kb();
	TU_INT(tc_diff_texts(a.data, b.data, &d, err, sizeof(err)), 0);
	rise_kb = peak_kb() - before;
	printf("diff of 2 x %zu bytes of tiny paragraphs: peak rose by %ld MB; %zu blocks, "
	       "+%zu -%zu, %zu omitted\n", a.len, rise_kb / 1024, d.nblocks, d.added, d.removed,
	       d.omitted);
	TU_CHECK(d.nblocks <= TC_DIFF_MAX_BLOCKS, "blocks capped");
	TU_CHECK(d.added + d.changed >= a.len / 1000 / 8, "the edits are counted");
	TU_CHECK(d.omitted > 0 && d.omitted <= d.added + d.removed + d.changed, "omitted counted");
	if (MEASURE_PEAK)
		TU_CHECK((size_t)rise_kb * 1024 < 8 * (a.len + b.len), "peak rose by %ld MB",
			 rise_kb / 1024);
	tc_diff_release(&d);
	tc_buf_release(&a);
	tc_buf_release(&b);
}

/* "kind/reason" of one classification. */
static const char *cls(const char *a, const char *b, const char *const *recent, size_t n)
{
	static char buf[64];
	tc_change_class c = tc_diff_classify(a, b, recent, n);

	snprintf(buf, sizeof(buf), "%s/%s", tc_change_kind_name(c.kind),
		 tc_change_reason_name(c.reason));
	return buf;
}

static void test_class_links(void)
{
	const char *a = "# Contact\nWrite to privacy@example.org or call us.\nSee the list.\n";
	const char *b = "# Contact\nWrite to [privacy@example.org](mailto:privacy@example.org?"
			"subject=DPA) or call us.\nSee the [list](https://example.org/sub).\n";
	const char *c = "# Contact\nWrite to privacy@example.org or call us.\nSee the "
			"[list](https://example.org/sub-v2).\n![logo](https://cdn.example/x.png)\n";

	TU_STR(cls(a, a, NULL, 0), "none/identical");
	TU_STR(cls(a, b, NULL, 0), "cosmetic/link_targets");
	TU_STR(cls(a, c, NULL, 0), "substantive/edit");   /* the image adds a word */
	/* a target changed or removed is an edit (it may point to another document) */
	TU_STR(cls(b, "# Contact\nWrite to [privacy@example.org](mailto:privacy@example.org?"
		      "subject=DPA) or call us.\nSee the [list](https://example.org/sub2).\n",
		   NULL, 0), "substantive/edit");
	TU_STR(cls(b, a, NULL, 0), "substantive/edit");
	/* a cache-busting hash in a target is not a new target */
	TU_STR(cls("See [the list](https://example.org/l?v=0a1b2c3d4e5f60718293).\n",
		   "See the [list](https://example.org/l?v=ffee0d1c2b3a49586777).\n", NULL, 0),
	       "cosmetic/link_targets");
	/* the words of a link's text are words */
	TU_STR(cls(b, "# Contact\nWrite to [dpo@example.org](mailto:privacy@example.org) or "
		      "call us.\nSee the [list](https://example.org/sub).\n", NULL, 0),
	       "substantive/edit");
}

static void test_class_stamps(void)
{
	const char *a = "# Sub-processors\nWe use these providers.\n"
			"Page generated on 3 March 2026 at 10:22 UTC.\n"
			"Last updated: 2026-02-01\nbuild 4f1c2a9 | request id: 9d8e7f6a5b\n"
			"cache 0a1b2c3d4e5f60718293a4b5c6d7e8f9\n"
			"Rendered 2026-03-03T10:22:05Z by the site.\n";
	const char *b = "# Sub-processors\nWe use these providers.\n"
			"Page generated on 10 March 2026 at 07:01 UTC.\n"
			"Last updated: 2026-03-09\nbuild 77ab0e1 | request id: 1a2b3c4d5e\n"
			"cache ffeeddccbbaa99887766554433221100\n"
			"Rendered 2026-03-10T07:01:44Z by the site.\n";
	/* the same stamps moved, and one real edit next to one of them */
	const char *c = "# Sub-processors\nWe use these providers.\n"
			"Page generated on 10 March 2026 at 07:01 UTC for customers in India.\n"
			"Last updated: 2026-03-09\nbuild 77ab0e1 | request id: 1a2b3c4d5e\n"
			"cache ffeeddccbbaa99887766554433221100\n"
			"Rendered 2026-03-10T07:01:44Z by the site.\n";

	TU_STR(cls(a, b, NULL, 0), "cosmetic/volatile_stamp");
	TU_STR(cls(a, c, NULL, 0), "substantive/edit");
	TU_STR(cls("Generated: 1 May 2026. We store data in Sweden.\n",
		   "Generated: 2 May 2026. We store data in Norway.\n", NULL, 0), "substantive/edit");
	/* an effective date and a version are news, not stamps */
	TU_STR(cls("Effective date: 1 May 2026\n", "Effective date: 1 June 2026\n", NULL, 0),
	       "substantive/edit");
	TU_STR(cls("Version 3\nTerms.\n", "Version 4\nTerms.\n", NULL, 0), "substantive/edit");
	TU_STR(cls("Senast uppdaterad 3 mars 2026\nText.\n", "Senast uppdaterad 9 mars 2026\nText.\n",
		   NULL, 0), "cosmetic/volatile_stamp");
}

static void test_class_flip_flop(void)
{
	const char *v1 = "# List\nVariant A of the page with the same list.\n";
	const char *v2 = "# List\nVariant B of the page with the same list.\n";
	const char *v3 = "# List\nA third text.\n";
	char hex[65];
	const char *recent_texts[] = { v3, v1 };
	const char *recent_hashes[2];
	tc_change_class c;

	tc_sha256_hex(v1, strlen(v1), hex);
	recent_hashes[0] = "not a hash";
	recent_hashes[1] = hex;
	TU_STR(cls(v2, v1, recent_texts, 2), "cosmetic/flip_flop");
	c = tc_diff_classify(v2, v1, recent_hashes, 2);
	TU_INT(c.kind, TC_CHANGE_COSMETIC);
	TU_INT(c.reason, TC_CHANGE_R_FLIP_FLOP);
	TU_INT(c.recent, 1);
	TU_STR(cls(v2, v1, NULL, 0), "substantive/edit");
	TU_STR(cls(v1, v3, recent_texts + 1, 1), "substantive/edit");
	/* a variant that returns with another "generated" time is still the variant */
	{
		const char *w1 = "Variant A.\nGenerated on 2026-03-01 10:00 UTC\n";
		const char *w2 = "Variant B.\nGenerated on 2026-03-02 10:00 UTC\n";
		const char *w3 = "Variant A.\nGenerated on 2026-03-03 10:00 UTC\n";
		const char *r[] = { w1 };

		TU_STR(cls(w2, w3, r, 1), "cosmetic/flip_flop");
	}
}

static void test_class_edit(void)
{
	const char *a = "# Sub-processors\n| Entity | Country |\n| --- | --- |\n"
			"| Example Ltd | Ireland |\n";
	const char *b = "# Sub-processors\n| Entity | Country |\n| --- | --- |\n"
			"| Example Ltd | Ireland |\n| Sample Inc. | United States |\n";

	TU_STR(cls(a, b, NULL, 0), "substantive/edit");
	TU_STR(cls(b, a, NULL, 0), "substantive/edit");
	TU_STR(cls(NULL, a, NULL, 0), "substantive/edit");
	TU_STR(cls(NULL, NULL, NULL, 0), "none/identical");
}

int main(void)
{
	test_memory();
	test_json();
	test_blocks();
	test_random();
	test_render();
	test_speed();
	test_large();
	test_class_links();
	test_class_stamps();
	test_class_flip_flop();
	test_class_edit();
	return TU_END("test_diff");
}
