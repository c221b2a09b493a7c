/*
 * mail: compose an RFC 5322 / MIME message (multipart/alternative, text + HTML,
 * UTF-8, RFC 2047 subject) and send it over SMTP with libcurl (STARTTLS required by
 * default, or smtps://).
 *
 * Header injection is impossible by construction: addresses are validated (a bad
 * one is an error), and control characters (CR, LF, ...) in the subject and the
 * display name are replaced by spaces before they are encoded.
 *
 * Secrets: the password is handed to libcurl only; it never appears in an error
 * string. The caller owns it and wipes it with tc_mail_wipe() after use.
 *
 * Ownership: tc_mail_compose and tc_mail_message_id return owned strings (free()).
 * Nothing here prints.
 */
#ifndef TIACHECK_MAIL_H
#define TIACHECK_MAIL_H

#include <stddef.h>
#include <time.h>

struct tc_config;

#define TC_MAIL_MAX_RCPT 100

typedef struct tc_mail_msg {
	const char *from;             /* address: dpo-bot@example.se */
	const char *from_name;        /* display name, UTF-8, may be NULL */
	const char *const *to;        /* addresses */
	size_t nto;
	const char *subject;          /* UTF-8 */
	const char *text;             /* text/plain body, UTF-8 */
	const char *html;             /* text/html body, UTF-8; NULL: text only */
	const char *message_id;       /* "<...>"; NULL: a new one */
	time_t date;                  /* 0: tc_now() */
} tc_mail_msg;

/* tc_mail_address_valid (util.h): is an address acceptable to send to or from. */

/* A new Message-ID "<random.time@domain-of-from>", owned. */
char *tc_mail_message_id(const char *from);

/* The message with CRLF line ends, owned in *out. 0 ok; -1 with err set (bad
 * address, invalid UTF-8 in a body, no recipient, larger than the limit) and *out
 * NULL: a message is complete or not made at all, never cut short. */
int tc_mail_compose(const tc_mail_msg *m, char **out, char *err, size_t errlen);

enum tc_mail_tls { TC_MAIL_TLS_OFF = 0, TC_MAIL_TLS_TRY = 1, TC_MAIL_TLS_REQUIRED = 2 };

typedef struct tc_mail_settings {
	const char *url;          /* smtp://host:587 or smtps://host:465 */
	const char *from;         /* envelope sender (MAIL FROM) */
	const char *user;         /* NULL: no AUTH */
	const char *cafile;       /* NULL: the system's CA store */
	int starttls;             /* enum tc_mail_tls; ignored for smtps:// */
	int timeout;              /* seconds for the whole transaction; 0: 30 */
} tc_mail_settings;

/* Settings that borrow the config's strings (valid while cfg lives). */
void tc_mail_settings_from_config(const struct tc_config *cfg, tc_mail_settings *s);

/* Send message (as composed) to the recipients (the envelope; usually the same as
 * To). password may be NULL. 0 when the server accepted the message for every
 * recipient; -1 with err set ("smtp://host:port: ..." with libcurl's detail and a
 * hint). All or nothing: a recipient the server refuses ends the transaction before
 * the message is sent, so a failure never means "delivered to some". The one
 * window left is the server's own: a connection that breaks after the message was
 * sent but before its reply is a failure although the server may have kept it. */
int tc_mail_send(const tc_mail_settings *s, const char *password, const char *message,
		 const char *const *rcpt, size_t nrcpt, char *err, size_t errlen);

/* Overwrite a secret in memory (not optimised away); NULL-safe. */
void tc_mail_wipe(char *secret);

#endif
