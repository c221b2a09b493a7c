/*
 * util: growable buffers with a hard maximum, string helpers, the one place for
 * messages (tc_error/tc_warn/tc_note), time, SHA-256 and file helpers.
 *
 * Ownership: the x-prefixed allocators, tc_xasprintf and tc_buf_detach return owned memory the
 * caller frees with free(). tc_buf owns its data until tc_buf_detach(); release with
 * tc_buf_release(). Nothing here prints except the message functions, and nothing
 * here exits except tc_xmalloc & co. on out-of-memory.
 */
#ifndef TIACHECK_UTIL_H
#define TIACHECK_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#define TC_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define TC_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- memory (abort with a message on out-of-memory) ---- */
void *tc_xmalloc(size_t n);
void *tc_xcalloc(size_t n, size_t size);
void *tc_xrealloc(void *p, size_t n);
char *tc_xstrdup(const char *s);            /* NULL in, NULL out */
char *tc_xstrndup(const char *s, size_t n);
char *tc_xasprintf(const char *fmt, ...) TC_PRINTF(1, 2);

/* ---- buffers: every buffer has a maximum; appends past it fail with -1 and set
 * b->full, so that a writer may append without checking each call and check once
 * at the end that nothing was lost ---- */
typedef struct tc_buf {
	char *data;   /* always NUL-terminated when non-NULL */
	size_t len;
	size_t cap;
	size_t max;   /* 0 = TC_BUF_DEFAULT_MAX */
	int full;     /* an append failed since init/reset: the content is incomplete */
} tc_buf;
#define TC_BUF_DEFAULT_MAX ((size_t)1 << 30)
#define TC_BUF_INIT { NULL, 0, 0, 0, 0 }
void tc_buf_init(tc_buf *b, size_t max);
int tc_buf_add(tc_buf *b, const void *p, size_t n);    /* 0 ok, -1 over max */
int tc_buf_adds(tc_buf *b, const char *s);
int tc_buf_addc(tc_buf *b, char c);
int tc_buf_printf(tc_buf *b, const char *fmt, ...) TC_PRINTF(2, 3);
int tc_buf_vprintf(tc_buf *b, const char *fmt, va_list ap) TC_PRINTF(2, 0);
void tc_buf_reset(tc_buf *b);                           /* len = 0, keeps memory */
/* Room for at least n more bytes now (a size hint, e.g. a Content-Length), at most
 * up to the buffer's maximum: appends that fit do not reallocate. */
void tc_buf_reserve(tc_buf *b, size_t n);
char *tc_buf_detach(tc_buf *b);                         /* owned, never NULL */
void tc_buf_release(tc_buf *b);
const char *tc_buf_str(const tc_buf *b);                /* "" when empty */

/* ---- messages: "tiacheck: ..." on stderr; the only printing helpers ---- */
extern int tc_msg_quiet;    /* suppress notes */
extern int tc_msg_verbose;  /* show tc_debug */
void tc_error(const char *fmt, ...) TC_PRINTF(1, 2);
void tc_warn(const char *fmt, ...) TC_PRINTF(1, 2);
void tc_note(const char *fmt, ...) TC_PRINTF(1, 2);
void tc_debug(const char *fmt, ...) TC_PRINTF(1, 2);
/* Error strings filled by lower layers: snprintf into a caller's buffer. */
void tc_seterr(char *err, size_t errlen, const char *fmt, ...) TC_PRINTF(3, 4);

/* ---- terminal ---- */
int tc_color_enabled(FILE *f);   /* isatty && NO_COLOR unset && TERM != dumb */
/* Copy s to out making terminal control characters (ESC, C0 except \t\n, DEL, C1)
 * inert; returns out's string. */
const char *tc_term_safe(tc_buf *out, const char *s);

/* ---- strings ---- */
int tc_streq(const char *a, const char *b);             /* NULL-safe */
int tc_startswith(const char *s, const char *prefix);
int tc_endswith(const char *s, const char *suffix);
char *tc_trim(char *s);                                 /* in place */
/* The same as tc_utf8_is_valid (utf8.h), which new code calls directly. */
int tc_utf8_valid(const char *s, size_t n);
size_t tc_levenshtein(const char *a, const char *b);
/* The name in names[0..n) nearest to name when it is close enough to be a typo (edit
 * distance at most 2, or at most a third of name's length), else NULL: the one rule
 * behind every "did you mean" (config keys, catalogue fields and codes). */
const char *tc_nearest_name(const char *name, const char *const *names, size_t n);
/* Append s to b with JSON/HTML escaping. */
int tc_buf_add_html(tc_buf *b, const char *s);

/* ---- sets of strings: distinct, in first-seen order; the strings are borrowed ---- */
typedef struct tc_strset {
	const char **v;
	size_t n, cap;
} tc_strset;
#define TC_STRSET_INIT { NULL, 0, 0 }
int tc_strset_has(const tc_strset *s, const char *x);
void tc_strset_add(tc_strset *s, const char *x);        /* NULL and repeats ignored */
void tc_strset_release(tc_strset *s);

/* 1 when addr is a plain address local@domain we accept (no display name, no
 * spaces, no controls, a dotted domain of letters, digits and hyphens). */
int tc_mail_address_valid(const char *addr);

/* ---- time ---- */
time_t tc_now(void);                 /* honours TIACHECK_NOW=YYYY-MM-DDTHH:MM:SSZ for tests */
void tc_iso_utc(time_t t, char out[32]);     /* 2026-11-25T06:40:00Z */
void tc_date_utc(time_t t, char out[16]);    /* 2026-11-25 */
/* Parse YYYY-MM-DD (strict, real calendar date). 0 ok, -1 bad. */
int tc_parse_date(const char *s, time_t *out);
int tc_parse_iso(const char *s, time_t *out);          /* YYYY-MM-DDTHH:MM:SSZ */

/* ---- hashing ---- */
void tc_sha256_hex(const void *data, size_t n, char out[65]);
/* The same digest over input given in pieces: new, add..., then finish (which frees
 * the context and writes the hex digest). */
typedef struct tc_sha256 tc_sha256;
tc_sha256 *tc_sha256_new(void);
void tc_sha256_add(tc_sha256 *h, const void *data, size_t n);
void tc_sha256_finish(tc_sha256 *h, char out[65]);

/* ---- files ---- */
/* Read a whole file, at most max bytes (error if larger). 0 ok, -1 with err set. */
int tc_read_file(const char *path, size_t max, tc_buf *out, char *err, size_t errlen);
/* The one way to write a file: data goes to a new temporary file next to path
 * (PATH.tmp.RANDOM, created with O_EXCL|O_NOFOLLOW, so a file or symlink planted at
 * any such name is never written through), which is fsynced, renamed over path, and
 * the directory fsynced. mode (e.g. 0644, 0600) is applied under the umask. On error
 * path is unchanged, no temporary is left behind, and err names path. 0 ok, -1. */
int tc_write_file_atomic(const char *path, const void *data, size_t n, int mode,
			 char *err, size_t errlen);
int tc_mkdir_p(const char *path, int mode, char *err, size_t errlen);
char *tc_path_join(const char *a, const char *b);      /* owned */


/* ---- randomness (getrandom; a time/pid mix when the kernel has none) ---- */
void tc_random_bytes(void *out, size_t n);
/* nbytes (at most 32) random bytes as lower-case hex into out[2 * nbytes + 1]. */
void tc_random_hex(char *out, size_t nbytes);
/* A new private directory (mode 0700) PREFIX.<random hex> under $TMPDIR, else /tmp.
 * Owned path; NULL with err set. */
char *tc_make_temp_dir(const char *prefix, char *err, size_t errlen);

/* ---- fault injection for tests ---- */
/* When $TIACHECK_CRASH_AT equals name, the process kills itself with SIGKILL right
 * here, as a power cut or `kill -9` would. Used by the end-to-end tests to prove that
 * the next run recovers from a death at each named point. */
void tc_crashpoint(const char *name);

#endif
