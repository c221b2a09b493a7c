/* link: util utf8 */
/* Tests of util: atomic file writes (symlinks planted at temporary names, errors that
 * name the path, nothing left behind), buffers that remember a failed append, random
 * hex. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tiacheck/util.h"
#include "tu.h"

static char *scratch;   /* a fresh directory per test program */

static void put(const char *path, const char *text)
{
	char err[256];

	if (tc_write_file_atomic(path, text, strlen(text), 0644, err, sizeof(err)) < 0)
		printf("setup: %s\n", err);
}

/* The file's content, owned ("" when unreadable). */
static char *slurp(const char *path)
{
	tc_buf b = TC_BUF_INIT;

	if (tc_read_file(path, 1 << 20, &b, NULL, 0) < 0)
		tc_buf_reset(&b);
	return tc_buf_detach(&b);
}

/* Number of entries in dir besides . and .. */
static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/* Defect (2) of issue 11: the old scheme wrote through PATH.tmp.PID with O_TRUNC, so
 * a symlink planted there made tiacheck overwrite the link's target. */
static void test_atomic_symlink_planted(void)
{
	char *dir = tc_path_join(scratch, "planted");
	char *victim = tc_path_join(scratch, "victim.txt");
	char *out = tc_path_join(dir, "report.md");
	char *link_pid = tc_xasprintf("%s.tmp.%ld", out, (long)getpid());
	char *link_new = tc_xasprintf("%s.new", out);
	char err[512] = "", *got;
	struct stat sb;

	mkdir(dir, 0755);
	put(victim, "the DPO's own file\n");
	TU_CHECK(symlink(victim, link_pid) == 0, "symlink %s: %s", link_pid, strerror(errno));
	TU_CHECK(symlink(victim, link_new) == 0, "symlink %s: %s", link_new, strerror(errno));
	TU_INT(tc_write_file_atomic(out, "report\n", 7, 0644, err, sizeof(err)), 0);
	got = slurp(victim);
	TU_STR(got, "the DPO's own file\n");
	free(got);
	got = slurp(out);
	TU_STR(got, "report\n");
	free(got);
	TU_CHECK(lstat(out, &sb) == 0 && S_ISREG(sb.st_mode), "%s is a regular file", out);
	TU_CHECK(lstat(link_pid, &sb) == 0 && S_ISLNK(sb.st_mode), "%s is still a symlink",
		 link_pid);
	/* the report, the two planted links, and no temporary */
	TU_INT(count_entries(dir), 3);
	/* a second write replaces the first */
	TU_INT(tc_write_file_atomic(out, "v2", 2, 0644, err, sizeof(err)), 0);
	got = slurp(out);
	TU_STR(got, "v2");
	free(got);
	TU_INT(count_entries(dir), 3);
	free(dir);
	free(victim);
	free(out);
	free(link_pid);
	free(link_new);
}

static void test_atomic_mode(void)
{
	char *out = tc_path_join(scratch, "secret.conf");
	char err[512];
	struct stat sb;
	mode_t old = umask(022);

	TU_INT(tc_write_file_atomic(out, "x", 1, 0600, err, sizeof(err)), 0);
	TU_CHECK(stat(out, &sb) == 0 && (sb.st_mode & 0777) == 0600, "mode %o",
		 (unsigned)(sb.st_mode & 0777));
	umask(old);
	free(out);
}

/* Errors name the file the caller asked for, and leave nothing behind. */
static void test_atomic_errors(void)
{
	char *missing = tc_path_join(scratch, "no/such/dir/out.md");
	char *file = tc_path_join(scratch, "a-file");
	char *under_file = tc_path_join(file, "out.md");
	char *isdir = tc_path_join(scratch, "a-dir");
	char *ro = tc_path_join(scratch, "read-only");
	char *ro_out = tc_path_join(ro, "out.md");
	char err[512];
	int before;

	TU_CASE("missing directory");
	err[0] = '\0';
	TU_INT(tc_write_file_atomic(missing, "x", 1, 0644, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, missing) != NULL, "error names the path: %s", err);
	TU_CHECK(strstr(err, "cannot create") != NULL, "error says what failed: %s", err);

	TU_CASE("a file where a directory should be");
	put(file, "x");
	err[0] = '\0';
	TU_INT(tc_write_file_atomic(under_file, "x", 1, 0644, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, under_file) != NULL, "error names the path: %s", err);

	TU_CASE("the target is a directory: no temporary left");
	mkdir(isdir, 0755);
	before = count_entries(scratch);
	err[0] = '\0';
	TU_INT(tc_write_file_atomic(isdir, "x", 1, 0644, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, isdir) != NULL, "error names the path: %s", err);
	TU_INT(count_entries(scratch), before);

	TU_CASE("unwritable directory");
	mkdir(ro, 0555);
	chmod(ro, 0555);
	if (geteuid() != 0) {   /* root writes anywhere */
		err[0] = '\0';
		TU_INT(tc_write_file_atomic(ro_out, "x", 1, 0644, err, sizeof(err)), -1);
		TU_CHECK(strstr(err, ro_out) != NULL, "error names the path: %s", err);
		TU_INT(count_entries(ro), 0);
	} else {
		TU_CHECK(1, "skipped as root");
	}
	chmod(ro, 0755);
	free(missing);
	free(file);
	free(under_file);
	free(isdir);
	free(ro);
	free(ro_out);
}

static void test_buf_full(void)
{
	tc_buf b;

	tc_buf_init(&b, 8);
	TU_INT(tc_buf_adds(&b, "12345"), 0);
	TU_INT(b.full, 0);
	TU_INT(tc_buf_adds(&b, "6789"), -1);
	TU_INT(tc_buf_adds(&b, "67"), 0);     /* a later small append fits ... */
	TU_INT(b.full, 1);                    /* ... but the loss is remembered */
	TU_STR(tc_buf_str(&b), "1234567");
	tc_buf_reset(&b);
	TU_INT(b.full, 0);
	TU_INT(tc_buf_printf(&b, "%s", "123456789"), -1);
	TU_INT(b.full, 1);
	tc_buf_release(&b);
	TU_INT(b.full, 0);
}

static void test_buf_reserve(void)
{
	tc_buf b;
	char *before;

	tc_buf_init(&b, 100);
	tc_buf_adds(&b, "ab");
	tc_buf_reserve(&b, 50);
	TU_CHECK(b.cap >= 53, "room for 50 more: cap %zu", b.cap);
	TU_STR(tc_buf_str(&b), "ab");
	before = b.data;
	TU_INT(tc_buf_adds(&b, "0123456789012345678901234567890123456789"), 0);
	TU_CHECK(b.data == before, "an append within the reserve does not move the data");
	tc_buf_reserve(&b, 1000000);  /* a hint over the maximum stops at the maximum */
	TU_CHECK(b.cap <= 101, "cap %zu within the maximum", b.cap);
	TU_INT(b.full, 0);
	tc_buf_release(&b);
}

/* The digest given in pieces is the digest of the whole (the catalogue's hash). */
static void test_sha256_pieces(void)
{
	const char *text = "services/a.json\n5\nhello";
	char one[65], pieces[65];
	tc_sha256 *h = tc_sha256_new();

	tc_sha256_hex(text, strlen(text), one);
	tc_sha256_add(h, text, 10);
	tc_sha256_add(h, text + 10, 0);
	tc_sha256_add(h, text + 10, strlen(text) - 10);
	tc_sha256_finish(h, pieces);
	TU_STR(pieces, one);
	h = tc_sha256_new();
	tc_sha256_finish(h, pieces);
	TU_STR(pieces, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_random_hex(void)
{
	char a[33], b[33];

	tc_random_hex(a, 16);
	tc_random_hex(b, 16);
	TU_INT(strlen(a), 32);
	TU_CHECK(strspn(a, "0123456789abcdef") == 32, "hex: %s", a);
	TU_CHECK(strcmp(a, b) != 0, "two draws differ: %s %s", a, b);
}

static void test_term_safe(void)
{
	tc_buf b = TC_BUF_INIT;

	TU_STR(tc_term_safe(&b, "a\x1b[31mb\tc\n\x7f"), "a\\x1b[31mb\tc\n\\x7f");
	TU_STR(tc_term_safe(&b, "x\xc2\x85y\xc2\x9b"), "x\\u0085y\\u009b");   /* C1 */
	TU_STR(tc_term_safe(&b, "\xc3\xa5 \xe2\x82\xac \xc2\xa0"), "\xc3\xa5 \xe2\x82\xac \xc2\xa0");
	TU_STR(tc_term_safe(&b, "bad \xff\xc2"), "bad \xff\xc2");   /* invalid bytes pass */
	tc_buf_release(&b);
}

static void test_utf8_valid_wrapper(void)
{
	TU_INT(tc_utf8_valid("a\xc3\xa5", 3), 1);
	TU_INT(tc_utf8_valid("\xc3", 1), 0);
	TU_INT(tc_utf8_valid("\xed\xa0\x80", 3), 0);
}

int main(void)
{
	const char *tmpdir = getenv("TMPDIR");
	char *tmpl = tc_xasprintf("%s/tc-test-util.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	char *cmd;
	int rc;

	scratch = mkdtemp(tmpl);
	if (!scratch) {
		perror("mkdtemp");
		return 2;
	}
	test_atomic_symlink_planted();
	test_atomic_mode();
	test_buf_full();
	test_buf_reserve();
	test_sha256_pieces();
	test_random_hex();
	test_term_safe();
	test_utf8_valid_wrapper();
	test_atomic_errors();   /* last: its named cases run to TU_END */
	rc = TU_END("test_util");
	cmd = tc_xasprintf("rm -rf '%s'", scratch);
	if (system(cmd) != 0)
		printf("cannot remove %s\n", scratch);
	free(cmd);
	free(tmpl);
	return rc;
}
