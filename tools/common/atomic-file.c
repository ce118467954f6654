// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * atomic-file.c - replace a file whole (atomic-file.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic-file.h"

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int atomic_write_file(const char *path, const char *buf, size_t len, const char **why)
{
	const char *slash = strrchr(path, '/');
	char *tmp;
	int fd, rc;

	if (!strcmp(path, "-")) {
		*why = "write error";
		return write_all(STDOUT_FILENO, buf, len);
	}
	/* DIR/.NAME.XXXXXX: the same file system, so rename() is atomic */
	*why = "out of memory";
	if (asprintf(&tmp, "%.*s.%s.XXXXXX", slash ? (int)(slash - path + 1) : 0, path,
		     slash ? slash + 1 : path) < 0)
		return -ENOMEM;
	*why = "cannot create";
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		free(tmp);
		return rc;
	}
	*why = "write error";
	rc = write_all(fd, buf, len);
	if (rc == 0 && fchmod(fd, 0644) < 0)
		rc = -errno;
	if (close(fd) < 0 && rc == 0)
		rc = -errno;
	if (rc == 0) {
		*why = "cannot rename";
		if (rename(tmp, path) < 0)
			rc = -errno;
	}
	if (rc < 0)
		unlink(tmp);
	free(tmp);
	return rc;
}
