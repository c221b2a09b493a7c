/* link: util utf8 */
/* Tests of the one UTF-8 decoder: table of valid and invalid sequences. */
#include <string.h>

#include "tiacheck/utf8.h"
#include "tu.h"

static const struct {
	const char *bytes;
	uint32_t cp;   /* TC_UTF8_INVALID for invalid */
	size_t len;
} cases[] = {
	{ "A", 'A', 1 },
	{ "\xc3\xa5", 0xe5, 2 },                 /* å */
	{ "\xe2\x82\xac", 0x20ac, 3 },           /* € */
	{ "\xf0\x9f\x98\x80", 0x1f600, 4 },
	{ "\xc0\xaf", TC_UTF8_INVALID, 1 },      /* overlong */
	{ "\xe0\x80\xaf", TC_UTF8_INVALID, 1 },  /* overlong */
	{ "\xed\xa0\x80", TC_UTF8_INVALID, 1 },  /* surrogate */
	{ "\xf4\x90\x80\x80", TC_UTF8_INVALID, 1 }, /* > U+10FFFF */
	{ "\xc3", TC_UTF8_INVALID, 1 },          /* truncated */
	{ "\x80", TC_UTF8_INVALID, 1 },          /* lone continuation */
	{ "\xff", TC_UTF8_INVALID, 1 },
};

static void test_decode(void)
{
	for (size_t i = 0; i < TC_ARRAY_LEN(cases); i++) {
		size_t len = 0, n = strlen(cases[i].bytes);
		uint32_t cp = tc_utf8_decode((const unsigned char *)cases[i].bytes, n, &len);
		TU_CHECK(cp == cases[i].cp && len == cases[i].len, "case %zu: cp %x len %zu", i,
			 (unsigned)cp, len);
		TU_CHECK(tc_utf8_is_valid(cases[i].bytes, n) == (cases[i].cp != TC_UTF8_INVALID),
			 "case %zu: validity", i);
	}
}

static void test_helpers(void)
{
	const char *s = "a\xc3\xa5\xe2\x82\xac";   /* a å € : 6 bytes, 3 characters */
	TU_INT(tc_utf8_count(s, 6), 3);
	TU_INT(tc_utf8_cut(s, 6), 6);
	TU_INT(tc_utf8_cut(s, 5), 3);
	TU_INT(tc_utf8_cut(s, 4), 3);
	TU_INT(tc_utf8_cut(s, 2), 1);
	TU_INT(tc_utf8_start(s, 6, 2), 1);
	TU_INT(tc_utf8_start(s, 6, 5), 3);
	TU_INT(tc_utf8_start(s, 6, 0), 0);
	char enc[4];
	TU_INT(tc_utf8_encode(0xd800, enc), 0);
	TU_INT(tc_utf8_encode(0x110000, enc), 0);
	tc_buf b;
	tc_buf_init(&b, 0);
	TU_INT(tc_utf8_clean(&b, "x\xffy", 3), 0);
	TU_STR(tc_buf_str(&b), "x\xef\xbf\xbdy");
	tc_buf_release(&b);
}

int main(void)
{
	test_decode();
	test_helpers();
	return TU_END("test_utf8");
}
