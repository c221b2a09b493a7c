/*
 * i18n: every text a user reads, in Swedish or English, from message tables keyed by
 * id. One way to name a language (enum tc_lang) and one way to ask for a text
 * (tc_tr for a sentence or label, tc_label for a coded value such as a role or a
 * classification). JSON output keeps the stable codes; renderers and commands ask
 * here for the words.
 *
 * Ids are "AREA.KEY" ("class.third", "report.summary"). Coded vocabularies are
 * "VOCAB.CODE" so that tc_label(lang, "role", "processor") finds "role.processor".
 * Texts with % are printf formats; their arguments are numbers or cleaned text.
 *
 * Tables live in src/base/msg_AREA.c, one per area (vocab: coded values shared by
 * every output; report, policy, tia, flows, cli, ...), each a sorted-or-not array
 * ending with a { NULL } row; test_i18n checks every id is unique and has both
 * languages. Adding a text: one row in the area's table.
 *
 * Ownership: every string returned is static; nothing here allocates per call.
 * Thread-safe (the index is built once).
 */
#ifndef TIACHECK_I18N_H
#define TIACHECK_I18N_H

#include <stddef.h>

enum tc_lang { TC_LANG_SV = 0, TC_LANG_EN = 1 };
#define TC_LANG_DEFAULT TC_LANG_SV

typedef struct tc_msg {
	const char *id;
	const char *sv;
	const char *en;
} tc_msg;

/* "sv" / "en" (case-insensitive; "sv-SE", "en_GB" accepted). 0 ok, -1 unknown. */
int tc_lang_parse(const char *s, enum tc_lang *out);
/* The same with a default for NULL or an unknown code. */
enum tc_lang tc_lang_or(const char *s, enum tc_lang def);
/* "sv" or "en". */
const char *tc_lang_code(enum tc_lang lang);

/* The text of ID in LANG. An unknown id returns ID itself, so a missing row shows
 * in the output and in tests rather than as an empty string. */
const char *tc_tr(enum tc_lang lang, const char *id);
/* The text of ID when the table has it, else NULL. */
const char *tc_tr_opt(enum tc_lang lang, const char *id);
/* The words for CODE of vocabulary VOCAB ("VOCAB.CODE"); CODE itself when none
 * (and "" for NULL). */
const char *tc_label(enum tc_lang lang, const char *vocab, const char *code);
/* The same, NULL when the vocabulary has no such code. */
const char *tc_label_opt(enum tc_lang lang, const char *vocab, const char *code);

/* Every row of every table (for tests and tools): calls fn for each. */
void tc_i18n_each(void (*fn)(const tc_msg *m, void *ud), void *ud);

#endif
