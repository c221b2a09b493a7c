/* store: see include/tiacheck/store.h */
#include "tiacheck/store.h"

#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>
#include <zstd.h>

#include "tiacheck/util.h"

#define STMT_CACHE_MAX 96
#define DEFAULT_BUSY_MS 5000
/* zstd level for blobs: 3 (zstd's default) shrinks HTML about 5.5 times at over
 * 100 MB/s; level 19 gains another 15 % at 30 times the CPU. */
#define BLOB_ZSTD_LEVEL 3
/* The page cache of a connection (SQLite's default is 2 MB). Blobs are written once
 * and read rarely, so the cache only has to hold the index pages a run looks up. */
#define STORE_CACHE_KB 512
#define TC_STR_(x) #x
#define TC_STR(x) TC_STR_(x)
/* A blob larger than this is refused on read (a damaged size column). */
#define BLOB_MAX ((size_t)1 << 30)

/* blobs.codec: how blobs.data holds the bytes whose SHA-256 is blobs.sha. */
enum { CODEC_PLAIN = 0, CODEC_ZSTD = 1 };
/* A new version of a document is compressed against the previous one (blobs.ref);
 * every BLOB_CHAIN_K-th version is a full frame again, so a read never decompresses
 * more than BLOB_CHAIN_K frames. A chain longer than BLOB_CHAIN_MAX is damage. */
#define BLOB_CHAIN_K 8
#define BLOB_CHAIN_MAX 64

/* The bytes of the blob put last of one kind (0 raw, 1 text), kept until the
 * snapshot that uses it is inserted, to compress them against the previous version. */
struct blob_fresh {
	char sha[65];
	char *data;
	size_t len;
	int placed;     /* stored against its reference already (tc_store_put_version) */
};

struct tc_store {
	sqlite3 *db;
	char *path;
	struct {
		const char *sql;       /* string literal: compared by address, then text */
		sqlite3_stmt *stmt;
	} cache[STMT_CACHE_MAX];
	size_t ncache;
	ZSTD_DCtx *zd;
	struct blob_fresh fresh[2];
};

static int compress_blobs(tc_store *st, char *err, size_t errlen);
static int blob_delta_snapshot(tc_store *st, const tc_snapshot *p, int64_t id,
			       char *err, size_t errlen);
static void stores_count(int delta);

/*
 * Forward migrations: entry N-1 takes user_version from N-1 to N, in one
 * transaction. Never edit a released entry; append a new one.
 */
static const char *const migrations[] = {
	/* 1: the base schema */
	"CREATE TABLE catalog_versions ("
	"  id INTEGER PRIMARY KEY,"
	"  hash TEXT NOT NULL,"
	"  json TEXT NOT NULL,"
	"  synced_at TEXT NOT NULL);"
	"CREATE TABLE documents ("
	"  id INTEGER PRIMARY KEY,"
	"  service TEXT NOT NULL,"
	"  doc TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  url TEXT NOT NULL,"
	"  UNIQUE (service, doc));"
	"CREATE TABLE runs ("
	"  id INTEGER PRIMARY KEY,"
	"  started_at TEXT NOT NULL,"
	"  finished_at TEXT,"
	"  command TEXT NOT NULL,"
	"  options TEXT,"
	"  status TEXT NOT NULL DEFAULT 'running',"
	"  report_json TEXT);"
	"CREATE TABLE blobs ("
	"  sha TEXT PRIMARY KEY,"
	"  kind TEXT NOT NULL CHECK (kind IN ('raw', 'text')),"
	"  size INTEGER NOT NULL,"
	"  data BLOB NOT NULL);" /* a rowid table: its sha index stays small, so key
				    lookups (and the snapshots' foreign-key checks) never
				    read the 200 KB bodies, as a WITHOUT ROWID b-tree would */
	"CREATE TABLE snapshots ("
	"  id INTEGER PRIMARY KEY,"
	"  doc INTEGER NOT NULL REFERENCES documents(id),"
	"  run INTEGER REFERENCES runs(id),"
	"  fetched_at TEXT NOT NULL,"
	"  url TEXT NOT NULL,"
	"  final_url TEXT,"
	"  http_status INTEGER,"
	"  etag TEXT,"
	"  last_modified TEXT,"
	"  content_type TEXT,"
	"  raw_sha TEXT NOT NULL REFERENCES blobs(sha),"
	"  text_sha TEXT REFERENCES blobs(sha),"
	"  extractor_version INTEGER NOT NULL DEFAULT 0,"
	"  not_modified INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX snapshots_doc ON snapshots (doc, fetched_at, id);"
	"CREATE TABLE failures ("
	"  id INTEGER PRIMARY KEY,"
	"  doc INTEGER NOT NULL REFERENCES documents(id),"
	"  run INTEGER REFERENCES runs(id),"
	"  at TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  detail TEXT,"
	"  http_status INTEGER,"
	"  url TEXT);"
	"CREATE INDEX failures_doc ON failures (doc, at);"
	"CREATE INDEX failures_run ON failures (run);"
	"CREATE TABLE alerts ("
	"  id INTEGER PRIMARY KEY,"
	"  run INTEGER REFERENCES runs(id),"
	"  created_at TEXT NOT NULL,"
	"  subject TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  html TEXT,"
	"  recipients TEXT NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent')),"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  last_error TEXT,"
	"  sent_at TEXT,"
	"  message_id TEXT);"
	"CREATE TABLE changes ("
	"  id INTEGER PRIMARY KEY,"
	"  doc INTEGER NOT NULL REFERENCES documents(id),"
	"  run INTEGER REFERENCES runs(id),"
	"  from_snapshot INTEGER REFERENCES snapshots(id),"
	"  to_snapshot INTEGER NOT NULL REFERENCES snapshots(id),"
	"  detected_at TEXT NOT NULL,"
	"  technical INTEGER NOT NULL DEFAULT 0,"
	"  added INTEGER NOT NULL DEFAULT 0,"
	"  removed INTEGER NOT NULL DEFAULT 0,"
	"  changed INTEGER NOT NULL DEFAULT 0,"
	"  diff_json TEXT,"
	"  alert_id INTEGER REFERENCES alerts(id),"
	"  acked_at TEXT,"
	"  acked_by TEXT,"
	"  ack_note TEXT);"
	"CREATE INDEX changes_doc ON changes (doc);"
	"CREATE TABLE findings ("
	"  id INTEGER PRIMARY KEY,"
	"  doc INTEGER NOT NULL REFERENCES documents(id),"
	"  change INTEGER REFERENCES changes(id),"
	"  run INTEGER REFERENCES runs(id),"
	"  kind TEXT NOT NULL,"
	"  severity TEXT NOT NULL,"
	"  key TEXT NOT NULL,"
	"  json TEXT NOT NULL,"
	"  first_seen TEXT NOT NULL,"
	"  alert_id INTEGER REFERENCES alerts(id),"
	"  UNIQUE (doc, key));"
	"CREATE INDEX findings_run ON findings (run);"
	"CREATE INDEX findings_change ON findings (change);",

	/* 2: per-document failure streak (count, start, the alert that reported it),
	 * computed for existing data from failures newer than the last snapshot. */
	"ALTER TABLE documents ADD COLUMN fail_streak INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE documents ADD COLUMN fail_since TEXT;"
	"ALTER TABLE documents ADD COLUMN fail_alert INTEGER REFERENCES alerts(id);"
	"UPDATE documents SET"
	"  fail_streak = (SELECT count(*) FROM failures f WHERE f.doc = documents.id"
	"    AND f.at > coalesce((SELECT max(fetched_at) FROM snapshots s"
	"                         WHERE s.doc = documents.id), '')),"
	"  fail_since = (SELECT min(f.at) FROM failures f WHERE f.doc = documents.id"
	"    AND f.at > coalesce((SELECT max(fetched_at) FROM snapshots s"
	"                         WHERE s.doc = documents.id), ''));"
	"CREATE INDEX changes_open ON changes (acked_at, technical);",

	/* 3: blobs compressed with zstd; codec says how data holds the bytes (0 as is,
	 * 1 one zstd frame), sha and size stay those of the uncompressed bytes. The
	 * existing rows are compressed in the same transaction (migration_code).
	 * Retention (tc_store_gc) folds old confirmations into one snapshot per month:
	 * confirmations counts the fetches folded into a row, the last of them at
	 * confirmed_until. */
	"ALTER TABLE blobs ADD COLUMN codec INTEGER NOT NULL DEFAULT 0"
	"  CHECK (codec IN (0, 1));"
	"ALTER TABLE snapshots ADD COLUMN confirmations INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE snapshots ADD COLUMN confirmed_until TEXT;",

	/* 4: change classes and text rules. A change is "substantive" (a vendor edit to
	 * read), "cosmetic" (recorded, never alerted: link targets added, a volatile stamp,
	 * a return to a recent version; class_reason says which) or "technical" (new
	 * extraction or text rules). rules_sha: the hash of the document's select, remove
	 * and ignore rules the snapshot's text was made with (NULL: none). */
	"ALTER TABLE changes ADD COLUMN class TEXT NOT NULL DEFAULT 'substantive'"
	"  CHECK (class IN ('substantive', 'cosmetic', 'technical'));"
	"ALTER TABLE changes ADD COLUMN class_reason TEXT;"
	"UPDATE changes SET class = 'technical' WHERE technical = 1;"
	"ALTER TABLE snapshots ADD COLUMN rules_sha TEXT;",

	/* 5: review items. An item is a change ("C<id>"), a finding ("F<id>") or a
	 * document's failure streak ("S<doc id>"); without a row it is open. A row says
	 * what the DPO decided: acknowledged, adopted into the catalogue, objected (how);
	 * for a streak, which streak (streak_since). Earlier acknowledgements of changes
	 * become rows. */
	"CREATE TABLE review_items ("
	"  item TEXT PRIMARY KEY,"
	"  state TEXT NOT NULL CHECK (state IN ('acknowledged', 'adopted', 'objected')),"
	"  at TEXT NOT NULL,"
	"  by TEXT,"
	"  note TEXT,"
	"  how TEXT,"
	"  streak_since TEXT);"
	"INSERT INTO review_items (item, state, at, by, note)"
	"  SELECT 'C' || id, 'acknowledged', acked_at, acked_by, ack_note FROM changes"
	"  WHERE acked_at IS NOT NULL;",

	/* 6: a blob compressed against another (codec 1, ref: the hash of the blob whose
	 * uncompressed bytes are the frame's zstd prefix), depth: how many frames a read
	 * decompresses after its own. Existing blobs stay as they are (ref NULL). */
	"ALTER TABLE blobs ADD COLUMN ref TEXT REFERENCES blobs(sha);"
	"ALTER TABLE blobs ADD COLUMN depth INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX blobs_ref ON blobs (ref) WHERE ref IS NOT NULL;",
};

/* Work a migration does in C after its SQL, in its transaction (NULL: none). */
typedef int (*migration_fn)(tc_store *st, char *err, size_t errlen);
static const migration_fn migration_code[TC_ARRAY_LEN(migrations)] = {
	[2] = compress_blobs,
};

int tc_store_schema_version(void)
{
	return (int)TC_ARRAY_LEN(migrations);
}

const char *tc_store_migration_sql(int n)
{
	return n >= 1 && n <= (int)TC_ARRAY_LEN(migrations) ? migrations[n - 1] : NULL;
}

const char *tc_store_path(const tc_store *st)
{
	return st->path;
}

/* ---- errors and statements ---- */

/* Fill err with "PATH: what: sqlite message"; BUSY for a lock held elsewhere. */
static int sqlerr(tc_store *st, char *err, size_t errlen, const char *what)
{
	int code = sqlite3_errcode(st->db) & 0xff;
	int sys = sqlite3_system_errno(st->db);

	/* for I/O failures the OS's reason says more ("No space left on device") */
	if (sys && (code == SQLITE_IOERR || code == SQLITE_FULL || code == SQLITE_CANTOPEN ||
		    code == SQLITE_READONLY))
		tc_seterr(err, errlen, "%s: %s: %s (%s)", st->path, what, sqlite3_errmsg(st->db),
			  strerror(sys));
	else
		tc_seterr(err, errlen, "%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
	return code == SQLITE_BUSY || code == SQLITE_LOCKED ? TC_STORE_BUSY : TC_STORE_ERROR;
}

/* A prepared statement from the cache (reset, bindings cleared) or a fresh one. */
static int prep(tc_store *st, const char *sql, sqlite3_stmt **out, char *err, size_t errlen)
{
	sqlite3_stmt *s;

	for (size_t i = 0; i < st->ncache; i++) {
		if (st->cache[i].sql == sql || strcmp(st->cache[i].sql, sql) == 0) {
			*out = st->cache[i].stmt;
			return 0;
		}
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK)
		return sqlerr(st, err, errlen, "prepare");
	if (st->ncache < STMT_CACHE_MAX) {
		st->cache[st->ncache].sql = sql;
		st->cache[st->ncache].stmt = s;
		st->ncache++;
	}
	*out = s;
	return 0;
}

/* Done with a statement: reset it if cached (ends its read), else finalize. */
static void done(tc_store *st, sqlite3_stmt *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < st->ncache; i++) {
		if (st->cache[i].stmt == s) {
			sqlite3_reset(s);
			sqlite3_clear_bindings(s);
			return;
		}
	}
	sqlite3_finalize(s);
}

/*
 * Bind parameters 1..n described by fmt:
 *   i int64_t   I int64_t, 0 -> NULL   d int   t const char * (NULL -> NULL)
 *   b const void *, size_t (blob)      m time_t as ISO text (0 -> NULL)
 */
static int vbind(tc_store *st, sqlite3_stmt *s, const char *fmt, va_list ap,
		 char *err, size_t errlen)
{
	int idx = 1, rc = SQLITE_OK;

	for (const char *f = fmt; *f && rc == SQLITE_OK; f++, idx++) {
		switch (*f) {
		case 'i':
			rc = sqlite3_bind_int64(s, idx, va_arg(ap, int64_t));
			break;
		case 'I': {
			int64_t v = va_arg(ap, int64_t);

			rc = v ? sqlite3_bind_int64(s, idx, v) : sqlite3_bind_null(s, idx);
			break;
		}
		case 'd':
			rc = sqlite3_bind_int(s, idx, va_arg(ap, int));
			break;
		case 't': {
			const char *v = va_arg(ap, const char *);

			rc = v ? sqlite3_bind_text(s, idx, v, -1, SQLITE_TRANSIENT)
			       : sqlite3_bind_null(s, idx);
			break;
		}
		case 'b': {
			const void *p = va_arg(ap, const void *);
			size_t n = va_arg(ap, size_t);

			rc = sqlite3_bind_blob64(s, idx, n ? p : "", n, SQLITE_STATIC);
			break;
		}
		case 'm': {
			time_t t = va_arg(ap, time_t);
			char iso[32];

			if (!t) {
				rc = sqlite3_bind_null(s, idx);
				break;
			}
			tc_iso_utc(t, iso);
			rc = sqlite3_bind_text(s, idx, iso, -1, SQLITE_TRANSIENT);
			break;
		}
		default:
			tc_seterr(err, errlen, "%s: internal error: bad bind type '%c'", st->path, *f);
			return TC_STORE_ERROR;
		}
	}
	if (rc != SQLITE_OK)
		return sqlerr(st, err, errlen, "bind");
	return 0;
}

/* Prepare sql and bind its parameters. */
static int query(tc_store *st, sqlite3_stmt **out, const char *sql, char *err, size_t errlen,
		 const char *fmt, ...)
{
	va_list ap;
	int rc;

	*out = NULL;
	if ((rc = prep(st, sql, out, err, errlen)) < 0)
		return rc;
	va_start(ap, fmt);
	rc = vbind(st, *out, fmt, ap, err, errlen);
	va_end(ap);
	if (rc < 0) {
		done(st, *out);
		*out = NULL;
	}
	return rc;
}

/* Run a statement that returns no rows (or whose rows are ignored). */
static int exec(tc_store *st, const char *sql, const char *what, char *err, size_t errlen,
		const char *fmt, ...)
{
	sqlite3_stmt *s = NULL;
	va_list ap;
	int rc;

	if ((rc = prep(st, sql, &s, err, errlen)) < 0)
		return rc;
	va_start(ap, fmt);
	rc = vbind(st, s, fmt, ap, err, errlen);
	va_end(ap);
	if (rc == 0) {
		int step;

		while ((step = sqlite3_step(s)) == SQLITE_ROW)
			;
		if (step != SQLITE_DONE)
			rc = sqlerr(st, err, errlen, what);
	}
	done(st, s);
	return rc;
}

/* Statements without parameters that must not be cached (BEGIN, PRAGMA, DDL). */
static int exec_raw(tc_store *st, const char *sql, const char *what, char *err, size_t errlen)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return sqlerr(st, err, errlen, what);
	return 0;
}

static char *col_str(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	if (!t)
		return NULL;
	return tc_xstrndup((const char *)t, (size_t)sqlite3_column_bytes(s, i));
}

static time_t col_time(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	time_t v = 0;

	if (!t || tc_parse_iso(t, &v) < 0)
		return 0;
	return v;
}

typedef void (*row_fn)(sqlite3_stmt *s, void *elem);

/* Read every row of a bound statement into a growing array of elem_size items. */
static int collect(tc_store *st, sqlite3_stmt *s, row_fn fn, size_t elem_size, void **out,
		   size_t *n, const char *what, char *err, size_t errlen)
{
	char *arr = NULL;
	size_t len = 0, cap = 0;
	int step, rc = 0;

	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? cap * 2 : 16;
			arr = tc_xrealloc(arr, cap * elem_size);
		}
		memset(arr + len * elem_size, 0, elem_size);
		fn(s, arr + len * elem_size);
		len++;
	}
	if (step != SQLITE_DONE)
		rc = sqlerr(st, err, errlen, what);
	done(st, s);
	*out = arr;
	*n = len;
	return rc;
}

/* Read at most one row: 0 found, NOTFOUND, or an error. */
static int one(tc_store *st, sqlite3_stmt *s, row_fn fn, void *elem, const char *what,
	       char *err, size_t errlen)
{
	int step = sqlite3_step(s), rc;

	if (step == SQLITE_ROW) {
		fn(s, elem);
		rc = 0;
	} else if (step == SQLITE_DONE) {
		rc = TC_STORE_NOTFOUND;
	} else {
		rc = sqlerr(st, err, errlen, what);
	}
	done(st, s);
	return rc;
}

/* ---- transactions ---- */

int tc_store_begin(tc_store *st, char *err, size_t errlen)
{
	return exec_raw(st, "BEGIN IMMEDIATE", "begin transaction", err, errlen);
}

int tc_store_commit(tc_store *st, char *err, size_t errlen)
{
	int rc = exec_raw(st, "COMMIT", "commit", err, errlen);

	if (rc < 0)
		tc_store_rollback(st);
	return rc;
}

int tc_store_rollback(tc_store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return 0;
}

/* Start a unit of work: our own IMMEDIATE transaction, or a savepoint inside the
 * caller's. *own records which, for tx_end. */
static int tx_start(tc_store *st, int *own, char *err, size_t errlen)
{
	if (sqlite3_get_autocommit(st->db)) {
		*own = 1;
		return tc_store_begin(st, err, errlen);
	}
	*own = 2;
	return exec_raw(st, "SAVEPOINT tc_op", "savepoint", err, errlen);
}

/* Finish a unit of work: commit it when rc == 0, else undo it; returns rc or the
 * commit's error. */
static int tx_end(tc_store *st, int own, int rc, char *err, size_t errlen)
{
	if (own == 1) {
		if (rc == 0)
			return tc_store_commit(st, err, errlen);
		tc_store_rollback(st);
	} else if (own == 2) {
		if (rc == 0)
			return exec_raw(st, "RELEASE tc_op", "release savepoint", err, errlen);
		sqlite3_exec(st->db, "ROLLBACK TO tc_op; RELEASE tc_op", NULL, NULL, NULL);
	}
	return rc;
}

/* ---- open, migrate, close ---- */

static int user_version(tc_store *st, int *v, char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return sqlerr(st, err, errlen, "read schema version");
	if (sqlite3_step(s) == SQLITE_ROW)
		*v = sqlite3_column_int(s, 0);
	else
		rc = sqlerr(st, err, errlen, "read schema version");
	sqlite3_finalize(s);
	return rc;
}

/* Bring the schema to the current version, one transaction per migration. */
static int migrate(tc_store *st, char *err, size_t errlen)
{
	int v = 0, rc, last = tc_store_schema_version();

	if ((rc = user_version(st, &v, err, errlen)) < 0)
		return rc;
	if (v > last) {
		tc_seterr(err, errlen, "%s: database schema version %d is newer than this "
			  "tiacheck understands (%d); upgrade tiacheck", st->path, v, last);
		return TC_STORE_ERROR;
	}
	for (int n = v + 1; n <= last; n++) {
		char what[64], pragma[64];

		snprintf(what, sizeof(what), "schema migration %d", n);
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", n);
		if ((rc = tc_store_begin(st, err, errlen)) < 0)
			return rc;
		/* Another process may have migrated while we waited for the lock. */
		if ((rc = user_version(st, &v, err, errlen)) < 0) {
			tc_store_rollback(st);
			return rc;
		}
		if (v >= n) {
			tc_store_rollback(st);
			continue;
		}
		if ((rc = exec_raw(st, migrations[n - 1], what, err, errlen)) < 0 ||
		    (migration_code[n - 1] &&
		     (rc = migration_code[n - 1](st, err, errlen)) < 0) ||
		    (rc = exec_raw(st, pragma, what, err, errlen)) < 0 ||
		    (rc = tc_store_commit(st, err, errlen)) < 0) {
			tc_store_rollback(st);
			return rc;
		}
	}
	return 0;
}

int tc_store_open(const char *path, tc_store **out, char *err, size_t errlen)
{
	tc_store *st = tc_xcalloc(1, sizeof(*st));
	sqlite3_stmt *s = NULL;
	struct stat sb;
	int rc = TC_STORE_ERROR;

	*out = NULL;
	st->path = tc_xstrdup(path);
	stores_count(1);
	/* Create the file ourselves so that its mode is 0600 whatever the umask; SQLite
	 * gives the -wal and -shm files the database file's permissions. */
	if (stat(path, &sb) < 0) {
		int fd;

		if (errno != ENOENT) {
			tc_seterr(err, errlen, "cannot open database '%s': %s", path, strerror(errno));
			goto out;
		}
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST) {
			tc_seterr(err, errlen, "cannot create database '%s': %s", path,
				  strerror(errno));
			goto out;
		}
		if (fd >= 0) {
			fchmod(fd, 0600);
			close(fd);
		}
	} else if (S_ISDIR(sb.st_mode)) {
		tc_seterr(err, errlen, "cannot open database '%s': it is a directory", path);
		goto out;
	}
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		if (st->db)
			sqlerr(st, err, errlen, "cannot open database");
		else
			tc_seterr(err, errlen, "%s: cannot open database: out of memory", path);
		goto out;
	}
	if (sqlite3_db_readonly(st->db, "main") == 1) {
		tc_seterr(err, errlen, "%s: cannot open database for writing: the file or its "
			  "directory is read-only", path);
		goto out;
	}
	sqlite3_busy_timeout(st->db, DEFAULT_BUSY_MS);
	/* journal_mode answers with a row: "wal" when it took effect. */
	if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode = WAL", -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_step(s) != SQLITE_ROW) {
		rc = sqlerr(st, err, errlen, "cannot open database");
		goto out;
	}
	if (strcmp((const char *)sqlite3_column_text(s, 0), "wal") != 0) {
		tc_seterr(err, errlen, "%s: cannot switch the database to WAL mode (got '%s')",
			  path, (const char *)sqlite3_column_text(s, 0));
		goto out;
	}
	sqlite3_finalize(s);
	s = NULL;
	/* WAL + synchronous=NORMAL: a commit is not fsync'ed, the WAL is at checkpoints.
	 * A killed process (kill -9, a crash) loses nothing committed; only a power cut
	 * or an OS crash may roll back the last commits, never corrupt the file. The
	 * next run then fetches those documents again. One fsync per document would
	 * otherwise bound a run of thousands of documents. */
	if ((rc = exec_raw(st, "PRAGMA synchronous = NORMAL", "cannot open database", err, errlen)) < 0 ||
	    (rc = exec_raw(st, "PRAGMA foreign_keys = ON", "cannot open database", err, errlen)) < 0 ||
	    (rc = exec_raw(st, "PRAGMA cache_size = -" TC_STR(STORE_CACHE_KB), "cannot open database",
			   err, errlen)) < 0 ||
	    (rc = migrate(st, err, errlen)) < 0)
		goto out;
	rc = 0;
out:
	sqlite3_finalize(s);
	if (rc < 0) {
		tc_store_close(st);
		return rc < 0 ? rc : TC_STORE_ERROR;
	}
	*out = st;
	return 0;
}

void tc_store_close(tc_store *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->ncache; i++)
		sqlite3_finalize(st->cache[i].stmt);
	if (st->db) {
		tc_store_rollback(st);
		sqlite3_close(st->db);
	}
	ZSTD_freeDCtx(st->zd);
	for (size_t i = 0; i < TC_ARRAY_LEN(st->fresh); i++)
		free(st->fresh[i].data);
	free(st->path);
	free(st);
	stores_count(-1);
}

void tc_store_set_busy_timeout(tc_store *st, int ms)
{
	sqlite3_busy_timeout(st->db, ms);
}

int tc_store_integrity_check(tc_store *st, char *msg, size_t msglen, char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	tc_buf b = TC_BUF_INIT;
	int step, rc = 0;

	tc_buf_init(&b, 64 * 1024);
	if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK)
		return sqlerr(st, err, errlen, "integrity check");
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(s, 0);

		if (b.len)
			tc_buf_adds(&b, "; ");
		tc_buf_adds(&b, line ? line : "");
	}
	if (step != SQLITE_DONE)
		rc = sqlerr(st, err, errlen, "integrity check");
	sqlite3_finalize(s);
	if (rc == 0) {
		/* Foreign keys are part of consistency too. */
		if (sqlite3_prepare_v2(st->db, "PRAGMA foreign_key_check", -1, &s, NULL) != SQLITE_OK) {
			rc = sqlerr(st, err, errlen, "foreign key check");
		} else {
			while ((step = sqlite3_step(s)) == SQLITE_ROW) {
				if (b.len)
					tc_buf_adds(&b, "; ");
				tc_buf_printf(&b, "foreign key violation in %s row %lld",
					      (const char *)sqlite3_column_text(s, 0),
					      (long long)sqlite3_column_int64(s, 1));
			}
			if (step != SQLITE_DONE)
				rc = sqlerr(st, err, errlen, "foreign key check");
			sqlite3_finalize(s);
		}
	}
	if (rc == 0) {
		const char *r = tc_buf_str(&b);

		rc = strcmp(r, "ok") == 0 ? 0 : 1;
		if (msg && msglen)
			snprintf(msg, msglen, "%s", r);
	}
	tc_buf_release(&b);
	return rc;
}

/* ---- run lock ---- */

int tc_store_lock(const char *path, tc_store_lock_handle *lk, long *holder,
		  char *err, size_t errlen)
{
	char pid[32];
	int fd, n;

	lk->fd = -1;
	if (holder)
		*holder = 0;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		tc_seterr(err, errlen, "cannot open lock file '%s': %s", path, strerror(errno));
		return TC_STORE_ERROR;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int e = errno;

		if (e == EWOULDBLOCK) {
			long p = 0;

			n = (int)pread(fd, pid, sizeof(pid) - 1, 0);
			if (n > 0) {
				pid[n] = '\0';
				p = strtol(pid, NULL, 10);
			}
			if (holder)
				*holder = p;
			if (p > 0)
				tc_seterr(err, errlen, "another tiacheck run holds the lock '%s' "
					  "(pid %ld)", path, p);
			else
				tc_seterr(err, errlen, "another tiacheck run holds the lock '%s'", path);
			close(fd);
			return TC_STORE_HELD;
		}
		tc_seterr(err, errlen, "cannot lock '%s': %s", path, strerror(e));
		close(fd);
		return TC_STORE_ERROR;
	}
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) < 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
		tc_seterr(err, errlen, "cannot write lock file '%s': %s", path, strerror(errno));
		close(fd);
		return TC_STORE_ERROR;
	}
	lk->fd = fd;
	return 0;
}

void tc_store_unlock(tc_store_lock_handle *lk)
{
	if (lk->fd < 0)
		return;
	if (ftruncate(lk->fd, 0) < 0) {
		/* the pid stays behind; harmless, the lock is what counts */
	}
	close(lk->fd);
	lk->fd = -1;
}

/* ---- catalogue history ---- */

int tc_store_catalog_current(tc_store *st, const char *hash, int64_t *version,
			     char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc, step;

	*version = 0;
	rc = query(st, &s, "SELECT id, hash = ? FROM catalog_versions ORDER BY id DESC LIMIT 1",
		   err, errlen, "t", hash);
	if (rc < 0)
		return rc;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW && sqlite3_column_int(s, 1)) {
		*version = sqlite3_column_int64(s, 0);
		rc = 1;
	} else if (step != SQLITE_ROW && step != SQLITE_DONE) {
		rc = sqlerr(st, err, errlen, "read catalogue history");
	}
	done(st, s);
	return rc;
}

int tc_store_sync_catalog(tc_store *st, const char *hash, const char *canonical_json,
			  time_t now, int64_t *version, int *is_new, char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int own = 0, rc, step;

	*is_new = 0;
	*version = 0;
	if ((rc = tx_start(st, &own, err, errlen)) < 0)
		return rc;
	rc = query(st, &s, "SELECT id, hash FROM catalog_versions ORDER BY id DESC LIMIT 1",
		   err, errlen, "");
	if (rc < 0)
		goto out;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW &&
	    tc_streq((const char *)sqlite3_column_text(s, 1), hash)) {
		*version = sqlite3_column_int64(s, 0);
	} else if (step != SQLITE_ROW && step != SQLITE_DONE) {
		rc = sqlerr(st, err, errlen, "read catalogue history");
	}
	done(st, s);
	if (rc < 0 || *version)
		goto out;
	rc = exec(st, "INSERT INTO catalog_versions (hash, json, synced_at) VALUES (?, ?, ?)",
		  "record catalogue version", err, errlen, "ttm", hash, canonical_json, now);
	if (rc == 0) {
		*version = sqlite3_last_insert_rowid(st->db);
		*is_new = 1;
	}
out:
	return tx_end(st, own, rc, err, errlen);
}

/* ---- documents ---- */

#define DOC_COLS "id, service, doc, kind, url, fail_streak, fail_since, fail_alert"

static void read_doc(sqlite3_stmt *s, void *elem)
{
	tc_doc_row *d = elem;

	d->id = sqlite3_column_int64(s, 0);
	d->service = col_str(s, 1);
	d->doc = col_str(s, 2);
	d->kind = col_str(s, 3);
	d->url = col_str(s, 4);
	d->fail_streak = sqlite3_column_int(s, 5);
	d->fail_since = col_time(s, 6);
	d->fail_alert = sqlite3_column_int64(s, 7);
}

void tc_doc_row_release(tc_doc_row *d)
{
	free(d->service);
	free(d->doc);
	free(d->kind);
	free(d->url);
	memset(d, 0, sizeof(*d));
}

void tc_doc_row_list_free(tc_doc_row *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tc_doc_row_release(&d[i]);
	free(d);
}

int tc_store_document_id(tc_store *st, const char *service, const char *doc,
			 const char *kind, const char *url, int64_t *id,
			 char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc, same = 0;

	/* known and unchanged (the usual case): a lookup, no write */
	rc = query(st, &s, "SELECT id, kind = ?3 AND url = ?4 FROM documents"
		   " WHERE service = ?1 AND doc = ?2", err, errlen, "tttt", service, doc, kind, url);
	if (rc < 0)
		return rc;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		same = sqlite3_column_int(s, 1);
	}
	done(st, s);
	if (same)
		return 0;
	s = NULL;
	rc = query(st, &s,
		   "INSERT INTO documents (service, doc, kind, url) VALUES (?, ?, ?, ?)"
		   " ON CONFLICT (service, doc) DO UPDATE SET kind = excluded.kind,"
		   " url = excluded.url RETURNING id",
		   err, errlen, "tttt", service, doc, kind, url);
	if (rc < 0)
		return rc;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		/* step to the end so that the statement completes its write */
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = sqlerr(st, err, errlen, "register document");
	} else {
		rc = sqlerr(st, err, errlen, "register document");
	}
	done(st, s);
	return rc;
}

int tc_store_document_find(tc_store *st, const char *service, const char *doc,
			   tc_doc_row *out, char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = query(st, &s, "SELECT " DOC_COLS " FROM documents WHERE service = ? AND doc = ?",
		   err, errlen, "tt", service, doc);
	return rc < 0 ? rc : one(st, s, read_doc, out, "find document", err, errlen);
}

int tc_store_document_get(tc_store *st, int64_t id, tc_doc_row *out, char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = query(st, &s, "SELECT " DOC_COLS " FROM documents WHERE id = ?", err, errlen, "i", id);
	return rc < 0 ? rc : one(st, s, read_doc, out, "read document", err, errlen);
}

int tc_store_document_list(tc_store *st, const char *service, tc_doc_row **out, size_t *n,
			   char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	rc = query(st, &s, "SELECT " DOC_COLS " FROM documents WHERE ?1 IS NULL OR service = ?1"
		   " ORDER BY service, doc", err, errlen, "t", service);
	return rc < 0 ? rc : collect(st, s, read_doc, sizeof(**out), (void **)out, n,
				     "list documents", err, errlen);
}

/* ---- runs ---- */

#define RUN_COLS "id, started_at, finished_at, command, options, status"

static void read_run(sqlite3_stmt *s, void *elem)
{
	tc_run_row *r = elem;

	r->id = sqlite3_column_int64(s, 0);
	r->started_at = col_time(s, 1);
	r->finished_at = col_time(s, 2);
	r->command = col_str(s, 3);
	r->options = col_str(s, 4);
	r->status = col_str(s, 5);
	if (sqlite3_column_count(s) > 6)
		r->report_json = col_str(s, 6);
}

void tc_run_row_release(tc_run_row *r)
{
	free(r->command);
	free(r->options);
	free(r->status);
	free(r->report_json);
	memset(r, 0, sizeof(*r));
}

void tc_run_row_list_free(tc_run_row *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tc_run_row_release(&r[i]);
	free(r);
}

int tc_store_run_begin(tc_store *st, time_t started_at, const char *command,
		       const char *options, int64_t *id, char *err, size_t errlen)
{
	int rc = exec(st, "INSERT INTO runs (started_at, command, options) VALUES (?, ?, ?)",
		      "record run", err, errlen, "mtt", started_at, command ? command : "", options);

	if (rc == 0)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int tc_store_run_finish(tc_store *st, int64_t id, time_t finished_at, const char *status,
			const char *report_json, char *err, size_t errlen)
{
	int rc = exec(st, "UPDATE runs SET finished_at = ?, status = ?, report_json = ? WHERE id = ?",
		      "finish run", err, errlen, "mtti", finished_at, status, report_json, id);

	if (rc == 0 && sqlite3_changes(st->db) == 0) {
		tc_seterr(err, errlen, "%s: no run %lld", st->path, (long long)id);
		return TC_STORE_NOTFOUND;
	}
	return rc;
}

int tc_store_run_get(tc_store *st, int64_t id, tc_run_row *out, char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = query(st, &s, "SELECT " RUN_COLS ", report_json FROM runs WHERE id = ?",
		   err, errlen, "i", id);
	return rc < 0 ? rc : one(st, s, read_run, out, "read run", err, errlen);
}

int tc_store_run_latest(tc_store *st, int with_report, tc_run_row *out, char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = query(st, &s, "SELECT " RUN_COLS ", report_json FROM runs"
		   " WHERE ?1 = 0 OR report_json IS NOT NULL ORDER BY id DESC LIMIT 1",
		   err, errlen, "d", with_report);
	return rc < 0 ? rc : one(st, s, read_run, out, "read latest run", err, errlen);
}

int tc_store_run_list(tc_store *st, size_t limit, tc_run_row **out, size_t *n,
		      char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	rc = query(st, &s, "SELECT " RUN_COLS " FROM runs ORDER BY id DESC LIMIT ?",
		   err, errlen, "i", limit ? (int64_t)limit : (int64_t)-1);
	return rc < 0 ? rc : collect(st, s, read_run, sizeof(**out), (void **)out, n,
				     "list runs", err, errlen);
}

/* ---- blobs ---- */

/*
 * Compression contexts, shared by every connection of the process: a context is
 * 2-3 MB of tables, and the monitor's workers compress one at a time (under their
 * write lock), so one context serves them all. Idle contexts wait here; a thread
 * takes one (or makes one) and gives it back. They are freed when the last store of
 * the process closes.
 */
#define CCTX_IDLE_MAX 4
static pthread_mutex_t cctx_mu = PTHREAD_MUTEX_INITIALIZER;
static ZSTD_CCtx *cctx_idle[CCTX_IDLE_MAX];
static int cctx_nidle;
static int stores_open;     /* under cctx_mu */

static void stores_count(int delta)
{
	ZSTD_CCtx *gone[CCTX_IDLE_MAX];
	int ngone = 0;

	pthread_mutex_lock(&cctx_mu);
	stores_open += delta;
	if (stores_open == 0)
		while (cctx_nidle)
			gone[ngone++] = cctx_idle[--cctx_nidle];
	pthread_mutex_unlock(&cctx_mu);
	while (ngone)
		ZSTD_freeCCtx(gone[--ngone]);
}

static ZSTD_CCtx *cctx_take(void)
{
	ZSTD_CCtx *zc = NULL;

	pthread_mutex_lock(&cctx_mu);
	if (cctx_nidle)
		zc = cctx_idle[--cctx_nidle];
	pthread_mutex_unlock(&cctx_mu);
	if (zc)
		return zc;
	zc = ZSTD_createCCtx();
	if (zc && (ZSTD_isError(ZSTD_CCtx_setParameter(zc, ZSTD_c_compressionLevel,
							BLOB_ZSTD_LEVEL)) ||
		   /* a checksum in each frame: damage is found on read, not passed on */
		   ZSTD_isError(ZSTD_CCtx_setParameter(zc, ZSTD_c_checksumFlag, 1)))) {
		ZSTD_freeCCtx(zc);
		zc = NULL;
	}
	return zc;
}

static void cctx_give(ZSTD_CCtx *zc)
{
	pthread_mutex_lock(&cctx_mu);
	if (cctx_nidle < CCTX_IDLE_MAX) {
		cctx_idle[cctx_nidle++] = zc;
		zc = NULL;
	}
	pthread_mutex_unlock(&cctx_mu);
	ZSTD_freeCCtx(zc);
}

/* Compress len bytes into *out (owned), against prefix (the bytes of the reference
 * blob, NULL for none). 1 when compression pays (then *outlen is the frame's size),
 * 0 when the bytes are better stored as they are, <0 on error. */
static int blob_compress(tc_store *st, const void *data, size_t len, const void *prefix,
			 size_t prefix_len, void **out, size_t *outlen, char *err, size_t errlen)
{
	size_t cap = ZSTD_compressBound(len), n;
	ZSTD_CCtx *zc;

	*out = NULL;
	*outlen = 0;
	if (len < 64)
		return 0;
	if (!(zc = cctx_take())) {
		tc_seterr(err, errlen, "%s: cannot set up zstd compression", st->path);
		return TC_STORE_ERROR;
	}
	/* a prefix holds for the next frame only */
	if (prefix && ZSTD_isError(ZSTD_CCtx_refPrefix(zc, prefix, prefix_len))) {
		cctx_give(zc);
		tc_seterr(err, errlen, "%s: cannot set up zstd compression", st->path);
		return TC_STORE_ERROR;
	}
	*out = tc_xmalloc(cap);
	n = ZSTD_compress2(zc, *out, cap, data, len);
	cctx_give(zc);
	if (ZSTD_isError(n)) {
		tc_seterr(err, errlen, "%s: zstd compression failed: %s", st->path,
			  ZSTD_getErrorName(n));
		free(*out);
		*out = NULL;
		return TC_STORE_ERROR;
	}
	if (n >= len) {
		free(*out);
		*out = NULL;
		return 0;
	}
	*outlen = n;
	return 1;
}

/* The stored bytes of blob sha back as they were put, the frame decompressed against
 * prefix when the blob has a reference: *data owned, NUL-terminated. */
static int blob_decode(tc_store *st, const char *sha, int codec, const void *p, size_t n,
		       int64_t size, const void *prefix, size_t prefix_len, char **data,
		       size_t *len, char *err, size_t errlen)
{
	size_t got;

	if (codec == CODEC_PLAIN && !prefix) {
		*data = tc_xmalloc(n + 1);
		if (n)
			memcpy(*data, p, n);
		(*data)[n] = '\0';
		*len = n;
		return 0;
	}
	if (codec != CODEC_ZSTD || size < 0 || (uint64_t)size > BLOB_MAX) {
		tc_seterr(err, errlen, "%s: blob %s: unknown codec %d or size %lld", st->path,
			  sha, codec, (long long)size);
		return TC_STORE_ERROR;
	}
	if (!st->zd && !(st->zd = ZSTD_createDCtx())) {
		tc_seterr(err, errlen, "%s: cannot set up zstd decompression", st->path);
		return TC_STORE_ERROR;
	}
	if (prefix && ZSTD_isError(ZSTD_DCtx_refPrefix(st->zd, prefix, prefix_len))) {
		tc_seterr(err, errlen, "%s: cannot set up zstd decompression", st->path);
		return TC_STORE_ERROR;
	}
	*data = tc_xmalloc((size_t)size + 1);
	got = ZSTD_decompressDCtx(st->zd, *data, (size_t)size + 1, p, n);
	if (ZSTD_isError(got) || got != (size_t)size) {
		tc_seterr(err, errlen, "%s: blob %s is damaged: %s", st->path, sha,
			  ZSTD_isError(got) ? ZSTD_getErrorName(got) : "wrong size");
		free(*data);
		*data = NULL;
		ZSTD_DCtx_reset(st->zd, ZSTD_reset_session_and_parameters);
		return TC_STORE_ERROR;
	}
	(*data)[got] = '\0';
	*len = got;
	return 0;
}

/* 1 when a blob with this hash is stored, 0 when not, <0 on error. */
static int blob_exists(tc_store *st, const char *sha, char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc, step;

	rc = query(st, &s, "SELECT 1 FROM blobs WHERE sha = ?", err, errlen, "t", sha);
	if (rc < 0)
		return rc;
	step = sqlite3_step(s);
	rc = step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : sqlerr(st, err, errlen, "read blob");
	done(st, s);
	return rc;
}

/* Keep a copy of a blob just stored, for blob_delta_snapshot. */
static void blob_keep_fresh(tc_store *st, const char *sha, const void *data, size_t len,
			    const char *kind)
{
	struct blob_fresh *f = &st->fresh[strcmp(kind, "text") == 0];

	free(f->data);
	f->data = tc_xmalloc(len + 1);
	if (len)
		memcpy(f->data, data, len);
	f->len = len;
	f->placed = 0;
	snprintf(f->sha, sizeof(f->sha), "%s", sha);
}

/* Before a blob is put: 1 when sha (checked against data) is not stored yet, 0 when
 * it is (deduplicated by the hash of the uncompressed bytes: a known blob costs one
 * index lookup, not a compression), <0 on error. */
static int blob_is_new(tc_store *st, const char *sha, const void *data, size_t len,
		       char *err, size_t errlen)
{
	char real[65];
	int rc;

	tc_sha256_hex(data ? data : "", len, real);
	if (!sha || strcmp(sha, real) != 0) {
		tc_seterr(err, errlen, "%s: blob hash '%s' does not match its content (%s)",
			  st->path, sha ? sha : "(null)", real);
		return TC_STORE_ERROR;
	}
	rc = blob_exists(st, sha, err, errlen);
	return rc < 0 ? rc : !rc;
}

/* Insert a new blob: a zstd frame against prefix (the bytes of blob ref, at chain
 * depth depth) or a full frame (prefix NULL), or the bytes as they are when
 * compression does not pay. */
static int blob_insert(tc_store *st, const char *sha, const char *kind, const void *data,
		       size_t len, const void *prefix, size_t prefix_len, const char *ref,
		       int depth, char *err, size_t errlen)
{
	void *z = NULL;
	size_t zlen = 0;
	int rc = blob_compress(st, data, len, prefix, prefix_len, &z, &zlen, err, errlen);

	if (rc < 0)
		return rc;
	rc = exec(st, "INSERT INTO blobs (sha, kind, size, data, codec, ref, depth)"
		  " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha) DO NOTHING", "store blob",
		  err, errlen, "ttibdtd", sha, kind, (int64_t)len, rc == 1 ? z : data,
		  rc == 1 ? zlen : len, rc == 1 ? 1 : 0, rc == 1 && prefix ? ref : NULL,
		  rc == 1 && prefix ? depth : 0);
	free(z);
	return rc;
}

int tc_store_put_blob(tc_store *st, const char *sha, const void *data, size_t len,
		      const char *kind, char *err, size_t errlen)
{
	int rc = blob_is_new(st, sha, data, len, err, errlen);

	if (rc <= 0)
		return rc;
	rc = blob_insert(st, sha, kind, data, len, NULL, 0, NULL, 0, err, errlen);
	if (rc == 0 && kind)
		blob_keep_fresh(st, sha, data ? data : "", len, kind);
	return rc;
}

/* One blob's row, copied out of the statement (so that a read can follow the
 * reference with the same cached statement). */
struct blob_row {
	int codec;
	int64_t size;
	void *data;
	size_t n;
	char ref[65];
};

static int blob_row_read(tc_store *st, const char *sha, struct blob_row *r,
			 char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc, step;

	memset(r, 0, sizeof(*r));
	rc = query(st, &s, "SELECT data, codec, size, ref FROM blobs WHERE sha = ?", err, errlen,
		   "t", sha);
	if (rc < 0)
		return rc;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		const unsigned char *ref = sqlite3_column_text(s, 3);

		r->n = (size_t)sqlite3_column_bytes(s, 0);
		r->data = tc_xmalloc(r->n + 1);
		if (r->n)
			memcpy(r->data, sqlite3_column_blob(s, 0), r->n);
		r->codec = sqlite3_column_int(s, 1);
		r->size = sqlite3_column_int64(s, 2);
		if (ref)
			snprintf(r->ref, sizeof(r->ref), "%s", (const char *)ref);
	} else {
		rc = step == SQLITE_DONE ? TC_STORE_NOTFOUND : sqlerr(st, err, errlen, "read blob");
	}
	done(st, s);
	return rc;
}

/* tc_store_get_blob at chain level level (0: the blob asked for). */
static int blob_get(tc_store *st, const char *sha, int level, char **data, size_t *len,
		    char *err, size_t errlen)
{
	struct blob_row r;
	char *prefix = NULL, real[65];
	size_t prefix_len = 0;
	int rc;

	*data = NULL;
	*len = 0;
	if (level > BLOB_CHAIN_MAX) {
		tc_seterr(err, errlen, "%s: blob %s is damaged: its chain of references is"
			  " longer than %d", st->path, sha, BLOB_CHAIN_MAX);
		return TC_STORE_ERROR;
	}
	if ((rc = blob_row_read(st, sha, &r, err, errlen)) < 0)
		return rc;
	if (rc == TC_STORE_NOTFOUND)
		return rc;
	if (r.ref[0] && (rc = blob_get(st, r.ref, level + 1, &prefix, &prefix_len,
				       err, errlen)) != 0) {
		if (rc == TC_STORE_NOTFOUND)
			tc_seterr(err, errlen, "%s: blob %s is damaged: its reference %s is missing",
				  st->path, sha, r.ref);
		rc = TC_STORE_ERROR;
	}
	if (rc == 0)
		rc = blob_decode(st, sha, r.codec, r.data, r.n, r.size, prefix, prefix_len,
				 data, len, err, errlen);
	free(r.data);
	free(prefix);
	if (rc == 0) {
		/* evidence: what is read is what was hashed when it was stored */
		tc_sha256_hex(*data, *len, real);
		if (strcmp(real, sha) != 0) {
			tc_seterr(err, errlen, "%s: blob %s is damaged: its bytes hash to %s",
				  st->path, sha, real);
			free(*data);
			*data = NULL;
			*len = 0;
			rc = TC_STORE_ERROR;
		}
	}
	return rc;
}

int tc_store_get_blob(tc_store *st, const char *sha, char **data, size_t *len,
		      char *err, size_t errlen)
{
	return blob_get(st, sha, 0, data, len, err, errlen);
}

/* The previous version of one kind of a document before snapshot id: its blob's
 * hash in prev (empty when none) and the depth of its chain. */
static int blob_prev_version(tc_store *st, int64_t doc, int64_t id, int text, const char *sha,
			     char prev[65], int *depth, char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc, step;

	prev[0] = '\0';
	*depth = 0;
	rc = text ? query(st, &s, "SELECT b.sha, b.depth FROM snapshots p JOIN blobs b"
			  " ON b.sha = p.text_sha WHERE p.doc = ? AND p.id <> ? AND p.text_sha <> ?"
			  " ORDER BY p.fetched_at DESC, p.id DESC LIMIT 1", err, errlen, "iit",
			  doc, id, sha)
		  : query(st, &s, "SELECT b.sha, b.depth FROM snapshots p JOIN blobs b"
			  " ON b.sha = p.raw_sha WHERE p.doc = ? AND p.id <> ? AND p.raw_sha <> ?"
			  " ORDER BY p.fetched_at DESC, p.id DESC LIMIT 1", err, errlen, "iit",
			  doc, id, sha);
	if (rc < 0)
		return rc;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		snprintf(prev, 65, "%s", (const char *)sqlite3_column_text(s, 0));
		*depth = sqlite3_column_int(s, 1);
	} else if (step != SQLITE_DONE) {
		rc = sqlerr(st, err, errlen, "read previous version");
	}
	done(st, s);
	return rc;
}

/* The depth of blob sha's chain, -1 when it is not stored. */
static int blob_depth(tc_store *st, const char *sha, char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc, step;

	rc = query(st, &s, "SELECT depth FROM blobs WHERE sha = ?", err, errlen, "t", sha);
	if (rc < 0)
		return rc;
	step = sqlite3_step(s);
	rc = step == SQLITE_ROW ? sqlite3_column_int(s, 0)
	   : step == SQLITE_DONE ? -1 : sqlerr(st, err, errlen, "read blob");
	done(st, s);
	return rc;
}

/* Store the blob just put (f) compressed against blob ref (depth: ref's chain depth;
 * base: ref's bytes when at hand, else read) when that is smaller than its own frame.
 * Only a blob put in this transaction and referenced by no other is changed, so
 * references always point to older blobs (no cycle). */
static int blob_delta_one(tc_store *st, const struct blob_fresh *f, const char *ref,
			  int depth, const struct blob_fresh *base, char *err, size_t errlen)
{
	char *own = NULL;
	size_t own_len = 0, zlen = 0;
	void *z = NULL;
	int rc;

	if (!base && (rc = blob_get(st, ref, 0, &own, &own_len, err, errlen)) != 0)
		return rc == TC_STORE_NOTFOUND ? 0 : rc;
	rc = blob_compress(st, f->data, f->len, base ? base->data : own,
			   base ? base->len : own_len, &z, &zlen, err, errlen);
	free(own);
	if (rc == 1)
		rc = exec(st, "UPDATE blobs SET data = ?, codec = 1, ref = ?, depth = ?"
			  " WHERE sha = ? AND ref IS NULL AND length(data) > ?"
			  " AND NOT EXISTS (SELECT 1 FROM blobs r WHERE r.ref = blobs.sha)",
			  "store blob against another", err, errlen, "btdti",
			  z, zlen, ref, depth + 1, f->sha, (int64_t)zlen);
	free(z);
	return rc < 0 ? rc : 0;
}

int tc_store_put_version(tc_store *st, int64_t doc, const char *sha, const void *data,
			 size_t len, const char *kind, const char *from_sha,
			 char *err, size_t errlen)
{
	int text = strcmp(kind, "text") == 0, depth = 0, rc;
	char prev[65], *own = NULL;
	size_t own_len = 0, prefix_len = 0;
	const void *prefix = NULL;

	if ((rc = blob_is_new(st, sha, data, len, err, errlen)) <= 0)
		return rc;
	/* the reference: this kind's previous version, else the raw body of a first text */
	if ((rc = blob_prev_version(st, doc, 0, text, sha, prev, &depth, err, errlen)) < 0)
		return rc;
	if (!prev[0] && text && from_sha && strcmp(from_sha, sha) != 0) {
		snprintf(prev, sizeof(prev), "%s", from_sha);
		if ((depth = blob_depth(st, prev, err, errlen)) < 0)
			prev[0] = '\0';   /* not stored (or unreadable): a full frame */
	}
	if (prev[0] && depth >= 0 && depth + 1 < BLOB_CHAIN_K) {
		if (st->fresh[0].data && strcmp(st->fresh[0].sha, prev) == 0) {
			prefix = st->fresh[0].data;
			prefix_len = st->fresh[0].len;
		} else if ((rc = blob_get(st, prev, 0, &own, &own_len, err, errlen)) == 0) {
			prefix = own;
			prefix_len = own_len;
		} else if (rc != TC_STORE_NOTFOUND) {
			return rc;
		}
	}
	rc = blob_insert(st, sha, kind, data, len, prefix, prefix_len, prev, depth + 1, err,
			 errlen);
	free(own);
	/* a raw body stays at hand for its text (the reference of a first text) */
	if (rc == 0 && !text) {
		blob_keep_fresh(st, sha, data ? data : "", len, kind);
		st->fresh[0].placed = 1;
	} else if (rc == 0) {
		for (int k = 0; k < 2; k++) {
			free(st->fresh[k].data);
			st->fresh[k].data = NULL;
		}
	}
	return rc;
}

/*
 * After snapshot id of p is inserted: its raw body, when just put, is compressed
 * against the document's previous raw body; its text, when just put, against the
 * previous text, or for a first text against the raw body it was extracted from
 * (most of a text is words of its page). A chain is never longer than BLOB_CHAIN_K
 * frames: a blob whose reference is that deep stays a full frame.
 */
static int blob_delta_snapshot(tc_store *st, const tc_snapshot *p, int64_t id,
			       char *err, size_t errlen)
{
	int rc = 0;

	for (int text = 0; text < 2 && rc == 0; text++) {
		struct blob_fresh *f = &st->fresh[text];
		const char *sha = text ? p->text_sha : p->raw_sha;
		const struct blob_fresh *base = NULL;
		char prev[65];
		int depth;

		if (!f->data || !sha || strcmp(f->sha, sha) != 0 || f->placed)
			continue;
		rc = blob_prev_version(st, p->doc, id, text, sha, prev, &depth, err, errlen);
		if (rc == 0 && !prev[0] && text && strcmp(p->raw_sha, sha) != 0) {
			snprintf(prev, sizeof(prev), "%s", p->raw_sha);
			if (st->fresh[0].data && strcmp(st->fresh[0].sha, prev) == 0)
				base = &st->fresh[0];
			depth = rc = blob_depth(st, prev, err, errlen);
			rc = rc < 0 ? rc : 0;
		}
		if (rc == 0 && prev[0] && depth >= 0 && depth + 1 < BLOB_CHAIN_K)
			rc = blob_delta_one(st, f, prev, depth, base, err, errlen);
		if (text)
			for (int k = 0; k < 2; k++) {
				free(st->fresh[k].data);
				st->fresh[k].data = NULL;
			}
	}
	return rc;
}

/* Migration 3: compress every blob stored as is, one at a time (memory stays at
 * one blob), inside the migration's transaction. Blobs that do not shrink stay. */
static int compress_blobs(tc_store *st, char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int rc = 0, step;

	rc = query(st, &s, "SELECT rowid FROM blobs WHERE codec = 0", err, errlen, "");
	if (rc < 0)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			ids = tc_xrealloc(ids, cap * sizeof(*ids));
		}
		ids[n++] = sqlite3_column_int64(s, 0);
	}
	if (step != SQLITE_DONE)
		rc = sqlerr(st, err, errlen, "list blobs to compress");
	done(st, s);
	for (size_t i = 0; i < n && rc == 0; i++) {
		void *z = NULL;
		size_t zlen = 0;

		if ((rc = query(st, &s, "SELECT data FROM blobs WHERE rowid = ?", err, errlen,
				"i", ids[i])) < 0)
			break;
		if (sqlite3_step(s) == SQLITE_ROW)
			rc = blob_compress(st, sqlite3_column_blob(s, 0),
					   (size_t)sqlite3_column_bytes(s, 0), NULL, 0, &z, &zlen,
					   err, errlen);
		done(st, s);
		if (rc == 1)
			rc = exec(st, "UPDATE blobs SET data = ?, codec = 1 WHERE rowid = ?",
				  "compress blob", err, errlen, "bi", z, zlen, ids[i]);
		free(z);
		rc = rc < 0 ? rc : 0;
	}
	free(ids);
	return rc;
}

/* ---- snapshots ---- */

#define SNAP_COLS "id, doc, run, fetched_at, url, final_url, http_status, etag, " \
	"last_modified, content_type, raw_sha, text_sha, extractor_version, not_modified, " \
	"confirmations, confirmed_until"

static void read_snap(sqlite3_stmt *s, void *elem)
{
	tc_snapshot *p = elem;

	p->id = sqlite3_column_int64(s, 0);
	p->doc = sqlite3_column_int64(s, 1);
	p->run = sqlite3_column_int64(s, 2);
	p->fetched_at = col_time(s, 3);
	p->url = col_str(s, 4);
	p->final_url = col_str(s, 5);
	p->http_status = sqlite3_column_int(s, 6);
	p->etag = col_str(s, 7);
	p->last_modified = col_str(s, 8);
	p->content_type = col_str(s, 9);
	p->raw_sha = col_str(s, 10);
	p->text_sha = col_str(s, 11);
	p->extractor_version = sqlite3_column_int(s, 12);
	p->not_modified = sqlite3_column_int(s, 13);
	p->confirmations = sqlite3_column_int(s, 14);
	p->confirmed_until = col_time(s, 15);
}

void tc_snapshot_release(tc_snapshot *s)
{
	free(s->url);
	free(s->final_url);
	free(s->etag);
	free(s->last_modified);
	free(s->content_type);
	free(s->raw_sha);
	free(s->text_sha);
	memset(s, 0, sizeof(*s));
}

void tc_snapshot_list_free(tc_snapshot *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tc_snapshot_release(&s[i]);
	free(s);
}

/* A snapshot ends its document's failure streak; the row is written only when there
 * is a streak to end (most snapshots have none). doc: the SQL giving the document. */
#define END_STREAK(doc) \
	"UPDATE documents SET fail_streak = 0, fail_since = NULL, fail_alert = NULL" \
	" WHERE id = " doc " AND (fail_streak <> 0 OR fail_since IS NOT NULL OR" \
	" fail_alert IS NOT NULL)"

int tc_store_snapshot_insert(tc_store *st, const tc_snapshot *p, int64_t *id,
			     char *err, size_t errlen)
{
	int own = 0, rc;

	if ((rc = tx_start(st, &own, err, errlen)) < 0)
		return rc;
	rc = exec(st, "INSERT INTO snapshots (doc, run, fetched_at, url, final_url, http_status,"
		  " etag, last_modified, content_type, raw_sha, text_sha, extractor_version,"
		  " not_modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		  "record snapshot", err, errlen, "iImttdtttttdd", p->doc, p->run, p->fetched_at,
		  p->url, p->final_url, p->http_status, p->etag, p->last_modified,
		  p->content_type, p->raw_sha, p->text_sha, p->extractor_version,
		  p->not_modified ? 1 : 0);
	if (rc == 0) {
		*id = sqlite3_last_insert_rowid(st->db);
		rc = blob_delta_snapshot(st, p, *id, err, errlen);
	}
	if (rc == 0) {
		rc = exec(st, END_STREAK("?"), "end failure streak", err, errlen, "i", p->doc);
	}
	return tx_end(st, own, rc, err, errlen);
}

int tc_store_snapshot_last_good(tc_store *st, int64_t doc, tc_snapshot *out,
				char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = query(st, &s, "SELECT " SNAP_COLS " FROM snapshots WHERE doc = ?"
		   " ORDER BY fetched_at DESC, id DESC LIMIT 1", err, errlen, "i", doc);
	return rc < 0 ? rc : one(st, s, read_snap, out, "read last snapshot", err, errlen);
}

int tc_store_snapshot_baseline(tc_store *st, int64_t doc, tc_snapshot *out,
			       char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = query(st, &s, "SELECT id, doc, run, fetched_at, NULL, NULL, http_status, etag,"
		   " last_modified, NULL, NULL, NULL, extractor_version, not_modified,"
		   " confirmations, confirmed_until FROM snapshots WHERE doc = ?"
		   " ORDER BY fetched_at DESC, id DESC LIMIT 1", err, errlen, "i", doc);
	return rc < 0 ? rc : one(st, s, read_snap, out, "read last snapshot", err, errlen);
}

int tc_store_snapshot_confirm(tc_store *st, int64_t base, int64_t run, time_t fetched_at,
			      const char *final_url, int http_status, const char *etag,
			      const char *last_modified, int not_modified, const char *rules_sha,
			      int64_t *id, char *err, size_t errlen)
{
	int own = 0, rc;

	if ((rc = tx_start(st, &own, err, errlen)) < 0)
		return rc;
	rc = exec(st, "INSERT INTO snapshots (doc, run, fetched_at, url, final_url, http_status,"
		  " etag, last_modified, content_type, raw_sha, text_sha, extractor_version,"
		  " not_modified, rules_sha) SELECT doc, ?2, ?3, url, coalesce(?4, final_url), ?5,"
		  " coalesce(?6, etag), coalesce(?7, last_modified), content_type, raw_sha,"
		  " text_sha, extractor_version, ?8, ?9 FROM snapshots WHERE id = ?1",
		  "record snapshot", err, errlen, "iImtdttdt", base, run, fetched_at, final_url,
		  http_status, etag, last_modified, not_modified ? 1 : 0,
		  rules_sha && *rules_sha ? rules_sha : NULL);
	if (rc == 0 && sqlite3_changes(st->db) != 1) {
		tc_seterr(err, errlen, "%s: snapshot %" PRId64 " to confirm is missing", st->path, base);
		rc = TC_STORE_ERROR;
	}
	if (rc == 0) {
		*id = sqlite3_last_insert_rowid(st->db);
		rc = exec(st, END_STREAK("(SELECT doc FROM snapshots WHERE id = ?)"),
			  "end failure streak", err, errlen, "i", *id);
	}
	return tx_end(st, own, rc, err, errlen);
}

int tc_store_snapshot_get(tc_store *st, int64_t id, tc_snapshot *out, char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = query(st, &s, "SELECT " SNAP_COLS " FROM snapshots WHERE id = ?", err, errlen, "i", id);
	return rc < 0 ? rc : one(st, s, read_snap, out, "read snapshot", err, errlen);
}

int tc_store_snapshot_list(tc_store *st, int64_t doc, tc_snapshot **out, size_t *n,
			   char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	rc = query(st, &s, "SELECT " SNAP_COLS " FROM snapshots WHERE doc = ?"
		   " ORDER BY fetched_at DESC, id DESC", err, errlen, "i", doc);
	return rc < 0 ? rc : collect(st, s, read_snap, sizeof(**out), (void **)out, n,
				     "list snapshots", err, errlen);
}

int tc_store_snapshot_set_text(tc_store *st, int64_t id, const char *text_sha,
			       int extractor_version, char *err, size_t errlen)
{
	int rc = exec(st, "UPDATE snapshots SET text_sha = ?, extractor_version = ? WHERE id = ?",
		      "update snapshot text", err, errlen, "tdi", text_sha, extractor_version, id);

	if (rc == 0 && sqlite3_changes(st->db) == 0) {
		tc_seterr(err, errlen, "%s: no snapshot %lld", st->path, (long long)id);
		return TC_STORE_NOTFOUND;
	}
	return rc;
}

int tc_store_snapshot_blob(tc_store *st, int64_t id, int text, char **data, size_t *len,
			   char *err, size_t errlen)
{
	tc_snapshot s;
	const char *sha;
	int rc;

	*data = NULL;
	*len = 0;
	if ((rc = tc_store_snapshot_get(st, id, &s, err, errlen)) != 0)
		return rc;
	sha = text ? s.text_sha : s.raw_sha;
	if (!sha) {
		tc_seterr(err, errlen, "%s: snapshot %lld has no normalised text", st->path,
			  (long long)id);
		rc = TC_STORE_ERROR;
	} else if ((rc = tc_store_get_blob(st, sha, data, len, err, errlen)) == TC_STORE_NOTFOUND) {
		tc_seterr(err, errlen, "%s: the %s of snapshot %lld (blob %s) is missing", st->path,
			  text ? "text" : "body", (long long)id, sha);
		rc = TC_STORE_ERROR;
	}
	tc_snapshot_release(&s);
	return rc;
}

/* ---- retention ---- */

int tc_store_keep_parse(const char *s, int *weeks)
{
	static const char prefix[] = "changes+monthly:";
	char *end;
	long n;

	if (s && strcmp(s, "all") == 0) {
		*weeks = 0;
		return 0;
	}
	if (!s || strncmp(s, prefix, sizeof(prefix) - 1) != 0)
		return -1;
	s += sizeof(prefix) - 1;
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || *end || n < 1 || n > TC_STORE_KEEP_MAX_WEEKS)
		return -1;
	*weeks = (int)n;
	return 0;
}

/* The database file and its WAL, in bytes. */
static int64_t file_bytes(const char *path)
{
	char *wal = tc_xasprintf("%s-wal", path);
	struct stat sb;
	int64_t n = 0;

	if (stat(path, &sb) == 0)
		n += sb.st_size;
	if (stat(wal, &sb) == 0)
		n += sb.st_size;
	free(wal);
	return n;
}

/* A confirmation that retention may fold: same text as the snapshot before it. */
typedef struct fold_row {
	int64_t id, confirmations;
	char month[8];        /* YYYY-MM */
	char until[32];       /* its last confirmation (its own fetch when none) */
} fold_row;

static void read_fold_row(sqlite3_stmt *s, void *elem)
{
	fold_row *r = elem;
	const char *m = (const char *)sqlite3_column_text(s, 1);
	const char *u = (const char *)sqlite3_column_text(s, 3);

	r->id = sqlite3_column_int64(s, 0);
	snprintf(r->month, sizeof(r->month), "%s", m ? m : "");
	r->confirmations = sqlite3_column_int64(s, 2);
	snprintf(r->until, sizeof(r->until), "%s", u ? u : "");
}

/* Fold one group of confirmations (one document, one month): the first row stays and
 * counts the others, which are deleted. */
static int fold_group(tc_store *st, const fold_row *g, size_t n, int64_t *folded,
		      char *err, size_t errlen)
{
	int64_t count = g[0].confirmations;
	const char *until = g[0].until;
	int rc = 0;

	for (size_t i = 1; i < n && rc == 0; i++) {
		count += 1 + g[i].confirmations;
		if (strcmp(g[i].until, until) > 0)
			until = g[i].until;
		rc = exec(st, "DELETE FROM snapshots WHERE id = ?", "fold snapshots", err, errlen,
			  "i", g[i].id);
		(*folded)++;
	}
	if (rc == 0 && n > 1)
		rc = exec(st, "UPDATE snapshots SET confirmations = ?, confirmed_until = ? WHERE id = ?",
			  "fold snapshots", err, errlen, "iti", count, until, g[0].id);
	return rc;
}

/*
 * Fold the old confirmations of one document. A confirmation is a snapshot whose text
 * is the one of the snapshot before it; versions (a text that differs), snapshots a
 * change points at and the newest snapshot are never candidates.
 */
static int fold_doc(tc_store *st, int64_t doc, time_t cutoff, int64_t *folded,
		    char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	fold_row *rows = NULL;
	size_t n = 0, start = 0;
	int rc;

	rc = query(st, &s,
		   "SELECT id, substr(fetched_at, 1, 7), confirmations,"
		   " coalesce(confirmed_until, fetched_at) FROM ("
		   "  SELECT id, fetched_at, text_sha, confirmations, confirmed_until,"
		   "   lag(text_sha) OVER (ORDER BY fetched_at, id) AS prev_text,"
		   "   row_number() OVER (ORDER BY fetched_at DESC, id DESC) AS newest"
		   "  FROM snapshots WHERE doc = ?1)"
		   " WHERE text_sha = prev_text AND newest > 1 AND fetched_at < ?2"
		   "  AND id NOT IN (SELECT to_snapshot FROM changes WHERE doc = ?1)"
		   "  AND id NOT IN (SELECT from_snapshot FROM changes WHERE doc = ?1"
		   "                 AND from_snapshot IS NOT NULL)"
		   " ORDER BY fetched_at, id", err, errlen, "im", doc, cutoff);
	if (rc < 0)
		return rc;
	rc = collect(st, s, read_fold_row, sizeof(*rows), (void **)&rows, &n,
		     "list confirmations", err, errlen);
	for (size_t i = 1; i <= n && rc == 0; i++) {
		if (i < n && strcmp(rows[i].month, rows[start].month) == 0)
			continue;
		rc = fold_group(st, rows + start, i - start, folded, err, errlen);
		start = i;
	}
	free(rows);
	return rc;
}

/* Every document's confirmations, then the blobs no snapshot uses any more. */
static int fold_all(tc_store *st, time_t cutoff, tc_store_gc_stats *stats,
		    char *err, size_t errlen)
{
	tc_doc_row *docs = NULL;
	size_t n = 0;
	int rc = tc_store_document_list(st, NULL, &docs, &n, err, errlen);

	for (size_t i = 0; i < n && rc == 0; i++)
		rc = fold_doc(st, docs[i].id, cutoff, &stats->snapshots_folded, err, errlen);
	tc_doc_row_list_free(docs, n);
	if (rc == 0)
		/* a blob stays while a snapshot uses it or a kept blob is compressed
		 * against it */
		rc = exec(st, "WITH RECURSIVE keep (sha) AS (SELECT raw_sha FROM snapshots"
			  " UNION SELECT text_sha FROM snapshots WHERE text_sha IS NOT NULL"
			  " UNION SELECT b.ref FROM blobs b JOIN keep k ON b.sha = k.sha"
			  " WHERE b.ref IS NOT NULL)"
			  " DELETE FROM blobs WHERE sha NOT IN (SELECT sha FROM keep)",
			  "remove unused blobs", err, errlen, "");
	if (rc == 0)
		stats->blobs_removed = sqlite3_changes(st->db);
	return rc;
}

int tc_store_gc(tc_store *st, int weeks, time_t now, tc_store_gc_stats *stats,
		char *err, size_t errlen)
{
	int rc = 0;

	memset(stats, 0, sizeof(*stats));
	if ((rc = exec_raw(st, "PRAGMA wal_checkpoint(TRUNCATE)", "checkpoint", err, errlen)) < 0)
		return rc;
	stats->bytes_before = file_bytes(st->path);
	if (weeks > 0) {
		if ((rc = tc_store_begin(st, err, errlen)) < 0)
			return rc;
		rc = fold_all(st, now - (time_t)weeks * 7 * 86400, stats, err, errlen);
		if (rc < 0) {
			tc_store_rollback(st);
			return rc;
		}
		if ((rc = tc_store_commit(st, err, errlen)) < 0)
			return rc;
	}
	/* VACUUM rewrites the file without its free pages; the checkpoint moves the
	 * result out of the WAL so that the file on disk shrinks now. */
	if ((rc = exec_raw(st, "VACUUM", "vacuum", err, errlen)) < 0 ||
	    (rc = exec_raw(st, "PRAGMA wal_checkpoint(TRUNCATE)", "checkpoint", err, errlen)) < 0)
		return rc;
	stats->bytes_after = file_bytes(st->path);
	return 0;
}

/* ---- failures ---- */

#define FAIL_COLS "id, doc, run, at, kind, detail, http_status, url"

static void read_failure(sqlite3_stmt *s, void *elem)
{
	tc_failure *f = elem;

	f->id = sqlite3_column_int64(s, 0);
	f->doc = sqlite3_column_int64(s, 1);
	f->run = sqlite3_column_int64(s, 2);
	f->at = col_time(s, 3);
	f->kind = col_str(s, 4);
	f->detail = col_str(s, 5);
	f->http_status = sqlite3_column_int(s, 6);
	f->url = col_str(s, 7);
}

void tc_failure_release(tc_failure *f)
{
	free(f->kind);
	free(f->detail);
	free(f->url);
	memset(f, 0, sizeof(*f));
}

void tc_failure_list_free(tc_failure *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tc_failure_release(&f[i]);
	free(f);
}

int tc_store_failure_record(tc_store *st, int64_t doc, int64_t run, time_t at,
			    const char *kind, const char *detail, int http_status,
			    const char *url, int64_t *id, char *err, size_t errlen)
{
	int own = 0, rc;

	if ((rc = tx_start(st, &own, err, errlen)) < 0)
		return rc;
	rc = exec(st, "INSERT INTO failures (doc, run, at, kind, detail, http_status, url)"
		  " VALUES (?, ?, ?, ?, ?, ?, ?)", "record failure", err, errlen, "iImttdt",
		  doc, run, at, kind, detail, http_status, url);
	if (rc == 0) {
		if (id)
			*id = sqlite3_last_insert_rowid(st->db);
		rc = exec(st, "UPDATE documents SET fail_streak = fail_streak + 1,"
			  " fail_since = coalesce(fail_since, ?) WHERE id = ?",
			  "extend failure streak", err, errlen, "mi", at, doc);
		if (rc == 0 && sqlite3_changes(st->db) == 0) {
			tc_seterr(err, errlen, "%s: no document %lld", st->path, (long long)doc);
			rc = TC_STORE_ERROR;
		}
	}
	return tx_end(st, own, rc, err, errlen);
}

int tc_store_consecutive_failures(tc_store *st, int64_t doc, int *count, time_t *since,
				  int64_t *alerted, char *err, size_t errlen)
{
	tc_doc_row d;
	int rc = tc_store_document_get(st, doc, &d, err, errlen);

	*count = 0;
	*since = 0;
	if (alerted)
		*alerted = 0;
	if (rc == TC_STORE_NOTFOUND)
		tc_seterr(err, errlen, "%s: no document %lld", st->path, (long long)doc);
	if (rc != 0)
		return rc;
	*count = d.fail_streak;
	*since = d.fail_since;
	if (alerted)
		*alerted = d.fail_alert;
	tc_doc_row_release(&d);
	return 0;
}

int tc_store_failure_list_for_run(tc_store *st, int64_t run, tc_failure **out, size_t *n,
				  char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	rc = query(st, &s, "SELECT " FAIL_COLS " FROM failures WHERE run = ? ORDER BY id",
		   err, errlen, "i", run);
	return rc < 0 ? rc : collect(st, s, read_failure, sizeof(**out), (void **)out, n,
				     "list failures", err, errlen);
}

/* ---- changes ---- */

#define CHANGE_COLS "id, doc, run, from_snapshot, to_snapshot, detected_at, technical, " \
	"added, removed, changed, diff_json, alert_id, acked_at, acked_by, ack_note, " \
	"class, class_reason"

static void read_change(sqlite3_stmt *s, void *elem)
{
	tc_change *c = elem;

	c->id = sqlite3_column_int64(s, 0);
	c->doc = sqlite3_column_int64(s, 1);
	c->run = sqlite3_column_int64(s, 2);
	c->from_snapshot = sqlite3_column_int64(s, 3);
	c->to_snapshot = sqlite3_column_int64(s, 4);
	c->detected_at = col_time(s, 5);
	c->technical = sqlite3_column_int(s, 6);
	c->added = sqlite3_column_int(s, 7);
	c->removed = sqlite3_column_int(s, 8);
	c->changed = sqlite3_column_int(s, 9);
	c->diff_json = col_str(s, 10);
	c->alert_id = sqlite3_column_int64(s, 11);
	c->acked_at = col_time(s, 12);
	c->acked_by = col_str(s, 13);
	c->ack_note = col_str(s, 14);
	c->change_class = col_str(s, 15);
	c->class_reason = col_str(s, 16);
}

void tc_change_release(tc_change *c)
{
	free(c->diff_json);
	free(c->acked_by);
	free(c->ack_note);
	free(c->change_class);
	free(c->class_reason);
	memset(c, 0, sizeof(*c));
}

void tc_change_list_free(tc_change *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tc_change_release(&c[i]);
	free(c);
}

int tc_store_change_insert(tc_store *st, const tc_change *c, int64_t *id,
			   char *err, size_t errlen)
{
	int rc = exec(st, "INSERT INTO changes (doc, run, from_snapshot, to_snapshot, detected_at,"
		      " technical, added, removed, changed, diff_json) VALUES"
		      " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "record change", err, errlen, "iIIimddddt",
		      c->doc, c->run, c->from_snapshot, c->to_snapshot, c->detected_at,
		      c->technical ? 1 : 0, c->added, c->removed, c->changed, c->diff_json);

	if (rc == 0)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int tc_store_change_get(tc_store *st, int64_t id, tc_change *out, char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = query(st, &s, "SELECT " CHANGE_COLS " FROM changes WHERE id = ?", err, errlen, "i", id);
	return rc < 0 ? rc : one(st, s, read_change, out, "read change", err, errlen);
}

int tc_store_change_list_for_doc(tc_store *st, int64_t doc, tc_change **out, size_t *n,
				 char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	rc = query(st, &s, "SELECT " CHANGE_COLS " FROM changes WHERE doc = ?"
		   " ORDER BY detected_at DESC, id DESC", err, errlen, "i", doc);
	return rc < 0 ? rc : collect(st, s, read_change, sizeof(**out), (void **)out, n,
				     "list changes", err, errlen);
}

int tc_store_change_list_open(tc_store *st, tc_change **out, size_t *n, char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	rc = query(st, &s, "SELECT " CHANGE_COLS " FROM changes WHERE acked_at IS NULL"
		   " AND technical = 0 ORDER BY id", err, errlen, "");
	return rc < 0 ? rc : collect(st, s, read_change, sizeof(**out), (void **)out, n,
				     "list open changes", err, errlen);
}

int tc_store_change_list_unalerted(tc_store *st, tc_change **out, size_t *n,
				   char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	rc = query(st, &s, "SELECT " CHANGE_COLS " FROM changes WHERE alert_id IS NULL"
		   " AND technical = 0 ORDER BY id", err, errlen, "");
	return rc < 0 ? rc : collect(st, s, read_change, sizeof(**out), (void **)out, n,
				     "list unalerted changes", err, errlen);
}

int tc_store_change_ack(tc_store *st, int64_t id, const char *by, const char *note,
			time_t at, int *already, char *err, size_t errlen)
{
	tc_change c;
	int rc;

	*already = 0;
	rc = exec(st, "UPDATE changes SET acked_at = ?, acked_by = ?, ack_note = ?"
		  " WHERE id = ? AND acked_at IS NULL", "acknowledge change", err, errlen,
		  "mtti", at, by, note, id);
	if (rc == 0 && sqlite3_changes(st->db) == 1)
		return exec(st, "INSERT OR IGNORE INTO review_items (item, state, at, by, note)"
			    " VALUES ('C' || ?, 'acknowledged', ?, ?, ?)", "record review item",
			    err, errlen, "imtt", id, at, by, note);
	if (rc < 0)
		return rc;
	rc = tc_store_change_get(st, id, &c, err, errlen);
	if (rc == TC_STORE_NOTFOUND) {
		tc_seterr(err, errlen, "no change %lld", (long long)id);
		return rc;
	}
	if (rc == 0) {
		*already = 1;
		tc_change_release(&c);
	}
	return rc;
}

/* ---- findings ---- */

#define FINDING_COLS "id, doc, change, run, kind, severity, key, json, first_seen, alert_id"

static void read_finding(sqlite3_stmt *s, void *elem)
{
	tc_finding_row *f = elem;

	f->id = sqlite3_column_int64(s, 0);
	f->doc = sqlite3_column_int64(s, 1);
	f->change = sqlite3_column_int64(s, 2);
	f->run = sqlite3_column_int64(s, 3);
	f->kind = col_str(s, 4);
	f->severity = col_str(s, 5);
	f->key = col_str(s, 6);
	f->json = col_str(s, 7);
	f->first_seen = col_time(s, 8);
	f->alert_id = sqlite3_column_int64(s, 9);
}

void tc_finding_row_release(tc_finding_row *f)
{
	free(f->kind);
	free(f->severity);
	free(f->key);
	free(f->json);
	memset(f, 0, sizeof(*f));
}

void tc_finding_row_list_free(tc_finding_row *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tc_finding_row_release(&f[i]);
	free(f);
}

int tc_store_finding_insert(tc_store *st, const tc_finding_row *f, int64_t *id, int *is_new,
			    char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*is_new = 0;
	rc = exec(st, "INSERT INTO findings (doc, change, run, kind, severity, key, json,"
		  " first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (doc, key) DO NOTHING",
		  "record finding", err, errlen, "iIIttttm", f->doc, f->change, f->run,
		  f->kind, f->severity, f->key, f->json, f->first_seen);
	if (rc < 0)
		return rc;
	if (sqlite3_changes(st->db) == 1) {
		*is_new = 1;
		*id = sqlite3_last_insert_rowid(st->db);
		return 0;
	}
	rc = query(st, &s, "SELECT id FROM findings WHERE doc = ? AND key = ?", err, errlen,
		   "it", f->doc, f->key);
	if (rc < 0)
		return rc;
	if (sqlite3_step(s) == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	else
		rc = sqlerr(st, err, errlen, "read finding");
	done(st, s);
	return rc;
}

int tc_store_finding_list_for_run(tc_store *st, int64_t run, tc_finding_row **out, size_t *n,
				  char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	rc = query(st, &s, "SELECT " FINDING_COLS " FROM findings WHERE run = ? ORDER BY id",
		   err, errlen, "i", run);
	return rc < 0 ? rc : collect(st, s, read_finding, sizeof(**out), (void **)out, n,
				     "list findings", err, errlen);
}

int tc_store_finding_list_for_change(tc_store *st, int64_t change, tc_finding_row **out,
				     size_t *n, char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	rc = query(st, &s, "SELECT " FINDING_COLS " FROM findings WHERE change = ? ORDER BY id",
		   err, errlen, "i", change);
	return rc < 0 ? rc : collect(st, s, read_finding, sizeof(**out), (void **)out, n,
				     "list findings", err, errlen);
}

int tc_store_finding_list_unalerted(tc_store *st, tc_finding_row **out, size_t *n,
				    char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	rc = query(st, &s, "SELECT " FINDING_COLS " FROM findings WHERE alert_id IS NULL"
		   " ORDER BY id", err, errlen, "");
	return rc < 0 ? rc : collect(st, s, read_finding, sizeof(**out), (void **)out, n,
				     "list unalerted findings", err, errlen);
}

/* ---- alerts ---- */

#define ALERT_COLS "id, run, created_at, subject, text, html, recipients, status, " \
	"attempts, last_error, sent_at, message_id"

/* Recipients are stored one per line (addresses never contain a newline). */
static void split_lines(const char *s, char ***out, size_t *n)
{
	size_t cnt = 0, k = 0;

	*out = NULL;
	*n = 0;
	if (!s || !*s)
		return;
	for (const char *p = s; *p; p++)
		cnt += *p == '\n';
	*out = tc_xcalloc(cnt + 1, sizeof(char *));
	for (const char *p = s;;) {
		const char *e = strchr(p, '\n');

		(*out)[k++] = tc_xstrndup(p, e ? (size_t)(e - p) : strlen(p));
		if (!e)
			break;
		p = e + 1;
	}
	*n = k;
}

static void read_alert(sqlite3_stmt *s, void *elem)
{
	tc_alert *a = elem;

	a->id = sqlite3_column_int64(s, 0);
	a->run = sqlite3_column_int64(s, 1);
	a->created_at = col_time(s, 2);
	a->subject = col_str(s, 3);
	a->text = col_str(s, 4);
	a->html = col_str(s, 5);
	split_lines((const char *)sqlite3_column_text(s, 6), &a->recipients, &a->nrecipients);
	a->status = col_str(s, 7);
	a->attempts = sqlite3_column_int(s, 8);
	a->last_error = col_str(s, 9);
	a->sent_at = col_time(s, 10);
	a->message_id = col_str(s, 11);
}

void tc_alert_release(tc_alert *a)
{
	free(a->subject);
	free(a->text);
	free(a->html);
	for (size_t i = 0; i < a->nrecipients; i++)
		free(a->recipients[i]);
	free(a->recipients);
	free(a->status);
	free(a->last_error);
	free(a->message_id);
	memset(a, 0, sizeof(*a));
}

void tc_alert_list_free(tc_alert *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tc_alert_release(&a[i]);
	free(a);
}

/* Attach one item to alert id: "UPDATE ... WHERE id = ? AND <free>". When nothing
 * changed, tell why (missing or already attached). */
static int attach(tc_store *st, const char *update, const char *exists, const char *what,
		  int64_t alert, int64_t item, char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc = exec(st, update, "attach alert item", err, errlen, "ii", alert, item);

	if (rc < 0 || sqlite3_changes(st->db) == 1)
		return rc;
	if ((rc = query(st, &s, exists, err, errlen, "i", item)) < 0)
		return rc;
	if (sqlite3_step(s) == SQLITE_ROW)
		tc_seterr(err, errlen, "%s: %s %lld is already reported by alert %lld",
			  st->path, what, (long long)item, (long long)sqlite3_column_int64(s, 0));
	else
		tc_seterr(err, errlen, "%s: no %s %lld to report", st->path, what, (long long)item);
	done(st, s);
	return TC_STORE_ERROR;
}

int tc_store_alert_create(tc_store *st, const tc_alert_new *a, time_t now, int64_t *id,
			  char *err, size_t errlen)
{
	tc_buf rcpt = TC_BUF_INIT;
	int own = 0, rc;

	*id = 0;
	for (size_t i = 0; i < a->nrecipients; i++) {
		if (!a->recipients[i] || !*a->recipients[i] || strchr(a->recipients[i], '\n')) {
			tc_seterr(err, errlen, "%s: bad alert recipient", st->path);
			return TC_STORE_ERROR;
		}
		if (i)
			tc_buf_addc(&rcpt, '\n');
		tc_buf_adds(&rcpt, a->recipients[i]);
	}
	if ((rc = tx_start(st, &own, err, errlen)) < 0)
		goto out;
	rc = exec(st, "INSERT INTO alerts (run, created_at, subject, text, html, recipients,"
		  " message_id) VALUES (?, ?, ?, ?, ?, ?, ?)", "create alert", err, errlen,
		  "Imttttt", a->run, now, a->subject ? a->subject : "", a->text ? a->text : "",
		  a->html, tc_buf_str(&rcpt), a->message_id);
	if (rc == 0)
		*id = sqlite3_last_insert_rowid(st->db);
	for (size_t i = 0; rc == 0 && i < a->nchanges; i++)
		rc = attach(st, "UPDATE changes SET alert_id = ? WHERE id = ? AND alert_id IS NULL",
			    "SELECT alert_id FROM changes WHERE id = ? AND alert_id IS NOT NULL",
			    "change", *id, a->changes[i], err, errlen);
	for (size_t i = 0; rc == 0 && i < a->nfindings; i++)
		rc = attach(st, "UPDATE findings SET alert_id = ? WHERE id = ? AND alert_id IS NULL",
			    "SELECT alert_id FROM findings WHERE id = ? AND alert_id IS NOT NULL",
			    "finding", *id, a->findings[i], err, errlen);
	for (size_t i = 0; rc == 0 && i < a->nfailure_docs; i++)
		rc = attach(st, "UPDATE documents SET fail_alert = ? WHERE id = ?"
			    " AND fail_streak > 0 AND fail_alert IS NULL",
			    "SELECT fail_alert FROM documents WHERE id = ? AND fail_alert IS NOT NULL",
			    "failure streak of document", *id, a->failure_docs[i], err, errlen);
	rc = tx_end(st, own, rc, err, errlen);
	if (rc < 0)
		*id = 0;
out:
	tc_buf_release(&rcpt);
	return rc;
}

int tc_store_alert_get(tc_store *st, int64_t id, tc_alert *out, char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = query(st, &s, "SELECT " ALERT_COLS " FROM alerts WHERE id = ?", err, errlen, "i", id);
	return rc < 0 ? rc : one(st, s, read_alert, out, "read alert", err, errlen);
}

int tc_store_alert_list_pending(tc_store *st, tc_alert **out, size_t *n, char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	rc = query(st, &s, "SELECT " ALERT_COLS " FROM alerts WHERE status = 'pending' ORDER BY id",
		   err, errlen, "");
	return rc < 0 ? rc : collect(st, s, read_alert, sizeof(**out), (void **)out, n,
				     "list pending alerts", err, errlen);
}

int tc_store_alert_mark_sent(tc_store *st, int64_t id, time_t at, const char *message_id,
			     char *err, size_t errlen)
{
	tc_alert a;
	int rc = exec(st, "UPDATE alerts SET status = 'sent', sent_at = ?,"
		      " message_id = coalesce(?, message_id) WHERE id = ? AND status = 'pending'",
		      "mark alert sent", err, errlen, "mti", at, message_id, id);

	if (rc < 0 || sqlite3_changes(st->db) == 1)
		return rc;
	rc = tc_store_alert_get(st, id, &a, err, errlen);
	if (rc == TC_STORE_NOTFOUND) {
		tc_seterr(err, errlen, "%s: no alert %lld", st->path, (long long)id);
		return rc;
	}
	if (rc == 0) {
		tc_seterr(err, errlen, "%s: alert %lld was already sent", st->path, (long long)id);
		tc_alert_release(&a);
		rc = TC_STORE_ERROR;
	}
	return rc;
}

int tc_store_alert_mark_failed(tc_store *st, int64_t id, const char *error,
			       char *err, size_t errlen)
{
	int rc = exec(st, "UPDATE alerts SET attempts = attempts + 1, last_error = ?"
		      " WHERE id = ? AND status = 'pending'", "record alert failure", err, errlen,
		      "ti", error, id);

	if (rc == 0 && sqlite3_changes(st->db) == 0) {
		tc_seterr(err, errlen, "%s: no pending alert %lld", st->path, (long long)id);
		return TC_STORE_NOTFOUND;
	}
	return rc;
}

/* ---- the database file itself (added for the run: a database deleted mid-run) ---- */

int tc_store_file_gone(tc_store *st, int *gone, char *err, size_t errlen)
{
	int moved = 0;
	int rc = sqlite3_file_control(st->db, "main", SQLITE_FCNTL_HAS_MOVED, &moved);

	*gone = 0;
	if (rc != SQLITE_OK) {
		tc_seterr(err, errlen, "%s: cannot tell whether the database file is still there: %s",
			  st->path, sqlite3_errstr(rc));
		return TC_STORE_ERROR;
	}
	*gone = moved != 0;
	return TC_STORE_OK;
}

/* ---- change classes and text rules (migration 4) ---- */

int tc_store_change_set_class(tc_store *st, int64_t id, const char *change_class,
			      const char *reason, char *err, size_t errlen)
{
	return exec(st, "UPDATE changes SET class = ?, class_reason = ? WHERE id = ?",
		    "record change class", err, errlen, "tti", change_class, reason, id);
}

int tc_store_snapshot_set_rules(tc_store *st, int64_t id, const char *rules_sha,
				char *err, size_t errlen)
{
	return exec(st, "UPDATE snapshots SET rules_sha = ? WHERE id = ?", "record text rules",
		    err, errlen, "ti", rules_sha && *rules_sha ? rules_sha : NULL, id);
}

int tc_store_snapshot_rules(tc_store *st, int64_t id, char out[65], char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc = query(st, &s, "SELECT rules_sha FROM snapshots WHERE id = ?", err, errlen, "i", id);

	out[0] = '\0';
	if (rc < 0)
		return rc;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(out, 65, "%s", (const char *)sqlite3_column_text(s, 0));
	rc = rc == SQLITE_ROW ? TC_STORE_OK : rc == SQLITE_DONE ? TC_STORE_NOTFOUND
	     : sqlerr(st, err, errlen, "read text rules");
	done(st, s);
	return rc;
}

int tc_store_recent_texts(tc_store *st, int64_t doc, const char *except, size_t max,
			  char ***shas, size_t *n, char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc = query(st, &s, "SELECT text_sha FROM snapshots WHERE doc = ? AND text_sha IS NOT NULL"
		       " AND text_sha <> ? GROUP BY text_sha ORDER BY max(id) DESC LIMIT ?",
		       err, errlen, "itd", doc, except ? except : "", (int)max);

	*shas = NULL;
	*n = 0;
	if (rc < 0)
		return rc;
	*shas = tc_xcalloc(max ? max : 1, sizeof(**shas));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max)
		(*shas)[(*n)++] = tc_xstrdup((const char *)sqlite3_column_text(s, 0));
	rc = rc == SQLITE_DONE || rc == SQLITE_ROW ? TC_STORE_OK
	     : sqlerr(st, err, errlen, "read recent texts");
	done(st, s);
	return rc;
}

/* ---- review items (migration 5): the DPO's decisions on changes, findings and
 * failure streaks ---- */

const char *tc_item_state_name(enum tc_item_state s)
{
	static const char *const names[] = { "open", "acknowledged", "adopted", "objected" };

	return (unsigned)s < TC_ARRAY_LEN(names) ? names[s] : "open";
}

int tc_item_state_parse(const char *s, enum tc_item_state *out)
{
	for (int i = TC_ITEM_OPEN; i <= TC_ITEM_OBJECTED; i++)
		if (s && strcmp(s, tc_item_state_name((enum tc_item_state)i)) == 0) {
			*out = (enum tc_item_state)i;
			return 0;
		}
	return -1;
}

void tc_item_row_release(tc_item_row *r)
{
	free(r->item);
	free(r->by);
	free(r->note);
	free(r->how);
	memset(r, 0, sizeof(*r));
}

void tc_item_row_list_free(tc_item_row *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tc_item_row_release(&r[i]);
	free(r);
}

#define ITEM_COLS "item, state, at, by, note, how, streak_since"

static void read_item(sqlite3_stmt *s, void *elem)
{
	tc_item_row *r = elem;
	const char *state = (const char *)sqlite3_column_text(s, 1);

	r->item = col_str(s, 0);
	if (tc_item_state_parse(state, &r->state) < 0)
		r->state = TC_ITEM_ACKNOWLEDGED;
	r->at = col_time(s, 2);
	r->by = col_str(s, 3);
	r->note = col_str(s, 4);
	r->how = col_str(s, 5);
	r->streak_since = col_time(s, 6);
}

int tc_store_item_get(tc_store *st, const char *item, tc_item_row *out, char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = query(st, &s, "SELECT " ITEM_COLS " FROM review_items WHERE item = ?", err, errlen,
		   "t", item);
	return rc < 0 ? rc : one(st, s, read_item, out, "read review item", err, errlen);
}

int tc_store_item_list(tc_store *st, tc_item_row **out, size_t *n, char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	rc = query(st, &s, "SELECT " ITEM_COLS " FROM review_items ORDER BY at, item", err,
		   errlen, "");
	return rc < 0 ? rc : collect(st, s, read_item, sizeof(**out), (void **)out, n,
				     "list review items", err, errlen);
}

/* The row of item r->item exists with the same state (and streak): keep the first. */
static int item_same(tc_store *st, const tc_item_row *r, int *same, char *err, size_t errlen)
{
	tc_item_row old;
	int rc = tc_store_item_get(st, r->item, &old, err, errlen);

	*same = rc == TC_STORE_OK && old.state == r->state && old.streak_since == r->streak_since;
	tc_item_row_release(&old);
	return rc < 0 ? rc : 0;
}

int tc_store_item_set(tc_store *st, const tc_item_row *r, int *already, char *err, size_t errlen)
{
	int own = 0, rc;

	*already = 0;
	if (r->state == TC_ITEM_OPEN || !r->item || !r->item[0]) {
		tc_seterr(err, errlen, "%s: a review item needs a name and a decision", st->path);
		return TC_STORE_ERROR;
	}
	if ((rc = tx_start(st, &own, err, errlen)) < 0)
		return rc;
	if ((rc = item_same(st, r, already, err, errlen)) < 0 || *already)
		goto out;
	rc = exec(st, "INSERT OR REPLACE INTO review_items (" ITEM_COLS ") VALUES (?, ?, ?, ?, ?, ?, ?)",
		  "record review item", err, errlen, "ttmtttm", r->item, tc_item_state_name(r->state),
		  r->at, r->by, r->note, r->how, r->streak_since);
	/* a change's own columns follow, so that "open changes" agree */
	if (rc == 0 && r->item[0] == 'C')
		rc = exec(st, "UPDATE changes SET acked_at = ?, acked_by = ?, ack_note = ?"
			  " WHERE 'C' || id = ? AND acked_at IS NULL", "acknowledge change", err,
			  errlen, "mttt", r->at, r->by, r->note ? r->note : r->how, r->item);
out:
	return tx_end(st, own, rc, err, errlen);
}

int tc_store_finding_get(tc_store *st, int64_t id, tc_finding_row *out, char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = query(st, &s, "SELECT " FINDING_COLS " FROM findings WHERE id = ?", err, errlen,
		   "i", id);
	return rc < 0 ? rc : one(st, s, read_finding, out, "read finding", err, errlen);
}

int tc_store_change_list_alertable(tc_store *st, tc_change **out, size_t *n,
				   char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	rc = query(st, &s, "SELECT " CHANGE_COLS " FROM changes WHERE alert_id IS NULL"
		   " AND technical = 0 AND acked_at IS NULL AND NOT EXISTS (SELECT 1 FROM"
		   " review_items r WHERE r.item = 'C' || changes.id)"
		   /* a change whose findings are all decided on is settled */
		   " AND NOT (EXISTS (SELECT 1 FROM findings f WHERE f.change = changes.id)"
		   "   AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.change = changes.id"
		   "     AND NOT EXISTS (SELECT 1 FROM review_items r WHERE r.item = 'F' || f.id)))"
		   " ORDER BY id", err, errlen, "");
	return rc < 0 ? rc : collect(st, s, read_change, sizeof(**out), (void **)out, n,
				     "list changes to alert", err, errlen);
}

int tc_store_finding_list_alertable(tc_store *st, tc_finding_row **out, size_t *n,
				    char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	rc = query(st, &s, "SELECT " FINDING_COLS " FROM findings WHERE alert_id IS NULL"
		   " AND NOT EXISTS (SELECT 1 FROM review_items r WHERE r.item = 'F' || findings.id"
		   "   OR r.item = 'C' || findings.change)"
		   " AND NOT EXISTS (SELECT 1 FROM changes c WHERE c.id = findings.change"
		   "   AND c.acked_at IS NOT NULL) ORDER BY id", err, errlen, "");
	return rc < 0 ? rc : collect(st, s, read_finding, sizeof(**out), (void **)out, n,
				     "list findings to alert", err, errlen);
}

int tc_store_finding_list_all(tc_store *st, tc_finding_row **out, size_t *n,
			      char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	rc = query(st, &s, "SELECT " FINDING_COLS " FROM findings ORDER BY id", err, errlen, "");
	return rc < 0 ? rc : collect(st, s, read_finding, sizeof(**out), (void **)out, n,
				     "list findings", err, errlen);
}
