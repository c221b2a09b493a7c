/* link: util extract extract_html extract_pdf subproc_feed catalog refdata refscope jsondoc diff subproc findings phrases dpf gazetteer */
/*
 * Replays every input saved under tests/fuzz/regressions/ (NAME-*.bin, NAME one of the
 * fuzz targets) through the same entry points as the libFuzzer harnesses, which are
 * included here without their libFuzzer main; plus a few hostile inputs written out
 * below, so that the harness code itself stays tested. Run under
 * `make SANITIZE=address,undefined` to catch memory errors as the fuzzer did.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tiacheck/util.h"
#include "tu.h"

#define TC_FUZZ_NO_MAIN
#include "../fuzz/fuzz_extract.c"
#include "../fuzz/fuzz_catalog.c"
#include "../fuzz/fuzz_gazetteer.c"
#include "../fuzz/fuzz_diff.c"
#include "../fuzz/fuzz_subproc.c"

typedef int (*fuzz_one_fn)(const uint8_t *data, size_t size, char *why, size_t whylen);

static const struct target {
	const char *name;
	fuzz_one_fn one;
} targets[] = {
	{ "extract", fuzz_extract_one },
	{ "catalog", fuzz_catalog_one },
	{ "gazetteer", fuzz_gazetteer_one },
	{ "diff", fuzz_diff_one },
	{ "subproc", fuzz_subproc_one },
};

#define B(target, lit) { target, lit, sizeof(lit) - 1 }

/* Inputs that once were, or look like, trouble for each target. */
static const struct builtin {
	const char *target;
	const char *data;
	size_t len;
} builtins[] = {
	B("extract", ""),
	B("extract", "<"),
	B("extract", "%PDF-"),
	B("extract", "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>"),
	B("extract", "\xef\xbb\xbf<html><body><table><tr><td>a|b</td></tr></table>"),
	B("extract", "<html>\0<body>x\0y</body>"),
	B("extract", "\xff\xfeh\0t\0m\0l\0"),
	B("extract", "<meta charset=\"utf-16\"><p>\xc2\xa0\xe2\x80\x8b</p>"),
	B("catalog", ""),
	B("catalog", "{"),
	B("catalog", "[]"),
	B("catalog", "{\"id\":\"x\",\"id\":\"x\"}"),
	B("catalog", "{\"id\":\"fuzz\",\"locations\":[{\"country\":\"\"}],\"documents\":[{}]}"),
	B("catalog", "{\"dpo\":null,\"activities\":[[]]}"),
	B("gazetteer", ""),
	B("gazetteer", "US, IN and CN (SG) SG-based New Jersey"),
	B("gazetteer", "\xc3"),
	B("gazetteer", "{\"countries\":[]}"),
	B("diff", ""),
	B("diff", "\x1e"),
	B("diff", "a\r\n\r\nb\x1e\nb\na\n"),
	B("diff", "x y z\x1ex y w\x1e\0tail"),
	B("subproc", ""),
	B("subproc", "| Entity | Location |\n| --- | --- |\n| A Inc. | US |\x1e"
		     "| Entity | Location |\n| --- | --- |\n| A, Inc | US, IN |\n| B | |"),
	B("subproc", "| a |\n| --- |\n| |"),
};

static fuzz_one_fn target_fn(const char *name, size_t n)
{
	for (size_t i = 0; i < TC_ARRAY_LEN(targets); i++)
		if (strlen(targets[i].name) == n && strncmp(targets[i].name, name, n) == 0)
			return targets[i].one;
	return NULL;
}

/* Replay one saved file; its target is the part of its name before the first '-'. */
static void replay_file(const char *dir, const char *fname)
{
	const char *dash = strchr(fname, '-');
	fuzz_one_fn fn = dash ? target_fn(fname, (size_t)(dash - fname)) : NULL;
	char *path = tc_path_join(dir, fname);
	tc_buf b = TC_BUF_INIT;
	char err[512], why[512] = "";

	TU_CHECK(fn != NULL, "%s: no fuzz target named by the file name", fname);
	if (fn && tc_read_file(path, (size_t)64 << 20, &b, err, sizeof(err)) == 0)
		TU_CHECK(fn((const uint8_t *)tc_buf_str(&b), b.len, why, sizeof(why)) == 0,
			 "%s: %s", fname, why);
	else if (fn)
		TU_CHECK(0, "%s", err);
	tc_buf_release(&b);
	free(path);
}

int main(void)
{
	const char *top = getenv("TC_TOP");
	char *dir = tc_path_join(top && *top ? top : ".", "tests/fuzz/regressions");
	DIR *dh = opendir(dir);
	struct dirent *de;
	size_t nfiles = 0;

	for (size_t i = 0; i < TC_ARRAY_LEN(builtins); i++) {
		char why[512] = "";
		fuzz_one_fn fn = target_fn(builtins[i].target, strlen(builtins[i].target));
		/* A copy on the heap, so that reads past the end are caught by ASan. */
		uint8_t *copy = tc_xmalloc(builtins[i].len ? builtins[i].len : 1);

		memcpy(copy, builtins[i].data, builtins[i].len);
		TU_CHECK(fn && fn(copy, builtins[i].len, why, sizeof(why)) == 0,
			 "builtin %zu (%s): %s", i, builtins[i].target, why);
		free(copy);
	}
	/* The directory is absent while no crash has been saved. */
	while (dh && (de = readdir(dh))) {
		if (de->d_name[0] == '.' || !tc_endswith(de->d_name, ".bin"))
			continue;
		replay_file(dir, de->d_name);
		nfiles++;
	}
	if (dh)
		closedir(dh);
	printf("replayed %zu saved inputs from %s\n", nfiles, dir);
	free(dir);
	return TU_END("test_fuzz_regressions");
}
