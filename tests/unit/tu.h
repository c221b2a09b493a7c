/*
 * tu: the unit-test harness. Each check counts as one test; a test program ends with
 * TU_END(), which prints "NAME: N passed, N failed" and returns non-zero on failure.
 * Use TU_CHECK for a condition, TU_STR/TU_INT for equality with both values shown.
 */
#ifndef TIACHECK_TU_H
#define TIACHECK_TU_H
#include <stdio.h>
#include <string.h>

static int tu_passed, tu_failed;

#define TU_CHECK(cond, ...)                                                      \
	do {                                                                     \
		if (cond) {                                                      \
			tu_passed++;                                             \
		} else {                                                         \
			tu_failed++;                                             \
			printf("FAIL %s:%d: ", __FILE__, __LINE__);              \
			printf(__VA_ARGS__);                                     \
			printf("\n");                                            \
		}                                                                \
	} while (0)

#define TU_STR(got, want)                                                        \
	do {                                                                     \
		const char *tu_g_ = (got), *tu_w_ = (want);                      \
		TU_CHECK(tu_g_ && tu_w_ && strcmp(tu_g_, tu_w_) == 0,            \
			 "%s\n  got:  %s\n  want: %s", #got, tu_g_ ? tu_g_ : "(null)", \
			 tu_w_ ? tu_w_ : "(null)");                              \
	} while (0)

#define TU_INT(got, want)                                                        \
	do {                                                                     \
		long long tu_g_ = (long long)(got), tu_w_ = (long long)(want);   \
		TU_CHECK(tu_g_ == tu_w_, "%s: got %lld, want %lld", #got, tu_g_, tu_w_); \
	} while (0)

#define TU_END(name)                                                             \
	(printf("%s: %d passed, %d failed\n", (name), tu_passed, tu_failed),    \
	 tu_failed ? 1 : 0)

#endif
