/* link: util phrases */
/* Phrases: every phrase of a set found where it starts a word, in one pass, against
 * a plain search; building a set; phrases that overlap themselves. */
#include <stdlib.h>
#include <string.h>

#include "tiacheck/phrases.h"
#include "tiacheck/util.h"
#include "tu.h"

static char got[2048];

/* Hits of p in text as "off:id ..." */
static const char *hits(const tc_phrases *p, const char *text)
{
	tc_phrase_hit *h;
	size_t n = tc_phrases_find(p, text, strlen(text), &h);

	got[0] = '\0';
	for (size_t i = 0; i < n; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%zu:%zu", i ? " " : "",
			 h[i].off, h[i].id);
	free(h);
	return got;
}

/* The same by a plain search: every offset that starts a word, every phrase. */
static const char *plain(const char *const *v, size_t nv, const char *text)
{
	size_t len = strlen(text);

	got[0] = '\0';
	for (size_t i = 0; i < len; i++) {
		if (!tc_phrase_word_byte((unsigned char)text[i]) ||
		    (i > 0 && tc_phrase_word_byte((unsigned char)text[i - 1])))
			continue;
		for (size_t k = 0; k < nv; k++)
			if (strlen(v[k]) <= len - i && memcmp(text + i, v[k], strlen(v[k])) == 0)
				snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%zu:%zu",
					 got[0] ? " " : "", i, k);
	}
	return got;
}

static void test_find(void)
{
	static const char *const v[] = { "version", "ver.", "last updated", "stand", "2010/87",
					 "transfer", "transfers" };
	tc_phrases *p = tc_phrases_new(v, TC_ARRAY_LEN(v));

	TU_CHECK(p != NULL, "set built");
	if (!p)
		return;
	/* word starts only; a longer phrase at the same place comes after by id */
	TU_STR(hits(p, "Version 3: version, subversion, ver. 2"), "11:0 32:1");
	TU_STR(hits(p, "transfers and transfer"), "0:5 0:6 14:5");
	TU_STR(hits(p, "last updated: standard (2010/87/eu)"), "0:2 14:3 24:4");
	/* a byte >= 0x80 is part of a word; punctuation is not */
	TU_STR(hits(p, "\xc3\xa9stand -stand \xc2\xa0stand"), "9:3");
	/* at the end of the text, and cut short by it */
	TU_STR(hits(p, "stand"), "0:3");
	TU_STR(hits(p, "a versio"), "");
	TU_STR(hits(p, ""), "");
	tc_phrases_free(p);
}

/* Long texts with phrases at every place around the eight-byte steps. */
static void test_against_plain(void)
{
	static const char *const v[] = { "abc", "ab cd", "bcd", "x1", "zz", "\xc3\xa5sa" };
	static const char *const words[] = { "abc", "ab", "cd", "bcd", "x1", "zz", "xabc", "\xc3\xa5sa",
					     "q", "abcd", "x1x1" };
	static const char *const gaps[] = { " ", "  ", "-", ", ", "\n", "(", "\xc2\xa0" };
	tc_phrases *p = tc_phrases_new(v, TC_ARRAY_LEN(v));
	unsigned seed = 7;

	TU_CHECK(p != NULL, "set built");
	for (int round = 0; p && round < 200; round++) {
		char text[400] = "";
		char want[2048];

		for (int w = 0; w < 20; w++) {
			seed = seed * 1103515245u + 12345u;
			strcat(text, words[(seed >> 16) % TC_ARRAY_LEN(words)]);
			seed = seed * 1103515245u + 12345u;
			strcat(text, gaps[(seed >> 16) % TC_ARRAY_LEN(gaps)]);
		}
		snprintf(want, sizeof(want), "%s", plain(v, TC_ARRAY_LEN(v), text + round % 9));
		TU_CHECK(strcmp(hits(p, text + round % 9), want) == 0, "round %d: '%s': got %s, want %s",
			 round, text + round % 9, got, want);
	}
	tc_phrases_free(p);
}

static void test_new(void)
{
	static const char *const empty[] = { "abc", "" };
	static const char *const punct[] = { "abc", "-x" };
	static const char *const short_ones[] = { "a", "bc", "def" };
	tc_phrases *p;

	TU_CHECK(tc_phrases_new(empty, 2) == NULL, "an empty phrase is refused");
	TU_CHECK(tc_phrases_new(punct, 2) == NULL, "a phrase must start a word");
	p = tc_phrases_new(short_ones, 3);    /* phrases under three bytes: no filter */
	TU_CHECK(p != NULL, "short phrases");
	if (p)
		TU_STR(hits(p, "a bc def abc"), "0:0 2:1 5:2 9:0");
	tc_phrases_free(p);
	p = tc_phrases_new(NULL, 0);
	TU_CHECK(p != NULL, "an empty set");
	if (p)
		TU_STR(hits(p, "anything"), "");
	tc_phrases_free(p);
	TU_CHECK(tc_phrase_word_byte('a') && tc_phrase_word_byte('Z') && tc_phrase_word_byte('7') &&
		 tc_phrase_word_byte(0xC3) && !tc_phrase_word_byte(' ') &&
		 !tc_phrase_word_byte('-') && !tc_phrase_word_byte('\0'), "word bytes");
}

static void test_self_overlaps(void)
{
	TU_INT(tc_phrase_self_overlaps("a-a"), 1);
	TU_INT(tc_phrase_self_overlaps("x y x"), 1);
	TU_INT(tc_phrase_self_overlaps("version"), 0);
	TU_INT(tc_phrase_self_overlaps("effective"), 0);     /* "e" follows a letter */
	TU_INT(tc_phrase_self_overlaps("en vigueur le"), 0);
	TU_INT(tc_phrase_self_overlaps("aa"), 0);
	TU_INT(tc_phrase_self_overlaps(""), 0);
}

int main(void)
{
	test_find();
	test_against_plain();
	test_new();
	test_self_overlaps();
	return TU_END("test_phrases");
}
