/*
 * config: the run's settings file (tiacheck.conf): paths, fetch limits, SMTP.
 * Format: "key = value" lines, '#' comments, keys from a fixed table (unknown keys
 * are errors with a suggestion). Secrets: the SMTP password never lives in this
 * file; it comes from $TIACHECK_SMTP_PASSWORD or smtp.password_file, which must be
 * readable by its owner only.
 *
 * Ownership: tc_config owns its strings; release with tc_config_release().
 */
#ifndef TIACHECK_CONFIG_H
#define TIACHECK_CONFIG_H

#include <stddef.h>

/* Recipients smtp.to may list. */
#define TC_CONFIG_MAX_RECIPIENTS 50

typedef struct tc_config {
	char *path;
	/* paths */
	char *catalog_dir;        /* catalog_dir */
	char *db_path;            /* db */
	char *reports_dir;        /* reports_dir */
	char *report_url;         /* report_url: base URL where reports are published */
	char *lang;               /* lang */
	char *contact;            /* contact: put in the User-Agent */
	/* fetch */
	int parallel;             /* fetch.parallel (default 16) */
	int per_host;             /* fetch.per_host (default 2) */
	int connect_timeout;      /* fetch.connect_timeout seconds (10) */
	int timeout;              /* fetch.timeout seconds (60) */
	long max_body;            /* fetch.max_body bytes (20 MiB) */
	int max_redirects;        /* fetch.max_redirects (5) */
	int retries;              /* fetch.retries (2) */
	int retry_delay_ms;       /* fetch.retry_delay_ms (1000), doubled each retry */
	int failures_alert;       /* fetch.failures_alert: failures in a row to alert (3) */
	/* smtp */
	char *smtp_url;           /* smtp.url: smtp://host:587 or smtps://host:465 */
	char *smtp_from;          /* smtp.from */
	char **smtp_to;           /* smtp.to: comma-separated; an address may end in ":sv"
	                             or ":en", the language of that recipient's e-mail */
	size_t nsmtp_to;
	char smtp_to_lang[TC_CONFIG_MAX_RECIPIENTS][3];  /* per recipient: "sv", "en", or ""
	                                                    (the run's language) */
	int alerts_mode;          /* alerts.mode: 0 digest (one e-mail per run, default),
	                             1 immediate (each high-severity item its own e-mail
	                             at once, the rest in the run's digest) */
	char *smtp_user;          /* smtp.user */
	char *smtp_password_file; /* smtp.password_file */
	int smtp_starttls;        /* smtp.starttls: 2 required (default), 1 try, 0 off */
	int smtp_timeout;         /* smtp.timeout seconds (30) */
	char *smtp_from_name;     /* smtp.from_name: display name of the sender */
	char *smtp_cafile;        /* smtp.cafile: CA bundle to verify the server with */
	/* store */
	char *store_keep;         /* store.keep: retention, see tc_store_keep_parse (NULL: all) */
} tc_config;

#define TC_CONFIG_INIT { .parallel = 16, .per_host = 2, .connect_timeout = 10, \
	.timeout = 60, .max_body = 20L << 20, .max_redirects = 5, .retries = 2, \
	.retry_delay_ms = 1000, .failures_alert = 3, .smtp_starttls = 2, .smtp_timeout = 30 }

/* Load path into cfg (cfg starts as TC_CONFIG_INIT). 0 ok; -1 with err
 * "path:line: message". */
int tc_config_load(const char *path, tc_config *cfg, char *err, size_t errlen);
/* The SMTP password: $TIACHECK_SMTP_PASSWORD, else the password file (refused unless
 * mode is 0600 or stricter and owned by us). Returns an owned string, or NULL when
 * none is configured (ok) or on error (err set, *failed = 1). Callers wipe and free. */
char *tc_config_smtp_password(const tc_config *cfg, int *failed, char *err, size_t errlen);
void tc_config_release(tc_config *cfg);

#endif
