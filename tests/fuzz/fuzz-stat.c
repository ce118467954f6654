// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-stat.c - /proc/PID/stat: the command name in parentheses is the
 * process's own (any bytes, ')' and blanks too), then the numbers.
 */
#include "internal.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_bytes(data, size);
	unsigned long long ticks;
	unsigned long flags;
	pid_t ppid;
	char state;

	parse_stat_flags(text, size, &flags);
	if (parse_stat_ppid(text, size, &ppid) == 0 && ppid < 0)
		abort();
	parse_stat_start(text, size, &ticks);
	parse_stat_state(text, size, &state);
	free(text);
	return 0;
}
