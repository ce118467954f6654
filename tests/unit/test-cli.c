// SPDX-License-Identifier: LGPL-2.1-or-later
/* cli_parse_number: the one parser of numbers on the tools' command lines. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>

#include "cli.h"
#include "unit.h"

/* The result of parsing s with [min, max]; *v only when it is 0. */
static int num(const char *s, uint64_t min, uint64_t max, uint64_t *v)
{
	*v = 12345;
	return cli_parse_number(s, min, max, v);
}

int main(void)
{
	uint64_t v;

	TEST_BEGIN("cli-number-good");
	CHECK(num("0", 0, 10, &v) == 0 && v == 0);
	CHECK(num("7", 0, 10, &v) == 0 && v == 7);
	CHECK(num("10", 0, 10, &v) == 0 && v == 10);
	CHECK(num("4026531833", 1, UINT64_MAX, &v) == 0 && v == 4026531833u);
	CHECK(num("18446744073709551615", 1, UINT64_MAX, &v) == 0 && v == UINT64_MAX);
	CHECK(num("4294967294", 0, 4294967294u, &v) == 0 && v == 4294967294u);
	TEST_END();

	TEST_BEGIN("cli-number-lenient-forms");
	static const char *const bad[] = {
		"", " 5", "5 ", "+5", "-5", "-0", "05", "00", "0x10", "5x", "x5",
		"\t5", "5\n", "1e3", "5.0", "١", "５",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = num(bad[i], 0, UINT64_MAX, &v);

		if (rc != -EINVAL)
			printf("FAIL cli-number-lenient-forms: '%s' gave %d\n", bad[i], rc);
		unit_failed_here += rc != -EINVAL;
		CHECK(v == 12345);
	}
	CHECK(cli_parse_number(NULL, 0, 1, &v) == -EINVAL);
	TEST_END();

	TEST_BEGIN("cli-number-range");
	CHECK(num("0", 1, 10, &v) == -ERANGE && v == 12345);
	CHECK(num("11", 0, 10, &v) == -ERANGE && v == 12345);
	CHECK(num("4", 5, 10, &v) == -ERANGE);
	CHECK(num("4294967295", 0, 4294967294u, &v) == -ERANGE);
	CHECK(num("18446744073709551616", 0, UINT64_MAX, &v) == -ERANGE && v == 12345);
	CHECK(num("99999999999999999999999", 1, UINT64_MAX, &v) == -ERANGE);
	TEST_END();

	UNIT_EXIT();
}
