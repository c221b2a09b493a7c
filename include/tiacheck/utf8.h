/*
 * utf8: the one UTF-8 decoder and encoder of tiacheck. Every module that walks text
 * by character calls these; none decodes UTF-8 by hand. Strict (RFC 3629): overlong
 * forms, surrogates, code points above U+10FFFF and truncated sequences are invalid.
 * Pure functions; nothing allocates except tc_utf8_clean, whose result is appended to
 * the caller's buffer. Fuzzed by tests/fuzz/fuzz_utf8.c.
 */
#ifndef TIACHECK_UTF8_H
#define TIACHECK_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "tiacheck/util.h"

#define TC_UTF8_INVALID UINT32_MAX
#define TC_UTF8_REPLACEMENT 0xFFFDu

/* Decode the sequence at s (n > 0 bytes available). *len gets its length in bytes
 * (1 for an invalid byte). Returns the code point or TC_UTF8_INVALID. */
uint32_t tc_utf8_decode(const unsigned char *s, size_t n, size_t *len);
/* Encode cp (<= U+10FFFF, not a surrogate) into out (4 bytes); returns its length,
 * 0 for a value that cannot be encoded. */
size_t tc_utf8_encode(uint32_t cp, char out[4]);
/* Length of the sequence that a byte starts (1-4), 0 for a continuation or an
 * invalid lead byte. */
size_t tc_utf8_lead_len(unsigned char c);
/* Number of code points in s[0..n) (an invalid byte counts as one). */
size_t tc_utf8_count(const char *s, size_t n);
/* The largest k <= n such that s[0..k) does not end inside a sequence (for cutting
 * text at a byte limit without splitting a character). */
size_t tc_utf8_cut(const char *s, size_t n);
/* Start of the character of s[0..n) that contains byte i < n (i itself when s[i]
 * starts one or is not inside a valid sequence). */
size_t tc_utf8_start(const char *s, size_t n, size_t i);
/* 1 when s[0..n) is valid UTF-8 (no NUL check). */
int tc_utf8_is_valid(const char *s, size_t n);
/* Append s[0..n) to b with every invalid sequence replaced by U+FFFD. 0 ok, -1 when
 * b is full. */
int tc_utf8_clean(tc_buf *b, const char *s, size_t n);

#endif
