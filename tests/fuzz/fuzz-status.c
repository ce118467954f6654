// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-status.c - the NSpid line of /proc/PID/status (the process names
 * its own command, which status shows on the line before).
 */
#include "internal.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_bytes(data, size);
	pid_t pids[NSPID_MAX_LEVELS];
	size_t n = 0;

	if (parse_status_nspid(text, size, pids, NSPID_MAX_LEVELS, &n) == 0) {
		if (n == 0 || n > NSPID_MAX_LEVELS)
			abort();
		for (size_t i = 0; i < n; i++)
			if (pids[i] <= 0)
				abort();
	}
	/* a short array: more levels than room is an error, not an overflow */
	parse_status_nspid(text, size, pids, 1, &n);
	free(text);
	return 0;
}
