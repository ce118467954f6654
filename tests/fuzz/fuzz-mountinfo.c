// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-mountinfo.c - /proc/PID/mountinfo, line by line as the holders
 * scan reads it: mount points and sources are whatever the mounting user
 * named them (escaped by the kernel as \NNN, unescaped here in place), and
 * an nsfs mount's root is a namespace link text.
 */
#include "internal.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size), *line, *next;

	for (line = text; line && *line; line = next) {
		struct mountinfo_entry e;
		uint64_t inode;
		int type;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (mountinfo_parse_line(line, &e) < 0)
			continue;
		if (!e.id || !e.root || !e.target || !e.fstype || !e.super_opts)
			abort();
		/* each a C string (the sanitizer sees a read past one) */
		if (strlen(e.id) + strlen(e.root) + strlen(e.target) + strlen(e.fstype) +
			    strlen(e.super_opts) > size)
			abort();
		if (!strcmp(e.fstype, "nsfs"))
			nsinfo_parse_ns_link(e.root, strlen(e.root), &type, &inode);
	}
	free(text);
	return 0;
}
