/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * unit.h - the smallest test harness that fits tests/run: each CHECK
 * failure prints "FAIL test: file:line: expr", and TEST_END prints one
 * "PASS test" when a test had none. A test that ran no CHECK at all
 * fails ("ran no check"): it proved nothing, and a PASS would say it did;
 * one that cannot run here says TEST_SKIP(why) instead. A CHECK outside
 * any test is a defect of the test file (its result belongs to no test,
 * so nobody reads it): UNIT_EXIT fails "setup" with their number and
 * the place of the first.
 * main() exits 1 if anything failed.
 */
#ifndef NSINFO_UNIT_H
#define NSINFO_UNIT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unit_failed_total;
static int unit_failed_here;
static int unit_checks_here;
static int unit_skipped_here;
static const char *unit_name = "setup";
static int unit_in_test;
static int unit_checks_outside;
static const char *unit_outside_file;	/* the first one, to say where */
static int unit_outside_line;
#define UNIT_COUNT()                                                    \
	do {                                                            \
		unit_checks_here++;                                     \
		if (!unit_in_test && !unit_checks_outside++) {          \
			unit_outside_file = __FILE__;                   \
			unit_outside_line = __LINE__;                   \
		}                                                       \
	} while (0)

#define TEST_BEGIN(name)                                        \
	do {                                                    \
		/* a CHECK between two tests failed "setup" */  \
		unit_failed_total += unit_failed_here;          \
		unit_name = (name);                             \
		unit_failed_here = unit_checks_here = 0;        \
		unit_skipped_here = 0;                          \
		unit_in_test = 1;                               \
	} while (0)
#define TEST_END()                                                      \
	do {                                                            \
		if (!unit_failed_here && !unit_checks_here &&           \
		    !unit_skipped_here) {                               \
			printf("FAIL %s: ran no check\n", unit_name);   \
			unit_failed_here++;                             \
		} else if (!unit_failed_here && !unit_skipped_here) {   \
			printf("PASS %s\n", unit_name);                 \
		}                                                       \
		unit_failed_total += unit_failed_here;                  \
		unit_failed_here = 0;                                   \
		unit_name = "setup";                                    \
		unit_in_test = 0;                                       \
	} while (0)
/* The test cannot run here (say why); TEST_END then prints nothing more. */
#define TEST_SKIP(why)                                                  \
	do {                                                            \
		printf("SKIP %s: %s\n", unit_name, (why));              \
		unit_skipped_here = 1;                                  \
	} while (0)
#define CHECK(expr)                                                     \
	do {                                                            \
		UNIT_COUNT();                                           \
		if (!(expr)) {                                          \
			printf("FAIL %s: %s:%d: %s\n", unit_name,       \
			       __FILE__, __LINE__, #expr);              \
			unit_failed_here++;                             \
		}                                                       \
	} while (0)
/* CHECK with its own message: printf's format and arguments, after
 * "FAIL test: ". */
#define CHECKF(expr, ...)                                               \
	do {                                                            \
		UNIT_COUNT();                                           \
		if (!(expr)) {                                          \
			printf("FAIL %s: ", unit_name);                 \
			printf(__VA_ARGS__);                            \
			putchar('\n');                                  \
			unit_failed_here++;                             \
		}                                                       \
	} while (0)
#define CHECK_STR(got, want)                                            \
	do {                                                            \
		const char *g_ = (got), *w_ = (want);                   \
		UNIT_COUNT();                                           \
		if (!g_ || strcmp(g_, w_) != 0) {                       \
			printf("FAIL %s: %s:%d: got '%s', want '%s'\n", \
			       unit_name, __FILE__, __LINE__,           \
			       g_ ? g_ : "(null)", w_);                 \
			unit_failed_here++;                             \
		}                                                       \
	} while (0)
static inline int unit_exit_status(void)
{
	if (unit_checks_outside) {
		printf("FAIL setup: %d check%s ran outside any test, the first at %s:%d\n",
		       unit_checks_outside, unit_checks_outside == 1 ? "" : "s",
		       unit_outside_file, unit_outside_line);
		unit_failed_total++;
	}
	return unit_failed_total + unit_failed_here ? 1 : 0;
}
#define UNIT_EXIT() return unit_exit_status()

#endif
