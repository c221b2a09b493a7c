/* config: see include/tiacheck/config.h */
#include "tiacheck/config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tiacheck/util.h"

#define CONFIG_MAX_BYTES (1 << 20)
#define PASSWORD_MAX_BYTES 4096
#define LIST_MAX TC_CONFIG_MAX_RECIPIENTS

enum key_type {
	K_STRING,   /* any text without control characters */
	K_URL,      /* http:// or https:// */
	K_SMTP_URL, /* smtp:// or smtps://, no credentials */
	K_EMAIL,    /* one address */
	K_EMAILS,   /* comma-separated addresses (char ** + count) */
	K_INT,      /* integer within [min, max] */
	K_SIZE,     /* bytes with an optional k/M/G suffix, within [min, max] (long) */
	K_ENUM      /* one of names[]; stores values[i] as int, or the name as string */
};

typedef struct key_def {
	const char *name;
	enum key_type type;
	size_t off;              /* field in tc_config */
	size_t count_off;        /* K_EMAILS: the size_t count field */
	long min, max;
	const char *const *names;  /* K_ENUM: NULL-terminated */
	const int *values;         /* K_ENUM: NULL = store the name as a string */
	const char *help;        /* appended to value errors */
} key_def;

static const char *const lang_names[] = { "sv", "en", NULL };
static const char *const tls_names[] = { "required", "try", "off", NULL };
static const int tls_values[] = { 2, 1, 0 };
static const char *const mode_names[] = { "digest", "immediate", NULL };
static const int mode_values[] = { 0, 1 };

#define F(field) offsetof(tc_config, field)

/* Every key of tiacheck.conf: one row each, sorted by name. */
static const key_def keys[] = {
	{ "alerts.mode", K_ENUM, F(alerts_mode), 0, 0, 0, mode_names, mode_values,
	  "digest: one e-mail per run; immediate: each high-severity item at once" },
	{ "catalog_dir", K_STRING, F(catalog_dir), 0, 0, 0, NULL, NULL, NULL },
	{ "contact", K_STRING, F(contact), 0, 0, 0, NULL, NULL, NULL },
	{ "db", K_STRING, F(db_path), 0, 0, 0, NULL, NULL, NULL },
	{ "fetch.connect_timeout", K_INT, F(connect_timeout), 0, 1, 600, NULL, NULL, "seconds" },
	{ "fetch.failures_alert", K_INT, F(failures_alert), 0, 1, 100, NULL, NULL,
	  "failures in a row before an alert" },
	{ "fetch.max_body", K_SIZE, F(max_body), 0, 1024, 1L << 30, NULL, NULL,
	  "bytes; suffixes k, M, G allowed" },
	{ "fetch.max_redirects", K_INT, F(max_redirects), 0, 0, 20, NULL, NULL, NULL },
	{ "fetch.parallel", K_INT, F(parallel), 0, 1, 256, NULL, NULL, NULL },
	{ "fetch.per_host", K_INT, F(per_host), 0, 1, 64, NULL, NULL, NULL },
	{ "fetch.retries", K_INT, F(retries), 0, 0, 10, NULL, NULL, NULL },
	{ "fetch.retry_delay_ms", K_INT, F(retry_delay_ms), 0, 0, 600000, NULL, NULL,
	  "milliseconds" },
	{ "fetch.timeout", K_INT, F(timeout), 0, 1, 3600, NULL, NULL, "seconds" },
	{ "lang", K_ENUM, F(lang), 0, 0, 0, lang_names, NULL, NULL },
	{ "report_url", K_URL, F(report_url), 0, 0, 0, NULL, NULL, NULL },
	{ "reports_dir", K_STRING, F(reports_dir), 0, 0, 0, NULL, NULL, NULL },
	{ "smtp.cafile", K_STRING, F(smtp_cafile), 0, 0, 0, NULL, NULL, NULL },
	{ "smtp.from", K_EMAIL, F(smtp_from), 0, 0, 0, NULL, NULL, NULL },
	{ "smtp.from_name", K_STRING, F(smtp_from_name), 0, 0, 0, NULL, NULL, NULL },
	{ "smtp.password_file", K_STRING, F(smtp_password_file), 0, 0, 0, NULL, NULL, NULL },
	{ "smtp.starttls", K_ENUM, F(smtp_starttls), 0, 0, 0, tls_names, tls_values, NULL },
	{ "smtp.timeout", K_INT, F(smtp_timeout), 0, 1, 600, NULL, NULL, "seconds" },
	{ "smtp.to", K_EMAILS, F(smtp_to), F(nsmtp_to), 0, 0, NULL, NULL, NULL },
	{ "smtp.url", K_SMTP_URL, F(smtp_url), 0, 0, 0, NULL, NULL, NULL },
	{ "smtp.user", K_STRING, F(smtp_user), 0, 0, 0, NULL, NULL, NULL },
	{ "store.keep", K_STRING, F(store_keep), 0, 0, 0, NULL, NULL, NULL },
};

#undef F

/* Keys people guess from other tools, with what to write instead. */
static const struct {
	const char *name, *hint;
} key_hints[] = {
	{ "smtp.host", "the server goes in smtp.url = smtp://HOST:587" },
	{ "smtp.port", "the port goes in smtp.url = smtp://HOST:PORT" },
	{ "smtp.server", "the server goes in smtp.url = smtp://HOST:587" },
	{ "smtp.password", "the SMTP password does not belong in the config file; put it in "
	  "$TIACHECK_SMTP_PASSWORD or in a file named by smtp.password_file (chmod 600)" },
	{ "smtp.tls", "use smtp.starttls = required|try|off, or an smtps:// smtp.url" },
	{ "smtp.ssl", "use smtp.starttls = required|try|off, or an smtps:// smtp.url" },
};

static const key_def *find_key(const char *name)
{
	for (size_t i = 0; i < TC_ARRAY_LEN(keys); i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

/* The closest known key when it is close enough to be a typo, else NULL. */
static const char *suggest(const char *name)
{
	const char *names[TC_ARRAY_LEN(keys)];

	for (size_t i = 0; i < TC_ARRAY_LEN(keys); i++)
		names[i] = keys[i].name;
	return tc_nearest_name(name, names, TC_ARRAY_LEN(keys));
}

static int has_controls(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 1;
	return 0;
}

static char **field_str(tc_config *cfg, const key_def *k)
{
	return (char **)((char *)cfg + k->off);
}

/* Split "a, b ,c" into owned trimmed items. -1 on an empty item or too many. */
static int split_list(const char *value, char ***items, size_t *n)
{
	char *copy = tc_xstrdup(value), *tok;
	int ret = 0;

	*items = NULL;
	*n = 0;
	for (char *p = copy;; ) {
		char *comma = strchr(p, ',');

		if (comma)
			*comma = '\0';
		tok = tc_trim(p);
		if (!*tok || *n >= LIST_MAX) {
			ret = -1;
			break;
		}
		*items = tc_xrealloc(*items, (*n + 1) * sizeof(char *));
		(*items)[(*n)++] = tc_xstrdup(tok);
		if (!comma)
			break;
		p = comma + 1;
	}
	free(copy);
	if (ret < 0) {
		for (size_t i = 0; i < *n; i++)
			free((*items)[i]);
		free(*items);
		*items = NULL;
		*n = 0;
	}
	return ret;
}

/* Parse "20M" etc. into bytes. */
static int parse_size(const char *s, long *out)
{
	char *end;
	long long v;
	long long mul = 1;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || errno)
		return -1;
	if (*end) {
		switch (*end) {
		case 'k': case 'K': mul = 1024; break;
		case 'm': case 'M': mul = 1024 * 1024; break;
		case 'g': case 'G': mul = 1024LL * 1024 * 1024; break;
		default: return -1;
		}
		end++;
		if (*end == 'B' || *end == 'b')
			end++;
		if (*end)
			return -1;
	}
	if (v < 0 || v > LONG_MAX / mul)
		return -1;
	*out = (long)(v * mul);
	return 0;
}

/* Store value into the field of k; on a bad value fill why (without location). */
static int set_value(tc_config *cfg, const key_def *k, const char *value, char *why, size_t wl)
{
	char **sp = field_str(cfg, k);

	if (has_controls(value)) {
		tc_seterr(why, wl, "%s: the value contains control characters", k->name);
		return -1;
	}
	switch (k->type) {
	case K_STRING:
		break;
	case K_URL:
		if (!tc_startswith(value, "https://") && !tc_startswith(value, "http://")) {
			tc_seterr(why, wl, "%s must be an http:// or https:// URL, not '%s'",
				  k->name, value);
			return -1;
		}
		break;
	case K_SMTP_URL: {
		const char *host = strstr(value, "://");

		if ((!tc_startswith(value, "smtp://") && !tc_startswith(value, "smtps://")) ||
		    !host || !host[3] || strchr(value, ' ')) {
			tc_seterr(why, wl, "%s must look like smtp://host:587 or smtps://host:465, "
				  "not '%s'", k->name, value);
			return -1;
		}
		if (strchr(host + 3, '@')) {
			/* never echo the value: it may hold a password */
			tc_seterr(why, wl, "%s must not contain a user name or password; use "
				  "smtp.user and smtp.password_file or $TIACHECK_SMTP_PASSWORD",
				  k->name);
			return -1;
		}
		break;
	}
	case K_EMAIL:
		if (!tc_mail_address_valid(value)) {
			tc_seterr(why, wl, "%s: '%s' is not an e-mail address (write just "
				  "name@example.se)", k->name, value);
			return -1;
		}
		break;
	case K_EMAILS: {
		char ***lp = (char ***)sp;
		size_t *np = (size_t *)((char *)cfg + k->count_off);
		char **items;
		size_t n;

		if (split_list(value, &items, &n) < 0) {
			tc_seterr(why, wl, "%s: a comma-separated list of at most %d addresses, "
				  "without empty items", k->name, LIST_MAX);
			return -1;
		}
		for (size_t i = 0; i < n; i++) {
			/* "dpo@x.se:sv": the recipient's language */
			char *colon = strrchr(items[i], ':');

			cfg->smtp_to_lang[i][0] = '\0';
			if (colon && (strcmp(colon + 1, "sv") == 0 || strcmp(colon + 1, "en") == 0)) {
				memcpy(cfg->smtp_to_lang[i], colon + 1, 3);
				*colon = '\0';
			} else if (colon) {
				tc_seterr(why, wl, "%s: '%s': after ':' give the recipient's language, sv "
					  "or en", k->name, items[i]);
				for (size_t j = 0; j < n; j++)
					free(items[j]);
				free(items);
				return -1;
			}
			if (!tc_mail_address_valid(items[i])) {
				tc_seterr(why, wl, "%s: '%s' is not an e-mail address", k->name,
					  items[i]);
				for (size_t j = 0; j < n; j++)
					free(items[j]);
				free(items);
				return -1;
			}
		}
		for (size_t i = 0; i < *np; i++)
			free((*lp)[i]);
		free(*lp);
		*lp = items;
		*np = n;
		return 0;
	}
	case K_INT: {
		char *end;
		long v;

		errno = 0;
		v = strtol(value, &end, 10);
		if (end == value || *end || errno || v < k->min || v > k->max) {
			tc_seterr(why, wl, "%s must be a whole number from %ld to %ld%s%s%s, not '%s'",
				  k->name, k->min, k->max, k->help ? " (" : "",
				  k->help ? k->help : "", k->help ? ")" : "", value);
			return -1;
		}
		*(int *)((char *)cfg + k->off) = (int)v;
		return 0;
	}
	case K_SIZE: {
		long v;

		if (parse_size(value, &v) < 0 || v < k->min || v > k->max) {
			tc_seterr(why, wl, "%s must be a size from %ld to %ld (%s), not '%s'",
				  k->name, k->min, k->max, k->help, value);
			return -1;
		}
		*(long *)((char *)cfg + k->off) = v;
		return 0;
	}
	case K_ENUM: {
		tc_buf opts = TC_BUF_INIT;

		for (size_t i = 0; k->names[i]; i++) {
			if (strcmp(value, k->names[i]) != 0)
				continue;
			if (k->values) {
				*(int *)((char *)cfg + k->off) = k->values[i];
			} else {
				free(*sp);
				*sp = tc_xstrdup(value);
			}
			return 0;
		}
		for (size_t i = 0; k->names[i]; i++)
			tc_buf_printf(&opts, "%s'%s'", i ? (k->names[i + 1] ? ", " : " or ") : "",
				      k->names[i]);
		tc_seterr(why, wl, "%s must be %s, not '%s'", k->name, tc_buf_str(&opts), value);
		tc_buf_release(&opts);
		return -1;
	}
	}
	free(*sp);
	*sp = tc_xstrdup(value);
	return 0;
}

/* Strip a trailing " # comment" and surrounding double quotes from a value. */
static char *clean_value(char *v)
{
	size_t n;

	v = tc_trim(v);
	n = strlen(v);
	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		v[n - 1] = '\0';
		return v + 1;
	}
	for (char *p = v; *p; p++) {
		if (*p == '#' && p > v && (p[-1] == ' ' || p[-1] == '\t')) {
			*p = '\0';
			break;
		}
	}
	return tc_trim(v);
}

int tc_config_load(const char *path, tc_config *cfg, char *err, size_t errlen)
{
	tc_buf file = TC_BUF_INIT;
	int seen[TC_ARRAY_LEN(keys)] = { 0 };
	char why[400];
	char *line, *next;
	int lineno = 0, ret = -1;

	if (tc_read_file(path, CONFIG_MAX_BYTES, &file, err, errlen) < 0)
		goto out;
	free(cfg->path);
	cfg->path = tc_xstrdup(path);
	if (memchr(file.data, '\0', file.len)) {
		tc_seterr(err, errlen, "%s: not a text file (contains NUL bytes)", path);
		goto out;
	}
	for (line = file.data; line; line = next) {
		char *eq, *key, *value;
		const key_def *k;

		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		line = tc_trim(line);
		if (!*line || *line == '#')
			continue;
		eq = strchr(line, '=');
		if (!eq) {
			tc_seterr(err, errlen, "%s:%d: expected 'key = value', got '%s'", path,
				  lineno, line);
			goto out;
		}
		*eq = '\0';
		key = tc_trim(line);
		value = clean_value(eq + 1);
		k = find_key(key);
		if (!k) {
			const char *s = suggest(key);

			const char *h = NULL;

			for (size_t i = 0; i < TC_ARRAY_LEN(key_hints); i++)
				if (strcmp(key, key_hints[i].name) == 0)
					h = key_hints[i].hint;
			if (h)
				tc_seterr(err, errlen, "%s:%d: unknown key '%s': %s", path, lineno, key, h);
			else if (s)
				tc_seterr(err, errlen, "%s:%d: unknown key '%s'; did you mean '%s'?",
					  path, lineno, key, s);
			else
				tc_seterr(err, errlen, "%s:%d: unknown key '%s'", path, lineno, key);
			goto out;
		}
		if (seen[k - keys]) {
			tc_seterr(err, errlen, "%s:%d: '%s' is already set on line %d", path, lineno,
				  key, seen[k - keys]);
			goto out;
		}
		seen[k - keys] = lineno;
		if (!*value) {
			tc_seterr(err, errlen, "%s:%d: '%s' has no value", path, lineno, key);
			goto out;
		}
		if (set_value(cfg, k, value, why, sizeof(why)) < 0) {
			tc_seterr(err, errlen, "%s:%d: %s", path, lineno, why);
			goto out;
		}
	}
	ret = 0;
out:
	tc_buf_release(&file);
	return ret;
}

char *tc_config_smtp_password(const tc_config *cfg, int *failed, char *err, size_t errlen)
{
	const char *env = getenv("TIACHECK_SMTP_PASSWORD");
	const char *path = cfg ? cfg->smtp_password_file : NULL;
	char buf[PASSWORD_MAX_BYTES + 1];
	struct stat sb;
	char *pw = NULL;
	ssize_t n;
	size_t len = 0;
	int fd = -1;

	*failed = 0;
	if (env && *env)
		return tc_xstrdup(env);
	if (!path)
		return NULL;
	*failed = 1;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		tc_seterr(err, errlen, "cannot read smtp.password_file '%s': %s", path,
			  strerror(errno));
		goto out;
	}
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		tc_seterr(err, errlen, "smtp.password_file '%s' is not a regular file", path);
		goto out;
	}
	if (sb.st_uid != geteuid()) {
		tc_seterr(err, errlen, "smtp.password_file '%s' must be owned by the user "
			  "running tiacheck (uid %ld), not uid %ld", path, (long)geteuid(),
			  (long)sb.st_uid);
		goto out;
	}
	if (sb.st_mode & 077) {
		tc_seterr(err, errlen, "smtp.password_file '%s' must be readable by its owner "
			  "only (chmod 600); it has mode %03o", path, (unsigned)(sb.st_mode & 0777));
		goto out;
	}
	while (len < sizeof(buf) && (n = read(fd, buf + len, sizeof(buf) - len)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			tc_seterr(err, errlen, "cannot read smtp.password_file '%s': %s", path,
				  strerror(errno));
			goto out;
		}
		len += (size_t)n;
	}
	if (len > PASSWORD_MAX_BYTES) {
		tc_seterr(err, errlen, "smtp.password_file '%s' is larger than %d bytes", path,
			  PASSWORD_MAX_BYTES);
		goto out;
	}
	/* one trailing newline (echo pw > file) is not part of the password */
	if (len && buf[len - 1] == '\n')
		len--;
	if (len && buf[len - 1] == '\r')
		len--;
	if (!len || memchr(buf, '\0', len) || memchr(buf, '\n', len)) {
		tc_seterr(err, errlen, "smtp.password_file '%s' must hold the password on one "
			  "line", path);
		goto out;
	}
	pw = tc_xstrndup(buf, len);
	*failed = 0;
out:
	explicit_bzero(buf, sizeof(buf));
	if (fd >= 0)
		close(fd);
	return pw;
}

void tc_config_release(tc_config *cfg)
{
	for (size_t i = 0; i < TC_ARRAY_LEN(keys); i++) {
		const key_def *k = &keys[i];

		if (k->type == K_EMAILS) {
			char ***lp = (char ***)((char *)cfg + k->off);
			size_t *np = (size_t *)((char *)cfg + k->count_off);

			for (size_t j = 0; j < *np; j++)
				free((*lp)[j]);
			free(*lp);
			*lp = NULL;
			*np = 0;
		} else if (k->type != K_INT && k->type != K_SIZE && !(k->type == K_ENUM && k->values)) {
			char **sp = field_str(cfg, k);

			free(*sp);
			*sp = NULL;
		}
	}
	free(cfg->path);
	cfg->path = NULL;
}
