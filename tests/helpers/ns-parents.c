// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ns-parents FILE - the kernel's word on a pid or user namespace's
 * ancestry, for tests/integration/holders.sh: prints the inode of the
 * namespace FILE names, then of its parent, grandparent and so on
 * (NS_GET_PARENT), one per line, until the kernel says there is no parent
 * or it is out of our view. Exit 1 with a message on stderr when FILE
 * cannot be opened or is not a namespace with parents.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct stat st;
	int fd, up;

	if (argc != 2) {
		fprintf(stderr, "usage: ns-parents FILE\n");
		return 1;
	}
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "ns-parents: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	for (;;) {
		if (fstat(fd, &st) < 0) {
			fprintf(stderr, "ns-parents: fstat: %s\n", strerror(errno));
			return 1;
		}
		printf("%llu\n", (unsigned long long)st.st_ino);
		up = ioctl(fd, NS_GET_PARENT);
		if (up < 0) {
			/* EPERM: the top of our view; EINVAL: not pid/user */
			if (errno == EPERM)
				break;
			fprintf(stderr, "ns-parents: NS_GET_PARENT: %s\n", strerror(errno));
			return 1;
		}
		close(fd);
		fd = up;
	}
	close(fd);
	return 0;
}
