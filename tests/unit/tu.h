/*
 * tu: the unit-test harness. Results count test cases, not assertions: a case is a
 * run of checks inside one test function (or one TU_CASE), and it passes when every
 * check in it passes. A loop over many items is therefore one case, and a failing
 * check prints which item failed. A test program ends with TU_END(), which prints
 * "NAME: N passed, N failed" (cases) and returns non-zero on failure.
 * Use TU_CHECK for a condition, TU_STR/TU_INT for equality with both values shown,
 * TU_CASE("name") to start a named case inside a function (e.g. one per table row
 * that should count on its own).
 */
#ifndef TIACHECK_TU_H
#define TIACHECK_TU_H
#include <stdio.h>
#include <string.h>

static int tu_passed, tu_failed;       /* cases */
static int tu_checks;                  /* assertions, shown for information */
static const char *tu_case_func;       /* the function of the open case */
static const char *tu_case_label;      /* its TU_CASE name, if any */
static int tu_case_open, tu_case_bad;

static void tu_case_close(void)
{
	if (!tu_case_open)
		return;
	if (tu_case_bad)
		tu_failed++;
	else
		tu_passed++;
	tu_case_open = 0;
	tu_case_bad = 0;
}

/* Called by every check. A named case (TU_CASE) holds every check until the next
 * TU_CASE or TU_END; otherwise a check in another function than the open case's
 * starts a new case. */
static inline void tu_case_enter(const char *func)
{
	if (tu_case_open && (tu_case_label || tu_case_func == func))
		return;
	tu_case_close();
	tu_case_open = 1;
	tu_case_func = func;
	tu_case_label = NULL;
}

#define TU_CASE(name)                                                            \
	do {                                                                     \
		tu_case_close();                                                 \
		tu_case_open = 1;                                                \
		tu_case_func = __func__;                                         \
		tu_case_label = (name);                                          \
	} while (0)

#define TU_CHECK(cond, ...)                                                      \
	do {                                                                     \
		tu_case_enter(__func__);                                         \
		tu_checks++;                                                     \
		if (!(cond)) {                                                   \
			tu_case_bad = 1;                                         \
			printf("FAIL %s:%d: %s%s%s: ", __FILE__, __LINE__,       \
			       tu_case_func, tu_case_label ? "/" : "",            \
			       tu_case_label ? tu_case_label : "");               \
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
	(tu_case_close(),                                                        \
	 printf("%s: %d checks in %d cases\n", (name), tu_checks, tu_passed + tu_failed), \
	 printf("%s: %d passed, %d failed\n", (name), tu_passed, tu_failed),    \
	 tu_failed ? 1 : 0)

#endif
