// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-idmap.c - /proc/PID/uid_map and gid_map as nsdiff shows them: the
 * owner of a user namespace writes its maps.
 */
#include "nsdiff.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size), *sq = deep_user_squeeze_map(text);

	if (!sq)
		abort();
	/* blanks squeezed: never longer than twice the text */
	if (strlen(sq) > 2 * strlen(text) || strchr(sq, '\n') || strchr(sq, '\t'))
		abort();
	free(sq);
	free(text);
	return 0;
}
