/*
 * gazetteer: finds country names, adjectives, ISO codes and region terms ("EU/EES",
 * "worldwide", "customer-selected", "third countries") in text and maps them to ISO
 * 3166-1 alpha-2 codes or to region tokens. The names are data, in
 * catalog/reference/gazetteer.json (English, Swedish, German, French), not code.
 *
 * Matching (tokens are runs of letters/digits, any other character is a token of its
 * own; whitespace only separates; a name never spans two lines):
 *   - Longest name wins: "Papua New Guinea" is PG, "Northern Ireland" is GB, and
 *     "stop" phrases ("New Jersey", "South America", "American Express") consume
 *     their words and yield nothing.
 *   - Case rule per name, from how the data spells it (or an explicit "case"):
 *     lowercase ("amerikansk", "worldwide") matches in any case; Capitalised
 *     ("China", "Turkey", "Jersey") needs a capital first letter in the text, so
 *     "china clay", "turkey", "jersey" never match; ALL-CAPS ("USA", "US", "EES")
 *     must match exactly. A trailing "*" in the data allows up to 3 more letters
 *     ("indisk*" matches indisk, indiska, indiskt).
 *   - Guards per name (data, named profiles): words that may not follow or precede,
 *     or "not followed/preceded by a capitalised word" (a first name). Chosen rules:
 *       Jersey:  not after "New", not before shirt/dress/fabric/knit/...
 *       Turkey:  capitalised only; not before sandwich/breast/meat/dinner/...; a
 *                sentence-initial "Turkey" does match (vendor texts are not menus).
 *       Chad, Jordan: not directly followed by a capitalised word ("Chad Smith");
 *                Jordan also not directly preceded by a capitalised word that is not
 *                sentence-initial ("Michael Jordan").
 *       Georgia: not after Atlanta/Savannah/Augusta/... and not before "USA"/"US"/
 *                "United States"/"Tech"; "GA" is never Georgia (and never Gabon
 *                outside a location cell).
 *       Guinea:  not before pig/pigs/fowl/worm.
 *       China:   not before clay/porcelain/ware.
 *       Language adjectives (German, French, tysk*, ...): not after in/into/på/auf,
 *                not before language/version/translation.
 *       US:      not after an ALL-CAPS "CONTACT", "ABOUT", "JOIN"... ("CONTACT US"),
 *                not before "$".
 *   - Bare two-letter ISO codes (not listed as names): in TC_GZ_CELL mode (a table's
 *     location cell) any known code written in capitals matches. In TC_GZ_TEXT mode a
 *     code matches only (a) alone in parentheses "(IN)" is NOT enough for codes that
 *     are common words (flag "ambiguous_code": IN IT DE NO AT IS BE ME MY SO TO ...),
 *     but is for the others "(SG)"; (b) before "-based", "-hosted", "-located",
 *     "-baserad"...: "SG-based"; (c) in a list directly after another match:
 *     "US, IN and CN" (for ambiguous codes only after , / ; and only when followed by
 *     a separator, ")" or the end of the line).
 *
 * Region tokens: "EU", "EEA" ("EU/EEA" and "EU/EES" are EEA), "WORLD", "CUSTOMER"
 * (customer-selected region), "THIRD" (third countries). "Europe" is mapped to EU.
 *
 * Ownership: tc_gazetteer_load*() return an owned gazetteer freed with
 * tc_gazetteer_free(); codes and names it returns are borrowed from it.
 * tc_gazetteer_scan() returns an owned array the caller frees with free().
 */
#ifndef TIACHECK_GAZETTEER_H
#define TIACHECK_GAZETTEER_H

#include <stddef.h>

#include "tiacheck/i18n.h"

typedef struct tc_gazetteer tc_gazetteer;

enum tc_gz_kind {
	TC_GZ_NAME = 1,      /* a country name: "India", "Indien", "USA" */
	TC_GZ_ADJ,           /* an adjective / demonym: "Indian", "indisk" */
	TC_GZ_CODE,          /* a bare ISO code in context: "(SG)", "US-based" */
	TC_GZ_GROUP          /* a region token: EU, EEA, WORLD, CUSTOMER, THIRD */
};

enum tc_gz_mode {
	TC_GZ_TEXT = 0,      /* prose: bare codes only in context */
	TC_GZ_CELL = 1       /* a location cell of a table: bare codes allowed */
};

typedef struct tc_gz_match {
	const char *code;    /* "IN", or a region token "EU"; borrowed */
	enum tc_gz_kind kind;
	size_t start, end;   /* byte offsets of the matched words in the text */
} tc_gz_match;

/* Load the gazetteer from a JSON file. 0 ok; -1 with err "file:line:col: msg". */
int tc_gazetteer_load(const char *path, tc_gazetteer **out, char *err, size_t errlen);
/* Same from a JSON text in memory; name is used in messages. */
int tc_gazetteer_load_json(const char *json, size_t len, const char *name,
			   tc_gazetteer **out, char *err, size_t errlen);
void tc_gazetteer_free(tc_gazetteer *g);

/*
 * Find every mention in text[0..len) (UTF-8). *out gets an owned array (NULL when
 * none) in text order. Returns the number of matches.
 */
size_t tc_gazetteer_scan(const tc_gazetteer *g, const char *text, size_t len,
			 enum tc_gz_mode mode, tc_gz_match **out);
/* The same for a caller that has folded the text already (to fold a long text once
 * for several uses): fold is tc_gz_fold() of text[0..len), NUL-terminated at len. */
size_t tc_gazetteer_scan_folded(const tc_gazetteer *g, const char *text, const char *fold,
				size_t len, enum tc_gz_mode mode, tc_gz_match **out);

/* 1 when code is a region token (EU, EEA, WORLD, CUSTOMER, THIRD). */
int tc_gazetteer_is_region(const char *code);
/* Display name of a code or region token in lang (first name the data
 * gives); NULL when unknown. Borrowed. */
const char *tc_gazetteer_name(const tc_gazetteer *g, const char *code, enum tc_lang lang);
/* The canonical (borrowed) code string for code, or NULL when the gazetteer does not
 * know it. */
const char *tc_gazetteer_code(const tc_gazetteer *g, const char *code);
size_t tc_gazetteer_count(const tc_gazetteer *g);   /* number of names loaded */

/*
 * Case-fold n bytes of UTF-8 into out (replacing its content): ASCII and Latin-1 /
 * Latin Extended-A letters (Å→å, É→é, Č→č). Byte length and offsets are preserved,
 * so positions found in the folded copy are positions in the original.
 * Returns out's string.
 */
struct tc_buf;
const char *tc_gz_fold(struct tc_buf *out, const char *s, size_t n);
/* The same into a new string (owned, NUL-terminated at n), read and written once. */
char *tc_gz_fold_dup(const char *s, size_t n);

#endif
