// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-timens.c - /proc/PID/timens_offsets as nsdiff reads it: whoever
 * made the time namespace wrote the offsets.
 */
#include <errno.h>

#include "nsdiff.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	struct facts f = { .v = NULL };
	int rc = deep_time_parse_offsets(text, &f);

	if (rc != 0 && rc != -EPROTO && rc != -ENOMEM)
		abort();
	facts_free(&f);
	free(text);
	return 0;
}
