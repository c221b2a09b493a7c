/* link: util store */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "tiacheck/store.h"
#include "tiacheck/util.h"
#include "tu.h"

static char dir[256];
static char err[512];

static char *tmp_path(const char *name)
{
	return tc_xasprintf("%s/%s", dir, name);
}

static void put_text(tc_store *st, const char *text, char sha[65])
{
	tc_sha256_hex(text, strlen(text), sha);
	TU_INT(tc_store_put_blob(st, sha, text, strlen(text), "text", err, sizeof(err)), 0);
}

static int64_t add_snapshot(tc_store *st, int64_t doc, int64_t run, time_t at, const char *text)
{
	tc_snapshot s = { 0 };
	char sha[65];
	int64_t id = 0;

	put_text(st, text, sha);
	s.doc = doc;
	s.run = run;
	s.fetched_at = at;
	s.url = "https://example.test/dpa";
	s.final_url = "https://example.test/dpa?x=1";
	s.http_status = 200;
	s.etag = "\"abc\"";
	s.content_type = "text/html; charset=utf-8";
	s.raw_sha = sha;
	s.text_sha = sha;
	s.extractor_version = 1;
	TU_INT(tc_store_snapshot_insert(st, &s, &id, err, sizeof(err)), 0);
	if (!id)
		printf("snapshot insert: %s\n", err);
	return id;
}

static void test_open_mode_schema(void)
{
	char *path = tmp_path("a.db");
	tc_store *st = NULL;
	struct stat sb;
	char msg[256];
	mode_t old = umask(0);

	umask(022);
	TU_INT(tc_store_open(path, &st, err, sizeof(err)), 0);
	TU_CHECK(st != NULL, "open: %s", err);
	if (!st) {
		umask(old);
		return;
	}
	TU_INT(stat(path, &sb), 0);
	TU_INT(sb.st_mode & 0777, 0600);
	{
		/* the WAL and shared-memory files get the database's mode too */
		char *wal = tc_xasprintf("%s-wal", path), *shm = tc_xasprintf("%s-shm", path);
		int64_t id;

		TU_INT(tc_store_run_begin(st, 1, "x", NULL, &id, err, sizeof(err)), 0);
		TU_INT(stat(wal, &sb), 0);
		TU_INT(sb.st_mode & 0777, 0600);
		TU_INT(stat(shm, &sb), 0);
		TU_INT(sb.st_mode & 0777, 0600);
		free(wal);
		free(shm);
	}
	umask(old);
	TU_INT(tc_store_integrity_check(st, msg, sizeof(msg), err, sizeof(err)), 0);
	TU_STR(msg, "ok");
	tc_store_close(st);

	/* reopen: no migration runs again, version is current */
	TU_INT(tc_store_open(path, &st, err, sizeof(err)), 0);
	tc_store_close(st);
	{
		sqlite3 *db;
		sqlite3_stmt *s;

		sqlite3_open(path, &db);
		sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL);
		TU_INT(sqlite3_step(s), SQLITE_ROW);
		TU_INT(sqlite3_column_int(s, 0), tc_store_schema_version());
		sqlite3_finalize(s);
		sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, NULL);
		TU_INT(sqlite3_step(s), SQLITE_ROW);
		TU_STR((const char *)sqlite3_column_text(s, 0), "wal");
		sqlite3_finalize(s);
		sqlite3_close(db);
	}
	free(path);
}

static void test_open_errors(void)
{
	char *path = tmp_path("nodir/x.db");
	char *junk = tmp_path("junk.db");
	char *newer = tmp_path("newer.db");
	tc_store *st = NULL;
	sqlite3 *db;

	TU_CHECK(tc_store_open(path, &st, err, sizeof(err)) < 0 && !st, "missing dir opened");
	TU_CHECK(strstr(err, "nodir/x.db") && strstr(err, "No such file"), "err: %s", err);

	{
		static const char text[] = "this is not a database, really not at all; padding "
			"padding padding padding padding padding padding padding padding\n";

		tc_write_file_atomic(junk, text, strlen(text), 0600, NULL, 0);
	}
	TU_CHECK(tc_store_open(junk, &st, err, sizeof(err)) < 0, "junk opened");
	TU_CHECK(strstr(err, "junk.db") && strstr(err, "not a database"), "err: %s", err);

	sqlite3_open(newer, &db);
	sqlite3_exec(db, "PRAGMA user_version = 999", NULL, NULL, NULL);
	sqlite3_close(db);
	TU_CHECK(tc_store_open(newer, &st, err, sizeof(err)) < 0, "newer schema opened");
	TU_CHECK(strstr(err, "newer") && strstr(err, "999"), "err: %s", err);

	TU_CHECK(tc_store_open(dir, &st, err, sizeof(err)) < 0, "directory opened");
	TU_CHECK(strstr(err, "directory") != NULL, "err: %s", err);
	free(path);
	free(junk);
	free(newer);
}

/* A database at schema version 1 with data is migrated forward, keeping its data and
 * computing the new failure streak columns. */
static void test_migration(void)
{
	char *path = tmp_path("old.db");
	tc_store *st = NULL;
	sqlite3 *db;
	tc_snapshot snap;
	int count = -1;
	time_t since = 0, t;
	char sha[65];
	char *sql;

	TU_CHECK(tc_store_schema_version() >= 2, "need at least two migrations");
	TU_CHECK(tc_store_migration_sql(0) == NULL && tc_store_migration_sql(99) == NULL, "bounds");
	tc_sha256_hex("x", 1, sha);
	sqlite3_open(path, &db);
	TU_INT(sqlite3_exec(db, tc_store_migration_sql(1), NULL, NULL, NULL), SQLITE_OK);
	sql = tc_xasprintf(
		"PRAGMA user_version = 1;"
		"INSERT INTO documents (id, service, doc, kind, url) VALUES (1, 'svc', 'dpa', 'dpa', 'u');"
		"INSERT INTO blobs VALUES ('%s', 'raw', 1, x'78');"
		"INSERT INTO snapshots (doc, fetched_at, url, raw_sha) VALUES (1, '2026-01-01T00:00:00Z', 'u', '%s');"
		"INSERT INTO failures (doc, at, kind) VALUES (1, '2025-12-01T00:00:00Z', 'timeout');"
		"INSERT INTO failures (doc, at, kind) VALUES (1, '2026-01-08T00:00:00Z', 'timeout');"
		"INSERT INTO failures (doc, at, kind) VALUES (1, '2026-01-15T00:00:00Z', 'http_404');",
		sha, sha);
	TU_INT(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	free(sql);
	sqlite3_close(db);

	TU_INT(tc_store_open(path, &st, err, sizeof(err)), 0);
	TU_CHECK(st != NULL, "open old: %s", err);
	if (!st)
		goto out;
	TU_INT(tc_store_snapshot_last_good(st, 1, &snap, err, sizeof(err)), 0);
	TU_STR(snap.raw_sha, sha);
	tc_snapshot_release(&snap);
	TU_INT(tc_store_consecutive_failures(st, 1, &count, &since, NULL, err, sizeof(err)), 0);
	TU_INT(count, 2);
	tc_parse_iso("2026-01-08T00:00:00Z", &t);
	TU_INT(since, t);
	tc_store_close(st);
out:
	free(path);
}

/* One integer from a query on a database file (another connection), -1 on error. */
static long long sql_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	long long v = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

/* Blobs are stored compressed, deduplicated by the hash of the uncompressed bytes,
 * and read back identical; bytes that do not shrink are kept as they are. */
static void test_blob_compression(void)
{
	char *path = tmp_path("z.db"), *big = tc_xmalloc(300000), *data = NULL;
	char sha[65], sha2[65];
	tc_store *st = NULL;
	size_t len = 0;

	for (size_t i = 0; i < 300000; i++)
		big[i] = "<p>Sub-processors in the United States and Ireland.</p>\n"[i % 57];
	tc_sha256_hex(big, 300000, sha);
	tc_sha256_hex("short", 5, sha2);
	TU_INT(tc_store_open(path, &st, err, sizeof(err)), 0);
	if (!st)
		goto out;
	TU_INT(tc_store_put_blob(st, sha, big, 300000, "raw", err, sizeof(err)), 0);
	TU_INT(tc_store_put_blob(st, sha, big, 300000, "raw", err, sizeof(err)), 0);
	TU_INT(tc_store_put_blob(st, sha2, "short", 5, "text", err, sizeof(err)), 0);
	TU_INT(tc_store_get_blob(st, sha, &data, &len, err, sizeof(err)), 0);
	TU_CHECK(len == 300000 && data && memcmp(data, big, len) == 0 && data[len] == '\0',
		 "compressed blob round trip");
	free(data);
	TU_INT(tc_store_get_blob(st, sha2, &data, &len, err, sizeof(err)), 0);
	TU_STR(data, "short");
	free(data);
	tc_store_close(st);
	TU_INT(sql_int(path, "SELECT count(*) FROM blobs"), 2);
	TU_INT(sql_int(path, "SELECT codec FROM blobs WHERE kind = 'raw'"), 1);
	TU_CHECK(sql_int(path, "SELECT length(data) FROM blobs WHERE kind = 'raw'") < 3000,
		 "stored compressed");
	TU_INT(sql_int(path, "SELECT size FROM blobs WHERE kind = 'raw'"), 300000);
	TU_INT(sql_int(path, "SELECT codec FROM blobs WHERE kind = 'text'"), 0);
	/* damage in a compressed blob is found (the frame's checksum), never passed on */
	{
		sqlite3 *db = NULL;

		sqlite3_open(path, &db);
		sqlite3_exec(db, "UPDATE blobs SET data = substr(data, 1, 100) || x'00' ||"
			     " substr(data, 102) WHERE kind = 'raw';"
			     "UPDATE blobs SET data = 'shorT' WHERE kind = 'text'", NULL, NULL, NULL);
		sqlite3_close(db);
	}
	TU_INT(tc_store_open(path, &st, err, sizeof(err)), 0);
	if (st) {
		TU_CHECK(tc_store_get_blob(st, sha, &data, &len, err, sizeof(err)) < 0,
			 "damaged blob read");
		TU_CHECK(strstr(err, "damaged") != NULL, "err: %s", err);
		TU_CHECK(data == NULL, "no data from a damaged blob");
		/* a blob stored as is: its hash is checked on read */
		TU_CHECK(tc_store_get_blob(st, sha2, &data, &len, err, sizeof(err)) < 0,
			 "damaged plain blob read");
		TU_CHECK(strstr(err, "damaged") != NULL && data == NULL, "err: %s", err);
		tc_store_close(st);
	}
out:
	free(big);
	free(path);
}

/* Version v (0..) of a 120 KB page: the same lines but one, which names v. */
static char *delta_page(int v, char sha[65])
{
	size_t cap = 130000, n = 0;
	char *p = tc_xmalloc(cap);

	uint32_t r = 12345;

	for (int line = 0; n + 200 < cap - 1000; line++) {
		r = r * 1103515245u + 12345u;
		n += (size_t)snprintf(p + n, cap - n, "<tr><td>Vendor %u</td><td>%s</td></tr>\n",
				      (unsigned)(r >> 8), line == 700 ? "" : "Ireland");
	}
	n += (size_t)snprintf(p + n, cap - n, "<p>Version %d of the list, updated %d.</p>\n",
			      v, 1000 + v * 37);
	tc_sha256_hex(p, n, sha);
	return p;
}

/* 1: the blobs go through tc_store_put_version (compressed once against their
 * reference), 0: tc_store_put_blob (against it when the snapshot is inserted). */
static int delta_by_version;

static int put_raw(tc_store *st, int64_t doc, const char *sha, const char *data, size_t len)
{
	return delta_by_version
	       ? tc_store_put_version(st, doc, sha, data, len, "raw", NULL, err, sizeof(err))
	       : tc_store_put_blob(st, sha, data, len, "raw", err, sizeof(err));
}

static void delta_snap(tc_store *st, int64_t doc, int v, char sha[65])
{
	tc_snapshot s = { 0 };
	char *page = delta_page(v, sha);
	int64_t id = 0;

	TU_INT(put_raw(st, doc, sha, page, strlen(page)), 0);
	s.doc = doc;
	s.fetched_at = 1700000000 + v * 86400;
	s.url = "https://example.test/list";
	s.http_status = 200;
	s.raw_sha = sha;
	s.text_sha = NULL;
	TU_INT(tc_store_snapshot_insert(st, &s, &id, err, sizeof(err)), 0);
	free(page);
}

/* A new version is stored against the previous one (ref, depth), a full frame every
 * 8 versions; every version reads back identical; gc keeps a blob another uses. */
static void test_blob_delta(void)
{
	char *path = tmp_path(delta_by_version ? "delta-version.db" : "delta.db");
	char sha[10][65], *data = NULL, q[512];
	tc_store *st = NULL;
	int64_t doc = 0;
	size_t len = 0;
	tc_store_gc_stats gs;

	TU_INT(tc_store_open(path, &st, err, sizeof(err)), 0);
	if (!st)
		goto out;
	TU_INT(tc_store_document_id(st, "acme", "list", "subprocessors",
				    "https://example.test/list", &doc, err, sizeof(err)), 0);
	for (int v = 0; v < 10; v++)
		delta_snap(st, doc, v, sha[v]);
	/* the same bytes again: deduplicated, stored against nothing new */
	delta_snap(st, doc, 9, sha[9]);
	TU_CASE("every version reads back identical");
	{
		for (int v = 0; v < 10; v++) {
			char want[65], *page = delta_page(v, want);

			TU_INT(tc_store_get_blob(st, sha[v], &data, &len, err, sizeof(err)), 0);
			TU_CHECK(data && len == strlen(page) && memcmp(data, page, len) == 0,
				 "version %d: %s", v, err);
			free(data);
			free(page);
		}
	}
	tc_store_close(st);
	st = NULL;
	TU_CASE("chain: ref and depth, a full frame every 8 versions");
	{
		for (int v = 0; v < 10; v++) {
			snprintf(q, sizeof(q), "SELECT depth FROM blobs WHERE sha = '%.64s'", sha[v]);
			TU_INT(sql_int(path, q), v % 8);
			snprintf(q, sizeof(q), "SELECT count(*) FROM blobs b JOIN blobs r ON"
				 " r.sha = b.ref WHERE b.sha = '%.64s' AND r.sha = '%.64s'", sha[v],
				 v % 8 ? sha[v - 1] : "none");
			TU_INT(sql_int(path, q), v % 8 ? 1 : 0);
		}
		snprintf(q, sizeof(q), "SELECT length(data) FROM blobs WHERE sha = '%.64s'", sha[0]);
		long long full = sql_int(path, q);
		snprintf(q, sizeof(q), "SELECT length(data) FROM blobs WHERE sha = '%.64s'", sha[1]);
		TU_CHECK(sql_int(path, q) * 4 < full, "delta %lld vs full %lld",
			 sql_int(path, q), full);
	}
	TU_CASE("a first text is stored against its raw body");
	{
		tc_snapshot ts = { 0 };
		char rsha[65], tsha[65], *page = delta_page(50, rsha);
		int64_t tdoc = 0, id = 0;

		TU_INT(tc_store_open(path, &st, err, sizeof(err)), 0);
		if (st) {
			TU_INT(tc_store_document_id(st, "acme", "dpa", "dpa", "https://example.test/dpa",
						    &tdoc, err, sizeof(err)), 0);
			tc_sha256_hex(page + 1000, 60000, tsha);
			TU_INT(put_raw(st, tdoc, rsha, page, strlen(page)), 0);
			TU_INT(delta_by_version
			       ? tc_store_put_version(st, tdoc, tsha, page + 1000, 60000, "text", rsha,
						      err, sizeof(err))
			       : tc_store_put_blob(st, tsha, page + 1000, 60000, "text", err,
						   sizeof(err)), 0);
			ts.doc = tdoc;
			ts.fetched_at = 1700000000;
			ts.url = "https://example.test/dpa";
			ts.raw_sha = rsha;
			ts.text_sha = tsha;
			TU_INT(tc_store_snapshot_insert(st, &ts, &id, err, sizeof(err)), 0);
			TU_INT(tc_store_get_blob(st, tsha, &data, &len, err, sizeof(err)), 0);
			TU_CHECK(data && len == 60000 && memcmp(data, page + 1000, len) == 0, "text read back");
			free(data);
			tc_store_close(st);
			st = NULL;
		}
		snprintf(q, sizeof(q), "SELECT ref = '%.64s' AND depth = 1 AND length(data) < 1000"
			 " FROM blobs WHERE sha = '%.64s'", rsha, tsha);
		TU_INT(sql_int(path, q), 1);
		/* the raw body and its text are used by that snapshot only: remove it */
		sqlite3 *db = NULL;

		sqlite3_open(path, &db);
		snprintf(q, sizeof(q), "DELETE FROM snapshots WHERE doc = %lld;"
			 " DELETE FROM blobs WHERE sha IN ('%.64s', '%.64s')", (long long)tdoc, tsha, rsha);
		sqlite3_exec(db, q, NULL, NULL, NULL);
		sqlite3_close(db);
		free(page);
	}
	TU_CASE("gc keeps a blob another is stored against");
	{
		sqlite3 *db = NULL;

		sqlite3_open(path, &db);
		sqlite3_exec(db, "DELETE FROM snapshots WHERE fetched_at < '2023-11-16'", NULL,
			     NULL, NULL);
		sqlite3_close(db);
		TU_INT(sql_int(path, "SELECT count(*) FROM snapshots"), 9);
		TU_INT(tc_store_open(path, &st, err, sizeof(err)), 0);
		if (st) {
			TU_INT(tc_store_gc(st, 1, 1800000000, &gs, err, sizeof(err)), 0);
			TU_INT(gs.blobs_removed, 0);
			TU_INT(tc_store_get_blob(st, sha[1], &data, &len, err, sizeof(err)), 0);
			free(data);
			tc_store_close(st);
			st = NULL;
		}
	}
	TU_CASE("a missing reference is damage");
	{
		sqlite3 *db = NULL;

		sqlite3_open(path, &db);
		snprintf(q, sizeof(q), "DELETE FROM blobs WHERE sha = '%.64s'", sha[0]);
		TU_INT(sqlite3_exec(db, q, NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(db);
		TU_INT(tc_store_open(path, &st, err, sizeof(err)), 0);
		if (st) {
			TU_CHECK(tc_store_get_blob(st, sha[2], &data, &len, err, sizeof(err)) < 0 &&
				 !data && strstr(err, "damaged"), "err: %s", err);
			TU_INT(tc_store_get_blob(st, sha[8], &data, &len, err, sizeof(err)), 0);
			free(data);
		}
	}
	TU_CASE("gc removes a chain no snapshot uses");
	{
		sqlite3 *db = NULL;

		if (st)
			tc_store_close(st);
		st = NULL;
		sqlite3_open(path, &db);
		sqlite3_exec(db, "DELETE FROM snapshots", NULL, NULL, NULL);
		sqlite3_close(db);
		TU_INT(tc_store_open(path, &st, err, sizeof(err)), 0);
		if (st) {
			TU_INT(tc_store_gc(st, 1, 1800000000, &gs, err, sizeof(err)), 0);
			TU_INT(gs.blobs_removed, 9);
		}
	}
out:
	if (st)
		tc_store_close(st);
	free(path);
	tu_case_close(); /* the checks after this function are not its cases */
}

/* A store written by the release before compression (tests/fixtures/store/v2.db,
 * see make-v2.sh there) is migrated in place: every blob compressed, and every
 * snapshot's raw body and text read back identical to what was fetched. */
static void test_migrate_release_store(void)
{
	const char *top = getenv("TC_TOP") ? getenv("TC_TOP") : ".";
	char *fixture = tc_xasprintf("%s/tests/fixtures/store/v2.db", top);
	char *path = tmp_path("v2.db"), *cmd = tc_xasprintf("cp '%s' '%s'", fixture, path);
	static const struct { int64_t snap; const char *page; } raw[] = {
		{ 1, "acme-dpa-v1.html" }, { 2, "acme-sub-v1.html" }, { 5, "acme-dpa-v2.html" },
	};
	tc_store *st = NULL;
	tc_snapshot *snaps = NULL;
	size_t n = 0;
	long long blobs = sql_int(fixture, "SELECT count(*) FROM blobs");

	TU_INT(sql_int(fixture, "PRAGMA user_version"), 2);
	TU_INT(system(cmd), 0);
	TU_INT(tc_store_open(path, &st, err, sizeof(err)), 0);
	TU_CHECK(st != NULL, "open v2 store: %s", err);
	if (!st)
		goto out;
	for (int64_t doc = 1; doc <= 2; doc++) {
		TU_INT(tc_store_snapshot_list(st, doc, &snaps, &n, err, sizeof(err)), 0);
		TU_INT(n, 3);
		for (size_t i = 0; i < n; i++) {
			const char *shas[2] = { snaps[i].raw_sha, snaps[i].text_sha };

			for (int k = 0; k < 2; k++) {
				char *data = NULL, got[65] = "";
				size_t len = 0;

				TU_INT(tc_store_get_blob(st, shas[k], &data, &len, err, sizeof(err)), 0);
				if (data)
					tc_sha256_hex(data, len, got);
				TU_CHECK(strcmp(got, shas[k]) == 0, "snapshot %lld blob %s reads back "
					 "as %s", (long long)snaps[i].id, shas[k], got);
				free(data);
			}
		}
		tc_snapshot_list_free(snaps, n);
	}
	for (size_t i = 0; i < TC_ARRAY_LEN(raw); i++) {
		tc_snapshot s;
		tc_buf want = TC_BUF_INIT;
		char *got = NULL, *page = tc_xasprintf("%s/tests/fixtures/pages/%s", top,
						       raw[i].page);
		size_t glen = 0;

		TU_INT(tc_store_snapshot_get(st, raw[i].snap, &s, err, sizeof(err)), 0);
		TU_INT(tc_read_file(page, 1 << 20, &want, err, sizeof(err)), 0);
		TU_INT(tc_store_get_blob(st, s.raw_sha, &got, &glen, err, sizeof(err)), 0);
		TU_CHECK(want.data && got && want.len == glen && memcmp(want.data, got, glen) == 0,
			 "snapshot %lld is the bytes of %s", (long long)raw[i].snap, raw[i].page);
		tc_snapshot_release(&s);
		tc_buf_release(&want);
		free(got);
		free(page);
	}
	{
		char *data = NULL;
		size_t len = 0;

		TU_INT(tc_store_snapshot_blob(st, 5, 1, &data, &len, err, sizeof(err)), 0);
		TU_CHECK(data && strstr(data, "Sub-processors") != NULL, "text of snapshot 5: %s",
			 data ? data : err);
		free(data);
		TU_INT(tc_store_snapshot_blob(st, 99, 0, &data, &len, err, sizeof(err)),
		       TC_STORE_NOTFOUND);
	}
	tc_store_close(st);
	TU_INT(sql_int(path, "PRAGMA user_version"), tc_store_schema_version());
	TU_INT(sql_int(path, "SELECT count(*) FROM blobs"), blobs);
	TU_INT(sql_int(path, "SELECT count(*) FROM blobs WHERE codec = 1"), blobs);
	TU_INT(sql_int(path, "SELECT count(*) FROM changes"), 1);
out:
	free(cmd);
	free(path);
	free(fixture);
}

static void test_keep_parse(void)
{
	static const struct { const char *s; int rc, weeks; } cases[] = {
		{ "all", 0, 0 }, { "changes+monthly:13", 0, 13 }, { "changes+monthly:1", 0, 1 },
		{ "changes+monthly:0", -1, 0 }, { "changes+monthly:", -1, 0 },
		{ "changes+monthly:-3", -1, 0 }, { "changes+monthly:4x", -1, 0 },
		{ "changes+monthly:99999", -1, 0 }, { "monthly:4", -1, 0 }, { "", -1, 0 },
		{ "ALL", -1, 0 }, { NULL, -1, 0 },
	};

	for (size_t i = 0; i < TC_ARRAY_LEN(cases); i++) {
		int weeks = -1, rc = tc_store_keep_parse(cases[i].s, &weeks);

		TU_CHECK(rc == cases[i].rc && (rc < 0 || weeks == cases[i].weeks),
			 "keep '%s': rc %d weeks %d", cases[i].s ? cases[i].s : "(null)", rc, weeks);
	}
}

/* A snapshot fetched at "YYYY-MM-DD" with text text and raw body raw. */
static int64_t gc_snap(tc_store *st, int64_t doc, const char *day, const char *raw,
		       const char *text)
{
	tc_snapshot s = { 0 };
	char rsha[65], tsha[65], iso[32];
	int64_t id = 0;

	tc_sha256_hex(raw, strlen(raw), rsha);
	tc_sha256_hex(text, strlen(text), tsha);
	tc_store_put_blob(st, rsha, raw, strlen(raw), "raw", err, sizeof(err));
	tc_store_put_blob(st, tsha, text, strlen(text), "text", err, sizeof(err));
	snprintf(iso, sizeof(iso), "%sT06:00:00Z", day);
	tc_parse_iso(iso, &s.fetched_at);
	s.doc = doc;
	s.url = "https://example.test/dpa";
	s.http_status = 200;
	s.raw_sha = rsha;
	s.text_sha = tsha;
	TU_INT(tc_store_snapshot_insert(st, &s, &id, err, sizeof(err)), 0);
	return id;
}

static time_t gc_now(void)
{
	time_t now = 0;

	tc_parse_iso("2026-06-01T00:00:00Z", &now);
	return now;
}

/* With store.keep = all, gc keeps every snapshot and blob. */
static void test_gc_all(tc_store *st, const char *path)
{
	tc_store_gc_stats gs;

	TU_INT(tc_store_gc(st, 0, gc_now(), &gs, err, sizeof(err)), 0);
	TU_INT(gs.snapshots_folded, 0);
	TU_INT(gs.blobs_removed, 0);
	TU_INT(sql_int(path, "SELECT count(*) FROM snapshots"), 10);
}

/* changes+monthly:4: January's and February's old confirmations fold into their
 * month's first one, which counts them; versions, the snapshots a change points at
 * and everything newer than 4 weeks stay; the raw body only a folded fetch had goes. */
static void test_gc_fold(tc_store *st, const char *path)
{
	tc_store_gc_stats gs;
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;

	TU_INT(tc_store_gc(st, 4, gc_now(), &gs, err, sizeof(err)), 0);
	TU_INT(gs.snapshots_folded, 3);
	TU_INT(gs.blobs_removed, 1);
	TU_CHECK(gs.bytes_before > 0 && gs.bytes_after > 0, "sizes %lld %lld",
		 (long long)gs.bytes_before, (long long)gs.bytes_after);
	sqlite3_open(path, &db);
	sqlite3_prepare_v2(db, "SELECT group_concat(id) FROM (SELECT id FROM snapshots ORDER BY id)",
			   -1, &s, NULL);
	TU_INT(sqlite3_step(s), SQLITE_ROW);
	TU_STR((const char *)sqlite3_column_text(s, 0), "1,2,5,6,7,9,10");
	sqlite3_finalize(s);
	sqlite3_close(db);
	TU_INT(sql_int(path, "SELECT confirmations FROM snapshots WHERE id = 2"), 2);
	TU_INT(sql_int(path, "SELECT confirmed_until = '2026-01-26T06:00:00Z' FROM snapshots"
		       " WHERE id = 2"), 1);
	TU_INT(sql_int(path, "SELECT confirmations FROM snapshots WHERE id = 7"), 1);
	TU_INT(sql_int(path, "SELECT confirmations FROM snapshots WHERE id = 9"), 0);
}

/* gc again folds nothing more; every remaining snapshot reads back. */
static void test_gc_again(tc_store *st, const int64_t ids[10])
{
	tc_store_gc_stats gs;
	char msg[256];

	TU_INT(tc_store_gc(st, 4, gc_now(), &gs, err, sizeof(err)), 0);
	TU_INT(gs.snapshots_folded, 0);
	TU_INT(gs.blobs_removed, 0);
	for (size_t i = 0; i < 10; i++) {
		char *data = NULL;
		size_t len = 0;
		int rc = tc_store_snapshot_blob(st, ids[i], 0, &data, &len, err, sizeof(err));

		TU_CHECK(rc == ((i == 2 || i == 3 || i == 7) ? TC_STORE_NOTFOUND : 0),
			 "snapshot %zu: rc %d %s", i, rc, err);
		free(data);
	}
	TU_INT(tc_store_integrity_check(st, msg, sizeof(msg), err, sizeof(err)), 0);
}

/* One document fetched weekly: text A from 5 January, B from 9 February (a change
 * from the 2 February snapshot), the 19 January fetch with other raw bytes. */
static void test_gc(void)
{
	static const char *const days[] = { "2026-01-05", "2026-01-12", "2026-01-19",
		"2026-01-26", "2026-02-02", "2026-02-09", "2026-02-16", "2026-02-23",
		"2026-05-25", "2026-05-31" };
	char *path = tmp_path("gc.db");
	tc_store *st = NULL;
	tc_change ch = { 0 };
	int64_t doc = 0, ids[10], chid = 0;

	TU_INT(tc_store_open(path, &st, err, sizeof(err)), 0);
	if (!st)
		goto out;
	TU_INT(tc_store_document_id(st, "acme", "dpa", "dpa", "u", &doc, err, sizeof(err)), 0);
	for (size_t i = 0; i < 10; i++)
		ids[i] = gc_snap(st, doc, days[i], i == 2 ? "<p>A</p><!-- build 2 -->" :
				 i < 5 ? "<p>A</p>" : "<p>B</p>", i < 5 ? "A" : "B");
	ch.doc = doc;
	ch.from_snapshot = ids[4];
	ch.to_snapshot = ids[5];
	ch.detected_at = gc_now();
	TU_INT(tc_store_change_insert(st, &ch, &chid, err, sizeof(err)), 0);
	test_gc_all(st, path);
	test_gc_fold(st, path);
	test_gc_again(st, ids);
	tc_store_close(st);
out:
	free(path);
}

static void test_catalog_docs_runs(tc_store *st)
{
	int64_t v1 = 0, v2 = 0, v3 = 0, d1 = 0, d1b = 0, d2 = 0, r1 = 0, r2 = 0;
	int is_new = -1;
	tc_doc_row *docs = NULL, row;
	tc_run_row run, *runs = NULL;
	size_t n = 0;

	TU_INT(tc_store_sync_catalog(st, "h1", "{\"a\":1}", 1000, &v1, &is_new, err, sizeof(err)), 0);
	TU_INT(is_new, 1);
	TU_INT(tc_store_sync_catalog(st, "h1", "{\"a\":1}", 2000, &v2, &is_new, err, sizeof(err)), 0);
	TU_INT(is_new, 0);
	TU_INT(v2, v1);
	TU_INT(tc_store_sync_catalog(st, "h2", "{\"a\":2}", 3000, &v3, &is_new, err, sizeof(err)), 0);
	TU_INT(is_new, 1);
	TU_CHECK(v3 > v1, "new version id");

	TU_INT(tc_store_document_id(st, "hubspot", "dpa", "dpa", "https://a/1", &d1, err, sizeof(err)), 0);
	TU_INT(tc_store_document_id(st, "hubspot", "privacy", "privacy", "https://a/2", &d2, err, sizeof(err)), 0);
	TU_INT(tc_store_document_id(st, "hubspot", "dpa", "dpa", "https://a/moved", &d1b, err, sizeof(err)), 0);
	TU_INT(d1b, d1);
	TU_CHECK(d1 != d2, "distinct docs");
	TU_INT(tc_store_document_list(st, NULL, &docs, &n, err, sizeof(err)), 0);
	TU_INT(n, 2);
	if (n == 2) {
		TU_STR(docs[0].doc, "dpa");
		TU_STR(docs[0].url, "https://a/moved");
		TU_STR(docs[1].kind, "privacy");
	}
	tc_doc_row_list_free(docs, n);
	TU_INT(tc_store_document_list(st, "nobody", &docs, &n, err, sizeof(err)), 0);
	TU_INT(n, 0);
	tc_doc_row_list_free(docs, n);
	TU_INT(tc_store_document_find(st, "hubspot", "privacy", &row, err, sizeof(err)), 0);
	TU_INT(row.id, d2);
	tc_doc_row_release(&row);
	TU_INT(tc_store_document_find(st, "hubspot", "nope", &row, err, sizeof(err)), TC_STORE_NOTFOUND);

	TU_INT(tc_store_run_latest(st, 0, &run, err, sizeof(err)), TC_STORE_NOTFOUND);
	TU_INT(tc_store_run_begin(st, 5000, "run", "--no-mail", &r1, err, sizeof(err)), 0);
	TU_INT(tc_store_run_finish(st, r1, 5060, "ok", "{\"tiacheck_report\":1}", err, sizeof(err)), 0);
	TU_INT(tc_store_run_begin(st, 6000, "fetch", NULL, &r2, err, sizeof(err)), 0);
	TU_INT(tc_store_run_get(st, r1, &run, err, sizeof(err)), 0);
	TU_STR(run.status, "ok");
	TU_STR(run.report_json, "{\"tiacheck_report\":1}");
	TU_INT(run.started_at, 5000);
	TU_INT(run.finished_at, 5060);
	tc_run_row_release(&run);
	TU_INT(tc_store_run_latest(st, 0, &run, err, sizeof(err)), 0);
	TU_INT(run.id, r2);
	TU_STR(run.status, "running");
	TU_INT(run.finished_at, 0);
	tc_run_row_release(&run);
	TU_INT(tc_store_run_latest(st, 1, &run, err, sizeof(err)), 0);
	TU_INT(run.id, r1);
	tc_run_row_release(&run);
	TU_INT(tc_store_run_list(st, 0, &runs, &n, err, sizeof(err)), 0);
	TU_INT(n, 2);
	if (n == 2) {
		TU_INT(runs[0].id, r2);
		TU_CHECK(runs[0].report_json == NULL, "list has no report");
		TU_STR(runs[1].command, "run");
		TU_STR(runs[1].options, "--no-mail");
	}
	tc_run_row_list_free(runs, n);
	TU_INT(tc_store_run_list(st, 1, &runs, &n, err, sizeof(err)), 0);
	TU_INT(n, 1);
	tc_run_row_list_free(runs, n);
	TU_INT(tc_store_run_finish(st, 999, 1, "ok", NULL, err, sizeof(err)), TC_STORE_NOTFOUND);
	TU_INT(tc_store_run_get(st, 999, &run, err, sizeof(err)), TC_STORE_NOTFOUND);
}

static void test_blobs(tc_store *st)
{
	static const char bin[] = "a\0b'c\"; DROP TABLE blobs; --\0\xff";
	char sha[65], *data = NULL;
	size_t len = 0;

	tc_sha256_hex(bin, sizeof(bin), sha);
	TU_INT(tc_store_put_blob(st, sha, bin, sizeof(bin), "raw", err, sizeof(err)), 0);
	TU_INT(tc_store_put_blob(st, sha, bin, sizeof(bin), "raw", err, sizeof(err)), 0);
	TU_INT(tc_store_get_blob(st, sha, &data, &len, err, sizeof(err)), 0);
	TU_INT(len, sizeof(bin));
	TU_CHECK(data && memcmp(data, bin, len) == 0 && data[len] == '\0', "blob round trip");
	free(data);
	TU_CHECK(tc_store_put_blob(st, "00", bin, 3, "raw", err, sizeof(err)) < 0, "bad sha accepted");
	TU_CHECK(strstr(err, "does not match") != NULL, "err: %s", err);
	tc_sha256_hex("", 0, sha);
	TU_INT(tc_store_put_blob(st, sha, NULL, 0, "text", err, sizeof(err)), 0);
	TU_INT(tc_store_get_blob(st, sha, &data, &len, err, sizeof(err)), 0);
	TU_INT(len, 0);
	TU_STR(data, "");
	free(data);
	TU_INT(tc_store_get_blob(st, "ffff", &data, &len, err, sizeof(err)), TC_STORE_NOTFOUND);
	TU_CHECK(data == NULL, "no data on notfound");
	/* a bad kind violates the CHECK constraint: sqlite's message comes through */
	tc_sha256_hex("k", 1, sha);
	TU_CHECK(tc_store_put_blob(st, sha, "k", 1, "other", err, sizeof(err)) < 0, "bad kind");
	TU_CHECK(strstr(err, "CHECK constraint") != NULL, "err: %s", err);
}

static void test_snapshots_failures(tc_store *st, int64_t doc, int64_t run)
{
	tc_snapshot s, *list = NULL;
	tc_failure *fails = NULL;
	size_t n = 0;
	int64_t s1, s2, f1 = 0, alerted = -1;
	int count = -1;
	time_t since = -1;
	char sha[65];

	TU_INT(tc_store_snapshot_last_good(st, doc, &s, err, sizeof(err)), TC_STORE_NOTFOUND);
	TU_INT(tc_store_consecutive_failures(st, doc, &count, &since, &alerted, err, sizeof(err)), 0);
	TU_INT(count, 0);
	TU_INT(since, 0);
	s1 = add_snapshot(st, doc, run, 10000, "# DPA\nversion 1");
	s2 = add_snapshot(st, doc, run, 20000, "# DPA\nversion 2 with 'quotes' and \"more\"");
	TU_INT(tc_store_snapshot_last_good(st, doc, &s, err, sizeof(err)), 0);
	TU_INT(s.id, s2);
	TU_INT(s.fetched_at, 20000);
	TU_STR(s.etag, "\"abc\"");
	TU_STR(s.final_url, "https://example.test/dpa?x=1");
	TU_INT(s.http_status, 200);
	TU_INT(s.run, run);
	TU_CHECK(s.last_modified == NULL, "NULL stays NULL");
	TU_INT(s.not_modified, 0);
	tc_snapshot_release(&s);
	TU_INT(tc_store_snapshot_list(st, doc, &list, &n, err, sizeof(err)), 0);
	TU_INT(n, 2);
	if (n == 2) {
		TU_INT(list[0].id, s2);
		TU_INT(list[1].id, s1);
	}
	tc_snapshot_list_free(list, n);

	put_text(st, "# DPA\nversion 1 re-extracted", sha);
	TU_INT(tc_store_snapshot_set_text(st, s1, sha, 2, err, sizeof(err)), 0);
	TU_INT(tc_store_snapshot_get(st, s1, &s, err, sizeof(err)), 0);
	TU_STR(s.text_sha, sha);
	TU_INT(s.extractor_version, 2);
	tc_snapshot_release(&s);
	TU_INT(tc_store_snapshot_set_text(st, 9999, sha, 2, err, sizeof(err)), TC_STORE_NOTFOUND);
	TU_INT(tc_store_snapshot_get(st, 9999, &s, err, sizeof(err)), TC_STORE_NOTFOUND);
	/* foreign keys are on: a snapshot of a missing blob is refused */
	s = (tc_snapshot){ .doc = doc, .fetched_at = 1, .url = "u", .raw_sha = "nope" };
	TU_CHECK(tc_store_snapshot_insert(st, &s, &s1, err, sizeof(err)) < 0, "FK not enforced");
	TU_CHECK(strstr(err, "FOREIGN KEY") != NULL, "err: %s", err);

	/* failures: a streak, broken by a good snapshot */
	TU_INT(tc_store_failure_record(st, doc, run, 30000, "timeout", "after 60 s", 0,
				       "https://example.test/dpa", &f1, err, sizeof(err)), 0);
	TU_INT(tc_store_failure_record(st, doc, run, 40000, "http_404", "Not Found", 404,
				       "https://example.test/dpa", NULL, err, sizeof(err)), 0);
	TU_INT(tc_store_consecutive_failures(st, doc, &count, &since, &alerted, err, sizeof(err)), 0);
	TU_INT(count, 2);
	TU_INT(since, 30000);
	TU_INT(alerted, 0);
	TU_INT(tc_store_failure_list_for_run(st, run, &fails, &n, err, sizeof(err)), 0);
	TU_INT(n, 2);
	if (n == 2) {
		TU_INT(fails[0].id, f1);
		TU_STR(fails[0].kind, "timeout");
		TU_INT(fails[0].http_status, 0);
		TU_INT(fails[1].http_status, 404);
		TU_STR(fails[1].detail, "Not Found");
	}
	tc_failure_list_free(fails, n);
	TU_CHECK(tc_store_failure_record(st, 4242, run, 1, "timeout", NULL, 0, NULL, NULL, err,
					 sizeof(err)) < 0, "failure of unknown doc");
	add_snapshot(st, doc, run, 50000, "# DPA\nversion 2 with 'quotes' and \"more\"");
	TU_INT(tc_store_consecutive_failures(st, doc, &count, &since, &alerted, err, sizeof(err)), 0);
	TU_INT(count, 0);
	TU_INT(since, 0);
	TU_INT(tc_store_consecutive_failures(st, 4242, &count, &since, NULL, err, sizeof(err)),
	       TC_STORE_NOTFOUND);

}

/* The baseline a run keeps of a document, and a confirmation copied from it. */
static void test_baseline_confirm(tc_store *st, int64_t doc, int64_t run)
{
	tc_snapshot full;
	int count = -1;
	time_t since = -1;
	int64_t alerted = -1;

	tc_snapshot b, c;
	int64_t cid = 0;

	TU_INT(tc_store_snapshot_baseline(st, doc, &b, err, sizeof(err)), 0);
	TU_CHECK(b.url == NULL && b.final_url == NULL && b.content_type == NULL &&
		 b.raw_sha == NULL && b.text_sha == NULL,
		 "url, final_url, content_type and the hashes are not read");
	TU_STR(b.etag, "\"abc\"");
	TU_INT(tc_store_snapshot_get(st, b.id, &full, err, sizeof(err)), 0);
	TU_INT(tc_store_failure_record(st, doc, run, 60000, "timeout", NULL, 0,
				       "https://example.test/dpa", NULL, err, sizeof(err)), 0);
	TU_INT(tc_store_snapshot_confirm(st, b.id, run, 70000, NULL, 304, "\"def\"", NULL, 1,
					 "rules1", &cid, err, sizeof(err)), 0);
	TU_INT(tc_store_snapshot_get(st, cid, &c, err, sizeof(err)), 0);
	TU_INT(c.fetched_at, 70000);
	TU_INT(c.http_status, 304);
	TU_INT(c.not_modified, 1);
	TU_STR(c.etag, "\"def\"");
	TU_STR(c.final_url, "https://example.test/dpa?x=1");   /* the baseline's */
	TU_STR(c.url, "https://example.test/dpa");
	TU_STR(c.raw_sha, full.raw_sha);
	TU_STR(c.text_sha, full.text_sha);
	tc_snapshot_release(&full);
	tc_snapshot_release(&c);
	{
		char rules[65];

		TU_INT(tc_store_snapshot_rules(st, cid, rules, err, sizeof(err)), 0);
		TU_STR(rules, "rules1");
	}
	TU_INT(tc_store_consecutive_failures(st, doc, &count, &since, &alerted, err,
					     sizeof(err)), 0);
	TU_INT(count, 0);   /* the confirmation ended the streak */
	TU_CHECK(tc_store_snapshot_confirm(st, 99999, run, 80000, NULL, 304, NULL, NULL, 1,
					   NULL, &cid, err, sizeof(err)) < 0 &&
		 strstr(err, "to confirm is missing"), "a missing baseline: %s", err);
	tc_snapshot_release(&b);
}

static void test_changes_findings_alerts(tc_store *st, int64_t doc, int64_t run)
{
	tc_snapshot snaps[2];
	tc_change c = { 0 }, got, *list = NULL;
	tc_finding_row f = { 0 }, *fl = NULL;
	tc_alert a, *pending = NULL;
	tc_alert_new an = { 0 };
	const char *rcpt[] = { "dpo@example.se", "it@example.se" };
	int64_t ch1 = 0, ch2 = 0, ch3 = 0, fi1 = 0, fi2 = 0, fi3 = 0, al = 0, al2 = 0;
	int64_t alerted = 0;
	int already = -1, is_new = -1, count;
	time_t since;
	size_t n = 0;
	tc_snapshot *sl = NULL;

	TU_INT(tc_store_snapshot_list(st, doc, &sl, &n, err, sizeof(err)), 0);
	TU_CHECK(n >= 2, "snapshots");
	if (n < 2)
		return;
	snaps[0] = sl[1];
	snaps[1] = sl[0];

	c.doc = doc;
	c.run = run;
	c.from_snapshot = snaps[0].id;
	c.to_snapshot = snaps[1].id;
	c.detected_at = 60000;
	c.added = 1;
	c.removed = 2;
	c.changed = 3;
	c.diff_json = "{\"added\":1,\"blocks\":[{\"op\":\"add\",\"b\":\"it's \\\"new\\\"\"}]}";
	TU_INT(tc_store_change_insert(st, &c, &ch1, err, sizeof(err)), 0);
	c.technical = 1;
	c.detected_at = 61000;
	TU_INT(tc_store_change_insert(st, &c, &ch2, err, sizeof(err)), 0);
	c.technical = 0;
	c.from_snapshot = 0;   /* NULL */
	c.run = 0;
	c.detected_at = 62000;
	TU_INT(tc_store_change_insert(st, &c, &ch3, err, sizeof(err)), 0);
	tc_snapshot_list_free(sl, n);

	TU_INT(tc_store_change_get(st, ch1, &got, err, sizeof(err)), 0);
	TU_STR(got.diff_json, c.diff_json);
	TU_INT(got.added + got.removed + got.changed, 6);
	TU_INT(got.alert_id, 0);
	TU_INT(got.acked_at, 0);
	tc_change_release(&got);
	TU_INT(tc_store_change_get(st, ch3, &got, err, sizeof(err)), 0);
	TU_INT(got.from_snapshot, 0);
	TU_INT(got.run, 0);
	tc_change_release(&got);
	TU_INT(tc_store_change_list_for_doc(st, doc, &list, &n, err, sizeof(err)), 0);
	TU_INT(n, 3);
	if (n == 3)
		TU_INT(list[0].id, ch3);
	tc_change_list_free(list, n);
	TU_INT(tc_store_change_list_open(st, &list, &n, err, sizeof(err)), 0);
	TU_INT(n, 2);   /* the technical one is not open */
	tc_change_list_free(list, n);

	/* ack, twice */
	TU_INT(tc_store_change_ack(st, ch3, "Anna O'Brien", "checked; \"fine\"", 70000, &already,
				   err, sizeof(err)), 0);
	TU_INT(already, 0);
	TU_INT(tc_store_change_ack(st, ch3, "Bob", "again", 80000, &already, err, sizeof(err)), 0);
	TU_INT(already, 1);
	TU_INT(tc_store_change_get(st, ch3, &got, err, sizeof(err)), 0);
	TU_STR(got.acked_by, "Anna O'Brien");
	TU_STR(got.ack_note, "checked; \"fine\"");
	TU_INT(got.acked_at, 70000);
	tc_change_release(&got);
	TU_INT(tc_store_change_ack(st, 9999, "x", NULL, 1, &already, err, sizeof(err)), TC_STORE_NOTFOUND);
	TU_CHECK(strstr(err, "no change 9999") != NULL, "err: %s", err);
	TU_INT(tc_store_change_list_open(st, &list, &n, err, sizeof(err)), 0);
	TU_INT(n, 1);
	tc_change_list_free(list, n);

	/* findings: dedupe by (doc, key) */
	f.doc = doc;
	f.change = ch1;
	f.run = run;
	f.kind = "undeclared_transfer";
	f.severity = "high";
	f.key = "undeclared_transfer:US";
	f.json = "{\"kind\":\"undeclared_transfer\",\"country\":\"US\"}";
	f.first_seen = 60000;
	TU_INT(tc_store_finding_insert(st, &f, &fi1, &is_new, err, sizeof(err)), 0);
	TU_INT(is_new, 1);
	f.first_seen = 90000;
	f.change = 0;
	TU_INT(tc_store_finding_insert(st, &f, &fi2, &is_new, err, sizeof(err)), 0);
	TU_INT(is_new, 0);
	TU_INT(fi2, fi1);
	f.key = "country_added:CN";
	f.kind = "country_added";
	f.change = ch1;
	TU_INT(tc_store_finding_insert(st, &f, &fi3, &is_new, err, sizeof(err)), 0);
	TU_INT(is_new, 1);
	TU_INT(tc_store_finding_list_for_run(st, run, &fl, &n, err, sizeof(err)), 0);
	TU_INT(n, 2);
	if (n == 2) {
		TU_INT(fl[0].first_seen, 60000);
		TU_STR(fl[0].severity, "high");
		TU_INT(fl[0].change, ch1);
	}
	tc_finding_row_list_free(fl, n);
	TU_INT(tc_store_finding_list_for_change(st, ch1, &fl, &n, err, sizeof(err)), 0);
	TU_INT(n, 2);
	tc_finding_row_list_free(fl, n);
	TU_INT(tc_store_finding_list_unalerted(st, &fl, &n, err, sizeof(err)), 0);
	TU_INT(n, 2);
	tc_finding_row_list_free(fl, n);

	/* alerts: a failure streak, a change, findings; all attached at once */
	TU_INT(tc_store_failure_record(st, doc, run, 95000, "challenge", "captcha", 403, "u",
				       NULL, err, sizeof(err)), 0);
	an.run = run;
	an.subject = "tiacheck: DPA ändrad";
	an.text = "text";
	an.html = "<p>html</p>";
	an.recipients = rcpt;
	an.nrecipients = 2;
	an.message_id = "<abc@example.se>";
	an.changes = &ch1;
	an.nchanges = 1;
	an.findings = (int64_t[]){ fi1, fi3 };
	an.nfindings = 2;
	an.failure_docs = &doc;
	an.nfailure_docs = 1;
	TU_INT(tc_store_alert_create(st, &an, 100000, &al, err, sizeof(err)), 0);
	TU_CHECK(al > 0, "alert id");
	TU_INT(tc_store_change_get(st, ch1, &got, err, sizeof(err)), 0);
	TU_INT(got.alert_id, al);
	tc_change_release(&got);
	TU_INT(tc_store_consecutive_failures(st, doc, &count, &since, &alerted, err, sizeof(err)), 0);
	TU_INT(count, 1);
	TU_INT(alerted, al);
	TU_INT(tc_store_finding_list_unalerted(st, &fl, &n, err, sizeof(err)), 0);
	TU_INT(n, 0);
	tc_finding_row_list_free(fl, n);
	TU_INT(tc_store_change_list_unalerted(st, &list, &n, err, sizeof(err)), 0);
	TU_INT(n, 1);   /* ch3 (ch2 is technical) */
	if (n == 1)
		TU_INT(list[0].id, ch3);
	tc_change_list_free(list, n);

	/* attaching an already attached item fails and writes nothing */
	an.changes = (int64_t[]){ ch3, ch1 };
	an.nchanges = 2;
	an.nfindings = 0;
	an.nfailure_docs = 0;
	TU_CHECK(tc_store_alert_create(st, &an, 100001, &al2, err, sizeof(err)) < 0, "double attach");
	TU_CHECK(strstr(err, "already reported by alert") != NULL, "err: %s", err);
	TU_INT(al2, 0);
	TU_INT(tc_store_change_get(st, ch3, &got, err, sizeof(err)), 0);
	TU_INT(got.alert_id, 0);   /* rolled back */
	tc_change_release(&got);
	an.nchanges = 0;
	an.failure_docs = &doc;
	an.nfailure_docs = 1;
	TU_CHECK(tc_store_alert_create(st, &an, 100001, &al2, err, sizeof(err)) < 0, "streak twice");
	an.nfailure_docs = 0;
	an.changes = (int64_t[]){ 12345 };
	an.nchanges = 1;
	TU_CHECK(tc_store_alert_create(st, &an, 100001, &al2, err, sizeof(err)) < 0, "missing change");
	TU_CHECK(strstr(err, "no change 12345") != NULL, "err: %s", err);

	/* pending lifecycle */
	TU_INT(tc_store_alert_list_pending(st, &pending, &n, err, sizeof(err)), 0);
	TU_INT(n, 1);
	if (n == 1) {
		TU_INT(pending[0].id, al);
		TU_STR(pending[0].subject, "tiacheck: DPA ändrad");
		TU_INT(pending[0].nrecipients, 2);
		if (pending[0].nrecipients == 2)
			TU_STR(pending[0].recipients[1], "it@example.se");
		TU_STR(pending[0].status, "pending");
		TU_STR(pending[0].message_id, "<abc@example.se>");
	}
	tc_alert_list_free(pending, n);
	TU_INT(tc_store_alert_mark_failed(st, al, "connection refused", err, sizeof(err)), 0);
	TU_INT(tc_store_alert_mark_failed(st, al, "timeout", err, sizeof(err)), 0);
	TU_INT(tc_store_alert_get(st, al, &a, err, sizeof(err)), 0);
	TU_INT(a.attempts, 2);
	TU_STR(a.last_error, "timeout");
	TU_STR(a.status, "pending");
	tc_alert_release(&a);
	TU_INT(tc_store_alert_mark_sent(st, al, 110000, NULL, err, sizeof(err)), 0);
	TU_INT(tc_store_alert_get(st, al, &a, err, sizeof(err)), 0);
	TU_STR(a.status, "sent");
	TU_INT(a.sent_at, 110000);
	TU_STR(a.message_id, "<abc@example.se>");
	TU_STR(a.html, "<p>html</p>");
	tc_alert_release(&a);
	TU_INT(tc_store_alert_mark_sent(st, al, 120000, "<x@y>", err, sizeof(err)), TC_STORE_ERROR);
	TU_CHECK(strstr(err, "already sent") != NULL, "err: %s", err);
	TU_INT(tc_store_alert_mark_sent(st, 777, 1, NULL, err, sizeof(err)), TC_STORE_NOTFOUND);
	TU_INT(tc_store_alert_mark_failed(st, al, "late", err, sizeof(err)), TC_STORE_NOTFOUND);
	TU_INT(tc_store_alert_list_pending(st, &pending, &n, err, sizeof(err)), 0);
	TU_INT(n, 0);
	tc_alert_list_free(pending, n);
}

/* The caller's transaction: our functions nest as savepoints; rollback undoes all. */
static void test_transactions(tc_store *st)
{
	int64_t id = 0, d = 0;
	tc_run_row r;

	TU_INT(tc_store_begin(st, err, sizeof(err)), 0);
	TU_INT(tc_store_run_begin(st, 1, "tx", NULL, &id, err, sizeof(err)), 0);
	TU_INT(tc_store_document_id(st, "tx", "d", "dpa", "u", &d, err, sizeof(err)), 0);
	TU_INT(tc_store_failure_record(st, d, id, 2, "timeout", NULL, 0, NULL, NULL, err, sizeof(err)), 0);
	TU_CHECK(tc_store_failure_record(st, 999, id, 2, "timeout", NULL, 0, NULL, NULL, err,
					 sizeof(err)) < 0, "inner failure");
	/* the failed inner savepoint did not end the outer transaction */
	TU_INT(tc_store_run_get(st, id, &r, err, sizeof(err)), 0);
	tc_run_row_release(&r);
	tc_store_rollback(st);
	TU_INT(tc_store_run_get(st, id, &r, err, sizeof(err)), TC_STORE_NOTFOUND);

	TU_INT(tc_store_begin(st, err, sizeof(err)), 0);
	TU_INT(tc_store_run_begin(st, 1, "tx2", NULL, &id, err, sizeof(err)), 0);
	TU_INT(tc_store_commit(st, err, sizeof(err)), 0);
	TU_INT(tc_store_run_get(st, id, &r, err, sizeof(err)), 0);
	TU_STR(r.command, "tx2");
	tc_run_row_release(&r);
}

/* Another connection holds the write lock: a short busy timeout gives BUSY with
 * sqlite's "database is locked" and the path. */
static void test_locked_db(tc_store *st, const char *path)
{
	sqlite3 *db;
	int64_t id = 0;

	sqlite3_open(path, &db);
	TU_INT(sqlite3_exec(db, "BEGIN IMMEDIATE; INSERT INTO runs (started_at, command)"
			    " VALUES ('2026-01-01T00:00:00Z', 'other');", NULL, NULL, NULL), SQLITE_OK);
	tc_store_set_busy_timeout(st, 100);
	TU_INT(tc_store_run_begin(st, 1, "run", NULL, &id, err, sizeof(err)), TC_STORE_BUSY);
	TU_CHECK(strstr(err, "database is locked") && strstr(err, path), "err: %s", err);
	TU_INT(tc_store_begin(st, err, sizeof(err)), TC_STORE_BUSY);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	TU_INT(tc_store_run_begin(st, 1, "run", NULL, &id, err, sizeof(err)), 0);
	tc_store_set_busy_timeout(st, 5000);
}

/* A write that cannot fit (file size limit, like a full disk) fails with sqlite's
 * message and the path, and leaves the database intact. */
static void test_disk_full(void)
{
	char *path = tmp_path("full.db");
	tc_store *st = NULL;
	pid_t child;
	int status = -1;
	char msg[256];

	if (tc_store_open(path, &st, err, sizeof(err)) < 0)
		return;
	tc_store_close(st);
	child = fork();
	if (child == 0) {
		struct rlimit rl = { 256 * 1024, 256 * 1024 };
		size_t n = 4 << 20;
		char *big = tc_xcalloc(1, n), sha[65];
		tc_store *cs = NULL;
		int rc;

		signal(SIGXFSZ, SIG_IGN);
		if (tc_store_open(path, &cs, err, sizeof(err)) < 0)
			_exit(2);
		setrlimit(RLIMIT_FSIZE, &rl);
		uint32_t x = 2463534242u;

		/* bytes that do not compress (xorshift), so that 4 MB reach the disk */
		for (size_t i = 0; i < n; i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			big[i] = (char)(x >> 24);
		}
		tc_sha256_hex(big, n, sha);
		rc = tc_store_put_blob(cs, sha, big, n, "raw", err, sizeof(err));
		printf("disk full: %s\n", err);
		fflush(stdout);
		_exit(rc < 0 && strstr(err, path) &&
		      (strstr(err, "disk is full") || strstr(err, "disk I/O error")) ? 0 : 1);
	}
	waitpid(child, &status, 0);
	TU_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "disk full child status %d", status);
	TU_INT(tc_store_open(path, &st, err, sizeof(err)), 0);
	if (st) {
		TU_INT(tc_store_integrity_check(st, msg, sizeof(msg), err, sizeof(err)), 0);
		tc_store_close(st);
	}
	free(path);
}

static void test_run_lock(void)
{
	char *path = tmp_path("run.lock");
	tc_store_lock_handle a = TC_STORE_LOCK_INIT, b = TC_STORE_LOCK_INIT;
	long holder = -1;
	struct stat sb;
	pid_t child;
	int pfd[2], status;
	char c;

	TU_INT(tc_store_lock(path, &a, &holder, err, sizeof(err)), 0);
	TU_INT(stat(path, &sb), 0);
	TU_INT(sb.st_mode & 0777, 0600);
	/* a second open file description in the same process conflicts too (flock) */
	TU_INT(tc_store_lock(path, &b, &holder, err, sizeof(err)), TC_STORE_HELD);
	TU_INT(holder, getpid());
	TU_CHECK(strstr(err, "another tiacheck run") != NULL, "err: %s", err);
	tc_store_unlock(&a);
	TU_INT(a.fd, -1);

	/* a child takes the lock and is killed with SIGKILL: the lock is free again */
	if (pipe(pfd) < 0)
		return;
	child = fork();
	if (child == 0) {
		tc_store_lock_handle h = TC_STORE_LOCK_INIT;

		close(pfd[0]);
		if (tc_store_lock(path, &h, NULL, NULL, 0) == 0 && write(pfd[1], "k", 1) == 1)
			pause();
		_exit(1);
	}
	close(pfd[1]);
	TU_INT(read(pfd[0], &c, 1), 1);
	close(pfd[0]);
	TU_INT(tc_store_lock(path, &b, &holder, err, sizeof(err)), TC_STORE_HELD);
	TU_INT(holder, child);
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
	TU_INT(tc_store_lock(path, &b, &holder, err, sizeof(err)), 0);
	tc_store_unlock(&b);
	free(path);
}

/* A child writing in a loop is killed with SIGKILL mid-transaction: the database
 * opens, passes integrity_check, and holds only whole transactions. */
static void test_kill9(void)
{
	char *path = tmp_path("kill.db");
	tc_store *st = NULL;
	pid_t child;
	int status, pfd[2];
	char c, msg[256];
	tc_run_row *runs = NULL;
	size_t n = 0;

	if (tc_store_open(path, &st, err, sizeof(err)) < 0)
		return;
	tc_store_close(st);
	if (pipe(pfd) < 0)
		return;
	child = fork();
	if (child == 0) {
		tc_store *cs = NULL;
		int64_t id, d;

		close(pfd[0]);
		if (tc_store_open(path, &cs, NULL, 0) < 0)
			_exit(1);
		for (int i = 0;; i++) {
			tc_store_begin(cs, NULL, 0);
			tc_store_run_begin(cs, 1000 + i, "pair", NULL, &id, NULL, 0);
			tc_store_document_id(cs, "svc", "doc", "dpa", "u", &d, NULL, 0);
			tc_store_failure_record(cs, d, id, 1000 + i, "timeout", NULL, 0, NULL, NULL, NULL, 0);
			tc_store_run_finish(cs, id, 1001 + i, "ok", "{}", NULL, 0);
			tc_store_commit(cs, NULL, 0);
			if (i == 20 && write(pfd[1], "g", 1) != 1)
				_exit(1);
		}
	}
	close(pfd[1]);
	TU_INT(read(pfd[0], &c, 1), 1);
	close(pfd[0]);
	usleep(20000);
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
	TU_INT(tc_store_open(path, &st, err, sizeof(err)), 0);
	if (!st)
		goto out;
	TU_INT(tc_store_integrity_check(st, msg, sizeof(msg), err, sizeof(err)), 0);
	TU_INT(tc_store_run_list(st, 0, &runs, &n, err, sizeof(err)), 0);
	TU_CHECK(n > 20, "runs committed: %zu", n);
	for (size_t i = 0; i < n; i++)
		TU_STR(runs[i].status, "ok");   /* never a half-done transaction */
	{
		int count = 0;
		time_t since;
		tc_doc_row d;

		if (tc_store_document_find(st, "svc", "doc", &d, err, sizeof(err)) == 0) {
			tc_store_consecutive_failures(st, d.id, &count, &since, NULL, err, sizeof(err));
			TU_INT(count, n);
			tc_doc_row_release(&d);
		}
	}
	tc_run_row_list_free(runs, n);
	tc_store_close(st);
out:
	free(path);
}

/* Review items: decisions, and what an alert may still carry. */
static void test_review_items(tc_store *st, int64_t doc, int64_t run)
{
	tc_snapshot *sl = NULL;
	tc_change c = { 0 }, *chs = NULL, got;
	tc_finding_row f = { 0 }, *fs = NULL;
	tc_item_row r = { 0 }, back;
	char name[24];
	int64_t ch = 0, f1 = 0, f2 = 0;
	size_t n = 0;
	int is_new = 0, already = -1, listed;

	TU_INT(tc_store_snapshot_list(st, doc, &sl, &n, err, sizeof(err)), 0);
	if (n < 1)
		return;
	c.doc = doc;
	c.run = run;
	c.to_snapshot = sl[0].id;
	c.detected_at = 90000;
	tc_snapshot_list_free(sl, n);
	TU_INT(tc_store_change_insert(st, &c, &ch, err, sizeof(err)), 0);
	f.doc = doc;
	f.change = ch;
	f.run = run;
	f.kind = "subprocessor_added";
	f.severity = "high";
	f.key = "review:a";
	f.json = "{\"subject\":\"Infosys BPM Limited\"}";
	f.first_seen = 90000;
	TU_INT(tc_store_finding_insert(st, &f, &f1, &is_new, err, sizeof(err)), 0);
	f.key = "review:b";
	f.kind = "term_added";
	f.severity = "medium";
	TU_INT(tc_store_finding_insert(st, &f, &f2, &is_new, err, sizeof(err)), 0);

	snprintf(name, sizeof(name), "F%lld", (long long)f1);
	TU_INT(tc_store_item_get(st, name, &back, err, sizeof(err)), TC_STORE_NOTFOUND);
	r.item = name;
	r.state = TC_ITEM_ACKNOWLEDGED;
	r.at = 91000;
	r.by = "dpo";
	r.note = "SCCs signed";
	TU_INT(tc_store_item_set(st, &r, &already, err, sizeof(err)), 0);
	TU_INT(already, 0);
	r.at = 92000;
	TU_INT(tc_store_item_set(st, &r, &already, err, sizeof(err)), 0);
	TU_INT(already, 1);
	TU_INT(tc_store_item_get(st, name, &back, err, sizeof(err)), 0);
	TU_INT(back.at, 91000);
	TU_STR(back.note, "SCCs signed");
	tc_item_row_release(&back);
	r.state = TC_ITEM_OBJECTED;
	r.how = "letter";
	TU_INT(tc_store_item_set(st, &r, &already, err, sizeof(err)), 0);
	TU_INT(already, 0);
	TU_INT(tc_store_item_get(st, name, &back, err, sizeof(err)), 0);
	TU_INT(back.state, TC_ITEM_OBJECTED);
	TU_STR(tc_item_state_name(back.state), "objected");
	tc_item_row_release(&back);

	/* the decided finding is not alerted; its change still is (one finding open) */
	TU_INT(tc_store_finding_list_alertable(st, &fs, &n, err, sizeof(err)), 0);
	listed = 0;
	for (size_t i = 0; i < n; i++)
		listed |= (fs[i].id == f1) * 1 | (fs[i].id == f2) * 2;
	TU_INT(listed, 2);
	tc_finding_row_list_free(fs, n);
	TU_INT(tc_store_change_list_alertable(st, &chs, &n, err, sizeof(err)), 0);
	listed = 0;
	for (size_t i = 0; i < n; i++)
		listed |= chs[i].id == ch;
	TU_INT(listed, 1);
	tc_change_list_free(chs, n);
	/* every finding decided: the change is settled too */
	snprintf(name, sizeof(name), "F%lld", (long long)f2);
	r.state = TC_ITEM_ADOPTED;
	TU_INT(tc_store_item_set(st, &r, &already, err, sizeof(err)), 0);
	TU_INT(tc_store_change_list_alertable(st, &chs, &n, err, sizeof(err)), 0);
	listed = 0;
	for (size_t i = 0; i < n; i++)
		listed |= chs[i].id == ch;
	TU_INT(listed, 0);
	tc_change_list_free(chs, n);
	/* a decision on a change acknowledges it */
	snprintf(name, sizeof(name), "C%lld", (long long)ch);
	r.state = TC_ITEM_ACKNOWLEDGED;
	r.how = NULL;
	TU_INT(tc_store_item_set(st, &r, &already, err, sizeof(err)), 0);
	TU_INT(tc_store_change_get(st, ch, &got, err, sizeof(err)), 0);
	TU_CHECK(got.acked_at != 0, "the change is acknowledged with its item");
	TU_STR(got.acked_by, "dpo");
	tc_change_release(&got);
	r.state = TC_ITEM_OPEN;
	TU_CHECK(tc_store_item_set(st, &r, &already, err, sizeof(err)) < 0, "open is not a decision");
}

int main(void)
{
	char *path;
	tc_store *st = NULL;
	int64_t doc = 0, run = 0;

	snprintf(dir, sizeof(dir), "%s/tc-store-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_open_mode_schema();
	test_open_errors();
	test_migration();
	test_blob_compression();
	test_blob_delta();
	delta_by_version = 1;
	test_blob_delta();
	test_migrate_release_store();
	test_keep_parse();
	test_gc();

	path = tmp_path("main.db");
	TU_INT(tc_store_open(path, &st, err, sizeof(err)), 0);
	if (st) {
		test_catalog_docs_runs(st);
		test_blobs(st);
		TU_INT(tc_store_document_id(st, "acme", "dpa", "dpa", "https://example.test/dpa",
					    &doc, err, sizeof(err)), 0);
		TU_INT(tc_store_run_begin(st, 9000, "run", NULL, &run, err, sizeof(err)), 0);
		test_snapshots_failures(st, doc, run);
		test_baseline_confirm(st, doc, run);
		test_changes_findings_alerts(st, doc, run);
		test_transactions(st);
		test_review_items(st, doc, run);
		test_locked_db(st, path);
		{
			char msg[256];

			TU_INT(tc_store_integrity_check(st, msg, sizeof(msg), err, sizeof(err)), 0);
		}
		tc_store_close(st);
	}
	test_run_lock();
	test_kill9();
	test_disk_full();
	free(path);
	{
		char *cmd = tc_xasprintf("rm -rf '%s'", dir);

		if (system(cmd) != 0)
			printf("note: could not remove %s\n", dir);
		free(cmd);
	}
	return TU_END("test_store");
}
