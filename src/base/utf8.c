/*
 * utf8: strict UTF-8 decoding and encoding. See include/tiacheck/utf8.h.
 */
#include "tiacheck/utf8.h"

size_t tc_utf8_lead_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if ((c & 0xf0) == 0xe0)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 0;
}

uint32_t tc_utf8_decode(const unsigned char *s, size_t n, size_t *len)
{
	uint32_t c = s[0], cp, min;
	size_t k;

	*len = 1;
	if (c < 0x80)
		return c;
	if ((c & 0xe0) == 0xc0) {
		k = 1; cp = c & 0x1f; min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		k = 2; cp = c & 0x0f; min = 0x800;
	} else if ((c & 0xf8) == 0xf0 && c <= 0xf4) {
		k = 3; cp = c & 0x07; min = 0x10000;
	} else {
		return TC_UTF8_INVALID;
	}
	if (n <= k)
		return TC_UTF8_INVALID;
	for (size_t i = 1; i <= k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return TC_UTF8_INVALID;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return TC_UTF8_INVALID;
	*len = k + 1;
	return cp;
}

size_t tc_utf8_encode(uint32_t cp, char o[4])
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp >= 0xd800 && cp <= 0xdfff)
		return 0;
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	if (cp > 0x10ffff)
		return 0;
	o[0] = (char)(0xf0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

size_t tc_utf8_count(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, count = 0, len;
	while (i < n) {
		if (p[i] < 0x80) {
			i++;
		} else {
			(void)tc_utf8_decode(p + i, n - i, &len);
			i += len;
		}
		count++;
	}
	return count;
}

size_t tc_utf8_start(const char *s, size_t n, size_t i)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t j = i;
	/* A sequence is at most 4 bytes: look back at most 3 continuation bytes. */
	while (j > 0 && i - j < 3 && (p[j] & 0xc0) == 0x80)
		j--;
	size_t len;
	if (j != i && i < n && tc_utf8_decode(p + j, n - j, &len) != TC_UTF8_INVALID && j + len > i)
		return j;
	return i;
}

size_t tc_utf8_cut(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	const unsigned char *p = (const unsigned char *)s;
	size_t j = n;
	while (j > 0 && n - j < 3 && (p[j - 1] & 0xc0) == 0x80)
		j--;
	if (j == 0)
		return n;
	size_t lead = tc_utf8_lead_len(p[j - 1]);
	/* p[j-1] leads a sequence of `lead` bytes; it fits when it ends by n. */
	if (lead > 1 && (j - 1) + lead > n)
		return j - 1;
	return n;
}

int tc_utf8_is_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len;
	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if (tc_utf8_decode(p + i, n - i, &len) == TC_UTF8_INVALID)
			return 0;
		i += len;
	}
	return 1;
}

int tc_utf8_clean(tc_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0, len;
	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if (tc_utf8_decode(p + i, n - i, &len) != TC_UTF8_INVALID) {
			i += len;
			continue;
		}
		if (tc_buf_add(b, s + run, i - run) < 0 || tc_buf_adds(b, "\xef\xbf\xbd") < 0)
			return -1;
		i++;
		run = i;
	}
	return tc_buf_add(b, s + run, n - run);
}
