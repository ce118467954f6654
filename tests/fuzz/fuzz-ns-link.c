// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-ns-link.c - the link text of /proc/PID/ns/TYPE ("net:[4026531840]"),
 * also what an nsfs mount's root in mountinfo and nstree's arguments are
 * parsed as; and the PID names of /proc entries.
 */
#include "nsinfo.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *bytes = fuzz_bytes(data, size), *text;
	uint64_t inode;
	int type;
	pid_t pid;

	if (nsinfo_parse_ns_link(bytes, size, &type, &inode) == 0 &&
	    (type < 0 || type >= NSINFO_NTYPES || inode == 0))
		abort();
	free(bytes);
	text = fuzz_text(data, size);
	if (nsinfo_parse_pid(text, &pid) == 0 && pid <= 0)
		abort();
	free(text);
	return 0;
}
