// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-fd-link.c - an entry of /proc/PID/fd: its name, then (after the
 * first NUL) its link text, as the holders scan reads them (a link of at
 * most 63 bytes: readlinkat() into 64).
 */
#include "internal.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *name = fuzz_text(data, size), *link;
	size_t off = strlen(name) + 1, n;
	uint64_t inode;
	int fd, type;

	if (parse_fd_number(name, &fd) == 0 && fd < 0)
		abort();
	n = off < size ? size - off : 0;
	if (n > 63)
		n = 63;
	link = fuzz_bytes(data + (off < size ? off : size), n);
	switch (parse_fd_link(link, n, &type, &inode)) {
	case FD_LINK_NS:
		if (type < 0 || type >= NSINFO_NTYPES || inode == 0)
			abort();
		break;
	case FD_LINK_SOCKET:
	case FD_LINK_OTHER:
		break;
	default:
		abort();
	}
	free(link);
	free(name);
	return 0;
}
