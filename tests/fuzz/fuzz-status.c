// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-status.c - /proc/PID/status (the process names its own command,
 * which status shows on its first line): the library's NSpid line, and
 * the Name, CapPrm, CapEff and Uid lines of the tools' denied report.
 */
#include "internal.h"
#include "cli.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_bytes(data, size);
	pid_t pids[NSPID_MAX_LEVELS];
	struct cli_status st = { .have = 0 };
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

	text = fuzz_text(data, size);
	cli_parse_status(text, &st);
	if (!memchr(st.name, '\0', sizeof(st.name)) || st.have > 15)
		abort();
	free(text);
	return 0;
}
