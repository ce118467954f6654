/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * unit.h - the smallest test harness that fits tests/run: each CHECK
 * failure prints "FAIL test: file:line: expr", and TEST_END prints one
 * "PASS test" when a test had none. main() exits 1 if anything failed.
 */
#ifndef NSINFO_UNIT_H
#define NSINFO_UNIT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unit_failed_total;
static int unit_failed_here;
static const char *unit_name = "setup";

#define TEST_BEGIN(name) do { unit_name = (name); unit_failed_here = 0; } while (0)
#define TEST_END()                                              \
	do {                                                    \
		if (!unit_failed_here)                          \
			printf("PASS %s\n", unit_name);         \
		unit_failed_total += unit_failed_here;          \
	} while (0)
#define CHECK(expr)                                                     \
	do {                                                            \
		if (!(expr)) {                                          \
			printf("FAIL %s: %s:%d: %s\n", unit_name,       \
			       __FILE__, __LINE__, #expr);              \
			unit_failed_here++;                             \
		}                                                       \
	} while (0)
#define CHECK_STR(got, want)                                            \
	do {                                                            \
		const char *g_ = (got), *w_ = (want);                   \
		if (!g_ || strcmp(g_, w_) != 0) {                       \
			printf("FAIL %s: %s:%d: got '%s', want '%s'\n", \
			       unit_name, __FILE__, __LINE__,           \
			       g_ ? g_ : "(null)", w_);                 \
			unit_failed_here++;                             \
		}                                                       \
	} while (0)
#define UNIT_EXIT() return unit_failed_total ? 1 : 0

#endif
