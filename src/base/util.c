/* util: see include/tiacheck/util.h */
#include "tiacheck/util.h"
#include "tiacheck/utf8.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <signal.h>

#define TC_TEMP_TRIES 16   /* names tried for a temporary file */

int tc_msg_quiet;
int tc_msg_verbose;

static void oom(void)
{
	fputs("tiacheck: out of memory\n", stderr);
	abort();
}

void *tc_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *tc_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *tc_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom();
	return q;
}

char *tc_xstrdup(const char *s)
{
	return s ? tc_xstrndup(s, strlen(s)) : NULL;
}

char *tc_xstrndup(const char *s, size_t n)
{
	char *p;
	size_t len = 0;

	if (!s)
		return NULL;
	while (len < n && s[len])
		len++;
	p = tc_xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *tc_xasprintf(const char *fmt, ...)
{
	tc_buf b = TC_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	tc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return tc_buf_detach(&b);
}

/* ---- buffers ---- */

void tc_buf_init(tc_buf *b, size_t max)
{
	b->data = NULL;
	b->len = b->cap = 0;
	b->max = max;
	b->full = 0;
}

static int buf_grow(tc_buf *b, size_t extra)
{
	size_t max = b->max ? b->max : TC_BUF_DEFAULT_MAX;
	size_t need, cap;

	if (extra > max || b->len > max - extra) {
		b->full = 1;
		return -1;
	}
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	b->data = tc_xrealloc(b->data, cap);
	b->cap = cap;
	return 0;
}

void tc_buf_reserve(tc_buf *b, size_t n)
{
	size_t max = b->max ? b->max : TC_BUF_DEFAULT_MAX;

	if (n > max - b->len)
		n = max - b->len;
	if (b->len + n + 1 > b->cap) {
		b->data = tc_xrealloc(b->data, b->len + n + 1);
		b->cap = b->len + n + 1;
		b->data[b->len] = '\0';
	}
}

int tc_buf_add(tc_buf *b, const void *p, size_t n)
{
	if (buf_grow(b, n) < 0)
		return -1;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int tc_buf_adds(tc_buf *b, const char *s)
{
	return tc_buf_add(b, s, strlen(s));
}

int tc_buf_addc(tc_buf *b, char c)
{
	return tc_buf_add(b, &c, 1);
}

int tc_buf_vprintf(tc_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0) {
		b->full = 1;
		return -1;
	}
	if (buf_grow(b, (size_t)n) < 0)
		return -1;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int tc_buf_printf(tc_buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = tc_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return r;
}

void tc_buf_reset(tc_buf *b)
{
	b->len = 0;
	b->full = 0;
	if (b->data)
		b->data[0] = '\0';
}

char *tc_buf_detach(tc_buf *b)
{
	char *p = b->data ? b->data : tc_xstrdup("");

	b->data = NULL;
	b->len = b->cap = 0;
	b->full = 0;
	return p;
}

void tc_buf_release(tc_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->full = 0;
}

const char *tc_buf_str(const tc_buf *b)
{
	return b->data ? b->data : "";
}

/* ---- messages ---- */

static void vmsg(const char *kind, const char *fmt, va_list ap)
{
	fputs("tiacheck: ", stderr);
	if (kind)
		fputs(kind, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void tc_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("error: ", fmt, ap);
	va_end(ap);
}

void tc_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

void tc_note(const char *fmt, ...)
{
	va_list ap;

	if (tc_msg_quiet)
		return;
	va_start(ap, fmt);
	vmsg(NULL, fmt, ap);
	va_end(ap);
}

void tc_debug(const char *fmt, ...)
{
	va_list ap;

	if (!tc_msg_verbose)
		return;
	va_start(ap, fmt);
	vmsg("debug: ", fmt, ap);
	va_end(ap);
}

void tc_seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* ---- terminal ---- */

int tc_color_enabled(FILE *f)
{
	const char *nc = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	if (nc && *nc)
		return 0;
	if (term && strcmp(term, "dumb") == 0)
		return 0;
	return isatty(fileno(f));
}

const char *tc_term_safe(tc_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	tc_buf_reset(out);
	for (size_t i = 0, k; i < n; i += k) {
		uint32_t c = tc_utf8_decode(p + i, n - i, &k);

		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
			tc_buf_printf(out, "\\x%02x", (unsigned)c);
		else if (c >= 0x80 && c <= 0x9f)   /* C1 control characters */
			tc_buf_printf(out, "\\u%04x", (unsigned)c);
		else
			tc_buf_add(out, p + i, k);   /* invalid bytes pass as they are */
	}
	return tc_buf_str(out);
}

/* ---- strings ---- */

int tc_streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

int tc_startswith(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int tc_endswith(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

char *tc_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

int tc_utf8_valid(const char *s, size_t n)
{
	return tc_utf8_is_valid(s, n);
}

size_t tc_levenshtein(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b), *row, r;

	row = tc_xcalloc(m + 1, sizeof(*row));
	for (size_t j = 0; j <= m; j++)
		row[j] = j;
	for (size_t i = 1; i <= n; i++) {
		size_t prev = row[0];

		row[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t cur = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t best = prev + cost;

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	r = row[m];
	free(row);
	return r;
}

const char *tc_nearest_name(const char *name, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1, len = strlen(name);

	for (size_t i = 0; i < n; i++) {
		size_t dist = tc_levenshtein(name, names[i]);

		if (dist < bestd) {
			bestd = dist;
			best = names[i];
		}
	}
	if (best && bestd < len && (bestd <= 2 || bestd * 3 <= len))
		return best;
	return NULL;
}

int tc_buf_add_html(tc_buf *b, const char *s)
{
	for (; *s; s++) {
		int r;

		switch (*s) {
		case '<': r = tc_buf_adds(b, "&lt;"); break;
		case '>': r = tc_buf_adds(b, "&gt;"); break;
		case '&': r = tc_buf_adds(b, "&amp;"); break;
		case '"': r = tc_buf_adds(b, "&quot;"); break;
		case '\'': r = tc_buf_adds(b, "&#39;"); break;
		default: r = tc_buf_addc(b, *s); break;
		}
		if (r < 0)
			return -1;
	}
	return 0;
}

/* ---- time ---- */

time_t tc_now(void)
{
	const char *fake = getenv("TIACHECK_NOW");
	time_t t;

	if (fake && *fake && tc_parse_iso(fake, &t) == 0)
		return t;
	return time(NULL);
}

void tc_iso_utc(time_t t, char out[32])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void tc_date_utc(time_t t, char out[16])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}

static int parse_fields(const char *s, const char *fmt, int n, int *v)
{
	int used = 0;
	int got;

	if (n == 3)
		got = sscanf(s, fmt, &v[0], &v[1], &v[2], &used);
	else
		got = sscanf(s, fmt, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &used);
	return got == n && (size_t)used == strlen(s) ? 0 : -1;
}

static int make_time(const int *v, int hms, time_t *out)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	struct tm tm = { 0 };
	int y = v[0], m = v[1], d = v[2];
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
	    (m == 2 && d == 29 && !leap))
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	if (hms) {
		if (v[3] < 0 || v[3] > 23 || v[4] < 0 || v[4] > 59 || v[5] < 0 || v[5] > 60)
			return -1;
		tm.tm_hour = v[3];
		tm.tm_min = v[4];
		tm.tm_sec = v[5];
	}
	*out = timegm(&tm);
	return 0;
}

int tc_parse_date(const char *s, time_t *out)
{
	int v[6];

	if (!s || strlen(s) != 10 || parse_fields(s, "%4d-%2d-%2d%n", 3, v) < 0)
		return -1;
	return make_time(v, 0, out);
}

int tc_parse_iso(const char *s, time_t *out)
{
	int v[6];

	if (!s || strlen(s) != 20 ||
	    parse_fields(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", 6, v) < 0)
		return -1;
	return make_time(v, 1, out);
}

/* ---- hashing ---- */

/* raw[0..n) as lower-case hex into out[2n + 1]. */
static void hex_encode(const unsigned char *raw, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 15];
	}
	out[2 * n] = '\0';
}

void tc_sha256_hex(const void *data, size_t n, char out[65])
{
	unsigned char md[32];
	unsigned int mdlen = 0;

	EVP_Digest(data, n, md, &mdlen, EVP_sha256(), NULL);
	hex_encode(md, 32, out);
}

struct tc_sha256 {
	EVP_MD_CTX *ctx;
};

tc_sha256 *tc_sha256_new(void)
{
	tc_sha256 *h = tc_xcalloc(1, sizeof(*h));

	h->ctx = EVP_MD_CTX_new();
	if (!h->ctx || EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL) != 1) {
		fprintf(stderr, "tiacheck: cannot set up SHA-256 (OpenSSL)\n");
		abort();
	}
	return h;
}

void tc_sha256_add(tc_sha256 *h, const void *data, size_t n)
{
	if (n)
		EVP_DigestUpdate(h->ctx, data, n);
}

void tc_sha256_finish(tc_sha256 *h, char out[65])
{
	unsigned char md[32];
	unsigned int mdlen = 0;

	EVP_DigestFinal_ex(h->ctx, md, &mdlen);
	hex_encode(md, 32, out);
	EVP_MD_CTX_free(h->ctx);
	free(h);
}

/* ---- randomness ---- */

void tc_random_bytes(void *out, size_t n)
{
	unsigned char *raw = out;
	size_t got = 0;

	while (got < n) {
		ssize_t r = getrandom(raw + got, n - got, 0);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			/* no entropy source: time, pid and address; unique, not secret */
			for (; got < n; got++)
				raw[got] = (unsigned char)((uintptr_t)raw ^ (uintptr_t)time(NULL) ^
							   (uintptr_t)getpid() ^ (got * 131));
			break;
		}
		got += (size_t)r;
	}
}

void tc_random_hex(char *out, size_t nbytes)
{
	unsigned char raw[32];

	if (nbytes > sizeof(raw))
		nbytes = sizeof(raw);
	tc_random_bytes(raw, nbytes);
	hex_encode(raw, nbytes, out);
}

/* ---- files ---- */

int tc_read_file(const char *path, size_t max, tc_buf *out, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;

	if (!f) {
		tc_seterr(err, errlen, "cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	tc_buf_reset(out);
	out->max = max;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (tc_buf_add(out, chunk, n) < 0) {
			tc_seterr(err, errlen, "'%s' is larger than the limit of %zu bytes",
				  path, max);
			fclose(f);
			return -1;
		}
	}
	if (ferror(f)) {
		tc_seterr(err, errlen, "cannot read '%s': %s", path, strerror(errno));
		fclose(f);
		return -1;
	}
	fclose(f);
	if (!out->data)
		tc_buf_add(out, "", 0);
	return 0;
}

/* Directory part of path: "." when it has none, "/" for a file in the root. Owned. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return tc_xstrdup(".");
	if (slash == path)
		return tc_xstrdup("/");
	return tc_xstrndup(path, (size_t)(slash - path));
}

/* A new file PATH.tmp.RANDOM next to path, created exclusively: a file or a symlink
 * planted at that name is never opened, and a clash is retried with another name a
 * bounded number of times. The descriptor, or -1 with errno set; the name in *tmp
 * (owned) on success. */
static int create_temp(const char *path, int mode, char **tmp)
{
	*tmp = NULL;
	for (int i = 0; i < TC_TEMP_TRIES; i++) {
		char r[2 * 8 + 1];
		int fd;

		tc_random_hex(r, 8);
		*tmp = tc_xasprintf("%s.tmp.%s", path, r);
		fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			  (mode_t)mode);
		if (fd >= 0)
			return fd;
		free(*tmp);
		*tmp = NULL;
		if (errno != EEXIST)
			return -1;
	}
	errno = EEXIST;
	return -1;
}

static int write_all(int fd, const void *data, size_t n)
{
	const char *p = data;

	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* fsync a directory so that a rename in it survives a power cut. File systems that
 * cannot sync a directory (EINVAL) count as done. */
static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), r, e;

	if (fd < 0)
		return -1;
	r = fsync(fd);
	e = errno;
	close(fd);
	if (r < 0 && e == EINVAL)
		r = 0;
	errno = e;
	return r;
}

int tc_write_file_atomic(const char *path, const void *data, size_t n, int mode,
			 char *err, size_t errlen)
{
	char *tmp = NULL, *dir = dir_of(path);
	int fd, ret = -1;

	fd = create_temp(path, mode, &tmp);
	if (fd < 0) {
		tc_seterr(err, errlen, "cannot create '%s': %s", path, strerror(errno));
		goto out;
	}
	if (write_all(fd, data, n) < 0 || fsync(fd) < 0) {
		tc_seterr(err, errlen, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	if (close(fd) < 0) {
		fd = -1;
		tc_seterr(err, errlen, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) < 0) {
		tc_seterr(err, errlen, "cannot replace '%s': %s", path, strerror(errno));
		goto out;
	}
	free(tmp);
	tmp = NULL;   /* renamed: nothing to remove any more */
	if (sync_dir(dir) < 0) {
		tc_seterr(err, errlen, "cannot sync the directory of '%s': %s", path,
			  strerror(errno));
		goto out;
	}
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	if (tmp)
		unlink(tmp);
	free(tmp);
	free(dir);
	return ret;
}

int tc_mkdir_p(const char *path, int mode, char *err, size_t errlen)
{
	char *p = tc_xstrdup(path);
	int ret = 0;

	for (char *s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, (mode_t)mode) < 0 && errno != EEXIST) {
				tc_seterr(err, errlen, "cannot create directory '%s': %s", p,
					  strerror(errno));
				ret = -1;
				break;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	free(p);
	return ret;
}

char *tc_path_join(const char *a, const char *b)
{
	if (!a || !*a || b[0] == '/')
		return tc_xstrdup(b);
	return tc_xasprintf("%s%s%s", a, tc_endswith(a, "/") ? "" : "/", b);
}

void tc_crashpoint(const char *name)
{
	const char *at = getenv("TIACHECK_CRASH_AT");

	if (at && strcmp(at, name) == 0) {
		fflush(NULL);
		raise(SIGKILL);
	}
}

/* ---- sets of strings ---- */

int tc_strset_has(const tc_strset *s, const char *x)
{
	for (size_t i = 0; x && i < s->n; i++)
		if (strcmp(s->v[i], x) == 0)
			return 1;
	return 0;
}

void tc_strset_add(tc_strset *s, const char *x)
{
	if (!x || tc_strset_has(s, x))
		return;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->v = tc_xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n++] = x;
}

void tc_strset_release(tc_strset *s)
{
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

/* ---- e-mail addresses (RFC 5321/5322 addr-spec, dot-atom local part) ---- */

static int is_atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

static int valid_domain(const char *d)
{
	size_t label = 0, dots = 0;
	const char *p;

	if (!*d || strlen(d) > 253)
		return 0;
	for (p = d; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '.') {
			if (label == 0 || p[-1] == '-')
				return 0;
			label = 0;
			dots++;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-'))
			return 0;
		if (c == '-' && label == 0)
			return 0;
		if (++label > 63)
			return 0;
	}
	if (label == 0 || p[-1] == '-')
		return 0;
	return dots > 0 || strcmp(d, "localhost") == 0;
}

int tc_mail_address_valid(const char *addr)
{
	const char *at, *p;

	if (!addr || strlen(addr) > 254)
		return 0;
	at = strchr(addr, '@');
	if (!at || at == addr || at - addr > 64 || strchr(at + 1, '@'))
		return 0;
	if (addr[0] == '.' || at[-1] == '.')
		return 0;
	for (p = addr; p < at; p++) {
		if (*p == '.') {
			if (p[1] == '.')
				return 0;
		} else if (!is_atext((unsigned char)*p)) {
			return 0;
		}
	}
	return valid_domain(at + 1);
}

char *tc_make_temp_dir(const char *prefix, char *err, size_t errlen)
{
	const char *dir = getenv("TMPDIR");

	if (!dir || !*dir)
		dir = "/tmp";
	for (int tries = 0; tries < 16; tries++) {
		char r[17];
		char *path;

		tc_random_hex(r, 8);
		path = tc_xasprintf("%s/%s.%s", dir, prefix, r);
		if (mkdir(path, 0700) == 0)
			return path;
		if (errno != EEXIST) {
			tc_seterr(err, errlen, "cannot create a directory in '%s': %s", dir,
				  strerror(errno));
			free(path);
			return NULL;
		}
		free(path);
	}
	tc_seterr(err, errlen, "cannot create a directory in '%s': every name taken", dir);
	return NULL;
}
